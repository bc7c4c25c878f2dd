"""A realistic synthetic Pemda for benchmarks: ``kinerja generate --agencies 40 --years 2021-2025``.

One region is a kabupaten of ``agencies`` Perangkat Daerah (about 40 in a real one); a province is ten such
regions. Each agency gets a Renstra over the years, its tujuan and sasaran, about 10 programs, 40 kegiatan and
150 sub kegiatan coded in the Permendagri 90 scheme (``1.06.02.2.01.0001``), one or two indicators per element
(percentages and counts in the seeds' units, about 5 % of negative polarity), the Renstra end target, a Renja
target and pagu for every year (with a *perubahan* revision in some years, which restates the whole year as a
real one does), quarterly realisations of K and Rp with a few not reported, the units' quarterly reports, and
three accounts per agency and region (perencana, operator, admin pemda).

Everything is written with ``bulk_create`` in batches, one transaction per region, and follows from ``seed``
alone: agency *k* of region *r* is the same whatever the number of agencies or regions asked for. Generated
regions are named ``<prefix>-01``, ``<prefix>-02`` …; nothing outside them is read or changed, so the demo
agencies are never touched.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from kinerja.accounts.models import Membership, Role
from kinerja.engine import CodeScheme
from kinerja.plan import models as m
from kinerja.plan.fields import ExactDecimalField
from kinerja.realisation.models import AuditEntry, QuarterReport, Status
from kinerja.realisation.services import default_deadline

BATCH = 2000
QUARTERS = (1, 2, 3, 4)
PREFIX_PATTERN = re.compile(r"^[a-z][a-z0-9]{0,11}$")
# Permendagri 90: a kabupaten/kota kegiatan code starts with 2 (a province's with 1).
KEGIATAN_DIGIT = "2"

# name, short name, urusan.bidang, the four fields of its Bidang (which also name its programs)
AGENCY_TYPES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Dinas Pendidikan", "Disdik", "1.01", ("Pendidikan Anak Usia Dini", "Pendidikan Dasar",
                                            "Pendidikan Nonformal", "Pendidik dan Tenaga Kependidikan")),
    ("Dinas Kesehatan", "Dinkes", "1.02", ("Kesehatan Masyarakat", "Pencegahan dan Pengendalian Penyakit",
                                           "Pelayanan Kesehatan", "Sumber Daya Kesehatan")),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", "1.03", ("Bina Marga", "Sumber Daya Air", "Cipta Karya",
                                                                 "Penataan Ruang")),
    ("Dinas Perumahan dan Kawasan Permukiman", "Disperkim", "1.04", ("Perumahan", "Kawasan Permukiman",
                                                                    "Prasarana dan Sarana Umum", "Pertanahan")),
    ("Satuan Polisi Pamong Praja", "Satpol PP", "1.05", ("Penegakan Peraturan Daerah", "Ketertiban Umum",
                                                         "Perlindungan Masyarakat", "Pemadam Kebakaran")),
    ("Dinas Sosial", "Dinsos", "1.06", ("Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial",
                                        "Pemberdayaan Sosial", "Penanganan Fakir Miskin")),
    ("Dinas Tenaga Kerja", "Disnaker", "2.07", ("Pelatihan dan Produktivitas", "Penempatan Tenaga Kerja",
                                                "Hubungan Industrial", "Perluasan Kesempatan Kerja")),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", "2.08", (
        "Kualitas Hidup Perempuan", "Perlindungan Perempuan", "Pemenuhan Hak Anak", "Perlindungan Khusus Anak")),
    ("Dinas Ketahanan Pangan", "DKP", "2.09", ("Ketersediaan Pangan", "Distribusi dan Cadangan Pangan",
                                               "Konsumsi Pangan", "Keamanan Pangan")),
    ("Dinas Lingkungan Hidup", "DLH", "2.11", ("Tata Lingkungan", "Pengendalian Pencemaran", "Pengelolaan Sampah",
                                               "Penaatan Hukum Lingkungan")),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "2.12", (
        "Pendaftaran Penduduk", "Pencatatan Sipil", "Informasi Administrasi Kependudukan", "Pemanfaatan Data")),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", "2.13", ("Pemerintahan Desa", "Kelembagaan Masyarakat",
                                                                "Ekonomi Desa", "Keuangan Desa")),
    ("Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", "2.14", (
        "Pengendalian Penduduk", "Keluarga Berencana", "Ketahanan Keluarga", "Penyuluhan Keluarga Berencana")),
    ("Dinas Perhubungan", "Dishub", "2.15", ("Lalu Lintas Angkutan Jalan", "Sarana dan Prasarana Perhubungan",
                                             "Pelayaran Rakyat", "Pengujian Kendaraan Bermotor")),
    ("Dinas Komunikasi dan Informatika", "Diskominfo", "2.16", ("Informasi dan Komunikasi Publik",
                                                                "Aplikasi Informatika", "Statistik Sektoral",
                                                                "Persandian")),
    ("Dinas Koperasi dan Usaha Kecil Menengah", "Diskop UKM", "2.17", ("Kelembagaan Koperasi",
                                                                      "Pengawasan Koperasi", "Usaha Mikro",
                                                                      "Pemberdayaan Usaha Kecil")),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "2.18", (
        "Promosi Penanaman Modal", "Pelayanan Perizinan", "Pengendalian Penanaman Modal", "Data Perizinan")),
    ("Dinas Kepemudaan dan Olahraga", "Dispora", "2.19", ("Kepemudaan", "Olahraga Prestasi", "Olahraga Rekreasi",
                                                          "Sarana Olahraga")),
    ("Dinas Kebudayaan", "Disbud", "2.22", ("Cagar Budaya", "Kesenian", "Sejarah dan Tradisi", "Permuseuman")),
    ("Dinas Perpustakaan dan Kearsipan", "DPK", "2.23", ("Layanan Perpustakaan", "Pembudayaan Gemar Membaca",
                                                         "Pengelolaan Arsip", "Pelestarian Arsip")),
    ("Dinas Perikanan", "Diskan", "3.25", ("Perikanan Tangkap", "Perikanan Budidaya",
                                           "Pengolahan Hasil Perikanan", "Pengawasan Sumber Daya Perikanan")),
    ("Dinas Pariwisata", "Dispar", "3.26", ("Destinasi Pariwisata", "Pemasaran Pariwisata", "Ekonomi Kreatif",
                                            "Sumber Daya Pariwisata")),
    ("Dinas Pertanian", "Distan", "3.27", ("Tanaman Pangan", "Hortikultura", "Perkebunan", "Peternakan")),
    ("Dinas Perdagangan", "Disdag", "3.30", ("Perdagangan Dalam Negeri", "Pengelolaan Pasar", "Metrologi Legal",
                                             "Perlindungan Konsumen")),
    ("Dinas Perindustrian", "Disperin", "3.31", ("Industri Agro", "Industri Kecil Menengah", "Sarana Industri",
                                                 "Sertifikasi Industri")),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", "5.01", ("Perencanaan Ekonomi",
                                                                 "Perencanaan Sosial Budaya",
                                                                 "Perencanaan Infrastruktur",
                                                                 "Pengendalian dan Evaluasi")),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "5.02", ("Anggaran", "Perbendaharaan", "Akuntansi",
                                                                     "Aset Daerah")),
    ("Badan Pendapatan Daerah", "Bapenda", "5.02", ("Pendataan dan Penetapan", "Penagihan", "Pajak Daerah",
                                                    "Retribusi Daerah")),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "5.03", (
        "Pengadaan dan Informasi Kepegawaian", "Mutasi dan Promosi", "Pengembangan Kompetensi",
        "Penilaian Kinerja Aparatur")),
    ("Badan Penelitian dan Pengembangan Daerah", "Balitbangda", "5.05", ("Penelitian", "Pengembangan",
                                                                         "Inovasi Daerah", "Teknologi Tepat Guna")),
    ("Inspektorat Daerah", "Inspektorat", "6.01", ("Pengawasan Pemerintahan", "Pengawasan Keuangan",
                                                   "Reviu dan Evaluasi", "Investigasi")),
    ("Sekretariat Daerah", "Setda", "4.01", ("Pemerintahan", "Hukum", "Perekonomian", "Organisasi")),
    ("Sekretariat DPRD", "Setwan", "4.02", ("Persidangan", "Fasilitasi Penganggaran", "Hubungan Masyarakat",
                                            "Perundang-undangan")),
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "8.01", ("Wawasan Kebangsaan", "Politik Dalam Negeri",
                                                                 "Ketahanan Sosial Budaya", "Kewaspadaan Nasional")),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", "1.05", ("Pencegahan dan Kesiapsiagaan",
                                                             "Kedaruratan dan Logistik",
                                                             "Rehabilitasi dan Rekonstruksi",
                                                             "Pengendalian Operasi")),
    ("Rumah Sakit Umum Daerah", "RSUD", "1.02", ("Pelayanan Medik", "Penunjang Medik", "Keperawatan",
                                                 "Sarana Rumah Sakit")),
)
KECAMATAN = ("Hulu", "Hilir", "Utara", "Selatan", "Timur", "Barat", "Tengah", "Pesisir", "Kota", "Raya",
             "Seberang", "Muara")
KECAMATAN_FIELDS = ("Tata Pemerintahan", "Pemberdayaan Masyarakat", "Ketenteraman dan Ketertiban",
                    "Pelayanan Umum")
REGION_NAMES = ("Sungai Jernih", "Bukit Harapan", "Tanjung Permai", "Lembah Hijau", "Muara Indah", "Danau Biru",
                "Pulau Seribu Rawa", "Gunung Mas", "Padang Luas", "Teluk Damai", "Rimba Raya", "Batu Putih")

PENUNJANG = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
# The support program every agency has (Kepmendagri 050-5889/2021), with its kegiatan and some sub kegiatan.
PENUNJANG_KEGIATAN = (
    ("01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", (
        "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Koordinasi dan Penyusunan Dokumen RKA-SKPD",
        "Evaluasi Kinerja Perangkat Daerah", "Koordinasi dan Penyusunan Laporan Capaian Kinerja SKPD")),
    ("02", "Administrasi Keuangan Perangkat Daerah", (
        "Penyediaan Gaji dan Tunjangan ASN", "Penyediaan Administrasi Pelaksanaan Tugas ASN",
        "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD")),
    ("05", "Administrasi Kepegawaian Perangkat Daerah", (
        "Pengadaan Pakaian Dinas beserta Atribut Kelengkapannya", "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas "
        "dan Fungsi", "Bimbingan Teknis Implementasi Peraturan Perundang-Undangan")),
    ("06", "Administrasi Umum Perangkat Daerah", (
        "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor", "Penyediaan Bahan Logistik Kantor",
        "Penyediaan Barang Cetakan dan Penggandaan", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD")),
    ("08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", (
        "Penyediaan Jasa Surat Menyurat", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
        "Penyediaan Jasa Pelayanan Umum Kantor")),
    ("09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", (
        "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, dan Pajak Kendaraan Perorangan Dinas",
        "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya")),
)
PROGRAM_VERBS = ("Pengelolaan", "Peningkatan", "Pengembangan", "Pembinaan", "Penyelenggaraan", "Pengendalian")
KEGIATAN_VERBS = ("Pengelolaan", "Penyelenggaraan", "Pembinaan", "Pengembangan", "Penyediaan Layanan",
                  "Fasilitasi", "Koordinasi dan Sinkronisasi", "Pengawasan")
KEGIATAN_SCOPES = ("Kewenangan Kabupaten", "Tingkat Daerah Kabupaten/Kota", "Lintas Kecamatan", "Skala Kabupaten")
SUB_VERBS = ("Penyediaan", "Pelaksanaan", "Penyusunan", "Fasilitasi", "Koordinasi", "Monitoring dan Evaluasi",
             "Pendataan", "Sosialisasi", "Peningkatan Kapasitas", "Pemeliharaan")
SUB_OBJECTS = ("Sarana dan Prasarana", "Data dan Informasi", "Sumber Daya Manusia", "Kebijakan Teknis",
               "Layanan", "Kelembagaan", "Bimbingan Teknis", "Bantuan")
# Units of count indicators as the seeds write them, with how often they occur, a typical yearly target and the
# indicator name they go with.
COUNT_UNITS = (
    ("Orang", 3, (20, 2000), "Jumlah Orang yang Mendapatkan {x}"),
    ("KPM", 1, (50, 5000), "Jumlah Keluarga Penerima Manfaat (KPM) {x}"),
    ("Dokumen", 3, (1, 12), "Jumlah Dokumen {x}"),
    ("Laporan", 2, (1, 12), "Jumlah Laporan {x}"),
    ("Unit", 1, (1, 40), "Jumlah Unit {x} yang Tersedia"),
    ("Paket", 2, (1, 30), "Jumlah Paket {x} yang Disediakan"),
)


class GenerateError(Exception):
    """Options the generator refuses, or generated regions that are already there."""


@dataclass(frozen=True)
class GenerateOptions:
    agencies: int = 40
    first_year: int = 2021
    last_year: int = 2025
    regions: int = 1
    seed: int = 1
    prefix: str = "gen"
    # None: the accounts get no usable password (set one with ``kinerja manage changepassword``).
    password: str | None = None
    replace: bool = False

    def check(self) -> None:
        if not 1 <= self.agencies <= 200:
            raise GenerateError(f"--agencies {self.agencies}: from 1 to 200 per region")
        if not 1 <= self.regions <= 50:
            raise GenerateError(f"--regions {self.regions}: from 1 to 50")
        if not (1990 <= self.first_year <= self.last_year <= 2100 and self.last_year - self.first_year < 10):
            raise GenerateError(f"--years {self.first_year}-{self.last_year}: a period of 1 to 10 years, 1990–2100")
        if not PREFIX_PATTERN.match(self.prefix):
            raise GenerateError(f"--prefix {self.prefix!r}: a lowercase letter, then up to 11 letters or digits")

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def region_slug(self, number: int) -> str:
        return f"{self.prefix}-{number:02d}"


@dataclass
class GenerateSummary:
    regions: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0


# -- the blueprint of one agency: plain Python, drawn from its own random stream ------------------------------------


@dataclass
class _Indicator:
    name: str
    satuan: str
    value_kind: str
    polarity: str
    aggregation: str
    targets: dict[int, Decimal]  # Renja target per year
    end: Decimal  # Renstra target at the end of the period
    obj: m.Indicator | None = None


@dataclass
class _Element:
    level: str
    key: str
    code: str
    name: str
    unit_key: str
    parent: _Element | None
    indicators: list[_Indicator] = field(default_factory=list)
    pagu: dict[int, Decimal] = field(default_factory=dict)  # leaves only
    obj: m.PlanElement | None = None


@dataclass
class _Agency:
    number: int
    name: str
    short_name: str
    slug: str
    units: list[tuple[str, str, str]]  # key, name, kind
    elements: list[_Element]  # in pre-order: the order of ``position``
    perubahan_years: set[int]
    operator_unit: str
    rng: random.Random
    obj: m.Agency | None = None


def agency_spec(number: int) -> tuple[str, str, str, tuple[str, ...]]:
    """The kind of the ``number``-th agency (1-based): the dinas and badan first, then kecamatan."""
    kinds = len(AGENCY_TYPES) + len(KECAMATAN)
    index, round_ = (number - 1) % kinds, (number - 1) // kinds
    suffix = f" {round_ + 1}" if round_ else ""
    if index < len(AGENCY_TYPES):
        name, short, code, fields = AGENCY_TYPES[index]
        return name + suffix, short + suffix, code, fields
    place = KECAMATAN[index - len(AGENCY_TYPES)]
    return f"Kecamatan {place}{suffix}", f"Kec. {place}{suffix}", "7.01", KECAMATAN_FIELDS


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def _typed(value: Decimal, percent: bool) -> str:
    """The value as an operator types it: 85,50 or 1.250 (a plain formatter: this runs half a million times)."""
    if percent:
        return f"{value:.2f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def _text(value: Decimal, satuan: str) -> str:
    if satuan == "%":
        return f"{_typed(value, True)}%"
    return f"{_typed(value, False)} {satuan}"


def _indicator(rng: random.Random, level: str, subject: str, years: range) -> _Indicator:
    percent_share = {"tujuan": 1.0, "sasaran": 1.0, "program": 0.9, "kegiatan": 0.5, "subkegiatan": 0.2}[level]
    negative = rng.random() < 0.05
    n = len(years)
    if rng.random() < percent_share:
        if negative:
            end = _decimal(rng.uniform(2, 15), 2)
            step = rng.uniform(0.2, 2)
            targets = {y: _decimal(float(end) + (n - 1 - i) * step, 2) for i, y in enumerate(years)}
            name = rng.choice(("Persentase {x} yang Tidak Tertangani", "Angka Keluhan atas {x}")).format(x=subject)
        else:
            end = _decimal(rng.uniform(75, 100), 2)
            step = rng.uniform(0, 3)
            targets = {y: _decimal(max(float(end) - (n - 1 - i) * step, 10), 2) for i, y in enumerate(years)}
            name = rng.choice(("Persentase Capaian {x}", "Persentase {x} yang Terlaksana",
                               "Tingkat Pemenuhan {x}")).format(x=subject)
        return _Indicator(name, "%", m.Indicator.ValueKind.PERCENT, "negative" if negative else "positive", "LAST",
                          targets, end)
    satuan, _weight, (low, high), pattern = rng.choices(COUNT_UNITS, weights=[u[1] for u in COUNT_UNITS])[0]
    base = rng.randint(low, high)
    growth = rng.uniform(0, 0.1)
    targets = {y: Decimal(max(1, round(base * (1 + growth) ** i))) for i, y in enumerate(years)}
    aggregation = "SUM" if rng.random() < 0.85 else "LAST"
    end = sum(targets.values(), Decimal(0)) if aggregation == "SUM" else targets[years[-1]]
    name = ("Jumlah Aduan terkait {x}" if negative else pattern).format(x=subject)
    return _Indicator(name, satuan, m.Indicator.ValueKind.NUMBER, "negative" if negative else "positive",
                      aggregation, targets, end)


def _indicators(rng: random.Random, level: str, subject: str, years: range) -> list[_Indicator]:
    count = 2 if rng.random() < 0.3 else 1
    made = [_indicator(rng, level, subject, years) for _ in range(count)]
    if count == 2 and made[0].name == made[1].name:
        made[1].name += " (kumulatif)"
    return made


def _pagu(rng: random.Random, years: range) -> dict[int, Decimal]:
    # Sub kegiatan pagu: from tens of millions to a few billion Rupiah, in whole thousands.
    base = rng.lognormvariate(18.8, 0.9)
    return {y: Decimal(round(base * rng.uniform(0.85, 1.2), -3)) for y in years}


def agency_blueprint(options: GenerateOptions, region: int, number: int, region_slug: str) -> _Agency:
    rng = random.Random(f"kinerja-generate:{options.seed}:{region}:{number}")  # noqa: S311 — reproducible by seed
    name, short, urusan_bidang, fields = agency_spec(number)
    years = options.years
    label = "Seksi" if name.startswith("Kecamatan") else "Bidang"
    units = [("sekretariat", "Sekretariat", "sekretariat")]
    units += [(f"bidang-{i}", f"{label} {topic}", "bidang") for i, topic in enumerate(fields, start=1)]
    elements: list[_Element] = []

    def make(level: str, key: str, code: str, element_name: str, unit_key: str, parent: _Element | None):
        element = _Element(level, key, code, element_name, unit_key, parent)
        element.indicators = _indicators(rng, level, element_name.removeprefix("Program "), years)
        return element

    goals = [make("tujuan", f"T{i}", "", f"Meningkatnya Kualitas {rng.choice(fields)} di {name}", "sekretariat",
                  None) for i in range(1, rng.randint(1, 2) + 1)]
    objectives = [make("sasaran", f"{goals[(i - 1) % len(goals)].key}.S{i}", "",
                       f"Terwujudnya {rng.choice(fields)} yang Berkualitas", "sekretariat", goals[(i - 1) % len(goals)])
                  for i in range(1, rng.randint(2, 3) + 1)]
    emit = elements.append

    program_specs = [(PENUNJANG, "sekretariat", None)]
    for _ in range(rng.randint(7, 11)):
        field_index = rng.randrange(len(fields))
        program_specs.append((f"Program {rng.choice(PROGRAM_VERBS)} {fields[field_index]}",
                              f"bidang-{field_index + 1}", field_index))
    programs_by_objective: dict[str, list] = {o.key: [] for o in objectives}
    for index, spec in enumerate(program_specs):
        programs_by_objective[objectives[index % len(objectives)].key].append((index + 1, spec))

    for goal in goals:
        emit(goal)
        for objective in (o for o in objectives if o.parent is goal):
            emit(objective)
            for program_number, (program_name, unit_key, field_index) in programs_by_objective[objective.key]:
                code = f"{urusan_bidang}.{program_number:02d}"
                program = make("program", f"P{program_number:02d}", code, program_name, unit_key, objective)
                emit(program)
                if field_index is None:
                    kegiatan_specs = [(knum, kname, list(subs)) for knum, kname, subs in
                                      rng.sample(PENUNJANG_KEGIATAN, rng.randint(4, 6))]
                    kegiatan_specs.sort()
                else:
                    topic = fields[field_index]
                    kegiatan_specs = []
                    for k in range(1, rng.randint(2, 6) + 1):
                        kname = f"{rng.choice(KEGIATAN_VERBS)} {topic} {rng.choice(KEGIATAN_SCOPES)}"
                        subs = [f"{rng.choice(SUB_VERBS)} {rng.choice(SUB_OBJECTS)} {topic}"
                                for _ in range(rng.randint(2, 5))]
                        kegiatan_specs.append((f"{k:02d}", kname, subs))
                for kegiatan_number, kegiatan_name, subs in kegiatan_specs:
                    kcode = f"{code}.{KEGIATAN_DIGIT}.{kegiatan_number}"
                    kegiatan = make("kegiatan", f"{program.key}.K{KEGIATAN_DIGIT}{kegiatan_number}", kcode,
                                    kegiatan_name, unit_key, program)
                    emit(kegiatan)
                    for s, sub_name in enumerate(subs, start=1):
                        sub = make("subkegiatan", f"{kegiatan.key}.S{s:04d}", f"{kcode}.{s:04d}", sub_name,
                                   unit_key, kegiatan)
                        sub.pagu = _pagu(rng, years)
                        emit(sub)
    perubahan = {y for y in years if rng.random() < 0.4}
    slug = f"{slugify(short.replace('.', ''))}-{region_slug}"
    busiest = Counter(e.unit_key for e in elements if e.unit_key != "sekretariat").most_common(1)
    return _Agency(number=number, name=name, short_name=short, slug=slug, units=units, elements=elements,
                   perubahan_years=perubahan, operator_unit=busiest[0][0] if busiest else "sekretariat", rng=rng)


# -- writing -------------------------------------------------------------------------------------------------------


class _Rows:
    """Rows of one value table, written in batches: one ``executemany`` each (SQLite) or one COPY (PostgreSQL).

    The structure (agencies, elements, indicators, users …) is written with ``bulk_create``; the value tables hold
    hundreds of thousands of rows per region, for which ``bulk_create`` spends most of its time preparing every
    value of every model instance (about 45 s of a kabupaten's 58 s on SQLite). Here each row is a tuple of the
    columns that vary, already in database form (ids, ints, Decimals, text); every other column takes the model
    field's default, prepared once, so a column added to the model later still gets its default.
    """

    def __init__(self, model, varying: tuple[str, ...], counts: Counter):
        columns = [f for f in model._meta.concrete_fields if not f.primary_key]
        names = {f.attname for f in columns}
        if unknown := set(varying) - names:
            raise GenerateError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
        now = timezone.now()
        self.template = []
        # An exact decimal on SQLite is stored as its canonical digits, as the field writes it (a report reads that
        # form in one step; "66.6" would take the slow path for every value read).
        self.prepare = {}
        for f in columns:
            if f.attname in varying:
                self.template.append((varying.index(f.attname), None))
                if isinstance(f, ExactDecimalField) and connection.vendor == "sqlite":
                    self.prepare[varying.index(f.attname)] = partial(f.get_db_prep_value, connection=connection)
                continue
            value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            self.template.append((None, f.get_db_prep_save(value, connection)))
        quote = connection.ops.quote_name
        # Names from the model's own metadata, quoted; every value is a query parameter.
        table, names = quote(model._meta.db_table), ", ".join(quote(f.column) for f in columns)
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        self.copy_sql = f"COPY {table} ({names}) FROM STDIN"
        self.rows: list[tuple] = []
        self.label = str(model._meta.verbose_name_plural)
        self.counts = counts

    def add(self, *values) -> None:
        if self.prepare:
            values = tuple(self.prepare[i](v) if i in self.prepare and v is not None else v
                           for i, v in enumerate(values))
        self.rows.append(tuple(values[i] if i is not None else const for i, const in self.template))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # COPY: on PostgreSQL a prepared INSERT per row costs a round of the server each time.
                    with cursor.cursor.copy(self.copy_sql) as copy:
                        for row in self.rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(self.sql, self.rows)
            self.counts[self.label] += len(self.rows)
            self.rows = []


class _Writer:
    def __init__(self, counts: Counter):
        self.target = _Rows(m.Target, ("indicator_id", "revision_id", "kind", "year", "value", "text"), counts)
        self.realisation = _Rows(m.Realisation, ("indicator_id", "year", "period", "value", "text"), counts)
        self.budget = _Rows(m.Budget, ("element_id", "revision_id", "kind", "year", "amount", "location"), counts)
        self.budget_realisation = _Rows(m.BudgetRealisation, ("element_id", "year", "period", "amount"), counts)

    def flush(self) -> None:
        for rows in (self.target, self.realisation, self.budget, self.budget_realisation):
            rows.flush()


def _created(model, objs: list, batch_size: int = BATCH) -> list:
    """bulk_create that also works where the database does not return the new keys."""
    made = model.objects.bulk_create(objs, batch_size=batch_size)
    if any(o.pk is None for o in made):  # pragma: no cover — SQLite < 3.35 only
        raise GenerateError("the database does not return keys from bulk inserts (SQLite 3.35 or later is needed)")
    return made


def _values(agency: _Agency, revisions: dict, years: range, writer: _Writer) -> None:
    rng = agency.rng
    renstra = revisions["renstra"].pk
    renja = {year: revisions[("renja", year)].pk for year in years}
    agreement = {year: revisions[("pk", year)].pk for year in years}
    perubahan = {year: revisions[("perubahan", year)].pk for year in agency.perubahan_years}
    for element in agency.elements:
        # The Kepala Dinas signs for the sasaran, the Kepala Bidang for their programs (seed 003 Tabel 2.5).
        agreed = element.level in (m.Level.OBJECTIVE, m.Level.PROGRAM)
        for ind in element.indicators:
            pk = ind.obj.pk
            writer.target.add(pk, renstra, m.PlanKind.RENSTRA_END.value, years[-1], ind.end,
                              _text(ind.end, ind.satuan))
            for year in years:
                value = ind.targets[year]
                writer.target.add(pk, renja[year], m.PlanKind.RENJA.value, year, value, _text(value, ind.satuan))
                if agreed:
                    writer.target.add(pk, agreement[year], m.PlanKind.PK.value, year, value,
                                      _text(value, ind.satuan))
                if year in perubahan:
                    # A perubahan restates the year's whole document; some targets change.
                    if rng.random() < 0.15:
                        places = 2 if ind.satuan == "%" else 0
                        value = max(_decimal(float(value) * rng.uniform(0.85, 1.2), places), Decimal(1))
                    writer.target.add(pk, perubahan[year], m.PlanKind.RENJA.value, year, value,
                                      _text(value, ind.satuan))
                _realisations(rng, ind, year, writer)
        if element.pagu:
            _budgets(rng, element, renstra, renja, perubahan, years, writer)


def _realisations(rng: random.Random, ind: _Indicator, year: int, writer: _Writer) -> None:
    if rng.random() < 0.015:
        return  # a whole year not reported
    target = float(ind.targets[year])
    percent = ind.satuan == "%"
    ratio = rng.uniform(0.8, 1.4) if ind.polarity == "negative" else rng.uniform(0.7, 1.15)
    if ind.aggregation == "SUM":
        total = round(target * ratio)
        weights = [rng.uniform(0.15, 0.35) for _ in QUARTERS]
        shares = [round(total * w / sum(weights)) for w in weights]
        shares[-1] = max(0, total - sum(shares[:-1]))
        values = [Decimal(v) for v in shares]
    else:
        progress = (0.85, 0.9, 0.95, 1.0)
        if percent:
            values = [_decimal(min(target * ratio * p, 100) if ind.polarity == "positive" else target * ratio * p,
                               2) for p in progress]
        else:
            values = [Decimal(max(0, round(target * ratio * p))) for p in progress]
    pk = ind.obj.pk
    for quarter, value in zip(QUARTERS, values, strict=True):
        if rng.random() < 0.04:
            continue  # this quarter not reported
        writer.realisation.add(pk, year, quarter, value, _typed(value, percent))


def _budgets(rng, element: _Element, renstra: int, renja: dict, perubahan: dict, years: range,
             writer: _Writer) -> None:
    pk = element.obj.pk
    writer.budget.add(pk, renstra, m.PlanKind.RENSTRA_END.value, years[-1],
                      sum(element.pagu.values(), Decimal(0)) * Decimal("1.05"), "")
    for year in years:
        amount = element.pagu[year]
        writer.budget.add(pk, renja[year], m.PlanKind.RENJA.value, year, amount, "Kabupaten")
        if year in perubahan:
            if rng.random() < 0.3:
                amount = Decimal(round(float(amount) * rng.uniform(0.9, 1.15), -3))
            writer.budget.add(pk, perubahan[year], m.PlanKind.RENJA.value, year, amount, "Kabupaten")
        for quarter, (low, high) in zip(QUARTERS, ((0.08, 0.2), (0.2, 0.3), (0.2, 0.3), (0.2, 0.33)), strict=True):
            if rng.random() < 0.03:
                continue
            writer.budget_realisation.add(pk, year, quarter, Decimal(round(float(amount) * rng.uniform(low, high))))


def _generate_region(options: GenerateOptions, number: int, summary: GenerateSummary, password_hash: str | None,
                     progress: Callable[[str], None]) -> None:
    years = options.years
    slug = options.region_slug(number)
    place = REGION_NAMES[(number - 1) % len(REGION_NAMES)]
    region = m.Region.objects.create(slug=slug, kind=m.Region.Kind.KABUPATEN,
                                     name=f"Kabupaten {place} (data sintetis {number:02d})")
    blueprints = [agency_blueprint(options, number, a, slug) for a in range(1, options.agencies + 1)]
    seen: Counter = Counter()
    for bp in blueprints:
        seen[bp.slug] += 1
        if seen[bp.slug] > 1:
            bp.slug = f"{bp.slug}-{seen[bp.slug]}"
    agencies = _created(m.Agency, [
        m.Agency(region=region, slug=bp.slug, name=f"{bp.name} Kabupaten {place}", short_name=bp.short_name,
                 address=f"Jl. Pemuda No. {bp.number}, {place}", head_name=f"Kepala {bp.short_name}",
                 evaluation_layout=m.Agency.EvaluationLayout.BY_CODE)
        for bp in blueprints
    ])
    for bp, agency in zip(blueprints, agencies, strict=True):
        bp.obj = agency
    units = _created(m.Unit, [m.Unit(agency=bp.obj, key=k, name=n, kind=kind)
                              for bp in blueprints for k, n, kind in bp.units])
    unit_of = {(u.agency_id, u.key): u for u in units}
    plans = _created(m.StrategicPlan, [
        m.StrategicPlan(agency=bp.obj, key=f"renstra-{years[0]}-{years[-1]}", first_year=years[0],
                        last_year=years[-1], code_scheme=CodeScheme.PERMENDAGRI_90.value,
                        name=f"Rencana Strategis {bp.name} {years[0]}-{years[-1]}")
        for bp in blueprints
    ])
    revision_rows = []
    for bp, plan in zip(blueprints, plans, strict=True):
        revision_rows.append((bp, "renstra", None, m.Revision(
            agency=bp.obj, strategic_plan=plan, key=f"renstra-{years[0]}-{years[-1]}-murni", document="renstra",
            label="murni", number=0, date=dt.date(years[0] - 1, 12, 15), source="data sintetis")))
        for year in years:
            revision_rows.append((bp, "renja", year, m.Revision(
                agency=bp.obj, strategic_plan=plan, key=f"renja-{year}-murni", document="renja", year=year,
                label="murni", number=0, date=dt.date(year - 1, 8, 15), source="data sintetis")))
            revision_rows.append((bp, "pk", year, m.Revision(
                agency=bp.obj, strategic_plan=plan, key=f"pk-{year}-murni", document="pk", year=year,
                label="murni", number=0, date=dt.date(year, 2, 5), source="data sintetis")))
            if year in bp.perubahan_years:
                revision_rows.append((bp, "perubahan", year, m.Revision(
                    agency=bp.obj, strategic_plan=plan, key=f"renja-{year}-perubahan", document="renja", year=year,
                    label="perubahan", number=1, date=dt.date(year, 9, 30), source="data sintetis")))
    _created(m.Revision, [r for *_x, r in revision_rows])
    revisions: dict[int, dict] = {bp.number: {} for bp in blueprints}
    for bp, kind, year, revision in revision_rows:
        revisions[bp.number][kind if year is None else (kind, year)] = revision
    summary.counts["unit kerja"] += len(units)
    summary.counts["revisi dokumen"] += len(revision_rows)

    # Elements level by level, so that every parent has its key before its children are written.
    plan_of = {bp.number: plan for bp, plan in zip(blueprints, plans, strict=True)}
    for level in ("tujuan", "sasaran", "program", "kegiatan", "subkegiatan"):
        batch = []
        for bp in blueprints:
            for position, element in enumerate(bp.elements):
                if element.level != level:
                    continue
                element.obj = m.PlanElement(
                    strategic_plan=plan_of[bp.number], parent=element.parent.obj if element.parent else None,
                    level=level, key=element.key, code=element.code, name=element.name,
                    unit=unit_of[(bp.obj.pk, element.unit_key)], position=position)
                batch.append(element.obj)
        _created(m.PlanElement, batch)
        summary.counts["unsur rencana"] += len(batch)
    indicator_objs = []
    for bp in blueprints:
        for element in bp.elements:
            for position, ind in enumerate(element.indicators):
                ind.obj = m.Indicator(element=element.obj, position=position, name=ind.name, satuan=ind.satuan,
                                      polarity=ind.polarity, aggregation=ind.aggregation, value_kind=ind.value_kind,
                                      unit=element.obj.unit)
                indicator_objs.append(ind.obj)
    _created(m.Indicator, indicator_objs)
    summary.counts["indikator"] += len(indicator_objs)
    progress(f"{slug}: {len(blueprints)} perangkat daerah, {sum(len(bp.elements) for bp in blueprints)} unsur, "
             f"{len(indicator_objs)} indikator; menulis nilai …")

    writer = _Writer(summary.counts)
    reports: list[QuarterReport] = []
    for bp in blueprints:
        _values(bp, revisions[bp.number], years, writer)
        reports.extend(_quarter_reports(bp, unit_of, years))
    writer.flush()
    narratives = [n for bp in blueprints for n in _narratives(bp, years)]
    m.Narrative.objects.bulk_create(narratives, batch_size=BATCH)
    summary.counts[str(m.Narrative._meta.verbose_name_plural)] += len(narratives)
    QuarterReport.objects.bulk_create(reports, batch_size=BATCH)
    summary.counts[str(QuarterReport._meta.verbose_name_plural)] += len(reports)
    _accounts(options, region, blueprints, unit_of, password_hash, summary)
    summary.regions.append(slug)


ANALYSIS_TEXT = {
    "analisis": "Capaian {name} tahun {year} dibandingkan dengan target Perjanjian Kinerja dan tahun sebelumnya; "
                "kegiatan yang mendukung berjalan sesuai jadwal pada sebagian besar triwulan.",
    "penghambat": "Keterbatasan anggaran perubahan dan data sasaran yang belum mutakhir pada awal tahun {year}.",
    "pendorong": "Koordinasi dengan perangkat daerah lain dan dukungan pemerintah desa/kelurahan.",
    "solusi": "Pemutakhiran data secara berkala dan penjadwalan ulang kegiatan pada triwulan berikutnya.",
}
CHAPTER_TEXT = {
    "kata_pengantar": "Puji syukur ke hadirat Tuhan Yang Maha Esa atas tersusunnya dokumen {document} {agency} "
                      "tahun {year}.",
    "latar_belakang": "Dokumen {document} tahun {year} disusun sebagai wujud pertanggungjawaban {agency} atas "
                      "pelaksanaan Rencana Strategis. " * 4,
    "landasan_hukum": "Undang-Undang Nomor 23 Tahun 2014; Peraturan Pemerintah Nomor 8 Tahun 2008; Peraturan "
                      "Menteri Dalam Negeri Nomor 86 Tahun 2017; Peraturan Menteri PANRB Nomor 53 Tahun 2014.",
    "maksud_tujuan": "Memberikan gambaran capaian kinerja {agency} tahun {year} kepada pemangku kepentingan.",
    "isu_strategis": "Kualitas data sasaran, keterbatasan sumber daya aparatur dan pemerataan layanan.",
    "penutup": "Semoga dokumen {document} tahun {year} bermanfaat bagi perbaikan kinerja {agency}.",
}


def _narratives(bp: _Agency, years: range) -> list[m.Narrative]:
    """The LKjIP's analysis of each sasaran indicator (with one earlier version now and then, as edits leave),
    and the chapters of the Renja and the LKjIP, every year."""
    rng = bp.rng
    out = []
    for year in years:
        for element in bp.elements:
            if element.level != m.Level.OBJECTIVE:
                continue
            for ind in element.indicators:
                for section, text in ANALYSIS_TEXT.items():
                    versions = 2 if rng.random() < 0.2 else 1
                    out.extend(m.Narrative(agency=bp.obj, indicator=ind.obj, year=year, section=section,
                                           number=number, text=text.format(name=ind.name, year=year))
                               for number in range(1, versions + 1))
        for document, label in (("renja", "Renja"), ("lkjip", "LKjIP")):
            out.extend(m.Narrative(agency=bp.obj, document=document, year=year, section=section,
                                   text=text.format(document=label, agency=bp.name, year=year))
                       for section, text in CHAPTER_TEXT.items())
    return out


def _quarter_reports(bp: _Agency, unit_of: dict, years: range) -> list[QuarterReport]:
    """Every unit with elements reported every quarter; the last quarter of the last year is still a draft."""
    rng = bp.rng
    reports = []
    used = sorted({e.unit_key for e in bp.elements})
    for key in used:
        unit = unit_of[(bp.obj.pk, key)]
        for year in years:
            for quarter in QUARTERS:
                deadline = default_deadline(year, quarter)
                if (year, quarter) == (years[-1], QUARTERS[-1]):
                    reports.append(QuarterReport(agency=bp.obj, unit=unit, year=year, quarter=quarter,
                                                 deadline=deadline))
                    continue
                late = rng.random() < 0.1
                day = deadline + dt.timedelta(days=rng.randint(1, 10) if late else -rng.randint(0, 9))
                reports.append(QuarterReport(
                    agency=bp.obj, unit=unit, year=year, quarter=quarter, status=Status.APPROVED, deadline=deadline,
                    submitted_at=dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC), submitted_late=late,
                    locked=True, version=3))
    return reports


def _accounts(options, region, blueprints: list[_Agency], unit_of: dict, password_hash: str | None,
              summary: GenerateSummary) -> None:
    """A perencana and an operator (of the busiest Bidang) per agency, an admin pemda per region."""
    user_model = get_user_model()
    users, scopes = [], []
    for bp in blueprints:
        for role, unit_key in ((Role.PERENCANA, None), (Role.OPERATOR, bp.operator_unit)):
            username = f"{bp.slug}.{role.value}"
            users.append(user_model(username=username, first_name=f"{role.label} {bp.short_name}",
                                    password=password_hash or make_password(None)))
            scopes.append((role, None, bp.obj, unit_of[(bp.obj.pk, unit_key)] if unit_key else None))
    users.append(user_model(username=f"{region.slug}.bappeda", first_name=f"Bappeda {region.name}",
                            password=password_hash or make_password(None)))
    scopes.append((Role.ADMIN_PEMDA, region, None, None))
    made = _created(user_model, users)
    Membership.objects.bulk_create([Membership(user=user, role=role, region=reg, agency=agency, unit=unit)
                                    for user, (role, reg, agency, unit) in zip(made, scopes, strict=True)])
    summary.counts["pengguna"] += len(made)


def generated_regions(prefix: str):
    return m.Region.objects.filter(slug__regex=rf"^{re.escape(prefix)}-[0-9]{{2}}$")


def remove_generated(prefix: str, slugs: list[str] | None = None) -> int:
    """Delete generated regions (all of the prefix, or those named) and everything under them, set-wise."""
    regions = generated_regions(prefix)
    if slugs is not None:
        regions = regions.filter(slug__in=slugs)
    regions = list(regions)
    if not regions:
        return 0
    agencies = m.Agency.objects.filter(region__in=regions)
    foreign = agencies.exclude(slug__regex=rf"-{re.escape(prefix)}-[0-9]{{2}}(-[0-9]+)?$")
    if foreign.exists():
        raise GenerateError(f"{', '.join(foreign.values_list('slug', flat=True)[:5])} in a generated region was "
                            "not generated: remove it first; nothing was deleted")
    agency_ids = list(agencies.values_list("pk", flat=True))
    elements = m.PlanElement.objects.filter(strategic_plan__agency__in=agency_ids)
    indicators = m.Indicator.objects.filter(element__strategic_plan__agency__in=agency_ids)
    try:
        _remove(regions, agencies, agency_ids, elements, indicators)
    except IntegrityError as exc:
        raise GenerateError(f"other data refers to the generated regions, nothing was deleted: {exc}") from exc
    return len(regions)


def _remove(regions, agencies, agency_ids, elements, indicators) -> None:
    with transaction.atomic():
        db = m.Region.objects.db
        AuditEntry.objects.filter(agency__in=agency_ids)._raw_delete(db)
        for model in (QuarterReport, m.PrintedFigure, m.Narrative):
            model.objects.filter(agency__in=agency_ids)._raw_delete(db)
        for model in (m.Target, m.Realisation, m.CarriedRealisation):
            model.objects.filter(indicator__in=indicators)._raw_delete(db)
        for model in (m.Budget, m.BudgetRealisation, m.CarriedBudgetRealisation):
            model.objects.filter(element__in=elements)._raw_delete(db)
        indicators._raw_delete(db)
        m.PlanElement.objects.filter(maps_to__in=elements).update(maps_to=None)
        elements.update(parent=None, maps_to=None)
        elements._raw_delete(db)
        for model in (m.CategoryScale, m.Revision, m.StrategicPlan):
            model.objects.filter(agency__in=agency_ids)._raw_delete(db)
        user_ids = set(Membership.objects.filter(agency__in=agency_ids).values_list("user_id", flat=True))
        user_ids |= set(Membership.objects.filter(region__in=regions).values_list("user_id", flat=True))
        Membership.objects.filter(agency__in=agency_ids)._raw_delete(db)
        Membership.objects.filter(region__in=regions)._raw_delete(db)
        # Only the generator's own accounts, by name: a real user who was given a role here keeps the account.
        names = [rf"^{re.escape(r.slug)}\.bappeda$" for r in regions]
        names += [rf"-{re.escape(r.slug)}(-[0-9]+)?\.(perencana|operator)$" for r in regions]
        get_user_model().objects.filter(pk__in=user_ids, username__regex="|".join(names)).delete()
        m.Unit.objects.filter(agency__in=agency_ids)._raw_delete(db)
        agencies._raw_delete(db)
        m.Region.objects.filter(pk__in=[r.pk for r in regions])._raw_delete(db)


def generate(options: GenerateOptions, progress: Callable[[str], None] = lambda message: None) -> GenerateSummary:
    """Write ``options.regions`` generated regions, each in its own transaction."""
    options.check()
    started = time.perf_counter()
    slugs = [options.region_slug(r) for r in range(1, options.regions + 1)]
    existing = list(m.Region.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    if existing and not options.replace:
        raise GenerateError(f"already there: {', '.join(existing)} (use --replace to generate them again)")
    if existing:
        remove_generated(options.prefix, existing)
    # One hash for every account: hashing is deliberately slow, and these accounts are for load tests.
    password_hash = make_password(options.password) if options.password else None
    summary = GenerateSummary()
    for number in range(1, options.regions + 1):
        with transaction.atomic():
            _generate_region(options, number, summary, password_hash, progress)
        progress(f"{options.region_slug(number)} selesai ({time.perf_counter() - started:.1f} s)")
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather within minutes: without them the planner still sees the
        # tables as empty.
        with connection.cursor() as cursor:
            for model in (m.PlanElement, m.Indicator, m.Target, m.Realisation, m.Budget, m.BudgetRealisation,
                          QuarterReport, m.Revision, m.Agency, m.Unit):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    summary.seconds = time.perf_counter() - started
    return summary
