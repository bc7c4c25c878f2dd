"""Capaian of one indicator, of a category target, and of a ratio indicator (RULES.md §1, §7)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import (
    SAKIP_SCALES,
    Measured,
    OrdinalScale,
    Polarity,
    Reason,
    capaian,
    categorical_capaian,
    format_percent,
    ratio,
)

ENGINE = settings.get_profile("kinerja-engine")
POS, NEG = Polarity.POSITIVE, Polarity.NEGATIVE


def m(value, unit=None):
    return Measured(Decimal(value), unit)


@pytest.mark.golden
@pytest.mark.parametrize(
    ("target", "realisation", "exact", "printed"),
    [
        ("79", "92.45", "117.0253164556962025316455696", "117,03 %"),  # seed 003, Tabel 3.3: no cap
        ("1200", "1200", "100", "100,00 %"),  # REPORTS.md §A worked row, col 13 K
        ("6000", "3600", "60", "60,00 %"),  # col 15 K
        ("35000000", "8900000", "25.42857142857142857142857143", "25,43 %"),  # col 15 Rp
        ("50", "45", "90", "90,00 %"),  # seed 000, PMKS kegiatan 1
        ("21", "12", "57.14285714285714285714285714", "57,14 %"),  # seed 000, PMKS kegiatan 7
        ("150", "108", "72", "72,00 %"),  # seed 000, PMKS kegiatan 12
        ("50", "0", "0", "0,00 %"),  # a reported 0 is a value
    ],
)
def test_positive_capaian_from_the_seeds(target, realisation, exact, printed):
    result = capaian(m(target), m(realisation))
    assert result.value == Decimal(exact)
    assert result.unit == "%"
    assert format_percent(result.value) == printed


@pytest.mark.parametrize(
    ("target", "realisation", "expected"),
    [
        ("10", "8", "120"),  # fewer findings than targeted: above 100, not capped
        ("10", "10", "100"),
        ("10", "15", "50"),
        ("10", "20", "0"),
        ("10", "25", "0"),  # would be −50: shown as 0
        ("4", "0", "200"),
    ],
)
def test_negative_capaian(target, realisation, expected):
    assert capaian(m(target), m(realisation), NEG).value == Decimal(expected)


def test_polarity_may_be_given_as_its_string_value():
    assert capaian(m(10), m(8), "negative").value == Decimal(120)


@pytest.mark.parametrize(
    ("target", "realisation", "reason"),
    [
        (None, m(5), Reason.NO_TARGET),
        (None, None, Reason.NO_TARGET),
        (m(0), m(5), Reason.TARGET_ZERO),
        (m(0), None, Reason.TARGET_ZERO),
        (m(50), None, Reason.NOT_REPORTED),
        (m(26, "Orang"), m(312, "Orang/bulan"), Reason.UNIT_MISMATCH),
    ],
)
def test_undefined_capaian_says_why(target, realisation, reason):
    for polarity in Polarity:
        result = capaian(target, realisation, polarity)
        assert result.value is None
        assert result.reason is reason


def test_missing_realisation_differs_from_realisation_zero():
    assert capaian(m(50), None).reason is Reason.NOT_REPORTED
    assert capaian(m(50), m(0)).value == 0


def test_unit_mismatch_detail_names_both_units():
    detail = capaian(m(26, "Orang"), m(312, "Orang/bulan")).detail
    assert "'Orang'" in detail and "'Orang/bulan'" in detail


@pytest.mark.parametrize(
    ("target_unit", "realisation_unit"),
    [
        ("Orang / Kali", "orang/kali"),
        ("Item", "item"),
        (None, "Orang"),
        ("%", None),
        (None, None),
        ("", "KPM"),
    ],
)
def test_units_that_agree_or_are_unstated_are_compared(target_unit, realisation_unit):
    assert capaian(m(200, target_unit), m(200, realisation_unit)).value == 100


targets = st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2)
realisations = st.decimals(min_value=0, max_value=10**9, places=2)


@ENGINE
@given(target=targets, a=realisations, b=realisations)
def test_positive_capaian_grows_with_realisation(target, a, b):
    low, high = sorted((a, b))
    assert capaian(m(target), m(low)).value <= capaian(m(target), m(high)).value


@ENGINE
@given(target=targets, a=realisations, b=realisations)
def test_negative_capaian_falls_as_realisation_grows(target, a, b):
    low, high = sorted((a, b))
    assert capaian(m(target), m(low), NEG).value >= capaian(m(target), m(high), NEG).value


@ENGINE
@given(target=targets, realisation=realisations)
def test_negative_capaian_is_never_below_zero(target, realisation):
    assert capaian(m(target), m(realisation), NEG).value >= 0


@ENGINE
@given(target=targets)
def test_realisation_equal_to_target_is_100_either_way(target):
    for polarity in Polarity:
        assert capaian(m(target), m(target), polarity).value == 100


KELURAHAN = OrdinalScale(
    key="kategori-kelurahan-test",
    name="Kategori kelurahan (test data)",
    categories=("Kurang Berkembang", "Berkembang", "Cepat Berkembang"),
)
SAKIP_88 = SAKIP_SCALES["permenpanrb-88-2021"].ordinal()


@pytest.mark.parametrize(
    ("target", "realised", "scale", "expected"),
    [
        ("Cepat Berkembang", "Cepat Berkembang", KELURAHAN, "100"),  # seed 001, Kategori kelurahan
        ("Berkembang", "Cepat Berkembang", KELURAHAN, "100"),  # above target: 100, not more
        ("Cepat Berkembang", "Berkembang", KELURAHAN, "66.66666666666666666666666667"),
        ("Cepat Berkembang", "kurang  berkembang", KELURAHAN, "33.33333333333333333333333333"),
        ("BB", "B", SAKIP_88, "80"),  # B is rank 4, BB rank 5
        ("BB", "A", SAKIP_88, "100"),
        ("A", "bb", SAKIP_88, "83.33333333333333333333333333"),
    ],
)
def test_categorical_capaian(target, realised, scale, expected):
    result = categorical_capaian(target, realised, scale)
    assert result.value == Decimal(expected)
    assert result.unit == "%"


@pytest.mark.parametrize(
    ("target", "realised", "reason", "named"),
    [
        (None, "B", Reason.NO_TARGET, None),
        ("BB", None, Reason.NOT_REPORTED, None),
        ("BB", "76 (Baik)", Reason.NOT_ON_SCALE, "'76 (Baik)'"),
        ("Sangat Baik", "A", Reason.NOT_ON_SCALE, "'Sangat Baik'"),
    ],
)
def test_categorical_capaian_undefined(target, realised, reason, named):
    result = categorical_capaian(target, realised, SAKIP_88)
    assert result.reason is reason
    if named:
        assert named in result.detail
        assert SAKIP_88.name in result.detail


@pytest.mark.golden
@pytest.mark.parametrize(
    ("numerator", "denominator", "printed_by_seed", "computed"),
    [
        (28031, 28031, "100%", "100,00 %"),  # seed 000 §2.2, IKK 62
        (1244, 1244, "100%", "100,00 %"),  # IKK 63
        (21, 646, "1.46%", "3,25 %"),  # IKK 64: the seed's figure is a finding
        (46, 48, "95.83%", "95,83 %"),  # IKK 65
        (606, 28031, "2.16%", "2,16 %"),  # IKK 66
    ],
)
def test_ikk_ratios_of_seed_000(numerator, denominator, printed_by_seed, computed):
    result = ratio(Measured(Decimal(numerator), "unit"), Measured(Decimal(denominator), "orang"))
    assert format_percent(result.value) == computed
    assert result.unit == "%"


def test_ratio_keeps_full_precision():
    assert ratio(Decimal(21), Decimal(646)).value == Decimal("3.250773993808049535603715170")


def test_ratio_with_another_factor_has_no_percent_unit():
    assert ratio(Decimal(3), Decimal(2000), factor=Decimal(1000)) == ratio(Decimal(3), Decimal(2000), Decimal(1000))
    result = ratio(Decimal(3), Decimal(2000), factor=Decimal(1000), unit="per 1000 penduduk")
    assert (result.value, result.unit) == (Decimal("1.5"), "per 1000 penduduk")
    assert ratio(Decimal(3), Decimal(2000), factor=Decimal(1000)).unit is None


@pytest.mark.parametrize(
    ("numerator", "denominator", "reason"),
    [
        (Decimal(21), Decimal(0), Reason.DENOMINATOR_ZERO),
        (None, Decimal(646), Reason.NOT_REPORTED),
        (Decimal(21), None, Reason.NOT_REPORTED),
    ],
)
def test_ratio_undefined(numerator, denominator, reason):
    assert ratio(numerator, denominator).reason is reason


def test_ratio_of_zero_is_zero():
    assert ratio(Decimal(0), Decimal(646)).value == 0
