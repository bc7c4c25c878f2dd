"""The lean core of the Renja evaluation: the engine's figures, read and computed with less Python per value.

``renja_evaluation._Builder`` over the engine is the specification; this core gives the same table, cell for cell
(``tests/reports/test_evaluation_core.py`` compares the two on generated agencies and the demo seeds). It differs
in how, never in what:

* it reads only what the year needs: the three targets of each indicator the table shows (the Renstra's end of
  period, the year's and the next year's Renja) instead of every target of every year, and for layout 2 only
  whether an element has a pagu or a budget realisation in the year, not its Rupiah;
* each value is checked once where it is read (a finite Decimal), not again by every ``Result`` and ``Measured``
  it passes through; realisations stay tuples, each year's value is computed once per indicator for all columns,
  and only the figures the layout shows are computed;
* the decimal contexts are used through their methods (``EXACT.add``, ``DIVISION.divide``) — the same operations
  in the same contexts as the engine's ``localcontext`` blocks, without entering one per value.

Category indicators, printed comparisons and the averages go through the engine's own code: they are few (the
seeds' printed figures, a handful of category indicators), and sharing the code keeps their wording identical.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db import connections
from django.db.models import Model, Q, QuerySet
from django.db.models.base import ModelState

from kinerja.engine import Aggregation, AveragePolicy, Polarity, Reason, normalise_unit, same_unit
from kinerja.engine._arith import DIVISION, EXACT
from kinerja.engine.aggregation import _list_units
from kinerja.engine.units import Measured
from kinerja.plan import models as m
from kinerja.plan.fields import stored_decimal
from kinerja.plan.units import Canon, canonicaliser

from .data import ElementData, IndicatorData, PlanData, ReportError, Stored, plan_covering, printed_figures, value_rows
from .renja_evaluation import (
    FIGURES,
    QUARTERS,
    REPORT,
    ROW_LEVELS,
    RP,
    Cell,
    EvaluationTable,
    IndicatorFigures,
    K,
    Row,
    _Builder,
    compare_row,
)

HUNDRED = Decimal(100)
ZERO = Decimal(0)

# A value as read: (value, category, unit); an outcome of the rules: (value, unit, reason, detail), value None
# exactly when reason is set — the engine's Result without the object.
Raw = tuple[Decimal | None, str, str | None]
Pair = tuple[Decimal, str | None]
Outcome = tuple[Decimal | None, str | None, Reason | None, str]
NOT_REPORTED: Outcome = (None, None, Reason.NOT_REPORTED, "")


# -- reading ------------------------------------------------------------------------------------------------------


def checked(value: Decimal | None, what: str) -> Decimal | None:
    """The one validation of a stored number, where it is read: what ``as_decimal`` checked per object."""
    if value is None or value.is_finite():
        return value
    raise ReportError(f"Nilai tersimpan tidak valid ({what}): {value!r}")


class LeanIndicator:
    """One indicator's stored values as read: its few targets (on ``data``), and its realisations as tuples by
    year, one slot per period (0 = the year without quarters, 1–4 = TW I–IV); a year is listed when any
    realisation of it is stored, even one without a number.

    ``data`` is what ``Row.indicator`` holds, as in the engine's path; its ``realisations`` stay empty (no writer
    reads them) unless the engine's code needs them (``engine_data``)."""

    __slots__ = ("data", "years", "others", "carried", "units", "renstra_planned", "_engine")

    def __init__(self, data: IndicatorData) -> None:
        self.data = data
        self.years: dict[int, list[Pair | None]] = {}  # a number reported: (value, unit)
        self.others: dict[tuple[int, int], Raw] = {}  # a realisation with a category, or with no number
        self.carried: dict[int, Raw] = {}
        self.units: set[str | None] = set()  # of the numbers realised and carried: one, mostly
        self.renstra_planned = False
        self._engine: IndicatorData | None = None

    def engine_data(self) -> IndicatorData:
        """The engine's IndicatorData with every value read, for the engine's own code (categories, printed)."""
        if self._engine is None:
            d = self.data
            realisations = {(year, period): Stored(slot[0], "", slot[1]) for year, slots in self.years.items()
                            for period, slot in enumerate(slots) if slot is not None}
            realisations.update((key, Stored(*raw)) for key, raw in self.others.items())
            self._engine = IndicatorData(
                indicator=d.indicator, aggregation=d.aggregation, polarity=d.polarity, scale=d.scale,
                targets=d.targets, realisations=realisations,
                carried={key: Stored(*raw) for key, raw in self.carried.items()},
            )
        return self._engine


