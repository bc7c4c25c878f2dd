"""The strategic-context tables (issue 14 item 3) from the demo transcriptions: rows, cells and column numbers as
the seeds print them; the importer refusing bad files with row and column and writing nothing; every format."""

import io
import json
import shutil

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from kinerja.cli import REPORTS as CLI_REPORTS
from kinerja.cli import main
from kinerja.reports.catalog import REPORTS
from kinerja.reports.data import ReportError
from kinerja.reports.official import table_json
from kinerja.strategy import models as s
from kinerja.strategy.importer import Scope, StrategyImportError, import_table
from kinerja.strategy.reports import STRATEGY_TABLES
from tests.pdf_pages import ZWSP

# Each table with the agency and year the demo holds it for.
DEMO = {
    "permasalahan": ("dinsos-kukar", 2021),
    "faktor-penentu": ("dinsos-kukar", 2021),
    "telaahan-kebijakan": ("dinsos-kukar", 2021),
    "visi-misi": ("dinsos-kukar", 2023),
    "strategi-kebijakan": ("dinsos-kukar", 2023),
    "keselarasan-program": ("dinsos-kukar", 2023),
    "keterkaitan-prioritas": ("dinsospm-tarakan", 2024),
    "tim-penyusun": ("dinsos-kukar", 2021),
}


def build(agency, name: str, year: int) -> dict:
    return table_json(REPORTS[name].build(agency, year, layout=None, averaging=None))


def numbers(data: dict) -> list[str]:
    return [c["number"] for c in data["columns"]]


def cells(data: dict) -> list[list]:
    return [[row["cells"][n] for n in numbers(data)] for row in data["rows"]]


def test_every_strategy_table_is_registered_under_its_reserved_name():
    names = [name for name, _stem, _build in STRATEGY_TABLES]
    assert names == list(DEMO)
    assert set(names) <= set(REPORTS) and set(names) <= set(CLI_REPORTS)


# -- seed 000 §2.3 and seed 003 Tabel 1.1 ------------------------------------------------------------------------


def test_permasalahan_renja_2021_two_columns_lettered_items(kukar):
    data = build(kukar, "permasalahan", 2021)
    assert numbers(data) == ["1", "2"]
    assert [c["label"] for c in data["columns"]] == ["Aspek kajian", "Permasalahan"]
    rows = cells(data)
    assert len(rows) == 23
    assert rows[0] == ["Pemutakhiran Basis Data Terpadu Penanganan Fakir Miskin dan Orang Tidak Mampu.",
                       "a. Belum tersedia aturan hukum lokal yang mengatur kriteria kemiskinan yang berbasis pada "
                       "kearifan local."]
    assert rows[3] == [None, "d. Tingkta akurasi data yang masih rendah."]  # the printed typo kept
    assert rows[-1] == [None, "b. Kurang intensifnya pembinaan terhadap TKSM"]
    assert sum(1 for r in rows if r[0]) == 8  # eight aspek kajian


def test_permasalahan_lkjip_2023_three_columns(kukar):
    data = build(kukar, "permasalahan", 2023)
    assert [c["label"] for c in data["columns"]] == ["Pokok masalah", "Masalah", "Akar masalah"]
    rows = cells(data)
    assert len(rows) == 22 and sum(1 for r in rows if r[0]) == 5
    assert rows[5] == ["Penguatan Data Terpadu Kesejahteraan Sosial (DTKS) sebagai Baseline Penanganan Kemiskinan",
                       "Belum Optimalnya Fungsi DTKS dalam Penanganan Kemiskinan",
                       "DTKS Belum tervalidasi secara menyeluruh"]
    assert rows[-1] == [None, None, "Beberapa bagian TMP perlu direhabilitasi"]


