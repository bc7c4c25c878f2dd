"""A Rupiah amount whose separators are misplaced (RULES §9 refuses to read it) is a note, not a finding, when its
digits read without the separators — the last group of two digits after ',' or '.' taken as sen — are the value
the table's other figures confirm: a figure computed from it (its row's sisa or percentage, its column's total)
printed well-formed and equal to what the reading gives. Otherwise it stays a finding, and nothing is computed
from it."""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.verify import verify_bytes
from kinerja.verify.check import digits_only

HEADER = ["Program", "Anggaran (Rp)", "Realisasi (Rp)", "Realisasi (%)", "Sisa Anggaran (Rp)"]


def check(*rows: list[str], lang: str = "en"):
    text = "".join("\t".join(row) + "\n" for row in (HEADER, *rows))
    return verify_bytes(text.encode(), "tabel.tsv", lang)


def cells(items):
    return [(f.line, f.column, f.printed) for f in items]


def test_digits_only_reading():
    assert digits_only("19,639,237,601,00") == Decimal("19639237601.00")
    assert digits_only("1.5277.858.386,00") == Decimal("15277858386.00")
    assert digits_only("8.662.479.43,00") == Decimal("866247943.00")
    assert digits_only("Rp 1.2345.000") == Decimal("12345000")
    assert digits_only("1..234,00") is None
    assert digits_only("12 Orang") is None
    assert digits_only("1.234,5") == Decimal("12345")  # one digit after the last mark: not sen


def test_separator_typo_confirmed_by_the_row_is_a_note():
    report = check(["Program A", "1.5277.858.386,00", "7.638.929.193,00", "50,00", "7.638.929.193,00"])
    assert report.findings == []
    (note,) = report.notes
    assert (note.line, note.column, note.printed, note.expected) == (2, "Anggaran (Rp)", "1.5277.858.386,00",
                                                                     Decimal("15277858386.00"))
    assert note.check == "separators"
    assert note.cause.startswith("separators misplaced: read without them it is 15,277,858,386.00")
    assert "Sisa Anggaran (Rp)" in note.cause


def test_digit_typo_stays_a_finding_and_nothing_is_computed_from_it():
    # 1.5277.858.38,00 lost a digit: neither the sisa nor the percentage agrees with 1,527,785,838.00
    report = check(["Program A", "1.5277.858.38,00", "7.638.929.193,00", "50,00", "7.638.929.193,00"])
    assert report.notes == []
    (finding,) = report.findings
    assert (finding.line, finding.column, finding.check) == (2, "Anggaran (Rp)", "number")
    assert finding.cause.startswith("malformed number: ")
    assert "read without its separators it is 1,527,785,838.00, which no figure computed from it confirms" \
        in finding.cause


def test_a_derived_figure_read_without_separators_is_compared_with_the_rules():
    right = check(["Program A", "100.000.000,00", "60.000.000,00", "60,00", "4.0000.000,00"])
    assert right.findings == [] and cells(right.notes) == [(2, "Sisa Anggaran (Rp)", "4.0000.000,00")]
    wrong = check(["Program A", "100.000.000,00", "60.000.000,00", "60,00", "4.000.00,00"])
    (finding,) = wrong.findings
    assert finding.expected == Decimal("40000000") and wrong.notes == []
    assert "read without its separators it is 400,000.00, not the 40,000,000 the rules give" in finding.cause


def test_both_amounts_misplaced_one_sisa_wrong_the_total_confirms():
    """Seed 003's Program Pemberdayaan Sosial: anggaran and realisasi both misplaced, the printed sisa off by 500.
    The realisasi is confirmed by the column total, the anggaran then by the row's percentage: the one finding is
    the sisa."""
    report = check(
        ["Program A", "7,137,879,500,00", "5,992,262,500,00", "83,95", "1.145.617.500,00"],
        ["Program B", "100,000,000,00", "5,853,000,00", "5,85", "94.147.000,00"],
        ["Total", "7.237.878.500,00", "5.998.115.500,00", "82,87", "1.239.764.000,00"],  # anggaran off by 1.000
    )
    assert cells(report.findings) == [(2, "Sisa Anggaran (Rp)", "1.145.617.500,00"), (4, "Anggaran (Rp)",
                                                                                     "7.237.878.500,00")]
    assert report.findings[0].expected == Decimal("1145617000")
    assert len(report.notes) == 4


def test_a_percentage_of_two_unconfirmed_readings_confirms_neither():
    # The percentage agrees, but it cannot tell a common slip of both amounts; the sisa disagrees.
    report = check(["Program A", "1.000.00,00", "500.00,00", "50,00", "5.000.000,00"])
    assert report.notes == []
    assert cells(report.findings) == [(2, "Anggaran (Rp)", "1.000.00,00"), (2, "Realisasi (Rp)", "500.00,00")]


def test_notes_in_indonesian():
    report = check(["Program A", "1.5277.858.386,00", "7.638.929.193,00", "50,00", "7.638.929.193,00"], lang="id")
    (note,) = report.notes
    assert note.cause.startswith("tanda pemisah salah: tanpa tanda pemisah terbaca 15.277.858.386,00")


# -- properties ----------------------------------------------------------------------------------------------------

AMOUNTS = st.integers(min_value=1_000_000, max_value=50_000_000_000)


def misplaced(digits: str) -> str:
    """The seed 003 layout: ',' for the thousands and the sen (19,639,237,601,00)."""
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ",".join(groups) + ",00"


def well_formed(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + ",00"


def percent(realisasi: int, anggaran: int) -> str:
    value = (Decimal(realisasi) * 100 / Decimal(anggaran)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(value).replace(".", ",")


@st.composite
def budgets(draw):
    anggaran = draw(AMOUNTS)
    return anggaran, draw(st.integers(min_value=0, max_value=anggaran))


@settings(max_examples=60, deadline=None, database=None)
@given(budgets())
def test_misplaced_separators_in_a_consistent_row_are_a_note(budget):
    anggaran, realisasi = budget
    report = check(["Program A", misplaced(str(anggaran)), well_formed(realisasi), percent(realisasi, anggaran),
                    well_formed(anggaran - realisasi)])
    assert report.findings == [] and cells(report.notes) == [(2, "Anggaran (Rp)", misplaced(str(anggaran)))]


def test_a_percentage_too_coarse_to_tell_a_lost_digit_confirms_nothing():
    # 1.999.999 read as 999.999 (the leading digit lost): 100 / 999.999 is 0,0100 %, as printed for 0,0050 %
    report = check(["Program A", "999,999,00", "100,00", "0,01", "1.999.899,00"])
    assert report.notes == [] and cells(report.findings) == [(2, "Anggaran (Rp)", "999,999,00")]


@settings(max_examples=60, deadline=None, database=None)
@given(budgets(), st.data())
def test_a_digit_lost_is_one_finding_at_that_cell(budget, data):
    anggaran, realisasi = budget
    digits = str(anggaran)
    lost = data.draw(st.integers(min_value=0, max_value=len(digits) - 1))
    printed = misplaced(digits[:lost] + digits[lost + 1:])
    report = check(["Program A", printed, well_formed(realisasi), percent(realisasi, anggaran),
                    well_formed(anggaran - realisasi)])
    assert report.notes == [] and cells(report.findings) == [(2, "Anggaran (Rp)", printed)]
