"""The verifier's findings as text (one line per finding, then a count), JSON (a list of findings) and XLSX (the
table as read, each finding cell filled and commented, and a sheet listing the findings)."""

from __future__ import annotations

import json

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.reports.csv_export import workbook_bytes

from .check import Finding, Report
from .messages import text
from .reading import Grid

__all__ = ["FORMATS", "render", "to_json", "to_text", "to_xlsx"]

FORMATS = ("text", "json", "xlsx")
FINDING_FILL = PatternFill("solid", fgColor="F8CBAD")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
FINDING_COLOR, HEADER_COLOR = "#F8CBAD", "#DDE6F0"


def _short(label: str, width: int = 70) -> str:
    label = " ".join(label.split())
    return label if len(label) <= width else label[: width - 1] + "…"


def _expected(finding: Finding, lang: str) -> str:
    expected = finding.expected_text(lang)
    if expected is not None:
        return expected
    return "—" if finding.check == "number" else text("out.undefined", lang)


def finding_line(finding: Finding, report: Report) -> str:
    lang = report.lang
    parts = [
        f"{report.source}:{finding.line}:{finding.position}:",
        f"{_short(finding.row)} —",
        f"{text('out.column', lang, column=finding.column)}:",
        f'{text("out.printed", lang)} "{finding.printed}",',
        f"{text('out.expected', lang)} {_expected(finding, lang)}",
        f"[{finding.rule}]",
    ]
    if finding.cause:
        parts.append(f"— {finding.cause}")
    return " ".join(parts)


def to_text(report: Report) -> str:
    lines = [finding_line(finding, report) for finding in report.findings]
    tables, rows = report.table_count, report.rows_checked
    if report.findings:
        lines.append(text("out.count", report.lang, count=len(report.findings), tables=tables, rows=rows))
    else:
        lines.append(text("out.none", report.lang, tables=tables, rows=rows))
    if report.notes:  # after the count, so that a script reading the last finding line is not misled
        lines.extend(finding_line(note, report) for note in report.notes)
        lines.append(text("out.notes", report.lang, count=len(report.notes)))
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    """A list of findings, each with ``row``, ``column``, ``printed``, ``expected``, ``rule``, ``cause``."""
    return json.dumps([finding.as_dict() for finding in report.findings], ensure_ascii=False, indent=2) + "\n"


def _finding_note(finding, lang: str) -> str:
    """The comment on a finding's cell: what was printed, what was expected, the rule and the cause."""
    note = [
        f"{text('out.printed', lang).capitalize()}: {finding.printed}",
        f"{text('out.expected', lang).capitalize()}: {_expected(finding, lang)}",
        finding.rule,
    ]
    if finding.cause:
        note.append(finding.cause)
    return "\n".join(note)


def to_xlsx(report: Report) -> bytes:
    """The table as read, each finding's cell shaded with what was printed, what was expected and why in a
    comment; a second sheet lists the findings. Written by XlsxWriter (``kinerja.reports.xlsx``): every pasted
    text stays text, a "=HYPERLINK(…)" never a live formula."""
    from kinerja.reports.xlsx import Book

    lang = report.lang
    grid = report.grid or Grid(name=report.source, kind="", rows=())
    book = Book()
    sheet = book.sheet(grid.sheet or "Tabel")
    values: dict[tuple[int, int], object] = {}
    props: dict[tuple[int, int], dict] = {}
    comments: dict[tuple[int, int], str] = {}
    widths: dict[int, int] = {}
    header_lines = {line for table in report.tables for line in table.header_lines}
    for row in grid.rows:
        for cell in row.cells:
            if not cell.text:
                continue
            at = (row.line - 1, cell.column - 1)
            values[at] = cell.text
            props[at] = {"valign": "top", **({"text_wrap": True} if len(cell.text) > 40 else {})}
            if row.line in header_lines:
                props[at].update(bold=True, bg_color=HEADER_COLOR, pattern=1)
            widths[cell.column] = max(widths.get(cell.column, 8), min(len(cell.text), 40))
    for finding in report.findings:
        if finding.position <= 0:
            continue
        at = (finding.line - 1, finding.position - 1)
        if values.get(at) is None:
            values[at] = finding.printed
        props[at] = {**props.get(at, {}), "bg_color": FINDING_COLOR, "pattern": 1}
        comments[at] = _finding_note(finding, lang)
    for (r, c), value in sorted(values.items()):
        sheet.put(r, c, value, sheet.fmt(**props.get((r, c), {})))
    for (r, c), note in sorted(comments.items()):
        sheet.comment(r, c, note, width=320, height=160)
    sheet.widths({column - 1: width + 2 for column, width in widths.items()})

    listing = book.sheet(text("out.sheet_findings", lang))
    head = listing.fmt(bold=True, bg_color=HEADER_COLOR, pattern=1)
    for c, label in enumerate(text("out.header", lang).split("|")):
        listing.put(0, c, label, head)
    for r, finding in enumerate(report.findings, start=1):
        for c, value in enumerate([finding.line, finding.row, finding.column, finding.printed,
                                   _expected(finding, lang), finding.rule, finding.cause]):
            listing.put(r, c, value)
    listing.widths(dict(enumerate((8, 50, 14, 18, 18, 50, 60))))
    listing.ws.freeze_panes(1, 0)
    return book.close()


def to_xlsx_openpyxl(report: Report) -> bytes:
    """The first writer of ``to_xlsx``, kept while ``tests/verify/test_output_xlsx.py`` compares the two
    workbooks cell by cell."""
    lang = report.lang
    grid = report.grid or Grid(name=report.source, kind="", rows=())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (grid.sheet or "Tabel")[:31]
    widths: dict[int, int] = {}
    header_lines = {line for table in report.tables for line in table.header_lines}
    for row in grid.rows:
        for cell in row.cells:
            if not cell.text:
                continue
            target = sheet.cell(row=row.line, column=cell.column, value=cell.text)
            target.alignment = Alignment(vertical="top", wrap_text=len(cell.text) > 40)
            if row.line in header_lines:
                target.fill = HEADER_FILL
                target.font = Font(bold=True)
            widths[cell.column] = max(widths.get(cell.column, 8), min(len(cell.text), 40))
    for finding in report.findings:
        if finding.position <= 0:
            continue
        target = sheet.cell(row=finding.line, column=finding.position)
        if target.value is None:
            target.value = finding.printed
        target.fill = FINDING_FILL
        comment = Comment(_finding_note(finding, lang), "Kinerja")
        comment.width, comment.height = 320, 160
        target.comment = comment
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width + 2

    listing = workbook.create_sheet(text("out.sheet_findings", lang))
    listing.append(text("out.header", lang).split("|"))
    for cell in listing[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for finding in report.findings:
        listing.append([finding.line, finding.row, finding.column, finding.printed, _expected(finding, lang),
                        finding.rule, finding.cause])
    for column, width in zip("ABCDEFG", (8, 50, 14, 18, 18, 50, 60), strict=True):
        listing.column_dimensions[column].width = width
    listing.freeze_panes = "A2"
    return workbook_bytes(workbook)  # a pasted "=HYPERLINK(…)" stays the text it was, never a live formula


def render(report: Report, fmt: str) -> bytes:
    if fmt == "text":
        return to_text(report).encode("utf-8")
    if fmt == "json":
        return to_json(report).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(report)
    raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
