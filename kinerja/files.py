"""Zip-based files (XLSX, DOCX) judged before anything parses them.

An XLSX or DOCX is a zip of XML parts, and a few kilobytes of it can cost a parser gigabytes: a part that unpacks
a thousandfold (a zip bomb), a hundred thousand parts, a sheet declaring ``A1:XFD1048576`` (openpyxl pads every
row it reads to the declared width, 17 billion cells), or an XML entity bomb in a DOCTYPE. The checks here read
the zip's end record and central directory (the stdlib's ``zipfile``, nothing extracted) and at most the first
``HEAD_BYTES`` of each part, so a refusal costs milliseconds and a few megabytes whatever the file claims. The
declared sizes can be trusted: ``zipfile`` never unpacks more than an entry declares.

Every refusal is a ``FileRefused`` naming the file, with its reason in Indonesian and English (``reason_in``), keyed
like the verifier's texts (``kinerja.verify.messages``). Pure Python, no Django.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import BinaryIO

__all__ = ["LANGS", "MAX_CELLS", "MAX_COLUMNS", "MAX_ENTRIES", "MAX_RATIO", "MAX_ROWS", "MAX_UNPACKED_BYTES",
           "TEXTS", "FileRefused", "check_sheet_extent", "check_workbook", "check_zip", "refusal_text"]

MB = 1024 * 1024
# An XLSX of Excel or Kinerja has about ten parts; a workbook of many sheets with images a few hundred.
MAX_ENTRIES = 2_000
# The central directory of MAX_ENTRIES parts with long names; bounds what zipfile builds before any count is known.
MAX_DIRECTORY_BYTES = 1 * MB
# What may be unpacked in all: the 20 MB import limit at a typical XLSX ratio of 5–17:1, with room.
MAX_UNPACKED_BYTES = 200 * MB
# Sheet XML compresses 5–20:1 (a 10 000-row import sheet 17:1); deflate's own maximum is about 1 030:1.
MAX_RATIO = 100
# Below this a part or archive is not judged by its ratio: it cannot hurt, and tiny parts compress erratically.
RATIO_FLOOR_BYTES = 1 * MB
# A sheet as openpyxl reads it, from A1 to the declared (or last) cell: rows, columns, and the cells they make.
MAX_ROWS = 100_000
MAX_COLUMNS = 500
MAX_CELLS = 2_000_000
# How much of each part is read: a sheet's <dimension> and an XML prolog come within the first few hundred bytes.
HEAD_BYTES = 16 * 1024

LANGS = ("id", "en")
_BEFORE = ("ditolak sebelum dibaca: ", "refused before reading: ")
TEXTS: dict[str, tuple[str, str]] = {
    "file.not_zip": ("bukan arsip ZIP yang utuh ({error})", "not a sound ZIP archive ({error})"),
    "file.entries": ("arsip berisi {count} bagian, lebih dari batas {limit}",
                     "the archive holds {count} parts, more than the limit of {limit}"),
    "file.directory": ("daftar isi arsip {size} KB, lebih dari batas {limit} KB",
                       "the archive's directory takes {size} KB, more than the limit of {limit} KB"),
    "file.unpacked": ("isi arsip {size} MB setelah dibuka, lebih dari batas {limit} MB (bom zip)",
                      "the archive unpacks to {size} MB, more than the limit of {limit} MB (a zip bomb)"),
    "file.ratio": ("bagian {part} dimampatkan {ratio}:1, lebih dari batas {limit}:1 (bom zip)",
                   "part {part} is compressed {ratio}:1, more than the limit of {limit}:1 (a zip bomb)"),
    "file.archive_ratio": ("arsip dimampatkan {ratio}:1, lebih dari batas {limit}:1 (bom zip)",
                           "the archive is compressed {ratio}:1, more than the limit of {limit}:1 (a zip bomb)"),
    "file.dimension": ("lembar {part} menyatakan ukuran {ref} ({rows} baris × {columns} kolom), lebih dari batas "
                       "{max_rows} baris, {max_columns} kolom dan {max_cells} sel",
                       "sheet {part} declares the size {ref} ({rows} rows × {columns} columns), more than the limit "
                       "of {max_rows} rows, {max_columns} columns and {max_cells} cells"),
    "file.doctype": ("bagian {part} memuat deklarasi DOCTYPE (bom entitas XML); berkas Office tidak pernah memuatnya",
                     "part {part} holds a DOCTYPE declaration (an XML entity bomb); Office files never do"),
    "file.rows": ("lembar {sheet} lebih dari {limit} baris", "sheet {sheet} has more than {limit} rows"),
    "file.cells": ("lembar {sheet} lebih dari {limit} sel", "sheet {sheet} has more than {limit} cells"),
}
_WHILE_READING = ("file.rows", "file.cells")


Source = bytes | BinaryIO


class FileRefused(ValueError):
    """A file refused by its size or shape: ``name`` which file, ``key`` why (a text of ``TEXTS``), ``reason`` in
    English and ``reason_in(lang)`` in the reader's language."""

    def __init__(self, name: str, key: str, **values: object) -> None:
        self.name = name
        self.key = key
        self.values = values
        self.reason = self.reason_in("en")
        super().__init__(f"{name}: {self.reason}")

    def reason_in(self, lang: str) -> str:
        return refusal_text(self.key, lang, **self.values)

    def message(self, lang: str) -> str:
        return f"{self.name}: {self.reason_in(lang)}"


