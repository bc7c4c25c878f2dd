"""A database that cannot be written or reached gives a clear page, not a 500 with a traceback."""

import logging

from django.db import DatabaseError, IntegrityError
from django.shortcuts import render

logger = logging.getLogger("kinerja.database")

CAUSES = (
    (("readonly", "read-only", "read only"), "Basis data sedang hanya-baca: perubahan tidak dapat disimpan."),
    (("disk is full", "no space left", "could not extend file", "disk full"),
     "Ruang penyimpanan server penuh: perubahan tidak dapat disimpan."),
    (("could not connect", "connection", "server closed", "terminating connection", "timeout", "timed out",
      "database is locked"),
     "Basis data sedang tidak dapat dihubungi atau sibuk."),
)


def explain(exception: DatabaseError) -> str:
    text = str(exception).lower()
    for needles, message in CAUSES:
        if any(needle in text for needle in needles):
            return message
    return "Basis data menolak permintaan ini."


class DatabaseErrorMiddleware:
    """Turns an operational database failure into a 503 page that says what happened and that nothing changed
    (every write is one transaction, so a failed one leaves the data as it was)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or isinstance(exception, IntegrityError):
            return None
        logger.error("database error on %s %s: %s", request.method, request.path, exception)
        response = render(request, "web/database_error.html", {"message": explain(exception)}, status=503)
        response["Retry-After"] = "60"
        return response
