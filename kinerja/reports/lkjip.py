"""Laporan Kinerja Instansi Pemerintah (LKjIP) of year N: the tables of BAB III and the conclusion of BAB IV
(REPORTS.md §H), computed from stored data.

Parts, as seed 003 prints them (columns numbered left to right where the document prints no numbers):

- 3.1  the predikat scale used (Permendagri 86/2017 as RULES §3 closes its gaps);
- 3.2  per sasaran and indicator of the Perjanjian Kinerja N: satuan, target, realisasi, capaian, kriteria, and the
       rata-rata capaian with its predikat;
- 3.3  the IKU in N−1 and N side by side (PK targets of each year), keterangan Meningkat / Tetap / Menurun: the
       capaian of N against that of N−1, at two decimals (the document does not say; RULES gives no tolerance);
- 3.4  the IKU against the Renstra target at the end of the period: realisasi s/d N (RULES §2), capaian; a SAKIP
       value with its grade where the document prints one (RULES §8, on the agency's scale);
- 3.5  efisiensi (RULES §6): per sasaran its capaian, per program its capaian kinerja, realisasi anggaran and
       efisiensi = capaian − realisasi anggaran where the capaian is ≥ 100 %;
- 3.6  per program indicator (Tabel 3.6–3.11): target and realisasi of the Renja N, capaian, the analysis text;
- 3.11 the summary per program (Capaian kinerja program penunjang keberhasilan ataupun kegagalan);
- 3.12, 3.13  anggaran, realisasi, %, sisa per program for N and N−1, with the totals (sums of the programs);
- IV   rata-rata capaian kinerja (the 3.2 average), capaian anggaran (3.12 total), their mean, each with predikat.

The plan is the Renstra period holding the PK of year N (``plan_covering(…, document="pk")``). Averages exclude
indicators with no realisation (RULES §4); ``--averaging seed`` counts them as 0 % as the document does.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from kinerja.engine import (
    PERMENDAGRI_86_2017,
    AveragePolicy,
    NumberKind,
    Reason,
    Result,
    RowAchievement,
    average_capaian,
    average_policy_text,
    efisiensi,
    format_number,
    predikat,
    serapan,
    sisa,
    sum_rupiah,
)
from kinerja.plan import models as m

from .data import ElementData, IndicatorData, ReportError, load_plan_data, plan_covering, printed_figures, years_held
from .document_figures import (
    TRUNCATED,
    agency_sakip_scale,
    anggaran,
    capaian_of,
    cell_of,
    compare,
    compare_predikat,
    ratio_numbers,
    realisasi_anggaran,
    realisation,
    realisation_cell,
    stored_cell,
    through,
)
from .document_tables import LABEL, NUMBER, PERCENT, RUPIAH, DocCell, DocumentTable, Part, PartColumn, PartRow
from .lang import current_lang
from .printed import CHILDREN_SUM, DOES_NOT_FOLLOW, Difference, Explanation, read_printed
from .renja_evaluation import PREDIKAT_OF_PRINTED, SEED_AVERAGE

REPORT = "lkjip"
PERCENT_KIND, RUPIAH_KIND = NumberKind.PERCENT, NumberKind.RUPIAH
KET_RULE = gettext_lazy("capaian tahun ini dibanding tahun lalu, pada dua desimal: naik Meningkat, sama Tetap, "
                        "turun Menurun")
FROM_ROUNDED_SERAPAN = gettext_lazy("dihitung dari realisasi anggaran yang dibulatkan ke satu desimal (%(serapan)s %%)")
MEAN_OF_PRINTED = gettext_lazy("rata-rata dari angka tercetak %(a)s dan %(b)s")


def _text(value) -> DocCell:
    return DocCell(value=value or None)


class _Context:
    """What every part reads: the plan data, revisions, printed figures, narratives and the SAKIP scale."""

    def __init__(self, agency: m.Agency, year: int, policy: AveragePolicy):
        self.agency, self.year, self.policy = agency, year, policy
        self.plan = plan_covering(agency, year, m.Revision.Document.PK)
        self.data = load_plan_data(agency, self.plan, through_year=year)
        latest = self.data.latest_revision
        self.pk = latest(m.Revision.Document.PK, year)
        if self.pk is None:
            raise ReportError(f"Belum ada Perjanjian Kinerja {year} untuk {agency.slug}: LKjIP {year} tidak dapat "
                              f"disusun. Yang ada: {years_held(agency, m.Revision.Document.PK)}")
        self.revisions = {
            "pk": self.pk,
            "pk_previous": latest(m.Revision.Document.PK, year - 1),
            "renstra": latest(m.Revision.Document.RENSTRA),
            "renja": latest(m.Revision.Document.RENJA, year),
            "renja_previous": latest(m.Revision.Document.RENJA, year - 1),
        }
        self.printed = printed_figures(agency, REPORT, year)
        self.sakip = agency_sakip_scale(agency)
        self.narratives: dict[tuple[int, str], str] = {}
        for n in m.Narrative.objects.filter(agency=agency, year=year, indicator__element__strategic_plan=self.plan
                                            ).order_by("number"):
            self.narratives[(n.indicator_id, n.section)] = n.text  # the latest version wins

    def printed_text(self, node: ElementData | None, ind: IndicatorData | None, column: str) -> str:
        return self.printed.get((node.element.pk if node else None, ind.indicator.pk if ind else None, column, ""),
                                "")

    def table_printed(self, column: str) -> str:
        return self.printed.get((None, None, column, ""), "")

    def pk_rows(self) -> list[tuple[ElementData, IndicatorData]]:
        """The sasaran and indicators of the PK of year N, in the plan's order."""
        return [(node, ind) for node, _depth in self.data.walk() for ind in node.indicators
                if ind.target(self.pk, m.PlanKind.PK, self.year) is not None]

    def program_rows(self, revision: m.Revision | None) -> list[tuple[ElementData, ElementData | None]]:
        """(program, its sasaran) for the programs with a Renja target or anggaran of the revision's year."""
        out = []
        for node, _depth in self.data.walk():
            if node.element.level != m.Level.PROGRAM or revision is None:
                continue
            has_target = any(ind.target(revision, m.PlanKind.RENJA, revision.year) for ind in node.indicators)
            if has_target or anggaran(node, revision, revision.year) is not None:
                parent = self.data.by_pk.get(node.element.parent_id)
                out.append((node, parent if parent and parent.element.level == m.Level.OBJECTIVE else None))
        return out


