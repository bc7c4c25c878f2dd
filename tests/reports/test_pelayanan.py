"""Pencapaian kinerja pelayanan (REPORTS.md §E), recomputed from the demo data: seed 000 §2.2 (IKK 62–66 of Dinas
Sosial Kutai Kartanegara, Renja 2021) and seed 001 Tabel 2 (Dinas Sosial dan PM Kota Tarakan, Renja 2024).

Golden figures follow from the rules: a ratio indicator's realisasi is pembilang / penyebut × 100 (RULES §7), capaian
is realisasi / target × 100 (RULES §1), a SAKIP value's grade comes from the agency's scale (RULES §8). Each printed
figure that differs is listed, with its cause, in a golden file reviewed by hand against the seed
(tests/reports/golden/kinerja-pelayanan-*.txt).
"""

import io
from pathlib import Path

import pytest

from kinerja.plan import models as m
from kinerja.reports.data import ReportError
from kinerja.reports.kinerja_pelayanan import build_kinerja_pelayanan
from kinerja.reports.official import present, table_csv, table_json, table_xlsx
from tests.reports.test_renja_evaluation_golden import difference_lines

GOLDEN = Path(__file__).parent / "golden"


def rows_by_indicator(data: dict) -> dict[str, dict]:
    return {row["ikk_code"] or row["indicator"]: row for row in data["rows"]}


def column(data: dict, group: str, year: int) -> str:
    return next(c["number"] for c in data["columns"] if c.get("group", "").startswith(group) and c.get("year") == year)


@pytest.fixture
def kukar_2021(kukar):
    return table_json(build_kinerja_pelayanan(kukar, 2021))


@pytest.fixture
def tarakan_2024(tarakan):
    return table_json(build_kinerja_pelayanan(tarakan, 2024))


# -- seed 000 §2.2 ----------------------------------------------------------------------------------------------------

@pytest.mark.golden
def test_kukar_2021_columns_follow_the_printed_years(kukar_2021):
    """Target Renstra 2019–2022, realisasi 2019–2020, proyeksi 2021–2022 (line 392), then the ratio of 2019."""
    groups = [(c.get("group", ""), c.get("year")) for c in kukar_2021["columns"]]
    assert [y for g, y in groups if g == "Target Renstra"] == [2019, 2020, 2021, 2022]
    assert [y for g, y in groups if g == "Realisasi capaian"] == [2019, 2020]
    assert [y for g, y in groups if g == "Proyeksi"] == [2021, 2022]
    assert kukar_2021["summary"]["ratio_year"] == 2019
    assert [c["number"] for c in kukar_2021["columns"]] == [str(n) for n in range(1, 19)]
    # Column 2 (IKK) and 3 (indikator) worded as line 395–399 print them, '*' marks and all; the stored names
    # (those of the IKK table, lines 366–375) stay in ``indicator`` and, where they differ, ``stored_indicator``.
    rows = kukar_2021["rows"]
    assert [row["cells"]["2"][:30] for row in rows] == [
        "* Persentase (%) penyandang di", "Persentase korban bencana alam", "* Rasio rumah singgah/shelter/",
        "* Persentase penyandang disabi", "Rasio pekerja sosial professio"]
    assert [row["cells"]["3"][:30] for row in rows] == [
        "Jumlah penyandang disabilitas ", "Jumlah korban bencana alam dan", "Rasio rumah singgah/shelter/ t",
        "Jumlah penyandang disabilitas ", "Rasio pekerja sosial professio"]
    assert rows[2]["cells"]["3"].endswith("Penyandang Diabilitas terlantar, anak terlantar, lanjut usia terlantar, "
                                          "dan gepeng")  # 'Diabilitas' as printed
    assert rows[2]["stored_indicator"].endswith("Penyandang Disabilitas terlantar, anak terlantar, lanjut usia "
                                                "terlantar, dan gepeng")
    assert [row["ikk_code"] for row in rows] == ["62", "63", "64", "65", "66"]


