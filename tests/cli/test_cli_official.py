"""`kinerja report` for the official tables of REPORTS.md §C–§F, in every format."""

import json

import pytest

from kinerja.cli import main

TABLES = ["rkpd-review", "usulan", "kinerja-pelayanan", "tujuan-sasaran"]


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize(("agency", "year"), [("dinsos-kukar", 2021), ("dinsospm-tarakan", 2024)])
def test_json_to_stdout(db, capsys, name, agency, year):
    assert main(["report", name, "--agency", agency, "--year", str(year)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["report"], data["agency"], data["year"]) == (name, agency, year)
    numbers = [int(c["number"]) for c in data["columns"]]  # as printed: seed 000 §3.2 skips (5)–(8)
    assert numbers == sorted(set(numbers)) and numbers[0] == 1


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "html"])
def test_other_formats_to_files(db, tmp_path, name, fmt):
    out = tmp_path / f"{name}.{fmt}"
    assert main(["report", name, "--agency", "dinsos-kukar", "--year", "2021", "--format", fmt, "-o", str(out)]) == 0
    data = out.read_bytes()
    if fmt == "xlsx":
        assert data[:2] == b"PK"
    elif fmt == "csv":
        assert data.decode("utf-8").startswith("1 No,")
    else:
        assert "Kabupaten Kutai Kartanegara" in data.decode("utf-8")


def test_the_issue_example_in_json(db, capsys):
    main(["report", "kinerja-pelayanan", "--agency", "dinsos-kukar", "--year", "2021"])
    data = json.loads(capsys.readouterr().out)
    ikk_64 = next(row for row in data["rows"] if row["ikk_code"] == "64")
    assert ikk_64["cells"]["8"] == {"K": "3.25", "pembilang": "21", "penyebut": "646"}
    assert ikk_64["printed"]["8"] == {"K": "1.46%"}


@pytest.mark.parametrize("option", [["--layout", "2"], ["--averaging", "seed"]])
def test_options_of_other_reports_are_refused(db, capsys, option):
    assert main(["report", "usulan", "--agency", "dinsos-kukar", "--year", "2021", *option]) == 2
    assert option[0] in capsys.readouterr().err


def test_year_without_data_lists_what_exists(db, capsys):
    assert main(["report", "rkpd-review", "--agency", "dinsospm-tarakan", "--year", "2022"]) == 2
    assert "Yang ada: 2024" in capsys.readouterr().err
