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
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import Membership, Role
from kinerja.accounts.permissions import Capability, memberships_of
from kinerja.engine import format_percent
from kinerja.engine.predikat import predikat_text
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
    RevokeForm,
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
            "predikat": predikat_text(brief.predikat, lang) if brief.predikat else "—",
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
    """Users of the region's agencies and their roles; the admin pemda adds users and memberships. A refused form is
    shown again bound to what was sent: every value entered (the role above all) stays as it was chosen."""
    form = MemberForm(request.POST if request.method == "POST" else None, region=region)
    if request.method == "POST":
        if form.is_valid() and _add_member(request, region, form):
            return redirect("region-users", region.slug)
        if form.errors:
            refuse(request, form)
    agencies = list(region.agencies.order_by("name"))
    memberships = (Membership.objects.filter(agency__in=agencies) | Membership.objects.filter(region=region)) \
        .select_related("user", "agency", "unit").order_by("user__username")
    return render(request, "web/region_users.html", {"region": region, "memberships": memberships, "form": form})


def _add_member(request, region: m.Region, form: MemberForm) -> bool:
    """Add the membership of a validated form, audited, in one transaction; False (the error on the form) when the
    user belongs to another region."""
    data = form.cleaned_data
    username, role, agency = data["username"], data["role"], data["agency"]
    unit = data["unit_obj"] if role == Role.OPERATOR else None
    with transaction.atomic():
        # get_or_create: two admins adding the same new name at once make one user, not a database error.
        user, created = get_user_model().objects.get_or_create(username=username,
                                                               defaults={"first_name": data["name"]})
        if not created and user.memberships.exclude(agency__region=region).exists():
            form.add_error("username", gettext("pengguna ini terdaftar di wilayah lain"))
            return False
        if created:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            messages.warning(request, gettext(
                "Kata sandi awal %(user)s: %(password)s — sampaikan secara langsung; tidak akan ditampilkan lagi.")
                % {"user": username, "password": password})
        membership = Membership.objects.create(user=user, role=role, agency=agency, unit=unit)
        audit(request.user, agency, "tambah peran", membership, "role", "", f"{username}: {role}", data["reason"])
    messages.success(request, gettext("%(user)s kini %(role)s di %(place)s.") % {
        "user": username, "role": membership.get_role_display(), "place": _place(membership)})
    return True


def _place(membership: Membership) -> str:
    """Where a membership applies, as a person says it: the unit and its agency, or the agency."""
    if membership.unit_id:
        return f"{membership.unit.name} — {membership.agency.name}"
    return membership.agency.name if membership.agency_id else ""


def _person(user) -> str:
    return f"{user.first_name} ({user.username})" if user.first_name else user.username


@login_required
@require_POST
@requires_region
def region_membership_remove(request, region: m.Region, membership: int):
    """Revoke a membership, in two steps: a POST without ``confirm=1`` only shows what will happen (with Confirm and
    Cancel, no script needed) and writes nothing; the confirmed POST revokes it, audited."""
    target = Membership.objects.filter(pk=membership, agency__region=region).select_related(
        "agency", "user", "unit").first()
    if target is None:
        raise Http404("Keanggotaan tidak ditemukan")
    if target.user_id == request.user.pk:
        raise PermissionDenied("Tidak dapat mencabut peran sendiri")
    form = RevokeForm(request.POST)
    if form.is_valid() and form.cleaned_data["confirm"] == "1":
        with transaction.atomic():
            audit(request.user, target.agency, "cabut peran", target, "role",
                  f"{target.user.username}: {target.role}", "", form.cleaned_data["reason"])
            target.delete()
        messages.success(request, gettext("Akses %(user)s sebagai %(role)s di %(place)s dicabut.") % {
            "user": _person(target.user), "role": target.get_role_display(), "place": _place(target)})
        return redirect("region-users", region.slug)
    if form.errors:
        refuse(request, form)
    what = gettext("Mencabut akses %(user)s sebagai %(role)s di %(place)s.") % {
        "user": _person(target.user), "role": target.get_role_display(), "place": _place(target)}
    return render(request, "web/region_membership_remove.html", {
        "region": region, "membership": target, "what": what, "form": form})


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
        messages.success(request, gettext("Ditambahkan: %(what)s") % {"what": obj})
        return redirect("region-settings", region.slug)
    if kind in FORMS and not reason.is_valid():
        refuse(request, reason)
    agencies = region.agencies.prefetch_related("units", "strategic_plans", "scales").order_by("name")
    return render(request, "web/region_settings.html", {"region": region, "agencies": agencies, "forms": forms_,
                                                        "posted_form": kind, "reason": reason})


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