def fetch(queryset, *fields: str, number: str = "value") -> tuple[list[tuple], Callable[[Any], Decimal]]:
    """The rows of ``values_list(*fields)`` as the cursor returns them, and the function that turns a stored
    ``number`` of them into the Decimal Django's converter would give (``ExactDecimalField.from_db_value``): the
    caller converts each distinct stored number once, where Django converts every row's. On SQLite a stored
    number is its canonical text; on PostgreSQL a Decimal at the column's scale, so equal numbers are identical
    there too and one conversion serves them all."""
    connection = connections[queryset.db]
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    places = queryset.model._meta.get_field(number).decimal_places
    return rows, lambda stored: stored_decimal(stored, places)


def instances(queryset: QuerySet) -> list[Model]:
    """The queryset's model instances as ``Model.from_db`` makes them, but each field's value put in the
    instance's ``__dict__`` at once where ``__init__`` passes it through its descriptor: the same attributes and
    state in a fraction of the time (an agency has hundreds of elements). Only for models without
    ``pre_init``/``post_init`` receivers (no file or image field), such as the plan's elements."""
    model = queryset.model
    attnames = [field.attname for field in model._meta.concrete_fields]
    out = []
    for values in queryset.values_list(*attnames):
        instance = model.__new__(model)
        instance.__dict__.update(zip(attnames, values, strict=True))
        state = instance._state = ModelState()
        state.adding, state.db = False, queryset.db
        out.append(instance)
    return out


class UnitReader:
    """A value's unit as the engine's path reads it (``load_plan_data``): its own, else the indicator's satuan,
    through the agency's declared kesetaraan satuan — each spelling looked up once."""

    def __init__(self, canon: Canon, satuan: dict[int, str | None]) -> None:
        self.canon, self.known = canon, {}
        self.satuan = {pk: self.read(unit) for pk, unit in satuan.items()}  # each indicator's, read

    def read(self, written: str | None) -> str | None:
        if not self.canon:
            return written
        if written not in self.known:
            self.known[written] = self.canon(written)
        return self.known[written]

    def __call__(self, pk: int, unit: str) -> str | None:
        return self.read(unit) if unit else self.satuan[pk]


