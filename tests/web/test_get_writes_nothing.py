"""GET and HEAD write nothing: every URL of the URL conf, fetched as every role and anonymously, leaves every table
as it was, and none answers 5xx.

The URLs come from the URL conf as in test_permission_matrix.py; their parameters are real objects of the user's
own agency (so the views get past their lookups), and an issued document and an import job of each kind exist so
that the pages about them are shown too.
"""

import hashlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kinerja.accounts.models import Membership
from kinerja.dataversion.models import AgencyDataVersion, StoredResult
from kinerja.imports.models import ImportJob
from kinerja.plan import models as m
from tests.web.test_permission_matrix import PATTERNS, PUBLIC, SAMPLE, SCOPES, USERS

ANONYMOUS = "anonim"
# Tables a GET may write, each for a reason outside the views: the session, where SessionTimeoutMiddleware stamps
# the last activity and Django's PasswordResetConfirmView moves the link's token out of the URL; the stored
# results, computed figures kept under their data version (a cache of what the page shows, not data). And the data
# versions themselves: triggers move them with every write to the tables they count, which are checked here.
UNCHECKED = {Session, StoredResult, AgencyDataVersion}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
IMPORT_STATUS = {"import-plan-job": "plan", "import-plan-status": "plan", "import-realisation-job": "realisation",
                 "import-realisation-status": "realisation"}


def digest() -> dict[str, str]:
    """Every table's rows, ordered by primary key, hashed: table name → SHA-256."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model not in UNCHECKED:
            rows = model._base_manager.order_by("pk").values_list()
            tables[model._meta.db_table] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return tables


class WriteLog:
    """Names the request behind a write: the digest says that the database changed, this says where."""

    def __init__(self):
        self.url, self.writes = "", []

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES) and not any(t._meta.db_table in sql for t in UNCHECKED):
            self.writes.append((self.url, sql[:120]))
        return execute(sql, params, many, context)


def home_of(username: str) -> tuple[m.Agency, str]:
    slug, unit = SCOPES["other-agency" if username.endswith(".tarakan") else "own-unit"]
    return m.Agency.objects.select_related("region").get(slug=slug), unit


def parameters(agency: m.Agency, unit: str, user) -> dict:
    """A value for every URL parameter of the URL conf but the year, in ``agency``."""
    indicator = m.Indicator.objects.filter(element__strategic_plan__agency=agency).order_by("pk").first()
    return {**SAMPLE, "agency": agency.slug, "region": agency.region.slug, "unit": unit,
            "indicator": indicator.pk, "element": indicator.element_id,
            "plan": indicator.element.strategic_plan_id, "realisation": with_evidence(agency, unit).pk,
            "membership": Membership.objects.filter(agency__region=agency.region).order_by("pk").first().pk,
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def with_evidence(agency: m.Agency, unit: str) -> m.Realisation:
    realisation = m.Realisation.objects.filter(indicator__element__strategic_plan__agency=agency).filter(
        Q(indicator__unit__key=unit) | Q(indicator__unit=None, indicator__element__unit__key=unit)).order_by("pk")[0]
    realisation.evidence_file = ContentFile(b"%PDF-1.4 bukti", name="bukti.pdf")
    realisation.save()
    return realisation


def years_of(agency: m.Agency) -> list[int]:
    """The years of the agency's Renja and Perjanjian Kinerja, where the year-scoped pages have something to show."""
    documents = [m.Revision.Document.RENJA, m.Revision.Document.PK]
    return sorted(set(m.Revision.objects.filter(agency=agency, document__in=documents).values_list("year", flat=True)))


def urls(agency: m.Agency, values: dict, jobs: dict[str, int]):
    for name, pattern in PATTERNS.items():
        converters = pattern.pattern.converters
        for year in years_of(agency) if "year" in converters else [None]:
            kwargs = {k: year if k == "year" else values[k] for k in converters}
            if name not in PUBLIC:  # scoped: the agency (or region) may come from an include's prefix
                kwargs.setdefault("region" if "region" in converters else "agency", values["agency"])
            url = reverse(name, kwargs=kwargs)
            yield f"{url}?id={jobs[IMPORT_STATUS[name]]}" if name in IMPORT_STATUS else url


def things_to_show(agency: m.Agency, user) -> dict[str, int]:
    """An issued LKjIP (number 1 of each year) and an import job of each kind of ``user``'s."""
    for year in years_of(agency):
        m.IssuedDocument.objects.create(agency=agency, kind="lkjip", year=year, number=1, issued_at=timezone.now(),
                                        content={"tables": [], "narratives": {}}, docx=b"", docx_sha256="0" * 64)
    return {kind: ImportJob.objects.create(agency=agency, user=user, kind=kind, year=2022, file="impor/x.csv",
                                           file_name="x.csv").pk for kind in ("plan", "realisation")}


@pytest.mark.parametrize("username", [*USERS, ANONYMOUS])
def test_get_and_head_write_nothing_and_never_fail(db, settings, tmp_path, username):
    settings.MEDIA_ROOT = tmp_path
    client, log = Client(raise_request_exception=False), WriteLog()
    user = get_user_model().objects.get(username="perencana.kukar" if username == ANONYMOUS else username)
    agency, unit = home_of(user.username)
    if username != ANONYMOUS:
        client.force_login(user)  # login writes last_login (and django-axes its log): before the digest
    values, jobs = parameters(agency, unit, user), things_to_show(agency, user)
    before, failures, fetched = digest(), [], 0
    with connection.execute_wrapper(log):
        for log.url in urls(agency, values, jobs):
            for method in (client.get, client.head):
                status = method(log.url).status_code
                if status >= 500:
                    failures.append((method.__name__, log.url, status))
            fetched += 1
    after = digest()
    assert log.writes == []
    assert sorted(t for t in after if after[t] != before[t]) == []
    assert failures == []
    assert fetched >= len(PATTERNS)
