"""The plan and its realisations, held once.

Foreign keys to anything that carries realisations, budgets or printed figures are PROTECT: deleting a plan
element never silently removes what was reported against it.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.engine import Aggregation, CodeScheme, OrdinalScale, Polarity

from .fields import ExactDecimalField

VALUE_DIGITS = {"max_digits": 24, "decimal_places": 6}
RUPIAH_DIGITS = {"max_digits": 20, "decimal_places": 2}
# A value's form carries the version it was shown with, 0 where none was stored: a second person who saves a first
# value after someone else did is refused like one who changes a value changed since the page was opened.
FIRST_VERSION_HELP = _("1 when created, incremented on every save (0: not yet stored): optimistic locking.")


def _choices(enum, labels: dict) -> list[tuple[str, str]]:
    return [(member.value, labels[member]) for member in enum]


class Region(models.Model):
    """Pemerintah Daerah (Pemda): a kabupaten, kota or provinsi."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        PROVINSI = "provinsi", _("Provinsi")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Pemerintah Daerah")
        verbose_name_plural = _("Pemerintah Daerah")

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(models.QuerySet):
    def visible_to(self, user):
        from kinerja.accounts.models import Membership

        return self.filter(pk__in=Membership.agencies_visible_to(user))


class Agency(models.Model):
    """Perangkat Daerah (PD, OPD, SKPD): one agency of a Pemda, e.g. Dinas Sosial."""

    class EvaluationLayout(models.IntegerChoices):
        SEMESTER_PROGRAM = 1, _("Tata letak 1: program dan kegiatan, K dan Rp (Permendagri 86/2017)")
        BY_CODE = 2, _("Tata letak 2: program, kegiatan dan sub kegiatan menurut kode")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agencies")
    slug = models.SlugField(_("kode singkat (dipakai di alamat)"), unique=True, help_text=_(
        "Huruf kecil, angka dan tanda hubung, mis. dinsos-kukar; dipakai di alamat halaman."))
    name = models.CharField(_("nama"), max_length=300)
    short_name = models.CharField(_("nama singkat"), max_length=120, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    head_name = models.CharField(_("nama kepala"), max_length=200, blank=True)
    head_rank = models.CharField(_("pangkat/golongan"), max_length=200, blank=True)
    head_nip = models.CharField(_("NIP"), max_length=40, blank=True)
    # The town the head signs in, as the documents print it ("Tenggarong", not the kabupaten's name).
    signature_place = models.CharField(_("tempat penandatanganan"), max_length=120, blank=True)
    evaluation_layout = models.PositiveSmallIntegerField(
        _("tata letak evaluasi Renja"), choices=EvaluationLayout.choices, default=EvaluationLayout.SEMESTER_PROGRAM
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Perangkat Daerah")
        verbose_name_plural = _("Perangkat Daerah")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """Unit kerja: Sekretariat, Bidang, Sub Bagian or UPTD — penanggung jawab of programs and indicators."""

    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        SUBBAGIAN = "subbagian", _("Sub Bagian")
        BIDANG = "bidang", _("Bidang")
        UPTD = "uptd", _("UPTD")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units",
                               verbose_name=_("perangkat daerah"))
    key = models.SlugField(_("kode singkat unit"), help_text=_(
        "Huruf kecil, angka dan tanda hubung, mis. rehsos; dipakai di alamat halaman entri realisasi."))
    name = models.CharField(_("nama unit"), max_length=200)
    kind = models.CharField(_("jenis unit"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="unit_key_unique_per_agency")]
        verbose_name = _("Unit kerja")
        verbose_name_plural = _("Unit kerja")

    def __str__(self) -> str:
        return self.name


class StrategicPlan(models.Model):
    """Renstra Perangkat Daerah: the agency's five-year strategic plan and its period."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="strategic_plans",
                               verbose_name=_("perangkat daerah"))
    key = models.SlugField(_("kode singkat Renstra"), help_text=_("Huruf kecil, angka dan tanda hubung, "
                                                                  "mis. renstra-2021-2026."))
    name = models.CharField(_("nama"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("tahun awal"))
    last_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    code_scheme = models.CharField(
        _("sistem kode"),
        max_length=20,
        choices=[(CodeScheme.PERMENDAGRI_90.value, "Permendagri 90/2019"), (CodeScheme.PRE_2020.value, _("Pra-2020"))],
        help_text=_("Nomenklatur kode yang diikuti periode ini; periode lama tetap memakai kodenya."),
    )

    class Meta:
        ordering = ["agency", "first_year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="renstra_key_unique_per_agency"),
            models.CheckConstraint(condition=Q(first_year__lte=models.F("last_year")), name="renstra_period_ordered"),
        ]
        verbose_name = _("Renstra")
        verbose_name_plural = _("Renstra")

    def __str__(self) -> str:
        return f"{self.name} ({self.first_year}–{self.last_year})"

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


class Revision(models.Model):
    """Versi dokumen: Renstra (murni/perubahan), Renja (murni/perubahan), Perjanjian Kinerja.

    Every target and pagu belongs to one revision, so a later *perubahan* never overwrites the *murni* and a
    report can say which one it used.
    """

    class Document(models.TextChoices):
        RENSTRA = "renstra", _("Renstra")
        RENJA = "renja", _("Renja")
        PK = "pk", _("Perjanjian Kinerja")

    class Label(models.TextChoices):
        MURNI = "murni", _("murni")
        PERUBAHAN = "perubahan", _("perubahan")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="revisions")
    strategic_plan = models.ForeignKey(StrategicPlan, on_delete=models.PROTECT, related_name="revisions")
    key = models.SlugField()
    document = models.CharField(max_length=20, choices=Document.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("Empty for a Renstra."))
    label = models.CharField(max_length=20, choices=Label.choices, default=Label.MURNI)
    number = models.PositiveSmallIntegerField(default=0, help_text=_("Order of revisions of one document."))
    date = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["agency", "document", "year", "number"]
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="revision_key_unique_per_agency")]
        verbose_name = _("Revisi dokumen")
        verbose_name_plural = _("Revisi dokumen")

    def __str__(self) -> str:
        year = f" {self.year}" if self.year else ""
        return f"{self.get_document_display()}{year} {self.get_label_display()}"

    def describe(self) -> dict:
        return {
            "key": self.key,
            "document": self.document,
            "year": self.year,
            "label": self.label,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
        }


class Level(models.TextChoices):
    GOAL = "tujuan", _("Tujuan")
    OBJECTIVE = "sasaran", _("Sasaran")
    PROGRAM = "program", _("Program")
    ACTIVITY = "kegiatan", _("Kegiatan")
    SUBACTIVITY = "subkegiatan", _("Sub Kegiatan")


class PlanElementQuerySet(models.QuerySet):
    def of_plan(self, strategic_plan):
        return self.filter(strategic_plan=strategic_plan)


class PlanElement(models.Model):
    """Unsur rencana: Tujuan → Sasaran → Program → Kegiatan → Sub Kegiatan.

    One table for the five levels keeps the hierarchy a plain tree, so indicators, pagu and realisations attach
    to any level the same way. Codes and names are those of the element's Renstra period: a new nomenclature is
    a new period with new elements, linked by ``maps_to``, never a rewrite of the old ones.
    """

    strategic_plan = models.ForeignKey(StrategicPlan, on_delete=models.PROTECT, related_name="elements")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    level = models.CharField(max_length=20, choices=Level.choices)
    key = models.CharField(max_length=60, help_text=_("Stable identifier inside the Renstra."))
    code = models.CharField(max_length=40, blank=True, help_text=_("Normalised code of the period's scheme."))
    name = models.TextField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="elements")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0, help_text=_("Incremented on every save: optimistic locking."))
    maps_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="mapped_from",
        help_text=_("The same element in a later nomenclature, where a mapping exists."),
    )

    objects = PlanElementQuerySet.as_manager()

    class Meta:
        ordering = ["strategic_plan", "position"]
        constraints = [models.UniqueConstraint(fields=["strategic_plan", "key"], name="element_key_unique_per_plan")]
        indexes = [models.Index(fields=["strategic_plan", "level"])]
        verbose_name = _("Unsur rencana")
        verbose_name_plural = _("Unsur rencana")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class _LevelManager(models.Manager):
    level: str

    def __init__(self, level: str):
        super().__init__()
        self.level = level

    def get_queryset(self):
        return super().get_queryset().filter(level=self.level)


class Goal(PlanElement):
    """Tujuan."""

    objects = _LevelManager(Level.GOAL)

    class Meta:
        proxy = True


class Objective(PlanElement):
    """Sasaran."""

    objects = _LevelManager(Level.OBJECTIVE)

    class Meta:
        proxy = True


class Program(PlanElement):
    """Program."""

    objects = _LevelManager(Level.PROGRAM)

    class Meta:
        proxy = True


class Activity(PlanElement):
    """Kegiatan."""

    objects = _LevelManager(Level.ACTIVITY)

    class Meta:
        proxy = True


class SubActivity(PlanElement):
    """Sub Kegiatan."""

    objects = _LevelManager(Level.SUBACTIVITY)

    class Meta:
        proxy = True


class CategoryScale(models.Model):
    """Skala kategori berurut (e.g. kategori kelurahan, predikat SAKIP): the scale is data, not code."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="scales")
    key = models.SlugField()
    name = models.CharField(max_length=200)
    categories = models.JSONField(help_text=_("Labels from lowest to highest."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="scale_key_unique_per_agency")]
        verbose_name = _("Skala kategori")
        verbose_name_plural = _("Skala kategori")

    def __str__(self) -> str:
        return self.name

    def as_ordinal(self) -> OrdinalScale:
        return OrdinalScale(key=self.key, name=self.name, categories=tuple(self.categories))


class MeasureUnitEquivalence(models.Model):
    """Kesetaraan satuan: two spellings of a satuan that an agency, or its whole Pemda, declares to be one unit.

    Values are added and compared only when their units agree (RULES.md §2), and code never guesses that
    ``Orang`` and ``Orang / Kali`` are the same: a planner declares it, with a reason, and the audit trail keeps who.
    ``unit`` is read as ``same_as`` wherever the declaration applies (the agency's, or every agency of the region).
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="unit_equivalences")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="unit_equivalences")
    unit = models.CharField(_("satuan"), max_length=100)
    same_as = models.CharField(_("sama dengan"), max_length=100)
    reason = models.TextField(_("alasan"), blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit"]
        constraints = [
            models.CheckConstraint(condition=Q(region__isnull=True) ^ Q(agency__isnull=True),
                                   name="unit_equivalence_region_xor_agency"),
            models.UniqueConstraint(fields=["agency", "unit"], condition=Q(agency__isnull=False),
                                    name="unit_equivalence_agency_unique"),
            models.UniqueConstraint(fields=["region", "unit"], condition=Q(region__isnull=False),
                                    name="unit_equivalence_region_unique"),
        ]
        verbose_name = _("Kesetaraan satuan")
        verbose_name_plural = _("Kesetaraan satuan")

    def __str__(self) -> str:
        return f"{self.unit} = {self.same_as}"


class Indicator(models.Model):
    """Indikator kinerja: outcome of a tujuan, sasaran or program; output of a kegiatan or sub kegiatan."""

    class ValueKind(models.TextChoices):
        NUMBER = "number", _("angka")
        PERCENT = "percent", _("persen")
        RATIO = "ratio", _("rasio pembilang/penyebut")
        CATEGORY = "category", _("kategori")

    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, related_name="indicators")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField(_("nama indikator"))
    satuan = models.CharField(_("satuan"), max_length=80, blank=True)
    polarity = models.CharField(
        _("polaritas"),
        max_length=10,
        choices=_choices(Polarity, {Polarity.POSITIVE: _("positif: makin tinggi makin baik"),
                                    Polarity.NEGATIVE: _("negatif: makin rendah makin baik")}),
        default=Polarity.POSITIVE.value,
    )
    aggregation = models.CharField(
        _("cara akumulasi"),
        max_length=4,
        choices=_choices(Aggregation, {Aggregation.SUM: _("dijumlahkan (arus, mis. orang yang dilayani)"),
                                       Aggregation.LAST: _("nilai terakhir (keadaan, mis. persentase)"),
                                       Aggregation.MAX: _("nilai tertinggi"),
                                       Aggregation.MIN: _("nilai terendah")}),
        blank=True,
        help_text=_("Bagaimana realisasi triwulan menjadi realisasi tahunan. Kosong sampai perencana memutuskan."),
    )
    value_kind = models.CharField(_("jenis nilai"), max_length=10, choices=ValueKind.choices,
                                  default=ValueKind.NUMBER)
    scale = models.ForeignKey(CategoryScale, on_delete=models.PROTECT, null=True, blank=True,
                              verbose_name=_("skala kategori"),
                              help_text=_("Wajib untuk indikator berjenis kategori."))
    numerator_name = models.CharField(_("nama pembilang"), max_length=300, blank=True)
    denominator_name = models.CharField(_("nama penyebut"), max_length=300, blank=True)
    factor = models.DecimalField(_("faktor pengali rasio"), max_digits=12, decimal_places=4, default=Decimal(100),
                                 help_text=_("Rasio = pembilang ÷ penyebut × faktor; 100 untuk persen."))
    is_iku = models.BooleanField(_("IKU (indikator kinerja utama)"), default=False)
    is_ikk = models.BooleanField(_("IKK (indikator kinerja kunci)"), default=False)
    ikk_code = models.CharField(_("kode IKK"), max_length=20, blank=True)
    is_spm = models.BooleanField(_("SPM (standar pelayanan minimal)"), default=False)
    formula = models.TextField(_("rumus"), blank=True)
    data_source = models.CharField(_("sumber data"), max_length=300, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators",
                             verbose_name=_("unit penanggung jawab"))
    version = models.PositiveIntegerField(default=0, help_text=_("Incremented on every save: optimistic locking."))

    class Meta:
        ordering = ["element", "position"]
        constraints = [
            models.UniqueConstraint(fields=["element", "position"], name="indicator_position_unique"),
            models.CheckConstraint(
                condition=~Q(value_kind="category") | Q(scale__isnull=False), name="category_indicator_has_scale"
            ),
        ]
        verbose_name = _("Indikator kinerja")
        verbose_name_plural = _("Indikator kinerja")

    def __str__(self) -> str:
        return self.name


class PlanKind(models.TextChoices):
    """What a planned value is: shared by targets (K) and pagu (Rp)."""

    RENSTRA = "renstra", _("target Renstra tahunan")
    RENSTRA_END = "renstra_end", _("target Renstra akhir periode")
    RENJA = "renja", _("target Renja")
    PK = "pk", _("target Perjanjian Kinerja")
    FORWARD = "forward", _("prakiraan maju")
    PROJECTION = "proyeksi", _("proyeksi capaian")


class Target(models.Model):
    """Target kinerja (K) of an indicator for a year, as one revision of one document sets it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(max_length=12, choices=PlanKind.choices)
    year = models.PositiveSmallIntegerField()
    value = ExactDecimalField(**VALUE_DIGITS, null=True, blank=True)
    category = models.CharField(max_length=80, blank=True)
    unit = models.CharField(max_length=80, blank=True, help_text=_("Unit as written, when it differs from satuan."))
    text = models.CharField(max_length=200, blank=True, help_text=_("The value as written at entry or import."))
    version = models.PositiveIntegerField(default=1, help_text=FIRST_VERSION_HELP)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "revision", "kind", "year"], name="target_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(category=""), name="target_has_value_or_category"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "kind", "year"])]
        verbose_name = _("Target")
        verbose_name_plural = _("Target")

    def __str__(self) -> str:
        return f"{self.indicator} {self.get_kind_display()} {self.year}: {self.text or self.value or self.category}"


