"""Importing a plan: elements by code (or by level), indicators with satuan, targets and pagu of year N and the
prakiraan maju N+1, into the Renja revision of year N — previewed, then applied all or nothing and audited."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from kinerja.imports.services import read_file
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry
from kinerja.reports.rencana_export import rencana_xlsx
from kinerja.reports.renja_rencana import build_rencana

from .conftest import FIXTURES, digest, do_import, messages, stored

PLAN_CSV = """Kode,Program/Kegiatan/Sub Kegiatan,Indikator,Satuan,Target,Pagu,Target prakiraan maju,Pagu prakiraan maju
1.06.01,Program Penunjang Urusan Pemerintahan Daerah,Persentase layanan penunjang,%,100 %,"9.999.999",100 %,
1.06.01.2.01,"Perencanaan, Penganggaran, dan Evaluasi Kinerja",Jumlah dokumen perencanaan,Dokumen,5,,6,
1.06.01.2.01.01,Penyusunan Dokumen Renja,Jumlah dokumen Renja,Dokumen,1,"10.000.000",1,"11.000.000"
1.06.01.2.01.02,Penyusunan Laporan Kinerja,Jumlah laporan kinerja,Laporan,312 Orang/bulan,"5.000.000,00",,-
"""


def test_plan_table_creates_elements_indicators_targets_and_pagu(fresh):
    _reading, result = do_import(fresh, PLAN_CSV.encode(), "rencana.csv", 2024, kind="plan")
    assert result.errors == []
    plan = fresh.strategic_plans.get()
    program = m.PlanElement.objects.get(strategic_plan=plan, code="1.06.01")
    kegiatan = m.PlanElement.objects.get(strategic_plan=plan, code="1.06.01.2.01")
    renja = m.PlanElement.objects.get(strategic_plan=plan, code="1.06.01.2.01.0001")  # 01 stored as 0001
    assert (program.level, kegiatan.level, renja.level) == ("program", "kegiatan", "subkegiatan")
    assert kegiatan.parent == program and renja.parent == kegiatan
    revision = m.Revision.objects.get(agency=fresh, document="renja", year=2024)
    assert revision.label == "murni"
    indicator = renja.indicators.get()
    assert (indicator.name, indicator.satuan) == ("Jumlah dokumen Renja", "Dokumen")
    assert m.Target.objects.get(indicator=indicator, revision=revision, kind="renja", year=2024).value == 1
    assert m.Target.objects.get(indicator=indicator, revision=revision, kind="forward", year=2025).value == 1
    assert m.Budget.objects.get(element=renja, revision=revision, kind="renja", year=2024).amount == 10_000_000
    assert m.Budget.objects.get(element=renja, revision=revision, kind="forward", year=2025).amount == 11_000_000
    percent = program.indicators.get()
    assert percent.value_kind == "percent" and percent.satuan == "%"
    # a parent's pagu is the sum of its children's (RULES §5): compared, not stored
    assert not m.Budget.objects.filter(element__in=[program, kegiatan]).exists()
    assert any("pagu induk Rp 9.999.999 berbeda dari jumlah rinciannya (Rp 15.000.000)" in t
               for t in messages(result))
    # a value with its own unit keeps it, and the difference from the satuan is a warning in the preview
    laporan = m.PlanElement.objects.get(strategic_plan__agency=fresh, code="1.06.01.2.01.0002").indicators.get()
    target = m.Target.objects.get(indicator=laporan, kind="renja")
    assert (target.value, target.unit, target.text) == (Decimal(312), "Orang/bulan", "312 Orang/bulan")
    assert any("baris 5, kolom 5 (Target tahun N): satuan 'Orang/bulan' berbeda dari satuan indikator 'Laporan'"
               in t for t in messages(result))
    # "-" in a Rupiah column is Rp 0
    assert m.Budget.objects.get(element=laporan.element, kind="forward").amount == 0
    # one audit entry per change, action "impor"
    changes = sum(len(c.fields) for c in result.changes)
    assert AuditEntry.objects.filter(agency=fresh, action="impor").count() == changes


def test_reimporting_the_same_file_changes_nothing(fresh):
    do_import(fresh, PLAN_CSV.encode(), "rencana.csv", 2024, kind="plan")
    before = stored(), digest()
    _reading, again = do_import(fresh, PLAN_CSV.encode(), "rencana.csv", 2024, kind="plan")
    assert again.changes == [] and again.errors == []
    assert (stored(), digest()) == before


def test_pasted_seed_table_8_imports_as_a_plan_for_a_fresh_agency(fresh):
    text = (FIXTURES / "seed001_tabel8.txt").read_text(encoding="utf-8")
    _reading, result = do_import(fresh, text.encode(), "tempel.txt", 2024, kind="plan")
    assert result.errors == []
    plan = fresh.strategic_plans.get()
    programs = m.PlanElement.objects.filter(strategic_plan=plan, level="program")
    assert programs.count() == 8  # 01, 02, 04, 05, 06, 07, 4 and 5
    assert set(programs.values_list("name", flat=True)) >= {
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "Program Rehabilitasi Sosial",
        "Program Administrasi Pemerintahan Desa"}
    # codes printed without urusan and bidang: placed by their level, stored without a code
    assert not m.PlanElement.objects.filter(strategic_plan=plan).exclude(code="").exists()
    rapat = m.PlanElement.objects.get(strategic_plan=plan, name="Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD")
    assert rapat.level == "subkegiatan" and rapat.parent.name == "Administrasi Umum Perangkat Daerah"
    assert rapat.parent.parent.name == "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    target = m.Target.objects.get(indicator__element=rapat, kind="renja", year=2024)
    assert (target.value, target.text) == (4, "4 Laporan")
    assert m.Budget.objects.get(element=rapat, kind="renja", year=2024).amount == 21_000_000
    unit = rapat.unit or rapat.parent.unit
    assert unit.key == "umum-kepegawaian"  # "DinsosPM / Umum Kepegawaian" on the program row
    kategori = m.Indicator.objects.get(element__strategic_plan=plan, name="Kategori kelurahan")
    assert kategori.value_kind == "category"
    assert m.Target.objects.get(indicator=kategori).category == "Cepat Berkembang"
    gaji = m.Indicator.objects.get(element__strategic_plan=plan,
                                   name="Jumlah Orang yang Menerima Gaji dan Tunjangan ASN")
    assert (gaji.satuan, m.Budget.objects.get(element=gaji.element).amount) == ("Orang/Bulan", 3_379_675_000)
    texts = messages(result)
    assert any(t.startswith("baris 7, kolom 8 (Pagu tahun N (Rp)): pagu induk Rp 3.926.440.000") for t in texts)
    assert any("kode dicetak tanpa urusan dan bidang" in t for t in texts)
    assert any("Target tahun N tanpa indikator, tidak disimpan: baris 68, 69, 70, 71, 72" in t for t in texts)
    # and again: nothing changes
    before = stored()
    _reading, again = do_import(fresh, text.encode(), "tempel.txt", 2024, kind="plan")
    assert again.changes == [] and stored() == before


def test_seed_table_8_with_its_urusan_prefix_names_the_duplicate_codes(fresh):
    text = (FIXTURES / "seed001_tabel8.txt").read_text(encoding="utf-8")
    before = stored()
    _reading, result = do_import(fresh, text.encode(), "tempel.txt", 2024, kind="plan", code_prefix="1.06")
    texts = [p.text() for p in result.errors]
    # "4" (Program Administrasi Pemerintahan Desa) becomes 1.06.04, the code of Program Rehabilitasi Sosial
    assert any(t.startswith("baris 61, kolom 3 (Kode (lengkap)): kode 1.06.04 tertulis dua kali dengan nama "
                            "berbeda: baris 37 'Program Rehabilitasi Sosial'") for t in texts)
    assert stored() == before


def test_unknown_code_needs_its_parent(kukar):
    csv = ("Kode,Program/Kegiatan,Indikator,Satuan,Target\n"
           "0000.01.099,Kegiatan baru impor,Jumlah laporan,Laporan,3\n"
           "0000.77.001,Kegiatan tanpa program,Jumlah laporan,Laporan,3\n")
    before = stored()
    _reading, result = do_import(kukar, csv.encode(), "baru.csv", 2021, kind="plan")
    assert [p.text() for p in result.errors] == [
        "baris 3, kolom 1 (Kode (lengkap)): induk 0000.77 dari kode 0000.77.001 tidak ada, baik dalam berkas maupun "
        "dalam Rencana Strategis Dinas Sosial Kabupaten Kutai Kartanegara 2016-2021 (2016–2021)"]
    assert stored() == before
    _reading, result = do_import(kukar, csv.encode().rsplit(b"\n", 2)[0] + b"\n", "baru.csv", 2021, kind="plan")
    created = m.PlanElement.objects.get(code="0000.01.099")
    assert created.parent.code == "0000.01" and created.level == "kegiatan"
    assert created.unit == created.parent.unit


# Sub kegiatan and kegiatan printed above the kegiatan and program their codes name (seed 000 prints kegiatan
# 0106.30.010 under program 0106.28, above program 0106.30).
PARENTS_BELOW = """Kode,Program/Kegiatan/Sub Kegiatan,Indikator,Satuan,Target,Pagu
1.06.01.2.01.01,Penyusunan Dokumen Renja,Jumlah dokumen Renja,Dokumen,1,"10.000.000"
1.06.01.2.01.02,Penyusunan Laporan Kinerja,Jumlah laporan kinerja,Laporan,2,"5.000.000"
1.06.01.2.01,"Perencanaan, Penganggaran, dan Evaluasi Kinerja",Jumlah dokumen perencanaan,Dokumen,5,
1.06.01,Program Penunjang Urusan Pemerintahan Daerah,Persentase layanan penunjang,%,100 %,
1.06.02,Program Pemberdayaan Sosial,Persentase PSKS aktif,%,60 %,
1.06.02.2.01,Pemberdayaan Sosial Komunitas Adat Terpencil,Jumlah warga KAT,Orang,40,"7.500.000"
"""


def test_a_parent_printed_below_its_rows_is_created_first(fresh):
    before = stored()
    reading = read_file(PARENTS_BELOW.encode(), "induk-di-bawah.csv", year=2024, kind="plan")
    from kinerja.imports.services import preview

    result = preview(fresh, reading)
    assert result.errors == [] and stored() == before
    created = [c.data["code"] for c in result.changes if c.op == "create-element"]
    # in the order they can be created (a parent before its rows), each change on the row that prints it
    assert created == ["1.06.01", "1.06.01.2.01", "1.06.01.2.01.0001", "1.06.01.2.01.0002", "1.06.02",
                       "1.06.02.2.01"]
    line_of = {c.data["code"]: c.line for c in result.changes if c.op == "create-element"}
    assert line_of == {"1.06.01.2.01.0001": 2, "1.06.01.2.01.0002": 3, "1.06.01.2.01": 4, "1.06.01": 5,
                       "1.06.02": 6, "1.06.02.2.01": 7}
    assert [row.status(result) for row in result.rows] == ["baru"] * 6
    for row in result.rows:
        assert {result.changes[i].line for i in row.changes} == {row.line}
    # the same preview twice has the same fingerprint, and the confirmed one applies
    assert preview(fresh, reading).fingerprint() == result.fingerprint()
    _reading, applied = do_import(fresh, PARENTS_BELOW.encode(), "induk-di-bawah.csv", 2024, kind="plan")
    assert applied.fingerprint() == result.fingerprint()
    plan = fresh.strategic_plans.get()
    element = {e.code: e for e in m.PlanElement.objects.filter(strategic_plan=plan)}
    assert element["1.06.01.2.01.0001"].parent == element["1.06.01.2.01"]
    assert element["1.06.01.2.01.0002"].parent == element["1.06.01.2.01"]
    assert element["1.06.01.2.01"].parent == element["1.06.01"] and element["1.06.01"].parent is None
    assert element["1.06.02.2.01"].parent == element["1.06.02"]
    # positions follow the file, as for any import
    by_position = sorted(element.values(), key=lambda e: e.position)
    assert [e.code for e in by_position] == ["1.06.01.2.01.0001", "1.06.01.2.01.0002", "1.06.01.2.01", "1.06.01",
                                             "1.06.02", "1.06.02.2.01"]
    assert m.Budget.objects.get(element=element["1.06.01.2.01.0001"], kind="renja").amount == 10_000_000
    assert m.Target.objects.get(indicator__element=element["1.06.01"], kind="renja").value == 100
    before = stored(), digest()
    _reading, again = do_import(fresh, PARENTS_BELOW.encode(), "induk-di-bawah.csv", 2024, kind="plan")
    assert again.errors == [] and again.changes == [] and (stored(), digest()) == before


def test_a_parent_printed_nowhere_is_an_error_that_says_so(fresh):
    """A kegiatan whose program is neither in the file nor stored is an error saying exactly that; the sub
    kegiatan above it, whose kegiatan is printed below but cannot be placed, names that row. Nothing is written."""
    csv = PARENTS_BELOW.replace("1.06.01,Program Penunjang", "1.06.09,Program Penunjang")
    before = stored()
    _reading, result = do_import(fresh, csv.encode(), "induk-hilang.csv", 2024, kind="plan")
    assert [p.text() for p in result.errors] == [
        "baris 2, kolom 1 (Kode (lengkap)): induk 1.06.01.2.01 dari kode 1.06.01.2.01.0001 tertulis pada baris 4, "
        "tetapi baris itu tidak dapat ditempatkan (lihat galat baris itu)",
        "baris 3, kolom 1 (Kode (lengkap)): induk 1.06.01.2.01 dari kode 1.06.01.2.01.0002 tertulis pada baris 4, "
        "tetapi baris itu tidak dapat ditempatkan (lihat galat baris itu)",
        "baris 4, kolom 1 (Kode (lengkap)): induk 1.06.01 dari kode 1.06.01.2.01 tidak ada, baik dalam berkas maupun "
        "dalam Renstra Uji 2019-2024 (2019–2024)"]
    assert stored() == before


def _rencana_xlsx(agency, year, layout) -> bytes:
    return rencana_xlsx(build_rencana(agency, year, layout=layout))


def test_corrected_file_changes_only_the_changed_cell(kukar, perencana):
    data = _rencana_xlsx(kukar, 2021, 1)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    row = next(r for r in sheet.iter_rows(min_row=7) if r[1].value == "0000.01.001")
    assert row[7].value == 240840000
    row[7].value = 250000000  # pagu 2021 of Penyediaan jasa komunikasi, sumber daya air dan listrik
    buffer = io.BytesIO()
    workbook.save(buffer)
    audits = AuditEntry.objects.count()
    _reading, result = do_import(kukar, buffer.getvalue(), "rencana-2021.xlsx", 2021, kind="plan", user=perencana)
    assert [(c.op, c.fields) for c in result.changes] == [("set-budget", [("amount", "240840000", "250000000")])]
    entry = AuditEntry.objects.exclude(pk__in=AuditEntry.objects.order_by("pk")[:audits]).get()
    assert (entry.action, entry.user, entry.object_type, entry.field, entry.old, entry.new) == (
        "impor", perencana, "plan.budget", "amount", "240840000", "250000000")
    assert m.Budget.objects.get(element__code="0000.01.001", kind="renja", year=2021).amount == 250_000_000
    before = digest()
    _reading, again = do_import(kukar, buffer.getvalue(), "rencana-2021.xlsx", 2021, kind="plan", user=perencana)
    assert again.changes == [] and digest() == before


def test_changed_name_and_satuan_are_updated_with_their_old_values(fresh):
    do_import(fresh, PLAN_CSV.encode(), "rencana.csv", 2024, kind="plan")
    corrected = PLAN_CSV.replace("Penyusunan Dokumen Renja", "Penyusunan Dokumen Renja Perangkat Daerah").replace(
        "Jumlah dokumen Renja,Dokumen", "Jumlah dokumen Renja,Buku")
    _reading, result = do_import(fresh, corrected.encode(), "rencana.csv", 2024, kind="plan")
    assert sorted((c.op, c.fields[0]) for c in result.changes) == [
        ("update-element", ("name", "Penyusunan Dokumen Renja", "Penyusunan Dokumen Renja Perangkat Daerah")),
        ("update-indicator", ("satuan", "Dokumen", "Buku"))]
    element = m.PlanElement.objects.get(strategic_plan__agency=fresh, code="1.06.01.2.01.0001")
    assert element.name == "Penyusunan Dokumen Renja Perangkat Daerah" and element.version == 1


def test_uncoded_rows_are_placed_by_level(fresh):
    csv = ("Program/Kegiatan,Indikator,Satuan,Target,Pagu\n"
           "Program Perlindungan Sosial,Persentase PMKS terlayani,%,80 %,\n"
           "Pendataan Fakir Miskin,Jumlah data,Orang,1000,\"46.199.740\"\n")
    _reading, result = do_import(fresh, csv.encode(), "tanpa-kode.csv", 2024, kind="plan")
    assert result.errors == []
    child = m.PlanElement.objects.get(name="Pendataan Fakir Miskin")
    assert (child.level, child.parent.name, child.code) == ("kegiatan", "Program Perlindungan Sosial", "")
    assert any("kegiatan baru tanpa kode: baris 3" in t for t in messages(result))


def test_stale_preview_is_refused(fresh):
    from kinerja.imports.services import StalePreview, apply, preview

    reading = read_file(PLAN_CSV.encode(), "rencana.csv", year=2024, kind="plan")
    first = preview(fresh, reading)
    do_import(fresh, PLAN_CSV.replace("5,,6", "7,,6").encode(), "lain.csv", 2024, kind="plan")
    before = stored()
    try:
        apply(fresh, reading, fingerprint=first.fingerprint())
    except StalePreview as exc:
        assert "berubah sejak pratinjau" in str(exc)
    else:
        raise AssertionError("a stale preview was applied")
    assert stored() == before
