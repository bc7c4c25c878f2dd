"""Kesetaraan satuan: declared equivalences of two spellings of a satuan, and the one canonicalisation that reads
stored units through them.

Values add and compare only when their units agree (RULES.md §2); the engine forgives case and spacing and
nothing else. A planner who knows that "Orang / Kali" and "Orang" are the one unit of an indicator printed two ways
declares it, with a reason; the declaration is data, audited, and applies to the agency (or, declared by the admin
pemda, to every agency of the region). Code never guesses a pair.

Every report reads stored values through ``canonicaliser(agency)`` (``reports.data.load_plan_data``), so the
engine stays unchanged and one mapping serves the projections, capaian and every sum across quarters and years.
The declarations are read afresh for every report, and a declaration's row moves the data version of each agency
it applies to (kinerja.dataversion), so a result stored under that version is recomputed: a declaration or a
withdrawal changes the next report at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from kinerja.accounts.permissions import Capability, can
from kinerja.engine import normalise_unit
from kinerja.realisation.services import audit

from . import models as m

__all__ = ["Canon", "UnitDeclarationError", "canonicaliser", "declarations_for", "declare", "record", "withdraw"]

UNIT_LENGTH = m.MeasureUnitEquivalence._meta.get_field("unit").max_length
DECLARE = "nyatakan kesetaraan satuan"
WITHDRAW = "tarik kesetaraan satuan"


class UnitDeclarationError(Exception):
    """A declaration that cannot be saved (empty, a cycle, a contradiction …); nothing was saved."""


@dataclass(frozen=True)
class Canon:
    """Reads a unit as its declared canonical spelling: the end of the chain of declarations it starts."""

    edges: dict[str, m.MeasureUnitEquivalence] = field(default_factory=dict)  # normalised unit → its declaration

    def __call__(self, unit: str | None) -> str | None:
        chain = self.chain(unit)
        return chain[-1].same_as if chain else unit

    def chain(self, unit: str | None) -> list[m.MeasureUnitEquivalence]:
        """The declarations that lead from ``unit`` to its canonical spelling (empty when none applies)."""
        found, seen, key = [], set(), normalise_unit(unit)
        while key in self.edges and key not in seen:  # a cycle cannot be saved; the guard keeps a bad row harmless
            seen.add(key)
            declaration = self.edges[key]
            found.append(declaration)
            key = normalise_unit(declaration.same_as)
        return found

    def explain(self, unit: str | None) -> str:
        """"Orang / Kali = Orang" — the declarations that settle ``unit``, for a finding or a page."""
        chain = self.chain(unit)
        return " = ".join([chain[0].unit, *(d.same_as for d in chain)]) if chain else ""

    def __bool__(self) -> bool:
        return bool(self.edges)


def _edges(declarations) -> dict[str, m.MeasureUnitEquivalence]:
    return {normalise_unit(d.unit): d for d in declarations}


def canonicaliser(agency: m.Agency) -> Canon:
    """The declarations in force for the agency, its region's and its own, in one query (the agency's come last,
    so where both exist — which ``declare`` refuses — the agency's would be the one read)."""
    declarations = (m.MeasureUnitEquivalence.objects.filter(Q(region_id=agency.region_id) | Q(agency=agency))
                    .select_related("region", "agency").order_by(F("agency_id").asc(nulls_first=True), "pk"))
    return Canon(_edges(declarations))


def declarations_for(agency: m.Agency) -> list[m.MeasureUnitEquivalence]:
    """The agency's own declarations and its region's, region first, each alphabetically."""
    return [*m.MeasureUnitEquivalence.objects.filter(region_id=agency.region_id).select_related("region",
                                                                                               "declared_by"),
            *m.MeasureUnitEquivalence.objects.filter(agency=agency).select_related("agency", "declared_by")]


def may_declare(user, agency: m.Agency) -> bool:
    return can(user, Capability.EDIT_PLAN, agency)


def may_declare_for_region(user, region: m.Region) -> bool:
    agency = region.agencies.first()
    return agency is not None and can(user, Capability.MANAGE_REGION, agency)


def _scope_label(declaration: m.MeasureUnitEquivalence) -> str:
    if declaration.region_id is not None:
        return _("Pemda %(name)s") % {"name": declaration.region.name}
    return declaration.agency.name


@transaction.atomic
def declare(user, *, unit: str, same_as: str, reason: str, agency: m.Agency | None = None,
            region: m.Region | None = None) -> m.MeasureUnitEquivalence:
    """Declare that ``unit`` is the same unit as ``same_as`` for the agency or, with ``region``, its whole Pemda.

    Refused (PermissionError, or UnitDeclarationError with an Indonesian message; nothing saved) when the user may
    not, a field is empty or too long, the two spellings are already one unit, the spelling is already declared
    (here or by the region) as another unit, or the declaration would close a cycle."""
    if (agency is None) == (region is None):
        raise ValueError("declare: give an agency or a region, not both")
    if agency is not None and not may_declare(user, agency):
        raise PermissionError(_("Hanya perencana %(agency)s yang dapat menyatakan kesetaraan satuannya")
                              % {"agency": agency.name})
    if region is not None and not may_declare_for_region(user, region):
        raise PermissionError(_("Hanya admin Pemda %(region)s yang dapat menyatakan kesetaraan satuan untuk "
                                "seluruh perangkat daerahnya") % {"region": region.name})
    return record(user, unit=unit, same_as=same_as, reason=reason, agency=agency, region=region)


