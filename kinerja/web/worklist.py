"""What waits for the user on the home page ("Yang perlu saya kerjakan"), per role.

- operator: the unit's open quarters (draft or returned, with the reason of a return);
- perencana: the reports to verify, the units that have not submitted a quarter past its deadline, the indicators
  of the current Renja year without a Renja target;
- kepala dinas: the reports to approve and the documents not yet issued;
- pemeriksa: the latest changes of the audit trail;
- admin pemda: the agencies with quarters past their deadline and not approved.

Everything is read set-wise over all the agencies the user sees: the number of queries does not depend on how many
agencies (a Bappeda sees a whole region). What a user may see is decided by ``permissions.can``/``units_for`` only.

A unit is expected to report a quarter of a Renja year when the entry page would let it: it has a line that year
(an indicator with a Renja target or a realisation, an element with a Renja pagu) that is not held as the year's
total. A quarter is open from its first day; its deadline is the stored one, else the rule of
``realisation.services.default_deadline``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kinerja.accounts.permissions import Capability, can, units_for
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry, QuarterReport, Status
from kinerja.realisation.services import quarter_deadline

QUARTERS = (1, 2, 3, 4)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
RENJA_LEVELS = (m.Level.PROGRAM, m.Level.ACTIVITY, m.Level.SUBACTIVITY)
RENSTRA_KINDS = (m.PlanKind.RENSTRA, m.PlanKind.RENSTRA_END)
OPEN = (Status.DRAFT, Status.RETURNED)
SHOWN = 12  # items shown per section; the rest are counted
RECENT_CHANGES = 10

# The audit trail's actions, as the services record them, in the page's language.
ACTIONS = {
    "submit": gettext_lazy("mengajukan laporan triwulan"),
    "verify": gettext_lazy("memverifikasi laporan triwulan"),
    "approve": gettext_lazy("menyetujui laporan triwulan"),
    "return": gettext_lazy("mengembalikan laporan triwulan"),
    "reopen": gettext_lazy("membuka kembali laporan triwulan"),
    "isi realisasi": gettext_lazy("mengisi realisasi"),
    "ubah realisasi": gettext_lazy("mengubah realisasi"),
    "hapus realisasi": gettext_lazy("menghapus realisasi"),
    "lampirkan bukti": gettext_lazy("melampirkan bukti"),
    "isi realisasi anggaran": gettext_lazy("mengisi realisasi anggaran"),
    "ubah realisasi anggaran": gettext_lazy("mengubah realisasi anggaran"),
    "hapus realisasi anggaran": gettext_lazy("menghapus realisasi anggaran"),
    "isi target": gettext_lazy("mengisi target"),
    "ubah target": gettext_lazy("mengubah target"),
    "hapus target": gettext_lazy("menghapus target"),
    "isi pagu": gettext_lazy("mengisi pagu"),
    "ubah pagu": gettext_lazy("mengubah pagu"),
    "hapus pagu": gettext_lazy("menghapus pagu"),
    "ubah indikator": gettext_lazy("mengubah indikator"),
    "ubah unsur rencana": gettext_lazy("mengubah unsur rencana"),
    "tambah unsur rencana": gettext_lazy("menambah unsur rencana"),
    "buat revisi": gettext_lazy("membuat revisi Renja"),
    "ubah narasi": gettext_lazy("mengubah narasi"),
    "impor": gettext_lazy("mengimpor data"),
    "terbitkan dokumen": gettext_lazy("menerbitkan dokumen"),
    "tambah peran": gettext_lazy("menambah peran pengguna"),
    "cabut peran": gettext_lazy("mencabut peran pengguna"),
    "nyatakan kesetaraan satuan": gettext_lazy("menyatakan kesetaraan satuan"),
    "tarik kesetaraan satuan": gettext_lazy("menarik kesetaraan satuan"),
}


@dataclass
class Item:
    """One piece of work: what, where it is done, by when."""

    title: str
    url: str
    deadline: dt.date | None = None
    late: bool = False
    detail: str = ""
    reason: str = ""
    at: dt.datetime | None = None


@dataclass
class Section:
    key: str
    heading: str
    items: list[Item] = field(default_factory=list)
    more: int = 0

    def trim(self) -> Section:
        self.more = max(0, len(self.items) - SHOWN)
        self.items = self.items[:SHOWN]
        return self


def quarter_label(year: int, quarter: int) -> str:
    return f"TW {ROMAN[quarter]} {year}"


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def current_renja_year(years: list[int], today: dt.date) -> int | None:
    """The Renja in force today: this year's, else the latest before it, else the first one planned."""
    past = [y for y in years if y <= today.year]
    return max(past) if past else min(years, default=None)


