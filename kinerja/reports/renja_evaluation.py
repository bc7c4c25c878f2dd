"""Evaluasi hasil pelaksanaan Renja dan pencapaian Renstra (REPORTS.md §A), in both printed layouts.

Layout 1 (seed 000 §2.1): program and kegiatan rows, K and Rp, columns 5–15.
Layout 2 (seed 001 Tabel 1): program, kegiatan and sub kegiatan rows by code, K only, columns 4–11.
Every figure is computed from stored data by the engine; printed figures are only compared.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from kinerja.engine import (
    Aggregation,
    AveragePolicy,
    Measured,
    NumberKind,
    Predikat,
    Reason,
    Result,
    RowAchievement,
    average_capaian,
    capaian,
    categorical_capaian,
    cumulative,
    normalise_unit,
    predikat,
    serapan,
    sum_rupiah,
    year_value,
)
from kinerja.plan import models as m

from .data import ElementData, IndicatorData, PlanData, ReportError, load_plan_data, plan_covering, printed_figures
from .printed import (
    CHILDREN_SUM,
    CODE_PRINTED,
    DOES_NOT_FOLLOW,
    Difference,
    Explanation,
    compare_label,
    compare_number,
    read_printed,
)

REPORT = "renja-evaluasi"
K, RP = "K", "Rp"
QUARTERS = (1, 2, 3, 4)

LAST_SUMMED = _("nilai tingkat (persentase/indeks) dijumlahkan antar tahun; indikator LAST memakai nilai terakhir")
UNITS_SUMMED = _("nilai dengan satuan berbeda dijumlahkan")
FROM_WRONG_SUM = _("dihitung dari realisasi kumulatif yang dijumlahkan secara salah")
NOT_TIMES_100 = _("persentase tidak dikali 100")
CAPPED = _("capaian dibatasi 100 %, padahal aturan tidak membatasi")
FROM_PRINTED_PARENT = _("dihitung dari angka induk tercetak yang tidak sama dengan jumlah rinciannya")
SEED_AVERAGE = _("rata-rata memasukkan baris tanpa target tahun ini sebagai 0 % (konvensi dokumen)")
PREDIKAT_OF_PRINTED = _("predikat mengikuti rata-rata tercetak yang tidak sesuai aturan")
OMITTED_REASON = _("tidak ada nilai pada satu pun kolom tabel ini (kolom %(first)s–%(last)s)")


@dataclass(frozen=True)
class Column:
    number: str
    label: str
    measures: tuple[str, ...]
    percent: bool = False
    group: str = ""


def layout_columns(layout: int, year: int, plan: m.StrategicPlan) -> list[Column]:
    if layout == 1:
        both = (K, RP)
        return [
            Column("5", _("Target Renstra pada tahun %(y)s (akhir periode)") % {"y": plan.last_year}, both),
            Column("6", _("Realisasi capaian Renstra s/d Renja tahun %(y)s") % {"y": year - 1}, both),
            Column("7", _("Target kinerja dan anggaran tahun %(y)s") % {"y": year}, both),
            Column("8", _("TW I"), both, group="realisasi"),
            Column("9", _("TW II"), both, group="realisasi"),
            Column("10", _("TW III"), both, group="realisasi"),
            Column("11", _("TW IV"), both, group="realisasi"),
            Column("12", _("Realisasi tahun %(y)s (12 = 8+9+10+11)") % {"y": year}, both),
            Column("13", _("Tingkat capaian tahun %(y)s (13 = 12/7 × 100 %%)") % {"y": year}, both, percent=True),
            Column("14", _("Realisasi Renstra s/d tahun %(y)s (14 = 6 + 12)") % {"y": year}, both),
            Column("15", _("Tingkat capaian Renstra s/d tahun %(y)s (15 = 14/5 × 100 %%)") % {"y": year}, both,
                   percent=True),
        ]
    only_k = (K,)
    return [
        Column("4", _("Target Renstra tahun %(y)s") % {"y": plan.last_year}, only_k),
        Column("5", _("Realisasi s/d tahun %(y)s") % {"y": year - 1}, only_k),
        Column("6", _("Target Renja tahun %(y)s") % {"y": year}, only_k, group="lalu"),
        Column("7", _("Realisasi Renja tahun %(y)s") % {"y": year}, only_k, group="lalu"),
        Column("8", _("Tingkat realisasi (8 = 7/6) %"), only_k, percent=True, group="lalu"),
        Column("9", _("Target Renja tahun %(y)s") % {"y": year + 1}, only_k),
        Column("10", _("Realisasi s/d tahun %(y)s (10 = 5+7+9)") % {"y": year + 1}, only_k, group="perkiraan"),
        Column("11", _("Tingkat capaian Renstra (11 = 10/4) %"), only_k, percent=True, group="perkiraan"),
    ]


# What each official column holds, by layout: column number → name of the computed figure.
FIGURES = {
    1: {"5": "renstra_end", "6": "before", "7": "target", "8": "q1", "9": "q2", "10": "q3", "11": "q4",
        "12": "year", "13": "capaian", "14": "through", "15": "capaian_renstra"},
    2: {"4": "renstra_end", "5": "before", "6": "target", "7": "year", "8": "capaian", "9": "next_target",
        "10": "projected", "11": "capaian_projected"},
}
ROW_LEVELS = {1: (m.Level.PROGRAM, m.Level.ACTIVITY), 2: (m.Level.PROGRAM, m.Level.ACTIVITY, m.Level.SUBACTIVITY)}


@dataclass
class Cell:
    """One figure: a number or a category, or undefined with its reason; and how the document printed it."""

    value: Decimal | str | None = None
    reason: Reason | None = None
    detail: str = ""
    unit: str | None = None
    printed: str = ""
    difference: Difference | None = None

    @classmethod
    def of(cls, result: Result | None) -> Cell:
        if result is None:
            return cls()
        return cls(value=result.value, reason=result.reason, detail=result.detail, unit=result.unit)

    @property
    def defined(self) -> bool:
        return self.value is not None

    def as_result(self) -> Result:
        if isinstance(self.value, Decimal):
            return Result.of(self.value, unit=self.unit)
        if self.reason is not None:
            return Result.undefined(self.reason, self.detail)
        return Result.undefined(Reason.NOT_REPORTED)


@dataclass
class Row:
    node: ElementData
    indicator: IndicatorData | None
    depth: int
    first_of_element: bool
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    average: dict[str, Cell] = field(default_factory=dict)
    predikat: dict[str, Predikat | None] = field(default_factory=dict)
    predikat_differences: dict[str, Difference] = field(default_factory=dict)
    code_difference: Difference | None = None
    in_year: bool = True  # the element or one under it is in the year's Renja: the rows averages read

    @property
    def element(self) -> m.PlanElement:
        return self.node.element

    @property
    def is_program(self) -> bool:
        return self.element.level == m.Level.PROGRAM

    def differences(self):
        for (column, measure), cell in self.cells.items():
            if cell.difference:
                yield column, measure, cell.difference
        for measure, cell in self.average.items():
            if cell.difference:
                yield "average", measure, cell.difference
        for measure, difference in self.predikat_differences.items():
            yield "predikat", measure, difference
        if self.code_difference:
            yield "1", "", self.code_difference


@dataclass
class Omitted:
    """The program, kegiatan and sub kegiatan the table leaves out: they hold no value in any of its columns."""

    layout: int
    codes: list[str]  # each element's code, else its key

    @property
    def count(self) -> int:
        return len(self.codes)

    @property
    def reason(self) -> str:
        numbers = [int(n) for n in FIGURES[self.layout]]
        return str(OMITTED_REASON % {"first": min(numbers), "last": max(numbers)})


@dataclass
class EvaluationTable:
    agency: m.Agency
    plan: m.StrategicPlan
    year: int
    layout: int
    policy: AveragePolicy
    columns: list[Column]
    rows: list[Row]
    revisions: dict[str, m.Revision | None]
    average: dict[str, Cell]
    predikat: dict[str, Predikat | None]
    predikat_differences: dict[str, Difference]
    omitted: Omitted

    @property
    def measures(self) -> tuple[str, ...]:
        return (K, RP) if self.layout == 1 else (K,)

    def differences(self):
        for row in self.rows:
            for column, measure, difference in row.differences():
                yield row, column, measure, difference
        for measure, cell in self.average.items():
            if cell.difference:
                yield None, "average", measure, cell.difference
        for measure, difference in self.predikat_differences.items():
            yield None, "predikat", measure, difference


# -- K: one indicator ------------------------------------------------------------------------------------------


def _measured(result: Result) -> Measured | None:
    return Measured(result.value, result.unit) if result.value is not None else None


def achievement(target: Measured | None, realised: Result, polarity) -> Result:
    """Capaian, where an undefined realisation keeps its own reason (units mixed, not reported …)."""
    if target is not None and target.value != 0 and not realised.defined and realised.reason is not None:
        return Result.undefined(realised.reason, realised.detail)
    return capaian(target, _measured(realised), polarity)


class IndicatorFigures:
    """Every K figure of one indicator for the evaluated year, by RULES §1–§2."""

    def __init__(self, data: IndicatorData, plan_data: PlanData, year: int, revisions: dict):
        self.data, self.year = data, year
        self.first_year = plan_data.plan.first_year
        self.last_year = plan_data.plan.last_year
        self.revisions = revisions
        self._year_results: dict[int, Result] = {}

    def stored_target(self, kind: str, year: int, revision_key: str):
        return self.data.target(self.revisions[revision_key], kind, year)

    def figures(self) -> dict[str, Cell]:
        d = self.data
        if d.is_category:
            return self.category_figures()
        renstra_end = self.stored_target(m.PlanKind.RENSTRA_END, self.last_year, "renstra")
        target = self.stored_target(m.PlanKind.RENJA, self.year, "renja")
        next_target = self.stored_target(m.PlanKind.RENJA, self.year + 1, "renja_next")
        quarters = [self.reported(self.year, q) for q in QUARTERS]
        year_result = self.year_result(self.year)
        opening, earlier = self.history()
        before = (cumulative(earlier, d.aggregation, opening)
                  if opening is not None or any(earlier) else Result.undefined(Reason.NOT_REPORTED))
        through = cumulative([*earlier, _measured(year_result)], d.aggregation, opening)
        projected_values = [*earlier, _measured(year_result), next_target.measured() if next_target else None]
        projected = cumulative(projected_values, d.aggregation, opening)
        renstra_measured = renstra_end.measured() if renstra_end else None
        target_measured = target.measured() if target else None
        return {
            "renstra_end": Cell.of(Result.of(renstra_end.value, unit=renstra_end.unit) if renstra_end else None),
            "before": Cell.of(before),
            "target": Cell.of(Result.of(target.value, unit=target.unit) if target else None),
            **{f"q{q}": Cell.of(r) if r.value is not None else Cell() for q, r in zip(QUARTERS, quarters, strict=True)},
            "year": Cell.of(year_result),
            "capaian": Cell.of(achievement(target_measured, year_result, d.polarity)),
            "through": Cell.of(through),
            "capaian_renstra": Cell.of(achievement(renstra_measured, through, d.polarity)),
            "next_target": Cell.of(Result.of(next_target.value, unit=next_target.unit) if next_target else None),
            "projected": Cell.of(projected),
            "capaian_projected": Cell.of(achievement(renstra_measured, projected, d.polarity)),
        }

    def reported(self, year: int, period: int) -> Result:
        stored = self.data.realisations.get((year, period))
        if stored is None or stored.value is None:
            return Result.undefined(Reason.NOT_REPORTED)
        return Result.of(stored.value, unit=stored.unit)

    def year_result(self, year: int) -> Result:
        # Each earlier year is read by the cumulative columns and again by the printed-style sums.
        if year not in self._year_results:
            quarters = [_measured(self.reported(year, q)) for q in QUARTERS]
            annual = self.data.realisations.get((year, m.Period.YEAR))
            self._year_results[year] = year_value(quarters, self.data.aggregation,
                                                  annual.measured() if annual else None)
        return self._year_results[year]

    def history(self) -> tuple[Measured | None, list[Measured | None]]:
        """The carried opening figure (if any) and the yearly values after it, before the evaluated year."""
        carried_years = [y for y in self.data.carried if y < self.year]
        if carried_years:
            start = max(carried_years)
            opening = self.data.carried[start].measured()
        else:
            start, opening = self.first_year - 1, None
        earlier = [_measured(self.year_result(y)) for y in range(start + 1, self.year)]
        return opening, earlier

    def naive_sums(self) -> dict[str, Decimal | None]:
        """What adding the printed-style values regardless of type and unit gives: the documents' usual error."""
        opening, earlier = self.history()
        measured = [v for v in [opening, *earlier, _measured(self.year_result(self.year))] if v is not None]
        through = sum((v.value for v in measured), Decimal(0)) if measured else None
        next_target = self.stored_target(m.PlanKind.RENJA, self.year + 1, "renja_next")
        projected = through
        if next_target is not None and next_target.value is not None:
            projected = (through or Decimal(0)) + next_target.value
            measured.append(next_target.measured())
        units = {normalise_unit(v.unit) for v in measured}
        return {"through": through, "projected": projected, "mixed_units": len(units) > 1}

    def category_figures(self) -> dict[str, Cell]:
        d = self.data
        renstra_end = self.stored_target(m.PlanKind.RENSTRA_END, self.last_year, "renstra")
        target = self.stored_target(m.PlanKind.RENJA, self.year, "renja")
        next_target = self.stored_target(m.PlanKind.RENJA, self.year + 1, "renja_next")

        def category_of(year: int) -> str | None:
            reported = [d.realisations.get((year, q)) for q in (*QUARTERS, m.Period.YEAR)]
            labels = [r.category for r in reported if r is not None and r.category]
            return labels[-1] if labels else None

        def latest(labels: list[str | None]) -> Cell:
            present = [label for label in labels if label]
            if d.aggregation != Aggregation.LAST:
                return Cell(reason=Reason.CATEGORY_NOT_SUMMABLE)
            return Cell(value=present[-1]) if present else Cell(reason=Reason.NOT_REPORTED)

        carried = [d.carried[y].category for y in sorted(d.carried) if y < self.year]
        earlier = [category_of(y) for y in range(self.first_year, self.year)]
        year_label = category_of(self.year)

        def achieved(goal, label) -> Cell:
            return Cell.of(categorical_capaian(goal.category if goal else None, label, d.scale))

        through = latest([*carried, *earlier, year_label])
        projected = latest([*carried, *earlier, year_label, next_target.category if next_target else None])
        return {
            "renstra_end": Cell(value=renstra_end.category) if renstra_end else Cell(),
            "before": latest([*carried, *earlier]),
            "target": Cell(value=target.category) if target else Cell(),
            **{f"q{q}": Cell(value=(d.realisations.get((self.year, q)) or None) and
                              d.realisations[(self.year, q)].category or None) for q in QUARTERS},
            "year": Cell(value=year_label) if year_label else Cell(reason=Reason.NOT_REPORTED),
            "capaian": achieved(target, year_label),
            "through": through,
            "capaian_renstra": achieved(renstra_end, through.value if isinstance(through.value, str) else None),
            "next_target": Cell(value=next_target.category) if next_target else Cell(),
            "projected": projected,
            "capaian_projected": achieved(renstra_end,
                                          projected.value if isinstance(projected.value, str) else None),
        }