class Period(models.IntegerChoices):
    """Reporting period of a realisation within a year."""

    YEAR = 0, _("Tahunan (tanpa rincian triwulan)")
    Q1 = 1, _("TW I")
    Q2 = 2, _("TW II")
    Q3 = 3, _("TW III")
    Q4 = 4, _("TW IV")


class Realisation(models.Model):
    """Realisasi kinerja (K) of an indicator in one triwulan, or a year's total reported without quarters.

    A value not reported has no row: absence is distinct from a reported 0.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="realisations")
    year = models.PositiveSmallIntegerField()
    period = models.PositiveSmallIntegerField(choices=Period.choices)
    value = ExactDecimalField(**VALUE_DIGITS, null=True, blank=True)
    numerator = ExactDecimalField(**VALUE_DIGITS, negative=False, null=True, blank=True)
    denominator = ExactDecimalField(**VALUE_DIGITS, negative=False, null=True, blank=True)
    category = models.CharField(max_length=80, blank=True)
    unit = models.CharField(max_length=80, blank=True)
    text = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    evidence_url = models.URLField(_("bukti (tautan)"), blank=True)
    evidence_file = models.FileField(_("bukti (berkas)"), upload_to="bukti/%Y/", blank=True, max_length=300)
    warnings = models.JSONField(default=list, blank=True, help_text=_("Plausibility warnings shown at entry, kept "
                                                                      "for whoever verifies and approves."))
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, help_text=FIRST_VERSION_HELP)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "period"], name="realisation_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(category=""), name="realisation_has_value_or_category"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]
        verbose_name = _("Realisasi kinerja")
        verbose_name_plural = _("Realisasi kinerja")

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.get_period_display()}: {self.text or self.value or self.category}"


class CarriedRealisation(models.Model):
    """Realisasi Renstra s/d tahun sebelumnya: a cumulative figure carried from before the stored years.

    Documents such as seed 000 give the Renstra realisation "up to 2018" without its yearly breakdown; it is
    kept as reported and the years after it are aggregated onto it.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="carried_realisations")
    through_year = models.PositiveSmallIntegerField()
    value = ExactDecimalField(**VALUE_DIGITS, null=True, blank=True)
    category = models.CharField(max_length=80, blank=True)
    unit = models.CharField(max_length=80, blank=True)
    text = models.CharField(max_length=200, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "through_year"], name="carried_realisation_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(category=""), name="carried_has_value_or_category"
            ),
        ]
        verbose_name = _("Realisasi Renstra s/d tahun sebelumnya")
        verbose_name_plural = _("Realisasi Renstra s/d tahun sebelumnya")

    def __str__(self) -> str:
        return f"{self.indicator} s/d {self.through_year}: {self.text or self.value or self.category}"


