"""The demo file kind ``kesetaraan-satuan``: the unit equivalences a planner of the agency would declare.

Each row declares that one spelling of a satuan is the same unit as another, for the agency (``scope`` ``pd``) or
its whole Pemda (``pemda``), with the reason shown to planners. The rows go through the same checks as a planner's
declaration (kinerja.plan.units: no cycle, no contradiction) and are audited as made by nobody, as the rest of the
demo data is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import translation

from kinerja.plan.units import UnitDeclarationError, record

if TYPE_CHECKING:
    from .loader import AgencyLoader

COLUMNS = ["scope", "unit", "same_as", "reason"]


def unit_loaders(loader: AgencyLoader) -> dict[str, Callable[[Path, dict], None]]:
    """The file kinds this module adds to ``AgencyLoader.load_file``."""
    return {"kesetaraan-satuan": partial(load_unit_equivalences, loader)}


def load_unit_equivalences(loader: AgencyLoader, path: Path, cfg: dict) -> None:
    with translation.override("id"):  # the loader's errors are Indonesian whatever the shell's language
        for row in loader.rows(path, COLUMNS):
            scope = row.choice("scope", {"pd", "pemda"}, "pd")
            try:
                record(None, unit=row.require("unit"), same_as=row.require("same_as"), reason=row.require("reason"),
                       agency=loader.agency if scope == "pd" else None,
                       region=loader.agency.region if scope == "pemda" else None)
            except UnitDeclarationError as exc:
                raise row.error("same_as", str(exc)) from None
            loader.summary.add("kesetaraan satuan")
