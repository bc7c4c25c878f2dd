"""The pre-2020 → Permendagri 90/2019 code crosswalk (``kode-lama``, seed 000's annex) and, read through it, a
program's history across two Renstra periods (``riwayat-program``).

``kode-lama`` prints the annex as it is: columns 1–3 the Renja's kode SIMRAL, nomenklatur and indikator, 5–10 the
sub kegiatan, kegiatan and program of the new nomenclature with their indicators, 11 the analisis (the annex
numbers its columns 1, 2, 3, 5 … 11: there is no column 4). The printed code is shown as printed; the normalised
pre-2020 code and the Permendagri 90 program code are in each row's data. The annex's two short lists follow.

``riwayat-program``: for each program of the later period, the programs and kegiatan of the earlier period whose
lines map to it, with the figures stored for both: pagu (Renja, latest revision of each year) and the realised
budget, per year of the two periods. One old program feeds several new ones (Penanganan Fakir Miskin splits into
Pemberdayaan Sosial, Perlindungan dan Jaminan Sosial and Rehabilitasi Sosial), so the history follows the mapped
kegiatan, and an old program's figure is shown once per new program it feeds, with the kegiatan that carry it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from kinerja.engine import sum_rupiah
from kinerja.plan import models as m

from .data import ReportError
from .official import RP, OfficialTable, TableColumn, TableRow
from .renja_evaluation import Cell

REPORT = "kode-lama"
HISTORY_REPORT = "riwayat-program"


def _lines(agency: m.Agency, year: int) -> list[m.CodeCrosswalk]:
    lines = list(m.CodeCrosswalk.objects.filter(agency=agency).select_related(
        "source_plan", "target_plan", "old_element", "new_program").order_by("source_plan__first_year", "position"))
    lines = [line for line in lines if line.source_plan.covers(year) or line.target_plan.covers(year)]
    if not lines:
        raise ReportError(f"Belum ada pemetaan kode lama untuk {agency.name} yang mencakup tahun {year}")
    return lines


def columns() -> list[TableColumn]:
    renja = str(_("Renja perangkat daerah — program/kegiatan"))
    nomenclature = str(_("Nomenklatur Permendagri No. 90 Tahun 2019"))
    return [
        TableColumn("1", str(_("Kode SIMRAL")), "old_code", group=renja),
        TableColumn("2", str(_("Nomenklatur")), "old_name", group=renja),
        TableColumn("3", str(_("Indikator program/kegiatan")), "old_indicator", group=renja),
        TableColumn("5", str(_("Sub kegiatan")), "subactivity", group=nomenclature),
        TableColumn("6", str(_("Indikator (sub output)")), "subactivity_indicator", group=nomenclature),
        TableColumn("7", str(_("Kegiatan")), "activity", group=nomenclature),
        TableColumn("8", str(_("Indikator (output)")), "activity_indicator", group=nomenclature),
        TableColumn("9", str(_("Program")), "program", group=nomenclature),
        TableColumn("10", str(_("Indikator (outcome)")), "program_indicator", group=nomenclature),
        TableColumn("11", str(_("Analisis")), "analysis"),
    ]


LIST_TITLES = {
    m.CodeCrosswalk.List.NOT_IN_RENJA: _("Daftar kegiatan yang belum masuk dalam Renja tetapi tersedia dalam "
                                         "nomenklatur Permendagri 90 tahun 2019"),
    m.CodeCrosswalk.List.NOT_IN_NOMENCLATURE: _("Daftar kegiatan yang terdapat di Renja namun belum tersedia dalam "
                                                "nomenklatur Permendagri 90 tahun 2019"),
}


def build_kode_lama(agency: m.Agency, year: int) -> OfficialTable:
    lines = _lines(agency, year)
    rows: list[TableRow] = []
    current_list = m.CodeCrosswalk.List.MAPPED
    counts: dict[str, int] = defaultdict(int)
    for line in lines:
        if line.list != current_list:
            current_list = line.list
            heading = TableRow(kind="urusan", key=f"list-{line.list}", info={"name": str(LIST_TITLES[line.list])})
            heading.text("old_name", str(LIST_TITLES[line.list]))
            rows.append(heading)
        counts[line.list] += 1
        heading_line = line.old_level in (m.OfficialRowLevel.URUSAN, m.OfficialRowLevel.BIDANG)
        kind = line.old_level or ("subkegiatan" if line.list == m.CodeCrosswalk.List.MAPPED else "kegiatan")
        row = TableRow(kind=kind, key=f"{line.position}", depth=0 if kind in ("urusan", "bidang", "program") else 1,
                       info={
                           "list": line.list,
                           "level": line.old_level or None,
                           "code_printed": line.old_code_printed or None,
                           "code": line.old_code or None,
                           "element": line.old_element.key if line.old_element else None,
                           "program_code": line.program_code or None,
                           "new_program": line.new_program.key if line.new_program else None,
                       })
        if heading_line:  # printed across the row: written where the names are, so it reads as one line
            row.text("old_name", line.old_code_printed)
        else:
            row.text("old_code", line.old_code_printed or line.number)
            row.text("old_name", line.old_name)
            row.text("old_indicator", line.old_indicator)
        row.text("subactivity", line.subactivity_name)
        row.text("subactivity_indicator", line.subactivity_indicator)
        row.text("activity", line.activity_name)
        row.text("activity_indicator", line.activity_indicator)
        row.text("program", line.program_name)
        row.text("program_indicator", line.program_indicator)
        row.text("analysis", line.analysis)
        rows.append(row)
    mapped = [line for line in lines if line.list == m.CodeCrosswalk.List.MAPPED and line.old_level
              in (m.OfficialRowLevel.PROGRAM, m.OfficialRowLevel.ACTIVITY)]
    summary = {
        "lines": len(lines),
        "by_list": dict(sorted(counts.items())),
        "programs": sum(1 for line in mapped if line.old_level == m.OfficialRowLevel.PROGRAM),
        "kegiatan": sum(1 for line in mapped if line.old_level == m.OfficialRowLevel.ACTIVITY),
        "kegiatan_without_nomenclature": sum(1 for line in mapped if line.old_level == m.OfficialRowLevel.ACTIVITY
                                             and not line.program_name),
        "linked_to_old_element": sum(1 for line in lines if line.old_element_id),
    }
    first = lines[0]
    return OfficialTable(
        report=REPORT,
        title=str(_("Daftar pemetaan nomenklatur program dan kegiatan sesuai Permendagri Nomor 90 Tahun 2019")),
        agency=agency, plan=first.source_plan, year=year, columns=columns(), rows=rows, summary=summary,
        source=f"{first.source_plan.name} → {first.target_plan.name}",
    )


# -- program history -------------------------------------------------------------------------------------------------


def _budget_by_year(elements: list[m.PlanElement]) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Pagu (the latest Renja revision of each year) and realised budget (all periods of the year) of the elements
    and their descendants, per year."""
    ids: set[int] = set()
    frontier = [e.pk for e in elements]
    while frontier:
        ids.update(frontier)
        frontier = list(m.PlanElement.objects.filter(parent_id__in=frontier).exclude(pk__in=ids)
                        .values_list("pk", flat=True))
    pagu: dict[tuple[int, int], tuple[int, Decimal]] = {}
    leaves_with_children = set(m.PlanElement.objects.filter(parent_id__in=ids).values_list("parent_id", flat=True))
    for budget in m.Budget.objects.filter(element_id__in=ids, kind=m.PlanKind.RENJA).select_related("revision"):
        if budget.element_id in leaves_with_children:
            continue  # a parent's pagu is the sum of its children's (RULES §5)
        key = (budget.element_id, budget.year)
        if key not in pagu or budget.revision.number > pagu[key][0]:
            pagu[key] = (budget.revision.number, budget.amount)
    pagu_year: dict[int, list[Decimal]] = defaultdict(list)
    for (_element, year), (_number, amount) in pagu.items():
        pagu_year[year].append(amount)
    spent: dict[int, list[Decimal]] = defaultdict(list)
    for realised in m.BudgetRealisation.objects.filter(element_id__in=ids).exclude(element_id__in=leaves_with_children):
        spent[realised.year].append(realised.amount)
    return ({y: sum_rupiah(v) for y, v in pagu_year.items()}, {y: sum_rupiah(v) for y, v in spent.items()})


