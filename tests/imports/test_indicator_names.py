"""An indicator is matched by its name; a trailing "(satuan)", as Kinerja's evaluation table prints it, is not
part of the name, but any other parenthesis is ("Jumlah laporan (kumulatif)" is an indicator of its own)."""

from kinerja.plan import models as m

from .conftest import do_import

TWO_INDICATORS = """Kode,Program/Kegiatan/Sub Kegiatan,Indikator,Satuan,Target
1.06.01,Program Penunjang Urusan Pemerintahan Daerah,Jumlah laporan,Laporan,15
,,Jumlah laporan (kumulatif),Laporan,6
"""


def test_a_parenthesis_that_is_not_the_satuan_names_another_indicator(fresh):
    _reading, result = do_import(fresh, TWO_INDICATORS.encode(), "rencana.csv", 2024, kind="plan")
    assert result.errors == []
    program = m.PlanElement.objects.get(strategic_plan__agency=fresh, code="1.06.01")
    targets = {t.indicator.name: t.value for t in m.Target.objects.filter(indicator__element=program)}
    assert targets == {"Jumlah laporan": 15, "Jumlah laporan (kumulatif)": 6}


def test_the_satuan_in_parentheses_names_the_same_indicator(fresh):
    do_import(fresh, TWO_INDICATORS.encode(), "rencana.csv", 2024, kind="plan")
    corrected = TWO_INDICATORS.replace(",Jumlah laporan,Laporan,15", ",Jumlah laporan (Laporan),Laporan,16")
    _reading, result = do_import(fresh, corrected.encode(), "rencana.csv", 2024, kind="plan")
    assert result.errors == []
    program = m.PlanElement.objects.get(strategic_plan__agency=fresh, code="1.06.01")
    assert program.indicators.count() == 2
    assert m.Target.objects.get(indicator__element=program, indicator__name="Jumlah laporan").value == 16
