"""LKjIP 2023 of Dinas Sosial Kutai Kartanegara (seed 003, BAB III and IV), recomputed from the demo data.

Golden figures are the seed's printed ones that follow from the rules; every printed figure that differs is listed,
with its cause, in tests/reports/golden/lkjip-dinsos-kukar-2023.txt, reviewed by hand against the seed text.
"""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja.engine import SAKIP_SCALES, AveragePolicy, Result, efisiensi
from kinerja.plan import models as m
from kinerja.reports.catalog import REPORTS
from kinerja.reports.data import ReportError, plan_covering
from kinerja.reports.document_tables import table_csv, table_json, table_xlsx
from kinerja.reports.lkjip import build_lkjip

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def lkjip(kukar):
    return table_json(build_lkjip(kukar, 2023))


def part(data: dict, key: str) -> dict:
    return next(p for p in data["parts"] if p["key"] == key)


def row(data: dict, key: str, row_key: str) -> dict:
    return next(r for r in part(data, key)["rows"] if r["key"] == row_key)


def difference_lines(data: dict) -> list[str]:
    return [f"{p['key']} | {r['key']} | {d['column']} | {d['printed']} | {d['computed']} | {d['cause']}"
            for p in data["parts"] for r in p["rows"] for d in r.get("differences", [])]


# -- the rules reproduce the seed ------------------------------------------------------------------------------------

@pytest.mark.golden
def test_tabel_3_3_sakip_capaian_is_uncapped(lkjip):
    """92,45 against a target of 79 is 117,03 % (Tabel 3.3; RULES §1: no cap)."""
    sakip = row(lkjip, "3.3", "S1")
    assert (sakip["cells"]["7"], sakip["cells"]["8"], sakip["cells"]["9"]) == ("79", "92.45", "117.03")
    assert (sakip["cells"]["4"], sakip["cells"]["5"], sakip["cells"]["6"]) == ("78", "83.48", "107.03")
    assert sakip["cells"]["10"] == "Meningkat"
    assert "differences" not in row(lkjip, "3.3", "S1") or all(d["column"] == "5" for d in sakip["differences"])


@pytest.mark.golden
def test_sakip_grades_under_permenpanrb_12_2015(lkjip):
    """RULES §8, seed 003: 92,45 → AA, 84 → A, 79 → A under PermenPAN-RB 12/2015 (79 → BB under 88/2021)."""
    scale = SAKIP_SCALES["permenpanrb-12-2015"]
    assert [scale.grade(Decimal(v)) for v in ("92.45", "84", "79")] == ["AA", "A", "A"]
    assert SAKIP_SCALES["permenpanrb-88-2021"].grade(Decimal("79")) == "BB"
    sakip = row(lkjip, "3.4", "S1")
    assert sakip["cells"] == {"1": "Nilai SAKIP", "2": "84", "3": "92.45", "4": "110.06"}
    assert sakip["notes"] == {"2": "A", "3": "AA"}  # printed '84,00 (A)' and '92,45 (AA)': they agree
    assert "differences" not in sakip


@pytest.mark.golden
def test_tabel_3_2_capaian_kriteria_and_ratio(lkjip):
    pmks = row(lkjip, "3.2", "S2")
    # 17.330 of 17.555 PMKS (RULES §7: the realisation is the ratio; both numbers shown): 98,72 % of 96,00.
    assert pmks["cells"]["4"] == "96" and pmks["cells"]["6"] == "102.83" and pmks["cells"]["7"] == "Sangat Tinggi"
    assert (pmks["numerator"], pmks["denominator"]) == ("17330", "17555")
    assert Decimal(pmks["cells"]["5"]).quantize(Decimal("0.01")) == Decimal("98.72")
    assert row(lkjip, "3.2", "PK14")["cells"]["6"] == "50.00"
    assert row(lkjip, "3.2", "PK14")["cells"]["7"] == "Sangat Rendah"
    assert row(lkjip, "3.2", "PK11#2")["cells"]["7"] == "Tinggi"  # 82,42
    # A grade realised at or above its target (BB against B, on the agency's ordered scale): 100 %.
    arsip = row(lkjip, "3.2", "PK07")["cells"]
    assert (arsip["4"], arsip["5"], arsip["6"]) == ("B", "BB", "100.00")
    # No result yet: capaian undefined, never 0, and the printed 'Belum Ada Hasil Penilaian' agrees.
    stunting = row(lkjip, "3.2", "PK18")
    assert stunting["cells"]["6"] is None and stunting["undefined"]["6"] == "realisasi belum dilaporkan"
    assert "differences" not in stunting


