"""Quarterly realisation entry and its workflow, for the operator, the perencana and the kepala dinas."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.permissions import Capability, can, requires, units_for
from kinerja.engine import (
    Measured,
    Polarity,
    Reason,
    aggregate,
    capaian,
    format_percent,
    format_rupiah,
    plain_text,
    reason_text,
)
from kinerja.plan import models as m
from kinerja.plan.values import REALISATION_VALUE, ValueRefused, number_kind, read_bounded, warning_text
from kinerja.realisation.models import AuditEntry, QuarterReport, Status
from kinerja.realisation.services import (
    TRANSITIONS,
    BudgetInput,
    ConflictError,
    EntryError,
    ValueInput,
    WorkflowError,
    default_deadline,
    save_quarter,
    transition,
    unit_indicators,
)
from kinerja.reports.lang import current_lang

QUARTERS = (1, 2, 3, 4)


@dataclass
class EntryRow:
    indicator: m.Indicator
    target: m.Target | None
    quarters: dict[int, m.Realisation] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warning: str = ""

    @property
    def current(self):
        return self.quarters.get(self._quarter)

    def bind(self, quarter: int) -> EntryRow:
        self._quarter = quarter
        return self

    @property
    def warnings(self) -> list[str]:
        """The plausibility warnings kept with the value, for the operator and whoever verifies and approves."""
        current = self.current
        return [warning_text(w) for w in current.warnings] if current is not None else []

    @property
    def so_far(self) -> str:
        values = [Measured(r.value, r.unit or self.indicator.satuan or None)
                  for q, r in sorted(self.quarters.items()) if q < self._quarter and r.value is not None]
        if not values:
            return "—"
        result = aggregate(values, self.indicator.aggregation or "SUM")
        return plain_text(result.value) if result.defined else "—"


@dataclass
class BudgetRow:
    element: m.PlanElement
    pagu: Decimal | None
    quarters: dict[int, m.BudgetRealisation] = field(default_factory=dict)

    def bind(self, quarter: int) -> BudgetRow:
        self._quarter = quarter
        return self

    @property
    def current(self):
        return self.quarters.get(self._quarter)

    @property
    def warnings(self) -> list[str]:
        current = self.current
        return [warning_text(w) for w in current.warnings] if current is not None else []

    @property
    def so_far(self) -> str:
        amounts = [r.amount for q, r in self.quarters.items() if q < self._quarter]
        return format_rupiah(sum(amounts, Decimal(0)), current_lang()) if amounts else "—"


def _unit_or_404(agency: m.Agency, unit_key: str) -> m.Unit:
    try:
        return agency.units.get(key=unit_key)
    except m.Unit.DoesNotExist:
        raise Http404("Unit tidak ditemukan") from None


def _check_quarter(quarter: int) -> None:
    if quarter not in QUARTERS:
        raise Http404("Triwulan tidak dikenal")


def entry_rows(unit: m.Unit, year: int, quarter: int) -> tuple[list[EntryRow], list[BudgetRow]]:
    indicators = list(unit_indicators(unit, year))
    targets: dict[int, m.Target] = {}
    for t in (m.Target.objects.filter(indicator__in=indicators, kind=m.PlanKind.RENJA, year=year)
              .select_related("revision").order_by("revision__number")):
        targets[t.indicator_id] = t  # the last revision wins
    reported = {}
    for r in m.Realisation.objects.filter(indicator__in=indicators, year=year, period__in=QUARTERS):
        reported.setdefault(r.indicator_id, {})[r.period] = r
    # The year's indicators: those its Renja targets, and any already reported on.
    indicators = [ind for ind in indicators if ind.pk in targets or ind.pk in reported]
    rows = {ind.pk: EntryRow(ind, targets.get(ind.pk), reported.get(ind.pk, {})).bind(quarter)
            for ind in indicators}
    elements = {ind.element_id: ind.element for ind in indicators if ind.element.unit_id == unit.pk}
    pagu: dict[int, Decimal] = {}
    for b in (m.Budget.objects.filter(element__in=elements, kind=m.PlanKind.RENJA, year=year)
              .order_by("revision__number")):
        pagu[b.element_id] = b.amount
    budgets = {pk: BudgetRow(e, pagu.get(pk)).bind(quarter) for pk, e in elements.items()}
    for b in m.BudgetRealisation.objects.filter(element__in=elements, year=year, period__in=QUARTERS):
        budgets[b.element_id].quarters[b.period] = b
    return list(rows.values()), list(budgets.values())


def _report(agency, unit, year, quarter) -> QuarterReport:
    return (QuarterReport.objects.filter(unit=unit, year=year, quarter=quarter).first()
            or QuarterReport(agency=agency, unit=unit, year=year, quarter=quarter,
                             deadline=default_deadline(year, quarter)))


@login_required
@require_GET
@requires(Capability.READ_UNIT)
def quarter_overview(request, agency: m.Agency, year: int, quarter: int):
    """The units of the agency for one quarter: status, timeliness, completeness."""
    _check_quarter(quarter)
    units = units_for(request.user, Capability.READ_UNIT, agency)
    reports = {r.unit_id: r for r in QuarterReport.objects.filter(unit__in=units, year=year, quarter=quarter)}
    lines = []
    for unit in units:
        rows, budgets = entry_rows(unit, year, quarter)
        filled = sum(1 for row in rows if quarter in row.quarters)
        doubtful = sum(1 for row in [*rows, *budgets] if row.current is not None and row.current.warnings)
        lines.append({"unit": unit, "report": reports.get(unit.pk) or _report(agency, unit, year, quarter),
                      "filled": filled, "total": len(rows), "doubtful": doubtful})
    return render(request, "web/quarter_overview.html", {
        "agency": agency, "year": year, "quarter": quarter, "lines": lines, "quarters": QUARTERS,
    })


@login_required
@require_http_methods(["GET", "POST"])
@requires(Capability.READ_UNIT)
def quarter_entry(request, agency: m.Agency, year: int, quarter: int, unit: str):
    _check_quarter(quarter)
    unit_obj = _unit_or_404(agency, unit)
    if not can(request.user, Capability.READ_UNIT, agency, unit_obj):
        raise Http404("Unit tidak ditemukan")
    may_enter = can(request.user, Capability.ENTER_REALISATION, agency, unit_obj)
    rows, budgets = entry_rows(unit_obj, year, quarter)
    errors: dict[str, str] = {}
    posted = {}
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied("Peran Anda tidak mengizinkan pengisian realisasi")
        posted = request.POST
        values = [ValueInput(
            indicator_id=row.indicator.pk,
            value=posted.get(f"v-{row.indicator.pk}", ""),
            numerator=posted.get(f"n-{row.indicator.pk}", ""),
            denominator=posted.get(f"d-{row.indicator.pk}", ""),
            note=posted.get(f"note-{row.indicator.pk}", ""),
            evidence_url=posted.get(f"url-{row.indicator.pk}", ""),
            evidence_file=request.FILES.get(f"file-{row.indicator.pk}"),
            version=_shown_version(posted.get(f"ver-{row.indicator.pk}")),
        ) for row in rows if f"v-{row.indicator.pk}" in posted]
        budget_values = [BudgetInput(
            element_id=b.element.pk, amount=posted.get(f"rp-{b.element.pk}", ""),
            note=posted.get(f"rpnote-{b.element.pk}", ""), version=_shown_version(posted.get(f"rpver-{b.element.pk}")),
        ) for b in budgets if f"rp-{b.element.pk}" in posted]
        try:
            # Save and submit are one request: a submission refused takes the values back with it.
            with transaction.atomic():
                result = save_quarter(request.user, agency, unit_obj, year, quarter, values, budget_values,
                                      reason=posted.get("reason", ""))
                if "submit" in posted:
                    transition(request.user, agency, unit_obj, year, quarter, "submit", posted.get("reason", ""),
                               version=_int_or_none(posted.get("report_version")))
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from exc
        except EntryError as exc:
            errors = exc.errors
            messages.error(request, _("Tidak ada yang disimpan: periksa isian yang ditandai."))
        except ConflictError as exc:
            errors = {key: _("Telah diubah pengguna lain menjadi %(value)s; muat ulang halaman.") % {"value": value}
                      for key, value in exc.conflicts.items()}
            messages.error(request,
                           _("Tidak ada yang disimpan: nilai telah diubah pengguna lain sejak halaman dibuka."))
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Tersimpan: %(count)s nilai berubah.") % {"count": result.changed})
            for warning in result.warnings.values():
                messages.warning(request, warning)
            if "submit" in posted:
                messages.success(request, _("Status triwulan diperbarui: %(action)s.") % {"action": "submit"})
            return redirect(request.path)
    report = _report(agency, unit_obj, year, quarter)
    editable = may_enter and not report.locked and report.status in (Status.DRAFT, Status.RETURNED)
    return render(request, "web/quarter_entry.html", {
        "agency": agency, "unit": unit_obj, "year": year, "quarter": quarter, "rows": rows, "budgets": budgets,
        "report": report, "editable": editable, "errors": errors, "posted": posted,
        "actions": [a for a in _actions(request.user, agency, unit_obj, report) if not (a == "submit" and editable)],
        "history": AuditEntry.objects.filter(object_type="realisation.quarterreport", object_id=report.pk)
        if report.pk else [],
        "capaian_url": reverse("entry-capaian", args=[agency.slug]),
    })


def _shown_version(text: str | None) -> int:
    """The version a value's form was shown with. Missing or malformed counts as 0, "no value was stored": the
    save is then refused if somebody else stored one, never allowed to overwrite it unseen."""
    version = _int_or_none(text)
    return version if version is not None and version >= 0 else 0


def _int_or_none(text: str | None) -> int | None:
    try:
        # isascii: int() reads other scripts' digits, and '²'.isdigit() holds but int('²') fails
        return int(text) if text and text.isascii() and len(text) < 12 else None
    except ValueError:
        return None


def _actions(user, agency, unit, report) -> list[str]:
    out = []
    for action, (capability, sources, _target, _reason) in TRANSITIONS.items():
        if report.status not in sources:
            continue
        if action == "return":
            if can(user, Capability.VERIFY, agency) or can(user, Capability.APPROVE, agency):
                out.append(action)
        elif capability == Capability.ENTER_REALISATION:
            if can(user, capability, agency, unit):
                out.append(action)
        elif can(user, capability, agency):
            out.append(action)
    return out


def _transition(request, agency, unit, year, quarter, action):
    try:
        transition(request.user, agency, unit, year, quarter, action, request.POST.get("reason", ""),
                   version=_int_or_none(request.POST.get("report_version")))
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    except (WorkflowError, ConflictError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status triwulan diperbarui: %(action)s.") % {"action": action})
    return redirect("quarter-entry", agency.slug, year, quarter, unit.key)


@login_required
@require_POST
@requires(Capability.READ_UNIT)
def quarter_transition(request, agency: m.Agency, year: int, quarter: int, unit: str, action: str):
    _check_quarter(quarter)
    unit_obj = _unit_or_404(agency, unit)
    if not can(request.user, Capability.READ_UNIT, agency, unit_obj):
        raise Http404("Unit tidak ditemukan")
    if action not in TRANSITIONS:
        raise Http404("Tindakan tidak dikenal")
    return _transition(request, agency, unit_obj, year, quarter, action)


@login_required
@require_POST
@requires(Capability.READ_UNIT)
def entry_capaian(request, agency: m.Agency):
    """htmx: the capaian of a value as it is typed, against the indicator's target for the year."""
    try:
        indicator = m.Indicator.objects.select_related("element").get(
            pk=int(request.POST.get("indicator", "0")), element__strategic_plan__agency=agency)
    except (ValueError, m.Indicator.DoesNotExist):
        raise Http404("Indikator tidak ditemukan") from None
    unit = indicator.unit or indicator.element.unit
    if unit is None or not can(request.user, Capability.READ_UNIT, agency, unit):
        raise Http404("Indikator tidak ditemukan")
    year = _int_or_none(request.POST.get("year")) or 0
    target = (m.Target.objects.filter(indicator=indicator, kind=m.PlanKind.RENJA, year=year, value__isnull=False)
              .order_by("-revision__number").first())
    text = request.POST.get(f"v-{indicator.pk}", "")
    lang = current_lang()
    if not text.strip():
        return render(request, "web/_capaian.html", {"text": "", "title": "", "css": ""})
    try:  # read as the save will read it: the same value, or the same refusal
        value, unit = read_bounded(" ".join(text.split()), REALISATION_VALUE, number_kind(indicator))
    except ValueRefused as exc:
        return render(request, "web/_capaian.html", {"text": "—", "title": exc.reason, "css": "error"})
    result = capaian(Measured(target.value, target.unit or indicator.satuan or None) if target else None,
                     Measured(value, unit or indicator.satuan or None), Polarity(indicator.polarity))
    if not result.defined:
        return render(request, "web/_capaian.html",
                      {"text": "—", "title": reason_text(result.reason or Reason.NO_TARGET, lang), "css": "undefined"})
    css = "warning" if result.value > 300 else ""
    return render(request, "web/_capaian.html", {"text": format_percent(result.value, 2, lang), "title": "",
                                                 "css": css})


