"""Reading tables (TSV, CSV, PDF text, XLSX), recognising columns and formulas, and refusing what is not a
table with the reason."""

import io

import pytest
from openpyxl import Workbook

from kinerja.verify import TableReadError, read_bytes, verify_bytes
from kinerja.verify.recognise import Op, Role, classify, parse_formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12=8+9+10+11", ("12", Op.SUM, ("8", "9", "10", "11"), False)),
        ("13=12/7x100%", ("13", Op.RATIO, ("12", "7"), True)),
        ("14 = 6 + 12", ("14", Op.SUM, ("6", "12"), False)),
        ("15=14/5 x100%", ("15", Op.RATIO, ("14", "5"), True)),
        ("8= (7/6)", ("8", Op.RATIO, ("7", "6"), False)),
        ("10=(5+7+9)", ("10", Op.SUM, ("5", "7", "9"), False)),
        ("11=(10/4)", ("11", Op.RATIO, ("10", "4"), False)),
        ("13 = 12/7 × 100 %", ("13", Op.RATIO, ("12", "7"), True)),
        ("6 = 4 - 5", ("6", Op.DIFF, ("4", "5"), False)),
        ("7 = rata-rata", None),
    ],
)
def test_formulas_as_the_seeds_print_them(text, expected):
    assert parse_formula(text) == expected


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Target Renstra SKPD pada Tahun 2021 (Akhir Periode Renstra SKPD)", Role.TARGET),
        ("Realisasi Capaian Kinerja Renstra SKPD sampai dengan Renja SKPD Tahun 2018", Role.REALISASI),
        ("Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Tahun 2019 (%)", Role.CAPAIAN),
        ("Tingkat Realisasi (%)", Role.CAPAIAN),
        ("Target Kinerja Capaian Program (Renstra SKPD) Tahun 2024", Role.TARGET),
        ("Indikator Kinerja Program (outcome)/ Kegiatan (output)", Role.INDICATOR),
        ("Urusan / Bidang urusan Pemerintah Daerah dan program / kegiatan", Role.NAME),
        ("Sisa Anggaran (Rp)", Role.SISA),
        ("Pagu Indikatif", Role.ANGGARAN),
        ("Realisasi Anggaran", Role.REALISASI_ANGGARAN),
        ("Satuan", Role.SATUAN),
        ("Kode", Role.CODE),
    ],
)
def test_header_labels(label, role):
    assert classify(label) is role


BUDGET = "Program\tPagu (Rp)\tRealisasi (Rp)\tRealisasi (%)\tSisa (Rp)\n" \
         "Program A\t1.000.000\t900.000\t90,00 %\t100.000\n" \
         "Program B\t500.000\t250.000\t50,00 %\t250.000\n" \
         "JUMLAH\t1.500.000\t1.150.000\t76,67 %\t350.000\n"


def test_budget_table_by_role_without_formulas():
    report = verify_bytes(BUDGET.encode(), "anggaran.tsv", "en")
    (table,) = report.tables
    assert sorted((r.target.label, r.op) for r in table.relations) == [
        ("Realisasi (%)", Op.RATIO), ("Sisa (Rp)", Op.DIFF)]
    assert report.findings == []


def test_total_percentage_as_an_unweighted_mean_is_named():
    # (90 + 50) / 2 = 70: the mean of the rows' percentages, not 1.150.000 / 1.500.000.
    report = verify_bytes(BUDGET.replace("76,67 %", "70,00 %").encode(), "anggaran.tsv", "en")
    (finding,) = report.findings
    assert finding.row == "JUMLAH" and finding.expected.quantize(1) == 77
    assert finding.cause.startswith("unweighted average where the rows carry weights")


def test_amount_in_thousands_is_named():
    report = verify_bytes(BUDGET.replace("JUMLAH\t1.500.000", "JUMLAH\t1.500").encode(), "anggaran.tsv", "en")
    (finding,) = report.findings
    assert finding.cause == "a value in the wrong unit (× 1/1.000)"


def test_semicolon_csv_with_indonesian_numbers():
    text = BUDGET.replace("\t", ";").replace(";90,00 %", ';"90,00 %"')
    report = verify_bytes(text.encode(), "anggaran.csv", "en")
    assert report.tables and report.findings == []


def test_utf8_bom_is_read():
    assert verify_bytes(b"\xef\xbb\xbf" + BUDGET.encode(), "anggaran.tsv").findings == []


def _xlsx(rows, formats=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for (r, c), fmt in (formats or {}).items():
        ws.cell(row=r, column=c).number_format = fmt
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_numbers_and_percent_formats():
    rows = [["Program", "Anggaran (Rp)", "Realisasi (Rp)", "Realisasi (%)", "Sisa Anggaran (Rp)"],
            ["Program A", 1000000, 900000, 0.9, 100000],
            ["Program B", 400000, 100000, 25, 300000]]
    # B: a spreadsheet percent (0.9 shown as 90,00 %); C: a number shown with a literal " %"
    data = _xlsx(rows, {(2, 4): "0.00%", (3, 4): '0.00" %"'})
    assert verify_bytes(data, "a.xlsx").findings == []
    wrong = _xlsx([*rows[:2], ["Program B", 400000, 100000, 52, 300000]], {(2, 4): "0.00%", (3, 4): '0.00" %"'})
    (finding,) = verify_bytes(wrong, "a.xlsx", "en").findings
    assert (finding.line, finding.position, finding.expected) == (3, 4, 25)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"\x00\x01\x02binary", "a binary file"),
        ("Target\tRealisasi café\n".encode("latin-1"), "not UTF-8 text (byte 0xe9"),
        ("Target\tRealisasi\n".encode("utf-16"), "UTF-16"),
        (b"Just a sentence of prose, not a table.\n", "not a table"),
        (b"PK\x03\x04broken", "not a readable XLSX workbook"),
    ],
)
def test_unreadable_files_say_why(data, reason):
    with pytest.raises(TableReadError) as error:
        read_bytes(data, "berkas.txt")
    assert reason in error.value.reason
    assert str(error.value).startswith("berkas.txt: ")


def test_a_table_without_figure_headers_is_not_checkable():
    with pytest.raises(TableReadError, match="not a table Kinerja can check"):
        verify_bytes(b"Nama\tAlamat\nBudi\tTenggarong\nSiti\tSamarinda\n", "alamat.tsv")


def test_the_verifier_is_pure_python():
    """kinerja.verify imports no Django: it can run anywhere the engine runs."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, kinerja.verify, kinerja.verify.output; "
            "kinerja.verify.verify_path(sys.argv[1]); "
            "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'")
    fixture = Path(__file__).resolve().parent / "fixtures" / "seed000_renja2019_evaluasi.txt"
    done = subprocess.run([sys.executable, "-c", code, str(fixture)], capture_output=True, text=True, timeout=60,
                          check=False, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
