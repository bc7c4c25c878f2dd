"""What is stored, as plain values: the snapshot an import is compared with (pure Python, no Django).

``kinerja.imports.state`` fills it from the database; ``kinerja.imports.matching`` compares the file with it. Only
what an import of one agency and one year can touch is held: the elements and indicators of the Renstra period
covering the year, the targets and pagu of the year's Renja revision in force, the year's realisations, and
what decides whether a change is allowed (the units the user may enter, the quarters that are locked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ElementSnap:
    pk: int
    key: str
    code: str
    name: str
    level: str
    parent_pk: int | None
    unit_pk: int | None
    position: int
    version: int
    superseded: bool = False  # maps_to another element (a later nomenclature or placement)


@dataclass(frozen=True)
class IndicatorSnap:
    pk: int
    element_pk: int
    name: str
    satuan: str
    value_kind: str
    scale_pk: int | None
    categories: tuple[str, ...]
    unit_pk: int | None
    position: int
    version: int
    aggregation: str = ""


@dataclass(frozen=True)
class TargetSnap:
    pk: int
    value: Decimal | None
    category: str
    unit: str
    text: str
    version: int


@dataclass(frozen=True)
class BudgetSnap:
    pk: int
    amount: Decimal
    location: str
    note: str
    version: int


@dataclass(frozen=True)
class RealisationSnap:
    pk: int
    value: Decimal | None
    category: str
    unit: str
    text: str
    version: int


@dataclass(frozen=True)
class BudgetRealisationSnap:
    pk: int
    amount: Decimal
    version: int


@dataclass(frozen=True)
class UnitSnap:
    pk: int
    key: str
    name: str


@dataclass(frozen=True)
class ScaleSnap:
    pk: int
    name: str
    categories: tuple[str, ...]


@dataclass
class PlanState:
    agency_pk: int
    agency_slug: str
    plan_pk: int
    plan_name: str
    scheme: str
    year: int
    revision_pk: int | None = None
    revision_label: str = ""
    elements: dict[int, ElementSnap] = field(default_factory=dict)
    indicators: dict[int, IndicatorSnap] = field(default_factory=dict)
    targets: dict[tuple[int, str, int], TargetSnap] = field(default_factory=dict)  # (indicator, kind, year)
    budgets: dict[tuple[int, str, int], BudgetSnap] = field(default_factory=dict)  # (element, kind, year)
    realisations: dict[tuple[int, int], RealisationSnap] = field(default_factory=dict)  # (indicator, period)
    budget_realisations: dict[tuple[int, int], BudgetRealisationSnap] = field(default_factory=dict)
    units: dict[int, UnitSnap] = field(default_factory=dict)
    scales: list[ScaleSnap] = field(default_factory=list)
    allowed_units: frozenset[int] | None = None  # None: every unit (the command line, a plan import)
    may_set_annual: bool = True  # a year's one total is the perencana's (kinerja.plan.values.may_set_annual_total)
    locked_quarters: dict[tuple[int, int], str] = field(default_factory=dict)  # (unit, quarter) → status
    revision_keys: frozenset[str] = frozenset()
