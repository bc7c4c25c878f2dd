"""Time the XLSX writers: every report of the catalog for every agency and year of the configured database, each
written by XlsxWriter (``kinerja/reports/xlsx.py``, what the app serves) and by the openpyxl writer it replaced.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python -m benchmarks.xlsx_writers [--runs 3] [--years 2019-2024]

The tables are built once, untimed; then each writer writes all of them, ``--runs`` times alternately, and the
median of each is printed with the number of workbooks and the bytes written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def _tables(first: int, last: int) -> list[tuple[str, object]]:
    from kinerja.documents.content import DocumentError
    from kinerja.plan import models as m
    from kinerja.reports.catalog import REPORTS
    from kinerja.reports.data import ReportError

    out = []
    for agency in m.Agency.objects.order_by("slug"):
        for name, report in sorted(REPORTS.items()):
            for year in range(first, last + 1):
                try:
                    out.append((name, report.build(agency, year)))
                except (ReportError, DocumentError):
                    continue
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--years", default="2019-2024")
    args = parser.parse_args(argv)
    first, last = (int(y) for y in args.years.split("-"))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    os.environ.setdefault("KINERJA_DEV", "1")
    import django

    django.setup()
    from kinerja.reports import document_tables, evaluation_export, evaluation_sheet, official, rencana_export
    from kinerja.reports.catalog import REPORTS

    old_of = {evaluation_sheet.evaluation_xlsx: evaluation_export.evaluation_xlsx_openpyxl,
              official.table_xlsx: official.table_xlsx_openpyxl,
              rencana_export.rencana_xlsx: rencana_export.rencana_xlsx_openpyxl,
              document_tables.table_xlsx: document_tables.table_xlsx_openpyxl}
    started = time.perf_counter()
    tables = _tables(first, last)
    print(f"{len(tables)} tables built in {time.perf_counter() - started:.1f} s (not timed)", file=sys.stderr)
    writers = {"xlsxwriter": lambda name, table: REPORTS[name].outputs["xlsx"].write(table),
               "openpyxl": lambda name, table: old_of[REPORTS[name].outputs["xlsx"].write](table)}
    times: dict[str, list[float]] = {name: [] for name in writers}
    size: dict[str, int] = {}
    for _run in range(args.runs):
        for label, write in writers.items():
            t0 = time.perf_counter()
            size[label] = sum(len(write(name, table)) for name, table in tables)
            times[label].append(time.perf_counter() - t0)
    medians = {label: statistics.median(spent) for label, spent in times.items()}
    for label in writers:
        runs = ", ".join(f"{t:.2f}" for t in times[label])
        print(f"{label}: {len(tables)} workbooks, {size[label] / 1e6:.1f} MB, median {medians[label]:.2f} s ({runs})")
    print(f"openpyxl / xlsxwriter: {medians['openpyxl'] / medians['xlsxwriter']:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
