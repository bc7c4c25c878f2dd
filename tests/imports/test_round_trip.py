"""Every table Kinerja exports imports back to the same data: importing the renja-evaluasi and renja-rencana
exports (both layouts, XLSX and CSV) into the database they came from reports no change and no problem."""

from pathlib import Path

import pytest
from django.db.models import Q

from kinerja.plan import models as m
from kinerja.reports.evaluation_export import evaluation_csv
from kinerja.reports.evaluation_sheet import evaluation_xlsx
from kinerja.reports.rencana_export import rencana_csv, rencana_xlsx
from kinerja.reports.renja_evaluation import build_evaluation
from kinerja.reports.renja_rencana import build_rencana
from tests.reports.samples import YEARS, agency_of

from .conftest import do_import, stored

CASES = [("dinsos-kukar", 2019, 2021), ("dinsospm-tarakan", 2022, 2024)]
WRITERS = {"evaluasi": {"xlsx": evaluation_xlsx, "csv": evaluation_csv},
           "rencana": {"xlsx": rencana_xlsx, "csv": rencana_csv}}


def export(report: str, agency, year: int, layout: int, fmt: str) -> bytes:
    table = (build_evaluation if report == "evaluasi" else build_rencana)(agency, year, layout=layout)
    return WRITERS[report][fmt](table)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("layout", [1, 2])
@pytest.mark.parametrize(("slug", "evaluated", "planned"), CASES)
def test_exports_import_back_unchanged(db, slug, evaluated, planned, layout, fmt):
    agency = m.Agency.objects.get(slug=slug)
    before = stored()
    imports = [("rencana", planned, "plan"), ("evaluasi", evaluated, "plan"), ("evaluasi", evaluated, "realisation")]
    for report, year, kind in imports:
        data = export(report, agency, year, layout, fmt)
        reading, result = do_import(agency, data, f"{report}-{year}.{fmt}", year, kind=kind)
        assert not reading.needs_mapping, (report, kind, reading.layout.unsure)
        assert [p.text() for p in result.problems] == [], (report, kind)
        assert result.changes == [], (report, kind, [c.as_dict() for c in result.changes[:3]])
        assert result.unchanged > 0
        assert len(reading.rows) > 10
    assert stored() == before


@pytest.mark.parametrize("layout", [1, 2])
def test_quarterly_realisations_round_trip(kukar, layout):
    """Quarters imported, exported in the evaluation table (layout 1 prints TW I–IV, layout 2 only the year's
    total), and imported again: nothing changes."""
    csv = ("Kode,Kegiatan,Indikator,Realisasi TW I,Realisasi TW I (Rp),Realisasi TW II,Realisasi TW II (Rp),"
           "Realisasi TW III,Realisasi TW IV\n"
           "0106.27.001,x,Jumlah anak dan perempuan korban tindak kekerasan dan perlakuan salah yang menerima "
           'rehabilitasi psikososial (orang),10,"20.000.000",12,"25.000.000",8,5\n'
           "0106.27,Program Rehabilitasi Sosial Bagi PMKS,Persentase PMKS yang tertangani,40 %,,55 %,,60 %,72,5 %\n")
    _reading, first = do_import(kukar, csv.encode(), "tw.csv", 2021)
    assert first.errors == [] and len(first.changes) == 10
    before = stored()
    data = evaluation_xlsx(build_evaluation(kukar, 2021, layout=layout))
    reading, again = do_import(kukar, data, "evaluasi-2021.xlsx", 2021, kind="realisation")
    assert [p.text() for p in again.problems] == []
    assert again.changes == []
    assert again.unchanged >= (10 if layout == 1 else 2)  # the quarters (layout 1) or their year totals (layout 2)
    assert stored() == before


def test_the_printed_seed_000_evaluation_imports_onto_its_transcription(kukar):
    """Seed 000 §2.1 as printed (text from a PDF: rows one cell off, a wrapped name) against the demo data
    transcribed from it: nothing changes; the program Rupiah the document printed that are not the sum of their
    kegiatan (RULES §5, the verifier's findings) are the warnings."""
    text = (Path(__file__).resolve().parents[1] / "verify" / "fixtures" / "seed000_renja2019_evaluasi.txt").read_bytes()
    before = stored()
    for kind in ("realisation", "plan"):
        reading, result = do_import(kukar, text, "tabel-2-1.txt", 2019, kind=kind)
        assert result.errors == [] and result.changes == [] and result.unchanged > 100, kind
        warnings = [p.text() for p in result.warnings]
        if kind == "plan":
            assert any(t.startswith("baris 8, kolom 10 (Pagu tahun N (Rp)): pagu induk Rp 1.417.706.440 berbeda dari "
                                    "jumlah rinciannya (Rp 1.467.706.440)") for t in warnings)
        else:
            assert any("realisasi anggaran induk Rp 369.297.412 berbeda dari jumlah rinciannya" in t for t in warnings)
        assert any("digabung ke baris 61, nama (+'Tenggarong')" in t for t in warnings)
    assert stored() == before


