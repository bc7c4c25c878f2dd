"""The DOCX, written with python-docx: cover, kata pengantar, daftar isi, the chapters, the signature block.

Text pages are A4 portrait; every table stands in an A4 landscape section of its own, with fixed column widths
that sum to the text width (``fit``), its header rows repeated on every page and no row split across pages. Pages
are numbered in the footer: i, ii … for the front matter, 1, 2 … from BAB I on. The daftar isi carries the page
numbers it is given (``pdf.paginate`` reads them from LibreOffice's layout); without them it lists the chapters.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor, Twips

from kinerja.plan import models as m

from .content import MISSING, OK, DocumentContent, TableContent
from .fit import BREAK_INSIDE, Part, fit_table
from .grid import Grid, GridCell, clean, indonesian_number
from .spec import Analyses, Chapter, Narrative, Printed, Sistematika, Table, printed_number
from .words import long_date, word

FONT = "Arial"
A4 = (Cm(21.0), Cm(29.7))
PORTRAIT_MARGINS = {"left": Cm(3.0), "right": Cm(2.5), "top": Cm(2.5), "bottom": Cm(2.5)}
LANDSCAPE_MARGINS = {"left": Cm(1.5), "right": Cm(1.5), "top": Cm(1.5), "bottom": Cm(1.5)}
HEADER_FILL = "DDE6F0"
GREY = RGBColor(0x59, 0x59, 0x59)
PLACEHOLDER_PAGE = "000"


@dataclass(frozen=True)
class Stamp:
    """How the cover marks the document: an issued version, or a draft made from today's data."""

    issued_at: dt.datetime | None = None
    number: int | None = None


DRAFT = Stamp()


@dataclass(frozen=True)
class TocEntry:
    key: str
    level: int  # 0 front matter and chapters, 1 sections, 2 tables (the daftar tabel)
    text: str  # as the daftar isi prints it
    find: str  # how it reads on its page, for locating it in the laid-out PDF


def text_width(section) -> int:
    return int(section.page_width - section.left_margin - section.right_margin) // 635  # EMU → twips


