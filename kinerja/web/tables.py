"""The official tables of REPORTS.md §C–§F on the web: one page and one download per table, built and written by
``kinerja.reports.catalog`` exactly as ``kinerja report`` writes them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kinerja.accounts.permissions import Capability, requires
from kinerja.plan import models as m
from kinerja.reports import official
from kinerja.reports.catalog import OFFICIAL_TABLES, REPORTS
from kinerja.reports.data import ReportError

DOWNLOADS = ("json", "xlsx", "csv")
LABELS = {
    "rkpd-review": _("Review rancangan awal RKPD"),
    "usulan": _("Usulan (aspirasi) masyarakat"),
    "kinerja-pelayanan": _("Pencapaian kinerja pelayanan (IKK/SPM)"),
    "tujuan-sasaran": _("Tujuan dan sasaran"),
}


def _build(name: str, agency: m.Agency, year: int):
    try:
        return REPORTS[name].build(agency, year)
    except ReportError as exc:
        raise Http404(str(exc)) from exc


def table_view(name: str):
    @login_required
    @require_GET
    @requires(Capability.READ_AGENCY)
    def view(request, agency_obj: m.Agency, year: int):
        context = official.present(_build(name, agency_obj, year))
        context.update({"agency": agency_obj, "year": year, "report": name,
                        "download_name": f"table-{name}-download"})
        return render(request, "web/official_table.html", context)

    view.__name__ = f"table_{name.replace('-', '_')}"
    return view


def download_view(name: str):
    @login_required
    @require_GET
    @requires(Capability.READ_AGENCY)
    def view(request, agency_obj: m.Agency, year: int, fmt: str):
        if fmt not in DOWNLOADS:
            raise Http404("Format tidak dikenal")
        report = REPORTS[name]
        table = _build(name, agency_obj, year)
        output = report.outputs[fmt]
        response = HttpResponse(output.write(table), content_type=output.content_type)
        response["Content-Disposition"] = f'attachment; filename="{report.filename(agency_obj.slug, year, fmt)}"'
        return response

    view.__name__ = f"table_{name.replace('-', '_')}_download"
    return view


urlpatterns = [
    pattern
    for name, _stem, _build_fn in OFFICIAL_TABLES
    for pattern in (
        path(f"pd/<slug:agency>/tabel/{name}/<int:year>/", table_view(name), name=f"table-{name}"),
        path(f"pd/<slug:agency>/tabel/{name}/<int:year>.<str:fmt>", download_view(name),
             name=f"table-{name}-download"),
    )
]


def available(agency: m.Agency) -> list[dict]:
    """The tables with data for the agency, and their years: what the home page links to."""
    renja_years = sorted(set(m.Revision.objects.filter(agency=agency, document=m.Revision.Document.RENJA)
                             .values_list("year", flat=True)))
    selected = m.Indicator.objects.filter(Q(is_ikk=True) | Q(is_spm=True) | Q(is_iku=True),
                                          element__strategic_plan__agency=agency)
    service_years = sorted(set(m.Target.objects.filter(indicator__in=selected, kind=m.PlanKind.PROJECTION,
                                                       revision__document=m.Revision.Document.RENJA)
                               .values_list("revision__year", flat=True)))
    first_target = (m.Target.objects.filter(
        indicator__element__strategic_plan__agency=agency, kind=m.PlanKind.RENSTRA,
        indicator__element__level__in=(m.Level.GOAL, m.Level.OBJECTIVE)).order_by("year")
        .values_list("year", flat=True).first())
    years = {
        "rkpd-review": sorted(set(m.RkpdReview.objects.filter(agency=agency).values_list("year", flat=True))),
        "usulan": sorted(set(m.Proposal.objects.filter(agency=agency).values_list("year", flat=True))),
        "kinerja-pelayanan": service_years,
        "tujuan-sasaran": [y for y in renja_years if first_target is not None and y >= first_target],
    }
    return [{"name": name, "label": LABELS[name], "url_name": f"table-{name}", "years": years[name]}
            for name, _stem, _build_fn in OFFICIAL_TABLES if years[name]]