def refusal_text(key: str, lang: str = "id", **values: object) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    index = LANGS.index(lang)
    prefix = "" if key in _WHILE_READING else _BEFORE[index]
    return prefix + TEXTS[key][index].format(**values)


def check_workbook(source: Source, name: str) -> None:
    """Refuse an XLSX that is too large or too wide to parse. A file that is no zip at all is left to the reader,
    which refuses it in its own words (damaged, truncated)."""
    stream = _stream(source)
    if _is_zip(stream):
        check_zip(stream, name, sheets=True)


def check_zip(source: Source, name: str, *, sheets: bool = False) -> None:
    """Refuse a zip (XLSX, DOCX) too large to unpack, and a file that is not a sound zip; with ``sheets``, also a
    worksheet declaring more than MAX_ROWS, MAX_COLUMNS or MAX_CELLS. A file object is left where it was."""
    stream = _stream(source)
    start = stream.tell()
    try:
        _check(stream, name, sheets)
    finally:
        stream.seek(start)


def check_sheet_extent(name: str, sheet: str, rows: int, cells: int) -> None:
    """Refuse a sheet that, while it is read, has passed MAX_ROWS rows or MAX_CELLS cells: the backstop for a sheet
    without a declared dimension, whose rows openpyxl pads to their last cell."""
    if rows > MAX_ROWS:
        raise FileRefused(name, "file.rows", sheet=sheet, limit=MAX_ROWS)
    if cells > MAX_CELLS:
        raise FileRefused(name, "file.cells", sheet=sheet, limit=MAX_CELLS)


def _stream(source: Source) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source


def _is_zip(stream: BinaryIO) -> bool:
    start = stream.tell()
    try:
        return zipfile.is_zipfile(stream)
    finally:
        stream.seek(start)


def _check(stream: BinaryIO, name: str, sheets: bool) -> None:
    _directory_extent(stream, name)
    try:
        archive = zipfile.ZipFile(stream)
    except Exception as exc:  # zipfile raises many kinds on a damaged directory (BadZipFile, struct, OS errors)
        raise FileRefused(name, "file.not_zip", error=exc) from None
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        _check_sizes(entries, name)
        for info in entries:
            _check_head(archive, info, name, sheets)


# -- the central directory ---------------------------------------------------------------------------------------

_END = struct.Struct("<4s4H2LH")  # end of central directory: signature, disks, entries here, entries, size, offset
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")  # … entries here, entries, directory size, offset
_ZIP64_MARK = 0xFFFF