def emptied_copy(source):
    """A new agency with the source's units, Renstra periods and category scales, and no plan data at all."""
    agency = m.Agency.objects.create(region=source.region, slug=f"{source.slug}-salinan", name=source.name)
    for unit in source.units.all():
        m.Unit.objects.create(agency=agency, key=unit.key, name=unit.name, kind=unit.kind)
    for plan in source.strategic_plans.all():
        m.StrategicPlan.objects.create(agency=agency, key=plan.key, name=plan.name, first_year=plan.first_year,
                                       last_year=plan.last_year, code_scheme=plan.code_scheme)
    for scale in source.scales.all():
        m.CategoryScale.objects.create(agency=agency, key=scale.key, name=scale.name, categories=scale.categories)
    return agency


def plan_values(agency, year: int) -> set[tuple]:
    """The figures of the Renja of year N in force (its latest revision), by element code and indicator name: the
    targets of N and the prakiraan maju N+1 with their effective unit (the target's own, else the indicator's
    satuan), and the pagu of the elements that carry one."""
    revision = max(m.Revision.objects.filter(agency=agency, document="renja", year=year),
                   key=lambda r: (r.number, r.date or r.pk, r.pk))
    wanted = Q(kind="renja", year=year) | Q(kind="forward", year=year + 1)
    targets = m.Target.objects.filter(wanted, revision=revision).select_related("indicator__element")
    budgets = m.Budget.objects.filter(wanted, revision=revision).select_related("element")
    return ({("target", t.indicator.element.code, t.indicator.name, t.kind, t.year, t.value, t.category,
              t.unit or t.indicator.satuan) for t in targets}
            | {("pagu", b.element.code, b.kind, b.year, b.amount) for b in budgets})


@pytest.mark.parametrize("layout", [1, 2])
def test_rencana_export_recreates_the_plan_in_an_emptied_copy(db, layout):
    """The renja-rencana XLSX of dinsospm-tarakan 2022 imported into an agency without any plan creates every
    element, indicator, target and pagu with the same values; importing it again changes nothing."""
    source = m.Agency.objects.get(slug="dinsospm-tarakan")
    copy = emptied_copy(source)
    data = rencana_xlsx(build_rencana(source, 2022, layout=layout))
    _reading, result = do_import(copy, data, "rencana-2022.xlsx", 2022, kind="plan")
    assert result.errors == [] and len(result.changes) > 100
    recreated = plan_values(copy, 2022)
    assert len(recreated) >= 45 and recreated == plan_values(source, 2022)
    _reading, again = do_import(copy, data, "rencana-2022.xlsx", 2022, kind="plan")
    assert again.errors == [] and again.changes == []