# -- Rp: one element -------------------------------------------------------------------------------------------


def budget_figures(node: ElementData, year: int, revisions: dict, plan: m.StrategicPlan,
                   children: list[dict[str, Cell]] | None) -> dict[str, Cell]:
    """Rupiah figures: a leaf's own stored values; a parent's are the sums of its children's (RULES §5)."""
    names = ("renstra_end", "before", "target", "q1", "q2", "q3", "q4", "year", "through")
    if children:
        sums = {name: sum_rupiah(c[name].value for c in children) for name in names}
    else:
        quarters = [node.budget_realisations.get((year, q)) for q in QUARTERS]
        if any(q is not None for q in quarters):
            year_amount = sum_rupiah(quarters)
        else:
            year_amount = node.budget_realisations.get((year, m.Period.YEAR))
        carried_years = [y for y in node.carried_budget if y < year]
        start = max(carried_years) if carried_years else plan.first_year - 1
        history = [node.carried_budget.get(start)] + [
            sum_rupiah(node.budget_realisations.get((y, p)) for p in (0, *QUARTERS)) for y in range(start + 1, year)
        ]
        before = sum_rupiah(history)
        sums = {
            "renstra_end": node.budget(revisions["renstra"], m.PlanKind.RENSTRA_END, plan.last_year),
            "before": before,
            "target": node.budget(revisions["renja"], m.PlanKind.RENJA, year),
            **{f"q{q}": amount for q, amount in zip(QUARTERS, quarters, strict=True)},
            "year": year_amount,
            "through": sum_rupiah([before, year_amount]),
        }
    cells = {name: Cell(value=value) if value is not None else Cell() for name, value in sums.items()}
    cells["capaian"] = Cell.of(serapan(sums["target"], sums["year"]))
    cells["capaian_renstra"] = Cell.of(serapan(sums["renstra_end"], sums["through"]))
    return cells


