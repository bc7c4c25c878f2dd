"""Rata-rata capaian: rows without a target are excluded, the seed's convention is an option (RULES.md §4)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import (
    AveragePolicy,
    Measured,
    Predikat,
    Reason,
    Result,
    RowAchievement,
    average_capaian,
    average_policy_text,
    capaian,
    format_number,
    format_percent,
    predikat,
)

ENGINE = settings.get_profile("kinerja-engine")
SEED = AveragePolicy.UNTARGETED_AS_ZERO

# Seed 000 §2.1, Program Rehabilitasi Sosial bagi PMKS, 2019: (target K, realisasi K) of its 16 kegiatan;
# None where the document gives no 2019 target.
PMKS_2019 = [
    (50, 45), (None, 0), (None, 0), (50, 0), (76, 0), (40, 40), (21, 12), (60, 16),
    (None, 0), (10, 10), (80, 44), (150, 108), (None, 0), (None, 0), (15, 0), (None, 0),
]  # fmt: skip


def pmks_rows():
    rows = []
    for target, realisation in PMKS_2019:
        target_m = None if target is None else Measured(Decimal(target), "orang")
        result = capaian(target_m, Measured(Decimal(realisation), "orang"))
        rows.append(RowAchievement(capaian=result, has_target=target is not None))
    return rows


@pytest.mark.golden
def test_pmks_program_default_averages_the_ten_targeted_rows():
    result = average_capaian(pmks_rows())
    assert result.value == Decimal("50.08095238095238095238095238")
    assert format_percent(result.value) == "50,08 %"
    assert predikat(result) is Predikat.RENDAH


@pytest.mark.golden
def test_pmks_program_seed_convention_reproduces_the_printed_31_percent():
    result = average_capaian(pmks_rows(), SEED)
    assert result.value == Decimal("31.30059523809523809523809524")
    assert format_number(result.value, 0) == "31"  # printed "31%", predikat "Sangat Rendah"
    assert predikat(result) is Predikat.SANGAT_RENDAH


def row(value, has_target=True):
    result = Result.undefined(value) if isinstance(value, Reason) else Result.of(Decimal(value))
    return RowAchievement(capaian=result, has_target=has_target)


@pytest.mark.parametrize(
    ("rows", "default", "seed"),
    [
        ([row(100), row(50)], "75", "75"),
        ([row(100), row(Reason.NO_TARGET, False)], "100", "50"),
        ([row(100), row(Reason.NOT_REPORTED)], "100", "50"),  # reported later: not a 0 today
        ([row(100), row(Reason.TARGET_ZERO)], "100", "50"),
        ([row("117.03"), row(90)], "103.515", "103.515"),  # no cap
        ([row(Reason.NO_TARGET, False)], None, "0"),
    ],
)
def test_average_capaian(rows, default, seed):
    assert average_capaian(rows).value == (None if default is None else Decimal(default))
    assert average_capaian(rows, SEED).value == Decimal(seed)


def test_no_rows_is_undefined():
    for policy in AveragePolicy:
        assert average_capaian([], policy).reason is Reason.NO_ROWS


def test_only_untargeted_rows_is_undefined_by_default():
    assert average_capaian([row(Reason.NO_TARGET, False)] * 3).reason is Reason.NO_ROWS


def test_policy_may_be_given_as_its_string_value():
    assert average_capaian([row(100), row(Reason.NO_TARGET, False)], "untargeted-as-zero").value == 50


def test_average_is_a_percent():
    assert average_capaian([row(100)]).unit == "%"


def consistent_row():
    """A row as the engine produces it: untargeted rows have no capaian; targeted ones may be unreported."""
    return st.one_of(
        st.just(RowAchievement(Result.undefined(Reason.NO_TARGET), has_target=False)),
        st.just(RowAchievement(Result.undefined(Reason.NOT_REPORTED), has_target=True)),
        st.decimals(min_value=0, max_value=500, places=2).map(lambda v: RowAchievement(Result.of(v), True)),
    )


@ENGINE
@given(rows=st.lists(consistent_row(), min_size=1, max_size=20))
def test_default_average_is_at_least_the_seed_convention(rows):
    default = average_capaian(rows)
    if default.defined:
        assert default.value >= average_capaian(rows, SEED).value


@pytest.mark.parametrize("policy", list(AveragePolicy))
def test_every_policy_is_labelled_in_both_languages(policy):
    assert average_policy_text(policy) != average_policy_text(policy, "en")
    with pytest.raises(ValueError):
        average_policy_text(policy, "fr")


def test_default_policy_is_kinerjas_rule():
    assert AveragePolicy.EXCLUDE_UNTARGETED == "exclude-untargeted"
    assert AveragePolicy.UNTARGETED_AS_ZERO == "untargeted-as-zero"
