"""The quarterly reporting workflow and the value-level audit trail.

A unit's quarter moves draft → submitted → verified → approved, or back to returned with a reason. Approval locks
its values; re-opening one unit and quarter is an explicit, recorded act. Every change to a value records who,
when, old → new and why; audit entries are never updated or deleted through the application.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFIED = "verified", _("Diverifikasi")
    APPROVED = "approved", _("Disetujui")
    RETURNED = "returned", _("Dikembalikan")


class QuarterReport(models.Model):
    """Laporan triwulan unit: the state of one unit's realisations for one quarter."""

    agency = models.ForeignKey("plan.Agency", on_delete=models.PROTECT, related_name="quarter_reports")
    unit = models.ForeignKey("plan.Unit", on_delete=models.PROTECT, related_name="quarter_reports")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"TW {'I' * q if q < 4 else 'IV'}") for q in (1, 2, 3, 4)])
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_late = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="quarter_report_unique"),
        ]
        verbose_name = _("Laporan triwulan")
        verbose_name_plural = _("Laporan triwulan")

    def __str__(self) -> str:
        return f"{self.unit} {self.year} TW {self.quarter}: {self.get_status_display()}"


class AuditEntry(models.Model):
    """Jejak audit: one change of one value or status — who, when, old → new, and why. Append-only."""

    agency = models.ForeignKey("plan.Agency", on_delete=models.PROTECT, related_name="audit_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60, blank=True)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("Jejak audit")
        verbose_name_plural = _("Jejak audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Jejak audit tidak dapat diubah")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Jejak audit tidak dapat dihapus")
