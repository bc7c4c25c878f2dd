"""Kinerja's one settings module: every value comes from the environment, loud on bad values.

SQLite in ``var/`` is the development default; ``DATABASE_URL`` selects PostgreSQL or another SQLite file
and is required in production (``DEBUG`` and ``KINERJA_DEV`` unset), as are ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("KINERJA_DATA_DIR", PROJECT_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use one of {sorted(_TRUE | _FALSE - {''})}")


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def integer(name: str, raw: str, maximum: int | None = None) -> int:
    """``raw``, the value of the variable ``name`` (read at the call site with ``os.environ.get``), as an int >= 0."""
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if value < 0 or (maximum is not None and value > maximum):
        bound = f" up to {maximum}" if maximum is not None else ""
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number from 0{bound}")
    return value


# EMAIL_URL scheme -> default port, STARTTLS, implicit TLS
_EMAIL_SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtp+ssl": (465, False, True)}


def email_url(url: str) -> tuple[str, int, str, str, bool, bool]:
    """Host, port, user, password, use TLS, use SSL from ``smtp+tls://user:password@host:587``."""
    # The value holds a password: errors name the variable and the expected form, never the value.
    expected = f"EMAIL_URL must look like smtp+tls://user:password@host:587 (schemes: {', '.join(_EMAIL_SCHEMES)})"
    parts = urlsplit(url)
    if parts.scheme not in _EMAIL_SCHEMES or not parts.hostname:
        raise ImproperlyConfigured(expected)
    default_port, use_tls, use_ssl = _EMAIL_SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured(f"{expected}: its port is not a port number") from None
    return parts.hostname, port, unquote(parts.username or ""), unquote(parts.password or ""), use_tls, use_ssl


DEBUG = envbool("DEBUG", False)
# Production is DEBUG and KINERJA_DEV unset: then the key, the hosts and the database must come from the environment.
DEVELOPMENT = DEBUG or envbool("KINERJA_DEV", False)

# A development key is tolerated only where nothing is served to others: DEBUG or the test suite.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEVELOPMENT:
        SECRET_KEY = "kinerja-development-only-not-secret"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set (or DEBUG=1 / KINERJA_DEV=1 for development)")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEVELOPMENT else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production: the comma-separated host names served")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "kinerja.plan",
    "kinerja.accounts",
    "kinerja.realisation",
    "kinerja.reports",
    "kinerja.web",
    "kinerja.imports",
    "kinerja.spm",
    "kinerja.strategy",
    "kinerja.dataversion",
    # Background tasks (imports): the backport of Django 6's django.tasks and its database backend (TASKS below).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost, so that redirects and static files carry the policy too.
    "kinerja.web.security.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An evaluation page is 90 KB to 1 MB of HTML: compressed 10–20× for agencies on slow links (WhiteNoise above
    # serves static files precompressed itself). Django's GZip pads the body against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale, so that the 400 page is in the reader's language; before anything reads the form.
    "kinerja.web.security.FormEncodingMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: the idle timeout uses them to say why the user is back at the login.
    "kinerja.accounts.middleware.SessionTimeoutMiddleware",
    "kinerja.accounts.middleware.OTPRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kinerja.web.errors.DatabaseErrorMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("DATABASE_URL must be set in production: postgres://user@host:5432/name")
    DATABASE_URL = f"sqlite:///{DATA_DIR / 'kinerja.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Kinerja understands: {exc}") from exc
if not DATABASES["default"]["NAME"]:
    raise ImproperlyConfigured("DATABASE_URL names no database: postgres://user@host:5432/name")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # sqlite:////path/file.sqlite3?mode=ro opens a read-only copy (e.g. an auditor's snapshot of a backup).
    sqlite_mode = DATABASES["default"].get("OPTIONS", {}).get("mode")
    if sqlite_mode in ("ro", "rw", "rwc"):
        DATABASES["default"]["NAME"] = f"file:{DATABASES['default']['NAME']}?mode={sqlite_mode}"
    # WAL lets readers work while one writer saves; IMMEDIATE takes the write lock at BEGIN so that
    # two concurrent saves queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login lockout (django-axes, kinerja/accounts/lockout.py): 5 failed logins lock that username (from any
