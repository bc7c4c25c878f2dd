"""Indikator Kinerja Utama (REPORTS.md §I, seed 004): the IKU of the Renstra period covering year N.

Columns as seed 004 prints them: no., sasaran strategis daerah, IKU daerah, sasaran OPD, indikator sasaran perangkat
daerah, penjelasan/formulasi perhitungan, sumber data, program, penanggung jawab. Per sasaran: its own IKU first
(column 8 lists the sasaran's programs from the plan), then the IKU of its programs, numbered. Columns 5–9 come from
the stored plan (indicator, formula, data source, program, responsible unit — the agency where the indicator has
none); the RPJMD columns 2–3 are not part of the agency's plan and are shown as the document printed them. Every text
the document printed is kept beside the stored one (``printed`` in JSON). The plan: ``plan_covering`` (the period
holding the Renja of N, else the one covering N).
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
        for column in ("2", "3", "4", "5", "8", "9"):
            text = printed.get((node.element.pk, indicator.pk, column), "")
            if text:
                cell = cells.setdefault(column, DocCell())
                cell.printed = text
                if column in ("2", "3"):
                    cell.value = text  # the RPJMD's sasaran and IKU: only the document holds them
        extra = {"satuan": indicator.satuan or None, "numerator_name": indicator.numerator_name or None,
                 "denominator_name": indicator.denominator_name or None,
                 "factor": format(indicator.factor.normalize(), "f") if indicator.numerator_name else None}
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
                row.cells["4"] = DocCell(value=node.element.name, printed=row.cell("4").printed)
            part.rows.append(row)
        for number, (program, ind) in enumerate(under, start=1):
            part.rows.append(line(program, ind, str(number), program.element.name))
    if not part.rows:
        raise ReportError(f"Tidak ada IKU tersimpan untuk {agency.slug} pada Renstra {plan.first_year}–"
                          f"{plan.last_year}")
    return DocumentTable(report=REPORT, title=_("Indikator Kinerja Utama (IKU)"), agency=agency, plan=plan,
                         year=year, parts=[part], revisions={"renstra": data.latest_revision("renstra")})
