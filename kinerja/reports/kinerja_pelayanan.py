"""Pencapaian kinerja pelayanan perangkat daerah (REPORTS.md §E): the IKK, SPM and IKU indicators of the Renstra
period with their Renstra targets, realisasi, proyeksi and catatan analisis (seed 000 §2.2, seed 001 Tabel 2),
asked for the year of the Renja that prints the table.

The rows: every IKK and SPM indicator of the period, and every IKU of its tujuan and sasaran, that has a value in
the table's years. Columns, numbered in order as the seeds print them: 1 no., 2 IKK (where the indicators have
IKK numbers, seed 000 line 392), indikator; one column per year with a Renstra target (up to N+1; the Renstra's
first year is its target awal, seed 001's "Target IKU/IKK", line 423); one per year with a realisasi before N; one
per year with a proyeksi in the Renja of N; the catatan analisis. Then Kinerja's own: the IKK/SPM/IKU flags (where
no IKK column was printed); for the last year with pembilang and penyebut, the rumus, pembilang, penyebut and the
capaian kinerja they give; and the capaian against the target of each realisasi year (RULES §1).

A ratio indicator's realisasi is computed from its pembilang and penyebut, never taken as printed (RULES §7:
seed 000 prints IKK 64 as 21 / 646 = 1,46 %, the ratio is 3,25 %). A value carrying a SAKIP grade shows the grade
its scale gives beside the printed one (RULES §8).
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.engine import Measured, NumberKind, Reason, Result, capaian, categorical_capaian, ratio
from kinerja.plan import models as m

from .data import IndicatorData, ReportError, Stored, load_plan_data, plan_covering, printed_figures
from .official import GRADE, K, OfficialTable, TableColumn, TableRow, sakip_for, sakip_graded
from .printed import DOES_NOT_FOLLOW, Difference, compare_number
from .renja_evaluation import Cell
from .tujuan_sasaran import value_cells

REPORT = "kinerja-pelayanan"
RATIO_PRINTED = _("tidak sama dengan pembilang / penyebut × %(factor)s yang tersimpan")


def selected(indicator: m.Indicator, element: m.PlanElement) -> bool:
    """IKK and SPM indicators wherever they are; an IKU when it is a tujuan's or sasaran's (a program's IKU is in
    the Renja evaluation)."""
    return indicator.is_ikk or indicator.is_spm or (
        indicator.is_iku and element.level in (m.Level.GOAL, m.Level.OBJECTIVE))


def label_of(indicator: m.Indicator) -> str:
    parts = []
    if indicator.is_ikk:
        parts.append(f"IKK {indicator.ikk_code}".strip())
    if indicator.is_spm:
        parts.append("SPM")
    if indicator.is_iku:
        parts.append("IKU")
    return " · ".join(parts)


def realised(d: IndicatorData, raw: dict[int, m.Realisation], year: int
             ) -> tuple[Stored | None, Result | None, tuple | None]:
    """The year's realisasi: (stored, value by the rules, (pembilang, penyebut) where stored)."""
    stored = d.realisations.get((year, m.Period.YEAR))
    if stored is None:
        return None, None, None
    row = raw.get(year)
    if row is not None and row.numerator is not None and row.denominator is not None:
        result = ratio(row.numerator, row.denominator, d.indicator.factor)
        return stored, result, (row.numerator, row.denominator)
    if stored.category:
        return stored, None, None
    return stored, Result.of(stored.value, unit=stored.unit) if stored.value is not None else None, None


