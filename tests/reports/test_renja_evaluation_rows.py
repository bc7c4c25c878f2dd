"""Which rows the Renja evaluation shows: every row with a value in any column of its layout (issue 14, item 1).

Seed 001 Tabel 1 (Tarakan, evaluation of 2022) prints 52 rows, among them rows without a 2022 target (program
1.06.02 Pemberdayaan Sosial, Sandang, Kedaruratan, Rujukan): they carry the Renstra target, the realisation s/d 2021
or the 2023 target. A row with nothing in any column is left out, and the table says how many and why.
"""

import csv
import io
import json
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook

from kinerja.engine import AveragePolicy
from kinerja.plan.models import Agency
from kinerja.reports.evaluation_export import evaluation_csv, evaluation_json
from kinerja.reports.evaluation_html import present
from kinerja.reports.evaluation_sheet import evaluation_xlsx
from kinerja.reports.renja_evaluation import build_evaluation

pytestmark = pytest.mark.golden
AVERAGES = Path(__file__).parent / "golden" / "renja-evaluasi-averages.json"

# Seed 001 lines 201–273, Tabel 1, top to bottom, one code per printed row. Codes as RULES §10 stores them: the
# printed two-digit sub kegiatan ("1.06.01.2.02.01") written with four digits; three printed codes are wrong and
# are stored corrected (the report lists each as a difference): "1.06.01.2.06" printed on PROGRAM PENANGANAN
# BENCANA (1.06.06), "2.013.04" (2.13.04), "2.13.04.2.01.0" (2.13.04.2.01), "2.013.05" (2.13.05).
SEED_001_TABEL_1 = [
    "1.06.01",
    "1.06.01.2.02", "1.06.01.2.02.0001", "1.06.01.2.02.0002",
    "1.06.01.2.06", "1.06.01.2.06.0001", "1.06.01.2.06.0004", "1.06.01.2.06.0005", "1.06.01.2.06.0009",
    "1.06.01.2.07", "1.06.01.2.07.0006",
    "1.06.01.2.08", "1.06.01.2.08.0001", "1.06.01.2.08.0002",
    "1.06.01.2.09", "1.06.01.2.09.0001", "1.06.01.2.09.0002", "1.06.01.2.09.0006",
    "1.06.02",
    "1.06.02.2.03", "1.06.02.2.03.0001",
    "1.06.04",
    "1.06.04.2.01", "1.06.04.2.01.0001", "1.06.04.2.01.0002", "1.06.04.2.01.0003", "1.06.04.2.01.0004",
    "1.06.04.2.01.0005", "1.06.04.2.01.0010", "1.06.04.2.01.0012",
    "1.06.04.2.02", "1.06.04.2.02.0001",
    "1.06.05",
    "1.06.05.2.02", "1.06.05.2.02.0001", "1.06.05.2.02.0003", "1.06.05.2.02.0004",
    "1.06.06",
    "1.06.06.2.01", "1.06.06.2.01.0001",
    "1.06.07",
    "1.06.07.2.01", "1.06.07.2.01.0002",
    "2.13.04",
    "2.13.04.2.01", "2.13.04.2.01.0018",
    "2.13.05",
    "2.13.05.2.01", "2.13.05.2.01.0003", "2.13.05.2.01.0004", "2.13.05.2.01.0006", "2.13.05.2.01.0009",
]

# Printed without a 2022 target: left out before issue 14.
WITHOUT_2022_TARGET = {
    "1.06.01.2.07.0006": "Pengadaan Peralatan dan Mesin Lainnya",
    "1.06.02": "PROGRAM PEMBERDAYAAN SOSIAL",
    "1.06.02.2.03": "Pengembangan potensi Sumber Kesejahteraan sosial daerah kabupaten/kota",
    "1.06.02.2.03.0001": "Peningkatan Kemampuan Potensi Pekerja Sosial Masyarakat Kewenangan Kabupaten/Kota",
    "1.06.04.2.01.0002": "Penyediaan Sandang",
    "1.06.04.2.01.0010": "Pemberian Layanan Kedaruratan",
    "1.06.04.2.01.0012": "Pemberian Layanan Rujukan",
}


