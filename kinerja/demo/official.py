"""The demo file kinds of the official tables of REPORTS.md §C–§F, loaded into an ``AgencyLoader``.

- ``rkpd-review``: review terhadap rancangan awal RKPD (seed 000 §2.4, seed 001 Tabel 3), one RkpdReview per line.
- ``usulan``: usulan (aspirasi) masyarakat (seed 000 §3.5, seed 001 Tabel 4), one Proposal per line.
- ``tujuan-sasaran``: tujuan and sasaran with their indicators and Renstra targets per year (seed 000 §3.2,
  seed 001 Tabel 5); creates the tujuan, and the sasaran not yet known in the Renstra period.
- ``pelayanan``: pencapaian kinerja pelayanan — IKK/SPM/IKU indicators of existing tujuan or sasaran, with
  Renstra targets, realisasi (pembilang and penyebut where the document prints them, RULES §7), proyeksi and the
  catatan analisis (seed 000 §2.2, seed 001 Tabel 2).
- ``rencana-tercetak``: a plan file (``rencana-<year>.csv``) read again for its wording: where the Renja prints an
  element's name, code or indicator otherwise than the element is stored (it was first stored from an earlier table),
  the printed text is kept as a PrintedFigure of ``renja-rencana``, which shows it.
- ``nomor-kolom``: the column numbers a document printed over one of these tables where they are not the table's
  own numbers (seed 001 Tabel 3 prints ``(1) … (5)`` and again ``(2) (4) (5)`` over the analysis; seed 000 §3.2
  ``(9) (10)`` in parentheses), one row per numbered column; columns not listed were printed without a number.

Errors follow the loader's convention: file, row and column, nothing written. A value printed in two tables of one
document is stored once (the file loaded first); a second printing that differs is kept as a PrintedFigure of its
table, so the report shows it beside the stored value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kinerja.engine import SAKIP_SCALES, NumberFormatError, NumberKind, ratio, read_number
from kinerja.plan import models as m

if TYPE_CHECKING:
    from .loader import AgencyLoader, Value, _Row

RKPD_REPORT = "rkpd-review"
PROPOSAL_REPORT = "usulan"
OBJECTIVES_REPORT = "tujuan-sasaran"
SERVICE_REPORT = "kinerja-pelayanan"
IKK_REPORT = "ikk"

LINE_LEVELS = set(m.OfficialRowLevel.values)
YEAR_COLUMN = re.compile(r"^(?P<figure>target|realisasi|numerator|denominator|proyeksi|printed_target|"
                         r"printed_realisasi|printed_rasio)_(?P<year>awal|[0-9]{4})$")
# "72,00 / B" (seed 001), "76 (Baik)" (seed 000): a value and the grade the document gives it.
GRADED = re.compile(r"^(?P<value>[0-9][0-9.,]*\s*%?)\s*(?:/\s*(?P<slash>[A-Za-z][A-Za-z ]*)|\((?P<paren>[^)]+)\))$")
YES = {"ya", "yes"}


def official_loaders(loader: AgencyLoader) -> dict[str, Callable[[Path, dict], None]]:
    """The file kinds this module adds to ``AgencyLoader.load_file``."""
    return {
        "rkpd-review": partial(load_rkpd_review, loader),
        "usulan": partial(load_proposals, loader),
        "tujuan-sasaran": partial(load_objectives, loader),
        "pelayanan": partial(load_service, loader),
        "nomor-kolom": partial(load_column_numbers, loader),
        "rencana-tercetak": partial(load_plan_wording, loader),
    }


def remove_official(agency: m.Agency) -> None:
    """Delete the agency's official-table lines (children before parents)."""
    for model in (m.RkpdReview, m.Proposal):
        lines = model.objects.filter(agency=agency)
        lines.update(parent=None)
        lines.delete()


# -- cells -------------------------------------------------------------------------------------------------------


@dataclass
class Quantity:
    """A target or volume cell: a number with its unit, a category, or only the unit (value not printed)."""

    value: Decimal | None = None
    category: str = ""
    unit: str = ""
    text: str = ""


