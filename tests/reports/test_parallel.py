"""Region-wide work in worker processes gives what one process gives: the same JSON bytes and the same workbooks
for a generated region, with 1 and 2 workers; in a transaction or on an in-memory database it stays in-process."""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kinerja.plan import models as m
from kinerja.reports import parallel
from kinerja.reports.catalog import REPORTS

ROOT = Path(__file__).resolve().parents[2]


def _kinerja(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kinerja.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def _members(path: Path) -> dict[str, dict[str, bytes]]:
    """Each file of the archive, and for a workbook each of its parts but the creation time (docProps/core.xml)."""
    out = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as book:
                    out[name] = {part: book.read(part) for part in book.namelist() if part != "docProps/core.xml"}
            else:
                out[name] = {"": data}
    return out


@pytest.fixture(scope="module")
def region_database(tmp_path_factory):
    """A SQLite file holding one generated region of three agencies, reachable from any process."""
    folder = tmp_path_factory.mktemp("parallel")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'kinerja.sqlite3'}", "KINERJA_DEV": "1"}
    env.pop("KINERJA_WORKERS", None)
    assert _kinerja(env, "manage", "migrate", "-v0").returncode == 0
    done = _kinerja(env, "generate", "--agencies", "3", "--years", "2021-2023", "--seed", "5", "--prefix", "par")
    assert done.returncode == 0, done.stderr
    return folder, env


@pytest.mark.parametrize(("name", "fmt"), [("renja-evaluasi", "json"), ("renja-evaluasi", "xlsx"),
                                           ("lkjip", "xlsx"), ("renja-rencana", "xlsx")])
def test_one_and_two_workers_write_the_same_files(region_database, name, fmt):
    folder, env = region_database
    archives = []
    for workers in ("1", "2"):
        path = folder / f"{name}-{fmt}-{workers}.zip"
        done = _kinerja(env, "report", name, "--region", "par-01", "--year", "2022", "--format", fmt,
                        "--workers", workers, "-o", str(path))
        assert done.returncode in (0, 1), done.stderr
        archives.append(_members(path))
    assert archives[0] == archives[1]
    assert len(archives[0]) == 3
    if fmt == "json":
        assert all(member[""].startswith(b"{") for member in archives[0].values())


def test_the_region_must_exist_and_the_archive_be_named(region_database):
    _folder, env = region_database
    done = _kinerja(env, "report", "renja-evaluasi", "--region", "tidak-ada", "--year", "2022", "-o", "/dev/null")
    assert done.returncode == 2 and "par-01" in done.stderr
    done = _kinerja(env, "report", "renja-evaluasi", "--region", "par-01", "--year", "2022")
    assert done.returncode == 2 and "--output" in done.stderr


def test_in_a_transaction_the_work_stays_in_this_process(db):
    """The test database is in-memory (SQLite) or inside the test's transaction: no fork, the same results."""
    ids = list(m.Agency.objects.filter(slug__in=["dinsos-kukar", "dinsospm-tarakan"]).order_by("slug")
               .values_list("pk", flat=True))
    assert not parallel.can_fork()
    files = parallel.region_files(ids, "renja-evaluasi", 2022, "json", workers=2)
    report = REPORTS["renja-evaluasi"]
    for agency_id, (filename, payload, error) in zip(ids, files, strict=True):
        agency = m.Agency.objects.get(pk=agency_id)
        assert filename == report.filename(agency.slug, 2022, "json")
        if payload is not None:
            assert payload == report.outputs["json"].write(report.build(agency, 2022))
        else:
            assert error


def test_the_number_of_workers(monkeypatch, settings):
    monkeypatch.delenv("KINERJA_WORKERS", raising=False)
    assert parallel.worker_count() == max(1, os.cpu_count() or 1)
    settings.KINERJA_WORKERS = 3
    assert parallel.worker_count() == 3
    monkeypatch.setenv("KINERJA_WORKERS", "0")
    assert parallel.worker_count() == 1
    monkeypatch.setenv("KINERJA_WORKERS", "zwei")
    with pytest.raises(ValueError, match="KINERJA_WORKERS"):
        parallel.worker_count()
