"""Every report by name: how it is built and the formats it is written in (used by the CLI and the web app).

A new report is one more entry here; its names must also be in ``kinerja.cli.REPORTS`` (the command line lists
them before Django starts), which a test checks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from kinerja.engine import AveragePolicy
from kinerja.strategy.reports import STRATEGY_TABLES

from . import (
    document_tables,
    evaluation_export,
    evaluation_html,
    evaluation_sheet,
    official,
    rencana_export,
    rencana_html,
)
from .code_history import build_kode_lama, build_program_history
from .data import ReportError
from .iku import build_iku
from .kinerja_pelayanan import build_ikk, build_kinerja_pelayanan
from .lkjip import build_lkjip
from .pendanaan import build_pendanaan
from .perjanjian_kinerja import build_pk
from .renja_evaluation import build_evaluation
from .renja_rencana import build_rencana
from .rkpd_review import build_rkpd_review
from .spm import build_psks, build_spm_layanan
from .tujuan_sasaran import build_tujuan_sasaran
from .usulan import build_usulan

REPORT_CSS = Path(__file__).resolve().parent.parent / "web" / "static" / "web" / "report.css"
AVERAGING = {"default": AveragePolicy.EXCLUDE_UNTARGETED, "seed": AveragePolicy.UNTARGETED_AS_ZERO}


@dataclass(frozen=True)
class Output:
    content_type: str
    write: Callable[[Any], bytes]


@dataclass(frozen=True)
class Report:
    name: str
    file_stem: str  # download name: <stem>-<agency>-<year>.<format>
    build: Callable[..., Any]  # (agency, year, *, layout, averaging) → table
    outputs: dict[str, Output]

    def filename(self, agency_slug: str, year: int, fmt: str) -> str:
        return f"{self.file_stem}-{agency_slug}-{year}.{fmt}"


def _json(to_dict: Callable[[Any], dict]) -> Output:
    return Output("application/json; charset=utf-8",
                  lambda table: (json.dumps(to_dict(table), ensure_ascii=False, indent=2) + "\n").encode())


def _html(template: str, present: Callable[[Any], dict]) -> Output:
    def write(table) -> bytes:
        css = REPORT_CSS.read_text(encoding="utf-8")
        return render_to_string(template, {**present(table), "inline_css": css}).encode()

    return Output("text/html; charset=utf-8", write)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _docx_pdf(xlsx: Callable[[Any], bytes]) -> dict[str, Output]:
    """DOCX and PDF of a table: its XLSX's grids written by the documents' writer on A4 landscape pages
    (``kinerja.documents.report_file``); the PDF is LibreOffice's conversion of that DOCX."""

    def docx(table) -> bytes:
        from kinerja.documents.report_file import report_docx

        return report_docx(table, xlsx(table))

    def pdf(table) -> bytes:
        from kinerja.documents.report_file import report_pdf

        return report_pdf(table, xlsx(table))

    return {"docx": Output(DOCX, docx), "pdf": Output(PDF, pdf)}


def _build_evaluation(agency, year: int, *, layout: int | None = None, averaging: str | None = None):
    if (averaging or "default") not in AVERAGING:
        raise ReportError(f"Rata-rata {averaging!r} tidak dikenal: pilih {', '.join(AVERAGING)}")
    return build_evaluation(agency, year, layout=layout, policy=AVERAGING[averaging or "default"])


def _build_rencana(agency, year: int, *, layout: int | None = None, averaging: str | None = None):
    if averaging is not None:
        raise ReportError("--averaging hanya berlaku untuk renja-evaluasi")
    return build_rencana(agency, year, layout=layout)


def _official(build: Callable[..., Any]) -> Callable[..., Any]:
    """A table of REPORTS.md §C–§F: one printed layout, no averaging."""

    def build_official(agency, year: int, *, layout: int | None = None, averaging: str | None = None):
        if layout is not None:
            raise ReportError("--layout hanya berlaku untuk renja-evaluasi dan renja-rencana")
        if averaging is not None:
            raise ReportError("--averaging hanya berlaku untuk renja-evaluasi")
        return build(agency, year)

    return build_official


def _official_outputs() -> dict[str, Output]:
    return {
        "json": _json(official.table_json),
        "xlsx": Output(XLSX, official.table_xlsx),
        "csv": Output(CSV, official.table_csv),
        "html": _html("web/official_table_standalone.html", official.present),
        **_docx_pdf(official.table_xlsx),
    }


