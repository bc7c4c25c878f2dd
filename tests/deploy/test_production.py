"""The README's Deployment, followed as written: its environment (step 3), its release commands (step 4, read from
the README itself) on a PostgreSQL database of the test's own, gunicorn with kinerja/gunicorn.conf.py, and requests
carrying the headers of the README's nginx (step 5): the login page, a hashed static file, a real login and a page
behind it, each with the security headers production promises.

Only the values the README leaves to the operator are chosen here: the secret key, the database, the data folder
and gunicorn's port.
"""

import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest

from tests.test_security import POLICY, SETTINGS_VARIABLES

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the README's .venv/bin
# The server ./dev/test runs the suite on (TEST_POSTGRES_URL, README); the test makes a database of its own there.
_SUITE = urlsplit(os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/kinerja"))
SERVER = f"{_SUITE.scheme}://{_SUITE.netloc}"
CLIENT = "203.0.113.9"  # the visitor's address, as nginx's $proxy_add_x_forwarded_for passes it
USERNAME, PASSWORD = "perencana.contoh", "Sungai-Mahakam-2024"
SEED = f"""
from django.contrib.auth import get_user_model
from kinerja.accounts.models import Membership, Role
from kinerja.plan.models import Agency, Region
region = Region.objects.create(slug="kab-contoh", name="Kabupaten Contoh", kind=Region.Kind.KABUPATEN)
agency = Agency.objects.create(region=region, slug="dinsos-contoh", name="Dinas Sosial Kabupaten Contoh")
user = get_user_model().objects.create_user({USERNAME!r}, password={PASSWORD!r})
Membership.objects.create(user=user, role=Role.PERENCANA, agency=agency)
"""
ACCESS_LOG = "from axes.models import AccessLog; print(*AccessLog.objects.values_list('ip_address', flat=True))"
HEADERS = {  # what Django's settings promise on every response served in production
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def deployment_section() -> str:
    text = (ROOT / "README.md").read_text()
    return text[text.index("## Deployment"):]


def code_block(after: str) -> list[str]:
    """The lines of the first fenced block after the text ``after`` in the Deployment section, comments dropped."""
    section = deployment_section()
    block = re.search(r"```\w*\n(.*?)```", section[section.index(after):], re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def readme_environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """Step 3's environment, with the operator's own values where the README writes a placeholder."""
    readme = dict(shlex.split(line)[0].split("=", 1) for line in code_block("3. The environment"))
    assert set(readme) == {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL",
                           "TRUSTED_PROXY_COUNT", "KINERJA_DATA_DIR"}, "the README's environment changed"
    readme.update(SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=database_url, KINERJA_DATA_DIR=str(data_dir))
    # Nothing of the test process's own settings (KINERJA_DEV, its DATABASE_URL …) may leak into production.
    inherited = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES | {"DJANGO_SETTINGS_MODULE"}}
    return {**inherited, **readme}


def release_commands() -> list[list[str]]:
    """Step 4's commands, ``.venv/bin/`` being this interpreter's virtual environment."""
    commands = [shlex.split(line) for line in code_block("4. On each release")]
    for command in commands:
        assert command[0].startswith(".venv/bin/"), command
        command[0] = str(BIN / command[0].removeprefix(".venv/bin/"))
    return commands


@pytest.fixture
def database():
    """A throwaway PostgreSQL database, dropped whatever happens."""
    name = f"kinerja_deploy_{os.getpid()}"
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable at {SERVER} ({exc}): the deployment test needs it, as production does")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{SERVER}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,  # noqa: S603
                            timeout=300, check=False)
    assert result.returncode == 0, f"{shlex.join(command)}\n{result.stdout}\n{result.stderr}"
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """Step 4's last command as a process group of its own, stopped on exit whatever happened."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path):
        self.port = free_port()
        self.log = log
        self.env = {**env, "PORT": str(self.port), "WEB_CONCURRENCY": "2"}
        self.command = command

    def __enter__(self):
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT, stdout=log,  # noqa: S603
                                            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self.wait_until_listening()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def wait_until_listening(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not listen on {self.port}:\n{self.log.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Browser:
    """HTTP through the README's nginx: its Host, X-Forwarded-Proto and X-Forwarded-For, and a cookie jar."""

    def __init__(self, port: int, host: str):
        self.port, self.host = port, host
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, form: dict | None = None, scheme: str = "https"):
        headers = {"Host": self.host, "X-Forwarded-Proto": scheme, "X-Forwarded-For": CLIENT}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{self.host}",
                        "Referer": f"https://{self.host}{path}"}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
            for morsel in SimpleCookie(cookie).values():
                assert morsel["secure"] and morsel["httponly"], cookie
        return response, content.decode("utf-8", "replace")


def assert_secure(response, path: str, page: bool = True):
    # WhiteNoise answers static files before the clickjacking middleware: a script or stylesheet is not framed,
    # and the policy's frame-ancestors 'none' covers it anyway.
    expected = HEADERS if page else {k: v for k, v in HEADERS.items() if k != "X-Frame-Options"}
    for name, value in expected.items():
        assert response.headers.get(name) == value, (path, name, response.headers.get(name))


def test_the_readme_deployment_serves_pages_static_files_and_logins(database, tmp_path):
    env = readme_environment(database, tmp_path / "var")
    host = env["ALLOWED_HOSTS"].split(",")[0]
    *manage, serve = release_commands()
    assert [c[1:3] for c in manage] == [["manage", "migrate"], ["manage", "collectstatic"], ["manage", "check"]]
    for command in manage:
        result = run(command, env)
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    run([str(BIN / "kinerja"), "manage", "shell", "-c", SEED], env)
    manifest = json.loads((tmp_path / "var" / "static" / "staticfiles.json").read_text())["paths"]

    with Gunicorn(serve, env, tmp_path / "gunicorn.log") as server:
        browser = Browser(server.port, host)
        http_only = browser.request("GET", "/masuk/", scheme="http")[0]
        assert http_only.status == 301 and http_only.headers["Location"] == f"https://{host}/masuk/"

        login, page = browser.request("GET", "/masuk/")
        assert login.status == 200
        assert_secure(login, "/masuk/")
        stylesheet = re.search(r'href="/static/(web/kinerja\.[0-9a-f]{12}\.css)"', page).group(1)
        assert stylesheet == manifest["web/kinerja.css"]
        for name in (stylesheet, manifest["vendor/chart-4.6.1.umd.js"]):
            static, content = browser.request("GET", f"/static/{name}")
            assert static.status == 200 and content, name
            assert "immutable" in static.headers["Cache-Control"], name
            assert_secure(static, name, page=False)

        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
        logged_in = browser.request("POST", "/masuk/", form)[0]
        assert logged_in.status == 302 and logged_in.headers["Location"] == "/", logged_in.status
        assert "sessionid" in browser.cookies

        home, page = browser.request("GET", "/")
        assert home.status == 200
        assert "Dinas Sosial Kabupaten Contoh" in page
        assert_secure(home, "/")
    assert '"GET /masuk/ HTTP/1.1" 200' in server.log.read_text()  # the access log, on stdout
    # TRUSTED_PROXY_COUNT=1: the login is recorded for the visitor nginx saw, not for nginx's own address.
    logged = run([str(BIN / "kinerja"), "manage", "shell", "-c", ACCESS_LOG], env)
    assert logged.stdout.splitlines()[-1] == CLIENT  # (after Django's line on its automatic imports)
