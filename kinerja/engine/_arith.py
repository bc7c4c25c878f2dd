"""The decimal contexts every computation runs in.

Computations must not depend on whatever context the calling thread has set (the web layer or a test may
change the global one), so each computation opens one of these explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

#: Divisions (capaian, serapan, averages): 28 significant digits, rounded at the 28th; presentation rounds.
DIVISION = Context(
    prec=28,
    rounding=ROUND_HALF_UP,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

#: Additions and subtractions of stored values must be exact: a sum that would need rounding raises instead.
EXACT = Context(
    prec=60,
    rounding=ROUND_HALF_UP,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)


def as_decimal(value: object, what: str = "value") -> Decimal:
    """Return ``value`` as a finite Decimal; ints are accepted, floats are a programming error."""
    if type(value) is Decimal and value.is_finite():  # the common case, taken first: reports check every value
        return value
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{what} must be a Decimal, got {type(value).__name__}: {value!r}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return result


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    with localcontext(EXACT):
        return sum(values, Decimal(0))


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part / whole × 100``, multiplying first so the only rounding is the division's."""
    with localcontext(DIVISION):
        return part * 100 / whole