def read_quantity(row: _Row, column: str, satuan_column: str | None = None) -> Quantity:
    """``12`` + satuan ``bulan`` (seed 000 prints them in two cells), ``312 Orang/Bulan``, ``100%``, or a category
    such as ``Cepat Berkembang`` (a text without digits)."""
    text = row.get(column)
    satuan = row.get(satuan_column) if satuan_column else ""
    if not text:
        return Quantity(unit=satuan, text=satuan)
    try:
        reading = read_number(text, NumberKind.COUNT)
    except NumberFormatError as exc:
        if not any(ch.isdigit() for ch in text):
            return Quantity(category=text, unit=satuan, text=" ".join(filter(None, [text, satuan])))
        raise row.error(column, str(exc)) from exc
    unit = satuan or reading.unit or ""
    return Quantity(value=reading.value, unit=unit, text=" ".join(filter(None, [text, satuan])))


def split_grade(text: str) -> tuple[str, str]:
    """``"72,00 / B"`` → ``("72,00", "B")``; ``"76 (Baik)"`` → ``("76", "Baik")``; anything else unchanged."""
    match = GRADED.match(text)
    if not match:
        return text, ""
    return match.group("value").strip(), (match.group("slash") or match.group("paren") or "").strip()


def graded_value(loader: AgencyLoader, row: _Row, column: str, indicator: m.Indicator) -> tuple[Value, str]:
    """A K cell that may carry a grade: the value read by the loader's rules, and the grade as printed."""
    from .loader import Value

    text = row.get(column)
    value_text, grade = split_grade(text)
    if not grade:
        return loader.kinerja(row, column, indicator), ""
    original = row.data.get(column)
    row.data[column] = value_text
    try:
        value = loader.kinerja(row, column, indicator)
    finally:
        row.data[column] = original
    return Value(value=value.value, category=value.category, unit=value.unit, text=text), grade


def scale_for(loader: AgencyLoader, row: _Row, key: str) -> m.CategoryScale:
    """A scale of agency.toml, or a shipped SAKIP scale (its grades D … AA) made the agency's on first use."""
    if key in loader.scales:
        return loader.scales[key]
    if key not in SAKIP_SCALES:
        known = sorted({*loader.scales, *SAKIP_SCALES})
        raise row.error("scale", f"skala {key!r} tidak ada di agency.toml maupun skala SAKIP ({known})")
    sakip = SAKIP_SCALES[key]
    loader.scales[key] = m.CategoryScale.objects.create(
        agency=loader.agency, key=key, name=f"Predikat SAKIP ({sakip.regulation})",
        categories=list(sakip.ordinal().categories),
    )
    return loader.scales[key]


def flag(row: _Row, column: str) -> bool | None:
    """``ya`` → True, empty → None (not stated: leaves what is stored); anything else is refused."""
    text = row.get(column).casefold()
    if not text:
        return None
    if text in YES:
        return True
    raise row.error(column, f"{text!r}: tulis 'ya' atau kosongkan")


def ensure_indicator(loader: AgencyLoader, row: _Row, element: m.PlanElement) -> m.Indicator:
    """The element's indicator of this name, created from the row's columns if new; flags (IKK, SPM, IKU) set
    where the row states them."""
    name = row.require("indicator")
    indicator = loader.indicators.get((element.pk, name.casefold()))
    if indicator is None:
        value_kind = row.choice("value_kind", set(m.Indicator.ValueKind.values), default="number")
        scale = scale_for(loader, row, row.get("scale")) if row.get("scale") else None
        if value_kind == m.Indicator.ValueKind.CATEGORY and scale is None:
            raise row.error("scale", "indikator kategori memerlukan skala")
        factor = Decimal(100)
        if row.get("factor"):
            try:
                factor = read_number(row.get("factor"), NumberKind.COUNT).value
            except NumberFormatError as exc:
                raise row.error("factor", str(exc)) from exc
        if value_kind == m.Indicator.ValueKind.RATIO and not (row.get("numerator_name") and
                                                              row.get("denominator_name")):
            raise row.error("numerator_name", "indikator rasio memerlukan nama pembilang dan penyebut")
        indicator = m.Indicator.objects.create(
            element=element, position=element.indicators.count(), name=name, satuan=row.get("satuan"),
            polarity=row.choice("polarity", {"positive", "negative"}, default="positive"),
            aggregation=row.choice("aggregation", {"SUM", "LAST", "MAX", "MIN"}),
            value_kind=value_kind, scale=scale, unit=element.unit,
            numerator_name=row.get("numerator_name"), denominator_name=row.get("denominator_name"), factor=factor,
            formula=row.get("formula"), data_source=row.get("data_source"),
        )
        loader.indicators[(element.pk, name.casefold())] = indicator
        loader.summary.add("indikator")
    changed = []
    for field, column in (("is_ikk", "is_ikk"), ("is_spm", "is_spm"), ("is_iku", "is_iku")):
        if flag(row, column) and not getattr(indicator, field):
            setattr(indicator, field, True)
            changed.append(field)
    if row.get("ikk_code") and indicator.ikk_code != row.get("ikk_code"):
        indicator.ikk_code = row.get("ikk_code")
        changed.append("ikk_code")
    if changed:
        indicator.save(update_fields=changed)
    return indicator


