"""Editing the plan: elements, targets and pagu, and new revisions — by the perencana, audited, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from kinerja.accounts.permissions import Capability, can
from kinerja.engine import (
    CodeFormatError,
    CodeLevel,
    CodeScheme,
    format_rupiah,
    parse_code,
)
from kinerja.realisation.services import audit

from . import models as m
from . import values

TARGET_TEXT_LENGTH = m.Target._meta.get_field("text").max_length
TARGET_UNIT_LENGTH = m.Target._meta.get_field("unit").max_length
CODE_LEVELS = {m.Level.PROGRAM: CodeLevel.PROGRAM, m.Level.ACTIVITY: CodeLevel.KEGIATAN,
               m.Level.SUBACTIVITY: CodeLevel.SUBKEGIATAN}


class PlanEditError(Exception):
    """Input that cannot be saved, per field; nothing was saved."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class StaleEdit(PlanEditError):
    """Somebody else changed the record since the form was opened."""


def _require(user, agency) -> None:
    if not can(user, Capability.EDIT_PLAN, agency):
        raise PermissionError("Hanya perencana yang dapat mengubah rencana")


def normalised_code(element: m.PlanElement, text: str) -> str:
    """The code in the period's scheme, checked against the element's level; '' where the level has none."""
    text = text.strip()
    if not text:
        if element.level in CODE_LEVELS:
            raise PlanEditError({"code": "kode wajib diisi untuk program, kegiatan dan sub kegiatan"})
        return ""
    try:
        code = parse_code(text, CodeScheme(element.strategic_plan.code_scheme))
    except CodeFormatError as exc:
        raise PlanEditError({"code": exc.reason}) from exc
    expected = CODE_LEVELS.get(element.level)
    if expected is not None and code.level != expected:
        raise PlanEditError({"code": f"kode {code.text} adalah kode {code.level}, bukan {expected}"})
    if element.parent is not None and element.parent.code and code.parent() is not None \
            and code.parent().text != element.parent.code:
        raise PlanEditError({"code": f"kode {code.text} tidak berada di bawah kode induk {element.parent.code}"})
    return code.text


def update_element(user, element: m.PlanElement, *, name: str, code: str, unit_key: str, version: int,
                   reason: str = "") -> None:
    agency = element.strategic_plan.agency
    _require(user, agency)
    errors = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = "nama wajib diisi"
    unit = agency.units.filter(key=unit_key).first() if unit_key else None
    if unit is None:
        errors["unit"] = "unit penanggung jawab wajib dipilih"
    try:
        new_code = normalised_code(element, code)
    except PlanEditError as exc:
        errors.update(exc.errors)
    if errors:
        raise PlanEditError(errors)
    changes = {k: v for k, v in {"name": name, "code": new_code, "unit_id": unit.pk}.items()
               if getattr(element, k) != v}
    if not changes:
        return
    with transaction.atomic():
        updated = m.PlanElement.objects.filter(pk=element.pk, version=version).update(
            **changes, version=F("version") + 1)
        if not updated:
            current = m.PlanElement.objects.get(pk=element.pk)
            raise StaleEdit({"version": f"telah diubah pengguna lain: sekarang {current.code} {current.name}"})
        for key, new in changes.items():
            audit(user, agency, "ubah unsur rencana", element, key, getattr(element, key), new, reason)


def latest_revision(agency: m.Agency, document: str, year: int | None) -> m.Revision | None:
    return m.Revision.objects.filter(agency=agency, document=document, year=year).order_by("number", "pk").last()


