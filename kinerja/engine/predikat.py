"""Predikat: the ordinal grade of a capaian (RULES.md §3, Permendagri 86/2017).

The printed scale has gaps (90–91, 75–76, …); Kinerja closes them by lower bounds, as seed 000 does when it
prints 75,19 % as "Tinggi". The grade is taken from the exact capaian, not the printed (rounded) one.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from kinerja.engine._arith import as_decimal
from kinerja.engine.results import Result

__all__ = ["PERMENDAGRI_86_2017", "Predikat", "PredikatScale", "predikat", "predikat_text"]


class Predikat(StrEnum):
    SANGAT_TINGGI = "Sangat Tinggi"
    TINGGI = "Tinggi"
    SEDANG = "Sedang"
    RENDAH = "Rendah"
    SANGAT_RENDAH = "Sangat Rendah"


_ENGLISH = {
    Predikat.SANGAT_TINGGI: "Very high",
    Predikat.TINGGI: "High",
    Predikat.SEDANG: "Medium",
    Predikat.RENDAH: "Low",
    Predikat.SANGAT_RENDAH: "Very low",
}


def predikat_text(p: Predikat, lang: str = "id") -> str:
    """The predikat's label: the official Indonesian term, or an English gloss."""
    p = Predikat(p)
    if lang == "id":
        return p.value
    if lang == "en":
        return _ENGLISH[p]
    raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")


#: (exclusive lower bound, predikat), highest first; a capaian at or below every bound is the last predikat.
PredikatScale = tuple[tuple[Decimal | None, Predikat], ...]

PERMENDAGRI_86_2017: PredikatScale = (
    (Decimal(90), Predikat.SANGAT_TINGGI),
    (Decimal(75), Predikat.TINGGI),
    (Decimal(65), Predikat.SEDANG),
    (Decimal(50), Predikat.RENDAH),
    (None, Predikat.SANGAT_RENDAH),
)


def predikat(capaian: Decimal | Result | None, scale: PredikatScale = PERMENDAGRI_86_2017) -> Predikat | None:
    """The predikat of a capaian in %: > 90 Sangat Tinggi … ≤ 50 Sangat Rendah; None when it is undefined."""
    if isinstance(capaian, Result):
        capaian = capaian.value
    if capaian is None:
        return None
    value = as_decimal(capaian, "capaian")
    for lower, grade in scale:
        if lower is None or value > lower:
            return grade
    raise ValueError("a predikat scale must end with a (None, predikat) catch-all row")
