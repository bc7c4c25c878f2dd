"""Reading and editing the plan: search by code or name, element attributes, targets and pagu per revision."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.permissions import Capability, can, requires
from kinerja.engine import NumberKind
from kinerja.plan import models as m
from kinerja.plan.services import (
    CHILD_LEVEL,
    PlanEditError,
    create_element,
    create_perubahan,
    current_narratives,
    latest_revision,
    save_narrative,
    set_values,
    update_element,
    update_indicator,
)
from kinerja.reports.lang import current_lang
from kinerja.web.entry import shown_number
from kinerja.web.forms import (
    ElementCreateForm,
    ElementForm,
    IndicatorForm,
    NarrativeForm,
    RevisionForm,
    ValuesForm,
    VersionedForm,
    refuse,
)

PAGE_SIZE = 50


def _element(agency: m.Agency, pk: int) -> m.PlanElement:
    try:
        return m.PlanElement.objects.select_related("strategic_plan", "parent", "unit").get(
            pk=pk, strategic_plan__agency=agency)
    except m.PlanElement.DoesNotExist:
        raise Http404("Unsur rencana tidak ditemukan") from None


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def plan_browser(request, agency: m.Agency):
    query = " ".join(request.GET.get("q", "").split())
    elements = m.PlanElement.objects.filter(strategic_plan__agency=agency).select_related("unit", "strategic_plan")
    if query:
        elements = elements.filter(Q(code__icontains=query) | Q(name__icontains=query) | Q(key__iexact=query))
    page = Paginator(elements.order_by("strategic_plan__first_year", "position", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "web/plan_browser.html", {
        "agency": agency, "page": page, "query": query,
        "may_edit": can(request.user, Capability.EDIT_PLAN, agency),
        "plans": agency.strategic_plans.all(), "units": agency.units.all(),
    })


@login_required
@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PLAN)
def element_edit(request, agency: m.Agency, element: int):
    obj = _element(agency, element)
    errors = {}
    if request.method == "POST":
        errors = _save_element(request, obj)
        if not errors:
            messages.success(request, _("Unsur rencana disimpan."))
            return redirect("element-edit", agency.slug, obj.pk)
    years = sorted(set(m.Revision.objects.filter(agency=agency, document="renja").values_list("year", flat=True)))
    child_level = CHILD_LEVEL.get(obj.level)
    return render(request, "web/element_edit.html", {
        "agency": agency, "element": obj, "units": agency.units.all(), "errors": errors, "posted": request.POST,
        "years": years, "child_level": m.Level(child_level).label if child_level else None,
        "children": obj.children.order_by("position"),
    })


def _save_element(request, obj: m.PlanElement) -> dict[str, str]:
    form = ElementForm(request.POST)
    if not form.is_valid():
        return refuse(request, form)
    data = form.cleaned_data
    try:
        update_element(request.user, obj, name=data["name"], code=data["code"], unit_key=data["unit"],
                       version=data["version"], reason=data["reason"])
    except PlanEditError as exc:
        return exc.errors
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    return {}


@login_required
@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PLAN)
def element_values(request, agency: m.Agency, element: int, year: int):
    """The Renja's targets and pagu for ``year`` and its prakiraan maju for ``year + 1``."""
    obj = _element(agency, element)
    revision = latest_revision(agency, m.Revision.Document.RENJA, year)
    if revision is None:
        raise Http404(f"Belum ada Renja {year}")
    indicators = list(obj.indicators.all())
    sections = {"renja": (m.PlanKind.RENJA, year), "forward": (m.PlanKind.FORWARD, year + 1)}
    errors, posted_section = {}, "renja"
    if request.method == "POST":
        form = ValuesForm(request.POST, indicators=indicators)
        posted_section = form.posted_section()
        errors = _save_values(request, form, obj, revision, sections[posted_section])
        if not errors:
            return redirect("element-values", agency.slug, obj.pk, year)
    return render(request, "web/element_values.html", {
        "agency": agency, "element": obj, "year": year, "revision": revision,
        "sections": _value_sections(request, obj, revision, indicators, sections, errors, posted_section),
    })


