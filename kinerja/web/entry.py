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
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.permissions import Capability, can, requires, units_for
from kinerja.dataversion.services import remember
from kinerja.engine import (
    Measured,
    NumberFormatError,
    NumberKind,
    Polarity,
    Reason,
    aggregate,
    capaian,
    format_count,
    format_number,
    format_percent,
    format_rupiah,
    plain_text,
    ratio,
    read_number,
    reason_text,
)
from kinerja.plan import models as m
from kinerja.plan.values import (
    COUNT_PART,
    REALISATION_VALUE,
    ValueRefused,
    amount_warnings,
    number_kind,
    read_amount,
    read_bounded,
    value_warnings,
    warning_text,
)
from kinerja.realisation.models import AuditEntry, QuarterReport, Status
from kinerja.realisation.services import (
    BATCH_ACTIONS,
    TRANSITIONS,
    BatchConflict,
    BudgetInput,
    ConflictError,
    EntryError,
    ValueInput,
    WorkflowError,
    default_deadline,
    save_quarter,
    transition,
    transition_many,
    unit_indicators,
)
from kinerja.reports.lang import current_lang

QUARTERS = (1, 2, 3, 4)


def shown_number(value: Decimal | None, kind: NumberKind, lang: str) -> str:
    """A stored number as the entry grid shows it (``35.250.000,50``, ``87.500.000``), chosen so that reading the
    text back by the save's rules gives exactly the stored value: an untouched cell saves unchanged."""
    if value is None:
        return ""
    first = format_rupiah(value, lang) if kind is NumberKind.RUPIAH else format_count(value, lang)
    places = max(0, -Decimal(value).normalize().as_tuple().exponent)
    # "1.503" is ambiguous for a percentage and "1,503" reads as 1503 for a count: one more (zero) decimal
    # settles it; the plain digits are the last resort.
    for text in (first, format_number(value, places + 1, lang), plain_text(value)):
        try:
            if read_number(text, kind).value == value:
                return text
        except NumberFormatError:
            continue
    return plain_text(value)


def capaian_cell(indicator: m.Indicator, target: Decimal | None, target_unit: str, value: Decimal | None,
                 unit: str, lang: str) -> dict:
    """The capaian of ``value`` against the year's target, and the plausibility warnings, as the grid shows them:
    while typing (htmx) and after saving, by the same code."""
    if value is None:
        return {"text": "", "css": "", "reason": "", "warnings": []}
    warnings = [str(w) for w in value_warnings(indicator, value, unit, target)]
    result = capaian(Measured(target, target_unit or indicator.satuan or None) if target is not None else None,
                     Measured(value, unit or indicator.satuan or None), Polarity(indicator.polarity))
    if not result.defined:
        return {"text": "—", "css": "undefined", "reason": reason_text(result.reason or Reason.NO_TARGET, lang),
                "warnings": warnings}
    return {"text": format_percent(result.value, 2, lang), "css": "warning" if result.value > 300 else "",
            "reason": "", "warnings": warnings}


@dataclass
class EntryRow:
    indicator: m.Indicator
    target: m.Target | None
    quarters: dict[int, m.Realisation] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warning: str = ""
    # The year is held as one annual total: its quarters cannot be entered (the save refuses them).
    annual: bool = False
    annual_value: m.Realisation | None = None

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
        return format_count(result.value, current_lang(), max_places=6) if result.defined else "—"

    @property
    def target_text(self) -> str:
        target = self.target
        if target is None:
            return "—"
        if target.value is None:
            return target.text or "—"
        shown = format_count(target.value, current_lang(), max_places=6)
        return f"{shown} {target.unit}" if target.unit else shown

    @property
    def shown(self) -> str:
        """The stored value in the reader's format, with a unit only where it differs from the indicator's."""
        current = self.current
        if current is None:
            return ""
        if current.value is None or self.indicator.value_kind == m.Indicator.ValueKind.CATEGORY:
            return current.category or current.text
        text = shown_number(current.value, NumberKind(number_kind(self.indicator)), current_lang())
        return f"{text} {current.unit}" if current.unit else text

    @property
    def shown_numerator(self) -> str:
        current = self.current
        return shown_number(current.numerator, NumberKind.COUNT, current_lang()) if current is not None else ""

    @property
    def shown_denominator(self) -> str:
        current = self.current
        return shown_number(current.denominator, NumberKind.COUNT, current_lang()) if current is not None else ""

    @property
    def annual_text(self) -> str:
        """The year's total, shown where the quarter cannot be entered."""
        total = self.annual_value
        if total is None:
            return ""
        if total.value is None:
            return total.category or total.text
        shown = format_count(total.value, current_lang(), max_places=6)
        return f"{shown} {total.unit}" if total.unit else shown

    @property
    def check(self) -> dict:
        """The saved value's capaian and warnings (the same cell the live check fills while typing)."""
        current = self.current
        if current is None or current.value is None:
            return {"text": "", "css": "", "reason": "", "warnings": self.warnings}
        target = self.target
        cell = capaian_cell(self.indicator, target.value if target else None, target.unit if target else "",
                            current.value, current.unit, current_lang())
        cell["warnings"] = self.warnings  # as stored with the value, which the verifier sees too
        return cell