@pytest.fixture
def tarakan_2022(tarakan):
    return evaluation_json(build_evaluation(tarakan, 2022))


def test_seed_001_tabel_1_has_52_rows(tarakan_2022):
    assert len(SEED_001_TABEL_1) == 52
    assert len(tarakan_2022["rows"]) == 52


def test_seed_001_tabel_1_rows_in_printed_order(tarakan_2022):
    assert [row["code"] for row in tarakan_2022["rows"]] == SEED_001_TABEL_1


@pytest.mark.parametrize(("code", "name"), WITHOUT_2022_TARGET.items())
def test_rows_without_a_2022_target_are_shown(tarakan_2022, code, name):
    row = next(r for r in tarakan_2022["rows"] if r["code"] == code)
    assert row["name"] == name
    assert row["cells"]["6"] == {"K": None}
    assert row["cells"]["8"] == {"K": None}


@pytest.mark.parametrize(
    ("code", "column", "value"),
    [
        ("1.06.02", "4", "100"),  # printed 100%
        ("1.06.02", "9", "100"),
        ("1.06.02.2.03.0001", "9", "35"),  # 35 Orang
        ("1.06.04.2.01.0002", "9", "200"),  # Sandang: 200 Orang, its only value
        ("1.06.04.2.01.0010", "4", "30"),  # Kedaruratan: 30 layanan
        ("1.06.04.2.01.0012", "9", "7"),  # Rujukan: 7 Orang
        ("1.06.01.2.07.0006", "5", "10"),  # 10 Unit s/d 2021
        ("1.06.01.2.07.0006", "9", "8"),
    ],
)
def test_rows_without_a_2022_target_carry_their_stored_values(tarakan_2022, code, column, value):
    row = next(r for r in tarakan_2022["rows"] if r["code"] == code)
    assert row["cells"][column] == {"K": value}


def test_rows_without_a_2022_target_leave_the_averages_alone(tarakan_2022):
    """RULES §4: a row with no target in the year has no capaian and is excluded from the averages. The figures
    are those of the table before these rows were shown; program 1.06.02, not in the 2022 Renja, has none."""
    averages = {r["code"]: r["average"]["K"] for r in tarakan_2022["rows"] if "average" in r}
    assert averages == {"1.06.01": "97.29", "1.06.04": "94.09", "1.06.05": "94.27",
                        "1.06.06": "100.00", "1.06.07": "100.00", "2.13.04": "100.00", "2.13.05": "96.55"}
    assert tarakan_2022["average"] == {"K": "97.46"}
    assert tarakan_2022["predikat"] == {"K": "Sangat Tinggi"}


@pytest.mark.parametrize("layout", [1, 2])
@pytest.mark.parametrize("policy", list(AveragePolicy))
@pytest.mark.parametrize(("slug", "year"), [("dinsospm-tarakan", 2022), ("dinsos-kukar", 2019)])
def test_shown_rows_do_not_change_any_average(db, slug, year, layout, policy):
    """Under either averaging, a row shown only for its Renstra or next-year values is no leaf of the year's
    Renja: every average is the one the table had before such rows were shown (recorded in the golden file), and
    a program shown for the first time has none."""
    recorded = json.loads(AVERAGES.read_text(encoding="utf-8"))[f"{slug} {year} layout {layout} {policy.value}"]
    data = evaluation_json(build_evaluation(Agency.objects.get(slug=slug), year, layout=layout, policy=policy))
    averages = {r["key"]: r["average"] for r in data["rows"] if "average" in r}
    assert data["average"] == recorded["table"]
    assert {key: averages[key] for key in recorded["programs"]} == recorded["programs"]
    assert set(averages) == set(recorded["programs"])


