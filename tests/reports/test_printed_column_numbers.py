"""Every official table numbered as the seed prints it (issue 14, finding 4): anyone comparing Kinerja's table with
the printed one finds a figure by its column number.

Each test names the seed line that prints the column numbers, copied here by hand, and checks them in JSON (the
``columns`` and the keys of the cells) and in the XLSX number row under the header. A number printed in
parentheses, ``(9)``, is the number 9: JSON keys, CSV and XLSX carry the digits (the verifier and the importer read
a number row of digits).
"""

import io

import pytest
from openpyxl import load_workbook

from kinerja.reports.kinerja_pelayanan import build_kinerja_pelayanan
from kinerja.reports.official import table_json, table_xlsx
from kinerja.reports.rencana_export import rencana_json, rencana_xlsx
from kinerja.reports.renja_rencana import build_rencana
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
@pytest.mark.xfail(strict=True, reason="the IKK table is a second printed table inside kinerja-pelayanan, numbered "
                                       "after the service table (13–16); numbering it 1–9 needs a table of its own")
def test_ikk_table_kukar_2021(kukar):
    """Seed 000 line 365: ``1 … 9`` under NO, URUSAN, NO., IKK, RUMUS/PERSAMAAN, CAPAIAN KINERJA (6 the pembilang
    over the penyebut, 7 their satuan, 8 the capaian), KETERANGAN (lines 363–364)."""
    data = table_json(build_kinerja_pelayanan(kukar, 2021))
    assert numbers_of(data, ["formula", "numerator", "ratio"]) == ["5", "6", "8"]


# -- REPORTS.md §C: seed 001 Tabel 3 --------------------------------------------------------------------------------

@pytest.mark.golden
@pytest.mark.xfail(strict=True, reason="Tabel 3 prints (2), (4), (5) on both halves and numbers neither no., "
                                       "lokasi nor catatan: JSON cannot key two columns by one number")
def test_rkpd_review_tarakan_2024(tarakan):
    """Seed 001 line 558: ``(1) (2) (3) (4) (5) (2) (4) (5)`` under KODE, Urusan/…/Sub Kegiatan, Rancangan Awal RKPD
    2024 (indikator, target, pagu), Urusan/…/Sub Kegiatan, Analisa Kebutuhan (target, pagu) (lines 556–557)."""
    data = table_json(build_rkpd_review(tarakan, 2024))
    assert numbers_of(data, ["code", "name", "indicator", "target", "pagu", "analysis_name", "analysis_target",
                             "analysis_pagu"]) == ["1", "2", "3", "4", "5", "2", "4", "5"]


# -- REPORTS.md §B: seed 001 Tabel 7 --------------------------------------------------------------------------------

@pytest.mark.golden
@pytest.mark.xfail(strict=True, reason="layout 1 has a no. column Tabel 7 does not print (and XLSX needs a number "
                                       "for it), and no sumber dana (Tabel 7's 7)")
def test_rencana_layout_1_tarakan_2024_as_tabel_7(tarakan):
    """Seed 001 line 799: ``1 … 10`` under KODE, Urusan/…/Sub Kegiatan, Indikator, Rencana 2024 (lokasi, target,
    pagu, sumber dana), Catatan Penting, Prakiraan Maju 2025 (target, pagu) (lines 797–798)."""
    table = build_rencana(tarakan, 2024, layout=1)
    data = rencana_json(table)
    printed = ["1", "2", "3", "4", "5", "6", "8", "9", "10"]
    assert [c["number"] for c in data["columns"] if c["label"] != "No"] == printed
    assert xlsx_numbers(rencana_xlsx(table)) == printed