def _key(node: ElementData, ind: IndicatorData, rows: list[tuple[ElementData, IndicatorData]]) -> str:
    """The row's key: the element's, with the indicator's place where the element has several in the part."""
    same = [i for n, i in rows if n is node]
    return node.element.key if len(same) == 1 else f"{node.element.key}#{same.index(ind) + 1}"


def _first_indicator_rows(rows):
    seen = set()
    for node, ind in rows:
        yield node, ind, node.element.pk not in seen
        seen.add(node.element.pk)


# -- parts -----------------------------------------------------------------------------------------------------------


def part_3_1() -> Part:
    part = Part("3.1", _("Skala nilai peringkat kinerja"), [PartColumn("1", _("Interval nilai")),
                                                            PartColumn("2", _("Kriteria penilaian"), LABEL)],
                note=_("Permendagri 86/2017; celah antara rentang skala tercetak ditutup menurut batas bawahnya."))
    upper = None
    for lower, label in PERMENDAGRI_86_2017:
        if lower is None:
            interval = f"≤ {upper} %"
        elif upper is None:
            interval = f"> {lower} %"
        else:
            interval = f"> {lower} % – {upper} %"
        part.rows.append(PartRow("scale", cells={"1": _text(interval), "2": _text(label.value)}))
        upper = lower
    return part


