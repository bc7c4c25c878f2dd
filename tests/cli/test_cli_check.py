"""`kinerja check`: exit 0 without findings, 1 with findings, 2 for an unknown agency or year (naming what exists)."""

import json

import pytest

from kinerja.cli import main


def test_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--help"])
    assert exit_.value.code == 0
    assert "usage: kinerja check" in capsys.readouterr().out


def test_no_finding_exits_0(db, capsys):
    assert main(["check", "--agency", "dinsos-kukar", "--year", "2019"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Tingkat konsistensi Renstra dan Renja 2019: 54 dari 54 kegiatan Renja ada di Renstra = 100,00 %",
        "Tidak ada temuan."]


def test_findings_exit_1_one_line_each(db, capsys):
    assert main(["check", "--agency", "dinsospm-tarakan", "--year", "2024"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 13 + 2
    assert "= 86,67 %" in lines[-2]
    assert lines[-1].startswith("13 temuan: 2 not-in-renstra, 8 missing-target")


def test_json(db, capsys):
    assert main(["check", "--agency", "dinsos-kukar", "--year", "2021", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["agency"] == "dinsos-kukar" and data["year"] == 2021 and 2019 in data["years"]
    assert data["konsistensi"] == [{"year": 2021, "consistent": 51, "total": 76, "percent": "67.11"}]
    assert data["counts"]["not-in-renstra"] == 26 and len(data["findings"]) == sum(data["counts"].values())


def test_without_a_year_every_renja_year(db, capsys):
    assert main(["check", "--agency", "dinsos-kukar", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["year"] is None and [k["year"] for k in data["konsistensi"]] == data["years"]
    assert {"year": 2019, "consistent": 54, "total": 54, "percent": "100.00"} in data["konsistensi"]


def test_unknown_agency_lists_the_agencies(db, capsys):
    assert main(["check", "--agency", "dinsos-entah"]) == 2
    assert "Yang ada: dinsos-kukar, dinsospm-tarakan" in capsys.readouterr().err


def test_year_without_a_renja_lists_the_renja_years(db, capsys):
    assert main(["check", "--agency", "dinsos-kukar", "--year", "2020"]) == 2
    err = capsys.readouterr().err
    assert "Belum ada Renja 2020 untuk dinsos-kukar. Tahun Renja yang ada: 2019, " in err and "2021" in err


def test_malformed_year_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--agency", "dinsos-kukar", "--year", "dua ribu"])
    assert exit_.value.code == 2
