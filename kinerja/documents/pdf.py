"""The PDF, made from the DOCX by LibreOffice (headless), and the daftar isi's page numbers from its layout.

LibreOffice does not update a Word table-of-contents field when it converts, so the daftar isi is written as
plain lines and numbered in two passes: the document is laid out once with placeholder numbers of the same width,
each entry is found on its page of that PDF (``pdftotext``, poppler-utils) and the page's printed number read from
its footer; then the document is written again with those numbers. Only the numbers change between the passes, so
the layout does not. Each conversion runs in a LibreOffice profile of its own, so conversions may run side by side.

Needs ``soffice`` (Debian: libreoffice-writer-nogui) and ``pdftotext`` (poppler-utils) on the PATH.
"""

from __future__ import annotations

import re
import shutil
import subprocess  # noqa: S404  (soffice and pdftotext, by absolute path, without a shell)
import tempfile
from pathlib import Path

from .content import DocumentContent, DocumentError
from .writer import DRAFT, Stamp, TocEntry, render, toc_entries

TIMEOUT = 240  # seconds for one conversion of a long document on a loaded machine
PAGE_LABEL = re.compile(r"^(\d+|[ivxlcdm]+)$")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    program = soffice()
    if program is None:
        raise DocumentError("PDF tidak dapat dibuat: LibreOffice (soffice) tidak terpasang — Debian: "
                            "apt-get install --no-install-recommends libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="kinerja-pdf-") as folder:
        work = Path(folder)
        source = work / "dokumen.docx"
        source.write_bytes(docx)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,  # noqa: S603
                                    check=False, cwd=work)
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(f"LibreOffice tidak selesai dalam {TIMEOUT} detik") from exc
        target = work / "out" / "dokumen.pdf"
        if not target.is_file():
            raise DocumentError(f"LibreOffice tidak menghasilkan PDF: {(result.stderr or result.stdout).strip()}")
        return target.read_bytes()


def page_texts(pdf: bytes) -> list[str] | None:
    """The text of every page, or None without pdftotext."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    result = subprocess.run([program, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,  # noqa: S603
                            timeout=TIMEOUT, check=False)
    if result.returncode != 0:
        return None
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def page_labels(pdf: bytes) -> list[str] | None:
    """The printed number of every page: the lowest word on the page (the footer's), when it reads as one."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    result = subprocess.run([program, "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,  # noqa: S603
                            timeout=TIMEOUT, check=False)
    if result.returncode != 0:
        return None
    labels = []
    for page in result.stdout.decode("utf-8", "replace").split("<page ")[1:]:
        words = [(float(match.group(4)), match.group(5).strip()) for match in WORD.finditer(page)]
        lowest = max(words, default=(0.0, ""))[1]
        labels.append(lowest if PAGE_LABEL.match(lowest) else "")
    return labels


def locate(entries: list[TocEntry], pages: list[str], labels: list[str]) -> dict[str, str]:
    """The printed page number of each entry, found in page order: front matter from the second page, chapters
    and sections from the page numbered 1 (so the daftar isi's own lines are never taken for the headings)."""
    normal = [_normal(text) for text in pages]
    lines = [{_normal(line) for line in text.splitlines()} for text in pages]
    body_start = next((i for i, label in enumerate(labels) if label == "1"), len(pages))
    found: dict[str, str] = {}
    position = 1
    for entry in entries:
        if entry.key not in ("kata_pengantar", "daftar_isi", "daftar_tabel"):
            position = max(position, body_start)
        wanted = _normal(entry.find)
        for index in range(position, len(pages)):
            hit = wanted in lines[index] if entry.level == 1 else wanted in normal[index]
            if hit:
                found[entry.key] = labels[index]
                position = index
                break
    return found


def paginate(content: DocumentContent, stamp: Stamp = DRAFT) -> tuple[bytes, bytes | None]:
    """The final DOCX with the daftar isi numbered, and the PDF of the layout pass (whose pages are the final
    document's, less the numbers) — None when LibreOffice or pdftotext is missing (then the daftar isi lists the
    entries without numbers)."""
    if soffice() is None or shutil.which("pdftotext") is None:
        return render(content, {}, stamp), None
    layout = docx_to_pdf(render(content, None, stamp))
    pages, labels = page_texts(layout) or [], page_labels(layout) or []
    if len(pages) != len(labels):
        return render(content, {}, stamp), layout
    return render(content, locate(toc_entries(content), pages, labels), stamp), layout


def document_docx(content: DocumentContent, stamp: Stamp = DRAFT) -> bytes:
    return paginate(content, stamp)[0]


def document_pdf(content: DocumentContent, stamp: Stamp = DRAFT) -> tuple[bytes, bytes]:
    """The DOCX and the PDF made from it."""
    docx = document_docx(content, stamp)
    return docx, docx_to_pdf(docx)