def build_kinerja_pelayanan(agency: m.Agency, year: int) -> OfficialTable:
    plan = plan_covering(agency, year)
    data = load_plan_data(agency, plan, through_year=year)
    renstra = data.latest_revision(m.Revision.Document.RENSTRA)
    renja = data.latest_revision(m.Revision.Document.RENJA, year)
    pairs = [(node.element, d) for node, _depth in data.walk() for d in node.indicators
             if selected(d.indicator, node.element)]
    chosen = [d for _element, d in pairs]
    if not chosen:
        raise ReportError(f"Belum ada indikator IKK, SPM atau IKU pada Renstra {plan.first_year}–{plan.last_year} "
                          f"{agency.slug}")
    # Pembilang and penyebut are not in PlanData: read them for the chosen indicators, set-wise.
    raw: dict[int, dict[int, m.Realisation]] = {}
    for r in m.Realisation.objects.filter(indicator__in=[d.indicator for d in chosen], period=m.Period.YEAR,
                                          year__lt=year):
        raw.setdefault(r.indicator_id, {})[r.year] = r
    printed = printed_figures(agency, REPORT, year)
    narratives = {}
    for n in m.Narrative.objects.filter(agency=agency, indicator__in=[d.indicator for d in chosen], year=year,
                                        section=m.Narrative.Section.ANALYSIS).order_by("number"):
        narratives[n.indicator_id] = n.text  # the latest version stands

    def printed_years(figure: str) -> set[int]:
        found = set()
        for (_e, _i, column, _m) in printed:
            name, _sep, y = column.rpartition(":")
            if name in (figure, f"grade:{figure}") and y.isdigit():
                found.add(int(y))
        return found

    target_years = sorted({y for d in chosen for (rev, kind, y) in d.targets
                           if renstra is not None and rev == renstra.pk and kind == m.PlanKind.RENSTRA
                           and y <= year + 1} | {y for y in printed_years("target") if y <= year + 1})
    real_years = sorted({y for d in chosen for (y, _p) in d.realisations if y < year} | printed_years("realisasi"))
    projection_years = sorted({y for d in chosen for (rev, kind, y) in d.targets
                               if renja is not None and rev == renja.pk and kind == m.PlanKind.PROJECTION})
    ratio_years = sorted({y for d in chosen for y, r in raw.get(d.indicator.pk, {}).items()
                          if r.numerator is not None and r.denominator is not None})
    ratio_year = ratio_years[-1] if ratio_years else None

    def has_data(element: m.PlanElement, d: IndicatorData) -> bool:
        """An indicator with nothing in the table's years (no target, realisasi, proyeksi or printed figure)
        is not a row of it."""
        ind = d.indicator
        return (any(d.target(renstra, m.PlanKind.RENSTRA, y) for y in target_years)
                or any((y, m.Period.YEAR) in d.realisations for y in real_years)
                or any(d.target(renja, m.PlanKind.PROJECTION, y) for y in projection_years)
                or any(e == element.pk and i == ind.pk for (e, i, _c, _m) in printed))

    pairs = [(element, d) for element, d in pairs if has_data(element, d)]
    sakip, graded_values = sakip_for(agency), sakip_graded(printed)
    notes: list[str] = []
    rows: list[TableRow] = []
    for number, (element, d) in enumerate(pairs, start=1):
        ind = d.indicator
        grading = sakip if ind.pk in graded_values else None
        own_raw = raw.get(ind.pk, {})
        key = (element.pk, ind.pk)
        row = TableRow(kind="indikator", key=f"{element.key}#{ind.position}", info={
            "level": "indikator", "element": element.key, "name": "", "indicator": ind.name,
            "satuan": ind.satuan or None, "ikk_code": ind.ikk_code or None,
            "is_ikk": ind.is_ikk, "is_spm": ind.is_spm, "is_iku": ind.is_iku,
        })
        row.text("no", str(number))
        # The table's own wording where the document printed one: seed 000 names each indicator here otherwise
        # than in the IKK table the indicator is stored from ("Jumlah korban …" for "Persentase korban …").
        printed_ikk, printed_name = printed.get((*key, "ikk", ""), ""), printed.get((*key, "indicator", ""), "")
        row.text("label", printed_ikk or label_of(ind))
        row.text("indicator", printed_name or ind.name)
        if printed_name and printed_name != ind.name:
            row.info["stored_indicator"] = ind.name
        for y in target_years:
            value_cells(row, f"target_{y}", d.target(renstra, m.PlanKind.RENSTRA, y), d,
                   printed.get((*key, f"target:{y}", ""), ""), printed.get((*key, f"grade:target:{y}", ""), ""),
                   notes, grading)
        for y in real_years:
            stored, result, parts = realised(d, own_raw, y)
            figure = f"realisasi_{y}"
            if parts is not None:
                _ratio_cell(row, figure, result, parts, d, printed.get((*key, f"realisasi:{y}", ""), ""))
            else:
                value_cells(row, figure, stored, d, printed.get((*key, f"realisasi:{y}", ""), ""),
                       printed.get((*key, f"grade:realisasi:{y}", ""), ""), notes, grading)
            target = d.target(renstra, m.PlanKind.RENSTRA, y)
            row.cells[(f"capaian_{y}", K)] = Cell.of(_achievement(d, target, stored, result))
        for y in projection_years:
            value_cells(row, f"proyeksi_{y}", d.target(renja, m.PlanKind.PROJECTION, y), d,
                   printed.get((*key, f"proyeksi:{y}", ""), ""), printed.get((*key, f"grade:proyeksi:{y}", ""), ""),
                   notes, grading)
        row.text("note", narratives.get(ind.pk, ""))
        if ratio_year is not None:
            stored, result, parts = realised(d, own_raw, ratio_year)
            if parts is not None:
                factor = format(ind.factor.normalize(), "f")
                row.text("formula", ind.formula or f"{ind.numerator_name} / {ind.denominator_name} × {factor}")
                row.cells[("numerator", K)] = Cell(value=parts[0])
                row.cells[("denominator", K)] = Cell(value=parts[1])
                row.extras["numerator"] = {"name": ind.numerator_name or None}
                row.extras["denominator"] = {"name": ind.denominator_name or None}
                _ratio_cell(row, "ratio", result, parts, d, printed.get((*key, f"rasio:{ratio_year}", ""), ""))
        rows.append(row)

    graded = {f for row in rows for (f, measure) in row.cells if measure == GRADE}

    def measures(figure: str) -> tuple[str, ...]:
        return (K, GRADE) if figure in graded else (K,)

    columns = [TableColumn("1", str(pgettext_lazy("nomor urut", "No")), "no")]
    # The two seeds number this table differently: seed 000 (line 392) prints its IKK column as 2, seed 001 Tabel 2
    # (line 423) has none and numbers the indicator 2. A table with IKK numbers follows seed 000, else seed 001,
    # whose flags column is then Kinerja's own and comes after the printed ones.
    ikk_numbered = any(d.indicator.ikk_code for _e, d in pairs)
    label_column = TableColumn("", str(_("IKK/SPM/IKU")), "label")
    if ikk_numbered:
        columns.append(label_column)
    columns.append(TableColumn("", str(_("Indikator")), "indicator"))

    def add(label: str, figure: str, group: str, year_: int | None = None, column_measures=None, percent=True):
        columns.append(TableColumn("", label, figure,
                                   column_measures if column_measures is not None else measures(figure),
                                   group=group, year=year_, percent=percent))

    group = str(_("Target Renstra"))
    for y in target_years:
        add(str(_("%(y)s (target awal, IKU/IKK)") % {"y": y}) if y == plan.first_year else str(y),
            f"target_{y}", group, y)
    for y in real_years:
        add(str(y), f"realisasi_{y}", str(_("Realisasi capaian")), y)
    for y in projection_years:
        add(str(y), f"proyeksi_{y}", str(_("Proyeksi")), y)
    add(str(_("Catatan analisis")), "note", "", column_measures=(), percent=False)
    if not ikk_numbered:
        columns.append(label_column)
    if ratio_year is not None:
        ratio_group = str(_("Rumus dan data tahun %(y)s") % {"y": ratio_year})
        add(str(_("Rumus")), "formula", ratio_group, ratio_year, (), percent=False)
        add(str(_("Pembilang")), "numerator", ratio_group, ratio_year, (K,), percent=False)
        add(str(_("Penyebut")), "denominator", ratio_group, ratio_year, (K,), percent=False)
        add(str(_("Capaian kinerja (pembilang / penyebut × faktor)")), "ratio", ratio_group, ratio_year, (K,))
    for y in real_years:
        add(str(y), f"capaian_{y}", str(_("Capaian terhadap target (%)")), y, (K,))

    columns = [replace(c, number=str(n)) for n, c in enumerate(columns, start=1)]
    revisions = {"renstra": renstra, "renja": renja}
    return OfficialTable(
        report=REPORT, title=str(_("Pencapaian kinerja pelayanan %(y)s") % {"y": year}), agency=agency, plan=plan,
        year=year, columns=columns, rows=rows, revisions=revisions, notes=notes,
        summary={"indicators": len(rows), "ikk": sum(1 for _e, d in pairs if d.indicator.is_ikk),
                 "spm": sum(1 for _e, d in pairs if d.indicator.is_spm),
                 "iku": sum(1 for _e, d in pairs if d.indicator.is_iku),
                 "target_years": target_years, "realisation_years": real_years,
                 "projection_years": projection_years, "ratio_year": ratio_year},
    )


