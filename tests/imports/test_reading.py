"""Reading an import file: what it refuses before reading a table, how columns are recognised, and what each row
of the pasted seed 001 Tabel 8 says."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from kinerja.imports.reading import (
    ImportReadError,
    Role,
    classify_column,
    load_grid,
    read_rows,
    recognise_layout,
)

from .conftest import FIXTURES

LIMIT = 20 * 1024 * 1024


def read(text: str, name: str = "tempel.txt", year: int = 2024):
    grid = load_grid(text.encode("utf-8"), name, max_bytes=LIMIT)
    layout = recognise_layout(grid, year)
    rows, problems = read_rows(grid, layout)
    return layout, rows, problems


def test_fixture_is_a_verbatim_copy_of_seed_001_tabel_8():
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the seed documents are not on this machine")
    cut = (FIXTURES / "seed001_tabel8.txt").read_text(encoding="utf-8").splitlines()
    source = (seeds / "001_58bf08c6da99c956.txt").read_text(encoding="utf-8").splitlines()
    assert cut == source[894: 894 + len(cut)]
    assert cut[4].startswith("Tujuan\tSasaran\tNama Program") and "J U M L A H" in cut[-1]


@pytest.mark.parametrize(("labels", "measure", "role"), [
    (["Kode"], None, Role.CODE),
    (["Kode", "Program"], None, Role.CODE_PROGRAM),
    (["Kode", "Sub kegiatan"], None, Role.CODE_SUB),
    (["Program/Kegiatan/Sub Kegiatan"], None, Role.NAME),
    (["Indikator kinerja (satuan)"], None, Role.INDICATOR),
    (["Satuan"], None, Role.SATUAN),
    (["Target kinerja dan anggaran tahun 2019"], "K", Role.TARGET),
    (["Target kinerja dan anggaran tahun 2019"], "Rp", Role.PAGU),
    (["Rencana tahun 2021", "Kebutuhan dana/pagu indikatif (Rp)"], None, Role.PAGU),
    (["Prakiraan maju tahun 2022", "Target capaian kinerja"], None, Role.FORWARD_TARGET),
    (["Prakiraan maju tahun 2022", "Kebutuhan dana/pagu indikatif (Rp)"], None, Role.FORWARD_PAGU),
    (["Anggaran (Rp)"], None, Role.PAGU),
    (["TW I"], "K", Role.TW1),
    (["Triwulan III"], "Rp", Role.TW3_RP),
    (["Realisasi TW IV (Rp)"], None, Role.TW4_RP),
    (["Realisasi Capaian Kinerja dan Anggaran Renja PD yang dievaluasi (2019)"], "K", Role.YEAR),
    (["Realisasi anggaran"], None, Role.YEAR_RP),
    (["Tingkat capaian tahun 2019 (13 = 12/7 × 100 %)"], "K", Role.IGNORE),
    (["Target Renstra pada tahun 2021 (akhir periode)"], "K", Role.IGNORE),
    (["Realisasi capaian Renstra s/d Renja tahun 2018"], "Rp", Role.IGNORE),
    (["Target Renja tahun 2020"], None, Role.IGNORE),  # another year
    (["Lokasi"], None, Role.LOKASI),
    (["Unit kerja perangkat daerah penanggung jawab (bidang)"], None, Role.UNIT),
])
def test_column_roles_from_header_labels(labels, measure, role):
    assert classify_column(labels, measure, 2019 if "2019" in " ".join(labels) or "2020" in labels[0]
                           else 2021)[0] is role


def test_pasted_tabel_8_columns_and_rows():
    layout, rows, problems = read((FIXTURES / "seed001_tabel8.txt").read_text(encoding="utf-8"))
    roles = {c.index: c.role for c in layout.columns}
    assert layout.unsure == []
    assert roles[3] is roles[4] is roles[5] is Role.NAME  # the merged name header over the code cells
    assert (roles[6], roles[7], roles[8], roles[9]) == (Role.INDICATOR, Role.TARGET, Role.PAGU, Role.UNIT)
    by_line = {row.line: row for row in rows}
    first = by_line[7]
    assert (first.code, first.name, first.values[Role.TARGET].text, first.values[Role.PAGU].text) == (
        "01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "100%", "3.926.440.000")
    assert first.unit == "DinsosPM / Umum Kepegawaian"
    # "0 1 | 2.0 6. | 0 9" printed one cell to the right of the header: realigned on its content
    sub = by_line[19]
    assert sub.code_parts == ["01", "2.06", "09"] and sub.realigned
    assert sub.name == "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"
    assert (sub.values[Role.TARGET].text, sub.values[Role.PAGU].text) == ("4 Laporan", "21,000,000")
    # a category target and its pagu, one cell off
    desa = by_line[61]
    assert (desa.code, desa.indicator, desa.values[Role.TARGET].text) == ("4", "Kategori kelurahan",
                                                                          "Cepat Berkembang")
    # a wrapped line continues the row above it
    assert by_line[16].name == "Penyediaan Barang Cetak dan Penggandaan"
    assert by_line[30].indicator.endswith("dalam menunjang pelaksanaan kesejahteraan sosial")
    assert 18 in by_line[16].continued
    # the J U M L A H line is a total, not a row
    assert max(by_line) == 72
    texts = " ".join(p.text() for p in problems)
    assert "baris 18: baris lanjutan" in texts and "baris tidak sejajar" in texts


def test_kinerja_csv_labels_split_group_and_measure():
    header = ("1 Kode,4 Nama program,5 Indikator,6 Target kinerja tahun 2024 – Target (K),"
              "6 Target kinerja tahun 2024 – Target (satuan),7 Target kinerja tahun 2024 – Rp\n")
    layout, rows, _problems = read(header + "1.06.01,Program A,Persentase,100,%,1000000.00\n", "r.csv")
    assert [c.role for c in layout.columns] == [Role.CODE, Role.NAME, Role.INDICATOR, Role.TARGET,
                                                Role.TARGET_SATUAN, Role.PAGU]
    assert rows[0].values[Role.TARGET_SATUAN].text == "%"


def test_header_with_only_official_column_numbers():
    """1–8: the renja-rencana of seed 001 Tabel 8 (REPORTS.md §B, layout 2)."""
    layout, rows, _problems = read("\t".join("12345678") + "\n"
                                   + "\t".join(["1.06.01", "", "", "Program A", "Persentase", "100 %", "5.000",
                                                "Sekretariat"]) + "\n")
    assert layout.unsure == []
    assert [c.role for c in layout.columns] == [Role.CODE_PROGRAM, Role.CODE_KEGIATAN, Role.CODE_SUB, Role.NAME,
                                                Role.INDICATOR, Role.TARGET, Role.PAGU, Role.UNIT]
    assert layout.columns[0].note == "menurut nomor kolom resmi 1"
    assert (rows[0].code, rows[0].values[Role.PAGU].text) == ("1.06.01", "5.000")


def test_no_header_at_all_is_unsure():
    layout, _rows, _problems = read("1.06.01\tProgram A\tPersentase\t100 %\n1.06.02\tProgram B\tJumlah\t5\n")
    assert layout.unsure and "judul kolom tidak ditemukan" in layout.unsure[0]


def test_mapping_overrides_recognition():
    grid = load_grid(b"a\tb\tc\n1.06.01\tProgram A\t100\n", "x.txt", max_bytes=LIMIT)
    layout = recognise_layout(grid, 2024, mapping={1: "kode", 2: "nama", 3: "pagu"}, header_end=1)
    rows, _ = read_rows(grid, layout)
    assert layout.mapped and rows[0].code == "1.06.01" and rows[0].values[Role.PAGU].text == "100"


# -- refused before anything is read as a table --------------------------------------------------------------------


def test_empty_file():
    with pytest.raises(ImportReadError, match="berkas kosong"):
        load_grid(b"  \n\n", "kosong.csv", max_bytes=LIMIT)


def test_file_over_the_limit_is_refused_before_reading():
    with pytest.raises(ImportReadError, match=r"berkas 50,0 MB melebihi batas impor 20,0 MB \(IMPORT_MAX_BYTES\)"):
        load_grid(b"\x00" * (50 * 1024 * 1024), "besar.xlsx", max_bytes=LIMIT)


def test_non_utf8_csv_names_the_byte_and_where():
    data = b"Kode;Nama;Target\n1.06.01;Pemeliharaan gedung;100\n" + "1.06.02;Caf\u00e9;5\n".encode("cp1252")
    with pytest.raises(ImportReadError) as info:
        load_grid(data, "cp1252.csv", max_bytes=LIMIT)
    message = str(info.value)
    assert "bukan teks UTF-8" in message and "0xe9" in message and "baris 3, kolom 12" in message
    assert "tidak menebak" in message  # never read as cp1252 silently


def test_utf8_with_bom_is_read():
    grid = load_grid("\ufeffKode,Nama,Target\n1.06.01,Program A,100\n".encode(), "bom.csv", max_bytes=LIMIT)
    assert grid.rows[0].cells[0].text == "Kode"


def test_utf16_and_binary_are_refused():
    with pytest.raises(ImportReadError, match="UTF-16"):
        load_grid("Kode\tNama\n".encode("utf-16"), "u16.txt", max_bytes=LIMIT)
    with pytest.raises(ImportReadError, match="biner"):
        load_grid(b"Kode\x00Nama\x00\x01\x02", "x.bin", max_bytes=LIMIT)


def _xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode", "Nama", "Indikator", "Target"])
    for n in range(200):
        ws.append([f"1.06.{n % 90 + 10}", f"Program {n}", f"Indikator {n}", n])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_xlsx_is_refused(fraction):
    data = _xlsx()
    with pytest.raises(ImportReadError, match="XLSX rusak atau terpotong"):
        load_grid(data[: int(len(data) * fraction)], "potong.xlsx", max_bytes=LIMIT)


def test_text_without_columns_is_refused():
    with pytest.raises(ImportReadError, match="bukan tabel"):
        load_grid(b"Ini hanya kalimat.\nTanpa kolom apa pun.\n", "surat.txt", max_bytes=LIMIT)


def test_an_indicator_starting_like_a_summary_line_is_read_and_the_summary_lines_are_not():
    """Kinerja's own rencana export of dinsos-kukar 2021 prints program 0000.05 with the indicator *rata-rata
    nilai kinerja SKP*: the row is read (it was once left out as an average line, and the kegiatan under it had no
    parent). A total, average or predikat line without a code or a name is still left out."""
    text = ("Kode\tProgram/Kegiatan\tIndikator\tSatuan\tTarget\tPagu\n"
            "0000.05\tProgram Peningkatan Kapasitas Sumber Daya Aparatur\trata-rata nilai kinerja SKP\tnilai\t86\t"
            "180.000.000\n"
            "\tKegiatan tanpa kode\tPredikat SAKIP\tpredikat\tBB\t\n"
            "\t\tRata-Rata Capaian Kinerja (%)\t\t95%\t\n"
            "\tJumlah\t\t\t\t180.000.000\n"
            "\t\tPredikat kinerja\t\tSangat Tinggi\t\n")
    _layout, rows, _problems = read(text)
    assert [(r.code, r.name, r.indicator) for r in rows] == [
        ("0000.05", "Program Peningkatan Kapasitas Sumber Daya Aparatur", "rata-rata nilai kinerja SKP"),
        ("", "Kegiatan tanpa kode", "Predikat SAKIP")]
