"""Review terhadap rancangan awal RKPD (REPORTS.md §C): the rancangan awal beside the agency's hasil analisis
kebutuhan, line by line as the document prints it (seed 000 §2.4, seed 001 Tabel 3).

Columns: 1 no., 2 kode; rancangan awal RKPD: 3 urusan/bidang/program/kegiatan, 4 indikator kinerja, 5 lokasi,
6 target capaian kinerja (value and satuan), 7 kebutuhan dana/pagu indikatif; hasil analisis kebutuhan: 8–12 the
same; 13 catatan penting.

A leaf line's pagu is its own; a parent's (program, kegiatan with sub kegiatan, bidang, urusan) is the sum of its
children's, on each half, and the total the sum of the top lines (RULES §5). What the document printed on a parent
line or the total is compared. A line *differs* when its two halves differ in name, indicator, lokasi, target or
pagu (a half that prints no name or indicator is not compared; no pagu and nil pagu are the same); such a line is
marked, and one without a catatan penting is a finding: the review exists to explain every change (a parent whose
pagu differs only because a child's does is marked, and the note is expected on the child).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.engine import NumberKind, Reason, Result, same_unit
from kinerja.plan import models as m

from .data import ReportError, plan_covering
from .official import RP, SATUAN, K, OfficialTable, TableColumn, TableRow, renja_source
from .printed import CHILDREN_SUM, DOES_NOT_FOLLOW, Difference, compare_number, with_printed_numbers
from .renja_evaluation import Cell

REPORT = "rkpd-review"
NO_NOTE = "baris berbeda dari rancangan awal RKPD tanpa catatan penting"
FIELDS = {"name": "nama", "indicator": "indikator", "location": "lokasi", "target": "target", "pagu": "pagu"}


def columns(year: int) -> list[TableColumn]:
    draft = str(_("Rancangan awal RKPD %(y)s") % {"y": year})
    analysis = str(_("Hasil analisis kebutuhan"))
    return [
        TableColumn("1", str(pgettext_lazy("nomor urut", "No")), "no"),
        TableColumn("2", str(_("Kode")), "code"),
        TableColumn("3", str(_("Urusan/bidang urusan/program/kegiatan")), "name", group=draft),
        TableColumn("4", str(_("Indikator kinerja")), "indicator", group=draft),
        TableColumn("5", str(_("Lokasi")), "location", group=draft),
        TableColumn("6", str(_("Target capaian kinerja")), "target", (K, SATUAN), group=draft),
        TableColumn("7", str(_("Kebutuhan dana/pagu indikatif (Rp)")), "pagu", (RP,), group=draft),
        TableColumn("8", str(_("Urusan/bidang urusan/program/kegiatan")), "analysis_name", group=analysis),
        TableColumn("9", str(_("Indikator kinerja")), "analysis_indicator", group=analysis),
        TableColumn("10", str(_("Lokasi")), "analysis_location", group=analysis),
        TableColumn("11", str(_("Target capaian kinerja")), "analysis_target", (K, SATUAN), group=analysis),
        TableColumn("12", str(_("Kebutuhan dana/pagu indikatif (Rp)")), "analysis_pagu", (RP,), group=analysis),
        TableColumn("13", str(_("Catatan penting")), "note"),
    ]


def _same_text(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a).casefold() == re.sub(r"\s+", "", b).casefold()


def _target(line: m.RkpdReview, prefix: str) -> tuple[Decimal | None, str, str]:
    return (getattr(line, f"{prefix}target_value"), getattr(line, f"{prefix}target_category"),
            getattr(line, f"{prefix}target_unit"))


def _same_target(a: tuple, b: tuple) -> bool:
    (va, ca, ua), (vb, cb, ub) = a, b
    if ca or cb:
        return _same_text(ca, cb)
    if va != vb:
        return False
    return not (ua and ub) or same_unit(ua, ub)


def _nil(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def build_rkpd_review(agency: m.Agency, year: int) -> OfficialTable:
    lines = list(m.RkpdReview.objects.filter(agency=agency, year=year).select_related("element")
                 .order_by("position"))
    if not lines:
        years = sorted(set(m.RkpdReview.objects.filter(agency=agency).values_list("year", flat=True)))
        raise ReportError(f"Belum ada review rancangan awal RKPD {year} untuk {agency.slug}. "
                          f"Yang ada: {', '.join(map(str, years)) or '(belum ada)'}")
    plan = plan_covering(agency, year)
    body = [line for line in lines if line.level != m.OfficialRowLevel.TOTAL]
    total_line = next((line for line in lines if line.level == m.OfficialRowLevel.TOTAL), None)

    by_key: dict[str, list[m.RkpdReview]] = defaultdict(list)
    for line in body:
        by_key[line.key].append(line)
    first = {key: group[0] for key, group in by_key.items()}
    key_of = {line.pk: key for key, line in first.items()}
    children: dict[str, list[str]] = defaultdict(list)
    roots: list[str] = []
    for key, line in first.items():
        parent = key_of.get(line.parent_id)
        (children[parent] if parent else roots).append(key)

    cache: dict[tuple[str, str], Decimal | None] = {}

    def pagu(key: str, side: str) -> Decimal | None:
        """A leaf's pagu: the sum of its lines' (none printed → None); a parent's: the sum of its children's."""
        if (key, side) not in cache:
            if children[key]:
                cache[(key, side)] = sum((_nil(pagu(k, side)) for k in children[key]), Decimal(0))
            else:
                amounts = [getattr(line, side) for line in by_key[key] if getattr(line, side) is not None]
                cache[(key, side)] = sum(amounts, Decimal(0)) if amounts else None
        return cache[(key, side)]

    def compared(amount: Decimal | None, printed: str) -> Cell:
        cell = Cell(value=amount)
        if printed:
            cell.printed = printed
            result = Result.of(amount) if amount is not None else Result.undefined(Reason.NO_BUDGET)
            difference = compare_number(result, printed, NumberKind.RUPIAH)
            if difference is not None and difference.cause == DOES_NOT_FOLLOW:
                difference = Difference(difference.printed, difference.printed_value, difference.computed,
                                        str(CHILDREN_SUM))
            cell.difference = difference
        return cell

    rows: list[TableRow] = []
    depth_of: dict[str, int] = {}
    numbers: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    for line in body:
        key = line.key
        is_first = key not in seen
        seen.add(key)
        parent_key = key_of.get(line.parent_id)
        depth = depth_of.setdefault(key, depth_of.get(parent_key, -1) + 1 if parent_key else 0)
        element = line.element
        row = TableRow(kind=line.level or "indikator", key=key, depth=depth, info={
            "level": line.level or None,
            "code": line.code or (element.code if element else "") or None,
            "element": element.key if element else None,
            "name": line.name if is_first else "",
            "indicator": line.indicator or None,
        })
        number = ""
        if is_first and line.level in (m.OfficialRowLevel.ACTIVITY, m.OfficialRowLevel.PROPOSAL) and parent_key:
            numbers[parent_key] += 1
            number = str(numbers[parent_key])
        if is_first and line.code_printed:
            # The code as the document printed it (seed 001 Tabel 3 sets it in five cells: "1 | 6. | 01 | 2.0 1.")
            # beside the normalised one.
            row.info["code_printed"] = line.code_printed
        row.text("no", number)
        row.text("code", row.info["code"] if is_first else "")
        row.text("name", line.name)
        row.text("indicator", line.indicator)
        row.text("location", line.location)
        row.text("analysis_name", line.analysis_name)
        row.text("analysis_indicator", line.analysis_indicator)
        row.text("analysis_location", line.analysis_location)
        row.text("note", line.note)
        for figure, prefix in (("target", ""), ("analysis_target", "analysis_")):
            value, category, unit = _target(line, prefix)
            row.cells[(figure, K)] = Cell(value=category or value)
            row.cells[(figure, SATUAN)] = Cell(value=unit or None)
        parent = bool(children[key])
        if parent:
            if is_first:
                row.cells[("pagu", RP)] = compared(pagu(key, "pagu"), line.printed_pagu)
                row.cells[("analysis_pagu", RP)] = compared(pagu(key, "analysis_pagu"), line.printed_analysis_pagu)
            draft_pagu, analysis_pagu = pagu(key, "pagu"), pagu(key, "analysis_pagu")
        else:
            row.cells[("pagu", RP)] = Cell(value=line.pagu)
            row.cells[("analysis_pagu", RP)] = Cell(value=line.analysis_pagu)
            draft_pagu, analysis_pagu = line.pagu, line.analysis_pagu
        marks = []
        if line.analysis_name and line.name and not _same_text(line.name, line.analysis_name):
            marks.append(FIELDS["name"])
        if line.analysis_indicator and line.indicator and not _same_text(line.indicator, line.analysis_indicator):
            marks.append(FIELDS["indicator"])
        if line.analysis_location and line.location and not _same_text(line.location, line.analysis_location):
            marks.append(FIELDS["location"])
        if (line.target_text or line.analysis_target_text) and not _same_target(_target(line, ""),
                                                                               _target(line, "analysis_")):
            marks.append(FIELDS["target"])
        if (is_first or not parent) and _nil(draft_pagu) != _nil(analysis_pagu):
            marks.append(FIELDS["pagu"])
        row.marks = marks
        # A parent's pagu differs because a child's does: the note belongs on the child that changed.
        own = [mark for mark in marks if not (parent and mark == FIELDS["pagu"])]
        if own and not line.note:
            row.findings.append(("note", "", Difference("", None, "berbeda: " + ", ".join(own), NO_NOTE)))
        rows.append(row)

    total = TableRow(kind="total", key="TOTAL", info={"name": str(_("Jumlah"))})
    total.text("name", str(_("Jumlah")))
    total.cells[("pagu", RP)] = compared(sum((_nil(pagu(k, "pagu")) for k in roots), Decimal(0)),
                                         total_line.printed_pagu if total_line else "")
    total.cells[("analysis_pagu", RP)] = compared(sum((_nil(pagu(k, "analysis_pagu")) for k in roots), Decimal(0)),
                                                  total_line.printed_analysis_pagu if total_line else "")
    differing = [row for row in rows if row.marks]
    summary = {
        "lines": len(rows),
        "differing_lines": len(differing),
        "differing_without_note": sum(1 for row in differing if row.findings),
        "pagu": _total_text(total, "pagu"),
        "analysis_pagu": _total_text(total, "analysis_pagu"),
    }
    return OfficialTable(
        report=REPORT, title=str(_("Review terhadap rancangan awal RKPD %(y)s") % {"y": year}), agency=agency,
        plan=plan, year=year, columns=with_printed_numbers(agency, REPORT, year, columns(year)), rows=rows, total=total,
        summary=summary,
        mark_label=str(_("Berbeda dari rancangan awal")), source=renja_source(agency, year),
    )


def _total_text(total: TableRow, figure: str) -> str | None:
    value = total.cells[(figure, RP)].value
    return f"{value:.2f}" if isinstance(value, Decimal) else None
