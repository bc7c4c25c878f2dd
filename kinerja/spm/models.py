"""Standar Pelayanan Minimal (SPM) bidang sosial and the agency's potensi dan sumber kesejahteraan sosial (PSKS).

A *jenis pelayanan dasar* is the unit the SPM is reported in (Permendagri 59/2021, Permensos 9/2018): its target
(what is counted), the *cara hitung* of its outcome, the indicator where Kinerja stores one, the people it serves
(*sasaran*) and, per need, the cost components with the program and kegiatan that pay for them. The quarterly SPM
report builds on these rows, so each part is its own record rather than text in one cell.

These lines describe the plan; nothing is reported against them, so they go with their agency (CASCADE) and lose
the link, not the line, when an element or indicator goes (SET_NULL).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.plan.fields import ExactDecimalField
from kinerja.plan.models import VALUE_DIGITS, Agency, Indicator, PlanElement


class BasicService(models.Model):
    """Jenis pelayanan dasar SPM: one basic service of the SPM bidang sosial, as the agency's table prints it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="spm_services")
    year = models.PositiveSmallIntegerField(help_text=_("Year of the document the table is printed in."))
    position = models.PositiveIntegerField()
    number = models.CharField(_("nomor tercetak"), max_length=10, blank=True)
    name = models.TextField(_("jenis pelayanan dasar"))
    target = models.TextField(_("target"), blank=True)
    calculation = models.TextField(_("cara hitung outcome"), blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="spm_services")
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "position"], name="spm_service_unique")]
        verbose_name = _("Jenis pelayanan dasar SPM")
        verbose_name_plural = _("Jenis pelayanan dasar SPM")

    def __str__(self) -> str:
        return f"{self.year} {self.number} {self.name}"


class ServiceRecipient(models.Model):
    """Sasaran (penerima) pelayanan dasar: who the basic service is for, e.g. disabilitas terlantar di luar panti."""

    service = models.ForeignKey(BasicService, on_delete=models.CASCADE, related_name="recipients")
    position = models.PositiveIntegerField()
    number = models.CharField(_("nomor tercetak"), max_length=10, blank=True)
    name = models.TextField(_("sasaran"))

    class Meta:
        ordering = ["service", "position"]
        verbose_name = _("Sasaran pelayanan dasar")
        verbose_name_plural = _("Sasaran pelayanan dasar")

    def __str__(self) -> str:
        return self.name


class ServiceComponent(models.Model):
    """Kebutuhan dan komponen biaya pelayanan dasar: one need of the service, its cost components and the program
    and kegiatan (as printed, with the plan element where one is stored) that fund it."""

    service = models.ForeignKey(BasicService, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveIntegerField()
    need = models.TextField(_("kebutuhan"), blank=True)
    cost_components = models.TextField(_("komponen biaya"), blank=True)
    program_name = models.TextField(_("program"), blank=True)
    activity_name = models.TextField(_("kegiatan"), blank=True)
    program = models.ForeignKey(PlanElement, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="spm_components")

    class Meta:
        ordering = ["service", "position"]
        verbose_name = _("Kebutuhan dan komponen biaya SPM")
        verbose_name_plural = _("Kebutuhan dan komponen biaya SPM")

    def __str__(self) -> str:
        return f"{self.need} — {self.activity_name}".strip(" —")


class WelfarePotential(models.Model):
    """Potensi dan sumber kesejahteraan sosial (PSKS): how many of one kind of PSKS, perorangan or kelembagaan,
    the agency counts in a year (e.g. 20 orang TKSK, 259 Karang Taruna)."""

    class Group(models.TextChoices):
        PERSON = "perorangan", _("PSKS perorangan")
        INSTITUTION = "kelembagaan", _("PSKS kelembagaan")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="welfare_potentials")
    year = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField()
    group = models.CharField(max_length=12, choices=Group.choices)
    name = models.TextField(_("jenis PSKS"))
    count = ExactDecimalField(_("jumlah"), **VALUE_DIGITS, negative=False)
    unit = models.CharField(_("satuan"), max_length=40)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "position"], name="psks_line_unique")]
        verbose_name = _("PSKS")
        verbose_name_plural = _("PSKS")

    def __str__(self) -> str:
        return f"{self.year} {self.name}: {self.count} {self.unit}"
