"""The dashboard of an agency and year, and the drill-down to one indicator's history.

Every figure comes from the Renja evaluation of the year (``build_evaluation``: capaian, averages, predikat and
the Rupiah sums are its rules, RULES §1–§5) or from the engine; this module only chooses what the kepala dinas
reads first and says how far the year has been reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kinerja.accounts.permissions import Capability, requires
from kinerja.dataversion.services import remember
from kinerja.engine import (
    Reason,
    Result,
    format_count,
    format_percent,
    predikat,
    predikat_text,
    reason_text,
    serapan,
    sum_rupiah,
)
from kinerja.plan import models as m
from kinerja.realisation.models import QuarterReport, Status
from kinerja.realisation.services import quarter_deadline
from kinerja.reports.data import ElementData, PlanData, ReportError, load_plan_data
from kinerja.reports.evaluation_html import PREDIKAT_CSS
from kinerja.reports.lang import current_lang
from kinerja.reports.renja_evaluation import (
    ROW_LEVELS,
    RP,
    K,
    Row,
    budget_figures,
    build_evaluation,
)
from kinerja.reports.summary import agency_capaian, program_capaian, year_programs

QUARTERS = (1, 2, 3, 4)
WORST = 10
# Where each figure sits in the evaluation's layout: capaian, target and realisation of the year (K).
COLUMNS = {1: ("13", "7", "12"), 2: ("8", "6", "7")}

ANNUAL, QUARTERLY, NOTHING = "annual", "quarterly", "nothing"


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def dashboard(request, agency: m.Agency, year: int):
    # Everything below the title depends on the agency's data alone: rendered once per data version and language,
    # and per day, since whether a quarter's deadline has passed changes at midnight without any write.
    today = timezone.localdate()
    kept = remember(agency.pk, "dashboard-page", f"{year}:{current_lang()}:{today.isoformat()}",
                    lambda: _body(agency, year, today))
    if "missing" in kept:
        raise Http404(kept["missing"])
    return render(request, "web/dashboard.html", {
        "agency": agency, "year": year, "body": mark_safe(kept["body"]),  # noqa: S308 — our own template's output
    })


def _body(agency: m.Agency, year: int, today: dt.date) -> dict:
    try:
        return {"body": render_to_string("web/_dashboard_body.html", _figures(agency, year, today))}
    except ReportError as exc:
        return {"missing": str(exc)}


# -- how far the year is reported --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reporting:
    """How the year's realisations are held: as annual totals (the published documents give no quarters), by
    quarter up to ``through``, or not at all yet."""

    kind: str
    through: int = 0

    @property
    def graded(self) -> bool:
        """Whether a capaian of the year may carry a predikat.

        The predikat (RULES §3) grades the year's capaian against the year's target. The evaluation holds only
        annual targets (a Renja sets no target per quarter), so before TW IV is reported the capaian is the
        cumulative realisation to date against the whole year's target: 24 % after TW I is on course, yet graded
        it would be "Sangat Rendah" — which a kepala dinas reads as a verdict on the year. Until the year is
        complete the figure is therefore shown with its label ("s/d TW I, terhadap target tahunan") and without a
        predikat or its colour; the budget chart beside it shows the pace against the plan.
        """
        return self.kind == ANNUAL or (self.kind == QUARTERLY and self.through == 4)


def reporting(data: PlanData, year: int) -> Reporting:
    periods: set[int] = set()
    for node, _depth in data.walk():
        periods.update(p for (y, p) in node.budget_realisations if y == year)
        for ind in node.indicators:
            periods.update(p for (y, p), stored in ind.realisations.items() if y == year and stored.raw is not None)
    quarters = [p for p in periods if p in QUARTERS]
    if quarters:
        return Reporting(QUARTERLY, max(quarters))
    if m.Period.YEAR in periods:
        return Reporting(ANNUAL)
    return Reporting(NOTHING)


# -- figures -------------------------------------------------------------------------------------------------------


def quarter_labels() -> dict[int, str]:
    """``TW I`` … ``TW IV`` in the page's language (``Q1`` … ``Q4`` in English)."""
    return {1: _("TW I"), 2: _("TW II"), 3: _("TW III"), 4: _("TW IV")}


