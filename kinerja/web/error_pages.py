"""The 403, 404 and 500 pages (``handler403``, ``handler404``, ``handler500``): what happened in plain words, in the
page's language, and a way back.

A logged-in user gets the site's layout with its menu (``web/base.html``); anyone else, and every 500, the
standalone layout (``web/error_standalone.html``), which reads neither the session nor the database: a 500 may come
from a database that is down.

The reason a view gives (``PermissionDenied("…")``, ``Http404("…")``) is shown only when it is one of the site's own
messages, in the page's language (an Indonesian message of the catalogue, translated; or a message already in the
page's language); anything else — Django's English "No … matches the given query", a resolver's details, a
developer's text — is replaced by the page's own explanation.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext, trans_real

from kinerja.accounts.permissions import Capability, can

logger = logging.getLogger("kinerja.web")

STANDALONE = "web/error_standalone.html"
LAYOUT = "web/base.html"


def _known_user(request: HttpRequest):
    """The user if the request already knows it (loaded by the view or a middleware), else ``None``: an error page
    never starts a database query of its own to find out who is asking."""
    user = getattr(request, "_cached_user", None)
    return user if user is not None and user.is_authenticated else None


def site_message(exception: BaseException | None) -> str:
    """The exception's message when it is one of the site's own, in the page's language; else ""."""
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    message = exception.args[0].strip()
    if not message:
        return ""
    translated = gettext(message)
    if translated != message:
        return translated
    catalog = trans_real.translation("en")._catalog
    if get_language() == "en":  # already translated when it was raised, else Indonesian: not shown
        return message if any(message == text for _source, text in catalog.items() if isinstance(text, str)) else ""
    return message if message in catalog else ""


def _agency_link(request: HttpRequest, user) -> tuple[str, str] | None:
    """The page of the agency the URL named, when the user may read it: its dashboard of the latest Renja year."""
    from kinerja.plan.models import Agency, Revision

    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("agency") if match else None
    if not slug or not isinstance(slug, str) or user is None:
        return None
    agency = Agency.objects.visible_to(user).filter(slug=slug).first()
    if agency is None or not can(user, Capability.READ_AGENCY, agency):
        return None
    year = (Revision.objects.filter(agency=agency, document=Revision.Document.RENJA, year__isnull=False)
            .order_by("-year").values_list("year", flat=True).first())
    if year is None:
        return None
    try:
        return reverse("dashboard", args=[agency.slug, year]), agency.name
    except NoReverseMatch:
        return None


def _render(request: HttpRequest, template: str, status: int, exception: BaseException | None) -> HttpResponse:
    user = _known_user(request)
    context = {
        "layout": LAYOUT if user is not None else STANDALONE,
        "message": site_message(exception),
        "logged_in": user is not None,
        "agency_link": _agency_link(request, user) if status == 403 else None,
        "path": request.path,
    }
    return HttpResponse(loader.render_to_string(template, context, request), status=status)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _render(request, "web/403.html", 403, exception)


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _render(request, "web/404.html", 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: no context processor, no session, no database — only the active language."""
    try:
        return HttpResponseServerError(loader.get_template("web/500.html").render({"layout": STANDALONE}))
    except Exception:  # the page itself failed: say it plainly rather than fail twice
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError("500", content_type="text/plain; charset=utf-8")