def same_value(stored_value, stored_category: str, value: Value) -> bool:
    if value.category or stored_category:
        return stored_category.casefold() == value.category.casefold()
    return stored_value == value.value


def put_target(loader: AgencyLoader, report: str, indicator, revision, kind: str, year: int, value: Value,
               element) -> None:
    """Store a target; one already stored (printed in another table of the document) stands, and a different
    printing is kept as printed in this table."""
    if not value.present:
        return
    stored = m.Target.objects.filter(indicator=indicator, revision=revision, kind=kind, year=year).first()
    if stored is None:
        loader.target(indicator, revision, kind, year, value)
        return
    if not same_value(stored.value, stored.category, value):
        figure = "proyeksi" if kind == m.PlanKind.PROJECTION else "target"
        loader.printed(report, element, indicator, f"{figure}:{year}", "", value.text)


def printed_grade(loader: AgencyLoader, report: str, element, indicator, figure: str, year: int, grade: str):
    if grade:
        loader.printed(report, element, indicator, f"grade:{figure}:{year}", "", grade)


def year_columns(header: list[str], plan: m.StrategicPlan) -> dict[str, dict[int, str]]:
    """``{"target": {2019: "target_2019", …}, …}``; ``*_awal`` is the Renstra's first year (target awal)."""
    found: dict[str, dict[int, str]] = {}
    for column in header:
        match = YEAR_COLUMN.match(column)
        if match:
            year = plan.first_year if match.group("year") == "awal" else int(match.group("year"))
            found.setdefault(match.group("figure"), {})[year] = column
    return found


def header_of(path: Path) -> list[str]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


# -- rkpd-review ---------------------------------------------------------------------------------------------------


def _line_parent(loader, row: _Row, lines: dict, key: str):
    """The line's parent: a repeated key (an extra indicator line) shares its first line's parent."""
    if key in lines:
        return lines[key].parent
    parent_key = row.get("parent")
    if not parent_key:
        return None
    if parent_key not in lines:
        raise row.error("parent", f"induk {parent_key!r} belum didefinisikan di atas baris ini")
    return lines[parent_key]


def _line_element(loader: AgencyLoader, row: _Row) -> m.PlanElement | None:
    key = row.get("element")
    if not key:
        return None
    element = loader.known(key)
    if element is None:
        raise row.error("element", f"unsur {key!r} tidak ada pada Renstra {loader.plan.key}")
    return element


def load_rkpd_review(loader: AgencyLoader, path: Path, cfg: dict) -> None:
    rows = loader.rows(path, ["key", "parent", "level", "element", "name", "indicator", "target", "pagu",
                              "analysis_target", "analysis_pagu", "catatan"])
    lines: dict[str, m.RkpdReview] = {}
    for position, row in enumerate(rows):
        key = row.require("key")
        level = row.choice("level", LINE_LEVELS | {""}, default="")
        target = read_quantity(row, "target", "satuan")
        analysis = read_quantity(row, "analysis_target", "analysis_satuan")
        line = m.RkpdReview.objects.create(
            agency=loader.agency, year=loader.year, position=position, key=key,
            parent=_line_parent(loader, row, lines, key), level=level, element=_line_element(loader, row),
            code=loader.code(row), code_printed=row.get("code_printed"),
            name=row.get("name"), indicator=row.get("indicator"), location=row.get("lokasi"),
            target_value=target.value, target_category=target.category, target_unit=target.unit,
            target_text=target.text, pagu=loader.rupiah(row, "pagu"),
            analysis_name=row.get("analysis_name"), analysis_indicator=row.get("analysis_indicator"),
            analysis_location=row.get("analysis_lokasi"), analysis_target_value=analysis.value,
            analysis_target_category=analysis.category, analysis_target_unit=analysis.unit,
            analysis_target_text=analysis.text, analysis_pagu=loader.rupiah(row, "analysis_pagu"),
            note=row.get("catatan"), printed_pagu=row.get("printed_pagu"),
            printed_analysis_pagu=row.get("printed_analysis_pagu"), source=loader.source,
        )
        lines.setdefault(key, line)
        loader.summary.add("baris review RKPD")