def _capaian_cells(ctx: _Context, ind: IndicatorData, target_rev, year: int) -> tuple[DocCell, DocCell, DocCell,
                                                                                          Result]:
    target = ind.target(target_rev, m.PlanKind.PK, year)
    realised = realisation(ind, year)
    result = capaian_of(ind, target, realised)
    return stored_cell(target), cell_of(realised), DocCell.of(result), result


def part_3_2(ctx: _Context) -> tuple[Part, Result, Result]:
    year = ctx.year
    part = Part("3.2", _("Perbandingan antara target dan realisasi kinerja tahun %(y)s") % {"y": year}, [
        PartColumn("1", _("Sasaran strategis")), PartColumn("2", _("Indikator kinerja")),
        PartColumn("3", _("Satuan")), PartColumn("4", _("Target"), NUMBER), PartColumn("5", _("Realisasi"), NUMBER),
        PartColumn("6", _("Capaian kinerja"), PERCENT), PartColumn("7", _("Kriteria penilaian"), LABEL)])
    rows = ctx.pk_rows()
    achievements = []
    for node, ind, first in _first_indicator_rows(rows):
        target, realised, achieved, result = _capaian_cells(ctx, ind, ctx.pk, year)
        kriteria = predikat(result)
        row = PartRow("indicator", _key(node, ind, rows), node.element.level, indicator=ind.indicator.name, cells={
            "1": _text(node.element.name if first else ""), "2": _text(ind.indicator.name),
            "3": _text(ind.indicator.satuan), "4": target, "5": realised, "6": achieved,
            "7": DocCell(value=kriteria.value if kriteria else None, reason=None if kriteria else result.reason)})
        row.extra.update(ratio_numbers(ind, year))
        label = ind.is_category
        compare(target, ctx.printed_text(node, ind, "3.2:4"), label=label)
        compare(realised, ctx.printed_text(node, ind, "3.2:5"), label=label)
        compare(achieved, ctx.printed_text(node, ind, "3.2:6"), PERCENT_KIND)
        compare_predikat(row.cells["7"], ctx.printed_text(node, ind, "3.2:7"))
        part.rows.append(row)
        achievements.append(RowAchievement(result, has_target=True))
    average = average_capaian(achievements, ctx.policy)
    seed = average_capaian(achievements, AveragePolicy.UNTARGETED_AS_ZERO)
    cell = DocCell.of(average)
    compare(cell, ctx.table_printed("3.2:avg:6"), PERCENT_KIND,
            (Explanation(seed.value, str(SEED_AVERAGE)),) if seed.defined else ())
    _explain_seed_truncated(cell, seed)
    p = predikat(average)
    kriteria = DocCell(value=p.value if p else None)
    compare_predikat(kriteria, ctx.table_printed("3.2:avg:7"))
    _predikat_of_printed(kriteria, ctx.table_printed("3.2:avg:6"))
    part.rows.append(PartRow("average", "rata-rata", cells={"1": _text(_("Rata-rata")), "6": cell, "7": kriteria}))
    return part, average, seed


def _explain_seed_truncated(cell: DocCell, seed: Result) -> None:
    """A printed average that is the document's convention (RULES §4) truncated: say both."""
    if cell.difference is None or not seed.defined or cell.difference.cause != DOES_NOT_FOLLOW:
        return
    value, decimals, _error = read_printed(cell.difference.printed, PERCENT_KIND)
    if value is not None and seed.value.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_DOWN") == value:
        d = cell.difference
        cell.difference = Difference(d.printed, d.printed_value, d.computed,
                                     f"{SEED_AVERAGE}; {TRUNCATED}")


def _predikat_of_printed(label: DocCell, printed_capaian: str) -> None:
    """A printed predikat that is the predikat of the printed (not the computed) capaian: say so."""
    value, _decimals, _error = read_printed(printed_capaian, PERCENT_KIND)
    grade_of_printed = predikat(value) if value is not None else None
    if (label.difference is not None and grade_of_printed is not None
            and grade_of_printed.value.casefold() == " ".join(label.printed.split()).casefold()):
        d = label.difference
        label.difference = Difference(d.printed, d.printed_value, d.computed, str(PREDIKAT_OF_PRINTED))