class LeanData:
    """What one year's evaluation reads of an agency's plan, in a fixed few queries."""

    def __init__(self, agency: m.Agency, plan: m.StrategicPlan, year: int, layout: int) -> None:
        self.agency, self.plan, self.year, self.layout = agency, plan, year, layout
        self.revisions_list = list(m.Revision.objects.filter(strategic_plan=plan))
        self.plan_data = PlanData(agency=agency, plan=plan, roots=[], by_pk={}, revisions=self.revisions_list)
        self.revisions = {
            "renstra": self.plan_data.latest_revision(m.Revision.Document.RENSTRA),
            "renja": self.plan_data.latest_revision(m.Revision.Document.RENJA, year),
            "renja_next": self.plan_data.latest_revision(m.Revision.Document.RENJA, year + 1),
        }
        self.indicators: dict[int, LeanIndicator] = {}
        self.year_elements: set[int] = set()  # elements with a pagu or budget realisation in the year

    def load(self) -> None:
        self.read_elements()
        self.read_indicators()
        satuan = {pk: ind.data.indicator.satuan or None for pk, ind in self.indicators.items()}
        units = UnitReader(canonicaliser(self.agency), satuan)
        self.read_targets(units)
        self.read_realisations(units)
        self.read_budgets()

    def read_elements(self) -> None:
        """The plan's elements, each with its parent and its unit kerja set from what is loaded: an agency has a
        handful of units, read once rather than joined to each of its hundreds of elements."""
        parent_field = m.PlanElement._meta.get_field("parent")
        unit_field = m.PlanElement._meta.get_field("unit")
        elements = instances(m.PlanElement.objects.filter(strategic_plan=self.plan).order_by("position", "pk"))
        units = {u.pk: u for u in m.Unit.objects.filter(pk__in={e.unit_id for e in elements} - {None})}
        nodes = self.plan_data.by_pk
        nodes.update({e.pk: ElementData(e) for e in elements})
        for element in elements:
            unit_field.set_cached_value(element, units.get(element.unit_id))
            parent = nodes.get(element.parent_id)
            (parent.children if parent else self.plan_data.roots).append(nodes[element.pk])
            if parent is not None:
                parent_field.set_cached_value(element, parent.element)

    def read_indicators(self) -> None:
        # Not joined to the indicator's unit kerja: no part of the evaluation reads it.
        for ind in (m.Indicator.objects.filter(element__strategic_plan=self.plan).select_related("scale")
                    .order_by("position")):
            data = IndicatorData(
                indicator=ind,
                aggregation=Aggregation(ind.aggregation) if ind.aggregation else Aggregation.SUM,
                polarity=Polarity(ind.polarity),
                scale=ind.scale.as_ordinal() if ind.scale else None,
            )
            self.indicators[ind.pk] = LeanIndicator(data)
            self.plan_data.by_pk[ind.element_id].indicators.append(data)

    def read_targets(self, units: UnitReader) -> None:
        """Only the targets the table reads: the Renstra's end of period, the year's Renja and the next year's;
        of the Renstra's other targets only which indicators it targets at all (they belong in the table)."""
        renstra, renja, renja_next = (self.revisions[k] for k in ("renstra", "renja", "renja_next"))
        wanted = Q(revision=renja, kind=m.PlanKind.RENJA, year=self.year)
        if renstra is not None:
            wanted |= Q(revision=renstra, kind=m.PlanKind.RENSTRA_END, year=self.plan.last_year)
        if renja_next is not None:
            wanted |= Q(revision=renja_next, kind=m.PlanKind.RENJA, year=self.year + 1)
        of_plan = m.Target.objects.filter(indicator__element__strategic_plan=self.plan)
        for pk, revision, kind, year, value, category, unit in value_rows(
                of_plan.filter(wanted), "indicator_id", "revision_id", "kind", "year", "value", "category", "unit"):
            stored = Stored(checked(value, "target"), category, units(pk, unit))
            self.indicators[pk].data.targets[(revision, kind, year)] = stored
        if renstra is not None:
            for pk in of_plan.filter(revision=renstra).values_list("indicator_id", flat=True).distinct():
                self.indicators[pk].renstra_planned = True

    def read_realisations(self, units: UnitReader) -> None:
        of_plan = {"indicator__element__strategic_plan": self.plan}
        indicators, read_unit, satuan = self.indicators, units.read, units.satuan
        rows, to_decimal = fetch(m.Realisation.objects.filter(**of_plan, year__lte=self.year), "indicator_id",
                                 "year", "period", "value", "category", "unit")
        numbers: dict[object, Decimal] = {}  # stored number → its Decimal: the same few figures recur
        for pk, year, period, value, category, unit in rows:
            ind, unit = indicators[pk], read_unit(unit) if unit else satuan[pk]
            slots = ind.years.get(year) or ind.years.setdefault(year, [None, None, None, None, None])
            if value is not None:
                stored, value = value, numbers.get(value)
                if value is None:
                    value = numbers[stored] = checked(to_decimal(stored), "realisasi")
                slots[period] = (value, unit)
                ind.units.add(unit)
            if value is None or category:
                ind.others[(year, period)] = (value, category, unit)
        for pk, through, value, category, unit in value_rows(
                m.CarriedRealisation.objects.filter(**of_plan, through_year__lt=self.year), "indicator_id",
                "through_year", "value", "category", "unit"):
            unit = units(pk, unit)
            indicators[pk].carried[through] = (checked(value, "realisasi"), category, unit)
            indicators[pk].units.add(unit)

    def read_budgets(self) -> None:
        """Layout 1 shows Rupiah: the amounts it reads. Layout 2 does not: only whether each element has a pagu
        or a budget realisation in the year (which puts it in the year's Renja)."""
        of_plan = {"element__strategic_plan": self.plan}
        renja = self.revisions["renja"]
        if self.layout != 1:
            self.year_elements.update(m.Budget.objects.filter(
                **of_plan, revision=renja, kind=m.PlanKind.RENJA, year=self.year).values_list("element_id", flat=True))
            self.year_elements.update(m.BudgetRealisation.objects.filter(
                **of_plan, year=self.year).values_list("element_id", flat=True).distinct())
            return
        self.read_amounts(of_plan)

    def read_amounts(self, of_plan: dict) -> None:
        nodes, renstra, renja = self.plan_data.by_pk, self.revisions["renstra"], self.revisions["renja"]
        wanted = Q(revision=renja, kind=m.PlanKind.RENJA, year=self.year)
        if renstra is not None:
            wanted |= Q(revision=renstra, kind=m.PlanKind.RENSTRA_END, year=self.plan.last_year)
        for pk, revision, kind, year, amount in value_rows(
                m.Budget.objects.filter(wanted, **of_plan), "element_id", "revision_id", "kind", "year", "amount"):
            nodes[pk].budgets[(revision, kind, year)] = checked(amount, "pagu")
        for pk, year, period, amount in value_rows(
                m.BudgetRealisation.objects.filter(**of_plan, year__lte=self.year), "element_id", "year", "period",
                "amount"):
            nodes[pk].budget_realisations[(year, period)] = checked(amount, "realisasi anggaran")
        for pk, through, amount in value_rows(
                m.CarriedBudgetRealisation.objects.filter(**of_plan, through_year__lt=self.year), "element_id",
                "through_year", "amount"):
            nodes[pk].carried_budget[through] = checked(amount, "realisasi anggaran")
        for node in nodes.values():
            if node.budget(renja, m.PlanKind.RENJA, self.year) is not None or any(
                    y == self.year for (y, _p) in node.budget_realisations):
                self.year_elements.add(node.element.pk)


