"""Budget figures: serapan (absorption), sisa, efisiensi and Rupiah totals (RULES.md §5, §6).

Rupiah are exact decimals; a parent's pagu is the sum of its children, so totals are computed, never copied
from a printed document (seed 003 prints a total 1.000 Rupiah off the sum of its programs).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext

from kinerja.engine._arith import DIVISION, EXACT, as_decimal, exact_sum, percent_of
from kinerja.engine.results import Reason, Result

__all__ = ["efisiensi", "serapan", "sisa", "sum_rupiah"]

_FULL_ACHIEVEMENT = Decimal(100)


def serapan(anggaran: Decimal | None, realisasi: Decimal | None) -> Result:
    """Realisasi anggaran in %: realisasi / anggaran × 100."""
    if anggaran is None or as_decimal(anggaran, "anggaran") == 0:
        return Result.undefined(Reason.NO_BUDGET)
    if realisasi is None:
        return Result.undefined(Reason.NOT_REPORTED)
    return Result.of(percent_of(as_decimal(realisasi, "realisasi"), as_decimal(anggaran, "anggaran")), unit="%")


def sisa(anggaran: Decimal | None, realisasi: Decimal | None) -> Decimal | None:
    """Sisa anggaran = anggaran − realisasi; None when either is missing (unreported is not Rp 0)."""
    if anggaran is None or realisasi is None:
        return None
    with localcontext(EXACT):
        return as_decimal(anggaran, "anggaran") - as_decimal(realisasi, "realisasi")


def efisiensi(capaian_kinerja: Result, serapan_anggaran: Result) -> Result:
    """Capaian kinerja − serapan anggaran, in percentage points, only where capaian kinerja ≥ 100 %.

    Seed 003: Program Pengelolaan Taman Makam Pahlawan, 100 % − 95,60 % = 4,40 %.
    """
    if capaian_kinerja.value is None:  # undefined: its reason is the answer
        return capaian_kinerja
    if capaian_kinerja.value < _FULL_ACHIEVEMENT:
        return Result.undefined(Reason.BELOW_FULL_ACHIEVEMENT)
    if serapan_anggaran.value is None:
        return serapan_anggaran
    with localcontext(DIVISION):  # both are computed percentages, already rounded at 28 digits
        return Result.of(capaian_kinerja.value - serapan_anggaran.value, unit="%")


def sum_rupiah(values: Iterable[Decimal | None]) -> Decimal | None:
    """The exact sum of the amounts given; None when none is given (no figure is not Rp 0)."""
    given = [as_decimal(value, "Rupiah") for value in values if value is not None]
    return exact_sum(given) if given else None
