"""``kinerja document``: write a document, an issued version of it, issue it, or compare an issued version."""

from __future__ import annotations

import argparse
import json

from django.contrib.auth import get_user_model

from kinerja.reports.data import ReportError, find_agency

from .content import DocumentError, gather
from .drafts import DRAFT_SECTIONS, document_drafts
from .issue import compare, diff_text, issue, issued
from .pdf import document_docx, document_pdf, docx_to_pdf


def run(args: argparse.Namespace) -> tuple[bytes | None, str]:
    """The bytes to write (None when there is nothing to write) and a message for standard error."""
    try:
        agency = find_agency(args.agency)
    except ReportError as exc:
        raise DocumentError(str(exc)) from exc
    if args.action in ("renja", "lkjip"):
        fmt = args.format or "docx"
        if fmt not in ("docx", "pdf"):
            raise DocumentError(f"--format {fmt} tidak berlaku untuk dokumen: pilih docx atau pdf")
        if args.issued:
            document = issued(agency, args.action, args.year, args.number)
            docx = bytes(document.docx)
            return (docx if fmt == "docx" else docx_to_pdf(docx)), (
                f"Versi terbit {document.number} ({document.issued_at:%Y-%m-%d %H:%M}, SHA-256 DOCX "
                f"{document.docx_sha256[:12]}…)")
        if args.number:
            raise DocumentError("--number hanya bersama --issued")
        content = gather(agency, args.action, args.year, lang=args.lang, appendix=args.appendix)
        if fmt == "docx":
            return document_docx(content), "Draf dari data tersimpan (belum diterbitkan)"
        return document_pdf(content)[1], "Draf dari data tersimpan (belum diterbitkan)"
    if args.kind is None:
        raise DocumentError(f"kinerja document {args.action} memerlukan --kind renja atau --kind lkjip")
    if args.action == "draft":
        text = draft_text(agency, args.kind, args.year, getattr(args, "section", None), args.lang)
        return (text + "\n").encode(), ""  # to standard output, or to --output FILE
    if args.action == "diff":
        fmt = args.format or "text"
        if fmt not in ("text", "json"):
            raise DocumentError(f"--format {fmt} tidak berlaku untuk diff: pilih text atau json")
        document = issued(agency, args.kind, args.year, args.number)
        diff = compare(document)
        if fmt == "json":
            return (json.dumps(diff.as_dict(), ensure_ascii=False, indent=2) + "\n").encode(), ""
        return diff_text(document, diff).encode(), ""
    # issue
    if not args.user:
        raise DocumentError("kinerja document issue memerlukan --user NAMA (yang menerbitkan, dicatat di jejak audit)")
    try:
        user = get_user_model().objects.get(username=args.user)
    except get_user_model().DoesNotExist:
        raise DocumentError(f"pengguna {args.user!r} tidak ada") from None
    try:
        document = issue(user, agency, args.kind, args.year, lang=args.lang, appendix=args.appendix)
    except PermissionError as exc:
        raise DocumentError(f"{args.user}: {exc}") from exc
    return None, (f"Diterbitkan: {document} oleh {args.user} (SHA-256 DOCX {document.docx_sha256[:12]}…); "
                  f"unduh dengan `kinerja document {args.kind} --agency {agency.slug} --year {args.year} --issued`")


def draft_text(agency, kind: str, year: int, section: str | None, lang: str) -> str:
    """The drafts of a document as plain text: each section's label, then its paragraphs."""
    from django.utils import translation

    from kinerja.plan import models as m

    known = DRAFT_SECTIONS[kind]
    if section is not None and section not in known:
        raise DocumentError(f"--section {section!r} tidak berlaku untuk {kind}: pilih {', '.join(known)}")
    with translation.override(lang):
        drafts = document_drafts(agency, kind, year, sections=[section] if section else None)
        if not drafts:
            raise DocumentError(f"Tidak ada draf {kind} {year} untuk {agency.slug}: tabel yang dibutuhkan belum "
                                f"dapat disusun dari data")
        blocks = [f"{str(m.Narrative.Section(s).label).upper()}\n\n" + text.replace("\n", "\n\n")
                  for s, text in drafts.items()]
    return "\n\n".join(blocks)
