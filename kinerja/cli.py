"""The ``kinerja`` command: build the demo, serve the web app, produce reports."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess  # noqa: S404 — `kinerja serve` starts `kinerja worker`
import sys
from pathlib import Path

# Report names and formats, known before Django starts; kinerja.reports.catalog holds how each is built and written.
REPORTS = ("renja-evaluasi", "renja-rencana", "rkpd-review", "usulan", "kinerja-pelayanan", "tujuan-sasaran",
           "pk", "iku", "lkjip")
REPORTS += ("kode-lama", "riwayat-program", "pendanaan", "psks", "spm-layanan")  # plan tables (issue 14)
REPORTS += ("ikk",)  # seed 000's IKK table (issue 14, column numbers as printed)
REPORTS += ("permasalahan", "faktor-penentu", "telaahan-kebijakan", "visi-misi", "strategi-kebijakan",
            "keselarasan-program", "keterkaitan-prioritas", "tim-penyusun")  # strategic context (issue 14)
FORMATS = ("json", "xlsx", "csv", "html", "docx", "pdf")
AVERAGING = ("default", "seed")
BINARY_FORMATS = ("xlsx", "docx", "pdf")  # never written to a terminal
VERIFY_FORMATS = ("text", "json", "xlsx")
CHECK_FORMATS = ("text", "json")


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

    from kinerja.demo.loader import DATA_DIR, DEMO_PASSWORD, DEMO_USERNAME, DemoDataError, load_demo

    migrate()
    try:
        def announce(name: str) -> None:
            print(f"memuat {name} …", file=sys.stderr, flush=True)

        summary = load_demo(Path(args.data) if args.data else DATA_DIR, progress=announce)
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
    worker = None if args.no_worker or not _queued_backend() else _start_worker()
    print(f"Kinerja: http://{args.host}:{args.port}/  (login demo: {DEMO_USERNAME} / {DEMO_PASSWORD})", flush=True)
    # SIGTERM ends the server like Ctrl+C, so that the worker beside it is stopped too
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, insecure_serving=True,
                     skip_checks=False)
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


def _queued_backend() -> bool:
    """Whether the default task backend keeps a queue that a worker runs (the database backend)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    return type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__module__.startswith("django_tasks_db")


def _die_with_parent() -> None:
    """In the worker that `kinerja serve` starts: end when the server ends, even when it is killed (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _start_worker() -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "kinerja.cli", "worker"],  # noqa: S603 — our own command
                               preexec_fn=_die_with_parent)  # noqa: PLW1509
    print(f"Pekerja tugas latar belakang berjalan (proses {process.pid}).", flush=True)
    return process


def cmd_worker(args: argparse.Namespace) -> int:
    import logging

    from django.core.management import call_command

    from kinerja.imports import jobs

    if not _queued_backend():
        raise CommandError("backend tugas (KINERJA_TASKS_BACKEND) tidak memakai antrean: tugas dijalankan saat "
                           "didaftarkan, tidak ada yang perlu dijalankan pekerja")
    migrate()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    for name in ("kinerja.imports", "django_tasks_db", "django_tasks"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        logger.propagate = False
    reaped = jobs.reap_all()
    if reaped:
        print(f"kinerja worker: {reaped} tugas impor yang pekerjanya mati ditandai gagal", file=sys.stderr, flush=True)
    options = {"interval": args.interval, "batch": args.batch, "reload": False, "verbosity": 1,
               "queue_name": args.queue}
    if args.max_tasks is not None:
        options["max_tasks"] = args.max_tasks
    call_command("db_worker", **options)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from django.utils import translation

    if args.region:
        return _report_region(args)
    with translation.override(args.lang):
        payload = _render_report(args)
    _write_output(args, payload)
    return 0


def _report_region(args: argparse.Namespace) -> int:
    """Every agency's report of the region, one file each in a ZIP archive, built by worker processes."""
    import io
    import zipfile

    from django.utils import translation

    from kinerja.plan.models import Agency, Region
    from kinerja.reports.parallel import region_files

    if not args.output:
        raise CommandError("--region menulis arsip ZIP: beri --output FILE.zip")
    _require_soffice(args)
    region = Region.objects.filter(slug=args.region).first()
    if region is None:
        known = ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True)) or "(belum ada)"
        raise CommandError(f"Wilayah {args.region!r} tidak ada. Yang ada: {known}")
    ids = list(Agency.objects.filter(region=region).order_by("slug").values_list("pk", flat=True))
    try:
        with translation.override(args.lang):
            files = region_files(ids, args.name, args.year, args.format, layout=args.layout,
                                 averaging=args.averaging, workers=args.workers)
    except ValueError as exc:  # KINERJA_WORKERS that is not a number
        raise CommandError(str(exc)) from exc
    buffer = io.BytesIO()
    failed = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, payload, error in files:
            if payload is None:
                failed.append(f"{filename}: {error}")
            else:
                archive.writestr(zipfile.ZipInfo(filename, (1980, 1, 1, 0, 0, 0)), payload, zipfile.ZIP_DEFLATED)
    Path(args.output).write_bytes(buffer.getvalue())
    print(f"Ditulis: {args.output} ({len(files) - len(failed)} berkas dari {len(files)} perangkat daerah)",
          file=sys.stderr)
    for line in failed:
        print(f"tidak dibuat: {line}", file=sys.stderr)
    return 1 if failed else 0