# -- printed column numbers ---------------------------------------------------------------------------------------

NUMBERED_REPORTS = {RKPD_REPORT, PROPOSAL_REPORT, OBJECTIVES_REPORT, SERVICE_REPORT}
FIGURE = re.compile(r"^[a-z][a-z0-9_]{0,18}$")  # a column's figure; ``#`` + figure fits PrintedFigure.column
PRINTED_NUMBER = re.compile(r"^\(?[0-9]{1,3}\)?$")


def _figures(report: str, year: int) -> Callable[[str], bool]:
    """Whether a figure is a column of the report (the per-year ones by their pattern)."""
    from kinerja.reports import rkpd_review, usulan

    if report == RKPD_REPORT:
        return {c.figure for c in rkpd_review.columns(year)}.__contains__
    if report == PROPOSAL_REPORT:
        return {c.figure for c in usulan.columns()}.__contains__
    if report == OBJECTIVES_REPORT:
        return re.compile(r"^(no|goal|objective|indicator|target_[0-9]{4})$").match
    return re.compile(r"^(no|label|indicator|note|formula|numerator|denominator|ratio|"
                      r"(target|realisasi|proyeksi|capaian)_[0-9]{4})$").match


def load_column_numbers(loader: AgencyLoader, path: Path, cfg: dict) -> None:
    """Rows ``report, figure, printed``: the number ``printed`` over the column ``figure`` of ``report`` in the
    document of the file's year, kept as a PrintedFigure (column ``#<figure>``) that the report numbers its
    columns by."""
    seen: set[tuple[str, str]] = set()
    for row in loader.rows(path, ["report", "figure", "printed"]):
        report = row.choice("report", NUMBERED_REPORTS)
        figure = row.require("figure")
        if not FIGURE.match(figure):
            raise row.error("figure", f"{figure!r}: nama kolom laporan (huruf kecil, angka, garis bawah; "
                                      f"paling panjang 19 huruf), misalnya analysis_pagu")
        known = _figures(report, loader.year)
        if not known(figure):
            raise row.error("figure", f"{figure!r} bukan kolom tabel {report}")
        printed = row.require("printed")
        if not PRINTED_NUMBER.match(printed):
            raise row.error("printed", f"{printed!r}: nomor kolom seperti tercetak, misalnya 2 atau (2)")
        if (report, figure) in seen:
            raise row.error("figure", f"kolom {figure!r} dari {report} sudah diberi nomor di baris sebelumnya")
        seen.add((report, figure))
        loader.printed(report, None, None, f"#{figure}", "", printed)


# -- the plan's printed wording ------------------------------------------------------------------------------------

PLAN_REPORT = "renja-rencana"


def _space(text: str) -> str:
    return " ".join(text.split())


def load_plan_wording(loader: AgencyLoader, path: Path, cfg: dict) -> None:
    """The names, codes and indicators a Renja prints, where they differ from the stored element's (same key; the
    element the plan file gave the year, ``key@year``, where it moved). Nothing is created: an unknown key is an
    error, an indicator not found by its name (ignoring case) is left as stored."""
    for row in loader.rows(path, ["key", "level", "code", "name", "indicator"]):
        if row.get("level") == "total":
            continue
        key = row.require("key")
        element = (m.PlanElement.objects.filter(strategic_plan=loader.plan, key=f"{key}@{loader.year}").first()
                   or m.PlanElement.objects.filter(strategic_plan=loader.plan, key=key).first())
        if element is None:
            raise row.error("key", f"unsur {key!r} belum ada: muat berkas rencananya lebih dahulu")
        name = _space(row.get("name"))
        if name and name != _space(element.name) and not _printed_exists(loader, element, None, "name"):
            loader.printed(PLAN_REPORT, element, None, "name", "", name)
        code = row.get("code")  # printed as "1.6.27" where the element's code is 0106.27
        if code and not row.get("code_printed") and code != element.code and not _printed_exists(
                loader, element, None, "code"):
            loader.printed(PLAN_REPORT, element, None, "code", "", code)
        wording = _space(row.get("indicator"))
        if wording:
            indicator = next((i for i in element.indicators.all()
                              if _space(i.name).casefold() == wording.casefold()), None)
            if indicator is not None and _space(indicator.name) != wording and not _printed_exists(
                    loader, element, indicator, "indicator"):
                loader.printed(PLAN_REPORT, element, indicator, "indicator", "", wording)


