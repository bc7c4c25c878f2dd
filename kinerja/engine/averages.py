"""Rata-rata capaian of a program, a sasaran or an agency (RULES.md §4).

Kinerja averages the defined capaian of the rows that have a target in the year. Seed 000 counts every row,
a row without a target as 0 %, which turns a 50,08 % program into a printed 31 %. That convention is offered
only as an explicit, labelled option, so a published document can be reproduced and the difference
explained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from kinerja.engine._arith import DIVISION
from kinerja.engine.results import Reason, Result

__all__ = ["AveragePolicy", "RowAchievement", "average_capaian", "average_policy_text"]


class AveragePolicy(StrEnum):
    EXCLUDE_UNTARGETED = "exclude-untargeted"
    UNTARGETED_AS_ZERO = "untargeted-as-zero"


_LABELS = {
    AveragePolicy.EXCLUDE_UNTARGETED: {
        "id": "Rata-rata capaian baris yang bertarget pada tahun ini; baris tanpa target atau tanpa capaian "
        "tidak dihitung",
        "en": "Mean of the rows with a target this year; rows without a target or without a defined "
        "achievement are left out",
    },
    AveragePolicy.UNTARGETED_AS_ZERO: {
        "id": "Konvensi dokumen sumber: semua baris dihitung, baris tanpa target atau tanpa realisasi dianggap 0 %",
        "en": "The source document's convention: every row counts, a row without a target or without a "
        "realisation counts as 0 %",
    },
}


def average_policy_text(policy: AveragePolicy, lang: str = "id") -> str:
    """What the policy does, for the label beside an average."""
    try:
        return _LABELS[AveragePolicy(policy)][lang]
    except KeyError:
        raise ValueError(f"lang must be 'id' or 'en', got {lang!r}") from None


@dataclass(frozen=True)
class RowAchievement:
    """One row under the element being averaged: its capaian, and whether it had a target that year."""

    capaian: Result
    has_target: bool


def average_capaian(
    rows: Sequence[RowAchievement],
    policy: AveragePolicy = AveragePolicy.EXCLUDE_UNTARGETED,
) -> Result:
    """The arithmetic mean of the rows' capaian under ``policy``, exact (not rounded)."""
    policy = AveragePolicy(policy)
    if policy is AveragePolicy.EXCLUDE_UNTARGETED:
        values = [row.capaian.value for row in rows if row.has_target and row.capaian.value is not None]
    else:
        values = [row.capaian.value if row.capaian.value is not None else Decimal(0) for row in rows]
    if not values:
        return Result.undefined(Reason.NO_ROWS)
    # Capaians are already rounded at 28 digits, so their sum is too: an exact sum would pretend otherwise.
    with localcontext(DIVISION):
        mean = sum(values, Decimal(0)) / len(values)
    return Result.of(mean, unit="%")
