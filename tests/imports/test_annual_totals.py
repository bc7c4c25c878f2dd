"""A year held as one total is not an operator's to change, on the entry screen and through an import alike."""

from kinerja.accounts.models import Role
from kinerja.plan import models as m

from .conftest import do_import, member, stored

# seed 000 gives 2019 as annual totals: 1200 letters for Penyediaan jasa surat menyurat
TOTAL = "Kode,Kegiatan,Indikator,Realisasi tahun 2019\n0000.01.015,Penyediaan jasa surat menyurat,Jumlah surat,{}\n"


def _letters() -> m.Realisation:
    return m.Realisation.objects.get(indicator__element__code="0000.01.015", year=2019, period=m.Period.YEAR,
                                     indicator__element__strategic_plan__agency__slug="dinsos-kukar")


def test_an_operator_cannot_change_a_years_total_through_an_import(kukar):
    unit = _letters().indicator.element.unit
    operator = member("operator-surat", Role.OPERATOR, kukar, unit.key)
    before, value = stored(), _letters().value
    _reading, result = do_import(kukar, TOTAL.format(12).encode(), "tahun.csv", 2019, user=operator)
    assert [p.message for p in result.errors] == [
        "tahun ini tercatat sebagai satu total tahunan tanpa rincian triwulan; total tahunan hanya dapat diisi atau "
        "diubah oleh perencana, tidak disimpan"]
    assert stored() == before and _letters().value == value


def test_the_command_line_corrects_a_years_total(kukar):
    # whoever runs `kinerja import` holds the database (the administrator correcting a transcription)
    _reading, result = do_import(kukar, TOTAL.format(1250).encode(), "tahun.csv", 2019)
    assert result.errors == []
    assert _letters().value == 1250
