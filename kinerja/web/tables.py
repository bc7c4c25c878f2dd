"""The official tables of REPORTS.md §C–§F on the web: one page and one download per table, built and written by
``kinerja.reports.catalog`` exactly as ``kinerja report`` writes them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Min, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kinerja.accounts.permissions import Capability, requires
from kinerja.plan import models as m
from kinerja.reports import official
from kinerja.reports.catalog import OFFICIAL_TABLES, PLAN_TABLES, REPORTS
from kinerja.reports.data import ReportError
from kinerja.spm.models import BasicService, WelfarePotential
from kinerja.strategy.reports import LABELS as STRATEGY_LABELS
from kinerja.strategy.reports import STRATEGY_TABLES, available_years

from . import converters  # noqa: F401  (registers <year:…>, used by the patterns below)
from .views import DOWNLOADS, report_download

LABELS = {
    "rkpd-review": _("Review rancangan awal RKPD"),
    "usulan": _("Usulan (aspirasi) masyarakat"),
    "kinerja-pelayanan": _("Pencapaian kinerja pelayanan (IKK/SPM)"),
    "tujuan-sasaran": _("Tujuan dan sasaran"),
    "ikk": _("Capaian indikator kinerja kunci (IKK)"),
    "kode-lama": _("Pemetaan kode program dan kegiatan"),
    "riwayat-program": _("Riwayat program lintas periode Renstra"),
    "pendanaan": _("Rencana program dan kegiatan dengan lokasi dan sumber dana"),
    "psks": _("Potensi dan sumber kesejahteraan sosial (PSKS)"),
    "spm-layanan": _("Jenis pelayanan dasar SPM"),
}
LABELS.update(STRATEGY_LABELS)


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
        return report_download(name, _build(name, agency_obj, year), fmt,
                         REPORTS[name].filename(agency_obj.slug, year, fmt))

    view.__name__ = f"table_{name.replace('-', '_')}_download"
    return view


urlpatterns = [
    pattern
    for name, _stem, _build_fn in (*OFFICIAL_TABLES, *STRATEGY_TABLES)
    for pattern in (
        path(f"pd/<slug:agency>/tabel/{name}/<year:year>/", table_view(name), name=f"table-{name}"),
        path(f"pd/<slug:agency>/tabel/{name}/<year:year>.<str:fmt>", download_view(name),
             name=f"table-{name}-download"),
    )
]


def available(agencies: list[m.Agency]) -> dict[int, list[dict]]:
    """The tables with data for each agency, and their years: what the home page links to. A fixed number of
    queries however many agencies the user sees (a Bappeda sees the whole region)."""
    ids = [a.pk for a in agencies]

    def years_by_agency(rows) -> dict[int, list[int]]:
        out: dict[int, set[int]] = {}
        for agency_id, year in rows:
            out.setdefault(agency_id, set()).add(year)
        return {pk: sorted(years) for pk, years in out.items()}

    renja = years_by_agency(m.Revision.objects.filter(agency__in=ids, document=m.Revision.Document.RENJA)
                            .order_by().values_list("agency_id", "year").distinct())
    selected = m.Indicator.objects.filter(Q(is_ikk=True) | Q(is_spm=True) | Q(is_iku=True),
                                          element__strategic_plan__agency__in=ids)
    service = years_by_agency(m.Target.objects.filter(indicator__in=selected, kind=m.PlanKind.PROJECTION,
                                                      revision__document=m.Revision.Document.RENJA)
                              .order_by().values_list("revision__agency_id", "revision__year").distinct())
    first_target = dict(m.Target.objects.filter(
        indicator__element__strategic_plan__agency__in=ids, kind=m.PlanKind.RENSTRA,
        indicator__element__level__in=(m.Level.GOAL, m.Level.OBJECTIVE))
        .order_by().values_list("indicator__element__strategic_plan__agency_id").annotate(first=Min("year")))
    reviews = years_by_agency(m.RkpdReview.objects.filter(agency__in=ids).order_by()
                              .values_list("agency_id", "year").distinct())
    proposals = years_by_agency(m.Proposal.objects.filter(agency__in=ids).order_by()
                                .values_list("agency_id", "year").distinct())
    # The IKK table (seed 000) needs an IKK with pembilang and penyebut: linked beside the service table then.
    with_ratio = set(m.Realisation.objects.filter(
        indicator__is_ikk=True, numerator__isnull=False, denominator__isnull=False,
        indicator__element__strategic_plan__agency__in=ids).order_by()
        .values_list("indicator__element__strategic_plan__agency_id", flat=True).distinct())
    strategy = available_years(ids)
    plan_tables = _plan_table_years(ids, years_by_agency)
    out = {}
    for pk in ids:
        first = first_target.get(pk)
        years = {
            "rkpd-review": reviews.get(pk, []),
            "usulan": proposals.get(pk, []),
            "kinerja-pelayanan": service.get(pk, []),
            "tujuan-sasaran": [y for y in renja.get(pk, []) if first is not None and y >= first],
            "ikk": service.get(pk, []) if pk in with_ratio else [],
        }
        out[pk] = [{"name": name, "label": LABELS[name], "url_name": f"table-{name}", "years": years[name]}
                   for name, _stem, _build_fn in OFFICIAL_TABLES if years[name]]
        out[pk] += [{"name": name, "label": LABELS[name], "url_name": f"table-{name}",
                     "years": strategy[pk][name]} for name, _stem, _build_fn in STRATEGY_TABLES
                    if strategy[pk].get(name)]
        out[pk] += [{"name": name, "label": LABELS[name], "url_name": f"table-{name}", "years": years}
                    for name, _stem, _build_fn in PLAN_TABLES if (years := plan_tables[name].get(pk))]
    return out


def _plan_table_years(ids: list[int], years_by_agency) -> dict[str, dict[int, list[int]]]:
    """The crosswalk and the program history are one table per Renstra period: linked at the period's first year.
    Tabel 7, PSKS and the SPM services at each year stored."""
    crosswalk = years_by_agency(m.CodeCrosswalk.objects.filter(agency__in=ids).order_by()
                                .values_list("agency_id", "target_plan__first_year").distinct())
    return {
        "kode-lama": crosswalk,
        "riwayat-program": crosswalk,
        "pendanaan": years_by_agency(m.FundingLine.objects.filter(agency__in=ids).order_by()
                                     .values_list("agency_id", "year").distinct()),
        "psks": years_by_agency(WelfarePotential.objects.filter(agency__in=ids).order_by()
                                .values_list("agency_id", "year").distinct()),
        "spm-layanan": years_by_agency(BasicService.objects.filter(agency__in=ids).order_by()
                                       .values_list("agency_id", "year").distinct()),
    }
