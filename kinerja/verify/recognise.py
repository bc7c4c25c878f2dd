"""Recognising a table in a grid: the header rows, what each column holds, the relations between columns, and
what each row is (data, a total, a rata-rata or predikat line).

Columns are recognised by their Indonesian header text (Target, Realisasi, Capaian, Anggaran/Pagu/Alokasi,
Realisasi Anggaran, Persentase/%, Sisa, Satuan, Kode, Program/Kegiatan, Indikator, K/Rp sub-headers) and by the
official column-number row with its formulas (``12=8+9+10+11``, ``13=12/7x100%``, ``10=(5+7+9)``), which the
seeds print under the header. A formula in a header label (``Realisasi tahun 2019 (12 = 8+9+10+11)``, as Kinerja's
own CSV writes it) counts as well. Where no formula names the inputs of a capaian, serapan or sisa column, they are
taken from the roles of the columns to its left.

Tables extracted from PDFs are ragged: a page break repeats the header, a row may have a cell too many or too few.
Repeated header blocks are skipped; a data row whose cells do not fit the header is realigned on its figures (the
figures start at the first figure column, the name and indicator end just before it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kinerja.engine import CodeFormatError, NumberKind, PlanCode, parse_code

from .reading import Cell, Grid, GridRow

__all__ = ["Column", "Op", "Relation", "Role", "Row", "RowKind", "Table", "recognise"]


class Role(StrEnum):
    NO = "no"
    CODE = "kode"
    NAME = "nama"
    SASARAN = "sasaran"
    INDICATOR = "indikator"
    SATUAN = "satuan"
    TARGET = "target"
    REALISASI = "realisasi"
    CAPAIAN = "capaian"
    ANGGARAN = "anggaran"
    REALISASI_ANGGARAN = "realisasi-anggaran"
    SERAPAN = "serapan"
    SISA = "sisa"
    EFISIENSI = "efisiensi"
    UNIT = "unit"
    KETERANGAN = "keterangan"
    OTHER = "lain"


FIGURE_ROLES = frozenset({Role.TARGET, Role.REALISASI, Role.CAPAIAN, Role.ANGGARAN, Role.REALISASI_ANGGARAN,
                          Role.SERAPAN, Role.SISA, Role.EFISIENSI})
LABEL_ROLES = frozenset({Role.NO, Role.CODE, Role.NAME, Role.SASARAN, Role.INDICATOR, Role.SATUAN})
RUPIAH_ROLES = frozenset({Role.ANGGARAN, Role.REALISASI_ANGGARAN, Role.SISA})
PERCENT_ROLES = frozenset({Role.CAPAIAN, Role.SERAPAN, Role.EFISIENSI})
K, RP = "K", "Rp"

# Role keywords; the one found earliest in a label wins (longer phrases first at the same place).
_KEYWORDS: tuple[tuple[re.Pattern[str], Role], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), role)
    for pattern, role in (
        (r"\bsisa\b", Role.SISA),
        (r"\befisiensi\b", Role.EFISIENSI),
        (r"\bserapan\b|\bpenyerapan\b", Role.SERAPAN),
        (r"\btingkat\s+(?:capaian|realisasi)\b", Role.CAPAIAN),
        (r"\brealisasi\s+(?:anggaran|keuangan)\b", Role.REALISASI_ANGGARAN),
        (r"\bcapaian\b|\bpersentase\b|\bprosentase\b|%", Role.CAPAIAN),
        (r"\brealisasi\b|\btw\b|\btriwulan\b", Role.REALISASI),
        (r"\btarget\b", Role.TARGET),
        (r"\banggaran\b|\bpagu\b|\balokasi\b|\(rp\.?\)|\brupiah\b", Role.ANGGARAN),
        (r"\bsatuan\b", Role.SATUAN),
        (r"\bkode\b|\bkoderekening\b", Role.CODE),
        (r"^no\.?$|^nomor$|^no\.? urut$", Role.NO),
        (r"\bindikator\b", Role.INDICATOR),
        (r"\bprogram\b|\bkegiatan\b|\burusan\b|\buraian\b", Role.NAME),
        (r"\bsasaran\b|\btujuan\b", Role.SASARAN),
        (r"penanggung\s*jawab|^unit\b|\bpelaksana\b", Role.UNIT),
        (r"\bketerangan\b|\bcatatan\b|\banalisis\b|\bkriteria\b", Role.KETERANGAN),
    )
)
_RUPIAH_MARK = re.compile(r"\(rp\.?\)|\brupiah\b|\brp\b|\banggaran\b|\bkeuangan\b", re.IGNORECASE)
_PERCENT_MARK = re.compile(r"%|\bpersen", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^(\d{1,2})\s+(?=\D)")
_FORMULA_IN_LABEL = re.compile(r"\(\s*(\d{1,2}\s*=[^()]*(?:\([^()]*\)[^()]*)*)\)")
_MEASURE_SUFFIX = re.compile(r"\s*\((K|Rp)\)\s*$")
_COLUMN_NUMBER = re.compile(r"^\d{1,2}$")
_FORMULA_CELL = re.compile(r"^\d{1,2}\s*=.+$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUMBERISH = re.compile(r"^[-+]?[0-9][0-9.,]*(?:\s*%|,-)?$|^[-\u2013\u2014]$")
_STARTS_WITH_NUMBER = re.compile(r"^[-+]?(?:rp\.?\s*)?[0-9]", re.IGNORECASE)
_AVERAGE = re.compile(r"^rata[\s-]*rata(?:\s+capaian|\s*$|\s+kinerja)", re.IGNORECASE)
_TABLE_AVERAGE = re.compile(r"\bprogram\b|\bseluruh|\bopd\b|perangkat daerah|\btotal\b", re.IGNORECASE)
_PREDIKAT = re.compile(r"^predikat(?:\s+kinerja)?(?:\s+capaian)?\s*:?$", re.IGNORECASE)
_TOTAL = re.compile(r"^(?:jumlah|total)(?:\s+(?:total|keseluruhan|seluruhnya|anggaran|program|semua))?\s*:?$",
                    re.IGNORECASE)


def classify(label: str) -> Role | None:
    """The role a header label names, or None."""
    best: tuple[int, int, Role] | None = None
    for order, (pattern, role) in enumerate(_KEYWORDS):
        match = pattern.search(label)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, role)
    return best[2] if best else None


def numberish(text: str) -> bool:
    """A figure as printed: a number (with a unit after it or not) or a dash."""
    return bool(_NUMBERISH.match(text) or _STARTS_WITH_NUMBER.match(text))


def is_label_text(text: str) -> bool:
    return bool(text) and not numberish(text)


class Op(StrEnum):
    SUM = "sum"
    RATIO = "ratio"
    DIFF = "diff"
    EFISIENSI = "efisiensi"


@dataclass(eq=False)
class Column:
    index: int  # 1-based position in the (realigned) row
    label: str
    role: Role
    number: str | None = None
    measure: str | None = None
    formula: str | None = None

    @property
    def percent(self) -> bool:
        return self.role in PERCENT_ROLES

    @property
    def rupiah(self) -> bool:
        return self.measure == RP or (self.measure is None and self.role in RUPIAH_ROLES)

    @property
    def kind(self) -> NumberKind:
        if self.percent:
            return NumberKind.PERCENT
        return NumberKind.RUPIAH if self.rupiah else NumberKind.COUNT

    @property
    def figure(self) -> bool:
        return self.role in FIGURE_ROLES or (self.number is not None and self.role not in LABEL_ROLES
                                             and self.role not in (Role.UNIT, Role.KETERANGAN))

    @property
    def name(self) -> str:
        """``13 K``, ``10``, or the header label where the table has no column numbers."""
        if self.number:
            return f"{self.number} {self.measure}" if self.measure else self.number
        return self.label or f"#{self.index}"


@dataclass(frozen=True, eq=False)
class Relation:
    """``target`` = ``op``(``inputs``) × ``factor``; ``formula`` as printed, if it was printed."""

    target: Column
    op: Op
    inputs: tuple[Column, ...]
    factor: Decimal = Decimal(1)
    formula: str | None = None


class RowKind(StrEnum):
    DATA = "data"
    TOTAL = "total"
    AVERAGE = "average"
    TABLE_AVERAGE = "table-average"
    PREDIKAT = "predikat"


@dataclass(eq=False)
class Row:
    line: int
    kind: RowKind
    cells: dict[int, Cell]  # by Column.index
    label: str = ""
    code: PlanCode | None = None
    name: str = ""
    indicator: str = ""
    satuan: str = ""
    program: bool = False
    values: list[Cell] = field(default_factory=list)  # AVERAGE / PREDIKAT lines: the figures, in measure order
    parent: Row | None = None
    children: list[Row] = field(default_factory=list)

    def cell(self, column: Column) -> Cell | None:
        return self.cells.get(column.index)


@dataclass(eq=False)
class Table:
    columns: list[Column]
    relations: list[Relation]
    rows: list[Row]
    header_lines: tuple[int, ...]
    title: str = ""
    years: tuple[int, ...] = ()

    def column(self, number: str, measure: str | None) -> Column | None:
        for column in self.columns:
            if column.number == number and column.measure == measure:
                return column
        return None

    def relation_of(self, column: Column) -> Relation | None:
        for relation in self.relations:
            if relation.target is column:
                return relation
        return None

    def capaian_columns(self) -> list[Column]:
        """The columns a rata-rata line averages, one per measure: the first capaian ratio (13 in layout 1,
        8 in layout 2), else the first capaian column."""
        ratios = [r.target for r in self.relations if r.op is Op.RATIO and r.target.role is Role.CAPAIAN]
        first = ratios[0] if ratios else next((c for c in self.columns if c.role is Role.CAPAIAN), None)
        if first is None:
            return []
        if first.number is None:
            return [first]
        same = [c for c in self.columns if c.number == first.number]
        return sorted(same, key=lambda c: (c.measure != K, c.index))


# -- header ----------------------------------------------------------------------------------------------------


def _kind_of_row(row: GridRow) -> str | None:
    """'numbers' (official column numbers), 'measures' (K/Rp), 'years', 'labels' (header text) or None."""
    texts = [cell.text for cell in row.nonempty()]
    if not texts:
        return None
    if len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) or _FORMULA_CELL.match(t) for t in texts):
        numbers = [int(re.match(r"\d+", t).group()) for t in texts]
        if all(a < b for a, b in zip(numbers, numbers[1:], strict=False)) and max(numbers) <= 60:
            return "numbers"
    if len(texts) >= 2 and all(t.strip("()").rstrip(".").casefold() in ("k", "rp") for t in texts):
        return "measures"
    if len(texts) >= 2 and all(_YEAR.match(t) for t in texts):
        return "years"
    roles = [classify(t) for t in texts if is_label_text(t) or _LEADING_NUMBER.match(t)]
    figures = sum(1 for r in roles if r in FIGURE_ROLES)
    numbers = sum(1 for t in texts if numberish(t) and not _LEADING_NUMBER.match(t))
    if figures >= 2 and numbers == 0:
        return "labels"
    return None


def _header_block(rows: list[GridRow], start: int) -> int:
    """The index after the header block starting at ``start`` (a 'labels' row)."""
    end = start + 1
    while end < len(rows) and _kind_of_row(rows[end]) is not None:
        end += 1
    return end


def _build_columns(block: list[GridRow]) -> tuple[list[Column], dict[str, str]]:
    """Columns from the header rows; also the formulas by column number."""
    width = max(max((c.column for c in row.nonempty()), default=0) for row in block)
    kinds = [_kind_of_row(row) for row in block]
    texts = [[""] * (width + 1) for _ in block]
    for r, row in enumerate(block):
        for cell in row.cells:
            if cell.column <= width:
                texts[r][cell.column] = cell.text
    label_rows = [r for r, kind in enumerate(kinds) if kind in ("labels", "years")]
    number_rows = [r for r, kind in enumerate(kinds) if kind == "numbers"]
    measure_rows = [r for r, kind in enumerate(kinds) if kind == "measures"]
    # A group header spans the empty cells to its right that have a sub-header below them.
    for position, r in enumerate(label_rows):
        lower = [q for q in range(r + 1, len(block)) if kinds[q] in ("labels", "years", "measures")]
        for c in range(2, width + 1):
            if not texts[r][c] and texts[r][c - 1] and any(texts[q][c] for q in lower):
                texts[r][c] = texts[r][c - 1]
        del position
    numbers: dict[int, str] = {}
    formulas: dict[str, str] = {}
    for r in number_rows:
        for c in range(1, width + 1):
            text = texts[r][c]
            if not text and measure_rows and c > 1 and numbers.get(c - 1) and \
                    texts[measure_rows[0]][c].casefold().startswith("rp"):
                numbers[c] = numbers[c - 1]
            elif text:
                number = re.match(r"\d+", text).group()
                numbers[c] = number
                if "=" in text:
                    formulas[number] = text
    columns: list[Column] = []
    # "(K)"/"(Rp)" after a label is a measure only where the table has both (Kinerja's CSV); alone, "(Rp)" is
    # the unit of a budget column ("Anggaran (Rp)").
    suffixes = {m.group(1) for r in label_rows for t in texts[r] if (m := _MEASURE_SUFFIX.search(t))}
    measure_suffixes = suffixes == {"K", "Rp"}
    for c in range(1, width + 1):
        labels = [texts[r][c] for r in label_rows if texts[r][c]]
        full = " / ".join(dict.fromkeys(labels))
        measure = None
        for r in measure_rows:
            if texts[r][c]:
                measure = K if texts[r][c].strip("()").casefold() == "k" else RP
        number = numbers.get(c)
        label = full
        # Kinerja's CSV: "13 Tingkat capaian tahun 2019 (13 = 12/7 × 100 %) (K)"
        suffix = _MEASURE_SUFFIX.search(label) if measure_suffixes else None
        if suffix:
            measure = K if suffix.group(1) == "K" else RP
            label = label[: suffix.start()]
        lead = _LEADING_NUMBER.match(label)
        if lead and number is None:
            number = lead.group(1)
            label = label[lead.end():]
        formula = _FORMULA_IN_LABEL.search(label)
        if formula and number and formula.group(1).split("=")[0].strip() == number:
            formulas.setdefault(number, formula.group(1))
            label = (label[: formula.start()] + label[formula.end():]).strip()
        role = None
        for text in reversed(labels):  # the lowest header row is the most specific
            text = _MEASURE_SUFFIX.sub("", text) if measure_suffixes else text
            text = _LEADING_NUMBER.sub("", text)
            text = _FORMULA_IN_LABEL.sub("", text)
            role = classify(text)
            if role is not None:
                break
        columns.append(Column(index=c, label=label.strip(), role=role or Role.OTHER, number=number,
                              measure=measure))
    _refine_roles(columns, {c.index: [texts[r][c.index] for r in label_rows] for c in columns})
    return columns, formulas


def _refine_roles(columns: list[Column], labels: dict[int, list[str]]) -> None:
    budget = any(c.role in (Role.ANGGARAN, Role.REALISASI_ANGGARAN) for c in columns if c.measure is None)
    for column in columns:
        if column.measure is not None:
            continue
        leaf = next((t for t in reversed(labels[column.index]) if t), column.label)
        if column.role is Role.REALISASI and _PERCENT_MARK.search(leaf):
            column.role = Role.SERAPAN if budget else Role.CAPAIAN
        elif column.role is Role.REALISASI and _RUPIAH_MARK.search(leaf):
            column.role = Role.REALISASI_ANGGARAN
        elif column.role is Role.TARGET and re.search(r"\(rp\.?\)|\brupiah\b|\banggaran\b", leaf, re.I):
            column.role = Role.ANGGARAN
        elif column.role is Role.CAPAIAN and budget and _RUPIAH_MARK.search(leaf) and \
                not re.search(r"\bkinerja\b", leaf, re.I):
            column.role = Role.SERAPAN


# -- formulas and relations --------------------------------------------------------------------------------------


def parse_formula(text: str) -> tuple[str, Op, tuple[str, ...], bool] | None:
    """``13=12/7x100%`` → ("13", RATIO, ("12", "7"), True); ``10=(5+7+9)`` → ("10", SUM, ("5", "7", "9"), False).

    The last element says whether the formula multiplies by 100. None for a formula of another shape.
    """
    body = re.sub(r"[\s()]", "", text).casefold().replace("×", "x").replace("*", "x")
    match = re.fullmatch(r"(\d+)=(.+)", body)
    if match is None:
        return None
    number, rhs = match.groups()
    hundred = bool(re.search(r"x100%?$", rhs))
    rhs = re.sub(r"x100%?$", "", rhs).rstrip("%")
    if re.fullmatch(r"\d+(?:\+\d+)+", rhs):
        return number, Op.SUM, tuple(rhs.split("+")), hundred
    if re.fullmatch(r"\d+/\d+", rhs):
        return number, Op.RATIO, tuple(rhs.split("/")), hundred
    if re.fullmatch(r"\d+-\d+", rhs):
        return number, Op.DIFF, tuple(rhs.split("-")), hundred
    return None


def _relations(columns: list[Column], formulas: dict[str, str]) -> list[Relation]:
    by_key = {(c.number, c.measure): c for c in columns if c.number}
    relations: list[Relation] = []
    covered: set[int] = set()
    for text in formulas.values():
        parsed = parse_formula(text)
        if parsed is None:
            continue
        number, op, inputs, hundred = parsed
        for target in [c for c in columns if c.number == number]:
            ins = [by_key.get((i, target.measure)) for i in inputs]
            if any(i is None for i in ins):
                continue  # an input is not printed: the figure is a given, not derived here
            factor = Decimal(1)
            if op is Op.RATIO:
                if target.role not in PERCENT_ROLES and (hundred or _PERCENT_MARK.search(target.label)):
                    target.role = Role.CAPAIAN
                factor = Decimal(100) if (hundred or target.percent) else Decimal(1)
            relations.append(Relation(target, op, tuple(ins), factor, text))
            covered.add(target.index)
    for column in columns:
        if column.index in covered or column.role not in (Role.CAPAIAN, Role.SERAPAN, Role.SISA, Role.EFISIENSI):
            continue
        relation = _relation_by_role(column, columns)
        if relation is not None:
            relations.append(relation)
    return _ordered(relations)


def _left_of(column: Column, columns: list[Column], roles: tuple[Role, ...], stop: tuple[Role, ...] = ()):
    for other in reversed([c for c in columns if c.index < column.index and c.measure == column.measure]):
        if other.role in roles:
            return other
        if other.role in stop:
            return None
    return None


def _relation_by_role(column: Column, columns: list[Column]) -> Relation | None:
    hundred = Decimal(100)
    if column.role is Role.CAPAIAN:
        realisasi = _left_of(column, columns, (Role.REALISASI,), (Role.CAPAIAN,))
        target = realisasi and _left_of(realisasi, columns, (Role.TARGET,), (Role.CAPAIAN,))
        if realisasi and target:
            return Relation(column, Op.RATIO, (realisasi, target), hundred)
    elif column.role is Role.SERAPAN:
        realisasi = _left_of(column, columns, (Role.REALISASI_ANGGARAN,), (Role.SERAPAN,))
        anggaran = _left_of(column, columns, (Role.ANGGARAN,), (Role.SERAPAN,))
        if realisasi and anggaran:
            return Relation(column, Op.RATIO, (realisasi, anggaran), hundred)
    elif column.role is Role.SISA:
        realisasi = _left_of(column, columns, (Role.REALISASI_ANGGARAN,), (Role.SISA,))
        anggaran = _left_of(column, columns, (Role.ANGGARAN,), (Role.SISA,))
        if realisasi and anggaran:
            return Relation(column, Op.DIFF, (anggaran, realisasi))
    elif column.role is Role.EFISIENSI:
        serapan = _left_of(column, columns, (Role.SERAPAN,))
        capaian = _left_of(column, columns, (Role.CAPAIAN,))
        if serapan and capaian:
            return Relation(column, Op.EFISIENSI, (capaian, serapan))
    return None


def _ordered(relations: list[Relation]) -> list[Relation]:
    """Inputs before the figures computed from them; a cycle (a misprinted formula) is dropped."""
    by_target = {id(r.target): r for r in relations}
    ordered: list[Relation] = []
    state: dict[int, int] = {}

    def visit(relation: Relation) -> bool:
        key = id(relation.target)
        if state.get(key) == 2:
            return True
        if state.get(key) == 1:
            return False
        state[key] = 1
        for column in relation.inputs:
            dependency = by_target.get(id(column))
            if dependency is not None and not visit(dependency):
                return False
        state[key] = 2
        ordered.append(relation)
        return True

    for relation in relations:
        visit(relation)
    return ordered


# -- rows --------------------------------------------------------------------------------------------------------


def _prose(row: GridRow) -> bool:
    """A line of running text: one cell of six words or more, which ends a table."""
    cells = row.nonempty()
    return len(row.cells) == 1 and len(cells) == 1 and len(cells[0].text.split()) >= 6 \
        and not numberish(cells[0].text)


def _realign(row: GridRow, columns: list[Column]) -> dict[int, Cell]:
    """The row's cells by column; a row that does not fit the header is realigned on its figures."""
    cells = list(row.cells)
    while cells and not cells[-1].text:
        cells.pop()
    width = len(columns)
    first_figure = next((c.index for c in columns if c.figure), None)
    by_index = {c.index: c for c in columns}
    fits = len(cells) <= width and not any(
        cell.text and numberish(cell.text) and by_index[cell.column].role in (Role.NAME, Role.INDICATOR)
        for cell in cells if cell.column in by_index
    )
    if fits or first_figure is None:
        return {cell.column: cell for cell in cells if cell.column <= width}
    texts = [cell.text for cell in cells]
    first_label = next((i for i, t in enumerate(texts) if is_label_text(t)), None)
    split = None
    if first_label is not None:
        split = next((i for i in range(first_label + 1, len(texts)) if texts[i] and numberish(texts[i])), None)
    if split is None:
        return {cell.column: cell for cell in cells if cell.column <= width}
    head, tail = cells[:split], cells[split:]
    fixed = first_figure - 1
    while len(head) > fixed and any(not c.text for c in head):
        head.pop(next(i for i, c in enumerate(head) if not c.text))
    if len(head) > fixed:  # more label cells than label columns: join the surplus into the first
        surplus = len(head) - fixed + 1
        joined = " ".join(c.text for c in head[:surplus])
        head = [Cell(joined, head[0].line, head[0].column), *head[surplus:]]
    placed: dict[int, Cell] = {}
    for offset, cell in enumerate(head):
        placed[fixed - len(head) + 1 + offset] = cell
    for offset, cell in enumerate(tail):
        if first_figure + offset <= width:
            placed[first_figure + offset] = cell
    return placed


