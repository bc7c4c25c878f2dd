"""One rule at a time, on small tables: what is a finding, with which cause, and what is not."""

from decimal import Decimal

from kinerja.verify import verify_bytes


def check(rows: list[list[str]], lang: str = "en"):
    return verify_bytes("".join("\t".join(row) + "\n" for row in rows).encode(), "tabel.tsv", lang)


def test_efisiensi_only_where_capaian_reaches_100():
    report = check([
        ["Program", "Capaian Kinerja (%)", "Serapan Anggaran (%)", "Efisiensi (%)"],
        ["Program Pengelolaan Taman Makam Pahlawan", "100%", "95,60%", "4,40%"],  # seed 003 §3.1.4
        ["Program Dua", "90%", "80%", "10%"],
        ["Program Tiga", "120%", "80%", "30%"],
    ])
    two, three = report.findings
    assert (two.line, two.expected, two.cause) == (3, None, "efficiency is only computed when performance "
                                                             "achievement is ≥ 100 %")
    assert (three.line, three.expected) == (4, 40)
    assert three.rule.startswith("efficiency = performance achievement − budget absorption")


def test_polarity_capping_and_rounding():
    report = check([
        ["No", "Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)"],
        ["1", "Persentase penduduk miskin", "%", "10", "8", "120%"],  # negative polarity: allowed
        ["2", "Persentase layanan terpenuhi", "%", "10", "8", "120%"],  # not by its name
        ["3", "Jumlah layanan", "Layanan", "10", "12", "100%"],  # the rules do not cap
        ["4", "Jumlah layanan", "Layanan", "79", "92,45", "117,03 %"],  # RULES §1 example
        ["5", "Jumlah layanan", "Layanan", "3", "1", "33,33 %"],  # rounded
        ["6", "Jumlah layanan", "Layanan", "3", "1", "33,3 %"],  # printed with fewer decimals
        ["7", "Jumlah layanan", "Layanan", "3", "2", "66,66 %"],  # cut off instead of rounded: tolerated
        ["8", "Jumlah layanan", "Layanan", "0", "2", "0 %"],  # target 0: undefined, never 0
    ])
    assert [(f.line, f.expected) for f in report.findings] == [(3, 80), (4, 120), (9, None)]
    negative, capped, zero = report.findings
    assert negative.cause == "computed as a negative-polarity indicator"
    assert capped.cause == "capaian capped at 100 %, which the rules do not do"
    assert zero.cause == "target is 0: achievement cannot be computed"


def test_sakip_grade_on_the_wrong_scale():
    # 84 → A and 92,45 → AA under both regulations, 70 → BB under 12/2015 only: the table uses 12/2015,
    # so 68 printed "B" fits 88/2021 only.
    report = check([
        ["No", "Indikator", "Target 2022", "Target 2023", "Realisasi 2023"],
        ["1", "Nilai SAKIP", "70 / BB", "84,00 (A)", "92,45 (AA)"],
        ["2", "Nilai SAKIP perangkat daerah", "68 / B", "80 / A", "-"],
    ])
    (finding,) = report.findings
    assert (finding.printed, finding.expected, finding.check) == ("68 / B", "BB", "sakip")
    assert finding.cause == "grade on the wrong scale: it fits PermenPAN-RB 88/2021, this table uses " \
                            "PermenPAN-RB 12/2015"


def test_budget_parent_is_the_sum_of_its_rows_by_code():
    report = check([
        ["Kode", "Program/Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Realisasi (%)"],
        ["1.06.04", "PROGRAM REHABILITASI SOSIAL", "300.000.000", "250.000.000", "83,33 %"],
        ["1.06.04.2.01", "Rehabilitasi Sosial Dasar", "200.000.000", "150.000.000", "75,00 %"],
        ["1.06.04.2.01.0001", "Penyediaan Permakanan", "120.000.000", "100.000.000", "83,33 %"],
        ["1.06.04.2.01.0003", "Penyediaan Alat Bantu", "80.000.000", "50.000.000", "62,50 %"],
        ["1.06.04.2.02", "Rehabilitasi Sosial PMKS Lainnya", "100.000.000", "100.000.000", "100,00 %"],
    ])
    assert report.findings == []
    wrong = check([
        ["Kode", "Program/Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Realisasi (%)"],
        ["1.06.04", "PROGRAM REHABILITASI SOSIAL", "310.000.000", "250.000.000", "80,65 %"],
        ["1.06.04.2.01", "Rehabilitasi Sosial Dasar", "200.000.000", "150.000.000", "75,00 %"],
        ["1.06.04.2.02", "Rehabilitasi Sosial PMKS Lainnya", "100.000.000", "100.000.000", "100,00 %"],
    ])
    pagu, percent = wrong.findings
    assert (pagu.column, pagu.expected, pagu.check) == ("Pagu (Rp)", Decimal(300_000_000), "parent")
    assert (percent.column, percent.expected.quantize(Decimal("0.01"))) == ("Realisasi (%)", Decimal("83.33"))
    assert "column Pagu (Rp)" in percent.cause  # 250 / 310 from the printed pagu


def test_indonesian_is_the_default_language():
    report = check([
        ["Program", "Anggaran", "Realisasi Anggaran", "Sisa Anggaran"],
        ["Program A", "1.000", "400", "500"],
    ], lang="id")
    (finding,) = report.findings
    assert finding.rule.startswith("sisa anggaran = anggaran − realisasi")
    assert finding.expected_text("id") == "600"
