"""Plan codes in the Permendagri 90 and pre-2020 schemes (RULES.md §10)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import CodeFormatError, CodeLevel, CodeScheme, parse_code

ENGINE = settings.get_profile("kinerja-engine")
P90, PRE = CodeScheme.PERMENDAGRI_90, CodeScheme.PRE_2020
U, B, P, K, S = (
    CodeLevel.URUSAN,
    CodeLevel.BIDANG,
    CodeLevel.PROGRAM,
    CodeLevel.KEGIATAN,
    CodeLevel.SUBKEGIATAN,
)


@pytest.mark.parametrize(
    ("text", "scheme", "level", "normalised", "parts"),
    [
        # Permendagri 90 (seed 001)
        ("1", P90, U, "1", ("1",)),
        ("1.06", P90, B, "1.06", ("1", "06")),
        ("1.06.04", P90, P, "1.06.04", ("1", "06", "04")),
        ("1.06.04.2.01", P90, K, "1.06.04.2.01", ("1", "06", "04", "2.01")),
        ("1.06.04.2.01.0001", P90, S, "1.06.04.2.01.0001", ("1", "06", "04", "2.01", "0001")),
        ("1.06.04.2.01.01", P90, S, "1.06.04.2.01.0001", ("1", "06", "04", "2.01", "0001")),
        ("1.06.04.2.01.12", P90, S, "1.06.04.2.01.0012", ("1", "06", "04", "2.01", "0012")),
        ("2.13.05.2.01.03", P90, S, "2.13.05.2.01.0003", ("2", "13", "05", "2.01", "0003")),
        ("  1.06.01.2.02.01. ", P90, S, "1.06.01.2.02.0001", ("1", "06", "01", "2.02", "0001")),
        ("1.06.04.", P90, P, "1.06.04", ("1", "06", "04")),
        # pre-2020 (seed 000)
        ("1.6.27", PRE, P, "0106.27", ("01", "06", "27")),
        ("1.6.27.", PRE, P, "0106.27", ("01", "06", "27")),
        ("0106.27", PRE, P, "0106.27", ("01", "06", "27")),
        ("0.1", PRE, P, "0000.01", ("00", "00", "01")),
        ("0.2.", PRE, P, "0000.02", ("00", "00", "02")),
        ("0000.06", PRE, P, "0000.06", ("00", "00", "06")),
        ("0106.27.001", PRE, K, "0106.27.001", ("01", "06", "27", "001")),
        ("0000.01.001", PRE, K, "0000.01.001", ("00", "00", "01", "001")),
        ("1.6", PRE, B, "0106", ("01", "06")),
        ("0106", PRE, B, "0106", ("01", "06")),
    ],
)
def test_parse_code_detects_the_scheme_and_normalises(text, scheme, level, normalised, parts):
    code = parse_code(text)
    assert (code.scheme, code.level, code.text, code.parts) == (scheme, level, normalised, parts)
    assert str(code) == normalised


@pytest.mark.golden
def test_two_printed_forms_of_one_pre_2020_program_are_one_code():
    # Seed 000 prints the same program as 0.6. (plan table) and 0000.06 (problem table), 1.6.27 and 0106.27.
    assert parse_code("0.6.") == parse_code("0000.06")
    assert parse_code("1.6.27") == parse_code("0106.27")
    assert parse_code("0106.27.001").parent() == parse_code("1.6.27")


@pytest.mark.golden
def test_two_and_four_digit_sub_kegiatan_are_one_code():
    assert parse_code("1.06.04.2.01.01") == parse_code("1.06.04.2.01.0001")


@pytest.mark.parametrize(
    ("text", "scheme", "normalised"),
    [
        ("1.6.4", P90, "1.06.04"),
        ("1.6", P90, "1.06"),
        ("1.06.4.2.01", P90, "1.06.04.2.01"),
        ("1.06.04", P90, "1.06.04"),
        ("1.6.27", PRE, "0106.27"),
        ("1", PRE, "01"),
    ],
)
def test_an_explicit_scheme_is_obeyed(text, scheme, normalised):
    code = parse_code(text, scheme)
    assert (code.scheme, code.text) == (scheme, normalised)


def test_parent_walks_up_to_the_urusan():
    chain = []
    code = parse_code("1.06.04.2.01.0001")
    while code is not None:
        chain.append((code.level, code.text))
        code = code.parent()
    assert chain == [
        (S, "1.06.04.2.01.0001"),
        (K, "1.06.04.2.01"),
        (P, "1.06.04"),
        (B, "1.06"),
        (U, "1"),
    ]


def test_pre_2020_parent_chain():
    code = parse_code("0106.27.001")
    assert [c.text for c in (code.parent(), code.parent().parent(), code.parent().parent().parent())] == [
        "0106.27",
        "0106",
        "01",
    ]
    assert code.parent().parent().parent().parent() is None


@pytest.mark.parametrize(
    ("text", "scheme", "reason_part"),
    [
        ("2.013.04", None, "bidang is two digits"),  # seed 001 prints this for 2.13.04
        ("1.06.4.2", None, "kegiatan has two parts"),
        ("1.06.4", None, "program is two digits"),  # not padded without an explicit scheme
        ("abc", None, "digits"),
        ("", None, "empty"),
        ("   ", None, "empty"),
        (".", None, "empty"),
        ("1..06", None, "digits"),
        ("1.06.04.2.01.001", None, "sub kegiatan"),
        ("1.06.04.21.01", None, "kegiatan is one digit and two digits"),
        ("1.06.04.2.01.0001.1", None, "too many parts"),
        ("12.06", None, "urusan is one digit"),
        ("1,06", None, "digits"),
        ("1.06.04.2.01.0001", PRE, "too many parts"),
        ("0106.27.01", None, "kegiatan is 3 digits"),
        ("0106.7", None, "program is 2 digits"),
        ("0106.27.001.1", None, "too many parts"),
        ("1.6.27.001", None, "too many parts"),
        ("1.6.270", None, "program is one or two digits"),
        ("01.06.27", PRE, "four digits"),
    ],
)
def test_malformed_codes_are_refused_with_the_reason(text, scheme, reason_part):
    with pytest.raises(CodeFormatError) as caught:
        parse_code(text, scheme)
    assert reason_part in caught.value.reason
    assert caught.value.text == text
    assert str(caught.value) == f"{text!r}: {caught.value.reason}"


def test_code_format_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_code("abc")


digits = st.integers(0, 9).map(str)
p90_codes = st.builds(
    lambda u, b, p, k, kk, s, n: ".".join([u, f"{b:02}", f"{p:02}", k, f"{kk:02}", f"{s:04}"][:n]),
    digits,
    st.integers(10, 99),  # a bidang ≥ 10 keeps detection on Permendagri 90 without an explicit scheme
    st.integers(0, 99),
    digits,
    st.integers(0, 99),
    st.integers(0, 9999),
    st.sampled_from([1, 2, 3, 5, 6]),
)


@ENGINE
@given(text=p90_codes)
def test_normalised_codes_parse_to_themselves(text):
    code = parse_code(text)
    assert code.text == text
    assert parse_code(code.text) == code
    parent = code.parent()
    if parent is not None:
        assert code.text.startswith(parent.text + ".")