# -- the table ---------------------------------------------------------------------------------------------------


def _evaluated(ind: IndicatorData, year: int, revisions: dict) -> bool:
    """An indicator belongs in the year's evaluation when the Renstra or the year's Renja targets it, or it has
    realisations up to the year: an indicator added only in a later Renja does not."""
    planned = (ind.target(revisions["renstra"], m.PlanKind.RENSTRA_END, year) is not None
               or any(ind.target(revisions[r], m.PlanKind.RENJA, y) is not None
                      for r, y in (("renja", year), ("renja_next", year + 1))))
    renstra = revisions["renstra"]
    renstra_planned = renstra is not None and any(
        rev == renstra.pk for (rev, _kind, _y) in ind.targets)
    return planned or renstra_planned or bool(ind.realisations) or bool(ind.carried)


def _has_year_data(node: ElementData, year: int, revisions: dict) -> bool:
    """Whether the element itself is in the year's Renja: a target, realisation, pagu or budget realisation of
    the year."""
    for ind in node.indicators:
        if ind.target(revisions["renja"], m.PlanKind.RENJA, year) is not None:
            return True
        if any(y == year for (y, _p) in ind.realisations):
            return True
    if node.budget(revisions["renja"], m.PlanKind.RENJA, year) is not None:
        return True
    return any(y == year for (y, _p) in node.budget_realisations)


