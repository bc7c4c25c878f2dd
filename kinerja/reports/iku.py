"""Indikator Kinerja Utama (REPORTS.md §I, seed 004): the IKU of the Renstra period covering year N.

Columns as seed 004 prints them: no., sasaran strategis daerah, IKU daerah, sasaran OPD, indikator sasaran perangkat
daerah, penjelasan/formulasi perhitungan, sumber data, program, penanggung jawab. Per sasaran: its own IKU first
(column 8 lists the sasaran's programs from the plan), then the IKU of its programs, numbered. Columns 5–9 come from
the stored plan (indicator, formula, data source, program, responsible unit — the agency where the indicator has
none); the RPJMD columns 2–3 are not part of the agency's plan and are shown as the document printed them. Where the
document printed a wording — the penanggung jawab's position ("Kepala Sub.Bagian Umum dan Ketatalaksanaan
(Sekretariat)") rather than the unit, a sasaran or indicator named as in another table — the cell shows the printed
wording (``printed`` in JSON) and the stored one is kept beside it (``stored``; the unit always as ``unit``).
The plan: ``plan_covering`` (the period holding the Renja of N, else the one covering N).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kinerja.plan import models as m

from .data import ElementData, IndicatorData, ReportError, load_plan_data, plan_covering
from .document_tables import DocCell, DocumentTable, Part, PartColumn, PartRow

REPORT = "iku"


def build_iku(agency: m.Agency, year: int) -> DocumentTable:
    plan = plan_covering(agency, year)
    data = load_plan_data(agency, plan, through_year=year)
    printed: dict[tuple[int, int | None, str], str] = {}
    for p in m.PrintedFigure.objects.filter(agency=agency, report=REPORT, element__strategic_plan=plan,
                                            year__lte=year).order_by("year"):
        printed[(p.element_id, p.indicator_id, p.column)] = p.text  # the latest document up to N
    part = Part("I", _("Indikator kinerja utama (IKU) %(agency)s") % {"agency": agency.name}, [
        PartColumn("1", _("No.")), PartColumn("2", _("Sasaran strategis daerah")),
        PartColumn("3", _("Indikator kinerja utama daerah")), PartColumn("4", _("Sasaran OPD")),
        PartColumn("5", _("Indikator sasaran perangkat daerah")),
        PartColumn("6", _("Penjelasan/formulasi perhitungan")), PartColumn("7", _("Sumber data")),
        PartColumn("8", _("Program")), PartColumn("9", _("Penanggung jawab"))])

    def line(node: ElementData, ind: IndicatorData, number: str, program: str) -> PartRow:
        indicator = ind.indicator
        cells = {
            "1": DocCell(value=number or None),
            "5": DocCell(value=indicator.name),
            "6": DocCell(value=indicator.formula or None),
            "7": DocCell(value=indicator.data_source or None),
            "8": DocCell(value=program or None),
            "9": DocCell(value=indicator.unit.name if indicator.unit else agency.name),
        }
        # The IKU is an issued document: where it printed a wording (a position, a sasaran, a name) that wording
        # is the cell, and what the plan stores (the unit, the indicator's name in the Renja) is kept beside it.
        stored: dict[str, str] = {}
        for column in ("2", "3", "4", "5", "8", "9"):
            text = printed.get((node.element.pk, indicator.pk, column), "")
            if text:
                cell = cells.setdefault(column, DocCell())
                if cell.value and cell.value != text:
                    stored[column] = cell.value
                cell.printed = text
                cell.value = text
        extra = {"satuan": indicator.satuan or None, "numerator_name": indicator.numerator_name or None,
                 "denominator_name": indicator.denominator_name or None,
                 "factor": format(indicator.factor.normalize(), "f") if indicator.numerator_name else None,
                 "unit": indicator.unit.name if indicator.unit else agency.name}
        if stored:
            extra["stored"] = stored
        return PartRow("sasaran" if node.element.level == m.Level.OBJECTIVE else "program", node.element.key,
                       node.element.level, node.element.code, indicator=indicator.name, cells=cells, extra=extra)

    def programs_under(node: ElementData) -> list[ElementData]:
        found = []
        for child in node.children:
            if child.element.level == m.Level.PROGRAM:
                found.append(child)
            else:
                found.extend(programs_under(child))
        return found

    for node, _depth in data.walk():
        if node.element.level != m.Level.OBJECTIVE:
            continue
        programs = programs_under(node)
        own = [ind for ind in node.indicators if ind.indicator.is_iku]
        under = [(p, ind) for p in programs for ind in p.indicators if ind.indicator.is_iku]
        if not own and not under:
            continue
        names = "; ".join(p.element.name for p in programs)
        for position, ind in enumerate(own):
            row = line(node, ind, "", names)
            if position == 0:
                printed_name = row.cell("4").printed
                row.cells["4"] = DocCell(value=printed_name or node.element.name, printed=printed_name)
                if printed_name and printed_name != node.element.name:
                    row.extra.setdefault("stored", {})["4"] = node.element.name
            part.rows.append(row)
        for number, (program, ind) in enumerate(under, start=1):
            part.rows.append(line(program, ind, str(number), program.element.name))
    if not part.rows:
        raise ReportError(f"Tidak ada IKU tersimpan untuk {agency.slug} pada Renstra {plan.first_year}–"
                          f"{plan.last_year}")
    return DocumentTable(report=REPORT, title=_("Indikator Kinerja Utama (IKU)"), agency=agency, plan=plan,
                         year=year, parts=[part], revisions={"renstra": data.latest_revision("renstra")})