class Budget(models.Model):
    """Pagu / anggaran (Rp) of a plan element for a year, as one revision sets it."""

    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, related_name="budgets")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="budgets")
    kind = models.CharField(max_length=12, choices=PlanKind.choices)
    year = models.PositiveSmallIntegerField()
    amount = ExactDecimalField(**RUPIAH_DIGITS, negative=False)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    note = models.TextField(_("catatan penting"), blank=True)
    version = models.PositiveIntegerField(default=1, help_text=FIRST_VERSION_HELP)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["element", "revision", "kind", "year"], name="budget_unique"),
        ]
        indexes = [models.Index(fields=["element", "kind", "year"])]
        verbose_name = _("Pagu")
        verbose_name_plural = _("Pagu")

    def __str__(self) -> str:
        return f"{self.element} {self.get_kind_display()} {self.year}: Rp {self.amount}"


class BudgetRealisation(models.Model):
    """Realisasi anggaran (Rp) of a plan element in one triwulan, or a year's total without quarters."""

    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, related_name="budget_realisations")
    year = models.PositiveSmallIntegerField()
    period = models.PositiveSmallIntegerField(choices=Period.choices)
    amount = ExactDecimalField(**RUPIAH_DIGITS, negative=False)
    note = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True, help_text=_("Plausibility warnings shown at entry, kept "
                                                                      "for whoever verifies and approves."))
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, help_text=FIRST_VERSION_HELP)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["element", "year", "period"], name="budget_realisation_unique"),
        ]
        indexes = [models.Index(fields=["element", "year"])]
        verbose_name = _("Realisasi anggaran")
        verbose_name_plural = _("Realisasi anggaran")

    def __str__(self) -> str:
        return f"{self.element} {self.year} {self.get_period_display()}: Rp {self.amount}"


