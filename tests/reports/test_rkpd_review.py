"""Review terhadap rancangan awal RKPD (REPORTS.md §C), recomputed from the demo data: seed 000 §2.4 (RKPD 2021,
Kutai Kartanegara) and seed 001 Tabel 3 (RKPD 2024, Tarakan).

Golden figures: a parent line's pagu is the sum of its children's on each half, the total the sum of the top lines
(RULES §5), and they equal what the documents print; seed 001 prints 46 lines whose halves differ and no catatan on
any of them. Each finding is listed in a golden file reviewed by hand against the seed
(tests/reports/golden/rkpd-review-*.txt).
"""

import io
from pathlib import Path

import pytest

from kinerja.plan import models as m
from kinerja.reports.data import ReportError
from kinerja.reports.official import table_csv, table_json, table_xlsx
from kinerja.reports.rkpd_review import build_rkpd_review
from tests.reports.test_renja_evaluation_golden import difference_lines, rows_by_key

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def kukar_2021(kukar):
    return table_json(build_rkpd_review(kukar, 2021))


@pytest.fixture
def tarakan_2024(tarakan):
    return table_json(build_rkpd_review(tarakan, 2024))


def lines_of(data: dict, key: str) -> list[dict]:
    return [row for row in data["rows"] if row["key"] == key]


# -- seed 000 §2.4 ----------------------------------------------------------------------------------------------------

@pytest.mark.golden
def test_kukar_2021_total_and_groups_are_the_printed_ones(kukar_2021):
    """TOTAL 12,689,140,660 on both halves (line 657); Non Urusan 3,564,140,660 (line 549); the unnamed group lines
    9,125,000,000 (lines 598-599)."""
    assert kukar_2021["total"]["7"] == kukar_2021["total"]["12"] == {"Rp": "12689140660.00"}
    rows = rows_by_key(kukar_2021)
    assert rows["U00"]["cells"]["7"] == rows["U00"]["cells"]["12"] == {"Rp": "3564140660.00"}
    assert rows["U01"]["cells"]["7"] == rows["B0106"]["cells"]["12"] == {"Rp": "9125000000.00"}
    assert kukar_2021["differences_count"] == 0
    assert (GOLDEN / "rkpd-review-dinsos-kukar-2021.txt").read_text(encoding="utf-8") == ""


@pytest.mark.golden
@pytest.mark.parametrize(
    ("key", "cells"),
    [
        ("P01", {"6": {"K": "100", "satuan": "%"}, "7": {"Rp": "1452040000.00"}, "12": {"Rp": "1452040000.00"}}),
        ("P02.K03", {"5": None, "7": {"Rp": "279100660.00"},
                     "13": "Pemenuhan SPM (Kendaraan Operasional Khusus Layanan Kedaruratan PMKS angkutan ODGJ "
                           "Terlantar)"}),
        ("P06.K01", {"7": {"Rp": "500000000.00"}, "13": "Pemenuhan SPM"}),  # printed 500.000.000
        ("P08", {"7": {"Rp": "2150000000.00"}}),
        ("P07", {"7": {"Rp": "1585000000.00"}, "12": {"Rp": "1585000000.00"}}),
    ],
)
def test_kukar_2021_figures(kukar_2021, key, cells):
    row = rows_by_key(kukar_2021)[key]
    assert {number: row["cells"][number] for number in cells} == cells


def test_kukar_extra_indicator_lines_keep_their_own_pagu(kukar_2021):
    """Penunjang Operasional Pendampingan PKH: '-' on its first line, 850,000,000 on its second (lines 635-636)."""
    lines = lines_of(kukar_2021, "P08.K01")
    assert [line["cells"]["6"] for line in lines] == [{"K": None, "satuan": "orang"}, {"K": "250", "satuan": "kali"}]
    assert [line["cells"]["7"] for line in lines] == [{"Rp": "0.00"}, {"Rp": "850000000.00"}]
    # A program's extra indicator lines carry no pagu of their own: the program's is the sum of its kegiatan.
    assert [line["cells"]["7"] for line in lines_of(kukar_2021, "P07")] == [{"Rp": "1585000000.00"}] + [
        {"Rp": None}] * 4


def test_kukar_lines_link_to_the_plan(kukar):
    line = m.RkpdReview.objects.get(agency=kukar, year=2021, key="P08.K02")
    assert line.element.key == "P08.K02@2021" and line.element.code == "0106.28.002"
    assert m.RkpdReview.objects.filter(agency=kukar, year=2021).count() == 99


# -- seed 001 Tabel 3 -------------------------------------------------------------------------------------------------

