"""Reading an import file into rows: which column holds what, and what each data row says, with its position.

Pure Python (no Django). The grid comes from the verifier's reader (``kinerja.verify.reading``: tab-separated
text as pasted from Word or Excel, CSV, the first sheet of an XLSX workbook); this module refuses what an import
must not guess (a file over the size limit, an empty file, text that is not UTF-8, a damaged workbook) with a
message naming the problem, recognises the header (labels such as Kode, Program/Kegiatan/Sub Kegiatan,
Indikator, Satuan, Target, Pagu/Anggaran, Realisasi, TW I–IV, K/Rp sub-headers, and the official column-number
row) and reads each data row's code, name, indicator and value cells. Nothing here interprets a number: values
stay cells, read later by the rules (RULES.md §9) against the indicator they belong to.

Text pasted from a PDF-derived document (seed 001 Tabel 8) is ragged: the code is printed in one to three cells
(``0 1 | 2.0 6. | 0 9``), a row may sit one or two cells to the right of the header, and a long name wraps onto
a line of its own. For tab-separated text only, a row that does not fit the header is realigned on its content
(code cells, then the name, then the cells after it in the header's order, each only where its kind of value
fits), and a line with neither code nor figures continues the row above it. Each realignment is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from kinerja.files import FileRefused, check_workbook
from kinerja.verify.reading import Cell, Grid, GridRow, TableReadError, read_bytes
from kinerja.verify.recognise import numberish

__all__ = ["Column", "ImportReadError", "Layout", "Problem", "Role", "SourceRow", "Where", "check_upload",
           "load_grid", "read_rows", "recognise_layout"]

XLSX_MAGIC = b"PK\x03\x04"
EM_DASH = "\u2014"  # what Kinerja's own XLSX prints where a value is undefined: no value, never 0


class ImportReadError(Exception):
    """The file cannot be imported at all (nothing was read into the database); the message says why."""


@dataclass(frozen=True)
class Where:
    """A place in the file: sheet (XLSX only), 1-based line or sheet row, 1-based column, and the column's
    header label."""

    sheet: str | None
    line: int | None = None
    column: int | None = None
    label: str = ""

    def text(self) -> str:
        parts = [f"lembar {self.sheet!r}"] if self.sheet else []
        if self.line is not None:
            parts.append(f"baris {self.line}")
        if self.column is not None:
            column = get_column_letter(self.column) if self.sheet else str(self.column)
            parts.append(f"kolom {column}" + (f" ({self.label})" if self.label else ""))
        return ", ".join(parts) or "berkas"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "line": self.line, "column": self.column, "label": self.label,
                "text": self.text()}


@dataclass(frozen=True)
class Problem:
    """An error (nothing is written while there is one) or a warning (listed in the preview)."""

    severity: str  # "error" or "warning"
    message: str
    where: Where

    @property
    def error(self) -> bool:
        return self.severity == "error"

    def text(self) -> str:
        return f"{self.where.text()}: {self.message}"

    def as_dict(self) -> dict:
        return {"severity": self.severity, "message": self.message, "where": self.where.as_dict(),
                "text": self.text()}


# -- the file ----------------------------------------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def check_upload(upload: BinaryIO, name: str) -> None:
    """Refuse (ImportReadError) an uploaded workbook too large or too wide to parse, before it is stored; reads
    only its zip directory and the first bytes of its parts (``kinerja.files``), and leaves it where it was."""
    start = upload.tell()
    magic = upload.read(len(XLSX_MAGIC))
    upload.seek(start)
    if magic != XLSX_MAGIC and not name.lower().endswith((".xlsx", ".xlsm")):
        return
    try:
        check_workbook(upload, name)
    except FileRefused as exc:
        raise ImportReadError(exc.message("id")) from None


def load_grid(data: bytes, name: str, *, max_bytes: int) -> Grid:
    """The grid of cells of an import file, or ImportReadError naming why it cannot be read. A workbook too large
    or too wide to parse is refused before openpyxl opens it (``kinerja.files``, through the verifier's reader)."""
    if len(data) > max_bytes:
        raise ImportReadError(f"{name}: berkas {_size(len(data))} melebihi batas impor {_size(max_bytes)} "
                              "(IMPORT_MAX_BYTES); bagi berkas menjadi beberapa bagian")
    if not data.strip():
        raise ImportReadError(f"{name}: berkas kosong")
    lower = name.lower()
    if lower.endswith(".xls") and not data.startswith(XLSX_MAGIC):
        raise ImportReadError(f"{name}: format XLS lama tidak dapat dibaca; simpan sebagai XLSX atau CSV UTF-8")
    if data.startswith(XLSX_MAGIC) or lower.endswith((".xlsx", ".xlsm")):
        try:
            grid = read_bytes(data, name if lower.endswith((".xlsx", ".xlsm")) else f"{name}.xlsx")
        except TableReadError as exc:
            raise ImportReadError(f"{name}: {_xlsx_reason(exc)}") from None
        except Exception as exc:  # noqa: BLE001 — a damaged zip can fail anywhere inside openpyxl
            raise ImportReadError(f"{name}: buku kerja XLSX rusak atau terpotong ({type(exc).__name__}: {exc})"
                                  ) from None
        return grid
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportReadError(f"{name}: teks UTF-16, bukan UTF-8; simpan berkas sebagai UTF-8 (CSV UTF-8)")
    if b"\x00" in data:
        raise ImportReadError(f"{name}: berkas biner, bukan tabel (yang dapat dibaca: XLSX, CSV atau teks UTF-8 "
                              "yang dipisah tab)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportReadError(
            f"{name}: bukan teks UTF-8 — bita 0x{data[exc.start]:02x} pada baris {line}, kolom {column} (bita ke-"
            f"{exc.start + 1}); simpan berkas sebagai UTF-8 (di Excel: \"CSV UTF-8\"). Kinerja tidak menebak "
            "pengodean lain (mis. Windows-1252) karena huruf yang salah terbaca tidak terlihat") from None
    try:
        grid = read_bytes(data, name)
    except TableReadError as exc:
        raise ImportReadError(f"{name}: {exc.reason_in('id')}") from None
    if grid.kind == "text":
        raise ImportReadError(f"{name}: bukan tabel — tidak ada kolom yang dipisah tab, koma atau titik koma "
                              f"({len(text.splitlines())} baris teks)")
    return grid


def _xlsx_reason(exc: TableReadError) -> str:
    if exc.key in ("read.xlsx", "file.not_zip"):
        return f"buku kerja XLSX rusak atau terpotong; simpan ulang dari Excel ({exc.reason_in('id')})"
    if exc.key == "read.sheet_no_cells":
        return "lembar pertama tidak berisi tabel (tidak ada baris dengan lebih dari satu sel)"
    return exc.reason_in("id")


# -- column roles --------------------------------------------------------------------------------------------------


class Role(StrEnum):
    CODE = "kode"
    CODE_PROGRAM = "kode-program"
    CODE_KEGIATAN = "kode-kegiatan"
    CODE_SUB = "kode-sub"
    NO = "no"
    SASARAN = "sasaran"
    NAME = "nama"
    LEVEL = "tingkat"
    INDICATOR = "indikator"
    SATUAN = "satuan"
    TARGET = "target"
    TARGET_SATUAN = "target-satuan"
    PAGU = "pagu"
    FORWARD_TARGET = "target-maju"
    FORWARD_SATUAN = "target-maju-satuan"
    FORWARD_PAGU = "pagu-maju"
    TW1 = "tw1"
    TW2 = "tw2"
    TW3 = "tw3"
    TW4 = "tw4"
    TW1_RP = "tw1-rp"
    TW2_RP = "tw2-rp"
    TW3_RP = "tw3-rp"
    TW4_RP = "tw4-rp"
    YEAR = "realisasi"
    YEAR_RP = "realisasi-rp"
    LOKASI = "lokasi"
    CATATAN = "catatan"
    UNIT = "unit"
    IGNORE = "abaikan"


ROLE_LABELS: dict[Role, str] = {
    Role.CODE: _("Kode (lengkap)"),
    Role.CODE_PROGRAM: _("Kode program"),
    Role.CODE_KEGIATAN: _("Kode kegiatan"),
    Role.CODE_SUB: _("Kode sub kegiatan"),
    Role.NO: _("Nomor urut"),
    Role.SASARAN: _("Sasaran/tujuan (tidak diimpor)"),
    Role.NAME: _("Nama program/kegiatan/sub kegiatan"),
    Role.LEVEL: _("Tingkat (program/kegiatan/sub kegiatan)"),
    Role.INDICATOR: _("Indikator"),
    Role.SATUAN: _("Satuan indikator"),
    Role.TARGET: _("Target tahun N"),
    Role.TARGET_SATUAN: _("Satuan target tahun N"),
    Role.PAGU: _("Pagu tahun N (Rp)"),
    Role.FORWARD_TARGET: _("Target prakiraan maju N+1"),
    Role.FORWARD_SATUAN: _("Satuan target prakiraan maju"),
    Role.FORWARD_PAGU: _("Pagu prakiraan maju N+1 (Rp)"),
    Role.TW1: _("Realisasi TW I (K)"),
    Role.TW2: _("Realisasi TW II (K)"),
    Role.TW3: _("Realisasi TW III (K)"),
    Role.TW4: _("Realisasi TW IV (K)"),
    Role.TW1_RP: _("Realisasi TW I (Rp)"),
    Role.TW2_RP: _("Realisasi TW II (Rp)"),
    Role.TW3_RP: _("Realisasi TW III (Rp)"),
    Role.TW4_RP: _("Realisasi TW IV (Rp)"),
    Role.YEAR: _("Realisasi tahun N (K)"),
    Role.YEAR_RP: _("Realisasi anggaran tahun N (Rp)"),
    Role.LOKASI: _("Lokasi"),
    Role.CATATAN: _("Catatan penting"),
    Role.UNIT: _("Unit penanggung jawab"),
    Role.IGNORE: _("(abaikan)"),
}

CODE_ROLES = frozenset({Role.CODE, Role.CODE_PROGRAM, Role.CODE_KEGIATAN, Role.CODE_SUB})
TW_ROLES = {1: Role.TW1, 2: Role.TW2, 3: Role.TW3, 4: Role.TW4}
TW_RP_ROLES = {1: Role.TW1_RP, 2: Role.TW2_RP, 3: Role.TW3_RP, 4: Role.TW4_RP}
RP_ROLES = frozenset({Role.PAGU, Role.FORWARD_PAGU, Role.YEAR_RP, *TW_RP_ROLES.values()})
K_ROLES = frozenset({Role.TARGET, Role.FORWARD_TARGET, Role.YEAR, *TW_ROLES.values()})
PLAN_VALUE_ROLES = frozenset({Role.TARGET, Role.PAGU, Role.FORWARD_TARGET, Role.FORWARD_PAGU})
REALISATION_ROLES = frozenset({Role.YEAR, Role.YEAR_RP, *TW_ROLES.values(), *TW_RP_ROLES.values()})
SATUAN_COMPANIONS = {Role.TARGET: Role.TARGET_SATUAN, Role.FORWARD_TARGET: Role.FORWARD_SATUAN}
# A header row must name at least two of these to start a table.
_STRONG = frozenset({*CODE_ROLES, Role.NAME, Role.INDICATOR, Role.SATUAN, *K_ROLES, *RP_ROLES, Role.LOKASI})
_RP_TO = {Role.TARGET: Role.PAGU, Role.FORWARD_TARGET: Role.FORWARD_PAGU, Role.YEAR: Role.YEAR_RP,
          **{TW_ROLES[q]: TW_RP_ROLES[q] for q in TW_ROLES}}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_KEYWORDS: tuple[tuple[re.Pattern[str], Role | str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), role) for pattern, role in (
        (r"\bkode\b", Role.CODE),
        (r"^no\.?$|^nomor(?:\s+urut)?$|^no\.?\s*urut$", Role.NO),
        (r"\bsatuan\b", Role.SATUAN),
        (r"\bindikator\b", Role.INDICATOR),
        (r"^(?:tingkat|level|jenis unsur)$", Role.LEVEL),
        (r"\btingkat\s+(?:capaian|realisasi)\b|\bcapaian\b|\bpersentase\b|\bserapan\b|\bsisa\b|\befisiensi\b"
         r"|^%$|^\(%\)$", Role.IGNORE),
        (r"\b(?:tw|triwulan)\s*[-.]?\s*(?:iv|iii|ii|i|[1-4])\b", "tw"),
        (r"\brealisasi\b", Role.YEAR),
        (r"\btarget\b", Role.TARGET),
        (r"\bpagu\b|\banggaran\b|\balokasi\b|\bkebutuhan\s+dana\b|\bdana\b|^rp\.?$|\(rp\.?\)|\brupiah\b",
         Role.PAGU),
        (r"\blokasi\b", Role.LOKASI),
        (r"\bcatatan\b", Role.CATATAN),
        (r"\bketerangan\b|\banalisis\b|\bkriteria\b|\bpredikat\b", Role.IGNORE),
        (r"penanggung\s*jawab|^unit\b|\bunit\s+kerja\b|\bpelaksana\b|^bidang$", Role.UNIT),
        (r"\bsasaran\b|\btujuan\b", Role.SASARAN),
        (r"\bprogram\b|\bkegiatan\b|\burusan\b|\buraian\b|\bnama\b", Role.NAME),
    )
)
_TW = re.compile(r"\b(?:tw|triwulan)\s*[-.]?\s*(iv|iii|ii|i|[1-4])\b", re.IGNORECASE)
_FORWARD = re.compile(r"\b(?:prakiraan|perkiraan)\s+maju\b", re.IGNORECASE)
_NOT_THE_YEAR = re.compile(r"\brenstra\b|\bs\s*/\s*d\b|\bs\.d\.?|\bsampai\s+dengan\b|\bakhir\s+periode\b",
                           re.IGNORECASE)
