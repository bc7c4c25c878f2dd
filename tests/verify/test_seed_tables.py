"""The verifier on tables cut verbatim from the seed documents (tests/verify/fixtures): the differences RULES.md
names are found with the right cause, and the whole list of findings is the reviewed one in tests/verify/golden
(set KINERJA_UPDATE_GOLDEN=1 to rewrite it after a reviewed change)."""

import os
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.verify import TableReadError
from kinerja.verify.messages import text

GOLDEN = Path(__file__).resolve().parent / "golden"


def find(report, line=None, column=None, printed=None):
    matches = [f for f in report.findings
               if (line is None or f.line == line) and (column is None or f.column == column)
               and (printed is None or f.printed == printed)]
    assert len(matches) == 1, (line, column, printed, [(f.line, f.column, f.printed) for f in report.findings])
    return matches[0]


def golden_lines(report) -> list[str]:
    if isinstance(report, Exception):
        return [f"refused: {report.reason}"]
    lines = []
    for f in report.findings:
        expected = f.expected_text("en")
        lines.append(" | ".join([str(f.line), f.row[:60], f.column, f.printed,
                                 expected if expected is not None else "undefined", f.cause or "-"]))
    return lines


SEED_TABLES = ["seed000_renja2019_evaluasi", "seed000_ikk", "seed001_tabel1", "seed001_tabel2", "seed003_tabel3_12",
               "seed004_iku"]


def test_every_fixture_has_its_golden_list():
    assert sorted(p.stem for p in (Path(__file__).resolve().parent / "fixtures").glob("seed*.txt")) == \
        sorted(SEED_TABLES)
    assert {s[4:7] for s in SEED_TABLES} == {"000", "001", "003", "004"}  # all four seeds


@pytest.mark.parametrize("stem", SEED_TABLES)
def test_findings_are_the_reviewed_ones(seed_reports, stem):
    lines = golden_lines(seed_reports[stem])
    path = GOLDEN / f"{stem}.txt"
    if os.environ.get("KINERJA_UPDATE_GOLDEN"):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == path.read_text(encoding="utf-8").splitlines()


# -- seed 001, Tabel 1 (layout 2) ----------------------------------------------------------------------------


def test_seed001_percentages_added_across_years(seed_reports):
    report = seed_reports["seed001_tabel1"]
    program = find(report, column="10", printed="286,22")
    assert program.row.startswith("1.06.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH")
    assert program.expected == Decimal("100.00")
    assert program.cause == text("cause.percent_summed", "en")
    capaian = find(report, line=program.line, column="11")
    assert capaian.printed == "2,86" and capaian.expected == 100
    assert "not multiplied by 100" in capaian.cause and "column 10" in capaian.cause


def test_seed001_units_mixed(seed_reports):
    gaji = find(seed_reports["seed001_tabel1"], column="10", printed="363")
    assert gaji.row.endswith("Penyediaan Gaji dan Tunjangan ASN")
    assert gaji.expected is None
    assert gaji.cause == text("cause.units_mixed", "en", units="Orang, Orang/bulan")


def test_seed001_malformed_numbers(seed_reports):
    logistik = find(seed_reports["seed001_tabel1"], printed="390;320 Jenis/710 item")
    assert logistik.column == "4" and logistik.check == "number" and logistik.expected is None
    assert logistik.cause.startswith("malformed number:")


def test_seed001_ratio_not_times_100(seed_reports):
    keuangan = find(seed_reports["seed001_tabel1"], column="11", printed="3")
    assert keuangan.row.startswith("1.06.01.2.02 ")
    assert keuangan.expected == 300 and keuangan.cause == text("cause.not_times_100", "en")


def test_seed001_sakip_grade_on_no_scale(seed_reports):
    report = seed_reports["seed001_tabel2"]
    (finding,) = report.findings
    assert finding.printed == "72,00 / B" and finding.expected == "BB" and finding.check == "sakip"
    assert "88/2021" in finding.rule  # the scale most of the row's grades fit (RULES §8: seed 001 mostly 88/2021)


# -- seed 000 §2.1 (layout 1) ----------------------------------------------------------------------------------