class CarriedBudgetRealisation(models.Model):
    """Realisasi anggaran Renstra s/d tahun sebelumnya, carried as reported (see CarriedRealisation)."""

    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, related_name="carried_budget_realisations")
    through_year = models.PositiveSmallIntegerField()
    amount = ExactDecimalField(**RUPIAH_DIGITS, negative=False)
    source = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["element", "through_year"], name="carried_budget_unique"),
        ]
        verbose_name = _("Realisasi anggaran Renstra s/d tahun sebelumnya")
        verbose_name_plural = _("Realisasi anggaran Renstra s/d tahun sebelumnya")

    def __str__(self) -> str:
        return f"{self.element} s/d {self.through_year}: Rp {self.amount}"


class PrintedFigure(models.Model):
    """Angka tercetak: a figure as the published document printed it, kept beside the data.

    Kinerja computes every figure from the stored data; the printed one is kept only to show where the
    published document differs, and why.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="printed_figures")
    report = models.SlugField(help_text=_("The table the figure was printed in, e.g. renja-evaluasi."))
    year = models.PositiveSmallIntegerField()
    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, null=True, blank=True)
    column = models.CharField(max_length=20, help_text=_("Official column number, or average/predikat."))
    measure = models.CharField(max_length=2, blank=True, help_text=_("K, Rp, or empty where the table has one."))
    text = models.CharField(max_length=300)
    source = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "report", "year", "element", "indicator", "column", "measure"],
                name="printed_figure_unique",
            ),
        ]
        indexes = [models.Index(fields=["agency", "report", "year"])]
        verbose_name = _("Angka tercetak")
        verbose_name_plural = _("Angka tercetak")

    def __str__(self) -> str:
        return f"{self.report} {self.year} kolom {self.column} {self.measure}: {self.text}"


def _narrative_sections() -> list[tuple[str, str]]:
    return Narrative.Section.choices


class Narrative(models.Model):
    """Narasi: the words beside the numbers — an indicator's analysis for a year, or a chapter of a document.

    Append-only: every save is a new version (``number``); the latest is the text in force, the earlier ones are
    kept to show what an issued document said.
    """

    class Section(models.TextChoices):
        # per indicator and year (LKjIP BAB III, Renja BAB II)
        ANALYSIS = "analisis", _("analisis keberhasilan/kegagalan")
        INHIBITING = "penghambat", _("faktor penghambat")
        SUPPORTING = "pendorong", _("faktor pendorong")
        SOLUTION = "solusi", _("solusi")
        # per document and year
        PREFACE = "kata_pengantar", _("kata pengantar")
        BACKGROUND = "latar_belakang", _("latar belakang")
        LEGAL_BASIS = "landasan_hukum", _("landasan hukum")
        PURPOSE = "maksud_tujuan", _("maksud dan tujuan")
        STRATEGIC_ISSUES = "isu_strategis", _("isu strategis")
        DUTIES = "tugas_fungsi", _("tugas pokok, fungsi dan organisasi")
        RENJA_EVALUATION = "evaluasi_renja", _("evaluasi pelaksanaan Renja tahun lalu")
        SERVICE_PERFORMANCE = "kinerja_pelayanan", _("analisis kinerja pelayanan")
        RKPD_REVIEW = "review_rkpd", _("review rancangan awal RKPD")
        COMMUNITY_PROPOSALS = "usulan_masyarakat", _("penelaahan usulan masyarakat")
        POLICY_REVIEW = "telaahan_kebijakan", _("telaahan kebijakan nasional dan provinsi")
        GOALS = "tujuan_sasaran", _("tujuan dan sasaran")
        PROGRAMS = "program_kegiatan", _("program dan kegiatan")
        FUNDING = "pendanaan", _("pendanaan")
        STRATEGIC_PLANNING = "perencanaan_strategis", _("perencanaan strategis")
        PERFORMANCE_AGREEMENT = "perjanjian_kinerja", _("perjanjian kinerja")
        ACHIEVEMENT = "capaian_kinerja", _("capaian kinerja organisasi")
        BUDGET_REALISATION = "realisasi_anggaran", _("realisasi anggaran")
        CONCLUSION = "kesimpulan", _("kesimpulan")
        IMPROVEMENTS = "perbaikan", _("perbaikan ke depan")
        CLOSING = "penutup", _("penutup")

    INDICATOR_SECTIONS = ("analisis", "penghambat", "pendorong", "solusi")

    class Document(models.TextChoices):
        RENJA = "renja", _("Renja")
        LKJIP = "lkjip", _("LKjIP")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="narratives")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="narratives")
    document = models.CharField(max_length=10, choices=Document.choices, blank=True)
    year = models.PositiveSmallIntegerField()
    # Callable choices: the document outlines add sections as they grow, with no migration for a list of labels.
    section = models.CharField(max_length=30, choices=_narrative_sections)
    number = models.PositiveIntegerField(default=1)
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "section", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "indicator", "document", "year", "section", "number"],
                                    name="narrative_version_unique"),
            models.CheckConstraint(condition=Q(indicator__isnull=False) | ~Q(document=""),
                                   name="narrative_belongs_to_indicator_or_document"),
        ]
        indexes = [models.Index(fields=["agency", "year", "section"])]
        verbose_name = _("Narasi")
        verbose_name_plural = _("Narasi")

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.year} v{self.number}"


class OfficialRowLevel(models.TextChoices):
    """Where a line of an official table stands: the plan levels, and the urusan/bidang groups above them."""

    URUSAN = "urusan", _("Urusan")
    BIDANG = "bidang", _("Bidang urusan")
    PROGRAM = "program", _("Program")
    ACTIVITY = "kegiatan", _("Kegiatan")
    SUBACTIVITY = "subkegiatan", _("Sub Kegiatan")
    PROPOSAL = "usulan", _("Usulan")
    TOTAL = "total", _("Jumlah")


class RkpdReview(models.Model):
    """Review terhadap rancangan awal RKPD: one printed line of the table (REPORTS.md §C).

    The left half is the *rancangan awal RKPD* (program/kegiatan, indikator kinerja, lokasi, target capaian
    kinerja, kebutuhan dana/pagu indikatif) that Bappeda gives the agency; the right half is the agency's *hasil
    analisis kebutuhan* for the same line, with *catatan penting* where the two differ. A line that only adds an
    indicator to the element above it repeats that element's ``key``. Lines are kept as printed, with the plan
    element they stand for where it is known (``element``); a parent line's pagu is the sum of its children's and
    what the document printed on it is a PrintedFigure (RULES §5).
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="rkpd_reviews")
    year = models.PositiveSmallIntegerField(help_text=_("Tahun rencana RKPD yang direview."))
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(max_length=60, help_text=_("Line key inside the table; repeated by extra indicator lines."))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    level = models.CharField(max_length=20, choices=OfficialRowLevel.choices, blank=True)
    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="rkpd_reviews")
    code = models.CharField(_("kode"), max_length=40, blank=True)
    code_printed = models.CharField(max_length=80, blank=True)
    # Rancangan awal RKPD
    name = models.TextField(_("urusan/bidang urusan/program/kegiatan"), blank=True)
    indicator = models.TextField(_("indikator kinerja"), blank=True)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    target_value = ExactDecimalField(**VALUE_DIGITS, null=True, blank=True)
    target_category = models.CharField(max_length=80, blank=True)
    target_unit = models.CharField(max_length=80, blank=True)
    target_text = models.CharField(_("target capaian kinerja"), max_length=200, blank=True)
    pagu = ExactDecimalField(_("kebutuhan dana/pagu indikatif"), **RUPIAH_DIGITS, negative=False, null=True,
                             blank=True)
    # Hasil analisis kebutuhan
    analysis_name = models.TextField(blank=True)
    analysis_indicator = models.TextField(blank=True)
    analysis_location = models.CharField(max_length=200, blank=True)
    analysis_target_value = ExactDecimalField(**VALUE_DIGITS, null=True, blank=True)
    analysis_target_category = models.CharField(max_length=80, blank=True)
    analysis_target_unit = models.CharField(max_length=80, blank=True)
    analysis_target_text = models.CharField(max_length=200, blank=True)
    analysis_pagu = ExactDecimalField(**RUPIAH_DIGITS, negative=False, null=True, blank=True)
    note = models.TextField(_("catatan penting"), blank=True)
    # A parent line's pagu as the document printed it (the rules give the sum of its children's).
    printed_pagu = models.CharField(max_length=80, blank=True)
    printed_analysis_pagu = models.CharField(max_length=80, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "position"], name="rkpd_review_line_unique"),
        ]
        indexes = [models.Index(fields=["agency", "year"])]
        verbose_name = _("Review rancangan awal RKPD")
        verbose_name_plural = _("Review rancangan awal RKPD")

    def __str__(self) -> str:
        return f"RKPD {self.year} {self.code} {self.name or self.indicator}".strip()


