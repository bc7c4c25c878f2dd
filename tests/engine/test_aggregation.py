"""Aggregation over time: quarters → year → Renstra period (RULES.md §2)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import (
    Aggregation,
    Measured,
    Reason,
    aggregate,
    capaian,
    cumulative,
    format_percent,
    period_target,
    year_value,
)

ENGINE = settings.get_profile("kinerja-engine")
SUM, LAST, MAX, MIN = Aggregation.SUM, Aggregation.LAST, Aggregation.MAX, Aggregation.MIN


def m(value, unit=None):
    return Measured(Decimal(value), unit)


@pytest.mark.parametrize(
    ("values", "how", "expected", "unit"),
    [
        ([m(10, "Orang"), m(20, "Orang"), m(30, "orang"), m(40, "Orang")], SUM, "100", "Orang"),
        ([m(10, "Orang"), None, m(30, "Orang"), None], SUM, "40", "Orang"),
        ([m(0), None, None, None], SUM, "0", None),
        ([m("90.42", "%"), m("95.80", "%"), m("100", "%")], LAST, "100", "%"),
        ([m(90, "%"), m(95, "%"), None, None], LAST, "95", "%"),
        ([m(3), m(7), m(5)], MAX, "7", None),
        ([m(3), m(7), m(5)], MIN, "3", None),
        ([None, m(3, "Unit"), None, m(2, "unit")], MIN, "2", "unit"),
        ([m(688, "item"), m(593, "Item")], SUM, "1281", "item"),
        ([m("0.1"), m("0.2")], SUM, "0.3", None),  # exact, as floats are not
    ],
)
def test_aggregate(values, how, expected, unit):
    result = aggregate(values, how)
    assert (result.value, result.unit) == (Decimal(expected), unit)


def test_aggregation_may_be_given_as_its_string_value():
    assert aggregate([m(1), m(2)], "SUM").value == 3


@pytest.mark.parametrize("how", list(Aggregation))
@pytest.mark.parametrize("values", [[], [None], [None, None, None, None]], ids=["empty", "one", "four"])
def test_nothing_reported_is_not_zero(values, how):
    assert aggregate(values, how).reason is Reason.NOT_REPORTED


@pytest.mark.golden
def test_seed_001_orang_and_orang_per_month_are_not_added():
    # Penyediaan Gaji dan Tunjangan ASN: the seed prints 25 Orang + 26 Orang + 312 Orang/bulan = 363.
    result = aggregate([m(25, "Orang"), m(26, "Orang"), m(312, "Orang/bulan")], SUM)
    assert result.reason is Reason.UNIT_MISMATCH
    assert result.detail == "Orang, Orang/bulan"


@pytest.mark.golden
def test_seed_001_percentages_are_not_added_across_years():
    # Program Penunjang Urusan Pemerintahan Daerah: printed 90,42 % + 95,80 % + 100 % = 286,22.
    years = [m("90.42", "%"), m("95.80", "%"), m("100", "%")]
    assert aggregate(years, LAST).value == 100


@pytest.mark.parametrize("how", [SUM, MAX, MIN])
def test_sum_max_min_refuse_mixed_units(how):
    assert aggregate([m(1, "Orang"), m(2, "KPM")], how).reason is Reason.UNIT_MISMATCH
    assert aggregate([m(1, "Orang"), m(2)], how).reason is Reason.UNIT_MISMATCH


def test_last_looks_only_at_the_last_reported_value():
    result = aggregate([m(1, "Orang"), m(2, "KPM"), None], LAST)
    assert (result.value, result.unit) == (2, "KPM")


reported = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**12, places=2).map(m))


@ENGINE
@given(quarters=st.lists(reported, min_size=4, max_size=4))
def test_sum_of_quarters_equals_the_sum_of_the_reported_ones(quarters):
    given_values = [q.value for q in quarters if q is not None]
    result = year_value(quarters, SUM)
    if given_values:
        assert result.value == sum(given_values)
    else:
        assert result.reason is Reason.NOT_REPORTED


@ENGINE
@given(values=st.lists(reported, max_size=8))
def test_last_ignores_unreported_values(values):
    given_values = [v.value for v in values if v is not None]
    result = aggregate(values, LAST)
    assert result.value == (given_values[-1] if given_values else None)


@ENGINE
@given(values=st.lists(reported, max_size=8))
def test_min_last_max_are_ordered(values):
    if any(v is not None for v in values):
        low, last, high = (aggregate(values, how).value for how in (MIN, LAST, MAX))
        assert low <= last <= high


@pytest.mark.parametrize(
    ("quarters", "annual", "expected"),
    [
        ([m(1200), None, None, None], None, "1200"),
        ([m(300), m(300), m(300), m(300)], None, "1200"),
        ([None, None, None, None], m(1200), "1200"),  # a year reported as one total
        ([], m(1200), "1200"),
    ],
)
def test_year_value(quarters, annual, expected):
    assert year_value(quarters, SUM, annual).value == Decimal(expected)


def test_year_value_without_any_report_is_not_reported():
    assert year_value([None] * 4, SUM).reason is Reason.NOT_REPORTED


def test_year_value_refuses_quarters_and_an_annual_figure_together():
    with pytest.raises(ValueError, match="not both"):
        year_value([m(300), None, None, None], SUM, annual=m(1200))


def test_year_value_refuses_more_than_four_quarters():
    with pytest.raises(ValueError):
        year_value([m(1)] * 5, SUM)


@pytest.mark.golden
def test_worked_row_of_reports_a():
    # Seed 000, Penyediaan jasa surat menyurat: 5 = 6000 / 35.000.000; 6 = 2400 / 4.700.000;
    # 12 = 1200 / 4.200.000.
    k_year = year_value([m(1200, "surat"), None, None, None], SUM)
    rp_year = year_value([None] * 4, SUM, annual=m(4_200_000, "Rp"))
    k_total = cumulative([Measured(k_year.value, k_year.unit)], SUM, opening=m(2400, "surat"))
    rp_total = cumulative([Measured(rp_year.value, rp_year.unit)], SUM, opening=m(4_700_000, "Rp"))
    assert (k_total.value, rp_total.value) == (3600, 8_900_000)  # col 14
    assert format_percent(capaian(m(1200, "surat"), m(1200, "surat")).value) == "100,00 %"  # col 13
    assert format_percent(capaian(m(6000, "surat"), Measured(k_total.value, "surat")).value) == "60,00 %"
    assert format_percent(capaian(m(35_000_000, "Rp"), Measured(rp_total.value, "Rp")).value) == "25,43 %"


@pytest.mark.parametrize(
    ("yearly", "how", "opening", "expected"),
    [
        ([m(1200)], SUM, m(2400), "3600"),
        ([m(10), None, m(5)], SUM, None, "15"),
        ([m("90.42"), m("95.80")], LAST, m("21.3"), "95.80"),
        ([None, None], LAST, m("21.3"), "21.3"),  # nothing new since the opening level
        ([m(60), m(80)], MAX, m(70), "80"),
    ],
)
def test_cumulative_renstra_realisation(yearly, how, opening, expected):
    assert cumulative(yearly, how, opening).value == Decimal(expected)


def test_cumulative_without_any_report_is_not_reported():
    assert cumulative([None, None], SUM).reason is Reason.NOT_REPORTED


@pytest.mark.parametrize(
    ("targets", "how", "expected"),
    [
        ([m(1200), m(1200), m(1200), m(1200), m(1200)], SUM, "6000"),
        ([m(80), m(85), m(90), m(95), m(100)], LAST, "100"),
        ([m(80), m(85), None], LAST, "85"),
        ([m(10), m(4), m(7)], MAX, "10"),
        ([m(10), m(4), m(7)], MIN, "4"),
    ],
)
def test_period_target_from_yearly_targets(targets, how, expected):
    assert period_target(targets, how).value == Decimal(expected)


def test_period_target_without_yearly_targets_has_no_target():
    assert period_target([None, None], SUM).reason is Reason.NO_TARGET
    assert period_target([], LAST).reason is Reason.NO_TARGET


def test_period_target_refuses_mixed_units():
    assert period_target([m(1, "Orang"), m(2, "KK")], SUM).reason is Reason.UNIT_MISMATCH