def _directory_extent(stream: BinaryIO, name: str) -> None:
    """Refuse too many entries or too large a directory from the end record alone, before zipfile builds an object
    per entry (100 000 entries: 0.7 s and 55 MB)."""
    entries, size = _end_record(stream, name)
    if entries > MAX_ENTRIES:
        raise FileRefused(name, "file.entries", count=entries, limit=MAX_ENTRIES)
    if size > MAX_DIRECTORY_BYTES:
        raise FileRefused(name, "file.directory", size=size // 1024, limit=MAX_DIRECTORY_BYTES // 1024)


def _end_record(stream: BinaryIO, name: str) -> tuple[int, int]:
    """(entries, central directory size) as the end record (or its zip64 successor) declares them."""
    size = stream.seek(0, io.SEEK_END)
    tail_start = max(0, size - _END.size - 0xFFFF)
    stream.seek(tail_start)
    tail = stream.read()
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or len(tail) - at < _END.size:
        raise FileRefused(name, "file.not_zip", error="no end of central directory")
    *_head, entries, directory_size, _offset, _comment = _END.unpack_from(tail, at)
    if entries != _ZIP64_MARK and directory_size != 0xFFFFFFFF:
        return entries, directory_size
    return _zip64_end_record(stream, tail_start + at, name)


def _zip64_end_record(stream: BinaryIO, end_at: int, name: str) -> tuple[int, int]:
    stream.seek(max(0, end_at - _ZIP64_LOCATOR.size))
    locator = stream.read(_ZIP64_LOCATOR.size)
    if len(locator) < _ZIP64_LOCATOR.size or not locator.startswith(b"PK\x06\x07"):
        raise FileRefused(name, "file.not_zip", error="no zip64 end of central directory")
    stream.seek(_ZIP64_LOCATOR.unpack(locator)[2])
    record = stream.read(_ZIP64_END.size)
    if len(record) < _ZIP64_END.size or not record.startswith(b"PK\x06\x06"):
        raise FileRefused(name, "file.not_zip", error="damaged zip64 end of central directory")
    fields = _ZIP64_END.unpack(record)
    return fields[7], fields[8]


def _check_sizes(entries: list[zipfile.ZipInfo], name: str) -> None:
    if len(entries) > MAX_ENTRIES:
        raise FileRefused(name, "file.entries", count=len(entries), limit=MAX_ENTRIES)
    unpacked = sum(info.file_size for info in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(name, "file.unpacked", size=-(-unpacked // MB), limit=MAX_UNPACKED_BYTES // MB)
    for info in entries:
        if info.file_size > RATIO_FLOOR_BYTES and _ratio(info.file_size, info.compress_size) > MAX_RATIO:
            raise FileRefused(name, "file.ratio", part=info.filename, limit=MAX_RATIO,
                              ratio=_ratio(info.file_size, info.compress_size))
    packed = sum(info.compress_size for info in entries)
    if unpacked > RATIO_FLOOR_BYTES and _ratio(unpacked, packed) > MAX_RATIO:
        raise FileRefused(name, "file.archive_ratio", ratio=_ratio(unpacked, packed), limit=MAX_RATIO)


def _ratio(unpacked: int, packed: int) -> int:
    return unpacked // max(packed, 1)


# -- the head of each part -----------------------------------------------------------------------------------------

# openpyxl takes the first <dimension> before <sheetData>, whatever the namespace prefix.
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_SHEET_DATA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData\b")


def _check_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, sheets: bool) -> None:
    head = _head(archive, info)
    if b"<!DOCTYPE" in head:
        raise FileRefused(name, "file.doctype", part=info.filename)
    if sheets:
        _check_dimension(head, info.filename, name)


def _head(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The first HEAD_BYTES of a part; nothing where zipfile cannot read it (the parser will fail on it alike)."""
    try:
        with archive.open(info) as part:
            return part.read(HEAD_BYTES)
    except Exception:  # each decompressor has its own error (zlib.error, LZMAError, OSError), as have CRC and password
        return b""


def _check_dimension(head: bytes, part: str, name: str) -> None:
    from openpyxl.utils.cell import range_boundaries  # openpyxl's own reading of the ref; imported when needed

    before_data = _SHEET_DATA.split(head, maxsplit=1)[0]
    match = _DIMENSION.search(before_data)
    if match is None:
        return
    ref = match.group(1).decode("ascii", "replace")
    try:
        _min_col, _min_row, max_col, max_row = range_boundaries(ref)
    except ValueError:
        return  # openpyxl cannot read it either, and then reads the sheet as undeclared
    # openpyxl pads from A1, whatever the declared first cell: the extent counts from there.
    rows, columns = max_row or 1, max_col or 1
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise FileRefused(name, "file.dimension", part=part, ref=ref, rows=rows, columns=columns,
                          max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, max_cells=MAX_CELLS)
