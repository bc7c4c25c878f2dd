"""Entering a unit's quarterly realisations and moving the quarter through its workflow.

Every write here is one transaction, checks the user's capability on the server, refuses a stale edit (optimistic
locking: the second of two concurrent saves is refused with the other's value), and records each change in the
audit trail. Views and the API call these functions; they hold no rules of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.permissions import Capability, can
from kinerja.engine import NumberKind, format_rupiah, plain_text, ratio, same_unit
from kinerja.plan import models as m
from kinerja.plan.values import (
    AMOUNT,
    COUNT_PART,
    REALISATION_VALUE,
    ValueRefused,
    amount_warnings,
    check_stored,
    number_kind,
    read_bounded,
    value_warnings,
)

from .evidence import EvidenceError, check_evidence
from .models import AuditEntry, QuarterReport, Status

TEXT_LENGTH = m.Realisation._meta.get_field("text").max_length
UNIT_LENGTH = m.Realisation._meta.get_field("unit").max_length
URL_LENGTH = m.Realisation._meta.get_field("evidence_url").max_length
EDITABLE = {Status.DRAFT, Status.RETURNED}
# A year stored as one total (e.g. from a published document) cannot also get quarters: the two would disagree.
ANNUAL_ONLY = gettext_lazy("tahun ini tercatat sebagai satu total tahunan tanpa rincian triwulan; ubah melalui "
                           "perencana")


class EntryError(Exception):
    """Input that cannot be saved, with the field it concerns. Nothing was saved."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class ConflictError(Exception):
    """Somebody else saved the same value since it was read: nothing was saved."""

    def __init__(self, conflicts: dict[str, str]):
        self.conflicts = conflicts
        super().__init__("; ".join(f"{k}: nilai telah diubah pengguna lain menjadi {v}" for k, v in conflicts.items()))


class WorkflowError(Exception):
    """A transition that the quarter's state or the user's role does not allow."""


@dataclass
class ValueInput:
    """What an operator typed for one indicator in one quarter (text as typed, read by RULES §9)."""

    indicator_id: int
    value: str = ""
    numerator: str = ""
    denominator: str = ""
    note: str = ""
    evidence_url: str = ""
    evidence_file: object | None = None  # an uploaded file (Django UploadedFile), checked before saving
    # The version the form was shown with (0: no value was stored then); None where the caller does not lock.
    version: int | None = None


@dataclass
class BudgetInput:
    element_id: int
    amount: str = ""
    note: str = ""
    version: int | None = None


@dataclass
class SaveResult:
    changed: int = 0
    warnings: dict[str, str] = field(default_factory=dict)


def default_deadline(year: int, quarter: int) -> dt.date:
    """The 10th of the month after the quarter: when the Sub Bagian Program collects the realisations."""
    month = quarter * 3 + 1
    return dt.date(year + (month > 12), (month - 1) % 12 + 1, 10)


def quarter_deadline(report: QuarterReport | None, year: int, quarter: int) -> dt.date:
    """A quarter's deadline: the one stored with its report, else the rule's (``default_deadline``)."""
    return report.deadline if report is not None and report.deadline else default_deadline(year, quarter)


def quarter_report(agency: m.Agency, unit: m.Unit, year: int, quarter: int, *, lock: bool = False) -> QuarterReport:
    manager = QuarterReport.objects.select_for_update() if lock else QuarterReport.objects
    report, _created = manager.get_or_create(
        agency=agency, unit=unit, year=year, quarter=quarter,
        defaults={"deadline": default_deadline(year, quarter)},
    )
    return report


def audit(user, agency, action: str, obj, field_name: str = "", old="", new="", reason: str = "") -> None:
    AuditEntry.objects.create(
        agency=agency, user=user, action=action, object_type=obj._meta.label_lower, object_id=obj.pk,
        field=field_name, old=plain_text(old), new=plain_text(new), reason=reason,
    )


def unit_indicators(unit: m.Unit, year: int):
    """The indicators a unit reports: its own, or those of elements it is responsible for."""
    from django.db.models import Q

    return (m.Indicator.objects.filter(Q(unit=unit) | Q(unit__isnull=True, element__unit=unit))
            .filter(element__strategic_plan__first_year__lte=year, element__strategic_plan__last_year__gte=year)
            .select_related("element", "scale").order_by("element__position", "position"))


