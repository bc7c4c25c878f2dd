"""The plan tables of issue 14: the code crosswalk (seed 000 annex), a program's history across the two Renstra
periods, seed 001 Tabel 7 with lokasi and sumber dana, seed 003 Tabel 1.2 (PSKS) and 1.3 (SPM) — rows as printed,
column numbers, import refusals that write nothing, every format."""

import io
import json
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kinerja.plan import models as m
from kinerja.reports.catalog import REPORTS
from kinerja.spm.importing import TableImportError, import_table
from kinerja.spm.models import BasicService, WelfarePotential

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    """Tables are Indonesian by default; a page test run before may leave another language active."""
    with translation.override("id"):
        yield


def numbers(table):
    return [c.number for c in table.columns]


def text(row, figure):
    return row.cells.get((figure, ""), None) and row.cells[(figure, "")].value


# -- kode-lama ------------------------------------------------------------------------------------------------------


def test_crosswalk_rows_as_printed(kukar):
    table = REPORTS["kode-lama"].build(kukar, 2021)
    # The annex numbers its columns 1, 2, 3, 5 … 11: there is no column 4.
    assert numbers(table) == ["1", "2", "3", "5", "6", "7", "8", "9", "10", "11"]
    assert xlsx_numbers(REPORTS["kode-lama"], table) == ["1", "2", "3", "5", "6", "7", "8", "9", "10", "11"]
    assert table.summary["lines"] == 101
    assert table.summary["by_list"] == {"belum-di-nomenklatur": 5, "belum-di-renja": 4, "dipetakan": 92}
    assert table.summary["programs"] == 10
    assert table.summary["kegiatan"] == 65  # 92 lines: 6 headings, 10 programs, 65 kegiatan, 11 sub kegiatan lines
    lines = list(m.CodeCrosswalk.objects.filter(agency=kukar).order_by("position"))
    first = lines[0]
    assert (first.old_level, first.old_code_printed) == ("urusan", "URUSAN : NON URUSAN (GENERIK)")
    assert not any(line.old_element_id for line in lines if line.old_level in ("urusan", "bidang"))
    # A line without a code adds a sub kegiatan to the kegiatan above it (seed 000 line 1230, under 30,005).
    lksa = next(i for i, line in enumerate(lines) if line.old_code_printed == "30,005")
    extra = lines[lksa + 1]
    assert (extra.old_code_printed, extra.old_element.code) == ("", "0106.30.005")
    assert extra.subactivity_name.startswith("Pengadaan Kelengkapan dan Penunjang Fasilitas Panti Asuhan AR- RAYAN")
    # Printed code kept, normalised beside it: "0:01" is program 0000.01, "30,009" kegiatan 0106.30.009.
    admin = next(line for line in lines if line.old_code_printed == "0:01")
    assert (admin.old_level, admin.old_code, admin.old_element.code) == ("program", "0000.01", "0000.01")
    psks = next(line for line in lines if line.old_code_printed == "30,009")
    assert psks.old_code == "0106.30.009"
    assert psks.subactivity_name == ("Peningkatan Kemampuan Potensi Tenaga Kesejahteraan Sosial Kecamatan "
                                     "Kewenangan Kabupaten/Kota")
    assert (psks.program_name, psks.program_code, psks.new_program.code) == (
        "PROGRAM PEMBERDAYAAN SOSIAL", "1.06.02", "1.06.02")
    # The cell printing "2" (not a code) keeps its printed text; the code is the transcriber's reading.
    odd = next(line for line in lines if line.old_code_printed == "2")
    assert odd.old_code == "0106.27.005"
    # The analisis column as printed.
    veteran = next(line for line in lines if line.old_code_printed == "30,003")
    assert veteran.analysis == "tidak tersedia nomenklatur yang sesuai pada Permendagri 90-2019"
    assert veteran.new_program is None
    # The rendered row: column 1 the printed code, column 11 the analisis.
    row = next(r for r in table.rows if r.info.get("code_printed") == "28,010")
    assert text(row, "old_code") == "28,010"
    assert (text(table.rows[0], "old_code"), text(table.rows[0], "old_name")) == (None, "URUSAN : NON URUSAN (GENERIK)")
    assert table.source == ("Rencana Strategis Dinas Sosial Kabupaten Kutai Kartanegara 2016-2021 → "
                            "Rencana Strategis Dinas Sosial Kabupaten Kutai Kartanegara 2021-2026")
    assert text(row, "old_name") == "Fasilitasi Keterampilan Usaha Ekonomi Produktif Bagi Keluarga Muda Mandiri"
    assert text(row, "analysis").startswith("masih dalam tahap konsultasi dengan Kemntrian Sosial")
    assert row.info["code"] == "0106.28.010" and row.info["program_code"] == "1.06.02"


