"""The audit trail as the pemeriksa reads it: each change with the record named in words (the indicator's or
element's code and name, the year and quarter, the unit), the field and the action in the page's language, old →
new in the reader's number format; filtered by person, unit, period, kind of change and indicator, paginated, and
exported to XLSX or CSV with the same columns.

The stored entries are not changed: they keep the model's label and primary key of the record, the field's name and
the values as plain text (``kinerja.realisation.services.audit``). Everything readable is derived here, for a page
of entries at once — one query per kind of record on the page, never one per entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kinerja.accounts.models import Membership, Role
from kinerja.accounts.permissions import Capability, can, requires
from kinerja.engine import NumberFormatError, format_count, format_rupiah, read_number
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry, QuarterReport, Status
from kinerja.reports.lang import current_lang

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000  # rows in one download; an agency's whole trail is far below
EXPORT_CHUNK = 500  # entries resolved together while exporting
BIGGEST_KEY = 2**63 - 1  # a larger number in a filter would be refused by the database, not by the form

# -- words for what is stored as code ------------------------------------------------------------------------------

# The kind of each record, by the model label the entry stores.
KIND_NAMES = {
    "plan.realisation": gettext_lazy("Realisasi"),
    "plan.target": gettext_lazy("Target"),
    "plan.budget": gettext_lazy("Pagu"),
    "plan.budgetrealisation": gettext_lazy("Realisasi anggaran"),
    "realisation.quarterreport": gettext_lazy("Laporan triwulan"),
    "plan.planelement": gettext_lazy("Unsur rencana"),
    "plan.indicator": gettext_lazy("Indikator"),
    "plan.revision": gettext_lazy("Revisi dokumen rencana"),
    "plan.narrative": gettext_lazy("Naskah"),
    "plan.issueddocument": gettext_lazy("Dokumen terbit"),
    "plan.measureunitequivalence": gettext_lazy("Kesetaraan satuan"),
    "accounts.membership": gettext_lazy("Peran pengguna"),
    "plan.agency": gettext_lazy("Perangkat daerah"),
    "plan.unit": gettext_lazy("Unit"),
    "plan.strategicplan": gettext_lazy("Renstra"),
    "plan.categoryscale": gettext_lazy("Skala kategori"),
}

# The actions as the services record them, and as a reader reads them.
ACTION_NAMES = {
    "isi realisasi": gettext_lazy("isi realisasi"),
    "ubah realisasi": gettext_lazy("ubah realisasi"),
    "hapus realisasi": gettext_lazy("hapus realisasi"),
    "lampirkan bukti": gettext_lazy("lampirkan bukti"),
    "isi realisasi anggaran": gettext_lazy("isi realisasi anggaran"),
    "ubah realisasi anggaran": gettext_lazy("ubah realisasi anggaran"),
    "hapus realisasi anggaran": gettext_lazy("hapus realisasi anggaran"),
    "isi target": gettext_lazy("isi target"),
    "ubah target": gettext_lazy("ubah target"),
    "hapus target": gettext_lazy("hapus target"),
    "isi pagu": gettext_lazy("isi pagu"),
    "ubah pagu": gettext_lazy("ubah pagu"),
    "hapus pagu": gettext_lazy("hapus pagu"),
    "submit": gettext_lazy("ajukan laporan"),
    "verify": gettext_lazy("verifikasi laporan"),
    "approve": gettext_lazy("setujui laporan"),
    "return": gettext_lazy("kembalikan laporan"),
    "reopen": gettext_lazy("buka kembali laporan"),
    "ubah unsur rencana": gettext_lazy("ubah unsur rencana"),
    "tambah unsur rencana": gettext_lazy("tambah unsur rencana"),
    "ubah indikator": gettext_lazy("ubah indikator"),
    "buat revisi": gettext_lazy("buat revisi"),
    "ubah narasi": gettext_lazy("ubah naskah"),
    "impor": gettext_lazy("impor"),
    "terbitkan dokumen": gettext_lazy("terbitkan dokumen"),
    "nyatakan kesetaraan satuan": gettext_lazy("nyatakan kesetaraan satuan"),
    "tarik kesetaraan satuan": gettext_lazy("tarik kesetaraan satuan"),
    "tambah peran": gettext_lazy("tambah peran"),
    "cabut peran": gettext_lazy("cabut peran"),
    "tambah agency": gettext_lazy("tambah perangkat daerah"),
    "tambah unit": gettext_lazy("tambah unit"),
    "tambah renstra": gettext_lazy("tambah periode Renstra"),
    "tambah scale": gettext_lazy("tambah skala kategori"),
}


@dataclass(frozen=True)
class ChangeKind:
    label: object
    actions: tuple[str, ...]


CHANGE_KINDS = {
    "nilai": ChangeKind(gettext_lazy("nilai diisi atau diubah"), (
        "isi realisasi", "ubah realisasi", "hapus realisasi", "lampirkan bukti", "isi realisasi anggaran",
        "ubah realisasi anggaran", "hapus realisasi anggaran", "isi target", "ubah target", "hapus target",
        "isi pagu", "ubah pagu", "hapus pagu")),
    "status": ChangeKind(gettext_lazy("perubahan status laporan"), ("submit", "verify", "approve", "return",
                                                                     "reopen")),
    "rencana": ChangeKind(gettext_lazy("perubahan rencana"), ("ubah unsur rencana", "tambah unsur rencana",
                                                               "ubah indikator", "buat revisi", "ubah narasi")),
    "impor": ChangeKind(gettext_lazy("impor"), ("impor",)),
    "dokumen": ChangeKind(gettext_lazy("dokumen diterbitkan"), ("terbitkan dokumen",)),
    "satuan": ChangeKind(gettext_lazy("kesetaraan satuan"), ("nyatakan kesetaraan satuan", "tarik kesetaraan satuan")),
    "akses": ChangeKind(gettext_lazy("peran dan pengaturan"), ("tambah peran", "cabut peran", "tambah agency",
                                                              "tambah unit", "tambah renstra", "tambah scale")),
}

FIELD_NAMES = {
    "value": gettext_lazy("nilai"),
    "text": gettext_lazy("nilai sebagaimana ditulis"),
    "numerator": gettext_lazy("pembilang"),
    "denominator": gettext_lazy("penyebut"),
    "category": gettext_lazy("kategori"),
    "unit": gettext_lazy("satuan"),
    "note": gettext_lazy("catatan"),
    "evidence_url": gettext_lazy("tautan bukti"),
    "evidence_file": gettext_lazy("berkas bukti"),
    "amount": gettext_lazy("jumlah (Rp)"),
    "status": gettext_lazy("status"),
    "label": gettext_lazy("label"),
    "name": gettext_lazy("nama"),
    "code": gettext_lazy("kode"),
    "unit_id": gettext_lazy("unit"),
    "satuan": gettext_lazy("satuan"),
    "polarity": gettext_lazy("polaritas"),
    "aggregation": gettext_lazy("cara akumulasi"),
    "value_kind": gettext_lazy("jenis nilai"),
    "scale": gettext_lazy("skala kategori"),
    "numerator_name": gettext_lazy("nama pembilang"),
    "denominator_name": gettext_lazy("nama penyebut"),
    "factor": gettext_lazy("faktor pengali rasio"),
    "is_iku": gettext_lazy("IKU"),
    "is_ikk": gettext_lazy("IKK"),
    "ikk_code": gettext_lazy("kode IKK"),
    "is_spm": gettext_lazy("SPM"),
    "formula": gettext_lazy("rumus"),
    "data_source": gettext_lazy("sumber data"),
    "role": gettext_lazy("peran"),
    "same_as": gettext_lazy("setara dengan"),
    "nomor": gettext_lazy("nomor terbitan"),
    "location": gettext_lazy("lokasi"),
}

QUARTER_NAMES = {0: gettext_lazy("tahunan"), 1: "TW 1", 2: "TW 2", 3: "TW 3", 4: "TW 4"}

# Values stored with ``plain_text`` of a Decimal ("12.5"), read as such; other numbers are text as a person wrote
# it ("1.500", "12,5 %") and are read by the number reader.
PLAIN_DECIMALS = {("plan.realisation", "value"), ("plan.realisation", "numerator"),
                  ("plan.realisation", "denominator"), ("plan.indicator", "factor")}
WRITTEN_NUMBERS = {("plan.realisation", "text"), ("plan.target", "value"), ("plan.realisation", "value")}
CHOICE_FIELDS = {"polarity", "aggregation", "value_kind"}
FLAGS = {"is_iku", "is_ikk", "is_spm"}


# -- the record each entry is about -------------------------------------------------------------------------------

@dataclass
class Record:
    """A record as the trail names it, and what it belongs to (for the links to a filtered trail)."""

    text: str
    indicator_id: int | None = None
    element_id: int | None = None
    year: int | None = None
    quarter: int | None = None


def _unit_name(*units) -> str:
    return next((u.name for u in units if u is not None), "")


def _join(*parts) -> str:
    return " — ".join(str(p) for p in parts if p not in (None, ""))


def _period(year, quarter=None) -> str:
    if year is None:
        return ""
    return f"{year} {QUARTER_NAMES[quarter]}" if quarter is not None and quarter in QUARTER_NAMES else str(year)


def _indicator_words(ind: m.Indicator) -> str:
    return " ".join(p for p in (ind.element.code, ind.name) if p)


def _element_words(el: m.PlanElement) -> str:
    return " ".join(p for p in (el.code, el.name) if p)


def _realisations(ids, kind):
    rows = m.Realisation.objects.filter(pk__in=ids).select_related("indicator__element__unit", "indicator__unit")
    return {r.pk: Record(_join(kind, _indicator_words(r.indicator), _period(r.year, r.period),
                               _unit_name(r.indicator.unit, r.indicator.element.unit)),
                         r.indicator_id, r.indicator.element_id, r.year, r.period) for r in rows}


def _targets(ids, kind):
    rows = m.Target.objects.filter(pk__in=ids).select_related("indicator__element__unit", "indicator__unit",
                                                              "revision")
    return {t.pk: Record(_join(kind, _indicator_words(t.indicator), _period(t.year), t.revision,
                               _unit_name(t.indicator.unit, t.indicator.element.unit)),
                         t.indicator_id, t.indicator.element_id, t.year) for t in rows}


def _budgets(ids, kind):
    rows = m.Budget.objects.filter(pk__in=ids).select_related("element__unit", "revision")
    return {b.pk: Record(_join(kind, _element_words(b.element), _period(b.year), b.revision,
                               _unit_name(b.element.unit)), None, b.element_id, b.year) for b in rows}


def _budget_realisations(ids, kind):
    rows = m.BudgetRealisation.objects.filter(pk__in=ids).select_related("element__unit")
    return {b.pk: Record(_join(kind, _element_words(b.element), _period(b.year, b.period),
                               _unit_name(b.element.unit)), None, b.element_id, b.year, b.period) for b in rows}


def _quarter_reports(ids, kind):
    rows = QuarterReport.objects.filter(pk__in=ids).select_related("unit")
    return {r.pk: Record(_join(kind, r.unit.name, _period(r.year, r.quarter)), None, None, r.year, r.quarter)
            for r in rows}


def _elements(ids, kind):
    rows = m.PlanElement.objects.filter(pk__in=ids).select_related("unit")
    return {e.pk: Record(_join(kind, _element_words(e), _unit_name(e.unit)), None, e.pk) for e in rows}


def _indicators(ids, kind):
    rows = m.Indicator.objects.filter(pk__in=ids).select_related("element__unit", "unit")
    return {i.pk: Record(_join(kind, _indicator_words(i), _unit_name(i.unit, i.element.unit)), i.pk, i.element_id)
            for i in rows}


def _narratives(ids, kind):
    rows = m.Narrative.objects.filter(pk__in=ids).select_related("indicator__element")
    return {n.pk: Record(_join(kind, n.get_document_display() if n.document else "",
                               _indicator_words(n.indicator) if n.indicator else "", n.get_section_display(),
                               n.year), n.indicator_id, None, n.year) for n in rows}


def _issued(ids, kind):
    rows = m.IssuedDocument.objects.filter(pk__in=ids).only("pk", "kind", "year", "number")
    return {d.pk: Record(_join(kind, f"{d.get_kind_display()} {d.year}", _("versi %(n)s") % {"n": d.number}),
                         None, None, d.year) for d in rows}


def _named(model) -> Callable:
    def resolve(ids, kind):
        return {obj.pk: Record(_join(kind, obj)) for obj in model.objects.filter(pk__in=ids)}
    return resolve


def _memberships(ids, kind):
    rows = Membership.objects.filter(pk__in=ids).select_related("user")
    return {ms.pk: Record(_join(kind, ms.user.get_full_name() or ms.user.username)) for ms in rows}


RESOLVERS: dict[str, Callable] = {
    "plan.realisation": _realisations,
    "plan.target": _targets,
    "plan.budget": _budgets,
    "plan.budgetrealisation": _budget_realisations,
    "realisation.quarterreport": _quarter_reports,
    "plan.planelement": _elements,
    "plan.indicator": _indicators,
    "plan.narrative": _narratives,
    "plan.issueddocument": _issued,
    "plan.revision": _named(m.Revision),
    "plan.measureunitequivalence": _named(m.MeasureUnitEquivalence),
    "plan.unit": _named(m.Unit),
    "plan.agency": _named(m.Agency),
    "plan.strategicplan": _named(m.StrategicPlan),
    "plan.categoryscale": _named(m.CategoryScale),
    "accounts.membership": _memberships,
}


def kind_name(object_type: str) -> str:
    return str(KIND_NAMES.get(object_type, _("Catatan lain")))


# -- values -------------------------------------------------------------------------------------------------------

def _number(text: str, written: bool, lang: str) -> str:
    try:
        if not written:
            return format_count(Decimal(text), lang)
        reading = read_number(text)
    except (InvalidOperation, NumberFormatError, ValueError):
        return text
    shown = format_count(reading.value, lang)
    return f"{shown} {reading.unit}" if reading.unit else shown


def value_words(entry: AuditEntry, text: str, lang: str, units: dict[int, str]) -> str:
    """One stored old or new value as a reader reads it: numbers and Rupiah in the reader's format, statuses,
    choices and yes/no in words, a unit by its name."""
    if text == "":
        return ""
    key, name = (entry.object_type, entry.field), entry.field
    if name == "amount":
        try:
            return "Rp " + format_rupiah(Decimal(text), lang)
        except InvalidOperation:
            return text
    if key in PLAIN_DECIMALS and entry.action in ("isi realisasi", "ubah realisasi", "ubah indikator"):
        return _number(text, False, lang)
    if key in WRITTEN_NUMBERS or (name == "value" and entry.action == "impor"):
        return _number(text, True, lang)
    if name == "status" and text in Status.values:
        return str(Status(text).label)
    if name in CHOICE_FIELDS:
        return str(dict(m.Indicator._meta.get_field(name).flatchoices).get(text, text))
    if name in FLAGS:
        return {"True": _("ya"), "False": _("tidak")}.get(text, text)
    if name == "unit_id" and text.isdigit():
        return units.get(int(text), text)
    if name == "evidence_file":
        return PurePosixPath(text).name
    if name == "role" and ": " in text:
        who, role = text.rsplit(": ", 1)
        return f"{who}: {Role(role).label}" if role in Role.values else text
    return text


def field_words(entry: AuditEntry) -> str:
    if entry.object_type == "plan.narrative":
        return str(dict(m.Narrative.Section.choices).get(entry.field, entry.field))
    return str(FIELD_NAMES.get(entry.field, entry.field))


def action_words(action: str) -> str:
    return str(ACTION_NAMES.get(action, action))


# -- a page of entries in words -----------------------------------------------------------------------------------

@dataclass
class Row:
    entry: AuditEntry
    at: str
    who: str
    username: str
    role: str
    action: str
    kind: str
    record: str
    field: str
    old: str
    new: str
    reason: str
    history_url: str = ""

    def cells(self) -> list[str]:
        return [self.at, self.who, self.role, self.action, self.record, self.field, self.old, self.new, self.reason]


def columns() -> list[str]:
    return [_("Waktu"), _("Pengguna"), _("Peran"), _("Tindakan"), _("Catatan yang diubah"), _("Kolom"),
            _("Lama"), _("Baru"), _("Alasan")]


def _roles(agency: m.Agency, user_ids: set[int]) -> dict[int, str]:
    roles: dict[int, list[str]] = {}
    scope = Q(agency=agency) | Q(role=Role.ADMIN_PEMDA, region_id=agency.region_id)
    for ms in Membership.objects.filter(scope, user_id__in=user_ids).select_related("unit").order_by("pk"):
        label = str(Role(ms.role).label)
        roles.setdefault(ms.user_id, []).append(f"{label}, {ms.unit.name}" if ms.unit else label)
    return {user_id: "; ".join(labels) for user_id, labels in roles.items()}


def readable(entries: Iterable[AuditEntry], agency: m.Agency, base_url: str = "") -> list[Row]:
    """The entries in words. Queries: one per kind of record among them, one for the roles, one for the units."""
    entries = list(entries)
    lang = current_lang()
    by_type: dict[str, set[int]] = {}
    for e in entries:
        by_type.setdefault(e.object_type, set()).add(e.object_id)
    records: dict[tuple[str, int], Record] = {}
    for object_type, ids in by_type.items():
        resolver = RESOLVERS.get(object_type)
        if resolver is not None:
            for pk, record in resolver(ids, kind_name(object_type)).items():
                records[(object_type, pk)] = record
    roles = _roles(agency, {e.user_id for e in entries if e.user_id is not None})
    units = ({u.pk: u.name for u in m.Unit.objects.filter(agency=agency)}
             if any(e.field == "unit_id" for e in entries) else {})
    rows = []
    for e in entries:
        record = records.get((e.object_type, e.object_id))
        if record is None:
            record_text = _join(kind_name(e.object_type), _("catatan sudah dihapus") if e.object_type in RESOLVERS
                                else "")
        else:
            record_text = record.text
        user = e.user
        rows.append(Row(
            entry=e,
            at=date_format(timezone.localtime(e.at), "j F Y H:i"),
            who=(user.get_full_name() or user.username) if user else _("sistem"),
            username=user.username if user else "",
            role=roles.get(e.user_id, ""),
            action=action_words(e.action),
            kind=kind_name(e.object_type),
            record=record_text,
            field=field_words(e),
            old=value_words(e, e.old, lang, units),
            new=value_words(e, e.new, lang, units),
            reason=e.reason,
            history_url=_history_url(base_url, e, record) if base_url else "",
        ))
    return rows


def _history_url(base_url: str, entry: AuditEntry, record: Record | None) -> str:
    """The trail filtered to the figure this entry is about: its indicator (or element) and period."""
    if record is not None and (record.indicator_id or record.element_id):
        query = {"indikator": record.indicator_id} if record.indicator_id else {"unsur": record.element_id}
        if record.year is not None:
            query["tahun"] = record.year
        if record.quarter:
            query["triwulan"] = record.quarter
        return f"{base_url}?{urlencode(query)}"
    return f"{base_url}?{urlencode({'type': entry.object_type, 'id': entry.object_id})}"


# -- filters ------------------------------------------------------------------------------------------------------

class AuditFilterForm(forms.Form):
    orang = forms.TypedChoiceField(label=gettext_lazy("Orang"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=gettext_lazy("Unit"), required=False, coerce=int, empty_value=None)
    tahun = forms.IntegerField(label=gettext_lazy("Tahun"), required=False, min_value=2000, max_value=2100)
    triwulan = forms.TypedChoiceField(label=gettext_lazy("Triwulan"), required=False, coerce=int, empty_value=None,
                                      choices=[("", "—"), (1, "TW 1"), (2, "TW 2"), (3, "TW 3"), (4, "TW 4")])
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis perubahan"), required=False)
    indikator = forms.TypedChoiceField(label=gettext_lazy("Indikator"), required=False, coerce=int,
                                       empty_value=None)
    unsur = forms.IntegerField(label=gettext_lazy("Unsur rencana"), required=False, min_value=1,
                               max_value=BIGGEST_KEY, widget=forms.HiddenInput)
    type = forms.ChoiceField(label=gettext_lazy("Jenis catatan"), required=False, widget=forms.HiddenInput)
    id = forms.IntegerField(label=gettext_lazy("Nomor catatan"), required=False, min_value=1,
                            max_value=BIGGEST_KEY, widget=forms.HiddenInput)

    def __init__(self, data, agency: m.Agency):
        super().__init__(data)
        users = get_user_model().objects.filter(
            pk__in=AuditEntry.objects.filter(agency=agency).values("user")).order_by("first_name", "username")
        self.fields["orang"].choices = [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in users]
        self.fields["unit"].choices = [("", "—")] + [(u.pk, u.name) for u in agency.units.order_by("name")]
        self.fields["jenis"].choices = [("", "—")] + [(k, str(v.label)) for k, v in CHANGE_KINDS.items()]
        indicators = (m.Indicator.objects.filter(element__strategic_plan__agency=agency)
                      .select_related("element", "element__strategic_plan")
                      .order_by("-element__strategic_plan__first_year", "element__code", "position"))
        self.fields["indikator"].choices = [("", "—")] + [
            (i.pk, f"{_indicator_words(i)[:90]} ({i.element.strategic_plan.first_year}–"
                   f"{i.element.strategic_plan.last_year})") for i in indicators]
        self.fields["type"].choices = [("", "")] + [(t, t) for t in RESOLVERS]
        self.agency = agency

    def clean_unsur(self):
        pk = self.cleaned_data.get("unsur")
        if pk is None:
            return None
        element = (m.PlanElement.objects.filter(pk=pk, strategic_plan__agency=self.agency)
                   .only("pk", "code", "name").first())
        if element is None:
            raise forms.ValidationError(_("Unsur rencana tidak ditemukan."))
        return element


def _in(object_type: str, queryset) -> Q:
    return Q(object_type=object_type, object_id__in=queryset.values("pk"))


def _unit_filter(unit_id: int) -> Q:
    own = Q(indicator__unit_id=unit_id) | Q(indicator__unit__isnull=True, indicator__element__unit_id=unit_id)
    return (_in("plan.realisation", m.Realisation.objects.filter(own))
            | _in("plan.target", m.Target.objects.filter(own))
            | _in("plan.budget", m.Budget.objects.filter(element__unit_id=unit_id))
            | _in("plan.budgetrealisation", m.BudgetRealisation.objects.filter(element__unit_id=unit_id))
            | _in("realisation.quarterreport", QuarterReport.objects.filter(unit_id=unit_id))
            | _in("plan.planelement", m.PlanElement.objects.filter(unit_id=unit_id))
            | _in("plan.indicator", m.Indicator.objects.filter(Q(unit_id=unit_id)
                                                              | Q(unit__isnull=True, element__unit_id=unit_id))))


def _period_filter(year: int | None, quarter: int | None) -> Q:
    def period(field_name: str) -> dict:
        return {field_name: quarter} if quarter else {}

    years = {"year": year} if year else {}
    q = (_in("plan.realisation", m.Realisation.objects.filter(**years, **period("period")))
         | _in("plan.budgetrealisation", m.BudgetRealisation.objects.filter(**years, **period("period")))
         | _in("realisation.quarterreport", QuarterReport.objects.filter(**years, **period("quarter"))))
    if not quarter:
        q |= (_in("plan.target", m.Target.objects.filter(**years))
              | _in("plan.budget", m.Budget.objects.filter(**years))
              | _in("plan.revision", m.Revision.objects.filter(**years))
              | _in("plan.narrative", m.Narrative.objects.filter(**years))
              | _in("plan.issueddocument", m.IssuedDocument.objects.filter(**years)))
    return q


def _indicator_filter(indicator_id: int) -> Q:
    return (Q(object_type="plan.indicator", object_id=indicator_id)
            | _in("plan.realisation", m.Realisation.objects.filter(indicator_id=indicator_id))
            | _in("plan.target", m.Target.objects.filter(indicator_id=indicator_id))
            | _in("plan.narrative", m.Narrative.objects.filter(indicator_id=indicator_id)))


def _element_filter(element_id: int) -> Q:
    return (Q(object_type="plan.planelement", object_id=element_id)
            | _in("plan.budget", m.Budget.objects.filter(element_id=element_id))
            | _in("plan.budgetrealisation", m.BudgetRealisation.objects.filter(element_id=element_id)))


def filtered(agency: m.Agency, form: AuditFilterForm):
    """The agency's entries narrowed by the form's valid fields (an invalid one narrows nothing: it is reported)."""
    entries = AuditEntry.objects.filter(agency=agency)
    data = form.cleaned_data if form.is_bound else {}
    if data.get("orang"):
        entries = entries.filter(user_id=data["orang"])
    if data.get("unit"):
        entries = entries.filter(_unit_filter(data["unit"]))
    if data.get("tahun") or data.get("triwulan"):
        entries = entries.filter(_period_filter(data.get("tahun"), data.get("triwulan")))
    if data.get("jenis"):
        entries = entries.filter(action__in=CHANGE_KINDS[data["jenis"]].actions)
    if data.get("indikator"):
        entries = entries.filter(_indicator_filter(data["indikator"]))
    if data.get("unsur"):
        entries = entries.filter(_element_filter(data["unsur"].pk))
    if data.get("type") and data.get("id"):
        entries = entries.filter(object_type=data["type"], object_id=data["id"])
    return entries.select_related("user").order_by("-at", "-pk")


def _read_filters(request, agency: m.Agency) -> AuditFilterForm:
    keys = [name for name in AuditFilterForm.base_fields if name in request.GET]
    form = AuditFilterForm({k: request.GET.get(k, "") for k in keys} if keys else None, agency)
    if form.is_bound:
        form.is_valid()
        for name in list(form.errors):
            form.cleaned_data.pop(name, None)
    return form


# -- the page and its downloads -----------------------------------------------------------------------------------

@login_required
@require_GET
@requires(Capability.READ_AUDIT)
def audit_trail(request, agency: m.Agency):
    """The audit trail of the agency for the pemeriksa: filtered, paginated, or downloaded (?unduh=xlsx|csv)."""
    form = _read_filters(request, agency)
    entries = filtered(agency, form)
    fmt = request.GET.get("unduh")
    if fmt in ("xlsx", "csv"):
        return _download(agency, entries, fmt)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("halaman"))
    base_url = reverse("audit-trail", args=[agency.slug])
    query = {k: v for k, v in request.GET.items() if k not in ("halaman", "unduh") and v and k not in form.errors}
    unsur = form.cleaned_data.get("unsur") if form.is_bound else None
    return render(request, "web/audit_trail.html", {
        "agency": agency,
        "form": form,
        "page": page,
        "rows": readable(page.object_list, agency, base_url),
        "query": urlencode(query),
        "filtered": bool(query),
        "unsur": unsur,
        "problems": [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()],
        "unknown_format": fmt not in (None, "", "xlsx", "csv"),
    })


def _download(agency: m.Agency, entries, fmt: str) -> HttpResponse:
    rows: list[list[str]] = []
    chunk: list[AuditEntry] = []
    for entry in entries[:EXPORT_LIMIT].iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(entry)
        if len(chunk) == EXPORT_CHUNK:
            rows.extend(row.cells() for row in readable(chunk, agency))
            chunk = []
    rows.extend(row.cells() for row in readable(chunk, agency))
    stamp = timezone.localdate().isoformat()
    filename = f"jejak-audit-{agency.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        from kinerja.reports.csv_export import write_csv

        payload, content_type = write_csv(columns(), rows), "text/csv; charset=utf-8"
    else:
        payload = _xlsx(agency, rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx(agency: m.Agency, rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from kinerja.reports.csv_export import workbook_bytes

    wb = Workbook()
    ws = wb.active
    ws.title = _("Jejak audit")[:31]
    ws.append([f"{_('Jejak audit')} — {agency.name}"])
    ws.append(columns())
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for letter, width in zip("ABCDEFGHI", (18, 28, 28, 24, 60, 20, 24, 24, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    return workbook_bytes(wb)


def audit_link(user, agency: m.Agency, **filters) -> str:
    """The trail filtered as given, for those who may read it; '' for everyone else (no link is shown)."""
    return audit_url(agency, **filters) if can(user, Capability.READ_AUDIT, agency) else ""


def audit_url(agency: m.Agency, **filters) -> str:
    """The trail filtered as given, whoever asks: for a caller that has already checked the reader may follow it."""
    query = {k: v for k, v in filters.items() if v not in (None, "", 0)}
    url = reverse("audit-trail", args=[agency.slug])
    return f"{url}?{urlencode(query)}" if query else url

