"""A worker killed in the middle of an import's apply (SIGKILL, no chance to clean up) leaves the data as it was, and
the job ends marked failed with its reason — the import the web app queues and `kinerja worker` runs.

The job is made and previewed through the app's own code in a `kinerja manage shell`, confirmed, and queued; a real
`kinerja worker` takes it up and is killed once it writes inside the apply's transaction (it logs its progress
there); every table but the queue's and the jobs' is compared with the snapshot taken before. A worker started
afterwards marks the job failed, saying why.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading

import pytest

from tests.faults.test_kill_during_import import _env, _snapshot_postgres, _snapshot_sqlite, throwaway_postgres

ROWS = 2400  # enough that the apply's writes last well beyond the moment the worker is killed
MAKE_JOB = f"""
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from kinerja.imports import jobs
from kinerja.imports.models import ImportJob
from kinerja.plan.models import Agency

lines = ["Kode\\tProgram/Kegiatan\\tIndikator\\tSatuan\\tTarget\\tPagu"]
for n in range({ROWS}):
    k = n // 3 + 1
    lines.append(f"0000.01.{{k:03}}\\tKegiatan uji {{k}}\\tIndikator uji {{n}}\\tdokumen\\t{{n + 1}}\\t{{k * 1000}}")
data = "\\n".join(lines).encode()
job = ImportJob(agency=Agency.objects.get(slug="dinsos-kukar"), user=get_user_model().objects.get(
    username="perencana.kukar"), kind="plan", year=2021, file_name="besar.tsv", file_size=len(data))
job.file.save("besar.tsv", ContentFile(data))
jobs.run(job.pk)
job.refresh_from_db()
errors = [p for p in job.errors if p["severity"] == "error"]
assert job.status == "done" and job.summary["changes"] and not errors, (job.status, errors[:3])
ImportJob.objects.filter(pk=job.pk).update(phase="apply", status="queued", stage="menunggu")
jobs.launch(job.pk)
print(job.pk)
"""
QUEUE_AND_JOBS = ("imports_importjob", "django_tasks_database_dbtaskresult")


def _data(snapshot: dict[str, str]) -> dict[str, str]:
    return {table: digest for table, digest in snapshot.items() if table not in QUEUE_AND_JOBS}


def _sqlite_row(path):
    def row(sql, params):
        with sqlite3.connect(path) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchone()

    return row


def _postgres_row(url):
    import psycopg

    def row(sql, params):
        with psycopg.connect(url) as conn:
            return conn.execute(sql, params).fetchone()

    return row


def _kill_apply(env, snapshot, row):
    run = [sys.executable, "-m", "kinerja.cli"]
    subprocess.run([*run, "demo"], env=env, check=True, capture_output=True, timeout=300)
    made = subprocess.run([*run, "manage", "shell", "-c", MAKE_JOB], env=env, check=True, capture_output=True,
                          text=True, timeout=300)
    job_id = int(made.stdout.strip().splitlines()[-1])
    before = snapshot()
    assert set(QUEUE_AND_JOBS) <= set(before) and len(_data(before)) > 10

    worker = subprocess.Popen([*run, "worker", "--interval", "0.2"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(180, worker.kill)  # a worker that never gets there fails the test, not hangs it
    watchdog.start()
    seen = []
    for line in worker.stderr:
        seen.append(line)
        if f"impor {job_id}: menyimpan" in line and "dalam transaksi" in line:
            os.kill(worker.pid, signal.SIGKILL)
            break
    worker.wait(timeout=60)
    watchdog.cancel()
    assert worker.returncode == -signal.SIGKILL, f"the worker never wrote inside the apply: {seen[-5:]}"

    assert _data(snapshot()) == _data(before), "the killed apply changed the data"
    status, worker_name = row("SELECT status, worker FROM imports_importjob WHERE id = %s", (job_id,))
    assert status == "running" and worker_name.endswith(f":{worker.pid}")  # what the dead worker left

    # the next worker to start (here one that runs what is queued and exits) marks the job failed, saying why
    restarted = subprocess.run([*run, "worker", "--batch"], env=env, capture_output=True, text=True, timeout=120)
    assert restarted.returncode == 0, restarted.stderr
    assert "1 tugas impor yang pekerjanya mati ditandai gagal" in restarted.stderr
    status, stage, errors, task_id = row("SELECT status, stage, errors, task_id FROM imports_importjob WHERE id = %s",
                                         (job_id,))
    task_status = row("SELECT status FROM django_tasks_database_dbtaskresult WHERE CAST(id AS TEXT) IN (%s, %s)",
                      (task_id, task_id.replace("-", "")))
    assert (status, stage) == ("failed", "gagal")
    errors = json.loads(errors) if isinstance(errors, str) else errors
    assert "proses pekerja berhenti" in errors[0]["message"]
    assert task_status == ("FAILED",)
    assert _data(snapshot()) == _data(before)


def test_sigkill_of_the_worker_during_an_apply_leaves_sqlite_as_it_was_and_fails_the_job(tmp_path):
    path = tmp_path / "kinerja.sqlite3"
    env = _env(f"sqlite:///{path}", tmp_path)
    _kill_apply(env, lambda: _snapshot_sqlite(path), _sqlite_row(path))


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the suite runs on SQLite; this fault needs PostgreSQL")
def test_sigkill_of_the_worker_during_an_apply_leaves_postgresql_as_it_was_and_fails_the_job(tmp_path):
    with throwaway_postgres("_worker_kill") as url:
        _kill_apply(_env(url, tmp_path), lambda: _snapshot_postgres(url), _postgres_row(url))
