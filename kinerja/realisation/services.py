"""Entering a unit's quarterly realisations and moving the quarter through its workflow.

Every write here is one transaction, checks the user's capability on the server, refuses a stale edit (optimistic
locking: the second of two concurrent saves is refused with the other's value), and records each change in the
audit trail. Views and the API call these functions; they hold no rules of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kinerja.accounts.permissions import Capability, can
from kinerja.engine import NumberFormatError, NumberKind, ratio, read_number, same_unit
from kinerja.plan import models as m

from .evidence import EvidenceError, check_evidence
from .models import AuditEntry, QuarterReport, Status

OUTLIER_FACTOR = Decimal(3)  # a realisation above 300 % of the year's target is worth a second look
EDITABLE = {Status.DRAFT, Status.RETURNED}
# A year stored as one total (e.g. from a published document) cannot also get quarters: the two would disagree.
ANNUAL_ONLY = "tahun ini tercatat sebagai satu total tahunan tanpa rincian triwulan; ubah melalui perencana"


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
    version: int | None = None  # the version the form was rendered with; None for a new value


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


def quarter_report(agency: m.Agency, unit: m.Unit, year: int, quarter: int, *, lock: bool = False) -> QuarterReport:
    manager = QuarterReport.objects.select_for_update() if lock else QuarterReport.objects
    report, _created = manager.get_or_create(
        agency=agency, unit=unit, year=year, quarter=quarter,
        defaults={"deadline": default_deadline(year, quarter)},
    )
    return report


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def audit(user, agency, action: str, obj, field_name: str = "", old="", new="", reason: str = "") -> None:
    AuditEntry.objects.create(
        agency=agency, user=user, action=action, object_type=obj._meta.label_lower, object_id=obj.pk,
        field=field_name, old=_plain(old), new=_plain(new), reason=reason,
    )


def unit_indicators(unit: m.Unit, year: int):
    """The indicators a unit reports: its own, or those of elements it is responsible for."""
    from django.db.models import Q

    return (m.Indicator.objects.filter(Q(unit=unit) | Q(unit__isnull=True, element__unit=unit))
            .filter(element__strategic_plan__first_year__lte=year, element__strategic_plan__last_year__gte=year)
            .select_related("element", "scale").order_by("element__position", "position"))


def _read(text: str, kind: NumberKind, name: str, errors: dict) -> tuple[Decimal | None, str]:
    text = " ".join(text.split())
    if not text:
        return None, ""
    try:
        reading = read_number(text, kind)
    except NumberFormatError as exc:
        errors[name] = exc.reason
        return None, ""
    return reading.value, reading.unit or ""


def save_quarter(user, agency: m.Agency, unit: m.Unit, year: int, quarter: int, values: list[ValueInput],
                 budgets: list[BudgetInput] = (), reason: str = "") -> SaveResult:
    """Save what the operator entered for one unit and quarter: all of it, or nothing."""
    if not can(user, Capability.ENTER_REALISATION, agency, unit):
        raise PermissionError("Anda tidak dapat mengisi realisasi unit ini")
    allowed = {ind.pk: ind for ind in unit_indicators(unit, year)}
    result = SaveResult()
    errors: dict[str, str] = {}
    parsed = []
    for item in values:
        ind = allowed.get(item.indicator_id)
        if ind is None:
            raise PermissionError(f"Indikator {item.indicator_id} bukan milik unit {unit}")
        prefix = f"indikator-{ind.pk}"
        kind = NumberKind.PERCENT if ind.value_kind == m.Indicator.ValueKind.PERCENT else NumberKind.COUNT
        value, unit_text = _read(item.value, kind, f"{prefix}-value", errors)
        numerator, _u = _read(item.numerator, NumberKind.COUNT, f"{prefix}-numerator", errors)
        denominator, _u = _read(item.denominator, NumberKind.COUNT, f"{prefix}-denominator", errors)
        category = ""
        if ind.value_kind == m.Indicator.ValueKind.CATEGORY and item.value.strip():
            errors.pop(f"{prefix}-value", None)
            category = " ".join(item.value.split())
            if ind.scale.as_ordinal().rank(category) is None:
                errors[f"{prefix}-value"] = f"{category!r} tidak ada pada skala {ind.scale.name}"
        if ind.value_kind == m.Indicator.ValueKind.RATIO and numerator is not None and denominator is not None:
            computed = ratio(numerator, denominator, ind.factor)
            if not computed.defined:
                errors[f"{prefix}-denominator"] = "penyebut 0: rasio tidak dapat dihitung"
            value = computed.value
        if item.evidence_file is not None:
            try:
                item.evidence_file.name = check_evidence(item.evidence_file)
            except EvidenceError as exc:
                errors[f"{prefix}-evidence"] = str(exc)
        if unit_text and not same_unit(unit_text, ind.satuan):
            result.warnings[f"{prefix}-value"] = f"satuan {unit_text!r} berbeda dari satuan indikator {ind.satuan!r}"
        parsed.append((ind, item, value, numerator, denominator, category, unit_text))
    parsed_budgets = []
    for item in budgets:
        element = m.PlanElement.objects.filter(pk=item.element_id, unit=unit).first()
        if element is None:
            raise PermissionError(f"Unsur {item.element_id} bukan tanggung jawab unit {unit}")
        amount, _u = _read(item.amount, NumberKind.RUPIAH, f"anggaran-{element.pk}", errors)
        parsed_budgets.append((element, item, amount))
    annual = set(m.Realisation.objects.filter(indicator__in=[p[0] for p in parsed], year=year,
                                              period=m.Period.YEAR).values_list("indicator_id", flat=True))
    for ind, item, value, *_rest in parsed:
        if ind.pk in annual and (value is not None or item.value.strip()):
            errors[f"indikator-{ind.pk}-value"] = ANNUAL_ONLY
    annual_budget = set(m.BudgetRealisation.objects.filter(
        element__in=[p[0] for p in parsed_budgets], year=year, period=m.Period.YEAR,
    ).values_list("element_id", flat=True))
    for element, _item, amount in parsed_budgets:
        if element.pk in annual_budget and amount is not None:
            errors[f"anggaran-{element.pk}"] = ANNUAL_ONLY
    if errors:
        raise EntryError(errors)

    with transaction.atomic():
        report = quarter_report(agency, unit, year, quarter, lock=True)
        if report.locked or report.status not in EDITABLE:
            raise WorkflowError(f"Triwulan ini berstatus {report.get_status_display()}: nilai tidak dapat diubah")
        after_submission = report.submitted_at is not None
        if after_submission and not reason.strip():
            raise EntryError({"reason": "alasan perubahan wajib diisi setelah laporan pernah diajukan"})
        conflicts: dict[str, str] = {}
        for ind, item, value, numerator, denominator, category, unit_text in parsed:
            changed = _save_realisation(user, agency, ind, year, quarter, item, value, numerator, denominator,
                                        category, unit_text, reason, conflicts)
            result.changed += changed
            if value is not None:
                _warn_outlier(ind, year, value, result.warnings)
        for element, item, amount in parsed_budgets:
            result.changed += _save_budget(user, agency, element, year, quarter, item, amount, reason, conflicts)
        if conflicts:
            raise ConflictError(conflicts)
    return result


def _save_realisation(user, agency, ind, year, quarter, item: ValueInput, value, numerator, denominator, category,
                      unit_text, reason, conflicts) -> int:
    current = m.Realisation.objects.select_for_update().filter(indicator=ind, year=year, period=quarter).first()
    name = f"indikator-{ind.pk}"
    if current is not None and item.version is not None and current.version != item.version:
        conflicts[name] = current.text or str(current.value if current.value is not None else current.category)
        return 0
    if current is None and item.version not in (None, 0):
        conflicts[name] = "(dihapus)"
        return 0
    if value is None and not category:
        if current is None:
            return 0
        audit(user, agency, "hapus realisasi", current, "value", current.text or current.value, "", reason)
        current.delete()
        return 1
    new_text = " ".join(item.value.split()) if item.value.strip() else str(value)
    fields = {"value": value, "numerator": numerator, "denominator": denominator, "category": category,
              "unit": unit_text if unit_text and not same_unit(unit_text, ind.satuan) else "",
              "text": new_text, "note": item.note.strip(), "evidence_url": item.evidence_url.strip()}
    if current is None:
        current = m.Realisation.objects.create(indicator=ind, year=year, period=quarter, **fields)
        audit(user, agency, "isi realisasi", current, "value", "", new_text, reason)
        _attach(user, agency, current, item, reason)
        return 1
    changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if not changed:
        return _attach(user, agency, current, item, reason)
    for key, new in changed.items():
        audit(user, agency, "ubah realisasi", current, key, getattr(current, key), new, reason)
        setattr(current, key, new)
    current.version += 1
    current.save()
    _attach(user, agency, current, item, reason)
    return 1


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


def _save_budget(user, agency, element, year, quarter, item: BudgetInput, amount, reason, conflicts) -> int:
    current = m.BudgetRealisation.objects.select_for_update().filter(element=element, year=year,
                                                                     period=quarter).first()
    name = f"anggaran-{element.pk}"
    if current is not None and item.version is not None and current.version != item.version:
        conflicts[name] = str(current.amount)
        return 0
    if amount is None:
        if current is None:
            return 0
        audit(user, agency, "hapus realisasi anggaran", current, "amount", current.amount, "", reason)
        current.delete()
        return 1
    if current is None:
        current = m.BudgetRealisation.objects.create(element=element, year=year, period=quarter, amount=amount,
                                                     note=item.note.strip())
        audit(user, agency, "isi realisasi anggaran", current, "amount", "", amount, reason)
        return 1
    if current.amount == amount and current.note == item.note.strip():
        return 0
    audit(user, agency, "ubah realisasi anggaran", current, "amount", current.amount, amount, reason)
    current.amount, current.note = amount, item.note.strip()
    current.version += 1
    current.save()
    return 1


def _warn_outlier(ind: m.Indicator, year: int, value: Decimal, warnings: dict) -> None:
    target = (m.Target.objects.filter(indicator=ind, kind=m.PlanKind.RENJA, year=year, value__isnull=False)
              .order_by("-revision__number").first())
    if target is not None and target.value and value > target.value * OUTLIER_FACTOR:
        warnings.setdefault(f"indikator-{ind.pk}-value",
                            f"realisasi {value} di atas 300 % target tahun ini ({target.value}): periksa kembali")


# -- workflow ---------------------------------------------------------------------------------------------------

TRANSITIONS = {
    # action: (capability, from states, to state, reason required)
    "submit": (Capability.ENTER_REALISATION, {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, False),
    "verify": (Capability.VERIFY, {Status.SUBMITTED}, Status.VERIFIED, False),
    "approve": (Capability.APPROVE, {Status.VERIFIED}, Status.APPROVED, False),
    "return": (None, {Status.SUBMITTED, Status.VERIFIED}, Status.RETURNED, True),
    "reopen": (Capability.APPROVE, {Status.APPROVED}, Status.RETURNED, True),
}


def transition(user, agency: m.Agency, unit: m.Unit, year: int, quarter: int, action: str,
               reason: str = "", *, version: int | None = None, now: dt.datetime | None = None) -> QuarterReport:
    """Move one unit's quarter: submit, verify, approve, return (with a reason) or reopen (a lock exception)."""
    if action not in TRANSITIONS:
        raise WorkflowError(f"Tindakan {action!r} tidak dikenal")
    capability, sources, target, needs_reason = TRANSITIONS[action]
    if action == "return":
        allowed = can(user, Capability.VERIFY, agency) or can(user, Capability.APPROVE, agency)
    elif capability == Capability.ENTER_REALISATION:
        allowed = can(user, capability, agency, unit)
    else:
        allowed = can(user, capability, agency)
    if not allowed:
        raise PermissionError("Peran Anda tidak mengizinkan tindakan ini")
    if needs_reason and not reason.strip():
        raise WorkflowError("Alasan wajib diisi")
    with transaction.atomic():
        report = quarter_report(agency, unit, year, quarter, lock=True)
        if version is not None and report.version != version:
            raise ConflictError({"status": report.get_status_display()})
        if report.status not in sources:
            raise WorkflowError(
                f"Tidak dapat '{action}' dari status {report.get_status_display()}")
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
