"""The whole Renja 2021 of Dinas Sosial Kutai Kartanegara (seed 000) as DOCX and as PDF.

The document is made once for the module (LibreOffice lays it out twice: once for the daftar isi's page numbers,
once for the PDF); every test reads it.
"""

import io
import re
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from kinerja.documents.content import gather
from kinerja.documents.pdf import document_docx, docx_to_pdf, locate, page_labels, page_texts
from kinerja.documents.spec import RENJA
from kinerja.documents.words import long_date
from kinerja.documents.writer import toc_entries
from kinerja.plan import models as m
from kinerja.plan.services import save_narrative
from tests.pdf_pages import CM, broken_words, run, words_by_page, words_outside_margins

pytestmark = [
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                       reason="needs LibreOffice and poppler-utils (dev/system-packages)"),
    pytest.mark.django_db,  # so that the test database is set up before the module's document is made
]

BACKGROUND = "Latar belakang uji: Renja ini menjabarkan Renstra 2016–2021 ke dalam rencana tahunan."
PREFACE = "Kata pengantar uji yang ditulis perencana."
ANALYSIS = "Analisis uji: target surat menyurat tercapai penuh."


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    """The DOCX and PDF of the Renja 2021, with a stored background, preface and one indicator's analysis."""
    with django_db_blocker.unblock(), transaction.atomic():
        agency = m.Agency.objects.select_related("region").get(slug="dinsos-kukar")
        user = get_user_model().objects.get(username="perencana.kukar")
        for section, text in (("latar_belakang", BACKGROUND), ("kata_pengantar", PREFACE)):
            stored = m.Narrative.objects.filter(agency=agency, year=2021, document="renja", section=section)
            latest = stored.order_by("-number").values_list("number", flat=True).first()  # the demo's text
            save_narrative(user, agency, 2021, section, text, document="renja", based_on=latest)
        indicator = m.Indicator.objects.get(name="Jumlah surat", element__strategic_plan__agency=agency)
        save_narrative(user, agency, 2019, "analisis", ANALYSIS, indicator=indicator)
        content = gather(agency, "renja", 2021, appendix=True)
        docx = document_docx(content)
        transaction.set_rollback(True)
    pdf = docx_to_pdf(docx)
    return {"content": content, "docx": docx, "pdf": pdf, "document": Document(io.BytesIO(docx)),
            "pages": page_texts(pdf), "labels": page_labels(pdf)}


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_docx_has_the_cover_the_front_matter_and_every_chapter(made):
    texts = _texts(made["document"])
    assert "RENCANA KERJA (RENJA)\nPERANGKAT DAERAH" in texts
    assert "DINAS SOSIAL KABUPATEN KUTAI KARTANEGARA" in texts and "TAHUN 2021" in texts
    assert "PEMERINTAH KABUPATEN KUTAI KARTANEGARA" in texts
    headings = [p.text for p in made["document"].paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["KATA PENGANTAR", "DAFTAR ISI", "DAFTAR TABEL"]
    assert [h for h in headings if h.startswith("BAB")] == [
        "BAB I\nPENDAHULUAN", "BAB II\nHASIL EVALUASI PELAKSANAAN RENJA PERANGKAT DAERAH TAHUN LALU",
        "BAB III\nTUJUAN DAN SASARAN PERANGKAT DAERAH", "BAB IV\nRENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH",
        "BAB V\nPENUTUP"]
    sections = [p.text for p in made["document"].paragraphs if p.style.name == "Heading 2"]
    assert sections[:5] == [
        "1.1 Latar Belakang", "1.2 Landasan Hukum", "1.3 Maksud dan Tujuan", "1.4 Sistematika Penulisan",
        "2.1 Evaluasi Pelaksanaan Renja Tahun Lalu dan Capaian Renstra"]


def test_stored_narrative_stands_in_its_place_and_a_missing_one_is_noted(made, no_layout_pass):
    texts = _texts(made["document"])
    assert texts[texts.index("1.1 Latar Belakang") + 1] == BACKGROUND  # the planner's version replaces the demo's
    # the demo's landasan hukum, one regulation a paragraph, as the seed lists them
    first, last = texts[texts.index("1.2 Landasan Hukum") + 2], texts[texts.index("1.3 Maksud dan Tujuan") - 1]
    assert first.startswith("1. Undang-undang Republik Indonesia Nomor 9 Tahun 1961")
    assert last.startswith("38. Peraturan Daerah Kabupaten Kutai Kartanegara Nomor 7 Tahun 2016")
    assert PREFACE in texts and not any(t.startswith("[Teks baku Kinerja") for t in texts)
    assert any(ANALYSIS in t for t in texts)
    m.Narrative.objects.filter(document="renja", year=2021, section="landasan_hukum").delete()
    content = gather(made["content"].agency, "renja", 2021)
    texts = [p.text for p in Document(io.BytesIO(document_docx(content))).paragraphs]
    assert texts[texts.index("1.2 Landasan Hukum") + 1].startswith("[Belum diisi: landasan hukum")


def test_tables_of_the_catalog_are_in_their_chapters_and_missing_ones_are_noted(made):
    from kinerja.reports.catalog import REPORTS

    texts = _texts(made["document"])
    captions = [t for t in texts if t.startswith("Tabel ")]
    assert any(c.startswith("Tabel 1 Evaluasi Hasil Pelaksanaan Renja") and "bagian 1 dari" in c for c in captions)
    assert any(c.startswith("Tabel 8 Rencana program dan kegiatan") for c in captions)
    body = texts[texts.index("BAB I\nPENDAHULUAN"):]
    chapter_iv = body.index("BAB IV\nRENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH")
    plan_table = next(i for i, t in enumerate(body) if t.startswith("Tabel 8 "))
    assert chapter_iv < body.index("4.2 Pendanaan") < plan_table  # seed 001's Tabel 8 stands in its 4.2
    for _section, table in RENJA.tables():
        if table.report not in REPORTS:
            name = table.printed[0].title["id"].split("%")[0]
            assert any(t.startswith("[") and name in t and "belum dapat disusun" in t for t in texts), table.report


def _cell_texts(document) -> set[str]:
    return {cell.text for table in document.tables for row in table.rows for cell in row.cells}


def test_figures_are_printed_the_indonesian_way(made):
    cells = _cell_texts(made["document"])
    assert "13.083.687.000" in cells  # col 5 Rp of Program Pelayanan Administrasi Perkantoran
    assert "89,20\u00a0%" in cells  # its capaian: never broken between the figure and the sign
    assert "12.689.140.660" in cells  # the 2021 total pagu


def _sections_of_tables(document):
    """Each table with the section (page set-up) it stands in."""
    body = document.element.body
    sections = document.sections
    index, found = 0, []
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            found.append((child, sections[index]))
        elif child.tag == qn("w:p") and child.find(qn("w:pPr")) is not None and \
                child.find(qn("w:pPr")).find(qn("w:sectPr")) is not None:
            index += 1
    return found


def test_every_table_is_in_a_landscape_section_and_exactly_as_wide_as_its_text(made):
    tables = _sections_of_tables(made["document"])
    assert len(tables) >= 4  # evaluation (two parts), plan, appendix
    for table, section in tables:
        assert section.page_width > section.page_height  # A4 landscape
        text_width = (section.page_width - section.left_margin - section.right_margin) // 635
        grid = [int(c.get(qn("w:w"))) for c in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
        assert sum(grid) == text_width
        props = table.find(qn("w:tblPr"))
        assert props.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        first_row = table.find(qn("w:tr"))
        assert first_row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeated on every page


def test_signature_block_names_the_head_with_rank_and_nip(made):
    texts = _texts(made["document"])
    today = long_date(timezone.localdate())
    assert texts.count(f"Tenggarong, {today}") == 2  # under the kata pengantar and under BAB V, as seed 000 signs
    assert texts.count("Ir. Didi Ranyadi, MM") == 2
    assert "Pembina Utama Muda" in texts and "NIP. 19640710 199301 1 001" in texts
    assert "Kepala Dinas Sosial Kabupaten Kutai Kartanegara," in texts


def test_appendix_lists_printed_figures_that_differ_from_the_rules(made):
    cells = _cell_texts(made["document"])
    assert "13 Rp" in cells and "89.23%" in cells  # seed 000 printed 89.23% where the rules give 86,19
    assert "tidak sama dengan jumlah rincian di bawahnya" in cells


def test_libreoffice_makes_a_pdf_whose_pages_render_to_png(made, tmp_path):
    info = run("pdfinfo", "-", data=made["pdf"])
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 20 <= pages <= 130
    assert len(made["pages"]) == pages
    (tmp_path / "renja.pdf").write_bytes(made["pdf"])
    run("pdftoppm", "-r", "20", "-png", str(tmp_path / "renja.pdf"), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    assert all(image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for image in images)


def test_pages_are_numbered_roman_then_arabic_and_the_daftar_isi_matches_them(made):
    labels = made["labels"]
    assert labels[0] == ""  # the cover
    assert labels[1:4] == ["i", "ii", "iii"]  # kata pengantar, daftar isi, daftar tabel
    arabic = labels[4:]
    assert arabic == [str(n) for n in range(1, len(arabic) + 1)]
    found = locate(toc_entries(made["content"]), made["pages"], labels)
    texts = _texts(made["document"])
    contents = texts[texts.index("DAFTAR ISI"):texts.index("BAB I\nPENDAHULUAN")]
    for entry in toc_entries(made["content"]):
        line = next(t for t in contents if t.startswith(entry.text + "\t"))
        assert line == f"{entry.text}\t{found[entry.key]}", entry.key
    assert found["bab-I"] == "1"


def test_nothing_is_cut_off_every_word_stays_inside_the_margins(made):
    assert words_outside_margins(made["pdf"]) == []


def test_every_page_of_the_plan_table_repeats_its_header_and_shows_its_last_column(made):
    amount = re.compile(r"^\d{1,3}(\.\d{3})+$")
    plan_pages = 0
    for width, height, words in words_by_page(made["pdf"]):
        texts = [w[2] for w in words]
        if texts.count("Prakiraan") == 0 or "Catatan" not in texts:
            continue
        plan_pages += 1
        assert width > height
        right_edge = width - 1.5 * CM
        last_column = [w for w in words if amount.match(w[2]) and w[1] > right_edge - 1.0 * CM]
        assert last_column, "no pagu in the last column on a page of the plan table"
    assert plan_pages >= 3


def test_no_word_is_broken_inside(made):
    assert broken_words(made["document"], made["pdf"]) == []
