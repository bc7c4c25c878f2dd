"""Consistency of stored data: what the stored plan says against itself, before any report is printed from it.

Six checks, each finding naming the element, the indicator where there is one, the year and what differs:

- ``parent-pagu``: a parent that carries its own pagu, against the sum of its children's for the same revision,
  kind and year (RULES §5). A child without a pagu of its own counts with the sum of its own children.
- ``not-in-renstra``: a program or kegiatan of year N's Renja that is not in the Renstra — neither it nor, for an
  element created for a later year, the element that maps to it (``maps_to``) has a Renstra target (kind renstra
  or renstra_end) or a Renstra pagu. The Renja kegiatan give the *tingkat konsistensi Renstra dan Renja* (seed 000's
  own indicator): kegiatan consistent with the Renstra ÷ all Renja kegiatan × 100.
- ``missing-target``: an indicator of a program, kegiatan or sub kegiatan in year N's Renja with no Renja target
  that year.
- ``incomplete-indicator``: an indicator without satuan (a category indicator has its scale instead), polarity or
  aggregation type.
- ``unit-mismatch``: a realisation stored in a unit other than that of a target it is measured against — the
  Renja target of its year, the Renstra target of its year, the Renstra end target (``engine.same_unit``), and the
  next year's Renja target it is added to in the projection (Renja evaluation layout 2). A realisation carried
  "s/d" an earlier year is measured against the Renstra end target; next year's Renja target, which the projection
  adds, against the Renstra end target too. Units are compared as read through the declared kesetaraan satuan
  (kinerja.plan.units): a difference a declaration settles is not a finding but is listed apart (``settled``),
  with the declaration that settles it.
- ``implausible-cumulative``: the Renstra cumulative realisation (by the indicator's aggregation, RULES §2) more than
  three times the Renstra end target.

An element is in year N's Renja when it or an element under it has a Renja target or pagu of year N in the Renja
revision in force (the latest of year N), as the Renja plan report counts it. Everything is read set-wise
(``reports.data.load_plan_data``): the number of queries does not grow with the number of rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.engine import (
    Aggregation,
    Measured,
    Result,
    cumulative,
    format_count,
    format_number,
    format_percent,
    format_rupiah,
    ratio,
    same_unit,
    sum_rupiah,
    year_value,
)
from kinerja.plan import models as m
from kinerja.reports.data import ElementData, IndicatorData, PlanData, Stored, load_plan_data

__all__ = ["KINDS", "CheckError", "CheckReport", "Finding", "Konsistensi", "check_agency", "check_units",
           "konsistensi_line", "renja_years", "to_json", "to_text"]

PARENT_PAGU = "parent-pagu"
NOT_IN_RENSTRA = "not-in-renstra"
MISSING_TARGET = "missing-target"
INCOMPLETE_INDICATOR = "incomplete-indicator"
UNIT_MISMATCH = "unit-mismatch"
IMPLAUSIBLE_CUMULATIVE = "implausible-cumulative"
NARRATIVE_FIGURE = "narrative-figure"

KINDS = {
    PARENT_PAGU: gettext_lazy("pagu induk tidak sama dengan jumlah pagu rinciannya"),
    NOT_IN_RENSTRA: gettext_lazy("program/kegiatan Renja yang tidak ada di Renstra"),
    MISSING_TARGET: gettext_lazy("target Renja tahun ini tidak ada"),
    INCOMPLETE_INDICATOR: gettext_lazy("indikator tanpa satuan, polaritas atau jenis agregasi"),
    UNIT_MISMATCH: gettext_lazy("realisasi dalam satuan lain dari targetnya"),
    IMPLAUSIBLE_CUMULATIVE: gettext_lazy("realisasi kumulatif lebih dari 3 × target akhir Renstra"),
}
IMPLAUSIBLE_FACTOR = Decimal(3)
RENSTRA_KINDS = (m.PlanKind.RENSTRA, m.PlanKind.RENSTRA_END)
RENJA_LEVELS = (m.Level.PROGRAM, m.Level.ACTIVITY, m.Level.SUBACTIVITY)
QUARTERS = (1, 2, 3, 4)
PERIOD_NAMES = {m.Period.YEAR: "", 1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
BUDGET_KINDS = {
    m.PlanKind.RENSTRA: gettext_lazy("pagu Renstra"),
    m.PlanKind.RENSTRA_END: gettext_lazy("pagu akhir periode Renstra"),
    m.PlanKind.RENJA: gettext_lazy("pagu Renja"),
    m.PlanKind.PK: gettext_lazy("pagu Perjanjian Kinerja"),
    m.PlanKind.FORWARD: gettext_lazy("pagu prakiraan maju"),
}


class CheckError(Exception):
    """A check that cannot run as asked (unknown agency or year), with what exists."""


@dataclass(frozen=True)
class Finding:
    kind: str
    element: m.PlanElement
    indicator: m.Indicator | None
    year: int | None
    detail: str
    units: tuple[tuple[str, str], ...] = ()  # unit findings: the (value, target) spellings that differ, as stored

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def reference(self) -> str:
        """The element's code, or its key where it has none."""
        return self.element.code or self.element.key

    def as_dict(self) -> dict:
        e, ind = self.element, self.indicator
        return {
            "kind": self.kind,
            "element": {"id": e.pk, "key": e.key, "code": e.code, "level": e.level, "name": e.name},
            "indicator": {"id": ind.pk, "name": ind.name} if ind is not None else None,
            "year": self.year,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Konsistensi:
    """Tingkat konsistensi Renstra dan Renja of one year: Renja kegiatan in the Renstra ÷ all Renja kegiatan."""

    year: int
    consistent: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        result = ratio(Decimal(self.consistent), Decimal(self.total))
        return result.value if result.defined else None

    def as_dict(self) -> dict:
        percent = self.percent
        return {"year": self.year, "consistent": self.consistent, "total": self.total,
                "percent": None if percent is None else format(percent.quantize(Decimal("0.01")), "f")}


@dataclass
class CheckReport:
    agency: m.Agency
    year: int | None
    years: list[int]
    findings: list[Finding] = field(default_factory=list)
    konsistensi: list[Konsistensi] = field(default_factory=list)
    # Figures the documents' narrative quotes that differ from their tables (documents.narrative_check): apart
    # from the plan findings, which each name a plan element.
    narrative: list = field(default_factory=list)
    settled: list[Finding] = field(default_factory=list)  # unit differences a kesetaraan satuan settles

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for finding in self.findings:
            counts[finding.kind] += 1
        return counts

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def as_dict(self) -> dict:
        return {
            "agency": self.agency.slug,
            "year": self.year,
            "years": self.years,
            "counts": self.counts(),
            "konsistensi": [k.as_dict() for k in self.konsistensi],
            "findings": [f.as_dict() for f in self.findings],
            "narrative_findings": [f.as_dict() for f in self.narrative],
            "settled": [f.as_dict() for f in self.settled],
        }


def renja_years(agency: m.Agency) -> dict[int, int]:
    """Years with a Renja revision → the Renstra period (pk) the revision belongs to."""
    rows = m.Revision.objects.filter(agency=agency, document=m.Revision.Document.RENJA, year__isnull=False)
    return dict(sorted(rows.values_list("year", "strategic_plan_id").distinct()))


def check_agency(agency: m.Agency, year: int | None = None, lang: str = "id", *, narrative: bool = False
                 ) -> CheckReport:
    """Every finding for the agency: of year N (the Renstra period covering it) or, without a year, of every
    Renja year of every period. Raises CheckError for a year without a Renja, naming the years there are."""
    years = renja_years(agency)
    plans = {plan.pk: plan for plan in agency.strategic_plans.all()}
    if year is not None:
        if year not in years or years[year] not in plans:
            known = ", ".join(str(y) for y in years) or "(belum ada)"
            raise CheckError(f"Belum ada Renja {year} untuk {agency.slug}. Tahun Renja yang ada: {known}")
        scopes = [(plans[years[year]], [year])]
    else:
        scopes = [(plan, [y for y, p in years.items() if p == plan.pk and plan.covers(y)])
                  for plan in plans.values()]
    report = CheckReport(agency=agency, year=year, years=list(years))
    for plan, plan_years in scopes:
        data = load_plan_data(agency, plan, through_year=year if year is not None else plan.last_year)
        _PlanCheck(data, plan_years, year, _renstra_sources(plan), lang, report).run()
    from kinerja.documents.narrative_check import check_agency_documents

    if narrative:  # builds every table of the documents that hold narrative: asked for by ``kinerja check``
        report.narrative = check_agency_documents(agency, year, lang)
    order = list(KINDS)
    report.findings.sort(key=lambda f: (order.index(f.kind), f.year or 0, f.element.position, f.element.pk,
                                        f.indicator.position if f.indicator else -1))
    report.settled.sort(key=lambda f: (f.year or 0, f.element.position, f.element.pk,
                                       f.indicator.position if f.indicator else -1))
    return report


def check_units(agency: m.Agency, year: int | None = None, lang: str = "id") -> CheckReport:
    """Only the unit findings of ``check_agency`` (open in ``findings``, settled by a kesetaraan satuan in
    ``settled``), for the page and the command where a planner settles them."""
    years = renja_years(agency)
    plans = {plan.pk: plan for plan in agency.strategic_plans.all()}
    if year is not None and (year not in years or years[year] not in plans):
        known = ", ".join(str(y) for y in years) or "(belum ada)"
        raise CheckError(f"Belum ada Renja {year} untuk {agency.slug}. Tahun Renja yang ada: {known}")
    report = CheckReport(agency=agency, year=year, years=list(years))
    for plan in plans.values():
        plan_years = [y for y, p in years.items() if p == plan.pk and plan.covers(y)]
        if year is not None and year not in plan_years:
            continue
        data = load_plan_data(agency, plan, through_year=year if year is not None else plan.last_year)
        check = _PlanCheck(data, plan_years if year is None else [year], year, set(), lang, report)
        for node in data.by_pk.values():
            for indicator in node.indicators:
                check.units(node, indicator)
    for found in (report.findings, report.settled):
        found.sort(key=lambda f: (f.year or 0, f.element.position, f.element.pk,
                                  f.indicator.position if f.indicator else -1))
    return report


def _renstra_sources(plan: m.StrategicPlan) -> set[int]:
    """Elements of the plan that an element with a Renstra target or pagu maps to (``maps_to``): one query."""
    sources = m.PlanElement.objects.filter(maps_to__strategic_plan=plan).filter(
        Q(Exists(m.Target.objects.filter(indicator__element=OuterRef("pk"), kind__in=RENSTRA_KINDS)))
        | Q(Exists(m.Budget.objects.filter(element=OuterRef("pk"), kind__in=RENSTRA_KINDS))))
    return set(sources.values_list("maps_to_id", flat=True))


class _PlanCheck:
    """The checks over one Renstra period's stored data, already in memory."""

    def __init__(self, data: PlanData, years: list[int], only_year: int | None, mapped: set[int], lang: str,
                 report: CheckReport) -> None:
        self.data, self.years, self.only_year, self.mapped, self.lang = data, years, only_year, mapped, lang
        self.report = report
        self.plan = data.plan
        self.renstra = data.latest_revision(m.Revision.Document.RENSTRA)
        self.sources: dict[int, list[m.PlanElement]] = {}
        for node in data.by_pk.values():
            if node.element.maps_to_id is not None:
                self.sources.setdefault(node.element.maps_to_id, []).append(node.element)

    def add(self, kind: str, node: ElementData, indicator: IndicatorData | None, year: int | None,
            detail: str) -> None:
        self.report.findings.append(Finding(kind, node.element, indicator.indicator if indicator else None, year,
                                            detail))

    def run(self) -> None:
        self.parent_pagu()
        for year in self.years:
            self.renja_year(year)
        for node in self.data.by_pk.values():
            for indicator in node.indicators:
                self.incomplete(node, indicator)
                self.units(node, indicator)
                self.implausible(node, indicator)

    # -- numbers as text ---------------------------------------------------------------------------------------

    def amount(self, value: Decimal) -> str:
        return f"Rp {format_rupiah(value, self.lang)}"

    def measured(self, value: Decimal | None, unit: str | None) -> str:
        return " ".join(filter(None, [format_count(value, self.lang, max_places=6), unit or _("(tanpa satuan)")]))

    # -- (a) a parent's pagu ----------------------------------------------------------------------------------

    def parent_pagu(self) -> None:
        revisions = {r.pk: r for r in self.data.revisions}
        keys = {key for node in self.data.by_pk.values() for key in node.budgets
                if self.only_year is None or key[2] == self.only_year}
        for key in sorted(keys, key=lambda k: (k[2], k[1], k[0])):
            effective = _pagu(key)
            for node in self.data.by_pk.values():
                own = node.budgets.get(key)
                if own is None or not node.children:
                    continue
                children = sum_rupiah([effective(child) for child in node.children])
                if children is None or children == own:
                    continue
                revision_pk, kind, year = key
                self.add(PARENT_PAGU, node, None, year, _(
                    "%(kind)s %(year)s (%(revision)s) %(own)s; jumlah pagu rinciannya %(children)s, selisih "
                    "%(difference)s") % {
                    "kind": BUDGET_KINDS.get(kind, kind), "year": year, "revision": revisions[revision_pk],
                    "own": self.amount(own), "children": self.amount(children),
                    "difference": self.amount(own - children)})

    # -- (b) and (c): the year's Renja against the Renstra and its targets --------------------------------------

    def renja_year(self, year: int) -> None:
        renja = self.data.latest_revision(m.Revision.Document.RENJA, year)
        if renja is None:
            return
        key = (renja.pk, m.PlanKind.RENJA, year)
        in_renja = _memo(lambda node: (key in node.budgets or any(key in i.targets for i in node.indicators)
                                       or any([in_renja(child) for child in node.children])))
        activities = consistent = 0
        for node in self.data.by_pk.values():
            level = node.element.level
            if level not in RENJA_LEVELS or not in_renja(node):
                continue
            if level in (m.Level.PROGRAM, m.Level.ACTIVITY):
                in_renstra = self.in_renstra(node)
                if level == m.Level.ACTIVITY:
                    activities += 1
                    consistent += int(in_renstra)
                if not in_renstra:
                    self.add(NOT_IN_RENSTRA, node, None, year, _(
                        "%(level)s %(renja)s tanpa target atau pagu Renstra") % {
                        "level": node.element.get_level_display(), "renja": renja} + self.mapping_note(node))
            for indicator in node.indicators:
                if key not in indicator.targets and not _introduced_after(indicator, year):
                    self.add(MISSING_TARGET, node, indicator, year, _(
                        "tidak ada target %(renja)s untuk indikator ini, padahal %(level)s ini ada di Renja "
                        "%(year)s") % {"renja": renja, "level": node.element.get_level_display().lower(),
                                        "year": year})
        self.report.konsistensi.append(Konsistensi(year, consistent, activities))

    def in_renstra(self, node: ElementData) -> bool:
        if node.element.pk in self.mapped:
            return True
        return (any(kind in RENSTRA_KINDS for (_rev, kind, _year) in node.budgets)
                or any(kind in RENSTRA_KINDS for i in node.indicators for (_rev, kind, _year) in i.targets))

    def mapping_note(self, node: ElementData) -> str:
        sources = self.sources.get(node.element.pk)
        if not sources:
            return ""
        return _(" (juga tidak unsur asalnya: %(sources)s)") % {
            "sources": ", ".join(e.code or e.key for e in sources)}

    # -- (d) the indicator's own attributes ---------------------------------------------------------------------

    def incomplete(self, node: ElementData, indicator: IndicatorData) -> None:
        ind = indicator.indicator
        missing = []
        if not ind.satuan.strip() and ind.value_kind != m.Indicator.ValueKind.CATEGORY:
            missing.append(_("satuan"))
        if not ind.polarity:
            missing.append(_("polaritas"))
        if not ind.aggregation:
            missing.append(_("jenis agregasi (SUM/LAST/MAX/MIN)"))
        if missing:
            self.add(INCOMPLETE_INDICATOR, node, indicator, None,
                     _("belum ditetapkan: %(missing)s") % {"missing": ", ".join(missing)})

    # -- (e) units of realisations against their targets --------------------------------------------------------

    def targets_for(self, indicator: IndicatorData, year: int | None) -> list[tuple[str, Stored]]:
        """(label, stored target) of the targets a realisation of ``year`` is measured against; ``year`` None
        for a realisation carried from before the stored years (the Renstra end target only)."""
        found = []
        if year is not None:
            renja = self.data.latest_revision(m.Revision.Document.RENJA, year)
            found.append((_("target %(renja)s") % {"renja": renja} if renja else "",
                          indicator.target(renja, m.PlanKind.RENJA, year)))
            found.append((_("target Renstra tahun %(year)s") % {"year": year},
                          indicator.target(self.renstra, m.PlanKind.RENSTRA, year)))
            found.extend(self.projection_target(indicator, year))
        found.append((_("target akhir periode Renstra %(year)s") % {"year": self.plan.last_year},
                      indicator.target(self.renstra, m.PlanKind.RENSTRA_END, self.plan.last_year)))
        return [(label, stored) for label, stored in found if stored is not None and stored.value is not None]

    def projection_target(self, indicator: IndicatorData, year: int) -> list[tuple[str, Stored]]:
        """Next year's Renja target, which the projection of ``year`` adds to the realisations (layout 2)."""
        if year + 1 > self.plan.last_year:
            return []
        renja = self.data.latest_revision(m.Revision.Document.RENJA, year + 1)
        target = indicator.target(renja, m.PlanKind.RENJA, year + 1)
        return [(_("target %(renja)s (ditambahkan dalam proyeksi %(year)s)") % {"renja": renja, "year": year},
                 target)] if target is not None else []

    def units(self, node: ElementData, indicator: IndicatorData) -> None:
        if indicator.is_category:
            return
        end = self.targets_for(indicator, None)
        for year in ([self.only_year] if self.only_year is not None else self.years):
            # The projection adds next year's target and measures the sum against the Renstra end target.
            self.compare_units(node, indicator, year, "",
                               [(label, stored) for label, stored in self.projection_target(indicator, year)
                                if stored.value is not None], end, values="")
        by_year: dict[int, list] = {}
        for (year, period), stored in sorted(indicator.realisations.items()):
            if stored.value is not None and (self.only_year is None or year == self.only_year):
                by_year.setdefault(year, []).append((PERIOD_NAMES.get(period, str(period)), stored))
        for year, reported in by_year.items():
            self.compare_units(node, indicator, year, str(year), reported, self.targets_for(indicator, year))
        for through, stored in sorted(indicator.carried.items()):
            if stored.value is not None and (self.only_year is None or through == self.only_year - 1):
                self.compare_units(node, indicator, through, _("s/d %(year)s") % {"year": through}, [("", stored)],
                                   self.targets_for(indicator, None))

    def compare_units(self, node, indicator, year: int, when: str, reported: list, targets: list,
                      values: str | None = None) -> None:
        """One finding for the values of ``year`` whose unit differs from a target's; the differences that a
        declared kesetaraan satuan settles go to the report's ``settled`` list with the declaration."""
        differing, settled = [], []
        for period, stored in reported:
            for label, target in targets:
                if target is stored:
                    continue
                if not same_unit(stored.unit, target.unit):
                    differing.append((period, stored, label, target))
                elif not same_unit(_spelled(stored), _spelled(target)):
                    settled.append((period, stored, label, target))
        for found, pairs in ((self.report.findings, differing), (self.report.settled, settled)):
            if not pairs:
                continue
            parts, declarations = [], []
            for period, stored, label, target in pairs:
                what = _("realisasi") if values is None else values
                parts.append(_("%(what)s %(value)s, %(label)s %(target)s") % {
                    "what": " ".join(filter(None, [what, when, period])),
                    "value": self.measured(stored.value, _spelled(stored)), "label": label,
                    "target": self.measured(target.value, _spelled(target))})
                declarations.extend(self.data.units.explain(s.spelled) for s in (stored, target) if s.spelled)
            detail = "; ".join(parts)
            spellings = tuple(dict.fromkeys((_spelled(s) or "", _spelled(t) or "") for _p, s, _l, t in pairs))
            if found is self.report.settled:
                detail += " — " + _("diselesaikan oleh kesetaraan satuan: %(declarations)s") % {
                    "declarations": "; ".join(dict.fromkeys(declarations))}
            found.append(Finding(UNIT_MISMATCH, node.element, indicator.indicator, year, detail, spellings))

    # -- (f) the Renstra cumulative against the end target ------------------------------------------------------

    def implausible(self, node: ElementData, indicator: IndicatorData) -> None:
        ind = indicator.indicator
        if indicator.is_category or not ind.aggregation:
            return
        end = indicator.target(self.renstra, m.PlanKind.RENSTRA_END, self.plan.last_year)
        if end is None or end.value is None or end.value <= 0:
            return
        reported_years = sorted({y for (y, _p), s in indicator.realisations.items() if s.value is not None})
        if self.only_year is not None:
            reported_years = [y for y in reported_years if y <= self.only_year]
        carried = sorted(y for y, s in indicator.carried.items() if s.value is not None)
        through = self.only_year if self.only_year is not None else max([*reported_years, *carried], default=None)
        if through is None or not (reported_years or carried):
            return
        # A carried figure is cumulative "s/d" its year: the latest one up to ``through`` opens the sum.
        opened = [y for y in carried if y <= through]
        start = opened[-1] if opened else self.plan.first_year - 1
        opening = indicator.carried[start].measured() if opened else None
        how = Aggregation(ind.aggregation)
        try:
            yearly = [_measured(self.year_result(indicator, y, how)) for y in range(start + 1, through + 1)]
        except ValueError:
            return  # a year reported both by quarters and as one total: which counts is not this check's guess
        total = cumulative(yearly, how, opening)
        if not total.defined or not same_unit(total.unit, end.unit):
            return
        factor = ratio(total.value, end.value, Decimal(1))
        if factor.value <= IMPLAUSIBLE_FACTOR:
            return
        last = max([y for y in reported_years if y <= through] or [start])
        self.add(IMPLAUSIBLE_CUMULATIVE, node, indicator, last, _(
            "realisasi kumulatif s/d %(year)s (%(how)s) %(total)s = %(factor)s × target akhir periode Renstra "
            "%(end_year)s %(end)s") % {
            "year": last, "how": how.value, "total": self.measured(total.value, _spelled(end)),
            "factor": format_number(factor.value, 2, self.lang), "end_year": self.plan.last_year,
            "end": self.measured(end.value, _spelled(end))})  # the total's unit is the end target's, as stored

    @staticmethod
    def year_result(indicator: IndicatorData, year: int, how: Aggregation) -> Result:
        quarters = [indicator.realisations.get((year, q)) for q in QUARTERS]
        annual = indicator.realisations.get((year, m.Period.YEAR))
        return year_value([q.measured() if q else None for q in quarters], how,
                          annual.measured() if annual else None)


def _introduced_after(indicator: IndicatorData, year: int) -> bool:
    """An indicator first planned for a later year (a Renja's new or reworded indicator): it has no Renstra
    target, no realisation up to ``year`` and only targets of later years."""
    if any(kind in RENSTRA_KINDS for (_rev, kind, _y) in indicator.targets):
        return False
    if any(y <= year for (y, _p) in indicator.realisations) or any(y < year for y in indicator.carried):
        return False
    return bool(indicator.targets) and all(y > year for (_rev, _kind, y) in indicator.targets)


def _spelled(stored: Stored) -> str | None:
    """The unit as stored, before any declared kesetaraan satuan."""
    return stored.spelled or stored.unit


def _measured(result: Result) -> Measured | None:
    return Measured(result.value, result.unit) if result.defined else None


def _pagu(key: tuple[int, str, int]) -> Callable[[ElementData], Decimal | None]:
    """An element's pagu for (revision, kind, year): its own, else the sum of its children's (RULES §5)."""
    cache: dict[int, Decimal | None] = {}

    def pagu(node: ElementData) -> Decimal | None:
        if node.element.pk not in cache:
            own = node.budgets.get(key)
            cache[node.element.pk] = own if own is not None else sum_rupiah([pagu(c) for c in node.children])
        return cache[node.element.pk]

    return pagu


def _memo(function: Callable[[ElementData], object]) -> Callable[[ElementData], object]:
    cache: dict[int, object] = {}

    def cached(node: ElementData):
        if node.element.pk not in cache:
            cache[node.element.pk] = function(node)
        return cache[node.element.pk]

    return cached




# -- output ----------------------------------------------------------------------------------------------------


def konsistensi_line(konsistensi: Konsistensi, lang: str = "id") -> str:
    return _("Tingkat konsistensi Renstra dan Renja %(year)s: %(consistent)s dari %(total)s kegiatan Renja ada di "
             "Renstra = %(percent)s") % {"year": konsistensi.year, "consistent": konsistensi.consistent,
                                         "total": konsistensi.total,
                                         "percent": format_percent(konsistensi.percent, 2, lang)}


def to_text(report: CheckReport, lang: str = "id") -> str:
    """One line per finding (kind, year, code, element, indicator, detail), the tingkat konsistensi of each year,
    then the count per kind."""
    lines = []
    for f in report.findings:
        what = f.element.name if f.indicator is None else f"{f.element.name} · {f.indicator.name}"
        lines.append(f"[{f.kind}] {f.year or '—'} {f.reference} {_short(what)} — {f.detail}")
    lines.extend(f"[{f.kind}] " + _("(sudah diselesaikan)") + f" {f.year or '—'} {f.reference} "
                 f"{_short(f.element.name + ' · ' + f.indicator.name)} — {f.detail}" for f in report.settled)
    lines.extend(narrative_line(f) for f in report.narrative)
    lines.extend(konsistensi_line(k, lang) for k in report.konsistensi)
    counts = {kind: n for kind, n in report.counts().items() if n}
    if report.narrative:
        counts[NARRATIVE_FIGURE] = len(report.narrative)
    if counts:
        lines.append(_("%(total)s temuan: %(kinds)s.") % {
            "total": len(report.findings) + len(report.narrative),
            "kinds": ", ".join(f"{n} {kind}" for kind, n in counts.items())})
    else:
        lines.append(_("Tidak ada temuan."))
    return "\n".join(lines) + "\n"


def narrative_line(finding) -> str:
    """A figure quoted in a document's narrative that differs from the document's table, as one line."""
    from kinerja.documents.narrative_check import finding_line

    return f"[{NARRATIVE_FIGURE}] {finding_line(finding)}"


def to_json(report: CheckReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
