"""The import pages: upload or paste, the mapping screen, the preview, confirming, the job's status and progress
(JSON and the htmx progress bar), and who may open what."""

import io
import socket
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.imports import jobs
from kinerja.imports.models import ImportJob
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry

from .conftest import member, stored

PLAN_TSV = ("Kode\tProgram/Kegiatan\tIndikator\tSatuan\tTarget\tPagu\n"
            "0000.01.001\tPenyediaan jasa komunikasi, sumber daya air dan listrik\t"
            "Jumlah rekening listrik, air, telepon dan internet (rek/bln)\tbulan\t12\t250.000.000\n")
RPTC = "Jumlah anak dan perempuan korban tindak kekerasan dan perlakuan salah yang menerima rehabilitasi psikososial"


def url(name, job=None, agency="dinsos-kukar"):
    base = reverse(name, args=[agency])
    return f"{base}?id={job.pk}" if job else base


def test_home_links_to_the_imports_the_user_may_use(client, perencana, operator_rehsos):
    client.force_login(perencana)
    page = client.get(reverse("home")).content.decode()
    assert url("import-plan") in page and url("import-realisation") not in page
    client.force_login(operator_rehsos)
    page = client.get(reverse("home")).content.decode()
    assert url("import-realisation") in page and url("import-plan") not in page


def test_pages_check_the_capability(client, perencana, operator_rehsos):
    client.force_login(perencana)
    assert client.get(url("import-plan")).status_code == 200
    assert client.get(url("import-realisation")).status_code == 403
    assert client.get(url("import-plan", agency="dinsospm-tarakan")).status_code == 404
    client.force_login(operator_rehsos)
    assert client.get(url("import-realisation")).status_code == 200
    assert client.get(url("import-plan")).status_code == 403


