"""Satuan (units) and values that carry one.

Values are only added or compared when their units agree (RULES.md §2): seed 001 adds ``25 Orang + 26 Orang +
312 Orang/bulan``. The comparison forgives how a unit is typed (case, spacing) and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from kinerja.engine._arith import as_decimal

__all__ = ["Measured", "normalise_unit", "same_unit"]

_WHITESPACE = re.compile(r"\s+")
_SPACED_SLASH = re.compile(r"\s*/\s*")


@lru_cache(maxsize=4096)  # a plan has a few dozen units, compared tens of thousands of times per report
def normalise_unit(unit: str | None) -> str | None:
    """``" Orang / Kali "`` → ``"orang/kali"``; blank → None."""
    if unit is None:
        return None
    text = _SPACED_SLASH.sub("/", _WHITESPACE.sub(" ", unit.casefold()).strip())
    return text or None


def same_unit(a: str | None, b: str | None) -> bool:
    """True when the two units are the same once normalised (``"Item"`` and ``"item"``)."""
    return normalise_unit(a) == normalise_unit(b)


@dataclass(frozen=True, slots=True)
class Measured:
    """A value with its unit. Callers default the unit to the indicator's satuan before calling the engine."""

    value: Decimal
    unit: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", as_decimal(self.value, "Measured.value"))
