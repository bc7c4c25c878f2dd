"""Tujuan dan sasaran (REPORTS.md §F), from the demo data: seed 000 §3.2 (Renstra 2016–2021, targets 2020–2021,
'76 (Baik)', 'BB') and seed 001 Tabel 5 (Renstra 2019–2024, target awal and 2024, '72,00 / B').

Grades are shown as printed and checked on the scale (RULES §8): 'BB' is on the SAKIP scale; 72,00 is BB on
PermenPAN-RB 88/2021 (and on 12/2015), not the printed B; IKM 'Baik' has no scale in Kinerja and is shown unchecked.
The printed figures that differ are in tests/reports/golden/tujuan-sasaran-*.txt, reviewed against the seeds.
"""

from pathlib import Path

import pytest

from kinerja.plan import models as m
from kinerja.reports.official import present, table_csv, table_json
from kinerja.reports.tujuan_sasaran import build_tujuan_sasaran
from tests.reports.test_renja_evaluation_golden import difference_lines

GOLDEN = Path(__file__).parent / "golden"


def by_indicator(data: dict) -> dict[str, dict]:
    return {row["indicator"]: row for row in data["rows"] if row["indicator"]}


@pytest.fixture
def kukar_2021(kukar):
    return table_json(build_tujuan_sasaran(kukar, 2021))


@pytest.fixture
def tarakan_2024(tarakan):
    return table_json(build_tujuan_sasaran(tarakan, 2024))


@pytest.mark.golden
def test_kukar_2021_as_printed(kukar_2021):
    assert [(r["key"], r["kind"]) for r in kukar_2021["rows"]] == [
        ("T1", "tujuan"), ("S1", "sasaran"), ("S3", "sasaran"), ("T2", "tujuan"), ("S2", "sasaran")]
    assert [c["year"] for c in kukar_2021["columns"] if "year" in c] == [2020, 2021]
    rows = by_indicator(kukar_2021)
    assert rows["Indeks Kepuasan Masyarakat"]["cells"]["9"] == {"K": "76", "predikat": "Baik"}
    assert rows["Indeks Kepuasan Masyarakat"]["cells"]["10"] == {"K": "77", "predikat": "Baik"}
    assert rows["Predikat Akuntabilitas Kinerja"]["cells"]["9"] == {"K": "BB", "predikat": None}
    assert rows["Cakupan Penanganan PMKS"]["cells"]["10"] == {"K": "92", "predikat": None}
    assert kukar_2021["notes"] == ["predikat 'Baik' pada Indeks Kepuasan Masyarakat ditampilkan seperti tercetak: "
                                   "skalanya tidak tersimpan di Kinerja"]
    assert (GOLDEN / "tujuan-sasaran-dinsos-kukar-2021.txt").read_text(encoding="utf-8") == ""
    assert kukar_2021["differences_count"] == 0


def test_kukar_sasaran_of_the_evaluation_get_their_tujuan(kukar):
    s1 = m.PlanElement.objects.get(strategic_plan__agency=kukar, strategic_plan__key="renstra-2016-2021", key="S1")
    assert s1.parent.key == "T1" and s1.parent.level == "tujuan"
    # The IKK of seed 000 §2.2 sit on sasaran S2 but belong to the service table, not to this one.
    s2 = m.PlanElement.objects.get(strategic_plan__agency=kukar, strategic_plan__key="renstra-2016-2021", key="S2")
    assert s2.indicators.filter(is_ikk=True).count() == 5


@pytest.mark.golden
def test_tarakan_2024_as_printed(tarakan_2024):
    assert [c["year"] for c in tarakan_2024["columns"] if "year" in c] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert next(c for c in tarakan_2024["columns"] if c.get("year") == 2019)["label"] == "2019 (target awal Renstra)"
    rows = by_indicator(tarakan_2024)
    ppks = rows["Persentase Pemerlu Pelayanan Kesejahteraan Sosial (PPKS) yang memperoleh bantuan sosial"]
    assert (ppks["cells"]["5"], ppks["cells"]["10"]) == ({"K": "74.25"}, {"K": "84", "predikat": None})
    sakip = rows["Nilai SAKIP"]
    assert sakip["cells"]["5"] == {"K": None}
    assert sakip["cells"]["10"] == {"K": "72", "predikat": "BB"}
    assert sakip["printed"] == {"10": {"predikat": "B"}}
    assert rows["Menurunnya angka Penyandang Masalah Kesejahteraan Sosial (PMKS)"]["cells"]["4"].startswith(
        "Menurunnya")


@pytest.mark.golden
def test_tarakan_2024_differences_from_the_printed_document(tarakan_2024):
    expected = (GOLDEN / "tujuan-sasaran-dinsospm-tarakan-2024.txt").read_text(encoding="utf-8").splitlines()
    assert difference_lines(tarakan_2024) == expected


def test_a_category_off_its_scale_is_a_finding(kukar):
    m.Target.objects.filter(indicator__name="Predikat Akuntabilitas Kinerja", year=2021).update(category="Z")
    data = table_json(build_tujuan_sasaran(kukar, 2021))
    row = by_indicator(data)["Predikat Akuntabilitas Kinerja"]
    assert row["differences"][0]["cause"].startswith("kategori tercetak tidak ada pada skala")


def test_a_grade_on_the_other_regulation_says_so(tarakan):
    """66 is BB on PermenPAN-RB 12/2015 and B on 88/2021 (the agency's): a printed BB names the other scale."""
    element = m.PlanElement.objects.get(strategic_plan__agency=tarakan, key="S7")
    indicator = element.indicators.get(name="Nilai SAKIP")
    m.PrintedFigure.objects.create(agency=tarakan, report="tujuan-sasaran", year=2024, element=element,
                                   indicator=indicator, column="grade:target:2022", text="BB")
    data = table_json(build_tujuan_sasaran(tarakan, 2024))
    difference = by_indicator(data)["Nilai SAKIP"]["differences"][0]
    assert difference["column"] == "8" and difference["computed"] == "B"
    assert difference["cause"].startswith("predikat tercetak mengikuti skala PermenPAN-RB 12/2015")


def test_outputs(tarakan):
    table = build_tujuan_sasaran(tarakan, 2024)
    header = table_csv(table).decode("utf-8").splitlines()[0]
    assert header.startswith("1 No,2 Tujuan,3 Sasaran,4 Indikator kinerja,")
    assert "10 Target kinerja pada tahun – 2024 (K),10 Target kinerja pada tahun – 2024 (predikat)" in header
    html = present(table)
    assert html["differences"][0]["printed"] == "B" and html["differences"][0]["computed"] == "BB"