def create_perubahan(user, agency: m.Agency, year: int, reason: str, *, today: dt.date | None = None) -> m.Revision:
    """A Renja perubahan for ``year``: a copy of the revision in force, to be changed; the murni stays."""
    _require(user, agency)
    if not reason.strip():
        raise PlanEditError({"reason": "alasan perubahan wajib diisi"})
    with transaction.atomic():
        base = latest_revision(agency, m.Revision.Document.RENJA, year)
        if base is None:
            raise PlanEditError({"year": f"belum ada Renja {year} untuk diubah"})
        number = m.Revision.objects.filter(agency=agency).order_by("-number").values_list("number", flat=True)[0] + 1
        revision = m.Revision.objects.create(
            agency=agency, strategic_plan=base.strategic_plan, key=f"renja-{year}-perubahan-{number}",
            document=m.Revision.Document.RENJA, year=year, label=m.Revision.Label.PERUBAHAN, number=number,
            date=today or dt.date.today(), source=reason.strip(),
        )
        m.Target.objects.bulk_create([
            m.Target(indicator_id=t.indicator_id, revision=revision, kind=t.kind, year=t.year, value=t.value,
                     category=t.category, unit=t.unit, text=t.text) for t in base.targets.all()])
        m.Budget.objects.bulk_create([
            m.Budget(element_id=b.element_id, revision=revision, kind=b.kind, year=b.year, amount=b.amount,
                     location=b.location, note=b.note) for b in base.budgets.all()])
        audit(user, agency, "buat revisi", revision, "label", base.label, revision.label, reason.strip())
    return revision


def set_values(user, element: m.PlanElement, revision: m.Revision, year: int, *, targets: dict[int, str],
               pagu: str | None, versions: dict[str, int | None], reason: str = "",
               kind: str = m.PlanKind.RENJA) -> list[str]:
    """Set one year's targets of the element's indicators and its pagu in one revision — the Renja's own year
    (kind renja) or its prakiraan maju for the next (kind forward). Returns warnings."""
    agency = element.strategic_plan.agency
    _require(user, agency)
    if revision.agency_id != agency.pk:
        raise PermissionError("Revisi milik perangkat daerah lain")
    indicators = {ind.pk: ind for ind in element.indicators.select_related("scale")}
    errors: dict[str, str] = {}
    parsed: dict[int, tuple[Decimal | None, str, str, str]] = {}
    for pk, text in targets.items():
        ind = indicators.get(pk)
        if ind is None:
            raise PermissionError(f"Indikator {pk} bukan milik unsur ini")
        text = " ".join(text.split())
        if not text:
            parsed[pk] = (None, "", "", "")
            continue
        if ind.value_kind == m.Indicator.ValueKind.CATEGORY:
            if ind.scale.as_ordinal().rank(text) is None:
                errors[f"target-{pk}"] = f"{text!r} tidak ada pada skala {ind.scale.name}"
            parsed[pk] = (None, text, "", text)
            continue
        try:
            value, unit = values.read_bounded(text, values.TARGET_VALUE, values.number_kind(ind))
        except values.ValueRefused as exc:
            errors[f"target-{pk}"] = exc.reason
            continue
        if len(text) > TARGET_TEXT_LENGTH or len(unit) > TARGET_UNIT_LENGTH:
            errors[f"target-{pk}"] = "terlalu panjang: tulis angka dan satuannya saja"
            continue
        parsed[pk] = (value, "", unit, text)
    amount = None
    if pagu is not None and pagu.strip():
        try:
            amount = values.read_amount(pagu)
        except values.ValueRefused as exc:
            errors["pagu"] = exc.reason
    if errors:
        raise PlanEditError(errors)
    after_issue = revision.date is not None and revision.date < dt.date.today()
    if after_issue and not reason.strip():
        raise PlanEditError({"reason": "alasan wajib diisi untuk mengubah revisi yang sudah bertanggal"})
    with transaction.atomic():
        stale = {}
        for pk, (value, category, unit, text) in parsed.items():
            current = m.Target.objects.select_for_update().filter(
                indicator_id=pk, revision=revision, kind=kind, year=year).first()
            key = f"target-{pk}"
            if versions.get(key) is not None and (current.version if current else 0) != versions[key]:
                stale[key] = (current.text or str(current.value)) if current else "(dihapus)"
                continue
            if value is None and not category:
                if current is not None:
                    audit(user, agency, "hapus target", current, "value", current.text, "", reason)
                    current.delete()
                continue
            if current is None:
                current = m.Target.objects.create(indicator_id=pk, revision=revision, kind=kind,
                                                  year=year, value=value, category=category, unit=unit, text=text)
                audit(user, agency, "isi target", current, "value", "", text, reason)
            elif current.text != text:
                audit(user, agency, "ubah target", current, "value", current.text, text, reason)
                current.value, current.category, current.unit, current.text = value, category, unit, text
                current.version += 1
                current.save()
        if pagu is not None:
            current = m.Budget.objects.select_for_update().filter(
                element=element, revision=revision, kind=kind, year=year).first()
            if versions.get("pagu") is not None and (current.version if current else 0) != versions["pagu"]:
                stale["pagu"] = format_rupiah(current.amount) if current else "(dihapus)"
            elif amount is None and current is not None:
                audit(user, agency, "hapus pagu", current, "amount", current.amount, "", reason)
                current.delete()
            elif amount is not None and current is None:
                current = m.Budget.objects.create(element=element, revision=revision, kind=kind,
                                                  year=year, amount=amount)
                audit(user, agency, "isi pagu", current, "amount", "", amount, reason)
            elif amount is not None and current.amount != amount:
                audit(user, agency, "ubah pagu", current, "amount", current.amount, amount, reason)
                current.amount = amount
                current.version += 1
                current.save()
        if stale:
            raise StaleEdit({k: f"telah diubah pengguna lain menjadi {v}" for k, v in stale.items()})
    return pagu_warnings(element, revision, year, kind)


