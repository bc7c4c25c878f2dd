"""Stored plan data of one agency and Renstra period, fetched set-wise into plain Python.

Reports compute over these plain rows with the engine; the number of queries does not grow with the number of
rows.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import DecimalField

from kinerja.engine import Aggregation, Measured, OrdinalScale, Polarity
from kinerja.plan import models as m
from kinerja.plan.fields import ExactDecimalField, stored_decimal
from kinerja.plan.units import Canon, canonicaliser

_PARENT = m.PlanElement._meta.get_field("parent")


class ReportError(Exception):
    """A report that cannot be built as asked (unknown agency, year outside every Renstra …)."""


@dataclass(frozen=True)
class Stored:
    """A stored K value: a number with its unit, or a category."""

    value: Decimal | None
    category: str
    unit: str | None
    numerator: Decimal | None = None  # a ratio's realisation: both numbers as reported (RULES §7)
    denominator: Decimal | None = None
    # The unit as stored, where a declared kesetaraan satuan reads it as ``unit`` (kinerja.plan.units); None
    # where no declaration applies. `kinerja check` tells a settled mismatch from an open one by it.
    spelled: str | None = None

    def measured(self) -> Measured | None:
        return None if self.value is None else Measured(self.value, self.unit)

    @property
    def raw(self) -> Decimal | str | None:
        return self.category or self.value


@dataclass
class IndicatorData:
    indicator: m.Indicator
    aggregation: Aggregation
    polarity: Polarity
    scale: OrdinalScale | None
    targets: dict[tuple[int, str, int], Stored] = field(default_factory=dict)  # (revision, kind, year)
    realisations: dict[tuple[int, int], Stored] = field(default_factory=dict)  # (year, period)
    carried: dict[int, Stored] = field(default_factory=dict)  # through_year

    @property
    def is_category(self) -> bool:
        return self.scale is not None

    def target(self, revision: m.Revision | None, kind: str, year: int) -> Stored | None:
        if revision is None:
            return None
        return self.targets.get((revision.pk, kind, year))


@dataclass
class ElementData:
    element: m.PlanElement
    children: list[ElementData] = field(default_factory=list)
    indicators: list[IndicatorData] = field(default_factory=list)
    budgets: dict[tuple[int, str, int], Decimal] = field(default_factory=dict)  # (revision, kind, year)
    budget_places: dict[tuple[int, str, int], tuple[str, str]] = field(default_factory=dict)  # (lokasi, catatan)
    budget_realisations: dict[tuple[int, int], Decimal] = field(default_factory=dict)  # (year, period)
    carried_budget: dict[int, Decimal] = field(default_factory=dict)

    def budget(self, revision: m.Revision | None, kind: str, year: int) -> Decimal | None:
        if revision is None:
            return None
        return self.budgets.get((revision.pk, kind, year))

    def budget_place(self, revision: m.Revision | None, kind: str, year: int) -> tuple[str, str]:
        """(lokasi, catatan penting) written with the pagu; empty strings where there is none."""
        if revision is None:
            return "", ""
        return self.budget_places.get((revision.pk, kind, year), ("", ""))


@dataclass
class PlanData:
    agency: m.Agency
    plan: m.StrategicPlan
    roots: list[ElementData]
    by_pk: dict[int, ElementData]
    revisions: list[m.Revision]
    units: Canon = field(default_factory=Canon)  # the kesetaraan satuan the values were read through

    def latest_revision(self, document: str, year: int | None = None) -> m.Revision | None:
        """The revision in force: the last one of the document (a perubahan after its murni)."""
        candidates = [r for r in self.revisions if r.document == document and (year is None or r.year == year)]
        return max(candidates, key=lambda r: (r.number, r.date or r.pk, r.pk), default=None)

    def walk(self):
        def visit(node: ElementData, depth: int):
            yield node, depth
            for child in node.children:
                yield from visit(child, depth + 1)

        for root in self.roots:
            yield from visit(root, 0)


def find_agency(slug: str) -> m.Agency:
    try:
        return m.Agency.objects.select_related("region").get(slug=slug)
    except m.Agency.DoesNotExist:
        known = ", ".join(m.Agency.objects.order_by("slug").values_list("slug", flat=True)) or "(belum ada)"
        raise ReportError(f"Perangkat daerah {slug!r} tidak ada. Yang ada: {known}") from None


def plan_covering(agency: m.Agency, year: int, document: str = m.Revision.Document.RENJA) -> m.StrategicPlan:
    """The Renstra period a report of ``year`` reads: of the periods covering the year, the one that holds the
    year's revision of ``document`` (the Renja by default; the Perjanjian Kinerja for the LKjIP); else, or when
    several do, the latest-starting one. Two periods overlap in their boundary year (2016–2021 and 2021–2026): the
    2021 Renja lives in the old period, so its reports stay there."""
    plans = [plan for plan in agency.strategic_plans.all() if plan.covers(year)]
    holding = set(m.Revision.objects.filter(agency=agency, document=document, year=year)
                  .values_list("strategic_plan_id", flat=True))
    candidates = [plan for plan in plans if plan.pk in holding] or plans
    if candidates:
        return max(candidates, key=lambda plan: (plan.first_year, plan.pk))
    plans = list(agency.strategic_plans.all())
    periods = ", ".join(f"{p.first_year}–{p.last_year}" for p in plans) or "(belum ada Renstra)"
    raise ReportError(f"Tahun {year} tidak termasuk periode Renstra {agency.slug}: {periods}")


def years_held(agency: m.Agency, document: str) -> str:
    """The years the agency holds a revision of ``document`` for, as an error message lists them."""
    years = sorted(set(m.Revision.objects.filter(agency=agency, document=document, year__isnull=False)
                       .values_list("year", flat=True)))
    return ", ".join(map(str, years)) or "(belum ada)"


def value_rows(queryset, *fields: str):
    """``queryset.values_list(*fields)``, read faster on SQLite.

    On SQLite Django turns each stored value into a Decimal through a chain of per-value converters that costs
    more than the query itself (a kabupaten agency's evaluation reads some 10 000 values). Here the SQL Django
    compiles is run on the cursor and each decimal column converted in one step: an ExactDecimalField holds its
    canonical digits as text (kinerja.plan.fields), read with ``Decimal``; any other DecimalField is converted as
    Django's SQLite backend does (15 significant digits, quantized to the field's places). Other columns pass as
    read. On PostgreSQL the driver returns Decimals already: the queryset is used as it is."""
    queryset = queryset.values_list(*fields)
    connection = connections[queryset.db]
    if connection.vendor != "sqlite":
        return queryset
    model_fields = [queryset.model._meta.get_field(name) for name in fields]
    convert = {index: _sqlite_decimal(f) for index, f in enumerate(model_fields) if isinstance(f, DecimalField)}
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not convert:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for index, to_decimal in convert.items():
            if row[index] is not None:
                row[index] = to_decimal(row[index])
        out.append(tuple(row))
    return out


def _sqlite_decimal(field: DecimalField):
    if isinstance(field, ExactDecimalField):
        places = field.decimal_places
        return lambda value: stored_decimal(value, places)
    create = decimal.Context(prec=15).create_decimal_from_float
    places = Decimal(1).scaleb(-field.decimal_places)
    return lambda value: create(value).quantize(places, context=field.context)


def load_plan_data(agency: m.Agency, plan: m.StrategicPlan, *, through_year: int) -> PlanData:
    """Everything stored for the plan up to ``through_year`` (+1 for forward targets), in a fixed few queries.

    The value tables are the bulk of the data (hundreds of rows per indicator over a period), so they are read as
    tuples (``values_list``) straight into ``Stored``, not as model instances: the indicators they belong to are
    already loaded. Each element's ``parent`` is set from the elements loaded, so walking up costs no query.

    Every unit (the value's own, else the indicator's satuan) is read through the agency's declared kesetaraan
    satuan, here and nowhere else, so the engine compares canonical spellings and every report, projection and
    check agrees; the declarations are read on each call, and one moves the agency's data version (results stored
    under it are recomputed), so a new one counts at once."""
    elements = list(
        m.PlanElement.objects.filter(strategic_plan=plan).select_related("unit").order_by("position", "pk")
    )
    nodes = {e.pk: ElementData(e) for e in elements}
    roots = []
    for element in elements:
        parent = nodes.get(element.parent_id)
        (parent.children if parent else roots).append(nodes[element.pk])
        if parent is not None:
            _PARENT.set_cached_value(element, parent.element)

    indicators = {}
    satuan: dict[int, str | None] = {}
    for ind in (
        m.Indicator.objects.filter(element__strategic_plan=plan).select_related("scale", "unit").order_by("position")
    ):
        data = IndicatorData(
            indicator=ind,
            aggregation=Aggregation(ind.aggregation) if ind.aggregation else Aggregation.SUM,
            polarity=Polarity(ind.polarity),
            scale=ind.scale.as_ordinal() if ind.scale else None,
        )
        indicators[ind.pk] = data
        satuan[ind.pk] = ind.satuan or None
        nodes[ind.element_id].indicators.append(data)

    canon = canonicaliser(agency)

    def stored(pk, value, category, unit, numerator=None, denominator=None) -> Stored:
        unit = unit or satuan[pk]
        if not canon:
            return Stored(value, category, unit, numerator, denominator)
        canonical = canon(unit)
        return Stored(value, category, canonical, numerator, denominator, unit if canonical != unit else None)

    of_plan = {"indicator__element__strategic_plan": plan}
    for pk, revision, kind, year, value, category, unit in value_rows(
            m.Target.objects.filter(**of_plan), "indicator_id", "revision_id", "kind", "year", "value", "category",
            "unit"):
        indicators[pk].targets[(revision, kind, year)] = stored(pk, value, category, unit)
    for pk, year, period, value, category, unit, numerator, denominator in value_rows(
            m.Realisation.objects.filter(**of_plan, year__lte=through_year), "indicator_id", "year", "period", "value",
            "category", "unit", "numerator", "denominator"):
        indicators[pk].realisations[(year, period)] = stored(pk, value, category, unit, numerator, denominator)
    for pk, through, value, category, unit in value_rows(
            m.CarriedRealisation.objects.filter(**of_plan, through_year__lt=through_year), "indicator_id",
            "through_year", "value", "category", "unit"):
        indicators[pk].carried[through] = stored(pk, value, category, unit)

    of_elements = {"element__strategic_plan": plan}
    for pk, revision, kind, year, amount, location, note in value_rows(
            m.Budget.objects.filter(**of_elements), "element_id", "revision_id", "kind", "year", "amount", "location",
            "note"):
        nodes[pk].budgets[(revision, kind, year)] = amount
        nodes[pk].budget_places[(revision, kind, year)] = (location, note)
    for pk, year, period, amount in value_rows(
            m.BudgetRealisation.objects.filter(**of_elements, year__lte=through_year), "element_id", "year", "period",
            "amount"):
        nodes[pk].budget_realisations[(year, period)] = amount
    for pk, through, amount in value_rows(
            m.CarriedBudgetRealisation.objects.filter(**of_elements, through_year__lt=through_year), "element_id",
            "through_year", "amount"):
        nodes[pk].carried_budget[through] = amount

    revisions = list(m.Revision.objects.filter(strategic_plan=plan))
    return PlanData(agency=agency, plan=plan, roots=roots, by_pk=nodes, revisions=revisions, units=canon)


def printed_figures(agency: m.Agency, report: str, year: int) -> dict[tuple, str]:
    """Printed figures keyed by (element pk, indicator pk, column, measure)."""
    figures: dict[tuple, str] = defaultdict(str)
    for p in m.PrintedFigure.objects.filter(agency=agency, report=report, year=year):
        figures[(p.element_id, p.indicator_id, p.column, p.measure)] = p.text
    return dict(figures)
