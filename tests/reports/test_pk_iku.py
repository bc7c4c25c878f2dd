"""Perjanjian Kinerja 2023 (seed 003 Tabel 2.4, 2.5) and the IKU document (seed 004), from the demo data."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja.plan import models as m
from kinerja.reports.catalog import REPORTS
from kinerja.reports.data import ReportError
from kinerja.reports.document_tables import table_json, table_xlsx
from kinerja.reports.iku import build_iku
from kinerja.reports.perjanjian_kinerja import build_pk
from tests.reports.test_lkjip import difference_lines, part

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def pk(kukar):
    return table_json(build_pk(kukar, 2023))


@pytest.fixture
def iku_2016_2021(kukar):
    return table_json(build_iku(kukar, 2021))


# -- Perjanjian Kinerja 2023 ------------------------------------------------------------------------------------------

@pytest.mark.golden
def test_tabel_2_4_every_sasaran_and_indicator_with_its_target(pk):
    rows = part(pk, "2.4")["rows"]
    assert len(rows) == 21  # 19 sasaran, two of them with two indicators
    assert [r["cells"]["1"] for r in rows if r["cells"]["1"]] == [str(n) for n in range(1, 20)]
    first = rows[0]["cells"]
    assert (first["2"], first["3"], first["4"], first["5"]) == (
        "Meningkatnya Akuntabilitas Pengelolaan Keuangan Dinas Sosial", "Nilai SAKIP", "Nilai", "79")
    by_key = {r["key"]: r["cells"] for r in rows}
    assert by_key["S2"]["5"] == "96" and by_key["PK07"]["5"] == "B" and by_key["PK18"]["5"] == "16.5"
    assert [r["iku"] for r in rows].count(True) == 2


@pytest.mark.golden
def test_tabel_2_5_iku_against_data_awal_and_renstra(pk):
    rows = {r["key"]: r["cells"] for r in part(pk, "2.5")["rows"]}
    assert rows["S1"] == {"1": "1", "2": "Nilai SAKIP", "3": "Nilai", "4": "83.48", "5": "79", "6": "80"}
    assert (rows["S2"]["4"], rows["S2"]["5"], rows["S2"]["6"]) == ("97.04", "96", "95.5")


@pytest.mark.golden
def test_pk_differences_from_the_printed_document(pk):
    """Tabel 2.5 prints the 2022 data awal of Cakupan Penanganan PMKS as 96,55; Tabel 3.3 prints 97,04, which its
    own capaian (102,87 = 97,04 / 94,33) confirms and which is stored."""
    expected = (GOLDEN / "pk-dinsos-kukar-2023.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(pk) == expected


def test_layout_2_is_tabel_2_5_alone(kukar):
    assert [p["key"] for p in table_json(build_pk(kukar, 2023, layout=2))["parts"]] == ["2.5"]
    with pytest.raises(ReportError, match="Tata letak 3"):
        build_pk(kukar, 2023, layout=3)
    with pytest.raises(ReportError, match="Perjanjian Kinerja 2019"):
        build_pk(kukar, 2019)


def test_pk_xlsx(kukar):
    wb = load_workbook(io.BytesIO(table_xlsx(build_pk(kukar, 2023))))
    assert wb.sheetnames == ["Tabel 2.4", "Tabel 2.5"]
    ws = wb["Tabel 2.4"]
    assert [ws.cell(row=4, column=c).value for c in range(1, 6)] == [
        "No.", "Sasaran kegiatan", "Indikator kinerja utama", "Satuan", "Target"]
    assert ws.cell(row=7, column=5).value == 79


# -- IKU (seed 004) -------------------------------------------------------------------------------------------------

@pytest.mark.golden
def test_iku_of_the_2016_2021_renstra_as_seed_004(iku_2016_2021):
    rows = part(iku_2016_2021, "I")["rows"]
    assert len(rows) == 16  # two sasaran IKU and fourteen program IKU
    sasaran = rows[0]
    assert sasaran["cells"]["2"] == "Meningkatnya transparansi dan akuntabilitas kinerja pembangunan"  # RPJMD
    assert sasaran["cells"]["3"] == "Indeks reformasi birokrasi"
    assert sasaran["cells"]["5"] == "Predikat akuntabilitas kinerja Dinas Sosial"
    # The penanggung jawab as printed ("Kab."), the unit it stands for kept beside it.
    assert sasaran["cells"]["9"] == "Dinas Sosial Kab.Kutai Kartanegara"
    assert sasaran["unit"] == "Dinas Sosial Kabupaten Kutai Kartanegara"
    assert sasaran["cells"]["4"] == sasaran["printed"]["4"] == (
        "Meningkatnya transparansi dan akuntabilitas kinerja Dinas Sosial")
    pmks = next(r for r in rows if r["indicator"] == "Persentase PMKS yang tertangani")
    assert pmks["cells"]["6"] == ("Jumlah PMKS yang tertangani dibagi jumlah PMKS yang memerlukan penanganan x "
                                  "100%")
    assert (pmks["numerator_name"], pmks["denominator_name"], pmks["factor"]) == (
        "Jumlah PMKS yang tertangani", "jumlah PMKS yang memerlukan penanganan", "100")
    assert pmks["cells"]["7"] == "Renstra OPD RPJMD Kabupaten Kutai Kartanegara 5 Tahun"
    assert pmks["cells"]["8"] == "Program Rehabilitasi Sosial Bagi PMKS"
    # The printed position is the cell; the unit stays as data beside it (issue 14, item 6).
    assert pmks["cells"]["9"] == pmks["printed"]["9"] == "Kepala Bidang Rehabilitasi Sosial"
    assert pmks["unit"] == "Bidang Rehabilitasi Sosial" and pmks["stored"]["9"] == "Bidang Rehabilitasi Sosial"
    umum = next(r for r in rows if r["key"] == "P01")
    assert umum["cells"]["9"] == "Kepala Sub.Bagian Umum dan Ketatalaksanaan (Sekretariat)"
    assert umum["unit"] == "Sekretariat"
    # Worded differently in the IKU document than in the Renja: the printed name shown, the stored one beside it.
    sarana = next(r for r in rows if r["key"] == "P02")
    assert sarana["cells"]["5"] == sarana["printed"]["5"] == "Cakupan peningkatan sarana prasarana aparatur"
    assert sarana["stored"]["5"] == "Cakupan peningkatan sarana prasarana aparatur (%)"


def test_iku_flags_and_fields_are_stored(kukar):
    plan = kukar.strategic_plans.get(first_year=2016)
    iku = m.Indicator.objects.filter(element__strategic_plan=plan, is_iku=True)
    assert iku.count() == 16
    assert not iku.filter(data_source="").exists() and not iku.filter(formula="").exists()
    assert set(iku.exclude(unit=None).values_list("unit__key", flat=True)) == {
        "sekretariat", "rehsos", "linjamsos", "dayasos", "pfm", "uptd-psaa"}


def test_iku_of_the_2021_2026_renstra_are_the_two_of_tabel_2_5(kukar):
    rows = part(table_json(build_iku(kukar, 2023)), "I")["rows"]
    assert [r["cells"]["5"] for r in rows] == [
        "Nilai SAKIP", "Persentase PMKS yang tertangani Pemenuhan dan Pelayanan Kebutuhan Dasarnya"]
    assert rows[1]["cells"]["8"].startswith("Program Pemberdayaan Sosial; ")


def test_catalog_builds_pk_and_iku_in_every_format(kukar):
    for name in ("pk", "iku"):
        table = REPORTS[name].build(kukar, 2023, layout=None, averaging=None)
        for fmt, output in REPORTS[name].outputs.items():
            if fmt != "pdf":  # LibreOffice: tests/reports/test_docx_pdf.py
                assert output.write(table)
    with pytest.raises(ReportError):
        REPORTS["iku"].build(kukar, 2023, layout=2, averaging=None)


def test_a_year_without_perjanjian_kinerja_is_refused_listing_the_years_held(kukar):
    with pytest.raises(ReportError, match=r"Perjanjian Kinerja 2019 untuk dinsos-kukar\. Yang ada: 2022, 2023"):
        REPORTS["pk"].build(kukar, 2019, layout=None, averaging=None)
    with pytest.raises(ReportError, match=r"LKjIP 2019 tidak dapat disusun\. Yang ada: 2022, 2023"):
        REPORTS["lkjip"].build(kukar, 2019, layout=None, averaging=None)