def _sect_pr_insert(sect_pr, element) -> None:
    sect_pr.insert_element_before(element, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                  "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                                  "w:sectPrChange")


class Writer:
    def __init__(self, content: DocumentContent, pages: dict[str, str] | None = None, stamp: Stamp = DRAFT):
        self.content = content
        self.lang = content.lang
        self.pages = pages
        self.stamp = stamp
        self.doc = Document()
        self.landscape = False
        self.fresh_page = True  # nothing written yet on the current page
        self.toc: list[TocEntry] = []

    # -- the whole document ---------------------------------------------------------------------------------------

    def write(self) -> bytes:
        with translation.override(self.lang):
            self._styles()
            self._page(self.doc.sections[0], landscape=False)
            self.toc = self.entries()
            self.cover()
            front = self._new_section(numbering=("lowerRoman", 1))
            footer = front.footer
            footer.is_linked_to_previous = False
            self._page_number(footer.paragraphs[0])
            self.preface()
            self.contents()
            self.table_list()
            self._new_section(numbering=("decimal", 1))
            for index, chapter in enumerate(self.chapters(), start=1):
                self.chapter(index, chapter)
            if self.content.appendix:
                self.appendix()
                self.narrative_appendix()
            self.sources()
        props = self.doc.core_properties
        props.author = "Kinerja"
        props.title = self._document_title()
        props.created = props.modified = props.last_printed = self.content.made_at.replace(microsecond=0)
        props.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def entries(self) -> list[TocEntry]:
        """The daftar isi: front matter, chapters and their sections, the appendix and the note."""
        w = self._w
        out = [TocEntry("kata_pengantar", 0, title_case(w("kata_pengantar")), w("kata_pengantar")),
               TocEntry("daftar_isi", 0, title_case(w("daftar_isi")), w("daftar_isi")),
               TocEntry("daftar_tabel", 0, title_case(w("daftar_tabel")), w("daftar_tabel"))]
        for chapter in self.chapters():
            title = f"{self._chapter_word(chapter)} {self.numeral(chapter)} {chapter.title[self.lang]}"
            key = f"{'lampiran' if chapter.annex else 'bab'}-{chapter.numeral}"
            out.append(TocEntry(key, 0, title, title))
            out += self._table_entries(chapter.numeral, chapter.items)
            for section in chapter.sections:
                heading = f"{section.number} {section.title[self.lang]}"
                out.append(TocEntry(section.number, 1, heading, heading))
                out += self._table_entries(section.number, section.items)
        if self.content.appendix:
            title = w("appendix").replace("\n", " ")
            out.append(TocEntry("lampiran", 0, title_case(title), title))
        out.append(TocEntry("catatan", 0, title_case(w("sources")), w("sources")))
        return out

    def _table_entries(self, where: str, items) -> list[TocEntry]:
        """The daftar tabel's lines for the tables shown under one heading, in the order they stand."""
        out = []
        for item in items:
            if not isinstance(item, Table):
                continue
            table = self.content.table(where, item.report)
            if table is None or self.absent(item, table):
                continue
            for printed, grid in self.shown(item, table):
                caption = self.caption(printed, grid, table)
                listed = self.listed(printed, table)
                out.append(TocEntry(f"tabel-{where}-{item.report}-{printed.key or printed.number}", 2, listed,
                                    caption[:60]))
        return out

    def _chapter_word(self, chapter: Chapter) -> str:
        return self._w("annex_word" if chapter.annex else "chapter")

    # -- styles and page set-up ----------------------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        for name, size, align in (("Heading 1", 14, WD_ALIGN_PARAGRAPH.CENTER), ("Heading 2", 12, None)):
            style = styles[name]
            r_fonts = style.element.rPr.find(qn("w:rFonts"))
            if r_fonts is not None:
                style.element.rPr.remove(r_fonts)
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.space_before = Pt(0 if name == "Heading 1" else 12)
            style.paragraph_format.space_after = Pt(18 if name == "Heading 1" else 6)
            if align is not None:
                style.paragraph_format.alignment = align

    def _page(self, section, *, landscape: bool) -> None:
        width, height = A4
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        for side, value in (LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS).items():
            setattr(section, f"{side}_margin", value)
        section.footer_distance = Cm(0.8 if landscape else 1.2)

    def _new_section(self, *, landscape: bool = False, numbering: tuple[str, int] | None = None):
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, landscape=landscape)
        sect_pr = section._sectPr
        for old in sect_pr.findall(qn("w:pgNumType")):
            sect_pr.remove(old)
        if numbering is not None:
            number_type = OxmlElement("w:pgNumType")
            number_type.set(qn("w:fmt"), numbering[0])
            number_type.set(qn("w:start"), str(numbering[1]))
            _sect_pr_insert(sect_pr, number_type)
        self.landscape = landscape
        self.fresh_page = True
        return section

    def _orientation(self, landscape: bool) -> None:
        if self.landscape != landscape:
            self._new_section(landscape=landscape)

    def _page_number(self, paragraph) -> None:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
            run = paragraph.add_run()
            run.font.size = Pt(10)
            if kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            elif kind == "text":
                run.text = text
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)

    def _w(self, key: str, **values) -> str:
        return word(self.lang, key, **values)

    def _document_title(self) -> str:
        return f"{self._w(self.content.kind + '_name')} {self.content.agency.name} {self.content.year}"

    # -- paragraphs -------------------------------------------------------------------------------------------------

    def _paragraph(self, text: str = "", *, bold=False, italic=False, size: float | None = None, align=None,
                   grey=False, keep_with_next=False, space_after: float | None = None):
        paragraph = self.doc.add_paragraph()
        if text:
            lines = clean(text).split("\n")
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.bold, run.italic = bold or None, italic or None
                if size:
                    run.font.size = Pt(size)
                if grey:
                    run.font.color.rgb = GREY
                if index < len(lines) - 1:
                    run.add_break()
        if align is not None:
            paragraph.alignment = align
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        if space_after is not None:
            paragraph.paragraph_format.space_after = Pt(space_after)
        self.fresh_page = False
        return paragraph

    def _heading(self, text: str, level: int) -> None:
        heading = self.doc.add_paragraph(style="Heading 1" if level == 0 else "Heading 2")
        lines = clean(text).split("\n")
        for index, line in enumerate(lines):
            run = heading.add_run(line)
            if index < len(lines) - 1:
                run.add_break()
        if level == 0 and not self.fresh_page:
            heading.paragraph_format.page_break_before = True
        self.fresh_page = False

    def _note(self, text: str) -> None:
        self._paragraph(text, italic=True, grey=True, size=10)

    def _prose(self, text: str) -> None:
        """Stored narrative: one paragraph per line, justified."""
        for line in clean(text).split("\n"):
            if line.strip():
                self._paragraph(line.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    def _page_break(self) -> None:
        if not self.fresh_page:
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            self.fresh_page = True

    # -- cover, preface, contents ---------------------------------------------------------------------------------

    def cover(self) -> None:
        agency = self.content.agency
        center = WD_ALIGN_PARAGRAPH.CENTER
        self._paragraph(space_after=90)
        self._paragraph(self._w(f"{self.content.kind}_title"), bold=True, size=20, align=center, space_after=24)
        self._paragraph(agency.name.upper(), bold=True, size=16, align=center, space_after=12)
        self._paragraph(f"{self._w('year')} {self.content.year}", bold=True, size=16, align=center, space_after=150)
        self._paragraph(f"{self._w('government')} {agency.region.name.upper()}", bold=True, size=14, align=center)
        if agency.address:
            self._paragraph(agency.address, size=11, align=center, space_after=40)
        if self.stamp.issued_at is not None:
            stamp = self._w("issued", date=long_date(timezone.localtime(self.stamp.issued_at).date(), self.lang),
                            number=self.stamp.number)
        else:
            stamp = self._w("draft", date=long_date(timezone.localtime(self.content.made_at).date(), self.lang))
        self._paragraph(stamp, italic=True, size=9, align=center, grey=True)

    def preface(self) -> None:
        self._heading(self._w("kata_pengantar"), 0)
        stored = self.content.narratives.get("kata_pengantar")
        if stored and stored["text"].strip():
            self._prose(stored["text"])
        else:
            values = {"document": self._w(f"{self.content.kind}_name"), "agency": self.content.agency.name,
                      "year": self.content.year}
            self._paragraph(self._w("generic_preface", **values), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            self._note(self._w("generic_note", **values))
        self.signature()

    def contents(self) -> None:
        self._heading(self._w("daftar_isi"), 0)
        width = text_width(self.doc.sections[-1])
        header = self._paragraph(self._w("page"), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=6)
        header.paragraph_format.keep_with_next = True
        for entry in (e for e in self.toc if e.level < 2):
            page = PLACEHOLDER_PAGE if self.pages is None else self.pages.get(entry.key, "")
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            paragraph.paragraph_format.space_after = Pt(3)
            if entry.level:
                paragraph.paragraph_format.left_indent = Cm(0.8)
            run = paragraph.add_run(entry.text)
            run.bold = entry.level == 0 or None
            page_run = paragraph.add_run(f"\t{page}")
            if self.pages is None:
                page_run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)  # the layout pass: reserves the width
        self.fresh_page = False

    def table_list(self) -> None:
        """The daftar tabel: every table the document shows, with its number and title as the seed prints them."""
        self._page_break()
        self._heading(self._w("daftar_tabel"), 0)
        width = text_width(self.doc.sections[-1])
        tables = [entry for entry in self.toc if entry.level == 2]
        if not tables:
            self._note(self._w("daftar_tabel_none"))
            return
        header = self._paragraph(self._w("page"), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=6)
        header.paragraph_format.keep_with_next = True
        for entry in tables:
            page = PLACEHOLDER_PAGE if self.pages is None else self.pages.get(entry.key, "")
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            paragraph.paragraph_format.space_after = Pt(3)
            paragraph.paragraph_format.left_indent = Cm(1.6)
            paragraph.paragraph_format.first_line_indent = Cm(-1.6)
            paragraph.add_run(entry.text)
            page_run = paragraph.add_run(f"\t{page}")
            if self.pages is None:
                page_run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        self.fresh_page = False

    def signature(self) -> None:
        agency = self.content.agency
        when = (timezone.localtime(self.stamp.issued_at).date() if self.stamp.issued_at is not None
                else timezone.localtime(self.content.made_at).date())
        lines = [
            (f"{agency.signature_place or place_of(agency.region)}, {long_date(when, self.lang)}", False, False),
            (f"{self._w('head')} {agency.name},", False, False),
            ("", False, False), ("", False, False), ("", False, False),
            (agency.head_name or "……………………………", True, True),
            (agency.head_rank or "", False, False),
            (f"{self._w('nip')} {agency.head_nip}" if agency.head_nip else "", False, False),
        ]
        self._paragraph(space_after=6)
        for text, bold, underline in lines:
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(8.0)
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.keep_with_next = True
            if text:
                run = paragraph.add_run(clean(text))
                run.bold, run.underline = bold or None, underline or None
        self.fresh_page = False

    # -- chapters ----------------------------------------------------------------------------------------------------

    def _opens_with_table(self, where: str, items) -> bool:
        """Whether the first thing under a heading is a table: then the heading goes on the table's page."""
        if not items or not isinstance(items[0], Table):
            return False
        table = self.content.table(where, items[0].report)
        return table is not None and table.status == OK and bool(table.grids)

    def chapter(self, index: int, chapter: Chapter) -> None:
        first = chapter.sections[0] if chapter.sections and not chapter.items else None
        opening = (self._opens_with_table(first.number, first.items) if first is not None
                   else self._opens_with_table(chapter.numeral, chapter.items))
        self._orientation(opening)
        self._heading(f"{self._chapter_word(chapter)} {self.numeral(chapter)}\n{chapter.title[self.lang]}", 0)
        for item in chapter.items:
            self.item(index, chapter.numeral, item)
        for section in chapter.sections:
            self._orientation(self._opens_with_table(section.number, section.items))
            self._heading(f"{section.number} {section.title[self.lang]}", 1)
            for item in section.items:
                self.item(index, section.number, item)
        if chapter.signed:
            self._orientation(False)
            self.signature()

    def item(self, chapter_index: int, where: str, item) -> None:
        if isinstance(item, Narrative):
            self._orientation(False)
            stored = self.content.narratives.get(item.section)
            if stored and stored["text"].strip():
                if stored.get("draft"):  # generated from the data, not yet written by the planner: say so
                    from .drafts import draft_note

                    self._note(draft_note(self.lang))
                self._prose(stored["text"])
            else:
                self._note(self._w("missing_narrative", section=m.Narrative.Section(item.section).label,
                                   document=self.content.kind.upper() if self.content.kind == "lkjip" else "Renja",
                                   year=self.content.year))
        elif isinstance(item, Sistematika):
            self.sistematika()
        elif isinstance(item, Analyses):
            self.analyses(self.content.year + item.year_offset)
        elif isinstance(item, Table):
            table = self.content.table(where, item.report)
            if table is not None:
                self.table(item, table)

    def sistematika(self) -> None:
        self._orientation(False)
        self._paragraph(self._w("sistematika_intro", document=self._w(f"{self.content.kind}_name")),
                        align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        for chapter in (c for c in self.content.spec.chapters if not c.annex):
            # Title case here, so that the chapter's own heading (upper case) is found on its page only.
            heading = f"{title_case(self._w('chapter'))} {chapter.numeral} {title_case(chapter.title[self.lang])}"
            self._paragraph(heading, bold=True, keep_with_next=True, space_after=0)
            summary = chapter.summary[self.lang]
            self._paragraph(summary[:1].upper() + summary[1:], align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    def analyses(self, year: int) -> None:
        rows = self.content.analyses.get(year) or []
        if not rows:
            return
        self._orientation(False)
        self._paragraph(self._w("analyses", year=year), bold=True, keep_with_next=True)
        for entry in rows:
            self._paragraph(f"{entry['name']} ({entry['element']})", bold=True, italic=True, keep_with_next=True,
                            space_after=2)
            for section, text in entry["sections"].items():
                paragraph = self._paragraph(space_after=4)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                label = paragraph.add_run(f"{str(m.Narrative.Section(section).label).capitalize()}: ")
                label.italic = True
                paragraph.add_run(clean(text).replace("\n", " "))

    # -- tables -------------------------------------------------------------------------------------------------

    def shown(self, item: Table, table: TableContent) -> list[tuple[Printed, Grid]]:
        """The grids of a built table that stand here, each with the number and title the seed prints for it: a
        report holding several printed tables (the LKjIP's, the PK's) shows those whose number ``printed`` names."""
        if table.status != OK:
            return []
        keyed = {p.key: p for p in item.printed if p.key}
        if keyed:
            found = [(keyed.get(printed_number(grid.title)), grid) for grid in table.grids]
            return [(printed, grid) for printed, grid in found if printed is not None]
        printed = item.printed[0] if item.printed else Printed("", {"id": "", "en": ""})
        return [(printed, grid) for grid in table.grids]

    def _title(self, printed: Printed, table: TableContent) -> str:
        text = printed.title.get(self.lang) or printed.title.get("id", "")
        return text % {"year": table.year, "prev": table.year - 1, "next": table.year + 1,
                       "agency": self.content.agency.name}

    def table_name(self, table: TableContent, block: dict) -> str:
        """A table (or part) as the reader finds it in the document: its printed number and title, never the
        catalog's report name."""
        if block.get("title"):
            key = str(block.get("key") or "")
            numbered = re.fullmatch(r"\d+(\.\d+)*", key) and not printed_number(str(block["title"]))
            return f"{self._w('table')} {key} {block['title']}" if numbered else str(block["title"])
        items = self.content.spec.tables()
        item = next((i for where, i in items if where == table.section and i.report == table.report), None)
        if item is not None and item.printed:
            return self.listed(item.printed[0], table)
        return str((table.data or {}).get("title") or self._w("table"))

    def listed(self, printed: Printed, table: TableContent) -> str:
        """How the daftar tabel (and a note in the table's place) names a table: its number and printed title."""
        title = self._title(printed, table)
        return f"{self._w('table')} {printed.number} {title}" if printed.number else title

    def caption(self, printed: Printed, grid: Grid, table: TableContent) -> str:
        """The caption above a table: the catalog's own title where it names its number (as the seed prints it),
        else the seed's number before the catalog's title."""
        if printed_number(grid.title) or not printed.number:
            return grid.title or self._title(printed, table)
        return f"{self._w('table')} {printed.number} {grid.title}"

    def _reason(self, table: TableContent) -> str:
        """Why the catalog could not build a table, as its message says, with the agency named as on the cover."""
        agency = self.content.agency
        return clean(table.message or "—").replace(agency.slug, agency.name)

    def absent(self, item: Table, table: TableContent) -> bool:
        """An optional table the agency's data does not give: left off the pages (the compilation note says so)."""
        return item.optional and not any(grid.rows for _printed, grid in self.shown(item, table))

    def chapters(self) -> list[Chapter]:
        """The chapters shown: every chapter, but an annex whose tables are all optional and absent."""
        def empty_annex(chapter: Chapter) -> bool:
            tables = [(i, self.content.table(chapter.numeral, i.report)) for i in chapter.items if isinstance(i, Table)]
            return chapter.annex and bool(tables) and all(t is None or self.absent(i, t) for i, t in tables)

        return [chapter for chapter in self.content.spec.chapters if not empty_annex(chapter)]

    def numeral(self, chapter: Chapter) -> str:
        """A chapter's numeral; annexes numbered in the order shown (a left-out annex leaves no gap)."""
        if not chapter.annex:
            return chapter.numeral
        annexes = [c for c in self.chapters() if c.annex]
        return ROMAN[annexes.index(chapter)]

    def table(self, item: Table, table: TableContent) -> None:
        if self.absent(item, table):
            return
        shown = self.shown(item, table)
        if not shown or not any(grid.rows for _printed, grid in shown):
            self._orientation(False)
            names = [self.listed(p, table) for p in item.printed] or [self._w("table")]
            for name in names:
                if table.status == MISSING:
                    self._note(self._w("table_missing", name=name))
                elif table.status == OK:
                    self._note(self._w("table_empty", name=name))
                else:
                    self._note(self._w("table_unavailable", name=name, reason=self._reason(table)))
            return
        for printed, grid in shown:
            self.grid(grid, self.caption(printed, grid, table))

    def grid(self, grid: Grid, label: str) -> None:
        if not self.landscape:
            self._new_section(landscape=True)
        total = text_width(self.doc.sections[-1])
        fit = fit_table(grid, total)
        for index, part in enumerate(fit.parts, start=1):
            if index > 1:
                self._page_break()
            suffix = f" ({self._w('part', n=index, of=len(fit.parts))})" if len(fit.parts) > 1 else ""
            self._paragraph(f"{label}{suffix}".strip(), bold=True, size=9,
                            align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True, space_after=2)
            for note in grid.notes:
                self._paragraph(note, italic=True, size=8, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True,
                                space_after=2)
            self._insert(table_xml(grid, part, fit.size, self._w("table_no_rows")))
            self._paragraph(space_after=0)
        self.fresh_page = False

    def _insert(self, element) -> None:
        body = self.doc.element.body
        body.insert(len(body) - 1, element)  # before the document's final section properties

    # -- appendix and sources -------------------------------------------------------------------------------------

    def appendix(self) -> None:
        self._orientation(True)
        self._heading(self._w("appendix"), 0)
        self._paragraph(self._w("appendix_intro"), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        rows = differences(self.content, self.lang, self.table_name)
        if not rows:
            self._note(self._w("appendix_none"))
            return
        header = [GridCell(text, True, "center") for text in self._w("appendix_columns").split("|")]
        body = [[GridCell(row["table"]), GridCell(row["row"]), GridCell(row["column"]),
                 GridCell(row["printed"], align="right", number=True),
                 GridCell(row["computed"], align="right", number=True), GridCell(row["cause"])] for row in rows]
        grid = Grid("", [], [header, *body], 1, [], [14, 40, 10, 10, 10, 45])
        self.grid(grid, "")

    def narrative_appendix(self) -> None:
        """The appendix's second part: figures the narrative quotes that differ from the tables (``issue``)."""
        from .issue import narrative_appendix

        narrative_appendix(self)

    def sources(self) -> None:
        """The compilation note: each table the outline names, by its printed number and title, and whether the
        data could give it (the catalog's names stay off the page)."""
        self._orientation(False)
        self._heading(self._w("sources"), 0)
        self._paragraph(self._w("sources_intro"))
        for where, item in self.content.spec.tables():
            table = self.content.table(where, item.report)
            if table is None:
                continue
            status = {OK: "source_ok", MISSING: "source_missing"}.get(table.status, "source_unavailable")
            if table.status == OK and not any(grid.rows for _p, grid in self.shown(item, table)):
                status = "source_empty"
            if self.absent(item, table):
                status = "source_not_held"
            for printed in item.printed or (Printed("", {"id": item.report, "en": item.report}),):
                paragraph = self._paragraph(space_after=2)
                paragraph.paragraph_format.left_indent = Cm(0.8)
                paragraph.add_run(f"{where}  ")
                paragraph.add_run(self.listed(printed, table)).bold = True
                paragraph.add_run(f" ({table.year}): {self._w(status)}")
                if table.message and status != "source_not_held":
                    paragraph.add_run(f" — {self._reason(table)}").italic = True


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
SMALL_WORDS = {"dan", "dengan", "di", "ke", "dari", "yang", "untuk", "terhadap", "of", "the", "and", "from", "that",
               "to", "in", "by"}


def title_case(text: str) -> str:
    """``DAFTAR ISI`` → ``Daftar Isi``; small words stay lower case ("Tujuan dan Sasaran", "Table of Contents")."""
    words = text.lower().split()
    return " ".join(w if i and w in SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def place_of(region: m.Region) -> str:
    """Where the head signs: the region's name without its kind ("Kutai Kartanegara", "Tarakan")."""
    name = region.name
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def indonesian_text(text: str | None) -> str:
    if text in (None, ""):
        return "—"
    try:
        value = Decimal(text)
    except (InvalidOperation, TypeError):
        return str(text)
    places = len(str(text).partition(".")[2])
    return indonesian_number(value, places, places, grouping=True)


def row_label(row: dict) -> str:
    parts = [row.get("code") or "", row.get("name") or row.get("key") or "", row.get("indicator") or ""]
    return " — ".join(p for p in (str(x).strip() for x in parts) if p)


def blocks(data: dict) -> list[tuple[str, dict]]:
    """A table's JSON as its blocks of rows: the table itself, or each of its parts (``parts``, as the LKjIP has),
    named by the part's key."""
    parts = data.get("parts")
    if isinstance(parts, list) and parts:
        return [(str(part.get("key") or index), part) for index, part in enumerate(parts, start=1)
                if isinstance(part, dict)]
    return [("", data)]


def differences(content: DocumentContent, lang: str, name_of) -> list[dict]:
    """Every difference between a printed figure and the rules, from each table's JSON; ``name_of(table, block)``
    names the table or part as the document does."""
    out = []
    for table in content.tables:
        data = table.data or {}
        located = []
        whole = word(lang, "whole_table")
        for _part, block in blocks(data):
            name = name_of(table, block)
            located += [(name, row_label(row), d) for row in block.get("rows", []) if isinstance(row, dict)
                        for d in row.get("differences", []) or []]
            located += [(name, whole, d) for d in block.get("differences", []) or [] if isinstance(d, dict)]
        if "parts" in data:
            located += [(name_of(table, data), whole, d) for d in data.get("differences", []) or []
                        if isinstance(d, dict)]
        for name, where, d in located:
            column = " ".join(str(x) for x in (d.get("column"), d.get("measure")) if x)
            out.append({"table": name, "row": where, "column": column, "printed": str(d.get("printed") or "—"),
                        "computed": indonesian_text(d.get("computed")), "cause": str(d.get("cause") or "")})
    return out


# -- table XML ---------------------------------------------------------------------------------------------------


def _run(text: str, bold: bool, half_points: int) -> str:
    props = f"{'<w:b/><w:bCs/>' if bold else ''}<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>"
    lines = text.split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r><w:rPr>{props}</w:rPr>{inner}</w:r>"


def _paragraph_xml(cell: GridCell | None, half_points: int) -> str:
    align = {"center": "center", "right": "right"}.get(cell.align if cell else "", "left")
    text = ""
    if cell is not None and cell.text:
        # a figure never breaks; a text may also break where LibreOffice would not alone (fit.BREAK_INSIDE)
        shown = cell.text.replace(" ", "\u00a0") if cell.number else BREAK_INSIDE.sub("\u200b", cell.text)
        text = _run(clean(shown), cell.bold, half_points)
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            f'<w:jc w:val="{align}"/><w:rPr><w:sz w:val="{half_points}"/></w:rPr></w:pPr>{text}</w:p>')


def table_xml(grid: Grid, part: Part, size: float, empty_text: str):
    """One part of a grid as a ``w:tbl``: fixed layout, the part's widths, header rows repeated."""
    half_points = round(size * 2)
    columns = part.columns
    position = {c: i for i, c in enumerate(columns)}
    widths = part.widths
    total = sum(widths)
    merges = {}
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for area in grid.merges:
        r0, c0, r1, c1 = area
        span = list(range(c0, c1 + 1))
        if not all(c in position for c in span) or position[c1] - position[c0] != c1 - c0:
            continue
        merges[(r0, c0)] = area
        for r in range(r0, r1 + 1):
            for c in span:
                if (r, c) != (r0, c0):
                    covered[(r, c)] = area
    merged_rows = {r for r0, _c0, r1, _c1 in merges.values() for r in range(r0, r1 + 1)}

    rows_xml = []
    body_rows = 0
    for r, row in enumerate(grid.rows):
        header = r < grid.header_rows
        if not header and r not in merged_rows and all(row[c] is None or not row[c].text for c in columns):
            continue
        if header and all(covered.get((r, c), (r,))[0] < r for c in columns):
            # a header row made only of cells merged down from above (the XLSX's second title row where no
            # column has a sub-header): LibreOffice drops the cells above it from the heading it repeats
            continue
        body_rows += 0 if header else 1
        cells = []
        for c in columns:
            area = merges.get((r, c)) or covered.get((r, c))
            if area is not None and (r, c) in covered and c != area[1]:
                continue  # inside a horizontal span
            span = area[3] - area[1] + 1 if area else 1
            width = sum(widths[position[c] + k] for k in range(span))
            props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
            if span > 1:
                props.append(f'<w:gridSpan w:val="{span}"/>')
            if area is not None and area[2] > area[0]:
                props.append('<w:vMerge w:val="restart"/>' if r == area[0] else "<w:vMerge/>")
            if header:
                props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>')
            props.append(f'<w:vAlign w:val="{"center" if header else "top"}"/>')
            cell = row[c] if (r, c) not in covered else None
            cells.append(f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{_paragraph_xml(cell, half_points)}</w:tc>")
        row_props = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
        rows_xml.append(f"<w:tr><w:trPr>{row_props}</w:trPr>{''.join(cells)}</w:tr>")
    if body_rows == 0:
        note = GridCell(empty_text, align="center")
        rows_xml.append(f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{total}" w:type="dxa"/>'
                        f'<w:gridSpan w:val="{len(columns)}"/></w:tcPr>{_paragraph_xml(note, half_points)}</w:tc>'
                        "</w:tr>")
    border = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    borders = "".join(border.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    xml = (f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>"
           f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
           '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
           '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
           f"</w:tblPr><w:tblGrid>{grid_cols}</w:tblGrid>{''.join(rows_xml)}</w:tbl>")
    return parse_xml(xml)


def render(content: DocumentContent, pages: dict[str, str] | None = None, stamp: Stamp = DRAFT) -> bytes:
    return Writer(content, pages, stamp).write()


def toc_entries(content: DocumentContent) -> list[TocEntry]:
    with translation.override(content.lang):
        return Writer(content).entries()