@dataclass
class BudgetRow:
    element: m.PlanElement
    pagu: Decimal | None
    quarters: dict[int, m.BudgetRealisation] = field(default_factory=dict)
    annual: bool = False
    annual_amount: Decimal | None = None

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

    @property
    def shown(self) -> str:
        current = self.current
        return shown_number(current.amount, NumberKind.RUPIAH, current_lang()) if current is not None else ""


@dataclass
class GridRow:
    """One line of the entry grid: an indicator, with its element's Rp on the element's first line; or an element
    that has a budget but no indicator this year."""

    element: m.PlanElement
    row: EntryRow | None = None
    budget: BudgetRow | None = None
    first: bool = True  # the element's first line: shows its code and name


def grid_rows(rows: list[EntryRow], budgets: list[BudgetRow]) -> list[GridRow]:
    by_element = {b.element.pk: b for b in budgets}
    lines: list[GridRow] = []
    seen: set[int] = set()
    for row in rows:
        element = row.indicator.element
        first = element.pk not in seen
        seen.add(element.pk)
        lines.append(GridRow(element, row, by_element.get(element.pk) if first else None, first))
    lines += [GridRow(b.element, None, b, True) for b in budgets if b.element.pk not in seen]
    # The plan's order: program, kegiatan, sub kegiatan as the Renja lists them (sorted is stable).
    return sorted(lines, key=lambda line: line.element.position)


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
    annual: dict[int, m.Realisation] = {}
    for r in m.Realisation.objects.filter(indicator__in=indicators, year=year):
        if r.period == m.Period.YEAR:
            annual[r.indicator_id] = r
        else:
            reported.setdefault(r.indicator_id, {})[r.period] = r
    # The year's indicators: those its Renja targets, and any already reported on.
    indicators = [ind for ind in indicators if ind.pk in targets or ind.pk in reported or ind.pk in annual]
    rows = {ind.pk: EntryRow(ind, targets.get(ind.pk), reported.get(ind.pk, {}), annual=ind.pk in annual,
                             annual_value=annual.get(ind.pk)).bind(quarter) for ind in indicators}
    elements = {ind.element_id: ind.element for ind in indicators if ind.element.unit_id == unit.pk}
    pagu: dict[int, Decimal] = {}
    # The unit's elements with a Renja budget this year get their Rp line even without an indicator.
    for b in (m.Budget.objects.filter(element__unit=unit, kind=m.PlanKind.RENJA, year=year,
                                      element__strategic_plan__first_year__lte=year,
                                      element__strategic_plan__last_year__gte=year)
              .select_related("element").order_by("revision__number")):
        pagu[b.element_id] = b.amount
        elements.setdefault(b.element_id, b.element)
    budgets = {pk: BudgetRow(e, pagu.get(pk)).bind(quarter) for pk, e in elements.items()}
    for b in m.BudgetRealisation.objects.filter(element__in=elements, year=year):
        if b.period == m.Period.YEAR:
            budgets[b.element_id].annual, budgets[b.element_id].annual_amount = True, b.amount
        else:
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
        report = reports.get(unit.pk) or _report(agency, unit, year, quarter)
        lines.append({"unit": unit, "report": report, "filled": filled, "total": len(rows), "doubtful": doubtful,
                      # One-click acts per unit (returning needs a reason: on the unit's review page).
                      "actions": [a for a in _actions(request.user, agency, unit, report)
                                  if a in ("verify", "approve")]})
    # The acts on the whole quarter this user may do, with how many units each would move now.
    batch = [{"action": a, "units": sum(1 for line in lines if line["report"].status in TRANSITIONS[a][1])}
             for a in BATCH_ACTIONS if _may_act(request.user, agency, None, a)]
    return render(request, "web/quarter_overview.html", {
        "agency": agency, "year": year, "quarter": quarter, "lines": lines, "quarters": QUARTERS,
        "batch": [b for b in batch if b["units"]],
    })


