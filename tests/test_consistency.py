"""Consistency of stored data (kinerja.consistency): the demo agencies' findings as checked by hand against the
transcriptions, each check on a synthetic agency, and a query count that does not grow with the rows."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.consistency import (
    IMPLAUSIBLE_CUMULATIVE,
    INCOMPLETE_INDICATOR,
    KINDS,
    MISSING_TARGET,
    NOT_IN_RENSTRA,
    PARENT_PAGU,
    UNIT_MISMATCH,
    CheckError,
    check_agency,
    to_json,
    to_text,
)
from kinerja.plan import models as m


def counts(agency, year=None):
    return {kind: n for kind, n in check_agency(agency, year).counts().items() if n}


def finding(report, kind, code, indicator_start=""):
    found = [f for f in report.findings if f.kind == kind and f.reference == code
             and (f.indicator.name if f.indicator else "").startswith(indicator_start)]
    assert len(found) == 1, (kind, code, found)
    return found[0]


# -- the demo agencies -----------------------------------------------------------------------------------------


def test_kukar_2021_renja_against_the_renstra(kukar):
    # The Renstra of seed 000 is stored from the 2019 evaluation table (col 5). Of the 76 kegiatan of the Renja 2021
    # (rencana-2021.csv), 51 are in it: 48 under the same key and the three moved to another program in 2021
    # (0106.28.002, 0106.28.011, 0106.30.010), which map from their 2019 element. The other 25 and the program
    # 0000.03 (Program peningkatan disiplin aparatur) appear only in the Renja 2021.
    report = check_agency(kukar, 2021)
    assert counts(kukar, 2021) == {NOT_IN_RENSTRA: 26, MISSING_TARGET: 30}
    (konsistensi,) = report.konsistensi
    assert (konsistensi.year, konsistensi.consistent, konsistensi.total) == (2021, 51, 76)
    assert konsistensi.as_dict()["percent"] == "67.11"  # 51 / 76 × 100 = 67,105…
    not_in = {f.reference for f in report.of_kind(NOT_IN_RENSTRA)}
    assert {"0000.03", "0000.03.002", "0000.06.002", "0106.29.003"} <= not_in
    assert not {"0106.28.002", "0106.28.011", "0106.30.010", "0000.01.015"} & not_in  # moved (maps_to); kept
    program = finding(report, NOT_IN_RENSTRA, "0000.03")
    assert program.detail == "Program Renja 2021 murni tanpa target atau pagu Renstra"
    # A 2019 indicator whose element is in the Renja 2021 under a reworded indicator has no 2021 target.
    surat = finding(report, MISSING_TARGET, "0000.01.015")
    assert surat.indicator.name == "Jumlah surat" and surat.year == 2021


def test_kukar_2019_is_consistent(kukar):
    report = check_agency(kukar, 2019)
    assert report.findings == []
    assert [k.as_dict() for k in report.konsistensi] == [
        {"year": 2019, "consistent": 54, "total": 54, "percent": "100.00"}]


def test_tarakan_2024_renja_against_the_renstra(tarakan):
    # Tabel 1 of seed 001 (col 4, Renstra targets) has 13 of the 15 kegiatan of Tabel 8 (Renja 2024): not
    # 1.06.01.2.01 Perencanaan, Penganggaran, dan Evaluasi Kinerja (Tabel 8 line 902, 0 Dokumen) nor 1.06.02.2.02
    # Pengumpulan Sumbangan (line 927, 0 Izin).
    report = check_agency(tarakan, 2024)
    assert counts(tarakan, 2024) == {NOT_IN_RENSTRA: 2, MISSING_TARGET: 8, INCOMPLETE_INDICATOR: 1,
                                     IMPLAUSIBLE_CUMULATIVE: 2}
    assert [k.as_dict() for k in report.konsistensi] == [
        {"year": 2024, "consistent": 13, "total": 15, "percent": "86.67"}]
    assert {f.reference for f in report.of_kind(NOT_IN_RENSTRA)} == {"1.06.01.2.01", "1.06.02.2.02"}
    # Tabel 1's wording of the program indicator, replaced in Tabel 8 by a reworded one that has the target.
    program = finding(report, MISSING_TARGET, "1.06.04", "Persentase Penyandang Disabilitas, Anak terlantar")
    assert program.year == 2024


def test_tarakan_2022_units_mixed_between_target_and_realisation(tarakan):
    report = check_agency(tarakan, 2022)
    # 37 with the projection's next-year targets (kinerja.plan.units; tests/units for the declarations).
    assert counts(tarakan, 2022) == {INCOMPLETE_INDICATOR: 1, UNIT_MISMATCH: 37, IMPLAUSIBLE_CUMULATIVE: 2}
    assert report.konsistensi[0].as_dict()["percent"] == "100.00"
    # Penyediaan Permakanan: target and realisation 2022 printed "200 Orang / Kali", the Renstra target "200 Orang";
    # the demo declares "Orang / Kali" the same unit as "Orang", so the difference is listed as settled.
    assert not [f for f in report.of_kind(UNIT_MISMATCH) if f.reference == "1.06.04.2.01.0001"]
    permakanan = next(f for f in report.settled if f.reference == "1.06.04.2.01.0001")
    assert permakanan.year == 2022
    assert permakanan.detail == (
        "realisasi 2022 200 Orang / Kali, target Renja 2023 murni (ditambahkan dalam proyeksi 2022) 200 Orang; "
        "realisasi 2022 200 Orang / Kali, target akhir periode Renstra 2024 200 Orang — diselesaikan oleh "
        "kesetaraan satuan: Orang / Kali = Orang")
    # Rapat koordinasi: realised in Kali (s/d 2021 and 2022), planned in Laporan.
    rapat = [f for f in report.of_kind(UNIT_MISMATCH) if f.reference == "1.06.01.2.06.0009"]
    assert [(f.year, f.detail) for f in rapat] == [
        (2021, "realisasi s/d 2021 10 Kali, target akhir periode Renstra 2024 4 Laporan"),
        (2022, "realisasi 2022 11 Kali, target Renja 2023 murni (ditambahkan dalam proyeksi 2022) 4 Laporan; "
               "realisasi 2022 11 Kali, target akhir periode Renstra 2024 4 Laporan")]


def test_tarakan_implausible_cumulative_follows_the_aggregation(tarakan):
    report = check_agency(tarakan, 2022)
    kpm = finding(report, IMPLAUSIBLE_CUMULATIVE, "1.06.05.2.02.0003")
    assert kpm.detail == ("realisasi kumulatif s/d 2022 (SUM) 11.319 KPM = 3,68 × target akhir periode Renstra 2024 "
                          "3.073 KPM")  # 8.246 s/d 2021 + 3.073 in 2022
    assert finding(report, IMPLAUSIBLE_CUMULATIVE, "2.13.04.2.01.0018").detail.endswith("= 6,00 × target akhir "
                                                                                        "periode Renstra 2024 "
                                                                                        "4 Kelurahan")
    # Pendataan Fakir Miskin (target 2022 12.500 KPM): a level (LAST), so s/d 2022 is 10.351 KPM, not
    # 1.503 + 10.351, against 10.000 KPM: plausible, and target and realisation share the unit.
    assert not [f for f in report.of_kind(IMPLAUSIBLE_CUMULATIVE) if f.reference == "1.06.05.2.02.0001"]


def test_tarakan_tujuan_indicator_printed_without_satuan(tarakan):
    # Tabel 5 of seed 001 (line 753) prints the tujuan indicator without satuan or target.
    (incomplete,) = check_agency(tarakan, 2024).of_kind(INCOMPLETE_INDICATOR)
    assert incomplete.element.level == "tujuan" and incomplete.year is None
    assert incomplete.indicator.name.startswith("Menurunnya angka Penyandang Masalah Kesejahteraan Sosial")
    assert incomplete.detail == "belum ditetapkan: satuan"


@pytest.mark.parametrize("slug", ["dinsos-kukar", "dinsospm-tarakan"])
def test_without_a_year_every_renja_year_is_checked_as_on_its_own(db, slug):
    agency = m.Agency.objects.get(slug=slug)
    report = check_agency(agency)
    assert report.years and [k.year for k in report.konsistensi] == report.years
    for year in report.years:
        alone = check_agency(agency, year)
        assert alone.konsistensi == [k for k in report.konsistensi if k.year == year]
        for kind in (NOT_IN_RENSTRA, MISSING_TARGET):
            assert alone.of_kind(kind) == [f for f in report.of_kind(kind) if f.year == year]


def test_a_year_without_a_renja_names_the_years_there_are(tarakan):
    with pytest.raises(CheckError, match="Belum ada Renja 2020 untuk dinsospm-tarakan. Tahun Renja yang ada: "
                                         "2022, 2023, 2024"):
        check_agency(tarakan, 2020)


def test_text_and_json(tarakan):
    report = check_agency(tarakan, 2024)
    lines = to_text(report).splitlines()
    assert lines[0].startswith("[not-in-renstra] 2024 1.06.01.2.01 Perencanaan, Penganggaran, dan Evaluasi")
    assert lines[-2] == ("Tingkat konsistensi Renstra dan Renja 2024: 13 dari 15 kegiatan Renja ada di Renstra = "
                         "86,67 %")
    assert lines[-1] == ("13 temuan: 2 not-in-renstra, 8 missing-target, 1 incomplete-indicator, "
                         "2 implausible-cumulative.")
    data = json.loads(to_json(report))
    assert data["counts"] == {kind: n for kind, n in zip(KINDS, (0, 2, 8, 1, 0, 2), strict=True)}
    first = data["findings"][0]
    assert first["kind"] == "not-in-renstra" and first["year"] == 2024 and first["indicator"] is None
    assert first["element"]["code"] == "1.06.01.2.01" and first["element"]["level"] == "kegiatan"


def test_queries_do_not_grow_with_rows(kukar, tarakan, django_assert_max_num_queries):
    # 13: the kesetaraan satuan in force are read once per Renstra period read (kinerja.plan.units).
    with django_assert_max_num_queries(13):
        check_agency(kukar, 2021)
    with django_assert_max_num_queries(13):
        check_agency(tarakan)


# -- synthetic agencies ------------------------------------------------------------------------------------------


def build(slug: str, kegiatan: int = 1):
    """A clean agency: Renstra 2021–2025, Renja 2022; one program (own pagu = the sum of its kegiatan) and
    ``kegiatan`` kegiatan, each with a Renstra target and pagu, a 2022 target, pagu and quarterly realisation."""
    region = m.Region.objects.create(slug=f"{slug}-region", name=f"Kota {slug}", kind="kota")
    agency = m.Agency.objects.create(region=region, slug=slug, name=f"Dinas {slug}")
    unit = m.Unit.objects.create(agency=agency, key="bidang", name="Bidang", kind="bidang")
    plan = m.StrategicPlan.objects.create(agency=agency, key="renstra", name="Renstra", first_year=2021,
                                          last_year=2025, code_scheme="permendagri-90")
    renstra = m.Revision.objects.create(agency=agency, strategic_plan=plan, key="renstra", document="renstra")
    renja = m.Revision.objects.create(agency=agency, strategic_plan=plan, key="renja-2022", document="renja",
                                      year=2022, number=1)
    program = m.PlanElement.objects.create(strategic_plan=plan, level="program", key="P1", code="1.06.04",
                                           name="Program Rehabilitasi Sosial", unit=unit)
    outcome = m.Indicator.objects.create(element=program, name="Persentase PMKS tertangani", satuan="%",
                                         aggregation="LAST", value_kind="percent")
    m.Target.objects.create(indicator=outcome, revision=renstra, kind="renstra_end", year=2025, value=100)
    m.Target.objects.create(indicator=outcome, revision=renja, kind="renja", year=2022, value=90)
    m.Realisation.objects.create(indicator=outcome, year=2022, period=4, value=Decimal("87.5"))
    m.Budget.objects.create(element=program, revision=renja, kind="renja", year=2022, amount=kegiatan * 1_000_000)
    for n in range(1, kegiatan + 1):
        activity = m.PlanElement.objects.create(strategic_plan=plan, parent=program, level="kegiatan",
                                                key=f"P1.K{n}", code=f"1.06.04.2.{n:02d}", name=f"Kegiatan {n}",
                                                unit=unit, position=n)
        output = m.Indicator.objects.create(element=activity, name=f"Jumlah orang dilayani {n}", satuan="Orang",
                                            aggregation="SUM")
        m.Target.objects.create(indicator=output, revision=renstra, kind="renstra_end", year=2025, value=100)
        m.Target.objects.create(indicator=output, revision=renja, kind="renja", year=2022, value=20)
        for quarter in (1, 2):
            m.Realisation.objects.create(indicator=output, year=2022, period=quarter, value=10)
        m.Budget.objects.create(element=activity, revision=renstra, kind="renstra_end", year=2025, amount=5_000_000)
        m.Budget.objects.create(element=activity, revision=renja, kind="renja", year=2022, amount=1_000_000)
    return agency


@pytest.fixture
def clean(db):
    return build("dinsos-bersih")


def test_clean_agency_has_no_finding(clean):
    report = check_agency(clean, 2022)
    assert report.findings == []
    assert [k.as_dict() for k in report.konsistensi] == [
        {"year": 2022, "consistent": 1, "total": 1, "percent": "100.00"}]
    assert to_text(report).endswith("Tidak ada temuan.\n")


def _activity(agency):
    return m.PlanElement.objects.get(strategic_plan__agency=agency, key="P1.K1")


def _parent_pagu(agency):
    m.Budget.objects.filter(element__key="P1", element__strategic_plan__agency=agency).update(amount=1_500_000)


def _new_kegiatan(agency):
    program = m.PlanElement.objects.get(strategic_plan__agency=agency, key="P1")
    extra = m.PlanElement.objects.create(strategic_plan=program.strategic_plan, parent=program, level="kegiatan",
                                         key="P1.K9", code="1.06.04.2.09", name="Kegiatan baru", position=9)
    m.Budget.objects.create(element=extra, revision=m.Revision.objects.get(agency=agency, key="renja-2022"),
                            kind="renja", year=2022, amount=0)


def _second_indicator(agency):
    m.Indicator.objects.create(element=_activity(agency), position=1, name="Jumlah kelompok", satuan="Kelompok",
                               aggregation="SUM")


def _no_aggregation(agency):
    m.Indicator.objects.filter(element=_activity(agency)).update(aggregation="", satuan="")


def _unit(agency):
    m.Realisation.objects.filter(indicator__element=_activity(agency), period=2).update(unit="Kali")


def _implausible(agency):
    m.Realisation.objects.filter(indicator__element=_activity(agency), period=2).update(value=400)


@pytest.mark.parametrize(("fault", "expected", "detail"), [
    (_parent_pagu, {PARENT_PAGU: 1},
     "pagu Renja 2022 (Renja 2022 murni) Rp 1.500.000; jumlah pagu rinciannya Rp 1.000.000, selisih Rp 500.000"),
    (_new_kegiatan, {NOT_IN_RENSTRA: 1}, "Kegiatan Renja 2022 murni tanpa target atau pagu Renstra"),
    (_second_indicator, {MISSING_TARGET: 1},
     "tidak ada target Renja 2022 murni untuk indikator ini, padahal kegiatan ini ada di Renja 2022"),
    (_no_aggregation, {INCOMPLETE_INDICATOR: 1}, "belum ditetapkan: satuan, jenis agregasi (SUM/LAST/MAX/MIN)"),
    (_unit, {UNIT_MISMATCH: 1}, "realisasi 2022 TW II 10 Kali, target Renja 2022 murni 20 Orang; realisasi 2022 "
                                "TW II 10 Kali, target akhir periode Renstra 2025 100 Orang"),
    (_implausible, {IMPLAUSIBLE_CUMULATIVE: 1},
     "realisasi kumulatif s/d 2022 (SUM) 410 Orang = 4,10 × target akhir periode Renstra 2025 100 Orang"),
])
def test_each_check_finds_its_fault(clean, fault, expected, detail):
    fault(clean)
    report = check_agency(clean, 2022)
    assert counts(clean, 2022) == expected
    assert report.findings[0].detail == detail


def test_a_carried_cumulative_alone_is_checked_against_the_end_target(clean):
    # Only "s/d 2021" reported (no later year): the cumulative is that figure.
    indicator = m.Indicator.objects.get(element=_activity(clean))
    indicator.realisations.all().delete()
    m.CarriedRealisation.objects.create(indicator=indicator, through_year=2021, value=350)
    (found,) = check_agency(clean).findings
    assert (found.kind, found.year) == (IMPLAUSIBLE_CUMULATIVE, 2021)
    assert found.detail == ("realisasi kumulatif s/d 2021 (SUM) 350 Orang = 3,50 × target akhir periode Renstra "
                            "2025 100 Orang")


def test_a_new_kegiatan_lowers_the_tingkat_konsistensi(clean):
    _new_kegiatan(clean)
    assert [k.as_dict()["percent"] for k in check_agency(clean, 2022).konsistensi] == ["50.00"]


def test_an_element_of_a_later_year_is_in_the_renstra_through_the_element_it_maps_from(clean):
    _new_kegiatan(clean)
    m.PlanElement.objects.filter(pk=_activity(clean).pk).update(
        maps_to=m.PlanElement.objects.get(key="P1.K9", strategic_plan__agency=clean))
    report = check_agency(clean, 2022)
    assert report.findings == [] and report.konsistensi[0].as_dict()["percent"] == "100.00"


def test_query_count_is_the_same_for_1_and_40_kegiatan(db):
    small, large = build("dinsos-kecil", 1), build("dinsos-besar", 40)
    measured = []
    for agency in (small, large):
        with CaptureQueriesContext(connection) as queries:
            report = check_agency(agency, 2022)
        assert report.findings == []
        measured.append(len(queries.captured_queries))
    assert measured[0] == measured[1]
