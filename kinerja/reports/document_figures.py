"""The figures the accountability documents share, from stored data by the engine, and their printed comparison.

A year's realisation (RULES §2, from quarters or one annual figure; a ratio from its numerator and denominator,
RULES §7), capaian (§1, categorical on the indicator's scale), a program's anggaran and its realisation (§5), the
SAKIP grade of a value (§8, on the scale the agency's data names), and the comparison of each with what the
document printed, with the usual slips of the seeds as explanations: a figure truncated instead of rounded, a
percentage rounded to one decimal, a capaian capped at 100 %.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from kinerja.engine import (
    SAKIP_SCALES,
    Aggregation,
    Measured,
    NumberKind,
    Predikat,
    Reason,
    Result,
    SakipScale,
    categorical_capaian,
    cumulative,
    ratio,
    sum_rupiah,
    year_value,
)
from kinerja.plan import models as m

from .data import ElementData, IndicatorData, Stored
from .document_tables import DocCell
from .printed import Difference, Explanation, compare_label, compare_number, read_printed
from .renja_evaluation import CAPPED, achievement

QUARTERS = (1, 2, 3, 4)
# "84,00 (A)", "B (60-70)", "BB (75,50)": a value and a note the document prints beside it.
NOTED = re.compile(r"^(?P<value>.*?\S)\s*\((?P<note>[^()]*)\)$")

TRUNCATED = _("dipotong ke jumlah desimal tercetak, bukan dibulatkan")
ONE_DECIMAL = _("dibulatkan ke satu desimal")
GRADE_DIFFERS = _("predikat tercetak tidak sesuai skala %(scale)s")
NO_RESULT = frozenset({"-", "—"})


# -- values --------------------------------------------------------------------------------------------------------


def measured(result: Result) -> Measured | None:
    return Measured(result.value, result.unit) if result.value is not None else None


def stored_cell(stored: Stored | None) -> DocCell:
    """A stored target as a cell: its number with its unit, or its category."""
    if stored is None:
        return DocCell()
    return DocCell(value=stored.category or stored.value, unit=stored.unit)


def realisation(ind: IndicatorData, year: int) -> Result | str | None:
    """The year's realisation: a Result for a number (undefined with its reason), the category for a category
    indicator (None when not reported). A ratio reported with numerator and denominator is computed from them."""
    reported = [ind.realisations.get((year, q)) for q in (*QUARTERS, m.Period.YEAR)]
    if ind.is_category:
        labels = [r.category for r in reported if r is not None and r.category]
        return labels[-1] if labels else None
    annual = ind.realisations.get((year, m.Period.YEAR))
    if annual is not None and annual.numerator is not None and annual.denominator is not None:
        return ratio(annual.numerator, annual.denominator, ind.indicator.factor, unit=annual.unit)
    quarters = [r.measured() if r is not None else None for r in reported[:4]]
    return year_value(quarters, ind.aggregation, annual.measured() if annual is not None else None)


def realisation_cell(ind: IndicatorData, year: int) -> DocCell:
    value = realisation(ind, year)
    if value is None:
        return DocCell(reason=Reason.NOT_REPORTED)
    if isinstance(value, str):
        return DocCell(value=value)
    return DocCell.of(value) if value.defined else DocCell(reason=value.reason, detail=value.detail)


def ratio_numbers(ind: IndicatorData, year: int) -> dict:
    """Numerator and denominator of a ratio's realisation, for the JSON (RULES §7: both numbers are shown)."""
    annual = ind.realisations.get((year, m.Period.YEAR))
    if annual is None or annual.numerator is None:
        return {}
    return {"numerator": format(annual.numerator.normalize(), "f"),
            "denominator": format(annual.denominator.normalize(), "f"),
            "numerator_name": ind.indicator.numerator_name or None,
            "denominator_name": ind.indicator.denominator_name or None}


def through(ind: IndicatorData, year: int, first_year: int) -> Result | str | None:
    """Realisation s/d year (RULES §2): the years of the period aggregated by the indicator's type."""
    if ind.is_category:
        labels = [realisation(ind, y) for y in range(first_year, year + 1)]
        labels = [label for label in labels if label]
        return labels[-1] if labels and ind.aggregation == Aggregation.LAST else None
    values = []
    for y in range(first_year, year + 1):
        result = realisation(ind, y)
        values.append(measured(result) if isinstance(result, Result) else None)
    return cumulative(values, ind.aggregation)


