"""Perjanjian Kinerja of year N (REPORTS.md §G), from the stored PK revision.

Part 2.4 (seed 003 Tabel 2.4): no., sasaran, indikator kinerja utama, satuan, target — every sasaran and indicator
with a target in the latest PK revision of N, in the plan's order. Part 2.5 (Tabel 2.5): the IKU among them with the
data awal (realisation of N−1, RULES §2), the PK target of N and the Renstra target of N. ``--layout 2`` gives Tabel
2.5 alone. The plan is the Renstra period holding the PK of N (``plan_covering(…, document="pk")``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kinerja.plan import models as m

from .data import ReportError, load_plan_data, plan_covering, printed_figures, years_held
from .document_figures import cell_of, compare, ratio_numbers, realisation, stored_cell
from .document_tables import NUMBER, DocCell, DocumentTable, Part, PartColumn, PartRow

REPORT = "pk"
LAYOUTS = (1, 2)


def build_pk(agency: m.Agency, year: int, *, layout: int | None = None) -> DocumentTable:
    layout = layout or 1
    if layout not in LAYOUTS:
        raise ReportError(f"Tata letak {layout!r} tidak dikenal: 1 (Tabel 2.4 dan 2.5) atau 2 (Tabel 2.5 saja)")
    plan = plan_covering(agency, year, m.Revision.Document.PK)
    data = load_plan_data(agency, plan, through_year=year)
    pk = data.latest_revision(m.Revision.Document.PK, year)
    if pk is None:
        raise ReportError(f"Belum ada Perjanjian Kinerja {year} untuk {agency.slug}. "
                          f"Yang ada: {years_held(agency, m.Revision.Document.PK)}")
    renstra = data.latest_revision(m.Revision.Document.RENSTRA)
    printed = printed_figures(agency, REPORT, year)
    rows = [(node, ind) for node, _depth in data.walk() for ind in node.indicators
            if ind.target(pk, m.PlanKind.PK, year) is not None]

    agreement = Part("2.4", _("Perjanjian kinerja tahun %(y)s") % {"y": year}, [
        PartColumn("1", _("No.")), PartColumn("2", _("Sasaran kegiatan")),
        PartColumn("3", _("Indikator kinerja utama")), PartColumn("4", _("Satuan")),
        PartColumn("5", _("Target"), NUMBER)])
    number, seen = 0, set()
    for node, ind in rows:
        first = node.element.pk not in seen
        seen.add(node.element.pk)
        number += first
        target = stored_cell(ind.target(pk, m.PlanKind.PK, year))
        cells = {"1": DocCell(value=str(number) if first else None),
                 "2": DocCell(value=node.element.name if first else None), "3": DocCell(value=ind.indicator.name),
                 "4": DocCell(value=ind.indicator.satuan or None), "5": target}
        agreement.rows.append(PartRow("indicator", node.element.key, node.element.level,
                                      indicator=ind.indicator.name, cells=cells, extra={"iku": ind.indicator.is_iku}))

    iku = Part("2.5", _("Perbandingan perjanjian kinerja tahun %(y)s untuk indikator kinerja utama (IKU) dengan "
                        "data awal capaian tahun %(p)s dan target tahun %(y)s") % {"y": year, "p": year - 1}, [
        PartColumn("1", _("No.")), PartColumn("2", _("Indikator sasaran")), PartColumn("3", _("Satuan")),
        PartColumn("4", _("Data awal capaian (%(p)s)") % {"p": year - 1}, NUMBER),
        PartColumn("5", _("Target %(y)s") % {"y": year}, NUMBER),
        PartColumn("6", _("Target Renstra %(y)s") % {"y": year}, NUMBER)],
        note=_("Data awal: realisasi tahun %(p)s menurut jenis agregasi indikator.") % {"p": year - 1})
    for index, (node, ind) in enumerate([(n, i) for n, i in rows if i.indicator.is_iku], start=1):
        cells = {"1": DocCell(value=str(index)), "2": DocCell(value=ind.indicator.name),
                 "3": DocCell(value=ind.indicator.satuan or None),
                 "4": cell_of(realisation(ind, year - 1)), "5": stored_cell(ind.target(pk, m.PlanKind.PK, year)),
                 "6": stored_cell(ind.target(renstra, m.PlanKind.RENSTRA, year))}
        for column in ("4", "5", "6"):
            compare(cells[column], printed.get((node.element.pk, ind.indicator.pk, f"2.5:{column}", ""), ""),
                    label=ind.is_category)
        iku.rows.append(PartRow("indicator", node.element.key, node.element.level, indicator=ind.indicator.name,
                                cells=cells, extra=ratio_numbers(ind, year - 1)))
    return DocumentTable(
        report=REPORT, title=_("Perjanjian Kinerja tahun %(y)s") % {"y": year}, agency=agency, plan=plan, year=year,
        parts=[agreement, iku] if layout == 1 else [iku], revisions={"pk": pk, "renstra": renstra})