_RP_MARK = re.compile(r"\(rp\.?\)|\brupiah\b|^rp\.?$|\banggaran\b|\bkeuangan\b|\bpagu\b", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_LEADING_NUMBER = re.compile(r"^(\d{1,2})\s+(?=[^\W\d_])")  # "7 Target …" (Kinerja's CSV), not "80 %"
_LEVEL_LABEL = re.compile(r"^(?:kode\s+)?(?:program|kegiatan|sub\s*kegiatan|urusan|bidang(?:\s+urusan)?)$",
                          re.IGNORECASE)
_FORMULA_IN_LABEL = re.compile(r"\(\s*\d{1,2}\s*=[^()]*(?:\([^()]*\)[^()]*)*\)")
_SUFFIX = re.compile(r"\s*\((K|Rp|satuan)\)\s*$", re.IGNORECASE)
_COLUMN_NUMBER = re.compile(r"^\d{1,2}$")
_FORMULA_CELL = re.compile(r"^\d{1,2}\s*=.+$")
_CODE_TOKEN = re.compile(r"^\d[\d .]*$")
_MEASURE_WORDS = {"k", "rp", "satuan", "rp."}


def classify(label: str) -> Role | None:
    """The role a single header label names (without year or measure), or None."""
    best: tuple[int, int, Role | str] | None = None
    for order, (pattern, role) in enumerate(_KEYWORDS):
        match = pattern.search(label)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, role)
    if best is None:
        return None
    if best[2] is Role.YEAR and _TW.search(label):  # "Realisasi TW IV": the quarter, not the year
        best = (0, 0, "tw")
    if best[2] == "tw":
        return TW_ROLES[_ROMAN[_TW.search(label).group(1).casefold()]]
    return best[2]


