"""Capaian: how far an indicator's realisation reaches its target (RULES.md §1, §7).

Values are exact (28 significant digits) and never rounded here: rounding is presentation, and a predikat or
an average computed from a rounded capaian could differ from one computed from the data.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from enum import StrEnum

from kinerja.engine._arith import DIVISION, EXACT, as_decimal, percent_of
from kinerja.engine.results import Reason, Result
from kinerja.engine.scales import OrdinalScale
from kinerja.engine.units import Measured, normalise_unit, same_unit

__all__ = ["Polarity", "capaian", "categorical_capaian", "ratio"]

PERCENT = "%"
_HUNDRED = Decimal(100)


class Polarity(StrEnum):
    """Whether a higher realisation is better (positive) or a lower one is (negative: audit findings, poverty
    rate)."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


def capaian(
    target: Measured | None,
    realisation: Measured | None,
    polarity: Polarity = Polarity.POSITIVE,
) -> Result:
    """Capaian in %, uncapped (92,45 against 79 is 117,03 %); a negative-polarity capaian below 0 is 0.

    Undefined, with the reason, when there is no target, the target is 0, nothing is reported yet (a reported
    0 is a value), or the two units differ. A unit of None (or blank) is "not stated" and is not compared.
    """
    polarity = Polarity(polarity)
    if target is None:
        return Result.undefined(Reason.NO_TARGET)
    if target.value == 0:
        return Result.undefined(Reason.TARGET_ZERO)
    if realisation is None:
        return Result.undefined(Reason.NOT_REPORTED)
    stated = normalise_unit(target.unit) is not None and normalise_unit(realisation.unit) is not None
    if stated and not same_unit(target.unit, realisation.unit):
        return Result.undefined(
            Reason.UNIT_MISMATCH, f"target dalam {target.unit!r}, realisasi dalam {realisation.unit!r}"
        )
    if polarity is Polarity.POSITIVE:
        return Result.of(percent_of(realisation.value, target.value), unit=PERCENT)
    with localcontext(EXACT):
        # (target − (realisasi − target)) / target × 100, as PermenPANRB 53/2014 writes it.
        numerator = target.value - (realisation.value - target.value)
    value = percent_of(numerator, target.value)
    return Result.of(max(value, Decimal(0)), unit=PERCENT)


def categorical_capaian(target: str | None, realised: str | None, scale: OrdinalScale) -> Result:
    """Capaian of a category target (``BB``, ``Cepat Berkembang``): 100 at or above the target's rank,
    else realised rank / target rank × 100."""
    if target is None:
        return Result.undefined(Reason.NO_TARGET)
    if realised is None:
        return Result.undefined(Reason.NOT_REPORTED)
    target_rank, realised_rank = scale.rank(target), scale.rank(realised)
    for label, rank in ((target, target_rank), (realised, realised_rank)):
        if rank is None:
            return Result.undefined(
                Reason.NOT_ON_SCALE,
                f"{label!r} tidak ada pada skala {scale.name!r} ({', '.join(scale.categories)})",
            )
    assert target_rank is not None and realised_rank is not None  # for the type checker
    if realised_rank >= target_rank:
        return Result.of(_HUNDRED, unit=PERCENT)
    return Result.of(percent_of(Decimal(realised_rank), Decimal(target_rank)), unit=PERCENT)


def ratio(
    numerator: Decimal | Measured | None,
    denominator: Decimal | Measured | None,
    factor: Decimal = _HUNDRED,
    unit: str | None = None,
) -> Result:
    """``numerator / denominator × factor`` for ratio indicators (SPM, IKK, IKU formulas).

    The two quantities usually have different units (21 shelters per 646 people: 3,25 %), so units are not
    compared. The result's unit is ``unit``, or ``"%"`` when the factor is 100.
    """
    if numerator is None or denominator is None:
        missing = "pembilang" if numerator is None else "penyebut"
        return Result.undefined(Reason.NOT_REPORTED, f"{missing} belum dilaporkan")
    top = numerator.value if isinstance(numerator, Measured) else as_decimal(numerator, "numerator")
    bottom = denominator.value if isinstance(denominator, Measured) else as_decimal(denominator, "denominator")
    factor = as_decimal(factor, "factor")
    if bottom == 0:
        return Result.undefined(Reason.DENOMINATOR_ZERO)
    with localcontext(DIVISION):
        value = top * factor / bottom
    return Result.of(value, unit=unit if unit is not None else (PERCENT if factor == _HUNDRED else None))