def _printed_exists(loader: AgencyLoader, element, indicator, column: str) -> bool:
    return m.PrintedFigure.objects.filter(agency=loader.agency, report=PLAN_REPORT, year=loader.year,
                                          element=element, indicator=indicator, column=column).exists()


# -- usulan --------------------------------------------------------------------------------------------------------


def load_proposals(loader: AgencyLoader, path: Path, cfg: dict) -> None:
    rows = loader.rows(path, ["key", "parent", "level", "element", "name", "lokasi", "indicator", "volume", "pagu",
                              "catatan", "accommodated"])
    lines: dict[str, m.Proposal] = {}
    for position, row in enumerate(rows):
        key = row.require("key")
        volume = read_quantity(row, "volume", "satuan")
        if not volume.text and row.get("printed_volume"):
            volume = Quantity(text=row.get("printed_volume"))
        line = m.Proposal.objects.create(
            agency=loader.agency, year=loader.year, position=position, key=key,
            parent=_line_parent(loader, row, lines, key), level=row.choice("level", LINE_LEVELS | {""}, default=""),
            element=_line_element(loader, row), name=row.get("name"), location=row.get("lokasi"),
            indicator=row.get("indicator"), volume_value=volume.value, volume_unit=volume.unit,
            volume_text=volume.text, pagu=loader.rupiah(row, "pagu"), note=row.get("catatan"),
            accommodated=row.choice("accommodated", set(m.Proposal.Accommodated.values) | {""}, default=""),
            source=loader.source,
        )
        lines.setdefault(key, line)
        loader.summary.add("usulan masyarakat")


# -- tujuan-sasaran ------------------------------------------------------------------------------------------------


def load_objectives(loader: AgencyLoader, path: Path, cfg: dict) -> None:
    rows = loader.rows(path, ["key", "parent", "level", "name", "indicator", "satuan", "value_kind", "polarity",
                              "aggregation"])
    renstra = loader.lookup(loader.revisions, cfg, "renstra_revision")
    targets = year_columns(header_of(path), loader.plan).get("target", {})
    for row in rows:
        level = row.choice("level", {m.Level.GOAL, m.Level.OBJECTIVE})
        element = loader.element(row)
        if element.level != level:
            raise row.error("level", f"unsur {element.key!r} adalah {element.level}, bukan {level}")
        parent_key = row.get("parent")
        if parent_key and element.parent_id is None:
            # A sasaran known from an earlier table without its tujuan (seed 000 §2.1 prints none) gets it here.
            element.parent = loader.known(parent_key)
            if element.parent is None:
                raise row.error("parent", f"induk {parent_key!r} belum didefinisikan di atas baris ini")
            element.save(update_fields=["parent"])
        # A tujuan or sasaran first stored from another table (seed 000 §2.1) keeps its name; this table's wording
        # is kept beside it, and the table shows it.
        name = _space(row.get("name"))
        if name and name != _space(element.name) and not m.PrintedFigure.objects.filter(
                agency=loader.agency, report=OBJECTIVES_REPORT, year=loader.year, element=element,
                indicator=None, column="name").exists():
            loader.printed(OBJECTIVES_REPORT, element, None, "name", "", name)
        if not row.get("indicator"):
            continue
        indicator = ensure_indicator(loader, row, element)
        for year, column in sorted(targets.items()):
            value, grade = graded_value(loader, row, column, indicator)
            put_target(loader, OBJECTIVES_REPORT, indicator, renstra, m.PlanKind.RENSTRA, year, value, element)
            if value.present:
                printed_grade(loader, OBJECTIVES_REPORT, element, indicator, "target", year, grade)


# -- pelayanan -----------------------------------------------------------------------------------------------------


def _count(row: _Row, column: str) -> Decimal | None:
    text = row.get(column)
    if not text:
        return None
    try:
        reading = read_number(text, NumberKind.COUNT)
    except NumberFormatError as exc:
        raise row.error(column, str(exc)) from exc
    return reading.value