def _clean_label(text: str) -> str:
    text = _FORMULA_IN_LABEL.sub("", text)
    text = _LEADING_NUMBER.sub("", text)
    return " ".join(text.split())


def classify_column(labels: list[str], measure: str | None, year: int | None) -> tuple[Role | None, str]:
    """The role of a column from its header labels (group first, leaf last) and its K/Rp measure, for an import
    of ``year``; with a note where a figure column is left out (another year, the Renstra)."""
    labels = [_clean_label(t) for t in labels if t]
    if not labels:
        return None, ""
    stack = " / ".join(labels)
    leaf = labels[-1]
    role = classify(leaf)
    if role is Role.NAME and re.search(r"\bkode\b", stack, re.IGNORECASE):
        role = Role.CODE
    if role is None and len(labels) > 1:
        role = classify(stack)
    if role is None:
        return None, ""
    if role is Role.CODE:
        if re.search(r"\bsub\b", leaf, re.IGNORECASE):
            role = Role.CODE_SUB
        elif re.search(r"\bkegiatan\b", leaf, re.IGNORECASE):
            role = Role.CODE_KEGIATAN
        elif re.search(r"\bprogram\b", leaf, re.IGNORECASE) and leaf.casefold() != stack.casefold():
            role = Role.CODE_PROGRAM
        return role, ""
    figure = role in K_ROLES or role in RP_ROLES
    if not figure:
        return role, ""
    if _NOT_THE_YEAR.search(stack):
        return Role.IGNORE, "Renstra atau kumulatif (s/d): tidak diimpor"
    forward = bool(_FORWARD.search(stack))
    if forward and role in (Role.TARGET, Role.PAGU):
        role = Role.FORWARD_TARGET if role is Role.TARGET else Role.FORWARD_PAGU
    elif forward:
        return Role.IGNORE, "prakiraan maju: hanya target dan pagu diimpor"
    if measure == "Rp" and role in _RP_TO:
        role = _RP_TO[role]
    elif measure is None and role in (Role.YEAR, *TW_ROLES.values()) and _RP_MARK.search(leaf):
        role = _RP_TO[role]
    if measure == "K" and role is Role.PAGU:
        role = Role.TARGET
    years = {int(y) for y in _YEAR.findall(stack)}
    if year is not None and years:
        wanted = year + 1 if role in (Role.FORWARD_TARGET, Role.FORWARD_PAGU) else year
        if wanted not in years:
            return Role.IGNORE, f"tahun {', '.join(map(str, sorted(years)))}, bukan {wanted}: tidak diimpor"
    return role, ""