def program_history(program: m.PlanElement) -> dict:
    """The earlier-period programs and kegiatan mapped to ``program`` and the budget figures of both, per year."""
    lines = list(m.CodeCrosswalk.objects.filter(new_program=program).exclude(old_element=None)
                 .select_related("old_element", "old_element__parent", "source_plan").order_by("position"))
    kegiatan: dict[int, m.PlanElement] = {}
    for line in lines:
        element = line.old_element
        if element.level == m.Level.PROGRAM:
            continue
        kegiatan.setdefault(element.pk, element)
    old_programs: dict[int, list[m.PlanElement]] = defaultdict(list)
    for element in kegiatan.values():
        old_programs[element.parent_id].append(element)
    before = []
    for parent_id, elements in old_programs.items():
        parent = m.PlanElement.objects.get(pk=parent_id)
        pagu, spent = _budget_by_year(elements)
        before.append({"program": parent, "kegiatan": elements, "pagu": pagu, "realised": spent})
    pagu, spent = _budget_by_year([program])
    return {"program": program, "before": before, "pagu": pagu, "realised": spent,
            "source_plan": lines[0].source_plan if lines else None}


def history_columns(years: list[int]) -> list[TableColumn]:
    out = [
        TableColumn("1", str(_("Kode")), "code"),
        TableColumn("2", str(_("Program/kegiatan")), "name"),
        TableColumn("3", str(_("Periode Renstra")), "period"),
    ]
    for index, year in enumerate(years):
        group = str(_("Tahun %(y)s") % {"y": year})
        out.append(TableColumn(str(4 + 2 * index), str(_("Pagu (Rp)")), f"pagu_{year}", (RP,), group, year))
        out.append(TableColumn(str(5 + 2 * index), str(_("Realisasi (Rp)")), f"realised_{year}", (RP,), group,
                               year))
    return out