@pytest.mark.golden
def test_tabel_3_2_average_excludes_unreported_rows_unless_asked(kukar, lkjip):
    """RULES §4: the 19 reported capaian average 92,13 %; the document counts the two unreported as 0 %: 83,357…,
    printed (truncated) 83,35 %."""
    average = row(lkjip, "3.2", "rata-rata")
    assert average["cells"]["6"] == "92.13" and average["cells"]["7"] == "Sangat Tinggi"
    seed = table_json(build_lkjip(kukar, 2023, policy=AveragePolicy.UNTARGETED_AS_ZERO))
    average = row(seed, "3.2", "rata-rata")
    assert average["cells"]["6"] == "83.36" and average["cells"]["7"] == "Tinggi"
    assert average["differences"][0]["cause"] == "dipotong ke jumlah desimal tercetak, bukan dibulatkan"


@pytest.mark.golden
def test_tabel_3_5_efisiensi(lkjip):
    """RULES §6: Program Pengelolaan Taman Makam Pahlawan, 100 % − 95,60 % = 4,40 %. From the stored Rupiah the
    realisasi anggaran is 95,618… % (Tabel 3.12 prints 95,61), so efisiensi is 4,38 %; the printed 4,40 is the rule
    applied to the realisasi rounded to one decimal, and is explained so."""
    assert efisiensi(Result.of(Decimal(100)), Result.of(Decimal("95.60"))).value == Decimal("4.40")
    tmp = row(lkjip, "3.5", "P0607")
    assert tmp["cells"]["3"] == "100.00" and tmp["cells"]["5"] == "95.62" and tmp["cells"]["6"] == "4.38"
    six = next(d for d in tmp["differences"] if d["column"] == "6")
    assert six["printed"] == "4,40%" and "dibulatkan ke satu desimal (95,6 %)" in six["cause"]
    # Below 100 % there is no efisiensi: the sasaran rows carry none, a program short of its target neither.
    assert row(lkjip, "3.5", "S1")["cells"]["6"] is None


@pytest.mark.golden
def test_tabel_3_12_programs_sum_to_49_049_882_101(lkjip):
    """RULES §5: the programs sum to 49.049.882.101; the printed total 49.049.881.101 is a finding."""
    total = row(lkjip, "3.12", "jumlah")
    assert total["cells"]["4"] == "49049882101.00"
    assert total["cells"]["5"] == "40427401671.00"
    assert total["cells"]["6"] == "82.42"
    assert total["cells"]["7"] == "8622480430.00"
    printed = next(d for d in total["differences"] if d["column"] == "4")
    assert printed["printed"] == "49.049.881.101,00"
    assert printed["cause"] == "tidak sama dengan jumlah rincian di bawahnya"
    assert row(lkjip, "3.12", "P0601")["cells"]["7"] == "2263331161.00"  # as printed


@pytest.mark.golden
def test_tabel_3_12_misplaced_separators_are_no_difference_when_the_digits_agree(lkjip):
    """Tabel 3.12 prints "19,639,237,601,00": separators out of place, the digits the stored 19.639.237.601 — no
    difference (issue 14 item 8). "8.662.479.43,00" reads 866.247.943,00 by its digits, not the computed
    8.622.480.430: still unreadable, a finding."""
    p0601 = row(lkjip, "3.12", "P0601")
    assert p0601["printed"]["4"] == "19,639,237,601,00" and p0601["cells"]["4"] == "19639237601.00"
    assert [d["column"] for d in p0601["differences"]] == ["6"]
    total = row(lkjip, "3.12", "jumlah")
    seven = next(d for d in total["differences"] if d["column"] == "7")
    assert seven["printed"] == "8.662.479.43,00" and seven["cause"].startswith("angka tercetak tidak terbaca")
    unread = [d for r in part(lkjip, "3.12")["rows"] for d in r.get("differences", [])
              if d["cause"].startswith("angka tercetak tidak terbaca")]
    assert len(unread) == 1


@pytest.mark.golden
def test_tabel_3_13_2022_follows_the_rules_entirely(lkjip):
    total = row(lkjip, "3.13", "jumlah")
    assert total["cells"]["4"] == "26634553205.00" and total["cells"]["6"] == "81.22"
    assert not any("differences" in r for r in part(lkjip, "3.13")["rows"])


@pytest.mark.golden
def test_bab_iv_conclusion(lkjip):
    """Capaian anggaran 82,42 % (Tinggi) as printed; the capaian kinerja is the 3.2 average (92,13 % by RULES §4,
    printed 83,40 %), and the printed overall 82,91 % is the mean of the two printed figures."""
    conclusion = {r["key"]: r["cells"] for r in part(lkjip, "IV")["rows"]}
    assert conclusion["anggaran"]["2"] == "82.42" and conclusion["anggaran"]["3"] == "Tinggi"
    assert conclusion["kinerja"]["2"] == "92.13" and conclusion["kinerja"]["3"] == "Sangat Tinggi"
    assert conclusion["rata-rata"]["2"] == "87.28" and conclusion["rata-rata"]["3"] == "Tinggi"
    mean = next(d for d in row(lkjip, "IV", "rata-rata")["differences"] if d["column"] == "2")
    assert mean["cause"] == "rata-rata dari angka tercetak 83,40 dan 82,42"