@pytest.fixture
def tarakan_layout_1(tarakan):
    """Layout 1 (program and kegiatan, K and Rp) of Tarakan 2022: it has no column for next year's target, so the
    kegiatan first planned for 2024 (in the same Renstra) have nothing in it."""
    return build_evaluation(tarakan, 2022, layout=1)


def test_layout_1_shows_the_kegiatan_without_a_2022_target(tarakan_layout_1):
    codes = [row.element.code for row in tarakan_layout_1.rows]
    assert codes[codes.index("1.06.01.2.09") + 1:codes.index("1.06.04")] == ["1.06.02", "1.06.02.2.03"]


def test_layout_1_leaves_out_the_kegiatan_planned_only_for_2024(tarakan_layout_1):
    assert tarakan_layout_1.omitted.codes == ["1.06.01.2.01", "1.06.02.2.02"]
    assert tarakan_layout_1.omitted.reason == "tidak ada nilai pada satu pun kolom tabel ini (kolom 5–15)"


def test_layout_2_leaves_out_only_elements_the_seed_does_not_print(tarakan_2022):
    omitted = tarakan_2022["omitted"]
    assert omitted["count"] == len(omitted["codes"]) == 6
    assert not set(omitted["codes"]) & set(SEED_001_TABEL_1)
    assert omitted["reason"] == "tidak ada nilai pada satu pun kolom tabel ini (kolom 4–11)"


def test_json_says_how_many_rows_were_left_out_and_why(tarakan_layout_1):
    assert evaluation_json(tarakan_layout_1)["omitted"] == {
        "count": 2, "reason": "tidak ada nilai pada satu pun kolom tabel ini (kolom 5–15)",
        "codes": ["1.06.01.2.01", "1.06.02.2.02"]}


def test_note_under_the_html_table_and_above_the_xlsx_header(tarakan_layout_1):
    note = "2 baris tidak ditampilkan: tidak ada nilai pada satu pun kolom tabel ini (kolom 5–15)."
    assert present(tarakan_layout_1)["omitted_note"] == note
    ws = load_workbook(io.BytesIO(evaluation_xlsx(tarakan_layout_1))).active
    assert ws.cell(row=3, column=1).value == note
    assert ws.print_title_rows == "$4:$6"  # the header still starts on row 4


def test_csv_stays_the_bare_table(tarakan_layout_1):
    """The CSV imports back (kinerja import) and is verified (kinerja verify) line by line: no note in it."""
    lines = list(csv.reader(io.StringIO(evaluation_csv(tarakan_layout_1).decode("utf-8"))))
    assert all(len(line) == len(lines[0]) for line in lines)
    assert lines[-1][3] == "Predikat kinerja"


def test_note_is_translated(tarakan_layout_1):
    with translation.override("en"):
        note = present(tarakan_layout_1)["omitted_note"]
        reason = evaluation_json(tarakan_layout_1)["omitted"]["reason"]
    assert note == "2 rows left out: no value in any column of this table (columns 5–15)."
    assert reason == "no value in any column of this table (columns 5–15)"


def test_no_note_when_no_row_is_left_out(tarakan_layout_1):
    tarakan_layout_1.omitted.codes.clear()
    assert present(tarakan_layout_1)["omitted_note"] == ""
    assert evaluation_json(tarakan_layout_1)["omitted"]["count"] == 0
    ws = load_workbook(io.BytesIO(evaluation_xlsx(tarakan_layout_1))).active
    assert ws.cell(row=3, column=1).value is None


def test_an_element_moved_to_a_later_one_gives_way_to_it(kukar):
    """Operasional Puskesmas Kelurahan moved to another program in 2021 (a new element that the 2019 one maps to):
    the 2021 evaluation has one row for it, not the old element beside the new."""
    rows = build_evaluation(kukar, 2021, layout=2).rows
    assert [r.element.key for r in rows if r.element.code == "0106.30.010"] == ["P06.K03@2021"]
