"""Web views: thin, each checking on the server that the user may read the agency asked for."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from kinerja.accounts.permissions import Capability, can, requires, units_for
from kinerja.dataversion.services import remember
from kinerja.engine import AveragePolicy
from kinerja.plan.models import Agency, Revision
from kinerja.reports import rencana_html
from kinerja.reports.catalog import REPORTS
from kinerja.reports.data import ReportError
from kinerja.reports.evaluation_html import present
from kinerja.reports.lang import current_lang
from kinerja.reports.renja_evaluation import build_evaluation
from kinerja.reports.renja_rencana import build_rencana
from kinerja.web.worklist import Worklist

POLICIES = {"default": AveragePolicy.EXCLUDE_UNTARGETED, "seed": AveragePolicy.UNTARGETED_AS_ZERO}


def bad_request(request, exception=None):
    """400 (``handler400``): a request Django could not read — a form body in another charset than UTF-8, too many
    fields — said in the page's language, standalone (no menu: the request may not have reached the login)."""
    return render(request, "web/bad_request.html", status=400)


@login_required
@require_GET
def home(request):
    agencies = list(Agency.objects.visible_to(request.user).select_related("region").prefetch_related("units"))
    years = {}
    for revision in Revision.objects.filter(agency__in=agencies, document=Revision.Document.RENJA).order_by("year"):
        years.setdefault(revision.agency_id, set()).add(revision.year)
    from kinerja.web import accountability  # they import this module
    from kinerja.web import tables as official_tables

    readable = [a for a in agencies if can(request.user, Capability.READ_AGENCY, a)]
    tables, documents = official_tables.available(readable), accountability.available(readable)
    entries = [{
        "agency": a,
        "years": sorted(years.get(a.pk, ()), reverse=True),
        "reads_agency": can(request.user, Capability.READ_AGENCY, a),
        "reads_audit": can(request.user, Capability.READ_AUDIT, a),
        "units": units_for(request.user, Capability.READ_UNIT, a),
        "tables": tables.get(a.pk, []),
        "documents": documents.get(a.pk, []),
    } for a in agencies]
    return render(request, "web/home.html", {"entries": entries, "regions": _administered(request.user, years),
                                             "work": Worklist(request.user, agencies).sections()})


def _administered(user, years: dict) -> list[dict]:
    from kinerja.web.region import regions_administered

    return [{"region": r, "years": sorted({y for a in r.agencies.all() for y in years.get(a.pk, ())}, reverse=True)}
            for r in regions_administered(user)]


def _table_options(request) -> tuple[str | None, str]:
    layout = request.GET.get("layout")
    averaging = request.GET.get("averaging", "default")
    if layout not in (None, "", "1", "2") or averaging not in POLICIES:
        raise Http404("Pilihan tidak dikenal")
    return layout, averaging


def _table(request, agency: Agency, year: int):
    layout, averaging = _table_options(request)
    try:
        return build_evaluation(agency, year, layout=int(layout) if layout else None, policy=POLICIES[averaging])
    except ReportError as exc:
        raise Http404(str(exc)) from exc


# The parts of the evaluation page that depend on the data alone, rendered once per data version of the agency.
EVALUATION_FRAGMENTS = {"source": "web/_evaluation_source.html", "table": "web/_evaluation_table.html",
                        "differences": "web/_evaluation_differences.html"}


def _evaluation_fragments(request, agency: Agency, year: int) -> dict[str, str]:
    layout, averaging = request.GET.get("layout") or "", request.GET.get("averaging", "default")

    def compute() -> dict:
        try:
            context = present(_table(request, agency, year))
        except Http404 as exc:
            return {"missing": str(exc)}
        fragments = {name: render_to_string(template, context) for name, template in EVALUATION_FRAGMENTS.items()}
        return {**fragments, "policy_label": str(context["policy_label"])}

    _table_options(request)  # an unknown option is refused before anything is looked up or kept
    stored = remember(agency.pk, "evaluation-page", f"{year}:{layout}:{averaging}:{current_lang()}", compute)
    if "missing" in stored:
        raise Http404(stored["missing"])
    return {name: mark_safe(html) if name in EVALUATION_FRAGMENTS else html  # noqa: S308 — our own templates' output
            for name, html in stored.items()}


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def evaluation(request, agency_obj: Agency, year: int):
    return render(request, "web/evaluation.html", {
        "agency": agency_obj,
        "year": year,
        "fragments": _evaluation_fragments(request, agency_obj, year),
        "averaging": request.GET.get("averaging", "default"),
        "layout_param": request.GET.get("layout", ""),
        "query": request.GET.urlencode(),
    })


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def evaluation_download(request, agency_obj: Agency, year: int, fmt: str):
    if fmt not in DOWNLOADS:
        raise Http404("Format tidak dikenal")
    return report_download("renja-evaluasi", _table(request, agency_obj, year), fmt)


DOWNLOADS = ("json", "xlsx", "csv", "docx", "pdf")


def report_download(report_name: str, table, fmt: str, filename: str | None = None) -> HttpResponse:
    """The table as an attachment, written as ``kinerja report`` writes it; a PDF without LibreOffice on the
    server answers 503 saying what is missing (as the whole documents' downloads do)."""
    from kinerja.documents.content import DocumentError
    from kinerja.documents.pdf import soffice

    report = REPORTS[report_name]
    output = report.outputs[fmt]
    try:
        if fmt == "pdf" and soffice() is None:
            raise DocumentError("LibreOffice (soffice) tidak terpasang di server")
        payload = output.write(table)
    except DocumentError as exc:
        return HttpResponse(f"PDF tidak dapat dibuat: {exc}", status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(payload, content_type=output.content_type)
    filename = filename or report.filename(table.agency.slug, table.year, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _rencana_table(request, agency: Agency, year: int):
    layout = request.GET.get("layout")
    if layout not in (None, "", "1", "2"):
        raise Http404("Pilihan tidak dikenal")
    try:
        return build_rencana(agency, year, layout=int(layout) if layout else None)
    except ReportError as exc:
        raise Http404(str(exc)) from exc


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def rencana(request, agency_obj: Agency, year: int):
    """Rencana program dan kegiatan tahun N dan prakiraan maju N+1 (REPORTS.md §B)."""
    context = rencana_html.present(_rencana_table(request, agency_obj, year))
    context.update({
        "agency": agency_obj,
        "year": year,
        "layout_param": request.GET.get("layout", ""),
        "query": request.GET.urlencode(),
    })
    return render(request, "web/rencana.html", context)


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def rencana_download(request, agency_obj: Agency, year: int, fmt: str):
    if fmt not in DOWNLOADS:
        raise Http404("Format tidak dikenal")
    return report_download("renja-rencana", _rencana_table(request, agency_obj, year), fmt)
