"""The entry screen of the largest generated agency, in-process: N requests through Django's test client.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python -m benchmarks.entry_page [-n 200] [--profile]

The data comes from ``kinerja generate --agencies 3 --regions 1 --seed 1 --prefix <prefix>`` (the benchmark's
``--prefix`` default is used when the database holds it). Prints p50 and p95 in ms and the queries of one request.
``--profile`` prints cProfile's top functions (cumulative) of the requests instead.
"""

from __future__ import annotations

import argparse
import math
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="requests to time (after one warm request)")
    parser.add_argument("--prefix", default=None, help="the generated regions' prefix (default: the first found)")
    parser.add_argument("--quarter", type=int, default=4)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cold", action="store_true",
                        help="drop the kept grid rows before each request (the first view after a save)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    os.environ.setdefault("KINERJA_DEV", "1")  # as benchmarks/run.py runs the server: DEBUG stays off
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from kinerja.accounts.models import Membership, Role
    from kinerja.plan import models as m

    regions = m.Region.objects.order_by("slug")
    if args.prefix:
        regions = regions.filter(slug__startswith=args.prefix)
    region = regions.first()
    if region is None:
        raise SystemExit("no region in this database: run `kinerja generate` first")
    agency = (m.Agency.objects.filter(region=region)
              .annotate(size=Count("strategic_plans__elements__indicators")).order_by("-size", "slug").first())
    operator = get_user_model().objects.get(username=f"{agency.slug}.operator")
    unit = Membership.objects.get(user=operator, role=Role.OPERATOR).unit
    plan = agency.strategic_plans.order_by("first_year").first()
    year = plan.first_year + 1  # the benchmark's year: the plan's second
    path = f"/pd/{agency.slug}/realisasi/{year}/tw{args.quarter}/{unit.key}/"

    def forget() -> None:
        try:
            from kinerja.dataversion.models import StoredResult
        except ImportError:  # a tree without stored results: every view is cold
            return
        StoredResult.objects.filter(agency_id=agency.pk, kind="entry-grid").delete()

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(operator)
    response = client.get(path)  # warm: sessions, translations, templates, stored rows
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    captured: list[str] = []

    def record(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(path)
    times = []
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for _ in range(args.n):
        if args.cold:
            forget()
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    times.sort()

    def percentile(p: float) -> float:
        return times[max(0, math.ceil(p * len(times)) - 1)] * 1000

    print(f"{path}{' (cold)' if args.cold else ''}: {len(response.content) // 1024} KiB, {args.n} requests, p50 {percentile(0.5):.1f} ms, "
          f"p95 {percentile(0.95):.1f} ms, {len(captured)} queries")
    if os.environ.get("ENTRY_QUERIES"):
        for sql in captured:
            print(sql[:240])


if __name__ == "__main__":
    main()
