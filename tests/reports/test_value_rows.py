"""``value_rows`` reads the value tables as ``values_list`` does, on SQLite through the cursor: same rows, same
Decimals to the last place (a difference of exponent would show in every JSON and XLSX figure)."""

from decimal import Decimal

import pytest

from kinerja.plan import models as m
from kinerja.reports.data import value_rows

TABLES = [
    (m.Target, ("indicator_id", "revision_id", "kind", "year", "value", "category", "unit")),
    (m.Realisation, ("indicator_id", "year", "period", "value", "category", "unit", "numerator", "denominator")),
    (m.CarriedRealisation, ("indicator_id", "through_year", "value", "category", "unit")),
    (m.Budget, ("element_id", "revision_id", "kind", "year", "amount", "location", "note")),
    (m.BudgetRealisation, ("element_id", "year", "period", "amount")),
    (m.CarriedBudgetRealisation, ("element_id", "through_year", "amount")),
]


def _shown(rows):
    return sorted((tuple((type(v).__name__, str(v)) for v in row) for row in rows), key=repr)


@pytest.mark.parametrize(("model", "fields"), TABLES, ids=[t[0].__name__ for t in TABLES])
def test_the_rows_and_their_decimals_are_those_of_values_list(db, model, fields):
    queryset = model.objects.order_by("pk")
    expected = list(queryset.values_list(*fields))
    assert expected, f"the demo data holds no {model.__name__}"
    assert _shown(value_rows(queryset, *fields)) == _shown(expected)


def test_fractions_and_large_amounts_keep_their_places(db, kukar):
    realisation = m.Realisation.objects.filter(indicator__element__strategic_plan__agency=kukar).first()
    budget = m.BudgetRealisation.objects.filter(element__strategic_plan__agency=kukar).first()
    m.Realisation.objects.filter(pk=realisation.pk).update(value=Decimal("86.19"), numerator=Decimal("21"))
    m.BudgetRealisation.objects.filter(pk=budget.pk).update(amount=Decimal("49049882101.50"))
    (value, numerator), = value_rows(m.Realisation.objects.filter(pk=realisation.pk), "value", "numerator")
    (amount,), = value_rows(m.BudgetRealisation.objects.filter(pk=budget.pk), "amount")
    assert (str(value), str(amount)) == (str(m.Realisation.objects.get(pk=realisation.pk).value),
                                         str(m.BudgetRealisation.objects.get(pk=budget.pk).amount))
    assert value == Decimal("86.19") and amount == Decimal("49049882101.50")
