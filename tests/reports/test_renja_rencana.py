"""Rencana program dan kegiatan tahun N dan prakiraan maju N+1 (REPORTS.md §B), recomputed from the demo data.

Golden figures are the seeds' printed ones that follow from the rules (a parent's pagu is the sum of its children's,
the total the sum of the programs, RULES §5). Each printed figure that differs is listed, with its cause, in a golden
file reviewed by hand against the seed (tests/reports/golden/renja-rencana-*.txt).
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.plan import models as m
from kinerja.reports.data import ReportError
from kinerja.reports.rencana_export import rencana_csv, rencana_json, rencana_xlsx
from kinerja.reports.renja_rencana import build_rencana, compare_code, header_cells, layout_columns
from tests.reports.test_renja_evaluation_golden import difference_lines, rows_by_key

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def kukar_2021(kukar):
    return rencana_json(build_rencana(kukar, 2021))


@pytest.fixture
def tarakan_2024(tarakan):
    return rencana_json(build_rencana(tarakan, 2024))


def row_by_code(data: dict, code: str) -> dict:
    return next(r for r in data["rows"] if r["code"] == code and r["name"])


# -- seed 000 §4.1, layout 1 ----------------------------------------------------------------------------------------

@pytest.mark.golden
def test_kukar_2021_total_is_the_printed_total(kukar_2021):
    """TOTAL 12,689,140,660 for 2021 and for the prakiraan maju 2022 (seed 000 line 994)."""
    assert kukar_2021["total"] == {"7": {"Rp": "12689140660.00"}, "10": {"Rp": "12689140660.00"}}
    assert kukar_2021["differences"] == []


@pytest.mark.golden
@pytest.mark.parametrize(
    ("key", "cells"),
    [
        # Program Pelayanan Administrasi Perkantoran: 14 kegiatan sum to the printed 1,452,040,000 both years.
        ("P01", {"6": {"K": "100", "satuan": "%"}, "7": {"Rp": "1452040000.00"},
                 "9": {"K": "100", "satuan": "%"}, "10": {"Rp": "1452040000.00"}}),
        # Prakiraan maju 2022 of Program Peningkatan Sarana dan Prasarana: printed 1,229,100,660 (2021: 1,009,100,660).
        ("P02", {"7": {"Rp": "1009100660.00"}, "10": {"Rp": "1229100660.00"}}),
        # Program peningkatan disiplin aparatur: its only kegiatan has pagu 2022 '-' (nil).
        ("P10", {"7": {"Rp": "220000000.00"}, "10": {"Rp": "0.00"}}),
        # A kegiatan row: lokasi, target + satuan, pagu, catatan, prakiraan maju.
        ("P02.K05", {"5": "Tenggarong", "6": {"K": "1", "satuan": "bangunan"}, "7": {"Rp": "150000000.00"},
                     "8": "Permendagri 90 -2018", "9": {"K": "2", "satuan": "bangunan"},
                     "10": {"Rp": "649100660.00"}}),
        # Pagu printed on the second indicator line ('-' then 850,000,000) is the kegiatan's.
        ("P08.K01", {"7": {"Rp": "850000000.00"}}),
        # Pagu '-' is nil, not missing.
        ("P01.K04", {"7": {"Rp": "0.00"}, "10": {"Rp": "0.00"}}),
    ],
)
def test_kukar_2021_figures(kukar_2021, key, cells):
    row = rows_by_key(kukar_2021)[key]
    assert {number: row["cells"][number] for number in cells} == cells


@pytest.mark.golden
def test_kukar_2021_differences_from_the_printed_document(kukar_2021):
    expected = (GOLDEN / "renja-rencana-dinsos-kukar-2021.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(kukar_2021) == expected


def test_kukar_2021_rows_follow_the_code_order_of_the_plan(kukar_2021):
    programs = [r["code"] for r in kukar_2021["rows"] if r["level"] == "program" and r["name"]]
    assert programs == ["0000.01", "0000.02", "0000.03", "0000.05", "0000.06", "0106.19", "0106.27", "0106.28",
                        "0106.29", "0106.30"]
    numbers = [r["no"] for r in kukar_2021["rows"] if r["level"] == "kegiatan" and r["code"].startswith("0000.01.")]
    assert numbers == [str(n) for n in range(1, 15)]


def test_kukar_2021_rows_are_the_plan_year_only(kukar_2021):
    keys = {r["key"] for r in kukar_2021["rows"]}
    # Kegiatan of the 2019 Renja with no 2021 target or pagu are not in the 2021 plan.
    assert "P02.K06" not in keys and "P06.K04" not in keys and "P07.K03" not in keys
    # A program row per indicator with a 2021 target: P04 prints three.
    p04 = [r for r in kukar_2021["rows"] if r["key"] == "P04"]
    assert [r["indicator"] for r in p04] == ["Tingkat konsistensi Renstra dan Renja",
                                             "Ketepatan pelaporan keuangan dan aset",
                                             "Prosentase penurunan temuan audit"]
    assert [r["cells"]["7"]["Rp"] for r in p04] == ["703000000.00", None, None]


def test_json_keys_cells_by_official_column_number(kukar_2021, tarakan_2024):
    assert [c["number"] for c in kukar_2021["columns"]] == [str(n) for n in range(1, 11)]
    assert [c["number"] for c in tarakan_2024["columns"]] == [str(n) for n in range(1, 9)]
    assert set(rows_by_key(kukar_2021)["P01.K01"]["cells"]) == {"5", "6", "7", "8", "9", "10"}
    assert set(rows_by_key(tarakan_2024)["P0601"]["cells"]) == {"6", "7", "8"}
    assert kukar_2021["revisions"]["renja"]["key"] == "renja-2021-murni"
    assert (kukar_2021["year"], kukar_2021["forward_year"], kukar_2021["layout"]) == (2021, 2022, 1)


# -- seed 001 Tabel 8, layout 2 --------------------------------------------------------------------------------------

@pytest.mark.golden
@pytest.mark.parametrize(
    ("code", "pagu"),
    [
        ("1.06.01", "3926440000.00"),
        ("1.06.01.2.02", "3435721000.00"),
        ("1.06.01.2.02.0001", "3379675000.00"),
        ("1.06.04", "199433770.00"),
        ("2.13.05", "2237442010.00"),
    ],
)
def test_tarakan_2024_pagu(tarakan_2024, code, pagu):
    assert row_by_code(tarakan_2024, code)["cells"]["7"] == {"Rp": pagu}


@pytest.mark.golden
def test_tarakan_2024_total_is_the_printed_jumlah(tarakan_2024):
    """J U M L A H 6.736.773.965,00 (seed 001 line 969); layout 2 has no prakiraan maju column."""
    assert tarakan_2024["total"] == {"7": {"Rp": "6736773965.00"}}
    assert tarakan_2024["layout"] == 2 and tarakan_2024["differences"] == []


@pytest.mark.golden
def test_tarakan_2024_differences_from_the_printed_document(tarakan_2024):
    expected = (GOLDEN / "renja-rencana-dinsospm-tarakan-2024.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(tarakan_2024) == expected


def test_tarakan_2024_target_keeps_its_printed_unit_and_category(tarakan_2024):
    assert row_by_code(tarakan_2024, "1.06.01.2.02.0001")["cells"]["6"] == {"K": "312", "satuan": "Orang/Bulan"}
    assert row_by_code(tarakan_2024, "2.13.04")["cells"]["6"] == {"K": "Cepat Berkembang", "satuan": "Kategori"}
    # Target 0 and no pagu: planned (a row), but no Rupiah.
    assert row_by_code(tarakan_2024, "1.06.01.2.01")["cells"]["7"] == {"Rp": None}


def test_tarakan_layout_1_on_request(tarakan):
    data = rencana_json(build_rencana(tarakan, 2024, layout=1))
    assert data["layout"] == 1
    assert data["total"] == {"7": {"Rp": "6736773965.00"}, "10": {"Rp": None}}  # no prakiraan maju stored


# -- the rules beyond the seeds ---------------------------------------------------------------------------------------

def test_a_perubahan_replaces_the_murni_and_the_report_says_so(kukar):
    murni = m.Revision.objects.get(agency=kukar, document="renja", year=2021)
    perubahan = m.Revision.objects.create(
        agency=kukar, strategic_plan=murni.strategic_plan, key="renja-2021-perubahan", document="renja",
        year=2021, label="perubahan", number=murni.number + 1, date=dt.date(2021, 8, 2), source="test",
    )
    element = m.PlanElement.objects.get(strategic_plan=murni.strategic_plan, key="P01.K01")
    indicator = element.indicators.get(name="Jumlah Surat (buah)")
    m.Target.objects.create(indicator=indicator, revision=perubahan, kind="renja", year=2021, value=Decimal(900))
    m.Budget.objects.create(element=element, revision=perubahan, kind="renja", year=2021,
                            amount=Decimal("5000000"), location="Tenggarong", note="perubahan")
    data = rencana_json(build_rencana(kukar, 2021))
    assert data["revisions"]["renja"]["key"] == "renja-2021-perubahan"
    assert [r["key"] for r in data["rows"]] == ["P01", "P01.K01"]  # only what the perubahan plans
    row = rows_by_key(data)["P01.K01"]
    assert row["cells"]["5"] == "Tenggarong" and row["cells"]["8"] == "perubahan"
    assert row["cells"]["6"] == {"K": "900", "satuan": "buah"}
    assert rows_by_key(data)["P01"]["cells"]["7"] == {"Rp": "5000000.00"}
    assert data["total"]["7"] == {"Rp": "5000000.00"}


def test_year_without_a_renja_is_refused(kukar):
    with pytest.raises(ReportError, match="Renja 2020"):
        build_rencana(kukar, 2020)


def test_unknown_layout_is_refused(kukar):
    with pytest.raises(ReportError, match="Tata letak"):
        build_rencana(kukar, 2021, layout=3)


def test_queries_do_not_grow_with_rows(kukar, tarakan, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        build_rencana(kukar, 2021)
    with django_assert_max_num_queries(15):
        build_rencana(tarakan, 2024)


@pytest.mark.parametrize(
    ("code", "printed", "cause"),
    [
        ("1.06.04.2.01.0002", "1.06.04.2.01.02", None),  # two-digit sub kegiatan: the same code
        ("1.06.04.2.01.0002", "0 4 | 2.0 1. | 0 2", None),  # printed in cells, letter-spaced
        ("1.06.04.2.01.0002", "0 4 | 2.0 1.", "kode tercetak tidak lengkap"),
        ("1.06.04.2.01.0002", "0 4 | 2.0 1. | 0 1", "kode tercetak tidak sesuai kodefikasi"),
        ("1.06.06", "1.06.01.2.06", "kode tercetak tidak sesuai kodefikasi"),
    ],
)
def test_printed_codes(code, printed, cause):
    from kinerja.engine import CodeScheme

    difference = compare_code(code, printed, CodeScheme.PERMENDAGRI_90)
    assert (difference.cause if difference else None) == cause


# -- outputs ------------------------------------------------------------------------------------------------------

def test_header_groups_span_their_columns():
    cells = header_cells(layout_columns(1, 2021))
    top = [(h.label, h.start, h.width, h.height) for h in cells if h.row == 0]
    assert top[5:] == [("Rencana tahun 2021", 5, 3, 1), ("Catatan penting", 8, 1, 2),
                       ("Prakiraan maju tahun 2022", 9, 3, 1)]
    assert [(h.label, h.start, h.width) for h in cells if h.row == 1] == [
        ("Target capaian kinerja", 5, 2), ("Kebutuhan dana/pagu indikatif (Rp)", 7, 1),
        ("Target capaian kinerja", 9, 2), ("Kebutuhan dana/pagu indikatif (Rp)", 11, 1)]


def test_csv_has_one_numbered_header_row_and_plain_numbers(kukar):
    lines = rencana_csv(build_rencana(kukar, 2021)).decode("utf-8").splitlines()
    assert lines[0].startswith("1 No,2 Kode,3 ")
    assert "7 Rencana tahun 2021 – Kebutuhan dana/pagu indikatif (Rp)" in lines[0]
    assert lines[1].startswith(",0000.01,Program Pelayanan Administrasi Perkantoran,")
    assert ",100,%,1452040000.00," in lines[1]
    assert lines[-1] == ",,Jumlah,,,,,12689140660.00,,,,12689140660.00"


def test_xlsx_has_the_printed_header_and_numbers_as_numbers(tarakan):
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(rencana_xlsx(build_rencana(tarakan, 2024)))).active
    assert [ws.cell(row=6, column=c).value for c in range(1, 10)] == [1, 2, 3, 4, 5, 6, None, 7, 8]
    assert "F4:H4" in {str(r) for r in ws.merged_cells.ranges}  # Target kinerja tahun 2024 over Target + Rp
    assert ws.freeze_panes == "F7"
    assert ws.page_setup.orientation == "landscape"
    program = next(r for r in ws.iter_rows(min_row=7) if r[0].value == "1.06.01" and r[1].value is None)
    assert program[7].value == 3926440000 and program[7].number_format == '#,##0;-#,##0;"-"'
    total = [c.value for c in ws[ws.max_row]]
    assert total[3] == "Jumlah" and total[7] == 6736773965


def test_a_kegiatan_stored_under_the_wrong_program_is_explained_by_its_code(kukar):
    """If the stored hierarchy puts a kegiatan under another program than its code does, the printed program
    pagu equals the sum by code, and the difference says which kegiatan are misplaced."""
    bpnt = m.PlanElement.objects.get(strategic_plan__agency=kukar, key="P08.K02@2021")
    bpnt.parent = m.PlanElement.objects.get(strategic_plan__agency=kukar, key="P08")
    bpnt.save(update_fields=["parent"])
    data = rencana_json(build_rencana(kukar, 2021))
    causes = {row["key"]: row["differences"][0]["cause"] for row in data["rows"] if row.get("differences")}
    assert causes["P06"].startswith("sama dengan jumlah rincian menurut kodenya")
    assert "0106.28.002" in causes["P06"]


@pytest.mark.golden
def test_the_renja_wording_shown_beside_the_stored_one(kukar):
    """Seed 000 §4.1 prints its programs and kegiatan in its own words and old codes ("0.1", "1.6.27", line 939)
    where the elements were first stored from the 2019 evaluation: JSON and the page show the printed wording, the
    stored one beside it; CSV and XLSX keep the stored wording, which an import reads back unchanged."""
    from kinerja.reports.rencana_html import present

    table = build_rencana(kukar, 2021)
    data = rencana_json(table)
    p01 = next(r for r in data["rows"] if r["key"] == "P01")
    assert (p01["code"], p01["code_printed"]) == ("0000.01", "0.1")
    assert p01["name"] == "Program Pelayanan Administrasi perkantoran"
    assert p01["stored"] == {"name": "Program Pelayanan Administrasi Perkantoran"}
    p05 = next(r for r in data["rows"] if r["key"] == "P05")
    assert (p05["code"], p05["code_printed"], p05["name"]) == (
        "0106.27", "1.6.27", "Program Rehabilitasi Sosial Bagi PMKS")
    assert "stored" not in p05  # printed as stored
    assert sum(1 for r in data["rows"] if "stored" in r) == 29
    lines = rencana_csv(table).decode("utf-8").splitlines()
    assert lines[1].startswith(",0000.01,Program Pelayanan Administrasi Perkantoran,")
    page = present(table)
    texts = [[c.text for c in row["cells"]] for row in page["rows"]]
    assert ["0106.27 (1.6.27)", "Program Rehabilitasi Sosial Bagi PMKS"] in [t[1:3] for t in texts]
    assert ["0000.01 (0.1)", "Program Pelayanan Administrasi perkantoran"] in [t[1:3] for t in texts]
