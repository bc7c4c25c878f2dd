"""Files are bounded before they are parsed: an XLSX, DOCX or ZIP that would cost a parser gigabytes (a zip bomb, a
hundred thousand parts, a sheet declaring A1:XFD1048576, an XML entity bomb) is refused by ``kinerja.files`` from
the zip's directory and the first bytes of each part — by the verifier, the import and the evidence upload, on the
command line and the web — in well under a second and a few megabytes, before openpyxl is ever called.

The bombs are built here. The large ones are written as raw deflate blocks, each 1 MB of the same text compressed
once and repeated (a full flush makes every block independent), so a 1.5 GB part is written in a second without
ever being held in memory; deflate's ratio is at most about 1 030:1, so that part takes 1.6 MB.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kinerja import files
from kinerja.cli import main
from kinerja.imports.models import ImportJob
from kinerja.plan import models as m
from kinerja.realisation.evidence import EvidenceError, check_evidence
from kinerja.realisation.models import AuditEntry
from kinerja.verify import TableReadError, read_bytes

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
OOXML = "http://schemas.openxmlformats.org"
RELATIONS = f"{OOXML}/officeDocument/2006/relationships"
# The smallest workbook openpyxl reads: no styles, theme or properties.
WORKBOOK = {
    "[Content_Types].xml": f'<Types xmlns="{OOXML}/package/2006/content-types"><Default Extension="rels" '
                           'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
                           'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                           'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                           '</Types>',
    "_rels/.rels": f'<Relationships xmlns="{OOXML}/package/2006/relationships"><Relationship Id="rId1" '
                   f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{OOXML}/spreadsheetml/2006/main" xmlns:r="{RELATIONS}"><sheets>'
                       '<sheet name="Tabel" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{OOXML}/package/2006/relationships"><Relationship '
                                  f'Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
                                  '</Relationships>',
}
SHEET_HEAD = f'<worksheet xmlns="{OOXML}/spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData>'.encode()
TABLE = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Program</t></is></c><c r="B1" t="inlineStr"><is><t>Pagu (Rp)'
         b'</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Program A</t></is></c><c r="B2"><v>1000</v>'
         b"</c></row>")
SHEET_TAIL = b"</sheetData></worksheet>"
DOCX_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
             b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
DOCX_TAIL = b"</w:body></w:document>"
BEFORE = "ditolak sebelum dibaca"


# -- writing a zip by hand: parts of raw deflate blocks, repeated -------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A zip entry: ``blocks`` are (bytes as stored, times repeated); ``size`` and ``crc`` of what they unpack to."""

    name: str
    blocks: tuple[tuple[bytes, int], ...]
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED

    @property
    def packed(self) -> int:
        return sum(len(block) * times for block, times in self.blocks)


def stored(name: str, data: bytes) -> Part:
    return Part(name, ((data, 1),), len(data), zlib.crc32(data), zipfile.ZIP_STORED)


def deflated(name: str, data: bytes) -> Part:
    return repeated(name, data, b"", 0, b"")