@login_required
@require_GET
@requires(Capability.READ_AUDIT)
def audit_trail(request, agency: m.Agency):
    """The audit trail of the agency, or of one value (?type=…&id=…), for the pemeriksa."""
    entries = AuditEntry.objects.filter(agency=agency).select_related("user")
    object_type, object_id = request.GET.get("type"), _int_or_none(request.GET.get("id"))
    if object_type and object_id is not None:
        entries = entries.filter(object_type=object_type, object_id=object_id)
    return render(request, "web/audit_trail.html", {"agency": agency, "entries": entries[:500],
                                                    "filtered": bool(object_type)})



@login_required
@require_GET
@requires(Capability.READ_UNIT)
def evidence_download(request, agency: m.Agency, realisation: int):
    """An evidence file, for those who may read the unit it belongs to."""
    from django.http import FileResponse

    value = m.Realisation.objects.select_related("indicator__element").filter(
        pk=realisation, indicator__element__strategic_plan__agency=agency).first()
    unit = (value.indicator.unit or value.indicator.element.unit) if value else None
    if value is None or not value.evidence_file or unit is None or not can(request.user, Capability.READ_UNIT,
                                                                           agency, unit):
        raise Http404("Bukti tidak ditemukan")
    return FileResponse(value.evidence_file.open("rb"), as_attachment=True,
                        filename=f"bukti-{value.indicator_id}-{value.year}-tw{value.period}"
                                 f"{value.evidence_file.name[value.evidence_file.name.rfind('.'):]}")