# -- the header ----------------------------------------------------------------------------------------------------


def _row_kind(row: GridRow, first: bool) -> str | None:
    """'numbers', 'measures', 'labels' or None (not a header row)."""
    texts = [c.text for c in row.nonempty()]
    if not texts:
        return None
    if len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) or _FORMULA_CELL.match(t) for t in texts):
        numbers = [int(re.match(r"\d+", t).group()) for t in texts]
        if all(a < b for a, b in zip(numbers, numbers[1:], strict=False)) and max(numbers) <= 60:
            return "numbers"
    if len(texts) >= 2 and all(t.strip("()").rstrip(".").casefold() in _MEASURE_WORDS for t in texts):
        return "measures"
    if any(numberish(t) and not _LEADING_NUMBER.match(t) for t in texts):
        return None
    roles = [classify(_clean_label(t)) for t in texts]
    if first:
        return "labels" if sum(1 for r in roles if r in _STRONG) >= 2 else None
    # a sub-header row: every cell a header word; a name there is a level (Program | Kegiatan | Sub kegiatan), never
    # a data row's "Program Perlindungan Sosial"
    if all((r is not None and (r is not Role.NAME or _LEVEL_LABEL.match(t))) or _YEAR.fullmatch(t)
           for r, t in zip(roles, texts, strict=True)):
        return "labels"
    return None


@dataclass
class Column:
    index: int  # 1-based physical column
    label: str
    role: Role | None
    measure: str | None = None
    number: str | None = None
    note: str = ""

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role]) if self.role else str(_("(tidak dikenali)"))


@dataclass
class Layout:
    """The recognised header: columns with their roles, where the data starts, and why recognition is unsure
    (then the user picks the roles on the mapping screen)."""

    columns: list[Column]
    header_lines: tuple[int, ...]
    data_start: int  # index into grid.rows
    unsure: list[str] = field(default_factory=list)
    mapped: bool = False

    def roles(self) -> dict[Role, list[Column]]:
        found: dict[Role, list[Column]] = {}
        for column in self.columns:
            if column.role is not None:
                found.setdefault(column.role, []).append(column)
        return found

    def has(self, *roles: Role) -> bool:
        return any(c.role in roles for c in self.columns)

    def as_dict(self) -> list[dict]:
        return [{"index": c.index, "label": c.label, "role": c.role.value if c.role else None,
                 "role_label": c.role_label, "measure": c.measure, "number": c.number, "note": c.note}
                for c in self.columns]


# Official layouts by their column numbers (REPORTS.md §A and §B), for columns whose header text names nothing.
OFFICIAL_NUMBERS = {
    "evaluasi-1": {"3": Role.NAME, "4": Role.INDICATOR, "7": Role.TARGET, "8": Role.TW1, "9": Role.TW2,
                   "10": Role.TW3, "11": Role.TW4, "12": Role.YEAR, "16": Role.UNIT},
    "evaluasi-2": {"1": Role.CODE, "2": Role.NAME, "3": Role.INDICATOR, "6": Role.TARGET, "7": Role.YEAR},
    "rencana-1": {"2": Role.CODE, "3": Role.NAME, "4": Role.INDICATOR, "5": Role.LOKASI, "6": Role.TARGET,
                  "7": Role.PAGU, "8": Role.CATATAN, "9": Role.FORWARD_TARGET, "10": Role.FORWARD_PAGU},
    "rencana-2": {"1": Role.CODE_PROGRAM, "2": Role.CODE_KEGIATAN, "3": Role.CODE_SUB, "4": Role.NAME,
                  "5": Role.INDICATOR, "6": Role.TARGET, "7": Role.PAGU, "8": Role.UNIT},
}


def _official_layout(numbers: set[int], measures: bool) -> str | None:
    top = max(numbers, default=0)
    if measures and top >= 15:
        return "evaluasi-1"
    return {11: "evaluasi-2", 10: "rencana-1", 8: "rencana-2"}.get(top)


