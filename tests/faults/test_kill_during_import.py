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
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

# When to kill, as fractions of a full run's duration: most of a run is the transaction that replaces the data.
KILL_AT = (0.55, 0.75, 0.95)


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


def _timed_demo(env) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "kinerja.cli", "demo"], env=env, check=True, capture_output=True,
                   timeout=300)
    return time.monotonic() - started


def _kill_runs(env, snapshot, duration: float):
    before = snapshot()
    assert len(before) > 10
    killed = 0
    for delay in (fraction * duration for fraction in KILL_AT):
        process = subprocess.Popen([sys.executable, "-m", "kinerja.cli", "demo"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is not None:
            # It finished before the kill: a complete rebuild, committed. That is the new state to keep.
            assert process.returncode == 0
            before = snapshot()
            continue
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        killed += 1
        assert snapshot() == before, f"killed after {delay} s: the database changed"
    assert killed >= 2, "the import finished before most kills"


def _env(url, tmp_path):
    env = {**os.environ, "DATABASE_URL": url, "KINERJA_DEV": "1", "KINERJA_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def test_sigkill_during_import_leaves_sqlite_as_it_was(tmp_path):
    path = tmp_path / "kinerja.sqlite3"
    env = _env(f"sqlite:///{path}", tmp_path)
    _timed_demo(env)  # the first run also migrates
    _kill_runs(env, lambda: _snapshot_sqlite(path), _timed_demo(env))


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the suite runs on SQLite; this fault needs PostgreSQL")
def test_sigkill_during_import_leaves_postgresql_as_it_was(tmp_path):
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    name = (parts.path.lstrip("/") or "kinerja") + "_kill"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        env = _env(url, tmp_path)
        _timed_demo(env)
        _kill_runs(env, lambda: _snapshot_postgres(url), _timed_demo(env))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
