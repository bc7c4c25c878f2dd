"""Properties: a table whose derived figures follow the rules (printed with two decimals, Indonesian style) has
no finding; changing any one derived figure beyond rounding gives exactly one finding, at that cell."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.verify import verify_bytes

from .tables import Budget, Kegiatan, Program, build

VERIFY = settings.get_profile("kinerja-verify")

counts = st.integers(min_value=0, max_value=400)
targets = st.integers(min_value=1, max_value=400)
rupiah = st.integers(min_value=1, max_value=5_000_000).map(lambda n: n * 1000)
percents = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100)


@st.composite
def kegiatan(draw):
    rp_target = draw(rupiah)
    return Kegiatan(
        target_renstra=draw(targets),
        before=draw(counts),
        target=draw(targets),
        quarters=tuple(draw(counts) for _ in range(4)),
        rp_renstra=draw(rupiah),
        rp_before=draw(st.integers(min_value=0, max_value=5_000_000)) * 1000,
        rp_target=rp_target,
        rp_quarters=tuple(draw(st.integers(min_value=0, max_value=rp_target // 4)) for _ in range(4)),
        unit=draw(st.sampled_from(["", "Orang", "Dokumen"])),
    )


@st.composite
def budget(draw):
    anggaran = draw(rupiah)
    return Budget(anggaran=anggaran, realisasi=draw(st.integers(min_value=0, max_value=anggaran)))


@st.composite
def tables(draw):
    program = Program(
        before=draw(percents),
        target=draw(percents.filter(lambda p: p > 0)),
        quarters=tuple(draw(percents) for _ in range(4)),
    )
    return build(program, draw(st.lists(kegiatan(), min_size=1, max_size=4)),
                 draw(st.lists(budget(), min_size=1, max_size=4)))


@VERIFY
@given(tables())
def test_a_consistent_table_has_no_finding(built):
    report = verify_bytes(built.text().encode(), "generated.txt", "en")
    assert len(report.tables) == 2
    assert report.findings == [], [(f.line, f.column, f.printed, f.expected, f.cause) for f in report.findings]


@VERIFY
@given(tables(), st.data())
def test_one_altered_figure_is_one_finding_at_that_cell(built, data):
    target = data.draw(st.sampled_from(built.derived))
    report = verify_bytes(built.altered(target).encode(), "generated.txt", "en")
    found = [(f.line, f.position) for f in report.findings]
    assert found == [(target.line, target.position)], (target, [
        (f.line, f.position, f.column, f.printed, f.expected, f.cause) for f in report.findings])


@settings(VERIFY, max_examples=5)
@given(tables())
def test_every_derived_figure_is_checked(built):
    """Exhaustively for a few tables: each derived figure, altered alone, is found."""
    for target in built.derived:
        report = verify_bytes(built.altered(target).encode(), "generated.txt", "en")
        assert [(f.line, f.position) for f in report.findings] == [(target.line, target.position)], target
