"""Drafts of the analysis a planner writes, generated from the tables the document prints.

A draft reads the very table objects the catalog builds for the document (``renja-evaluasi`` for the Renja's
evaluation of year N−2, ``lkjip`` for the LKjIP of year N) and quotes their cells with the formatters the tables
use: every figure in a draft is a figure of a table beside it, at the same rounding, so the check of narrative
against tables finds nothing in a draft. Nothing here computes a capaian, an average or an absorption again.

Sentences follow the data (above, at or below target; improved or declined; not reported; no target), one short
paragraph per program or sasaran, then a summary. The planner edits the draft and saves it as a normal narrative;
a stored narrative always wins over the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kinerja.engine import Reason, format_count, format_percent, format_rupiah, reason_text
from kinerja.plan import models as m
from kinerja.reports.lang import current_lang

# The sections a draft exists for, per document.
DRAFT_SECTIONS: dict[str, tuple[str, ...]] = {
    "renja": ("evaluasi_renja",),
    "lkjip": ("capaian_kinerja", "realisasi_anggaran", "kesimpulan"),
}
HUNDRED = Decimal(100)


@dataclass
class Draft:
    section: str
    text: str  # paragraphs separated by a new line


# -- figures as the tables print them ---------------------------------------------------------------------------------


def pct(value) -> str:
    return format_percent(value, 2, current_lang())


def rupiah(value) -> str:
    return f"Rp {format_rupiah(value, current_lang())}"


def quantity(value, satuan: str = "") -> str:
    """A K value (target, realisation) as the tables print it, with its unit where one reads naturally."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    text = format_count(value, current_lang(), max_places=2)
    if satuan.strip().casefold() in ("%", "persen"):
        return f"{text} %"
    return text


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s dan %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _grade(value) -> str:
    """A predikat as the tables hold it (the official Indonesian term)."""
    return str(getattr(value, "value", value) or "")


def _outcome(capaian) -> str:
    if capaian is None:
        return "none"
    if capaian > HUNDRED:
        return "above"
    return "met" if capaian == HUNDRED else "below"


def indicator_sentence(name: str, satuan: str, target, realised, capaian, grade: str, reason: Reason | None) -> str:
    """One indicator against its target: the sentence changes with the outcome, not only its numbers."""
    values = {"name": name, "target": quantity(target, satuan), "real": quantity(realised, satuan),
              "capaian": pct(capaian) if capaian is not None else "", "grade": grade}
    if target is None:
        return _("%(name)s tidak memiliki target pada tahun ini, sehingga belum dinilai.") % values
    if capaian is None:
        if reason == Reason.NOT_REPORTED or realised is None:
            return _("Realisasi %(name)s (target %(target)s) belum dilaporkan, sehingga capaiannya belum dapat "
                     "dihitung.") % values
        why = reason_text(reason, current_lang()) if reason else "—"
        return _("Capaian %(name)s belum dapat dihitung: %(why)s.") % {**values, "why": why}
    kind = _outcome(capaian)
    if kind == "above":
        return _("%(name)s melampaui target: realisasi %(real)s dari target %(target)s, capaian %(capaian)s "
                 "(%(grade)s).") % values
    if kind == "met":
        return _("%(name)s tepat mencapai target %(target)s (capaian %(capaian)s, %(grade)s).") % values
    return _("%(name)s belum mencapai target: realisasi %(real)s dari target %(target)s, capaian %(capaian)s "
             "(%(grade)s).") % values


# -- Renja: evaluation of year N−2 -----------------------------------------------------------------------------------


def _renja_evaluation_year(year: int) -> int:
    from .spec import DOCUMENTS

    offsets = [item.year_offset for _section, item in DOCUMENTS["renja"].tables() if item.report == "renja-evaluasi"]
    return year + (offsets[0] if offsets else -2)