CORES = ("lean", "engine")
DEFAULT_CORE = "lean"  # kinerja/reports/evaluation_core.py; tests/reports/test_evaluation_core.py holds it equal


def evaluation_core(core: str | None = None) -> str:
    """Which core builds the table: ``core`` if given, else the setting or environment variable
    ``KINERJA_EVALUATION_CORE``, else the default. The engine's path stays runnable beside the lean one so the
    benchmark and the equivalence test can run both in one process."""
    from django.conf import settings

    chosen = core or getattr(settings, "KINERJA_EVALUATION_CORE", None) or os.environ.get(
        "KINERJA_EVALUATION_CORE") or DEFAULT_CORE
    if chosen not in CORES:
        raise ReportError(f"Inti evaluasi {chosen!r} tidak dikenal: pilih {', '.join(CORES)}")
    return chosen


def build_evaluation(agency: m.Agency, year: int, *, layout: int | None = None,
                     policy: AveragePolicy = AveragePolicy.EXCLUDE_UNTARGETED,
                     core: str | None = None) -> EvaluationTable:
    layout = layout or agency.evaluation_layout
    if layout not in FIGURES:
        raise ReportError(f"Tata letak {layout!r} tidak dikenal: pilih 1 atau 2")
    if evaluation_core(core) == "lean":
        from .evaluation_core import build_lean  # imports this module: loaded on first use

        return build_lean(agency, year, layout, policy)
    return _Builder(agency, year, layout, policy).table()


