"""A `kinerja serve` process on a database of its own, and HTTP clients with their own sessions, for tests that need
a real server: database faults, concurrent requests."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from kinerja.demo.loader import DEMO_PASSWORD


@contextmanager
def own_database(tmp_path: Path, suffix: str) -> Iterator[str]:
    """A database of the suite's engine (DATABASE_URL) for a server of a test's own: a SQLite file in ``tmp_path``, or
    the PostgreSQL database ``<suite database>_<suffix>``, created empty and dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "kinerja") + f"_{suffix}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """A `kinerja serve` process on its own database, and a logged-in HTTP client for it."""

    def __init__(self, database_url: str, tmp_path):
        self.env = {**os.environ, "DATABASE_URL": database_url, "KINERJA_DEV": "1", "KINERJA_DATA_DIR": str(tmp_path)}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def run(self, *args, env=None, **kwargs):
        return subprocess.run([sys.executable, "-m", "kinerja.cli", *args], env=env or self.env, check=True,
                              capture_output=True, timeout=300, **kwargs)

    def start(self, env=None):
        self.process = subprocess.Popen([sys.executable, "-m", "kinerja.cli", "serve", "--port", str(self.port)],
                                        env=env or self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)

    def get(self, path):
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path, data):
        token = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
        body = urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def client(self):
        """Another browser on the same server: a session of its own."""
        other = Served.__new__(Served)
        other.env, other.port, other.base = self.env, self.port, self.base
        other.cookies = CookieJar()
        other.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(other.cookies))
        return other

    def hidden(self, page: str, name: str) -> str:
        """The value of a hidden input of a page."""
        found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
        assert found, f"no input {name}"
        return found.group(1)

    def login(self, username):
        self.get("/masuk/")
        status, _body = self.post("/masuk/", {"username": username, "password": DEMO_PASSWORD})
        assert status == 200