def _read(text: str, field, kind: NumberKind, name: str, errors: dict) -> tuple[Decimal | None, str]:
    text = " ".join(text.split())
    if not text:
        return None, ""
    try:
        value, unit = read_bounded(text, field, kind)
    except ValueRefused as exc:
        errors[name] = exc.reason
        return None, ""
    if len(text) > TEXT_LENGTH or len(unit) > UNIT_LENGTH:
        errors[name] = _("terlalu panjang: tulis angka dan satuannya saja")
        return None, ""
    return value, unit


def _check_evidence_url(url: str, name: str, errors: dict) -> str:
    url = url.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors[name] = _("tautan bukti bukan alamat http(s) yang sah")
        return ""
    if len(url) > URL_LENGTH:
        errors[name] = _("tautan bukti terlalu panjang (paling banyak %(n)s karakter)") % {"n": URL_LENGTH}
    return url


@dataclass
class _Parsed:
    indicator: m.Indicator
    item: ValueInput
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    category: str = ""
    unit: str = ""
    evidence_url: str = ""


def _parse_value(ind: m.Indicator, item: ValueInput, errors: dict) -> _Parsed:
    prefix = f"indikator-{ind.pk}"
    parsed = _Parsed(ind, item)
    if ind.value_kind == m.Indicator.ValueKind.CATEGORY:
        parsed.category = " ".join(item.value.split())
        if parsed.category and ind.scale.as_ordinal().rank(parsed.category) is None:
            errors[f"{prefix}-value"] = _("%(category)r tidak ada pada skala %(scale)s") % {
                "category": parsed.category[:80], "scale": ind.scale.name}
    else:
        parsed.value, parsed.unit = _read(item.value, REALISATION_VALUE, number_kind(ind), f"{prefix}-value", errors)
    parsed.numerator, _u = _read(item.numerator, COUNT_PART, NumberKind.COUNT, f"{prefix}-numerator", errors)
    parsed.denominator, _u = _read(item.denominator, COUNT_PART, NumberKind.COUNT, f"{prefix}-denominator", errors)
    if ind.value_kind == m.Indicator.ValueKind.RATIO and parsed.numerator is not None \
            and parsed.denominator is not None:
        computed = ratio(parsed.numerator, parsed.denominator, ind.factor)
        if not computed.defined:
            errors[f"{prefix}-denominator"] = _("penyebut 0: rasio tidak dapat dihitung")
        else:
            try:
                parsed.value = check_stored(computed.value.quantize(Decimal("0.000001")), REALISATION_VALUE)
            except ValueRefused as exc:
                errors[f"{prefix}-value"] = exc.reason
    parsed.evidence_url = _check_evidence_url(item.evidence_url, f"{prefix}-evidence", errors)
    if item.evidence_file is not None:
        try:
            item.evidence_file.name = check_evidence(item.evidence_file)
        except EvidenceError as exc:
            errors[f"{prefix}-evidence"] = str(exc)
    return parsed


def _annual_conflicts(parsed: list[_Parsed], budgets: list, year: int, errors: dict) -> None:
    """A year held as one total cannot also get quarters: the two would disagree (changed by the perencana)."""
    annual = set(m.Realisation.objects.filter(indicator__in=[p.indicator for p in parsed], year=year,
                                              period=m.Period.YEAR).values_list("indicator_id", flat=True))
    for p in parsed:
        if p.indicator.pk in annual and (p.value is not None or p.category or p.item.value.strip()):
            errors[f"indikator-{p.indicator.pk}-value"] = ANNUAL_ONLY
    annual_budget = set(m.BudgetRealisation.objects.filter(
        element__in=[b[0] for b in budgets], year=year, period=m.Period.YEAR).values_list("element_id", flat=True))
    for element, _item, amount in budgets:
        if element.pk in annual_budget and amount is not None:
            errors[f"anggaran-{element.pk}"] = ANNUAL_ONLY


