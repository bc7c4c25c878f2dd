"""Reading a table from a file: tab-separated text (as pasted from Word/Excel or extracted from a PDF), CSV,
text extracted from a PDF without tabs (figures at the end of each line), or the first sheet of an XLSX workbook.

The result is a grid of cell texts, each with the line (or sheet row) and the 1-based column it stands at, so a
finding can name the cell and the XLSX output can highlight it. Nothing is interpreted here beyond the layout:
numbers are read later by the engine's reader (RULES.md §9). A file that is not a table raises TableReadError
with the reason.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kinerja.files import TEXTS as FILE_TEXTS
from kinerja.files import FileRefused, check_sheet_extent, check_workbook, refusal_text

from .messages import text

__all__ = ["Cell", "Grid", "GridRow", "TableReadError", "read_bytes", "read_path"]

XLSX_MAGIC = b"PK\x03\x04"
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_BOLD = re.compile(r"\*\*")
_SPACES = re.compile(r"\s+")
# A figure as it ends a line of PDF text: digits with marks, a trailing % or ",-", or a lone dash.
_NUMBER_TOKEN = re.compile(r"^(?:[-+]?[0-9][0-9.,]*(?:%|,-)?|[-\u2013\u2014])$")
# "(Rp)", "(%)": the unit that ends a column header in PDF text.
_HEADER_UNIT = re.compile(r"\((?:rp\.?|%|rupiah)\)\s*$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
_GROUPED_NUMBER = re.compile(r"[0-9],[0-9]|[0-9]\.[0-9]{3}(?:[.,]|$)")


class TableReadError(Exception):
    """The file cannot be read as a table: ``name`` which file, ``key`` why (a ``read.*`` text of
    ``messages``, or a ``file.*`` refusal of ``kinerja.files``), ``reason`` in English and ``reason_in(lang)`` in
    the reader's language."""

    def __init__(self, name: str, key: str, **values: object) -> None:
        self.name = name
        self.key = key
        self.values = values
        self.reason = self.reason_in("en")
        super().__init__(f"{name}: {self.reason}")

    @classmethod
    def refused(cls, exc: FileRefused) -> TableReadError:
        return cls(exc.name, exc.key, **exc.values)

    def reason_in(self, lang: str) -> str:
        if self.key in FILE_TEXTS:
            return refusal_text(self.key, lang, **self.values)
        return text(self.key, lang, **self.values)

    def message(self, lang: str) -> str:
        return f"{self.name}: {self.reason_in(lang)}"


@dataclass(frozen=True)
class Cell:
    """One cell as printed. ``number`` is set where the file stores a number as a number (an XLSX numeric
    cell, a plain machine-written CSV), with ``decimals`` its precision; otherwise the text is read later."""

    text: str
    line: int
    column: int
    number: Decimal | None = None
    decimals: int | None = None

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class GridRow:
    line: int
    cells: tuple[Cell, ...]

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    def nonempty(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.text]


@dataclass(frozen=True)
class Grid:
    """The rows of the file that hold something, in order. ``kind``: tsv, csv, text or xlsx."""

    name: str
    kind: str
    rows: tuple[GridRow, ...]
    sheet: str | None = None


def clean(text: str) -> str:
    """A cell's text without markup (``<b>…</b>``, ``**``) and with runs of spaces as one space."""
    text = _TAG.sub("", text)
    text = _BOLD.sub("", text)
    return _SPACES.sub(" ", text).strip()


MB = 1024 * 1024
# A printed table is kilobytes; a file of tens of megabytes given to the verifier is a mistake, refused unread.
MAX_FILE_BYTES = 50 * MB


