"""Pages of the accountability documents: LKjIP, Perjanjian Kinerja, IKU (REPORTS.md §G–§I), each on screen and
downloadable as ``kinerja report`` writes it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kinerja.accounts.permissions import Capability, requires
from kinerja.plan.models import Agency, Revision, StrategicPlan
from kinerja.reports import document_tables
from kinerja.reports.catalog import REPORTS
from kinerja.reports.data import ReportError

from . import converters  # noqa: F401  (registers <year:…>, used by the patterns below)
from .views import DOWNLOADS, report_download

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
    return report_download(report, _table(request, report, agency, year), fmt)


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
    path("pd/<slug:agency>/lkjip/<year:year>/", lkjip, name="lkjip"),
    path("pd/<slug:agency>/lkjip/<year:year>.<str:fmt>", lkjip_download, name="lkjip-download"),
    path("pd/<slug:agency>/perjanjian-kinerja/<year:year>/", perjanjian_kinerja, name="perjanjian-kinerja"),
    path("pd/<slug:agency>/perjanjian-kinerja/<year:year>.<str:fmt>", perjanjian_kinerja_download,
         name="perjanjian-kinerja-download"),
    path("pd/<slug:agency>/iku/<year:year>/", iku, name="iku"),
    path("pd/<slug:agency>/iku/<year:year>.<str:fmt>", iku_download, name="iku-download"),
]


def available(agencies: list[Agency]) -> dict[int, list[dict]]:
    """The documents with data for each agency and their years, for the home page: the LKjIP and the PK of each
    year with a PK, the IKU of each Renstra period that holds one (linked by the first year whose reports read
    that period, as ``plan_covering`` chooses). A fixed number of queries however many agencies."""
    ids = [a.pk for a in agencies]
    pk_years: dict[int, set[int]] = {}
    renja_plans: dict[tuple[int, int], set[int]] = {}
    for agency_id, document, year, plan_id in Revision.objects.filter(
            agency__in=ids, document__in=(Revision.Document.PK, Revision.Document.RENJA)).values_list(
            "agency_id", "document", "year", "strategic_plan_id"):
        if document == Revision.Document.PK:
            pk_years.setdefault(agency_id, set()).add(year)
        else:
            renja_plans.setdefault((agency_id, year), set()).add(plan_id)
    plans: dict[int, list[StrategicPlan]] = {}
    for plan in StrategicPlan.objects.filter(agency__in=ids):
        plans.setdefault(plan.agency_id, []).append(plan)
    with_iku = set(StrategicPlan.objects.filter(agency__in=ids, elements__indicators__is_iku=True)
                   .values_list("pk", flat=True))
    out = {}
    for pk in ids:
        iku_years = []
        for plan in plans.get(pk, []):
            if plan.pk not in with_iku:
                continue
            year = next((y for y in range(plan.first_year, plan.last_year + 1)
                         if _covering(plans[pk], renja_plans.get((pk, y), set()), y) == plan.pk), None)
            if year is not None:
                iku_years.append(year)
        years = sorted(pk_years.get(pk, ()), reverse=True)
        out[pk] = [
            {"label": _("LKjIP"), "url": "lkjip", "years": years},
            {"label": _("Perjanjian Kinerja"), "url": "perjanjian-kinerja", "years": years},
            {"label": _("Indikator Kinerja Utama (IKU)"), "url": "iku", "years": sorted(iku_years, reverse=True)},
        ]
    return out


def _covering(plans: list[StrategicPlan], holding: set[int], year: int) -> int | None:
    """``plan_covering`` over plans already loaded: of the periods covering the year, the one holding the year's
    Renja, else the latest-starting one."""
    covering = [plan for plan in plans if plan.covers(year)]
    candidates = [plan for plan in covering if plan.pk in holding] or covering
    return max(candidates, key=lambda plan: (plan.first_year, plan.pk)).pk if candidates else None
