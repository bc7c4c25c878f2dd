"""A prototype of the loader change proposed in docs/performance.md, to measure what it would buy.

Not used by Kinerja: ``kinerja.reports.data.load_plan_data`` stays the reference, and the benchmark checks that
this one gives the same evaluation. Two differences from it: the value rows (targets, realisations, budgets …)
are read with ``values_list`` into the same plain ``Stored``/``Decimal`` values instead of as model instances
with their indicator joined in (``select_related``) — the indicators are already loaded; and each element's
``parent`` is taken from the elements already loaded, so walking up (``objective_of``) costs no query.
"""

from __future__ import annotations

from kinerja.engine import Aggregation, Polarity
from kinerja.plan import models as m
from kinerja.reports.data import ElementData, IndicatorData, PlanData, Stored

PARENT = m.PlanElement._meta.get_field("parent")


def lean_load_plan_data(agency: m.Agency, plan: m.StrategicPlan, *, through_year: int) -> PlanData:
    elements = list(
        m.PlanElement.objects.filter(strategic_plan=plan).select_related("unit").order_by("position", "pk")
    )
    nodes = {e.pk: ElementData(e) for e in elements}
    roots = []
    for element in elements:
        parent = nodes.get(element.parent_id)
        (parent.children if parent else roots).append(nodes[element.pk])
        if parent is not None:
            PARENT.set_cached_value(element, parent.element)

    indicators: dict[int, IndicatorData] = {}
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

    of_plan = {"indicator__element__strategic_plan": plan}
    for pk, revision, kind, year, value, category, unit in m.Target.objects.filter(**of_plan).values_list(
            "indicator_id", "revision_id", "kind", "year", "value", "category", "unit"):
        indicators[pk].targets[(revision, kind, year)] = Stored(value, category, unit or satuan[pk])
    for pk, year, period, value, category, unit in m.Realisation.objects.filter(
            **of_plan, year__lte=through_year).values_list("indicator_id", "year", "period", "value", "category",
                                                           "unit"):
        indicators[pk].realisations[(year, period)] = Stored(value, category, unit or satuan[pk])
    for pk, through, value, category, unit in m.CarriedRealisation.objects.filter(
            **of_plan, through_year__lt=through_year).values_list("indicator_id", "through_year", "value",
                                                                  "category", "unit"):
        indicators[pk].carried[through] = Stored(value, category, unit or satuan[pk])

    of_elements = {"element__strategic_plan": plan}
    for pk, revision, kind, year, amount, location, note in m.Budget.objects.filter(**of_elements).values_list(
            "element_id", "revision_id", "kind", "year", "amount", "location", "note"):
        nodes[pk].budgets[(revision, kind, year)] = amount
        nodes[pk].budget_places[(revision, kind, year)] = (location, note)
    for pk, year, period, amount in m.BudgetRealisation.objects.filter(
            **of_elements, year__lte=through_year).values_list("element_id", "year", "period", "amount"):
        nodes[pk].budget_realisations[(year, period)] = amount
    for pk, through, amount in m.CarriedBudgetRealisation.objects.filter(
            **of_elements, through_year__lt=through_year).values_list("element_id", "through_year", "amount"):
        nodes[pk].carried_budget[through] = amount

    revisions = list(m.Revision.objects.filter(strategic_plan=plan))
    return PlanData(agency=agency, plan=plan, roots=roots, by_pk=nodes, revisions=revisions)


def install() -> None:
    from kinerja.reports import renja_evaluation

    renja_evaluation.load_plan_data = lean_load_plan_data