def renja_evaluation_draft(agency: m.Agency, year: int) -> Draft:
    from kinerja.reports.catalog import REPORTS
    from kinerja.reports.renja_evaluation import FIGURES, RP, K, _rows_under

    evaluated = _renja_evaluation_year(year)
    table = REPORTS["renja-evaluasi"].build(agency, evaluated, layout=None, averaging=None)
    column = {name: number for number, name in FIGURES[table.layout].items()}
    paragraphs = [_("Bagian ini menilai pelaksanaan Renja tahun %(y)s per program: rata-rata tingkat capaian "
                    "kegiatan dan predikatnya, kegiatan yang belum mencapai target, dan unit kerja "
                    "penanggung jawabnya.") % {"y": evaluated}]
    behind_units: list[str] = []
    all_units: list[str] = []  # units with at least one kegiatan whose capaian is computed
    program_averages: list[tuple[str, Decimal]] = []
    unassessed: list[str] = []  # programs with no capaian K nor Rp: named together, not one paragraph each
    for index, row in enumerate(table.rows):
        if not (row.is_program and row.first_of_element and row.in_year):
            continue
        under = _rows_under(table.rows, index)
        unit = row.element.unit.name if row.element.unit_id else ""
        behind, ahead, unreported = [], [], []
        for leaf in under:
            cell = leaf.cells.get((column["capaian"], K))
            target = leaf.cells.get((column["target"], K))
            leaf_unit = leaf.element.unit.name if leaf.element.unit_id else unit
            if cell is None or target is None or not target.defined:
                continue
            if isinstance(cell.value, Decimal):
                if leaf_unit and leaf_unit not in all_units:
                    all_units.append(leaf_unit)  # units with a kegiatan assessed: behind, or all on target
                if cell.value < HUNDRED:
                    behind.append(f"{leaf.element.name} ({pct(cell.value)})")
                    if leaf_unit and leaf_unit not in behind_units:
                        behind_units.append(leaf_unit)
                elif cell.value > HUNDRED:
                    ahead.append(f"{leaf.element.name} ({pct(cell.value)})")
            elif cell.reason == Reason.NOT_REPORTED:
                unreported.append(leaf.element.name)
        k = row.average.get(K)
        sentences = []
        values = {"program": row.element.name, "unit": unit}
        if k is not None and isinstance(k.value, Decimal):
            program_averages.append((row.element.name, k.value))
            values.update(k=pct(k.value), grade=_grade(row.predikat.get(K)))
            sentences.append((_("%(program)s (%(unit)s) mencatat rata-rata capaian kinerja %(k)s, predikat %(grade)s.")
                              if unit else _("%(program)s mencatat rata-rata capaian kinerja %(k)s, predikat "
                                             "%(grade)s.")) % values)
        rp = row.average.get(RP) if table.layout == 1 else None
        if not (k is not None and isinstance(k.value, Decimal)) and not (rp is not None
                                                                         and isinstance(rp.value, Decimal)):
            unassessed.append(row.element.name)
            continue
        if rp is not None and isinstance(rp.value, Decimal):
            rp_values = {"rp": pct(rp.value), "grade": _grade(row.predikat.get(RP))}
            if k is not None and isinstance(k.value, Decimal) and k.value > rp.value:
                sentences.append(_("Penyerapan anggarannya rata-rata %(rp)s (%(grade)s), lebih rendah dari capaian "
                                   "kinerjanya: keluaran tercapai dengan biaya lebih kecil dari pagu.") % rp_values)
            elif k is not None and isinstance(k.value, Decimal) and k.value < rp.value:
                sentences.append(_("Penyerapan anggarannya rata-rata %(rp)s (%(grade)s), lebih tinggi dari capaian "
                                   "kinerjanya: anggaran terserap tanpa keluaran yang sepadan.") % rp_values)
            else:
                sentences.append(_("Penyerapan anggarannya rata-rata %(rp)s (%(grade)s).") % rp_values)
        if behind:
            sentences.append(_("Belum mencapai target: %(list)s.") % {"list": _names(behind)})
        elif under and k is not None and isinstance(k.value, Decimal):
            sentences.append(_("Semua kegiatan yang bertarget mencapai atau melampaui targetnya."))
        if ahead:
            sentences.append(_("Melampaui target: %(list)s.") % {"list": _names(ahead)})
        if unreported:
            sentences.append(_("Realisasi belum dilaporkan untuk %(list)s.") % {"list": _names(unreported)})
        own = row.cells.get((column["capaian"], K))
        if own is not None and isinstance(own.value, Decimal) and row.indicator is not None:
            sentences.append(_own_indicator(row.indicator.indicator.name, own.value))
        renstra = _program_renstra(row, column, table.layout)
        if renstra:
            sentences.append(renstra)
        paragraphs.append(" ".join(sentences))
    if unassessed:
        paragraphs.append(_("Belum dapat dinilai karena belum ada kegiatannya yang memiliki target dan realisasi "
                            "tahun %(y)s: %(list)s.") % {"y": evaluated, "list": _names(unassessed)})
    paragraphs.append(_renja_summary(table, program_averages, behind_units, all_units, K, RP))
    return Draft("evaluasi_renja", "\n".join(p for p in paragraphs if p))


