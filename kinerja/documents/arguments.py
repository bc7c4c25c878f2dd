"""The arguments of ``kinerja document``, known before Django starts (the command line is built first)."""

from __future__ import annotations

import argparse

ACTIONS = ("renja", "lkjip", "diff", "issue", "draft")
FORMATS = ("docx", "pdf", "text", "json")


def add_document_parser(sub, year_type) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "document", help="the whole Renja or LKjIP (DOCX, PDF); issue it; compare an issued version with today",
        description="Menyusun dokumen utuh (sampul, kata pengantar, daftar isi, BAB, tabel, tanda tangan) dari data "
                    "tersimpan; menerbitkannya (angka dibekukan); atau membandingkan versi terbit dengan data kini.")
    parser.add_argument("action", choices=ACTIONS, help="renja or lkjip: write the document; issue: freeze it as "
                                                        "the next issued version; diff: issued vs today's data; "
                                                        "draft: print the drafts generated from the data")
    parser.add_argument("--agency", required=True, help="agency slug, e.g. dinsos-kukar")
    parser.add_argument("--year", required=True, type=year_type, help="the document's year (Renja 2021, LKjIP 2023)")
    parser.add_argument("--kind", choices=("renja", "lkjip"), help="for issue, diff and draft: which document")
    parser.add_argument("--section", help="for draft: one section (evaluasi_renja; capaian_kinerja, "
                                          "realisasi_anggaran, kesimpulan)")
    parser.add_argument("--format", choices=FORMATS, help="docx (default) or pdf for a document; text (default) or "
                                                          "json for diff")
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--appendix", action="store_true",
                        help="add the appendix of printed figures that differ from the rules")
    parser.add_argument("--issued", action="store_true", help="the issued version (the latest, or --number)")
    parser.add_argument("--number", type=int, help="which issued version")
    parser.add_argument("--user", help="for issue: the username issuing (perencana or kepala dinas of the agency)")
    parser.add_argument("--output", "-o", help="write to this file instead of standard output")
    return parser