def _require_soffice(args: argparse.Namespace) -> None:
    from kinerja.documents.pdf import soffice

    if args.format == "pdf" and soffice() is None:
        raise CommandError("PDF tidak dapat dibuat: LibreOffice (soffice) tidak terpasang — Debian: "
                           "apt-get install --no-install-recommends libreoffice-writer-nogui (atau pilih --format "
                           "docx)")


def _render_report(args: argparse.Namespace) -> bytes:
    from kinerja.documents.content import DocumentError
    from kinerja.reports.catalog import REPORTS as CATALOG
    from kinerja.reports.data import ReportError, find_agency

    report = CATALOG[args.name]
    _require_soffice(args)
    try:
        agency = find_agency(args.agency)
        table = report.build(agency, args.year, layout=args.layout, averaging=args.averaging)
        return report.outputs[args.format].write(table)
    except (ReportError, DocumentError) as exc:
        raise CommandError(str(exc)) from exc


def _write_output(args: argparse.Namespace, payload: bytes) -> None:
    if args.output:
        Path(args.output).write_bytes(payload)
        print(f"Ditulis: {args.output}", file=sys.stderr)
    elif args.format in BINARY_FORMATS and sys.stdout.isatty():
        raise CommandError(f"{args.format.upper()} tidak ditulis ke terminal: beri --output FILE")
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


