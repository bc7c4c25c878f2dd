"""Fixtures shared by the suite: the demo data is loaded once per session into the test database."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from kinerja.accounts.models import Membership, Role
from kinerja.demo.loader import load_demo
from kinerja.plan.models import Agency


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def kukar(db):
    return Agency.objects.get(slug="dinsos-kukar")


@pytest.fixture
def tarakan(db):
    return Agency.objects.get(slug="dinsospm-tarakan")


@pytest.fixture
def perencana_kukar(kukar):
    user = get_user_model().objects.create_user("perencana-kukar", password="rahasia-kukar-2019")
    Membership.objects.create(user=user, role=Role.PERENCANA, agency=kukar)
    return user


@pytest.fixture
def perencana_tarakan(tarakan):
    user = get_user_model().objects.create_user("perencana-tarakan", password="rahasia-tarakan-2022")
    Membership.objects.create(user=user, role=Role.PERENCANA, agency=tarakan)
    return user


# What the inner loop (./dev/check, -m "not slow") leaves to the full gate: servers in subprocesses, LibreOffice,
# browsers, the URL-conf-wide fuzz and GET sweeps, long property runs. Marked here, in one place, by path.
SLOW_PATHS = (
    "tests/browser/", "tests/deploy/", "tests/documents/", "tests/faults/", "tests/hostile/",
    "tests/reports/test_docx_pdf.py", "tests/realisation/test_concurrent_first_entry.py", "tests/test_backup.py",
    "tests/verify/test_properties_own.py", "tests/web/test_get_writes_nothing.py",
)


def pytest_collection_modifyitems(config, items):
    root = config.rootpath
    for item in items:
        path = item.path.relative_to(root).as_posix()
        if path.startswith(SLOW_PATHS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request with Accept-Language en leaves the thread's
    translation in English (LocaleMiddleware activates it and nothing resets it between test requests)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