def recognise_layout(grid: Grid, year: int | None, *, mapping: dict[int, str] | None = None,
                     header_end: int | None = None) -> Layout:
    """The columns of the table in ``grid``. ``mapping`` (column → role value) and ``header_end`` (the line of
    the last header row, 0 for none) come from the mapping screen and override what was recognised."""
    rows = list(grid.rows)
    start, end = _find_header(rows, header_end)
    block = rows[start:end]
    data_rows = rows[end:end + 200]
    width = max([c.column for r in block for c in r.nonempty()] or [0])
    if not block or mapping:
        width = max([width, *(c.column for r in data_rows for c in r.nonempty())])
    columns = _build_columns(block, width, year) if block else [Column(i, "", None) for i in range(1, width + 1)]
    layout = Layout(columns=columns, header_lines=tuple(r.line for r in block), data_start=end)
    if mapping:
        for column in columns:
            chosen = mapping.get(column.index)
            column.role = Role(chosen) if chosen else None
            column.note = ""
        layout.mapped = True
        return layout
    if not block:
        layout.unsure.append("judul kolom tidak ditemukan: tidak ada baris yang menamai dua kolom yang dikenal "
                             "(Kode, Program/Kegiatan, Indikator, Target, Pagu, Realisasi, TW I–IV …)")
        return layout
    _companions(columns)
    used = {c.index for c in columns if c.role is not None}
    by_index = {c.index: c for c in columns}
    for column in columns:
        if column.index not in used and any(
                _cell(r, column.index) for r in data_rows if not _summary_row(r, by_index)):
            layout.unsure.append(f"kolom {_name_of(grid, column.index)} berisi data tetapi judulnya "
                                 f"({column.label or 'kosong'}) tidak dikenali")
    for role, found in layout.roles().items():
        if len(found) > 1 and role not in (Role.NAME, Role.IGNORE, Role.UNIT, Role.SASARAN, Role.NO, Role.CATATAN,
                                           Role.LOKASI):
            where = ", ".join(_name_of(grid, c.index) for c in found)
            layout.unsure.append(f"{len(found)} kolom dibaca sebagai {ROLE_LABELS[role]}: {where}")
    return layout


def _name_of(grid: Grid, index: int) -> str:
    return get_column_letter(index) if grid.kind == "xlsx" else str(index)


def _cell(row: GridRow, index: int) -> str:
    for cell in row.cells:
        if cell.column == index:
            return cell.text
    return ""


def _find_header(rows: list[GridRow], header_end: int | None) -> tuple[int, int]:
    """(start, end) indexes of the header block; (0, 0) when there is none."""
    if header_end is not None:
        if header_end <= 0:
            return 0, 0
        end = next((i for i, r in enumerate(rows) if r.line > header_end), len(rows))
        start = end
        while start > 0 and _row_kind(rows[start - 1], first=False) is not None:
            start -= 1
        return (start, end) if start < end else (end - 1, end)
    for first_kind in ("labels", "numbers"):  # a header of labels, else the official column numbers alone
        for i, row in enumerate(rows[:60]):
            if _row_kind(row, first=True) != first_kind:
                continue
            end = i + 1
            numbered = first_kind == "numbers"
            while end < len(rows):
                kind = _row_kind(rows[end], first=False)
                if kind is None or (numbered and kind != "measures"):
                    break  # after the number row only its K/Rp row belongs to the header
                end += 1
                numbered = numbered or kind == "numbers"
            return i, end
    return 0, 0


def _build_columns(block: list[GridRow], width: int, year: int | None) -> list[Column]:
    kinds = [_row_kind(r, first=i == 0) for i, r in enumerate(block)]
    texts = [[""] * (width + 2) for _ in block]
    for r, row in enumerate(block):
        for cell in row.cells:
            if cell.column <= width:
                texts[r][cell.column] = cell.text
    own = [[bool(t) for t in row] for row in texts]
    label_rows = [r for r, kind in enumerate(kinds) if kind == "labels"]
    # A merged header cell is read as its first cell and empty ones after it: the empty cells to its right take
    # its label, unless a row above already labels that column on its own (a header merged downwards).
    for position, r in enumerate(label_rows):
        above = label_rows[:position]
        for c in range(2, width + 1):
            if not texts[r][c] and texts[r][c - 1] and not any(own[q][c] for q in above):
                texts[r][c] = texts[r][c - 1]
    measures: dict[int, str] = {}
    for r, kind in enumerate(kinds):
        if kind == "measures":
            for c in range(1, width + 1):
                word = texts[r][c].strip("()").rstrip(".").casefold()
                if word in ("k", "rp"):
                    measures[c] = "K" if word == "k" else "Rp"
                elif word == "satuan":
                    measures[c] = "satuan"
    numbers: dict[int, str] = {}
    for r, kind in enumerate(kinds):
        if kind == "numbers":
            for c in range(1, width + 1):
                if texts[r][c]:
                    numbers[c] = re.match(r"\d+", texts[r][c]).group()
                elif c > 1 and numbers.get(c - 1) and (measures.get(c) == "Rp" or not any(
                        own[q][c] for q in label_rows)):
                    numbers[c] = numbers[c - 1]  # a number merged over K/Rp, or over a value and its satuan
    suffixes = {m.group(1).casefold() for r in label_rows for t in texts[r] if (m := _SUFFIX.search(t))}
    columns = []
    for c in range(1, width + 1):
        # Kinerja's CSV writes a group and its column as one label: "6 Rencana tahun 2021 – Target capaian kinerja"
        labels = list(dict.fromkeys(part for r in label_rows if texts[r][c] for part in texts[r][c].split(" – ")))
        measure = measures.get(c)
        if labels and len(suffixes) > 1:
            match = _SUFFIX.search(labels[-1]) if labels else None
            if match:
                measure = {"k": "K", "rp": "Rp", "satuan": "satuan"}[match.group(1).casefold()]
                labels[-1] = labels[-1][: match.start()]
        number = numbers.get(c)
        if number is None and labels and (lead := _LEADING_NUMBER.match(labels[0])):
            number = lead.group(1)
        role, note = classify_column(labels, measure if measure != "satuan" else None, year)
        if measure == "satuan" and role in SATUAN_COMPANIONS:
            role = SATUAN_COMPANIONS[role]
        columns.append(Column(index=c, label=" / ".join(_clean_label(t) for t in labels), role=role,
                              measure=measure, number=number, note=note))
    _by_official_numbers(columns, bool(measures))
    return columns


