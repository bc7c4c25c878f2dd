"""The ``kinerja`` command: build the demo, serve the web app, produce reports."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Report names and formats, known before Django starts; kinerja.reports.catalog holds how each is built and written.
REPORTS = ("renja-evaluasi", "renja-rencana")
FORMATS = ("json", "xlsx", "csv", "html")
AVERAGING = ("default", "seed")
VERIFY_FORMATS = ("text", "json", "xlsx")


class CommandError(Exception):
    """A clear, expected failure: printed without a traceback, exit status 2."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    if not os.environ.get("SECRET_KEY"):
        # The command line runs locally; a served production site sets SECRET_KEY (see README, deployment).
        os.environ.setdefault("KINERJA_DEV", "1")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    from kinerja.settings import DATA_DIR

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_demo(args: argparse.Namespace) -> int:
    from django.db import connection

    from kinerja.demo.loader import DEMO_PASSWORD, DEMO_USERNAME, DemoDataError, load_demo

    migrate()
    try:
        summary = load_demo(Path(args.data)) if args.data else load_demo()
    except DemoDataError as exc:
        raise CommandError(f"Data demo tidak dimuat, basis data tidak diubah.\n{exc}") from exc
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items())
    print(f"Data demo dimuat ke {connection.vendor} ({connection.settings_dict['NAME']}): "
          f"{', '.join(summary.agencies)}; {counts}.")
    print(f"Login demo: {DEMO_USERNAME} / {DEMO_PASSWORD}")
    others = [u for u in summary.users if u != DEMO_USERNAME]
    if others:
        print(f"Akun per peran (kata sandi sama): {', '.join(others)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from kinerja.demo.loader import DEMO_PASSWORD, DEMO_USERNAME

    migrate()
    print(f"Kinerja: http://{args.host}:{args.port}/  (login demo: {DEMO_USERNAME} / {DEMO_PASSWORD})", flush=True)
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, insecure_serving=True,
                 skip_checks=False)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from django.utils import translation

    with translation.override(args.lang):
        payload = _render_report(args)
    _write_output(args, payload)
    return 0


def _render_report(args: argparse.Namespace) -> bytes:
    from kinerja.reports.catalog import REPORTS as CATALOG
    from kinerja.reports.data import ReportError, find_agency

    report = CATALOG[args.name]
    try:
        agency = find_agency(args.agency)
        table = report.build(agency, args.year, layout=args.layout, averaging=args.averaging)
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    return report.outputs[args.format].write(table)


def _write_output(args: argparse.Namespace, payload: bytes) -> None:
    if args.output:
        Path(args.output).write_bytes(payload)
        print(f"Ditulis: {args.output}", file=sys.stderr)
    elif args.format == "xlsx" and sys.stdout.isatty():
        raise CommandError("XLSX tidak ditulis ke terminal: beri --output FILE")
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()


