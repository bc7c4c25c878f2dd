"""The demo file kinds of the strategic-context tables: each transcribed seed table is read by the same importer
as ``kinerja strategy import`` (``importer.KINDS``), inside the demo's transaction."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kinerja.plan import models as m

from . import models as s
from .importer import KINDS, Scope, StrategyImportError, import_table

if TYPE_CHECKING:
    from kinerja.demo.loader import AgencyLoader


def strategy_loaders(loader: AgencyLoader) -> dict[str, Callable[[Path, dict], None]]:
    """The file kinds this app adds to ``AgencyLoader.load_file``: one per importer kind."""
    return {kind: partial(_load, loader, kind) for kind in KINDS}


def _load(loader: AgencyLoader, kind: str, path: Path, cfg: dict) -> None:
    from kinerja.demo.loader import DemoDataError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DemoDataError(path, f"tidak dapat dibaca: {exc.strerror}") from exc
    scope = Scope(agency=loader.agency, year=loader.year, plan=loader.plan, options=cfg, source=loader.source)
    try:
        count = import_table(kind, data, str(path), scope)
    except StrategyImportError as exc:
        raise DemoDataError(path, exc.message, exc.line, exc.column) from None
    loader.summary.add(kind, count)


def remove_strategy(agency: m.Agency) -> None:
    """Delete the agency's strategic-context rows (children first; every FK is PROTECT), and its region's RPJMD
    visi and misi when no other agency of the region remains."""
    s.MissionGoal.objects.filter(strategic_plan__agency=agency).delete()
    s.PolicyDirection.objects.filter(strategy__strategic_plan__agency=agency).delete()
    s.Strategy.objects.filter(strategic_plan__agency=agency).delete()
    s.DraftingTeamMember.objects.filter(team__agency=agency).delete()
    for model in (s.DraftingTeam, s.ServiceProblem, s.DeterminingFactor, s.PolicyReview, s.ProgramAlignment,
                  s.PriorityLink):
        model.objects.filter(agency=agency).delete()
    if not agency.region.agencies.exclude(pk=agency.pk).exists():
        visions = s.RegionalVision.objects.filter(region=agency.region)
        s.MissionGoal.objects.filter(mission__vision__in=visions).delete()
        s.RegionalMission.objects.filter(vision__in=visions).delete()
        visions.delete()
