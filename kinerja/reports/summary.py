"""An agency's evaluation in brief — the averages and predikat the dashboards list — kept under its data version.

The region dashboard lists forty agencies; recomputing forty evaluations per view cost seconds. The brief is
computed once per data version of each agency (``kinerja.dataversion``) and read back with three queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja.dataversion.services import remember_many
from kinerja.plan import models as m

from .data import ReportError
from .lang import current_lang
from .renja_evaluation import RP, K, build_evaluation


@dataclass(frozen=True)
class EvaluationBrief:
    average_k: Decimal | None
    average_rp: Decimal | None
    predikat: str | None
    error: str | None = None


def _defined(value) -> str | None:
    return str(value) if isinstance(value, Decimal) else None


def _compute(agency: m.Agency, year: int) -> dict:
    try:
        table = build_evaluation(agency, year)
    except ReportError as exc:
        return {"error": str(exc)}
    k, rp, predikat = table.average.get(K), table.average.get(RP), table.predikat.get(K)
    return {"k": _defined(k.value) if k else None, "rp": _defined(rp.value) if rp else None,
            "predikat": predikat.value if predikat else None}


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