def cmd_backup(args: argparse.Namespace) -> int:
    from kinerja.backup import BackupError, create_backup

    try:
        result = create_backup(Path(args.output) if args.output else None)
    except BackupError as exc:
        raise CommandError(f"cadangan tidak dibuat: {exc}") from exc
    manifest = result.manifest
    rows = sum(manifest["tables"].values())
    print(f"Cadangan ditulis: {result.path} ({manifest['vendor']}, {len(manifest['tables'])} tabel, {rows} baris, "
          f"{result.path.stat().st_size} bita, SHA-256 data {manifest['data']['sha256'][:12]}…)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from django.db import connection

    from kinerja.backup import BackupError, restore_backup

    try:
        result = restore_backup(Path(args.file))
    except BackupError as exc:
        raise CommandError(f"tidak dipulihkan: {exc}") from exc
    manifest = result.manifest
    print(f"Dipulihkan: {args.file} (dibuat {manifest['created_at']}, Kinerja {manifest['kinerja_version']}) ke "
          f"{connection.vendor} ({connection.settings_dict['NAME']}).")
    print(f"Jumlah baris sama dengan manifes di {len(result.counts)} tabel ({sum(result.counts.values())} baris).")
    if result.pending:
        print(f"Migrasi kode ini yang belum ada di arsip: {', '.join(result.pending)} — jalankan "
              "`kinerja manage migrate`.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a printed table by the rules: 0 no finding, 1 findings, 2 the file cannot be read. No database."""
    from kinerja.verify import TableReadError, verify_path
    from kinerja.verify.output import render

    try:
        report = verify_path(args.file, args.lang)
    except TableReadError as exc:
        raise CommandError(str(exc)) from exc
    _write_output(args, render(report, args.format))
    return 1 if report.findings else 0


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kinerja manage", *args.arguments])
    return 0


def year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tahun harus angka empat digit, bukan {text!r}") from None
    if not 1990 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"tahun {value} di luar 1990–2100")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kinerja",
        description="Kinerja: perencanaan dan akuntabilitas kinerja perangkat daerah.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="build or rebuild the demo data (seed documents) in the configured database",
                          description="Membangun ulang data demo dari berkas sumber di kinerja/demo/data, "
                                      "dalam satu transaksi: semua atau tidak sama sekali.")
    demo.add_argument("--data", help="folder of demo data (default: the one shipped with Kinerja)")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the web app on localhost",
                           description="Menjalankan aplikasi web di komputer ini (untuk produksi: gunicorn, "
                                       "lihat README).")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)

    report = sub.add_parser("report", help="produce an official table (JSON, XLSX, CSV, HTML)",
                            description="Menghasilkan tabel resmi dari data tersimpan.")
    report.add_argument("name", choices=REPORTS, help="table name: " + ", ".join(REPORTS))
    report.add_argument("--agency", required=True, help="agency slug, e.g. dinsos-kukar")
    report.add_argument("--year", required=True, type=year,
                        help="the year: evaluated (renja-evaluasi, e.g. 2019) or planned (renja-rencana, e.g. 2021)")
    report.add_argument("--format", choices=FORMATS, default="json")
    report.add_argument("--layout", type=int, choices=(1, 2), help="printed layout (default: the agency's)")
    report.add_argument("--averaging", choices=AVERAGING,
                        help="renja-evaluasi only. default: rows without a target that year are excluded "
                             "(RULES §4); seed: they count as 0 %% as the published document does")
    report.add_argument("--lang", choices=("id", "en"), default="id")
    report.add_argument("--output", "-o", help="write to this file instead of standard output")
    report.set_defaults(func=cmd_report)

    backup = sub.add_parser("backup", help="write a consistent, versioned archive of the configured database",
                            description="Menulis arsip cadangan basis data yang dikonfigurasi (.tar.gz atau .zip): "
                                        "manifest.json dan data, konsisten walau aplikasi berjalan.")
    backup.add_argument("--output", "-o", metavar="FILE",
                        help="archive to write, .tar.gz or .zip (default: kinerja-backup-<vendor>-<UTC time>.tar.gz "
                             "in the current folder); never overwritten")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="restore an archive of `kinerja backup` into an empty database",
                             description="Memulihkan arsip `kinerja backup` ke basis data yang dikonfigurasi, yang "
                                         "harus kosong (baru dibuat, atau dimigrasi tanpa data): data yang ada tidak "
                                         "pernah ditimpa.")
    restore.add_argument("file", metavar="FILE", help="the archive (.tar.gz or .zip)")
    restore.set_defaults(func=cmd_restore)

    verify = sub.add_parser("verify", help="check a printed table (TSV, CSV, PDF text, XLSX) by the rules",
                            description="Memeriksa tabel tercetak (Renja, LKjIP, anggaran …): setiap angka turunan "
                                        "dihitung ulang menurut aturan, dan setiap perbedaan dicantumkan. Status "
                                        "keluar: 0 tanpa temuan, 1 ada temuan, 2 berkas tidak terbaca. Tanpa basis "
                                        "data.")
    verify.add_argument("file", metavar="FILE", help="the table: tab-separated or CSV text (UTF-8), text extracted "
                                                     "from a PDF, or an XLSX workbook (first sheet)")
    verify.add_argument("--format", choices=VERIFY_FORMATS, default="text")
    verify.add_argument("--lang", choices=("id", "en"), default="id")
    verify.add_argument("--output", "-o", help="write to this file instead of standard output")
    verify.set_defaults(func=cmd_verify)

    manage = sub.add_parser("manage", help="run a Django management command (migrate, createsuperuser …)")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def _not_migrated(exc: Exception) -> bool:
    text = str(exc)
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_django()
    from django.db import DatabaseError

    try:
        return args.func(args)
    except CommandError as exc:
        print(f"kinerja {args.command}: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        hint = " — jalankan `kinerja demo` atau `kinerja manage migrate` lebih dulu" if _not_migrated(exc) else ""
        print(f"kinerja {args.command}: basis data tidak dapat dipakai: {str(exc).strip()}{hint}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
