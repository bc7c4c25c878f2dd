"""What each role may do, checked on the server for every view and every write.

A capability is granted by a membership whose scope covers the object: a region (admin pemda), an agency, or one
unit of it (operator). Views ask through ``can`` or the ``requires`` decorator; nothing else decides access.
"""

from __future__ import annotations

import enum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Role


class Capability(enum.StrEnum):
    READ_AGENCY = "read_agency"  # the agency's plan, realisations and reports
    READ_UNIT = "read_unit"  # one unit's indicators and values
    EDIT_PLAN = "edit_plan"  # Renstra, Renja, PK, targets, pagu, narrative
    ENTER_REALISATION = "enter_realisation"  # the unit's own realisations, K and Rp, and submit
    VERIFY = "verify"
    APPROVE = "approve"
    READ_AUDIT = "read_audit"
    MANAGE_REGION = "manage_region"  # agencies, users, periods, scales
    ISSUE_DOCUMENT = "issue_document"  # freeze a Renja or LKjIP as issued: the perencana prepares it, the kepala signs


GRANTS: dict[Role, frozenset[Capability]] = {
    Role.ADMIN_PEMDA: frozenset({Capability.READ_AGENCY, Capability.READ_UNIT, Capability.MANAGE_REGION}),
    Role.PERENCANA: frozenset({Capability.READ_AGENCY, Capability.READ_UNIT, Capability.EDIT_PLAN,
                               Capability.VERIFY, Capability.ISSUE_DOCUMENT}),
    Role.OPERATOR: frozenset({Capability.READ_UNIT, Capability.ENTER_REALISATION}),
    Role.KEPALA: frozenset({Capability.READ_AGENCY, Capability.READ_UNIT, Capability.APPROVE,
                            Capability.ISSUE_DOCUMENT}),
    Role.PEMERIKSA: frozenset({Capability.READ_AGENCY, Capability.READ_UNIT, Capability.READ_AUDIT}),
}


def _covers(membership: Membership, agency, unit) -> bool:
    if membership.role == Role.ADMIN_PEMDA:
        return membership.region_id == agency.region_id
    if membership.agency_id != agency.pk:
        return False
    if membership.role == Role.OPERATOR:
        return unit is not None and membership.unit_id == unit.pk
    return True


def memberships_of(user) -> list[Membership]:
    """The user's memberships, fetched once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_kinerja_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._kinerja_memberships = cached
    return cached


def can(user, capability: Capability, agency, unit=None) -> bool:
    """Whether ``user`` may do ``capability`` on ``agency`` (and, for per-unit work, ``unit`` of it)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if unit is not None and unit.agency_id != agency.pk:
        return False
    return any(capability in GRANTS[Role(m.role)] and _covers(m, agency, unit) for m in memberships_of(user))


def units_for(user, capability: Capability, agency) -> list:
    """The units of ``agency`` on which ``user`` has ``capability`` (all of them for agency-wide roles)."""
    return [unit for unit in agency.units.all() if can(user, capability, agency, unit)]


def requires(capability: Capability):
    """View decorator: the view's ``agency`` slug must name an agency the user may see (else 404) and on which
    the user has ``capability`` (else 403). The view receives the Agency object instead of the slug."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, agency: str, *args, **kwargs):
            from kinerja.plan.models import Agency

            try:
                agency_obj = Agency.objects.visible_to(request.user).select_related("region").get(slug=agency)
            except Agency.DoesNotExist:
                raise Http404("Perangkat daerah tidak ditemukan") from None
            if capability in (Capability.READ_UNIT, Capability.ENTER_REALISATION):
                allowed = bool(units_for(request.user, capability, agency_obj))
            else:
                allowed = can(request.user, capability, agency_obj)
            if not allowed:
                raise PermissionDenied("Peran Anda tidak mengizinkan tindakan ini")
            return view(request, agency_obj, *args, **kwargs)

        wrapped.required_capability = capability
        return wrapped

    return decorator