def test_program_history_across_both_periods(kukar):
    """Program Perlindungan dan Jaminan Sosial 1.06.05 (2021–2026) with what fed it in 2016–2021: the Panti Asuhan
    program, two kegiatan of Penanganan Fakir Miskin and two of the old Perlindungan dan Jaminan Sosial."""
    table = REPORTS["riwayat-program"].build(kukar, 2023)
    assert table.summary["years"] == [2019, 2021, 2022, 2023]
    rows = table.rows
    start = next(i for i, r in enumerate(rows) if r.info.get("code") == "1.06.05")
    program = rows[start]
    assert text(program, "period") == "2021–2026"
    assert program.cells[("pagu_2022", "Rp")].value == Decimal("9212280500.00")
    assert program.cells[("realised_2022", "Rp")].value == Decimal("5878578131.00")
    assert program.cells[("pagu_2023", "Rp")].value == Decimal("12640941000.00")
    assert program.cells[("realised_2023", "Rp")].value == Decimal("8870476080.00")
    assert program.cells[("pagu_2019", "Rp")].value is None
    before = []
    for row in rows[start + 1:]:
        if row.kind == "program":
            break
        before.append(row)
    assert [r.info["code"] for r in before] == ["0106.19", "0106.28", "0106.29"]
    assert all(text(r, "period") == "2016–2021" for r in before)
    panti, fakir, linjamsos = before
    assert panti.cells[("pagu_2019", "Rp")].value == Decimal("1015000000.00")
    assert panti.cells[("realised_2019", "Rp")].value == Decimal("698874067.00")
    assert panti.cells[("pagu_2021", "Rp")].value == Decimal("1015000000.00")
    # Only the Fakir Miskin kegiatan mapped to 1.06.05 (data, planning), not the whole old program.
    assert fakir.info["kegiatan"] == ["P06.K06", "P06.K07"]
    assert fakir.cells[("pagu_2021", "Rp")].value == Decimal("405000000.00")
    assert linjamsos.cells[("pagu_2019", "Rp")].value == Decimal("1424000000.00")
    assert linjamsos.cells[("realised_2019", "Rp")].value == Decimal("1391312839.00")
    assert linjamsos.cells[("pagu_2021", "Rp")].value == Decimal("1000000000.00")


# -- pendanaan (seed 001 Tabel 7) ---------------------------------------------------------------------------------


def xlsx_numbers(report, table) -> list[str]:
    """The row of column numbers under the two header rows of the XLSX (row 6), as the reader sees it."""
    sheet = load_workbook(io.BytesIO(report.outputs["xlsx"].write(table))).active
    return [str(cell.value) for cell in sheet[6] if cell.value is not None]


