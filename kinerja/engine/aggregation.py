"""Aggregation over time: quarters → year → Renstra period (RULES.md §2).

How values combine is a property of the indicator, not of the table: flows add up, levels (percentages,
indexes, grades) take the last value. Adding levels is the error the seeds make (90,42 % + 95,80 % + 100 % =
286,22), and adding values in different units (25 Orang + 312 Orang/bulan) is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from operator import attrgetter

from kinerja.engine._arith import exact_sum
from kinerja.engine.results import Reason, Result
from kinerja.engine.units import Measured, same_unit

__all__ = ["Aggregation", "aggregate", "cumulative", "period_target", "year_value"]

QUARTERS = 4


class Aggregation(StrEnum):
    """An indicator's aggregation type: SUM for flows (and Rupiah), LAST for levels, MAX/MIN rarely."""

    SUM = "SUM"
    LAST = "LAST"
    MAX = "MAX"
    MIN = "MIN"


def aggregate(values: Sequence[Measured | None], how: Aggregation) -> Result:
    """Combine values given in time order; None is "not reported" and is skipped, never counted as 0.

    SUM, MAX and MIN need every reported value in the same unit (a unit of None only agrees with None);
    LAST looks at the last reported value only.
    """
    how = Aggregation(how)
    reported = [value for value in values if value is not None]
    if not reported:
        return Result.undefined(Reason.NOT_REPORTED)
    if how is Aggregation.LAST:
        return Result.of(reported[-1].value, unit=reported[-1].unit)
    first = reported[0]
    if any(not same_unit(first.unit, value.unit) for value in reported[1:]):
        return Result.undefined(Reason.UNIT_MISMATCH, _list_units(reported))
    if how is Aggregation.SUM:
        return Result.of(exact_sum(value.value for value in reported), unit=first.unit)
    pick = max if how is Aggregation.MAX else min
    chosen = pick(reported, key=attrgetter("value"))
    return Result.of(chosen.value, unit=chosen.unit)


def year_value(
    quarters: Sequence[Measured | None],
    how: Aggregation,
    annual: Measured | None = None,
) -> Result:
    """A year's realisation from TW I–IV, or from one annual figure for a year reported without quarters.

    Raises ValueError when both are given: which one counts would be a guess, so the caller must store one.
    """
    if len(quarters) > QUARTERS:
        raise ValueError(f"a year has at most {QUARTERS} quarters, got {len(quarters)}")
    if any(quarter is not None for quarter in quarters):
        if annual is not None:
            raise ValueError("a year is reported by quarters or as one annual figure, not both")
        return aggregate(quarters, how)
    if annual is not None:
        return Result.of(annual.value, unit=annual.unit)
    return Result.undefined(Reason.NOT_REPORTED)


def cumulative(
    yearly: Sequence[Measured | None],
    how: Aggregation,
    opening: Measured | None = None,
) -> Result:
    """Renstra realisation "s/d year N": ``opening`` (carried from before the first stored year), then each
    year."""
    return aggregate([opening, *yearly], how)


def period_target(yearly_targets: Sequence[Measured | None], how: Aggregation) -> Result:
    """The end-of-period Renstra target derived from the yearly targets, for a document that does not state
    it."""
    result = aggregate(yearly_targets, how)
    if result.reason is Reason.NOT_REPORTED:
        return Result.undefined(Reason.NO_TARGET)
    return result


def _list_units(values: Sequence[Measured]) -> str:
    """The distinct units as written, in order of appearance: ``Orang, Orang/bulan``."""
    seen: list[str] = []
    for value in values:
        label = value.unit if value.unit is not None else "(tanpa satuan)"
        if label not in seen:
            seen.append(label)
    return ", ".join(seen)