class Proposal(models.Model):
    """Usulan (aspirasi) masyarakat: a community proposal and whether the agency took it up (REPORTS.md §D).

    One printed line of the *penelaahan usulan program dan kegiatan masyarakat*: the program/kegiatan it falls
    under (with the plan element where known), lokasi, indikator kinerja, besaran/volume, pagu and catatan as
    printed; ``accommodated`` is the catatan read as data (*diakomodir* yes, no or partly; empty where the
    document does not say). Heading lines (program, kegiatan) carry no values.
    """

    class Accommodated(models.TextChoices):
        YES = "ya", _("diakomodir")
        NO = "tidak", _("tidak diakomodir")
        PARTLY = "sebagian", _("diakomodir sebagian")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="proposals")
    year = models.PositiveSmallIntegerField(help_text=_("Tahun rencana yang diusulkan."))
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(max_length=60)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    level = models.CharField(max_length=20, choices=OfficialRowLevel.choices, blank=True)
    element = models.ForeignKey(PlanElement, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="proposals")
    name = models.TextField(_("program/kegiatan/usulan"), blank=True)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    indicator = models.TextField(_("indikator kinerja"), blank=True)
    volume_value = ExactDecimalField(**VALUE_DIGITS, null=True, blank=True)
    volume_unit = models.CharField(max_length=80, blank=True)
    volume_text = models.CharField(_("besaran/volume"), max_length=200, blank=True)
    pagu = ExactDecimalField(**RUPIAH_DIGITS, negative=False, null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    accommodated = models.CharField(max_length=10, choices=Accommodated.choices, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "position"], name="proposal_line_unique")]
        indexes = [models.Index(fields=["agency", "year"])]
        verbose_name = _("Usulan (aspirasi) masyarakat")
        verbose_name_plural = _("Usulan (aspirasi) masyarakat")

    def __str__(self) -> str:
        return f"Usulan {self.year}: {self.name}"