@pytest.mark.parametrize(("year", "layout"), [(2019, 1), (2019, 2), (2021, 1), (2021, 2)])
def test_rencana_export_of_dinsos_kukar_recreates_the_plan_in_an_emptied_copy(db, year, layout):
    """Pre-2020 codes, transcribed from seed 000. 2019 prints kegiatan 0106.30.010 under program 0106.28, above
    program 0106.30 that its code names: it is placed under 0106.30, created first. 2021 prints program 0000.05
    with the indicator *rata-rata nilai kinerja SKP* (a row once left out as an average line, its kegiatan then
    without a parent). Layout 2 prints no prakiraan maju: only the values of year N are compared."""
    source = m.Agency.objects.get(slug="dinsos-kukar")
    copy = emptied_copy(source)
    data = rencana_xlsx(build_rencana(source, year, layout=layout))
    _reading, result = do_import(copy, data, f"rencana-{year}.xlsx", year, kind="plan")
    assert [p.text() for p in result.errors] == [] and len(result.changes) > 200

    def printed(values: set[tuple]) -> set[tuple]:
        return values if layout == 1 else {v for v in values if "forward" not in v}

    recreated = plan_values(copy, year)
    assert len(recreated) >= 100 and recreated == printed(plan_values(source, year))
    element = {e.code: e for e in m.PlanElement.objects.filter(strategic_plan__agency=copy).exclude(code="")}
    if year == 2019:
        assert element["0106.30.010"].parent == element["0106.30"]
        uncoded = m.PlanElement.objects.filter(strategic_plan__agency=copy, code="").order_by("position")
        assert [(e.level, e.parent.code) for e in uncoded] == [
            ("kegiatan", "0000.02"), ("kegiatan", "0106.28"), ("kegiatan", "0106.30"), ("kegiatan", "0106.30")]
        assert [e.name for e in uncoded] == list(m.PlanElement.objects.filter(
            strategic_plan__agency=source, code="", level="kegiatan").order_by("position").values_list("name",
                                                                                                         flat=True))
    else:
        assert element["0000.05.001"].parent == element["0000.05"]
        assert element["0000.05"].indicators.get().name == "rata-rata nilai kinerja SKP"
    _reading, again = do_import(copy, data, f"rencana-{year}.xlsx", year, kind="plan")
    assert again.errors == [] and again.changes == []


# The exports that are not import formats (docs/import.md, "Kinerja's own exports"): the importer reads none of
# them as plan or realisation data — each needs a column mapping and has errors — and nothing is written.
NOT_IMPORT_FORMATS = [("tujuan-sasaran", "dinsospm-tarakan", 2022)] + [
    (name, agency_of(name), year) for name, year in YEARS.items()
    if name not in ("renja-evaluasi", "renja-rencana", "tujuan-sasaran")]


def test_every_xlsx_export_is_either_an_import_format_or_listed_here():
    from kinerja.reports.catalog import REPORTS

    xlsx = {name for name, report in REPORTS.items() if "xlsx" in report.outputs}
    assert xlsx == {"renja-evaluasi", "renja-rencana"} | {name for name, _slug, _year in NOT_IMPORT_FORMATS}


@pytest.mark.parametrize(("name", "slug", "year"), NOT_IMPORT_FORMATS)
def test_exports_that_are_not_import_formats_are_refused(db, name, slug, year):
    from kinerja.imports.services import preview as preview_of
    from kinerja.imports.services import read_file
    from kinerja.reports.catalog import REPORTS

    agency = m.Agency.objects.get(slug=slug)
    report = REPORTS[name]
    data = report.outputs["xlsx"].write(report.build(agency, year))
    before = stored()
    for kind in ("plan", "realisation"):
        reading = read_file(data, f"{name}-{year}.xlsx", year=year, kind=kind)
        result = preview_of(agency, reading)
        assert reading.needs_mapping and result.errors and result.changes == [], (kind, reading.layout.unsure)
    assert stored() == before


def test_the_printed_seed_001_tabel_1_is_refused_for_its_own_code_errors(db):
    """Seed 001 Tabel 1 as pasted, onto the demo data transcribed from it: every row is matched, and the import is
    refused for the codes the document itself prints wrongly (the Renja evaluation report flags the same codes) —
    each error names its row and column, and nothing is written."""
    agency = m.Agency.objects.get(slug="dinsospm-tarakan")
    text = (Path(__file__).resolve().parents[1] / "verify" / "fixtures" / "seed001_tabel1.txt").read_bytes()
    before = stored()
    reading, result = do_import(agency, text, "tabel-1.txt", 2022, kind="plan")
    assert not reading.needs_mapping and result.unchanged >= 40
    assert [p.text() for p in result.errors] == [
        "baris 60, kolom 1 (Kode (lengkap)): kode 1.06.01.2.06 tertulis dua kali dengan nama berbeda: baris 12 "
        "'Administrasi Umum Perangkat Daerah', baris ini 'PROGRAM PENANGANAN BENCANA'",
        "baris 70, kolom 1 (Kode (lengkap)): kode '2.013.04' tidak sesuai skema permendagri-90 (the bidang is two "
        "digits, got '013')",
        "baris 71, kolom 1 (Kode (lengkap)): kode '2.13.04.2.01.0' tidak sesuai skema permendagri-90 (a sub kegiatan "
        "is four digits (0001) or two (01), got '0')",
        "baris 73, kolom 1 (Kode (lengkap)): kode '2.013.05' tidak sesuai skema permendagri-90 (the bidang is two "
        "digits, got '013')"]
    assert stored() == before
