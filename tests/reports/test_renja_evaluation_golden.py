"""Golden tests: the Renja evaluations of the seed documents, recomputed from the demo data.

Each figure the rules give is asserted; each printed figure that differs is listed, with its cause, in a golden
file reviewed by hand against the seed (tests/reports/golden/). A change in the engine, the data or the report
that changes any figure or any finding fails here.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.engine import AveragePolicy, Predikat
from kinerja.reports.evaluation_export import evaluation_json
from kinerja.reports.renja_evaluation import build_evaluation

GOLDEN = Path(__file__).parent / "golden"
pytestmark = pytest.mark.golden


def rows_by_key(data: dict) -> dict[str, dict]:
    rows = {}
    for row in data["rows"]:
        rows.setdefault(row["key"], row)
    return rows


def difference_lines(data: dict) -> list[str]:
    lines = []
    for row in data["rows"]:
        for d in row.get("differences", []):
            lines.append(f"{row['key']} | {d['column']} {d['measure'] or ''} | {d['printed']} | {d['computed']} | "
                         f"{d['cause']}")
    for d in data["differences"]:
        lines.append(f"TABLE | {d['column']} {d['measure'] or ''} | {d['printed']} | {d['computed']} | {d['cause']}")
    return lines


@pytest.fixture
def kukar_2019(kukar):
    return evaluation_json(build_evaluation(kukar, 2019))


@pytest.fixture
def tarakan_2022(tarakan):
    return evaluation_json(build_evaluation(tarakan, 2022))


# -- seed 000 §2.1, layout 1 --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "column", "k", "rp"),
    [
        # The worked row of REPORTS.md §A: Penyediaan jasa surat menyurat.
        ("P01.K01", "5", "6000", "35000000.00"),
        ("P01.K01", "6", "2400", "4700000.00"),
        ("P01.K01", "7", "1200", "4200000.00"),
        ("P01.K01", "12", "1200", "4200000.00"),
        ("P01.K01", "13", "100.00", "100.00"),
        ("P01.K01", "14", "3600", "8900000.00"),
        ("P01.K01", "15", "60.00", "25.43"),
        ("P01.K02", "13", "91.67", "78.57"),
        ("P01.K12", "13", "94.56", "92.89"),
        ("P05.K12", "15", "113.86", "45.95"),
        # Target 0 in 2019: capaian undefined, never 0.
        ("P05.K02", "13", None, None),
        # Program Rupiah are the sums of their kegiatan (RULES §5).
        ("P01", "7", "100", "1467706440.00"),
        ("P08", "12", "89.52", "4049766885.00"),
        # Penanganan Fakir Miskin: 77,99 % against a target of 25 % (printed 78.0 %).
        ("P06", "13", "311.96", "77.99"),
        # A percentage indicator (LAST): realisation s/d 2019 is the last reported level, not a sum.
        ("P01", "14", "89.2", "4050618322.00"),
    ],
)
def test_kukar_2019_figures(kukar_2019, key, column, k, rp):
    row = rows_by_key(kukar_2019)[key]
    assert row["cells"][column] == {"K": k, "Rp": rp}


def test_kukar_2019_undefined_capaian_says_why(kukar_2019):
    row = rows_by_key(kukar_2019)["P05.K02"]
    assert row["undefined"]["13"] == {"K": "target 0: capaian tidak dapat dihitung", "Rp": "tidak ada anggaran"}


@pytest.mark.parametrize(
    ("key", "k", "rp", "predikat_k", "predikat_rp"),
    [
        ("P01", "95.23", "91.85", Predikat.SANGAT_TINGGI, Predikat.SANGAT_TINGGI),  # printed 95 % / 91,85 %
        ("P03", "100.00", "81.90", Predikat.SANGAT_TINGGI, Predikat.TINGGI),
        ("P04", "100.00", "95.77", Predikat.SANGAT_TINGGI, Predikat.SANGAT_TINGGI),
        ("P05", "50.08", "57.51", Predikat.RENDAH, Predikat.RENDAH),  # printed 31 % / 35,94 %: seed convention
        ("P09", "70.00", "68.85", Predikat.SEDANG, Predikat.SEDANG),
    ],
)
def test_kukar_2019_program_averages(kukar_2019, key, k, rp, predikat_k, predikat_rp):
    row = rows_by_key(kukar_2019)[key]
    assert row["average"] == {"K": k, "Rp": rp}
    assert row["predikat"] == {"K": predikat_k.value, "Rp": predikat_rp.value}


def test_kukar_2019_table_average_is_mean_of_program_averages(kukar_2019):
    averages = [Decimal(r["average"]["K"]) for r in kukar_2019["rows"] if "average" in r]
    assert len(averages) == 9
    assert kukar_2019["average"]["K"] == str((sum(averages) / 9).quantize(Decimal("0.01")))
    assert kukar_2019["predikat"] == {"K": "Tinggi", "Rp": "Tinggi"}


def test_seed_averaging_convention_reproduces_the_printed_average(kukar):
    """RULES §4: Program Rehabilitasi Sosial bagi PMKS prints 31 %, the mean over all 16 kegiatan."""
    data = evaluation_json(build_evaluation(kukar, 2019, policy=AveragePolicy.UNTARGETED_AS_ZERO))
    row = rows_by_key(data)["P05"]
    assert row["average"]["K"] == "31.30"
    assert row["predikat"]["K"] == Predikat.SANGAT_RENDAH.value
    assert data["averaging"]["policy"] == "untargeted-as-zero"
    assert "differences" not in row or all(d["column"] != "average" or d["measure"] != "K"
                                           for d in row["differences"])


def test_default_averaging_is_labelled(kukar_2019):
    assert kukar_2019["averaging"]["policy"] == "exclude-untargeted"
    assert kukar_2019["averaging"]["label"]


def test_kukar_2019_differences_from_the_printed_document(kukar_2019):
    expected = (GOLDEN / "renja-evaluasi-dinsos-kukar-2019.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(kukar_2019) == expected


# -- seed 001 Tabel 1, layout 2 -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("code", "column", "value"),
    [
        ("1.06.01", "8", "95.80"),
        # RULES §2: printed 286,22 and 2,86 — a percentage is not added across years.
        ("1.06.01", "10", "100"),
        ("1.06.01", "11", "100.00"),
        ("1.06.04", "10", "100"),
        ("1.06.04.2.02.0001", "8", "98.44"),
        ("1.06.05.2.02.0001", "8", "82.81"),
        ("1.06.01.2.09.0001", "8", "87.50"),
        # 25 Orang + 26 Orang + 312 Orang/bulan: units differ, so no Renstra capaian.
        ("1.06.01.2.02.0001", "11", None),
        ("1.06.01.2.02.0002", "10", None),
        # A category indicator on an ordered scale.
        ("2.13.04", "10", "Cepat Berkembang"),
        ("2.13.04", "11", "100.00"),
    ],
)
def test_tarakan_2022_figures(tarakan_2022, code, column, value):
    row = next(r for r in tarakan_2022["rows"] if r["code"] == code)
    assert row["cells"][column] == {"K": value}


def test_tarakan_2022_is_layout_2_with_corrected_codes(tarakan_2022):
    assert tarakan_2022["layout"] == 2
    codes = [r["code"] for r in tarakan_2022["rows"]]
    assert "1.06.06" in codes and "2.13.04" in codes
    program = next(r for r in tarakan_2022["rows"] if r["code"] == "1.06.06")
    assert {"column": "1", "measure": None, "printed": "1.06.01.2.06", "computed": "1.06.06",
            "cause": "kode tercetak tidak sesuai kodefikasi"} in program["differences"]


def test_tarakan_2022_differences_from_the_printed_document(tarakan_2022):
    expected = (GOLDEN / "renja-evaluasi-dinsospm-tarakan-2022.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(tarakan_2022) == expected


def test_json_keys_cells_by_official_column_number(kukar_2019, tarakan_2022):
    assert [c["number"] for c in kukar_2019["columns"]] == [str(n) for n in range(5, 16)]
    assert [c["number"] for c in tarakan_2022["columns"]] == [str(n) for n in range(4, 12)]
    row = rows_by_key(kukar_2019)["P01.K01"]
    assert set(row) >= {"code", "level", "name", "indicator", "unit", "cells"}
