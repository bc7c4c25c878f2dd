"""The import pages: upload or paste a table, choose column roles where recognition is unsure, read the preview,
confirm; the work runs in the background (kinerja.imports.jobs) and the page follows its progress.

Plans, targets and pagu are imported by the perencana (EDIT_PLAN), realisations by an operator for the indicators
of the operator's own unit (ENTER_REALISATION): each kind has its own pages, each page declares its capability,
and a job is shown only to the user who started it (another user's job answers 404).
"""

from __future__ import annotations

import os
import re
import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.accounts.permissions import Capability, requires
from kinerja.plan import models as m
from kinerja.web.forms import ID_MAX, refuse

from . import jobs
from .matching import PLAN, REALISATION
from .models import ImportJob
from .reading import ROLE_LABELS, ImportReadError, Role, check_upload
from .services import max_bytes

CAPABILITY = {PLAN: Capability.EDIT_PLAN, REALISATION: Capability.ENTER_REALISATION}
URL_KIND = {PLAN: "plan", REALISATION: "realisation"}
TITLES = {PLAN: _("Impor rencana: target, pagu dan prakiraan maju"), REALISATION: _("Impor realisasi")}
PASTE_NAME = "tempel.txt"
_PREFIX = re.compile(r"^\d(?:[.\d]{0,10})$")
YEAR_ERROR = "pilih tahun dalam periode Renstra"
QUARTER_ERROR = "triwulan 1 sampai 4, atau kosong untuk semua kolom berkas"
HEADER_LINES_MAX = 1_048_576  # the rows of an XLSX sheet


class JobForm(forms.Form):
    id = forms.IntegerField(min_value=1, max_value=ID_MAX)


class StartForm(forms.Form):
    """An import's fields beside its file or text: the year, the quarter (realisations), the kode awal (plans)."""

    year = forms.IntegerField(required=False, error_messages={"invalid": YEAR_ERROR})
    quarter = forms.ChoiceField(choices=[(q, q) for q in ("", "1", "2", "3", "4")], required=False,
                                error_messages={"invalid_choice": QUARTER_ERROR})
    code_prefix = forms.CharField(max_length=20, required=False)
    note = forms.CharField(label=_("catatan (alasan)"), required=False)

    def __init__(self, data, *, kind: str, years: list[int]):
        super().__init__(data)
        self.kind, self.years = kind, years

    def clean_year(self) -> int:
        if self.cleaned_data["year"] not in self.years:
            raise forms.ValidationError(YEAR_ERROR)
        return self.cleaned_data["year"]

    def clean_quarter(self) -> int | None:
        quarter = self.cleaned_data["quarter"]
        return int(quarter) if quarter and self.kind == REALISATION else None

    def clean_code_prefix(self) -> str:
        prefix = self.cleaned_data["code_prefix"].rstrip(".") if self.kind == PLAN else ""
        if prefix and not _PREFIX.match(prefix):
            raise forms.ValidationError("kode awal berupa angka dan titik, mis. 1.06")
        return prefix


class MappingForm(forms.Form):
    """The roles chosen for the job's columns on the mapping screen, and the last header line."""

    header_end = forms.IntegerField(min_value=0, max_value=HEADER_LINES_MAX, required=False)

    def __init__(self, data, *, columns: list[int]):
        super().__init__(data)
        choices = [("", ""), *((role.value, role.value) for role in Role)]
        for index in columns:
            self.fields[f"role-{index}"] = forms.ChoiceField(choices=choices, required=False)

    def mapping(self) -> dict:
        columns = {name[5:]: role for name, role in self.cleaned_data.items() if name.startswith("role-") and role}
        return {"columns": columns, "header_end": self.cleaned_data["header_end"]}


def _url(name: str, kind: str, agency: m.Agency, job: ImportJob | None = None) -> str:
    url = reverse(f"import-{URL_KIND[kind]}{name}", args=[agency.slug])
    return f"{url}?id={job.pk}" if job is not None else url


def _years(agency: m.Agency) -> list[int]:
    years = set()
    for plan in agency.strategic_plans.all():
        years.update(range(plan.first_year, plan.last_year + 1))
    return sorted(years, reverse=True)


