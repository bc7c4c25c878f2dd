"""Pages of the accountability documents: LKjIP, Perjanjian Kinerja, IKU (REPORTS.md §G–§I), each on screen and
downloadable as ``kinerja report`` writes it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kinerja.accounts.permissions import Capability, requires
from kinerja.plan.models import Agency, Revision
from kinerja.reports import document_tables
from kinerja.reports.catalog import REPORTS
from kinerja.reports.data import ReportError, plan_covering

from .views import DOWNLOADS, _download

# report name → (page URL name, download URL name, options the page offers)
PAGES = {
    "lkjip": ("lkjip", "lkjip-download", {"averaging": True}),
    "pk": ("perjanjian-kinerja", "perjanjian-kinerja-download", {"layout": True}),
    "iku": ("iku", "iku-download", {}),
}


def _table(request, report: str, agency: Agency, year: int):
    options = PAGES[report][2]
    layout = request.GET.get("layout") or None
    averaging = request.GET.get("averaging") or None
    if (layout and (not options.get("layout") or layout not in ("1", "2"))) or (
            averaging and (not options.get("averaging") or averaging not in ("default", "seed"))):
        raise Http404("Pilihan tidak dikenal")
    try:
        return REPORTS[report].build(agency, year, layout=int(layout) if layout else None, averaging=averaging)
    except ReportError as exc:
        raise Http404(str(exc)) from exc


def _page(request, report: str, agency: Agency, year: int):
    table = _table(request, report, agency, year)
    context = document_tables.present(table)
    context.update({
        "agency": agency, "year": year, "options": PAGES[report][2], "download_url": PAGES[report][1],
        "averaging": request.GET.get("averaging", "default"), "layout_param": request.GET.get("layout", ""),
        "query": request.GET.urlencode(),
    })
    return render(request, "web/report_parts.html", context)


def _file(request, report: str, agency: Agency, year: int, fmt: str):
    if fmt not in DOWNLOADS:
        raise Http404("Format tidak dikenal")
    return _download(report, _table(request, report, agency, year), fmt)


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def lkjip(request, agency_obj: Agency, year: int):
    """LKjIP tahun N: Tabel 3.1–3.13 and the conclusion of BAB IV."""
    return _page(request, "lkjip", agency_obj, year)


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def lkjip_download(request, agency_obj: Agency, year: int, fmt: str):
    return _file(request, "lkjip", agency_obj, year, fmt)


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def perjanjian_kinerja(request, agency_obj: Agency, year: int):
    """Perjanjian Kinerja tahun N (Tabel 2.4) and its IKU against the data awal (Tabel 2.5)."""
    return _page(request, "pk", agency_obj, year)


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def perjanjian_kinerja_download(request, agency_obj: Agency, year: int, fmt: str):
    return _file(request, "pk", agency_obj, year, fmt)


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def iku(request, agency_obj: Agency, year: int):
    """Indikator Kinerja Utama of the Renstra period covering year N."""
    return _page(request, "iku", agency_obj, year)


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def iku_download(request, agency_obj: Agency, year: int, fmt: str):
    return _file(request, "iku", agency_obj, year, fmt)


urlpatterns = [
    path("pd/<slug:agency>/lkjip/<int:year>/", lkjip, name="lkjip"),
    path("pd/<slug:agency>/lkjip/<int:year>.<str:fmt>", lkjip_download, name="lkjip-download"),
    path("pd/<slug:agency>/perjanjian-kinerja/<int:year>/", perjanjian_kinerja, name="perjanjian-kinerja"),
    path("pd/<slug:agency>/perjanjian-kinerja/<int:year>.<str:fmt>", perjanjian_kinerja_download,
         name="perjanjian-kinerja-download"),
    path("pd/<slug:agency>/iku/<int:year>/", iku, name="iku"),
    path("pd/<slug:agency>/iku/<int:year>.<str:fmt>", iku_download, name="iku-download"),
]


def available(agency: Agency) -> list[dict]:
    """The documents with data for the agency and their years, for the home page: the LKjIP and the PK of each
    year with a PK, the IKU of each Renstra period that holds one (linked by its first year)."""
    pk_years = sorted(Revision.objects.filter(agency=agency, document=Revision.Document.PK)
                      .values_list("year", flat=True).distinct(), reverse=True)
    iku_years = []
    for plan in agency.strategic_plans.filter(elements__indicators__is_iku=True).distinct():
        # the first year whose reports read this period (plan_covering), so the link shows its IKU
        year = next((y for y in range(plan.first_year, plan.last_year + 1)
                     if plan_covering(agency, y).pk == plan.pk), None)
        if year is not None:
            iku_years.append(year)
    iku_years.sort(reverse=True)
    return [
        {"label": _("LKjIP"), "url": "lkjip", "years": pk_years},
        {"label": _("Perjanjian Kinerja"), "url": "perjanjian-kinerja", "years": pk_years},
        {"label": _("Indikator Kinerja Utama (IKU)"), "url": "iku", "years": iku_years},
    ]