def _by_official_numbers(columns: list[Column], measures: bool) -> None:
    """Columns whose header text names nothing, in a table printed with the official column numbers."""
    numbered = {int(c.number) for c in columns if c.number}
    layout = _official_layout(numbered, measures)
    if layout is None:
        return
    for column in columns:
        if column.role is None and not column.label and column.number in OFFICIAL_NUMBERS[layout]:
            role = OFFICIAL_NUMBERS[layout][column.number]
            column.role = _RP_TO.get(role, role) if column.measure == "Rp" else role
            column.note = f"menurut nomor kolom resmi {column.number}"


def _companions(columns: list[Column]) -> None:
    """A target's satuan printed beside its value (Kinerja's rencana XLSX, seed Tabel 7): the column right of a
    target with no header of its own, or the same merged header."""
    for left, column in zip(columns, columns[1:], strict=False):
        if left.role not in SATUAN_COMPANIONS or column.measure == "Rp":
            continue
        if column.role is None and not column.label or (column.label == left.label and column.role == left.role
                                                        and column.measure == left.measure):
            column.role = SATUAN_COMPANIONS[left.role]
            column.note = f"satuan {ROLE_LABELS[left.role]}"


# -- the rows ------------------------------------------------------------------------------------------------------


@dataclass
class SourceRow:
    """One data row: its code (as printed, spaces and trailing dots removed), name, indicator and value cells."""

    line: int
    code: str = ""
    code_parts: list[str] = field(default_factory=list)  # as printed: one code, or program | kegiatan | sub
    code_split: bool = False  # printed in parts (program | kegiatan | sub kegiatan cells), not as one code
    code_cell: Cell | None = None
    name: str = ""
    name_cell: Cell | None = None
    indicator: str = ""
    indicator_cell: Cell | None = None
    satuan: str = ""
    level: str = ""  # from a level column: program, kegiatan, sub kegiatan
    level_hint: str = ""  # from the layout: a row with a sasaran, or without a number where rows are numbered
    unit: str = ""
    lokasi: str = ""
    catatan: str = ""
    values: dict[Role, Cell] = field(default_factory=dict)
    realigned: bool = False
    continued: list[int] = field(default_factory=list)  # lines whose text was joined to this row

    @property
    def empty(self) -> bool:
        return not (self.code or self.name or self.indicator or self.values)


_TOTAL = re.compile(r"^(?:jumlah|total)(?:\s+(?:total|keseluruhan|seluruhnya|anggaran|program|semua|pagu))?\s*:?$",
                    re.IGNORECASE)
_AVERAGE = re.compile(r"^rata[\s-]*rata\b", re.IGNORECASE)
_PREDIKAT = re.compile(r"^predikat\b", re.IGNORECASE)


def _despace(text: str) -> str:
    """``J U M L A H`` (letter-spaced) → ``JUMLAH``."""
    return text.replace(" ", "") if re.fullmatch(r"(?:\S ){2,}\S", text) else text


def _summary_label(text: str) -> bool:
    return bool(_TOTAL.match(_despace(text)) or _AVERAGE.match(text) or _PREDIKAT.match(text))


def _summary_row(row: GridRow, by_index: dict[int, Column]) -> bool:
    """A total, average or predikat line (left out). A row with a code, or with a name that is not such a label,
    is a plan row whose indicator only starts like one (*rata-rata nilai kinerja SKP*): it is read."""
    cells = row.nonempty()
    if not any(_summary_label(c.text) for c in cells):
        return False
    for cell in cells:
        column = by_index.get(cell.column)
        role = column.role if column is not None else None
        if role in CODE_ROLES and _is_code_token(cell.text):
            return False
        if role is Role.NAME and not _summary_label(cell.text) and not numberish(cell.text):
            return False
    return True


def _is_code_token(text: str) -> bool:
    return bool(_CODE_TOKEN.match(text)) and any(ch.isdigit() for ch in text)


def _code_part(text: str) -> str:
    return text.replace(" ", "").strip(".")


def _accepts(role: Role | None, cell: Cell) -> bool:
    """Whether a cell's content fits a column of ``role`` (for realigning a ragged row)."""
    text = cell.text
    if role in RP_ROLES:
        return numberish(text)
    if role in K_ROLES:
        return True
    if role in (Role.TARGET_SATUAN, Role.FORWARD_SATUAN):
        return not numberish(text) and len(text) <= 40
    return not numberish(text)


