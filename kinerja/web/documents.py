"""The whole document's page: what it holds, DOCX and PDF downloads, issuing, issued versions and their comparison
with today's data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.accounts.permissions import Capability, can, requires
from kinerja.documents import pdf
from kinerja.documents.content import MISSING, OK, DocumentError, gather, narrative_sections
from kinerja.documents.issue import compare, issue, issued, issued_versions
from kinerja.documents.narrative_check import check_content, check_snapshot, excerpt
from kinerja.documents.pdf import document_docx, document_pdf, docx_to_pdf
from kinerja.documents.spec import DOCUMENTS
from kinerja.documents.writer import indonesian_text
from kinerja.plan import models as m
from kinerja.reports.catalog import DOCX, PDF
from kinerja.reports.lang import current_lang
from kinerja.web.forms import IssueForm, refuse

CONTENT_TYPES = {"docx": DOCX, "pdf": PDF}


def _kind(kind: str) -> str:
    if kind not in DOCUMENTS:
        raise Http404("Dokumen tidak dikenal")
    return kind


def _attachment(payload: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(payload, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _unavailable(exc: DocumentError) -> HttpResponse:
    return HttpResponse(f"Dokumen tidak dapat dibuat: {exc}", status=503, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def document_page(request, agency_obj: m.Agency, kind: str, year: int):
    """What the document holds today (tables by name, narrative sections), downloads, issuing, issued versions."""
    content = gather(agency_obj, _kind(kind), year, lang=current_lang(), grids=False)
    sections = narrative_sections(content.spec)
    sections = ["kata_pengantar", *(s for s in sections if s != "kata_pengantar")]
    narratives = [(s, m.Narrative.Section(s).label, content.narratives.get(s)) for s in sections]
    # Figures the narrative quotes that differ from the document's own tables, with where each comes from.
    figures = [{**f.as_dict(), "excerpt": excerpt(f)} for f in check_content(content)]
    tables = _named_tables(content)
    return render(request, "web/document.html", {
        "agency": agency_obj, "kind": kind, "year": year, "content": content, "tables": tables,
        "narratives": narratives, "versions": issued_versions(agency_obj, kind, year),
        "may_issue": can(request.user, Capability.ISSUE_DOCUMENT, agency_obj),
        "may_edit": can(request.user, Capability.EDIT_PLAN, agency_obj),
        "buildable": any(t.status == OK for t in content.tables), "OK": OK, "MISSING": MISSING,
        "figures": figures,
    })


def _named_tables(content) -> list[dict]:
    """The document's tables as a reader finds them in it: by the number and title the document prints (a report
    holding several printed tables lists each), else by the table's own title or its section."""
    items = content.spec.tables()
    out = []
    for index, table in enumerate(content.tables):
        item = items[index][1] if index < len(items) and items[index][1].report == table.report else None
        out.append({"section": table.section, "year": table.year, "status": table.status, "message": table.message,
                    "names": _names(content.spec, item, table.section, table.year, table.data,
                                    content.agency.name, content.lang)})
    return out


def _names(spec, item, section: str, year: int, data: dict | None, agency_name: str, lang: str) -> list[str]:
    from kinerja.documents.words import word

    names = []
    for printed in getattr(item, "printed", ()) or ():
        title = (printed.title.get(lang) or printed.title.get("id", "")) % {
            "year": year, "prev": year - 1, "next": year + 1, "agency": agency_name}
        names.append(f"{word(lang, 'table')} {printed.number} {title}" if printed.number else title)
    if not names:
        titles = {s.number: s.title.get(lang, s.title["id"]) for c in spec.chapters for s in c.sections}
        names = [str((data or {}).get("title") or titles.get(section, section))]
    return names


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def document_download(request, agency_obj: m.Agency, kind: str, year: int, fmt: str):
    """The document from today's data: ``?lampiran=1`` adds the appendix of printed figures that differ."""
    if fmt not in CONTENT_TYPES:
        raise Http404("Format tidak dikenal")
    if fmt == "pdf" and pdf.soffice() is None:
        return _unavailable(DocumentError("LibreOffice (soffice) tidak terpasang di server"))
    content = gather(agency_obj, _kind(kind), year, lang=current_lang(), appendix=request.GET.get("lampiran") == "1")
    try:
        payload = document_docx(content) if fmt == "docx" else document_pdf(content)[1]
    except DocumentError as exc:
        return _unavailable(exc)
    return _attachment(payload, fmt, f"{kind}-{agency_obj.slug}-{year}-draf.{fmt}")