@pytest.mark.golden
@pytest.mark.parametrize(
    ("ikk", "numerator", "denominator", "realisasi", "capaian"),
    [
        ("62", "28031", "28031", "100.00", "100.00"),
        ("63", "1244", "1244", "100.00", "100.00"),
        # The example: 21 rumah singgah / 646 orang × 100 = 3,25 %, printed 1,46 % (RULES §7).
        ("64", "21", "646", "3.25", "216.72"),
        ("65", "46", "48", "95.83", "95.83"),
        ("66", "606", "28031", "2.16", "100.09"),
    ],
)
def test_kukar_2021_ratio_from_numerator_and_denominator(kukar_2021, ikk, numerator, denominator, realisasi,
                                                         capaian):
    row = rows_by_indicator(kukar_2021)[ikk]
    real = column(kukar_2021, "Realisasi capaian", 2019)
    assert row["cells"][real] == {"K": realisasi, "pembilang": numerator, "penyebut": denominator}
    ratio = next(c["number"] for c in kukar_2021["columns"] if c["figure"] == "ratio")
    assert row["cells"][ratio] == {"K": realisasi, "pembilang": numerator, "penyebut": denominator}
    assert row["cells"][column(kukar_2021, "Capaian terhadap target", 2019)] == {"K": capaian}


def test_kukar_ikk_64_is_stored_with_both_numbers(kukar):
    realisation = m.Realisation.objects.get(indicator__ikk_code="64", indicator__element__strategic_plan__agency=kukar,
                                            year=2019)
    assert (realisation.numerator, realisation.denominator) == (21, 646)
    indicator = realisation.indicator
    assert indicator.is_ikk and indicator.value_kind == "ratio" and indicator.factor == 100
    assert indicator.numerator_name.startswith("Jumlah rumah singgah")
    assert indicator.data_source == "Pembilang dan Penyebut berasal dari Dinas Sosial"


def test_kukar_ikk_64_target_2020_keeps_its_printed_unit(kukar_2021):
    """'1.5%-' is read by RULES §9 as 1,5 with the unit '%-': not comparable with a realisasi in %."""
    row = rows_by_indicator(kukar_2021)["64"]
    capaian_2020 = column(kukar_2021, "Capaian terhadap target", 2020)
    assert row["cells"][column(kukar_2021, "Target Renstra", 2020)] == {"K": "1.50"}
    assert row["cells"][capaian_2020] == {"K": None}
    assert row["undefined"][capaian_2020]["K"].startswith("satuan berbeda")


def test_kukar_catatan_analisis(kukar_2021):
    rows = rows_by_indicator(kukar_2021)
    note = next(c["number"] for c in kukar_2021["columns"] if c["figure"] == "note")
    assert rows["64"]["cells"][note] == rows["66"]["cells"][note] == "Belum terbit penetapan standar Nasional"
    assert rows["62"]["cells"][note] is None


