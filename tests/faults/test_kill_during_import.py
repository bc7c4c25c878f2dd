"""A process killed in the middle of an import (SIGKILL, no chance to clean up) leaves the database as it was.

The import here is `kinerja demo`, which replaces the demo agencies from their source files in one transaction;
it is killed at several moments of its run, and every table is compared with the snapshot taken before.
"""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

# Where to kill: when `kinerja demo` announces a folder, it is inside its one transaction and has already
# deleted the old demo agencies (and, from the second folder on, written the first one anew).
MARKERS = ("memuat dinsos-kukar", "memuat dinsospm-tarakan")


def _snapshot_sqlite(path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: hashlib.sha256(repr(conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()).encode())
                .hexdigest() for t in tables}


def _snapshot_postgres(url) -> dict[str, str]:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname='public' "
                                             "ORDER BY tablename")]
        return {t: hashlib.sha256(repr(conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()).encode())
                .hexdigest() for t in tables}


def _kill_runs(env, snapshot):
    before = snapshot()
    assert len(before) > 10
    for marker in MARKERS:
        process = subprocess.Popen([sys.executable, "-m", "kinerja.cli", "demo"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in process.stderr:
            if marker in line:
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=60)
        assert process.returncode == -signal.SIGKILL, f"{marker!r} never announced"
        assert snapshot() == before, f"killed at {marker!r}: the database changed"


def _env(url, tmp_path):
    env = {**os.environ, "DATABASE_URL": url, "KINERJA_DEV": "1", "KINERJA_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def test_sigkill_during_import_leaves_sqlite_as_it_was(tmp_path):
    path = tmp_path / "kinerja.sqlite3"
    env = _env(f"sqlite:///{path}", tmp_path)
    subprocess.run([sys.executable, "-m", "kinerja.cli", "demo"], env=env, check=True, capture_output=True,
                   timeout=300)
    _kill_runs(env, lambda: _snapshot_sqlite(path))


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the suite runs on SQLite; this fault needs PostgreSQL")
def test_sigkill_during_import_leaves_postgresql_as_it_was(tmp_path):
    with throwaway_postgres("_kill") as url:
        env = _env(url, tmp_path)
        subprocess.run([sys.executable, "-m", "kinerja.cli", "demo"], env=env, check=True, capture_output=True,
                       timeout=300)
        _kill_runs(env, lambda: _snapshot_postgres(url))


@contextmanager
def throwaway_postgres(suffix: str):
    """A database of its own beside the suite's on the same server (named after it with ``suffix``), made empty
    and dropped afterwards: the killed process must not share the test database."""
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    name = (parts.path.lstrip("/") or "kinerja") + suffix
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