@login_required
@require_POST
@requires(Capability.ISSUE_DOCUMENT)
def document_issue(request, agency_obj: m.Agency, kind: str, year: int):
    form = IssueForm(request.POST)
    if not form.is_valid():
        refuse(request, form)
        return redirect("document", agency_obj.slug, _kind(kind), year)
    if request.POST.get("confirm") != "1":
        # An issued version is permanent: what will happen is said first, and only the confirmation issues it.
        latest = issued_versions(agency_obj, _kind(kind), year).values_list("number", flat=True).first()
        appendix = form.cleaned_data["lampiran"] == "1"
        label = {"renja": "Renja", "lkjip": "LKjIP"}.get(kind, kind.upper())
        page = reverse("document", args=[agency_obj.slug, kind, year])
        return render(request, "web/confirm.html", {
            "agency": agency_obj, "title": _("Terbitkan versi baru?"),
            "statement": _("Menerbitkan %(doc)s %(year)s sebagai versi terbit %(number)s membekukan angka setiap "
                           "tabel, naskah yang dipakai dan berkas DOCX-nya. Versi terbit tidak dapat diubah atau "
                           "dihapus; perubahan sesudahnya hanya dapat dimuat dalam versi berikutnya.") % {
                "doc": label, "year": year, "number": (latest or 0) + 1},
            "details": [_("dengan lampiran angka tercetak yang berbeda dari aturan") if appendix
                        else _("tanpa lampiran angka tercetak yang berbeda dari aturan")],
            "action_url": request.path, "cancel_url": page, "confirm_label": _("Ya, terbitkan"),
            "fields": [("lampiran", "1" if appendix else ""), ("confirm", "1")],
        })
    try:
        document = issue(request.user, agency_obj, _kind(kind), year, lang=current_lang(),
                         appendix=form.cleaned_data["lampiran"] == "1")
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    except DocumentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{document} diterbitkan: angkanya dibekukan (SHA-256 DOCX "
                                  f"{document.docx_sha256[:12]}…).")
    return redirect("document", agency_obj.slug, kind, year)


def _issued(agency: m.Agency, kind: str, year: int, number: int) -> m.IssuedDocument:
    try:
        return issued(agency, _kind(kind), year, number)
    except DocumentError as exc:
        raise Http404(str(exc)) from exc


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def document_issued(request, agency_obj: m.Agency, kind: str, year: int, number: int):
    """An issued version against today's data: per table, per row and column, issued vs now."""
    document = _issued(agency_obj, kind, year, number)
    diff = compare(document)
    spec, lang = DOCUMENTS[kind], current_lang()
    items = spec.tables()
    issued_tables = document.content.get("tables", [])
    tables = [{
        **vars(t), "differs": t.differs,
        "names": _names(spec, items[i][1] if i < len(items) and items[i][1].report == t.report else None, t.section,
                        t.year, (issued_tables[i] if i < len(issued_tables) else {}).get("data"), agency_obj.name,
                        lang),
        "changes": [{**vars(c), "issued": indonesian_text(c.issued), "now": indonesian_text(c.now)} for c in t.changes],
    } for i, t in enumerate(diff.tables)]
    narratives = [{**vars(n), "label": m.Narrative.Section(n.section).label} for n in diff.narratives]
    # The narrative findings of the version as issued: its texts against the figures it was issued with.
    # A version issued before the snapshot named its kind and year (or a hand-made one) takes the document's own.
    snapshot = {"kind": document.kind, "year": document.year, **document.content}
    figures = [{**f.as_dict(), "excerpt": excerpt(f)} for f in check_snapshot(snapshot)]
    return render(request, "web/document_issued.html", {
        "agency": agency_obj, "kind": kind, "year": year, "document": document, "diff": diff, "tables": tables,
        "narratives": narratives, "figures": figures, "OK": OK, "MISSING": MISSING,
    })


@login_required
@require_GET
@requires(Capability.READ_AGENCY)
def document_issued_download(request, agency_obj: m.Agency, kind: str, year: int, number: int, fmt: str):
    """The issued DOCX as it was frozen, or the PDF made from it."""
    if fmt not in CONTENT_TYPES:
        raise Http404("Format tidak dikenal")
    document = _issued(agency_obj, kind, year, number)
    docx = bytes(document.docx)
    try:
        payload = docx if fmt == "docx" else docx_to_pdf(docx)
    except DocumentError as exc:
        return _unavailable(exc)
    return _attachment(payload, fmt, f"{kind}-{agency_obj.slug}-{year}-terbit-{number}.{fmt}")