def _own_indicator(name: str, capaian: Decimal) -> str:
    """The program's own indicator, beside the average of its kegiatan: the two can tell different stories."""
    values = {"name": name, "c": pct(capaian)}
    if capaian > HUNDRED:
        return _("Indikator program, %(name)s, melampaui targetnya dengan capaian %(c)s.") % values
    if capaian == HUNDRED:
        return _("Indikator program, %(name)s, tepat mencapai targetnya (capaian %(c)s).") % values
    return _("Indikator program, %(name)s, baru mencapai %(c)s dari targetnya.") % values


def _program_renstra(row, column: dict[str, str], layout: int) -> str:
    from kinerja.reports.renja_evaluation import K

    name = "capaian_renstra" if layout == 1 else "capaian_projected"
    cell = row.cells.get((column.get(name, ""), K))
    if cell is None or not isinstance(cell.value, Decimal):
        return ""
    values = {"c": pct(cell.value), "y": row.node.element.strategic_plan.last_year}
    if layout == 1:
        if cell.value >= HUNDRED:
            return _("Terhadap target akhir Renstra (%(y)s) indikator program telah tercapai %(c)s.") % values
        return _("Terhadap target akhir Renstra (%(y)s) indikator program baru tercapai %(c)s.") % values
    return _("Bila target tahun berikutnya terpenuhi, capaian terhadap target akhir Renstra (%(y)s) menjadi "
             "%(c)s.") % values


def _renja_summary(table, program_averages, behind_units, all_units, K, RP) -> str:
    k = table.average.get(K)
    parts = []
    rp = table.average.get(RP)
    if k is not None and isinstance(k.value, Decimal):
        values = {"y": table.year, "k": pct(k.value), "grade": _grade(table.predikat.get(K))}
        if rp is not None and isinstance(rp.value, Decimal):
            parts.append(_("Secara keseluruhan rata-rata capaian kinerja program tahun %(y)s adalah %(k)s (%(grade)s) "
                           "dan rata-rata penyerapan anggaran %(rp)s (%(rp_grade)s).") % {
                **values, "rp": pct(rp.value), "rp_grade": _grade(table.predikat.get(RP))})
        else:
            parts.append(_("Secara keseluruhan rata-rata capaian kinerja program tahun %(y)s adalah %(k)s "
                           "(%(grade)s).") % values)
    else:
        parts.append(_("Belum ada capaian program yang terhitung untuk tahun %(y)s.") % {"y": table.year})
    if len(program_averages) > 1:
        low = min(program_averages, key=lambda item: item[1])
        high = max(program_averages, key=lambda item: item[1])
        tops = [name for name, value in program_averages if value == high[1]]
        if low[1] != high[1] and len(tops) == 1:
            parts.append(_("Capaian tertinggi pada %(high)s (%(hv)s), terendah pada %(low)s (%(lv)s).") % {
                "high": high[0], "hv": pct(high[1]), "low": low[0], "lv": pct(low[1])})
        elif low[1] != high[1]:
            parts.append(_("Capaian terendah pada %(low)s (%(lv)s).") % {"low": low[0], "lv": pct(low[1])})
    if behind_units:
        parts.append(_("Kegiatan yang tertinggal berada di %(units)s; perlu ditelaah penyebabnya sebelum target "
                       "tahun rencana ditetapkan.") % {"units": _names(behind_units)})
    ahead = [u for u in all_units if u not in behind_units]
    if ahead:
        parts.append(_("Seluruh kegiatan bertarget di %(units)s mencapai targetnya.") % {"units": _names(ahead)})
    return " ".join(parts)


# -- LKjIP of year N ---------------------------------------------------------------------------------------------------


def _lkjip(agency: m.Agency, year: int):
    from kinerja.reports.catalog import REPORTS

    return REPORTS["lkjip"].build(agency, year, layout=None, averaging=None)


def _base(key: str) -> str:
    return key.split("#")[0]