def transition_done(action: str) -> str:
    """What the operator reads after a workflow step, in the page's language."""
    return {
        "submit": _("Laporan triwulan diajukan untuk diverifikasi."),
        "verify": _("Laporan triwulan diverifikasi."),
        "approve": _("Laporan triwulan disetujui dan dikunci."),
        "return": _("Laporan triwulan dikembalikan ke unit."),
        "reopen": _("Laporan triwulan dibuka kembali."),
    }.get(action, _("Status laporan triwulan diperbarui."))


def empty_report_reason(year: int) -> str:
    return _("Laporan tidak dapat diajukan: unit ini tidak memiliki indikator maupun anggaran pada tahun %(year)s, "
             "sehingga laporannya kosong. Minta perencana menetapkan indikator atau anggaran unit ini.") % {
        "year": year}


def readonly_reason(may_enter: bool, report: QuarterReport, rows: list[EntryRow], budgets: list[BudgetRow],
                    year: int) -> str:
    """Why nothing on the page can be entered, said before anyone types ("" where it can)."""
    if not may_enter:
        return _("Halaman ini hanya dapat dibaca: mengisi realisasi unit ini bukan bagian dari peran Anda.")
    if report.locked or report.status == Status.APPROVED:
        return _("Triwulan ini telah disetujui dan dikunci: nilainya tidak dapat diubah. Perubahan hanya dapat "
                 "dilakukan setelah kepala dinas membukanya kembali.")
    if report.status == Status.SUBMITTED:
        return _("Laporan triwulan ini telah diajukan dan menunggu verifikasi: nilainya tidak dapat diubah kecuali "
                 "laporan dikembalikan.")
    if report.status == Status.VERIFIED:
        return _("Laporan triwulan ini telah diverifikasi dan menunggu persetujuan: nilainya tidak dapat diubah "
                 "kecuali laporan dikembalikan.")
    lines = [*rows, *budgets]
    if lines and all(line.annual for line in lines):
        return _("Tahun %(year)s tercatat sebagai total tahunan tanpa rincian triwulan: realisasi triwulan tidak "
                 "dapat diisi. Total tahunan diubah oleh perencana.") % {"year": year}
    return ""


def _returned(report: QuarterReport) -> AuditEntry | None:
    """The latest return (or reopening) of a returned report: its reason goes at the top of the page."""
    if not report.pk or report.status != Status.RETURNED:
        return None
    return (AuditEntry.objects.filter(object_type="realisation.quarterreport", object_id=report.pk,
                                      new=Status.RETURNED).select_related("user").order_by("-at", "-pk").first())


def _status_label(code: str) -> str:
    try:
        return Status(code).label
    except ValueError:
        return code


def _history(report: QuarterReport) -> list[dict]:
    if not report.pk:
        return []
    return [{"at": e.at, "user": e.user, "old": _status_label(e.old), "new": _status_label(e.new),
             "reason": e.reason}
            for e in AuditEntry.objects.filter(object_type="realisation.quarterreport", object_id=report.pk)
            .select_related("user").order_by("at", "pk")]


def _typed_or_stored(typed: str, row: EntryRow) -> str:
    """A cell left as the grid showed it saves the stored text unchanged, not its formatted copy: the audit
    trail records only what the operator changed."""
    current = row.current
    if current is not None and typed == row.shown and current.text:
        return current.text
    return typed


