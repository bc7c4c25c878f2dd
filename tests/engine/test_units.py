"""Units are compared forgiving only case and spacing (RULES.md §2)."""

from decimal import Decimal

import pytest

from kinerja.engine import Measured, normalise_unit, same_unit


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("Orang", "orang"),
        ("  Orang   / Kali ", "orang/kali"),
        ("Orang/bulan", "orang/bulan"),
        ("Jenis  Layanan", "jenis layanan"),
        ("Orang\u00a0/\u00a0Kali", "orang/kali"),
        ("%", "%"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalise_unit(unit, expected):
    assert normalise_unit(unit) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Item", "item", True),
        ("Orang / Kali", "orang/kali", True),
        ("Orang/bulan", "Orang", False),
        ("Dokumen", "Laporan", False),
        ("KPM", "KK", False),
        (None, None, True),
        ("", None, True),
        (None, "Orang", False),
    ],
)
def test_same_unit(a, b, same):
    assert same_unit(a, b) is same
    assert same_unit(b, a) is same


def test_measured_keeps_decimal_and_unit():
    assert Measured(Decimal("12500"), "KPM") == Measured(Decimal("12500.0"), "KPM")


def test_measured_accepts_int_as_decimal():
    assert isinstance(Measured(5).value, Decimal)


@pytest.mark.parametrize(
    ("value", "error"), [(1.5, TypeError), ("5", TypeError), (True, TypeError), (Decimal("NaN"), ValueError)]
)
def test_measured_refuses_floats_and_non_numbers(value, error):
    with pytest.raises(error):
        Measured(value)