def build_program_history(agency: m.Agency, year: int) -> OfficialTable:
    """Every program of the Renstra covering ``year`` that the crosswalk maps an earlier program to."""
    lines = _lines(agency, year)
    targets = {line.target_plan_id for line in lines}
    programs = sorted({line.new_program for line in lines if line.new_program_id and line.old_element_id},
                      key=lambda e: e.code)
    if not programs:
        raise ReportError(f"Pemetaan kode lama {agency.name} belum menghubungkan program kedua periode")
    histories = [program_history(p) for p in programs]
    years = sorted({y for h in histories for figures in [h["pagu"], h["realised"],
                                                          *[b["pagu"] for b in h["before"]],
                                                          *[b["realised"] for b in h["before"]]] for y in figures})
    cols = history_columns(years)
    rows: list[TableRow] = []

    def figures(row: TableRow, pagu: dict[int, Decimal], spent: dict[int, Decimal]) -> None:
        for y in years:
            row.cells[(f"pagu_{y}", RP)] = Cell(value=pagu.get(y))
            row.cells[(f"realised_{y}", RP)] = Cell(value=spent.get(y))

    for history in histories:
        program = history["program"]
        plan = program.strategic_plan
        row = TableRow(kind="program", key=program.key, info={"code": program.code, "element": program.key,
                                                              "name": program.name})
        row.text("code", program.code)
        row.text("name", program.name)
        row.text("period", f"{plan.first_year}–{plan.last_year}")
        figures(row, history["pagu"], history["realised"])
        rows.append(row)
        for before in history["before"]:
            old = before["program"]
            old_plan = old.strategic_plan
            names = "; ".join(f"{k.code} {k.name}" for k in before["kegiatan"])
            sub = TableRow(kind="kegiatan", key=f"{program.key}<{old.key}", depth=1, info={
                "code": old.code, "element": old.key, "name": old.name,
                "kegiatan": [k.key for k in before["kegiatan"]]})
            sub.text("code", old.code)
            sub.text("name", str(_("%(program)s — kegiatan yang dipetakan: %(kegiatan)s"))
                     % {"program": old.name, "kegiatan": names})
            sub.text("period", f"{old_plan.first_year}–{old_plan.last_year}")
            figures(sub, before["pagu"], before["realised"])
            rows.append(sub)
    plan = next(p for p in (lines[0].target_plan,) if p.pk in targets)
    return OfficialTable(
        report=HISTORY_REPORT,
        title=str(_("Riwayat program lintas periode Renstra")), agency=agency, plan=plan, year=year, columns=cols,
        rows=rows, summary={"programs": len(programs), "years": years},
        source=f"{lines[0].source_plan.name} → {lines[0].target_plan.name}",
    )
