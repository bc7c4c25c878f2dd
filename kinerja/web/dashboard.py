"""The dashboard of an agency and year, and the drill-down to one indicator's history."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from kinerja.accounts.permissions import Capability, requires
from kinerja.dataversion.services import remember
from kinerja.engine import format_percent, predikat, serapan
from kinerja.plan import models as m
from kinerja.realisation.models import QuarterReport
from kinerja.reports.data import ReportError
from kinerja.reports.evaluation_html import PREDIKAT_CSS
from kinerja.reports.lang import current_lang
from kinerja.reports.renja_evaluation import RP, K, build_evaluation

QUARTERS = (1, 2, 3, 4)
WORST = 10


def _percent(value, lang):
    return format_percent(value, 2, lang) if isinstance(value, Decimal) else "—"


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def dashboard(request, agency: m.Agency, year: int):
    # Everything below the title depends on the agency's data alone: rendered once per data version and language.
    kept = remember(agency.pk, "dashboard-page", f"{year}:{current_lang()}", lambda: _body(agency, year))
    if "missing" in kept:
        raise Http404(kept["missing"])
    return render(request, "web/dashboard.html", {
        "agency": agency, "year": year, "body": mark_safe(kept["body"]),  # noqa: S308 — our own template's output
    })


def _body(agency: m.Agency, year: int) -> dict:
    try:
        return {"body": render_to_string("web/_dashboard_body.html", _figures(agency, year))}
    except ReportError as exc:
        return {"missing": str(exc)}


def _figures(agency: m.Agency, year: int) -> dict:
    lang = current_lang()
    table = build_evaluation(agency, year)
    capaian_column = "13" if table.layout == 1 else "8"
    programs, worst = [], []
    for row in table.rows:
        if row.is_program and row.first_of_element and row.average:
            k, rp = row.average.get(K), row.average.get(RP)
            p = row.predikat.get(K)
            programs.append({
                "element": row.element, "k": _percent(k.value if k else None, lang),
                "rp": _percent(rp.value if rp else None, lang),
                "predikat": p.value if p else "—", "css": PREDIKAT_CSS.get(p.value, "") if p else "",
            })
        cell = row.cells.get((capaian_column, K))
        if row.indicator and cell is not None and isinstance(cell.value, Decimal) and not row.is_program:
            worst.append((cell.value, row))
    worst.sort(key=lambda item: item[0])

    # Budget absorption per quarter, cumulative, against the year's pagu (leaf elements carry the Rupiah).
    elements = m.PlanElement.objects.filter(strategic_plan=table.plan)
    pagu_by_element: dict[int, tuple[int, Decimal]] = {}
    for b in m.Budget.objects.filter(element__in=elements, kind=m.PlanKind.RENJA, year=year).select_related(
            "revision"):
        current = pagu_by_element.get(b.element_id)
        if current is None or b.revision.number >= current[0]:
            pagu_by_element[b.element_id] = (b.revision.number, b.amount)
    pagu = sum((amount for _n, amount in pagu_by_element.values()), Decimal(0))
    per_quarter = defaultdict(Decimal)
    annual_only = Decimal(0)
    for r in m.BudgetRealisation.objects.filter(element__in=elements, year=year):
        if r.period in QUARTERS:
            per_quarter[r.period] += r.amount
        else:
            annual_only += r.amount
    cumulative, running = [], Decimal(0)
    for q in QUARTERS:
        running += per_quarter[q]
        result = serapan(pagu, running)
        cumulative.append(float(round(result.value, 2)) if result.defined else None)
    analyses = {}
    for narrative in m.Narrative.objects.filter(
            agency=agency, year=year, section=m.Narrative.Section.ANALYSIS,
            indicator__in=[row.indicator.indicator for _value, row in worst[:WORST]]).order_by("number"):
        analyses[narrative.indicator_id] = narrative.text  # the latest version wins
    reports = QuarterReport.objects.filter(agency=agency, year=year).select_related("unit")
    completeness = defaultdict(dict)
    for r in reports:
        completeness[r.unit.name][r.quarter] = r
    chart = {
        "labels": [f"TW {q}" for q in QUARTERS],
        "absorption": cumulative,
        "plan": [25, 50, 75, 100],
        "label_absorption": "Serapan anggaran kumulatif (%)" if lang == "id" else "Cumulative budget absorption (%)",
        "label_plan": "Rencana (%)" if lang == "id" else "Plan (%)",
    }
    return {
        "agency": agency, "year": year, "table": table, "programs": programs,
        "worst": [{"row": row, "capaian": _percent(value, lang), "predikat": predikat(value),
                   "analysis": analyses.get(row.indicator.indicator.pk)} for value, row in worst[:WORST]],
        "average_k": _percent(table.average.get(K).value if table.average.get(K) else None, lang),
        "average_rp": _percent(table.average.get(RP).value if table.average.get(RP) else None, lang),
        "pagu": pagu, "annual_only": annual_only, "chart": chart,
        "completeness": dict(completeness), "quarters": QUARTERS,
    }


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def indicator_history(request, agency: m.Agency, indicator: int):
    try:
        ind = m.Indicator.objects.select_related("element", "element__strategic_plan").get(
            pk=indicator, element__strategic_plan__agency=agency)
    except m.Indicator.DoesNotExist:
        raise Http404("Indikator tidak ditemukan") from None
    targets = ind.targets.select_related("revision").order_by("year", "kind", "revision__number")
    realisations = ind.realisations.order_by("year", "period")
    carried = ind.carried_realisations.order_by("through_year")
    chain = []
    element = ind.element
    while element is not None:
        chain.insert(0, element)
        element = element.parent
    plan = ind.element.strategic_plan
    return render(request, "web/indicator_history.html", {
        "agency": agency, "indicator": ind, "targets": targets, "realisations": realisations,
        "carried": carried, "chain": chain, "years": range(plan.first_year, plan.last_year + 1),
    })
