"""Usulan (aspirasi) masyarakat (REPORTS.md §D): the community proposals the agency reviewed for the plan year, as
printed (seed 001 Tabel 4, seed 000 §3.5), with whether each was taken up read as data.

Columns: 1 no., 2 program/kegiatan/usulan, 3 lokasi, 4 indikator kinerja, 5 besaran/volume (value and satuan),
6 pagu, 7 catatan as printed; 8 diakomodir (ya / tidak / sebagian, empty where the document does not say).
Heading lines (program, kegiatan) carry no values. The total line sums the pagu of every line (RULES §5); the
summary counts the proposals by status and sums the pagu of those taken up.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.plan import models as m

from .data import ReportError, plan_covering
from .official import RP, SATUAN, K, OfficialTable, TableColumn, TableRow, renja_source
from .printed import with_printed_numbers
from .renja_evaluation import Cell

REPORT = "usulan"


def columns() -> list[TableColumn]:
    return [
        TableColumn("1", str(pgettext_lazy("nomor urut", "No")), "no"),
        TableColumn("2", str(_("Program/kegiatan/usulan")), "name"),
        TableColumn("3", str(_("Lokasi")), "location"),
        TableColumn("4", str(_("Indikator kinerja")), "indicator"),
        TableColumn("5", str(_("Besaran/volume")), "volume", (K, SATUAN)),
        TableColumn("6", str(_("Pagu (Rp)")), "pagu", (RP,)),
        TableColumn("7", str(_("Catatan")), "note"),
        TableColumn("8", str(_("Diakomodir")), "accommodated"),
    ]


def build_usulan(agency: m.Agency, year: int) -> OfficialTable:
    lines = list(m.Proposal.objects.filter(agency=agency, year=year).select_related("element").order_by("position"))
    if not lines:
        years = sorted(set(m.Proposal.objects.filter(agency=agency).values_list("year", flat=True)))
        raise ReportError(f"Belum ada usulan masyarakat {year} untuk {agency.slug}. "
                          f"Yang ada: {', '.join(map(str, years)) or '(belum ada)'}")
    plan = plan_covering(agency, year)
    key_of: dict[int, str] = {}
    depth_of: dict[str, int] = {}
    numbers: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    rows: list[TableRow] = []
    status_label = dict(m.Proposal.Accommodated.choices)
    for line in lines:
        key = line.key
        is_first = key not in seen
        seen.add(key)
        key_of.setdefault(line.pk, key)
        parent_key = key_of.get(line.parent_id)
        depth = depth_of.setdefault(key, depth_of.get(parent_key, -1) + 1 if parent_key else 0)
        element = line.element
        row = TableRow(kind=line.level or "indikator", key=key, depth=depth, info={
            "level": line.level or None,
            "code": element.code if element else None,
            "element": element.key if element else None,
            "name": line.name if is_first else "",
            "indicator": line.indicator or None,
            "accommodated": line.accommodated or None,
        })
        number = ""
        if is_first and parent_key and line.level in (m.OfficialRowLevel.ACTIVITY, m.OfficialRowLevel.PROPOSAL):
            numbers[parent_key] += 1
            number = str(numbers[parent_key])
        row.text("no", number)
        row.text("name", line.name)
        row.text("location", line.location)
        row.text("indicator", line.indicator)
        row.cells[("volume", K)] = Cell(value=line.volume_value if line.volume_value is not None
                                        else (line.volume_text if not line.volume_unit else None))
        row.cells[("volume", SATUAN)] = Cell(value=line.volume_unit or None)
        row.cells[("pagu", RP)] = Cell(value=line.pagu)
        row.text("note", line.note)
        row.text("accommodated", str(status_label[line.accommodated]) if line.accommodated else "")
        rows.append(row)

    amounts = [line.pagu for line in lines if line.pagu is not None]
    total = TableRow(kind="total", key="TOTAL", info={"name": str(_("Jumlah"))})
    total.text("name", str(_("Jumlah")))
    total.cells[("pagu", RP)] = Cell(value=sum(amounts, Decimal(0)) if amounts else None)
    firsts: list[m.Proposal] = []  # one line per key (a repeated key adds an indicator), in order
    for line in lines:
        if all(line.key != other.key for other in firsts):
            firsts.append(line)
    # The proposals are the lines of level usulan; a table without them (seed 000 §3.5 lists the agency's own
    # kegiatan) counts its kegiatan and sub kegiatan.
    proposals = [line for line in firsts if line.level == m.OfficialRowLevel.PROPOSAL] or [
        line for line in firsts if line.level in (m.OfficialRowLevel.ACTIVITY, m.OfficialRowLevel.SUBACTIVITY)]
    by_status: dict[str, int] = defaultdict(int)
    for line in proposals:
        by_status[line.accommodated or "tidak dinyatakan"] += 1
    accommodated = [line.pagu for line in proposals if line.accommodated == m.Proposal.Accommodated.YES
                    and line.pagu is not None]
    summary = {
        "proposals": len(proposals),
        "by_status": dict(sorted(by_status.items())),
        "pagu": f"{sum(amounts, Decimal(0)):.2f}" if amounts else None,
        "pagu_accommodated": f"{sum(accommodated, Decimal(0)):.2f}" if accommodated else None,
    }
    return OfficialTable(
        report=REPORT, title=str(_("Usulan (aspirasi) masyarakat %(y)s") % {"y": year}), agency=agency, plan=plan,
        year=year, columns=with_printed_numbers(agency, REPORT, year, columns()), rows=rows, total=total,
        summary=summary, source=renja_source(agency, year),
    )