def record(user, *, unit: str, same_as: str, reason: str, agency: m.Agency | None = None,
           region: m.Region | None = None) -> m.MeasureUnitEquivalence:
    """Save a declaration after the checks ``declare`` makes but the permission (the demo loader records the
    declarations a planner would make, as nobody): UnitDeclarationError on bad input, an audit entry per agency
    concerned."""
    unit, same_as, reason = " ".join(unit.split()), " ".join(same_as.split()), reason.strip()
    if not unit or not same_as:
        raise UnitDeclarationError(_("Kedua satuan wajib diisi"))
    if len(unit) > UNIT_LENGTH or len(same_as) > UNIT_LENGTH:
        raise UnitDeclarationError(_("Satuan terlalu panjang: paling banyak %(n)s huruf") % {"n": UNIT_LENGTH})
    if not reason:
        raise UnitDeclarationError(_("Alasan wajib diisi: mengapa kedua satuan ini satu satuan"))
    if normalise_unit(unit) == normalise_unit(same_as):
        raise UnitDeclarationError(_("“%(unit)s” dan “%(same_as)s” sudah dibaca sebagai satu satuan; tidak perlu "
                                     "dinyatakan") % {"unit": unit, "same_as": same_as})
    agencies = [agency] if agency is not None else list(region.agencies.all())
    for affected in agencies or [None]:
        _refuse_conflict(affected, region, unit, same_as)
    declaration = m.MeasureUnitEquivalence.objects.create(region=region, agency=agency, unit=unit, same_as=same_as,
                                                          reason=reason, declared_by=user)
    for affected in agencies:
        audit(user, affected, DECLARE, declaration, "same_as", "", str(declaration), reason)
    return declaration


def _refuse_conflict(agency: m.Agency | None, region: m.Region | None, unit: str, same_as: str) -> None:
    """The declarations that would apply together with the new one, checked for a contradiction or a cycle."""
    if agency is not None:
        in_force = canonicaliser(agency).edges
    else:
        in_force = _edges(m.MeasureUnitEquivalence.objects.filter(region=region).select_related("region"))
    existing = in_force.get(normalise_unit(unit))
    if existing is not None:
        where = _scope_label(existing)
        if normalise_unit(existing.same_as) == normalise_unit(same_as):
            raise UnitDeclarationError(_("“%(unit)s” sudah dinyatakan sama dengan “%(same_as)s” (%(where)s)")
                                       % {"unit": existing.unit, "same_as": existing.same_as, "where": where})
        raise UnitDeclarationError(_(
            "“%(unit)s” sudah dinyatakan sama dengan “%(other)s” (%(where)s); satu ejaan tidak dapat sekaligus "
            "sama dengan “%(same_as)s”. Tarik dulu pernyataan itu bila keliru.")
            % {"unit": existing.unit, "other": existing.same_as, "where": where, "same_as": same_as})
    path = [same_as]
    for step in Canon(in_force).chain(same_as):
        path.append(step.same_as)
        if normalise_unit(step.same_as) == normalise_unit(unit):
            raise UnitDeclarationError(_(
                "Pernyataan ini membentuk lingkaran: %(cycle)s. Satuan yang sama dengan dirinya lewat satuan lain "
                "tidak punya ejaan baku; nyatakan keduanya sama dengan satu satuan baku.")
                % {"cycle": " = ".join([unit, *path])})


@transaction.atomic
def withdraw(user, declaration: m.MeasureUnitEquivalence, reason: str) -> None:
    """Withdraw a declaration (the perencana of its agency, the admin pemda for the region's); audited first."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins to agency and region.
    declaration = (m.MeasureUnitEquivalence.objects.select_for_update(of=("self",))
                   .select_related("agency", "region").get(pk=declaration.pk))
    if declaration.agency_id is not None:
        if not may_declare(user, declaration.agency):
            raise PermissionError(_("Hanya perencana %(agency)s yang dapat menarik kesetaraan satuannya")
                                  % {"agency": declaration.agency.name})
        agencies = [declaration.agency]
    else:
        if not may_declare_for_region(user, declaration.region):
            raise PermissionError(_("Hanya admin Pemda %(region)s yang dapat menarik kesetaraan satuan Pemda")
                                  % {"region": declaration.region.name})
        agencies = list(declaration.region.agencies.all())
    reason = reason.strip()
    if not reason:
        raise UnitDeclarationError(_("Alasan wajib diisi: mengapa pernyataan ini ditarik"))
    for agency in agencies:
        audit(user, agency, WITHDRAW, declaration, "same_as", str(declaration), "", reason)
    declaration.delete()