class _Builder:
    """One evaluation table: which rows it shows, their figures and printed values, then the averages.

    A row is shown when it or an element under it has a value in any column of the layout; the averages read
    only the rows of the year's Renja (``Row.in_year``), so showing a row for its Renstra or next-year values
    never changes them."""

    def __init__(self, agency: m.Agency, year: int, layout: int, policy: AveragePolicy):
        self.agency, self.year, self.layout, self.policy = agency, year, layout, policy
        self.plan = plan_covering(agency, year)
        self.data = load_plan_data(agency, self.plan, through_year=year)
        self.revisions = {
            "renstra": self.data.latest_revision(m.Revision.Document.RENSTRA),
            "renja": self.data.latest_revision(m.Revision.Document.RENJA, year),
            "renja_next": self.data.latest_revision(m.Revision.Document.RENJA, year + 1),
        }
        if self.revisions["renja"] is None:
            raise ReportError(f"Belum ada Renja {year} untuk {agency.slug}: tidak ada yang dievaluasi")
        self.printed = printed_figures(agency, REPORT, year)
        self.figures_of = FIGURES[layout]
        self.row_levels = ROW_LEVELS[layout]
        self.measures = (K, RP) if layout == 1 else (K,)
        self.in_year: dict[int, bool] = {}
        self.shown: dict[int, bool] = {}
        self._budgets: dict[int, dict[str, Cell]] = {}
        self._calculators: dict[int, tuple[IndicatorFigures, dict[str, Cell]]] = {}

    def table(self) -> EvaluationTable:
        for root in self.data.roots:
            self.mark(root)
        rows = [row for root in self.data.roots for row in self.visit(root, 0)]
        program_cells, seed_results = self.program_averages(rows)
        average, predikats, differences = self.table_average(program_cells, seed_results)
        return EvaluationTable(
            agency=self.agency, plan=self.plan, year=self.year, layout=self.layout, policy=self.policy,
            columns=layout_columns(self.layout, self.year, self.plan), rows=rows, revisions=self.revisions,
            average=average, predikat=predikats, predikat_differences=differences, omitted=self.omitted(),
        )

    # -- which rows ----------------------------------------------------------------------------------------------

    # The tree walks read each element's ``id`` rather than ``pk`` (a property): the same value, read thousands of
    # times per table.

    def mark(self, node: ElementData) -> None:
        """Children first: a parent is in the year's Renja, or shown, when one of its children is."""
        for child in node.children:
            self.mark(child)
        pk, kids = node.element.id, [child.element.id for child in node.children]
        self.in_year[pk] = self.has_year_data(node) or any(self.in_year[k] for k in kids)
        self.shown[pk] = (self.in_year[pk] or any(self.shown[k] for k in kids)
                          or (self.candidate(node) and self.has_values(node)))

    def candidate(self, node: ElementData) -> bool:
        # An element that maps to a later one (moved, renamed) is shown only while in the Renja: after that its
        # successor is the row, and showing both would list the one activity twice.
        return node.element.level in self.row_levels and node.element.maps_to_id is None

    def has_values(self, node: ElementData) -> bool:
        names = self.figures_of.values()
        cells = [self.calculator(ind)[1].get(name, Cell()) for ind in self.indicators(node) for name in names]
        if self.layout == 1:
            cells.extend(self.budget_of(node)[name] for name in names)
        return any(cell.defined for cell in cells)

    def omitted(self) -> Omitted:
        codes = [node.element.code or node.element.key for node, _depth in self.data.walk()
                 if self.candidate(node) and not self.shown[node.element.id]]
        return Omitted(self.layout, codes)

    def indicators(self, node: ElementData) -> list[IndicatorData]:
        return [ind for ind in node.indicators if _evaluated(ind, self.year, self.revisions)]

    def has_year_data(self, node: ElementData) -> bool:
        return _has_year_data(node, self.year, self.revisions)

    def row_children(self, node: ElementData) -> list[ElementData]:
        return [c for c in node.children if self.shown[c.element.id] and c.element.level in self.row_levels]

    # -- figures -------------------------------------------------------------------------------------------------

    def calculator(self, ind: IndicatorData) -> tuple[IndicatorFigures, dict[str, Cell]]:
        # Read once for deciding whether the row is shown, again for the row itself.
        pk = ind.indicator.pk
        if pk not in self._calculators:
            figures = IndicatorFigures(ind, self.data, self.year, self.revisions)
            self._calculators[pk] = (figures, figures.figures())
        return self._calculators[pk]

    def budget_of(self, node: ElementData) -> dict[str, Cell]:
        if node.element.pk not in self._budgets:
            kids = self.row_children(node)
            self._budgets[node.element.pk] = budget_figures(
                node, self.year, self.revisions, self.plan, [self.budget_of(c) for c in kids] if kids else None
            )
        return self._budgets[node.element.pk]

    def printed_text(self, node: ElementData, ind: IndicatorData | None, column: str, measure: str) -> str:
        key_ind = ind.indicator.pk if ind else None
        return self.printed.get((node.element.pk, key_ind, column, measure)) or self.printed.get(
            (node.element.pk, None, column, measure), ""
        )

    def visit(self, node: ElementData, depth: int) -> list[Row]:
        if not self.shown[node.element.id]:
            return []
        at_row_level = node.element.level in self.row_levels
        rows = self.element_rows(node, depth) if at_row_level else []
        for child in node.children:
            rows.extend(self.visit(child, depth + (1 if at_row_level else 0)))
        return rows

    def element_rows(self, node: ElementData, depth: int) -> list[Row]:
        budget = self.budget_of(node)
        is_parent = bool(self.row_children(node))
        rows = []
        for position, ind in enumerate(self.indicators(node) or [None]):
            row = Row(node=node, indicator=ind, depth=depth, first_of_element=position == 0,
                      in_year=self.in_year[node.element.id])
            calculator, figures = self.calculator(ind) if ind else (None, {})
            for column, name in self.figures_of.items():
                row.cells[(column, K)] = figures.get(name, Cell())
                if self.layout == 1:
                    # Rupiah belong to the element: shown once, on its first indicator row.
                    row.cells[(column, RP)] = budget[name] if position == 0 else Cell()
            compare_row(row, calculator, is_parent, self.printed_text, self.figures_of, self.layout)
            rows.append(row)
        return rows

    # -- averages ------------------------------------------------------------------------------------------------

    def program_averages(self, rows: list[Row]) -> tuple[dict[str, list[Cell]], dict[str, list[Result]]]:
        cells: dict[str, list[Cell]] = {measure: [] for measure in self.measures}
        seeds: dict[str, list[Result]] = {measure: [] for measure in self.measures}
        for index, row in enumerate(rows):
            # A program outside the year's Renja has nothing to average.
            if not (row.is_program and row.first_of_element and row.in_year):
                continue
            under = _rows_under(rows, index)
            for measure in self.measures:
                cell, seed = self.program_average(row, under, measure)
                cells[measure].append(cell)
                seeds[measure].append(seed)
        return cells, seeds

    def program_average(self, row: Row, under: list[Row], measure: str) -> tuple[Cell, Result]:
        capaian_column, target_column = ("13", "7") if self.layout == 1 else ("8", "6")
        achievements = [_achievement(r, capaian_column, target_column, measure) for r in under]
        achievements = [a for a in achievements if a is not None]
        result = average_capaian(achievements, self.policy)
        seed = average_capaian(achievements, AveragePolicy.UNTARGETED_AS_ZERO)
        cell = Cell.of(result)
        cell.printed = self.printed_text(row.node, None, "average", measure)
        cell.difference = compare_number(result, cell.printed, NumberKind.PERCENT,
                                         (Explanation(seed.value, str(SEED_AVERAGE)),) if seed.defined else ())
        row.average[measure] = cell
        row.predikat[measure] = predikat(result)
        row.predikat_differences.update(_predikat_difference(
            row.predikat[measure], self.printed_text(row.node, None, "predikat", measure), cell.printed, measure))
        return cell, seed

    def table_average(self, program_cells: dict[str, list[Cell]], seed_results: dict[str, list[Result]]):
        average: dict[str, Cell] = {}
        predikats: dict[str, Predikat | None] = {}
        differences: dict[str, Difference] = {}
        for measure in self.measures:
            defined = [c.value for c in program_cells[measure] if isinstance(c.value, Decimal)]
            result = (Result.of(sum(defined, Decimal(0)) / len(defined)) if defined
                      else Result.undefined(Reason.NO_ROWS))
            seeds = [r.value for r in seed_results[measure] if r.value is not None]
            cell = Cell.of(result)
            cell.printed = self.printed.get((None, None, "average", measure), "")
            explanations = (Explanation(sum(seeds, Decimal(0)) / len(seeds), str(SEED_AVERAGE)),) if seeds else ()
            cell.difference = compare_number(result, cell.printed, NumberKind.PERCENT, explanations)
            average[measure] = cell
            predikats[measure] = predikat(result)
            differences.update(_predikat_difference(
                predikats[measure], self.printed.get((None, None, "predikat", measure), ""), cell.printed, measure))
        return average, predikats, differences


