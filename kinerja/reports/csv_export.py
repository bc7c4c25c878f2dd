"""CSV for every table: one header row, then the rows; numbers plain with '.' as the decimal mark. And the bytes of
every XLSX Kinerja writes (the reports and the verifier's findings).

A text cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written with a leading ``'`` in CSV, and stored as a string in XLSX, so opening a downloaded
file never runs what a planner typed into a name or a note, or what a pasted table held (CSV/formula injection).
Numbers are written by this module from ``Decimal`` values and are never altered. No Django: the verifier uses it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CsvValue = Decimal | int | str | None


def neutralise(text: str) -> str:
    """``=SUM(A1)`` → ``'=SUM(A1)``: text a spreadsheet would evaluate, made inert."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(value: CsvValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a CSV value is a number or a text, not a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return neutralise(str(value))


def write_csv(header: Iterable[str], rows: Iterable[Iterable[CsvValue]]) -> bytes:
    """UTF-8 CSV (RFC 4180: comma-separated, quoted where needed, CRLF line ends)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([csv_text(str(label)) for label in header])
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as XLSX bytes, every text kept as text: a text that starts with '=' (a formula to openpyxl, and
    to whoever opens the file) is stored as a plain string, never evaluated (formula injection). A string cell
    starting with ``+``, ``-`` or ``@`` is already stored as text, which no spreadsheet evaluates."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