def save_quarter(user, agency: m.Agency, unit: m.Unit, year: int, quarter: int, values: list[ValueInput],
                 budgets: list[BudgetInput] = (), reason: str = "") -> SaveResult:
    """Save what the operator entered for one unit and quarter: all of it, or nothing."""
    if not can(user, Capability.ENTER_REALISATION, agency, unit):
        raise PermissionError(_("Anda tidak dapat mengisi realisasi unit ini"))
    allowed = {ind.pk: ind for ind in unit_indicators(unit, year)}
    errors: dict[str, str] = {}
    parsed = []
    for item in values:
        ind = allowed.get(item.indicator_id)
        if ind is None:
            raise PermissionError(f"Indikator {item.indicator_id} bukan milik unit {unit}")
        parsed.append(_parse_value(ind, item, errors))
    parsed_budgets = []
    for item in budgets:
        element = m.PlanElement.objects.filter(pk=item.element_id, unit=unit).first()
        if element is None:
            raise PermissionError(f"Unsur {item.element_id} bukan tanggung jawab unit {unit}")
        amount, _u = _read(item.amount, AMOUNT, NumberKind.RUPIAH, f"anggaran-{element.pk}", errors)
        parsed_budgets.append((element, item, amount))
    _annual_conflicts(parsed, parsed_budgets, year, errors)
    if errors:
        raise EntryError(errors)
    try:
        return _write_quarter(user, agency, unit, year, quarter, parsed, parsed_budgets, reason)
    except IntegrityError:
        # Two first entries of the same value at once: the database's one-row constraint refused the later one.
        raise ConflictError({"*": _("nilai yang sama baru saja diisi pengguna lain; muat ulang halaman")}) from None


def _write_quarter(user, agency, unit, year, quarter, parsed: list[_Parsed], parsed_budgets, reason) -> SaveResult:
    result = SaveResult()
    with transaction.atomic():
        report = quarter_report(agency, unit, year, quarter, lock=True)
        if report.locked or report.status not in EDITABLE:
            raise WorkflowError(_("Triwulan ini berstatus %(status)s: nilai tidak dapat diubah") % {
                "status": report.get_status_display()})
        if report.submitted_at is not None and not reason.strip():
            raise EntryError({"reason": _("alasan perubahan wajib diisi setelah laporan pernah diajukan")})
        conflicts: dict[str, str] = {}
        targets = _year_targets([p.indicator for p in parsed], year)
        for p in parsed:
            warnings = value_warnings(p.indicator, p.value, p.unit, targets.get(p.indicator.pk))
            result.changed += _save_realisation(user, agency, year, quarter, p, warnings, reason, conflicts)
            if warnings:
                result.warnings[f"indikator-{p.indicator.pk}-value"] = "; ".join(map(str, warnings))
        budget_warnings = _budget_warnings(parsed_budgets, year, quarter)
        for element, item, amount in parsed_budgets:
            warnings = budget_warnings.get(element.pk, [])
            result.changed += _save_budget(user, agency, element, year, quarter, item, amount, warnings, reason,
                                           conflicts)
            if warnings:
                result.warnings[f"anggaran-{element.pk}"] = "; ".join(map(str, warnings))
        if conflicts:
            raise ConflictError(conflicts)
    return result


def _year_targets(indicators, year: int) -> dict[int, Decimal]:
    targets = {}
    for indicator_id, value in (m.Target.objects.filter(indicator__in=indicators, kind=m.PlanKind.RENJA, year=year,
                                                        value__isnull=False)
                                .order_by("revision__number").values_list("indicator_id", "value")):
        targets[indicator_id] = value  # the latest revision wins
    return targets


def _budget_warnings(parsed_budgets, year: int, quarter: int) -> dict[int, list]:
    """Each amount's plausibility against its element's pagu and the year's other quarters, read for all at once."""
    elements = [element for element, _item, amount in parsed_budgets if amount is not None]
    spent: dict[int, Decimal] = {}
    for element_id, amount in (m.BudgetRealisation.objects.filter(element__in=elements, year=year)
                               .exclude(period=quarter).values_list("element_id", "amount")):
        spent[element_id] = spent.get(element_id, Decimal(0)) + amount
    pagu = {}
    for element_id, amount in (m.Budget.objects.filter(element__in=elements, kind=m.PlanKind.RENJA, year=year)
                               .order_by("revision__number").values_list("element_id", "amount")):
        pagu[element_id] = amount  # the latest revision wins
    return {element.pk: amount_warnings(spent.get(element.pk, Decimal(0)) + amount, pagu.get(element.pk))
            for element, _item, amount in parsed_budgets if amount is not None}


def _shown(realisation: m.Realisation | None) -> str:
    if realisation is None:
        return _("(dihapus)")
    return realisation.text or realisation.category or plain_text(realisation.value)


