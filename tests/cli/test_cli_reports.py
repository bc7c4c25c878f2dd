"""`kinerja report` for every report in the catalog: renja-rencana in each format, CSV for the evaluation."""

import csv
import io
import json

import pytest

from kinerja import cli
from kinerja.cli import main


def test_cli_knows_every_report_and_format_of_the_catalog(db):
    from kinerja.reports.catalog import REPORTS

    assert set(cli.REPORTS) == set(REPORTS)
    for report in REPORTS.values():
        assert set(report.outputs) == set(cli.FORMATS), report.name


def test_rencana_json_to_stdout(db, capsys):
    assert main(["report", "renja-rencana", "--agency", "dinsos-kukar", "--year", "2021"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["report"], data["agency"], data["year"], data["layout"]) == ("renja-rencana", "dinsos-kukar", 2021, 1)
    assert data["total"]["7"] == {"Rp": "12689140660.00"}


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "html"])
def test_rencana_other_formats_to_files(db, tmp_path, fmt):
    out = tmp_path / f"rencana.{fmt}"
    assert main(["report", "renja-rencana", "--agency", "dinsospm-tarakan", "--year", "2024", "--format", fmt,
                 "-o", str(out)]) == 0
    data = out.read_bytes()
    if fmt == "xlsx":
        assert data[:2] == b"PK"
    elif fmt == "csv":
        assert data.decode("utf-8").startswith("1 Kode – Program,2 Kode – Kegiatan,3 Kode – Sub kegiatan,")
    else:
        html = data.decode("utf-8")
        assert "Rencana program dan kegiatan tahun 2024 dan prakiraan maju tahun 2025" in html
        assert "6.736.773.965" in html and "3.435.721.000" in html


def test_rencana_layout_option(db, capsys):
    main(["report", "renja-rencana", "--agency", "dinsospm-tarakan", "--year", "2024", "--layout", "1"])
    assert json.loads(capsys.readouterr().out)["layout"] == 1


def test_averaging_is_refused_for_the_plan(db, capsys):
    assert main(["report", "renja-rencana", "--agency", "dinsos-kukar", "--year", "2021", "--averaging", "seed"]) == 2
    assert "--averaging" in capsys.readouterr().err


def test_rencana_year_without_a_renja_is_refused(db, capsys):
    assert main(["report", "renja-rencana", "--agency", "dinsos-kukar", "--year", "2020"]) == 2
    assert "Renja 2020" in capsys.readouterr().err


def test_evaluation_csv(db, capsys):
    assert main(["report", "renja-evaluasi", "--agency", "dinsos-kukar", "--year", "2019", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert rows[0][:4] == ["1 No", "2 Sasaran", "3 Program/Kegiatan", "4 Indikator kinerja (satuan)"]
    assert rows[0][4:6] == ["5 Target Renstra pada tahun 2021 (akhir periode) (K)",
                            "5 Target Renstra pada tahun 2021 (akhir periode) (Rp)"]
    worked = next(r for r in rows if r[2] == "Penyediaan jasa surat menyurat")
    capaian_renstra = "15 Tingkat capaian Renstra s/d tahun 2019 (15 = 14/5 × 100 %)"
    assert worked[rows[0].index(f"{capaian_renstra} (K)")] == "60.00"  # REPORTS.md §A worked row
    assert worked[rows[0].index(f"{capaian_renstra} (Rp)")] == "25.43"
    assert rows[-2][3] == "Rata-rata capaian program" and rows[-1][3] == "Predikat kinerja"
    assert all(len(r) == len(rows[0]) for r in rows)


def test_rencana_in_english_on_request(db, capsys):
    main(["report", "renja-rencana", "--agency", "dinsos-kukar", "--year", "2021", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    columns = {c["number"]: c for c in data["columns"]}
    assert (columns["7"]["group"], columns["7"]["label"]) == ("Plan for 2021", "Funding need/indicative ceiling (Rp)")
    assert columns["9"]["group"] == "Forward estimate for 2022"
    assert not any(r.get("differences") for r in data["rows"])  # every printed program pagu follows


def test_rencana_differences_in_english(db, capsys):
    main(["report", "renja-rencana", "--agency", "dinsospm-tarakan", "--year", "2024", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    salary = next(r for r in data["rows"] if r["key"] == "P0601.K202.S0001")
    assert salary["differences"] == [{"column": "1", "measure": None, "printed": "01 | 2.02.",
                                      "computed": "1.06.01.2.02.0001",
                                      "cause": "printed code is incomplete"}]
