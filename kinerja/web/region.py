"""The admin pemda's pages: the region's dashboard across agencies, and its users and their roles."""

from __future__ import annotations

import secrets
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import Membership, Role
from kinerja.accounts.permissions import Capability, memberships_of
from kinerja.engine import format_percent
from kinerja.plan import models as m
from kinerja.realisation.models import QuarterReport
from kinerja.realisation.services import audit
from kinerja.reports.evaluation_html import PREDIKAT_CSS
from kinerja.reports.lang import current_lang
from kinerja.reports.summary import evaluation_briefs
from kinerja.web.forms import (
    AgencyForm,
    MemberForm,
    ReasonForm,
    ScaleForm,
    StrategicPlanForm,
    UnitForm,
    refuse,
)


def requires_region(view):
    """The ``region`` slug must name a region the user administers (MANAGE_REGION); else 404."""

    @wraps(view)
    def wrapped(request, region: str, *args, **kwargs):
        region_obj = m.Region.objects.filter(slug=region).first()
        administers = region_obj is not None and any(
            ms.role == Role.ADMIN_PEMDA and ms.region_id == region_obj.pk for ms in memberships_of(request.user))
        if not administers:
            raise Http404("Wilayah tidak ditemukan")
        return view(request, region_obj, *args, **kwargs)

    wrapped.required_capability = Capability.MANAGE_REGION
    return wrapped


@login_required
@require_GET
@requires_region
def region_dashboard(request, region: m.Region, year: int):
    lang = current_lang()
    lines = []
    # The quarter reports' and units' counts of every agency in two queries, not three per agency.
    reports = {row["agency"]: row for row in QuarterReport.objects.filter(agency__region=region, year=year)
               .values("agency").annotate(approved=Count("pk", filter=Q(status="approved")),
                                          late=Count("pk", filter=Q(submitted_late=True)))}
    agencies = list(region.agencies.annotate(unit_count=Count("units")).order_by("name"))
    briefs = evaluation_briefs(agencies, year)
    for agency in agencies:
        brief = briefs[agency.pk]
        if brief.error:
            lines.append({"agency": agency, "note": brief.error})
            continue
        counts = reports.get(agency.pk, {})
        lines.append({
            "agency": agency,
            "k": format_percent(brief.average_k, 2, lang) if brief.average_k is not None else "—",
            "rp": format_percent(brief.average_rp, 2, lang) if brief.average_rp is not None else "—",
            "predikat": brief.predikat or "—",
            "css": PREDIKAT_CSS.get(brief.predikat, "") if brief.predikat else "",
            "approved": counts.get("approved", 0),
            "late": counts.get("late", 0),
            "units": agency.unit_count,
        })
    return render(request, "web/region_dashboard.html", {"region": region, "year": year, "lines": lines})


@login_required
@require_http_methods(["GET", "POST"])
@requires_region
def region_users(request, region: m.Region):
    """Users of the region's agencies and their roles; the admin pemda adds users and memberships."""
    agencies = list(region.agencies.order_by("name"))
    errors = {}
    if request.method == "POST":
        errors = _add_member(request, region, agencies)
        if not errors:
            return redirect("region-users", region.slug)
    memberships = (Membership.objects.filter(agency__in=agencies) | Membership.objects.filter(region=region)) \
        .select_related("user", "agency", "unit").order_by("user__username")
    return render(request, "web/region_users.html", {
        "region": region, "agencies": agencies, "memberships": memberships, "roles": Role.choices,
        "units": m.Unit.objects.filter(agency__in=agencies).select_related("agency"), "errors": errors,
        "posted": request.POST,
    })