def test_tabel_7_columns_as_printed(tarakan):
    """Seed 001 line 799: 1 … 10 under Kode, Urusan/…/Sub Kegiatan, Indikator, Rencana 2024 (lokasi, target, pagu,
    sumber dana), Catatan Penting, Prakiraan Maju 2025 (target, pagu)."""
    report = REPORTS["pendanaan"]
    table = report.build(tarakan, 2024)
    assert numbers(table) == [str(n) for n in range(1, 11)]
    assert xlsx_numbers(report, table) == [str(n) for n in range(1, 11)]
    assert [c["number"] for c in json.loads(report.outputs["json"].write(table))["columns"]] == [
        str(n) for n in range(1, 11)]
    assert [c.figure for c in table.columns] == ["code", "name", "indicator", "location", "target", "pagu", "funding",
                                                 "note", "forward_target", "forward_pagu"]
    header = table.columns
    assert header[3].group == header[6].group == "Rencana tahun 2024"
    assert header[8].group == "Prakiraan maju tahun 2025"


def test_tabel_7_rows_lokasi_and_sumber_dana(tarakan):
    table = REPORTS["pendanaan"].build(tarakan, 2024)
    rows = {r.info["code"]: r for r in table.rows if r.info.get("name")}
    # 4 urusan/bidang lines + 57 element lines as Tabel 7 prints them; Tabel 8's Layanan Rujukan (not in Tabel 7)
    # is still a row, because the Renja holds it, without lokasi.
    assert len([r for r in table.rows if r.kind in ("urusan", "bidang")]) == 4
    assert len(table.rows) == 62
    assert text(rows["1.06.04.2.01.0012"], "location") is None
    urusan = rows["1"]
    assert text(urusan, "name") == "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR"
    assert urusan.cells[("pagu", "Rp")].value == Decimal("4455445985.00")
    assert rows["2.13"].cells[("pagu", "Rp")].value == Decimal("2281327980.00")
    assert text(rows["1.06"], "funding") == "APBD" and text(rows["1"], "funding") is None
    gaji = rows["1.06.01.2.02.0001"]
    assert (text(gaji, "location"), text(gaji, "funding")) == ("DinsosPM", "APBD")
    assert gaji.info["code_printed"] == "1 | 6 | 01 | 2.02. | 01"
    assert gaji.cells[("target", "K")].value == Decimal("312")
    assert gaji.cells[("target", "satuan")].value == "Orang/Bulan"
    assert gaji.cells[("pagu", "Rp")].value == Decimal("3379675000.00")
    cetak = rows["1.06.01.2.06.0005"]
    assert (text(cetak, "location"), text(cetak, "funding")) == ("DinsosPM", None)
    # Names as Tabel 7 prints them ("Penggangan", sic), not as Tabel 1 does.
    assert text(rows["1.06.01.2.01"], "name") == "Perencanaan, Penggangan, dan Evaluasi Kinerja Perangkat Daerah"
    assert text(rows["1.06.01"], "name") == "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    # Tabel 7 prints 100 orang where the Renja (Tabel 8) holds 0: shown as a printed difference in column 5.
    psm = rows["1.06.02.2.03.0001"]
    assert psm.cells[("target", "K")].value == Decimal("0")
    assert psm.cells[("target", "K")].difference.printed == "100 orang"
    found = {(r.info["code"], number, measure) for r, number, measure, _d in table.differences() if r}
    assert found == {("1.06.02.2.03.0001", "5", "K"), ("2.13.05.2.01.0004", "5", "K")}
    # The prakiraan maju is empty in Tabel 7: no satuan without a value.
    assert gaji.cells[("forward_target", "satuan")].value is None
    assert table.total.cells[("pagu", "Rp")].value == Decimal("6736773965.00")
    assert table.summary["funding_sources"] == ["APBD"]


# -- PSKS and SPM (seed 003 Tabel 1.2, 1.3) ------------------------------------------------------------------------