def _summary_values(row: GridRow, label_cell: Cell | None) -> list[Cell]:
    if label_cell is not None:
        return [c for c in row.nonempty() if c.column > label_cell.column and c.text]
    percents = [c for c in row.nonempty() if c.text.endswith("%")]
    return percents or [c for c in row.nonempty() if numberish(c.text)][-2:]


def _row_kind(row: GridRow) -> tuple[RowKind | None, Cell | None]:
    for cell in row.nonempty():
        if _PREDIKAT.match(cell.text):
            return RowKind.PREDIKAT, cell
        if _AVERAGE.match(cell.text):
            return (RowKind.TABLE_AVERAGE if _TABLE_AVERAGE.search(cell.text) else RowKind.AVERAGE), cell
        if _TOTAL.match(cell.text):
            return RowKind.TOTAL, cell
    return None, None


_SATUAN_IN_NAME = re.compile(r"\(([^()]{1,25})\)\s*$")


def _describe(row: Row, columns: list[Column]) -> None:
    def text(role: Role) -> str:
        for column in columns:
            cell = row.cells.get(column.index)
            if column.role is role and cell is not None and cell.text:
                return cell.text
        return ""

    code_text = text(Role.CODE)
    if code_text:
        try:
            row.code = parse_code(code_text)
        except CodeFormatError:
            row.code = None
    row.name = text(Role.NAME)
    row.indicator = text(Role.INDICATOR)
    row.satuan = text(Role.SATUAN)
    if not row.satuan:
        match = _SATUAN_IN_NAME.search(row.indicator)
        if match and not re.search(r"\d", match.group(1)):
            row.satuan = match.group(1).strip()
    sasaran = text(Role.SASARAN)
    if row.code is not None:
        row.program = row.code.level.value == "program"
    else:
        row.program = row.name.casefold().startswith("program") or (is_label_text(sasaran) and len(sasaran) > 3)
    row.label = " ".join(part for part in (code_text, row.name or row.indicator) if part)
    if not row.label and text(Role.NO):
        row.label = f"No. {text(Role.NO)}"