def test_seed000_average_counts_rows_without_target_as_zero(seed_reports):
    report = seed_reports["seed000_renja2019_evaluasi"]
    average = find(report, column="13 K", printed="31%", line=69)
    assert "Program Rehabilitasi Sosial Bagi PMKS" in average.row
    assert average.expected.quantize(Decimal("0.1")) == Decimal("50.1")
    assert average.cause == text("cause.untargeted_zero", "en")
    assert "10 of 16 rows" in average.rule
    rp = find(report, column="13 Rp", printed="35.94%")
    assert rp.cause == text("cause.untargeted_zero", "en")
    predikat = find(report, column="13 K", printed="Sangat Rendah")
    assert predikat.expected == "Rendah"
    assert predikat.cause == text("cause.predikat_of_printed", "en", value="31%")


def test_seed000_percentages_added_and_parents(seed_reports):
    report = seed_reports["seed000_renja2019_evaluasi"]
    kendaraan = find(report, column="14 K", printed="107")
    assert kendaraan.expected == 22 and kendaraan.cause == text("cause.percent_summed", "en")
    parent = find(report, column="7 Rp", printed="1,417,706,440")
    assert parent.expected == Decimal("1467706440") and parent.check == "parent"
    assert parent.cause == text("cause.children_sum", "en")
    ratio = find(report, column="13 Rp", printed="89.23%")
    assert "column 7 Rp" in ratio.cause


def test_seed000_target_zero_is_undefined_not_zero(seed_reports):
    report = seed_reports["seed000_renja2019_evaluasi"]
    zero = [f for f in report.findings if f.printed == "0%" and f.column == "13 K"]
    assert len(zero) == 6  # the six kegiatan of Program Rehabilitasi Sosial without a 2019 target
    assert all(f.expected is None and f.cause == "target is 0: achievement cannot be computed" for f in zero)


def test_seed000_renstra_cumulative_percentages(seed_reports):
    """RULES §2: the program rows print Renstra cumulative percentages that follow no rule — 21,3 % and 89,2 %
    give 89,2 % (a level takes the last value), printed 31 %."""
    report = seed_reports["seed000_renja2019_evaluasi"]
    cumulative = find(report, line=8, column="14 K")
    assert cumulative.printed == "31%" and cumulative.row == "Program Pelayanan Administrasi Perkantoran"
    assert cumulative.expected == Decimal("89.2")
    assert "column 15 Rp" in cumulative.cause  # 31 % is that row's Rupiah percentage, 30,96 %


# -- seed 000 §2.2, IKK (ratio indicators, RULES §7) ----------------------------------------------------------------


def test_seed000_ikk_64_ratio(seed_reports):
    """RULES §7: seed 000 prints IKK 64 as 21 / 646 = 1,46 %; the ratio is 3,25 %. IKK 62, 63, 65 and 66 are
    right (28031 / 28031, 1244 / 1244, 46 / 48 = 95,83 %, 606 / 28031 = 2,16 %)."""
    report = seed_reports["seed000_ikk"]
    (ikk64,) = report.findings
    assert ikk64.row.startswith("64 Rasio rumah singgah/shelter/") and ikk64.column == "8"
    assert ikk64.printed == "1.46%" and ikk64.check == "ratio"
    assert ikk64.expected.quantize(Decimal("0.01")) == Decimal("3.25")
    assert ikk64.rule == "numerator / denominator × 100 (21 / 646 × 100)"
    assert report.rows_checked == 5 and report.table_count == 1


# -- seed 004, IKU (formulas, no figures) ------------------------------------------------------------------------


def test_seed004_iku_has_no_figure_to_check(seed_reports):
    """Seed 004 states each IKU and its formula in words: no target, realisation or value is printed, so there
    is nothing to recompute, and the verifier says so (exit status 2), rather than reporting "no finding"."""
    refusal = seed_reports["seed004_iku"]
    assert isinstance(refusal, TableReadError)
    assert "not a table Kinerja can check: no header row names target" in str(refusal)


# -- seed 003, Tabel 3.12 (text extracted from the PDF, no tabs) ---------------------------------------------------


