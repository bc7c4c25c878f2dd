"""Every report's XLSX written one way, by XlsxWriter: the title lines, the printed header (groups merged over their
columns, the official numbers below), column widths, frozen header and print setup, the figures' number formats, a
printed figure that differs shaded with what was printed in a comment.

openpyxl built a cell object for every cell and styled each (some 200 ms for an evaluation of 334 rows); XlsxWriter
streams rows with shared formats, about 5–7× faster. The writers of the evaluation (``evaluation_sheet``), the
official and plan tables (``official``), the Renja plan (``rencana_export``) and the accountability documents
(``document_tables``) use this module; ``tests/reports/test_xlsx_writers.py`` reads each report of the catalog back
from this writer and from the openpyxl writer it replaced and compares every cell's value, number format, fill,
font, border, alignment and comment, the merges, widths, panes and print setup.

Every text is written with ``write_string`` and the workbook refuses to turn strings into formulas, numbers or
links: a name beginning with ``=`` stays text (formula injection), as ``csv_export.workbook_bytes`` kept it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from xlsxwriter import Workbook

OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
BORDER_COLOR, HEADER_COLOR, DIFF_COLOR, MARK_COLOR = "#808080", "#DDE6F0", "#FCE4D6", "#FFF4CC"
A4 = 9
DIGIT_PIXELS = 7  # the width of a digit of the default font (Calibri 11), by which Excel measures columns
INDONESIAN_NUMBER = '#,##0.##;-#,##0.##;0'
INDONESIAN_RUPIAH = '#,##0;-#,##0;"-"'
INDONESIAN_PERCENT = '0.00" %"'
TWO_PLACES = Decimal("0.01")

# Format properties shared by the writers.
BORDERED = {"border": 1, "border_color": BORDER_COLOR}
HEADER = {"bold": True, "bg_color": HEADER_COLOR, "pattern": 1, **BORDERED, "align": "center", "valign": "vcenter",
          "text_wrap": True}
DIFF = {"bg_color": DIFF_COLOR, "pattern": 1}
MARK = {"bg_color": MARK_COLOR, "pattern": 1}
TITLE = {"bold": True, "font_size": 12}
NUMBER_CELL = {"align": "right", "valign": "top"}


class Book:
    """A workbook written to memory; ``close()`` gives its bytes."""

    def __init__(self):
        self._buffer = io.BytesIO()
        self.book = Workbook(self._buffer, OPTIONS)

    def sheet(self, title: str) -> Sheet:
        return Sheet(self.book, title[:31])

    def close(self) -> bytes:
        self.book.close()
        return self._buffer.getvalue()


class Sheet:
    """One worksheet and the formats it shares, each made once per combination of properties. Rows and columns
    are 0-based."""

    def __init__(self, book: Workbook, title: str):
        self.book, self.ws = book, book.add_worksheet(title)
        self._formats: dict[tuple, object] = {}

    def fmt(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.book.add_format(props) if props else None
        return self._formats[key]

    def put(self, r: int, c: int, value, fmt=None) -> None:
        """A value at (r, c): text as text, numbers as numbers, nothing as a styled blank."""
        if value is None or value == "":
            if fmt is not None:
                self.ws.write_blank(r, c, None, fmt)
        elif isinstance(value, str):
            self.ws.write_string(r, c, value, fmt)
        else:
            self.ws.write_number(r, c, value, fmt)

    def merge(self, r0: int, c0: int, r1: int, c1: int, value, fmt=None) -> None:
        if (r0, c0) == (r1, c1):
            self.put(r0, c0, value, fmt)
        else:
            self.ws.merge_range(r0, c0, r1, c1, "" if value is None else value, fmt)

    def comment(self, r: int, c: int, text: str, **size) -> None:
        self.ws.write_comment(r, c, text, {"author": "Kinerja", **size})

    def lines(self, texts: Iterable[tuple[str, dict]], width: int, first: int = 0) -> None:
        """Title lines from row ``first``, each merged across the table's ``width`` columns."""
        for r, (text, props) in enumerate(texts, start=first):
            self.merge(r, 0, r, max(width, 1) - 1, text, self.fmt(**props))

    def header_block(self, top: int, bottom: int, width: int, cells: dict[tuple[int, int], object],
                     merges: list[tuple[int, int, int, int]]) -> None:
        """Rows ``top``–``bottom`` styled as the header over ``width`` columns: each merge with its top-left value,
        every other cell with its value or blank."""
        head = self.fmt(**HEADER)
        merged = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r0, c0, r1, c1 in merges:
            self.merge(r0, c0, r1, c1, cells.get((r0, c0)), head)
        for r in range(top, bottom + 1):
            for c in range(width):
                if (r, c) not in merged:
                    self.put(r, c, cells.get((r, c)), head)

    def widths(self, widths: dict[int, float]) -> None:
        """Column widths in characters, stored as given (as openpyxl stored them; the DOCX and PDF of a table take
        their column widths from these): ``set_column`` would add Excel's cell padding (14 → 14.71)."""
        for c, w in widths.items():
            self.ws.set_column_pixels(c, c, round(w * DIGIT_PIXELS))

    def print_setup(self, header_top: int, header_bottom: int) -> None:
        """A4 landscape, one page wide, the header rows repeated on every printed page."""
        self.ws.set_landscape()
        self.ws.set_paper(A4)
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(header_top, header_bottom)


def printed_header(sheet: Sheet, columns, top: int, width: int, *, numbers: list, one_line_spans_two: bool = False
                   ) -> int:
    """The printed header of a table of ``columns`` (each with ``width``, ``label`` and ``group``): the group line
    and the column line from row ``top`` (``renja_rencana.header_cells``), the official numbers on row ``top + 2``
    (``numbers``: one value per column, merged over its width). ``one_line_spans_two``: where no column has a
    group, each header cell spans both header lines (the documents' tables). Returns the numbers' row."""
    from .renja_rencana import header_cells

    cells: dict[tuple[int, int], object] = {}
    merges: list[tuple[int, int, int, int]] = []
    spans_two = one_line_spans_two and not any(c.group for c in columns)
    for h in header_cells(columns):
        r = top + h.row
        cells[(r, h.start)] = h.label
        height = 2 if spans_two else h.height
        if h.width > 1 or height > 1:
            merges.append((r, h.start, r + height - 1, h.start + h.width - 1))
    row = top + 2
    c = 0
    for column, number in zip(columns, numbers, strict=True):
        cells[(row, c)] = number
        if column.width > 1:
            merges.append((row, c, row, c + column.width - 1))
        c += column.width
    sheet.header_block(top, row, width, cells, merges)
    return row


def number_cell(value: Decimal, *, rupiah: bool = False, percent: str | None = None,
                places: Decimal | None = None) -> tuple[int | float, str]:
    """A computed figure as the sheet stores it and its number format: Rupiah as they are; a percentage rounded
    half up to two places (``percent``: its format); a count whole where it is whole (``places``: how far a
    fraction is kept)."""
    if rupiah:
        return float(value), INDONESIAN_RUPIAH
    if percent is not None:
        return float(value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)), percent
    if value == value.to_integral():
        return int(value), INDONESIAN_NUMBER
    return float(value.quantize(places) if places is not None else value), INDONESIAN_NUMBER


def difference_text(difference) -> str:
    """The comment on a printed figure that differs: what was printed, and why it differs."""
    return _("Tercetak: %(printed)s — %(cause)s") % {"printed": difference.printed, "cause": difference.cause}