@pytest.mark.golden
def test_tarakan_2024_totals(tarakan_2024):
    """The analysis half prints 6,736,773,965 (line 640); the rancangan half prints no total: 5,068,980,596 by the
    rules (4,197,049,000 + 871,931,596, the bidang lines 560 and 626)."""
    assert tarakan_2024["total"]["7"] == {"Rp": "5068980596.00"}
    assert tarakan_2024["total"]["12"] == {"Rp": "6736773965.00"}
    rows = rows_by_key(tarakan_2024)
    assert (rows["B106"]["cells"]["7"], rows["B106"]["cells"]["12"]) == ({"Rp": "4197049000.00"},
                                                                         {"Rp": "4455445985.00"})
    assert (rows["B213"]["cells"]["7"], rows["B213"]["cells"]["12"]) == ({"Rp": "871931596.00"},
                                                                         {"Rp": "2281327980.00"})
    assert rows["P0601"]["cells"]["7"] == {"Rp": "3755049000.00"}
    assert rows["P0604.K201"]["cells"]["12"] == {"Rp": "177453130.00"}


@pytest.mark.golden
@pytest.mark.parametrize(
    ("key", "differs"),
    [
        ("P0601", ["pagu"]),  # marked, but its pagu differs because its children's do: no finding of its own
        ("P0601.K209.S0006", ["target"]),  # 40 Unit against 16 Unit, the same 10,000,000
        ("P1305.K201.S0005", ["nama"]),  # 'Fasilitasi Usaha Ekonomi pengembnagan …' against Tabel 8's name
        ("P1304.K201.S0018", ["target", "pagu"]),
        ("P1304", ["pagu"]),  # 'Cepat Berkembang' on both halves: a category target compares as text
        ("P0601.K205.S0001", None),  # no pagu against '-': both nil
        ("P1305.K201.S0004", ["target", "pagu"]),  # 'Desa/ Kelurahan': the same name
    ],
)
def test_tarakan_2024_lines_that_differ(tarakan_2024, key, differs):
    assert rows_by_key(tarakan_2024)[key].get("differs") == differs


@pytest.mark.golden
def test_tarakan_2024_findings(tarakan_2024):
    assert tarakan_2024["summary"]["differing_lines"] == 46
    assert tarakan_2024["summary"]["differing_without_note"] == 25
    expected = (GOLDEN / "rkpd-review-dinsospm-tarakan-2024.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(tarakan_2024) == expected


# -- the rules beyond the seeds ---------------------------------------------------------------------------------------

def test_a_printed_parent_pagu_that_is_not_the_sum_is_a_finding(tarakan):
    line = m.RkpdReview.objects.get(agency=tarakan, year=2024, key="P0604.K201")
    line.printed_pagu = "151,000,000"
    line.save(update_fields=["printed_pagu"])
    data = table_json(build_rkpd_review(tarakan, 2024))
    row = rows_by_key(data)["P0604.K201"]
    assert row["differences"][0] == {"column": "7", "measure": "Rp", "printed": "151,000,000",
                                     "computed": "150000000", "cause": "tidak sama dengan jumlah rincian di "
                                                                       "bawahnya"}


def test_a_catatan_clears_the_finding(tarakan):
    m.RkpdReview.objects.filter(agency=tarakan, year=2024, key="P0601.K209.S0006").update(
        note="disesuaikan dengan jumlah aset")
    data = table_json(build_rkpd_review(tarakan, 2024))
    row = rows_by_key(data)["P0601.K209.S0006"]
    assert row["differs"] == ["target"] and "differences" not in row
    assert data["summary"]["differing_without_note"] == 24


def test_year_without_a_review_is_refused(kukar):
    with pytest.raises(ReportError, match="Yang ada: 2021"):
        build_rkpd_review(kukar, 2019)


def test_queries_do_not_grow_with_rows(tarakan, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        build_rkpd_review(tarakan, 2024)


def test_outputs(tarakan):
    from openpyxl import load_workbook

    table = build_rkpd_review(tarakan, 2024)
    lines = table_csv(table).decode("utf-8").splitlines()
    assert lines[0].split(",")[:3] == ["1 No", "2 Kode",
                                       "3 Rancangan awal RKPD 2024 – Urusan/bidang urusan/program/kegiatan"]
    assert lines[0].endswith(",13 Catatan penting,Berbeda dari rancangan awal")
    assert lines[-1].startswith(",,Jumlah,") and ",5068980596.00," in lines[-1] and ",6736773965.00," in lines[-1]
    ws = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert "C4:H4" in {str(r) for r in ws.merged_cells.ranges}  # Rancangan awal RKPD 2024 over columns 3-7
    total = [c.value for c in ws[ws.max_row]]
    assert total[2] == "Jumlah" and total[7] == 5068980596 and total[13] == 6736773965