def test_faktor_penentu_numbered_1_to_5_with_programs_linked(kukar):
    data = build(kukar, "faktor-penentu", 2021)
    assert numbers(data) == ["1", "2", "3", "4", "5"]
    assert [c.get("group") for c in data["columns"]] == [None, None, None, "Faktor", "Faktor"]
    rows = data["rows"]
    assert len(rows) == 7
    assert rows[0]["cells"]["2"] == "Visi: Kutai Kartanegara Maju, Mandiri, Sejahtera dan Berkeadilan"
    assert rows[1]["cells"]["1"] == "1"
    assert rows[2]["cells"]["2"] == "Program : Penanganan Fakir Miskin"
    assert rows[2]["cells"]["4"].startswith("Luas wilayah, banyaknya data yang harus diverivali")
    assert [r.get("code") for r in rows[2:]] == ["0106.28", "0106.27", "0106.29", "0106.30", "0106.19"]


def test_telaahan_both_renstra_reviewed(kukar):
    data = build(kukar, "telaahan-kebijakan", 2021)
    headings = [r["cells"]["2"] for r in data["rows"] if r["kind"] == "dokumen"]
    assert headings == ["Renstra Kementerian Sosial Tahun 2015-2019",
                        "Renstra Dinsos Prov Kalimantan Timur Tahun 2014-2019"]
    sasaran = [r for r in data["rows"] if r["kind"] == "sasaran"]
    assert [r["cells"]["1"] for r in sasaran] == ["1", "2", "1", "2", "3", "4"]
    assert sasaran[1]["cells"]["4"] is None  # no faktor penghambat printed
    assert sasaran[5]["cells"]["5"] == ("Kebijakan Kepala Daerah untuk meningkatkan kualitas akuntabilitas kinerja "
                                        "dengan memberikan reward and punishment yang jelas")


# -- seed 003 Tabel 2.1–2.3 ------------------------------------------------------------------------------------


def test_visi_misi_region_vision_and_agency_goals(kukar):
    data = build(kukar, "visi-misi", 2023)
    assert numbers(data) == ["1", "2", "3", "4", "5"]
    rows = cells(data)
    assert rows[0][0] == "Visi: “Mewujudkan Masyarakat Kutai Kartanegara yang Sejahtera dan Berbahagia”"
    assert rows[1] == ["Misi Ke-1", "Meningkatkan Akuntabilitas Pengelolaan Keuangan Dinas Sosial", "Nilai SAKIP",
                       "Meningkatnya Akuntabilitas Pengelolaan Keuangan Dinas Sosial", "Nilai SAKIP"]
    assert rows[2][0] == "Misi Ke-2" and rows[2][2] == "Indeks Pembangunan Manusia"
    assert rows[2][4] == "Persentase PMKS yang tertangani Pemenuhan dan Pelayanan Kebutuhan Dasarnya"
    assert data["summary"]["periode"] == "2021–2026" and len(data["summary"]["misi"]) == 5
    vision = s.RegionalVision.objects.get(region=kukar.region)  # held by the Pemda, not the agency
    assert vision.missions.get(number="2").text.startswith("Meningkatkan Pembangunan Sumber Daya Manusia")


