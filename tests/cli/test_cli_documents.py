"""`kinerja report pk|iku|lkjip`: the accountability documents from the command line."""

import json

from kinerja.cli import main


def test_lkjip_json_to_stdout(db, capsys):
    assert main(["report", "lkjip", "--agency", "dinsos-kukar", "--year", "2023"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["report"], data["year"]) == ("lkjip", 2023)
    total = next(r for r in next(p for p in data["parts"] if p["key"] == "3.12")["rows"] if r["kind"] == "total")
    assert total["cells"]["4"] == "49049882101.00"


def test_lkjip_seed_averaging(db, capsys):
    assert main(["report", "lkjip", "--agency", "dinsos-kukar", "--year", "2023", "--averaging", "seed"]) == 0
    data = json.loads(capsys.readouterr().out)
    average = next(r for r in next(p for p in data["parts"] if p["key"] == "3.2")["rows"] if r["kind"] == "average")
    assert average["cells"]["6"] == "83.36"


def test_pk_layout_2_and_iku_to_files(db, tmp_path):
    out = tmp_path / "pk.csv"
    assert main(["report", "pk", "--agency", "dinsos-kukar", "--year", "2023", "--layout", "2", "--format", "csv",
                 "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("Tabel 2.5,")
    out = tmp_path / "iku.xlsx"
    assert main(["report", "iku", "--agency", "dinsos-kukar", "--year", "2021", "--format", "xlsx",
                 "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_no_pk_is_a_clear_error(db, capsys):
    assert main(["report", "lkjip", "--agency", "dinsos-kukar", "--year", "2019"]) == 2
    assert "Belum ada Perjanjian Kinerja 2019" in capsys.readouterr().err
