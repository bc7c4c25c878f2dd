"""The 403, 404, 500 and 503 pages with DEBUG off, in Indonesian and in English, logged in (the site's layout and
its menu) and anonymous (standalone): what happened in plain words, the site's own reason when there is one, and a
way back. No English "Forbidden"/"Not Found", no developer text; the 500 page renders without the request and
without the database."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import translation

from kinerja.web import error_pages

LOGGED_IN_MENU = 'action="/keluar/"'
FOREIGN = ("Forbidden", "Not Found", "Server Error", "Traceback", "matches the given query", ".py")
TEXT = {
    "id": {"403": "Anda tidak dapat membuka halaman ini", "404": "Halaman tidak ditemukan",
           "500": "Terjadi kesalahan di server", "503": "Permintaan tidak dapat diselesaikan",
           "home": "Kembali ke beranda", "role": "Peran Anda tidak mengizinkan tindakan ini",
           "agency": "Perangkat daerah tidak ditemukan", "login": "Masuk",
           "busy": "Basis data sedang tidak dapat dihubungi atau sibuk."},
    "en": {"403": "You cannot open this page", "404": "Page not found",
           "500": "Something went wrong on the server", "503": "The request could not be completed",
           "home": "Back to the home page", "role": "Your role does not allow this action",
           "agency": "Agency not found", "login": "Log in",
           "busy": "The database cannot be reached or is busy at the moment."},
}


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def client_for(lang: str, username: str | None = None) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=lang)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def page_of(response, status: int, lang: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page
    assert not [word for word in FOREIGN if word in page], page
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["id", "en"])
def test_403_logged_in_in_the_site_layout_with_the_reason_and_the_way_back(lang):
    page = page_of(client_for(lang, "operator.rehsos.kukar").get("/pd/dinsos-kukar/audit/"), 403, lang)
    assert LOGGED_IN_MENU in page and TEXT[lang]["403"] in page and TEXT[lang]["role"] in page
    assert f'<a href="/">{TEXT[lang]["home"]}</a>' in page
    assert "/masuk/" not in page  # already logged in


@pytest.mark.django_db
def test_403_links_back_to_the_agency_the_user_reads():
    page = page_of(client_for("id", "perencana.kukar").get("/pd/dinsos-kukar/audit/"), 403, "id")
    assert '<a href="/pd/dinsos-kukar/dasbor/2023/">Kembali ke halaman Dinas Sosial Kabupaten Kutai Kartanegara</a>' \
        in page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["id", "en"])
def test_403_anonymous_is_standalone_with_a_way_to_log_in(lang):
    request = RequestFactory().get("/pd/dinsos-kukar/audit/")
    request.user = AnonymousUser()
    with translation.override(lang):
        response = error_pages.permission_denied(request, PermissionDenied("Peran Anda tidak mengizinkan tindakan ini"))
    page = page_of(response, 403, lang)
    assert LOGGED_IN_MENU not in page and TEXT[lang]["403"] in page and TEXT[lang]["role"] in page
    assert '<a href="/masuk/?next=/pd/dinsos-kukar/audit/">' in page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["id", "en"])
def test_404_of_another_agency_logged_in_says_so_in_the_page_language(lang):
    page = page_of(client_for(lang, "perencana.kukar").get("/pd/dinsospm-tarakan/dasbor/2022/"), 404, lang)
    assert LOGGED_IN_MENU in page and TEXT[lang]["404"] in page and TEXT[lang]["agency"] in page
    assert f'<a href="/">{TEXT[lang]["home"]}</a>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["id", "en"])
def test_404_anonymous_is_standalone_with_home_and_log_in(lang):
    page = page_of(client_for(lang).get("/tidak-ada/"), 404, lang)
    assert LOGGED_IN_MENU not in page and TEXT[lang]["404"] in page
    assert f'<a href="/">{TEXT[lang]["home"]}</a>' in page
    assert f'<a href="/masuk/?next=/tidak-ada/">{TEXT[lang]["login"]}</a>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("message", ["No Indicator matches the given query.", "seed 000 §2.1 lines 251-352",
                                     "Belum ada Renja 2031 untuk dinsos-kukar"])
def test_a_reason_that_is_not_one_of_the_site_messages_is_not_shown(message):
    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    for lang in ("id", "en"):
        with translation.override(lang):
            page = page_of(error_pages.page_not_found(request, Http404(message)), 404, lang)
        assert message not in page and TEXT[lang]["404"] in page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_500_renders_without_the_request_and_without_the_database(lang):
    def refuse(*args, **kwargs):
        raise OperationalError("the database is down")

    with translation.override(lang), connection.execute_wrapper(refuse):
        response = error_pages.server_error(object())  # any use of the request would fail
    page = page_of(response, 500, lang)
    assert TEXT[lang]["500"] in page and f'<a href="/">{TEXT[lang]["home"]}</a>' in page
    assert LOGGED_IN_MENU not in page and "csrfmiddlewaretoken" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["id", "en"])
def test_500_through_the_handler_for_a_logged_in_user(monkeypatch, lang):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("kinerja.web.views.Worklist", broken)
    page = page_of(client_for(lang, "perencana.kukar").get("/"), 500, lang)
    assert TEXT[lang]["500"] in page and "a bug" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["id", "en"])
def test_503_when_the_database_is_busy_in_the_page_language(monkeypatch, lang):
    def busy(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("kinerja.web.views.Worklist", busy)
    page = page_of(client_for(lang, "perencana.kukar").get("/"), 503, lang)
    assert TEXT[lang]["503"] in page and TEXT[lang]["busy"] in page and TEXT[lang]["home"] in page
    assert "database is locked" not in page