@login_required
@require_http_methods(["GET", "POST"])
@requires(Capability.READ_UNIT)
def quarter_entry(request, agency: m.Agency, year: int, quarter: int, unit: str):
    _check_quarter(quarter)
    unit_obj = _unit_or_404(agency, unit)
    if not can(request.user, Capability.READ_UNIT, agency, unit_obj):
        raise Http404("Unit tidak ditemukan")
    may_enter = can(request.user, Capability.ENTER_REALISATION, agency, unit_obj)
    rows: list[EntryRow] | None = None
    budgets: list[BudgetRow] = []
    errors: dict[str, str] = {}
    posted = {}
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied(_("Peran Anda tidak mengizinkan pengisian realisasi"))
        rows, budgets = entry_rows(unit_obj, year, quarter)
        posted = request.POST
        if "submit" in posted and not rows and not budgets:
            messages.error(request, empty_report_reason(year))
            return redirect(request.path)
        values = [ValueInput(
            indicator_id=row.indicator.pk,
            value=_typed_or_stored(posted.get(f"v-{row.indicator.pk}", ""), row),
            numerator=posted.get(f"n-{row.indicator.pk}", ""),
            denominator=posted.get(f"d-{row.indicator.pk}", ""),
            note=posted.get(f"note-{row.indicator.pk}", ""),
            evidence_url=posted.get(f"url-{row.indicator.pk}", ""),
            evidence_file=request.FILES.get(f"file-{row.indicator.pk}"),
            version=_shown_version(posted.get(f"ver-{row.indicator.pk}")),
        ) for row in rows if f"v-{row.indicator.pk}" in posted]
        budget_values = [BudgetInput(
            element_id=b.element.pk, amount=posted.get(f"rp-{b.element.pk}", ""),
            # A line without its own note field keeps the stored note (a save must not wipe an imported one).
            note=posted.get(f"rpnote-{b.element.pk}", b.current.note if b.current is not None else ""),
            version=_shown_version(posted.get(f"rpver-{b.element.pk}")),
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
                messages.success(request, transition_done("submit"))
            return redirect(request.path)
    report = _report(agency, unit_obj, year, quarter)
    may_audit = can(request.user, Capability.READ_AUDIT, agency)

    def compute() -> dict:
        """What the grid shows of the data: the rows' HTML and the lines' counts. The same for every reader with
        the same two permissions, so kept per data version (a save moves it: the next view shows the save)."""
        shown_rows, shown_budgets = (rows, budgets) if rows is not None else entry_rows(unit_obj, year, quarter)
        lines = [*shown_rows, *shown_budgets]
        readonly = readonly_reason(may_enter, report, shown_rows, shown_budgets, year)
        grid = grid_rows(shown_rows, shown_budgets)
        html = render_to_string("web/_entry_rows.html", {
            "grid": grid, "agency": agency, "year": year, "quarter": quarter, "editable": not readonly,
            "errors": errors, "posted": posted, "capaian_url": reverse("entry-capaian", args=[agency.slug]),
            "may_audit": may_audit,  # the history links: asked once, not once per row
        })
        return {"html": html, "readonly": readonly, "lines": len(lines), "empty": not lines,
                "annual": sum(1 for line in lines if line.annual)}

    if errors or posted:
        shown = compute()  # the typed values and their errors: this request's own
    else:
        shown = remember(agency.pk, "entry-grid", f"{unit_obj.pk}:{year}:{quarter}:{current_lang()}:"
                         f"{int(may_enter)}:{int(may_audit)}", compute)
    readonly = shown["readonly"]
    editable = not readonly
    annual_lines = shown["annual"]
    # Nothing to submit: no line at all, or every line held as the year's total (its quarters take no values).
    nothing = shown["empty"] or annual_lines == shown["lines"]
    return render(request, "web/quarter_entry.html", {
        "agency": agency, "unit": unit_obj, "year": year, "quarter": quarter,
        "grid": shown["lines"], "grid_html": mark_safe(shown["html"]),  # noqa: S308 — rendered by the template
        "report": report, "editable": editable, "readonly_reason": readonly,
        "annual_lines": annual_lines if editable else 0, "empty": shown["empty"],
        "returned": _returned(report), "errors": errors, "posted": posted,
        "actions": [a for a in _actions(request.user, agency, unit_obj, report)
                    if not (a == "submit" and (editable or nothing))],
        "history": _history(report),
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


def _back(request, agency, year, quarter, unit):
    """Where a workflow act returns to: the page it was sent from (the review page, the quarter overview), else
    the entry grid. Only these names are read: never a URL from the form."""
    where = request.POST.get("next", "")
    if where == "review":
        return reverse("quarter-review", args=[agency.slug, year, quarter, unit.key])
    if where == "overview":
        return reverse("quarter-overview", args=[agency.slug, year, quarter])
    return reverse("quarter-entry", args=[agency.slug, year, quarter, unit.key])


def _may_act(user, agency, unit, action: str) -> bool:
    """The per-unit rule of ``transition``, asked before a confirmation is shown (it is asked again on the act)."""
    capability = TRANSITIONS[action][0]
    if action == "return":
        return can(user, Capability.VERIFY, agency) or can(user, Capability.APPROVE, agency)
    if capability == Capability.ENTER_REALISATION:
        return can(user, capability, agency, unit)
    return can(user, capability, agency)


def stored_values(unit: m.Unit, year: int, quarter: int) -> int:
    """How many values (K and Rp) the unit holds for the quarter: what an approval locks."""
    return (m.Realisation.objects.filter(indicator__in=unit_indicators(unit, year), year=year, period=quarter).count()
            + m.BudgetRealisation.objects.filter(element__unit=unit, year=year, period=quarter).count())


def _confirm(request, *, title: str, statement: str, action_url: str, fields: list[tuple[str, str]],
             confirm_label: str, cancel_url: str, agency, details: list[str] = ()):
    """The confirmation of an act that cannot be undone: what exactly will happen, Confirm and Cancel. Nothing has
    been written; the act needs the form below, which carries ``confirm=1``."""
    return render(request, "web/confirm.html", {
        "agency": agency, "title": title, "statement": statement, "details": details, "action_url": action_url,
        "fields": fields, "confirm_label": confirm_label, "cancel_url": cancel_url,
    })


def _approve_statement(year: int, quarter: int, units: int, values: int, unit_name: str = "") -> str:
    if unit_name:
        return _("Menyetujui TW %(q)s %(y)s untuk %(unit)s mengunci %(n)s nilai; hanya dapat dibuka kembali oleh "
                 "kepala dinas dengan alasan yang tercatat.") % {"q": quarter, "y": year, "unit": unit_name,
                                                                 "n": format_count(values, current_lang())}
    return _("Menyetujui TW %(q)s %(y)s untuk %(units)s unit mengunci %(n)s nilai; hanya dapat dibuka kembali oleh "
             "kepala dinas dengan alasan yang tercatat, unit demi unit.") % {
        "q": quarter, "y": year, "units": units, "n": format_count(values, current_lang())}


def _transition(request, agency, unit, year, quarter, action):
    back = _back(request, agency, year, quarter, unit)
    if action == "submit":
        rows, budgets = entry_rows(unit, year, quarter)
        if not rows and not budgets:
            messages.error(request, empty_report_reason(year))
            return redirect("quarter-entry", agency.slug, year, quarter, unit.key)
    if action == "approve" and request.POST.get("confirm") != "1":
        # Approval locks the values: confirmed first, on a page of its own (no JavaScript needed).
        if not _may_act(request.user, agency, unit, action):
            raise PermissionDenied(_("Peran Anda tidak mengizinkan tindakan ini"))
        report = _report(agency, unit, year, quarter)
        if report.status not in TRANSITIONS[action][1]:
            messages.error(request, _("Tindakan “%(action)s” tidak dapat dilakukan pada laporan berstatus "
                                      "%(status)s") % {"action": _("setujui"), "status": report.get_status_display()})
            return redirect(back)
        version = request.POST.get("report_version", "")
        return _confirm(
            request, agency=agency, title=_("Setujui laporan triwulan?"),
            statement=_approve_statement(year, quarter, 1, stored_values(unit, year, quarter), unit.name),
            action_url=request.path, confirm_label=_("Ya, setujui dan kunci"), cancel_url=back,
            fields=[("report_version", version if _int_or_none(version) is not None else str(report.version)),
                    ("reason", request.POST.get("reason", "")), ("next", request.POST.get("next", "")),
                    ("confirm", "1")])
    try:
        transition(request.user, agency, unit, year, quarter, action, request.POST.get("reason", ""),
                   version=_int_or_none(request.POST.get("report_version")))
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    except (WorkflowError, ConflictError) as exc:
        messages.error(request, str(exc) if isinstance(exc, WorkflowError) else
                       _("Status laporan telah diubah pengguna lain sejak halaman dibuka; muat ulang halaman."))
    else:
        messages.success(request, transition_done(action))
    return redirect(back)


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


# The audit fields a reviewer reads, in the page's language ("text" repeats the value as typed: left out).
AUDITED_FIELDS = {
    "value": lambda: _("nilai"), "category": lambda: _("nilai"), "numerator": lambda: _("pembilang"),
    "denominator": lambda: _("penyebut"), "unit": lambda: _("satuan"), "note": lambda: _("catatan"),
    "evidence_url": lambda: _("tautan bukti"), "evidence_file": lambda: _("berkas bukti"),
    "amount": lambda: _("realisasi anggaran (Rp)"),
}
HISTORY_SHOWN = 3


def _audit_value(field_name: str, text: str, lang: str) -> str:
    """An audited old or new value as the page shows it: numbers in the page's format, a file by its name."""
    if not text:
        return "—"
    if field_name in ("value", "numerator", "denominator", "amount"):
        try:
            number = Decimal(text)
        except ArithmeticError:
            return text
        if number.is_finite():
            return format_rupiah(number, lang) if field_name == "amount" else format_count(number, lang,
                                                                                             max_places=6)
    if field_name == "evidence_file":
        return text.rsplit("/", 1)[-1]
    return text


def _value_histories(object_type: str, ids: list[int]) -> dict[int, list[dict]]:
    """The latest audited changes of each value (newest first), read for all values at once."""
    out: dict[int, list[dict]] = {}
    if not ids:
        return out
    lang = current_lang()
    for e in (AuditEntry.objects.filter(object_type=object_type, object_id__in=ids, field__in=AUDITED_FIELDS)
              .select_related("user").order_by("-at", "-pk")):
        shown = out.setdefault(e.object_id, [])
        if len(shown) < HISTORY_SHOWN:
            shown.append({"at": e.at, "user": e.user, "field": AUDITED_FIELDS[e.field](),
                          "old": _audit_value(e.field, e.old, lang), "new": _audit_value(e.field, e.new, lang),
                          "reason": e.reason})
    return out


@dataclass
class ReviewLine:
    line: GridRow
    history: list[dict] = field(default_factory=list)
    budget_history: list[dict] = field(default_factory=list)


def review_lines(rows: list[EntryRow], budgets: list[BudgetRow]) -> list[ReviewLine]:
    """The entry grid's lines, each with the latest changes of its value and amount from the audit trail."""
    grid = grid_rows(rows, budgets)
    values = _value_histories("plan.realisation", [r.current.pk for r in rows if r.current is not None])
    amounts = _value_histories("plan.budgetrealisation", [b.current.pk for b in budgets if b.current is not None])
    return [ReviewLine(line,
                       values.get(line.row.current.pk, []) if line.row and line.row.current else [],
                       amounts.get(line.budget.current.pk, []) if line.budget and line.budget.current else [])
            for line in grid]


@login_required
@require_GET
@requires(Capability.READ_UNIT)
def quarter_review(request, agency: m.Agency, year: int, quarter: int, unit: str):
    """One unit's quarter as the perencana verifies and the kepala dinas approves it: per value the target, the
    realisation, its capaian and the warnings stored with it, the evidence, and its latest changes; read-only, with
    the reviewer's acts at the top and the bottom."""
    _check_quarter(quarter)
    unit_obj = _unit_or_404(agency, unit)
    if not can(request.user, Capability.READ_UNIT, agency, unit_obj):
        raise Http404("Unit tidak ditemukan")
    rows, budgets = entry_rows(unit_obj, year, quarter)
    report = _report(agency, unit_obj, year, quarter)
    lines = review_lines(rows, budgets)
    return render(request, "web/quarter_review.html", {
        "agency": agency, "unit": unit_obj, "year": year, "quarter": quarter, "report": report, "lines": lines,
        "actions": [a for a in _actions(request.user, agency, unit_obj, report) if a in BATCH_ACTIONS],
        "returned": _returned(report), "history": _history(report),
        "filled": sum(1 for r in rows if r.current is not None),
        "total": len(rows),
        "doubtful": sum(1 for r in [*rows, *budgets] if r.current is not None and r.current.warnings),
        "may_read_history": can(request.user, Capability.READ_AGENCY, agency),
    })


def _batch_units(user, agency: m.Agency, year: int, quarter: int, action: str) -> list[tuple[m.Unit, QuarterReport]]:
    """The units whose report of the quarter is in a state ``action`` applies to, with their reports."""
    sources = TRANSITIONS[action][1]
    reports = {r.unit_id: r for r in QuarterReport.objects.filter(agency=agency, year=year, quarter=quarter,
                                                                  status__in=sources)}
    return [(u, reports[u.pk]) for u in units_for(user, Capability.READ_UNIT, agency) if u.pk in reports]


BATCH_TITLES = {
    "verify": lambda: _("Verifikasi laporan triwulan semua unit?"),
    "approve": lambda: _("Setujui laporan triwulan semua unit?"),
    "return": lambda: _("Kembalikan laporan triwulan semua unit?"),
}


def _batch_statement(action: str, year: int, quarter: int, units: int, values: int) -> str:
    if action == "approve":
        return _approve_statement(year, quarter, units, values)
    if action == "verify":
        return _("Memverifikasi TW %(q)s %(y)s untuk %(units)s unit (%(n)s nilai); laporannya lalu menunggu "
                 "persetujuan kepala dinas.") % {"q": quarter, "y": year, "units": units,
                                                 "n": format_count(values, current_lang())}
    return _("Mengembalikan TW %(q)s %(y)s kepada %(units)s unit dengan alasan yang sama; unit dapat mengubah "
             "nilainya lalu mengajukannya kembali.") % {"q": quarter, "y": year, "units": units}


@login_required
@require_POST
@requires(Capability.READ_AGENCY)
def quarter_batch(request, agency: m.Agency, year: int, quarter: int, action: str):
    """Verify, approve or return the quarter of every unit in the right state at once, in one transaction. The
    first POST shows what will happen (the units, the values) and writes nothing; the act needs ``confirm=1``
    and the versions the confirmation showed: if one report changed since, nothing is written and the page says
    which."""
    _check_quarter(quarter)
    if action not in BATCH_ACTIONS:
        raise Http404("Tindakan tidak dikenal")
    if not _may_act(request.user, agency, None, action):
        raise PermissionDenied(_("Peran Anda tidak mengizinkan tindakan ini"))
    overview = reverse("quarter-overview", args=[agency.slug, year, quarter])
    reason = request.POST.get("reason", "").strip()
    if action == "return" and not reason:
        messages.error(request, _("Alasan wajib diisi"))
        return redirect(overview)
    if request.POST.get("confirm") != "1":
        eligible = _batch_units(request.user, agency, year, quarter, action)
        if not eligible:
            messages.error(request, _("Tidak ada unit dengan laporan yang dapat diproses dengan tindakan ini."))
            return redirect(overview)
        values = {u.pk: stored_values(u, year, quarter) for u, _r in eligible}
        return _confirm(
            request, agency=agency, title=BATCH_TITLES[action](),
            statement=_batch_statement(action, year, quarter, len(eligible), sum(values.values())),
            details=[_("%(unit)s: %(n)s nilai") % {"unit": u.name, "n": format_count(values[u.pk], current_lang())}
                     for u, _r in eligible],
            action_url=request.path, cancel_url=overview,
            confirm_label={"verify": _("Ya, verifikasi semua"), "approve": _("Ya, setujui dan kunci semua"),
                           "return": _("Ya, kembalikan semua")}[action],
            fields=[*[("unit", u.key) for u, _r in eligible], *[(f"ver-{u.key}", str(r.version)) for u, r in eligible],
                    ("reason", reason), ("confirm", "1")])
    keys = request.POST.getlist("unit")
    units = {u.key: u for u in agency.units.filter(key__in=keys)}
    expected = {}
    for key in keys:
        version = _int_or_none(request.POST.get(f"ver-{key}"))
        if key not in units or version is None:
            messages.error(request, _("Permintaan tidak lengkap: tidak ada yang disimpan. Muat ulang halaman."))
            return redirect(overview)
        expected[units[key].pk] = version
    try:
        done = transition_many(request.user, agency, year, quarter, action, expected, reason)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    except BatchConflict as exc:
        messages.error(request, _("Tidak ada yang disimpan: laporan unit berikut telah berubah sejak konfirmasi "
                                  "ditampilkan — %(units)s. Periksa kembali lalu ulangi.") % {
            "units": "; ".join(f"{u.name} ({status})" for u, status in exc.changed)})
    except (WorkflowError, ConflictError) as exc:
        messages.error(request, str(exc) if isinstance(exc, WorkflowError) else
                       _("Status laporan telah diubah pengguna lain sejak halaman dibuka; muat ulang halaman."))
    else:
        messages.success(request, _("%(done)s Jumlah unit: %(n)s.") % {"done": transition_done(action),
                                                                         "n": len(done)})
    return redirect(overview)


def _budget_check(request, agency: m.Agency):
    """htmx: a Rupiah amount as it is typed: read as the save reads it, and checked against the pagu."""
    try:
        element = m.PlanElement.objects.get(pk=int(request.POST.get("element", "0")), strategic_plan__agency=agency)
    except (ValueError, m.PlanElement.DoesNotExist):
        raise Http404("Unsur tidak ditemukan") from None
    if element.unit is None or not can(request.user, Capability.READ_UNIT, agency, element.unit):
        raise Http404("Unsur tidak ditemukan")
    text = " ".join(request.POST.get(f"rp-{element.pk}", "").split())
    if not text:
        return render(request, "web/_entry_check.html", {"cell": {}})
    try:
        amount = read_amount(text)
    except ValueRefused as exc:
        return render(request, "web/_entry_check.html", {"cell": {"text": "—", "css": "error", "reason": exc.reason}})
    year, quarter = _int_or_none(request.POST.get("year")) or 0, _int_or_none(request.POST.get("quarter")) or 0
    spent = sum((b.amount for b in m.BudgetRealisation.objects.filter(element=element, year=year)
                 .exclude(period=quarter)), Decimal(0))
    pagu = (m.Budget.objects.filter(element=element, kind=m.PlanKind.RENJA, year=year)
            .order_by("-revision__number").values_list("amount", flat=True).first())
    return render(request, "web/_entry_check.html", {"cell": {
        "text": f"Rp {format_rupiah(amount, current_lang())}", "css": "read",
        "warnings": [str(w) for w in amount_warnings(spent + amount, pagu)]}})


@login_required
@require_POST
@requires(Capability.READ_UNIT)
def entry_capaian(request, agency: m.Agency):
    """htmx: the capaian and warnings of a value as it is typed, against the indicator's target for the year; or,
    given ``element``, a Rupiah amount read and checked against the pagu."""
    if "element" in request.POST:
        return _budget_check(request, agency)
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
    lang = current_lang()
    try:  # read as the save will read it: the same value, or the same refusal
        if indicator.value_kind == m.Indicator.ValueKind.RATIO:
            parts = [" ".join(request.POST.get(f"{p}-{indicator.pk}", "").split()) for p in ("n", "d")]
            if not all(parts):
                return render(request, "web/_entry_check.html", {"cell": {}})
            numerator, denominator = (read_bounded(p, COUNT_PART, NumberKind.COUNT)[0] for p in parts)
            computed = ratio(numerator, denominator, indicator.factor)
            if not computed.defined:
                raise ValueRefused(_("penyebut 0: rasio tidak dapat dihitung"))
            value, unit_text = computed.value, ""
        else:
            text = " ".join(request.POST.get(f"v-{indicator.pk}", "").split())
            if not text:
                return render(request, "web/_entry_check.html", {"cell": {}})
            value, unit_text = read_bounded(text, REALISATION_VALUE, number_kind(indicator))
    except ValueRefused as exc:
        return render(request, "web/_entry_check.html", {"cell": {"text": "—", "css": "error", "reason": exc.reason}})
    cell = capaian_cell(indicator, target.value if target else None, target.unit if target else "", value,
                        unit_text, lang)
    return render(request, "web/_entry_check.html", {"cell": cell})


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