def test_paste_preview_confirm(client, perencana, inline_jobs):
    client.force_login(perencana)
    response = client.post(url("import-plan"), {"year": "2021", "text": PLAN_TSV, "note": "Perkada 12/2021"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url("import-plan-job", job)
    assert (job.file_name, job.status, job.phase, job.needs_mapping) == ("tempel.txt", "done", "preview", False)
    page = client.get(url("import-plan-job", job)).content.decode()
    assert "Pratinjau" in page and "<del>240.840.000</del> → <ins>250.000.000</ins>" in page
    assert f'name="fingerprint" value="{job.fingerprint}"' in page
    assert m.Budget.objects.get(element__code="0000.01.001", kind="renja", year=2021).amount == 240_840_000
    response = client.post(url("import-plan-job", job), {"action": "confirm", "fingerprint": job.fingerprint})
    job.refresh_from_db()
    assert job.applied and job.confirmed is not None
    assert m.Budget.objects.get(element__code="0000.01.001", kind="renja", year=2021).amount == 250_000_000
    entry = AuditEntry.objects.filter(action="impor").get()
    assert (entry.user, entry.reason, entry.old, entry.new) == (perencana, "Perkada 12/2021", "240840000",
                                                                "250000000")
    assert "Tersimpan" in client.get(url("import-plan-job", job)).content.decode()
    # confirming again does nothing more
    client.post(url("import-plan-job", job), {"action": "confirm", "fingerprint": job.fingerprint})
    assert AuditEntry.objects.filter(action="impor").count() == 1


def test_a_preview_with_errors_cannot_be_confirmed(client, perencana, inline_jobs):
    client.force_login(perencana)
    before = stored()
    client.post(url("import-plan"), {"year": "2021", "text": PLAN_TSV.replace("250.000.000", "dua ratus juta")})
    job = ImportJob.objects.get()
    page = client.get(url("import-plan-job", job)).content.decode()
    assert "baris 2, kolom 6 (Pagu tahun N (Rp)): &#x27;dua ratus juta&#x27; bukan jumlah rupiah" in page
    assert 'name="fingerprint"' not in page
    client.post(url("import-plan-job", job), {"action": "confirm", "fingerprint": job.fingerprint})
    job.refresh_from_db()
    assert job.phase == "preview" and stored() == before


def test_mapping_screen_when_recognition_is_unsure(client, perencana, inline_jobs):
    client.force_login(perencana)
    text = "0000.01.001\tPenyediaan jasa komunikasi, sumber daya air dan listrik\t" \
           "Jumlah rekening listrik, air, telepon dan internet (rek/bln)\t250.000.000\n"
    client.post(url("import-plan"), {"year": "2021", "text": text})
    job = ImportJob.objects.get()
    assert job.needs_mapping
    page = client.get(url("import-plan-job", job)).content.decode()
    assert "Tentukan isi setiap kolom" in page and 'name="role-4"' in page and "judul kolom tidak ditemukan" in page
    client.post(url("import-plan-job", job), {"action": "mapping", "role-1": "kode", "role-2": "nama",
                                              "role-3": "indikator", "role-4": "pagu", "header_end": "0"})
    job.refresh_from_db()
    assert not job.needs_mapping and job.mapping["columns"]["4"] == "pagu"
    assert job.summary["counts"] == {"pagu diubah": 1}


def test_upload_over_the_limit_is_refused_with_a_clear_message(client, perencana, settings, inline_jobs):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(perencana)
    upload = SimpleUploadedFile("besar.xlsx", b"PK\x03\x04" + b"\x00" * 5000)
    page = client.post(url("import-plan"), {"year": "2021", "file": upload}).content.decode()
    assert "berkas 0,0 MB melebihi batas impor 0,0 MB" in page
    assert not ImportJob.objects.exists()


def test_operator_uploads_realisations(client, operator_rehsos, inline_jobs):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Kode", "Kegiatan", "Indikator", "TW I", "TW I (Rp)"])
    wb.active.append(["0106.27.001", "pelayanan RPTC", f"{RPTC} (orang)", 10, 20000000])
    buffer = io.BytesIO()
    wb.save(buffer)
    client.force_login(operator_rehsos)
    client.post(url("import-realisation"), {"year": "2021", "quarter": "", "file": SimpleUploadedFile(
        "tw1.xlsx", buffer.getvalue())})
    job = ImportJob.objects.get()
    assert job.summary["counts"] == {"realisasi baru": 1, "realisasi anggaran baru": 1}, job.errors
    client.post(url("import-realisation-job", job), {"action": "confirm", "fingerprint": job.fingerprint})
    assert m.Realisation.objects.get(indicator__element__code="0106.27.001", year=2021, period=1).value == 10
    # another user's job is not disclosed, not even to an operator of the same unit
    other = member("operator-lain", "operator", m.Agency.objects.get(slug="dinsos-kukar"), "rehsos")
    client.force_login(other)
    assert client.get(url("import-realisation-job", job)).status_code == 404
    assert client.get(url("import-realisation-status", job)).status_code == 404


def test_the_request_never_waits_and_the_status_reports_progress(client, perencana, monkeypatch):
    started = []
    monkeypatch.setattr(jobs, "launch", started.append)  # a queue that has not picked the job up yet
    client.force_login(perencana)
    response = client.post(url("import-plan"), {"year": "2021", "text": PLAN_TSV})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and started == [job.pk]
    status = client.get(url("import-plan-status", job)).json()
    assert (status["status"], status["phase"], status["progress"]) == ("queued", "preview",
                                                                       {"done": 0, "total": 0, "percent": 0})
    partial = client.get(url("import-plan-status", job), HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert 'hx-trigger="every 1s"' in body and "<progress" in body and "<script" not in body
    page = client.get(url("import-plan-job", job)).content.decode()
    assert 'hx-get="' in page and "htmx-2.0.11.min.js" in page and "<script>" not in page
    jobs.run(job.pk)
    status = client.get(url("import-plan-status", job)).json()
    assert status["status"] == "done" and status["progress"] == {"done": 1, "total": 1, "percent": 100}
    assert status["summary"]["counts"] == {"pagu diubah": 1}
    done = client.get(url("import-plan-status", job), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_a_failed_job_says_why(client, perencana, inline_jobs):
    client.force_login(perencana)
    client.post(url("import-plan"), {"year": "2021", "file": SimpleUploadedFile("rusak.xlsx", b"PK\x03\x04rusak")})
    job = ImportJob.objects.get()
    assert job.status == "failed" and "XLSX rusak atau terpotong" in job.errors[0]["message"]
    page = client.get(url("import-plan-job", job)).content.decode()
    assert "Berkas tidak dapat diimpor" in page and "Basis data tidak berubah" in page


def test_launch_enqueues_the_job_on_the_database_queue_and_returns_at_once(client, perencana):
    """The request only enqueues: the task waits in the database for a worker (`kinerja worker`), and the job
    says which task it is."""
    from django_tasks_db.models import DBTaskResult

    client.force_login(perencana)
    client.post(url("import-plan"), {"year": "2021", "text": PLAN_TSV})
    job = ImportJob.objects.get()
    task = DBTaskResult.objects.get()
    assert (job.status, job.task_id) == ("queued", str(task.id))
    assert (task.status, task.task_path, task.args_kwargs) == ("READY", "kinerja.imports.jobs.run_import",
                                                               {"args": [job.pk], "kwargs": {}})


def test_a_job_whose_worker_is_gone_is_shown_failed_with_its_reason(client, perencana, monkeypatch):
    monkeypatch.setattr(jobs, "launch", lambda job_id: None)
    client.force_login(perencana)
    client.post(url("import-plan"), {"year": "2021", "text": PLAN_TSV})
    job = ImportJob.objects.get()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs
    ImportJob.objects.filter(pk=job.pk).update(status="running", phase="apply",
                                               worker=f"{socket.gethostname()}:{gone.pid}")
    status = client.get(url("import-plan-status", job)).json()
    assert status["status"] == "failed" and status["errors"] == 1
    job.refresh_from_db()
    assert "proses pekerja berhenti" in job.errors[0]["message"]
    # a job run by a live worker is left alone
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=jobs.this_worker())
    assert client.get(url("import-plan-status", job)).json()["status"] == "running"


@pytest.mark.parametrize("kind", ["plan", "realisation"])
def test_status_needs_a_job_id(client, perencana, operator_rehsos, kind):
    client.force_login(perencana if kind == "plan" else operator_rehsos)
    assert client.get(url(f"import-{kind}-status")).status_code == 404
    assert client.get(url(f"import-{kind}-job") + "?id=abc").status_code == 404


def test_the_progress_bar_shows_the_stored_status_of_a_running_job(client, perencana, monkeypatch):
    """The bar and its text are the job's stored progress, written by the run as it goes — here read at each
    write of a real run, and for a job stored half-way."""
    monkeypatch.setattr(jobs, "launch", lambda job_id: None)
    client.force_login(perencana)
    rows = "".join(f"0000.01.{n:03}\tKegiatan {n}\tIndikator {n}\tbulan\t{n}\t\n" for n in range(1, 30))
    client.post(url("import-plan"), {"year": "2021", "text": PLAN_TSV + rows})
    job = ImportJob.objects.get()
    seen = []
    write = jobs._update

    def record(job_id, **fields):
        write(job_id, **fields)
        if "progress_done" in fields and ImportJob.objects.get(pk=job_id).status == "running":
            seen.append(client.get(url("import-plan-status", job)).json()["progress"])

    monkeypatch.setattr(jobs, "_update", record)
    jobs.run(job.pk)
    assert seen[0] == {"done": 0, "total": 0, "percent": 0}  # the run has started, the file is being read
    assert all(p["total"] == 30 for p in seen[1:])
    assert [p["done"] for p in seen] == sorted(p["done"] for p in seen)  # it only moves forward
    assert {3, 15, 29} <= {p["done"] for p in seen}  # row by row, while the job is still running
    ImportJob.objects.filter(pk=job.pk).update(status="running", phase="apply", progress_done=120,
                                               progress_total=480, stage="menyimpan dalam satu transaksi")
    body = client.get(url("import-plan-status", job), HTTP_HX_REQUEST="true").content.decode()
    assert '<progress max="480" value="120">25 %</progress>' in body
    assert "(120/480 baris)" in body and "menyimpan dalam satu transaksi" in body
    assert client.get(url("import-plan-status", job)).json()["progress"] == {"done": 120, "total": 480,
                                                                             "percent": 25}
