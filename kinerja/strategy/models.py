"""The strategic-context tables of the Renja and LKjIP, one model per printed concept.

Text is held exactly as the document prints it (line breaks joined with one space); ``number`` is the printed
numbering of the row ("1", "1.", "a."), ``position`` its printed order. A row that names a plan element (a program,
a sasaran, a sub kegiatan) is linked to it (PROTECT: the element cannot be deleted while a table cites it); the
printed text stays beside the link, so the table reads as printed even where the names differ.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.plan.fields import ExactDecimalField
from kinerja.plan.models import RUPIAH_DIGITS, Agency, PlanElement, Region, StrategicPlan


class _Row(models.Model):
    position = models.PositiveIntegerField(default=0)
    number = models.CharField(_("nomor"), max_length=20, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        abstract = True


class ServiceProblem(_Row):
    """Identifikasi permasalahan pelayanan (berdasarkan tugas dan fungsi): one printed problem.

    Two printed layouts: *aspek kajian* → *permasalahan* (Renja), or *pokok masalah* → *masalah* → *akar masalah*
    (LKjIP). ``aspect`` is the first column, ``problem`` the middle one (empty in the two-column layout) and
    ``detail`` the permasalahan or akar masalah, one row per item with its printed letter in ``number``.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="service_problems")
    year = models.PositiveSmallIntegerField()
    aspect = models.TextField(_("aspek kajian / pokok masalah"))
    problem = models.TextField(_("masalah"), blank=True)
    detail = models.TextField(_("permasalahan / akar masalah"))

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "position"], name="service_problem_unique")]
        verbose_name = _("Identifikasi permasalahan pelayanan")
        verbose_name_plural = _("Identifikasi permasalahan pelayanan")

    def __str__(self) -> str:
        return f"{self.year} {self.aspect}: {self.detail}"[:120]


class DeterminingFactor(_Row):
    """Faktor penghambat dan pendorong pelayanan terhadap pencapaian visi, misi dan program Kepala Daerah: one
    printed line (the visi, a misi, or a program of the Kepala Daerah with its permasalahan pelayanan and the
    faktor penghambat and pendorong)."""

    class Kind(models.TextChoices):
        VISION = "visi", _("Visi")
        MISSION = "misi", _("Misi")
        PROGRAM = "program", _("Program")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="determining_factors")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject = models.TextField(_("misi dan program KDH dan wakil KDH terpilih"))
    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="determining_factors")
    problem = models.TextField(_("permasalahan pelayanan"), blank=True)
    inhibiting = models.TextField(_("faktor penghambat"), blank=True)
    driving = models.TextField(_("faktor pendorong"), blank=True)

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "position"],
                                               name="determining_factor_unique")]
        verbose_name = _("Faktor penghambat dan pendorong pelayanan")
        verbose_name_plural = _("Faktor penghambat dan pendorong pelayanan")

    def __str__(self) -> str:
        return f"{self.year} {self.subject}"[:120]


class PolicyReview(_Row):
    """Telaahan Renstra K/L dan Renstra Provinsi: a sasaran jangka menengah of the ministry's (Kementerian) or the
    provincial agency's Renstra, with the permasalahan pelayanan it raises for the agency and the faktor
    penghambat and pendorong."""

    class Level(models.TextChoices):
        MINISTRY = "kementerian", _("Renstra Kementerian/Lembaga")
        PROVINCE = "provinsi", _("Renstra Perangkat Daerah Provinsi")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="policy_reviews")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=20, choices=Level.choices)
    document = models.TextField(_("dokumen yang ditelaah"))
    target = models.TextField(_("sasaran jangka menengah"))
    problem = models.TextField(_("permasalahan pelayanan"), blank=True)
    inhibiting = models.TextField(_("faktor penghambat"), blank=True)
    driving = models.TextField(_("faktor pendorong"), blank=True)

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "position"], name="policy_review_unique")]
        verbose_name = _("Telaahan Renstra K/L dan Renstra Provinsi")
        verbose_name_plural = _("Telaahan Renstra K/L dan Renstra Provinsi")

    def __str__(self) -> str:
        return f"{self.year} {self.document}: {self.target}"[:120]


