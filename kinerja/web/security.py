"""Content-Security-Policy on every response (Django 5.2 has none built in), and form bodies Kinerja can read.

The policy allows only the site's own scripts, styles, images and fonts: no inline ``<script>``, no
``style="…"`` and no ``<style>`` in served pages. It is sent in development too, so a page that breaks it
shows at once. (The downloadable HTML report carries its own inline CSS: it is a file, not a served page.)
"""

from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
])


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # setdefault: a view that needs a narrower policy (e.g. a sandboxed download) can set its own.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class FormEncodingMiddleware:
    """A form body that is not what a browser sends from a page of Kinerja's answers 400, before any view reads it.

    Pages are UTF-8 and browsers send their forms in the page's encoding: other bytes in a urlencoded body would be
    read by Django as replacement characters and stored as such. A NUL character is never typed into a form, and
    PostgreSQL refuses it in a text column (a 503 after part of a request had run). Both are refused here, once,
    for every form."""

    FORM = "application/x-www-form-urlencoded"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not self.readable(request):
            raise BadRequest("form body not UTF-8, or holding NUL")
        return self.get_response(request)

    def readable(self, request) -> bool:
        if request.content_type == self.FORM and not _utf8_form(request.body):
            return False
        try:
            fields = request.POST
        except (UnicodeDecodeError, ValueError):
            return False
        return not any("\x00" in key or any("\x00" in value for value in fields.getlist(key)) for key in fields)


def _utf8_form(body: bytes) -> bool:
    try:
        for pair in body.split(b"&"):
            unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
