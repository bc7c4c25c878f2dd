"""An import started from the web app, run in the background: its file, where it stands, and what it found."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """Tugas impor: one file (uploaded or pasted), read and compared in the background (the preview), then, once
    the user confirms, applied in one transaction.

    ``phase`` says which of the two runs ``status`` is about. The preview is kept (``summary``, ``errors``,
    ``preview``) so that the page can show it; confirming applies only if the data still gives the same changes
    (``fingerprint``).
    """

    class Kind(models.TextChoices):
        PLAN = "plan", _("rencana (target dan pagu)")
        REALISATION = "realisation", _("realisasi")

    class Status(models.TextChoices):
        QUEUED = "queued", _("menunggu")
        RUNNING = "running", _("berjalan")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    class Phase(models.TextChoices):
        PREVIEW = "preview", _("pratinjau")
        APPLY = "apply", _("penyimpanan")

    agency = models.ForeignKey("plan.Agency", on_delete=models.PROTECT, related_name="import_jobs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    code_prefix = models.CharField(_("kode awal urusan/bidang"), max_length=20, blank=True)
    note = models.TextField(_("catatan (alasan)"), blank=True)
    file = models.FileField(upload_to="impor/%Y/", max_length=300)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    mapping = models.JSONField(default=dict, blank=True, help_text=_("Column roles chosen on the mapping screen."))
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.PREVIEW)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=80, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    needs_mapping = models.BooleanField(default=False)
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True, help_text=_("Problems found, errors and warnings."))
    preview = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True, help_text=_("Last progress written by the run."))
    confirmed = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text=_("The id of its task on the task backend."))
    worker = models.CharField(max_length=200, blank=True, help_text=_("Host and process id of the worker running it."))

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["agency", "user", "created"])]
        verbose_name = _("Tugas impor")
        verbose_name_plural = _("Tugas impor")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()} {self.year}): {self.get_status_display()}"

    @property
    def finished_run(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def applied(self) -> bool:
        return self.phase == self.Phase.APPLY and self.status == self.Status.DONE

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    def status_json(self) -> dict:
        return {
            "id": self.pk, "kind": self.kind, "year": self.year, "quarter": self.quarter, "file": self.file_name,
            "phase": self.phase, "status": self.status, "stage": self.stage,
            "progress": {"done": self.progress_done, "total": self.progress_total, "percent": self.percent},
            "needs_mapping": self.needs_mapping, "summary": self.summary,
            "errors": sum(1 for p in self.errors if p.get("severity") == "error"),
            "warnings": sum(1 for p in self.errors if p.get("severity") == "warning"),
            "created": self.created.isoformat() if self.created else None,
            "finished": self.finished.isoformat() if self.finished else None,
        }