def _save_values(request, form: ValuesForm, obj, revision, section: tuple[str, int]) -> dict[str, str]:
    """Validate, then set one section's targets and pagu; the errors, none when saved."""
    if not form.is_valid():
        return refuse(request, form)
    kind, target_year = section
    try:
        warnings = set_values(request.user, obj, revision, target_year, targets=form.posted_targets(),
                              pagu=form.posted_pagu(), versions=form.versions(),
                              reason=form.cleaned_data["reason"], kind=kind)
    except PlanEditError as exc:
        return exc.errors
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, _("Target dan pagu %(year)s disimpan pada %(revision)s.") % {
        "year": target_year, "revision": revision})
    for warning in warnings:
        messages.warning(request, warning)
    return {}


def _value_sections(request, obj, revision, indicators, sections, errors, posted_section) -> list[dict]:
    forms_ = []
    for name, (kind, target_year) in sections.items():
        current = {t.indicator_id: t for t in m.Target.objects.filter(
            indicator__in=indicators, revision=revision, kind=kind, year=target_year)}
        budget = m.Budget.objects.filter(element=obj, revision=revision, kind=kind, year=target_year).first()
        forms_.append({
            "name": name, "year": target_year, "rows": [(ind, current.get(ind.pk)) for ind in indicators],
            # In the reader's format ("87.500.000"), chosen so that the text reads back to exactly the stored amount.
            "budget": budget, "pagu_value": shown_number(budget.amount, NumberKind.RUPIAH, current_lang())
            if budget and budget.amount is not None else None,
            "errors": errors if name == posted_section else {},
            "posted": request.POST if name == posted_section else {},
        })
    return forms_


@login_required
@require_POST
@requires(Capability.EDIT_PLAN)
def revision_create(request, agency: m.Agency, year: int):
    """Every field validated before the perubahan is created, in one transaction: a malformed request creates
    nothing, so a retry cannot make a second one."""
    form = RevisionForm(request.POST)
    if not form.is_valid():
        refuse(request, form)
        return redirect("plan-browser", agency.slug)
    element = form.cleaned_data["element"]
    if element is not None and not m.PlanElement.objects.filter(pk=element, strategic_plan__agency=agency).exists():
        element = None
    try:
        with transaction.atomic():
            revision = create_perubahan(request.user, agency, year, form.cleaned_data["reason"])
    except PlanEditError as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, f"{revision} dibuat; Renja murni tetap tersimpan.")
    if element is not None:
        return redirect("element-values", agency.slug, element, year)
    return redirect("plan-browser", agency.slug)


@login_required
@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PLAN)
def indicator_edit(request, agency: m.Agency, indicator: int):
    try:
        obj = m.Indicator.objects.select_related("element", "element__strategic_plan").get(
            pk=indicator, element__strategic_plan__agency=agency)
    except m.Indicator.DoesNotExist:
        raise Http404("Indikator tidak ditemukan") from None
    form = IndicatorForm(request.POST or None, instance=obj, agency=agency)
    errors = {}
    if request.method == "POST":
        errors = _save_indicator(request, form, obj)
        if not errors:
            messages.success(request, _("Indikator disimpan."))
            return redirect("indicator-edit", agency.slug, obj.pk)
    return render(request, "web/indicator_edit.html", {"agency": agency, "indicator": obj, "form": form,
                                                       "errors": errors, "reason": request.POST.get("reason", "")})


def _save_indicator(request, form: IndicatorForm, obj: m.Indicator) -> dict[str, str]:
    """The indicator's attributes (IndicatorForm) and the version and reason beside them, validated, then saved."""
    meta = VersionedForm(request.POST)
    if not meta.is_valid():
        form.is_valid()  # its own errors are shown beside its fields
        return refuse(request, meta)
    if not form.is_valid():
        return {"form": _("Tidak ada yang disimpan: periksa isian yang ditandai.")}
    try:
        update_indicator(request.user, m.Indicator.objects.get(pk=obj.pk), form.cleaned_data,
                         version=meta.cleaned_data["version"], reason=meta.cleaned_data["reason"])
    except PlanEditError as exc:
        return exc.errors
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    return {}


