"""One catalog table as a DOCX or PDF of its own (``kinerja report NAME --format docx|pdf``, the table pages'
downloads): the table's title, agency and year, its source note, and the table itself on A4 landscape pages.

Nothing is laid out twice: the grids are read from the table's own XLSX (``grid.grids_from_xlsx``) and written by
the documents' ``Writer`` — fitted to the page width (``fit``), header rows repeated on every page, no row split,
numbers the Indonesian way — exactly as the whole Renja and LKjIP print them. The PDF is LibreOffice's conversion
of that DOCX (``pdf.docx_to_pdf``), which says clearly when LibreOffice is not installed.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from kinerja.reports.lang import current_lang

from .grid import Grid, grids_from_xlsx
from .pdf import docx_to_pdf
from .words import long_date
from .writer import Writer

YEAR = {"id": "Tahun", "en": "Year"}
MADE = {"id": "Disusun oleh Kinerja dari data tersimpan pada %(date)s",
        "en": "Compiled by Kinerja from the stored data on %(date)s"}


def title_of(table: Any, grids: list[Grid]) -> str:
    """The table's own title (the official tables and the accountability documents carry one), else the title
    its XLSX prints above the header (the Renja evaluation and plan)."""
    title = getattr(table, "title", "") or (grids[0].title if grids else "")
    return " ".join(str(title).split())


def source_line(table: Any, lang: str) -> str:
    """As the table's web page shows it: the Renstra period and each revision read, with its date."""
    parts = []
    plan = getattr(table, "plan", None)
    if plan is not None:
        parts.append(f"Renstra {plan.first_year}–{plan.last_year}")
    revisions = getattr(table, "revisions", None)
    revisions = list(revisions.values()) if isinstance(revisions, dict) else [getattr(table, "revision", None)]
    for revision in revisions:
        if revision is not None:
            parts.append(str(revision) + (f" ({long_date(revision.date, lang)})" if revision.date else ""))
    averaging = getattr(table, "averaging", "")
    if isinstance(averaging, str) and averaging:
        parts.append(averaging)
    return " · ".join(parts)


class TableWriter(Writer):
    """The documents' writer on a single A4 landscape section holding one table (its grids, one after another)."""

    def __init__(self, table: Any, grids: list[Grid], lang: str):  # noqa: D107 — no DocumentContent here
        self.table = table
        self.grids = grids
        self.lang = lang
        self.pages = None
        self.doc = Document()
        self.landscape = True
        self.fresh_page = True
        self.table_counter = {}
        self.toc = []

    def write(self) -> bytes:
        table, center = self.table, WD_ALIGN_PARAGRAPH.CENTER
        agency = table.agency
        title = title_of(table, self.grids)
        with translation.override(self.lang):
            self._styles()
            section = self.doc.sections[0]
            self._page(section, landscape=True)
            self._page_number(section.footer.paragraphs[0])
            self._paragraph(title, bold=True, size=13, align=center, keep_with_next=True, space_after=2)
            self._paragraph(f"{agency.name} · {YEAR[self.lang]} {table.year}", bold=True, size=10, align=center,
                            keep_with_next=True, space_after=2)
            source = source_line(table, self.lang)
            if source:
                self._paragraph(source, size=9, align=center, grey=True, keep_with_next=True, space_after=2)
            made = MADE[self.lang] % {"date": long_date(timezone.localdate(), self.lang)}
            self._paragraph(made, italic=True, size=8, align=center, grey=True, keep_with_next=True, space_after=8)
            repeated = {f"{agency.name} · {table.year}"}  # the accountability tables' XLSX note: said above
            for grid in self.grids:
                shown = Grid("" if len(self.grids) == 1 and " ".join(grid.title.split()) == title else grid.title,
                             [n for n in grid.notes if n not in repeated], grid.rows, grid.header_rows, grid.merges,
                             grid.width_hints)
                self.grid(shown, "")
        props = self.doc.core_properties
        props.author = "Kinerja"
        props.title = f"{title} — {agency.name} {table.year}"[:250]
        props.created = props.modified = props.last_printed = timezone.now().replace(microsecond=0)
        props.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def report_docx(table: Any, xlsx: bytes) -> bytes:
    """The table as a DOCX, in the active language, from the XLSX the catalog writes for it."""
    lang = current_lang()
    with translation.override(lang):
        grids = grids_from_xlsx(xlsx)
    return TableWriter(table, grids, lang).write()


def report_pdf(table: Any, xlsx: bytes) -> bytes:
    """The table's DOCX converted by LibreOffice; ``DocumentError`` when LibreOffice is missing or fails."""
    return docx_to_pdf(report_docx(table, xlsx))

