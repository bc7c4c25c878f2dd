"""The data version moves in the same transaction as every write, by every path, for the agency written and no other."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction

from kinerja.dataversion import triggers
from kinerja.dataversion.services import agency_version, agency_versions, database_token
from kinerja.plan import models as m
from kinerja.realisation.models import QuarterReport
from kinerja.realisation.services import ValueInput, save_quarter

# A model holds agency data when it points at the agency or its region, or at a model that holds agency data.
ROOTS = {m.Region, m.Agency}


def _agency_data_models() -> set:
    models_ = {mdl for mdl in apps.get_models() if not mdl._meta.proxy and mdl.__module__.startswith("kinerja.")}
    found = set(ROOTS)
    while True:
        more = {mdl for mdl in models_ - found
                if any(f.is_relation and f.related_model in found for f in mdl._meta.concrete_fields)}
        if not more:
            return found
        found |= more


def _owners(obj) -> set[int]:
    """The agencies a row belongs to, found through the ORM — independently of the triggers' SQL: the agency it
    names, else its region's agencies, else its first parent's owners."""
    if isinstance(obj, m.Agency):
        return {obj.pk}
    if isinstance(obj, m.Region):
        return set(obj.agencies.values_list("pk", flat=True))
    data = _agency_data_models()
    fields = [f for f in obj._meta.concrete_fields if f.is_relation and f.related_model in data]
    fields.sort(key=lambda f: (f.related_model is not m.Agency, f.related_model is not m.Region))
    for f in fields:
        parent = getattr(obj, f.name)
        if parent is not None:
            return _owners(parent)
    raise AssertionError(f"no agency path for {obj._meta.db_table}")


def _agency_of(table: str, row_id: int) -> set[int]:
    model = next(mdl for mdl in apps.get_models() if mdl._meta.db_table == table and not mdl._meta.proxy)
    return _owners(model.objects.get(pk=row_id))


@pytest.mark.django_db
def test_every_table_with_agency_data_is_tracked_or_said_not_to_be():
    tables = {mdl._meta.db_table for mdl in _agency_data_models()}
    assert tables - set(triggers.PATHS) - triggers.UNTRACKED == set()
    assert len(tables) > 30


@pytest.mark.django_db
def test_every_tracked_table_has_its_three_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'kinerja_dv_%%'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kinerja_dv_%'")
        installed = {row[0] for row in cursor.fetchall()}
    expected = {f"kinerja_dv_{t}_{e.lower()}" for t in triggers.PATHS for e in triggers.EVENTS}
    assert expected - installed == set()


def _make_missing_rows(kukar, tarakan):
    """Rows for the tables the demo data leaves empty, so each table's trigger is exercised."""
    m.MeasureUnitEquivalence.objects.create(agency=tarakan, unit="Jiwa uji", same_as="Jiwa")
    m.MeasureUnitEquivalence.objects.create(region=kukar.region, unit="Org uji", same_as="Orang")
    m.IssuedDocument.objects.create(agency=kukar, kind="lkjip", year=2023, number=1, issued_at=dt.datetime.now(dt.UTC),
                                    content={}, docx=b"", docx_sha256="0" * 64)
    QuarterReport.objects.create(agency=kukar, unit=kukar.units.first(), year=2021, quarter=1)


@pytest.mark.django_db
@pytest.mark.parametrize("table", sorted(triggers.PATHS))
def test_raw_sql_update_moves_exactly_the_rows_agencies(table, kukar, tarakan):
    _make_missing_rows(kukar, tarakan)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id) FROM {table}")  # noqa: S608 — table names from our own constant
        row_id = cursor.fetchone()[0]
    assert row_id is not None, f"{table} has no row to update"
    owners = _agency_of(table, row_id)
    everyone = list(m.Agency.objects.values_list("pk", flat=True))
    before = agency_versions(everyone)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET id = id WHERE id = %s", [row_id])  # noqa: S608
    after = agency_versions(everyone)
    moved = {a for a in everyone if after[a] != before[a]}
    assert moved == owners
    assert all(after[a] == before[a] + 1 for a in moved)  # once per statement (and per row on SQLite: one row)


@pytest.mark.django_db
def test_insert_and_delete_move_the_version(kukar, tarakan):
    before = agency_versions([kukar.pk, tarakan.pk])
    indicator = m.Indicator.objects.filter(element__strategic_plan__agency=tarakan).first()
    realisation = m.Realisation.objects.create(indicator=indicator, year=2099, period=1, value=Decimal(5))
    middle = agency_versions([kukar.pk, tarakan.pk])
    realisation.delete()
    after = agency_versions([kukar.pk, tarakan.pk])
    assert (middle[tarakan.pk], after[tarakan.pk]) == (before[tarakan.pk] + 1, before[tarakan.pk] + 2)
    assert after[kukar.pk] == before[kukar.pk]


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_the_version(kukar):
    before = agency_version(kukar.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        m.Unit.objects.filter(agency=kukar).update(name=models.F("name"))
        assert agency_version(kukar.pk) > before  # seen inside the writing transaction
        raise RuntimeError
    assert agency_version(kukar.pk) == before


@pytest.mark.django_db
def test_the_entry_service_moves_the_version(kukar):
    operator = get_user_model().objects.get(username="operator.rehsos.kukar")
    unit = kukar.units.get(key="rehsos")
    indicator = m.Indicator.objects.filter(unit=unit, targets__year=2021).first()
    before = agency_version(kukar.pk)
    save_quarter(operator, kukar, unit, 2021, 1, [ValueInput(indicator_id=indicator.pk, value="7")], [])
    assert agency_version(kukar.pk) > before


@pytest.mark.django_db
def test_versions_of_agencies_never_written_are_zero(kukar):
    assert agency_versions([kukar.pk, 10**9]) == {kukar.pk: agency_version(kukar.pk), 10**9: 0}
    assert agency_version(kukar.pk) > 0  # the demo load wrote it


@pytest.mark.django_db
def test_the_database_token_is_made_once():
    token = database_token()
    assert len(token) == 32 and database_token() == token


@pytest.mark.django_db
def test_the_generators_bulk_copy_moves_each_agency_and_a_second_write_moves_it_again():
    from kinerja.bench.generate import GenerateOptions, generate

    generate(GenerateOptions(agencies=2, first_year=2021, last_year=2022, seed=3, prefix="dv"))
    agencies = list(m.Agency.objects.filter(region__slug="dv-01").values_list("pk", flat=True))
    versions = agency_versions(agencies)
    assert len(agencies) == 2 and all(v > 0 for v in versions.values())
    m.Realisation.objects.filter(indicator__element__strategic_plan__agency=agencies[0]).update(note="x")
    after = agency_versions(agencies)
    assert after[agencies[0]] > versions[agencies[0]] and after[agencies[1]] == versions[agencies[1]]