@login_required
@require_POST
@requires(Capability.EDIT_PLAN)
def element_create(request, agency: m.Agency, plan: int):
    """Add a tujuan to a Renstra (no parent) or an element under ``?parent=``: the level follows the parent."""
    plan_obj = m.StrategicPlan.objects.filter(pk=plan, agency=agency).first()
    if plan_obj is None:
        raise Http404("Renstra tidak ditemukan")
    form = ElementCreateForm(request.POST)
    if not form.is_valid():
        refuse(request, form)
        return redirect("plan-browser", agency.slug)
    data = form.cleaned_data
    parent = None
    if data["parent"] is not None:
        parent = m.PlanElement.objects.filter(pk=data["parent"], strategic_plan=plan_obj).first()
        if parent is None:
            raise Http404("Unsur induk tidak ditemukan")
    try:
        element = create_element(request.user, plan_obj, parent, name=data["name"], code=data["code"],
                                 unit_key=data["unit"], reason=data["reason"])
    except PlanEditError as exc:
        messages.error(request, "Tidak ditambahkan: " + "; ".join(exc.errors.values()))
        return redirect("element-edit", agency.slug, parent.pk) if parent else redirect("plan-browser", agency.slug)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, f"{element.get_level_display()} ditambahkan.")
    return redirect("element-edit", agency.slug, element.pk)


@login_required
@require_http_methods(["GET", "POST"])
@requires(Capability.READ_AGENCY)
def narrative(request, agency: m.Agency, year: int, document: str = "", indicator: int | None = None):
    """An indicator's analysis for a year, or a document's chapters: read by all, written by the perencana."""
    ind = None
    if indicator is not None:
        ind = m.Indicator.objects.filter(pk=indicator, element__strategic_plan__agency=agency).select_related(
            "element").first()
        if ind is None:
            raise Http404("Indikator tidak ditemukan")
        sections = [(s, m.Narrative.Section(s).label) for s in m.Narrative.INDICATOR_SECTIONS]
    else:
        if document not in m.Narrative.Document.values:
            raise Http404("Dokumen tidak dikenal")
        sections = [(s.value, s.label) for s in m.Narrative.Section if s.value not in m.Narrative.INDICATOR_SECTIONS]
    may_edit = can(request.user, Capability.EDIT_PLAN, agency)
    errors = {}
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Hanya perencana yang dapat mengubah narasi")
        errors = _save_narrative(request, agency, year, ind, document)
        if not errors:
            messages.success(request, "Narasi disimpan sebagai versi baru.")
            return redirect(request.path)
    current = current_narratives(agency, year, indicator=ind, document="" if ind else document)
    # The drafts generated from the data, offered only to who may write the narrative (they fill its text area).
    drafts = {}
    if may_edit:
        drafts = _narrative_drafts(agency, document, year) if ind is None else _analysis_draft(ind, year)
    filled = request.GET.get("draf", "")
    return render(request, "web/narrative.html", {
        "agency": agency, "year": year, "indicator": ind, "document": document, "may_edit": may_edit,
        "sections": [(key, label, current.get(key), drafts.get(key, ""), filled == key and key in drafts)
                     for key, label in sections], "errors": errors,
    })


def _narrative_drafts(agency: m.Agency, document: str, year: int) -> dict[str, str]:
    from kinerja.documents.drafts import document_drafts

    try:
        return document_drafts(agency, document, year)
    except Exception:  # a draft is a convenience: its failure must not stop the planner writing (it is logged)
        logging.getLogger(__name__).exception("draf naskah %s %s %s tidak dapat disusun", agency.slug, document, year)
        return {}


def _analysis_draft(ind: m.Indicator, year: int) -> dict[str, str]:
    from kinerja.documents.drafts import indicator_analysis_draft

    try:
        text = indicator_analysis_draft(ind, year)
    except Exception:  # as for a document's drafts: logged, and the planner still writes
        logging.getLogger(__name__).exception("draf analisis indikator %s %s tidak dapat disusun", ind.pk, year)
        return {}
    return {m.Narrative.Section.ANALYSIS.value: text} if text else {}


def _save_narrative(request, agency: m.Agency, year: int, ind: m.Indicator | None, document: str) -> dict[str, str]:
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        return refuse(request, form)
    data = form.cleaned_data
    try:
        save_narrative(request.user, agency, year, data["section"], data["text"], indicator=ind,
                       document="" if ind else document, based_on=data["based_on"] or 0, reason=data["reason"])
    except PlanEditError as exc:
        return exc.errors
    return {}