def _audit_fields(user, agency, action: str, obj, old: dict, new: dict, reason: str) -> None:
    """One audit entry per field whose value changed (a new row: every field given a value)."""
    for key, value in new.items():
        if old.get(key, "") != value and not (key not in old and value in ("", None, [])):
            audit(user, agency, action, obj, key, old.get(key, ""), value, reason)


def _save_realisation(user, agency, year, quarter, p: _Parsed, warnings, reason, conflicts) -> int:
    ind, item = p.indicator, p.item
    current = m.Realisation.objects.select_for_update().filter(indicator=ind, year=year, period=quarter).first()
    name = f"indikator-{ind.pk}"
    if item.version is not None and (current.version if current else 0) != item.version:
        conflicts[name] = _shown(current)
        return 0
    if p.value is None and not p.category:
        if current is None:
            return 0
        audit(user, agency, "hapus realisasi", current, "value", current.text or current.value, "", reason)
        current.delete()
        return 1
    new_text = " ".join(item.value.split()) if item.value.strip() else plain_text(p.value)
    fields = {"value": p.value, "numerator": p.numerator, "denominator": p.denominator, "category": p.category,
              "unit": p.unit if p.unit and not same_unit(p.unit, ind.satuan) else "",
              "text": new_text, "note": item.note.strip(), "evidence_url": p.evidence_url,
              "warnings": [w.as_stored() for w in warnings]}
    if current is None:
        current = m.Realisation.objects.create(indicator=ind, year=year, period=quarter, **fields)
        _audit_fields(user, agency, "isi realisasi", current, {}, _audited(fields), reason)
        _attach(user, agency, current, item, reason)
        return 1
    changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if not changed:
        return _attach(user, agency, current, item, reason)
    _audit_fields(user, agency, "ubah realisasi", current, _audited({k: getattr(current, k) for k in changed}),
                  _audited(changed), reason)
    for key, new in changed.items():
        setattr(current, key, new)
    current.version += 1
    current.save()
    _attach(user, agency, current, item, reason)
    return 1


def _audited(fields: dict) -> dict:
    """The fields as the audit trail records them (warnings are derived, not entered: not audited)."""
    return {k: v for k, v in fields.items() if k != "warnings"}


def _attach(user, agency, realisation, item: ValueInput, reason: str) -> int:
    """Store an uploaded evidence file (already checked) with the realisation; the old file stays on disk."""
    if item.evidence_file is None:
        return 0
    old = realisation.evidence_file.name
    realisation.evidence_file.save(item.evidence_file.name, item.evidence_file, save=False)
    realisation.version += 1
    realisation.save(update_fields=["evidence_file", "version", "updated_at"])
    audit(user, agency, "lampirkan bukti", realisation, "evidence_file", old, realisation.evidence_file.name, reason)
    return 1


def _save_budget(user, agency, element, year, quarter, item: BudgetInput, amount, warnings, reason,
                 conflicts) -> int:
    current = m.BudgetRealisation.objects.select_for_update().filter(element=element, year=year,
                                                                     period=quarter).first()
    name = f"anggaran-{element.pk}"
    if item.version is not None and (current.version if current else 0) != item.version:
        conflicts[name] = format_rupiah(current.amount) if current else _("(dihapus)")
        return 0
    if amount is None:
        if current is None:
            return 0
        audit(user, agency, "hapus realisasi anggaran", current, "amount", current.amount, "", reason)
        current.delete()
        return 1
    fields = {"amount": amount, "note": item.note.strip()}
    stored_warnings = [w.as_stored() for w in warnings]
    if current is None:
        current = m.BudgetRealisation.objects.create(element=element, year=year, period=quarter,
                                                     warnings=stored_warnings, **fields)
        _audit_fields(user, agency, "isi realisasi anggaran", current, {}, fields, reason)
        return 1
    changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if not changed and current.warnings == stored_warnings:
        return 0
    _audit_fields(user, agency, "ubah realisasi anggaran", current, {k: getattr(current, k) for k in changed},
                  changed, reason)
    for key, new in changed.items():
        setattr(current, key, new)
    current.warnings = stored_warnings
    current.version += 1
    current.save()
    return 1 if changed else 0


# -- workflow ---------------------------------------------------------------------------------------------------