# The official tables of REPORTS.md §C–§F: name, download stem, builder.
OFFICIAL_TABLES = (
    ("rkpd-review", "review-rkpd", build_rkpd_review),
    ("usulan", "usulan-masyarakat", build_usulan),
    ("kinerja-pelayanan", "kinerja-pelayanan", build_kinerja_pelayanan),
    ("ikk", "capaian-ikk", build_ikk),  # seed 000 §2.2's IKK table, numbered 1–9 as printed
    ("tujuan-sasaran", "tujuan-sasaran", build_tujuan_sasaran),
)

# The plan tables of issue 14 (same shape and writers as the official tables): name, download stem, builder.
PLAN_TABLES = (
    ("kode-lama", "pemetaan-kode-lama", build_kode_lama),
    ("riwayat-program", "riwayat-program", build_program_history),
    ("pendanaan", "rencana-pendanaan", build_pendanaan),
    ("psks", "psks", build_psks),
    ("spm-layanan", "spm-layanan", build_spm_layanan),
)


def _build_lkjip(agency, year: int, *, layout: int | None = None, averaging: str | None = None):
    if layout not in (None, 1):
        raise ReportError("lkjip mempunyai satu tata letak (seed 003)")
    if (averaging or "default") not in AVERAGING:
        raise ReportError(f"Rata-rata {averaging!r} tidak dikenal: pilih {', '.join(AVERAGING)}")
    return build_lkjip(agency, year, policy=AVERAGING[averaging or "default"])


def _build_pk(agency, year: int, *, layout: int | None = None, averaging: str | None = None):
    if averaging is not None:
        raise ReportError("--averaging hanya berlaku untuk renja-evaluasi dan lkjip")
    return build_pk(agency, year, layout=layout)


def _document_outputs() -> dict[str, Output]:
    """The accountability documents (REPORTS.md §G–§I): tables of parts, one XLSX sheet and CSV block per part."""
    return {
        "json": _json(document_tables.table_json),
        "xlsx": Output(XLSX, document_tables.table_xlsx),
        "csv": Output(CSV, document_tables.table_csv),
        "html": _html("web/report_parts_standalone.html", document_tables.present),
        **_docx_pdf(document_tables.table_xlsx),
    }


# The accountability documents: name, download stem, builder.
DOCUMENT_TABLES = (
    ("pk", "perjanjian-kinerja", _build_pk),
    ("iku", "iku", _official(build_iku)),
    ("lkjip", "lkjip", _build_lkjip),
)

REPORTS: dict[str, Report] = {
    report.name: report
    for report in (
        Report(
            name="renja-evaluasi",
            file_stem="evaluasi-renja",
            build=_build_evaluation,
            outputs={
                "json": _json(evaluation_export.evaluation_json),
                "xlsx": Output(XLSX, evaluation_sheet.evaluation_xlsx),
                "csv": Output(CSV, evaluation_export.evaluation_csv),
                "html": _html("web/evaluation_standalone.html", evaluation_html.present),
                **_docx_pdf(evaluation_sheet.evaluation_xlsx),
            },
        ),
        Report(
            name="renja-rencana",
            file_stem="rencana-renja",
            build=_build_rencana,
            outputs={
                "json": _json(rencana_export.rencana_json),
                "xlsx": Output(XLSX, rencana_export.rencana_xlsx),
                "csv": Output(CSV, rencana_export.rencana_csv),
                "html": _html("web/rencana_standalone.html", rencana_html.present),
                **_docx_pdf(rencana_export.rencana_xlsx),
            },
        ),
        *(Report(name=name, file_stem=stem, build=_official(build), outputs=_official_outputs())
          for name, stem, build in OFFICIAL_TABLES),
        # The strategic-context tables (kinerja.strategy), in the official tables' shape and writers.
        *(Report(name=name, file_stem=stem, build=_official(build), outputs=_official_outputs())
          for name, stem, build in STRATEGY_TABLES),
        *(Report(name=name, file_stem=stem, build=_official(build), outputs=_official_outputs())
          for name, stem, build in PLAN_TABLES),
        *(Report(name=name, file_stem=stem, build=build, outputs=_document_outputs())
          for name, stem, build in DOCUMENT_TABLES),
    )
}