def _value(cell):
    return cell.value if cell is not None else None


def _program_units(table) -> dict[str, str]:
    rows = m.PlanElement.objects.filter(strategic_plan=table.plan, level=m.Level.PROGRAM).select_related("unit")
    return {e.key: e.unit.name for e in rows if e.unit_id}


def lkjip_achievement_draft(table) -> Draft:
    year = table.year
    part_32, part_33, part_34, part_36 = (table.part(k) for k in ("3.2", "3.3", "3.4", "3.6"))
    previous = {(_base(r.key), r.indicator): r for r in part_33.rows if r.kind == "indicator"}
    renstra = {(_base(r.key), r.indicator): r for r in part_34.rows if r.kind == "indicator"}
    end_year = table.plan.last_year
    paragraphs = [_("Capaian kinerja tahun %(y)s diukur dari target Perjanjian Kinerja setiap sasaran strategis, "
                    "dibandingkan dengan tahun %(p)s dan dengan target akhir Renstra.") % {"y": year, "p": year - 1}]
    groups: list[tuple[str, list]] = []
    below, unreported = [], []
    for row in part_32.rows:
        if row.kind != "indicator":
            continue
        sasaran = _value(row.cell("1"))
        if sasaran or not groups:
            groups.append((sasaran or "", []))
        groups[-1][1].append(row)
    on_target: list[str] = []  # sasaran whose every indicator met its target exactly, with nothing else to say
    on_target_at = None
    for sasaran, rows in groups:
        exact = [row.cell("6").value for row in rows]
        if sasaran and all(v == HUNDRED for v in exact) and not any(
                (_base(r.key), r.indicator) in previous or (_base(r.key), r.indicator) in renstra for r in rows):
            on_target.append(f"“{sasaran}” ({_names([r.indicator for r in rows])})")
            if on_target_at is None:
                on_target_at = (len(paragraphs), rows[0])
            continue
        sentences = [_("Sasaran “%(s)s”.") % {"s": sasaran}] if sasaran else []
        for row in rows:
            c = row.cell("6")
            capaian = c.value if isinstance(c.value, Decimal) else None
            satuan = _value(row.cell("3")) or ""
            sentences.append(indicator_sentence(row.indicator, satuan, _value(row.cell("4")), _value(row.cell("5")),
                                                capaian, _value(row.cell("7")) or "", c.reason))
            if capaian is not None and capaian < HUNDRED:
                below.append(f"{row.indicator} ({pct(capaian)})")
            elif capaian is None and c.reason == Reason.NOT_REPORTED:
                unreported.append(row.indicator)
            if (last := previous.get((_base(row.key), row.indicator))) is not None:
                sentences.append(_compared_with_last_year(last, year))
            if (end := renstra.get((_base(row.key), row.indicator))) is not None:
                sentences.append(_compared_with_renstra(end, end_year, year))
        paragraphs.append(" ".join(s for s in sentences if s))
    if on_target:
        index, first = on_target_at
        paragraphs.insert(index, _("Tepat mencapai target, dengan capaian %(c)s (%(g)s) untuk setiap indikatornya: "
                                   "sasaran %(list)s.") % {"c": pct(first.cell("6").value),
                                                           "g": _value(first.cell("7")), "list": _names(on_target)})
    program_sentences = []
    units = _program_units(table)
    for row in part_36.rows:
        c = row.cell("6")
        capaian = c.value if isinstance(c.value, Decimal) else None
        program = _value(row.cell("1"))
        unit = units.get(_base(row.key), "")
        lead = (f"{program} ({unit}):" if unit else f"{program}:") if program else ""
        program_sentences.append(" ".join(filter(None, [lead, indicator_sentence(
            row.indicator, _value(row.cell("3")) or "", _value(row.cell("4")), _value(row.cell("5")), capaian,
            _grade_of(capaian), c.reason)])))
    if program_sentences:
        paragraphs.append(_("Indikator program yang menunjang sasaran:"))
        paragraphs.extend(program_sentences)
    average = next((r for r in part_32.rows if r.kind == "average"), None)
    summary = []
    if average is not None and isinstance(average.cell("6").value, Decimal):
        summary.append(_("Rata-rata capaian kinerja sasaran strategis tahun %(y)s adalah %(c)s dengan predikat "
                         "%(g)s.") % {"y": year, "c": pct(average.cell("6").value), "g": _value(average.cell("7"))})
    if below:
        summary.append(_("Yang belum mencapai target: %(list)s.") % {"list": _names(below)})
    else:
        summary.append(_("Semua indikator yang telah dilaporkan mencapai targetnya."))
    if unreported:
        summary.append(_("Realisasi belum dilaporkan untuk %(list)s; indikator ini tidak ikut dirata-ratakan.") % {
            "list": _names(unreported)})
    paragraphs.append(" ".join(summary))
    return Draft("capaian_kinerja", "\n".join(p for p in paragraphs if p))


