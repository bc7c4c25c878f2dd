"""The consistency of an agency's stored data for one Renja year (kinerja.consistency), for those who read it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kinerja.accounts.permissions import Capability, can, requires
from kinerja.consistency import KINDS, CheckError, check_agency, konsistensi_line
from kinerja.plan.models import Agency
from kinerja.reports.lang import current_lang


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def consistency(request, agency: Agency, year: int):
    lang = current_lang()
    try:
        report = check_agency(agency, year, lang)
    except CheckError as exc:
        raise Http404(str(exc)) from exc
    counts = report.counts()
    sections = [{"kind": kind, "label": label, "count": counts[kind], "findings": report.of_kind(kind)}
                for kind, label in KINDS.items()]
    return render(request, "web/consistency.html", {
        "agency": agency, "year": year, "years": report.years, "report": report, "sections": sections,
        "konsistensi": [konsistensi_line(k, lang) for k in report.konsistensi],
        "may_edit": can(request.user, Capability.EDIT_PLAN, agency),
    })
