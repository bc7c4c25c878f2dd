"""The result of a computation that may be undefined, with the reason why.

An undefined figure is printed as ``—`` with its reason, never as 0 and never as an exception (RULES.md §1),
so every computation returns a Result instead of raising on missing or incomparable data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kinerja.engine._arith import as_decimal

__all__ = ["Reason", "Result", "reason_text"]


class Reason(StrEnum):
    """Why a figure is undefined. The value is the Indonesian sentence shown to users."""

    NO_TARGET = "tidak ada target pada tahun ini"
    TARGET_ZERO = "target 0: capaian tidak dapat dihitung"
    DENOMINATOR_ZERO = "penyebut 0: rasio tidak dapat dihitung"
    NOT_REPORTED = "realisasi belum dilaporkan"
    UNIT_MISMATCH = "satuan berbeda: nilai tidak dapat dibandingkan atau dijumlahkan"
    NOT_ON_SCALE = "kategori tidak ada pada skala"
    NO_BUDGET = "tidak ada anggaran"
    BELOW_FULL_ACHIEVEMENT = "efisiensi hanya dihitung bila capaian kinerja ≥ 100 %"
    NO_ROWS = "tidak ada baris dengan capaian terdefinisi"
    CATEGORY_NOT_SUMMABLE = "nilai kategori tidak dapat dijumlahkan atau dirata-ratakan"


_ENGLISH = {
    Reason.NO_TARGET: "no target in this year",
    Reason.TARGET_ZERO: "target is 0: achievement cannot be computed",
    Reason.DENOMINATOR_ZERO: "denominator is 0: the ratio cannot be computed",
    Reason.NOT_REPORTED: "realisation not reported yet",
    Reason.UNIT_MISMATCH: "different units: the values cannot be compared or added",
    Reason.NOT_ON_SCALE: "category is not on the scale",
    Reason.NO_BUDGET: "no budget",
    Reason.BELOW_FULL_ACHIEVEMENT: "efficiency is only computed when performance achievement is ≥ 100 %",
    Reason.NO_ROWS: "no row with a defined achievement",
    Reason.CATEGORY_NOT_SUMMABLE: "category values cannot be added or averaged",
}


def reason_text(reason: Reason, lang: str = "id") -> str:
    """The sentence for ``reason`` in Indonesian (``"id"``) or English (``"en"``)."""
    reason = Reason(reason)
    if lang == "id":
        return reason.value
    if lang == "en":
        return _ENGLISH[reason]
    raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")


@dataclass(frozen=True, slots=True)
class Result:
    """A value, or the reason there is none (exactly one of the two), with a detail naming what was found."""

    value: Decimal | None
    reason: Reason | None = None
    detail: str = ""
    unit: str | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.reason is None):
            raise ValueError("a Result has either a value or a reason, exactly one of them")
        if self.value is not None:
            object.__setattr__(self, "value", as_decimal(self.value, "Result.value"))
        else:
            object.__setattr__(self, "reason", Reason(self.reason))

    @property
    def defined(self) -> bool:
        return self.value is not None

    @classmethod
    def of(cls, value: Decimal, unit: str | None = None) -> Result:
        return cls(value=value, unit=unit)

    @classmethod
    def undefined(cls, reason: Reason, detail: str = "") -> Result:
        return cls(value=None, reason=reason, detail=detail)

    def explanation(self, lang: str = "id") -> str:
        """The reason and its detail as one sentence for a tooltip or footnote; empty when defined."""
        if self.reason is None:
            return ""
        text = reason_text(self.reason, lang)
        return f"{text} ({self.detail})" if self.detail else text