def read_rows(grid: Grid, layout: Layout) -> tuple[list[SourceRow], list[Problem]]:
    """The data rows under the header, with problems that concern the layout of single rows."""
    problems: list[Problem] = []
    columns = layout.columns
    by_index = {c.index: c for c in columns}
    width = max((c.index for c in columns), default=0)
    header_texts = set()
    for row in grid.rows[: layout.data_start]:
        header_texts.add(tuple(row.texts()))
    ragged_allowed = grid.kind == "tsv"
    rows: list[SourceRow] = []
    realigned: list[int] = []
    for grid_row in grid.rows[layout.data_start:]:
        if tuple(grid_row.texts()) in header_texts or _row_kind(grid_row, first=False) in ("numbers", "measures"):
            continue
        if _summary_row(grid_row, by_index):
            continue
        cells = {c.column: c for c in grid_row.cells if c.text}
        if not cells:
            continue
        if ragged_allowed and rows and _continuation(cells, by_index):
            _continue(rows[-1], grid_row, cells, problems, grid, by_index)
            continue
        source = _positional(grid_row.line, cells, columns)
        misfit = _misfit(cells, source, columns, width) if ragged_allowed else None
        if misfit is not None:
            strategies = (_realign, _realign_on_figures) if misfit == "right" else (_realign_on_figures, _realign)
            moved = strategies[0](grid_row.line, cells, columns) or strategies[1](grid_row.line, cells, columns)
            if moved is not None:
                source = moved
                realigned.append(grid_row.line)
        extra = [c for index, c in cells.items() if index > width and not source.realigned]
        for cell in extra:
            problems.append(Problem("warning", f"sel {cell.text!r} di luar kolom yang berjudul: diabaikan",
                                    Where(grid.sheet, cell.line, cell.column)))
        if source.empty:
            continue
        rows.append(source)
    if realigned:
        lines = ", ".join(map(str, realigned))
        problems.append(Problem("warning", f"{len(realigned)} baris tidak sejajar dengan judul kolom dan dibaca "
                                f"menurut isinya (kode, nama, lalu sel berikutnya menurut urutan kolom): baris "
                                f"{lines}", Where(grid.sheet, realigned[0])))
    return rows, problems


def _name_group(columns: list[Column]) -> list[int]:
    return [c.index for c in columns if c.role is Role.NAME]


def _positional(line: int, cells: dict[int, Cell], columns: list[Column]) -> SourceRow:
    row = SourceRow(line=line)
    code_parts: dict[Role, Cell] = {}
    name_parts: list[Cell] = []
    for column in columns:
        cell = cells.get(column.index)
        if cell is None or column.role is None or column.role is Role.IGNORE:
            continue
        role = column.role
        if role in CODE_ROLES:
            code_parts[role] = cell
        elif role is Role.NAME:
            name_parts.append(cell)
        elif role is Role.INDICATOR:
            row.indicator, row.indicator_cell = cell.text, cell
        elif role is Role.SATUAN:
            row.satuan = cell.text
        elif role is Role.LEVEL:
            row.level = cell.text
        elif role is Role.SASARAN:
            if not numberish(cell.text):
                row.level_hint = "program"
        elif role is Role.NO:
            pass  # read below, for the level
        elif role is Role.UNIT:
            row.unit = cell.text
        elif role is Role.LOKASI:
            row.lokasi = cell.text
        elif role is Role.CATATAN:
            row.catatan = cell.text
        elif role not in row.values:
            row.values[role] = cell
    _set_code_and_name(row, code_parts, name_parts)
    numbered = next((c.index for c in columns if c.role is Role.NO), None)
    if numbered is not None and row.name and not row.level_hint:
        # Permendagri 86 and seed 000 §4.1 number the kegiatan under each program; the program row has none
        # (a PDF text may have moved the number into the sasaran column)
        sasaran = next((c.index for c in columns if c.role is Role.SASARAN), None)
        number = cells.get(numbered) or (cells.get(sasaran) if sasaran is not None else None)
        row.level_hint = "kegiatan" if number is not None and numberish(number.text) else "program"
    return row


def _set_code_and_name(row: SourceRow, code_parts: dict[Role, Cell], name_parts: list[Cell]) -> None:
    """The code from a code column, from program/kegiatan/sub kegiatan columns, or from code cells printed at
    the start of the name (seed 001 Tabel 8); the name is the rest."""
    pieces: list[Cell] = []
    if Role.CODE in code_parts:
        pieces.append(code_parts[Role.CODE])
    for role in (Role.CODE_PROGRAM, Role.CODE_KEGIATAN, Role.CODE_SUB):
        if role in code_parts:
            pieces.append(code_parts[role])
    names = list(name_parts)
    inline = []
    while names and _is_code_token(names[0].text) and len(inline) < 3:
        inline.append(names.pop(0))
    if inline and not pieces:
        pieces = inline
    elif inline:
        names = inline + names
    if pieces:
        row.code_cell = pieces[0]
        row.code_parts = [_code_part(p.text) for p in pieces if _code_part(p.text)]
        row.code = ".".join(row.code_parts)
        row.code_split = Role.CODE not in code_parts
    names = [c for c in names if c.text not in ("-", "\u2013", EM_DASH)]  # a dash prints "no name"
    if names:
        row.name = " ".join(c.text for c in names)
        row.name_cell = names[0]


def _misfit(cells: dict[int, Cell], row: SourceRow, columns: list[Column], width: int) -> str | None:
    """How a row does not sit under the header: "left" (a figure where the header has the indicator: a cell too
    few before the figures), "right" (cells beyond the last column, a name group holding only code cells, or an
    empty indicator cell with the row's content continuing to its right), or None."""
    group = _name_group(columns)
    if not group:
        return None
    text_only = {c.index for c in columns if c.role in (Role.INDICATOR, Role.SATUAN)}
    if any(numberish(cells[i].text) for i in text_only if i in cells):
        return "left"
    if any(index > width for index in cells):
        return "right"
    if any(cells.get(i) for i in group) and not row.name:
        return "right"
    indicator = next((c.index for c in columns if c.role is Role.INDICATOR), None)
    if indicator is not None and indicator > max(group) and indicator not in cells:
        after = [i for i in cells if i > indicator]
        between = [i for i in range(max(group) + 1, indicator)]
        if after and not any(i in cells for i in between) and any(not numberish(cells[i].text) for i in after):
            return "right"
    return None


