"""Running a web import in the background, so that no request waits for a large file.

The view stores the file in an ``ImportJob`` and calls ``launch``, which enqueues the task ``run_import`` on the
configured ``django.tasks`` backend (settings ``TASKS``; the database backend by default) and returns at once. A
worker process (``kinerja worker``, which ``kinerja serve`` starts beside the server) picks the task up and calls
``run``: it reads the file, compares it with the store and saves the preview (or, once confirmed, applies it in one
transaction), writing its progress to the job as it goes, and the page polls the job's status. A job survives a
restart of the web server: it waits in the queue.

A worker killed in the middle of a run (SIGKILL, power cut) writes nothing more: the apply's transaction is rolled
back by the database, and the job, still *running*, names the worker that ran it (``worker``, host and process id).
``reap`` marks such a job failed, with its reason, as soon as its process is gone: when its page asks for the status,
and when a worker starts. It is not retried: the user confirmed a preview and decides whether to start again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.utils import timezone
from django_tasks import task

from .matching import Preview
from .models import ImportJob
from .reading import ImportReadError
from .services import FileReading, ImportRefused, apply, preview, read_file

log = logging.getLogger(__name__)
STALE_AFTER = dt.timedelta(minutes=10)
MAX_ROWS_SHOWN = 1000
MAX_PROBLEMS_KEPT = 2000
WORKER_DIED = ("proses pekerja berhenti di tengah tugas (dihentikan atau mati); tidak ada yang disimpan, "
               "basis data tetap seperti sebelumnya — mulai impor lagi")


@task()
def run_import(job_id: int) -> None:
    """The task a worker runs: one phase of the job (``run``)."""
    run(job_id)


def launch(job_id: int) -> None:
    """Enqueue the job's current phase on the task backend without waiting for it."""
    result = run_import.enqueue(job_id)
    ImportJob.objects.filter(pk=job_id).update(task_id=str(result.id))


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(worker: str) -> bool:
    """Whether the process named ``host:pid`` still runs; a process on another host is taken to be alive (its own
    host's workers reap it, and STALE_AFTER still tells the user)."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap(job: ImportJob) -> ImportJob:
    """Mark ``job`` failed if the worker running it is gone; returns the job as it now stands."""
    if job.status == ImportJob.Status.RUNNING and job.worker and not _alive(job.worker):
        _fail(job.pk, [_message(WORKER_DIED)], worker=job.worker)
        _task_failed(job.task_id)
        log.warning("impor %s: pekerja %s tidak ada lagi, tugas ditandai gagal", job.pk, job.worker)
        job.refresh_from_db()
    return job


def _task_failed(task_id: str) -> None:
    """The queue's own record of the task, left *running* by the dead worker, marked failed too."""
    if not task_id:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now(), traceback=WORKER_DIED)


def reap_all() -> int:
    """Mark failed every running job of this host whose worker is gone (a worker calls this when it starts)."""
    host = socket.gethostname()
    count = 0
    for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING, worker__startswith=f"{host}:"):
        count += reap(job).status == ImportJob.Status.FAILED
    return count


def _update(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields, heartbeat=timezone.now())


def run(job_id: int) -> None:
    """Run one phase of a job (its preview, or its confirmed apply) and store the outcome. Never raises."""
    job = ImportJob.objects.select_related("agency", "user").get(pk=job_id)
    _update(job_id, status=ImportJob.Status.RUNNING, started=timezone.now(), stage="membaca berkas",
            progress_done=0, progress_total=0, worker=this_worker())
    log.info("impor %s: %s dimulai oleh %s", job_id, job.phase, this_worker())

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
                           fingerprint=job.fingerprint, reason=job.note or f"impor {job.file_name}",
                           progress=_Writing(job_id))
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


class _Writing:
    """The apply's progress, inside its transaction: logged (a job row updated there would stay invisible until the
    commit), each tenth of the way."""

    def __init__(self, job_id: int):
        self.job_id, self.shown = job_id, -1

    def __call__(self, done: int, total: int, stage: str) -> None:
        tenth = 10 * done // total if total else 10
        if tenth != self.shown:
            self.shown = tenth
            log.info("impor %s: %s %s/%s dalam transaksi", self.job_id, stage, done, total)


def _message(text: str) -> dict:
    return {"severity": "error", "message": text, "where": None, "text": text}


def _fail(job_id: int, errors: list[dict], **where) -> None:
    if where:  # only the job that this worker still runs (another may have taken it up since)
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING, **where).update(
            status=ImportJob.Status.FAILED, finished=timezone.now(), stage="gagal", errors=errors)
        return
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
