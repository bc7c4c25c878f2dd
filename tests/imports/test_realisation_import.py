"""Importing realisations: per quarter (K and Rp) or a year's total, matched by element code and indicator name;
an operator only for the unit's own indicators; locked quarters stay as they are."""

import pytest

from kinerja.accounts.models import Role
from kinerja.imports.services import ImportRefused, apply, preview, read_file
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry, QuarterReport, Status

from .conftest import digest, do_import, member, stored

RPTC = "Jumlah anak dan perempuan korban tindak kekerasan dan perlakuan salah yang menerima rehabilitasi psikososial"
HEADER = "Kode,Kegiatan,Indikator,Realisasi TW I,Realisasi TW I (Rp),Realisasi TW II,Realisasi TW II (Rp)\n"
ROW = f'0106.27.001,pelayanan RPTC,{RPTC} (orang),10,"20.000.000",12,"25.000.000"\n'


def rptc():
    return m.Indicator.objects.get(element__code="0106.27.001", element__strategic_plan__agency__slug="dinsos-kukar")


def test_operator_imports_quarters_of_the_units_own_indicator(kukar, operator_rehsos):
    _reading, result = do_import(kukar, (HEADER + ROW).encode(), "tw.csv", 2021, user=operator_rehsos)
    assert result.errors == [] and result.options.kind == "realisation"
    indicator = rptc()
    values = dict(m.Realisation.objects.filter(indicator=indicator, year=2021).values_list("period", "value"))
    assert values == {1: 10, 2: 12}
    amounts = dict(m.BudgetRealisation.objects.filter(element=indicator.element, year=2021).values_list(
        "period", "amount"))
    assert amounts == {1: 20_000_000, 2: 25_000_000}
    entries = AuditEntry.objects.filter(agency=kukar, action="impor", user=operator_rehsos)
    assert entries.count() == 4
    # the same file again changes nothing; a corrected one changes only that value
    before = digest()
    _reading, again = do_import(kukar, (HEADER + ROW).encode(), "tw.csv", 2021, user=operator_rehsos)
    assert again.changes == [] and digest() == before
    _reading, corrected = do_import(kukar, (HEADER + ROW.replace(",12,", ",13,")).encode(), "tw.csv", 2021,
                                    user=operator_rehsos)
    assert [(c.op, c.fields) for c in corrected.changes] == [("set-realisation", [("value", "12", "13")])]
    assert entries.count() == 5
    latest = entries.order_by("-pk").first()
    assert (latest.object_type, latest.field, latest.old, latest.new) == ("plan.realisation", "value",
                                                                          "12", "13")
    assert m.Realisation.objects.get(indicator=indicator, year=2021, period=2).value == 13


def test_operator_cannot_import_another_units_indicator(kukar, operator_rehsos):
    other = ("0106.29.001,Penunjang Operasional Pendampingan Program Keluarga Harapan,"
             'Jumlah Pendamping Program Keluarga Harapan,5,"1.000.000",,\n')
    before = stored()
    _reading, result = do_import(kukar, (HEADER + ROW + other).encode(), "tw.csv", 2021, user=operator_rehsos)
    assert [p.text() for p in result.errors] == [
        "baris 3, kolom 4 (Realisasi TW I (K)): realisasi ini tanggung jawab Bidang Perlindungan dan Jaminan "
        "Sosial: Anda hanya dapat mengimpor realisasi unit Anda (Bidang Rehabilitasi Sosial)",
        "baris 3, kolom 5 (Realisasi TW I (Rp)): realisasi ini tanggung jawab Bidang Perlindungan dan Jaminan "
        "Sosial: Anda hanya dapat mengimpor realisasi unit Anda (Bidang Rehabilitasi Sosial)"]
    assert stored() == before  # nothing at all, not even the operator's own row


def test_unknown_code_in_a_realisation_import_names_the_row(kukar):
    before = stored()
    _reading, result = do_import(kukar, (HEADER + ROW + ROW.replace("0106.27.001", "0106.27.099")).encode(),
                                 "tw.csv", 2021)
    assert [p.text() for p in result.errors] == [
        "baris 3, kolom 1 (Kode (lengkap)): kode 0106.27.099 tidak ada dalam Rencana Strategis Dinas Sosial "
        "Kabupaten Kutai Kartanegara 2016-2021 (2016–2021)"]
    assert stored() == before