def _realign(line: int, cells: dict[int, Cell], columns: list[Column]) -> SourceRow | None:
    """Read a ragged row by its content: code cells, the name, then the following cells in the order of the
    header's columns after the name, each where its kind of value fits. None when that does not place every
    cell, or would move a cell from a figure column into a text column (a text in a number cell stays an error
    where it was printed)."""
    group = _name_group(columns)
    last = max(group)
    ordered = [cells[i] for i in sorted(cells)]
    lead = [c for c in ordered if c.column < min(group)]
    tokens = [c for c in ordered if c.column >= min(group)]
    code: list[Cell] = []
    while tokens and _is_code_token(tokens[0].text) and len(code) < 3:
        code.append(tokens.pop(0))
    if not tokens or numberish(tokens[0].text):
        return None
    name = tokens.pop(0)
    slots = [c for c in columns if c.index > last]
    by_index = {c.index: c for c in columns}
    placed: dict[int, Cell] = {}
    position = 0
    for number, token in enumerate(tokens):
        while position < len(slots) and not _accepts(slots[position].role, token):
            position += 1
        if position >= len(slots):
            return None
        origin = by_index.get(token.column)
        target = slots[position]
        if origin is not None and origin.role in RP_ROLES and not numberish(token.text) and not any(
                numberish(later.text) for later in tokens[number + 1:]):
            return None  # a text in a Rupiah cell, not shifted there: reported where it was printed
        placed[target.index] = token
        position += 1
    rebuilt = {c.column: c for c in lead}
    row = _positional(line, {**rebuilt, **placed}, columns)
    row.realigned = True
    if code:
        row.code_parts = [_code_part(c.text) for c in code if _code_part(c.text)]
        row.code, row.code_cell, row.code_split = ".".join(row.code_parts), code[0], True
    row.name, row.name_cell = name.text, name
    return row


LABEL_ROLES = frozenset({*CODE_ROLES, Role.NO, Role.SASARAN, Role.NAME, Role.LEVEL, Role.INDICATOR, Role.SATUAN})


def _realign_on_figures(line: int, cells: dict[int, Cell], columns: list[Column]) -> SourceRow | None:
    """A row with a cell too few or too many before its figures (text from a PDF, seed 000 §2.1): the figures
    start at the first figure column, the label cells end just before it."""
    first_figure = next((c.index for c in columns if c.role not in LABEL_ROLES and c.role is not None), None)
    if first_figure is None:
        return None
    ordered = [cells[i] for i in sorted(cells)]
    first_label = next((n for n, c in enumerate(ordered) if not numberish(c.text)), None)
    if first_label is None:
        return None
    split = next((n for n in range(first_label + 1, len(ordered)) if numberish(ordered[n].text)), None)
    if split is None:
        return None
    head, tail = ordered[:split], ordered[split:]
    if len(head) > first_figure - 1 or first_figure + len(tail) - 1 > max(c.index for c in columns):
        return None
    placed = {first_figure - len(head) + n: cell for n, cell in enumerate(head)}
    placed.update({first_figure + n: cell for n, cell in enumerate(tail)})
    row = _positional(line, placed, columns)
    row.realigned = True
    return row


def _continuation(cells: dict[int, Cell], by_index: dict[int, Column]) -> bool:
    """A line of wrapped text: one or two text cells, no code and no figure."""
    texts = list(cells.values())
    if not 1 <= len(texts) <= 2:
        return False
    if any(numberish(c.text) or _is_code_token(c.text) for c in texts):
        return False
    return not any(by_index.get(c.column) and by_index[c.column].role in CODE_ROLES for c in texts)


def _continue(row: SourceRow, grid_row: GridRow, cells: dict[int, Cell], problems: list[Problem],
              grid: Grid, by_index: dict[int, Column]) -> None:
    """Join a wrapped line to the row above it: two pieces continue its name and its indicator; one piece under
    the name header its name, else its indicator (or its name when it has none)."""
    pieces = [cells[i].text for i in sorted(cells)]
    where = Where(grid.sheet, grid_row.line)
    header = by_index.get(min(cells))
    if len(pieces) == 1 and header is not None and header.role is Role.NAME:
        row.name = f"{row.name} {pieces[0]}".strip()  # under the name header (seed 000 §2.1: "… (LBK)" / "Tenggarong")
        joined = f"nama (+{pieces[0]!r})"
    elif len(pieces) == 2 and row.indicator:
        row.name = f"{row.name} {pieces[0]}".strip()
        row.indicator = f"{row.indicator} {pieces[1]}"
        joined = f"nama (+{pieces[0]!r}) dan indikator (+{pieces[1]!r})"
    elif len(pieces) == 1 and row.indicator:
        row.indicator = f"{row.indicator} {pieces[0]}"
        joined = f"indikator (+{pieces[0]!r})"
    else:
        row.name = f"{row.name} {pieces[0]}".strip()
        joined = f"nama (+{pieces[0]!r})"
        if len(pieces) == 2:
            problems.append(Problem("warning", f"teks {pieces[1]!r} tidak dapat ditempatkan (baris {row.line} "
                                    "tidak mempunyai indikator): tidak diimpor", where))
    row.continued.append(grid_row.line)
    problems.append(Problem("warning", f"baris lanjutan tanpa kode dan angka: digabung ke baris {row.line}, "
                            + joined, where))