class RegionalVision(models.Model):
    """Visi Kepala Daerah (RPJMD): the elected head's vision for the region and period, held once per Pemda."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="visions")
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    text = models.TextField(_("visi"))
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["region", "first_year"]
        constraints = [models.UniqueConstraint(fields=["region", "first_year", "last_year"],
                                               name="regional_vision_unique")]
        verbose_name = _("Visi Kepala Daerah (RPJMD)")
        verbose_name_plural = _("Visi Kepala Daerah (RPJMD)")

    def __str__(self) -> str:
        return f"{self.region} {self.first_year}–{self.last_year}: {self.text}"[:120]


class RegionalMission(_Row):
    """Misi Kepala Daerah (RPJMD): one numbered misi of the vision."""

    vision = models.ForeignKey(RegionalVision, on_delete=models.PROTECT, related_name="missions")
    text = models.TextField(_("misi"))

    class Meta:
        ordering = ["vision", "position"]
        constraints = [models.UniqueConstraint(fields=["vision", "position"], name="regional_mission_unique")]
        verbose_name = _("Misi Kepala Daerah (RPJMD)")
        verbose_name_plural = _("Misi Kepala Daerah (RPJMD)")

    def __str__(self) -> str:
        return f"{self.number} {self.text}"[:120]


class MissionGoal(_Row):
    """Misi yang relevan: a misi of the Kepala Daerah the agency's tujuan serves (matriks hubungan visi, misi,
    tujuan dan sasaran). ``label`` is the misi as the table prints it ("Misi Ke-1")."""

    strategic_plan = models.ForeignKey(StrategicPlan, on_delete=models.PROTECT, related_name="mission_goals")
    mission = models.ForeignKey(RegionalMission, on_delete=models.PROTECT, related_name="goals")
    label = models.TextField(_("misi yang relevan"))
    goal = models.ForeignKey(PlanElement, on_delete=models.PROTECT, related_name="missions")

    class Meta:
        ordering = ["strategic_plan", "position"]
        constraints = [models.UniqueConstraint(fields=["strategic_plan", "position"], name="mission_goal_unique")]
        verbose_name = _("Misi yang relevan")
        verbose_name_plural = _("Misi yang relevan")

    def __str__(self) -> str:
        return f"{self.label} → {self.goal}"[:120]


class Strategy(_Row):
    """Strategi Perangkat Daerah (Renstra): one numbered strategy, with the tujuan or sasaran it serves where the
    table names one."""

    strategic_plan = models.ForeignKey(StrategicPlan, on_delete=models.PROTECT, related_name="strategies")
    text = models.TextField(_("strategi"))
    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="strategies")

    class Meta:
        ordering = ["strategic_plan", "position"]
        constraints = [models.UniqueConstraint(fields=["strategic_plan", "position"], name="strategy_unique")]
        verbose_name = _("Strategi")
        verbose_name_plural = _("Strategi")

    def __str__(self) -> str:
        return f"{self.number} {self.text}"[:120]


class PolicyDirection(_Row):
    """Arah kebijakan: one numbered direction under its strategy."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="directions")
    text = models.TextField(_("arah kebijakan"))

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [models.UniqueConstraint(fields=["strategy", "position"], name="policy_direction_unique")]
        verbose_name = _("Arah kebijakan")
        verbose_name_plural = _("Arah kebijakan")

    def __str__(self) -> str:
        return f"{self.number} {self.text}"[:120]


class ProgramAlignment(_Row):
    """Keselarasan program dengan indikator kinerja: a sasaran strategis, its indikator kinerja and one program
    that serves it, as printed, linked to the stored sasaran and program."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="program_alignments")
    year = models.PositiveSmallIntegerField()
    objective_text = models.TextField(_("sasaran strategis"))
    objective = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="program_alignments")
    indicator_text = models.TextField(_("indikator kinerja"), blank=True)
    program_text = models.TextField(_("program"))
    program = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="objective_alignments")

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "position"],
                                               name="program_alignment_unique")]
        verbose_name = _("Keselarasan program dengan indikator kinerja")
        verbose_name_plural = _("Keselarasan program dengan indikator kinerja")

    def __str__(self) -> str:
        return f"{self.year} {self.objective_text} → {self.program_text}"[:120]


class PriorityLink(_Row):
    """Keterkaitan prioritas daerah terhadap prioritas nasional dan provinsi: a sub kegiatan of the RKPD with the
    prioritas nasional (RPJMN) and prioritas provinsi it serves, linked to the stored program and sub kegiatan."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="priority_links")
    year = models.PositiveSmallIntegerField()
    priority_code = models.CharField(_("kode (PN/PP)"), max_length=40, blank=True)
    national_priority = models.TextField(_("prioritas nasional/program prioritas"), blank=True)
    provincial_priority = models.TextField(_("prioritas provinsi"), blank=True)
    affair_text = models.TextField(_("bidang urusan"), blank=True)
    program_text = models.TextField(_("program"), blank=True)
    activity_text = models.TextField(_("kegiatan"), blank=True)
    subactivity_text = models.TextField(_("sub kegiatan"), blank=True)
    program = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="priority_links")
    subactivity = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="subactivity_priority_links")
    pagu = ExactDecimalField(_("pagu sub kegiatan"), **RUPIAH_DIGITS, negative=False, null=True, blank=True)
    printed_pagu = models.CharField(max_length=80, blank=True)
    note = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "position"], name="priority_link_unique")]
        verbose_name = _("Keterkaitan prioritas daerah, nasional dan provinsi")
        verbose_name_plural = _("Keterkaitan prioritas daerah, nasional dan provinsi")

    def __str__(self) -> str:
        return f"{self.year} {self.subactivity_text}"[:120]


class DraftingTeam(models.Model):
    """Tim penyusun Renja: the Surat Keputusan Kepala Perangkat Daerah that appoints it (lampiran SK)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="drafting_teams")
    year = models.PositiveSmallIntegerField(help_text=_("Tahun rencana Renja yang disusun."))
    decree_number = models.CharField(_("nomor SK"), max_length=120, blank=True)
    decree_date = models.CharField(_("tanggal SK"), max_length=60, blank=True)
    decree_place = models.CharField(_("ditetapkan di"), max_length=120, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["agency", "year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="drafting_team_unique")]
        verbose_name = _("Tim penyusun Renja")
        verbose_name_plural = _("Tim penyusun Renja")

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class DraftingTeamMember(_Row):
    """Anggota tim penyusun: a name or position as the annex prints it, and the role in the team (jabatan)."""

    team = models.ForeignKey(DraftingTeam, on_delete=models.PROTECT, related_name="members")
    name = models.TextField(_("nama"))
    role = models.CharField(_("jabatan dalam tim"), max_length=120, blank=True)

    class Meta:
        ordering = ["team", "position"]
        constraints = [models.UniqueConstraint(fields=["team", "position"], name="drafting_team_member_unique")]
        verbose_name = _("Anggota tim penyusun")
        verbose_name_plural = _("Anggota tim penyusun")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"[:120]
