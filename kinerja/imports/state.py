"""The snapshot of what is stored that an import of one agency and year is compared with, in a few queries."""

from __future__ import annotations

from django.db.models import Q

from kinerja.accounts.permissions import Capability, units_for
from kinerja.plan import models as m
from kinerja.plan.services import latest_revision
from kinerja.plan.values import may_set_annual_total
from kinerja.realisation.models import QuarterReport
from kinerja.realisation.services import EDITABLE

from .snapshot import (
    BudgetRealisationSnap,
    BudgetSnap,
    ElementSnap,
    IndicatorSnap,
    PlanState,
    RealisationSnap,
    ScaleSnap,
    TargetSnap,
    UnitSnap,
)


class ImportSetupError(Exception):
    """The agency or year cannot take an import (no Renstra covers the year): nothing was read or written."""


def plan_for(agency: m.Agency, year: int) -> m.StrategicPlan:
    plans = list(agency.strategic_plans.order_by("first_year"))
    for plan in plans:
        if plan.covers(year):
            return plan
    periods = ", ".join(f"{p.first_year}–{p.last_year}" for p in plans) or "belum ada Renstra"
    raise ImportSetupError(f"tahun {year} tidak termasuk periode Renstra {agency.slug} ({periods})")


def load_state(agency: m.Agency, year: int, *, user=None, realisation: bool = False) -> PlanState:
    """What is stored for ``agency`` in ``year``. ``user`` (None on the command line) limits a realisation import
    to the units the user enters realisations for."""
    plan = plan_for(agency, year)
    revision = latest_revision(agency, m.Revision.Document.RENJA, year)
    state = PlanState(agency_pk=agency.pk, agency_slug=agency.slug, plan_pk=plan.pk, plan_name=str(plan),
                      scheme=plan.code_scheme, year=year,
                      revision_pk=revision.pk if revision else None, revision_label=str(revision or ""))
    # values_list, not model instances: an agency's plan can hold tens of thousands of rows
    for pk, key, code, name, level, parent, unit, position, version, maps_to in (
            m.PlanElement.objects.filter(strategic_plan=plan).order_by("position", "pk").values_list(
                "pk", "key", "code", "name", "level", "parent_id", "unit_id", "position", "version", "maps_to_id")):
        state.elements[pk] = ElementSnap(pk, key, code, name, level, parent, unit, position, version,
                                         superseded=maps_to is not None)
    for pk, element, name, satuan, kind, scale, categories, unit, position, version, aggregation in (
            m.Indicator.objects.filter(element__strategic_plan=plan).values_list(
                "pk", "element_id", "name", "satuan", "value_kind", "scale_id", "scale__categories", "unit_id",
                "position", "version", "aggregation")):
        state.indicators[pk] = IndicatorSnap(pk, element, name, satuan, kind, scale, tuple(categories or ()), unit,
                                             position, version, aggregation)
    if revision is not None:
        kinds, years = [m.PlanKind.RENJA, m.PlanKind.FORWARD], [year, year + 1]
        for pk, indicator, kind, target_year, value, category, unit, text, version in m.Target.objects.filter(
                revision=revision, indicator__element__strategic_plan=plan, kind__in=kinds, year__in=years
        ).values_list("pk", "indicator_id", "kind", "year", "value", "category", "unit", "text", "version"):
            state.targets[(indicator, kind, target_year)] = TargetSnap(pk, value, category, unit, text, version)
        for pk, element, kind, budget_year, amount, location, note, version in m.Budget.objects.filter(
                revision=revision, element__strategic_plan=plan, kind__in=kinds, year__in=years
        ).values_list("pk", "element_id", "kind", "year", "amount", "location", "note", "version"):
            state.budgets[(element, kind, budget_year)] = BudgetSnap(pk, amount, location, note, version)
    for pk, indicator, period, value, category, unit, text, version in m.Realisation.objects.filter(
            indicator__element__strategic_plan=plan, year=year
    ).values_list("pk", "indicator_id", "period", "value", "category", "unit", "text", "version"):
        state.realisations[(indicator, period)] = RealisationSnap(pk, value, category, unit, text, version)
    for pk, element, period, amount, version in m.BudgetRealisation.objects.filter(
            element__strategic_plan=plan, year=year).values_list("pk", "element_id", "period", "amount", "version"):
        state.budget_realisations[(element, period)] = BudgetRealisationSnap(pk, amount, version)
    for u in agency.units.all():
        state.units[u.pk] = UnitSnap(u.pk, u.key, u.name)
    state.scales = [ScaleSnap(s.pk, s.name, tuple(s.categories))
                    for s in m.CategoryScale.objects.filter(Q(agency=agency) | Q(agency__isnull=True))]
    if realisation and user is not None:
        state.allowed_units = frozenset(u.pk for u in units_for(user, Capability.ENTER_REALISATION, agency))
    state.may_set_annual = may_set_annual_total(user, agency)
    for report in QuarterReport.objects.filter(agency=agency, year=year):
        if report.locked or report.status not in EDITABLE:
            state.locked_quarters[(report.unit_id, report.quarter)] = report.get_status_display()
    state.revision_keys = frozenset(m.Revision.objects.filter(agency=agency).values_list("key", flat=True))
    return state