def renja_revisions(agencies) -> dict[int, dict[int, m.Revision]]:
    """agency → Renja year → the revision in force (the last one: a perubahan after its murni), in one query."""
    latest: dict[int, dict[int, m.Revision]] = defaultdict(dict)
    rows = m.Revision.objects.filter(agency__in=agencies, document=m.Revision.Document.RENJA, year__isnull=False)
    for revision in sorted(rows, key=lambda r: (r.number, r.date or dt.date.min, r.pk)):
        latest[revision.agency_id][revision.year] = revision
    return latest


def urgency(item: Item) -> tuple[int, int]:
    """The deadline still ahead first, the nearest first; then those passed, the latest first: a long past never hides
    this quarter's work behind it."""
    if item.deadline is None:
        return 2, 0
    return (0, item.deadline.toordinal()) if not item.late else (1, -item.deadline.toordinal())


class Worklist:
    """The sections of work waiting for ``user`` in ``agencies`` (those the user sees, units prefetched)."""

    def __init__(self, user, agencies: list[m.Agency], now: dt.datetime | None = None):
        self.user = user
        self.agencies = agencies
        self.today = timezone.localdate(now or timezone.now())
        self.by_pk = {a.pk: a for a in agencies}
        self.units = {u.pk: u for a in agencies for u in a.units.all()}
        self.several = len(agencies) > 1

    def _agencies_with(self, capability: Capability) -> list[m.Agency]:
        return [a for a in self.agencies if can(self.user, capability, a)]

    def sections(self) -> list[Section]:
        enter = {a.pk: units_for(self.user, Capability.ENTER_REALISATION, a) for a in self.agencies}
        enter = {pk: units for pk, units in enter.items() if units}
        verify = self._agencies_with(Capability.VERIFY)
        approve = self._agencies_with(Capability.APPROVE)
        issue = self._agencies_with(Capability.ISSUE_DOCUMENT)
        plan = self._agencies_with(Capability.EDIT_PLAN)
        audit = self._agencies_with(Capability.READ_AUDIT)
        region = self._agencies_with(Capability.MANAGE_REGION)
        if not (enter or verify or approve or issue or plan or audit or region):
            return []
        self.renja = renja_revisions(self.agencies)
        watched = {*enter, *(a.pk for a in verify), *(a.pk for a in approve), *(a.pk for a in region)}
        self.reports = self._reports(watched) if watched else {}
        self.expected = self._expected_units(watched) if (enter or verify or region) else set()
        sections = []
        if enter:
            sections.append(self._open_quarters(enter))
        if verify:
            sections.append(self._to_verify(verify))
            sections.append(self._missing_data(verify, plan))
        if approve:
            sections.append(self._to_approve(approve))
        if issue:
            sections.append(self._documents(issue))
        if audit:
            sections.append(self._recent_changes(audit))
        if region:
            sections.append(self._behind_schedule(region))
        return [s.trim() for s in sections]

    # -- what is read -------------------------------------------------------------------------------------------

    def _reports(self, agency_pks) -> dict[tuple[int, int, int], QuarterReport]:
        return {(r.unit_id, r.year, r.quarter): r for r in QuarterReport.objects.filter(agency__in=agency_pks)}

    def _expected_units(self, agency_pks) -> set[tuple[int, int]]:
        """(unit, year) of every Renja year in which the unit has a line to enter by quarter, as the entry page lays
        them out: an indicator with a Renja target or a realisation that year, an element with a Renja pagu, or the
        element of one of the unit's indicators — each unless held as the year's total. Decided in the database,
        which answers a few rows per unit and year: a region holds hundreds of thousands of values."""
        years = {pk: set(self.renja.get(pk, {})) for pk in agency_pks}
        wanted = set().union(*years.values())
        if not wanted:
            return set()
        plan = ("element__strategic_plan__agency_id", "element__strategic_plan__first_year",
                "element__strategic_plan__last_year")
        of_indicator = {"indicator__element__strategic_plan__agency__in": agency_pks, "year__in": wanted}
        annual_value = m.Realisation.objects.filter(indicator=OuterRef("indicator"), year=OuterRef("year"),
                                                    period=m.Period.YEAR)
        annual_budget = m.BudgetRealisation.objects.filter(element=OuterRef("element"), year=OuterRef("year"),
                                                           period=m.Period.YEAR)
        own_element_budget = m.BudgetRealisation.objects.filter(
            element=OuterRef("indicator__element"), year=OuterRef("year"), period=m.Period.YEAR)
        owner = Coalesce("indicator__unit_id", "indicator__element__unit_id")
        own_element = Q(indicator__unit__isnull=True) | Q(indicator__unit=F("indicator__element__unit"))
        expected: set[tuple[int, int]] = set()

        def still_open(*fields: str) -> Q:
            """The units and years not yet known to have a line, so that a later pass reads only those; a pass
            with none left still runs (on no row: ``pk < 0``) so the number of queries never varies."""
            q = Q()
            for year in wanted:
                units = [u.pk for pk in agency_pks if year in years[pk] for u in self.by_pk[pk].units.all()
                         if (u.pk, year) not in expected]
                if units:
                    either = Q()
                    for name in fields:
                        either |= Q(**{f"{name}__in": units})
                    q |= Q(year=year) & either
            return q if q else Q(pk__lt=0)

        def indicator_lines(lines) -> None:
            # The indicator's line, and the Rp line of its element when the element is the unit's own (the entry
            # page shows it beside the unit's indicators), each unless held as the year's total.
            rows = (lines.annotate(owner=owner, annual=Exists(annual_value),
                                   own=ExpressionWrapper(own_element, output_field=BooleanField()),
                                   annual_budget=Exists(own_element_budget))
                    .values_list("owner", "indicator__element__unit_id", "own", "annual", "annual_budget", "year",
                                 *("indicator__" + f for f in plan)).distinct())
            for unit, element_unit, own, total, element_total, year, *scope in rows:
                if unit is not None and not total:
                    add(unit, year, *scope)
                if element_unit is not None and own and not element_total:
                    add(element_unit, year, *scope)

        def add(unit, year, agency, first, last) -> None:
            if year in years[agency] and first <= year <= last:
                expected.add((unit, year))

        indicator_lines(m.Target.objects.filter(**of_indicator, kind=m.PlanKind.RENJA))
        indicator_lines(m.Realisation.objects.filter(**of_indicator).filter(
            still_open("indicator__unit", "indicator__element__unit")))
        for row in (m.Budget.objects.filter(element__strategic_plan__agency__in=agency_pks, kind=m.PlanKind.RENJA,
                                            year__in=wanted, element__unit__isnull=False)
                    .filter(still_open("element__unit")).exclude(Exists(annual_budget))
                    .values_list("element__unit_id", "year", *plan).distinct()):
            add(*row)
        return expected

    def _status(self, unit_pk: int, year: int, quarter: int) -> tuple[str, dt.date, QuarterReport | None]:
        report = self.reports.get((unit_pk, year, quarter))
        status = report.status if report is not None else Status.DRAFT
        return status, quarter_deadline(report, year, quarter), report

    def _expected_quarters(self, agency: m.Agency, units=None):
        """(unit, year, quarter, status, deadline, report) of the quarters the agency's units report, begun by
        today."""
        for unit in units if units is not None else agency.units.all():
            for year in sorted(self.renja.get(agency.pk, {})):
                if (unit.pk, year) not in self.expected:
                    continue
                for quarter in QUARTERS:
                    if quarter_start(year, quarter) <= self.today:
                        yield (unit, year, quarter, *self._status(unit.pk, year, quarter))

    def _where(self, agency: m.Agency, unit: m.Unit | None = None) -> str:
        parts = [unit.name] if unit is not None else []
        if self.several:
            parts.append(agency.short_name or agency.name)
        return " · ".join(parts)

    def _item(self, title: str, url: str, deadline: dt.date | None, **extra) -> Item:
        return Item(title=title, url=url, deadline=deadline, late=bool(deadline and deadline < self.today), **extra)

    # -- the sections -------------------------------------------------------------------------------------------

    def _open_quarters(self, enter: dict[int, list[m.Unit]]) -> Section:
        section = Section("open-quarters", _("Laporan triwulan yang perlu diisi dan diajukan"))
        returned: list[tuple[Item, int]] = []
        for agency_pk, units in enter.items():
            agency = self.by_pk[agency_pk]
            seen = set()
            for unit, year, quarter, status, deadline, report in self._expected_quarters(agency, units):
                seen.add((unit.pk, year, quarter))
                if status in OPEN:
                    section.items.append(self._quarter_item(agency, unit, year, quarter, deadline, status, report,
                                                            returned))
            for (unit_pk, year, quarter), report in self.reports.items():  # a returned report outside the lines
                if (report.agency_id == agency_pk and report.status == Status.RETURNED and unit_pk in
                        {u.pk for u in units} and (unit_pk, year, quarter) not in seen):
                    section.items.append(self._quarter_item(agency, self.units[unit_pk], year, quarter,
                                                            report.deadline, report.status, report, returned))
        self._return_reasons(returned)
        section.items.sort(key=lambda i: (not i.reason, *urgency(i), i.title))
        return section

    def _quarter_item(self, agency, unit, year, quarter, deadline, status, report, returned) -> Item:
        item = self._item(quarter_label(year, quarter), reverse("quarter-entry", args=[agency.slug, year, quarter,
                                                                                       unit.key]),
                          deadline, detail=self._where(agency, unit))
        if status == Status.RETURNED:
            item.title = _("%(quarter)s — dikembalikan") % {"quarter": item.title}
            returned.append((item, report.pk))
        return item

    def _return_reasons(self, returned: list[tuple[Item, int]]) -> None:
        """The reason of each return, from the latest return recorded for the report (one query)."""
        if not returned:
            return
        latest: dict[int, AuditEntry] = {}
        for entry in (AuditEntry.objects.filter(object_type="realisation.quarterreport", new=Status.RETURNED,
                                                object_id__in=[pk for _item, pk in returned])
                      .select_related("user").order_by("at", "pk")):
            latest[entry.object_id] = entry
        for item, pk in returned:
            entry = latest.get(pk)
            if entry is not None:
                who = entry.user.get_full_name() or entry.user.username if entry.user else ""
                item.reason = (_("Dikembalikan oleh %(who)s: %(reason)s") % {"who": who, "reason": entry.reason}
                               if who else entry.reason) or _("Dikembalikan tanpa alasan tertulis")

    def _reports_in(self, agencies: list[m.Agency], status: str, heading: str, key: str) -> Section:
        section = Section(key, heading)
        pks = {a.pk for a in agencies}
        for (unit_pk, year, quarter), report in self.reports.items():
            if report.agency_id in pks and report.status == status:
                agency, unit = self.by_pk[report.agency_id], self.units[unit_pk]
                deadline = quarter_deadline(report, year, quarter)
                detail = self._where(agency, unit)
                if report.submitted_late:
                    detail = _("%(where)s · diajukan terlambat") % {"where": detail}
                review = reverse("quarter-review", args=[agency.slug, year, quarter, unit.key])  # where it is done
                section.items.append(self._item(quarter_label(year, quarter), review, deadline, detail=detail))
        section.items.sort(key=lambda i: (i.deadline or dt.date.max, i.detail))
        return section

    def _to_verify(self, agencies) -> Section:
        return self._reports_in(agencies, Status.SUBMITTED, _("Laporan triwulan yang perlu diverifikasi"), "verify")

    def _to_approve(self, agencies) -> Section:
        return self._reports_in(agencies, Status.VERIFIED, _("Laporan triwulan yang menunggu persetujuan Anda"),
                                "approve")

    def _late_quarters(self, agency: m.Agency, statuses) -> dict[tuple[int, int], tuple[dt.date, list[m.Unit]]]:
        """(year, quarter) → (deadline, units) of the quarters past their deadline in one of ``statuses``."""
        late: dict[tuple[int, int], tuple[dt.date, list[m.Unit]]] = {}
        for unit, year, quarter, status, deadline, _report in self._expected_quarters(agency):
            if status in statuses and deadline < self.today:
                late.setdefault((year, quarter), (deadline, []))[1].append(unit)
        return late

    def _missing_data(self, verify: list[m.Agency], plan: list[m.Agency]) -> Section:
        section = Section("missing", _("Data yang belum masuk"))
        for agency in verify:
            for (year, quarter), (deadline, units) in self._late_quarters(agency, OPEN).items():
                names = ", ".join(u.name for u in units)
                title = ngettext("%(quarter)s: %(count)s unit belum mengajukan", "%(quarter)s: %(count)s unit belum "
                                 "mengajukan", len(units)) % {"quarter": quarter_label(year, quarter),
                                                              "count": len(units)}
                where = self._where(agency)
                section.items.append(self._item(title, reverse("quarter-overview", args=[agency.slug, year, quarter]),
                                                deadline, detail=f"{names} · {where}" if where else names))
        section.items.sort(key=lambda i: (*urgency(i), i.detail))
        targets = []
        for agency, year, count in missing_targets(plan, self.renja, self.today):
            title = ngettext("Renja %(year)s: %(count)s indikator tanpa target",
                             "Renja %(year)s: %(count)s indikator tanpa target", count) % {"year": year, "count": count}
            targets.append(self._item(title, reverse("consistency", args=[agency.slug, year]), None,
                                      detail=self._where(agency)))
        section.items[:0] = targets  # few, and they concern the year in force: first
        return section

    def _documents(self, agencies: list[m.Agency]) -> Section:
        """The Renja in force and the LKjIP of the last year ended, where no version of them is issued yet."""
        section = Section("documents", _("Dokumen yang belum diterbitkan"))
        issued = set(m.IssuedDocument.objects.filter(agency__in=agencies).values_list("agency_id", "kind", "year")
                     .distinct())
        for agency in agencies:
            years = sorted(self.renja.get(agency.pk, {}))
            wanted = []
            renja = current_renja_year(years, self.today)
            if renja is not None:
                wanted.append((m.IssuedDocument.Kind.RENJA, renja))
            ended = [y for y in years if y < self.today.year]
            if ended:
                wanted.append((m.IssuedDocument.Kind.LKJIP, max(ended)))
            for kind, year in wanted:
                if (agency.pk, kind, year) not in issued:
                    label = m.IssuedDocument.Kind(kind).label
                    section.items.append(self._item(f"{label} {year}", reverse("document", args=[agency.slug, kind,
                                                                                                  year]),
                                                    None, detail=self._where(agency)))
        return section

    def _recent_changes(self, agencies: list[m.Agency]) -> Section:
        section = Section("changes", _("Perubahan terbaru"))
        entries = []
        for entry in (AuditEntry.objects.filter(agency__in=agencies).select_related("user")
                      .order_by("-at", "-pk")[:RECENT_CHANGES * 4]):
            act = (entry.user_id, entry.action, entry.object_type, entry.object_id, entry.reason)
            if entries and act == entries[-1][0]:
                continue  # one act recorded field by field (the value and its text as typed): shown once
            entries.append((act, entry))
        entries = [entry for _act, entry in entries[:RECENT_CHANGES]]
        names = describe_objects(entries, self.units)
        for entry in entries:
            agency = self.by_pk[entry.agency_id]
            who = (entry.user.get_full_name() or entry.user.username) if entry.user else _("sistem")
            what = ACTIONS.get(entry.action)
            change = _shown_change(entry)
            title = f"{who} {what if what is not None else entry.action}"
            obj = names.get((entry.object_type, entry.object_id), "")
            detail = " · ".join(part for part in (obj, change, self._where(agency)) if part)
            url = reverse("audit-trail", args=[agency.slug]) + f"?type={entry.object_type}&id={entry.object_id}"
            section.items.append(Item(title=title, url=url, detail=detail, reason=entry.reason, at=entry.at))
        return section

    def _behind_schedule(self, agencies: list[m.Agency]) -> Section:
        """One line per agency with unit quarters past their deadline and not approved, the oldest first."""
        section = Section("behind", _("Perangkat daerah yang terlambat"))
        waiting = (Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.VERIFIED)
        for agency in agencies:
            late = self._late_quarters(agency, waiting)
            if not late:
                continue
            (year, quarter), (deadline, _units) = min(late.items(), key=lambda kv: kv[1][0])
            count = sum(len(units) for _deadline, units in late.values())
            detail = ngettext("%(count)s laporan unit lewat tenggat dan belum disetujui, terlama %(quarter)s",
                              "%(count)s laporan unit lewat tenggat dan belum disetujui, terlama %(quarter)s",
                              count) % {"count": count, "quarter": quarter_label(year, quarter)}
            section.items.append(self._item(agency.name, reverse("quarter-overview", args=[agency.slug, year, quarter]),
                                            deadline, detail=detail))
        section.items.sort(key=lambda i: (i.deadline or dt.date.max, i.title))
        return section