def _has_figures(cells: dict[int, Cell], columns: list[Column]) -> bool:
    return any(c.figure and cells.get(c.index) is not None and cells[c.index].text for c in columns)


def recognise(grid: Grid) -> list[Table]:
    """Every table found in the grid, in order."""
    rows = list(grid.rows)
    tables: list[Table] = []
    i = 0
    title = ""
    while i < len(rows):
        if _kind_of_row(rows[i]) != "labels":
            if _prose(rows[i]) or len(rows[i].nonempty()) == 1:
                title = rows[i].nonempty()[0].text[:120]
            i += 1
            continue
        end = _header_block(rows, i)
        block = rows[i:end]
        columns, formulas = _build_columns(block)
        if not any(c.figure for c in columns):
            i = end
            continue
        table = Table(columns=columns, relations=_relations(columns, formulas), rows=[],
                      header_lines=tuple(r.line for r in block), title=title)
        years = {int(y) for r in block for c in r.nonempty() for y in re.findall(r"\b((?:19|20)\d\d)\b", c.text)}
        table.years = tuple(sorted(years))
        header_texts = [tuple(r.texts()) for r in block]
        i = _read_rows(rows, end, table, header_texts)
        _link(table)
        tables.append(table)
        title = ""
    return tables


def _read_rows(rows: list[GridRow], start: int, table: Table, header_texts: list[tuple[str, ...]]) -> int:
    columns = table.columns
    i = start
    while i < len(rows):
        row = rows[i]
        kind = _kind_of_row(row)
        if kind is not None:
            if kind == "labels" and tuple(row.texts()) not in header_texts:
                return i  # another table begins
            i += 1  # a header repeated after a page break, or its number/K-Rp line
            continue
        if _prose(row):
            return i
        summary, label_cell = _row_kind(row)
        if summary in (RowKind.PREDIKAT, RowKind.AVERAGE, RowKind.TABLE_AVERAGE):
            table.rows.append(Row(line=row.line, kind=summary, cells={}, label=label_cell.text,
                                  values=_summary_values(row, label_cell)))
            i += 1
            continue
        cells = _realign(row, columns)
        if summary is RowKind.TOTAL:
            table.rows.append(Row(line=row.line, kind=RowKind.TOTAL, cells=cells, label=label_cell.text))
            i += 1
            continue
        data = Row(line=row.line, kind=RowKind.DATA, cells=cells)
        _describe(data, columns)
        if not _has_figures(cells, columns):
            i += 1
            continue
        if not (data.label or data.indicator):
            following = rows[i + 1] if i + 1 < len(rows) else None
            if following is not None and _row_kind(following)[0] is RowKind.PREDIKAT:
                table.rows.append(Row(line=row.line, kind=RowKind.AVERAGE, cells={}, label="",
                                      values=_summary_values(row, None)))
            i += 1
            continue
        table.rows.append(data)
        i += 1
    return i


def _link(table: Table) -> None:
    """Parents and children: by code where rows carry codes, else a program row over the rows after it."""
    latest_by_code: dict[str, Row] = {}
    program: Row | None = None
    for row in table.rows:
        if row.kind is not RowKind.DATA:
            program = None
            continue
        if row.code is not None:
            ancestor = row.code.parent()
            while ancestor is not None and ancestor.text not in latest_by_code:
                ancestor = ancestor.parent()
            if ancestor is not None:
                row.parent = latest_by_code[ancestor.text]
            latest_by_code[row.code.text] = row
        elif row.program:
            program = row
        elif program is not None:
            row.parent = program
        if row.program and row.code is None:
            program = row
        if row.parent is not None:
            row.parent.children.append(row)
