"""Everything a document shows, gathered once: the catalog tables it names, the narrative in force, the agency.

A ``DocumentContent`` is also what issuing freezes (``snapshot``): each table's JSON as the catalog writes it and
the narrative texts with their version numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.utils import timezone, translation

from kinerja.plan import models as m

from .grid import Grid, grids_from_csv, grids_from_xlsx
from .spec import DOCUMENTS, Analyses, DocumentSpec, Narrative, Table

OK, MISSING, UNAVAILABLE = "ok", "missing", "unavailable"


class DocumentError(Exception):
    """A document that cannot be made as asked (unknown kind, no LibreOffice for a PDF …)."""


@dataclass
class TableContent:
    section: str
    report: str
    year: int
    status: str  # ok: built; missing: not in the catalog; unavailable: the catalog could not build it
    message: str = ""
    data: dict | None = None  # the catalog's JSON output
    grids: list[Grid] = field(default_factory=list)

    def snapshot(self) -> dict:
        return {"section": self.section, "report": self.report, "year": self.year, "status": self.status,
                "message": self.message, "data": self.data}


@dataclass
class DocumentContent:
    spec: DocumentSpec
    agency: m.Agency
    year: int
    lang: str
    made_at: dt.datetime
    narratives: dict[str, dict]  # section → {"number", "text"}
    analyses: dict[int, list[dict]]  # year → [{"indicator", "name", "sections": {section: text}}]
    tables: list[TableContent]
    appendix: bool = False

    @property
    def kind(self) -> str:
        return self.spec.kind

    def table(self, section: str, report: str) -> TableContent | None:
        return next((t for t in self.tables if t.section == section and t.report == report), None)

    def snapshot(self) -> dict:
        return {
            "kind": self.kind, "year": self.year, "lang": self.lang, "appendix": self.appendix,
            "made_at": self.made_at.isoformat(),
            "agency": {"slug": self.agency.slug, "name": self.agency.name, "region": self.agency.region.name,
                       "head_name": self.agency.head_name, "head_rank": self.agency.head_rank,
                       "head_nip": self.agency.head_nip},
            "narratives": self.narratives,
            "analyses": {str(year): rows for year, rows in self.analyses.items()},
            "tables": [t.snapshot() for t in self.tables],
        }


def spec_of(kind: str) -> DocumentSpec:
    try:
        return DOCUMENTS[kind]
    except KeyError:
        raise DocumentError(f"Dokumen {kind!r} tidak dikenal: pilih {', '.join(DOCUMENTS)}") from None


def build_table(agency: m.Agency, section: str, item: Table, year: int, grids: bool = True) -> TableContent:
    """One catalog table, by name: built, written as JSON and read from its XLSX (or CSV) for the page."""
    from kinerja.reports.catalog import REPORTS
    from kinerja.reports.data import ReportError

    table_year = year + item.year_offset
    report = REPORTS.get(item.report)
    content = TableContent(section, item.report, table_year, MISSING)
    if report is None:
        return content
    try:
        table = report.build(agency, table_year, layout=None, averaging=None)
    except ReportError as exc:
        content.status, content.message = UNAVAILABLE, str(exc)
        return content
    content.status = OK
    if "json" in report.outputs:
        content.data = json.loads(report.outputs["json"].write(table))
    if not grids:
        return content
    if "xlsx" in report.outputs:
        content.grids = grids_from_xlsx(report.outputs["xlsx"].write(table))
    elif "csv" in report.outputs:
        content.grids = grids_from_csv(report.outputs["csv"].write(table), item.report)
    return content


def current_document_narratives(agency: m.Agency, kind: str, year: int) -> dict[str, dict]:
    from kinerja.plan.services import current_narratives

    return {section: {"number": n.number, "text": n.text}
            for section, n in current_narratives(agency, year, document=kind).items()}


def with_drafts(agency: m.Agency, spec: DocumentSpec, year: int, narratives: dict[str, dict]) -> dict[str, dict]:
    """The stored narratives, and for each section of the outline left empty that the data can draft, the draft
    (``"draft": True``, no version number): a stored narrative always wins, a draft only fills a gap."""
    from .drafts import document_drafts

    empty = [s for s in narrative_sections(spec) if not (narratives.get(s) or {}).get("text", "").strip()]
    drafted = document_drafts(agency, spec.kind, year, sections=empty) if empty else {}
    return {**narratives, **{s: {"number": None, "text": text, "draft": True} for s, text in drafted.items()}}


def indicator_analyses(agency: m.Agency, year: int) -> list[dict]:
    """The analysis in force of every indicator that has one for ``year``, in plan order."""
    rows = (m.Narrative.objects.filter(agency=agency, year=year, indicator__isnull=False)
            .select_related("indicator__element__strategic_plan")
            .order_by("indicator__element__strategic_plan__first_year", "indicator__element__position",
                      "indicator__position", "section", "number"))
    by_indicator: dict[int, dict] = {}
    for narrative in rows:
        entry = by_indicator.setdefault(narrative.indicator_id, {
            "indicator": narrative.indicator_id, "name": narrative.indicator.name,
            "element": narrative.indicator.element.name, "sections": {}})
        entry["sections"][narrative.section] = narrative.text  # the latest version wins
    order = m.Narrative.INDICATOR_SECTIONS
    for entry in by_indicator.values():
        entry["sections"] = {s: entry["sections"][s] for s in order if s in entry["sections"]}
    return list(by_indicator.values())


def gather(agency: m.Agency, kind: str, year: int, *, lang: str = "id", appendix: bool = False,
           grids: bool = True) -> DocumentContent:
    """The document's content from today's data; ``grids=False`` skips laying out the tables (for comparing)."""
    spec = spec_of(kind)
    with translation.override(lang):
        tables = [build_table(agency, section, item, year, grids) for section, item in spec.tables()]
        analyses_years = {year + item.year_offset for chapter in spec.chapters
                          for section in chapter.sections for item in section.items if isinstance(item, Analyses)}
        return DocumentContent(
            spec=spec, agency=agency, year=year, lang=lang, made_at=timezone.now(),
            narratives=with_drafts(agency, spec, year, current_document_narratives(agency, kind, year)),
            analyses={y: indicator_analyses(agency, y) for y in sorted(analyses_years)},
            tables=tables, appendix=appendix,
        )


def narrative_sections(spec: DocumentSpec) -> list[str]:
    return [item.section for chapter in spec.chapters
            for item in [*chapter.items, *(i for s in chapter.sections for i in s.items)]
            if isinstance(item, Narrative)]
