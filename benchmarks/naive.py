"""The baseline: the same computations with the data loaded the naive way, one query per row.

``naive_load_plan_data`` returns exactly what ``kinerja.reports.data.load_plan_data`` returns, but walks the
tree and asks the database for each element's and each indicator's rows in turn — the way such code is often
first written (and what an ORM invites). ``naive_entry_rows`` does the same for the entry screen. ``install``
puts them in place of the set-wise versions, so the Renja evaluation, the LKjIP, their exports, the dashboard and
the entry screen run unchanged on top of them, and makes ``bulk_create`` one INSERT per row (the import's
baseline): the ratio of the two timings is what set-wise loading and writing buy.
"""

from __future__ import annotations

from kinerja.engine import Aggregation, Polarity
from kinerja.plan import models as m
from kinerja.realisation.services import unit_indicators
from kinerja.reports.data import ElementData, IndicatorData, PlanData, Stored
from kinerja.web.entry import QUARTERS, BudgetRow, EntryRow


def _stored(row) -> Stored:
    return Stored(row.value, row.category, row.unit or row.indicator.satuan or None,
                  getattr(row, "numerator", None), getattr(row, "denominator", None))


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


def naive_bulk_create(self, objs, batch_size=None, **kwargs):
    """One INSERT per object (``Model.save``), as code that creates rows in a loop does."""
    for obj in objs:
        obj.save(force_insert=True, using=self.db)
    return objs


def install() -> None:
    """Replace the set-wise loaders (and bulk inserts) in this process: the benchmark's baseline server and
    steps only. Every report module that imported ``load_plan_data`` gets the naive one."""
    import sys

    from django.db.models import QuerySet

    import kinerja.consistency  # noqa: F401 — imported here so that its load_plan_data is replaced too
    import kinerja.reports.catalog  # noqa: F401 — every report builder
    from kinerja.reports import data
    from kinerja.web import entry

    set_wise = data.load_plan_data
    for module in list(sys.modules.values()):
        if module and module.__name__.startswith("kinerja.") and getattr(module, "load_plan_data", None) is set_wise:
            module.load_plan_data = naive_load_plan_data
    entry.entry_rows = naive_entry_rows
    QuerySet.bulk_create = naive_bulk_create