def _grade_of(capaian) -> str:
    from kinerja.engine import predikat

    p = predikat(capaian) if capaian is not None else None
    return p.value if p else ""


def _compared_with_last_year(row, year: int) -> str:
    c0, c1 = row.cell("6").value, row.cell("9").value
    if not (isinstance(c0, Decimal) and isinstance(c1, Decimal)):
        return _("Capaian tahun %(p)s tidak tersedia untuk dibandingkan.") % {"p": year - 1}
    values = {"p": year - 1, "c0": pct(c0), "c1": pct(c1)}
    if c1 > c0 and pct(c1) != pct(c0):
        return _("Dibanding tahun %(p)s capaiannya meningkat, dari %(c0)s menjadi %(c1)s.") % values
    if c1 < c0 and pct(c1) != pct(c0):
        return _("Dibanding tahun %(p)s capaiannya menurun, dari %(c0)s menjadi %(c1)s.") % values
    return _("Capaiannya sama dengan tahun %(p)s, %(c1)s.") % values


def _compared_with_renstra(row, end_year: int, year: int) -> str:
    c = row.cell("4").value
    values = {"e": end_year, "y": year, "t": quantity(_value(row.cell("2"))), "c": pct(c) if c is not None else ""}
    if not isinstance(c, Decimal):
        return _("Kemajuan terhadap target akhir Renstra (%(e)s) belum dapat dihitung.") % values
    if c >= HUNDRED:
        return _("Target akhir Renstra tahun %(e)s (%(t)s) sudah terlampaui sampai dengan %(y)s: %(c)s.") % values
    return _("Sampai dengan %(y)s, target akhir Renstra tahun %(e)s (%(t)s) baru tercapai %(c)s.") % values


def lkjip_budget_draft(table) -> Draft:
    year = table.year
    part_312, part_313, part_35 = table.part("3.12"), table.part("3.13"), table.part("3.5")
    last_year = {r.key: r for r in part_313.rows if r.kind == "program"}
    efficiency = {r.key: r for r in part_35.rows if r.kind == "program"}
    units = _program_units(table)
    paragraphs = [_("Realisasi anggaran tahun %(y)s per program, dibandingkan dengan tahun %(p)s, dan efisiensi "
                    "penggunaan sumber daya bila capaian kinerja program mencapai 100 %%.") % {
                        "y": year, "p": year - 1}]
    shares: list[tuple[str, Decimal]] = []
    for row in part_312.rows:
        if row.kind != "program":
            continue
        name = _value(row.cell("3"))
        amount, used, absorbed, left = (_value(row.cell(n)) for n in ("4", "5", "6", "7"))
        unit = units.get(row.key, "")
        values = {"p": name, "u": unit, "a": rupiah(amount) if amount is not None else "—",
                  "r": rupiah(used) if used is not None else "—", "s": pct(absorbed) if absorbed is not None else "",
                  "z": rupiah(left) if left is not None else "—"}
        lead = f"{name} ({unit})" if unit else name
        if amount is None:
            sentences = [_("%(lead)s tidak memiliki anggaran tahun ini.") % {"lead": lead}]
        elif absorbed is None:
            sentences = [_("%(lead)s beranggaran %(a)s; realisasinya belum dilaporkan.") % {**values, "lead": lead}]
        else:
            shares.append((name, absorbed))
            sentences = [_("%(lead)s beranggaran %(a)s dan terealisasi %(r)s atau %(s)s, dengan sisa %(z)s.") % {
                **values, "lead": lead}]
        before = last_year.get(row.key)
        if absorbed is not None and before is not None and isinstance(before.cell("6").value, Decimal):
            b = before.cell("6").value
            values = {"b": pct(b), "y": year - 1}
            if pct(absorbed) == pct(b):
                sentences.append(_("Penyerapannya sama dengan tahun %(y)s.") % values)
            elif absorbed > b:
                sentences.append(_("Penyerapannya naik dari %(b)s pada tahun %(y)s.") % values)
            else:
                sentences.append(_("Penyerapannya turun dari %(b)s pada tahun %(y)s.") % values)
        elif before is None and last_year:
            sentences.append(_("Program ini tidak tercatat beranggaran pada tahun %(y)s.") % {"y": year - 1})
        if (eff := efficiency.get(row.key)) is not None:
            sentences.append(_efficiency_sentence(eff))
        paragraphs.append(" ".join(sentences))
    total = next((r for r in part_312.rows if r.kind == "total"), None)
    summary = []
    if total is not None and isinstance(total.cell("6").value, Decimal):
        summary.append(_("Secara keseluruhan anggaran %(a)s terealisasi %(r)s atau %(s)s, dengan sisa %(z)s.") % {
            "a": rupiah(total.cell("4").value), "r": rupiah(total.cell("5").value), "s": pct(total.cell("6").value),
            "z": rupiah(total.cell("7").value)})
        before = next((r for r in part_313.rows if r.kind == "total"), None)
        if before is not None and isinstance(before.cell("6").value, Decimal):
            summary.append(_("Pada tahun %(y)s penyerapannya %(s)s.") % {
                "y": year - 1, "s": pct(before.cell("6").value)})
    if len(shares) > 1:
        low = min(shares, key=lambda item: item[1])
        summary.append(_("Penyerapan terendah pada %(p)s (%(s)s): sisa anggarannya perlu dijelaskan.") % {
            "p": low[0], "s": pct(low[1])})
    paragraphs.append(" ".join(summary))
    return Draft("realisasi_anggaran", "\n".join(p for p in paragraphs if p))


