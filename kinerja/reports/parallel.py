"""Per-agency work of a region or a province divided among worker processes.

A region's forty evaluations or workbooks are independent of each other: ``map_agencies`` runs a module-level
function ``work(agency_id, *args)`` for each agency in a process pool and returns the results in the order of the
ids, exactly as calling it in turn would. Results cross the process boundary pickled, so ``work`` returns plain
data: bytes, text, numbers, lists and dicts of them — never model instances.

The workers are forked from the calling process (Linux), so they inherit its settings and loaded code — also a
test's database name — and need no ``django.setup()``. The database connections are closed before the pool forks,
so that no worker shares the parent's socket; each worker opens its own on first use and closes it when it ends.

How many workers: ``KINERJA_WORKERS`` (environment or setting), else the machine's CPU count. The work stays in
the calling process when that is 1, when there is a single agency, when the database is an in-memory SQLite
database (another process would see an empty one), and inside a transaction (another connection would not see its
uncommitted rows, and closing the connection would end it).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import translation

WORKERS_SETTING = "KINERJA_WORKERS"


def worker_count() -> int:
    """The configured number of workers: ``KINERJA_WORKERS`` from the environment, then the settings, else the
    CPU count; at least 1. A value that is not a whole number is refused."""
    raw = os.environ.get(WORKERS_SETTING) or getattr(settings, WORKERS_SETTING, None)
    if raw in (None, ""):
        return max(1, os.cpu_count() or 1)
    try:
        count = int(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{WORKERS_SETTING} must be a whole number of worker processes, got {raw!r}") from None
    return max(1, count)


def _in_memory(alias: str) -> bool:
    db = connections.databases[alias]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return False
    name = str(db.get("NAME") or "")
    return name in ("", ":memory:") or "mode=memory" in name


def can_fork() -> bool:
    """Whether worker processes would see what this process sees: a database on disk or a server, no open
    transaction, and a platform that forks."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    for alias in connections:
        if _in_memory(alias) or connections[alias].in_atomic_block:
            return False
    return True


def _start_worker(language: str | None) -> None:
    # A forked worker must never use (or close, which would end the parent's session) an inherited connection.
    for conn in connections.all(initialized_only=True):
        conn.connection = None
    if language:
        translation.activate(language)


def _run(work: Callable[..., Any], agency_id: int, args: tuple) -> Any:
    try:
        return work(agency_id, *args)
    finally:
        connections.close_all()  # a worker may be the last user of its connection: do not leave it to the GC


def map_agencies(work: Callable[..., Any], agency_ids: Sequence[int], *args: Any,
                 workers: int | None = None) -> list[Any]:
    """``[work(agency_id, *args) for agency_id in agency_ids]``, divided among ``workers`` processes (default:
    ``worker_count()``) where that is safe, else in this process. The active language is the workers' too."""
    ids = list(agency_ids)
    count = min(worker_count() if workers is None else max(1, workers), len(ids))
    if count <= 1 or not can_fork():
        return [work(agency_id, *args) for agency_id in ids]
    connections.close_all()
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(ids) // (count * 4))
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_start_worker,
                             initargs=(translation.get_language(),)) as pool:
        return list(pool.map(_run, [work] * len(ids), ids, [args] * len(ids), chunksize=chunk))


# -- region-wide work ----------------------------------------------------------------------------------------------


def report_file(agency_id: int, name: str, year: int, fmt: str, layout: int | None = None,
                averaging: str | None = None) -> tuple[str, bytes | None, str | None]:
    """One agency's report as the download gives it: (file name, bytes, None), or (file name, None, why not)
    where the report cannot be built for the agency."""
    from kinerja.documents.content import DocumentError
    from kinerja.plan.models import Agency

    from .catalog import REPORTS
    from .data import ReportError

    report = REPORTS[name]
    agency = Agency.objects.get(pk=agency_id)
    filename = report.filename(agency.slug, year, fmt)
    try:
        table = report.build(agency, year, layout=layout, averaging=averaging)
        return filename, report.outputs[fmt].write(table), None
    except (ReportError, DocumentError) as exc:
        return filename, None, str(exc)


def region_files(agency_ids: Sequence[int], name: str, year: int, fmt: str, *, layout: int | None = None,
                 averaging: str | None = None, workers: int | None = None) -> list[tuple[str, bytes | None,
                                                                                          str | None]]:
    """Every agency's report file, in the order of ``agency_ids``."""
    return map_agencies(report_file, agency_ids, name, year, fmt, layout, averaging, workers=workers)


def evaluation_rows(agency_id: int, year: int) -> int:
    """One agency's Renja evaluation of ``year`` built (default layout and averaging) and dropped: its rows."""
    from kinerja.plan.models import Agency

    from .renja_evaluation import build_evaluation

    return len(build_evaluation(Agency.objects.select_related("region").get(pk=agency_id), year).rows)