def part_3_3(ctx: _Context) -> Part:
    year, previous = ctx.year, ctx.year - 1
    last, this = _("Tahun %(y)s") % {"y": previous}, _("Tahun %(y)s") % {"y": year}
    part = Part("3.3", _("Perbandingan realisasi kinerja tahun %(y)s dan realisasi kinerja tahun sebelumnya") % {
        "y": year}, [
        PartColumn("1", _("Sasaran strategis")), PartColumn("2", _("Indikator kinerja")),
        PartColumn("3", _("Satuan")),
        PartColumn("4", _("Target kinerja"), NUMBER, last), PartColumn("5", _("Realisasi kinerja"), NUMBER, last),
        PartColumn("6", _("Persentase realisasi kinerja"), PERCENT, last),
        PartColumn("7", _("Target kinerja"), NUMBER, this), PartColumn("8", _("Realisasi kinerja"), NUMBER, this),
        PartColumn("9", _("Persentase realisasi kinerja"), PERCENT, this), PartColumn("10", _("Ket."), LABEL)],
        note=_("Ket.: %(rule)s.") % {"rule": KET_RULE})
    rows = [(node, ind) for node, ind in ctx.pk_rows() if ind.indicator.is_iku]
    for node, ind, first in _first_indicator_rows(rows):
        t0, r0, c0, result0 = _capaian_cells(ctx, ind, ctx.revisions["pk_previous"], previous)
        t1, r1, c1, result1 = _capaian_cells(ctx, ind, ctx.pk, year)
        ket = DocCell(reason=Reason.NO_ROWS) if not (result0.defined and result1.defined) else None
        if ket is None:
            a, b = (r.value.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP") for r in (result0, result1))
            # Compared with the printed word in Indonesian, then written in the active language.
            ket = DocCell(value=gettext_noop("Meningkat") if b > a else gettext_noop("Tetap") if b == a
                          else gettext_noop("Menurun"))
        row = PartRow("indicator", _key(node, ind, rows), node.element.level, indicator=ind.indicator.name, cells={
            "1": _text(node.element.name if first else ""), "2": _text(ind.indicator.name),
            "3": _text(ind.indicator.satuan), "4": t0, "5": r0, "6": c0, "7": t1, "8": r1, "9": c1, "10": ket})
        for number, cell in (("4", t0), ("5", r0), ("7", t1), ("8", r1)):
            compare(cell, ctx.printed_text(node, ind, f"3.3:{number}"), label=ind.is_category)
        for number, cell in (("6", c0), ("9", c1)):
            compare(cell, ctx.printed_text(node, ind, f"3.3:{number}"), PERCENT_KIND)
        compare(ket, ctx.printed_text(node, ind, "3.3:10"), label=True)
        if isinstance(ket.value, str):
            ket.value = _(ket.value)
        if ket.difference is not None and isinstance(ket.value, str):
            delta = format_number(result1.value - result0.value, 2, current_lang())
            ket.difference = Difference(ket.difference.printed, ket.difference.printed_value, ket.value,
                                        _("%(cause)s: capaian %(delta)s poin; %(rule)s") % {
                                            "cause": DOES_NOT_FOLLOW, "delta": delta, "rule": KET_RULE})
        part.rows.append(row)
    return part


def part_3_4(ctx: _Context) -> Part:
    end = ctx.plan.last_year
    part = Part("3.4", _("Perbandingan realisasi kinerja IKU sampai dengan tahun %(y)s dengan target jangka "
                         "menengah dalam Renstra") % {"y": ctx.year}, [
        PartColumn("1", _("Indikator kinerja")),
        PartColumn("2", _("Target sasaran akhir Renstra (tahun %(y)s)") % {"y": end}, NUMBER),
        PartColumn("3", _("Realisasi target sasaran Renstra s/d tahun %(y)s") % {"y": ctx.year}, NUMBER),
        PartColumn("4", _("Persentase realisasi target sasaran Renstra s/d tahun %(y)s") % {"y": ctx.year}, PERCENT)],
        note=_("Realisasi s/d tahun N menurut jenis agregasi indikator; predikat SAKIP menurut %(s)s.") % {
            "s": ctx.sakip.regulation if ctx.sakip else _("— (skala belum dipilih)")})
    rows = [(node, ind) for node, ind in ctx.pk_rows() if ind.indicator.is_iku]
    for node, ind in rows:
        target = ind.target(ctx.revisions["renstra"], m.PlanKind.RENSTRA_END, end)
        realised = through(ind, ctx.year, ctx.plan.first_year)
        result = capaian_of(ind, target, realised)
        cells = {"1": _text(ind.indicator.name), "2": stored_cell(target), "3": cell_of(realised),
                 "4": DocCell.of(result)}
        for number in ("2", "3"):
            compare(cells[number], ctx.printed_text(node, ind, f"3.4:{number}"), grade_scale=ctx.sakip,
                    label=ind.is_category)
        compare(cells["4"], ctx.printed_text(node, ind, "3.4:4"), PERCENT_KIND)
        part.rows.append(PartRow("indicator", _key(node, ind, rows), node.element.level,
                                 indicator=ind.indicator.name, cells=cells))
    return part


def _program_capaian(ctx: _Context, node: ElementData, revision, year: int) -> tuple[Result, list[IndicatorData]]:
    indicators = [ind for ind in node.indicators if ind.target(revision, m.PlanKind.RENJA, year) is not None]
    results = [capaian_of(ind, ind.target(revision, m.PlanKind.RENJA, year), realisation(ind, year))
               for ind in indicators]
    if len(results) == 1:
        return results[0], indicators
    return average_capaian([RowAchievement(r, True) for r in results], ctx.policy), indicators


def part_3_5(ctx: _Context) -> Part:
    year = ctx.year
    renja = ctx.revisions["renja"]
    part = Part("3.5", _("Efisiensi penggunaan sumber daya"), [
        PartColumn("1", _("Sasaran strategis")), PartColumn("2", _("Indikator kinerja sasaran")),
        PartColumn("3", _("Capaian kinerja sasaran"), PERCENT), PartColumn("4", _("Program")),
        PartColumn("5", _("Capaian realisasi anggaran program"), PERCENT),
        PartColumn("6", _("Efisiensi (%) (6) = (3-5)"), PERCENT), PartColumn("7", _("Ket"))],
        note=_("Efisiensi = capaian kinerja − realisasi anggaran, hanya bila capaian kinerja ≥ 100 %; "
               "pada baris program, kolom 3 adalah capaian kinerja program."))
    programs = defaultdict(list)
    for program, sasaran in ctx.program_rows(renja):
        if sasaran is not None:
            programs[sasaran.element.pk].append(program)
    sasaran_rows = [(node, ind) for node, ind, first in _first_indicator_rows(ctx.pk_rows())
                    if first and programs.get(node.element.pk)]
    for node, ind in sasaran_rows:
        _t, _r, achieved, _result = _capaian_cells(ctx, ind, ctx.pk, year)
        compare(achieved, ctx.printed_text(node, ind, "3.5:3"), PERCENT_KIND)
        part.rows.append(PartRow("sasaran", node.element.key, node.element.level, indicator=ind.indicator.name,
                                 cells={"1": _text(node.element.name), "2": _text(ind.indicator.name),
                                        "3": achieved}))
        for program in programs[node.element.pk]:
            result, indicators = _program_capaian(ctx, program, renja, year)
            absorbed = serapan(anggaran(program, renja, year), realisasi_anggaran(program, year))
            efficiency = efisiensi(result, absorbed)
            cells = {"3": DocCell.of(result), "4": _text(program.element.name), "5": DocCell.of(absorbed),
                     "6": DocCell.of(efficiency)}
            ind = indicators[0] if indicators else None
            compare(cells["3"], ctx.printed_text(program, ind, "3.5:3"), PERCENT_KIND)
            compare(cells["5"], ctx.printed_text(program, ind, "3.5:5"), PERCENT_KIND)
            rounded = ()
            if absorbed.defined:
                tenth = absorbed.value.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
                again = efisiensi(result, Result.of(tenth))
                if again.defined:
                    rounded = (Explanation(again.value, str(FROM_ROUNDED_SERAPAN) % {
                        "serapan": format_number(tenth, 1, current_lang())}),)
            compare(cells["6"], ctx.printed_text(program, ind, "3.5:6"), PERCENT_KIND, rounded)
            part.rows.append(PartRow("program", program.element.key, program.element.level, program.element.code,
                                     indicator=ind.indicator.name if ind else "", cells=cells))
    return part


def part_3_6(ctx: _Context) -> Part:
    year, renja = ctx.year, ctx.revisions["renja"]
    part = Part("3.6", _("Indikator program (Tabel 3.6–3.11)"), [
        PartColumn("1", _("Program")), PartColumn("2", _("Indikator kinerja program")), PartColumn("3", _("Satuan")),
        PartColumn("4", _("Target"), NUMBER), PartColumn("5", _("Realisasi"), NUMBER),
        PartColumn("6", _("Capaian"), PERCENT), PartColumn("7", _("Analisis keberhasilan/kegagalan"))])
    for program, _sasaran in ctx.program_rows(renja):
        indicators = [ind for ind in program.indicators if ind.target(renja, m.PlanKind.RENJA, year) is not None]
        for position, ind in enumerate(indicators):
            target = ind.target(renja, m.PlanKind.RENJA, year)
            realised = realisation(ind, year)
            result = capaian_of(ind, target, realised)
            cells = {"1": _text(program.element.name if position == 0 else ""), "2": _text(ind.indicator.name),
                     "3": _text(ind.indicator.satuan), "4": stored_cell(target), "5": realisation_cell(ind, year),
                     "6": DocCell.of(result),
                     "7": _text(ctx.narratives.get((ind.indicator.pk, m.Narrative.Section.ANALYSIS)))}
            compare(cells["5"], ctx.printed_text(program, ind, "3.6:5"), label=ind.is_category)
            compare(cells["6"], ctx.printed_text(program, ind, "3.6:6"), PERCENT_KIND)
            narratives = {section: ctx.narratives[(ind.indicator.pk, section)]
                          for section in m.Narrative.INDICATOR_SECTIONS
                          if (ind.indicator.pk, section) in ctx.narratives}
            row = PartRow("indicator", program.element.key if len(indicators) == 1 else
                          f"{program.element.key}#{position + 1}", program.element.level, program.element.code,
                          indicator=ind.indicator.name, cells=cells)
            row.extra.update(ratio_numbers(ind, year))
            if narratives:
                row.extra["narratives"] = narratives
            part.rows.append(row)
    return part


def part_3_11(ctx: _Context) -> Part:
    year, renja = ctx.year, ctx.revisions["renja"]
    part = Part("3.11", _("Capaian kinerja program penunjang keberhasilan ataupun kegagalan pencapaian kinerja "
                          "sasaran strategis"), [
        PartColumn("1", _("Sasaran strategis")), PartColumn("2", _("Indikator kinerja")),
        PartColumn("3", _("Program penunjang")), PartColumn("4", _("Target kinerja program"), NUMBER),
        PartColumn("5", _("Realisasi kinerja program"), NUMBER),
        PartColumn("6", _("Persentase realisasi kinerja program"), PERCENT),
        PartColumn("7", _("Analisis keberhasilan/kegagalan"))])
    sasaran_indicator = {node.element.pk: ind for node, ind, first in _first_indicator_rows(ctx.pk_rows()) if first}
    shown = set()
    for program, sasaran in ctx.program_rows(renja):
        ind = next((i for i in program.indicators if i.target(renja, m.PlanKind.RENJA, year) is not None), None)
        first = sasaran is not None and sasaran.element.pk not in shown
        if sasaran is not None:
            shown.add(sasaran.element.pk)
        own = sasaran_indicator.get(sasaran.element.pk) if sasaran else None
        target = ind.target(renja, m.PlanKind.RENJA, year) if ind else None
        result = capaian_of(ind, target, realisation(ind, year)) if ind else Result.undefined(Reason.NO_TARGET)
        cells = {"1": _text(sasaran.element.name if first else ""),
                 "2": _text(own.indicator.name if first and own else ""), "3": _text(program.element.name),
                 "4": stored_cell(target), "5": realisation_cell(ind, year) if ind else DocCell(),
                 "6": DocCell.of(result),
                 "7": _text(ctx.narratives.get((ind.indicator.pk, m.Narrative.Section.ANALYSIS)) if ind else "")}
        compare(cells["4"], ctx.printed_text(program, ind, "3.11:4"), PERCENT_KIND if ind and ind.indicator.satuan
                in ("%", "Persen") else NumberKind.COUNT)
        compare(cells["5"], ctx.printed_text(program, ind, "3.11:5"), PERCENT_KIND)
        compare(cells["6"], ctx.printed_text(program, ind, "3.11:6"), PERCENT_KIND)
        cells["7"].printed = ctx.printed_text(program, ind, "3.11:7")  # a one-word verdict: shown, not compared
        part.rows.append(PartRow("program", program.element.key, program.element.level, program.element.code,
                                 indicator=ind.indicator.name if ind else "", cells=cells))
    return part


def part_budget(ctx: _Context, key: str, year: int, revision: m.Revision | None) -> tuple[Part, Result]:
    part = Part(key, _("Realisasi anggaran program dan kegiatan tahun %(y)s") % {"y": year}, [
        PartColumn("1", _("Sasaran strategis")), PartColumn("2", _("Indikator sasaran")),
        PartColumn("3", _("Program/kegiatan")), PartColumn("4", _("Anggaran (Rp)"), RUPIAH),
        PartColumn("5", _("Realisasi (Rp)"), RUPIAH), PartColumn("6", _("Realisasi (%)"), PERCENT),
        PartColumn("7", _("Sisa anggaran (Rp)"), RUPIAH)],
        note=_("Jumlah = jumlah program; sisa = anggaran − realisasi."))
    sasaran_indicator = {node.element.pk: ind for node, ind, first in _first_indicator_rows(ctx.pk_rows()) if first}
    amounts, spent, shown = [], [], set()
    for program, sasaran in ctx.program_rows(revision):
        amount, used = anggaran(program, revision, year), realisasi_anggaran(program, year)
        amounts.append(amount)
        spent.append(used)
        first = sasaran is not None and sasaran.element.pk not in shown
        if sasaran is not None:
            shown.add(sasaran.element.pk)
        own = sasaran_indicator.get(sasaran.element.pk) if sasaran else None
        cells = {"1": _text(sasaran.element.name if first else ""),
                 "2": _text(own.indicator.name if first and own else ""), "3": _text(program.element.name),
                 "4": DocCell(value=amount), "5": DocCell(value=used), "6": DocCell.of(serapan(amount, used)),
                 "7": DocCell(value=sisa(amount, used))}
        for number in ("4", "5", "6", "7"):
            compare(cells[number], ctx.printed_text(program, None, f"{key}:{number}"),
                    PERCENT_KIND if number == "6" else RUPIAH_KIND)
        part.rows.append(PartRow("program", program.element.key, program.element.level, program.element.code,
                                 cells=cells))
    total_amount, total_spent = sum_rupiah(amounts), sum_rupiah(spent)
    absorbed = serapan(total_amount, total_spent)
    cells = {"3": _text(_("Jumlah")), "4": DocCell(value=total_amount), "5": DocCell(value=total_spent),
             "6": DocCell.of(absorbed), "7": DocCell(value=sisa(total_amount, total_spent))}
    for number in ("4", "5", "6", "7"):
        cell = cells[number]
        compare(cell, ctx.table_printed(f"{key}:total:{number}"), PERCENT_KIND if number == "6" else RUPIAH_KIND)
        if cell.difference is not None and cell.difference.cause == DOES_NOT_FOLLOW and number != "6":
            d = cell.difference
            cell.difference = Difference(d.printed, d.printed_value, d.computed, str(CHILDREN_SUM))
    part.rows.append(PartRow("total", "jumlah", cells=cells))
    return part, absorbed


def part_iv(ctx: _Context, kinerja: Result, kinerja_seed: Result, budget: Result) -> Part:
    part = Part("IV", _("Kesimpulan (BAB IV)"), [PartColumn("1", _("Uraian")), PartColumn("2", _("Capaian"), PERCENT),
                                                 PartColumn("3", _("Predikat"), LABEL)],
                note=_("Rata-rata capaian kinerja = rata-rata Tabel 3.2; capaian anggaran = jumlah Tabel 3.12; "
                       "rata-rata keduanya."))
    mean = (Result.of((kinerja.value + budget.value) / 2) if kinerja.defined and budget.defined
            else Result.undefined(Reason.NO_ROWS))
    printed = {name: ctx.table_printed(f"IV:{name}:2") for name in ("kinerja", "anggaran", "rata-rata")}
    labels = {
        "kinerja": _("Capaian kinerja sasaran strategis berdasarkan perjanjian kinerja tahun %(y)s") % {"y": ctx.year},
        "anggaran": _("Capaian kinerja anggaran tahun %(y)s") % {"y": ctx.year},
        "rata-rata": _("Rata-rata capaian kinerja tahun %(y)s") % {"y": ctx.year},
    }
    for name, result in (("kinerja", kinerja), ("anggaran", budget), ("rata-rata", mean)):
        cell = DocCell.of(result)
        explanations = ()
        if name == "kinerja" and kinerja_seed.defined:
            explanations = (Explanation(kinerja_seed.value, str(SEED_AVERAGE)),)
        if name == "rata-rata":
            read = [read_printed(printed[n], PERCENT_KIND)[0] for n in ("kinerja", "anggaran")]
            if all(v is not None for v in read):
                explanations = (Explanation((read[0] + read[1]) / 2, str(MEAN_OF_PRINTED) % {
                    "a": printed["kinerja"], "b": printed["anggaran"]}),)
        compare(cell, printed[name], PERCENT_KIND, explanations)
        p = predikat(result)
        label = DocCell(value=p.value if p else None)
        compare_predikat(label, ctx.table_printed(f"IV:{name}:3"))
        _predikat_of_printed(label, printed[name])
        part.rows.append(PartRow("conclusion", name, cells={"1": _text(labels[name]), "2": cell, "3": label}))
    return part


def build_lkjip(agency: m.Agency, year: int, *,
                policy: AveragePolicy = AveragePolicy.EXCLUDE_UNTARGETED) -> DocumentTable:
    ctx = _Context(agency, year, policy)
    part_32, average, seed = part_3_2(ctx)
    part_312, absorbed = part_budget(ctx, "3.12", year, ctx.revisions["renja"])
    part_313, _absorbed = part_budget(ctx, "3.13", year - 1, ctx.revisions["renja_previous"])
    parts = [part_3_1(), part_32, part_3_3(ctx), part_3_4(ctx), part_3_5(ctx), part_3_6(ctx), part_3_11(ctx),
             part_312, part_313, part_iv(ctx, average, seed, absorbed)]
    return DocumentTable(
        report=REPORT, title=_("Laporan Kinerja Instansi Pemerintah (LKjIP) tahun %(y)s") % {"y": year},
        agency=agency, plan=ctx.plan, year=year, parts=parts, revisions=ctx.revisions,
        averaging=average_policy_text(policy, current_lang()))


__all__ = ["REPORT", "build_lkjip"]