def _shown_change(entry: AuditEntry) -> str:
    old, new = entry.old, entry.new
    if entry.object_type == "realisation.quarterreport" and entry.field == "status":
        labels = dict(Status.choices)
        old, new = str(labels.get(old, old)), str(labels.get(new, new))
    old, new = _short(old), _short(new)
    if old and new:
        return f"{old} → {new}"
    return new or (_("%(old)s dihapus") % {"old": old} if old else "")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def describe_objects(entries: list[AuditEntry], units: dict[int, m.Unit]) -> dict[tuple[str, int], str]:
    """What each entry changed, named as people know it: the indicator, the element, the unit's quarter; else the
    kind of record. One query per kind of record among the entries."""
    ids: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        ids[entry.object_type].add(entry.object_id)
    names: dict[tuple[str, int], str] = {}
    by_indicator = {"plan.realisation": m.Realisation, "plan.target": m.Target}
    by_element = {"plan.budget": m.Budget, "plan.budgetrealisation": m.BudgetRealisation}
    for object_type, pks in ids.items():
        if object_type == "realisation.quarterreport":
            for report in QuarterReport.objects.filter(pk__in=pks):
                unit = units.get(report.unit_id)
                names[(object_type, report.pk)] = " ".join(
                    part for part in (unit.name if unit else "", quarter_label(report.year, report.quarter)) if part)
        elif object_type in by_indicator:
            for pk, name, year, extra in by_indicator[object_type].objects.filter(pk__in=pks).values_list(
                    "pk", "indicator__name", "year",
                    "period" if object_type == "plan.realisation" else "kind"):
                when = quarter_label(year, extra) if object_type == "plan.realisation" and extra else str(year)
                names[(object_type, pk)] = f"{_short(name)} ({when})"
        elif object_type in by_element:
            for pk, code, name, year in by_element[object_type].objects.filter(pk__in=pks).values_list(
                    "pk", "element__code", "element__name", "year"):
                names[(object_type, pk)] = f"{code} {_short(name)} ({year})".strip()
        elif object_type == "plan.indicator":
            names.update({(object_type, pk): _short(name)
                          for pk, name in m.Indicator.objects.filter(pk__in=pks).values_list("pk", "name")})
        elif object_type == "plan.planelement":
            names.update({(object_type, pk): f"{code} {_short(name)}".strip()
                          for pk, code, name in m.PlanElement.objects.filter(pk__in=pks).values_list(
                              "pk", "code", "name")})
        else:
            try:
                label = str(apps.get_model(object_type)._meta.verbose_name)
            except (LookupError, ValueError):
                continue
            names.update({(object_type, pk): label for pk in pks})
    return names


