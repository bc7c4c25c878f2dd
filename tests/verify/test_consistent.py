"""Tables that follow the rules give no finding: one written here by hand, and Kinerja's own Renja evaluation
(REPORTS.md §A) exported as CSV and XLSX from the demo data."""

import pytest

from kinerja.reports.evaluation_export import evaluation_csv
from kinerja.reports.evaluation_sheet import evaluation_xlsx
from kinerja.reports.renja_evaluation import build_evaluation
from kinerja.verify import verify_bytes

# Layout 2 (seed 001 Tabel 1) by hand: codes, units, a percentage program (the last value is the Renstra
# realisation), counts summed over the years, capaian × 100.
ROWS = [
    ["Kode", "Program / Kegiatan", "Indikator", "Target Renstra 2024", "Realisasi s/d 2021", "Target Renja 2022",
     "Realisasi Renja 2022", "Tingkat Realisasi (%)", "Target Renja 2023", "Realisasi s/d 2023",
     "Tingkat Capaian Realisasi Target Renstra (%)"],
    ["1", "2", "3", "4", "5", "6", "7", "8= (7/6)", "9", "10=(5+7+9)", "11=(10/4)"],
    ["<b>1.06.04</b>", "<b>PROGRAM REHABILITASI SOSIAL</b>", "<b>Persentase PMKS yang terpenuhi kebutuhan dasarnya</b>",
     "<b>100%</b>", "<b>80%</b>", "<b>100%</b>", "<b>88,28%</b>", "<b>88,28%</b>", "<b>100%</b>", "<b>100%</b>",
     "<b>100,00 %</b>"],
    ["1.06.04.2.01.01", "Penyediaan Permakanan", "Jumlah Orang yang Mendapatkan Permakanan", "600 Orang",
     "105 Orang", "200 Orang", "180 Orang", "90,00 %", "200 Orang", "485 Orang", "80,83 %"],
    ["1.06.04.2.01.03", "Penyediaan Alat Bantu", "Jumlah Orang yang Mendapatkan Alat Bantu", "50 Orang", "-",
     "17 Orang", "17 Orang", "100,00 %", "20 Orang", "37 Orang", "74,00 %"],
]
LAYOUT_2 = "".join("\t".join(row) + "\n" for row in ROWS)


def test_a_table_by_hand_has_no_finding():
    report = verify_bytes(LAYOUT_2.encode(), "layout2.txt", "en")
    (table,) = report.tables
    assert [r.target.number for r in table.relations] == ["8", "10", "11"]
    assert report.findings == []
    assert report.rows_checked == 3


def test_the_same_table_with_a_sum_of_percentages_is_found():
    wrong = LAYOUT_2.replace("<b>100%</b>\t<b>100,00 %</b>", "<b>288,28%</b>\t<b>100,00 %</b>")
    (finding,) = verify_bytes(wrong.encode(), "layout2.txt", "en").findings
    assert (finding.column, finding.printed, finding.expected) == ("10", "288,28%", 100)


@pytest.mark.parametrize(("agency", "year"), [("dinsos-kukar", 2019), ("dinsospm-tarakan", 2022)])
def test_kinerjas_own_csv_export_has_no_finding(db, agency, year):
    from kinerja.plan.models import Agency

    table = build_evaluation(Agency.objects.get(slug=agency), year)
    report = verify_bytes(evaluation_csv(table), f"evaluasi-{agency}-{year}.csv", "en")
    assert len(report.tables) == 1 and report.rows_checked > 50
    assert report.findings == [], [(f.line, f.column, f.printed, f.expected, f.cause) for f in report.findings]


def test_kinerjas_own_xlsx_export_has_no_finding(db):
    """The XLSX planners work in: numbers stored as numbers, percent and Rupiah formats, merged headers."""
    from kinerja.plan.models import Agency

    table = build_evaluation(Agency.objects.get(slug="dinsos-kukar"), 2019)
    report = verify_bytes(evaluation_xlsx(table), "evaluasi.xlsx", "en")
    assert report.rows_checked > 50
    assert report.findings == []