# -- the rules, on tuples -----------------------------------------------------------------------------------------


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """``sum(values, Decimal(0))`` in the EXACT context, as the engine adds."""
    return reduce(EXACT.add, values, ZERO)


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part × 100 / whole`` in the DIVISION context: the engine's two roundings, in its order."""
    return DIVISION.divide(DIVISION.multiply(part, HUNDRED), whole)


def combine(reported: list[Pair], how: Aggregation, one_unit: bool = False) -> Outcome:
    """``engine.aggregate`` of values all reported (at least one); ``one_unit`` when their units are known to
    agree (the indicator's realisations are all in one unit), which spares comparing them value by value."""
    if how is Aggregation.LAST:
        value, unit = reported[-1]
        return value, unit, None, ""
    first_unit = reported[0][1]
    if len(reported) > 1 and not one_unit:
        first = normalise_unit(first_unit)  # same_unit, with the first unit normalised once
        if any(normalise_unit(unit) != first for _value, unit in reported):
            return None, None, Reason.UNIT_MISMATCH, _list_units([Measured(v, u) for v, u in reported])
    if how is Aggregation.SUM:
        return exact_sum(v for v, _u in reported), first_unit, None, ""
    chosen = (max if how is Aggregation.MAX else min)(reported, key=lambda pair: pair[0])
    return chosen[0], chosen[1], None, ""


def capaian(target: Pair | None, realisation: Pair | None, polarity: Polarity) -> Outcome:
    """``engine.capaian``: uncapped; a negative polarity's capaian below 0 is 0."""
    if target is None:
        return None, None, Reason.NO_TARGET, ""
    if target[0] == 0:
        return None, None, Reason.TARGET_ZERO, ""
    if realisation is None:
        return NOT_REPORTED
    (goal, goal_unit), (value, unit) = target, realisation
    if normalise_unit(goal_unit) is not None and normalise_unit(unit) is not None and not same_unit(goal_unit, unit):
        return None, None, Reason.UNIT_MISMATCH, f"target dalam {goal_unit!r}, realisasi dalam {unit!r}"
    if polarity is Polarity.POSITIVE:
        return percent_of(value, goal), "%", None, ""
    # (target − (realisasi − target)) / target × 100, as PermenPANRB 53/2014 writes it.
    result = percent_of(EXACT.subtract(goal, EXACT.subtract(value, goal)), goal)
    return max(result, ZERO), "%", None, ""


def pair(outcome: Outcome) -> Pair | None:
    return None if outcome[0] is None else (outcome[0], outcome[1])


def target_pair(stored: Stored | None) -> Pair | None:
    return None if stored is None or stored.value is None else (stored.value, stored.unit)


def achievement(target: Pair | None, realised: Outcome, polarity: Polarity) -> Outcome:
    """``renja_evaluation.achievement``: an undefined realisation keeps its own reason."""
    if target is not None and target[0] != 0 and realised[0] is None and realised[2] is not None:
        return None, None, realised[2], realised[3]
    return capaian(target, pair(realised), polarity)


def cell(outcome: Outcome) -> Cell:
    value, unit, reason, detail = outcome
    return Cell(value=value, unit=unit) if value is not None else Cell(reason=reason, detail=detail)


def value_cell(stored: Stored | None) -> Cell:
    """A stored target as its cell; a number required (the engine's ``Result.of`` refuses none)."""
    if stored is None:
        return Cell()
    if stored.value is None:
        raise ValueError("a Result has either a value or a reason, exactly one of them")
    return Cell(value=stored.value, unit=stored.unit)


