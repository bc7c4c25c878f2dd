"""The verifier on the web (docs/verifier.md): a printed table, uploaded or pasted, checked by the rules.

It reads only the table it is given, never the database, so it needs a login but no agency capability. The
findings are those of ``kinerja verify``; the XLSX with the finding cells highlighted and the JSON are the same
bytes the command writes. Nothing is stored: the downloads travel in the result page itself (``data:`` links), or
come straight back when the form is sent with a download button.
"""

from __future__ import annotations

import base64
import re
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.reports.lang import current_lang
from kinerja.verify import TableReadError, read_bytes, verify_grid
from kinerja.verify.messages import text
from kinerja.verify.output import render as render_output
from kinerja.verify.reading import XLSX_MAGIC

ACCEPTED = (".tsv", ".csv", ".xlsx", ".txt")
LANGS = (("id", "Bahasa Indonesia"), ("en", "English"))
DOWNLOADS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
PASTED_NAME = "tabel.txt"
# Browsers refuse links longer than about 2 MB; a larger result is offered through the form's download buttons.
DATA_LINK_LIMIT = 1_500_000
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class InputError(ValueError):
    """The form was not filled as it must be; the message says how."""


def _table_input(request) -> tuple[bytes, str, str]:
    """(bytes, name, pasted text) of the table sent: an upload or pasted text, one of the two."""
    upload = request.FILES.get("table")
    pasted = request.POST.get("text", "")
    if upload is not None and pasted.strip():
        raise InputError(_("Pilih salah satu: unggah berkas atau tempel teks tabel, bukan keduanya."))
    if upload is not None:
        name = PurePosixPath(upload.name or "").name or "tabel"
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in ACCEPTED:
            raise InputError(_("Jenis berkas %(suffix)s tidak diterima: %(accepted)s.") % {
                "suffix": suffix or _("(tanpa ekstensi)"), "accepted": ", ".join(ACCEPTED)})
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise InputError(_("Berkas %(size).1f MB melebihi batas %(limit)s MB.") % {
                "size": upload.size / 1_048_576, "limit": settings.EVIDENCE_MAX_BYTES // 1_048_576})
        return upload.read(), name, ""
    if pasted.strip():
        return pasted.encode("utf-8"), PASTED_NAME, pasted
    raise InputError(_("Unggah berkas tabel atau tempel teksnya."))


def _read(data: bytes, name: str):
    """The table's grid; a damaged workbook is unreadable, whatever its XML or ZIP parser raised."""
    try:
        return read_bytes(data, name)
    except TableReadError:
        raise
    except Exception as exc:
        # openpyxl parses lazily and lets its parsers' errors through (XML syntax, zlib, CRC, types): for an upload
        # they all mean one thing, so they become the reader's own refusal instead of a server error.
        if not (data.startswith(XLSX_MAGIC) or name.lower().endswith((".xlsx", ".xlsm"))):
            raise
        raise TableReadError(name, "read.xlsx", error=f"{type(exc).__name__}: {exc}") from exc


def _filename(source: str, fmt: str) -> str:
    stem = _UNSAFE.sub("-", PurePosixPath(source).stem).strip("-.") or "tabel"
    return f"temuan-{stem[:60]}.{fmt}"


def _rows(report, findings=None) -> list[dict]:
    lang = report.lang
    rows = []
    for f in report.findings if findings is None else findings:
        expected = f.expected_text(lang)
        if expected is None:
            expected = "—" if f.check == "number" else text("out.undefined", lang)
        rows.append({"line": f.line, "label": f.row, "column": f.column, "printed": f.printed, "expected": expected,
                     "rule": f.rule, "cause": f.cause or "—"})
    return rows


def _downloads(report, source: str) -> list[dict]:
    links = []
    for fmt, content_type in DOWNLOADS.items():
        encoded = base64.b64encode(render_output(report, fmt)).decode("ascii")
        href = f"data:{content_type.split(';')[0]};base64,{encoded}"
        links.append({"format": fmt.upper(), "filename": _filename(source, fmt),
                      "href": href if len(href) <= DATA_LINK_LIMIT else None})
    return links


@login_required
@require_http_methods(["GET", "POST"])
def verify_table(request):
    """Upload or paste a table; see its findings; download them as XLSX (highlighted) or JSON."""
    lang = current_lang()
    context = {"langs": LANGS, "accepted": ",".join(ACCEPTED), "limit_mb": settings.EVIDENCE_MAX_BYTES // 1_048_576,
               "lang": lang, "pasted": ""}
    if request.method == "POST":
        try:
            lang = request.POST.get("lang") if request.POST.get("lang") in dict(LANGS) else lang
            context["lang"] = lang
            data, name, context["pasted"] = _table_input(request)
            report = verify_grid(_read(data, name), lang)
        except InputError as exc:
            context["error"] = str(exc)
        except TableReadError as exc:
            shown = name if name != PASTED_NAME else _("Teks yang ditempel")
            context["error"] = _("%(name)s tidak dapat dibaca sebagai tabel: %(reason)s") % {
                "name": shown, "reason": exc.reason_in(current_lang())}
        else:
            fmt = request.POST.get("output", "")
            if fmt in DOWNLOADS:
                response = HttpResponse(render_output(report, fmt), content_type=DOWNLOADS[fmt])
                response["Content-Disposition"] = f'attachment; filename="{_filename(name, fmt)}"'
                return response
            key = "out.count" if report.findings else "out.none"
            context.update({
                "report": report, "source": name if name != PASTED_NAME else _("teks yang ditempel"),
                "rows": _rows(report), "downloads": _downloads(report, name),
                "notes": _rows(report, report.notes),
                "notes_summary": text("out.notes", lang, count=len(report.notes)) if report.notes else "",
                "summary": text(key, lang, count=len(report.findings), tables=report.table_count,
                                rows=report.rows_checked),
            })
    return render(request, "web/verifier.html", context)