IKK_REPORT = "ikk"


def build_ikk(agency: m.Agency, year: int) -> OfficialTable:
    """Capaian indikator kinerja kunci (seed 000 §2.2, lines 360–375), the table printed before the service table in
    a Renja of year N: each IKK of the Renstra with its rumus, pembilang over penyebut with their satuan, and the
    capaian they give, for the last year before N that has both — numbered 1–9 as printed. A line for the pembilang
    (kind ``indikator``) and one for the penyebut (kind ``penyebut``), as the document sets them. The capaian is
    computed (RULES §7: the printed 1,46 % of IKK 64 is compared with 21 / 646 × 100 = 3,25 %)."""
    plan = plan_covering(agency, year)
    data = load_plan_data(agency, plan, through_year=year)
    pairs = [(node.element, d) for node, _depth in data.walk() for d in node.indicators
             if d.indicator.is_ikk and d.indicator.numerator_name]
    raw: dict[int, dict[int, m.Realisation]] = {}
    for r in m.Realisation.objects.filter(indicator__in=[d.indicator for _e, d in pairs], period=m.Period.YEAR,
                                          year__lt=year, numerator__isnull=False, denominator__isnull=False):
        raw.setdefault(r.indicator_id, {})[r.year] = r
    years = sorted({y for by_year in raw.values() for y in by_year})
    if not years:
        raise ReportError(f"Belum ada IKK dengan pembilang dan penyebut sebelum {year} untuk {agency.slug}")
    ratio_year = years[-1]
    pairs = sorted(((e, d) for e, d in pairs if ratio_year in raw.get(d.indicator.pk, {})),
                   key=lambda pair: (_code_order(pair[1].indicator.ikk_code), pair[1].indicator.position))
    service = printed_figures(agency, REPORT, year)
    printed = printed_figures(agency, IKK_REPORT, year)
    rows: list[TableRow] = []
    for element, d in pairs:
        ind = d.indicator
        key = (element.pk, ind.pk)
        stored, result, parts = realised(d, raw[ind.pk], ratio_year)
        info = {"level": "indikator", "element": element.key, "indicator": ind.name, "ikk_code": ind.ikk_code or None}
        first = TableRow(kind="indikator", key=f"{element.key}#{ind.position}", info=dict(info))
        first.text("urusan_no", printed.get((*key, "urusan_no", ""), ""))
        first.text("urusan", printed.get((*key, "urusan", ""), ""))
        first.text("ikk_code", ind.ikk_code)
        first.text("ikk", ind.name)
        factor = format(ind.factor.normalize(), "f")
        first.text("formula", ind.formula or f"{ind.numerator_name} × {factor}")
        first.cells[("value", K)] = Cell(value=parts[0])
        first.text("unit", printed.get((*key, f"unit:num:{ratio_year}", ""), ""))
        _ratio_cell(first, "ratio", result, parts, d, service.get((*key, f"rasio:{ratio_year}", ""), ""))
        first.text("note", ind.data_source)
        first.extras["value"] = {"name": ind.numerator_name}
        second = TableRow(kind="penyebut", key=f"{element.key}#{ind.position}/penyebut", info=dict(info))
        second.text("formula", ind.denominator_name)
        second.cells[("value", K)] = Cell(value=parts[1])
        second.text("unit", printed.get((*key, f"unit:den:{ratio_year}", ""), ""))
        second.extras["value"] = {"name": ind.denominator_name}
        rows += [first, second]
    group = str(_("Capaian kinerja"))
    columns = [
        TableColumn("1", str(pgettext_lazy("nomor urut", "No")), "urusan_no"),
        TableColumn("2", str(_("Urusan")), "urusan"),
        TableColumn("3", str(_("No. IKK")), "ikk_code"),
        TableColumn("4", str(_("IKK")), "ikk"),
        TableColumn("5", str(_("Rumus/persamaan")), "formula"),
        TableColumn("6", str(_("Pembilang / penyebut")), "value", (K,), group=group, year=ratio_year),
        TableColumn("7", str(_("Satuan")), "unit", group=group, year=ratio_year),
        TableColumn("8", str(_("Capaian (%)")), "ratio", (K,), group=group, year=ratio_year, percent=True),
        TableColumn("9", str(_("Keterangan")), "note"),
    ]
    return OfficialTable(
        report=IKK_REPORT, title=str(_("Capaian indikator kinerja kunci %(y)s") % {"y": ratio_year}),
        agency=agency, plan=plan, year=year, columns=columns, rows=rows,
        revisions={"renstra": data.latest_revision(m.Revision.Document.RENSTRA)},
        summary={"ikk": len(pairs), "year": ratio_year},
    )