def cmd_generate(args: argparse.Namespace) -> int:
    from django.db import connection

    from kinerja.bench.generate import GenerateError, GenerateOptions, generate

    migrate()
    first_year, last_year = args.years
    options = GenerateOptions(agencies=args.agencies, first_year=first_year, last_year=last_year,
                              regions=args.regions, seed=args.seed, prefix=args.prefix, replace=args.replace)
    try:
        summary = generate(options, progress=lambda message: print(message, file=sys.stderr, flush=True))
    except GenerateError as exc:
        raise CommandError(str(exc)) from exc
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items())
    print(f"Data sintetis ditulis ke {connection.vendor} ({connection.settings_dict['NAME']}) dalam "
          f"{summary.seconds:.1f} s: {', '.join(summary.regions)}; {counts}.")
    print("Akun <slug-pd>.perencana, <slug-pd>.operator dan <slug-pemda>.bappeda tanpa kata sandi: beri satu "
          "dengan `kinerja manage changepassword NAMA`.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a printed table by the rules: 0 no finding, 1 findings, 2 the file cannot be read. No database."""
    from kinerja.verify import TableReadError, verify_path
    from kinerja.verify.output import render

    try:
        report = verify_path(args.file, args.lang)
    except TableReadError as exc:
        raise CommandError(exc.message(args.lang)) from exc
    _write_output(args, render(report, args.format))
    return 1 if report.findings else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Consistency of the stored data: 0 no finding, 1 findings, 2 unknown agency or year."""
    from kinerja.consistency import CheckError, check_agency, to_json, to_text
    from kinerja.reports.data import ReportError, find_agency

    try:
        report = check_agency(find_agency(args.agency), args.year, narrative=True)
    except (ReportError, CheckError) as exc:
        raise CommandError(str(exc)) from exc
    sys.stdout.write(to_json(report) if args.format == "json" else to_text(report))
    sys.stdout.flush()
    return 1 if report.findings or report.narrative else 0


def cmd_document(args: argparse.Namespace) -> int:
    from kinerja.documents.command import run
    from kinerja.documents.content import DocumentError

    binary = (args.format or ("text" if args.action == "diff" else "docx")) in ("docx", "pdf")
    if binary and args.action in ("renja", "lkjip") and not args.output and sys.stdout.isatty():
        raise CommandError("DOCX/PDF tidak ditulis ke terminal: beri --output FILE")
    try:
        payload, message = run(args)
    except DocumentError as exc:
        raise CommandError(str(exc)) from exc
    if payload is not None:
        _write_output(args, payload)
    if message:
        print(message, file=sys.stderr if payload is not None else sys.stdout)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a plan or realisations (kinerja/imports): progress to stderr, the preview to stdout, then apply."""
    from kinerja.imports.command import run

    return run(args, CommandError)


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


def year_range(text: str) -> tuple[int, int]:
    first, _dash, last = text.partition("-")
    first_year, last_year = year(first), year(last or first)
    if first_year > last_year:
        raise argparse.ArgumentTypeError(f"{text!r}: tahun pertama sesudah tahun terakhir")
    return first_year, last_year


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
    serve.add_argument("--no-worker", action="store_true",
                       help="do not start a background worker beside the server (run `kinerja worker` yourself)")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run a background worker: the queued imports (and later tasks)",
                            description="Menjalankan satu pekerja tugas latar belakang (impor) dari antrean di basis "
                                        "data yang dikonfigurasi, sampai dihentikan (Ctrl+C atau SIGTERM: tugas yang "
                                        "sedang berjalan diselesaikan dulu). Tugas impor yang pekerjanya mati di "
                                        "komputer ini ditandai gagal saat pekerja mulai.")
    worker.add_argument("--queue", default="default", help="queues to run, comma-separated, '*' for all "
                                                           "(default: %(default)s)")
    worker.add_argument("--interval", type=float, default=1.0,
                        help="seconds between looks at an empty queue (default: %(default)s)")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")
    worker.set_defaults(func=cmd_worker)

    report = sub.add_parser("report", help="produce an official table (JSON, XLSX, CSV, HTML, DOCX, PDF)",
                            description="Menghasilkan tabel resmi dari data tersimpan.")
    report.add_argument("name", choices=REPORTS, help="table name: " + ", ".join(REPORTS))
    whose = report.add_mutually_exclusive_group(required=True)
    whose.add_argument("--agency", help="agency slug, e.g. dinsos-kukar")
    whose.add_argument("--region", help="every agency of this region (slug), one file each in a ZIP archive "
                                        "(--output required), built by worker processes")
    report.add_argument("--year", required=True, type=year,
                        help="the year: evaluated (renja-evaluasi, e.g. 2019) or planned (renja-rencana, e.g. 2021); "
                             "for rkpd-review, usulan, kinerja-pelayanan and tujuan-sasaran the year of the Renja "
                             "that prints the table (e.g. 2021)")
    report.add_argument("--format", choices=FORMATS, default="json")
    report.add_argument("--layout", type=int, choices=(1, 2), help="printed layout (default: the agency's)")
    report.add_argument("--averaging", choices=AVERAGING,
                        help="renja-evaluasi only. default: rows without a target that year are excluded; "
                             "seed: they count as 0 %% as the published document does")
    report.add_argument("--lang", choices=("id", "en"), default="id")
    report.add_argument("--output", "-o", help="write to this file instead of standard output")
    report.add_argument("--workers", type=int, help="with --region: worker processes (default KINERJA_WORKERS, "
                                                    "else the CPU count; 1 works in this process)")
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

    generate = sub.add_parser("generate", help="generate synthetic regions at real scale, beside the demo data",
                              description="Menulis Pemda sintetis berukuran nyata (untuk benchmark): per perangkat "
                                          "daerah Renstra, ±10 program, 40 kegiatan, 150 sub kegiatan, target, "
                                          "pagu dan realisasi triwulan. Data demo tidak disentuh.")
    generate.add_argument("--agencies", type=int, default=40, help="agencies per region (a kabupaten has about 40)")
    generate.add_argument("--years", type=year_range, default=(2021, 2025), metavar="FIRST-LAST",
                          help="the Renstra period, e.g. 2021-2025")
    generate.add_argument("--regions", type=int, default=1, help="regions (a province: 10)")
    generate.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    generate.add_argument("--prefix", default="gen", help="regions are named PREFIX-01, PREFIX-02 …")
    generate.add_argument("--replace", action="store_true", help="delete those regions first if they exist")
    generate.set_defaults(func=cmd_generate)

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

    check = sub.add_parser("check", help="check the stored plan data for consistency (pagu, Renstra, targets, units)",
                           description="Memeriksa konsistensi data tersimpan: pagu induk dan rinciannya, program dan "
                                       "kegiatan Renja yang tidak ada di Renstra (dengan tingkat konsistensi Renstra "
                                       "dan Renja), target yang tidak ada, indikator tanpa satuan/polaritas/agregasi, "
                                       "satuan realisasi dan target, realisasi kumulatif yang tidak wajar. Status "
                                       "keluar: 0 tanpa temuan, 1 ada temuan, 2 perangkat daerah atau tahun tidak ada.")
    check.add_argument("--agency", required=True, help="agency slug, e.g. dinsos-kukar")
    check.add_argument("--year", type=year, help="a Renja year (default: every Renja year of every Renstra period)")
    check.add_argument("--format", choices=CHECK_FORMATS, default="text")
    check.set_defaults(func=cmd_check)

    from kinerja.documents.arguments import add_document_parser

    add_document_parser(sub, year).set_defaults(func=cmd_document)

    from kinerja.strategy.command import add_strategy_parser

    add_strategy_parser(sub, year)

    from kinerja.plan.units_command import add_units_parser

    add_units_parser(sub)

    imp = sub.add_parser("import", help="import a plan or realisations from XLSX, CSV or tab-separated text",
                         description="Mengimpor rencana (unsur, indikator, target dan pagu tahun N, prakiraan maju "
                                     "N+1) atau realisasi tahun N dari XLSX, CSV atau teks yang dipisah tab: "
                                     "pratinjau lebih dulu, lalu semua perubahan dalam satu transaksi, tercatat di "
                                     "jejak audit. Status keluar 2 bila berkas tidak terbaca atau bergalat (tidak "
                                     "ada yang disimpan).")
    imp.add_argument("file", metavar="FILE", help="XLSX (first sheet), CSV or UTF-8 text separated by tabs")
    imp.add_argument("--agency", required=True, help="agency slug, e.g. dinsos-kukar")
    imp.add_argument("--year", required=True, type=year, help="the year N imported")
    imp.add_argument("--kind", choices=("plan", "realisation"),
                     help="default: realisation when the file has realisation columns, else plan")
    imp.add_argument("--quarter", type=int, choices=(1, 2, 3, 4),
                     help="realisation only: import that quarter's columns (a single realisation column is that "
                          "quarter)")
    imp.add_argument("--code-prefix", default="", metavar="CODE",
                     help="urusan and bidang for codes printed without them, e.g. 1.06")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=ROLE",
                     help="the role of a column where the header is not recognised, e.g. 3=nama (repeatable)")
    imp.add_argument("--header-end", type=int, metavar="LINE", help="with --map: the last header line (0: none)")
    imp.add_argument("--dry-run", action="store_true", help="print the preview, write nothing")
    imp.set_defaults(func=cmd_import)

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