def _efficiency_sentence(row) -> str:
    c, s, e = row.cell("3"), row.cell("5"), row.cell("6")
    if isinstance(e.value, Decimal):
        return _("Dengan capaian kinerja program %(c)s dan penyerapan %(s)s, efisiensinya %(e)s.") % {
            "c": pct(c.value), "s": pct(s.value), "e": pct(e.value)}
    if isinstance(c.value, Decimal) and c.value < HUNDRED:
        return _("Capaian kinerja program %(c)s di bawah 100 %%, sehingga efisiensi tidak dihitung.") % {
            "c": pct(c.value)}
    if c.value is None and c.reason is not None:
        return _("Capaian kinerja program belum dapat dihitung (%(why)s), sehingga efisiensi juga belum.") % {
            "why": reason_text(c.reason, current_lang())}
    return _("Efisiensi belum dapat dihitung.")


def lkjip_conclusion_draft(table) -> Draft:
    year = table.year
    rows = {r.key: r for r in table.part("IV").rows}
    sentences = []
    labels = {"kinerja": _("capaian kinerja sasaran strategis"), "anggaran": _("capaian kinerja anggaran"),
              "rata-rata": _("rata-rata keduanya")}
    quoted = []
    for key in ("kinerja", "anggaran", "rata-rata"):
        row = rows.get(key)
        if row is not None and isinstance(row.cell("2").value, Decimal):
            quoted.append(f"{labels[key]} {pct(row.cell('2').value)} ({_value(row.cell('3'))})")
    if quoted:
        sentences.append(_("Kinerja tahun %(y)s: %(list)s.") % {"y": year, "list": _names(quoted)})
    k, a = rows.get("kinerja"), rows.get("anggaran")
    if k is not None and a is not None and isinstance(k.cell("2").value, Decimal) and \
            isinstance(a.cell("2").value, Decimal):
        if k.cell("2").value > a.cell("2").value:
            sentences.append(_("Capaian kinerja lebih tinggi dari penyerapan anggaran: sasaran tercapai tanpa "
                               "menghabiskan seluruh pagu."))
        elif k.cell("2").value < a.cell("2").value:
            sentences.append(_("Penyerapan anggaran lebih tinggi dari capaian kinerja: hasil belum sepadan dengan "
                               "dana yang terpakai."))
    part_32 = table.part("3.2")
    below = [r for r in part_32.rows if r.kind == "indicator" and isinstance(r.cell("6").value, Decimal)
             and r.cell("6").value < HUNDRED]
    if below:
        worst = min(below, key=lambda r: r.cell("6").value)
        sentences.append(_("Perbaikan ke depan terutama pada %(i)s, yang capaiannya %(c)s.") % {
            "i": worst.indicator, "c": pct(worst.cell("6").value)})
    else:
        sentences.append(_("Semua indikator Perjanjian Kinerja yang dilaporkan mencapai targetnya."))
    return Draft("kesimpulan", " ".join(sentences))


