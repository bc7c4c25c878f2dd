"""Ordered category scales and the SAKIP value → grade scales shipped as data (RULES.md §8)."""

from decimal import Decimal
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import SAKIP_SCALES, GradeBand, OrdinalScale, SakipScale, load_sakip_scales

ENGINE = settings.get_profile("kinerja-engine")
OLD, NEW = SAKIP_SCALES["permenpanrb-12-2015"], SAKIP_SCALES["permenpanrb-88-2021"]
GRADES = ("D", "C", "CC", "B", "BB", "A", "AA")


@pytest.mark.parametrize(
    ("scale", "value", "grade"),
    [
        # seed 003 under 12/2015, seed 001 under 88/2021
        (OLD, "92.45", "AA"),
        (OLD, "84", "A"),
        (OLD, "79", "A"),
        (NEW, "60.53", "B"),
        # every boundary of 12/2015, exactly and just above
        (OLD, "0", "D"), (OLD, "10", "D"), (OLD, "10.01", "C"), (OLD, "30", "C"), (OLD, "30.01", "CC"),
        (OLD, "50", "CC"), (OLD, "50.01", "B"), (OLD, "65", "B"), (OLD, "65.01", "BB"), (OLD, "75", "BB"),
        (OLD, "75.01", "A"), (OLD, "85", "A"), (OLD, "85.01", "AA"), (OLD, "100", "AA"),
        # and of 88/2021
        (NEW, "0", "D"), (NEW, "30", "D"), (NEW, "30.01", "C"), (NEW, "50", "C"), (NEW, "50.01", "CC"),
        (NEW, "60", "CC"), (NEW, "60.01", "B"), (NEW, "70", "B"), (NEW, "70.01", "BB"), (NEW, "80", "BB"),
        (NEW, "80.01", "A"), (NEW, "90", "A"), (NEW, "90.01", "AA"), (NEW, "100", "AA"),
    ],
)  # fmt: skip
def test_sakip_grade(scale, value, grade):
    assert scale.grade(Decimal(value)) == grade


def test_the_same_value_grades_differently_under_the_two_regulations():
    assert (OLD.grade(Decimal("60.53")), NEW.grade(Decimal("60.53"))) == ("B", "B")
    assert (OLD.grade(Decimal("79")), NEW.grade(Decimal("79"))) == ("A", "BB")


@pytest.mark.parametrize("value", ["-0.01", "100.01", "-5", "150"])
def test_sakip_values_outside_0_to_100_are_refused(value):
    with pytest.raises(ValueError):
        OLD.grade(Decimal(value))


def test_both_scales_ship_as_data():
    assert set(SAKIP_SCALES) == {"permenpanrb-12-2015", "permenpanrb-88-2021"}
    assert (OLD.regulation, NEW.regulation) == ("PermenPAN-RB 12/2015", "PermenPAN-RB 88/2021")
    assert (files("kinerja.engine.data") / "sakip_scales.toml").is_file()
    for scale in SAKIP_SCALES.values():
        assert all(isinstance(b.lower, Decimal) and isinstance(b.upper, Decimal) for b in scale.bands)


@pytest.mark.parametrize("scale", [OLD, NEW], ids=lambda s: s.key)
def test_sakip_ordinal_lists_grades_lowest_first(scale):
    ordinal = scale.ordinal()
    assert ordinal.categories == GRADES
    assert ordinal.rank("AA") == 7
    assert ordinal.rank(" bb ") == 5


@ENGINE
@given(a=st.decimals(min_value=0, max_value=100, places=3), b=st.decimals(min_value=0, max_value=100, places=3))
def test_sakip_grade_is_monotonic(a, b):
    low, high = sorted((a, b))
    for scale in (OLD, NEW):
        assert GRADES.index(scale.grade(low)) <= GRADES.index(scale.grade(high))


def test_load_sakip_scales_reads_the_data_format():
    scales = load_sakip_scales(
        """
        ["test"]
        regulation = "Test"
        bands = [{ grade = "Baik", lower = 50.5, upper = 100 }, { grade = "Kurang", lower = 0, upper = 50.5 }]
        """
    )
    assert scales["test"].grade(Decimal("50.5")) == "Kurang"
    assert scales["test"].grade(Decimal("50.51")) == "Baik"
    assert scales["test"].bands[0].lower == Decimal(0)


@pytest.mark.parametrize(
    "bands",
    [
        (GradeBand("A", Decimal(50), Decimal(100)), GradeBand("B", Decimal(0), Decimal(40))),  # gap
        (GradeBand("A", Decimal(40), Decimal(100)), GradeBand("B", Decimal(0), Decimal(50))),  # overlap
        (GradeBand("A", Decimal(10), Decimal(100)),),  # does not start at 0
        (GradeBand("A", Decimal(0), Decimal(90)),),  # does not reach 100
    ],
)
def test_a_sakip_scale_must_cover_0_to_100_exactly(bands):
    with pytest.raises(ValueError):
        SakipScale(key="bad", regulation="bad", bands=bands)


def test_a_band_needs_lower_below_upper():
    with pytest.raises(ValueError):
        GradeBand("A", Decimal(50), Decimal(50))


KELURAHAN = OrdinalScale("k", "Kategori kelurahan", ("Kurang Berkembang", "Berkembang", "Cepat Berkembang"))


@pytest.mark.parametrize(
    ("label", "rank"),
    [
        ("Kurang Berkembang", 1),
        ("Cepat Berkembang", 3),
        ("cepat   berkembang", 3),
        ("  BERKEMBANG ", 2),
        ("Maju", None),
        ("76 (Baik)", None),
    ],
)
def test_ordinal_rank_ignores_case_and_spacing(label, rank):
    assert KELURAHAN.rank(label) == rank


@pytest.mark.parametrize("categories", [(), ("A", "a"), ("A", " ")])
def test_an_ordinal_scale_needs_distinct_categories(categories):
    with pytest.raises(ValueError):
        OrdinalScale("bad", "bad", categories)
