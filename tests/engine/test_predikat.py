"""Predikat of a capaian, Permendagri 86/2017 with the gaps closed by lower bounds (RULES.md §3)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import Predikat, Reason, Result, predikat, predikat_text

ENGINE = settings.get_profile("kinerja-engine")
ST, T, S, R, SR = (
    Predikat.SANGAT_TINGGI,
    Predikat.TINGGI,
    Predikat.SEDANG,
    Predikat.RENDAH,
    Predikat.SANGAT_RENDAH,
)
ORDER = [SR, R, S, T, ST]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", SR),
        ("50", SR),
        ("50.0000001", R),
        ("50.01", R),
        ("65", R),
        ("65.01", S),
        ("75", S),
        ("75.01", T),
        ("90", T),
        ("90.01", ST),
        ("100", ST),
        ("117.03", ST),  # no cap: above 100 is Sangat Tinggi
        ("-5", SR),
    ],
)
def test_every_boundary_exactly_and_just_above(value, expected):
    assert predikat(Decimal(value)) is expected


@pytest.mark.golden
@pytest.mark.parametrize(
    ("k", "rp", "printed"),
    [
        ("95", "91.85", (ST, ST)),
        ("78", "74.34", (T, S)),
        ("83.3", "75.19", (T, T)),  # 75,19 % printed "Tinggi": the gap 75–76 is closed by the lower bound
        ("70", "68.85", (S, S)),
        ("31", "35.94", (SR, SR)),
    ],
)
def test_seed_000_printed_averages(k, rp, printed):
    assert (predikat(Decimal(k)), predikat(Decimal(rp))) == printed


def test_predikat_of_a_result():
    assert predikat(Result.of(Decimal("117.03"))) is ST
    assert predikat(Result.undefined(Reason.TARGET_ZERO)) is None
    assert predikat(None) is None


def test_predikat_refuses_floats():
    with pytest.raises(TypeError):
        predikat(90.5)


@ENGINE
@given(
    a=st.decimals(min_value=-100, max_value=1000, places=4),
    b=st.decimals(min_value=-100, max_value=1000, places=4),
)
def test_predikat_is_monotonic(a, b):
    low, high = sorted((a, b))
    assert ORDER.index(predikat(low)) <= ORDER.index(predikat(high))


@pytest.mark.parametrize(
    ("p", "en"),
    [(ST, "Very high"), (T, "High"), (S, "Medium"), (R, "Low"), (SR, "Very low")],
)
def test_predikat_text(p, en):
    assert predikat_text(p) == p.value
    assert predikat_text(p, "en") == en


def test_predikat_values_are_the_official_terms():
    assert [p.value for p in Predikat] == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
