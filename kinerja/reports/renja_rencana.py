"""Rencana program dan kegiatan tahun N dan prakiraan maju N+1 (REPORTS.md §B), in both printed layouts.

Layout 1 (seed 000 §4.1): no., kode, program/kegiatan, indikator, lokasi, target + satuan and pagu indikatif of
year N, catatan penting, target + satuan and pagu of the prakiraan maju N+1.
Layout 2 (seed 001 Tabel 8): the code in parts (program, kegiatan, sub kegiatan), name, indikator, target and Rp of
year N, unit kerja penanggung jawab.

Everything comes from the latest Renja revision of year N: targets of kind ``renja`` (year N) and ``forward``
(N+1), pagu of the same kinds with their lokasi and catatan. A leaf's pagu is its own; a parent's is the sum of its
children's and the agency total the sum of its programs' (RULES §5). An element is in the table when it or a
descendant has a target or a pagu of year N in that revision. Rows follow the plan's code order (kodefikasi,
RULES §10), which is the order the Renja prints; an element without a code keeps its stored position. What the
document printed (parents' pagu, the total, codes) is only compared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.engine import (
    CodeFormatError,
    CodeLevel,
    CodeScheme,
    NumberKind,
    PlanCode,
    Reason,
    Result,
    parse_code,
    sum_rupiah,
)
from kinerja.plan import models as m

from .data import ElementData, IndicatorData, ReportError, load_plan_data, plan_covering, printed_figures
from .printed import (
    CHILDREN_SUM,
    CODE_PRINTED,
    DOES_NOT_FOLLOW,
    Difference,
    Explanation,
    compare_label,
    compare_number,
)
from .renja_evaluation import Cell

REPORT = "renja-rencana"
K, RP, SATUAN = "K", "Rp", "satuan"
LAYOUTS = (1, 2)
ROW_LEVELS = (m.Level.PROGRAM, m.Level.ACTIVITY, m.Level.SUBACTIVITY)
# Identity columns: named fields of a row in JSON, not cells.
FIXED = frozenset({"no", "code", "code_program", "code_kegiatan", "code_sub", "name", "indicator"})

CODE_INCOMPLETE = _("kode tercetak tidak lengkap")
BY_CODE = _("sama dengan jumlah rincian menurut kodenya; data tersimpan menempatkan %(codes)s di bawah induk lain "
            "dari yang ditunjuk kodenya")


@dataclass(frozen=True)
class PlanColumn:
    """One official column: its number, header, the figure it shows, and the values it splits into.

    ``measures``: ``("K", "satuan")`` for a target (value and unit, as the seeds print them side by side),
    ``("Rp",)`` for a pagu, none for a text column. ``group``: the header spanning several columns.
    """

    number: str
    label: str
    figure: str
    measures: tuple[str, ...] = ()
    group: str = ""

    @property
    def fixed(self) -> bool:
        return self.figure in FIXED

    @property
    def width(self) -> int:
        """Physical columns in a spreadsheet: one per measure."""
        return max(1, len(self.measures))


def layout_columns(layout: int, year: int) -> list[PlanColumn]:
    if layout == 1:
        plan_year = _("Rencana tahun %(y)s") % {"y": year}
        forward = _("Prakiraan maju tahun %(y)s") % {"y": year + 1}
        return [
            PlanColumn("1", pgettext_lazy("nomor urut", "No"), "no"),
            PlanColumn("2", _("Kode"), "code"),
            PlanColumn("3", _("Urusan/bidang urusan pemerintahan daerah dan program/kegiatan"), "name"),
            PlanColumn("4", _("Indikator kinerja program/kegiatan"), "indicator"),
            PlanColumn("5", _("Lokasi"), "lokasi"),
            PlanColumn("6", _("Target capaian kinerja"), "target", (K, SATUAN), plan_year),
            PlanColumn("7", _("Kebutuhan dana/pagu indikatif (Rp)"), "pagu", (RP,), plan_year),
            PlanColumn("8", _("Catatan penting"), "catatan"),
            PlanColumn("9", _("Target capaian kinerja"), "forward_target", (K, SATUAN), forward),
            PlanColumn("10", _("Kebutuhan dana/pagu indikatif (Rp)"), "forward_pagu", (RP,), forward),
        ]
    code = _("Kode")
    plan_year = _("Target kinerja tahun %(y)s") % {"y": year}
    return [
        PlanColumn("1", _("Program"), "code_program", group=code),
        PlanColumn("2", _("Kegiatan"), "code_kegiatan", group=code),
        PlanColumn("3", _("Sub kegiatan"), "code_sub", group=code),
        PlanColumn("4", _("Nama program, kegiatan dan sub kegiatan"), "name"),
        PlanColumn("5", _("Indikator kinerja output/outcome"), "indicator"),
        PlanColumn("6", _("Target"), "target", (K, SATUAN), plan_year),
        PlanColumn("7", "Rp", "pagu", (RP,), plan_year),
        PlanColumn("8", _("Unit kerja perangkat daerah penanggung jawab (bidang)"), "unit"),
    ]


@dataclass(frozen=True)
class HeaderCell:
    """A header cell of the printed table: ``start`` and ``width`` in physical columns, ``row`` 0 or 1."""

    label: str
    start: int
    width: int
    row: int
    height: int


def header_cells(columns: list[PlanColumn]) -> list[HeaderCell]:
    """The merged header: a group spans its columns on the first line and each column sits under it; a column
    without a group spans both lines."""
    two_lines = any(c.group for c in columns)
    cells: list[HeaderCell] = []
    start = 0
    for index, column in enumerate(columns):
        if not column.group:
            cells.append(HeaderCell(str(column.label), start, column.width, 0, 2 if two_lines else 1))
        else:
            if index == 0 or columns[index - 1].group != column.group:
                span = 0
                for other in columns[index:]:
                    if other.group != column.group:
                        break
                    span += other.width
                cells.append(HeaderCell(str(column.group), start, span, 0, 1))
            cells.append(HeaderCell(str(column.label), start, column.width, 1, 1))
        start += column.width
    return sorted(cells, key=lambda c: (c.row, c.start))


@dataclass
class PlanRow:
    """One line of the table: an element with one of its indicators (a row per indicator), or the total."""

    kind: str  # program, kegiatan, subkegiatan, total
    node: ElementData | None = None
    indicator: IndicatorData | None = None
    depth: int = 0
    first_of_element: bool = True
    texts: dict[str, str] = field(default_factory=dict)  # figure → text (no, code, name, lokasi …)
    cells: dict[str, Cell] = field(default_factory=dict)  # figure → value (target, pagu …)
    code_difference: Difference | None = None
    printed_code: str = ""  # the code as the Renja printed it, where it reads as the stored one ("1.6.27")
    printed_texts: dict[str, str] = field(default_factory=dict)  # name, indicator as printed, where they differ

    @property
    def element(self) -> m.PlanElement | None:
        return self.node.element if self.node else None

    @property
    def is_program(self) -> bool:
        return self.kind == m.Level.PROGRAM

    def values(self, column: PlanColumn) -> list[Decimal | str | None]:
        """The column's values, one per physical column: a target's value and satuan, a pagu, a text."""
        if not column.measures:
            return [self.texts.get(column.figure) or None]
        cell = self.cells.get(column.figure, Cell())
        return [cell.unit if measure == SATUAN else cell.value for measure in column.measures]

    def cell(self, column: PlanColumn) -> Cell | None:
        return self.cells.get(column.figure) if column.measures else None


@dataclass
class RencanaTable:
    agency: m.Agency
    plan: m.StrategicPlan
    year: int
    layout: int
    columns: list[PlanColumn]
    rows: list[PlanRow]
    total: PlanRow
    revision: m.Revision

    @property
    def forward_year(self) -> int:
        return self.year + 1

    @property
    def revisions(self) -> dict[str, m.Revision]:
        return {"renja": self.revision}

    def column_of(self, figure: str) -> PlanColumn | None:
        return next((c for c in self.columns if c.figure == figure), None)

    def number_of(self, figure: str) -> str:
        column = self.column_of(figure)
        return column.number if column else figure

    def differences(self):
        """(row or None for the table, column number, measure, difference) for every printed figure that differs."""
        code_column = self.number_of("code" if self.layout == 1 else "code_program")
        for row in [*self.rows, self.total]:
            for figure, cell in row.cells.items():
                if cell.difference is not None:
                    yield (row if row.node else None), self.number_of(figure), RP, cell.difference
            if row.code_difference is not None:
                yield row, code_column, "", row.code_difference


# -- building ------------------------------------------------------------------------------------------------------


def _parsed(code: str, scheme: CodeScheme) -> PlanCode | None:
    if not code:
        return None
    try:
        return parse_code(code, scheme)
    except CodeFormatError:
        return None


def _target_cell(ind: IndicatorData, revision: m.Revision, kind: str, year: int) -> Cell:
    stored = ind.target(revision, kind, year)
    if stored is None:
        return Cell(unit=ind.indicator.satuan or None)
    return Cell(value=stored.category or stored.value, unit=stored.spelled or stored.unit)


def compare_code(code: str, printed: str, scheme: CodeScheme) -> Difference | None:
    """The printed code against the stored one. Seed 001 prints a code in cells (``0 4 | 2.0 1. | 0 1``: program,
    kegiatan, sub kegiatan, letter-spaced); a cell left empty makes the code incomplete, not wrong."""
    if not printed:
        return None
    stored = _parsed(code, scheme)
    read = _parsed(printed, scheme)
    if stored is not None and read is not None and read.text == stored.text:
        return None
    if stored is not None and "|" in printed:
        pieces = ["".join(piece.split()).rstrip(".") for piece in printed.split("|")]
        pieces = [p for p in pieces if p]
        expected = list(stored.parts[2:])  # program, kegiatan, sub kegiatan
        widths = [len(p) for p in expected]
        normalised = [p.zfill(w) if p.isdigit() else p for p, w in zip(pieces, widths, strict=False)]
        if normalised == expected:
            return None
        if len(normalised) < len(expected) and normalised == expected[:len(normalised)]:
            return Difference(printed, printed, code, str(CODE_INCOMPLETE))
    return compare_label(code or None, printed, str(CODE_PRINTED))


def build_rencana(agency: m.Agency, year: int, *, layout: int | None = None) -> RencanaTable:
    layout = layout or agency.evaluation_layout
    if layout not in LAYOUTS:
        raise ReportError(f"Tata letak {layout!r} tidak dikenal: pilih 1 atau 2")
    plan = plan_covering(agency, year)
    data = load_plan_data(agency, plan, through_year=year)
    revision = data.latest_revision(m.Revision.Document.RENJA, year)
    if revision is None:
        raise ReportError(f"Belum ada Renja {year} untuk {agency.slug}: tidak ada rencana tahun itu")
    printed = printed_figures(agency, REPORT, year)
    scheme = CodeScheme(plan.code_scheme)
    renja, forward = m.PlanKind.RENJA, m.PlanKind.FORWARD

    included: dict[int, bool] = {}

    def include(node: ElementData) -> bool:
        children = [include(child) for child in node.children]
        own = node.budget(revision, renja, year) is not None or any(
            ind.target(revision, renja, year) is not None for ind in node.indicators)
        included[node.element.pk] = own or any(children)
        return included[node.element.pk]

    for root in data.roots:
        include(root)

    codes = {pk: _parsed(node.element.code, scheme) for pk, node in data.by_pk.items()}

    def order(node: ElementData):
        code = codes[node.element.pk]
        return (0, code.parts, node.element.position) if code else (1, (), node.element.position)

    def row_children(node: ElementData) -> list[ElementData]:
        return sorted((c for c in node.children if included[c.element.pk] and c.element.level in ROW_LEVELS),
                      key=order)

    pagu_cache: dict[tuple[int, str], Decimal | None] = {}

    def pagu(node: ElementData, kind: str) -> Decimal | None:
        key = (node.element.pk, kind)
        if key not in pagu_cache:
            children = row_children(node)
            amount_year = year if kind == renja else year + 1
            pagu_cache[key] = (sum_rupiah(pagu(c, kind) for c in children) if children
                               else node.budget(revision, kind, amount_year))
        return pagu_cache[key]

    # Rows in the table, by the code of their parent: what a printed parent adds up when it goes by codes.
    by_parent_code: dict[str, list[ElementData]] = defaultdict(list)
    for node in data.by_pk.values():
        code = codes[node.element.pk]
        if included[node.element.pk] and node.element.level in ROW_LEVELS and code and code.parent():
            by_parent_code[code.parent().text].append(node)

    def explanations(node: ElementData) -> tuple[Explanation, ...]:
        code = codes[node.element.pk]
        if code is None:
            return ()
        by_code = by_parent_code.get(code.text, [])
        stored = row_children(node)
        moved = {c.element.pk for c in by_code} ^ {c.element.pk for c in stored}
        if not by_code or not moved:
            return ()
        names = ", ".join(sorted(data.by_pk[pk].element.code or data.by_pk[pk].element.key for pk in moved))
        return (Explanation(sum_rupiah(pagu(c, renja) for c in by_code) or Decimal(0),
                            str(BY_CODE) % {"codes": names}),)

    def compared(amount: Decimal | None, text: str, is_parent: bool, node: ElementData | None) -> Cell:
        cell = Cell(value=amount)
        if not text:
            return cell
        cell.printed = text
        result = Result.of(amount) if amount is not None else Result.undefined(Reason.NO_BUDGET)
        difference = compare_number(result, text, NumberKind.RUPIAH, explanations(node) if node else ())
        if difference is not None and is_parent and difference.cause == DOES_NOT_FOLLOW:
            difference = Difference(difference.printed, difference.printed_value, difference.computed,
                                    str(CHILDREN_SUM))
        cell.difference = difference
        return cell

    def code_texts(node: ElementData) -> dict[str, str]:
        element = node.element
        code = codes[element.pk]
        if code is None:
            return {"code": element.code, "code_program": element.code}
        program = code
        while program.level not in (CodeLevel.PROGRAM, CodeLevel.BIDANG, CodeLevel.URUSAN) and program.parent():
            program = program.parent()
        parts = code.parts
        return {
            "code": element.code,
            "code_program": program.text,
            "code_kegiatan": parts[3] if len(parts) > 3 else "",
            "code_sub": parts[4] if len(parts) > 4 else "",
        }

    rows: list[PlanRow] = []
    number = 0

    def add(node: ElementData, depth: int) -> None:
        nonlocal number
        element = node.element
        is_program = element.level == m.Level.PROGRAM
        if is_program:
            number = 0
        elif depth == 1:
            number += 1
        children = row_children(node)
        lokasi, catatan = node.budget_place(revision, renja, year)
        indicators = [ind for ind in node.indicators
                      if ind.target(revision, renja, year) is not None
                      or ind.target(revision, forward, year + 1) is not None] or [None]
        for position, ind in enumerate(indicators):
            first = position == 0
            row = PlanRow(kind=element.level, node=node, indicator=ind, depth=depth, first_of_element=first)
            row.texts["indicator"] = ind.indicator.name if ind else ""
            # The Renja's own wording where it prints one (an element first stored from an earlier table: seed
            # 000's "Program Pelayanan Administrasi perkantoran", code "1.6.27"): shown on the page and in JSON;
            # CSV and XLSX keep the stored wording, which an import reads back unchanged.
            if ind is not None:
                row.printed_texts["indicator"] = printed.get((element.pk, ind.indicator.pk, "indicator", ""), "")
            if first:
                row.texts.update(code_texts(node))
                row.printed_code = printed.get((element.pk, None, "code", ""), "")
                row.printed_texts["name"] = printed.get((element.pk, None, "name", ""), "")
                row.texts.update({
                    "no": str(number) if depth == 1 else "",
                    "name": element.name,
                    "lokasi": lokasi,
                    "catatan": catatan,
                    "unit": element.unit.name if element.unit else "",
                })
                row.cells["pagu"] = compared(pagu(node, renja), printed.get((element.pk, None, "pagu", RP), ""),
                                             bool(children), node)
                row.cells["forward_pagu"] = Cell(value=pagu(node, forward))
                row.code_difference = compare_code(element.code, printed.get((element.pk, None, "code", ""), ""),
                                                   scheme)
            if ind is not None:
                row.cells["target"] = _target_cell(ind, revision, renja, year)
                row.cells["forward_target"] = _target_cell(ind, revision, forward, year + 1)
            rows.append(row)
        for child in children:
            add(child, depth + 1)

    programs = sorted((node for node, _depth in data.walk()
                       if node.element.level == m.Level.PROGRAM and included[node.element.pk]), key=order)
    for program in programs:
        add(program, 0)

    total = PlanRow(kind="total", texts={"name": str(_("Jumlah"))})
    total.cells["pagu"] = compared(sum_rupiah(pagu(p, renja) for p in programs),
                                   printed.get((None, None, "pagu", RP), ""), True, None)
    total.cells["forward_pagu"] = Cell(value=sum_rupiah(pagu(p, forward) for p in programs))
    return RencanaTable(agency=agency, plan=plan, year=year, layout=layout, columns=layout_columns(layout, year),
                        rows=rows, total=total, revision=revision)
