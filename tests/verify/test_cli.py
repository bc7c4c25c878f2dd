"""`kinerja verify FILE`: exit 0 without findings, 1 with findings, 2 when the file cannot be read (naming it);
text, JSON and XLSX output; no database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja.cli import main

from .conftest import FIXTURES
from .test_reading import BUDGET

SEED_001 = str(FIXTURES / "seed001_tabel1.txt")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def consistent(tmp_path):
    path = tmp_path / "anggaran.tsv"
    path.write_text(BUDGET, encoding="utf-8")
    return str(path)


def test_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["verify", "--help"])
    assert exit_.value.code == 0
    assert "usage: kinerja verify" in capsys.readouterr().out


def test_no_finding_exits_0(consistent, capsys):
    # No `db` fixture: pytest-django refuses any database access, so this also shows the verb needs none.
    assert main(["verify", consistent]) == 0
    assert capsys.readouterr().out.strip() == "Tidak ada temuan di 1 tabel (3 baris diperiksa)."


def test_findings_exit_1_one_line_each_then_a_count(capsys):
    assert main(["verify", SEED_001, "--lang", "en"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "82 findings in 1 tables (52 rows checked)."
    assert len(lines) == 83
    assert lines[0].startswith(f"{SEED_001}:8:10: 1.06.01 PROGRAM PENUNJANG")
    assert 'printed "286,22", expected 100' in lines[0] and "percentages added across years" in lines[0]


def test_json_is_a_list_of_findings(capsys):
    assert main(["verify", SEED_001, "--format", "json", "--lang", "en"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert isinstance(findings, list) and len(findings) == 82
    assert all({"row", "column", "printed", "expected", "rule", "cause"} <= set(f) for f in findings)
    gaji = next(f for f in findings if f["printed"] == "363")
    assert gaji["row"]["line"] == 10 and gaji["row"]["label"].endswith("Penyediaan Gaji dan Tunjangan ASN")
    assert gaji["column"]["number"] == "10" and gaji["expected"] is None
    assert gaji["cause"].startswith("units mixed (Orang, Orang/bulan)")
    first = findings[0]
    assert first["expected"] == "100" and first["rule"].startswith("10 = 5 + 7 + 9 (SUM for flows")


def test_json_without_findings_is_an_empty_list(consistent, capsys):
    assert main(["verify", consistent, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_xlsx_highlights_each_finding_cell(tmp_path):
    out = tmp_path / "temuan.xlsx"
    assert main(["verify", str(FIXTURES / "seed003_tabel3_12.txt"), "--format", "xlsx", "-o", str(out)]) == 1
    workbook = load_workbook(out)
    table, listing = workbook.worksheets
    total = table.cell(row=70, column=2)
    assert total.value == "49.049.881.101,00"
    assert total.fill.fgColor.rgb.endswith("F8CBAD")
    assert "49.049.882.101" in total.comment.text and "total = jumlah baris di atasnya (7 baris)" in total.comment.text
    assert table.cell(row=70, column=3).comment is None  # the realisasi total is right
    assert listing.max_row == 1 + 3  # the 14 separator typos are notes, not findings


def test_xlsx_is_not_written_to_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["verify", SEED_001, "--format", "xlsx"]) == 2
    assert "--output" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "berkas kosong"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "berkas biner"),
        ("No\tIndikator\tTarget\tRealisasi\n1\tJumlah lansia\t10\t9\n".encode("cp1252") + b"\x93\n",
         "bukan teks UTF-8 (bita 0x93"),
    ],
)
def test_unreadable_file_exits_2_naming_it(tmp_path, capsys, content, reason):
    path = tmp_path / "tabel.txt"
    path.write_bytes(content)
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kinerja verify: {path}: ") and reason in err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "tidak-ada.txt")]) == 2
    assert "tidak-ada.txt: berkas tidak ditemukan" in capsys.readouterr().err


def test_unreadable_file_is_explained_in_english_on_request(tmp_path, capsys):
    path = tmp_path / "kosong.txt"
    path.write_bytes(b"")
    assert main(["verify", str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == f"kinerja verify: {path}: the file is empty"


def test_runs_without_a_database():
    """As a separate process with a database URL nothing listens on: verify never connects."""
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/no_such_database"}
    done = subprocess.run([sys.executable, "-m", "kinerja.cli", "verify", SEED_001, "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert len(json.loads(done.stdout)) == 82


def test_a_file_too_large_for_a_table_is_refused_unread(tmp_path, monkeypatch, capsys):
    from kinerja.cli import main
    from kinerja.verify import reading

    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1024)
    big = tmp_path / "besar.txt"
    big.write_bytes(b"a\tb\n" * 1024)
    assert main(["verify", str(big)]) == 2
    assert "lebih dari batas" in capsys.readouterr().err


def test_the_separator_notes_follow_the_findings_in_the_text_output(capsys):
    from kinerja.cli import main

    assert main(["verify", str(FIXTURES / "seed003_tabel3_12.txt")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "14 catatan: angka dengan tanda pemisah salah yang dikonfirmasi tabel (bukan temuan)."
    assert sum("19,639,237,601,00" in line for line in out) == 1
