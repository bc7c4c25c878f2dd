"""Gunicorn settings for production: ``gunicorn -c kinerja/gunicorn.conf.py kinerja.wsgi``.

Gunicorn listens on localhost behind a TLS-terminating proxy (README, Deployment). ``PORT`` picks the port,
``WEB_CONCURRENCY`` the number of worker processes; options on gunicorn's command line (``--bind``, ``--workers``)
override this file.
"""

import os


def _whole_number(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or not minimum <= int(raw) <= maximum:
        raise SystemExit(f"{name}={raw!r} must be a whole number from {minimum} to {maximum}")
    return int(raw)


bind = f"127.0.0.1:{_whole_number('PORT', 8000, 1, 65535)}"
# Sync workers: each request is short and database-bound. 2 × cores + 1, capped at 4 to bound memory on a small VM.
workers = _whole_number("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 4), 1, 64)
# A Renja evaluation or an XLSX export of a large agency takes seconds, never a minute.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound; jitter keeps them from restarting together.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