def _job(request, agency: m.Agency, kind: str) -> ImportJob:
    form = JobForm({"id": request.GET.get("id") or request.POST.get("id") or ""})
    if not form.is_valid():
        raise Http404("Tugas impor tidak ditemukan")
    job = ImportJob.objects.filter(pk=form.cleaned_data["id"], agency=agency, kind=kind, user=request.user).first()
    if job is None:
        raise Http404("Tugas impor tidak ditemukan")
    return jobs.reap(job)  # a job whose worker died is shown failed, with its reason


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def _start(kind: str):
    @login_required
    @require_http_methods(["GET", "POST"])
    @requires(CAPABILITY[kind])
    def view(request, agency: m.Agency):
        years = _years(agency)
        errors: dict[str, str] = {}
        if request.method == "POST":
            job = _create_job(request, agency, kind, years, errors)
            if job is not None:
                jobs.launch(job.pk)
                return redirect(_url("-job", kind, agency, job))
        recent = ImportJob.objects.filter(agency=agency, user=request.user, kind=kind).defer(
            "summary", "errors", "preview")[:10]
        return render(request, "imports/start.html", {
            "agency": agency, "kind": kind, "title": TITLES[kind], "years": years, "errors": errors,
            "posted": request.POST, "recent": recent, "limit": _size(max_bytes()),
            "job_url": _url("-job", kind, agency), "default_year": _default_year(agency, years),
        })

    return view


def _default_year(agency: m.Agency, years: list[int]) -> int | None:
    renja = m.Revision.objects.filter(agency=agency, document=m.Revision.Document.RENJA).order_by("-year").first()
    return renja.year if renja else (years[0] if years else None)


def _create_job(request, agency: m.Agency, kind: str, years: list[int], errors: dict) -> ImportJob | None:
    form = StartForm(request.POST, kind=kind, years=years)
    if not form.is_valid():
        errors.update(refuse(request, form))
    year, quarter, prefix = (form.cleaned_data.get(name) for name in ("year", "quarter", "code_prefix"))
    upload = request.FILES.get("file")
    text = request.POST.get("text", "")
    limit = max_bytes()
    if upload is not None and text.strip():
        errors["file"] = "pilih satu: unggah berkas atau tempel tabel"
    elif upload is not None:
        if upload.size > limit:
            # refused before anything of it is read as a table
            errors["file"] = f"berkas {_size(upload.size)} melebihi batas impor {_size(limit)}"
        elif refusal := _workbook_refusal(upload):
            errors["file"] = refusal
    elif text.strip():
        if len(text.encode("utf-8")) > limit:
            errors["text"] = f"teks melebihi batas impor {_size(limit)}"
    else:
        errors["file"] = "unggah berkas (XLSX, CSV, teks) atau tempel tabel dari Word/Excel"
    if errors:
        return None
    job = ImportJob(agency=agency, user=request.user, kind=kind, year=year, quarter=quarter, code_prefix=prefix,
                    note=form.cleaned_data["note"][:2000])
    if upload is not None:
        name = os.path.basename(upload.name or "berkas")[:200] or "berkas"
        job.file_name, job.file_size = name, upload.size
        job.file.save(f"{uuid.uuid4().hex}{os.path.splitext(name)[1][:10].lower()}", upload, save=False)
    else:
        data = text.replace("\r\n", "\n").encode("utf-8")
        job.file_name, job.file_size = PASTE_NAME, len(data)
        job.file.save(f"{uuid.uuid4().hex}.txt", ContentFile(data), save=False)
    job.save()
    return job


def _workbook_refusal(upload) -> str | None:
    """Why a workbook that would cost the parser gigabytes is refused here, before it is stored or a job starts."""
    try:
        check_upload(upload, os.path.basename(upload.name or "berkas"))
    except ImportReadError as exc:
        return str(exc)
    return None