@pytest.mark.golden
def test_kukar_2021_differences_from_the_printed_document(kukar_2021):
    expected = (GOLDEN / "kinerja-pelayanan-dinsos-kukar-2021.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(kukar_2021) == expected


# -- seed 001 Tabel 2 -------------------------------------------------------------------------------------------------

@pytest.mark.golden
def test_tarakan_2024_columns_follow_the_printed_years(tarakan_2024):
    groups = [(c.get("group", ""), c.get("year"), c["measures"]) for c in tarakan_2024["columns"]]
    assert [y for g, y, _m in groups if g == "Target Renstra"] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert [y for g, y, _m in groups if g == "Realisasi capaian"] == [2020, 2021, 2022]
    assert [y for g, y, _m in groups if g == "Proyeksi"] == [2023, 2024]
    # The SAKIP value's grade sits beside it where the table grades it.
    assert [ms for g, y, ms in groups if g == "Realisasi capaian" and y == 2021] == [["K", "predikat"]]
    assert len(tarakan_2024["rows"]) == 9


@pytest.mark.golden
@pytest.mark.parametrize(
    ("indicator", "group", "year", "cell"),
    [
        # Persentase PPKS: 131,57 % realised against 78 → 168,68 %.
        ("Persentase Pemerlu Pelayanan Kesejahteraan Sosial (PPKS) yang memperoleh bantuan sosial",
         "Capaian terhadap target", 2021, {"K": "168.68"}),
        ("Persentase Pemerlu Pelayanan Kesejahteraan Sosial (PPKS) yang memperoleh bantuan sosial",
         "Target Renstra", 2019, {"K": "74.25"}),
        # Nilai SAKIP 60,53 in 2021: B on PermenPAN-RB 88/2021 (as printed), 94,58 % of the target 64.
        ("Nilai SAKIP", "Realisasi capaian", 2021, {"K": "60.53", "predikat": "B"}),
        ("Nilai SAKIP", "Capaian terhadap target", 2021, {"K": "94.58"}),
        ("Nilai SAKIP", "Target Renstra", 2024, {"K": "72.00", "predikat": "BB"}),
        # Lembaga kemasyarakatan aktif: 98,68 % against 98 → 100,69 %.
        ("Persentase lembaga kemasyarakatan yang aktif", "Capaian terhadap target", 2022, {"K": "100.69"}),
        # Target 2020 of pengelolaan TMP printed '-': no target, no capaian.
        ("Persentase pengelolaan TMP", "Target Renstra", 2020, {"K": None, "predikat": None}),
        ("Persentase pengelolaan TMP", "Capaian terhadap target", 2020, {"K": None}),
    ],
)
def test_tarakan_2024_figures(tarakan_2024, indicator, group, year, cell):
    row = rows_by_indicator(tarakan_2024)[indicator]
    assert row["cells"][column(tarakan_2024, group, year)] == cell


def test_tarakan_spm_and_iku_flags(tarakan_2024):
    flags = next(c["number"] for c in tarakan_2024["columns"] if c["figure"] == "label")
    labels = [row["cells"][flags] for row in tarakan_2024["rows"]]
    assert labels == ["IKU", "SPM · IKU", "SPM · IKU", "IKU", "IKU", "IKU", "IKU", "IKU", "IKU"]
    assert tarakan_2024["summary"]["spm"] == 2 and tarakan_2024["summary"]["iku"] == 9


@pytest.mark.golden
def test_tarakan_2024_differences_from_the_printed_document(tarakan_2024):
    expected = (GOLDEN / "kinerja-pelayanan-dinsospm-tarakan-2024.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(tarakan_2024) == expected


# -- the rules beyond the seeds ---------------------------------------------------------------------------------------

def test_a_zero_denominator_is_undefined_never_zero(kukar):
    realisation = m.Realisation.objects.get(indicator__ikk_code="65", indicator__element__strategic_plan__agency=kukar,
                                            year=2019)
    realisation.denominator = 0
    realisation.save(update_fields=["denominator"])
    data = table_json(build_kinerja_pelayanan(kukar, 2021))
    row = rows_by_indicator(data)["65"]
    real = column(data, "Realisasi capaian", 2019)
    assert row["cells"][real]["K"] is None
    assert row["undefined"][real]["K"] == "penyebut 0: rasio tidak dapat dihitung"


def test_year_outside_every_renstra_is_refused(kukar):
    with pytest.raises(ReportError, match="periode Renstra"):
        build_kinerja_pelayanan(kukar, 2030)


def test_queries_do_not_grow_with_rows(kukar, tarakan, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        build_kinerja_pelayanan(kukar, 2021)
    with django_assert_max_num_queries(20):
        build_kinerja_pelayanan(tarakan, 2024)


def test_outputs(kukar, tarakan):
    from openpyxl import load_workbook

    table = build_kinerja_pelayanan(kukar, 2021)
    lines = table_csv(table).decode("utf-8").splitlines()
    assert lines[0].startswith("1 No,2 IKK/SPM/IKU,3 Indikator,4 Target Renstra – 2019,")
    assert ",3.25," in lines[3]
    ws = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert [ws.cell(row=6, column=c).value for c in range(1, 5)] == [1, 2, 3, 4]
    ikk_64 = next(r for r in ws.iter_rows(min_row=7) if (r[1].value or "").startswith("* Rasio rumah singgah"))
    assert ikk_64[7].value == 3.25 and ikk_64[7].comment is not None  # printed 1.46% noted
    html = present(build_kinerja_pelayanan(tarakan, 2024))
    assert len(html["differences"]) == 3