def pagu_warnings(element: m.PlanElement, revision: m.Revision, year: int,
                  kind: str = m.PlanKind.RENJA) -> list[str]:
    """A child's pagu never silently exceeds its parent's: where a parent carries its own pagu, compare."""
    warnings = []
    for node in (element, element.parent):
        if node is None:
            continue
        own = m.Budget.objects.filter(element=node, revision=revision, kind=kind, year=year).first()
        children = m.Budget.objects.filter(element__parent=node, revision=revision, kind=kind, year=year)
        total = sum((b.amount for b in children), Decimal(0))
        if own is not None and children.exists() and total > own.amount:
            warnings.append(f"pagu rincian {node.code or node.name} (Rp {format_rupiah(total)}) melebihi pagunya "
                            f"(Rp {format_rupiah(own.amount)})")
    return warnings


INDICATOR_FIELDS = ("name", "satuan", "polarity", "aggregation", "value_kind", "scale", "numerator_name",
                    "denominator_name", "factor", "is_iku", "is_ikk", "ikk_code", "is_spm", "formula", "data_source",
                    "unit")


def update_indicator(user, indicator: m.Indicator, cleaned: dict, *, version: int, reason: str = "") -> None:
    """Save an indicator's attributes (validated by the form): all or nothing, audited, refused if stale."""
    agency = indicator.element.strategic_plan.agency
    _require(user, agency)
    if cleaned.get("unit") is not None and cleaned["unit"].agency_id != agency.pk:
        raise PlanEditError({"unit": "unit milik perangkat daerah lain"})
    if cleaned.get("value_kind") == m.Indicator.ValueKind.CATEGORY and cleaned.get("scale") is None:
        raise PlanEditError({"scale": "indikator kategori memerlukan skala"})
    if cleaned.get("value_kind") == m.Indicator.ValueKind.RATIO and not (
            cleaned.get("numerator_name") and cleaned.get("denominator_name")):
        raise PlanEditError({"numerator_name": "indikator rasio memerlukan nama pembilang dan penyebut"})
    changes = {k: v for k, v in cleaned.items() if k in INDICATOR_FIELDS and getattr(indicator, k) != v}
    if not changes:
        return
    with transaction.atomic():
        updated = m.Indicator.objects.filter(pk=indicator.pk, version=version).update(
            **changes, version=F("version") + 1)
        if not updated:
            raise StaleEdit({"version": "indikator telah diubah pengguna lain sejak halaman dibuka"})
        for key, new in changes.items():
            audit(user, agency, "ubah indikator", indicator, key, getattr(indicator, key), new, reason)


CHILD_LEVEL = {None: m.Level.GOAL, m.Level.GOAL: m.Level.OBJECTIVE, m.Level.OBJECTIVE: m.Level.PROGRAM,
               m.Level.PROGRAM: m.Level.ACTIVITY, m.Level.ACTIVITY: m.Level.SUBACTIVITY}