def _code_order(code: str) -> tuple:
    return (0, int(code)) if code.isdigit() else (1, code)


def _ratio_cell(row: TableRow, figure: str, result: Result, parts: tuple, d: IndicatorData, printed_text: str):
    cell = Cell.of(result)
    row.extras[figure] = {"pembilang": format(parts[0].normalize(), "f"),
                          "penyebut": format(parts[1].normalize(), "f")}
    if printed_text:
        cell.printed = printed_text
        difference = compare_number(result, printed_text, NumberKind.PERCENT)
        if difference is not None and difference.cause == DOES_NOT_FOLLOW:
            difference = Difference(difference.printed, difference.printed_value, difference.computed,
                                    str(RATIO_PRINTED) % {"factor": format(d.indicator.factor.normalize(), "f")})
        cell.difference = difference
    row.cells[(figure, K)] = cell


def _achievement(d: IndicatorData, target: Stored | None, stored: Stored | None, result: Result | None) -> Result:
    """Capaian of the year's realisasi against its Renstra target (RULES §1; a ratio by its computed value)."""
    if d.indicator.value_kind == m.Indicator.ValueKind.CATEGORY and d.scale is not None:
        return categorical_capaian(target.category if target else None, stored.category if stored else None,
                                   d.scale)
    if target is None or target.value is None:
        return Result.undefined(Reason.NO_TARGET)
    if result is None or result.value is None:
        return result if result is not None and result.reason is not None else Result.undefined(Reason.NOT_REPORTED)
    unit = result.unit if result.unit else (stored.unit if stored else None)
    return capaian(Measured(target.value, target.unit), Measured(result.value, unit), d.polarity)


__all__ = ["IKK_REPORT", "REPORT", "build_ikk", "build_kinerja_pelayanan", "label_of"]
