"""Tujuan dan sasaran (REPORTS.md §F): each tujuan and sasaran of the Renstra period with its indicators and their
Renstra targets per year (seed 000 §3.2, seed 001 Tabel 5).

Columns as seed 000 §3.2 numbers them (line 830, the only seed that prints numbers for this table): (1) no.,
(2) tujuan, (3) sasaran, (4) indikator kinerja — a tujuan's on its row, a sasaran's on its —, then one column per
year with a Renstra target up to the year asked, numbered by its place in the Renstra: (5) its first year (*target
awal*) … (10) its sixth, so seed 000's 2020 and 2021 of the Renstra 2016–2021 are (9) and (10).

A target may be a grade or carry one: a category (``BB``) is checked to be on its indicator's scale; a value printed
with a SAKIP grade (``72,00 / B``) keeps its value, and every value of that indicator gets the grade of the agency's
SAKIP scale, beside the printed one (RULES §8). A grade on a scale Kinerja does not hold (IKM ``76 (Baik)``) is
shown as printed. An IKK that is not also an IKU belongs to the urusan's service table (``kinerja-pelayanan``), not
here.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.engine import NumberKind, Reason, Result
from kinerja.plan import models as m

from .data import IndicatorData, ReportError, load_plan_data, plan_covering, printed_figures
from .official import (
    GRADE,
    K,
    OfficialTable,
    TableColumn,
    TableRow,
    category_finding,
    grade_cell,
    sakip_for,
    sakip_graded,
)
from .printed import compare_label, compare_number, with_printed_numbers
from .renja_evaluation import Cell

REPORT = "tujuan-sasaran"
LEVELS = (m.Level.GOAL, m.Level.OBJECTIVE)
YEAR_ONE = 5  # the column of the Renstra's first year (seed 000 line 830: 2020 of the Renstra 2016–2021 is (9))


def own_indicators(node) -> list[IndicatorData]:
    """The tujuan's or sasaran's own indicators: an IKK only there as the urusan's key indicator is left out."""
    return [d for d in node.indicators if not (d.indicator.is_ikk and not d.indicator.is_iku)]


def number_kind(indicator: m.Indicator) -> NumberKind:
    return NumberKind.PERCENT if indicator.value_kind == m.Indicator.ValueKind.PERCENT else NumberKind.COUNT


def compare_stored(stored, text: str, indicator: m.Indicator):
    """A printed value against the stored one (a target or realisation printed again elsewhere)."""
    if stored is not None and stored.category:
        return compare_label(stored.category, text)
    result = (Result.of(stored.value) if stored is not None and stored.value is not None
              else Result.undefined(Reason.NO_TARGET))
    return compare_number(result, text, number_kind(indicator))


def value_cells(row: TableRow, figure: str, stored, data: IndicatorData, printed_text: str, printed_grade: str,
                notes: list[str], sakip=None) -> None:
    """The K (and predikat) cells of one stored value, compared with what this table printed."""
    indicator = data.indicator
    value = (stored.category or stored.value) if stored is not None else None
    cell = Cell(value=value)
    if printed_text:
        cell.printed = printed_text
        cell.difference = compare_stored(stored, printed_text, indicator)
    row.cells[(figure, K)] = cell
    if stored is not None and stored.category:
        finding = category_finding(stored.category, indicator)
        if finding is not None:
            row.findings.append((figure, K, finding))
    grade = grade_cell(value if isinstance(value, Decimal) else None, printed_grade, indicator, notes, sakip)
    if grade is not None:
        row.cells[(figure, GRADE)] = grade