def test_strategi_and_arah_kebijakan(kukar):
    data = build(kukar, "strategi-kebijakan", 2023)
    rows = cells(data)
    assert len(rows) == 25
    assert [r[0] for r in rows if r[0]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert rows[10] == ["3", "Optimlisasi Pengelolaan DTKS",
                        "1. Fasilitasi Pengembangan Kapasitas Pengelola Data (Puskessos)"]
    # strategy 4 continues on the next page, after Tabel 2.3: its four directions are one group
    assert [r[2][:2] for r in rows[13:17]] == ["1.", "2.", "3.", "4."]
    assert rows[-1] == ["7", "Optimalisasi Pengelolaan TMP", "1. Rehabilitasi dan Pemeliharaan TMP"]


def test_keselarasan_program_linked_to_stored_sasaran_and_programs(kukar):
    data = build(kukar, "keselarasan-program", 2023)
    rows = data["rows"]
    assert [r["code"] for r in rows] == ["1.06.01", "1.06.02", "1.06.03", "1.06.04", "1.06.05", "1.06.06", "1.06.07"]
    assert [r["objective"] for r in rows] == ["S1"] + ["S2"] * 6
    assert rows[1]["cells"]["2"] == "Persentase PMKS yang tertangani Pemenuhan dan Pelayanan Kebutuhan Dasarnya"
    assert rows[2]["cells"]["1"] is None and rows[6]["cells"]["3"] == "Program Pengelolaan Taman Makam Pahlawan"


# -- seed 001 Tabel 6 and the SK annex of seed 000 -------------------------------------------------------------


def test_keterkaitan_prioritas_printed_numbers_and_pagu(tarakan):
    data = build(tarakan, "keterkaitan-prioritas", 2024)
    assert numbers(data) == ["1", "2", "3", "4", "6", "7", "8", "9", "10", "11"]  # the seed skips 5
    assert [c.get("group") for c in data["columns"]][2:5] == ["RPJMN 2020-2024", "RPJMN 2020-2024", "RKPD 2024"]
    rows = data["rows"]
    assert len(rows) == 12
    assert rows[0]["cells"]["9"] == "1.06.04.2.01.0001 - Penyediaan Permakanan"
    assert rows[2]["cells"]["10"] == {"Rp": "59665500.00"}
    assert rows[11]["code"] == "1.06.06.2.01.0001" and rows[11]["program"] == "1.06.06"
    assert data["summary"] == {"pagu": "352218690.00", "subkegiatan": 12}


def test_tim_penyusun(kukar):
    data = build(kukar, "tim-penyusun", 2021)
    assert cells(data)[:3] == [["1.", "Kepala Dinas Sosial.", "Pengarah"], ["2.", "Sekretaris Dinas Sosial.", "Ketua"],
                               ["3.", "Kasubag Penyusunan Program dan Keuangan.", "Sekretaris"]]
    assert len(data["rows"]) == 8 and cells(data)[-1] == ["8.", "Habibi Hidayat.", "Anggota"]
    assert data["summary"] == {"sk_nomor": "002 / SK / SET .2 / DS / I / 2020", "sk_tanggal": "17 Januari 2020",
                               "ditetapkan_di": "Tenggarong"}


def test_a_year_without_the_table_says_which_years_exist(kukar):
    with pytest.raises(ReportError, match="Yang ada: 2021, 2023"):
        REPORTS["permasalahan"].build(kukar, 2022, layout=None, averaging=None)


# -- every format --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DEMO))
def test_every_format_builds(name, kukar, tarakan):
    agency = kukar if DEMO[name][0] == "dinsos-kukar" else tarakan
    report = REPORTS[name]
    table = report.build(agency, DEMO[name][1], layout=None, averaging=None)
    first = table.rows[-1].cells
    text = next(c.value for c in first.values() if isinstance(c.value, str) and c.value)
    csv_text = report.outputs["csv"].write(table).decode()
    assert text in csv_text
    html = report.outputs["html"].write(table).decode()
    assert table.title in html
    sheet = load_workbook(io.BytesIO(report.outputs["xlsx"].write(table))).active
    assert any(str(cell.value) == text for row in sheet.iter_rows() for cell in row)
    document = Document(io.BytesIO(report.outputs["docx"].write(table)))
    written = [" ".join(cell.text.replace(ZWSP, "").split()) for t in document.tables for row in t.rows
               for cell in row.cells]
    assert " ".join(text.split()) in written
    data = json.loads(report.outputs["json"].write(table))
    assert [c["number"] for c in data["columns"]] == [c.number for c in table.columns]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_pdf_builds(tarakan):
    report = REPORTS["keterkaitan-prioritas"]
    assert report.outputs["pdf"].write(report.build(tarakan, 2024, layout=None, averaging=None)).startswith(b"%PDF")


# -- import ----------------------------------------------------------------------------------------------------


def scope(agency, year: int, **options) -> Scope:
    from kinerja.reports.data import plan_covering

    return Scope(agency=agency, year=year, plan=plan_covering(agency, year), options=options)


def test_import_refuses_an_unknown_program_with_row_and_column_and_writes_nothing(kukar):
    before = list(s.ProgramAlignment.objects.filter(agency=kukar, year=2023).values_list("program_text", flat=True))
    data = (b"sasaran,sasaran_unsur,indikator,program,program_unsur\n"
            b"Sasaran A,S1,Nilai SAKIP,Program X,P0601\n"
            b",,,Program Y,1.06.99\n")
    with pytest.raises(StrategyImportError) as caught:
        import_table("keselarasan-program", data, "keselarasan.csv", scope(kukar, 2023))
    assert (caught.value.line, caught.value.column) == (3, "program_unsur")
    assert str(caught.value).startswith("keselarasan.csv, baris 3, kolom 'program_unsur': unsur '1.06.99' tidak ada")
    after = list(s.ProgramAlignment.objects.filter(agency=kukar, year=2023).values_list("program_text", flat=True))
    assert after == before and len(after) == 7


def test_import_refuses_a_sasaran_where_a_program_is_named(kukar):
    data = b"sasaran,program,program_unsur\nSasaran A,Program X,S1\n"
    with pytest.raises(StrategyImportError, match="baris 2, kolom 'program_unsur'.*bukan program"):
        import_table("keselarasan-program", data, "k.csv", scope(kukar, 2023))


def test_import_refuses_unknown_and_missing_columns(tarakan):
    with pytest.raises(StrategyImportError, match="baris 1: kolom tidak ada: subkegiatan"):
        import_table("keterkaitan-prioritas", b"no,program\n1,x\n", "p.csv", scope(tarakan, 2024))
    with pytest.raises(StrategyImportError, match="kolom tidak dikenal: anggaran"):
        import_table("keterkaitan-prioritas", b"subkegiatan,anggaran\nx,1\n", "p.csv", scope(tarakan, 2024))


def test_import_refuses_an_unreadable_pagu(tarakan):
    data = b"no,subkegiatan,pagu\n1,1.06.04.2.01.0001 - Penyediaan Permakanan,lima juta\n"
    with pytest.raises(StrategyImportError, match="baris 2, kolom 'pagu': bukan angka Rupiah"):
        import_table("keterkaitan-prioritas", data, "p.csv", scope(tarakan, 2024))
    assert s.PriorityLink.objects.filter(agency=tarakan, year=2024).count() == 12


def test_import_replaces_the_table_and_links_by_code(tarakan):
    data = (b"no,subkegiatan,program,pagu\n"
            b"1,1.06.06.2.01.0001 - Penyediaan Makanan,1.06.06 - PROGRAM PENANGANAN BENCANA,\"1.500.000,50\"\n")
    assert import_table("keterkaitan-prioritas", data, "p.xlsx.csv", scope(tarakan, 2024)) == 1
    line = s.PriorityLink.objects.get(agency=tarakan, year=2024)
    assert (line.subactivity.code, line.program.code, str(line.pagu)) == ("1.06.06.2.01.0001", "1.06.06", "1500000.50")


def test_import_an_xlsx_file(kukar, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["no", "nama", "jabatan"])
    book.active.append(["1.", "Kepala Dinas Sosial.", "Pengarah"])
    stream = io.BytesIO()
    book.save(stream)
    assert import_table("tim-penyusun", stream.getvalue(), "tim.xlsx", scope(kukar, 2021, sk_nomor="9/SK")) == 1
    team = s.DraftingTeam.objects.get(agency=kukar, year=2021)
    assert team.decree_number == "9/SK" and [m.name for m in team.members.all()] == ["Kepala Dinas Sosial."]


def test_cli_import_and_its_refusal(kukar, tmp_path, capsys):
    good = tmp_path / "tim.csv"
    good.write_text("no,nama,jabatan\n1.,Ani,Ketua\n2.,Budi,Anggota\n", encoding="utf-8")
    assert main(["strategy", "import", "tim-penyusun", str(good), "--agency", "dinsos-kukar", "--year", "2021",
                 "--sk-nomor", "1/SK"]) == 0
    assert "Diimpor: 2 baris" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("no,nama,jabatan\n1.,Ani,Ketua\n2.,,Anggota\n", encoding="utf-8")
    assert main(["strategy", "import", "tim-penyusun", str(bad), "--agency", "dinsos-kukar", "--year", "2021"]) == 2
    assert "bad.csv, baris 3, kolom 'nama': wajib diisi" in capsys.readouterr().err
    assert [m.name for m in s.DraftingTeamMember.objects.filter(team__agency=kukar)] == ["Ani", "Budi"]


# -- web -------------------------------------------------------------------------------------------------------


def test_table_page_and_download(client, perencana_kukar):
    client.force_login(perencana_kukar)
    page = client.get(reverse("table-strategi-kebijakan", args=["dinsos-kukar", 2023]))
    assert page.status_code == 200
    assert "Optimlisasi Pengelolaan DTKS" in page.content.decode()
    download = client.get(reverse("table-tim-penyusun-download", args=["dinsos-kukar", 2021, "csv"]))
    assert download.status_code == 200 and "Habibi Hidayat." in download.content.decode()
    assert client.get(reverse("table-permasalahan", args=["dinsos-kukar", 2022])).status_code == 404


def test_home_lists_the_tables_with_their_years(kukar):
    from kinerja.strategy.reports import available_years  # what kinerja.web.tables.available adds per agency

    listed = available_years([kukar.pk])[kukar.pk]
    assert listed["permasalahan"] == [2021, 2023]
    assert listed["tim-penyusun"] == [2021]
    assert listed["visi-misi"] == [2022, 2023] and listed["strategi-kebijakan"] == [2022, 2023]
    assert "keterkaitan-prioritas" not in listed


def test_demo_load_refuses_a_bad_transcription_with_file_row_and_column(db, tmp_path):
    from kinerja.demo.loader import DATA_DIR, DemoDataError, load_demo

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    broken = data / "dinsos-kukar" / "faktor-penentu-2021.csv"
    broken.write_text(broken.read_text(encoding="utf-8").replace(",P05,", ",P99,"), encoding="utf-8")
    before = s.DeterminingFactor.objects.count(), s.ServiceProblem.objects.count()
    with pytest.raises(DemoDataError) as caught:
        load_demo(data)
    assert (caught.value.path.name, caught.value.row, caught.value.column) == ("faktor-penentu-2021.csv", 5, "unsur")
    assert "unsur 'P99' tidak ada" in caught.value.message
    assert (s.DeterminingFactor.objects.count(), s.ServiceProblem.objects.count()) == before == (7, 45)


def test_reimporting_the_visi_misi_keeps_the_tujuan_that_cite_a_misi(kukar):
    rows = (b"jenis,no,uraian\nvisi,,Visi baru\nmisi,1,Misi satu\nmisi,2,Misi dua diperbaiki\n"
            b"misi,3,Misi tiga\n")
    assert import_table("visi-misi", rows, "vm.csv", scope(kukar, 2023, periode="2021-2026")) == 4
    data = build(kukar, "visi-misi", 2023)
    assert data["rows"][0]["cells"]["1"] == "Visi: “Visi baru”"
    assert [x["uraian"] for x in data["summary"]["misi"]] == ["Misi satu", "Misi dua diperbaiki", "Misi tiga"]
    assert [r["cells"]["1"] for r in data["rows"][1:]] == ["Misi Ke-1", "Misi Ke-2"]  # still linked
    without_two = b"jenis,no,uraian\nvisi,,Visi baru\nmisi,1,Misi satu\n"
    with pytest.raises(StrategyImportError, match="misi nomor 2 tidak ada lagi di berkas, padahal dirujuk tujuan"):
        import_table("visi-misi", without_two, "vm.csv", scope(kukar, 2023, periode="2021-2026"))
    assert s.RegionalMission.objects.filter(vision__region=kukar.region).count() == 3