def _rows_under(rows: list[Row], index: int) -> list[Row]:
    """The leaf rows under the program at ``index`` among the rows of the year's Renja: the rows that carry the
    program's kegiatan output. A row shown only for its other years is neither a leaf nor makes its parent one."""
    program = rows[index]
    under: list[Row] = []
    for row in rows[index + 1:]:
        if row.is_program:
            if row.element.pk == program.element.pk:
                continue  # the program's own further indicators
            break
        if row.in_year:
            under.append(row)
    parents = {r.element.parent_id for r in under}
    return [r for r in under if r.element.pk not in parents]


def _achievement(row: Row, capaian_column: str, target_column: str, measure: str) -> RowAchievement | None:
    cell = row.cells.get((capaian_column, measure))
    if cell is None or (measure == RP and not row.first_of_element):
        return None
    target = row.cells.get((target_column, measure))
    has_target = target is not None and target.defined and target.value != 0
    return RowAchievement(capaian=cell.as_result(), has_target=has_target)


def _predikat_difference(computed: Predikat | None, printed: str, printed_average: str, measure: str):
    if not printed:
        return {}
    label = computed.value if computed else None
    difference = compare_label(label, printed)
    if difference is None:
        return {}

    value, _decimals, _error = read_printed(printed_average, NumberKind.PERCENT)
    if value is not None and (p := predikat(value)) and p.value.casefold() == " ".join(printed.split()).casefold():
        difference = compare_label(label, printed, str(PREDIKAT_OF_PRINTED))
    return {measure: difference}


