"""Production settings and the security headers: HTTPS-only cookies, HSTS, CSP, loud failures on bad values.

Production settings are loaded in a subprocess with a production environment (DEBUG and KINERJA_DEV unset), since
the test process itself runs with the development settings.
"""

import json
import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from gunicorn.config import Config

from kinerja.settings import email_url

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SOURCE = (ROOT / "kinerja" / "settings.py").read_text()
# Every variable settings.py reads (as tests/test_docs.py finds them), unset so the caller's shell cannot leak in.
SETTINGS_VARIABLES = set(re.findall(r'(?:environ\.get|envbool|envlist)\("([A-Z_]+)"', SETTINGS_SOURCE))

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")

COOKIE_SETTINGS = ["SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY",
                   "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY"]


def production_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    env.update({
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "kinerja.example.go.id",
        "DATABASE_URL": f"sqlite:///{data_dir / 'kinerja.sqlite3'}",
        "KINERJA_DATA_DIR": str(data_dir),
    })
    env.update(overrides)
    return env


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True,  # noqa: S603
                          timeout=60, check=False)


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory):
    names = [*COOKIE_SETTINGS, "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
             "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY",
             "STORAGES", "MIDDLEWARE"]
    code = ("import json, django; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))")
    result = run_python(["-c", code], production_env(tmp_path_factory.mktemp("production")))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_deploy_check_passes_without_warnings(tmp_path):
    env = production_env(tmp_path)
    collected = run_python(["-m", "django", "collectstatic", "--noinput", "--settings=kinerja.settings"], env)
    assert collected.returncode == 0, collected.stderr  # the deploy check fails without the manifest
    result = run_python(["-m", "django", "check", "--deploy", "--settings=kinerja.settings", "--fail-level", "WARNING"],
                        env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_is_https_only_behind_the_proxy(production_settings):
    s = production_settings
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_HSTS_PRELOAD"] is True
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert s["SECURE_REFERRER_POLICY"] == "same-origin"


def test_production_serves_hashed_compressed_static_files_through_whitenoise(production_settings):
    middleware = production_settings["MIDDLEWARE"]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert production_settings["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage")


def test_production_cookies_are_secure_and_http_only(client, perencana_kukar, production_settings):
    assert all(production_settings[name] is True for name in COOKIE_SETTINGS)
    with override_settings(**{name: production_settings[name] for name in COOKIE_SETTINGS}):
        login = client.post(reverse("login"), {"username": "perencana-kukar", "password": "rahasia-kukar-2019"})
        language = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookies = {**login.cookies, **language.cookies}
    for name in ("sessionid", "csrftoken", "django_language"):
        assert cookies[name]["secure"] is True, name
        assert cookies[name]["httponly"] is True, name


@pytest.mark.parametrize(("variable", "value"), [
    ("DEBUG", "maybe"),
    ("KINERJA_DEV", "sometimes"),
    ("SECURE_HSTS_SECONDS", "abc"),
    ("SECURE_SSL_REDIRECT", "perhaps"),
    ("DATABASE_URL", "nonsense://"),
    ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432"),
    ("DATABASE_URL", ""),
    ("SECRET_KEY", ""),
    ("ALLOWED_HOSTS", " , "),
    ("EMAIL_PORT", "smtp"),
    ("EMAIL_USE_TLS", "tls"),
    ("EMAIL_URL", "https://mail.example.go.id"),
    ("DEFAULT_FROM_EMAIL", "kinerja"),
])
def test_bad_value_stops_start_up_naming_the_variable(tmp_path, variable, value):
    result = run_python(["-c", "import django; django.setup()"], production_env(tmp_path, **{variable: value}))
    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert variable in error


def test_email_url_error_does_not_echo_the_password(tmp_path):
    env = production_env(tmp_path, EMAIL_URL="smtp+tls://kinerja:s3cret-Pa55@mail.example.go.id:not-a-port")
    result = run_python(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr
    assert "s3cret-Pa55" not in result.stderr


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://mail.example.go.id", ("mail.example.go.id", 25, "", "", False, False)),
    ("smtp+tls://kinerja%40example.go.id:p%40ss%3Aword@mail.example.go.id",
     ("mail.example.go.id", 587, "kinerja@example.go.id", "p@ss:word", True, False)),
    ("smtp+ssl://kinerja:rahasia@mail.example.go.id:2465",
     ("mail.example.go.id", 2465, "kinerja", "rahasia", False, True)),
])
def test_email_url_gives_host_port_credentials_and_tls(url, expected):
    assert email_url(url) == expected


def test_content_security_policy_on_the_login_page(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_content_security_policy_on_a_404(client, db):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == POLICY


def test_served_pages_have_no_inline_script_or_style(client, perencana_kukar):
    # The CSP forbids them; the downloadable HTML report (evaluation_standalone.html) is a file, not served.
    pages = [reverse("login")]
    client.force_login(perencana_kukar)
    pages += [reverse("home"), reverse("evaluation", args=["dinsos-kukar", 2019])]
    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)
    for page in pages:
        html = client.get(page).content.decode()
        assert not inline.search(html), (page, inline.search(html))


def test_whitenoise_serves_static_files_without_collectstatic(client, db):  # db: closing ends the request
    response = client.get("/static/web/kinerja.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response["Content-Security-Policy"] == POLICY
    body = b"".join(response.streaming_content)
    response.close()
    assert body == (ROOT / "kinerja" / "web" / "static" / "web" / "kinerja.css").read_bytes()


def load_gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("PORT", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = runpy.run_path(str(ROOT / "kinerja" / "gunicorn.conf.py"))
    return {name: value for name, value in config.items() if not name.startswith("_") and name != "os"}


def test_gunicorn_listens_on_localhost_with_at_most_four_workers_by_default(monkeypatch):
    config = load_gunicorn_config(monkeypatch)
    assert set(config) <= set(Config().settings)  # every name is a gunicorn setting, no typo
    assert config["bind"] == "127.0.0.1:8000"
    assert 1 <= config["workers"] <= 4
    assert config["accesslog"] == "-"


def test_gunicorn_port_and_workers_come_from_the_environment(monkeypatch):
    config = load_gunicorn_config(monkeypatch, PORT="9000", WEB_CONCURRENCY="6")
    assert (config["bind"], config["workers"]) == ("127.0.0.1:9000", 6)
    with pytest.raises(SystemExit, match="PORT"):
        load_gunicorn_config(monkeypatch, PORT="http")