class LeanFigures:
    """The K figures of one numeric indicator that the layout shows, each year's value computed once."""

    def __init__(self, ind: LeanIndicator, year: int, first_year: int) -> None:
        self.ind, self.year, self.first_year = ind, year, first_year
        self.how, self.polarity = ind.data.aggregation, ind.data.polarity
        self.norms = {normalise_unit(unit) for unit in ind.units}
        self.one_unit = len(self.norms) <= 1  # all its numbers in one unit: no sum of them can mix units

    def year_value(self, year: int) -> Outcome:
        """The year's realisation: TW I–IV aggregated, or the one annual figure (engine.year_value)."""
        slots = self.ind.years.get(year)
        if slots is None:
            return NOT_REPORTED
        annual = slots[0]
        quarters = [q for q in slots[1:] if q is not None]
        if quarters:
            if annual is not None:
                raise ValueError("a year is reported by quarters or as one annual figure, not both")
            return combine(quarters, self.how, self.one_unit)
        return NOT_REPORTED if annual is None else (annual[0], annual[1], None, "")

    def history(self) -> tuple[Pair | None, list[Pair]]:
        """The carried opening value (if any) and the values reported after it, before the evaluated year."""
        carried = self.ind.carried
        carried_years = [y for y in carried if y < self.year]
        if carried_years:
            start = max(carried_years)
            value, _category, unit = carried[start]
            opening = None if value is None else (value, unit)
        else:
            start, opening = self.first_year - 1, None
        earlier = [self.year_value(y) for y in range(start + 1, self.year)]
        return opening, [(v[0], v[1]) for v in earlier if v[0] is not None]

    def figures(self, layout: int, targets: tuple[Stored | None, Stored | None, Stored | None]) -> dict[str, Cell]:
        """The figures of the layout's columns (FIGURES), and no other."""
        renstra_end, target, next_target = targets
        opening, earlier = self.history()
        before = [opening, *earlier] if opening is not None else earlier
        year = self.year_value(self.year)
        to_date = [*before, (year[0], year[1])] if year[0] is not None else before
        out = {
            "renstra_end": value_cell(renstra_end),
            "before": cell(combine(before, self.how, self.one_unit) if before else NOT_REPORTED),
            "target": value_cell(target),
            "year": cell(year),
            "capaian": cell(achievement(target_pair(target), year, self.polarity)),
        }
        if layout == 1:
            through = combine(to_date, self.how, self.one_unit) if to_date else NOT_REPORTED
            slots = self.ind.years.get(self.year) or (None,) * 5
            for q in QUARTERS:
                out[f"q{q}"] = Cell(value=slots[q][0], unit=slots[q][1]) if slots[q] is not None else Cell()
            out["through"] = cell(through)
            out["capaian_renstra"] = cell(achievement(target_pair(renstra_end), through, self.polarity))
        else:
            ahead = target_pair(next_target)
            projected_values = [*to_date, ahead] if ahead is not None else to_date
            one_unit = len(self.norms | {normalise_unit(ahead[1])}) <= 1 if ahead is not None else self.one_unit
            projected = combine(projected_values, self.how, one_unit) if projected_values else NOT_REPORTED
            out["next_target"] = value_cell(next_target)
            out["projected"] = cell(projected)
            out["capaian_projected"] = cell(achievement(target_pair(renstra_end), projected, self.polarity))
        return out


# -- the table ----------------------------------------------------------------------------------------------------


@contextmanager
def collection_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while one table is built: the build allocates tens of thousands of
    short-lived tuples, which set off collections that walk every object of the process — a quarter of the build's
    time, measured — while reference counting frees nearly all of them anyway. The few cycles (elements and their
    cached parents) are collected once it runs again. Process-wide, so a concurrent build in another thread may
    switch it back on early: that costs time, never a result."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_lean(agency: m.Agency, year: int, layout: int, policy: AveragePolicy) -> EvaluationTable:
    with collection_paused():
        return LeanBuilder(agency, year, layout, policy).table()