def read_path(path: Path | str) -> Grid:
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TableReadError(name, "read.too_large", size=size // MB, limit=MAX_FILE_BYTES // MB)
        data = path.read_bytes()
    except FileNotFoundError:
        raise TableReadError(name, "read.not_found") from None
    except IsADirectoryError:
        raise TableReadError(name, "read.directory") from None
    except OSError as exc:
        raise TableReadError(name, "read.unreadable", error=exc.strerror or exc) from None
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str = "<input>") -> Grid:
    """The grid of ``data``; ``name`` (a file name) decides CSV for ``.csv`` and names the file in errors."""
    if not data.strip():
        raise TableReadError(name, "read.empty")
    if data.startswith(XLSX_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableReadError(name, "read.utf16")
    if b"\x00" in data:
        raise TableReadError(name, "read.binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableReadError(name, "read.not_utf8", byte=f"{data[exc.start]:02x}", position=exc.start) from None
    lines = text.splitlines()
    if any("\t" in line for line in lines):
        grid = _read_delimited(lines, name, "tsv")
    elif name.lower().endswith(".csv") or _looks_like_csv(lines):
        grid = _read_csv(text, name)
    else:
        grid = _read_pdf_text(lines, name)
    if not grid.rows:
        raise TableReadError(name, "read.no_cells")
    return grid


# -- tab-separated and CSV ------------------------------------------------------------------------------------


def _row(line: int, texts: list[str]) -> GridRow:
    return GridRow(line, tuple(Cell(clean(text), line, column) for column, text in enumerate(texts, start=1)))


def _read_delimited(lines: list[str], name: str, kind: str) -> Grid:
    rows = [_row(number, line.split("\t")) for number, line in enumerate(lines, start=1)]
    rows = [row for row in rows if row.nonempty()]
    if not any(len(row.nonempty()) > 1 for row in rows):
        raise TableReadError(name, "read.no_line_cells")
    return Grid(name=name, kind=kind, rows=tuple(rows))


def _looks_like_csv(lines: list[str]) -> bool:
    """Several lines with the same number (≥ 3) of comma- or semicolon-separated fields."""
    sample = [line for line in lines if line.strip()][:50]
    if len(sample) < 2:
        return False
    for delimiter in (",", ";"):
        counts = [len(fields) for fields in csv.reader(sample, delimiter=delimiter)]
        common = max(set(counts), key=counts.count)
        if common >= 3 and counts.count(common) >= max(2, int(len(counts) * 0.8)):
            return True
    return False


def _read_csv(text: str, name: str) -> Grid:
    sample = text[:20000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for fields in reader:
            records.append((reader.line_num, fields))
    except csv.Error as exc:
        raise TableReadError(name, "read.csv", error=exc) from None
    # A machine-written CSV (Kinerja's own export) writes plain numbers with '.' as the decimal mark and no
    # thousands marks: such a file is read as numbers, not by the rules for numbers as people write them.
    values = [field.strip() for _line, fields in records[1:] for field in fields if field.strip()[:1].isdigit()]
    plain = bool(values) and all(_PLAIN_NUMBER.match(v) for v in values if not v.endswith("%")) and not any(
        _GROUPED_NUMBER.search(v) and not _PLAIN_NUMBER.match(v) for v in values
    )
    rows: list[GridRow] = []
    for line, fields in records:
        cells = []
        for column, field in enumerate(fields, start=1):
            text = clean(field)
            if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
                text = text[1:]  # Kinerja's CSV neutralises formula-like text with a leading quote
            if plain and line != records[0][0] and _PLAIN_NUMBER.match(text):
                cells.append(Cell(text, line, column, Decimal(text), _places(text)))
            else:
                cells.append(Cell(text, line, column))
        row = GridRow(line, tuple(cells))
        if row.nonempty():
            rows.append(row)
    if not any(len(row.nonempty()) > 1 for row in rows):
        raise TableReadError(name, "read.no_fields")
    return Grid(name=name, kind="csv", rows=tuple(rows))


def _places(text: str) -> int:
    return len(text.partition(".")[2])


# -- text extracted from a PDF, without tabs ---------------------------------------------------------------


def _trailing_numbers(line: str) -> tuple[str, list[str]]:
    tokens = line.split()
    count = 0
    while count < len(tokens) and _NUMBER_TOKEN.match(tokens[len(tokens) - 1 - count]):
        count += 1
    if count < 2:
        return line.strip(), []
    return " ".join(tokens[: len(tokens) - count]), tokens[len(tokens) - count:]


_TOTAL_ROW = re.compile(r"^(?:total|jumlah)\b", re.IGNORECASE)
_MAX_GAP = 20  # text lines between two rows of figures; more is running text, not a row's name
_CAPTION = re.compile(r"^\s*tabel\s+[0-9]", re.IGNORECASE)


def _read_pdf_text(lines: list[str], name: str) -> Grid:
    """Text extracted from a PDF: each table (a document is cut at its "Tabel …" captions) is read on its own,
    and a part without a header ending in a unit such as ``(Rp)`` is not a table."""
    numbered = list(enumerate(lines, start=1))
    starts = [i for i, (_n, line) in enumerate(numbered) if _CAPTION.match(line)]
    bounds = list(zip([0, *starts], [*starts, len(numbered)], strict=True))
    rows: list[GridRow] = []
    figures_seen = False
    for begin, finish in bounds:
        part, figures = _read_pdf_part(numbered[begin:finish])
        figures_seen = figures_seen or figures
        rows.extend(part)
    if not rows:
        if not figures_seen:
            raise TableReadError(name, "read.no_figures")
        raise TableReadError(name, "read.no_unit_header")
    return Grid(name=name, kind="text", rows=tuple(rows))


def _read_pdf_part(numbered: list[tuple[int, str]]) -> tuple[list[GridRow], bool]:
    """Lines such as ``Program Rehabilitasi Sosial 6,877,600,000,00 5,960,581,171,00 86,66 917.018.829,00``:
    the figures end the line, the row's name is the text before them and on the lines since the previous row.

    The header is the text before the first such line, up to its last line ending in a unit such as ``(Rp)``
    or ``(%)``; it is split into one label per figure column. Returns the rows, and whether any line ended in
    figures.
    """
    parsed = [(number, *_trailing_numbers(line)) for number, line in numbered]
    figure_lines = [i for i, (_n, _label, figures) in enumerate(parsed) if figures]
    if not figure_lines:
        return [], False
    first = figure_lines[0]
    before = [(n, label) for n, label, _f in parsed[:first] if label]
    header_end = max((i for i, (_n, text) in enumerate(before) if _HEADER_UNIT.search(text)), default=-1)
    if header_end < 0:
        return [], True
    header_text = " ".join(text for _n, text in before[: header_end + 1])
    pending = [text for _n, text in before[header_end + 1:]]
    width = max(len(figures) for _n, _l, figures in parsed)
    labels = _split_header(header_text, width)
    header_line = before[header_end][0]
    rows = [GridRow(header_line, tuple(Cell(text, header_line, column) for column, text in enumerate(labels, 1)))]
    for number, label, figures in parsed[first:]:
        if not figures:
            if label:
                pending.append(label)
                if len(pending) > _MAX_GAP:
                    break  # running text again: the table has ended
            continue
        name_text = _row_name(clean(" ".join([*pending, label])))
        pending = []
        offset = 1 + width - len(figures)  # figures are right-aligned: the last column is the last figure
        cells = [Cell(name_text, number, 1)]
        cells.extend(Cell("", number, column) for column in range(2, offset + 1))
        cells.extend(Cell(clean(text), number, offset + 1 + index) for index, text in enumerate(figures))
        rows.append(GridRow(number, tuple(cells)))
        if _TOTAL_ROW.match(name_text):
            break  # a total closes the table
    return rows, True


_ROW_NAME_START = re.compile(r"\b(?:Program|PROGRAM|Kegiatan|KEGIATAN|Sub Kegiatan|Total|TOTAL|Jumlah|JUMLAH)\b")


def _row_name(text: str) -> str:
    """The name of a row from the text gathered before its figures: from its last "Program …"/"Kegiatan …" on
    (the sasaran and indikator printed beside the first program are left out)."""
    starts = [match.start() for match in _ROW_NAME_START.finditer(text)]
    return text[starts[-1]:] if starts else text


def _split_header(text: str, width: int) -> list[str]:
    """``… Program / Kegiatan Anggaran (Rp) Realisasi (Rp) Realisasi (%) Sisa Anggaran (Rp)`` → the row-label
    column, then one label per figure column (each ends in its unit)."""
    parts = [clean(part) for part in re.findall(r"[^()]*\([^()]*\)", text)]
    rest = text[sum(len(p) for p in re.findall(r"[^()]*\([^()]*\)", text)):].strip()
    if rest:
        parts.append(clean(rest))
    labels = parts[-width:] if len(parts) >= width else parts + [""] * (width - len(parts))
    lead = " ".join(parts[: max(0, len(parts) - width)])
    if labels:
        # The first figure label also carries the text before it (title, row-label headers): keep its last
        # words, from the last keyword on, as the figure's label.
        first = labels[0]
        matches = list(re.finditer(r"(?i)\b(?:sisa anggaran|realisasi|anggaran|pagu|alokasi|target|capaian)\b",
                                   first))
        match = matches[-1] if matches else None
        if match is not None and match.start() > 0:
            lead = clean(f"{lead} {first[: match.start()]}")
            labels[0] = first[match.start():]
    row_label = "Program / Kegiatan" if re.search(r"(?i)program|kegiatan", lead) else (lead or "Uraian")
    return [row_label, *labels]


# -- XLSX --------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, name: str) -> Grid:
    from openpyxl import load_workbook

    try:
        check_workbook(data, name)
    except FileRefused as exc:
        raise TableReadError.refused(exc) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, KeyError …) on a damaged file
        raise TableReadError(name, "read.xlsx", error=f"{type(exc).__name__}: {exc}") from None
    try:
        return _read_sheet(workbook, name)
    except TableReadError:
        raise
    except Exception as exc:  # a truncated or damaged sheet fails only while it is read
        raise TableReadError(name, "read.xlsx_damaged", error=f"{type(exc).__name__}: {exc}") from None


def _read_sheet(workbook, name: str) -> Grid:
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TableReadError(name, "read.no_sheet")
        rows: list[GridRow] = []
        seen = 0
        for row_number, values in enumerate(sheet.iter_rows(), start=1):
            seen += len(values)
            _check_extent(name, sheet.title, row_number, seen)
            cells = []
            for column, cell in enumerate(values, start=1):
                cells.append(_xlsx_cell(cell, row_number, column))
            row = GridRow(row_number, tuple(cells))
            if row.nonempty():
                rows.append(row)
        title = sheet.title
    finally:
        workbook.close()
    if not any(len(row.nonempty()) > 1 for row in rows):
        raise TableReadError(name, "read.sheet_no_cells")
    return Grid(name=name, kind="xlsx", rows=tuple(rows), sheet=title)


def _check_extent(name: str, sheet: str, rows: int, cells: int) -> None:
    try:
        check_sheet_extent(name, sheet, rows, cells)
    except FileRefused as exc:
        raise TableReadError.refused(exc) from None


def _xlsx_cell(cell, line: int, column: int) -> Cell:
    value = getattr(cell, "value", None)
    if value is None:
        return Cell("", line, column)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return Cell(clean(str(value)), line, column)
    number_format = getattr(cell, "number_format", "General") or "General"
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return Cell(clean(str(value)), line, column)
    section = number_format.split(";")[0]
    unquoted = re.sub(r'"[^"]*"', "", section)
    if "%" in unquoted:
        number *= 100  # a spreadsheet percent format stores 95 % as 0.95
    decimals = _format_places(unquoted)
    shown = max(0, -number.normalize().as_tuple().exponent)
    decimals = shown if decimals is None else min(decimals, max(shown, 0)) if "#" in unquoted else decimals
    text = f"{number.normalize():f}" + (" %" if "%" in section else "")
    return Cell(text, line, column, number, decimals)


def _format_places(section: str) -> int | None:
    """Decimals shown by a number format (quoted text removed) such as ``#,##0.00``; None for General."""
    if section.lower() == "general" or not re.search(r"[0#]", section):
        return None
    _whole, _dot, fraction = section.partition(".")
    return len(re.findall(r"[0#]", fraction))