def test_seed003_total_is_not_the_sum_of_programs(seed_reports):
    report = seed_reports["seed003_tabel3_12"]
    total = find(report, column="Anggaran (Rp)", printed="49.049.881.101,00")
    assert total.row == "Total" and total.check == "total"
    assert total.expected == Decimal("49049882101")
    assert total.cause == text("cause.children_sum", "en")


# The 14 anggaran and realisasi amounts of the seven programs, printed with ',' for both the thousands and the sen
# (19,639,237,601,00): each read without its separators is confirmed by a figure of the table computed from it.
SEED003_SEPARATOR_TYPOS = [
    (31, "Anggaran (Rp)", "19,639,237,601,00"), (31, "Realisasi (Rp)", "17,375,906,440,00"),
    (44, "Anggaran (Rp)", "7,137,879,500,00"), (44, "Realisasi (Rp)", "5,992,262,500,00"),
    (50, "Anggaran (Rp)", "100,000,000,00"), (50, "Realisasi (Rp)", "5,853,000,00"),
    (53, "Anggaran (Rp)", "6,877,600,000,00"), (53, "Realisasi (Rp)", "5,960,581,171,00"),
    (58, "Anggaran (Rp)", "12,640,941,000,00"), (58, "Realisasi (Rp)", "8,870,476,080,00"),
    (63, "Anggaran (Rp)", "1,744,224,000,00"), (63, "Realisasi (Rp)", "1,352,197,531,00"),
    (68, "Anggaran (Rp)", "910,000,000,00"), (68, "Realisasi (Rp)", "870,124,949,00"),
]


def test_seed003_only_the_real_findings(seed_reports):
    report = seed_reports["seed003_tabel3_12"]
    assert [(f.line, f.column, f.printed) for f in report.findings] == [
        (44, "Sisa Anggaran (Rp)", "1.145.617.500,00"),
        (70, "Anggaran (Rp)", "49.049.881.101,00"),
        (70, "Sisa Anggaran (Rp)", "8.662.479.43,00"),
    ]
    pemberdayaan = find(report, printed="1.145.617.500,00")
    assert pemberdayaan.expected == Decimal("1145617000")  # 7.137.879.500 − 5.992.262.500
    sisa = find(report, printed="8.662.479.43,00")
    assert sisa.expected == Decimal("8622480430")  # 49.049.882.101 − 40.427.401.671
    assert sisa.cause.startswith("malformed number: thousands groups must have three digits")
    assert "read without its separators it is 866,247,943.00, not the 8,622,480,430 the rules give" in sisa.cause


def test_seed003_separator_typos_are_notes(seed_reports):
    notes = seed_reports["seed003_tabel3_12"].notes
    assert [(n.line, n.column, n.printed) for n in notes] == SEED003_SEPARATOR_TYPOS
    assert all(n.check == "separators" for n in notes)
    assert notes[0].expected == Decimal("19639237601.00")
    assert "Sisa Anggaran (Rp)" in notes[0].cause  # 19.639.237.601 − 17.375.906.440 = 2.263.331.161 as printed
    assert "Total" in notes[3].cause  # Pemberdayaan's realisasi: its sisa is wrong, the column total confirms it


def test_fixtures_are_verbatim_copies_of_the_seeds():
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"  # beside the clone, as README says
    if not seeds.is_dir():
        pytest.skip("the seed documents are not on this machine")
    fixtures = Path(__file__).resolve().parent / "fixtures"
    for fixture, (seed, first) in {
        "seed000_renja2019_evaluasi.txt": ("000_a268ca0cd6e33d85.txt", 251),
        "seed001_tabel1.txt": ("001_58bf08c6da99c956.txt", 194),
        "seed001_tabel2.txt": ("001_58bf08c6da99c956.txt", 419),
        "seed003_tabel3_12.txt": ("003_e3c825417053357e.txt", 3613),
        "seed000_ikk.txt": ("000_a268ca0cd6e33d85.txt", 363),
        "seed004_iku.txt": ("004_65d427c19d83d0f8.txt", 10),
    }.items():
        cut = (fixtures / fixture).read_text(encoding="utf-8").splitlines()
        source = (seeds / seed).read_text(encoding="utf-8").splitlines()
        assert cut == source[first - 1: first - 1 + len(cut)], fixture
