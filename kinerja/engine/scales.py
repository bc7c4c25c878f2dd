"""Ordered category scales and the SAKIP value → grade scales (RULES.md §1, §8).

Scales are data: the SAKIP bands ship in ``data/sakip_scales.toml``, and an indicator's category scale (e.g. a
kelurahan category) is built from the agency's data, so a correction never needs a code change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files
from typing import Any

from kinerja.engine._arith import as_decimal

__all__ = ["SAKIP_SCALES", "GradeBand", "OrdinalScale", "SakipScale", "load_sakip_scales"]

_WHITESPACE = re.compile(r"\s+")
_SCALE_MIN, _SCALE_MAX = Decimal(0), Decimal(100)


def _label_key(label: str) -> str:
    return _WHITESPACE.sub(" ", label).strip().casefold()


@dataclass(frozen=True)
class OrdinalScale:
    """Named categories in order, lowest first; a category's rank is its 1-based position."""

    key: str
    name: str
    categories: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        keys = [_label_key(c) for c in self.categories]
        if not keys or "" in keys:
            raise ValueError(f"scale {self.key!r} needs at least one category and no blank one")
        if len(set(keys)) != len(keys):
            raise ValueError(f"scale {self.key!r} has a category twice: {self.categories}")

    def rank(self, label: str) -> int | None:
        """1-based rank of ``label`` (case and spacing ignored), None when it is not on the scale."""
        wanted = _label_key(label)
        for position, category in enumerate(self.categories, start=1):
            if _label_key(category) == wanted:
                return position
        return None


@dataclass(frozen=True)
class GradeBand:
    """Values ``lower < v ≤ upper`` get ``grade``; the band starting at 0 also includes 0."""

    grade: str
    lower: Decimal
    upper: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", as_decimal(self.lower, "GradeBand.lower"))
        object.__setattr__(self, "upper", as_decimal(self.upper, "GradeBand.upper"))
        if self.lower >= self.upper:
            raise ValueError(f"band {self.grade!r}: lower {self.lower} must be below upper {self.upper}")

    def contains(self, value: Decimal) -> bool:
        return self.lower < value <= self.upper or value == self.lower == _SCALE_MIN


@dataclass(frozen=True)
class SakipScale:
    """One regulation's SAKIP scale: ``bands``, kept lowest first, cover 0–100 without gap or overlap."""

    key: str
    regulation: str
    bands: tuple[GradeBand, ...]

    def __post_init__(self) -> None:
        bands = tuple(sorted(self.bands, key=lambda band: band.lower))
        object.__setattr__(self, "bands", bands)
        if not bands or bands[0].lower != _SCALE_MIN or bands[-1].upper != _SCALE_MAX:
            raise ValueError(f"SAKIP scale {self.key!r} must run from 0 to 100")
        for below, above in zip(bands, bands[1:], strict=False):
            if below.upper != above.lower:
                raise ValueError(f"SAKIP scale {self.key!r}: gap or overlap between {below.grade} and {above.grade}")

    def grade(self, value: Decimal) -> str:
        value = as_decimal(value, "SAKIP value")
        if not _SCALE_MIN <= value <= _SCALE_MAX:
            raise ValueError(f"a SAKIP value is between 0 and 100, got {value}")
        return next(band.grade for band in self.bands if band.contains(value))

    def ordinal(self) -> OrdinalScale:
        """The grades as an ordered scale (D … AA), for grade targets such as ``BB``."""
        return OrdinalScale(
            key=self.key,
            name=f"SAKIP {self.regulation}",
            categories=tuple(band.grade for band in self.bands),
        )


def load_sakip_scales(toml_text: str) -> dict[str, SakipScale]:
    """Parse scales in the format of ``data/sakip_scales.toml``."""
    data: dict[str, Any] = tomllib.loads(toml_text, parse_float=Decimal)
    return {
        key: SakipScale(
            key=key,
            regulation=table["regulation"],
            bands=tuple(GradeBand(band["grade"], band["lower"], band["upper"]) for band in table["bands"]),
        )
        for key, table in data.items()
    }


#: The shipped scales by key: ``"permenpanrb-12-2015"`` and ``"permenpanrb-88-2021"``.
SAKIP_SCALES: dict[str, SakipScale] = load_sakip_scales(
    (files("kinerja.engine.data") / "sakip_scales.toml").read_text(encoding="utf-8")
)
