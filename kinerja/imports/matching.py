"""Comparing an import file's rows with the stored plan: what would be created or changed, row by row, and every
problem named by sheet, row and column. Pure Python (no Django): the stored side is a ``PlanState`` snapshot.

Placing a row (RULES §10):

- **By code**, read in the Renstra's scheme with ``parse_code`` (Permendagri 90 or pre-2020; a sub kegiatan
  written ``01`` is ``0001``). A code printed without its urusan and bidang (``01 | 2.01 | 06`` in seed 001
  Tabel 8) is completed with the code prefix when one is given (``1.06``); without one, the row is placed by its
  level (program, kegiatan, sub kegiatan from the parts printed) under the row its code points to, matched by
  name, and a new element is stored without a code.
- **By level**, for rows without a code: a name starting with *Program* (or a level column) is a program, other
  rows sit under the program above them, matched by name.
- A row with neither code nor name continues the element of the row above (its next indicator).

An indicator is matched within its element by name, case and spacing ignored (and without a trailing
``(satuan)``, as Kinerja's evaluation table prints it). A plan import creates unknown elements (the parent found
by code: in the rows above, in the stored plan, or in a row below, which is then created first — the file's codes
are read before its rows are placed; a parent found nowhere is an error saying so) and indicators; a realisation
import names them as errors.

Values: a parent's Rupiah is the sum of its children's (RULES §5), so a pagu or budget realisation printed on a
row whose element has rows under it is compared, never stored. An empty cell or Kinerja's ``—`` gives no value
(nothing changes); ``-`` in a Rupiah column is Rp 0. A value with a unit keeps the unit; one that differs from the
indicator's satuan is a warning.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.engine import (
    Aggregation,
    CodeFormatError,
    CodeLevel,
    CodeScheme,
    Measured,
    NumberFormatError,
    NumberKind,
    aggregate,
    format_rupiah,
    normalise_unit,
    parse_code,
    read_number,
    same_unit,
)
from kinerja.engine import plain_text as plain
from kinerja.plan import values
from kinerja.verify.reading import Cell

from .reading import (
    EM_DASH,
    REALISATION_ROLES,
    ROLE_LABELS,
    TW_ROLES,
    TW_RP_ROLES,
    Problem,
    Role,
    SourceRow,
    Where,
)
from .snapshot import ElementSnap, IndicatorSnap, PlanState

PLAN, REALISATION = "plan", "realisation"
KINDS = (PLAN, REALISATION)
RENJA, FORWARD = "renja", "forward"
PROGRAM, KEGIATAN, SUB = "program", "kegiatan", "subkegiatan"
ROW_LEVELS = (PROGRAM, KEGIATAN, SUB)
CHILD_OF = {None: PROGRAM, PROGRAM: KEGIATAN, KEGIATAN: SUB}
LEVEL_OF_CODE = {CodeLevel.PROGRAM: PROGRAM, CodeLevel.KEGIATAN: KEGIATAN, CodeLevel.SUBKEGIATAN: SUB}
LEVEL_WORDS = {"program": PROGRAM, "kegiatan": KEGIATAN, "sub kegiatan": SUB, "subkegiatan": SUB,
               "sub-kegiatan": SUB}
NO_VALUE = {"", EM_DASH, "\u2013", "-"}
NIL_RUPIAH = {"-", "\u2013"}  # accountants print nil as a dash
PERIOD_LABELS = {0: "tahunan", 1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
ANNUAL_ONLY = "tahun ini tercatat sebagai satu total tahunan tanpa rincian triwulan"


@dataclass(frozen=True)
class Options:
    kind: str
    year: int
    quarter: int | None = None
    code_prefix: str = ""


@dataclass
class Change:
    """One object created or changed: its fields old → new (one audit entry each), and what applying needs."""

    op: str
    ref: str
    label: str
    fields: list[tuple[str, str, str]]
    line: int | None
    data: dict
    created: bool = False

    def as_dict(self) -> dict:
        return {"op": self.op, "ref": self.ref, "label": self.label, "line": self.line, "created": self.created,
                "fields": [list(f) for f in self.fields], "data": self.data}

    def shown_fields(self) -> list[tuple[str, str, str]]:
        """The fields as a reader sees them: Indonesian names, Rupiah as 1.234.567."""
        shown = []
        for name, old, new in self.fields:
            if name == "amount":
                old, new = (format_rupiah(Decimal(v)) if v else v for v in (old, new))
            shown.append((FIELD_LABELS.get(name, name), old, new))
        return shown


FIELD_LABELS = {"name": "nama", "satuan": "satuan", "value": "nilai", "amount": "Rp", "location": "lokasi",
                "note": "catatan", "label": "label"}


@dataclass
class RowOutcome:
    line: int
    label: str
    changes: list[int] = field(default_factory=list)
    problems: list[int] = field(default_factory=list)

    def status(self, preview: Preview) -> str:
        if any(preview.problems[i].error for i in self.problems):
            return "galat"
        if any(preview.changes[i].created for i in self.changes):
            return "baru"
        return "diubah" if self.changes else "tetap"


@dataclass
class Preview:
    options: Options
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    unchanged: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        names = {"create-revision": "revisi", "create-element": "unsur", "update-element": "unsur",
                 "create-indicator": "indikator", "update-indicator": "indikator", "set-target": "target",
                 "set-budget": "pagu", "set-realisation": "realisasi", "set-budget-realisation": "realisasi anggaran"}
        for change in self.changes:
            key = f"{names[change.op]} {'baru' if change.created else 'diubah'}"
            counts[key] = counts.get(key, 0) + 1
        return counts

    def fingerprint(self) -> str:
        """Identifies the changes: the preview confirmed is the one applied, or nothing is."""
        payload = json.dumps([[c.op, c.ref, c.fields, c.data] for c in self.changes], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()

    def summary(self) -> dict:
        return {"kind": self.options.kind, "year": self.options.year, "quarter": self.options.quarter,
                "rows": len(self.rows), "changes": len(self.changes), "counts": self.counts(),
                "unchanged": self.unchanged, "errors": len(self.errors), "warnings": len(self.warnings),
                "fingerprint": self.fingerprint()}


def norm(text: str) -> str:
    return " ".join(text.casefold().split())


_TRAILING_PARENS = re.compile(r"\s*\(([^()]{1,40})\)\s*$")


def _bare_name(name: str, *satuan: str) -> str:
    """The name without a trailing "(satuan)" — as Kinerja's evaluation table prints it — when the parenthesis
    holds one of the given units; "X (kumulatif)" stays a name of its own."""
    match = _TRAILING_PARENS.search(name)
    units = {normalise_unit(s) for s in satuan if s}
    if match and normalise_unit(match.group(1)) in units:
        name = name[:match.start()]
    return norm(name)


@dataclass
class _Node:
    ref: str
    level: str
    name: str
    code: str
    parent: _Node | None
    unit_pk: int | None
    snap: ElementSnap | None = None
    line: int | None = None
    children: list[_Node] = field(default_factory=list)
    indicators: list[_Ind] = field(default_factory=list)

    @property
    def pk(self) -> int | None:
        return self.snap.pk if self.snap else None

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class _Ind:
    ref: str
    node: _Node
    name: str
    satuan: str
    value_kind: str
    categories: tuple[str, ...]
    scale_pk: int | None
    unit_pk: int | None
    snap: IndicatorSnap | None = None
    aggregation: str = ""

    @property
    def pk(self) -> int | None:
        return self.snap.pk if self.snap else None


@dataclass
class _Value:
    value: Decimal | None = None
    category: str = ""
    unit: str = ""
    text: str = ""

    def same(self, other: _Value, satuan: str) -> bool:
        """``other`` (read from the file) says the same as ``self`` (stored, or read earlier). A unit counts only
        where the file states one: a file without units (Kinerja's evaluation table) leaves the stored one."""
        if (self.value, self.category) != (other.value, other.category):
            return False
        return not other.unit or normalise_unit(self.unit or satuan) == normalise_unit(other.unit)

    def shown(self) -> str:
        return self.text or self.category or plain(self.value)


class _CellError(Exception):
    pass


class _Matcher:
    def __init__(self, rows: list[SourceRow], state: PlanState, options: Options, sheet: str | None):
        self.rows, self.state, self.options, self.sheet = rows, state, options, sheet
        self.scheme = CodeScheme(state.scheme)
        self.prefix = options.code_prefix.strip().rstrip(".")
        self.preview = Preview(options=options)
        self.nodes: dict[str, _Node] = {}
        self.by_code: dict[str, list[_Node]] = {}
        for snap in sorted(state.elements.values(), key=lambda e: (e.position, e.pk)):
            node = _Node(f"e{snap.pk}", snap.level, snap.name, snap.code, None, snap.unit_pk, snap)
            self.nodes[node.ref] = node
            if snap.code:
                self.by_code.setdefault(snap.code, []).append(node)
        for node in list(self.nodes.values()):
            if node.snap.parent_pk is not None and f"e{node.snap.parent_pk}" in self.nodes:
                node.parent = self.nodes[f"e{node.snap.parent_pk}"]
                node.parent.children.append(node)
        for snap in sorted(state.indicators.values(), key=lambda i: (i.position, i.pk)):
            node = self.nodes.get(f"e{snap.element_pk}")
            if node is not None:
                node.indicators.append(_Ind(f"i{snap.pk}", node, snap.name, snap.satuan, snap.value_kind,
                                            snap.categories, snap.scale_pk, snap.unit_pk, snap, snap.aggregation))
        self.next_position = max((e.position for e in state.elements.values()), default=0) + 1
        self.keys = {e.key for e in state.elements.values()}
        self.new_count = 0
        self.context: dict[str, _Node] = {}
        self.partial: dict[str, _Node] = {}  # a code printed without urusan/bidang → the first row that had it
        self.partial_lines: dict[str, list[tuple[int, str]]] = {}
        self.file_codes: dict[str, tuple[int, str, _Node]] = {}
        # a plan's full codes, read before the rows are placed: a parent may be printed below its rows
        self.codes_read: dict[int, tuple] = {}  # line → read_code's answer, where the code reads
        self.code_rows: dict[str, tuple[SourceRow, object]] = {}
        self.current_line = 0
        self.placed_ahead = False
        self.early: dict[int, list[int]] = {}  # changes of a row placed before it is reached, by its line
        self.row_of_line: dict[int, RowOutcome] = {}
        self.revision_ref = f"r{state.revision_pk}" if state.revision_pk else None
        # values gathered from the rows, checked against each other before they are compared with the store
        self.targets: dict[tuple[str, str, int], tuple[_Value, Cell, int, _Ind]] = {}
        self.pagu: dict[tuple[str, str, int], tuple[Decimal, Cell, int, _Node]] = {}
        self.places: dict[str, tuple[str, str, int]] = {}
        self.reals: dict[tuple[str, int], tuple[_Value, Cell, int, _Ind]] = {}
        self.budget_reals: dict[tuple[str, int], tuple[Decimal, Cell, int, _Node]] = {}
        self.with_values: set[str] = set()
        self.partial_warned = False
        self.grouped: dict[str, list[int]] = {}  # warnings said once, with their lines
        self.table_memo: dict[str, bool] = {}
        self.renamed: set[str] = set()
        self.resatuan: set[str] = set()
        self.new_indicators = 0
        self.by_name: dict[tuple[str, str], list[_Node]] = {}
        for node in self.nodes.values():
            self.by_name.setdefault((node.level, norm(node.name)), []).append(node)

    # -- problems and changes -----------------------------------------------------------------------------------

    def where(self, line: int | None, cell: Cell | None = None, role: Role | None = None) -> Where:
        if cell is not None:
            return Where(self.sheet, cell.line, cell.column, str(ROLE_LABELS[role]) if role else "")
        return Where(self.sheet, line)

    def problem(self, severity: str, message: str, line: int | None, cell: Cell | None = None,
                role: Role | None = None) -> None:
        self.preview.problems.append(Problem(severity, message, self.where(line, cell, role)))
        outcome = self.row_of_line.get(line if cell is None else cell.line) or self.row_of_line.get(line)
        if outcome is not None:
            outcome.problems.append(len(self.preview.problems) - 1)

    def error(self, message: str, line: int | None, cell: Cell | None = None, role: Role | None = None) -> None:
        self.problem("error", message, line, cell, role)

    def warn(self, message: str, line: int | None, cell: Cell | None = None, role: Role | None = None) -> None:
        self.problem("warning", message, line, cell, role)

    def change(self, change: Change) -> None:
        self.preview.changes.append(change)
        outcome = self.row_of_line.get(change.line)
        if outcome is not None:
            outcome.changes.append(len(self.preview.changes) - 1)
        elif change.line is not None and change.line > self.current_line:
            self.early.setdefault(change.line, []).append(len(self.preview.changes) - 1)

    # -- the whole file ---------------------------------------------------------------------------------------------

    def run(self, progress=None) -> Preview:
        previous: _Node | None = None
        step = max(1, len(self.rows) // 100)
        if self.options.kind == PLAN:
            self.read_codes()
        for number, row in enumerate(self.rows, start=1):
            if progress is not None and number % step == 0:
                progress(number, len(self.rows), "mencocokkan baris dengan data tersimpan")
            self.current_line = row.line
            outcome = RowOutcome(row.line, _row_label(row))
            outcome.changes.extend(self.early.pop(row.line, ()))
            self.preview.rows.append(outcome)
            self.row_of_line[row.line] = outcome
            node = self.element(row, previous)
            if node is None:
                previous = None
                continue
            previous = node
            outcome.label = f"{node.label} — {row.indicator}" if row.indicator else node.label
            if self.options.kind == PLAN:
                self.plan_values(row, node)
            else:
                self.realisation_values(row, node)
        self.partial_duplicates()
        if self.placed_ahead:
            self.positions_in_file_order()
        for message, lines in self.grouped.items():
            lines = sorted(lines)
            self.warn(f"{message}: baris {', '.join(map(str, lines))}", lines[0])
        if self.options.kind == PLAN:
            self.compare_plan()
        else:
            self.compare_realisations()
        return self.preview

    # -- elements ---------------------------------------------------------------------------------------------

    def element(self, row: SourceRow, previous: _Node | None) -> _Node | None:
        if row.code:
            return self.by_code_row(row)
        if row.name:
            return self.by_name_row(row)
        if previous is None:
            if row.indicator or row.values:
                self.error("baris tanpa kode dan tanpa nama, dan tidak ada unsur di atasnya", row.line)
            return None
        return previous

    def read_codes(self) -> None:
        """First pass of a plan import: every full code of the file and the first row that prints it, so that a
        row whose parent is printed below it is still placed under that parent. Codes that do not read are
        reported when their row is placed."""
        for row in self.rows:
            if not row.code:
                continue
            code, partial = self.read_code(row, quiet=True)
            if code is not None or partial is not None:
                self.codes_read[row.line] = (code, partial)
            if code is not None:
                self.code_rows.setdefault(code.text, (row, code))

    def positions_in_file_order(self) -> None:
        """A parent created ahead of its place (for a row above it) takes the position of its own row: the new
        elements are ordered as the file prints them."""
        created = [c for c in self.preview.changes if c.op == "create-element"]
        positions = sorted(c.data["position"] for c in created)
        for change, position in zip(sorted(created, key=lambda c: c.line), positions, strict=True):
            change.data["position"] = position

    def by_code_row(self, row: SourceRow) -> _Node | None:
        known = self.codes_read.get(row.line)
        code, partial = known if known is not None else self.read_code(row)
        if code is None and partial is None:
            return None
        if partial is not None:
            return self.by_partial_code(row, partial)
        level = LEVEL_OF_CODE.get(code.level)
        if level is None:
            self.warn(f"kode {code.text} adalah kode {code.level}, bukan program/kegiatan/sub kegiatan: baris "
                      "dilewati", row.line, row.code_cell, Role.CODE)
            return None
        earlier = self.file_codes.get(code.text)
        if earlier is not None and row.name and norm(row.name) != norm(earlier[1]):
            self.error(f"kode {code.text} tertulis dua kali dengan nama berbeda: baris {earlier[0]} "
                       f"{earlier[1]!r}, baris ini {row.name!r}", row.line, row.code_cell, Role.CODE)
            return None
        if earlier is not None:
            node = earlier[2]
        else:
            node = self.find_by_code(code.text, level)
            if node is None:
                if self.options.kind != PLAN:
                    self.error(f"kode {code.text} tidak ada dalam {self.state.plan_name}", row.line, row.code_cell,
                               Role.CODE)
                    return None
                parent = self.parent_by_code(code, row)
                if parent is False:
                    return None
                node = self.create_element(row, level, code.text, parent)
                if node is None:
                    return None
            self.file_codes[code.text] = (row.line, row.name or node.name, node)
        self.check_name(row, node)
        self.context[level] = node
        for deeper in ROW_LEVELS[ROW_LEVELS.index(level) + 1:]:
            self.context.pop(deeper, None)
        return node

    def read_code(self, row: SourceRow, *, quiet: bool = False):
        """(PlanCode, None), (None, partial code text) or (None, None) after an error (reported unless
        ``quiet``)."""
        scheme = self.scheme
        try:
            if row.code_split:
                # program | kegiatan | sub kegiatan in cells: complete only when the program cell is a program code
                head = parse_code(row.code_parts[0], scheme)
                if head.level is CodeLevel.PROGRAM:
                    return parse_code(row.code, scheme), None
            else:
                return parse_code(row.code, scheme), None
        except CodeFormatError as exc:
            failure = exc.reason
        else:
            failure = f"{row.code_parts[0]} bukan kode program lengkap"
        if self.prefix:
            try:
                return parse_code(f"{self.prefix}.{row.code}", scheme), None
            except CodeFormatError as exc:
                if not quiet:
                    self.error(f"kode {self.prefix}.{row.code} (dengan kode awal {self.prefix}) tidak sesuai skema "
                               f"{scheme.value}: {exc.reason}", row.line, row.code_cell, Role.CODE)
                return None, None
        if _partial_level(row.code, scheme) is not None:
            return None, row.code
        if not quiet:
            self.error(f"kode {row.code!r} tidak sesuai skema {scheme.value} ({failure})", row.line, row.code_cell,
                       Role.CODE)
        return None, None

    def find_by_code(self, code: str, level: str) -> _Node | None:
        candidates = [n for n in self.by_code.get(code, []) if n.level == level] or self.by_code.get(code, [])
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        # The same code twice in one period: an activity moved to another program in a later year keeps its code
        # (kinerja.demo.loader). The row's place in the file decides, then the year's data, then the newer one.
        parent = self.context.get(ROW_LEVELS[ROW_LEVELS.index(level) - 1]) if level != PROGRAM else None
        under = [n for n in candidates if parent is not None and n.parent is parent]
        if len(under) == 1:
            return under[0]
        with_data = [n for n in candidates if self.has_stored_data(n)]
        if len(with_data) == 1:
            return with_data[0]
        current = [n for n in candidates if not (n.snap and n.snap.superseded)]
        return current[0] if current else candidates[0]

    def parent_by_code(self, code, row: SourceRow, *, quiet: bool = False):
        """The element a new element's code names as its parent: a row of the file above (or, printed below,
        created first), else a stored element. None for a program (its parent is a bidang); False, with the error
        said (unless ``quiet``), when there is none."""
        parent_code = code.parent()
        if parent_code is None or parent_code.level in (CodeLevel.URUSAN, CodeLevel.BIDANG):
            return None
        parent_level = LEVEL_OF_CODE[parent_code.level]
        known = self.file_codes.get(parent_code.text)
        parent = known[2] if known else self.find_by_code(parent_code.text, parent_level)
        if parent is not None:
            return parent
        printed = self.code_rows.get(parent_code.text)
        if printed is not None and printed[0].line > self.current_line:
            parent = self.place_ahead(*printed)
            if parent is not None:
                return parent
        if quiet:
            return False
        if printed is None:
            message = (f"induk {parent_code.text} dari kode {code.text} tidak ada, baik dalam berkas maupun dalam "
                       f"{self.state.plan_name}")
        else:
            message = (f"induk {parent_code.text} dari kode {code.text} tertulis pada baris {printed[0].line}, "
                       "tetapi baris itu tidak dapat ditempatkan (lihat galat baris itu)")
        self.error(message, row.line, row.code_cell, Role.CODE)
        return False

    def place_ahead(self, row: SourceRow, code) -> _Node | None:
        """Create the element of a row below the one being placed, because that row's code names it as parent
        (seed 000 prints kegiatan 0106.30.010 under program 0106.28, above program 0106.30). Nothing is said
        here when it cannot be: its own row reports why when it is reached."""
        level = LEVEL_OF_CODE.get(code.level)
        if level is None or not row.name:
            return None
        parent = self.parent_by_code(code, row, quiet=True)
        if parent is False or (parent is not None and CHILD_OF.get(parent.level) != level):
            return None
        node = self.create_element(row, level, code.text, parent)
        if node is not None:
            self.placed_ahead = True
            self.file_codes[code.text] = (row.line, row.name, node)
        return node

    def by_partial_code(self, row: SourceRow, partial: str) -> _Node | None:
        level = _partial_level(partial, self.scheme)
        self.partial_lines.setdefault(partial, []).append((row.line, row.name))
        if not self.partial_warned:
            self.partial_warned = True
            self.warn(f"kode dicetak tanpa urusan dan bidang (mis. {partial!r}): baris ditempatkan menurut tingkat "
                      "kodenya dan dicocokkan dengan nama; unsur baru disimpan tanpa kode. Beri kode awal urusan/"
                      "bidang (mis. 1.06) untuk menyimpan kodenya", row.line, row.code_cell, Role.CODE)
        parent = None
        if level != PROGRAM:
            parent_code = partial.rsplit(".", 2 if level == KEGIATAN and self.scheme is CodeScheme.PERMENDAGRI_90
                                         else 1)[0]
            parent = self.partial.get(parent_code)
            if parent is None:
                self.error(f"induk {parent_code} dari kode {partial} tidak ada di atas baris ini", row.line,
                           row.code_cell, Role.CODE)
                return None
        node = self.find_by_name(row.name, level, parent, anywhere=level == PROGRAM) if row.name else None
        if node is None and row.name and parent is not None:
            # A sub kegiatan printed without its own number reads as a kegiatan: look deeper under the parent.
            deeper = [n for n in _descendants(parent) if norm(n.name) == norm(row.name)]
            if len(deeper) == 1:
                node = deeper[0]
                level = node.level
        if node is None and not row.name:
            node = self.partial.get(partial)
            if node is None:
                self.error(f"baris berkode {partial} tanpa nama", row.line, row.code_cell, Role.CODE)
                return None
        if node is None:
            if self.options.kind != PLAN:
                self.error(f"{_level_text(level)} {row.name!r} (kode {partial}) tidak ada dalam "
                           f"{self.state.plan_name}", row.line, row.name_cell, Role.NAME)
                return None
            node = self.create_element(row, level, "", parent)
            if node is None:
                return None
        self.partial.setdefault(partial, node)
        self.context[level] = node
        return node

    def partial_duplicates(self) -> None:
        for code, lines in self.partial_lines.items():
            names = {norm(name) for _line, name in lines if name}
            if len(names) > 1:
                where = ", ".join(str(line) for line, _name in lines)
                self.warn(f"kode {code} tertulis pada baris {where} dengan nama berbeda: tanpa kode lengkap tiap "
                          f"baris dibaca sebagai unsur tersendiri; rincian di bawah kode itu ditempatkan pada baris "
                          f"{lines[0][0]}", lines[0][0])

    def by_name_row(self, row: SourceRow) -> _Node | None:
        level = LEVEL_WORDS.get(norm(row.level)) if row.level else None
        if level is None and row.level_hint == PROGRAM:
            level = PROGRAM
        if level is None:
            if norm(row.name).startswith("program"):
                level = PROGRAM
            elif norm(row.name).startswith("sub kegiatan"):
                level = SUB
            elif PROGRAM in self.context:
                level = KEGIATAN
            else:
                self.error(f"tingkat {row.name!r} tidak diketahui: baris tanpa kode, bukan program, dan tidak ada "
                           "program di atasnya", row.line, row.name_cell, Role.NAME)
                return None
        parent = self.context.get(ROW_LEVELS[ROW_LEVELS.index(level) - 1]) if level != PROGRAM else None
        if level != PROGRAM and parent is None:
            self.error(f"{_level_text(level)} {row.name!r} tanpa kode dan tanpa {_level_text(CHILD_OF_INV[level])} "
                       "di atasnya", row.line, row.name_cell, Role.NAME)
            return None
        node = self.find_by_name(row.name, level, parent, anywhere=level == PROGRAM)
        if node is None and level != PROGRAM and not row.level:
            program = self.find_by_name(row.name, PROGRAM, None, anywhere=True)
            if program is not None:  # an unnumbered table: a program whose name does not say so
                node, level = program, PROGRAM
        if node is None:
            if self.options.kind != PLAN:
                self.error(f"{_level_text(level)} {row.name!r} tidak ada dalam {self.state.plan_name}", row.line,
                           row.name_cell, Role.NAME)
                return None
            node = self.create_element(row, level, "", parent)
            if node is None:
                return None
            self.grouped.setdefault(f"{_level_text(level)} baru tanpa kode", []).append(row.line)
        self.context[level] = node
        for deeper in ROW_LEVELS[ROW_LEVELS.index(level) + 1:]:
            self.context.pop(deeper, None)
        return node

    def find_by_name(self, name: str, level: str, parent: _Node | None, *, anywhere: bool) -> _Node | None:
        wanted = norm(name)
        if parent is not None:
            found = [n for n in parent.children if n.level == level and norm(n.name) == wanted]
        elif anywhere:
            found = list(self.by_name.get((level, wanted), ()))
        else:
            return None
        if len(found) > 1:
            with_data = [n for n in found if self.has_stored_data(n)]
            found = with_data or [n for n in found if not (n.snap and n.snap.superseded)] or found
        return found[0] if found else None

    def check_name(self, row: SourceRow, node: _Node) -> None:
        if not row.name or node.snap is None or " ".join(row.name.split()) == " ".join(node.name.split()):
            return
        if self.options.kind == PLAN:
            if node.ref in self.renamed:
                return
            self.renamed.add(node.ref)
            new = " ".join(row.name.split())
            self.change(Change("update-element", node.ref, node.label, [("name", node.name, new)], row.line,
                               {"pk": node.pk, "version": node.snap.version, "name": new}))
        else:
            self.warn(f"nama di berkas {row.name!r} berbeda dari yang tersimpan {node.name!r} (kode menentukan)",
                      row.line, row.name_cell, Role.NAME)

    def create_element(self, row: SourceRow, level: str, code: str, parent: _Node | None) -> _Node | None:
        if not row.name:
            self.error(f"{_level_text(level)} baru {code} tanpa nama", row.line, row.code_cell, Role.CODE)
            return None
        if parent is not None and CHILD_OF.get(parent.level) != level:
            self.error(f"{_level_text(level)} tidak dapat berada di bawah {_level_text(parent.level)} "
                       f"{parent.label}", row.line, row.code_cell or row.name_cell, Role.CODE)
            return None
        unit_pk = self.unit_of(row)
        if unit_pk is None and parent is not None:
            unit_pk = parent.unit_pk
        if unit_pk is None:
            self.grouped.setdefault("unsur baru tanpa unit penanggung jawab (pilih di halaman unsur)", []).append(
                row.line)
        self.new_count += 1
        position = self.next_position
        self.next_position += 1
        key = code or f"{level}-{position}"
        while key in self.keys:
            key = f"{key}-{position}"
        self.keys.add(key)
        name = " ".join(row.name.split())
        node = _Node(f"n{self.new_count}", level, name, code, parent, unit_pk, None, row.line)
        if parent is not None:
            parent.children.append(node)
        self.nodes[node.ref] = node
        self.by_name.setdefault((level, norm(name)), []).append(node)
        if code:
            self.by_code.setdefault(code, []).append(node)
        self.change(Change("create-element", node.ref, node.label, [("name", "", node.label)], row.line,
                           {"parent": parent.ref if parent else None, "level": level, "code": code, "key": key,
                            "name": name, "unit": unit_pk, "position": position}, created=True))
        return node

    def unit_of(self, row: SourceRow) -> int | None:
        if not row.unit:
            return None
        text = norm(row.unit)
        pieces = {text, *(norm(p) for p in row.unit.split("/"))}
        for unit in self.state.units.values():
            if norm(unit.name) in pieces or norm(unit.key) in pieces:
                return unit.pk
        for unit in self.state.units.values():
            if norm(unit.name) in text:
                return unit.pk
        return None

    # -- indicators -------------------------------------------------------------------------------------------

    def indicator(self, row: SourceRow, node: _Node, *, create: bool) -> _Ind | None:
        if not row.indicator:
            return None
        wanted = norm(row.indicator)
        found = [ind for ind in node.indicators
                 if _bare_name(ind.name, ind.satuan, row.satuan) == _bare_name(row.indicator, ind.satuan, row.satuan)]
        if len(found) > 1:
            # Kinerja's evaluation table prints "name (satuan)": "X" and "X (Orang)" then read alike. The one
            # with the year's data is meant, else the one named exactly so.
            with_data = [ind for ind in found if self.indicator_has_data(ind)]
            exact = [ind for ind in (with_data or found) if norm(ind.name) == wanted]
            found = exact or with_data or found
        if found:
            return found[0]
        if not create:
            self.error(f"indikator {row.indicator!r} tidak ada pada {node.label}", row.line, row.indicator_cell,
                       Role.INDICATOR)
            return None
        satuan = row.satuan or self.satuan_of(row, node)
        kind, categories, scale_pk = self.kind_of(row, satuan)
        self.new_indicators += 1
        ref = f"m{self.new_indicators}"
        position = max([i.snap.position for i in node.indicators if i.snap] or [-1]) + 1 + len(
            [i for i in node.indicators if i.snap is None])
        ind = _Ind(ref, node, " ".join(row.indicator.split()), satuan, kind, categories, scale_pk, None)
        if node.indicators:
            self.warn(f"indikator baru pada {node.label}, yang sudah mempunyai indikator "
                      f"{', '.join(repr(i.name) for i in node.indicators)}; jika ini perbaikan nama, ubah nama "
                      "indikator di halaman indikator", row.line, row.indicator_cell, Role.INDICATOR)
        node.indicators.append(ind)
        self.change(Change("create-indicator", ref, f"{node.label} — {ind.name}", [("name", "", ind.name)],
                           row.line, {"element": node.ref, "name": ind.name, "satuan": satuan, "value_kind": kind,
                                      "scale": scale_pk, "position": position}, created=True))
        return ind

    def satuan_of(self, row: SourceRow, node: _Node) -> str:
        for value_role, satuan_role in ((Role.TARGET, Role.TARGET_SATUAN), (Role.FORWARD_TARGET,
                                                                            Role.FORWARD_SATUAN)):
            companion = row.values.get(satuan_role)
            if companion is not None and companion.text not in NO_VALUE:
                return companion.text
            cell = row.values.get(value_role)
            if cell is not None and cell.text not in NO_VALUE and cell.number is None:
                try:
                    unit = read_number(cell.text, NumberKind.COUNT).unit
                except NumberFormatError:
                    unit = None
                if unit:
                    return unit
        match = _TRAILING_PARENS.search(row.indicator)
        return match.group(1).strip() if match and not re.search(r"\d", match.group(1)) else ""

    def kind_of(self, row: SourceRow, satuan: str) -> tuple[str, tuple[str, ...], int | None]:
        if satuan.strip() == "%" or norm(satuan) == "persen":
            return "percent", (), None
        for role in (Role.TARGET, Role.FORWARD_TARGET, Role.YEAR, *TW_ROLES.values()):
            cell = row.values.get(role)
            if cell is None or cell.text in NO_VALUE or cell.number is not None:
                continue
            try:
                read_number(cell.text, NumberKind.COUNT)
            except NumberFormatError:
                scales = [s for s in self.state.scales if norm(cell.text) in {norm(c) for c in s.categories}]
                if len(scales) == 1:
                    return "category", scales[0].categories, scales[0].pk
        return "number", (), None

    def update_satuan(self, row: SourceRow, ind: _Ind) -> None:
        if not row.satuan or ind.snap is None or normalise_unit(row.satuan) == normalise_unit(ind.satuan):
            return
        if ind.ref in self.resatuan:
            return
        self.resatuan.add(ind.ref)
        self.change(Change("update-indicator", ind.ref, f"{ind.node.label} — {ind.name}",
                           [("satuan", ind.satuan, row.satuan)], row.line,
                           {"pk": ind.pk, "version": ind.snap.version, "satuan": row.satuan}))
        ind.satuan = row.satuan

    # -- reading values ---------------------------------------------------------------------------------------

    def k_value(self, cell: Cell, role: Role, ind: _Ind, companion: Cell | None) -> _Value | None:
        text = cell.text.strip()
        if text in NO_VALUE:
            return None
        if ind.value_kind == "category":
            for category in ind.categories:
                if norm(category) == norm(text):
                    return _Value(category=category, text=category)
            raise _CellError(f"{text!r} bukan kategori pada skala indikator ({', '.join(ind.categories)})")
        number_kind = values.number_kind(ind)
        field = values.REALISATION_VALUE if role in REALISATION_ROLES else values.TARGET_VALUE
        if cell.number is not None:
            value, unit = _stored_number(cell, field, number_kind), ""
        else:
            try:
                value, unit = values.read_bounded(text, field, number_kind)
            except values.ValueRefused as exc:
                scales = [s.name for s in self.state.scales if norm(text) in {norm(c) for c in s.categories}]
                hint = (f"; {text!r} ada pada skala {', '.join(scales)}, tetapi indikatornya bukan indikator "
                        "kategori") if scales else ""
                raise _CellError(f"{text[:80]!r} bukan angka: {exc.reason}{hint}") from None
        if companion is not None and companion.text not in NO_VALUE:
            if unit and not same_unit(unit, companion.text):
                raise _CellError(f"satuan {unit!r} pada nilai berbeda dari kolom satuannya {companion.text!r}")
            unit = companion.text
            text = f"{text} {unit}" if not text.endswith(unit) else text
        if unit == "%" and ind.value_kind == "percent":
            unit = ind.satuan if ind.satuan else unit
        return _Value(value=value, unit=unit if unit and not same_unit(unit, ind.satuan) else "", text=text)

    def rupiah(self, cell: Cell) -> Decimal | None:
        text = cell.text.strip()
        if text in NIL_RUPIAH:
            return Decimal(0)
        if text in NO_VALUE:
            return None
        if cell.number is not None:
            return _stored_number(cell, values.AMOUNT, NumberKind.RUPIAH)
        try:
            return values.read_amount(text)
        except values.ValueRefused as exc:
            raise _CellError(f"{text[:80]!r} bukan jumlah rupiah: {exc.reason}") from None

    def gather(self, store: dict, key, value, cell: Cell, line: int, owner, role: Role, same) -> None:
        earlier = store.get(key)
        if earlier is None:
            store[key] = (value, cell, line, owner)
            self.with_values.add(owner.node.ref if isinstance(owner, _Ind) else owner.ref)
            return
        if not same(earlier[0], value):
            shown = earlier[0].shown() if isinstance(earlier[0], _Value) else format_rupiah(earlier[0])
            now = value.shown() if isinstance(value, _Value) else format_rupiah(value)
            self.error(f"nilai ganda yang berbeda untuk {ROLE_LABELS[role]}: baris {earlier[2]} {shown}, baris ini "
                       f"{now}", line, cell, role)

    # -- a plan import ------------------------------------------------------------------------------------------

    def plan_values(self, row: SourceRow, node: _Node) -> None:
        ind = self.indicator(row, node, create=True) if row.indicator else None
        if ind is not None:
            self.update_satuan(row, ind)
        year = self.options.year
        for role, companion, kind, target_year in ((Role.TARGET, Role.TARGET_SATUAN, RENJA, year),
                                                   (Role.FORWARD_TARGET, Role.FORWARD_SATUAN, FORWARD, year + 1)):
            cell = row.values.get(role)
            if cell is None or cell.text in NO_VALUE:
                continue
            if ind is None:
                self.grouped.setdefault(f"{ROLE_LABELS[role]} tanpa indikator, tidak disimpan", []).append(row.line)
                continue
            try:
                value = self.k_value(cell, role, ind, row.values.get(companion))
            except _CellError as exc:
                self.error(str(exc), row.line, cell, role)
                continue
            if value is not None:
                self.gather(self.targets, (ind.ref, kind, target_year), value, cell, row.line, ind, role,
                            lambda a, b, s=ind.satuan: a.same(b, s))
        for role, kind, target_year in ((Role.PAGU, RENJA, year), (Role.FORWARD_PAGU, FORWARD, year + 1)):
            cell = row.values.get(role)
            if cell is None:
                continue
            try:
                amount = self.rupiah(cell)
            except _CellError as exc:
                self.error(str(exc), row.line, cell, role)
                continue
            if amount is not None:
                self.gather(self.pagu, (node.ref, kind, target_year), amount, cell, row.line, node, role,
                            lambda a, b: a == b)
        if row.lokasi or row.catatan:
            self.places.setdefault(node.ref, (row.lokasi, row.catatan, row.line))

    def compare_plan(self) -> None:
        state, year = self.state, self.options.year
        missing_revision = self.revision_ref is None
        if missing_revision:
            self.revision_ref = "r-new"
        before = len(self.preview.changes)
        for (ref, kind, target_year), (value, cell, line, ind) in self.targets.items():
            stored = state.targets.get((ind.pk, kind, target_year)) if ind.pk else None
            role = Role.TARGET if kind == RENJA else Role.FORWARD_TARGET
            if stored is not None:
                old = _Value(stored.value, stored.category, stored.unit, stored.text)
                if old.same(value, ind.satuan):
                    self.preview.unchanged += 1
                    continue
            self.warn_unit(value, ind, line, cell, role)
            self.change(Change(
                "set-target", f"t:{ref}:{kind}:{target_year}", f"{ind.node.label} — {ind.name}",
                [("value", (stored.text or stored.category or plain(stored.value)) if stored else "", value.shown())],
                line, {"indicator": ref, "revision": self.revision_ref, "kind": kind, "year": target_year,
                       "value": plain(value.value) if value.value is not None else None,
                       "category": value.category, "unit": value.unit, "text": value.shown()[:200],
                       "pk": stored.pk if stored else None, "version": stored.version if stored else None},
                created=stored is None))
        for (ref, kind, target_year), (amount, cell, line, node) in self.pagu.items():
            role = Role.PAGU if kind == RENJA else Role.FORWARD_PAGU
            if self.is_parent(node):
                total = self.children_pagu(node, kind, target_year)
                if total is None or total != amount:
                    shown = f"Rp {format_rupiah(total)}" if total is not None else "tidak ada pagu rincian"
                    self.warn(f"pagu induk Rp {format_rupiah(amount)} berbeda dari jumlah rinciannya ({shown}); pagu "
                              "induk adalah jumlah rinciannya dan tidak disimpan", line, cell, role)
                continue
            stored = state.budgets.get((node.pk, kind, target_year)) if node.pk else None
            lokasi, catatan, _line = self.places.get(ref, ("", "", None)) if kind == RENJA else ("", "", None)
            fields = []
            if stored is None or stored.amount != amount:
                fields.append(("amount", plain(stored.amount) if stored else "", plain(amount)))
            if lokasi and (stored is None or stored.location != lokasi):
                fields.append(("location", stored.location if stored else "", lokasi))
            if catatan and (stored is None or stored.note != catatan):
                fields.append(("note", stored.note if stored else "", catatan))
            if not fields:
                self.preview.unchanged += 1
                continue
            self.change(Change(
                "set-budget", f"b:{ref}:{kind}:{target_year}", node.label, fields, line,
                {"element": ref, "revision": self.revision_ref, "kind": kind, "year": target_year,
                 "amount": plain(amount), "location": lokasi or (stored.location if stored else ""),
                 "note": catatan or (stored.note if stored else ""), "pk": stored.pk if stored else None,
                 "version": stored.version if stored else None}, created=stored is None))
        if missing_revision and len(self.preview.changes) > before:
            # applied first (services.apply_changes); listed last so that row indexes stay as they are
            self.change(Change("create-revision", "r-new", f"Renja {year} murni", [("label", "", "murni")], None,
                               {"year": year, "label": "murni"}, created=True))

    def warn_unit(self, value: _Value, ind: _Ind, line: int, cell: Cell, role: Role) -> None:
        if value.unit and ind.satuan and not same_unit(value.unit, ind.satuan):
            self.warn(f"satuan {value.unit!r} berbeda dari satuan indikator {ind.satuan!r}: disimpan dengan satuannya",
                      line, cell, role)

    # -- parents (RULES §5) ---------------------------------------------------------------------------------------

    def indicator_has_data(self, ind: _Ind) -> bool:
        year = self.options.year
        return ind.pk is not None and (
            any((ind.pk, kind, y) in self.state.targets for kind, y in ((RENJA, year), (FORWARD, year + 1)))
            or any((ind.pk, p) in self.state.realisations for p in range(5)))

    def has_stored_data(self, node: _Node) -> bool:
        state, year = self.state, self.options.year
        if node.pk is None:
            return False
        if (node.pk, RENJA, year) in state.budgets or any(
                (node.pk, p) in state.budget_realisations for p in range(5)):
            return True
        for ind in node.indicators:
            if ind.pk and ((ind.pk, RENJA, year) in state.targets or any(
                    (ind.pk, p) in state.realisations for p in range(5))):
                return True
        return False

    def in_table(self, node: _Node) -> bool:
        """The element is a row of the year's table: it has values (in the file or stored), or a descendant has.
        Asked once every row has been read."""
        if node.ref not in self.table_memo:
            self.table_memo[node.ref] = node.ref in self.with_values or self.has_stored_data(node) or any(
                self.in_table(c) for c in node.children if c.level in ROW_LEVELS)
        return self.table_memo[node.ref]

    def is_parent(self, node: _Node) -> bool:
        return any(self.in_table(c) for c in node.children if c.level in ROW_LEVELS)

    def children_pagu(self, node: _Node, kind: str, year: int) -> Decimal | None:
        kids = [c for c in node.children if c.level in ROW_LEVELS and self.in_table(c)]
        if kids:
            amounts = [a for a in (self.children_pagu(c, kind, year) for c in kids) if a is not None]
            return sum(amounts, Decimal(0)) if amounts else None
        if (node.ref, kind, year) in self.pagu:
            return self.pagu[(node.ref, kind, year)][0]
        stored = self.state.budgets.get((node.pk, kind, year)) if node.pk else None
        return stored.amount if stored else None

    def children_budget_real(self, node: _Node, period: int) -> Decimal | None:
        kids = [c for c in node.children if c.level in ROW_LEVELS and self.in_table(c)]
        if kids:
            amounts = [a for a in (self.children_budget_real(c, period) for c in kids) if a is not None]
            return sum(amounts, Decimal(0)) if amounts else None
        if (node.ref, period) in self.budget_reals:
            return self.budget_reals[(node.ref, period)][0]
        stored = self.state.budget_realisations.get((node.pk, period)) if node.pk else None
        return stored.amount if stored else None

    # -- a realisation import -------------------------------------------------------------------------------------

    def periods(self, row: SourceRow, roles: dict[int, Role], year_role: Role) -> list[tuple[int, Role, Cell]]:
        """(period, role, cell) of the row's realisation cells: TW I–IV, or the year's total (period 0, or the
        quarter given with --quarter). A year total beside quarters is computed from them: not read."""
        quarter = self.options.quarter
        found = [(q, role, row.values[role]) for q, role in roles.items()
                 if role in row.values and row.values[role].text not in NO_VALUE - {"-"}
                 and (quarter is None or q == quarter)]
        total = row.values.get(year_role)
        if total is not None and total.text not in NO_VALUE - {"-"} and not found:
            found.append((quarter or 0, year_role, total))
        return found

    def realisation_values(self, row: SourceRow, node: _Node) -> None:
        k_cells = self.periods(row, TW_ROLES, Role.YEAR)
        rp_cells = self.periods(row, TW_RP_ROLES, Role.YEAR_RP)
        ind = self.indicator(row, node, create=False) if row.indicator and (k_cells or not rp_cells) else None
        if k_cells and ind is None and not row.indicator:
            for _period, role, cell in k_cells:
                self.error("realisasi tanpa indikator", row.line, cell, role)
        if ind is not None:
            if not self.may_enter(ind.unit_pk or ind.node.unit_pk):
                if k_cells:
                    self.error(self.refused(ind.unit_pk or ind.node.unit_pk), row.line, k_cells[0][2], k_cells[0][1])
            else:
                for period, role, cell in k_cells:
                    try:
                        value = self.k_value(cell, role, ind, None)
                    except _CellError as exc:
                        self.error(str(exc), row.line, cell, role)
                        continue
                    if value is not None:
                        self.gather(self.reals, (ind.ref, period), value, cell, row.line, ind, role,
                                    lambda a, b, s=ind.satuan: a.same(b, s))
        if rp_cells and not self.may_enter(node.unit_pk):
            self.error(self.refused(node.unit_pk), row.line, rp_cells[0][2], rp_cells[0][1])
            return
        for period, role, cell in rp_cells:
            try:
                amount = self.rupiah(cell)
            except _CellError as exc:
                self.error(str(exc), row.line, cell, role)
                continue
            if amount is not None:
                self.gather(self.budget_reals, (node.ref, period), amount, cell, row.line, node, role,
                            lambda a, b: a == b)

    def may_enter(self, unit_pk: int | None) -> bool:
        allowed = self.state.allowed_units
        return allowed is None or unit_pk in allowed

    def refused(self, unit_pk: int | None) -> str:
        unit = self.state.units.get(unit_pk)
        own = ", ".join(sorted(self.state.units[u].name for u in self.state.allowed_units or () if
                               u in self.state.units)) or "—"
        return (f"realisasi ini tanggung jawab {unit.name if unit else 'unit lain'}: Anda hanya dapat mengimpor "
                f"realisasi unit Anda ({own})")

    def compare_realisations(self) -> None:
        state = self.state
        for (ref, period), (value, cell, line, ind) in self.reals.items():
            role = TW_ROLES.get(period, Role.YEAR)
            stored = state.realisations.get((ind.pk, period))
            if stored is not None and _Value(stored.value, stored.category, stored.unit).same(value, ind.satuan):
                self.preview.unchanged += 1
                continue
            if not self.annual_allowed(period, line, cell, role) or \
                    not self.annual_consistent(ind, period, value, line, cell, role):
                continue
            if period and not self.quarter_open(ind.unit_pk or ind.node.unit_pk, period, line, cell, role):
                continue
            self.warn_unit(value, ind, line, cell, role)
            warnings = self.plausibility(ind, value, line, cell, role)
            self.change(Change(
                "set-realisation", f"q:{ref}:{period}", f"{ind.node.label} — {ind.name} ({PERIOD_LABELS[period]})",
                [("value", (stored.text or stored.category or plain(stored.value)) if stored else "", value.shown())],
                line, {"indicator": ref, "year": self.options.year, "period": period,
                       "value": plain(value.value) if value.value is not None else None, "category": value.category,
                       "unit": value.unit, "text": value.shown()[:200], "pk": stored.pk if stored else None,
                       "version": stored.version if stored else None, "warnings": warnings},
                created=stored is None))
        for (ref, period), (amount, cell, line, node) in self.budget_reals.items():
            role = TW_RP_ROLES.get(period, Role.YEAR_RP)
            if self.is_parent(node):
                total = self.children_budget_real(node, period)
                if total is None or total != amount:
                    shown = f"Rp {format_rupiah(total)}" if total is not None else "tidak ada realisasi rincian"
                    self.warn(f"realisasi anggaran induk Rp {format_rupiah(amount)} berbeda dari jumlah rinciannya "
                              f"({shown}); nilai induk adalah jumlah rinciannya dan tidak disimpan", line,
                              cell, role)
                continue
            stored = state.budget_realisations.get((node.pk, period)) if node.pk else None
            if stored is not None and stored.amount == amount:
                self.preview.unchanged += 1
                continue
            if not self.annual_allowed(period, line, cell, role) or \
                    not self.annual_budget_consistent(node, period, amount, line, cell, role):
                continue
            if period and not self.quarter_open(node.unit_pk, period, line, cell, role):
                continue
            warnings = self.budget_plausibility(node, period, amount, line, cell, role)
            self.change(Change(
                "set-budget-realisation", f"a:{ref}:{period}", f"{node.label} ({PERIOD_LABELS[period]})",
                [("amount", plain(stored.amount) if stored else "", plain(amount))], line,
                {"element": ref, "year": self.options.year, "period": period, "amount": plain(amount),
                 "pk": stored.pk if stored else None, "version": stored.version if stored else None,
                 "warnings": warnings}, created=stored is None))

    def plausibility(self, ind: _Ind, value: _Value, line, cell, role) -> list[dict]:
        """The entry screen's plausibility warnings: shown in the preview, stored with the value."""
        year = self.options.year
        target = self.state.targets.get((ind.pk, RENJA, year)) if ind.pk else None
        warnings = values.value_warnings(ind, value.value, value.unit, target.value if target else None)
        for warning in warnings:
            if warning.key != "unit":  # warn_unit has said it, with the satuan column
                self.warn(str(warning), line, cell, role)
        return [w.as_stored() for w in warnings]

    def budget_plausibility(self, node: _Node, period: int, amount: Decimal, line, cell, role) -> list[dict]:
        stored = self.state.budget_realisations
        others = [stored[(node.pk, q)].amount for q in range(5) if q != period and (node.pk, q) in stored]
        others += [self.budget_reals[(node.ref, q)][0] for q in range(5)
                   if q != period and (node.ref, q) in self.budget_reals]
        budget = self.state.budgets.get((node.pk, RENJA, self.options.year)) if node.pk else None
        warnings = values.amount_warnings(sum(others, amount), budget.amount if budget else None)
        for warning in warnings:
            self.warn(str(warning), line, cell, role)
        return [w.as_stored() for w in warnings]

    def annual_allowed(self, period: int, line, cell, role) -> bool:
        """The entry screen's rule: a year held as one total is set and changed by the perencana only."""
        if period or self.state.may_set_annual:
            return True
        self.error(f"{ANNUAL_ONLY}; total tahunan hanya dapat diisi atau diubah oleh perencana, tidak disimpan", line,
                   cell, role)
        return False

    def annual_consistent(self, ind: _Ind, period: int, value: _Value, line, cell, role) -> bool:
        stored = self.state.realisations
        if period and (ind.pk, 0) in stored or period and (ind.ref, 0) in self.reals:
            self.error(f"{ANNUAL_ONLY}; realisasi {PERIOD_LABELS[period]} tidak disimpan", line, cell, role)
            return False
        if period == 0:
            quarters = {q: stored[(ind.pk, q)] for q in range(1, 5) if (ind.pk, q) in stored}
            quarters.update({q: self.reals[(ind.ref, q)][0] for q in range(1, 5) if (ind.ref, q) in self.reals})
            if quarters:
                how = Aggregation(ind.aggregation) if ind.aggregation else Aggregation.SUM
                result = aggregate([Measured(v.value, v.unit or ind.satuan or None) if v.value is not None else None
                                    for _q, v in sorted(quarters.items())], how)
                if result.defined and result.value == value.value:
                    self.preview.unchanged += 1
                    return False
                computed = plain(result.value) if result.defined else "tidak terdefinisi"
                self.error(f"tahun {self.options.year} tercatat per triwulan ({computed} menurut {how.value}); total "
                           f"tahunan {value.shown()} tidak disimpan", line, cell, role)
                return False
        return True

    def annual_budget_consistent(self, node: _Node, period: int, amount: Decimal, line, cell, role) -> bool:
        stored = self.state.budget_realisations
        if period and ((node.pk, 0) in stored or (node.ref, 0) in self.budget_reals):
            self.error(f"{ANNUAL_ONLY}; realisasi anggaran {PERIOD_LABELS[period]} tidak disimpan", line, cell, role)
            return False
        if period == 0:
            quarters = [stored[(node.pk, q)].amount for q in range(1, 5) if (node.pk, q) in stored]
            quarters += [self.budget_reals[(node.ref, q)][0] for q in range(1, 5) if (node.ref, q) in self.budget_reals]
            if quarters:
                if sum(quarters, Decimal(0)) == amount:
                    self.preview.unchanged += 1
                    return False
                self.error(f"tahun {self.options.year} tercatat per triwulan (Rp "
                           f"{format_rupiah(sum(quarters, Decimal(0)))}); total tahunan Rp {format_rupiah(amount)} "
                           "tidak disimpan", line, cell, role)
                return False
        return True

    def quarter_open(self, unit_pk: int | None, period: int, line, cell, role) -> bool:
        status = self.state.locked_quarters.get((unit_pk, period))
        if status is None:
            return True
        unit = self.state.units.get(unit_pk)
        self.error(f"{PERIOD_LABELS[period]} {self.options.year} {unit.name if unit else ''} berstatus {status}: "
                   "nilainya tidak dapat diubah lewat impor", line, cell, role)
        return False


CHILD_OF_INV = {KEGIATAN: PROGRAM, SUB: KEGIATAN, PROGRAM: PROGRAM}


def _stored_number(cell: Cell, field, kind: NumberKind) -> Decimal:
    """A spreadsheet's number cell, checked against the column it goes to. Excel holds 15 significant digits; the
    binary noise past them (0.30000000000000004) is no part of what was typed."""
    number = cell.number
    if number != 0:
        number = Decimal(f"{number:.15g}") if number.adjusted() < 15 else number
        number = Decimal(format(number, "f"))
    try:
        return values.check_stored(number, field, kind)
    except values.ValueRefused as exc:
        raise _CellError(f"{cell.text[:80]!r}: {exc.reason}; bulatkan nilainya di berkas (mis. dengan ROUND)") from None


def _descendants(node: _Node):
    for child in node.children:
        yield child
        yield from _descendants(child)


def _level_text(level: str) -> str:
    return {PROGRAM: "program", KEGIATAN: "kegiatan", SUB: "sub kegiatan"}.get(level, level)


def _partial_level(code: str, scheme: CodeScheme) -> str | None:
    """The level of a code printed without urusan and bidang: ``01`` program, ``01.2.01`` kegiatan,
    ``01.2.01.06`` sub kegiatan (pre-2020: ``27``, ``27.001``)."""
    pieces = code.split(".")
    if not all(p.isdigit() for p in pieces) or len(pieces[0]) > 2:
        return None
    if scheme is CodeScheme.PERMENDAGRI_90:
        shapes = {1: PROGRAM, 3: KEGIATAN, 4: SUB}
        level = shapes.get(len(pieces))
        if level in (KEGIATAN, SUB) and (len(pieces[1]) != 1 or len(pieces[2]) != 2):
            return None
        if level is SUB and len(pieces[3]) not in (2, 4):
            return None
        return level
    return {1: PROGRAM, 2: KEGIATAN}.get(len(pieces))


def _row_label(row: SourceRow) -> str:
    return " ".join(p for p in (row.code, row.name or row.indicator) if p)


def match(rows: list[SourceRow], state: PlanState, options: Options, sheet: str | None = None,
          progress=None) -> Preview:
    """What importing ``rows`` would create and change, compared with ``state``. ``progress(done, total,
    stage)`` is called as rows are compared."""
    if options.kind not in KINDS:
        raise ValueError(f"kind {options.kind!r}: expected one of {KINDS}")
    return _Matcher(rows, state, options, sheet).run(progress)
