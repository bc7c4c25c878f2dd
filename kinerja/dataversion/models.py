"""The version counters the triggers move, and the identity of the database they count in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyDataVersion(models.Model):
    """Versi data Perangkat Daerah: how many times the agency's plan, realisations or printed figures changed.

    ``agency_id`` is deliberately not a foreign key: the triggers that move it also fire while an agency's rows
    are deleted (a demo rebuild), and a counter left behind by a deleted agency is harmless — ids are not reused.
    """

    agency_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("Versi data Perangkat Daerah")
        verbose_name_plural = _("Versi data Perangkat Daerah")

    def __str__(self) -> str:
        return f"{self.agency_id}@{self.version}"


class DatabaseIdentity(models.Model):
    """Identitas basis data: a random token made when the database was created.

    A rebuilt database starts its counters again at 1; results kept outside it (a shared cache) are keyed by this
    token as well, so they are never taken for the new database's.
    """

    token = models.CharField(max_length=32, unique=True)

    class Meta:
        verbose_name = _("Identitas basis data")
        verbose_name_plural = _("Identitas basis data")

    def __str__(self) -> str:
        return self.token


class StoredResult(models.Model):
    """Hasil tersimpan: a computed result of an agency (an evaluation's summary, a page) under its data version.

    One row per (agency, kind, key): the version it was computed from says whether it is current. A row is
    written only when the agency's version did not move while the result was computed, and in the reader's
    transaction, so a result of data that was rolled back is rolled back with it.
    """

    agency_id = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    version = models.BigIntegerField()
    payload = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency_id", "kind", "key"], name="stored_result_unique")]
        verbose_name = _("Hasil tersimpan")
        verbose_name_plural = _("Hasil tersimpan")

    def __str__(self) -> str:
        return f"{self.kind} {self.key} of {self.agency_id}@{self.version}"