def compare_row(row: Row, figures: IndicatorFigures | None, is_parent: bool, printed_text, figures_of: dict,
                layout: int) -> None:
    """Attach each printed figure of the row, and the difference from the computed one where there is one."""
    node = row.node
    ind = figures.data if figures else None
    if layout == 2 and row.first_of_element:
        code_text = printed_text(node, None, "1", "")
        if code_text:
            row.code_difference = compare_label(node.element.code, code_text, str(CODE_PRINTED))
    for (column, measure), cell in row.cells.items():
        text = printed_text(node, ind if measure == K else None, column, measure)
        if measure == RP and not text:
            text = printed_text(node, ind, column, measure)
        if not text:
            continue
        cell.printed = text
        name = figures_of[column]
        percent = name.startswith("capaian")
        if not percent and (isinstance(cell.value, str) or (ind is not None and ind.is_category and measure == K)):
            cell.difference = compare_label(cell.value if isinstance(cell.value, str) else None, text)
            continue
        kind = NumberKind.PERCENT if percent else (NumberKind.RUPIAH if measure == RP else NumberKind.COUNT)
        explanations: list[Explanation] = []
        if measure == RP and is_parent and not percent:
            explanations_default = str(CHILDREN_SUM)
        else:
            explanations_default = None
        if measure == K and ind is not None:
            explanations.extend(_k_explanations(name, cell, figures))
        if measure == RP and is_parent and percent:
            explanations.extend(_printed_parent_ratio(row, name, printed_text))
        if percent and isinstance(cell.value, Decimal) and cell.value > 100:
            explanations.append(Explanation(Decimal(100), str(CAPPED)))
        difference = compare_number(cell.as_result(), text, kind, tuple(explanations))
        if difference is not None and explanations_default and difference.cause == DOES_NOT_FOLLOW:
            difference = Difference(difference.printed, difference.printed_value, difference.computed,
                                    explanations_default)
        cell.difference = difference


