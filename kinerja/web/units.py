"""Kesetaraan satuan on the web: every unit mismatch of the agency, open or settled, and the declarations in force.

The perencana of the agency declares (from the row of a mismatch) and withdraws the agency's declarations; the
admin pemda does the same for the whole region; everyone who reads the agency reads the page. The services in
kinerja.plan.units decide and audit; this module only validates the shape of the request.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kinerja.accounts.permissions import Capability, requires
from kinerja.consistency import check_units
from kinerja.plan import models as m
from kinerja.plan.units import (
    UNIT_LENGTH,
    UnitDeclarationError,
    declarations_for,
    declare,
    may_declare,
    may_declare_for_region,
    withdraw,
)
from kinerja.reports.lang import current_lang
from kinerja.web.forms import reason_field, refuse


class DeclareForm(forms.Form):
    unit = forms.CharField(label=gettext_lazy("satuan"), max_length=UNIT_LENGTH)
    same_as = forms.CharField(label=gettext_lazy("sama dengan"), max_length=UNIT_LENGTH)
    reason = reason_field()
    scope = forms.ChoiceField(label=gettext_lazy("berlaku untuk"), choices=[("pd", "pd"), ("pemda", "pemda")],
                              required=False)


class WithdrawForm(forms.Form):
    reason = reason_field()


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def unit_equivalences(request, agency: m.Agency):
    report = check_units(agency, lang=current_lang())
    may_agency = may_declare(request.user, agency)
    may_region = may_declare_for_region(request.user, agency.region)
    declarations = [{"declaration": d, "may_withdraw": may_region if d.region_id else may_agency}
                    for d in declarations_for(agency)]
    return render(request, "web/unit_equivalences.html", {
        "agency": agency, "open": report.findings, "settled": report.settled, "declarations": declarations,
        "may_agency": may_agency, "may_region": may_region, "may_declare": may_agency or may_region,
    })


@login_required
@require_POST
@requires(Capability.READ_AGENCY)
def unit_declare(request, agency: m.Agency):
    form = DeclareForm(request.POST)
    if not form.is_valid():
        refuse(request, form)
        return redirect("unit-equivalences", agency.slug)
    data = form.cleaned_data
    scope = {"region": agency.region} if data["scope"] == "pemda" else {"agency": agency}
    try:
        declaration = declare(request.user, unit=data["unit"], same_as=data["same_as"], reason=data["reason"],
                              **scope)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    except UnitDeclarationError as exc:
        messages.error(request, _("Tidak ada yang disimpan: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("Kesetaraan satuan dinyatakan: %(declaration)s. Laporan memakainya sejak "
                                    "sekarang.") % {"declaration": declaration})
    return redirect("unit-equivalences", agency.slug)


@login_required
@require_POST
@requires(Capability.READ_AGENCY)
def unit_withdraw(request, agency: m.Agency, declaration: int):
    # Only a declaration in force for this agency (its own or its region's) is reachable from its page.
    found = (m.MeasureUnitEquivalence.objects.select_related("agency", "region")
             .filter(Q(agency=agency) | Q(region_id=agency.region_id), pk=declaration).first())
    if found is None:
        raise Http404(_("Pernyataan kesetaraan satuan tidak ditemukan"))
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        refuse(request, form)
        return redirect("unit-equivalences", agency.slug)
    try:
        withdraw(request.user, found, form.cleaned_data["reason"])
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    except UnitDeclarationError as exc:
        messages.error(request, _("Tidak ada yang disimpan: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("Kesetaraan satuan ditarik: %(declaration)s.") % {"declaration": found})
    return redirect("unit-equivalences", agency.slug)