def _percent(value, lang: str) -> str:
    return format_percent(value, 2, lang) if isinstance(value, Decimal) else "—"


def _value(cell, lang: str) -> str:
    """A target or realisation as people write it: ``1.503 Orang``, ``78 %``, ``BB``; ``—`` when none."""
    if cell is None or cell.value is None:
        return "—"
    if isinstance(cell.value, Decimal):
        text = format_count(cell.value, lang, max_places=2)
        return f"{text} {cell.unit}" if cell.unit else text
    return str(cell.value)


def _grade(result: Result, state: Reporting, lang: str) -> dict:
    """The predikat of a capaian where the year is graded (text and colour), else why it is not."""
    if not result.defined:
        return {"text": "—", "css": ""}
    if not state.graded:
        return {"text": _("dinilai setelah TW IV"), "css": "ungraded"}
    p = predikat(result)
    return {"text": predikat_text(p, lang), "css": PREDIKAT_CSS.get(p.value, "")}


def _program_budget(node: ElementData, table) -> dict:
    """The program's pagu and realisations (year and quarters), summed as the Renja evaluation sums them (RULES §5),
    from the stored data whatever layout the agency's evaluation prints (layout 2 has no Rupiah columns)."""
    levels = ROW_LEVELS[table.layout]

    def figures(element: ElementData):
        kids = [figures(child) for child in element.children if child.element.level in levels]
        return budget_figures(element, table.year, table.revisions, table.plan, kids or None)

    cells = figures(node)
    return {name: cells[name].value for name in ("target", "year", "q1", "q2", "q3", "q4")}


def _indicator_line(row: Row, table, state: Reporting, lang: str) -> dict:
    capaian_column, target_column, year_column = COLUMNS[table.layout]
    cell = row.cells.get((capaian_column, K))
    result = cell.as_result() if cell is not None else Result.undefined(Reason.NO_TARGET)
    return {
        "element": row.element, "indicator": row.indicator.indicator,
        "target": _value(row.cells.get((target_column, K)), lang),
        "realised": _value(row.cells.get((year_column, K)), lang),
        "capaian": _percent(result.value, lang), "value": result.value,
        "why": reason_text(result.reason, lang) if result.reason is not None else "",
        "grade": _grade(result, state, lang),
    }


def _programs(table, data: PlanData, state: Reporting, lang: str) -> list[dict]:
    """Each program of the year: its capaian (K), predikat, budget and the indicator lines under it."""
    programs: list[dict] = []
    for row, own in year_programs(table):
        under = [r for r in _rows_of(table, row) if r.indicator is not None and not r.is_program]
        result = program_capaian(table, row, own)
        budget = _program_budget(data.by_pk[row.element.pk], table)
        absorbed = serapan(budget["target"], budget["year"])
        programs.append({
            "row": row, "own": own, "under": under, "budget": budget,
            "element": row.element, "result": result, "k": _percent(result.value, lang),
            "grade": _grade(result, state, lang), "pagu": budget["target"], "spent": budget["year"],
            "absorbed": absorbed, "rp": _percent(absorbed.value, lang),
            "lines": [_indicator_line(r, table, state, lang) for r in own + under],
        })
    return programs


def _rows_of(table, program: Row) -> list[Row]:
    """The rows after a program's first row up to the next program's."""
    start = table.rows.index(program) + 1
    end = next((i for i in range(start, len(table.rows))
                if table.rows[i].is_program and table.rows[i].first_of_element), len(table.rows))
    return table.rows[start:end]


