"""Magnitude words are read exactly or refused, and a value is checked against its column before it is stored."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.engine import Bounds, NumberFormatError, NumberKind, check_bounds, read_number
from kinerja.engine.numbers import significant_decimals

COUNT, RUPIAH, PERCENT = NumberKind.COUNT, NumberKind.RUPIAH, NumberKind.PERCENT


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("Rp 10 jt", RUPIAH, "10000000", None),
        ("10 jt", RUPIAH, "10000000", None),
        ("10 juta", RUPIAH, "10000000", None),
        ("Rp 2,5 miliar", RUPIAH, "2500000000", None),
        ("Rp 2,5 milyar", RUPIAH, "2500000000", None),
        ("2,5 M", RUPIAH, "2500000000", None),
        ("1,25 T", RUPIAH, "1250000000000", None),
        ("3 triliun", RUPIAH, "3000000000000", None),
        ("750 rb", RUPIAH, "750000", None),
        ("750 ribu", RUPIAH, "750000", None),
        ("Rp 1.500 jt", RUPIAH, "1500000000", None),
        ("Rp 1,234567 jt", RUPIAH, "1234567", None),
        ("1,5 juta jiwa", COUNT, "1500000", "jiwa"),
        ("12 rb KPM", COUNT, "12000", "KPM"),
        ("12 m", COUNT, "12", "m"),  # metres, not miliar
        ("Rp. 5.176.219.306,-", RUPIAH, "5176219306", None),
    ],
)
def test_magnitude_words_are_read_exactly(text, kind, value, unit):
    reading = read_number(text, kind)
    assert reading.value == Decimal(value)
    assert format(reading.value, "f") == value  # no exponent: the value prints as written
    assert reading.unit == unit


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("10 M", COUNT, "ambiguous_magnitude"),
        ("10 T", COUNT, "ambiguous_magnitude"),
        ("5 juta %", PERCENT, "magnitude_in_percent"),
        ("5 rb", PERCENT, "magnitude_in_percent"),
        ("Rp 10 kg", RUPIAH, "rupiah_unit"),
        ("10 jt orang", RUPIAH, "rupiah_unit"),
    ],
)
def test_what_a_magnitude_cannot_settle_is_refused(text, kind, key):
    with pytest.raises(NumberFormatError) as caught:
        read_number(text, kind)
    assert caught.value.key == key
    assert caught.value.reason_in("id") != caught.value.reason_in("en")


def test_reasons_are_given_in_indonesian_by_default():
    with pytest.raises(NumberFormatError) as caught:
        read_number("", COUNT)
    assert caught.value.reason_in() == "kosong: tidak ada angka"
    assert caught.value.reason == "empty: there is no number"


RUPIAH_COLUMN = Bounds.of_column(20, 2, negative=False)
VALUE_COLUMN = Bounds.of_column(24, 6)


@pytest.mark.parametrize(
    ("value", "bounds", "key"),
    [
        ("1234.567", RUPIAH_COLUMN, "rupiah_decimals"),
        ("1000000000000000000", RUPIAH_COLUMN, "too_large"),
        ("-1", RUPIAH_COLUMN, "negative"),
        ("1.0000001", VALUE_COLUMN, "too_many_decimals"),
        ("1" + "0" * 18, VALUE_COLUMN, "too_large"),
        ("9" * 30, VALUE_COLUMN, "too_large"),
    ],
)
def test_values_outside_the_column_are_refused(value, bounds, key):
    with pytest.raises(NumberFormatError) as caught:
        check_bounds(Decimal(value), bounds, RUPIAH)
    assert caught.value.key == key


@pytest.mark.parametrize("value", ["999999999999999999.99", "0.01", "0", "12.500", "1E+3"])
def test_values_inside_the_rupiah_column_pass(value):
    check_bounds(Decimal(value), RUPIAH_COLUMN, RUPIAH)


def test_the_largest_value_of_a_column():
    assert RUPIAH_COLUMN.largest == Decimal("999999999999999999.99")
    assert VALUE_COLUMN.largest == Decimal("999999999999999999.999999")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6,
                   min_value=-VALUE_COLUMN.largest, max_value=VALUE_COLUMN.largest))
def test_every_value_inside_the_value_column_passes(value):
    check_bounds(value, VALUE_COLUMN)
    assert significant_decimals(value) <= 6
