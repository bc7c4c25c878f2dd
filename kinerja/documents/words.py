"""The document's own words in Indonesian and English, and dates as the documents write them ("5 Februari 2024").

Kept here rather than in the shared message catalogue: they are one document's fixed phrases, and the tables
inside the document are translated by the reports themselves.
"""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

def long_date(day: dt.date, lang: str = "id") -> str:
    """``5 Februari 2024`` (or ``5 February 2024``): day without a leading zero, the month in words."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


WORDS: dict[str, dict[str, str]] = {
    "id": {
        "renja_title": "RENCANA KERJA (RENJA)\nPERANGKAT DAERAH",
        "lkjip_title": "LAPORAN KINERJA INSTANSI PEMERINTAH\n(LKjIP)",
        "renja_name": "Rencana Kerja (Renja)",
        "lkjip_name": "Laporan Kinerja Instansi Pemerintah (LKjIP)",
        "year": "TAHUN",
        "government": "PEMERINTAH",
        "kata_pengantar": "KATA PENGANTAR",
        "daftar_isi": "DAFTAR ISI",
        "daftar_tabel": "DAFTAR TABEL",
        "daftar_tabel_none": "Dokumen ini belum memuat tabel.",
        "annex_word": "LAMPIRAN",
        "page": "Hal.",
        "chapter": "BAB",
        "table": "Tabel",
        "part": "bagian %(n)s dari %(of)s",
        "head": "Kepala",
        "nip": "NIP.",
        "draft": "DRAF — disusun dari data tersimpan pada %(date)s; belum diterbitkan",
        "issued": "Diterbitkan %(date)s (versi terbit %(number)s)",
        "generic_preface": (
            "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya %(document)s "
            "%(agency)s Tahun %(year)s dapat diselesaikan. Dokumen ini disusun dari data perencanaan, target, "
            "pagu dan realisasi yang tersimpan, dan tabel-tabelnya dihitung menurut aturan yang berlaku. "
            "Semoga dokumen ini bermanfaat sebagai acuan pelaksanaan dan evaluasi kinerja %(agency)s."),
        "generic_note": "[Teks baku Kinerja: kata pengantar belum ditulis pada Naskah %(document)s %(year)s.]",
        "missing_narrative": "[Belum diisi: %(section)s — tulis pada Naskah %(document)s %(year)s di Kinerja.]",
        "table_missing": "[%(name)s: tabel ini belum dapat disusun dari data Kinerja.]",
        "table_empty": "[%(name)s: belum ada data yang tersimpan untuk tabel ini.]",
        "table_unavailable": "[%(name)s: tabel ini tidak dapat disusun dari data — %(reason)s]",
        "table_no_rows": "(tidak ada baris)",
        "sistematika_intro": "%(document)s ini disusun dengan sistematika sebagai berikut:",
        "analyses": "Analisis capaian indikator tahun %(year)s",
        "appendix": "LAMPIRAN\nPERBEDAAN ANGKA TERCETAK DENGAN ATURAN",
        "appendix_intro": ("Daftar berikut memuat setiap angka yang dicetak dokumen yang dipublikasikan dan berbeda "
                           "dari angka yang dihitung menurut aturan dari data tersimpan, beserta penyebabnya."),
        "appendix_none": "Tidak ada perbedaan antara angka tercetak dan angka menurut aturan.",
        "appendix_columns": "Tabel|Baris|Kolom|Tercetak|Menurut aturan|Penyebab",
        "sources": "CATATAN PENYUSUNAN",
        "sources_intro": "Tabel yang menurut susunan dokumen ini dimuat, dan apakah data Kinerja dapat menyusunnya:",
        "source_ok": "dimuat",
        "source_empty": "belum ada data — catatan di tempatnya",
        "source_missing": "belum dapat disusun dari data — catatan di tempatnya",
        "source_unavailable": "tidak dapat disusun — catatan di tempatnya",
        "source_not_held": "tidak dimuat: tabel ini tidak ada dalam data perangkat daerah",
        "whole_table": "seluruh tabel",
    },
    "en": {
        "renja_title": "WORK PLAN (RENJA)\nOF THE REGIONAL AGENCY",
        "lkjip_title": "GOVERNMENT AGENCY PERFORMANCE REPORT\n(LKjIP)",
        "renja_name": "Work Plan (Renja)",
        "lkjip_name": "Government Agency Performance Report (LKjIP)",
        "year": "YEAR",
        "government": "GOVERNMENT OF",
        "kata_pengantar": "FOREWORD",
        "daftar_isi": "TABLE OF CONTENTS",
        "daftar_tabel": "LIST OF TABLES",
        "daftar_tabel_none": "This document holds no table yet.",
        "annex_word": "APPENDIX",
        "page": "Page",
        "chapter": "CHAPTER",
        "table": "Table",
        "part": "part %(n)s of %(of)s",
        "head": "Head of",
        "nip": "NIP.",
        "draft": "DRAFT — compiled from stored data on %(date)s; not issued",
        "issued": "Issued %(date)s (issued version %(number)s)",
        "generic_preface": (
            "We are grateful that the %(document)s of %(agency)s for %(year)s has been completed. This document is "
            "compiled from the stored plan, targets, budgets and realisations, and its tables are computed by the "
            "rules in force. May it serve as a reference for carrying out and evaluating the performance of "
            "%(agency)s."),
        "generic_note": "[Kinerja's standard text: no foreword has been written in the %(document)s %(year)s text.]",
        "missing_narrative": "[Not written yet: %(section)s — write it in the %(document)s %(year)s text in Kinerja.]",
        "table_missing": "[%(name)s: this table cannot be compiled from Kinerja's data yet.]",
        "table_empty": "[%(name)s: no data is stored for this table yet.]",
        "table_unavailable": "[%(name)s: this table cannot be compiled from the data — %(reason)s]",
        "table_no_rows": "(no rows)",
        "sistematika_intro": "This %(document)s is organised as follows:",
        "analyses": "Analysis of the indicators' achievement in %(year)s",
        "appendix": "APPENDIX\nPRINTED FIGURES THAT DIFFER FROM THE RULES",
        "appendix_intro": ("Every figure that the published document printed and that differs from the figure "
                           "computed by the rules from the stored data, with its cause."),
        "appendix_none": "No printed figure differs from the figure computed by the rules.",
        "appendix_columns": "Table|Row|Column|Printed|By the rules|Cause",
        "sources": "COMPILATION NOTE",
        "sources_intro": "The tables this document's outline holds, and whether Kinerja's data can compile them:",
        "source_ok": "included",
        "source_empty": "no data yet — a note in its place",
        "source_missing": "cannot be compiled from data yet — a note in its place",
        "source_unavailable": "cannot be compiled — a note in its place",
        "source_not_held": "left out: the agency's data holds no such table",
        "whole_table": "whole table",
    },
}


def word(lang: str, key: str, **values) -> str:
    text = WORDS.get(lang, WORDS["id"])[key]
    return text % values if values else text
