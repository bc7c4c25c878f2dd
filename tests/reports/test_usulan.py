"""Usulan (aspirasi) masyarakat (REPORTS.md §D), from the demo data: seed 001 Tabel 4 (three proposals, all
'Di Akomodir') and seed 000 §3.5 (the agency's own program list, no pagu, no accommodation status)."""

import io

import pytest

from kinerja.plan import models as m
from kinerja.reports.data import ReportError
from kinerja.reports.official import table_csv, table_json, table_xlsx
from kinerja.reports.usulan import build_usulan
from tests.reports.test_renja_evaluation_golden import rows_by_key


@pytest.fixture
def tarakan_2024(tarakan):
    return table_json(build_usulan(tarakan, 2024))


@pytest.mark.golden
def test_tarakan_2024_proposals_as_printed(tarakan_2024):
    rows = rows_by_key(tarakan_2024)
    assert [r["key"] for r in tarakan_2024["rows"]] == ["P1305", "P1305.K201", "P1305.K201.S0004", "U1", "U2", "U3"]
    assert rows["U1"]["cells"] == {
        "1": "1", "2": "Rehab/Perbaikan Gedung Posyandu Balita Cempaka Putih dan Posyandu Lansia Karisma Nakasia",
        "3": "RT. 43 Kelurahan Karang Anyar", "4": None, "5": {"K": "1", "satuan": "bangunan"},
        "6": {"Rp": "30000000.00"}, "7": "Di Akomodir", "8": "diakomodir"}
    # 'Panjang 60 meter' does not start with its number: kept as printed text; '100,000,00 0' joined.
    assert rows["U3"]["cells"]["5"] == {"K": "Panjang 60 meter", "satuan": None}
    assert rows["U3"]["cells"]["6"] == {"Rp": "100000000.00"}
    assert rows["P1305.K201.S0004"]["code"] == "2.13.05.2.01.0004"


@pytest.mark.golden
def test_tarakan_2024_total_and_status(tarakan_2024):
    assert tarakan_2024["total"]["6"] == {"Rp": "180000000.00"}
    assert tarakan_2024["summary"] == {"proposals": 3, "by_status": {"ya": 3}, "pagu": "180000000.00",
                                       "pagu_accommodated": "180000000.00"}
    assert tarakan_2024["differences_count"] == 0


def test_accommodation_is_data(tarakan):
    m.Proposal.objects.filter(agency=tarakan, year=2024, key="U2").update(accommodated="tidak", note="Ditolak")
    m.Proposal.objects.filter(agency=tarakan, year=2024, key="U3").update(accommodated="sebagian")
    data = table_json(build_usulan(tarakan, 2024))
    assert data["summary"]["by_status"] == {"sebagian": 1, "tidak": 1, "ya": 1}
    assert data["summary"]["pagu_accommodated"] == "30000000.00"
    assert rows_by_key(data)["U2"]["cells"]["8"] == "tidak diakomodir"


@pytest.mark.golden
def test_kukar_2021_lists_the_programs_without_status(kukar):
    data = table_json(build_usulan(kukar, 2021))
    assert data["summary"] == {"proposals": 76, "by_status": {"tidak dinyatakan": 76}, "pagu": None,
                               "pagu_accommodated": None}
    rows = rows_by_key(data)
    assert rows["P02.K03"]["cells"]["7"].startswith("Pemenuhan SPM (Kendaraan Operasional")
    assert rows["P01.K02"]["cells"]["5"] == {"K": "12", "satuan": "bulan"}
    assert len(data["rows"]) == 96 and data["total"]["6"] == {"Rp": None}


def test_year_without_proposals_is_refused(tarakan):
    with pytest.raises(ReportError, match="Yang ada: 2024"):
        build_usulan(tarakan, 2023)


def test_outputs(tarakan):
    from openpyxl import load_workbook

    table = build_usulan(tarakan, 2024)
    lines = table_csv(table).decode("utf-8").splitlines()
    assert lines[0] == ("1 No,2 Program/kegiatan/usulan,3 Lokasi,4 Indikator kinerja,5 Besaran/volume (K),"
                        "5 Besaran/volume (satuan),6 Pagu (Rp),7 Catatan,8 Diakomodir")
    assert lines[-1] == ",Jumlah,,,,,180000000.00,,"
    ws = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert [c.value for c in ws[ws.max_row]][6] == 180000000