def _absorption(programs: list[dict], state: Reporting, lang: str) -> dict:
    pagu = sum_rupiah(p["pagu"] for p in programs)
    spent = sum_rupiah(p["spent"] for p in programs)
    year_result = serapan(pagu, spent)
    out = {"pagu": pagu, "spent": spent, "percent": _percent(year_result.value, lang), "chart": None}
    if state.kind != QUARTERLY:
        return out
    values, shown, running = [], [], None
    for q in QUARTERS:
        if q > state.through:  # not reported yet: no point, not a flat line at the last value
            values.append(None)
            shown.append("—")
            continue
        running = sum_rupiah([running, *(p["budget"][f"q{q}"] for p in programs)])
        result = serapan(pagu, running if running is not None else Decimal(0))
        values.append(float(round(result.value, 2)) if result.defined else None)
        shown.append(_percent(result.value, lang))
    out["chart"] = {
        "lang": lang,
        "labels": list(quarter_labels().values()),
        "absorption": values, "absorption_text": shown,
        "plan": [25, 50, 75, 100],
        "plan_text": [format_percent(Decimal(v), 2, lang) for v in (25, 50, 75, 100)],
        "label_absorption": _("Serapan anggaran kumulatif (%)"),
        "label_plan": _("Rencana (%)"),
    }
    return out


def _units(agency: m.Agency, year: int, table, state: Reporting, today: dt.date) -> list[dict]:
    """Every unit of the agency — also those that have not reported — with its status per quarter and the
    deadline; for a year held as annual totals, how many of its indicators hold the year's value."""
    units = list(agency.units.order_by("name"))
    if state.kind == ANNUAL:
        counts = {unit.pk: [0, 0] for unit in units}
        _capaian, target_column, year_column = COLUMNS[table.layout]
        for row in table.rows:
            if row.indicator is None:
                continue
            owner = row.indicator.indicator.unit_id or row.element.unit_id
            target = row.cells.get((target_column, K))
            if owner not in counts or target is None or not target.defined:
                continue
            counts[owner][1] += 1
            realised = row.cells.get((year_column, K))
            counts[owner][0] += bool(realised is not None and realised.defined)
        return [{"unit": unit, "filled": counts[unit.pk][0], "total": counts[unit.pk][1]} for unit in units]
    reports = {(r.unit_id, r.quarter): r for r in QuarterReport.objects.filter(agency=agency, year=year)}
    lines = []
    for unit in units:
        cells = []
        for q in QUARTERS:
            report = reports.get((unit.pk, q))
            deadline = quarter_deadline(report, year, q)
            sent = report is not None and report.status in (Status.SUBMITTED, Status.VERIFIED, Status.APPROVED)
            cells.append({
                "report": report, "deadline": deadline,
                "overdue": not sent and today > deadline,
                "late": report is not None and report.submitted_late,
            })
        lines.append({"unit": unit, "quarters": cells})
    return lines


def _figures(agency: m.Agency, year: int, today: dt.date) -> dict:
    lang = current_lang()
    table = build_evaluation(agency, year)
    # The stored data as the engine reads it, for what the evaluation's columns do not carry: the Rupiah of a
    # layout without Rupiah columns, each quarter's, and which periods the year holds.
    data = load_plan_data(agency, table.plan, through_year=year)
    state = reporting(data, year)
    programs = _programs(table, data, state, lang)
    # The lowest capaian among the kegiatan (and sub kegiatan); a program's own indicators only where the program
    # has no kegiatan line, being then the only measure of it (Kukar 2023).
    candidates = [line for p in programs for line in (p["lines"] if not p["under"] else p["lines"][len(p["own"]):])
                  if line["value"] is not None]
    worst = sorted(candidates, key=lambda line: line["value"])[:WORST]
    analyses = {}
    for narrative in m.Narrative.objects.filter(
            agency=agency, year=year, section=m.Narrative.Section.ANALYSIS,
            indicator__in=[line["indicator"] for line in worst]).order_by("number"):
        analyses[narrative.indicator_id] = narrative.text  # the latest version wins
    for line in worst:
        line["analysis"] = analyses.get(line["indicator"].pk)
    average = agency_capaian(table, [p["result"] for p in programs])
    rp_average = table.average.get(RP)
    return {
        "agency": agency, "year": year, "table": table, "state": state,
        "through": quarter_labels().get(state.through, ""), "programs": programs, "worst": worst,
        "average_k": _percent(average.value, lang), "average_grade": _grade(average, state, lang),
        "average_rp": _percent(rp_average.value if rp_average else None, lang),
        "budget": _absorption(programs, state, lang), "units": _units(agency, year, table, state, today),
        "quarters": list(quarter_labels().values()), "ANNUAL": ANNUAL, "QUARTERLY": QUARTERLY,
        "layout": table.layout,
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
