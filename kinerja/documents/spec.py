"""What each document holds, chapter by chapter, as the seeds print it (Renja: seeds 000 and 001; LKjIP: seed 003).

A table is named by its report name in ``kinerja.reports.catalog.REPORTS`` and the year it is built for, relative
to the document's year N. A Renja for year N is drafted during N−1, so the last year it can evaluate is N−2
(seed 000: Renja 2021 evaluates 2019; seed 001: Renja 2024 evaluates 2022); its plan is that of year N. An LKjIP
for year N reports on N. A table that the catalog does not (yet) hold is skipped with a note in its place, so a
document lists here every table it is meant to contain, including those still being built.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Narrative:
    """A stored narrative section of the document (``plan.Narrative.Section``)."""

    section: str


@dataclass(frozen=True)
class Table:
    """A catalog table, built for the document's year plus ``year_offset``."""

    report: str
    year_offset: int = 0


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
        Chapter("II", _t("HASIL EVALUASI PELAKSANAAN RENJA TAHUN LALU",
                         "EVALUATION OF LAST YEAR'S WORK PLAN"),
                _t("evaluasi pelaksanaan Renja tahun lalu dan capaian Renstra, analisis kinerja pelayanan, "
                   "isu-isu penting, review terhadap rancangan awal RKPD, dan penelaahan usulan masyarakat.",
                   "evaluation of last year's Renja and of the Renstra so far, service performance, key issues, "
                   "review of the draft RKPD and the community's proposals."),
                sections=(
                    Section("2.1", _t("Evaluasi Pelaksanaan Renja Tahun Lalu dan Capaian Renstra",
                                      "Evaluation of Last Year's Renja and Achievement of the Renstra"),
                            (Table("renja-evaluasi", -2), Analyses(-2))),
                    Section("2.2", _t("Analisis Kinerja Pelayanan", "Service Performance"),
                            (Table("kinerja-pelayanan"),)),  # asked for the Renja's year, as it prints it
                    Section("2.3", _t("Isu-isu Penting Penyelenggaraan Tugas dan Fungsi",
                                      "Key Issues in Carrying Out the Agency's Duties"),
                            (Narrative("isu_strategis"),)),
                    Section("2.4", _t("Review terhadap Rancangan Awal RKPD", "Review of the Draft RKPD"),
                            (Table("rkpd-review"),)),
                    Section("2.5", _t("Penelaahan Usulan Program dan Kegiatan Masyarakat",
                                      "Community Proposals for Programs and Activities"),
                            (Table("usulan"),)),
                )),
        Chapter("III", _t("TUJUAN DAN SASARAN", "GOALS AND OBJECTIVES"),
                _t("tujuan dan sasaran perangkat daerah dengan indikator dan targetnya.",
                   "the agency's goals and objectives, with their indicators and targets."),
                sections=(
                    Section("3.1", _t("Tujuan dan Sasaran Renja", "Goals and Objectives of the Renja"),
                            (Table("tujuan-sasaran"),)),
                )),
        Chapter("IV", _t("RENCANA KERJA DAN PENDANAAN", "WORK PLAN AND FUNDING"),
                _t("program, kegiatan dan sub kegiatan tahun rencana dengan target, pagu indikatif dan prakiraan "
                   "maju.", "programs, activities and sub-activities of the plan year with targets, indicative "
                   "budgets and the forward estimate."),
                sections=(
                    Section("4.1", _t("Program dan Kegiatan", "Programs and Activities"),
                            (Table("renja-rencana"),)),
                )),
        Chapter("V", _t("PENUTUP", "CLOSING"),
                _t("catatan penting, kaidah pelaksanaan dan rencana tindak lanjut.",
                   "key notes, rules of implementation and follow-up."),
                items=(Narrative("penutup"),), signed=True),
    ),
)

LKJIP = DocumentSpec(
    kind="lkjip",
    chapters=(
        Chapter("I", _t("PENDAHULUAN", "INTRODUCTION"),
                _t("latar belakang, dasar hukum, maksud dan tujuan, isu strategis, dan sistematika penulisan.",
                   "background, legal basis, purpose, strategic issues and the organisation of the report."),
                sections=(
                    Section("1.1", _t("Latar Belakang", "Background"), (Narrative("latar_belakang"),)),
                    Section("1.2", _t("Dasar Hukum", "Legal Basis"), (Narrative("landasan_hukum"),)),
                    Section("1.3", _t("Maksud dan Tujuan", "Purpose and Objectives"), (Narrative("maksud_tujuan"),)),
                    Section("1.4", _t("Isu Strategis", "Strategic Issues"), (Narrative("isu_strategis"),)),
                    Section("1.5", _t("Sistematika Penulisan", "Organisation of the Report"), (Sistematika(),)),
                )),
        Chapter("II", _t("PERENCANAAN KINERJA", "PERFORMANCE PLANNING"),
                _t("tujuan dan sasaran Renstra, Perjanjian Kinerja dan indikator kinerja utama.",
                   "the Renstra's goals and objectives, the performance agreement and the key indicators."),
                sections=(
                    Section("2.1", _t("Tujuan dan Sasaran", "Goals and Objectives"), (Table("tujuan-sasaran"),)),
                    Section("2.2", _t("Perjanjian Kinerja", "Performance Agreement"), (Table("pk"),)),
                    Section("2.3", _t("Indikator Kinerja Utama", "Key Performance Indicators"), (Table("iku"),)),
                )),
        Chapter("III", _t("AKUNTABILITAS KINERJA", "PERFORMANCE ACCOUNTABILITY"),
                _t("capaian kinerja organisasi, analisisnya, dan realisasi anggaran.",
                   "the organisation's performance achievement, its analysis, and the budget realisation."),
                sections=(
                    Section("3.1", _t("Capaian Kinerja Organisasi", "Performance Achievement"),
                            (Table("lkjip"), Analyses(0))),
                )),
        Chapter("IV", _t("PENUTUP", "CLOSING"),
                _t("kesimpulan dan perbaikan ke depan.", "conclusions and improvements ahead."),
                items=(Narrative("penutup"),), signed=True),
    ),
)

DOCUMENTS: dict[str, DocumentSpec] = {"renja": RENJA, "lkjip": LKJIP}
