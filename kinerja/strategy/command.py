"""``kinerja strategy import KIND FILE``: import one strategic-context table for an agency and year."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .kinds import KIND_COLUMNS


def add_strategy_parser(sub, year_type) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "strategy", help="import a strategic-context table (permasalahan, strategi, tim penyusun …)",
        description="Mengimpor satu tabel konteks strategis (permasalahan, faktor penghambat/pendorong, telaahan "
                    "kebijakan, visi-misi RPJMD, misi-tujuan, strategi dan arah kebijakan, keselarasan program, "
                    "keterkaitan prioritas, tim penyusun) dari CSV atau XLSX: baris judul berisi nama kolom, lalu "
                    "satu baris per baris tercetak. Isi lama tabel itu untuk perangkat daerah dan tahun yang sama "
                    "diganti dalam satu transaksi; berkas yang bergalat ditolak dengan baris dan kolomnya, tanpa "
                    "ada yang disimpan (status keluar 2).")
    parser.add_argument("action", choices=("import",), help="import: read FILE into the database")
    parser.add_argument("kind", metavar="KIND", choices=tuple(KIND_COLUMNS),
                        help="table kind and its columns: " + "; ".join(
                            f"{kind} ({', '.join(columns)})" for kind, (_l, columns, _r) in KIND_COLUMNS.items()))
    parser.add_argument("file", metavar="FILE", help="CSV (UTF-8) or XLSX (first sheet)")
    parser.add_argument("--agency", required=True, help="agency slug, e.g. dinsos-kukar")
    parser.add_argument("--year", required=True, type=year_type,
                        help="the year of the document that prints the table (Renja or LKjIP year)")
    parser.add_argument("--periode", metavar="YYYY-YYYY", help="visi-misi only: the RPJMD period, e.g. 2021-2026")
    parser.add_argument("--sk-nomor", help="tim-penyusun only: the decree's number as printed")
    parser.add_argument("--sk-tanggal", help="tim-penyusun only: the decree's date as printed")
    parser.add_argument("--sk-tempat", help="tim-penyusun only: where the decree was signed")
    parser.set_defaults(func=cmd_strategy)
    return parser


def cmd_strategy(args: argparse.Namespace) -> int:
    from kinerja.cli import CommandError, migrate
    from kinerja.reports.data import ReportError, find_agency, plan_covering

    from .importer import Scope, StrategyImportError, import_table

    migrate()
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: tidak dapat dibaca: {exc.strerror}") from None
    try:
        agency = find_agency(args.agency)
        plan = plan_covering(agency, args.year)
    except ReportError as exc:
        raise CommandError(str(exc)) from None
    options = {"periode": args.periode, "sk_nomor": args.sk_nomor, "sk_tanggal": args.sk_tanggal,
               "sk_tempat": args.sk_tempat}
    scope = Scope(agency=agency, year=args.year, plan=plan, options=options, source=path.name)
    try:
        count = import_table(args.kind, data, path.name, scope)
    except StrategyImportError as exc:
        raise CommandError(str(exc)) from None
    print(f"Diimpor: {count} baris {args.kind} untuk {agency.slug} tahun {args.year}", file=sys.stderr)
    return 0