@pytest.mark.golden
def test_differences_from_the_printed_document(lkjip):
    expected = (GOLDEN / "lkjip-dinsos-kukar-2023.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(lkjip) == expected
    assert lkjip["differences_count"] == len(expected)


# -- the table ---------------------------------------------------------------------------------------------------

def test_parts_and_their_columns(lkjip):
    assert [p["key"] for p in lkjip["parts"]] == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.11", "3.12", "3.13",
                                                  "IV"]
    assert [c["number"] for c in part(lkjip, "3.5")["columns"]] == [str(n) for n in range(1, 8)]
    assert [c["number"] for c in part(lkjip, "3.3")["columns"]] == [str(n) for n in range(1, 11)]
    assert part(lkjip, "3.3")["columns"][3]["group"] == "Tahun 2022"
    assert lkjip["revisions"]["pk"]["key"] == "pk-2023" and lkjip["revisions"]["renja_previous"]["key"] == (
        "renja-2022-murni")
    assert (lkjip["renstra"]["first_year"], lkjip["renstra"]["last_year"]) == (2021, 2026)
    # 21 indicators of the PK 2023 (19 sasaran), then the average.
    assert len(part(lkjip, "3.2")["rows"]) == 22


def test_program_rows_carry_their_analysis(lkjip):
    pemberdayaan = row(lkjip, "3.6", "P0602")
    assert pemberdayaan["cells"]["6"] == "106.02"  # 93,30 / 88,00, as §3.1.5 prints it
    assert pemberdayaan["cells"]["7"].startswith("Indikator Program Pemberdayaan Sosial adalah")
    assert set(pemberdayaan["narratives"]) == {"analisis", "penghambat"}
    summary = row(lkjip, "3.11", "P0603")
    assert summary["printed"]["7"] == "Berhasil (Tidak Ada Kasus)"


def test_xlsx_has_one_sheet_per_part_with_the_printed_header(kukar):
    table = build_lkjip(kukar, 2023)
    wb = load_workbook(io.BytesIO(table_xlsx(table)))
    assert wb.sheetnames == [f"Tabel {p.key}" for p in table.parts]
    ws = wb["Tabel 3.3"]
    assert ws.cell(row=4, column=4).value == "Tahun 2022" and ws.cell(row=5, column=4).value == "Target kinerja"
    assert "D4:F4" in [str(r) for r in ws.merged_cells.ranges]
    assert [ws.cell(row=6, column=c).value for c in range(1, 11)] == list(range(1, 11))
    total = wb["Tabel 3.12"]
    last = total.max_row
    assert total.cell(row=last, column=4).value == 49049882101
    assert total.cell(row=last, column=4).comment.text.startswith("Tercetak: 49.049.881.101,00")


def test_csv_has_one_block_per_part(kukar):
    rows = list(csv.reader(io.StringIO(table_csv(build_lkjip(kukar, 2023)).decode("utf-8"))))
    titles = [r[0] for r in rows if r and r[0].startswith("Tabel ")]
    assert titles == ["Tabel 3.1", "Tabel 3.2", "Tabel 3.3", "Tabel 3.4", "Tabel 3.5", "Tabel 3.6", "Tabel 3.11",
                      "Tabel 3.12", "Tabel 3.13", "Tabel IV"]
    start = rows.index(next(r for r in rows if r and r[0] == "Tabel 3.12"))
    assert rows[start + 1][3] == "4 Anggaran (Rp)"
    assert rows[start + 2][3] == "19639237601.00"


def test_html_marks_differences(kukar):
    html = REPORTS["lkjip"].outputs["html"].write(build_lkjip(kukar, 2023)).decode()
    assert "49.049.882.101" in html and "117,03 %" in html and 'class="num diff"' in html
    assert "Dokumen mencetak 49.049.881.101,00" in html


def test_no_pk_no_lkjip(kukar):
    with pytest.raises(ReportError, match="Perjanjian Kinerja 2019"):
        build_lkjip(kukar, 2019)


# -- the Renstra period of a year --------------------------------------------------------------------------------

def test_overlapping_periods_the_renja_decides(kukar):
    """2021 is in both periods; its Renja lives in 2016–2021, so its reports stay there. The LKjIP reads the period
    holding the PK of its year."""
    assert (plan_covering(kukar, 2021).first_year, plan_covering(kukar, 2022).first_year) == (2016, 2021)
    assert plan_covering(kukar, 2020).first_year == 2016
    assert plan_covering(kukar, 2023, m.Revision.Document.PK).first_year == 2021
    with pytest.raises(ReportError, match="2016–2021, 2021–2026"):
        plan_covering(kukar, 2030)