def capaian_of(ind: IndicatorData, target: Stored | None, realised: Result | str | None) -> Result:
    """Capaian (RULES §1): positive or negative polarity, uncapped; categorical on the indicator's scale."""
    if ind.is_category:
        return categorical_capaian(target.category if target else None,
                                   realised if isinstance(realised, str) else None, ind.scale)
    if realised is None or isinstance(realised, str):
        realised = Result.undefined(Reason.NOT_REPORTED)
    return achievement(target.measured() if target else None, realised, ind.polarity)


def cell_of(value: Result | str | None) -> DocCell:
    if value is None:
        return DocCell(reason=Reason.NOT_REPORTED)
    if isinstance(value, str):
        return DocCell(value=value)
    return DocCell.of(value)


# -- budget --------------------------------------------------------------------------------------------------------


def anggaran(node: ElementData, revision: m.Revision | None, year: int) -> Decimal | None:
    """An element's anggaran of the year in the revision: its own, else the sum of its children's (RULES §5)."""
    own = node.budget(revision, m.PlanKind.RENJA, year)
    if own is not None or not node.children:
        return own
    return sum_rupiah(anggaran(child, revision, year) for child in node.children)


def realisasi_anggaran(node: ElementData, year: int) -> Decimal | None:
    own = sum_rupiah(node.budget_realisations.get((year, p)) for p in (m.Period.YEAR, *QUARTERS))
    if own is not None or not node.children:
        return own
    return sum_rupiah(realisasi_anggaran(child, year) for child in node.children)


# -- grades (RULES §8) ---------------------------------------------------------------------------------------------


def agency_sakip_scale(agency: m.Agency) -> SakipScale | None:
    """The SAKIP scale the agency's evaluation follows: the agency's category scale keyed by a shipped regulation
    (``permenpanrb-12-2015``); None when its data names none."""
    keys = m.CategoryScale.objects.filter(agency=agency, key__in=list(SAKIP_SCALES)).values_list("key", flat=True)
    key = next(iter(sorted(keys)), None)
    return SAKIP_SCALES[key] if key else None


def grade(value, scale: SakipScale | None) -> str:
    if scale is None or not isinstance(value, Decimal) or not 0 <= value <= 100:
        return ""
    return scale.grade(value)


# -- printed -------------------------------------------------------------------------------------------------------


def slips(value, printed: str, kind: NumberKind) -> tuple[Explanation, ...]:
    """The values a printed figure has when the document truncated, rounded to one decimal or capped."""
    if not isinstance(value, Decimal):
        return ()
    _read, decimals, _error = read_printed(printed, kind)
    out = [Explanation(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN), str(TRUNCATED))]
    if decimals >= 2:
        out.append(Explanation(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), str(ONE_DECIMAL)))
    if kind == NumberKind.PERCENT and value > 100:
        out.append(Explanation(Decimal(100), str(CAPPED)))
    return tuple(out)


def compare(cell: DocCell, printed: str, kind: NumberKind = NumberKind.COUNT,
            explanations: tuple[Explanation, ...] = (), grade_scale: SakipScale | None = None,
            label: bool = False) -> None:
    """Attach the printed text to the cell and the difference, if any. A printed note in parentheses is a grade
    (``84,00 (A)``) — compared with the cell's grade on ``grade_scale`` — or, beside a category, its band or score
    (``B (60-70)``, ``BB (75,50)``), which is kept as printed only. ``label``: the cell holds a category."""
    if not printed:
        return
    cell.printed = printed
    body, note = printed, ""
    if match := NOTED.match(printed):
        body, note = match["value"], match["note"]
    if isinstance(cell.value, str) or label:
        cell.difference = compare_label(cell.value if isinstance(cell.value, str) else None, body)
        return
    cell.difference = compare_number(cell.as_result(), body, kind, explanations + slips(cell.value, body, kind))
    if note and cell.difference is None and grade_scale is not None:
        computed = grade(cell.value, grade_scale)
        cell.note = computed
        if computed and computed.casefold() != note.strip().casefold():
            cell.difference = Difference(printed, note, computed, str(GRADE_DIFFERS) % {
                "scale": grade_scale.regulation})


def compare_predikat(cell: DocCell, printed: str) -> None:
    """A printed predikat (kriteria penilaian): where the rules give none (no realisation), a printed remark such
    as 'Belum Ada Hasil Penilaian' agrees."""
    if not printed:
        return
    cell.printed = printed
    labels = {p.value.casefold() for p in Predikat}
    if cell.value is None and " ".join(printed.split()).casefold() not in labels:
        return
    cell.difference = compare_label(cell.value if isinstance(cell.value, str) else None, printed)


def no_result(printed: str) -> bool:
    return printed.strip() in NO_RESULT
