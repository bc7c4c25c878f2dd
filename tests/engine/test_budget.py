"""Serapan, sisa, efisiensi and Rupiah totals (RULES.md §5, §6)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import Reason, Result, efisiensi, format_percent, serapan, sisa, sum_rupiah

ENGINE = settings.get_profile("kinerja-engine")
D = Decimal


@pytest.mark.golden
@pytest.mark.parametrize(
    ("anggaran", "realisasi", "printed"),
    [
        ("35000000", "8900000", "25,43 %"),  # REPORTS.md §A worked row, col 15 Rp
        ("4200000", "4200000", "100,00 %"),
        ("350000000", "306360700", "87,53 %"),  # seed 000, PMKS kegiatan 1
        ("1880000000", "1080530904", "57,48 %"),  # seed 000, Program Rehabilitasi Sosial
        # Seed 003, Tabel 3.12, Taman Makam Pahlawan: printed 95,61 (truncated); half up it is 95,62.
        ("910000000", "870124949", "95,62 %"),
        ("100000000", "0", "0,00 %"),
    ],
)
def test_serapan(anggaran, realisasi, printed):
    result = serapan(D(anggaran), D(realisasi))
    assert format_percent(result.value) == printed
    assert result.unit == "%"


@pytest.mark.parametrize(
    ("anggaran", "realisasi", "reason"),
    [(None, D(5), Reason.NO_BUDGET), (D(0), D(5), Reason.NO_BUDGET), (D(0), None, Reason.NO_BUDGET),
     (D(100), None, Reason.NOT_REPORTED)],
)  # fmt: skip
def test_serapan_undefined(anggaran, realisasi, reason):
    assert serapan(anggaran, realisasi).reason is reason


@pytest.mark.parametrize(
    ("anggaran", "realisasi", "expected"),
    [
        (D("910000000.00"), D("870124949.00"), D("39875051.00")),  # seed 003, Tabel 3.12
        (D("35000000"), D("8900000"), D("26100000")),
        (D("100"), D("120"), D("-20")),
        (None, D(1), None),
        (D(1), None, None),
    ],
)
def test_sisa(anggaran, realisasi, expected):
    assert sisa(anggaran, realisasi) == expected


@pytest.mark.golden
def test_efisiensi_of_taman_makam_pahlawan():
    # Seed 003 §3.1.4: 100 % − 95,60 % = 4,40 %
    result = efisiensi(Result.of(D(100)), Result.of(D("95.60")))
    assert result.value == D("4.40")
    assert format_percent(result.value) == "4,40 %"


@pytest.mark.parametrize(
    ("kinerja", "anggaran", "expected"),
    [
        (Result.of(D("117.03")), Result.of(D(95)), D("22.03")),
        (Result.of(D(100)), Result.of(D(100)), D(0)),
        (Result.of(D(100)), Result.of(D(105)), D(-5)),
    ],
)
def test_efisiensi_where_performance_is_full(kinerja, anggaran, expected):
    assert efisiensi(kinerja, anggaran).value == expected


@pytest.mark.parametrize(
    ("kinerja", "anggaran", "reason"),
    [
        (Result.of(D("99.99")), Result.of(D(50)), Reason.BELOW_FULL_ACHIEVEMENT),
        (Result.of(D("99.99")), Result.undefined(Reason.NO_BUDGET), Reason.BELOW_FULL_ACHIEVEMENT),
        (Result.undefined(Reason.NO_TARGET), Result.of(D(50)), Reason.NO_TARGET),
        (Result.undefined(Reason.NOT_REPORTED), Result.undefined(Reason.NO_BUDGET), Reason.NOT_REPORTED),
        (Result.of(D(100)), Result.undefined(Reason.NO_BUDGET), Reason.NO_BUDGET),
    ],
)
def test_efisiensi_undefined(kinerja, anggaran, reason):
    assert efisiensi(kinerja, anggaran).reason is reason


def test_efisiensi_keeps_the_detail_of_an_undefined_input():
    result = efisiensi(Result.undefined(Reason.UNIT_MISMATCH, "Orang, KK"), Result.of(D(50)))
    assert (result.reason, result.detail) == (Reason.UNIT_MISMATCH, "Orang, KK")


@pytest.mark.golden
def test_program_pagu_of_seed_003_sums_to_a_different_total_than_printed():
    programs = [D("19639237601.00"), D("7137879500.00"), D("100000000.00"), D("6877600000.00"),
                D("12640941000.00"), D("1744224000.00"), D("910000000.00")]  # fmt: skip
    total = sum_rupiah(programs)
    assert total == D("49049882101.00")
    assert total != D("49049881101.00")  # the printed total: a finding


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([D("0.10"), D("0.20")], D("0.30")),
        ([D(5), None, D(7)], D(12)),
        ([D(0), None], D(0)),
        ([None, None], None),
        ([], None),
    ],
)
def test_sum_rupiah(values, expected):
    assert sum_rupiah(values) == expected


@ENGINE
@given(st.lists(st.one_of(st.none(), st.decimals(min_value=0, max_value=10**14, places=2)), max_size=30))
def test_sum_rupiah_is_exact(values):
    cents = [int(v * 100) for v in values if v is not None]
    total = sum_rupiah(values)
    assert (total * 100 if cents else total) == (sum(cents) if cents else None)


def test_sum_rupiah_refuses_floats():
    with pytest.raises(TypeError):
        sum_rupiah([D(1), 0.5])
