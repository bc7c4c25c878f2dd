"""Any value inside a column's limits reads back identical, on SQLite as on PostgreSQL."""

from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.plan import models as m
from kinerja.reports.data import value_rows

AMOUNT = m.BudgetRealisation._meta.get_field("amount")
VALUE = m.Realisation._meta.get_field("value")

AT_THE_LIMITS = [
    "999999999999999999.99",  # the largest Rupiah the column holds
    "999999999999999.99",
    "12345678901234.56",  # read back as …,60 when SQLite kept it as a float
    "100000000000000000.01",
    "0.01",
    "0",
]


def _budget_realisation(kukar) -> m.BudgetRealisation:
    return m.BudgetRealisation.objects.filter(element__strategic_plan__agency=kukar).first()


def _reread(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("text", AT_THE_LIMITS)
def test_rupiah_at_the_limits_reads_back_identical(kukar, text):
    row = _budget_realisation(kukar)
    row.amount = Decimal(text)
    row.save()
    assert _reread(row).amount == Decimal(text)
    assert str(_reread(row).amount) == str(Decimal(text).quantize(Decimal("0.01")))
    [(read,)] = value_rows(m.BudgetRealisation.objects.filter(pk=row.pk), "amount")
    assert read == Decimal(text)


@pytest.mark.django_db
@given(st.decimals(min_value=0, max_value=AMOUNT.bounds.largest, places=2, allow_nan=False, allow_infinity=False))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_rupiah_inside_the_column_reads_back_identical(kukar, amount):
    row = _budget_realisation(kukar)
    row.amount = amount
    row.save()
    assert _reread(row).amount == amount
    [(read,)] = value_rows(m.BudgetRealisation.objects.filter(pk=row.pk), "amount")
    assert read == amount


@pytest.mark.django_db
@given(st.decimals(min_value=-VALUE.bounds.largest, max_value=VALUE.bounds.largest, places=6, allow_nan=False,
                   allow_infinity=False))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_indicator_value_inside_the_column_reads_back_identical(kukar, value):
    row = m.Realisation.objects.filter(indicator__element__strategic_plan__agency=kukar).first()
    row.value = value
    row.save()
    assert _reread(row).value == value
    [(read,)] = value_rows(m.Realisation.objects.filter(pk=row.pk), "value")
    assert read == value


@pytest.mark.django_db
def test_sqlite_keeps_the_digits_as_text(kukar):
    row = _budget_realisation(kukar)
    row.amount = Decimal("12345678901234.56")
    row.save()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT amount FROM {m.BudgetRealisation._meta.db_table} WHERE id = %s", [row.pk])
        [(stored,)] = cursor.fetchall()
    expected = "12345678901234.56" if connection.vendor == "sqlite" else Decimal("12345678901234.56")
    assert stored == expected