def build_tujuan_sasaran(agency: m.Agency, year: int) -> OfficialTable:
    plan = plan_covering(agency, year)
    data = load_plan_data(agency, plan, through_year=year)
    renstra = data.latest_revision(m.Revision.Document.RENSTRA)
    nodes = [node for node, _depth in data.walk() if node.element.level in LEVELS]
    if not nodes:
        raise ReportError(f"Belum ada tujuan dan sasaran pada Renstra {plan.first_year}–{plan.last_year} "
                          f"{agency.slug}")
    printed = printed_figures(agency, REPORT, year)
    years: set[int] = set()
    for node in nodes:
        for d in own_indicators(node):
            years |= {y for (rev, kind, y) in d.targets
                      if renstra is not None and rev == renstra.pk and kind == m.PlanKind.RENSTRA and y <= year}
    for (_e, _i, column, _m) in printed:
        figure, _sep, rest = column.partition(":")
        if figure in ("target", "grade") and rest.rsplit(":", 1)[-1].isdigit():
            years.add(int(rest.rsplit(":", 1)[-1]))
    years_sorted = sorted(y for y in years if plan.first_year <= y <= year)

    sakip, graded_values = sakip_for(agency), sakip_graded(printed)
    notes: list[str] = []
    rows: list[TableRow] = []
    goal_number = 0
    for node in nodes:
        element = node.element
        is_goal = element.level == m.Level.GOAL
        if is_goal:
            goal_number += 1
        # Beside indicators with a target in the table's years, one without is not printed (a tujuan indicator
        # printed without targets, e.g. seed 001's, is kept when it is the only one).
        own = own_indicators(node)
        indicators = [d for d in own
                      if any(d.target(renstra, m.PlanKind.RENSTRA, y) for y in years_sorted)
                      or any(e == element.pk and i == d.indicator.pk for (e, i, _c, _m) in printed)] or own or [None]
        # The name as this table prints it, where the element was first stored from another table in other words
        # (seed 000 §3.2 against §2.1); the stored name stays beside it in JSON.
        name = printed.get((element.pk, None, "name", ""), "") or element.name
        for position, d in enumerate(indicators):
            first = position == 0
            row = TableRow(kind=element.level, key=element.key, depth=0 if is_goal else 1, info={
                "level": element.level, "code": element.code or None, "name": name if first else "",
                "indicator": d.indicator.name if d else None,
            })
            if first and name != element.name:
                row.info["stored_name"] = element.name
            row.text("no", str(goal_number) if is_goal and first else "")
            row.text("goal", name if is_goal and first else "")
            row.text("objective", name if not is_goal and first else "")
            row.text("indicator", d.indicator.name if d else "")
            if d is not None:
                row.info["satuan"] = d.indicator.satuan or None
                for y in years_sorted:
                    key = (element.pk, d.indicator.pk)
                    value_cells(row, f"target_{y}", d.target(renstra, m.PlanKind.RENSTRA, y), d,
                                printed.get((*key, f"target:{y}", ""), ""),
                                printed.get((*key, f"grade:target:{y}", ""), ""), notes,
                                sakip if d.indicator.pk in graded_values else None)
            rows.append(row)

    graded = {f for row in rows for (f, measure) in row.cells if measure == GRADE}
    target_group = str(_("Target kinerja pada tahun"))
    columns = [
        TableColumn("1", str(pgettext_lazy("nomor urut", "No")), "no"),
        TableColumn("2", str(_("Tujuan")), "goal"),
        TableColumn("3", str(_("Sasaran")), "objective"),
        TableColumn("4", str(_("Indikator kinerja")), "indicator"),
    ]
    for y in years_sorted:
        label = (str(_("%(y)s (target awal Renstra)") % {"y": y}) if y == plan.first_year else str(y))
        figure = f"target_{y}"
        columns.append(TableColumn(str(YEAR_ONE + y - plan.first_year), label, figure,
                                   (K, GRADE) if figure in graded else (K,), group=target_group, year=y))
    return OfficialTable(
        report=REPORT, title=str(_("Tujuan dan sasaran %(y)s") % {"y": year}), agency=agency, plan=plan, year=year,
        columns=with_printed_numbers(agency, REPORT, year, columns), rows=rows, revisions={"renstra": renstra},
        notes=notes,
        summary={"tujuan": sum(1 for n in nodes if n.element.level == m.Level.GOAL),
                 "sasaran": sum(1 for n in nodes if n.element.level == m.Level.OBJECTIVE),
                 "years": years_sorted},
    )