class IssuedDocument(models.Model):
    """Dokumen terbit: a Renja or LKjIP as issued — its tables' figures (each table's JSON from the report catalog),
    the narrative texts it used and the DOCX it was — frozen, so a later change of data never alters it.

    Append-only: an issued version is never changed or deleted through the application; issuing again makes the
    next ``number``.
    """

    class Kind(models.TextChoices):
        RENJA = "renja", _("Renja")
        LKJIP = "lkjip", _("LKjIP")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="issued_documents")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    lang = models.CharField(max_length=2, default="id")
    appendix = models.BooleanField(default=False)
    content = models.JSONField(help_text=_("Tables (the catalog's JSON of each) and narrative texts, as issued."))
    docx = models.BinaryField()
    docx_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["agency", "kind", "year", "-number"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year", "number"],
                                               name="issued_document_number_unique")]
        verbose_name = _("Dokumen terbit")
        verbose_name_plural = _("Dokumen terbit")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} terbit {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Dokumen terbit tidak dapat diubah")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Dokumen terbit tidak dapat dihapus")


class CodeCrosswalk(models.Model):
    """Daftar pemetaan nomenklatur program dan kegiatan sesuai Permendagri 90/2019: one printed line mapping a
    pre-2020 program or kegiatan (kode SIMRAL) to the sub kegiatan, kegiatan and program of the new nomenclature.

    Everything is kept as printed (codes, names, indicators, the analisis); ``old_code`` is the printed code read
    into the pre-2020 scheme and ``program_code`` the Permendagri 90 code of the printed program nomenclature
    (the annex prints names only). ``old_element`` and ``new_program`` are the plan elements of the two Renstra
    periods the line joins, where they exist: a program's history across the periods is read through these
    lines, because one old program feeds several new ones and ``PlanElement.maps_to`` (one successor) cannot say
    that. Lines of ``list`` other than ``mapped`` are the annex's two short lists (kegiatan the nomenclature
    offers but the Renja lacks, and kegiatan of the Renja the nomenclature lacks). Nothing is reported against
    a line, so it goes with its agency and Renstra (CASCADE) and only loses its link when an element goes.
    """

    class List(models.TextChoices):
        MAPPED = "dipetakan", _("Dipetakan")
        NOT_IN_RENJA = "belum-di-renja", _("Belum masuk Renja, tersedia dalam nomenklatur")
        NOT_IN_NOMENCLATURE = "belum-di-nomenklatur", _("Ada di Renja, belum tersedia dalam nomenklatur")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="code_crosswalk")
    source_plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="crosswalk_from")
    target_plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="crosswalk_to")
    position = models.PositiveIntegerField()
    list = models.CharField(max_length=24, choices=List.choices, default=List.MAPPED)
    group = models.CharField(_("urusan/sub urusan"), max_length=200, blank=True)
    number = models.CharField(_("nomor tercetak"), max_length=10, blank=True)
    old_level = models.CharField(max_length=20, choices=OfficialRowLevel.choices, blank=True)
    old_code_printed = models.CharField(_("kode SIMRAL tercetak"), max_length=200, blank=True)  # or a heading
    old_code = models.CharField(_("kode pra-2020"), max_length=40, blank=True)
    old_name = models.TextField(_("nomenklatur Renja"), blank=True)
    old_indicator = models.TextField(_("indikator program/kegiatan"), blank=True)
    subactivity_name = models.TextField(_("sub kegiatan"), blank=True)
    subactivity_indicator = models.TextField(_("indikator sub kegiatan (sub output)"), blank=True)
    activity_name = models.TextField(_("kegiatan"), blank=True)
    activity_indicator = models.TextField(_("indikator kegiatan (output)"), blank=True)
    program_name = models.TextField(_("program"), blank=True)
    program_indicator = models.TextField(_("indikator program (outcome)"), blank=True)
    program_code = models.CharField(_("kode program Permendagri 90"), max_length=40, blank=True)
    analysis = models.TextField(_("analisis"), blank=True)
    old_element = models.ForeignKey(PlanElement, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="crosswalk_as_old")
    new_program = models.ForeignKey(PlanElement, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="crosswalk_as_new")
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["agency", "source_plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "source_plan", "position"], name="crosswalk_line_unique"),
        ]
        verbose_name = _("Pemetaan kode program dan kegiatan")
        verbose_name_plural = _("Pemetaan kode program dan kegiatan")

    def __str__(self) -> str:
        return f"{self.old_code_printed} {self.old_name} → {self.program_code} {self.program_name}".strip()