def create_element(user, plan: m.StrategicPlan, parent: m.PlanElement | None, *, name: str, code: str,
                   unit_key: str, reason: str = "") -> m.PlanElement:
    """A new element under ``parent`` (or a new tujuan of the Renstra): the level follows the parent's."""
    agency = plan.agency
    _require(user, agency)
    if parent is not None and parent.strategic_plan_id != plan.pk:
        raise PermissionError("Induk milik Renstra lain")
    level = CHILD_LEVEL.get(parent.level if parent else None)
    if level is None:
        raise PlanEditError({"level": "sub kegiatan tidak mempunyai unsur di bawahnya"})
    draft = m.PlanElement(strategic_plan=plan, parent=parent, level=level)
    errors = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = "nama wajib diisi"
    unit = agency.units.filter(key=unit_key).first() if unit_key else None
    if unit is None:
        errors["unit"] = "unit penanggung jawab wajib dipilih"
    try:
        normalised = normalised_code(draft, code)
    except PlanEditError as exc:
        errors.update(exc.errors)
        normalised = ""
    if normalised and m.PlanElement.objects.filter(strategic_plan=plan, code=normalised).exists():
        errors["code"] = f"kode {normalised} sudah dipakai dalam Renstra ini"
    if errors:
        raise PlanEditError(errors)
    with transaction.atomic():
        last = m.PlanElement.objects.filter(strategic_plan=plan).order_by("-position").values_list(
            "position", flat=True).first() or 0
        key = normalised or f"{level}-{last + 1}"
        if m.PlanElement.objects.filter(strategic_plan=plan, key=key).exists():
            key = f"{key}-{last + 1}"
        element = m.PlanElement.objects.create(strategic_plan=plan, parent=parent, level=level, key=key,
                                               code=normalised, name=name, unit=unit, position=last + 1)
        audit(user, agency, "tambah unsur rencana", element, "name", "", f"{normalised} {name}".strip(), reason)
    return element


def current_narratives(agency: m.Agency, year: int, *, indicator: m.Indicator | None = None,
                       document: str = "") -> dict[str, m.Narrative]:
    """The text in force per section: the latest version of each."""
    rows = m.Narrative.objects.filter(agency=agency, year=year, indicator=indicator, document=document)
    current: dict[str, m.Narrative] = {}
    for row in rows.order_by("section", "number"):
        current[row.section] = row
    return current


def save_narrative(user, agency: m.Agency, year: int, section: str, text: str, *, indicator: m.Indicator | None = None,
                   document: str = "", based_on: int | None = None, reason: str = "") -> m.Narrative | None:
    """A new version of one narrative section; refused if another version was saved since ``based_on``."""
    _require(user, agency)
    allowed = m.Narrative.INDICATOR_SECTIONS if indicator else [
        s for s in m.Narrative.Section.values if s not in m.Narrative.INDICATOR_SECTIONS]
    if section not in allowed:
        raise PlanEditError({"section": f"bagian {section!r} tidak dikenal"})
    if indicator is not None and indicator.element.strategic_plan.agency_id != agency.pk:
        raise PermissionError("Indikator milik perangkat daerah lain")
    if indicator is None and document not in m.Narrative.Document.values:
        raise PlanEditError({"document": "dokumen tidak dikenal"})
    text = text.replace("\r\n", "\n").strip()
    with transaction.atomic():
        latest = (m.Narrative.objects.select_for_update()
                  .filter(agency=agency, year=year, indicator=indicator, document=document, section=section)
                  .order_by("-number").first())
        if latest is not None and (based_on or 0) != latest.number:
            raise StaleEdit({section: f"telah diubah pengguna lain (versi {latest.number})"})
        if latest is None and based_on:
            raise StaleEdit({section: "telah dihapus sejak halaman dibuka"})
        if (latest.text if latest else "") == text:
            return latest
        narrative = m.Narrative.objects.create(
            agency=agency, indicator=indicator, document=document, year=year, section=section,
            number=(latest.number + 1) if latest else 1, text=text, created_by=user)
        audit(user, agency, "ubah narasi", narrative, section, latest.text if latest else "", text, reason)
    return narrative
