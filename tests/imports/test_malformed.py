"""Malformed files give a clear error naming where, and the database stays as it was (``kinerja import``, exit
status 2)."""

import io

import pytest
from openpyxl import Workbook

from kinerja.cli import main

from .conftest import digest, stored


def run(capsys, path, *extra, year="2021", agency="dinsos-kukar"):
    code = main(["import", str(path), "--agency", agency, "--year", year, *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def xlsx(rows, title="Rencana") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def unchanged(db):
    before, fingerprint = stored(), digest()
    yield
    assert stored() == before, "a malformed file changed the database"
    assert digest() == fingerprint, "a malformed file changed a stored value"


def test_wrong_columns(tmp_path, capsys, unchanged):
    path = tmp_path / "salah.csv"
    path.write_text("Nama pegawai,Jabatan,Golongan\nBudi,Staf,III/a\nSiti,Kepala,IV/b\n", encoding="utf-8")
    code, out, err = run(capsys, path)
    assert code == 2
    assert "judul kolom tidak ditemukan" in out and "--map" in err


def test_text_in_a_number_cell_names_sheet_row_and_column(tmp_path, capsys, unchanged):
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(xlsx([["Kode", "Program/Kegiatan", "Indikator", "Target", "Pagu (Rp)"],
                           ["0000.01.001", "Penyediaan jasa komunikasi", "Jumlah rekening", 12, "dua ratus juta"]]))
    code, out, err = run(capsys, path, "--kind", "plan")
    assert code == 2
    assert ("GALAT: lembar 'Rencana', baris 2, kolom E (Pagu tahun N (Rp)): 'dua ratus juta' bukan jumlah rupiah"
            in out)
    assert "1 galat: tidak ada yang disimpan" in err


def test_duplicate_code_with_conflicting_values(tmp_path, capsys, unchanged):
    path = tmp_path / "ganda.csv"
    path.write_text("Kode,Kegiatan,Indikator,Target,Pagu\n"
                    "0000.01.001,Penyediaan jasa komunikasi,x,12,\"240.840.000\"\n"
                    "0000.01.003,Penyediaan jasa pemeliharaan,y,50,\"27.000.000\"\n"
                    "0000.01.001,Penyediaan jasa komunikasi,x,12,\"250.000.000\"\n", encoding="utf-8")
    code, out, _err = run(capsys, path, "--kind", "plan")
    assert code == 2
    assert ("GALAT: baris 4, kolom 5 (Pagu tahun N (Rp)): nilai ganda yang berbeda untuk Pagu tahun N (Rp): "
            "baris 2 240.840.000, baris ini 250.000.000") in out


def test_same_code_with_another_name(tmp_path, capsys, unchanged):
    path = tmp_path / "ganda.csv"
    path.write_text("Kode,Kegiatan,Indikator,Target\n0000.01.001,Penyediaan jasa komunikasi,x,12\n"
                    "0000.01.001,Penyediaan jasa lain,x,12\n", encoding="utf-8")
    code, out, _err = run(capsys, path, "--kind", "plan")
    assert code == 2 and "baris 3, kolom 1 (Kode (lengkap)): kode 0000.01.001 tertulis dua kali dengan nama" in out


def test_truncated_xlsx(tmp_path, capsys, unchanged):
    data = xlsx([["Kode", "Program", "Indikator", "Target"], *[[f"0000.01.{n:03}", "x", "y", n] for n in range(300)]])
    path = tmp_path / "potong.xlsx"
    path.write_bytes(data[: len(data) // 2])
    code, out, err = run(capsys, path)
    assert code == 2 and "potong.xlsx: buku kerja XLSX rusak atau terpotong" in err and out == ""


def test_empty_file(tmp_path, capsys, unchanged):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    code, _out, err = run(capsys, path)
    assert code == 2 and "kosong.csv: berkas kosong" in err


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, capsys, settings, unchanged, monkeypatch):
    path = tmp_path / "besar.xlsx"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB of nothing: sparse, never read
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("the file was read"))
    code, _out, err = run(capsys, path)
    assert code == 2
    assert f"berkas {50 * 1024 * 1024} bita melebihi batas impor {20 * 1024 * 1024} bita (IMPORT_MAX_BYTES)" in err
    monkeypatch.undo()
    settings.IMPORT_MAX_BYTES = 60 * 1024 * 1024
    code, _out, err = run(capsys, path)
    assert code == 2 and "melebihi batas" not in err and "XLSX rusak" in err  # now read, and refused as such


def test_csv_that_is_not_utf8(tmp_path, capsys, unchanged):
    path = tmp_path / "excel-lama.csv"
    path.write_bytes("Kode;Kegiatan;Indikator;Target\n0000.01.001;Penyediaan jasa;Jumlah rekening;12\n"
                     "0000.01.003;Perizinan kendaraan dinas (STNK/BPKB) — biaya;Jumlah;5\n".encode("cp1252"))
    code, _out, err = run(capsys, path)
    assert code == 2
    assert "bukan teks UTF-8 — bita 0x97 pada baris 3, kolom 51" in err and "tidak menebak" in err


def test_unknown_agency_and_a_year_outside_the_renstra(tmp_path, capsys, unchanged):
    path = tmp_path / "r.csv"
    path.write_text("Kode,Kegiatan,Indikator,Target\n0000.01.001,x,y,1\n", encoding="utf-8")
    code, _out, err = run(capsys, path, agency="tidak-ada")
    assert code == 2 and "dinsos-kukar" in err
    code, _out, err = run(capsys, path, year="2030")
    assert code == 2 and "tahun 2030 tidak termasuk periode Renstra dinsos-kukar (2016–2021" in err


REALISATIONS = ("Kode,Kegiatan,Indikator,Realisasi TW I,Realisasi TW I (Rp)\n"
                "0106.27.001,x,Jumlah anak dan perempuan korban tindak kekerasan dan perlakuan salah yang menerima "
                'rehabilitasi psikososial (orang),10,"20.000.000"\n')


def test_valid_rows_beside_a_malformed_one_are_not_written(tmp_path, capsys, kukar):
    """All or nothing: the valid realisations of a file with one bad cell are not written (the digest of every
    table is unchanged); the same file without the bad row writes them (so the digest does see a change)."""
    path = tmp_path / "tw1.csv"
    path.write_text(REALISATIONS + "0106.27,Program Rehabilitasi Sosial Bagi PMKS,Persentase PMKS yang tertangani,"
                    "empat puluh,\n", encoding="utf-8")
    before, fingerprint = stored(), digest()
    code, out, err = run(capsys, path, "--quarter", "1")
    assert code == 2
    assert out.startswith("Berkas tw1.csv: impor realisasi tahun 2021")
    assert "GALAT: baris 3, kolom 4 (Realisasi TW I (K)): 'empat puluh' bukan angka" in out
    assert "1 galat: tidak ada yang disimpan" in err
    assert (stored(), digest()) == (before, fingerprint)
    path.write_text(REALISATIONS, encoding="utf-8")
    code, out, _err = run(capsys, path, "--quarter", "1")
    assert code == 0 and "2 perubahan disimpan dalam satu transaksi" in out
    assert digest() != fingerprint
