"""Every official table numbered as the seed prints it (issue 14, finding 4): anyone comparing Kinerja's table with
the printed one finds a figure by its column number.

Each test names the seed line that prints the column numbers, copied here by hand, and checks them in JSON (the
``columns`` and the keys of the cells) and in the XLSX number row under the header. A number printed in
parentheses, ``(9)``, is the number 9: JSON keys, CSV and XLSX carry the digits (the verifier and the importer read
a number row of digits); the column's ``printed`` and the page's number row carry the printed form. Where a seed
prints a number twice (seed 001 Tabel 3: ``(2) (4) (5)`` over both halves) or not at all, the JSON keys stay the
table's own, unique, and ``printed`` says what the seed prints (``""`` for nothing).
"""

import io

import pytest
from openpyxl import load_workbook

from kinerja.reports.kinerja_pelayanan import build_ikk, build_kinerja_pelayanan
from kinerja.reports.official import present, table_json, table_xlsx
from kinerja.reports.rkpd_review import build_rkpd_review
from kinerja.reports.tujuan_sasaran import build_tujuan_sasaran

NUMBER_ROW = 6  # the XLSX row of column numbers, under the two header rows (official.py, rencana_export.py)


def xlsx_numbers(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [str(cell.value) for cell in sheet[NUMBER_ROW] if cell.value is not None]


def json_numbers(data: dict) -> list[str]:
    return [c["number"] for c in data["columns"]]


def numbers_of(data: dict, figures: list[str]) -> list[str]:
    by_figure = {c["figure"]: c["number"] for c in data["columns"]}
    return [by_figure[f] for f in figures]


# -- REPORTS.md §F: seed 000 §3.2 -----------------------------------------------------------------------------------

@pytest.mark.golden
def test_tujuan_sasaran_kukar_2021(kukar):
    """Seed 000 line 830: ``(1) (2) (3) (4) (9) (10)`` under NO, TUJUAN, SASARAN, INDIKATOR KINERJA, 2020, 2021
    (lines 827–828): the years of a six-year Renstra (2016–2021) are (5)–(10), of which the Renja prints two."""
    printed = ["1", "2", "3", "4", "9", "10"]
    table = build_tujuan_sasaran(kukar, 2021)
    data = table_json(table)
    assert json_numbers(data) == printed
    assert numbers_of(data, ["no", "goal", "objective", "indicator", "target_2020", "target_2021"]) == printed
    assert all(list(row["cells"]) == printed for row in data["rows"])
    assert xlsx_numbers(table_xlsx(table)) == printed
    # The parenthesised form, as line 830 prints it, over the columns of the page.
    assert [c["printed"] for c in data["columns"]] == ["(1)", "(2)", "(3)", "(4)", "(9)", "(10)"]


@pytest.mark.golden
def test_tujuan_sasaran_tarakan_2024_by_the_same_form(tarakan):
    """Seed 001 Tabel 5 (lines 747–762) prints no numbers; the form of seed 000 line 830 numbers the target awal
    and each year of the Renstra 2019–2024 (5)–(10)."""
    data = table_json(build_tujuan_sasaran(tarakan, 2024))
    assert json_numbers(data) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    assert [c.get("year") for c in data["columns"][4:]] == [2019, 2020, 2021, 2022, 2023, 2024]


# -- REPORTS.md §E: seed 001 Tabel 2 and seed 000 §2.2 ---------------------------------------------------------------

@pytest.mark.golden
def test_kinerja_pelayanan_tarakan_2024(tarakan):
    """Seed 001 line 423: ``1 … 14`` under No, Indikator, Target IKU/IKK, Target Renstra 2020–2024, Realisasi
    Capaian 2020–2022, Proyeksi 2023–2024, Catatan Analisis (lines 421–422). Kinerja's own columns (the IKK/SPM/IKU
    flags, the capaian) come after them."""
    printed = [str(n) for n in range(1, 15)]
    figures = ["no", "indicator", "target_2019", *(f"target_{y}" for y in range(2020, 2025)),
               *(f"realisasi_{y}" for y in range(2020, 2023)), "proyeksi_2023", "proyeksi_2024", "note"]
    table = build_kinerja_pelayanan(tarakan, 2024)
    data = table_json(table)
    assert json_numbers(data)[:14] == printed
    assert numbers_of(data, figures) == printed
    assert xlsx_numbers(table_xlsx(table))[:14] == printed
    assert [int(n) for n in json_numbers(data)] == list(range(1, len(data["columns"]) + 1))


@pytest.mark.golden
def test_kinerja_pelayanan_kukar_2021(kukar):
    """Seed 000 line 392: ``2 … 12`` under IKK, Indikator Kinerja, Target Renstra 2019–2022, Realisasi Capaian
    2019–2020, Proyeksi 2021–2022, Catatan Analisis (lines 390–391); the row number, printed inside the indicator's
    cell, is Kinerja's column 1."""
    printed = [str(n) for n in range(2, 13)]
    figures = ["label", "indicator", *(f"target_{y}" for y in range(2019, 2023)), "realisasi_2019",
               "realisasi_2020", "proyeksi_2021", "proyeksi_2022", "note"]
    table = build_kinerja_pelayanan(kukar, 2021)
    data = table_json(table)
    assert numbers_of(data, ["no", *figures]) == ["1", *printed]
    assert xlsx_numbers(table_xlsx(table))[:12] == ["1", *printed]


@pytest.mark.golden
def test_ikk_table_kukar_2021(kukar):
    """Seed 000 line 365: ``1 … 9`` under NO, URUSAN, NO., IKK, RUMUS/PERSAMAAN, CAPAIAN KINERJA (6 the pembilang
    over the penyebut, 7 their satuan, 8 the capaian), KETERANGAN (lines 363–364): a table of its own (``ikk``),
    a line for the pembilang and one for the penyebut of each IKK, as printed (lines 366–375)."""
    table = build_ikk(kukar, 2021)
    data = table_json(table)
    printed = [str(n) for n in range(1, 10)]
    assert json_numbers(data) == printed
    assert numbers_of(data, ["urusan_no", "urusan", "ikk_code", "ikk", "formula", "value", "unit", "ratio",
                             "note"]) == printed
    assert xlsx_numbers(table_xlsx(table)) == printed
    rows = data["rows"]
    assert [r["kind"] for r in rows] == ["indikator", "penyebut"] * 5
    assert [(r["cells"]["3"], r["cells"]["6"]["K"], r["cells"]["7"]) for r in rows] == [
        ("62", "28031", "orang"), (None, "28031", "orang"), ("63", "1244", "jiwa"), (None, "1244", "jiwa"),
        ("64", "21", "unit"), (None, "646", "orang"), ("65", "46", "orang"), (None, "48", "orang"),
        ("66", "606", "orang"), (None, "28031", "orang")]
    assert (rows[0]["cells"]["1"], rows[0]["cells"]["2"]) == ("6", "Sosial")  # printed once, over the table
    assert [r["cells"]["8"]["K"] for r in rows[::2]] == ["100.00", "100.00", "3.25", "95.83", "2.16"]
    # IKK 64: printed 1,46 %, the ratio of the stored 21 / 646 is 3,25 % (RULES §7); the only difference.
    assert [(r["cells"]["3"], d["printed"], d["computed"]) for r in rows for d in r.get("differences", [])] == [
        ("64", "1.46%", "3.25")]


# -- REPORTS.md §C: seed 001 Tabel 3 --------------------------------------------------------------------------------

@pytest.mark.golden
def test_rkpd_review_tarakan_2024(tarakan):
    """Seed 001 line 558: ``(1) (2) (3) (4) (5) (2) (4) (5)`` under KODE, Urusan/…/Sub Kegiatan, Rancangan Awal RKPD
    2024 (indikator, target, pagu), Urusan/…/Sub Kegiatan, Analisa Kebutuhan (target, pagu) (lines 556–557); no.,
    lokasi, the analysis's indicator and the keterangan are printed without a number. JSON keys stay unique (a
    column's ``number``); ``printed`` is the number over it, the XLSX number row its digits, the page its form."""
    table = build_rkpd_review(tarakan, 2024)
    data = table_json(table)
    figures = ["code", "name", "indicator", "target", "pagu", "analysis_name", "analysis_target", "analysis_pagu"]
    printed = {c["figure"]: c["printed"] for c in data["columns"]}
    assert [printed[f] for f in figures] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(2)", "(4)", "(5)"]
    assert [f for f, p in printed.items() if p == ""] == [
        "no", "location", "analysis_indicator", "analysis_location", "note"]
    assert len({c["number"] for c in data["columns"]}) == len(data["columns"])
    assert all(list(row["cells"]) == json_numbers(data) for row in data["rows"])
    assert xlsx_numbers(table_xlsx(table)) == ["1", "2", "3", "4", "5", "2", "4", "5"]
    html = present(table)
    assert [c.shown_number for c in html["columns"]] == [
        "", "(1)", "(2)", "(3)", "", "(4)", "(5)", "(2)", "", "", "(4)", "(5)", ""]


@pytest.mark.golden
def test_rkpd_review_kukar_2021_prints_no_numbers_so_keeps_its_own(kukar):
    """Seed 000 §2.4 (lines 546–548) prints no column numbers: the table's own 1–13, nothing recorded as printed."""
    data = table_json(build_rkpd_review(kukar, 2021))
    assert json_numbers(data) == [str(n) for n in range(1, 14)]
    assert all("printed" not in c for c in data["columns"])


# -- REPORTS.md §B: seed 001 Tabel 7 --------------------------------------------------------------------------------

# Tabel 7 (lokasi, target, pagu, sumber dana) is the pendanaan report, numbered 1–10 as printed:
# tests/plantables/test_plan_tables.py::test_tabel_7_columns_as_printed.


@pytest.mark.golden
def test_rkpd_review_tarakan_2024_keeps_the_printed_codes(tarakan):
    """Seed 001 Tabel 3 prints each code in five cells (line 565: ``1 6. 01 2.0 1. 0 6``): kept beside the
    normalised code, as transcribed."""
    rows = {r["key"]: r for r in table_json(build_rkpd_review(tarakan, 2024))["rows"]}
    row = rows["P0601.K201.S0006"]
    assert (row["code"], row["code_printed"]) == ("1.06.01.2.01.0006", "1 | 6. | 01 | 2.0 1. | 0 6")
    assert sum(1 for r in rows.values() if r.get("code_printed")) == 65