def test_psks_rows(kukar):
    table = REPORTS["psks"].build(kukar, 2023)
    assert numbers(table) == ["1", "2", "3"]
    lines = [(text(r, "no"), text(r, "name"), r.cells[("count", "K")].value, r.cells[("count", "satuan")].value)
             for r in table.rows if r.kind == "kegiatan"]
    assert lines == [
        ("1", "Penyuluh Sosial Fungsional", Decimal("4"), "orang"),
        ("2", "Pekerja Sosial Profesional", Decimal("2"), "Orang"),
        ("3", "Tenaga Kesejahteraan Sosial Kecamatan (TKSK)", Decimal("20"), "0rang"),
        ("4", "Pekerja Sosial Masyarkat (PSM)", Decimal("30"), "orang"),
        ("5", "Penyuluh Sosial Masyarakat", Decimal("26"), "Orang"),
        ("6", "Taruna Siaga Bencana (TAGANA)", Decimal("24"), "orang"),
        ("1", "Lembaga Kesejahteraan Sosial", Decimal("22"), "Lembaga"),
        ("2", "Karang Taruna", Decimal("259"), "Karang Taruna"),
    ]
    assert table.summary["by_group"] == {"perorangan": "106", "kelembagaan": "281"}


def test_spm_services(kukar):
    table = REPORTS["spm-layanan"].build(kukar, 2023)
    assert numbers(table) == [str(n) for n in range(1, 10)]
    assert table.summary == {"services": 2, "recipients": 5, "components": 13, "with_indicator": 2}
    rehab, disaster = BasicService.objects.filter(agency=kukar, year=2023).order_by("position")
    assert rehab.name == "REHABILITASI SOSIAL DASAR (Terpenuhinya Kebutuhan Dasar)"
    assert rehab.calculation.endswith("di luar panti dibagi populasi dikali 100%")
    assert rehab.indicator.element.code == "1.06.04"
    assert [r.name for r in rehab.recipients.all()] == [
        "DISABILITAS TERLANTAR DILUAR PANTI", "ANAK TERLANTAR DILUAR PANTI", "LANSIA TERLANTAR DILUAR PANTI",
        "TUNA SOSIAL (GEPENG) DILUAR PANTI"]
    food = rehab.components.get(need="permakanan, sandang, papan")
    assert (food.program_name, food.program.code) == ("Program Rehabilitasi Sosial", "1.06.04")
    assert food.activity_name == "Fasilitasi Pelayanan Kesejahteraan Sosial anak dan Lansia"
    slrt = rehab.components.get(activity_name="Operasional SLRT")
    assert slrt.program_name == "Program Penanganan Fakir Miskin" and slrt.program is None
    assert disaster.indicator.element.code == "1.06.06"
    assert [r.name for r in disaster.recipients.all()] == ["KORBAN BENCANA ALAM DAN SOSIAL"]
    first = table.rows[0]
    assert (text(first, "no"), text(first, "recipient"), text(first, "program")) == (
        "1", "1. DISABILITAS TERLANTAR DILUAR PANTI", "Program Penanganan Fakir Miskin")


# -- import ---------------------------------------------------------------------------------------------------------


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_psks_import_from_xlsx_replaces_the_year(kukar):
    content = _xlsx([["group", "name", "count", "unit"], ["perorangan", "Pekerja Sosial Masyarakat", "31", "orang"]])
    assert import_table("psks", "psks.xlsx", kukar, year=2024, content=content) == 1
    line = WelfarePotential.objects.get(agency=kukar, year=2024)
    assert (line.name, line.count, line.unit) == ("Pekerja Sosial Masyarakat", Decimal("31"), "orang")
    assert WelfarePotential.objects.filter(agency=kukar, year=2023).count() == 8