# address) and, counted separately, that client address (for any username) until 15 minutes have passed
# without a further attempt; a successful login clears the failures recorded against its username.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # two separate criteria, not their combination
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "kinerja.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "kinerja.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "kinerja.accounts.lockout.client_ip"
# How many reverse proxies in front of Kinerja append to X-Forwarded-For. 0: the header is ignored and the
# address is REMOTE_ADDR. Behind the nginx of the README's Deployment section set 1, or every client would share
# the proxy's address (and one another's lockout).
TRUSTED_PROXY_COUNT = integer("TRUSTED_PROXY_COUNT", os.environ.get("TRUSTED_PROXY_COUNT", "0"), maximum=10)

# Optional second factor (TOTP, django-otp) for admin pemda and kepala dinas, kinerja/web/account.py.
OTP_TOTP_ISSUER = "Kinerja"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Makassar")


def percent_range(raw: str) -> tuple[int, int]:
    """``KINERJA_PERCENT_RANGE`` such as ``0-100``: a percentage entered outside it is saved with a warning."""
    low, sep, high = raw.partition("-")
    if not (sep and low.strip().isdigit() and high.strip().isdigit() and int(low) <= int(high)):
        raise ImproperlyConfigured(f"KINERJA_PERCENT_RANGE must be LOW-HIGH in whole percent, e.g. 0-100; got {raw!r}")
    return int(low), int(high)


PLAUSIBLE_PERCENT_RANGE = percent_range(os.environ.get("KINERJA_PERCENT_RANGE", "0-100"))
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Evidence files are served only through a view that checks the reader's role, never under a public URL.
MEDIA_ROOT = DATA_DIR / "media"
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Files imported through the web app or `kinerja import` are refused above this size, before they are read.
IMPORT_MAX_BYTES = integer("IMPORT_MAX_BYTES", os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background tasks (imports run by `kinerja worker`, docs/import.md). KINERJA_TASKS_BACKEND: `database` (default: the
# queue is a table of the configured database, nothing else to run but the worker), `immediate` (run at once in the
# process that enqueues: tests, or a site without a worker), or the dotted path of another django.tasks backend.
# No Redis-backed backend exists yet for the django-tasks backport; when one does, its path goes here.
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend",
                  "immediate": "django_tasks.backends.immediate.ImmediateBackend"}
_TASKS_BACKEND = os.environ.get("KINERJA_TASKS_BACKEND", "database").strip()
if _TASKS_BACKEND not in _TASK_BACKENDS and "." not in _TASKS_BACKEND:
    raise ImproperlyConfigured(f"KINERJA_TASKS_BACKEND={_TASKS_BACKEND!r}: use database, immediate or a dotted path "
                               "of a django.tasks backend")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_TASKS_BACKEND, _TASKS_BACKEND)}}
if DEVELOPMENT:
    # No collectstatic in development and tests: WhiteNoise serves the apps' static files as they are.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
else:
    # Hashed, compressed copies made by collectstatic, which WhiteNoise serves with far-future caching.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Email: EMAIL_URL in one variable, or the EMAIL_HOST… variables; none of them in development prints mail to
# the console. EMAIL_URL's password is never echoed in an error.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    if os.environ.get("EMAIL_HOST"):
        raise ImproperlyConfigured("EMAIL_URL and EMAIL_HOST are both set: use one or the other")
    EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL = email_url(EMAIL_URL)
else:
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = integer("EMAIL_PORT", os.environ.get("EMAIL_PORT", "25"), maximum=65535)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
    if DEVELOPMENT and not os.environ.get("EMAIL_HOST"):
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = 10  # seconds: a hung mail server must not hold a web worker
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
if "@" not in parseaddr(DEFAULT_FROM_EMAIL)[1]:
    raise ImproperlyConfigured(f"DEFAULT_FROM_EMAIL={DEFAULT_FROM_EMAIL!r} is not an address: kinerja@example.go.id")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A session ends 8 hours after login, after 1 hour without a request, and when the browser closes
# (kinerja/accounts/middleware.py enforces the first two).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_IDLE_TIMEOUT = 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEVELOPMENT:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = integer("SECURE_HSTS_SECONDS", os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
