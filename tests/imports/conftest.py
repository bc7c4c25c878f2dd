"""Shared fixtures for the import tests: a fresh agency, the stored-data fingerprint, and imports run inline."""

import hashlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from kinerja.accounts.models import Membership, Role
from kinerja.imports import jobs
from kinerja.imports.services import apply, preview, read_file
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TABLES = (m.PlanElement, m.Indicator, m.Target, m.Budget, m.Realisation, m.BudgetRealisation, m.Revision, AuditEntry)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded import files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def inline_jobs(monkeypatch):
    """Run background imports at once, in the test's own transaction (a thread would not see its data)."""
    monkeypatch.setattr(jobs, "launch", jobs.run)


@pytest.fixture
def fresh(db):
    """An agency with units, a Permendagri 90 Renstra 2019–2024, a category scale, and no plan at all."""
    region = m.Region.objects.get(slug="kukar")
    agency = m.Agency.objects.create(region=region, slug="uji-impor", name="Dinas Uji Impor")
    for key, name in (("umum-kepegawaian", "Umum Kepegawaian"),
                      ("bidang-pemberdayaan-sosial", "Bidang Pemberdayaan sosial")):
        m.Unit.objects.create(agency=agency, key=key, name=name, kind="bidang")
    m.StrategicPlan.objects.create(agency=agency, key="renstra-2019-2024", name="Renstra Uji 2019-2024",
                                   first_year=2019, last_year=2024, code_scheme="permendagri-90")
    m.CategoryScale.objects.create(agency=agency, key="kategori-kelurahan", name="Kategori kelurahan",
                                   categories=["Kurang Berkembang", "Berkembang", "Cepat Berkembang"])
    return agency


def member(username: str, role: str, agency, unit_key: str | None = None):
    user = get_user_model().objects.create_user(username, password="rahasia-impor-2024")
    unit = agency.units.get(key=unit_key) if unit_key else None
    Membership.objects.create(user=user, role=role, agency=agency, unit=unit)
    return user


@pytest.fixture
def perencana(kukar):
    return member("perencana-impor", Role.PERENCANA, kukar)


@pytest.fixture
def operator_rehsos(kukar):
    return member("operator-impor-rehsos", Role.OPERATOR, kukar, "rehsos")


def stored(agency=None) -> dict[str, int]:
    """Row counts of every table an import writes: equal before and after means nothing was written."""
    return {model.__name__: model.objects.count() for model in TABLES}


def digest() -> str:
    """A digest of every row and field of every table an import writes: equal before and after means nothing was
    created, changed or deleted (row counts alone would miss an update in place)."""
    sha = hashlib.sha256()
    for model in TABLES:
        sha.update(model.__name__.encode())
        for row in model.objects.order_by("pk").values_list():
            sha.update(repr(row).encode())
    return sha.hexdigest()


def do_import(agency, data: bytes, name: str, year: int, *, kind=None, user=None, quarter=None, code_prefix="",
              mapping=None, header_end=None, confirm=True):
    """Preview, then (``confirm``) apply exactly that preview. Returns (reading, preview)."""
    reading = read_file(data, name, year=year, kind=kind, mapping=mapping, header_end=header_end)
    result = preview(agency, reading, user=user, quarter=quarter, code_prefix=code_prefix)
    if confirm and not result.errors and result.changes:
        apply(agency, reading, user=user, quarter=quarter, code_prefix=code_prefix, fingerprint=result.fingerprint())
    return reading, result


def messages(result) -> list[str]:
    return [p.text() for p in result.problems]
