"""Rumusan rencana program, kegiatan dan sub kegiatan tahun N dan prakiraan maju N+1, with lokasi and sumber dana
(seed 001 Tabel 7).

Columns as printed: 1 kode, 2 urusan/bidang urusan, program, kegiatan dan sub kegiatan, 3 indikator kinerja,
4 lokasi, 5 target capaian kinerja (K, satuan), 6 kebutuhan dana/pagu indikatif (Rp), 7 sumber dana, 8 catatan
penting, 9 target and 10 pagu of the prakiraan maju. Rows, targets and pagu are the Renja rencana of the year
(``renja_rencana``: the same rows, the same sums — a parent's pagu is the sum of its children's, RULES §5); the
urusan and bidang lines above the programs sum the programs whose code they head. Lokasi and sumber dana are the
stored Tabel 7 lines (``FundingLine``), with the printed code beside the normalised one.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from kinerja.engine import NumberKind, Result, sum_rupiah
from kinerja.plan import models as m

from .data import printed_figures
from .official import RP, SATUAN, K, OfficialTable, TableColumn, TableRow
from .printed import compare_label, compare_number
from .renja_evaluation import Cell
from .renja_rencana import build_rencana

REPORT = "pendanaan"


def columns(year: int) -> list[TableColumn]:
    plan_year = str(_("Rencana tahun %(y)s") % {"y": year})
    forward = str(_("Prakiraan maju tahun %(y)s") % {"y": year + 1})
    return [
        TableColumn("1", str(_("Kode")), "code"),
        TableColumn("2", str(_("Urusan/bidang urusan pemerintahan daerah, program, kegiatan dan sub kegiatan")),
                    "name"),
        TableColumn("3", str(_("Indikator kinerja program, kegiatan dan sub kegiatan")), "indicator"),
        TableColumn("4", str(_("Lokasi")), "location", group=plan_year, year=year),
        TableColumn("5", str(_("Target capaian kinerja")), "target", (K, SATUAN), plan_year, year),
        TableColumn("6", str(_("Kebutuhan dana/pagu indikatif (Rp)")), "pagu", (RP,), plan_year, year),
        TableColumn("7", str(_("Sumber dana")), "funding", group=plan_year, year=year),
        TableColumn("8", str(_("Catatan penting")), "note"),
        TableColumn("9", str(_("Target capaian kinerja")), "forward_target", (K, SATUAN), forward, year + 1),
        TableColumn("10", str(_("Kebutuhan dana/pagu indikatif (Rp)")), "forward_pagu", (RP,), forward, year + 1),
    ]


def _target(cell: Cell | None, printed: str = "") -> tuple[Cell, Cell]:
    """The target's value and satuan cells; the satuan only beside a value (a prakiraan maju the document leaves
    empty stays empty). ``printed``: the target this table printed where it differs from the stored one."""
    if cell is None or cell.value is None:
        return Cell(), Cell()
    value = Cell(value=cell.value, reason=cell.reason, detail=cell.detail)
    if printed and isinstance(cell.value, Decimal):
        value.printed = printed
        value.difference = compare_number(Result.of(cell.value, unit=cell.unit), printed, NumberKind.COUNT)
    elif printed:
        value.printed = printed
        value.difference = compare_label(str(cell.value), printed)
    return value, Cell(value=cell.unit or None)


def build_pendanaan(agency: m.Agency, year: int) -> OfficialTable:
    # Without stored Tabel 7 lines the table is still the Renja's rencana, with the lokasi its pagu carry and no
    # sumber dana (none is held) — a Renja of any agency has this table.
    lines = list(m.FundingLine.objects.filter(agency=agency, year=year).order_by("position"))
    rencana = build_rencana(agency, year, layout=1)
    printed = printed_figures(agency, REPORT, year)
    by_element = {line.element_id: line for line in lines if line.element_id}
    heads = [line for line in lines if line.level in (m.OfficialRowLevel.URUSAN, m.OfficialRowLevel.BIDANG)]
    program_pagu = {row.element.code: row.cells.get("pagu", Cell()).value
                    for row in rencana.rows if row.first_of_element and row.kind == m.Level.PROGRAM}
    program_forward = {row.element.code: row.cells.get("forward_pagu", Cell()).value
                       for row in rencana.rows if row.first_of_element and row.kind == m.Level.PROGRAM}

    def head_row(line: m.FundingLine) -> TableRow:
        row = TableRow(kind=line.level, key=line.code, depth=0,
                       info={"level": line.level, "code": line.code, "code_printed": line.code_printed or None,
                             "name": line.name})
        row.text("code", line.code)
        row.text("name", line.name)
        row.text("location", line.location)
        row.text("funding", line.funding_source)
        under = [code for code in program_pagu if code.startswith(line.code + ".")]
        row.cells[("pagu", RP)] = Cell(value=sum_rupiah(program_pagu[c] for c in under) if under else None)
        row.cells[("forward_pagu", RP)] = Cell(value=sum_rupiah(program_forward[c] for c in under) if under else None)
        return row

    rows: list[TableRow] = []
    shown_heads: set[str] = set()
    for plan_row in rencana.rows:
        element = plan_row.element
        if plan_row.first_of_element and plan_row.kind == m.Level.PROGRAM:
            for head in heads:
                if head.code not in shown_heads and element.code.startswith(head.code + "."):
                    shown_heads.add(head.code)
                    rows.append(head_row(head))
        line = by_element.get(element.pk)
        first = plan_row.first_of_element
        row = TableRow(kind=plan_row.kind, key=element.key, depth=plan_row.depth + 1, info={
            "level": plan_row.kind, "code": element.code, "element": element.key,
            "code_printed": (line.code_printed or None) if line and first else None,
            "name": element.name if first else "",
            "indicator": plan_row.indicator.indicator.name if plan_row.indicator else None,
        })
        row.text("code", element.code if first else "")
        # Name and indicator as this table prints them where it was transcribed, else the stored ones.
        row.text("name", ((line.printed_name if line else "") or element.name) if first else "")
        row.text("indicator", (line.printed_indicator if line and first and line.printed_indicator
                               else plan_row.texts.get("indicator", "")))
        row.text("location", (line.location if line else plan_row.texts.get("lokasi", "")) if first else "")
        row.text("funding", line.funding_source if line and first else "")
        row.text("note", plan_row.texts.get("catatan", "") if first else "")
        row.cells[("target", K)], row.cells[("target", SATUAN)] = _target(
            plan_row.cells.get("target"), printed.get((element.pk, None, "5", K), "") if first else "")
        row.cells[("forward_target", K)], row.cells[("forward_target", SATUAN)] = _target(
            plan_row.cells.get("forward_target"))
        if first:
            pagu = plan_row.cells.get("pagu", Cell())
            row.cells[("pagu", RP)] = pagu
            row.cells[("forward_pagu", RP)] = Cell(value=plan_row.cells.get("forward_pagu", Cell()).value)
        rows.append(row)

    total = TableRow(kind="total", key="TOTAL", info={"name": str(_("Jumlah"))})
    total.text("name", str(_("Jumlah")))
    total.cells[("pagu", RP)] = Cell(value=rencana.total.cells["pagu"].value)
    total.cells[("forward_pagu", RP)] = Cell(value=rencana.total.cells["forward_pagu"].value)
    listed = {row.element.pk for row in rencana.rows}
    missing = [line for line in lines if line.element_id and line.element_id not in listed]
    sources = sorted({line.funding_source for line in lines if line.funding_source})
    summary = {
        "lines": len(lines),
        "stored_funding_lines": bool(lines),
        "funding_sources": sources,
        "pagu": f"{total.cells[('pagu', RP)].value or Decimal(0):.2f}",
        "without_funding_source": sum(1 for row in rows if row.kind in (m.Level.PROGRAM, m.Level.ACTIVITY,
                                                                          m.Level.SUBACTIVITY)
                                      and row.info.get("name") and not row.cell(columns(year)[6], "").value),
    }
    notes = []
    if missing:
        notes.append(str(_("%(n)s baris lokasi/sumber dana tidak mempunyai target atau pagu tahun ini")
                         % {"n": len(missing)}))
    return OfficialTable(
        report=REPORT,
        title=str(_("Rumusan rencana program, kegiatan dan sub kegiatan tahun %(y)s dan prakiraan maju tahun "
                    "%(n)s") % {"y": year, "n": year + 1}),
        agency=agency, plan=rencana.plan, year=year, columns=columns(year), rows=rows, total=total,
        revisions={"renja": rencana.revision}, notes=notes, summary=summary,
    )
