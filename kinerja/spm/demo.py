"""The demo file kinds of the plan tables (``kode-lama``, ``pendanaan``, ``psks``, ``spm-layanan``), loaded into an
``AgencyLoader`` through the same importer a planner uses (``kinerja.spm.importing``); an import error becomes the
loader's error with the same file, row and column."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .importing import TableImportError, import_table

if TYPE_CHECKING:
    from kinerja.demo.loader import AgencyLoader


def plan_table_loaders(loader: AgencyLoader) -> dict[str, Callable[[Path, dict], None]]:
    """The file kinds this module adds to ``AgencyLoader.load_file``."""
    return {kind: partial(_load, loader, kind) for kind in ("kode-lama", "pendanaan", "psks", "spm-layanan")}


def _load(loader: AgencyLoader, kind: str, path: Path, cfg: dict) -> None:
    from kinerja.demo.loader import DemoDataError

    params: dict = {"source": loader.source}
    if kind == "kode-lama":
        params.update(source_plan=loader.plan, target_plan=loader.lookup(loader.plans, cfg, "target_renstra"))
    elif kind == "pendanaan":
        params.update(revision=loader.lookup(loader.revisions, cfg, "renja_revision"), year=loader.year)
    else:
        params.update(year=loader.year)
    try:
        count = import_table(kind, path, loader.agency, **params)
    except TableImportError as exc:
        raise DemoDataError(path, exc.message, exc.row, exc.column) from exc
    loader.summary.add(kind, count)