TRANSITIONS = {
    # action: (capability, from states, to state, reason required)
    "submit": (Capability.ENTER_REALISATION, {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, False),
    "verify": (Capability.VERIFY, {Status.SUBMITTED}, Status.VERIFIED, False),
    "approve": (Capability.APPROVE, {Status.VERIFIED}, Status.APPROVED, False),
    "return": (None, {Status.SUBMITTED, Status.VERIFIED}, Status.RETURNED, True),
    "reopen": (Capability.APPROVE, {Status.APPROVED}, Status.RETURNED, True),
}


# The workflow's acts as the operator reads them (the keys above are code, never shown).
ACTION_NAMES = {
    "submit": lambda: _("ajukan"), "verify": lambda: _("verifikasi"), "approve": lambda: _("setujui"),
    "return": lambda: _("kembalikan"), "reopen": lambda: _("buka kembali"),
}


def transition(user, agency: m.Agency, unit: m.Unit, year: int, quarter: int, action: str,
               reason: str = "", *, version: int | None = None, now: dt.datetime | None = None) -> QuarterReport:
    """Move one unit's quarter: submit, verify, approve, return (with a reason) or reopen (a lock exception)."""
    if action not in TRANSITIONS:
        raise WorkflowError(_("Tindakan %(action)r tidak dikenal") % {"action": action})
    capability, sources, target, needs_reason = TRANSITIONS[action]
    if action == "return":
        allowed = can(user, Capability.VERIFY, agency) or can(user, Capability.APPROVE, agency)
    elif capability == Capability.ENTER_REALISATION:
        allowed = can(user, capability, agency, unit)
    else:
        allowed = can(user, capability, agency)
    if not allowed:
        raise PermissionError(_("Peran Anda tidak mengizinkan tindakan ini"))
    if needs_reason and not reason.strip():
        raise WorkflowError(_("Alasan wajib diisi"))
    with transaction.atomic():
        report = quarter_report(agency, unit, year, quarter, lock=True)
        if version is not None and report.version != version:
            raise ConflictError({"status": report.get_status_display()})
        if report.status not in sources:
            raise WorkflowError(_("Tindakan “%(action)s” tidak dapat dilakukan pada laporan berstatus %(status)s") % {
                "action": ACTION_NAMES[action](), "status": report.get_status_display()})
        old = report.status
        report.status = target
        report.version += 1
        if action == "submit":
            now = now or timezone.now()
            report.submitted_at = now
            report.submitted_late = bool(report.deadline and timezone.localdate(now) > report.deadline)
        report.locked = target == Status.APPROVED
        report.save()
        audit(user, agency, action, report, "status", old, target, reason.strip())
    return report


class BatchConflict(Exception):
    """A batch transition refused because some reports are no longer as the confirmation showed them: nothing was
    written. ``changed`` holds (unit, status now) for each of them."""

    def __init__(self, changed: list[tuple[m.Unit, str]]):
        self.changed = changed
        super().__init__("; ".join(f"{unit}: {status}" for unit, status in changed))


BATCH_ACTIONS = ("verify", "approve", "return")


def transition_many(user, agency: m.Agency, year: int, quarter: int, action: str, expected: dict[int, int],
                    reason: str = "") -> list[QuarterReport]:
    """Verify, approve or return several units' reports of one quarter at once: all of them, or none.

    ``expected`` maps each unit's id to the report version the confirmation showed. Every report is locked first;
    if any of them changed since (another version, or no longer in a state the action applies to), nothing is
    written and :class:`BatchConflict` names them all. Each unit then goes through :func:`transition`, so the
    per-unit rules (capability, reason, audit entry, lock on approval) hold for every one of them."""
    if action not in BATCH_ACTIONS:
        raise WorkflowError(_("Tindakan %(action)r tidak dikenal") % {"action": action})
    if not expected:
        raise WorkflowError(_("Tidak ada unit yang dipilih"))
    units = {u.pk: u for u in agency.units.filter(pk__in=expected)}
    if len(units) != len(expected):
        raise WorkflowError(_("Unit tidak dikenal"))
    _capability, sources, _target, _needs_reason = TRANSITIONS[action]
    done = []
    with transaction.atomic():
        changed = []
        for unit_id in sorted(expected):  # a fixed order: two batches lock the same rows in the same order
            report = quarter_report(agency, units[unit_id], year, quarter, lock=True)
            if report.version != expected[unit_id] or report.status not in sources:
                changed.append((units[unit_id], report.get_status_display()))
        if changed:
            raise BatchConflict(changed)
        for unit_id in sorted(expected):
            done.append(transition(user, agency, units[unit_id], year, quarter, action, reason,
                                   version=expected[unit_id]))
    return done