def load_service(loader: AgencyLoader, path: Path, cfg: dict) -> None:
    rows = loader.rows(path, ["key", "indicator", "satuan", "value_kind", "polarity", "aggregation", "catatan"])
    renstra = loader.lookup(loader.revisions, cfg, "renstra_revision")
    renja = loader.lookup(loader.revisions, cfg, "renja_revision")
    columns = year_columns(header_of(path), loader.plan)
    for row in rows:
        element = loader.element(row, create=False)
        if element.level not in (m.Level.GOAL, m.Level.OBJECTIVE):
            raise row.error("key", "indikator kinerja pelayanan dicatat pada tujuan atau sasaran, "
                                   f"bukan {element.level}")
        indicator = ensure_indicator(loader, row, element)
        for year, column in sorted(columns.get("target", {}).items()):
            value, grade = graded_value(loader, row, column, indicator)
            put_target(loader, SERVICE_REPORT, indicator, renstra, m.PlanKind.RENSTRA, year, value, element)
            if value.present:
                printed_grade(loader, SERVICE_REPORT, element, indicator, "target", year, grade)
        years = sorted({*columns.get("realisasi", {}), *columns.get("numerator", {})})
        for year in years:
            _service_realisation(loader, row, element, indicator, columns, year)
        for year, column in sorted(columns.get("proyeksi", {}).items()):
            value, grade = graded_value(loader, row, column, indicator)
            put_target(loader, SERVICE_REPORT, indicator, renja, m.PlanKind.PROJECTION, year, value, element)
            if value.present:
                printed_grade(loader, SERVICE_REPORT, element, indicator, "proyeksi", year, grade)
        for figure in ("printed_target", "printed_realisasi", "printed_rasio"):
            for year, column in sorted(columns.get(figure, {}).items()):
                loader.printed(SERVICE_REPORT, element, indicator, f"{figure.removeprefix('printed_')}:{year}", "",
                               row.get(column))
        # Wording the document prints that no field holds: the service table names the indicator in its own words
        # beside the IKK's name; the IKK table prints its urusan and the satuan of pembilang and penyebut.
        loader.printed(SERVICE_REPORT, element, indicator, "indicator", "", row.get("printed_indicator"))
        loader.printed(SERVICE_REPORT, element, indicator, "ikk", "", row.get("printed_ikk"))
        loader.printed(IKK_REPORT, element, indicator, "urusan_no", "", row.get("urusan_no"))
        loader.printed(IKK_REPORT, element, indicator, "urusan", "", row.get("urusan"))
        for side, short in (("numerator", "num"), ("denominator", "den")):
            for year in sorted(columns.get(side, {})):
                loader.printed(IKK_REPORT, element, indicator, f"unit:{short}:{year}", "",
                               row.get(f"{side}_unit_{year}"))
        if row.get("catatan"):
            m.Narrative.objects.create(agency=loader.agency, indicator=indicator, document="", year=loader.year,
                                       section=m.Narrative.Section.ANALYSIS, text=row.get("catatan"))
            loader.summary.add("narasi")


def _service_realisation(loader, row, element, indicator, columns, year: int) -> None:
    numerator_column = columns.get("numerator", {}).get(year)
    denominator_column = columns.get("denominator", {}).get(year)
    numerator = _count(row, numerator_column) if numerator_column else None
    denominator = _count(row, denominator_column) if denominator_column else None
    if (numerator is None) != (denominator is None):
        raise row.error(numerator_column if numerator is None else denominator_column,
                        "pembilang dan penyebut dicatat berdua atau tidak sama sekali")
    column = columns.get("realisasi", {}).get(year)
    if numerator is not None:
        if column and row.get(column):
            raise row.error(column, "realisasi indikator rasio dihitung dari pembilang dan penyebut: kosongkan "
                                    "(yang tercetak masuk printed_realisasi)")
        result = ratio(numerator, denominator, indicator.factor)
        if result.value is None:
            raise row.error(denominator_column, result.explanation())
        m.Realisation.objects.create(indicator=indicator, year=year, period=m.Period.YEAR, value=result.value,
                                     numerator=numerator, denominator=denominator)
        loader.summary.add("realisasi")
        return
    if not column:
        return
    value, grade = graded_value(loader, row, column, indicator)
    if not value.present:
        return
    stored = m.Realisation.objects.filter(indicator=indicator, year=year, period=m.Period.YEAR).first()
    if stored is None:
        loader.realisation(indicator, year, value)
    elif not same_value(stored.value, stored.category, value):
        loader.printed(SERVICE_REPORT, element, indicator, f"realisasi:{year}", "", value.text)
    printed_grade(loader, SERVICE_REPORT, element, indicator, "realisasi", year, grade)
