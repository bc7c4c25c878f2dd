"""The baseline: the same computations with the data loaded the naive way, one query per row.

``naive_load_plan_data`` returns exactly what ``kinerja.reports.data.load_plan_data`` returns, but walks the
tree and asks the database for each element's and each indicator's rows in turn — the way such code is often
first written (and what an ORM invites). ``naive_entry_rows`` does the same for the entry screen. ``install``
puts them in place of the set-wise versions, so the Renja evaluation, its exports, the dashboard and the entry
screen run unchanged on top of them: the ratio of the two timings is what set-wise loading buys.
"""

from __future__ import annotations

from kinerja.engine import Aggregation, Polarity
from kinerja.plan import models as m
from kinerja.realisation.services import unit_indicators
from kinerja.reports.data import ElementData, IndicatorData, PlanData, _stored
from kinerja.web.entry import QUARTERS, BudgetRow, EntryRow


def naive_load_plan_data(agency: m.Agency, plan: m.StrategicPlan, *, through_year: int) -> PlanData:
    elements = list(m.PlanElement.objects.filter(strategic_plan=plan).order_by("position", "pk"))
    nodes = {e.pk: ElementData(e) for e in elements}
    roots = []
    for element in elements:
        parent = nodes.get(element.parent_id)
        (parent.children if parent else roots).append(nodes[element.pk])
    for element in elements:
        node = nodes[element.pk]
        for ind in element.indicators.order_by("position"):
            data = IndicatorData(
                indicator=ind,
                aggregation=Aggregation(ind.aggregation) if ind.aggregation else Aggregation.SUM,
                polarity=Polarity(ind.polarity),
                scale=ind.scale.as_ordinal() if ind.scale_id else None,
            )
            node.indicators.append(data)
            for t in ind.targets.all():
                data.targets[(t.revision_id, t.kind, t.year)] = _stored(t)
            for r in ind.realisations.filter(year__lte=through_year):
                data.realisations[(r.year, r.period)] = _stored(r)
            for c in ind.carried_realisations.filter(through_year__lt=through_year):
                data.carried[c.through_year] = _stored(c)
        for b in element.budgets.all():
            node.budgets[(b.revision_id, b.kind, b.year)] = b.amount
            node.budget_places[(b.revision_id, b.kind, b.year)] = (b.location, b.note)
        for b in element.budget_realisations.filter(year__lte=through_year):
            node.budget_realisations[(b.year, b.period)] = b.amount
        for b in element.carried_budget_realisations.filter(through_year__lt=through_year):
            node.carried_budget[b.through_year] = b.amount
    revisions = list(m.Revision.objects.filter(strategic_plan=plan))
    return PlanData(agency=agency, plan=plan, roots=roots, by_pk=nodes, revisions=revisions)


def naive_entry_rows(unit: m.Unit, year: int, quarter: int) -> tuple[list[EntryRow], list[BudgetRow]]:
    rows = []
    indicators = list(unit_indicators(unit, year))
    for ind in indicators:
        target = (ind.targets.filter(kind=m.PlanKind.RENJA, year=year).select_related("revision")
                  .order_by("-revision__number").first())
        reported = {r.period: r for r in ind.realisations.filter(year=year, period__in=QUARTERS)}
        if target is not None or reported:
            rows.append(EntryRow(ind, target, reported).bind(quarter))
    budgets = []
    elements = {ind.element_id: ind.element for ind in indicators if ind.element.unit_id == unit.pk}
    for element in elements.values():
        pagu = element.budgets.filter(kind=m.PlanKind.RENJA, year=year).order_by("-revision__number").first()
        row = BudgetRow(element, pagu.amount if pagu else None).bind(quarter)
        for b in element.budget_realisations.filter(year=year, period__in=QUARTERS):
            row.quarters[b.period] = b
        budgets.append(row)
    return rows, budgets


def install() -> None:
    """Replace the set-wise loaders in this process (the benchmark's baseline server and steps only)."""
    from kinerja.reports import renja_evaluation
    from kinerja.web import entry

    renja_evaluation.load_plan_data = naive_load_plan_data
    entry.entry_rows = naive_entry_rows