class FundingLine(models.Model):
    """Lokasi dan sumber dana: one printed line of the Renja's *rumusan rencana program, kegiatan dan sub
    kegiatan* (seed 001 Tabel 7) for the plan year — where the work is done and which fund pays for it.

    Targets and pagu stay where they are held (Target, Budget of the Renja revision); this line adds what no other
    table holds: ``location`` and ``funding_source`` (e.g. APBD) as printed, the code as printed beside the
    normalised one, and the name of the urusan and bidang lines (which are not plan elements).
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="funding_lines")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="funding_lines")
    year = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField()
    level = models.CharField(max_length=20, choices=OfficialRowLevel.choices)
    code = models.CharField(_("kode"), max_length=40, blank=True)
    code_printed = models.CharField(_("kode tercetak"), max_length=80, blank=True)
    element = models.ForeignKey(PlanElement, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="funding_lines")
    name = models.TextField(_("urusan/bidang urusan"), blank=True)
    # The name and indicator as this table prints them: a Renja's tables name one element in different words
    # (seed 001 Tabel 1, 7 and 8), and the table is shown as printed.
    printed_name = models.TextField(_("nama tercetak"), blank=True)
    printed_indicator = models.TextField(_("indikator tercetak"), blank=True)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    funding_source = models.CharField(_("sumber dana"), max_length=120, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["agency", "year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "revision", "year", "position"], name="funding_line_unique"),
        ]
        verbose_name = _("Lokasi dan sumber dana")
        verbose_name_plural = _("Lokasi dan sumber dana")

    def __str__(self) -> str:
        return f"{self.year} {self.code} {self.location} {self.funding_source}".strip()