# -- entry points ------------------------------------------------------------------------------------------------------


def document_drafts(agency: m.Agency, kind: str, year: int, sections=None) -> dict[str, str]:
    """section → draft text in the active language, for the sections asked (all the document has by default).

    A table the catalog cannot build (no Renja of the evaluated year, no PK …) gives no draft, not an error."""
    from kinerja.reports.data import ReportError

    wanted = [s for s in DRAFT_SECTIONS.get(kind, ()) if sections is None or s in sections]
    if not wanted:
        return {}
    drafts: list[Draft] = []
    try:
        if kind == "renja":
            drafts.append(renja_evaluation_draft(agency, year))
        else:
            table = _lkjip(agency, year)
            builders = {"capaian_kinerja": lkjip_achievement_draft, "realisasi_anggaran": lkjip_budget_draft,
                        "kesimpulan": lkjip_conclusion_draft}
            drafts.extend(builders[s](table) for s in wanted)
    except ReportError:
        return {}
    return {d.section: d.text for d in drafts if d.section in wanted and d.text.strip()}


def indicator_analysis_draft(indicator: m.Indicator, year: int) -> str:
    """The analisis of one indicator's capaian in a year: its row of the LKjIP of the year (Perjanjian Kinerja,
    else program indicator) with last year and the Renstra end target, else its row of the Renja evaluation of
    the year; "" when neither table holds it."""
    from kinerja.reports.catalog import REPORTS
    from kinerja.reports.data import ReportError
    from kinerja.reports.renja_evaluation import FIGURES, K

    agency, key = indicator.element.strategic_plan.agency, indicator.element.key
    try:
        table = _lkjip(agency, year)
    except ReportError:
        table = None
    if table is not None and table.plan.pk == indicator.element.strategic_plan_id:
        for part_key in ("3.2", "3.6"):
            row = next((r for r in table.part(part_key).rows if r.kind == "indicator" and _base(r.key) == key
                        and r.indicator == indicator.name), None)
            if row is None:
                continue
            c = row.cell("6")
            capaian = c.value if isinstance(c.value, Decimal) else None
            grade = _value(row.cell("7")) if part_key == "3.2" else _grade_of(capaian)
            sentences = [indicator_sentence(indicator.name, _value(row.cell("3")) or "", _value(row.cell("4")),
                                            _value(row.cell("5")), capaian, grade or "", c.reason)]
            for other, say in (("3.3", lambda r: _compared_with_last_year(r, year)),
                               ("3.4", lambda r: _compared_with_renstra(r, table.plan.last_year, year))):
                match = next((r for r in table.part(other).rows if r.kind == "indicator" and _base(r.key) == key
                              and r.indicator == indicator.name), None)
                if match is not None:
                    sentences.append(say(match))
            return " ".join(sentences)
    try:
        evaluation = REPORTS["renja-evaluasi"].build(agency, year, layout=None, averaging=None)
    except ReportError:
        return ""
    column = {name: number for number, name in FIGURES[evaluation.layout].items()}
    row = next((r for r in evaluation.rows if r.indicator is not None and r.indicator.indicator.pk == indicator.pk),
               None)
    if row is None:
        return ""
    cell = row.cells.get((column["capaian"], K))
    capaian = cell.value if cell is not None and isinstance(cell.value, Decimal) else None
    return indicator_sentence(indicator.name, indicator.satuan, _value(row.cells.get((column["target"], K))),
                              _value(row.cells.get((column["year"], K))), capaian, _grade_of(capaian),
                              cell.reason if cell is not None else None)


def draft_note(lang: str) -> str:
    """The short note a generated document prints above a draft: what it is and that the planner checks it."""
    from django.utils import translation

    with translation.override(lang):
        return _("Draf yang disusun dari data tabel dokumen ini; perencana memeriksa dan menyuntingnya sebelum "
                 "dokumen diterbitkan.")
