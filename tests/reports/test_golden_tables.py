"""Golden tables: every official table of the four seed documents, as Kinerja builds it from the demo data, compared
exactly with a JSON file reviewed by hand against the seed (tests/reports/golden/<report>-<agency>-<year>.json).

A golden holds the report's whole JSON — the columns with their numbers (and the numbers the seed printed), every
row with every stored value, the computed figures, what the document printed and each difference with its cause —
so any change in the engine, the data or a builder that moves one figure, one column number or one finding fails
here, and the diff of the golden file shows what moved.

To regenerate after a deliberate change (never in CI; review the diff against the seed before committing):

    KINERJA_UPDATE_GOLDEN=1 DATABASE_URL=sqlite:////tmp/golden.sqlite3 \\
        .venv/bin/python -m pytest -q -p no:cacheprovider tests/reports/test_golden_tables.py

The test then writes the files and fails, so an update is never mistaken for a pass.
"""

import json
import os
from pathlib import Path

import pytest
from django.utils import translation

from kinerja.reports.catalog import REPORTS

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KINERJA_UPDATE_GOLDEN") == "1"
pytestmark = pytest.mark.golden

# (report, agency, year, layout): the seed each golden was reviewed against.
TABLES = [
    # Seed 000, Renja 2021 Dinas Sosial Kukar: §2.1 (the 2019 evaluation), §2.2, §2.4, §3.2, §3.5, BAB IV.
    ("renja-evaluasi", "dinsos-kukar", 2019, 1),
    ("kinerja-pelayanan", "dinsos-kukar", 2021, None),
    ("ikk", "dinsos-kukar", 2021, None),
    ("rkpd-review", "dinsos-kukar", 2021, None),
    ("tujuan-sasaran", "dinsos-kukar", 2021, None),
    ("usulan", "dinsos-kukar", 2021, None),
    ("renja-rencana", "dinsos-kukar", 2021, 1),
    # Seed 001, Rancangan Renja 2024 Dinsos PM Tarakan: Tabel 1 (the 2022 evaluation), 2, 3, 4, 5, 8.
    ("renja-evaluasi", "dinsospm-tarakan", 2022, 2),
    ("kinerja-pelayanan", "dinsospm-tarakan", 2024, None),
    ("rkpd-review", "dinsospm-tarakan", 2024, None),
    ("usulan", "dinsospm-tarakan", 2024, None),
    ("tujuan-sasaran", "dinsospm-tarakan", 2024, None),
    ("renja-rencana", "dinsospm-tarakan", 2024, 1),
    # Seed 003, LKjIP 2023 Dinas Sosial Kukar: Tabel 2.4–2.5 and 3.1–3.13, BAB IV.
    ("pk", "dinsos-kukar", 2023, None),
    ("lkjip", "dinsos-kukar", 2023, None),
    # Seed 004, IKU Dinas Sosial Kukar (Renstra 2016–2021, signed March 2020).
    ("iku", "dinsos-kukar", 2020, None),
]


def report_json(name: str, agency, year: int, layout: int | None) -> str:
    report = REPORTS[name]
    with translation.override("id"):
        table = report.build(agency, year, layout=layout, averaging=None)
        return report.outputs["json"].write(table).decode()


def golden_path(name: str, slug: str, year: int) -> Path:
    return GOLDEN / f"{name}-{slug}-{year}.json"


@pytest.mark.parametrize(("name", "slug", "year", "layout"), TABLES,
                         ids=[f"{n}-{s}-{y}" for n, s, y, _l in TABLES])
def test_table_as_reviewed(db, name, slug, year, layout):
    from kinerja.plan.models import Agency

    agency = Agency.objects.get(slug=slug)
    produced = report_json(name, agency, year, layout)
    path = golden_path(name, slug, year)
    if UPDATE:
        path.write_text(produced, encoding="utf-8")
        pytest.fail(f"{path.name} ditulis ulang: tinjau perbedaannya terhadap seed sebelum commit")
    assert path.exists(), f"{path.name} belum ada: buat dengan KINERJA_UPDATE_GOLDEN=1 (lihat docstring)"
    expected = path.read_text(encoding="utf-8")
    if produced != expected:
        # The first differing row or key, readable, before the whole-text comparison.
        got, want = json.loads(produced), json.loads(expected)
        for key in sorted(set(got) | set(want)):
            if key == "rows":
                for index, (a, b) in enumerate(zip(got["rows"], want["rows"], strict=False)):
                    assert a == b, f"{path.name}: baris {index} ({b.get('key')}) berbeda"
            assert got.get(key) == want.get(key), f"{path.name}: {key} berbeda"
    assert produced == expected


def test_every_golden_file_is_a_table_here():
    """A golden JSON nobody compares any more is a stale review: each file belongs to one entry of TABLES."""
    named = {golden_path(n, s, y).name for n, s, y, _l in TABLES}
    on_disk = {p.name for p in GOLDEN.glob("*.json") if p.name != "renja-evaluasi-averages.json"}
    assert on_disk <= named, sorted(on_disk - named)
