"""An agency's evaluation in brief — the averages and predikat the dashboards list — kept under its data version.

The region dashboard lists forty agencies; recomputing forty evaluations per view cost seconds. The brief is
computed once per data version of each agency (``kinerja.dataversion``) and read back with three queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja.dataversion.services import remember_many
from kinerja.engine import Result, RowAchievement, average_capaian, predikat
from kinerja.plan import models as m

from .data import ReportError
from .lang import current_lang
from .renja_evaluation import RP, EvaluationTable, K, Row, build_evaluation

# The capaian (K) column of the year in each layout of the evaluation.
CAPAIAN_COLUMN = {1: "13", 2: "8"}


@dataclass(frozen=True)
class EvaluationBrief:
    average_k: Decimal | None
    average_rp: Decimal | None
    predikat: str | None
    error: str | None = None


def _defined(value) -> str | None:
    return str(value) if isinstance(value, Decimal) else None


def year_programs(table: EvaluationTable) -> list[tuple[Row, list[Row]]]:
    """The programs of the year's Renja in the table's order, each with the rows of its own indicators."""
    programs: list[tuple[Row, list[Row]]] = []
    for row in table.rows:
        # A program shown for its Renstra figures alone is not a program of the year.
        if row.is_program and row.first_of_element and row.in_year:
            programs.append((row, []))
        if row.is_program and row.indicator is not None and programs and programs[-1][0].element == row.element:
            programs[-1][1].append(row)
    return programs


def program_capaian(table: EvaluationTable, program: Row, own: list[Row]) -> Result:
    """A program's capaian: the average of its kegiatan, as the evaluation prints it; where the year has no kegiatan
    line under it (Kukar 2023, the LKjIP year, whose Renja targets the programs' own indicators), the average of its
    own indicators, as the LKjIP's Tabel 3.6 measures a program."""
    average = program.average.get(K)
    if average is not None and average.defined:
        return average.as_result()
    cells = [r.cells.get((CAPAIAN_COLUMN[table.layout], K)) for r in own]
    return average_capaian([RowAchievement(c.as_result(), True) for c in cells if c is not None], table.policy)


def agency_capaian(table: EvaluationTable, results: list[Result]) -> Result:
    """The agency's capaian: the mean of its programs' defined capaian (RULES §4), over ``program_capaian``."""
    return average_capaian([RowAchievement(result, True) for result in results], table.policy)


def _compute(agency: m.Agency, year: int) -> dict:
    try:
        table = build_evaluation(agency, year)
    except ReportError as exc:
        return {"error": str(exc)}
    k = agency_capaian(table, [program_capaian(table, row, own) for row, own in year_programs(table)])
    grade, rp = predikat(k), table.average.get(RP)
    return {"k": _defined(k.value), "rp": _defined(rp.value) if rp else None,
            "predikat": grade.value if grade else None}


def _brief(payload: dict) -> EvaluationBrief:
    def number(name: str) -> Decimal | None:
        return Decimal(payload[name]) if payload.get(name) is not None else None

    return EvaluationBrief(number("k"), number("rp"), payload.get("predikat"), payload.get("error"))


def evaluation_briefs(agencies: list[m.Agency], year: int) -> dict[int, EvaluationBrief]:
    """Each agency's brief of ``year``'s Renja evaluation (default layout and averaging), by agency id."""
    by_id = {agency.pk: agency for agency in agencies}
    payloads = remember_many(by_id, "evaluation-brief", f"{year}:{current_lang()}",
                             lambda agency_id: _compute(by_id[agency_id], year))
    return {agency_id: _brief(payload) for agency_id, payload in payloads.items()}