class LeanBuilder(_Builder):
    """The engine builder's row selection, rows and averages, over the lean data and figures."""

    def __init__(self, agency: m.Agency, year: int, layout: int, policy: AveragePolicy):
        self.agency, self.year, self.layout, self.policy = agency, year, layout, policy
        self.plan = plan_covering(agency, year)
        self.lean = LeanData(agency, self.plan, year, layout)
        self.revisions = self.lean.revisions
        if self.revisions["renja"] is None:
            raise ReportError(f"Belum ada Renja {year} untuk {agency.slug}: tidak ada yang dievaluasi")
        self.lean.load()
        self.data = self.lean.plan_data
        self.printed = printed_figures(agency, REPORT, year)
        self.printed_elements = {key[0] for key in self.printed}
        self.figures_of = FIGURES[layout]
        self.row_levels = ROW_LEVELS[layout]
        self.measures = (K, RP) if layout == 1 else (K,)
        self.in_year: dict[int, bool] = {}
        self.shown: dict[int, bool] = {}
        self._budgets: dict[int, dict[str, Cell]] = {}
        self._calculators: dict[int, tuple[IndicatorFigures | None, dict[str, Cell]]] = {}
        self._evaluated: dict[int, list[IndicatorData]] = {}

    def has_year_data(self, node: ElementData) -> bool:
        """``renja_evaluation._has_year_data``: a target, realisation, pagu or budget realisation of the year."""
        renja = self.revisions["renja"].pk
        for data in node.indicators:
            ind = self.lean.indicators[data.indicator.id]
            if (renja, m.PlanKind.RENJA, self.year) in data.targets:
                return True
            if self.year in ind.years:
                return True
        return node.element.id in self.lean.year_elements

    def indicators(self, node: ElementData) -> list[IndicatorData]:
        pk = node.element.id
        if pk not in self._evaluated:
            self._evaluated[pk] = [d for d in node.indicators if self.evaluated(self.lean.indicators[d.indicator.id])]
        return self._evaluated[pk]

    def evaluated(self, ind: LeanIndicator) -> bool:
        """``renja_evaluation._evaluated``: targeted by the Renstra or the Renja, or realised up to the year."""
        targets, keys = ind.data.targets, self.target_keys()
        return (ind.renstra_planned or keys[1] in targets or keys[2] in targets
                or bool(ind.years) or bool(ind.carried))

    def target_keys(self) -> tuple[tuple | None, tuple | None, tuple | None]:
        """The (revision, kind, year) of the Renstra end-of-period, the year's and next year's Renja target."""
        r = self.revisions
        return ((r["renstra"].pk, m.PlanKind.RENSTRA_END, self.plan.last_year) if r["renstra"] else None,
                (r["renja"].pk, m.PlanKind.RENJA, self.year),
                (r["renja_next"].pk, m.PlanKind.RENJA, self.year + 1) if r["renja_next"] else None)

    def calculator(self, data: IndicatorData) -> tuple[IndicatorFigures | None, dict[str, Cell]]:
        pk = data.indicator.id
        if pk not in self._calculators:
            ind = self.lean.indicators[pk]
            if data.is_category:
                figures = self.engine_figures(ind)
                self._calculators[pk] = (figures, figures.figures())
            else:
                targets = tuple(data.targets.get(key) if key else None for key in self.target_keys())
                lean = LeanFigures(ind, self.year, self.plan.first_year)
                self._calculators[pk] = (None, lean.figures(self.layout, targets))
        return self._calculators[pk]

    def engine_figures(self, ind: LeanIndicator) -> IndicatorFigures:
        return IndicatorFigures(ind.engine_data(), self.data, self.year, self.revisions)

    def budget_of(self, node: ElementData) -> dict[str, Cell]:
        return super().budget_of(node) if self.layout == 1 else {}

    def element_rows(self, node: ElementData, depth: int) -> list[Row]:
        budget = self.budget_of(node)
        printed = node.element.id in self.printed_elements
        is_parent = printed and bool(self.row_children(node))
        rows = []
        for position, data in enumerate(self.indicators(node) or [None]):
            row = Row(node=node, indicator=data, depth=depth, first_of_element=position == 0,
                      in_year=self.in_year[node.element.id])
            figures = self.calculator(data)[1] if data else {}
            for column, name in self.figures_of.items():
                row.cells[(column, K)] = figures.get(name) or Cell()
                if self.layout == 1:
                    # Rupiah belong to the element: shown once, on its first indicator row.
                    row.cells[(column, RP)] = budget[name] if position == 0 else Cell()
            if printed:  # only a row the document printed has anything to compare
                engine = self.engine_figures(self.lean.indicators[data.indicator.pk]) if data else None
                compare_row(row, engine, is_parent, self.printed_text, self.figures_of, self.layout)
            rows.append(row)
        return rows
