"""Content-Security-Policy on every response (Django 5.2 has none built in).

The policy allows only the site's own scripts, styles, images and fonts: no inline ``<script>``, no
``style="…"`` and no ``<style>`` in served pages. It is sent in development too, so a page that breaks it
shows at once. (The downloadable HTML report carries its own inline CSS: it is a file, not a served page.)
"""

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