def missing_targets(agencies: list[m.Agency], renja: dict[int, dict[int, m.Revision]], today: dt.date
                    ) -> list[tuple[m.Agency, int, int]]:
    """(agency, year, count) of the indicators in the Renja in force without a Renja target that year — the
    ``missing-target`` findings of ``kinerja.consistency`` for that year, counted set-wise for all the agencies.

    An element is in the year's Renja when it or one under it has a Renja target or pagu of the year in the
    revision in force; an indicator first planned for a later year (no Renstra target, nothing realised by the year,
    only later targets) is not missing."""
    scope: dict[int, tuple[m.Agency, int, m.Revision]] = {}  # plan → (agency, year, revision)
    for agency in agencies:
        year = current_renja_year(sorted(renja.get(agency.pk, {})), today)
        if year is not None:
            revision = renja[agency.pk][year]
            scope[revision.strategic_plan_id] = (agency, year, revision)
    if not scope:
        return []
    plans = list(scope)
    elements = list(m.PlanElement.objects.filter(strategic_plan__in=plans).values_list(
        "pk", "parent_id", "level", "strategic_plan_id"))
    indicators: dict[int, list[int]] = defaultdict(list)
    for pk, element in m.Indicator.objects.filter(element__strategic_plan__in=plans).values_list("pk", "element_id"):
        indicators[element].append(pk)
    targets: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for pk, revision, kind, year in m.Target.objects.filter(
            indicator__element__strategic_plan__in=plans).values_list("indicator_id", "revision_id", "kind", "year"):
        targets[pk].append((revision, kind, year))
    revisions = {revision.pk for _a, _y, revision in scope.values()}
    budgeted = set(m.Budget.objects.filter(revision__in=revisions, kind=m.PlanKind.RENJA).values_list(
        "element_id", "revision_id", "year"))

    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent, _level, _plan in elements:
        children[parent].append(pk)
    plan_of = {pk: plan for pk, _parent, _level, plan in elements}
    memo: dict[int, bool] = {}

    def key(element: int) -> tuple[int, str, int]:
        _agency, year, revision = scope[plan_of[element]]
        return revision.pk, m.PlanKind.RENJA, year

    def in_renja(element: int) -> bool:
        if element not in memo:
            k = key(element)
            memo[element] = ((element, k[0], k[2]) in budgeted
                             or any(k in targets[i] for i in indicators[element])
                             or any([in_renja(child) for child in children[element]]))
        return memo[element]

    candidates: list[tuple[int, int, int]] = []  # (plan, indicator, year): in the Renja, without its target
    for pk, _parent, level, plan in elements:
        if level in RENJA_LEVELS and in_renja(pk):
            k = key(pk)
            candidates.extend((plan, i, k[2]) for i in indicators[pk] if k not in targets[i])
    # Whether each was realised by the year: read for the candidates only (a few), else for the whole plans; with
    # none, on no row (``pk < 0``) rather than not at all, so the number of queries never varies.
    ids = {i for _plan, i, _year in candidates}
    of_indicators = ({"pk__lt": 0} if not ids else {"indicator__in": ids} if len(ids) <= 2000 else
                     {"indicator__element__strategic_plan__in": plans})
    first_realised = dict(m.Realisation.objects.filter(**of_indicators).values("indicator_id")
                          .annotate(first=Min("year")).values_list("indicator_id", "first"))
    first_carried = dict(m.CarriedRealisation.objects.filter(**of_indicators).values("indicator_id")
                         .annotate(first=Min("through_year")).values_list("indicator_id", "first"))

    def introduced_after(indicator: int, year: int) -> bool:
        own = targets[indicator]
        if any(kind in RENSTRA_KINDS for _rev, kind, _y in own):
            return False
        if first_realised.get(indicator, year + 1) <= year or first_carried.get(indicator, year) < year:
            return False
        return bool(own) and all(y > year for _rev, _kind, y in own)

    counts: dict[int, int] = defaultdict(int)
    for plan, indicator, year in candidates:
        counts[plan] += not introduced_after(indicator, year)
    return [(agency, year, counts[plan]) for plan, (agency, year, _revision) in scope.items() if counts[plan]]