def _printed_parent_ratio(row: Row, name: str, printed_text) -> list[Explanation]:
    """A parent's Rupiah percentage computed from its printed (not summed) amounts."""
    columns = {"capaian": ("12", "7"), "capaian_renstra": ("14", "5")}.get(name)
    if columns is None:
        return []

    amounts = [read_printed(printed_text(row.node, None, c, RP), NumberKind.RUPIAH)[0] for c in columns]
    if any(a is None for a in amounts) or not amounts[1]:
        return []
    return [Explanation(amounts[0] / amounts[1] * 100, str(FROM_PRINTED_PARENT))]


def _k_explanations(name: str, cell: Cell, figures: IndicatorFigures) -> list[Explanation]:
    """Values the printed figure would have under the documents' known mistakes, each with its cause."""
    naive = figures.naive_sums()
    ind = figures.data
    if ind.aggregation == Aggregation.LAST:
        cause = f"{LAST_SUMMED}; {UNITS_SUMMED}" if naive["mixed_units"] else str(LAST_SUMMED)
    else:
        cause = str(UNITS_SUMMED) if naive["mixed_units"] else str(DOES_NOT_FOLLOW)
    out = []
    if name in ("through", "projected") and naive[name] is not None:
        out.append(Explanation(naive[name], str(cause)))
    renstra_end = figures.stored_target(m.PlanKind.RENSTRA_END, figures.last_year, "renstra")
    target = renstra_end.value if renstra_end and renstra_end.value else None
    if name in ("capaian_renstra", "capaian_projected") and target:
        base = naive["through" if name == "capaian_renstra" else "projected"]
        if base is not None:
            out.append(Explanation(base / target * 100, str(FROM_WRONG_SUM)))
            out.append(Explanation(base / target, f"{FROM_WRONG_SUM}; {NOT_TIMES_100}"))
    if name.startswith("capaian") and isinstance(cell.value, Decimal):
        out.append(Explanation(cell.value / 100, str(NOT_TIMES_100)))
    return out