def repeated(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> Part:
    """head + chunk × times + tail, deflated: the chunk is compressed once."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)
    middle = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    last = deflate.compress(tail) + deflate.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return Part(name, ((first, 1), (middle, times), (last, 1)), len(head) + len(chunk) * times + len(tail),
                zlib.crc32(tail, crc))


def write_zip(path: Path, parts: list[Part]) -> Path:
    """Local headers and data, the central directory, and its end record (zip64 past 65 535 entries)."""
    directory, offset = [], 0
    with path.open("wb") as out:
        for part in parts:
            name = part.name.encode()
            fields = (20, 0, part.method, 0, 33, part.crc, part.packed, part.size, len(name))
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + name)
            for block, times in part.blocks:
                for _ in range(times):
                    out.write(block)
            directory.append(struct.pack("<4sH5H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + name)
            offset = out.tell()
        out.write(b"".join(directory))
        size, count = out.tell() - offset, len(parts)
        if count > 0xFFFF:
            zip64_at = out.tell()
            out.write(struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, offset))
            out.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, zip64_at, 1))
            count = 0xFFFF
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, offset, 0))
    return path


def workbook(sheet: Part | bytes, extra: list[Part] = ()) -> list[Part]:
    """The smallest workbook around ``sheet`` (a part, or the sheet's XML), then ``extra`` parts."""
    parts = [deflated(name, text.encode()) for name, text in WORKBOOK.items()]
    return [*parts, sheet if isinstance(sheet, Part) else deflated(SHEET, sheet), *extra]


# -- the bombs -----------------------------------------------------------------------------------------------------


def dimension_bomb(path: Path) -> Path:
    """1–2 KB: the sheet declares A1:XFD1048576, and 50 000 empty rows follow; openpyxl pads each row it reads to
    the declared 16 384 columns, 800 million empty cells."""
    sheet = SHEET_HEAD.replace(b"A1:B2", b"A1:XFD1048576") + TABLE + b"<row/>" * 50_000
    return write_zip(path, workbook(sheet + SHEET_TAIL))


def deep_bomb(path: Path) -> Path:
    """A 1.6 MB workbook whose third row holds 1.5 GB of empty cells (400 million: openpyxl lists them all)."""
    sheet = repeated(SHEET, SHEET_HEAD + TABLE + b"<row>", b"<c/>" * (MB // 4), 1536, b"</row>" + SHEET_TAIL)
    return write_zip(path, workbook(sheet))


def wide_bomb(path: Path) -> Path:
    """A workbook of 100 000 empty parts beside its own."""
    return write_zip(path, workbook(SHEET_HEAD + TABLE + SHEET_TAIL, [stored(f"x/{n}", b"") for n in range(100_000)]))


def entity_bomb(path: Path, padding: int = 0) -> Path:
    """The sheet's XML opens with a billion-laughs DOCTYPE, after ``padding`` bytes of comment."""
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    doctype = f'<!DOCTYPE w [<!ENTITY l0 "lollollollollol">{entities}]>'.encode()
    comment = b"<!--" + b"x" * padding + b"-->" if padding else b""
    table = TABLE.replace(b"<t>Program A</t>", b"<t>&l9;</t>")
    return write_zip(path, workbook(comment + doctype + SHEET_HEAD + table + SHEET_TAIL))


def docx_bomb(path: Path) -> Path:
    """A small DOCX whose document unpacks to 150 MB of empty paragraphs."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    archive = zipfile.ZipFile(buffer)
    body = repeated("word/document.xml", DOCX_HEAD, b"<w:p/>" * (MB // 6), 150, DOCX_TAIL)
    return write_zip(path, [body if name == "word/document.xml" else deflated(name, archive.read(name))
                            for name in archive.namelist()])


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {"dimension": dimension_bomb(folder / "dimensi.xlsx"), "deep": deep_bomb(folder / "dalam.xlsx"),
            "wide": wide_bomb(folder / "lebar.xlsx"), "entity": entity_bomb(folder / "entitas.xlsx"),
            "docx": docx_bomb(folder / "bukti.docx")}


# What each bomb is refused for, in the reader's words.
REASONS = {
    "dimension": "lembar xl/worksheets/sheet1.xml menyatakan ukuran A1:XFD1048576 (1048576 baris × 16384 kolom)",
    "deep": "isi arsip 1537 MB setelah dibuka, lebih dari batas 200 MB (bom zip)",
    "wide": "arsip berisi 100005 bagian, lebih dari batas 2000",
    "entity": "bagian xl/worksheets/sheet1.xml memuat deklarasi DOCTYPE (bom entitas XML)",
    "docx": "bagian word/document.xml dimampatkan ",
}


def test_the_bombs_are_what_they_claim(bombs, tmp_path):
    sizes = {name: path.stat().st_size for name, path in bombs.items()}
    assert sizes["dimension"] < 2048 and sizes["deep"] < 2 * MB and sizes["docx"] < 300_000
    assert zipfile.ZipFile(bombs["deep"]).getinfo(SHEET).file_size > 1.5e9
    with zipfile.ZipFile(bombs["deep"]).open(SHEET) as part:  # a genuine stream: it unpacks as declared
        start = SHEET_HEAD + TABLE + b"<row>"
        assert part.read(len(start) + 8) == start + b"<c/><c/>"
    assert len(zipfile.ZipFile(bombs["wide"]).infolist()) == 100_005
    assert zipfile.ZipFile(bombs["docx"]).getinfo("word/document.xml").file_size > 150e6
    # Without its bomb, the workbook around each is a table the verifier reads.
    plain = write_zip(tmp_path / "biasa.xlsx", workbook(SHEET_HEAD + TABLE + SHEET_TAIL))
    assert [row.texts() for row in read_bytes(plain.read_bytes(), "biasa.xlsx").rows] == [
        ["Program", "Pagu (Rp)"], ["Program A", "1000"]]


# -- refused before parsing, measured in a process of its own ---------------------------------------------------

PROBE = r"""
import json, resource, sys, time, tracemalloc
import django
reader, path = sys.argv[1], sys.argv[2]
resource.setrlimit(resource.RLIMIT_CPU, (30, 30))  # an unguarded parser would run for hours,
resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))  # and take the machine's memory
django.setup()
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from kinerja.imports.reading import load_grid
from kinerja.realisation.evidence import check_evidence
from kinerja.verify.reading import read_bytes

parsed = []
real_load = openpyxl.load_workbook
def spy(*args, **kwargs):
    parsed.append(True)
    return real_load(*args, **kwargs)
openpyxl.load_workbook = spy

data = open(path, "rb").read()
name = path.rsplit("/", 1)[-1]
read = {"verify": lambda: read_bytes(data, name), "import": lambda: load_grid(data, name, max_bytes=20 * 2**20),
        "evidence": lambda: check_evidence(SimpleUploadedFile(name, data))}[reader]
peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
cpu_before = time.process_time()
try:
    read()
    message = None
except Exception as exc:
    message = exc.message("id") if hasattr(exc, "message") else str(exc)
cpu = time.process_time() - cpu_before
print(json.dumps({"message": message, "parsed": bool(parsed), "cpu": cpu,
                  "allocated_mb": tracemalloc.get_traced_memory()[1] / 2**20,
                  "growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def probe(reader: str, path: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kinerja.settings_test"}
    done = subprocess.run([sys.executable, "-c", PROBE, reader, str(path)], capture_output=True, text=True,
                          timeout=120, env=env, check=False)
    assert done.returncode == 0, f"the reader did not survive {path.name}: {done.returncode} {done.stderr[-2000:]}"
    return json.loads(done.stdout)


@pytest.mark.parametrize(("bomb", "reader"), [
    ("dimension", "verify"), ("deep", "verify"), ("wide", "verify"), ("entity", "verify"),
    ("dimension", "import"), ("deep", "import"), ("wide", "import"),
    ("docx", "evidence"), ("deep", "evidence"), ("wide", "evidence"),
])
def test_a_bomb_is_refused_before_it_is_parsed(bombs, bomb, reader):
    result = probe(reader, bombs[bomb])
    print(f"{bomb} via {reader}: cpu {result['cpu'] * 1000:.1f} ms, allocated {result['allocated_mb']:.2f} MB, "
          f"peak RSS +{result['growth_mb']:.1f} MB (process {result['peak_mb']:.0f} MB)")
    assert result["message"] and bombs[bomb].name in result["message"] and REASONS[bomb] in result["message"]
    assert BEFORE in result["message"]
    assert not result["parsed"], "openpyxl was called: the refusal did not come from the pre-check"
    assert result["cpu"] < 1.0
    assert result["allocated_mb"] < 16 and result["growth_mb"] < 30


def test_an_entity_bomb_hidden_past_the_head_is_still_refused_cheaply(tmp_path):
    """A comment longer than the head read pushes the DOCTYPE out of the pre-check's sight: the parser meets it,
    and expat (≥ 2.4) stops the expansion at its amplification limit."""
    result = probe("verify", entity_bomb(tmp_path / "entitas-jauh.xlsx", padding=files.HEAD_BYTES + 10))
    print(f"entity bomb past the head: cpu {result['cpu'] * 1000:.0f} ms, peak RSS +{result['growth_mb']:.1f} MB")
    assert result["message"] and "entitas-jauh.xlsx" in result["message"]
    assert result["cpu"] < 2.0 and result["growth_mb"] < 100


def test_a_sheet_without_a_dimension_is_bounded_while_it_is_read(tmp_path):
    """No <dimension>: openpyxl pads each row to its last cell (here XFD, 16 384); the reader counts what it is
    handed and stops at MAX_CELLS."""
    rows = b'<row><c r="XFD1"/></row>' * 200
    sheet = SHEET_HEAD.replace(b'<dimension ref="A1:B2"/>', b"") + TABLE + rows + SHEET_TAIL
    path = write_zip(tmp_path / "tanpa-dimensi.xlsx", workbook(sheet))
    with pytest.raises(TableReadError) as refused:
        read_bytes(path.read_bytes(), path.name)
    assert refused.value.message("id") == "tanpa-dimensi.xlsx: lembar Tabel lebih dari 2000000 sel"
    assert refused.value.message("en") == "tanpa-dimensi.xlsx: sheet Tabel has more than 2000000 cells"


def test_real_files_pass(tmp_path):
    """Kinerja's own exports, a 10 000-row write-only workbook as the benchmark imports and a DOCX pass."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Renja")
    sheet.append(["Kode", "Program", "Indikator", "Satuan", "Target", "Pagu"])
    for n in range(10_000):
        sheet.append([f"1.06.01.2.01.{n:04d}", "Penyediaan jasa komunikasi, sumber daya air dan listrik",
                      "Jumlah rekening listrik, air, telepon dan internet", "bulan", 12, 250_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    files.check_workbook(buffer.getvalue(), "rencana.xlsx")
    assert len(read_bytes(buffer.getvalue(), "rencana.xlsx").rows) == 10_001
    from docx import Document

    document = io.BytesIO()
    Document().save(document)
    document.seek(0)
    files.check_zip(document, "bukti.docx")
    assert document.tell() == 0


def test_the_reason_is_in_the_readers_language(bombs):
    with pytest.raises(TableReadError) as refused:
        read_bytes(bombs["dimension"].read_bytes(), "dimensi.xlsx")
    assert refused.value.message("en").startswith("dimensi.xlsx: refused before reading: sheet xl/worksheets/")
    assert "more than the limit of 100000 rows, 500 columns and 2000000 cells" in refused.value.reason_in("en")
    assert refused.value.reason_in("id").startswith(BEFORE)


# -- the command line and the web --------------------------------------------------------------------------------


@pytest.mark.parametrize("bomb", ["dimension", "deep", "wide"])
def test_kinerja_verify_exits_2_naming_the_file(bombs, bomb, capsys):
    assert main(["verify", str(bombs[bomb])]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kinerja verify: {bombs[bomb]}: {BEFORE}") and REASONS[bomb] in err


def test_kinerja_verify_says_it_in_english(bombs, capsys):
    assert main(["verify", str(bombs["wide"]), "--lang", "en"]) == 2
    assert "refused before reading: the archive holds 100005 parts, more than the limit of 2000" in \
        capsys.readouterr().err


def stored_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (m.PlanElement, m.Target, m.Budget, AuditEntry, ImportJob))


@pytest.mark.parametrize("bomb", ["dimension", "deep", "wide"])
def test_kinerja_import_exits_2_and_writes_nothing(bombs, bomb, kukar, capsys):
    before = stored_counts()
    code = main(["import", str(bombs[bomb]), "--agency", "dinsos-kukar", "--year", "2021"])
    captured = capsys.readouterr()
    assert code == 2 and f"{bombs[bomb].name}: {BEFORE}: {REASONS[bomb]}" in captured.err
    assert stored_counts() == before


@pytest.fixture
def planner(client, perencana_kukar):
    client.force_login(perencana_kukar)
    return client


@pytest.mark.parametrize("bomb", ["dimension", "deep", "wide", "entity"])
def test_the_verifier_page_refuses_a_bomb(planner, bombs, bomb):
    upload = SimpleUploadedFile(bombs[bomb].name, bombs[bomb].read_bytes())
    response = planner.post(reverse("verify-table"), {"table": upload, "output": "page"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{bombs[bomb].name} tidak dapat dibaca sebagai tabel: {BEFORE}: {REASONS[bomb]}" in html


def test_the_verifier_page_refuses_in_english(planner, bombs):
    planner.post(reverse("set_language"), {"language": "en", "next": "/"})
    upload = SimpleUploadedFile("lebar.xlsx", bombs["wide"].read_bytes())
    html = planner.post(reverse("verify-table"), {"table": upload, "output": "xlsx"}).content.decode()
    assert "refused before reading: the archive holds 100005 parts, more than the limit of 2000" in html


@pytest.mark.parametrize("bomb", ["dimension", "deep", "wide"])
def test_the_import_page_refuses_a_bomb_and_stores_nothing(planner, bombs, bomb, settings, tmp_path, monkeypatch):
    from kinerja.imports import jobs

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(jobs, "launch", jobs.run)
    before = stored_counts()
    upload = SimpleUploadedFile(bombs[bomb].name, bombs[bomb].read_bytes())
    response = planner.post(reverse("import-plan", args=["dinsos-kukar"]), {"year": "2021", "file": upload})
    assert response.status_code in (200, 400)
    assert f"{bombs[bomb].name}: {BEFORE}: {REASONS[bomb]}" in response.content.decode()
    assert stored_counts() == before and not (tmp_path / "media").exists()


def test_an_evidence_bomb_is_refused_and_a_real_docx_is_not(bombs):
    with pytest.raises(EvidenceError, match=f"bukti.docx: {BEFORE}: {REASONS['docx']}"):
        check_evidence(SimpleUploadedFile("bukti.docx", bombs["docx"].read_bytes()))
    from docx import Document

    document = io.BytesIO()
    Document().save(document)
    upload = SimpleUploadedFile("laporan.docx", document.getvalue())
    assert check_evidence(upload).endswith(".docx") and upload.tell() == 0