def test_who_may_import_what(kukar, perencana, operator_rehsos):
    kepala = member("kepala-impor", Role.KEPALA, kukar)
    realisations = read_file((HEADER + ROW).encode(), "tw.csv", year=2021)
    plan = read_file(b"Kode,Kegiatan,Indikator,Target\n0106.27.001,x,y,1\n", "r.csv", year=2021)
    assert plan.kind == "plan"
    for user, reading in ((perencana, realisations), (operator_rehsos, plan), (kepala, plan), (kepala, realisations)):
        with pytest.raises(PermissionError):
            preview(kukar, reading, user=user)
        with pytest.raises(PermissionError):
            apply(kukar, reading, user=user)
    preview(kukar, plan, user=perencana)
    preview(kukar, realisations, user=operator_rehsos)


def test_a_locked_quarter_is_not_changed(kukar, operator_rehsos):
    QuarterReport.objects.create(agency=kukar, unit=kukar.units.get(key="rehsos"), year=2021, quarter=1,
                                 status=Status.APPROVED, locked=True)
    before = stored()
    _reading, result = do_import(kukar, (HEADER + ROW).encode(), "tw.csv", 2021, user=operator_rehsos)
    assert {p.text() for p in result.errors} == {
        "baris 2, kolom 4 (Realisasi TW I (K)): TW I 2021 Bidang Rehabilitasi Sosial berstatus Disetujui: nilainya "
        "tidak dapat diubah lewat impor",
        "baris 2, kolom 5 (Realisasi TW I (Rp)): TW I 2021 Bidang Rehabilitasi Sosial berstatus Disetujui: nilainya "
        "tidak dapat diubah lewat impor"}
    assert stored() == before


def test_a_year_stored_as_one_total_takes_no_quarters(kukar):
    # seed 000 gives 2019 as annual totals: 1200 letters for Penyediaan jasa surat menyurat
    csv = "Kode,Kegiatan,Indikator,Realisasi TW I\n0000.01.015,Penyediaan jasa surat menyurat,Jumlah surat,300\n"
    before = stored()
    _reading, result = do_import(kukar, csv.encode(), "tw1.csv", 2019)
    assert [p.message for p in result.errors] == [
        "tahun ini tercatat sebagai satu total tahunan tanpa rincian triwulan; realisasi TW I tidak disimpan"]
    assert stored() == before


def test_a_year_total_beside_stored_quarters_must_agree(kukar):
    do_import(kukar, (HEADER + ROW).encode(), "tw.csv", 2021)
    total = f"Kode,Kegiatan,Indikator,Realisasi tahun 2021\n0106.27.001,x,{RPTC} (orang),"
    _reading, same = do_import(kukar, (total + "22\n").encode(), "tahun.csv", 2021)
    assert same.changes == [] and same.errors == []  # 10 + 12 (SUM)
    _reading, other = do_import(kukar, (total + "30\n").encode(), "tahun.csv", 2021)
    assert [p.message for p in other.errors] == [
        "tahun 2021 tercatat per triwulan (22 menurut SUM); total tahunan 30 tidak disimpan"]


def test_one_realisation_column_is_the_quarter_given(kukar):
    csv = f"Kode,Kegiatan,Indikator,Realisasi\n0106.27.001,x,{RPTC} (orang),7\n"
    do_import(kukar, csv.encode(), "tw3.csv", 2021, quarter=3)
    assert m.Realisation.objects.get(indicator=rptc(), year=2021, period=3).value == 7
    assert not m.Realisation.objects.filter(indicator=rptc(), year=2021, period=0).exists()


def test_text_in_a_realisation_cell_names_sheet_row_and_column(kukar):
    before = stored()
    _reading, result = do_import(kukar, (HEADER + ROW.replace(",10,", ",sepuluh,")).encode(), "tw.csv", 2021)
    assert [p.text() for p in result.errors] == [
        "baris 2, kolom 4 (Realisasi TW I (K)): 'sepuluh' bukan angka: tidak diawali angka"]
    assert stored() == before
    with pytest.raises(ImportRefused):
        apply(kukar, read_file((HEADER + ROW.replace(",10,", ",sepuluh,")).encode(), "tw.csv", year=2021))