@pytest.mark.parametrize(("kind", "content", "params", "where"), [
    ("psks", b"group,name,count,unit\nperorangan,TKSK,20,orang\nperorangan,PSM,dua puluh,orang\n",
     {"year": 2023}, ("baris 3", "kolom 'count'")),
    ("psks", b"group,name,count,unit\nlembaga,LKS,22,Lembaga\n", {"year": 2023}, ("baris 2", "kolom 'group'")),
    ("psks", b"group,name,count,unit\nperorangan,PSM,30," + b"orang " * 10 + b"\n", {"year": 2023},
     ("baris 2", "kolom 'unit'", "terlalu panjang")),
    ("spm-layanan", b"service_no,service,target,cara_hitung,indicator,sasaran_no,sasaran,kebutuhan,komponen_biaya,"
     b"program,program_code,kegiatan\n1,Layanan,,,,,,,,Program X,1.06.99,Kegiatan\n", {"year": 2023},
     ("baris 2", "kolom 'program_code'")),
])
def test_import_refused_names_row_and_column_and_writes_nothing(kukar, kind, content, params, where):
    before = (WelfarePotential.objects.count(), BasicService.objects.count())
    with pytest.raises(TableImportError) as caught:
        import_table(kind, "tabel.csv", kukar, content=content, **params)
    message = str(caught.value)
    assert message.startswith("tabel.csv, ") and all(part in message for part in where)
    assert (WelfarePotential.objects.count(), BasicService.objects.count()) == before


def test_crosswalk_import_refuses_a_kegiatan_of_another_program(kukar):
    plans = {p.key: p for p in kukar.strategic_plans.all()}
    content = (b"list,number,old_code_printed,old_code,old_name,old_indicator,subactivity_name,subactivity_indicator,"
               b"activity_name,activity_indicator,program_name,program_indicator,program_code,analysis\n"
               b"dipetakan,,0106.30,,Program Pemberdayaan Sosial,,,,,,,,,\n"
               b"dipetakan,,\"27,001\",,Pelayanan rehabilitasi,,,,,,,,,\n")
    before = m.CodeCrosswalk.objects.count()
    with pytest.raises(TableImportError, match=r"baris 3, kolom 'old_code_printed'.*tidak termasuk program"):
        import_table("kode-lama", "kode.csv", kukar, source_plan=plans["renstra-2016-2021"],
                     target_plan=plans["renstra-2021-2026"], content=content)
    assert m.CodeCrosswalk.objects.count() == before == 101


def test_funding_import_refuses_an_unknown_code(tarakan):
    revision = m.Revision.objects.get(agency=tarakan, key="renja-2024-rancangan")
    content = (b"level,code,code_printed,name,indicator,lokasi,sumber_dana,printed_target\n"
               b"program,1.06.01,,,,DinsosPM,APBD,\nsubkegiatan,1.06.01.2.02.0099,,,,DinsosPM,APBD,\n")
    with pytest.raises(TableImportError, match=r"baris 3, kolom 'code'"):
        import_table("pendanaan", "t7.csv", tarakan, revision=revision, year=2024, content=content)
    assert m.FundingLine.objects.filter(agency=tarakan, year=2024).count() == 61
    assert m.PrintedFigure.objects.filter(agency=tarakan, report="pendanaan").count() == 2


# -- every format -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "agency", "year"), [
    ("kode-lama", "dinsos-kukar", 2021), ("riwayat-program", "dinsos-kukar", 2023),
    ("pendanaan", "dinsospm-tarakan", 2024), ("psks", "dinsos-kukar", 2023), ("spm-layanan", "dinsos-kukar", 2023),
])
def test_every_format_builds(name, agency, year):
    report = REPORTS[name]
    table = report.build(m.Agency.objects.get(slug=agency), year)
    data = json.loads(report.outputs["json"].write(table))
    assert data["report"] == name and len(data["rows"]) == len(table.rows)
    csv_text = report.outputs["csv"].write(table).decode()
    assert csv_text.splitlines()[0].startswith("1 ")
    sheet = load_workbook(io.BytesIO(report.outputs["xlsx"].write(table))).active
    assert sheet.max_row >= len(table.rows)
    html = report.outputs["html"].write(table).decode()
    assert table.title.split(" ")[0] in html
    assert report.outputs["docx"].write(table)[:2] == b"PK"