def _add_member(request, region, agencies) -> dict[str, str]:
    form = MemberForm(request.POST)
    if not form.is_valid():
        return refuse(request, form)
    data = form.cleaned_data
    username, role = data["username"], data["role"]
    agency = next((a for a in agencies if a.slug == data["agency"]), None)
    unit = m.Unit.objects.filter(agency=agency, key=data["unit"]).first() if agency else None
    errors = {}
    if agency is None:
        errors["agency"] = "pilih perangkat daerah wilayah ini"
    if role == Role.OPERATOR and unit is None:
        errors["unit"] = "operator memerlukan unit"
    if errors:
        return errors
    with transaction.atomic():
        user, created = get_user_model().objects.get_or_create(username=username,
                                                               defaults={"first_name": data["name"]})
        if not created and user.memberships.exclude(agency__region=region).exists():
            return {"username": "pengguna ini terdaftar di wilayah lain"}
        if created:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            messages.warning(request, f"Kata sandi awal {username}: {password} — sampaikan secara langsung; "
                                      "tidak akan ditampilkan lagi.")
        membership = Membership.objects.create(user=user, role=role, agency=agency,
                                               unit=unit if role == Role.OPERATOR else None)
        audit(request.user, agency, "tambah peran", membership, "role", "", f"{username}: {role}", data["reason"])
    messages.success(request, f"{username} kini {membership.get_role_display()} di {agency}.")
    return {}


@login_required
@require_POST
@requires_region
def region_membership_remove(request, region: m.Region, membership: int):
    target = Membership.objects.filter(pk=membership, agency__region=region).select_related("agency", "user").first()
    if target is None:
        raise Http404("Keanggotaan tidak ditemukan")
    if target.user_id == request.user.pk:
        raise PermissionDenied("Tidak dapat mencabut peran sendiri")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        refuse(request, form)
        return redirect("region-users", region.slug)
    with transaction.atomic():
        audit(request.user, target.agency, "cabut peran", target, "role", f"{target.user.username}: {target.role}",
              "", form.cleaned_data["reason"])
        target.delete()
    messages.success(request, "Peran dicabut.")
    return redirect("region-users", region.slug)


def regions_administered(user) -> list[m.Region]:
    ids = [ms.region_id for ms in memberships_of(user) if ms.role == Role.ADMIN_PEMDA]
    return list(m.Region.objects.filter(pk__in=ids).prefetch_related("agencies"))



FORMS = {"agency": AgencyForm, "unit": UnitForm, "renstra": StrategicPlanForm, "scale": ScaleForm}


@login_required
@require_http_methods(["GET", "POST"])
@requires_region
def region_settings(request, region: m.Region):
    """Agencies, their units, Renstra periods and category scales of the region."""
    kind = request.POST.get("form") if request.method == "POST" else None
    forms_ = {}
    for name, form_class in FORMS.items():
        data = request.POST if kind == name else None
        forms_[name] = form_class(data, prefix=name) if name == "agency" else form_class(data, prefix=name,
                                                                                         region=region)
    reason = ReasonForm(request.POST)
    if kind in FORMS and forms_[kind].is_valid() and reason.is_valid():
        obj = _add_setting(request, region, kind, forms_[kind], reason.cleaned_data["reason"])
        messages.success(request, f"Ditambahkan: {obj}")
        return redirect("region-settings", region.slug)
    if kind in FORMS and not reason.is_valid():
        refuse(request, reason)
    agencies = region.agencies.prefetch_related("units", "strategic_plans", "scales").order_by("name")
    return render(request, "web/region_settings.html", {"region": region, "agencies": agencies, "forms": forms_})


def _add_setting(request, region: m.Region, kind: str, form, reason: str):
    """Save one of the settings forms (validated), audited, in one transaction."""
    with transaction.atomic():
        if kind == "agency":
            obj = form.save(commit=False)
            obj.region = region
            obj.save()
            agency = obj
        elif kind == "scale":
            agency = form.cleaned_data["agency"]
            obj = m.CategoryScale.objects.create(agency=agency, key=form.cleaned_data["key"],
                                                 name=form.cleaned_data["name"],
                                                 categories=form.cleaned_data["categories"])
        else:
            obj = form.save()
            agency = obj.agency
        audit(request.user, agency, f"tambah {kind}", obj, "name", "", str(obj), reason)
    return obj
