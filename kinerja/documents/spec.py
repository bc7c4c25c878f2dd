"""What each document holds, chapter by chapter, as the seeds print it (Renja: seeds 000 and 001; LKjIP: seed 003).

A table is named by its report name in ``kinerja.reports.catalog.REPORTS`` and the year it is built for, relative
to the document's year N. A Renja for year N is drafted during N−1, so the last year it can evaluate is N−2
(seed 000: Renja 2021 evaluates 2019; seed 001: Renja 2024 evaluates 2022); its plan is that of year N. An LKjIP
for year N reports on N. A table that the catalog does not (yet) hold is skipped with a note in its place, so a
document lists here every table it is meant to contain, including those still being built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The number a catalog table's title names for itself, as the seed prints it ("Tabel 2.4", "Tabel IV").
OWN_NUMBER = re.compile(r"\b(?:Tabel|Table) (\d+(?:\.\d+)*|[IVX]+)\b")


@dataclass(frozen=True)
class Narrative:
    """A stored narrative section of the document (``plan.Narrative.Section``)."""

    section: str


@dataclass(frozen=True)
class Printed:
    """One table as the seed prints it: its number ("" where the seed prints none) and its title, in which
    ``%(year)s``, ``%(prev)s``, ``%(next)s`` and ``%(agency)s`` stand for the table's year, the years around it and
    the agency's name. ``key`` is the number the catalog's own title names (``Tabel 3.12``) for a report that holds
    several printed tables; empty for a report that is one table."""

    number: str
    title: dict[str, str]
    key: str = ""


@dataclass(frozen=True)
class Table:
    """A catalog table, built for the document's year plus ``year_offset``; ``printed`` gives the table (or, for a
    report holding several, each of its tables shown here, matched by ``Printed.key``) its number and title."""

    report: str
    year_offset: int = 0
    printed: tuple[Printed, ...] = ()
    # Printed by one of the seeds only (seed 000's IKK table and annexes, seed 001's Tabel 6): shown where the
    # agency holds its data, else left out of the pages (the compilation note still says so) — an outline shared
    # by both Renjas must not fill one agency's document with notes about tables its Renja never had.
    optional: bool = False


@dataclass(frozen=True)
class Analyses:
    """The stored analysis of each indicator (keberhasilan/kegagalan, penghambat, pendorong, solusi) of a year."""

    year_offset: int = 0


@dataclass(frozen=True)
class Sistematika:
    """The chapter list with one line on each: generated from this specification."""


Item = Narrative | Table | Analyses | Sistematika


@dataclass(frozen=True)
class Section:
    number: str
    title: dict[str, str]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Chapter:
    numeral: str
    title: dict[str, str]
    summary: dict[str, str]  # one line for the sistematika penulisan
    sections: tuple[Section, ...] = ()
    items: tuple[Item, ...] = ()  # a chapter without sections (the penutup)
    signed: bool = False  # the head of the agency signs under it
    annex: bool = False  # a LAMPIRAN after the chapters (not in the sistematika)


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    chapters: tuple[Chapter, ...]

    def tables(self) -> list[tuple[str, Table]]:
        """Every table the document contains, with the number of the section it stands in."""
        found = []
        for chapter in self.chapters:
            for item in chapter.items:
                if isinstance(item, Table):
                    found.append((chapter.numeral, item))
            for section in chapter.sections:
                found.extend((section.number, item) for item in section.items if isinstance(item, Table))
        return found


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


def _p(number: str, id_: str, en: str, key: str = "") -> tuple[Printed, ...]:
    return (Printed(number, _t(id_, en), key),)


# The Renja outline fits both seeds. Seed 000 (Kukar 2021) and seed 001 (Tarakan 2024) share Permendagri 86/2017's
# structure: BAB I with 1.1-1.4, BAB II with 2.1-2.5, BAB III with 3.1 Telaahan terhadap Kebijakan Nasional and 3.2
# Tujuan dan Sasaran, BAB IV Rencana Kerja dan Pendanaan, BAB V Penutup. Where they differ:
# - BAB IV: seed 000 has 4.1 Program dan Kegiatan only; seed 001 has 4.1 (text) and 4.2 Pendanaan. Both sections are
#   kept. 4.1 holds the rumusan rencana program/kegiatan with lokasi, sumber dana and prakiraan maju (seed 001's Tabel
#   7, which it prints at the end of 3.2 just before BAB IV; seed 000's only BAB IV table is of that kind), 4.2 the
#   plan with its pagu (seed 001's Tabel 8, in its 4.2), so that both keep the numbers seed 001 prints, in order.
# - Table numbers: seed 001 numbers its tables 1-8 through the document; seed 000 prints "Tabel ;" with no number.
#   The tables of seed 001 carry its numbers; the tables only seed 000 has (permasalahan, faktor penghambat dan
#   pendorong, telaahan Renstra K/L and provinsi) stay unnumbered, as printed.
# - Chapter titles: seed 001's wording (seed 000's daftar isi and sistematika disagree with each other).
# - The annexes (tim penyusun, the old codes) are seed 000's.
RENJA = DocumentSpec(
    kind="renja",
    chapters=(
        Chapter("I", _t("PENDAHULUAN", "INTRODUCTION"),
                _t("latar belakang, landasan hukum, maksud dan tujuan, dan sistematika penulisan.",
                   "background, legal basis, purpose and objectives, and the organisation of the document."),
                sections=(
                    Section("1.1", _t("Latar Belakang", "Background"), (Narrative("latar_belakang"),)),
                    Section("1.2", _t("Landasan Hukum", "Legal Basis"), (Narrative("landasan_hukum"),)),
                    Section("1.3", _t("Maksud dan Tujuan", "Purpose and Objectives"), (Narrative("maksud_tujuan"),)),
                    Section("1.4", _t("Sistematika Penulisan", "Organisation of the Document"), (Sistematika(),)),
                )),
        Chapter("II", _t("HASIL EVALUASI PELAKSANAAN RENJA PERANGKAT DAERAH TAHUN LALU",
                         "EVALUATION OF LAST YEAR'S WORK PLAN"),
                _t("evaluasi pelaksanaan Renja tahun lalu dan capaian Renstra, analisis kinerja pelayanan, "
                   "isu-isu penting, review terhadap rancangan awal RKPD, dan penelaahan usulan masyarakat.",
                   "evaluation of last year's Renja and of the Renstra so far, service performance, key issues, "
                   "review of the draft RKPD and the community's proposals."),
                sections=(
                    Section("2.1", _t("Evaluasi Pelaksanaan Renja Tahun Lalu dan Capaian Renstra",
                                      "Evaluation of Last Year's Renja and Achievement of the Renstra"),
                            (Narrative("evaluasi_renja"),
                             Table("renja-evaluasi", -2, _p(
                                 "1", "Rekapitulasi Evaluasi Hasil Pelaksanaan Renja %(agency)s dan Pencapaian "
                                 "Renstra s.d. Tahun %(year)s",
                                 "Summary of the Evaluation of the Renja of %(agency)s and of the Renstra up to "
                                 "%(year)s")),
                             Analyses(-2))),
                    Section("2.2", _t("Analisis Kinerja Pelayanan Perangkat Daerah", "Service Performance"),
                            (Narrative("kinerja_pelayanan"),
                             # Seed 000 prints the IKK table first, unnumbered (seed 001 has none).
                             Table("ikk", 0, optional=True, printed=_p(
                                 "", "Capaian Indikator Kinerja Kunci Pelaksana Urusan Wajib Bidang Sosial",
                                 "Key Performance Indicators of the Social Affairs")),
                             Table("kinerja-pelayanan", 0, _p(  # asked for the Renja's year, as it prints it
                                 "2", "Pencapaian Kinerja Pelayanan %(agency)s",
                                 "Service Performance of %(agency)s")))),
                    Section("2.3", _t("Isu-isu Penting Penyelenggaraan Tugas dan Fungsi Perangkat Daerah",
                                      "Key Issues in Carrying Out the Agency's Duties"),
                            (Narrative("isu_strategis"),
                             Table("permasalahan", 0, optional=True, printed=_p(
                                 "", "Identifikasi Permasalahan Pelayanan", "Service Problems Identified")),
                             Table("faktor-penentu", 0, optional=True, printed=_p(
                                 "", "Faktor Penghambat dan Pendorong Pelayanan Perangkat Daerah terhadap "
                                 "Pencapaian Visi, Misi dan Program Kepala Daerah dan Wakil Kepala Daerah",
                                 "Factors Hindering and Supporting the Agency's Services towards the Regional "
                                 "Head's Vision, Missions and Programs")))),
                    Section("2.4", _t("Review terhadap Rancangan Awal RKPD", "Review of the Draft RKPD"),
                            (Narrative("review_rkpd"),
                             Table("rkpd-review", 0, _p(
                                 "3", "Review terhadap Rancangan Awal RKPD %(agency)s Tahun %(year)s",
                                 "Review of the Draft RKPD: %(agency)s, %(year)s")))),
                    Section("2.5", _t("Penelaahan Usulan Program dan Kegiatan Masyarakat",
                                      "Community Proposals for Programs and Activities"),
                            (Narrative("usulan_masyarakat"),
                             Table("usulan", 0, _p(
                                 "4", "Daftar Usulan (Aspirasi) Masyarakat %(agency)s Tahun %(year)s",
                                 "Community Proposals to %(agency)s, %(year)s")))),
                )),
        Chapter("III", _t("TUJUAN DAN SASARAN PERANGKAT DAERAH", "GOALS AND OBJECTIVES OF THE AGENCY"),
                _t("telaahan terhadap kebijakan nasional dan provinsi, serta tujuan dan sasaran Renja perangkat "
                   "daerah dengan indikator dan targetnya.",
                   "review of national and provincial policy, and the Renja's goals and objectives with their "
                   "indicators and targets."),
                sections=(
                    Section("3.1", _t("Telaahan terhadap Kebijakan Nasional", "Review of National Policy"),
                            (Narrative("telaahan_kebijakan"),
                             Table("telaahan-kebijakan", 0, optional=True, printed=_p(
                                 "", "Telaahan terhadap Renstra Kementerian Sosial dan Renstra Dinas Sosial "
                                 "Provinsi", "Review of the Ministry of Social Affairs' and the Province's "
                                 "Strategic Plans")))),
                    Section("3.2", _t("Tujuan dan Sasaran Renja Perangkat Daerah",
                                      "Goals and Objectives of the Renja"),
                            (Narrative("tujuan_sasaran"),
                             Table("tujuan-sasaran", 0, _p("5", "Tujuan dan Sasaran Tahun %(year)s",
                                                           "Goals and Objectives, %(year)s")),
                             Table("keterkaitan-prioritas", 0, optional=True, printed=_p(
                                 "6", "Keterkaitan Prioritas Daerah terhadap Prioritas Nasional dan Provinsi "
                                 "Tahun %(year)s", "Regional Priorities and the National and Provincial "
                                 "Priorities, %(year)s")))),
                )),
        Chapter("IV", _t("RENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH", "WORK PLAN AND FUNDING OF THE AGENCY"),
                _t("program, kegiatan dan sub kegiatan tahun rencana dengan lokasi, target, pagu indikatif, "
                   "sumber dana dan prakiraan maju.", "programs, activities and sub-activities of the plan year "
                   "with locations, targets, indicative budgets, sources of funds and the forward estimate."),
                sections=(
                    Section("4.1", _t("Program dan Kegiatan", "Programs and Activities"),
                            (Narrative("program_kegiatan"),
                             Table("pendanaan", 0, _p(
                                 "7", "Rumusan Rencana Program, Kegiatan, dan Sub Kegiatan Tahun %(year)s dan "
                                 "Prakiraan Maju Tahun %(next)s", "Planned Programs, Activities and "
                                 "Sub-activities, %(year)s, and the Forward Estimate for %(next)s")))),
                    Section("4.2", _t("Pendanaan", "Funding"),
                            (Narrative("pendanaan"),
                             Table("renja-rencana", 0, _p(
                                 "8", "Rencana Program/Kegiatan/Sub Kegiatan dan Pendanaan Tahun %(year)s",
                                 "Programs, Activities, Sub-activities and Funding, %(year)s")))),
                )),
        Chapter("V", _t("PENUTUP", "CLOSING"),
                _t("catatan penting, kaidah pelaksanaan dan rencana tindak lanjut.",
                   "key notes, rules of implementation and follow-up."),
                items=(Narrative("penutup"),), signed=True),
        Chapter("I", _t("TIM PENYUSUN", "DRAFTING TEAM"), _t("", ""),
                items=(Table("tim-penyusun", 0, optional=True, printed=_p(
                    "", "Susunan Tim Penyusun Rencana Kerja Tahun %(year)s",
                    "Drafting Team of the %(year)s Work Plan")),),
                annex=True),
        Chapter("II", _t("KODE PROGRAM DAN KEGIATAN LAMA", "OLD PROGRAM AND ACTIVITY CODES"), _t("", ""),
                items=(Table("kode-lama", 0, optional=True, printed=_p(
                    "", "Padanan Kode Program dan Kegiatan Sebelum 2020 dengan Permendagri Nomor 90 Tahun 2019",
                    "Program and Activity Codes before 2020 and their Permendagri 90/2019 Equivalents")),),
                annex=True),
    ),
)

# The LKjIP outline is seed 003's (PermenPAN-RB 53/2014): four chapters, no sistematika section, the tables
# numbered by chapter as printed. Seed 003 prints "Tabel 3.11" twice (the last program's indicators, then the
# summary of the programs); the catalog's LKjIP gives the program indicators one table, so 3.11 is the summary.
_LKJIP_CAPAIAN = (
    Printed("3.1", _t("Skala Nilai Peringkat Kinerja", "Performance Rating Scale"), "3.1"),
    Printed("3.2", _t("Perbandingan antara Target dan Realisasi Kinerja Tahun %(year)s",
                      "Targets and Realised Performance, %(year)s"), "3.2"),
    Printed("3.3", _t("Perbandingan Realisasi Kinerja Tahun %(year)s dan Realisasi Kinerja Tahun Sebelumnya",
                      "Realised Performance in %(year)s and in the Previous Year"), "3.3"),
    Printed("3.4", _t("Perbandingan Realisasi Kinerja untuk Indikator Kinerja Utama (IKU)",
                      "Realised Performance of the Key Performance Indicators (IKU)"), "3.4"),
    Printed("3.5", _t("Efisiensi Penggunaan Sumber Daya", "Efficiency of the Resources Used"), "3.5"),
    Printed("3.6", _t("Indikator Program", "Program Indicators"), "3.6"),
    Printed("3.11", _t("Capaian Kinerja Program Penunjang Keberhasilan ataupun Kegagalan",
                       "Program Performance behind the Successes and Failures"), "3.11"),
)
_LKJIP_ANGGARAN = (
    Printed("3.12", _t("Realisasi Anggaran Program dan Kegiatan Tahun %(year)s",
                       "Budget Realisation of Programs and Activities, %(year)s"), "3.12"),
    Printed("3.13", _t("Realisasi Anggaran Program dan Kegiatan Tahun Sebelumnya (%(prev)s)",
                       "Budget Realisation of Programs and Activities in the Previous Year (%(prev)s)"), "3.13"),
)

LKJIP = DocumentSpec(
    kind="lkjip",
    chapters=(
        Chapter("I", _t("PENDAHULUAN", "INTRODUCTION"),
                _t("latar belakang, dasar hukum, tugas pokok dan fungsi, permasalahan dan isu strategis, serta "
                   "uraian singkat organisasi.", "background, legal basis, duties and functions, the problems and "
                   "strategic issues, and the organisation in brief."),
                sections=(
                    Section("1.1", _t("Latar Belakang", "Background"), (Narrative("latar_belakang"),)),
                    Section("1.2", _t("Dasar Hukum", "Legal Basis"), (Narrative("landasan_hukum"),)),
                    Section("1.3", _t("Tugas Pokok dan Fungsi", "Duties and Functions"), (Narrative("tugas_fungsi"),)),
                    Section("1.4", _t("Permasalahan dan Isu Strategis", "Problems and Strategic Issues"),
                            (Narrative("isu_strategis"),
                             Table("permasalahan", 0, _p("1.1", "Identifikasi Permasalahan Pelayanan",
                                                         "Service Problems Identified")))),
                    # seed 003's 1.5 (line 1134): the services in brief, with Tabel 1.2 and 1.3 in it
                    Section("1.5", _t("Uraian Singkat Organisasi", "The Organisation in Brief"),
                            (Narrative("kinerja_pelayanan"),
                             Table("psks", 0, _p("1.2", "Data Potensi Sumber Kesejahteraan Sosial (PSKS) "
                                                 "Perorangan dan Kelembagaan", "Social Welfare Resources (PSKS), "
                                                 "Individual and Institutional")),
                             Table("spm-layanan", 0, _p("1.3", "Jenis Pelayanan Dasar dan Indikator SPM",
                                                        "Basic Services and the SPM Indicators")))),
                )),
        Chapter("II", _t("PERENCANAAN KINERJA", "PERFORMANCE PLANNING"),
                _t("perencanaan strategis (visi, misi, tujuan, sasaran, strategi dan arah kebijakan, keselarasan "
                   "program) dan Perjanjian Kinerja.", "strategic planning (vision, missions, goals, objectives, "
                   "strategies and policies, alignment of programs) and the performance agreement."),
                sections=(
                    Section("2.1", _t("Perencanaan Strategis", "Strategic Planning"),
                            (Narrative("perencanaan_strategis"),
                             Table("visi-misi", 0, _p("2.1", "Matrik Hubungan antara Visi, Misi, Tujuan, dan Sasaran",
                                                      "Vision, Missions, Goals and Objectives")),
                             Table("strategi-kebijakan", 0, _p("2.2", "Strategi", "Strategies")),
                             Table("keselarasan-program", 0, _p(
                                 "2.3", "Keselarasan Program dengan Indikator Kinerja Tahun %(year)s",
                                 "Programs and their Performance Indicators, %(year)s")),
                             # not a table of seed 003: the Renstra's targets behind Tabel 2.1, unnumbered
                             Table("tujuan-sasaran", 0, _p("", "Tujuan dan Sasaran Tahun %(year)s",
                                                           "Goals and Objectives, %(year)s")))),
                    Section("2.2", _t("Perjanjian Kinerja", "Performance Agreement"),
                            (Narrative("perjanjian_kinerja"),
                             Table("pk", 0, (
                                 Printed("2.4", _t("Perjanjian Kinerja Tahun %(year)s",
                                                   "Performance Agreement, %(year)s"), "2.4"),
                                 Printed("2.5", _t("Perbandingan Perjanjian Kinerja Tahun %(year)s untuk Indikator "
                                                   "Kinerja Utama (IKU) dengan Data Awal Capaian Tahun %(prev)s dan "
                                                   "Target Tahun %(year)s",
                                                   "Performance Agreement %(year)s for the Key Indicators (IKU) "
                                                   "against the Baseline of %(prev)s and the Target of %(year)s"),
                                         "2.5"))))),
                )),
        Chapter("III", _t("AKUNTABILITAS KINERJA", "PERFORMANCE ACCOUNTABILITY"),
                _t("capaian kinerja organisasi, analisisnya, dan realisasi anggaran.",
                   "the organisation's performance achievement, its analysis, and the budget realisation."),
                sections=(
                    Section("3.1", _t("Capaian Kinerja Organisasi", "Performance Achievement"),
                            (Narrative("capaian_kinerja"), Table("lkjip", 0, _LKJIP_CAPAIAN), Analyses(0))),
                    Section("3.2", _t("Realisasi Anggaran", "Budget Realisation"),
                            (Narrative("realisasi_anggaran"), Table("lkjip", 0, _LKJIP_ANGGARAN))),
                )),
        Chapter("IV", _t("PENUTUP", "CLOSING"),
                _t("kesimpulan dan perbaikan ke depan.", "conclusions and improvements ahead."),
                sections=(
                    Section("4.1", _t("Kesimpulan", "Conclusions"),
                            (Narrative("kesimpulan"),
                             Table("lkjip", 0, (Printed("", _t("Kesimpulan", "Conclusions"), "IV"),)))),
                    Section("4.2", _t("Perbaikan Kedepan", "Improvements Ahead"),
                            (Narrative("perbaikan"), Narrative("penutup"))),
                ), signed=True),
    ),
)

DOCUMENTS: dict[str, DocumentSpec] = {"renja": RENJA, "lkjip": LKJIP}


def printed_number(title: str) -> str:
    """The number a catalog table's own title names ("… — Tabel 3.12: …" → "3.12"; "Tabel IV" → "IV")."""
    match = OWN_NUMBER.search(title)
    return match.group(1) if match else ""
