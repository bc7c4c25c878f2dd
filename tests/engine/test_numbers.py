"""Reading numbers as people write them and printing them Indonesian style (RULES.md §9)."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import (
    NumberFormatError,
    NumberKind,
    format_count,
    format_number,
    format_percent,
    format_rupiah,
    read_number,
)

ENGINE = settings.get_profile("kinerja-engine")
COUNT, RUPIAH, PERCENT = NumberKind.COUNT, NumberKind.RUPIAH, NumberKind.PERCENT
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit", "decimals"),
    [
        # RULES.md §9, the notations the seeds mix
        ("1.234.567,89", COUNT, "1234567.89", None, 2),
        ("1,234,567.89", COUNT, "1234567.89", None, 2),
        ("500.000.000", RUPIAH, "500000000", None, 0),
        ("98,44 %", PERCENT, "98.44", "%", 2),
        ("2.16%", PERCENT, "2.16", "%", 2),
        ("12.500 KPM", COUNT, "12500", "KPM", 0),
        ("312 Orang/bulan", COUNT, "312", "Orang/bulan", 0),
        # seed 001
        ("200 Orang / Kali", COUNT, "200", "Orang / Kali", 0),
        ("100,00 %", PERCENT, "100.00", "%", 2),
        ("13,96 %", PERCENT, "13.96", "%", 2),
        ("Rp. 5.176.219.306,-", RUPIAH, "5176219306", None, 0),
        ("Rp.4.958.785.649,-", RUPIAH, "4958785649", None, 0),
        ("1.503", COUNT, "1503", None, 0),
        ("1.283", COUNT, "1283", None, 0),
        ("60.53", PERCENT, "60.53", None, 2),
        # seed 000 and the demo data
        ("13,083,687,000", RUPIAH, "13083687000", None, 0),
        ("21.3%", PERCENT, "21.3", "%", 1),
        ("57.48%", PERCENT, "57.48", "%", 2),
        ("20.00", COUNT, "20.00", None, 2),
        ("26 Orang", COUNT, "26", "Orang", 0),
        # the rules themselves
        ("1,234", COUNT, "1234", None, 0),
        ("1.503", RUPIAH, "1503", None, 0),
        ("21.3", PERCENT, "21.3", None, 1),
        ("98,44", PERCENT, "98.44", None, 2),
        ("0,5", PERCENT, "0.5", None, 1),
        ("1234.5", COUNT, "1234.5", None, 1),
        ("1.2345", COUNT, "1.2345", None, 4),
        ("1.234.567", PERCENT, "1234567", None, 0),
        ("1.234,567", PERCENT, "1234.567", None, 3),
        ("1,234.5", PERCENT, "1234.5", None, 1),
        ("0", COUNT, "0", None, 0),
        ("-5", COUNT, "-5", None, 0),
        ("-1.234,5", COUNT, "-1234.5", None, 1),
        ("\u22122,5 %", PERCENT, "-2.5", "%", 1),
        ("+5 %", PERCENT, "5", "%", 0),
        ("Rp 1.250.000", RUPIAH, "1250000", None, 0),
        ("rp1.250.000,50", RUPIAH, "1250000.50", None, 2),
        ("Rp. 100.000.-", RUPIAH, "100000", None, 0),
        ("5.000-", RUPIAH, "5000", None, 0),
        (f"{NBSP} 26{NBSP}Orang {NBSP}", COUNT, "26", "Orang", 0),
        (f"200  Orang{NBSP}/  Kali", COUNT, "200", "Orang / Kali", 0),
        ("50 Km2", COUNT, "50", "Km2", 0),
        ("2.16 %", PERCENT, "2.16", "%", 2),
    ],
)
def test_reads_the_notations_of_the_seeds(text, kind, value, unit, decimals):
    reading = read_number(text, kind)
    assert reading.value == Decimal(value)
    assert reading.unit == unit
    assert reading.decimals == decimals
    assert reading.text == text


def test_keeps_the_printed_precision_in_the_value():
    assert str(read_number("20.00").value) == "20.00"


def test_kind_may_be_given_as_its_string_value():
    assert read_number("98,44 %", "percent").value == Decimal("98.44")


@pytest.mark.parametrize(
    ("text", "kind", "reason_part"),
    [
        ("", COUNT, "empty"),
        (f"  {NBSP} ", COUNT, "empty"),
        ("-", COUNT, "dash"),
        ("Rp", RUPIAH, "no number"),
        ("Orang", COUNT, "no number"),
        ("belum ada data", COUNT, "no number"),
        (".5", COUNT, "no number"),
        ("\u0661\u0662", COUNT, "no number"),  # digits of another script
        ("- 5", COUNT, "no number"),
        ("390;320 Jenis/710 item", COUNT, "not a unit"),
        ("12/15", COUNT, "not a unit"),
        ("5 Dokumen 2 Laporan", COUNT, "another number"),
        ("20 0rang", COUNT, "not a unit"),  # seed 003 types a zero for the O of Orang
        ("12OO", COUNT, "separated from the number"),  # a mistyped 1200 is not 12 "OO"
        ("12.500KPM", COUNT, "separated from the number"),
        ("1.5277.858.386,00", RUPIAH, "three digits"),
        ("8.662.479.43,00", RUPIAH, "three digits"),  # seed 003, Tabel 3.12
        ("19,639,237,601,00", RUPIAH, "three digits"),  # seed 003, Tabel 3.12
        ("1234.567", COUNT, "three digits"),
        ("1,2,3", COUNT, "three digits"),
        ("0.500", COUNT, "cannot start with 0"),
        ("12..5", COUNT, "in a row"),
        ("12.", COUNT, "ends with a separator"),
        ("1.234,5,6", COUNT, "more than once"),
        ("1,234.567,89", COUNT, "more than once"),
        ("1.503", PERCENT, "ambiguous"),
        ("1,234 %", PERCENT, "ambiguous"),
    ],
)
def test_refuses_what_the_rules_do_not_settle(text, kind, reason_part):
    with pytest.raises(NumberFormatError) as caught:
        read_number(text, kind)
    assert reason_part in caught.value.reason
    assert caught.value.text == text
    assert str(caught.value) == f"{text!r}: {caught.value.reason}"


def test_percent_ambiguity_names_both_readings():
    with pytest.raises(NumberFormatError, match=r"'1\.250' may be 1250 or 1,25"):
        read_number("1.250", PERCENT)


def test_number_format_error_is_a_value_error():
    with pytest.raises(ValueError):
        read_number("abc")


@pytest.mark.parametrize(
    ("value", "places", "lang", "expected"),
    [
        (Decimal("1234567.89"), 2, "id", "1.234.567,89"),
        (Decimal("1234567.89"), 2, "en", "1,234,567.89"),
        (Decimal("1234567.891"), 2, "id", "1.234.567,89"),
        (Decimal("2.345"), 2, "id", "2,35"),  # half up, not half even
        (Decimal("2.335"), 2, "id", "2,34"),
        (Decimal("0.005"), 2, "id", "0,01"),
        (Decimal("999.995"), 2, "id", "1.000,00"),
        (Decimal("-1234.5"), 2, "id", "-1.234,50"),
        (Decimal("-0.001"), 2, "id", "0,00"),
        (Decimal("1000"), 0, "id", "1.000"),
        (Decimal("1E+3"), 0, "id", "1.000"),
        (Decimal("12"), 3, "en", "12.000"),
        (12, 0, "id", "12"),
        (None, 2, "id", "—"),
    ],
)
def test_format_number(value, places, lang, expected):
    assert format_number(value, places, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("117.0253164556962025316455696"), "id", "117,03 %"),  # seed 003: 92,45 against 79
        (Decimal("117.0253164556962025316455696"), "en", "117.03 %"),
        (Decimal("25.42857142857142857142857143"), "id", "25,43 %"),  # REPORTS.md §A worked row
        (Decimal("100"), "id", "100,00 %"),
        (None, "id", "—"),
    ],
)
def test_format_percent_prints_two_decimals(value, lang, expected):
    assert format_percent(value, lang=lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("13083687000"), "id", "13.083.687.000"),
        (Decimal("13083687000.00"), "id", "13.083.687.000"),
        (Decimal("13083687000"), "en", "13,083,687,000"),
        (Decimal("1234567.89"), "id", "1.234.567,89"),
        (Decimal("1234567.5"), "id", "1.234.567,50"),
        (Decimal("-4200000"), "id", "-4.200.000"),
        (None, "id", "—"),
    ],
)
def test_format_rupiah_drops_zero_cents(value, lang, expected):
    assert format_rupiah(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("1503"), "id", "1.503"),
        (Decimal("21.30"), "id", "21,3"),
        (Decimal("21.3"), "en", "21.3"),
        (Decimal("20.00"), "id", "20"),
        (Decimal("0.125"), "id", "0,125"),
        (None, "id", "—"),
    ],
)
def test_format_count_prints_the_decimals_it_needs(value, lang, expected):
    assert format_count(value, lang) == expected


def test_format_count_caps_computed_decimals_when_asked():
    assert format_count(Decimal(2) / Decimal(3), max_places=2) == "0,67"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: format_number(Decimal(1), lang="fr"), ValueError),
        (lambda: format_number(Decimal(1), places=-1), ValueError),
        (lambda: format_number(Decimal("NaN")), ValueError),
        (lambda: format_number(1.5), TypeError),
    ],
)
def test_format_refuses_bad_arguments(call, error):
    with pytest.raises(error):
        call()


money = st.decimals(min_value=-(10**13), max_value=10**13, places=2, allow_nan=False, allow_infinity=False)
whole = st.integers(min_value=-(10**15), max_value=10**15).map(Decimal)
langs = st.sampled_from(["id", "en"])


@ENGINE
@given(value=money, lang=langs)
def test_formatting_then_reading_gives_the_number_back(value, lang):
    assert read_number(format_number(value, 2, lang)).value == value


@ENGINE
@given(value=whole, lang=langs)
def test_whole_numbers_round_trip_through_their_thousands_groups(value, lang):
    assert read_number(format_number(value, 0, lang)).value == value


@ENGINE
@given(value=money)
def test_rupiah_round_trip(value):
    assert read_number(format_rupiah(value), RUPIAH).value == value


@ENGINE
@given(value=money, lang=langs)
def test_percent_round_trip_keeps_the_unit(value, lang):
    reading = read_number(format_percent(value, lang=lang), PERCENT)
    assert (reading.value, reading.unit, reading.decimals) == (value, "%", 2)


any_decimal = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False)


@ENGINE
@given(value=any_decimal, places=st.integers(0, 4))
def test_formatting_rounds_half_up(value, places):
    with localcontext(prec=60):
        expected = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    printed = format_number(value, places, "en").replace(",", "")
    assert Decimal(printed) == expected