def _page(kind: str):
    @login_required
    @require_http_methods(["GET", "POST"])
    @requires(CAPABILITY[kind])
    def view(request, agency: m.Agency):
        job = _job(request, agency, kind)
        if request.method == "POST" and _act(request, job):
            return redirect(_url("-job", kind, agency, job))
        return render(request, "imports/job.html", _context(job, agency, kind))

    return view


def _act(request, job: ImportJob) -> bool:
    """Confirm the previewed changes or re-read the file with the chosen mapping; False when the request is
    refused (nothing written, the page says why)."""
    if not job.finished_run or job.applied:
        return True
    action = request.POST.get("action")
    clean = not any(p.get("severity") == "error" for p in job.errors) and (job.summary or {}).get("changes")
    if action == "confirm" and job.phase == ImportJob.Phase.PREVIEW and job.status == ImportJob.Status.DONE \
            and not job.needs_mapping and clean and request.POST.get("fingerprint") == job.fingerprint:
        ImportJob.objects.filter(pk=job.pk).update(phase=ImportJob.Phase.APPLY, status=ImportJob.Status.QUEUED,
                                                   confirmed=timezone.now(), finished=None, stage="menunggu",
                                                   progress_done=0)
        jobs.launch(job.pk)
    elif action == "mapping":
        form = MappingForm(request.POST, columns=[c["index"] for c in (job.summary or {}).get("columns") or []])
        if not form.is_valid():
            refuse(request, form)
            return False
        ImportJob.objects.filter(pk=job.pk).update(
            mapping=form.mapping(), phase=ImportJob.Phase.PREVIEW,
            status=ImportJob.Status.QUEUED, needs_mapping=False, summary={}, errors=[], preview={}, fingerprint="",
            progress_done=0, progress_total=0, finished=None, stage="menunggu")
        jobs.launch(job.pk)
    return True


def _context(job: ImportJob, agency: m.Agency, kind: str) -> dict:
    problems = sorted(job.errors, key=lambda p: (p.get("severity") != "error", (p.get("where") or {}).get("line")
                                                  or 0))
    summary = job.summary or {}
    errors = [p for p in problems if p.get("severity") == "error"]
    confirmable = (job.phase == ImportJob.Phase.PREVIEW and job.status == ImportJob.Status.DONE
                   and not job.needs_mapping and not errors and summary.get("changes"))
    columns = summary.get("columns") or []
    chosen = {str(c["index"]): c["role"] or "" for c in columns}
    chosen.update((job.mapping or {}).get("columns") or {})
    return {
        "agency": agency, "kind": kind, "title": TITLES[kind], "job": job, "summary": summary,
        "problems": problems, "errors": errors, "warnings": [p for p in problems if p.get("severity") != "error"],
        "preview": job.preview or {}, "confirmable": confirmable, "stale": jobs.stale(job),
        "status_url": _url("-status", kind, agency, job), "start_url": _url("", kind, agency),
        "columns": [{**c, "chosen": chosen.get(str(c["index"]), "")} for c in columns],
        "role_choices": [(r.value, label) for r, label in ROLE_LABELS.items()],
        "sample": summary.get("sample") or [],
        "header_end": (job.mapping or {}).get("header_end") or (summary.get("header_lines") or [0])[-1],
    }


def _status(kind: str):
    @login_required
    @require_GET
    @requires(CAPABILITY[kind])
    def view(request, agency: m.Agency):
        """The job's status: JSON ({status, phase, progress: {done, total, percent}, …}), or for htmx the progress
        bar, which stops polling and reloads the page once the run has finished."""
        job = _job(request, agency, kind)
        if request.headers.get("HX-Request"):
            if job.finished_run:
                response = HttpResponse("")
                response["HX-Refresh"] = "true"
                return response
            return render(request, "imports/_progress.html", {"job": job, "status_url": _url("-status", kind,
                                                                                             agency, job),
                                                              "stale": jobs.stale(job)})
        return JsonResponse(job.status_json())

    return view


import_plan = _start(PLAN)
import_realisation = _start(REALISATION)
import_plan_job = _page(PLAN)
import_realisation_job = _page(REALISATION)
import_plan_status = _status(PLAN)
import_realisation_status = _status(REALISATION)
