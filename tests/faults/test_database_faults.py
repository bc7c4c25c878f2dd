"""Faults of the database under a running app: a clear answer, nothing changed, recovery without manual action."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import OperationalError
from django.urls import reverse

from kinerja.demo.loader import DEMO_PASSWORD
from kinerja.web.errors import explain
from tests.served import Served


def test_errors_are_explained():
    assert "hanya-baca" in explain(OperationalError("attempt to write a readonly database"))
    assert "penuh" in explain(OperationalError("database or disk is full"))
    assert "dihubungi" in explain(OperationalError("server closed the connection unexpectedly"))


@pytest.mark.parametrize("failure", ["attempt to write a readonly database", "database or disk is full"])
def test_a_failing_write_gives_a_clear_503_not_a_traceback(client, db, monkeypatch, failure):
    from django.contrib.auth import get_user_model

    from kinerja.web import entry

    def refuse(*args, **kwargs):
        raise OperationalError(failure)

    monkeypatch.setattr(entry, "save_quarter", refuse)
    client.force_login(get_user_model().objects.get(username="operator.rehsos.kukar"))
    response = client.post(reverse("quarter-entry", args=["dinsos-kukar", 2021, 1, "rehsos"]), {"v-1": "3"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Tidak ada data yang berubah" in page and "Traceback" not in page


def test_read_only_database_gives_a_clear_answer_and_changes_nothing(tmp_path):
    path = tmp_path / "kinerja.sqlite3"
    served = Served(f"sqlite:///{path}", tmp_path)
    served.run("demo")
    before = path.read_bytes()
    served.start(env={**served.env, "DATABASE_URL": f"sqlite:///{path}?mode=ro"})
    try:
        status, page = served.get("/masuk/")
        assert status == 200
        status, page = served.post("/masuk/", {"username": "operator.rehsos.kukar", "password": DEMO_PASSWORD})
        # Logging in writes the session: a read-only database refuses it, and says so.
        assert status == 503, status
        assert "hanya-baca" in page and "Traceback" not in page
    finally:
        served.stop()
    assert path.read_bytes() == before


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else None


@pytest.mark.skipif(_postgres_url() is None, reason="the suite runs on SQLite; this fault needs PostgreSQL")
def test_app_recovers_when_postgresql_drops_its_connections(tmp_path):
    """What the app sees of a PostgreSQL restart: every connection terminated. The next request reconnects."""
    import psycopg

    parts = urlsplit(_postgres_url())
    name = (parts.path.lstrip("/") or "kinerja") + "_fault"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    served = Served(urlunsplit(parts._replace(path=f"/{name}")), tmp_path)
    served.run("demo")
    served.start()
    try:
        served.login("perencana.kukar")
        assert served.get("/pd/dinsos-kukar/evaluasi-renja/2019/")[0] == 200
        with psycopg.connect(admin, autocommit=True) as conn:
            killed = conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE datname = %s AND pid <> pg_backend_pid()", [name]).fetchone()[0]
        assert killed >= 1
        statuses = [served.get("/pd/dinsos-kukar/evaluasi-renja/2019/")[0] for _ in range(3)]
        assert statuses[-1] == 200 and all(s in (200, 503) for s in statuses)
    finally:
        served.stop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
