"""The strategic-context tables as catalog reports, in the official tables' shape (``kinerja.reports.official``), so
the catalog writes them in every format (JSON, CSV, XLSX, HTML, DOCX, PDF) and the web lists them like the others.

Columns carry the numbers the document prints where it prints them (seed 001 Tabel 6: 1–4, 6–11; the faktor
penghambat/pendorong table: (1)–(5)); a table printed without column numbers is numbered in reading order. Cells
hold the text as printed; a cell spanning several printed rows is written on its first row.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kinerja.plan import models as m
from kinerja.reports.data import ReportError, plan_covering
from kinerja.reports.official import RP, OfficialTable, TableColumn, TableRow
from kinerja.reports.renja_evaluation import Cell

from . import models as s
from .importer import vision_for

# name, download stem, builder: registered in kinerja.reports.catalog and listed by kinerja.web.tables.
LABELS = {
    "permasalahan": gettext_lazy("Identifikasi permasalahan pelayanan"),
    "faktor-penentu": gettext_lazy("Faktor penghambat dan pendorong pelayanan"),
    "telaahan-kebijakan": gettext_lazy("Telaahan Renstra Kementerian dan Renstra Provinsi"),
    "visi-misi": gettext_lazy("Matriks hubungan visi, misi, tujuan dan sasaran"),
    "strategi-kebijakan": gettext_lazy("Strategi dan arah kebijakan"),
    "keselarasan-program": gettext_lazy("Keselarasan program dengan indikator kinerja"),
    "keterkaitan-prioritas": gettext_lazy("Keterkaitan prioritas daerah, nasional dan provinsi"),
    "tim-penyusun": gettext_lazy("Tim penyusun Renja"),
}


PERIOD_TABLES = {"visi-misi", "strategi-kebijakan"}  # held per Renstra period, not per year


def _none(kind: str, agency: m.Agency, year: int, years) -> ReportError:
    listed = ", ".join(str(y) for y in sorted(set(years))) or _("(belum ada)")
    return ReportError(_("Belum ada tabel %(table)s %(year)s untuk %(agency)s. Yang ada: %(years)s") % {
        "table": str(LABELS[kind]).lower(), "year": year, "agency": agency.name, "years": listed})


def _column(number: int | str, label, figure: str, group="", measures: tuple[str, ...] = ()) -> TableColumn:
    return TableColumn(str(number), str(label), figure, measures, group=str(group) if group else "")


def _row(kind: str, key: str, texts: dict[str, str], **info) -> TableRow:
    row = TableRow(kind=kind, key=key, info={k: v for k, v in info.items() if v not in (None, "")})
    for figure, text in texts.items():
        row.text(figure, text)
    return row


def _table(kind: str, agency: m.Agency, year: int, columns, rows, plan=None, **extra) -> OfficialTable:
    """The table with the revision it belongs to as its source line: the Renja of the year, or for a table of the
    Renstra period its Renstra. Where the rows were transcribed or imported from stays in the database only (a
    file name or a line reference is no part of a published table)."""
    plan = plan or plan_covering(agency, year)
    extra.pop("source", None)
    document = m.Revision.Document.RENSTRA if kind in PERIOD_TABLES else m.Revision.Document.RENJA
    revisions = m.Revision.objects.filter(agency=agency, strategic_plan=plan, document=document)
    if document == m.Revision.Document.RENJA:
        revisions = revisions.filter(year=year)
    revision = revisions.order_by("-number").first()
    return OfficialTable(report=kind, title=str(LABELS[kind]), agency=agency, plan=plan, year=year, columns=columns,
                         rows=rows, revisions={document: revision} if revision else {}, **extra)


def _numbered(number: str, text: str) -> str:
    return f"{number} {text}".strip()


# -- permasalahan ----------------------------------------------------------------------------------------------


def build_problems(agency: m.Agency, year: int) -> OfficialTable:
    """Seed 000 prints aspek kajian → permasalahan (lettered items in one cell); seed 003 Tabel 1.1 prints pokok
    masalah → masalah → akar masalah. One row per item, the spanning cells on the first row of their group."""
    lines = list(s.ServiceProblem.objects.filter(agency=agency, year=year))
    if not lines:
        raise _none("permasalahan", agency, year, s.ServiceProblem.objects.filter(agency=agency)
                    .values_list("year", flat=True))
    three = any(line.problem for line in lines)
    if three:
        columns = [_column(1, _("Pokok masalah"), "aspect"), _column(2, _("Masalah"), "problem"),
                   _column(3, _("Akar masalah"), "detail")]
    else:
        columns = [_column(1, _("Aspek kajian"), "aspect"), _column(2, _("Permasalahan"), "detail")]
    rows, previous = [], None
    for line in lines:
        group = (line.aspect, line.problem)
        first = group != previous
        previous = group
        texts = {"aspect": line.aspect if first else "", "detail": _numbered(line.number, line.detail)}
        if three:
            texts["problem"] = line.problem if first else ""
        rows.append(_row("permasalahan", f"{line.position + 1}", texts, aspect=line.aspect,
                         problem=line.problem, number=line.number, detail=line.detail))
    return _table("permasalahan", agency, year, columns, rows, source=lines[0].source)


# -- faktor penghambat dan pendorong ---------------------------------------------------------------------------


def build_factors(agency: m.Agency, year: int) -> OfficialTable:
    lines = list(s.DeterminingFactor.objects.filter(agency=agency, year=year).select_related("element"))
    if not lines:
        raise _none("faktor-penentu", agency, year, s.DeterminingFactor.objects.filter(agency=agency)
                    .values_list("year", flat=True))
    factor = _("Faktor")
    columns = [
        _column(1, pgettext_lazy("nomor urut", "No"), "no"),
        _column(2, _("Misi dan program KDH dan wakil KDH terpilih"), "subject"),
        _column(3, _("Permasalahan pelayanan SKPD"), "problem"),
        _column(4, _("Penghambat"), "inhibiting", factor),
        _column(5, _("Pendorong"), "driving", factor),
    ]
    rows = [
        _row(line.kind, f"{line.position + 1}",
             {"no": line.number, "subject": line.subject, "problem": line.problem, "inhibiting": line.inhibiting,
              "driving": line.driving},
             code=line.element.code if line.element else None, element=line.element.key if line.element else None)
        for line in lines
    ]
    return _table("faktor-penentu", agency, year, columns, rows, source=lines[0].source)


# -- telaahan Renstra K/L dan provinsi -------------------------------------------------------------------------


def build_reviews(agency: m.Agency, year: int) -> OfficialTable:
    """Both printed tables in one: a heading row names the Renstra reviewed, its sasaran follow."""
    lines = list(s.PolicyReview.objects.filter(agency=agency, year=year))
    if not lines:
        raise _none("telaahan-kebijakan", agency, year, s.PolicyReview.objects.filter(agency=agency)
                    .values_list("year", flat=True))
    columns = [
        _column(1, pgettext_lazy("nomor urut", "No"), "no"),
        _column(2, _("Sasaran jangka menengah Renstra"), "target"),
        _column(3, _("Permasalahan pelayanan SKPD"), "problem"),
        _column(4, _("Faktor penghambat"), "inhibiting"),
        _column(5, _("Faktor pendorong"), "driving"),
    ]
    rows, document = [], None
    for line in lines:
        if line.document != document:
            document = line.document
            rows.append(_row("dokumen", line.level, {"target": line.document}, level=line.level,
                             document=line.document))
        rows.append(_row("sasaran", f"{line.position + 1}",
                         {"no": line.number, "target": line.target, "problem": line.problem,
                          "inhibiting": line.inhibiting, "driving": line.driving},
                         level=line.level, document=line.document))
    return _table("telaahan-kebijakan", agency, year, columns, rows, source=lines[0].source)


# -- visi, misi, tujuan dan sasaran ----------------------------------------------------------------------------


def _indicators(element: m.PlanElement) -> str:
    return "\n".join(i.name for i in element.indicators.all())


def build_vision(agency: m.Agency, year: int) -> OfficialTable:
    """Tabel 2.1: the Kepala Daerah's visi (first row), then each misi the agency serves with its tujuan and their
    sasaran, tujuan and sasaran read from the stored Renstra with their indicators."""
    plan = plan_covering(agency, year)
    vision = vision_for(agency, year)
    goals = list(s.MissionGoal.objects.filter(strategic_plan=plan).select_related("mission", "goal"))
    if vision is None or not goals:
        raise ReportError(_("Belum ada visi, misi dan tujuan yang relevan untuk %(agency)s pada %(plan)s") % {
            "agency": agency.name, "plan": plan})
    tujuan, sasaran = _("Tujuan"), _("Sasaran")
    columns = [
        _column(1, _("Misi yang relevan"), "mission"),
        _column(2, _("Uraian"), "goal", tujuan), _column(3, _("Indikator kinerja"), "goal_indicator", tujuan),
        _column(4, _("Uraian"), "objective", sasaran),
        _column(5, _("Indikator kinerja"), "objective_indicator", sasaran),
    ]
    rows = [_row("visi", "visi", {"mission": _("Visi: “%(visi)s”") % {"visi": vision.text}}, vision=vision.text)]
    for link in goals:
        objectives = list(link.goal.children.filter(level=m.Level.OBJECTIVE).prefetch_related("indicators")) or [None]
        for index, objective in enumerate(objectives):
            first = index == 0
            rows.append(_row(
                "tujuan" if first else "sasaran", objective.key if objective else link.goal.key,
                {"mission": link.label if first else "", "goal": link.goal.name if first else "",
                 "goal_indicator": _indicators(link.goal) if first else "",
                 "objective": objective.name if objective else "",
                 "objective_indicator": _indicators(objective) if objective else ""},
                mission=link.mission.number, goal=link.goal.key, objective=objective.key if objective else None))
    summary = {"visi": vision.text, "periode": f"{vision.first_year}–{vision.last_year}",
               "misi": [{"no": x.number, "uraian": x.text} for x in vision.missions.all()]}
    return _table("visi-misi", agency, year, columns, rows, plan=plan, summary=summary, source=goals[0].source)


# -- strategi dan arah kebijakan -------------------------------------------------------------------------------


def build_strategies(agency: m.Agency, year: int) -> OfficialTable:
    plan = plan_covering(agency, year)
    strategies = list(s.Strategy.objects.filter(strategic_plan=plan).select_related("element")
                      .prefetch_related("directions"))
    if not strategies:
        raise ReportError(_("Belum ada strategi dan arah kebijakan untuk %(agency)s pada %(plan)s") % {
            "agency": agency.name, "plan": plan})
    columns = [_column(1, pgettext_lazy("nomor urut", "No."), "no"), _column(2, _("Strategi"), "strategy"),
               _column(3, _("Arah kebijakan"), "direction")]
    rows = []
    for strategy in strategies:
        directions = list(strategy.directions.all()) or [None]
        for index, direction in enumerate(directions):
            first = index == 0
            rows.append(_row(
                "strategi" if first else "arah", f"{strategy.number}.{direction.number if direction else ''}",
                {"no": strategy.number if first else "", "strategy": strategy.text if first else "",
                 "direction": _numbered(direction.number, direction.text) if direction else ""},
                strategy=strategy.text, element=strategy.element.key if strategy.element else None))
    return _table("strategi-kebijakan", agency, year, columns, rows, plan=plan, source=strategies[0].source)


# -- keselarasan program ---------------------------------------------------------------------------------------


def build_alignments(agency: m.Agency, year: int) -> OfficialTable:
    lines = list(s.ProgramAlignment.objects.filter(agency=agency, year=year).select_related("objective", "program"))
    if not lines:
        raise _none("keselarasan-program", agency, year, s.ProgramAlignment.objects.filter(agency=agency)
                    .values_list("year", flat=True))
    columns = [_column(1, _("Sasaran strategis"), "objective"), _column(2, _("Indikator kinerja"), "indicator"),
               _column(3, _("Program"), "program")]
    rows, previous = [], None
    for line in lines:
        first = (line.objective_text, line.indicator_text) != previous
        previous = (line.objective_text, line.indicator_text)
        rows.append(_row(
            "program", f"{line.position + 1}",
            {"objective": line.objective_text if first else "", "indicator": line.indicator_text if first else "",
             "program": line.program_text},
            objective=line.objective.key if line.objective else None,
            code=line.program.code if line.program else None))
    return _table("keselarasan-program", agency, year, columns, rows, source=lines[0].source)


# -- keterkaitan prioritas -------------------------------------------------------------------------------------


def build_priorities(agency: m.Agency, year: int) -> OfficialTable:
    """Seed 001 Tabel 6, its printed column numbers (1–4, 6–11: the document skips 5) and the pagu per sub
    kegiatan; the summary gives their sum."""
    lines = list(s.PriorityLink.objects.filter(agency=agency, year=year).select_related("program", "subactivity"))
    if not lines:
        raise _none("keterkaitan-prioritas", agency, year, s.PriorityLink.objects.filter(agency=agency)
                    .values_list("year", flat=True))
    # The RPJMN runs in fixed five-year periods (2020–2024, 2025–2029, …): the one the plan year falls in.
    first = 2005 + 5 * ((year - 2005) // 5)
    rpjmn = _("RPJMN %(first)s-%(last)s") % {"first": first, "last": first + 4}
    rkpd = _("RKPD %(year)s") % {"year": year}
    columns = [
        _column(1, pgettext_lazy("nomor urut", "No"), "no"),
        _column(2, _("Kode (PN/PP)"), "priority_code"),
        _column(3, _("Prioritas nasional/program prioritas"), "national", rpjmn),
        _column(4, _("Prioritas provinsi"), "provincial", rpjmn),
        _column(6, _("Bidang urusan"), "affair", rkpd),
        _column(7, _("Program"), "program", rkpd),
        _column(8, _("Kegiatan"), "activity", rkpd),
        _column(9, _("Sub kegiatan"), "subactivity", rkpd),
        _column(10, _("Pagu sub kegiatan"), "pagu", rkpd, (RP,)),
        _column(11, _("Keterangan"), "note", rkpd),
    ]
    rows = []
    for line in lines:
        row = _row("subkegiatan", f"{line.position + 1}",
                   {"no": line.number, "priority_code": line.priority_code, "national": line.national_priority,
                    "provincial": line.provincial_priority, "affair": line.affair_text, "program": line.program_text,
                    "activity": line.activity_text, "subactivity": line.subactivity_text, "note": line.note},
                   code=line.subactivity.code if line.subactivity else None,
                   program=line.program.code if line.program else None)
        row.cells[("pagu", RP)] = Cell(value=line.pagu)
        rows.append(row)
    total = sum((line.pagu for line in lines if line.pagu is not None), Decimal(0))
    return _table("keterkaitan-prioritas", agency, year, columns, rows, source=lines[0].source,
                  summary={"pagu": f"{total:.2f}", "subkegiatan": len(lines)})


# -- tim penyusun ----------------------------------------------------------------------------------------------


def build_team(agency: m.Agency, year: int) -> OfficialTable:
    team = s.DraftingTeam.objects.filter(agency=agency, year=year).first()
    if team is None:
        raise _none("tim-penyusun", agency, year, s.DraftingTeam.objects.filter(agency=agency)
                    .values_list("year", flat=True))
    columns = [_column(1, pgettext_lazy("nomor urut", "No"), "no"),
               _column(2, _("Tim penyusun Renja %(year)s") % {"year": year}, "name"),
               _column(3, _("Jabatan"), "role")]
    rows = [_row("anggota", f"{member.position + 1}", {"no": member.number, "name": member.name,
                                                       "role": member.role})
            for member in team.members.all()]
    summary = {"sk_nomor": team.decree_number, "sk_tanggal": team.decree_date, "ditetapkan_di": team.decree_place}
    return _table("tim-penyusun", agency, year, columns, rows, source=team.source, summary=summary)


STRATEGY_TABLES = (
    ("permasalahan", "permasalahan", build_problems),
    ("faktor-penentu", "faktor-penghambat-pendorong", build_factors),
    ("telaahan-kebijakan", "telaahan-kebijakan", build_reviews),
    ("visi-misi", "visi-misi-tujuan-sasaran", build_vision),
    ("strategi-kebijakan", "strategi-arah-kebijakan", build_strategies),
    ("keselarasan-program", "keselarasan-program", build_alignments),
    ("keterkaitan-prioritas", "keterkaitan-prioritas", build_priorities),
    ("tim-penyusun", "tim-penyusun", build_team),
)


def available_years(agency_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """The years each strategic-context table can be built for, per agency: a fixed number of queries."""
    out: dict[int, dict[str, set[int]]] = {pk: {} for pk in agency_ids}

    def add(name: str, pairs) -> None:
        for agency_id, year in pairs:
            out[agency_id].setdefault(name, set()).add(year)

    for name, model in (("permasalahan", s.ServiceProblem), ("faktor-penentu", s.DeterminingFactor),
                        ("telaahan-kebijakan", s.PolicyReview), ("keselarasan-program", s.ProgramAlignment),
                        ("keterkaitan-prioritas", s.PriorityLink), ("tim-penyusun", s.DraftingTeam)):
        add(name, model.objects.filter(agency__in=agency_ids).order_by().values_list("agency_id", "year").distinct())
    # Renstra-period tables: the years of the period whose documents live in it (a boundary year such as 2021
    # belongs to the period holding its Renja, so it is listed only there).
    for name, model in (("visi-misi", s.MissionGoal), ("strategi-kebijakan", s.Strategy)):
        plans = set(model.objects.filter(strategic_plan__agency__in=agency_ids).values_list("strategic_plan_id",
                                                                                             flat=True))
        add(name, m.Revision.objects.filter(strategic_plan__in=plans, year__isnull=False).order_by()
            .values_list("agency_id", "year").distinct())
    return {pk: {name: sorted(years) for name, years in tables.items()} for pk, tables in out.items()}
