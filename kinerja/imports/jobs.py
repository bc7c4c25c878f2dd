"""Running a web import in the background, so that no request waits for a large file.

The view stores the file in an ``ImportJob`` and calls ``launch``, which starts a thread in the web process: the
thread reads the file, compares it with the store and saves the preview (or, once confirmed, applies it), writing
its progress to the job as it goes, and the page polls the job's status. A thread dies with its process: in
production run imports through a real task queue (Celery, RQ, django-q…) by replacing ``launch`` with a function
that enqueues ``run(job_id)``; nothing else changes. A job whose process died stays *running*; the page says
so after ``STALE_AFTER`` without progress.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import connection
from django.utils import timezone

from .matching import Preview
from .models import ImportJob
from .reading import ImportReadError
from .services import FileReading, ImportRefused, apply, preview, read_file

log = logging.getLogger(__name__)
STALE_AFTER = dt.timedelta(minutes=10)
MAX_ROWS_SHOWN = 1000
MAX_PROBLEMS_KEPT = 2000


def launch(job_id: int) -> None:
    """Start the job without waiting for it (replace this to use a task queue)."""
    threading.Thread(target=_thread_main, args=(job_id,), name=f"kinerja-impor-{job_id}", daemon=True).start()


def _thread_main(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        connection.close()  # the thread's own connection; the web request's is untouched


def _update(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields, heartbeat=timezone.now())


def run(job_id: int) -> None:
    """Run one phase of a job (its preview, or its confirmed apply) and store the outcome. Never raises."""
    job = ImportJob.objects.select_related("agency", "user").get(pk=job_id)
    _update(job_id, status=ImportJob.Status.RUNNING, started=timezone.now(), stage="membaca berkas",
            progress_done=0, progress_total=0)

    def progress(done: int, total: int, stage: str) -> None:
        _update(job_id, progress_done=done, progress_total=total, stage=stage)

    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        mapping = {int(k): v for k, v in (job.mapping.get("columns") or {}).items() if v}
        header_end = job.mapping.get("header_end")
        reading = read_file(data, job.file_name, year=job.year, kind=job.kind, mapping=mapping or None,
                            header_end=header_end)
        progress(0, len(reading.rows), "mencocokkan baris dengan data tersimpan")
        if job.phase == ImportJob.Phase.PREVIEW:
            result = preview(job.agency, reading, user=job.user, quarter=job.quarter, code_prefix=job.code_prefix,
                             progress=progress)
            _update(job_id, status=ImportJob.Status.DONE, finished=timezone.now(), stage="pratinjau siap",
                    needs_mapping=reading.needs_mapping, fingerprint=result.fingerprint(),
                    summary=summary_json(reading, result), errors=problems_json(result),
                    preview=preview_json(result), progress_done=len(reading.rows),
                    progress_total=len(reading.rows))
        else:
            progress(0, len(reading.rows), "menyimpan dalam satu transaksi")
            result = apply(job.agency, reading, user=job.user, quarter=job.quarter, code_prefix=job.code_prefix,
                           fingerprint=job.fingerprint, reason=job.note or f"impor {job.file_name}")
            summary = summary_json(reading, result)
            summary["applied"] = True
            _update(job_id, status=ImportJob.Status.DONE, finished=timezone.now(), stage="tersimpan",
                    summary=summary, errors=problems_json(result), progress_done=len(reading.rows),
                    progress_total=len(reading.rows))
    except ImportReadError as exc:
        _fail(job_id, [_message(str(exc))])
    except ImportRefused as exc:
        _fail(job_id, [_message(str(exc)), *(p.as_dict() for p in exc.problems[:MAX_PROBLEMS_KEPT])])
    except PermissionError as exc:
        _fail(job_id, [_message(str(exc))])
    except Exception as exc:  # noqa: BLE001 — a background job must record its failure, never vanish
        log.exception("impor %s gagal", job_id)
        _fail(job_id, [_message(f"galat tak terduga ({type(exc).__name__}); tidak ada yang disimpan")])


def _message(text: str) -> dict:
    return {"severity": "error", "message": text, "where": None, "text": text}


def _fail(job_id: int, errors: list[dict]) -> None:
    _update(job_id, status=ImportJob.Status.FAILED, finished=timezone.now(), stage="gagal", errors=errors)


def summary_json(reading: FileReading, result: Preview) -> dict:
    summary = result.summary()
    summary.update({
        "file": reading.name, "sheet": reading.grid.sheet, "columns": reading.layout.as_dict(),
        "header_lines": list(reading.layout.header_lines), "ignored": reading.ignored,
        "mapped": reading.layout.mapped,
    })
    if reading.needs_mapping:
        summary["sample"] = reading.sample()
        summary["unsure"] = reading.layout.unsure + [f"tidak ada {m}" for m in reading.missing()]
    return summary


def problems_json(result: Preview) -> list[dict]:
    return [p.as_dict() for p in result.problems[:MAX_PROBLEMS_KEPT]]


def preview_json(result: Preview) -> dict:
    """The rows that change or have a problem, with their changes and problems, for the preview page."""
    shown, unchanged = [], 0
    for outcome in result.rows:
        status = outcome.status(result)
        if status == "tetap" and not outcome.problems:
            unchanged += 1
            continue
        shown.append({
            "line": outcome.line, "label": outcome.label, "status": status,
            "changes": [{"op": result.changes[i].op, "label": result.changes[i].label,
                         "created": result.changes[i].created, "fields": result.changes[i].shown_fields()}
                        for i in outcome.changes],
            "problems": [result.problems[i].as_dict() for i in outcome.problems],
        })
    general = [{"op": c.op, "label": c.label, "created": c.created, "fields": c.shown_fields()}
               for c in result.changes if c.line is None]
    return {"rows": shown[:MAX_ROWS_SHOWN], "more": max(0, len(shown) - MAX_ROWS_SHOWN),
            "unchanged_rows": unchanged, "general": general}


def stale(job: ImportJob) -> bool:
    """A run that has written no progress for STALE_AFTER: its process probably died."""
    moment = job.heartbeat or job.started or job.created
    return job.status == ImportJob.Status.RUNNING and moment is not None and timezone.now() - moment > STALE_AFTER
