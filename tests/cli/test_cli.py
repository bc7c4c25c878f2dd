"""The kinerja command, run in-process: every verb has --help, and bad input gives a clear error."""

import json
import os
import subprocess
import sys

import pytest

from kinerja.cli import build_parser, main


@pytest.mark.parametrize("verb", ["demo", "serve", "report", "manage"])
def test_every_verb_has_help(verb, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([verb, "--help"])
    assert exit_.value.code == 0
    assert "usage: kinerja" in capsys.readouterr().out


def test_report_json_to_stdout(db, capsys):
    assert main(["report", "renja-evaluasi", "--agency", "dinsos-kukar", "--year", "2019"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["agency"] == "dinsos-kukar" and data["year"] == 2019 and data["layout"] == 1


def test_report_xlsx_and_html_to_files(db, tmp_path):
    xlsx, html = tmp_path / "e.xlsx", tmp_path / "e.html"
    assert main(["report", "renja-evaluasi", "--agency", "dinsospm-tarakan", "--year", "2022", "--format", "xlsx",
                 "-o", str(xlsx)]) == 0
    assert xlsx.read_bytes()[:2] == b"PK"
    assert main(["report", "renja-evaluasi", "--agency", "dinsospm-tarakan", "--year", "2022", "--format", "html",
                 "-o", str(html)]) == 0
    assert "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH" in html.read_text(encoding="utf-8")


def test_seed_averaging_option_is_reported(db, capsys):
    main(["report", "renja-evaluasi", "--agency", "dinsos-kukar", "--year", "2019", "--averaging", "seed"])
    assert json.loads(capsys.readouterr().out)["averaging"]["policy"] == "untargeted-as-zero"


def test_unknown_agency_lists_the_known_ones(db, capsys):
    assert main(["report", "renja-evaluasi", "--agency", "dinsos-bogus", "--year", "2019"]) == 2
    err = capsys.readouterr().err
    assert "dinsos-bogus" in err and "dinsos-kukar" in err and "dinsospm-tarakan" in err


def test_year_outside_every_renstra_is_refused(db, capsys):
    assert main(["report", "renja-evaluasi", "--agency", "dinsos-kukar", "--year", "2030"]) == 2
    assert "2016–2021" in capsys.readouterr().err


def test_year_without_a_renja_is_refused(db, capsys):
    assert main(["report", "renja-evaluasi", "--agency", "dinsos-kukar", "--year", "2017"]) == 2
    assert "Renja 2017" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "renja-bogus", "--agency", "dinsos-kukar", "--year", "2019"],
        ["report", "renja-evaluasi", "--agency", "dinsos-kukar", "--year", "dua ribu"],
        ["report", "renja-evaluasi", "--agency", "dinsos-kukar", "--year", "2019", "--format", "odt"],
        ["report", "renja-evaluasi", "--year", "2019"],
    ],
)
def test_malformed_arguments_exit_2_with_a_message(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_unknown_report_name_lists_what_exists(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "bogus", "--agency", "x", "--year", "2019"])
    assert "renja-evaluasi" in capsys.readouterr().err


def test_english_output_on_request(db, capsys):
    main(["report", "renja-evaluasi", "--agency", "dinsospm-tarakan", "--year", "2022", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    labels = {c["number"]: c["label"] for c in data["columns"]}
    assert labels["8"] == "Realisation rate (8 = 7/6) %"
    salary = next(r for r in data["rows"] if r["code"] == "1.06.01.2.02.0001")
    assert salary["undefined"]["11"]["K"] == "different units: the values cannot be compared or added"
    assert salary["differences"][0]["cause"].startswith("level values (percentages/indices) summed across years")



def test_database_without_tables_gives_a_hint(tmp_path):
    """Run as a user would, in a process of its own, against an empty SQLite file."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "KINERJA_DEV": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "kinerja.cli", "report", "renja-evaluasi", "--agency", "dinsos-kukar", "--year", "2019"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 2
    assert "kinerja demo" in result.stderr
    assert "Traceback" not in result.stderr
