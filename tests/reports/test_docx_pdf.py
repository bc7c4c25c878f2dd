"""Every catalog table as a DOCX and a PDF of its own (`kinerja report NAME --format docx|pdf`, the pages' downloads).

The files are made once for the module, one table per report from the demo data of Dinas Sosial Kutai Kartanegara
(LibreOffice converts each DOCX); every test reads them.
"""

import io
import re
import shutil

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from kinerja.cli import main
from kinerja.plan.models import Agency
from kinerja.reports.catalog import REPORTS
from tests.pdf_pages import ZWSP, broken_words, run, words_by_page, words_outside_margins
from tests.reports.samples import YEARS, agency_of

# Each report with a year the demo data holds it for (the tables' own years: seed 000 prints 2019 and 2021)
SOFFICE = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                             reason="needs LibreOffice and poppler-utils (dev/system-packages)")


def test_every_report_offers_docx_and_pdf():
    assert set(YEARS) == set(REPORTS)
    for report in REPORTS.values():
        assert {"docx", "pdf"} <= set(report.outputs)
        assert report.outputs["pdf"].content_type == "application/pdf"


@pytest.fixture(scope="module")
def files(django_db_setup, django_db_blocker):
    """Per report: its table, DOCX, and — with LibreOffice — its PDF, in Indonesian."""
    made = {}
    with django_db_blocker.unblock(), translation.override("id"):
        for name, year in YEARS.items():
            agency = Agency.objects.select_related("region").get(slug=agency_of(name))
            report = REPORTS[name]
            table = report.build(agency, year, layout=None, averaging=None)
            docx = report.outputs["docx"].write(table)
            pdf = report.outputs["pdf"].write(table) if shutil.which("soffice") else None
            made[name] = {"table": table, "docx": docx, "pdf": pdf, "document": Document(io.BytesIO(docx)),
                          "xlsx": report.outputs["xlsx"].write(table)}
    return made


def _cell_texts(document) -> list[str]:
    """As written, but a non-breaking space (between a figure and its "%") read as a space, and without the
    zero-width spaces that let a line break after a slash."""
    return [cell.text.replace("\xa0", " ").replace(ZWSP, "")
            for table in document.tables for row in table.rows for cell in row.cells]


@pytest.mark.parametrize("name", YEARS)
@pytest.mark.django_db
def test_docx_opens_with_title_agency_and_year_on_a4_landscape(files, name):
    made = files[name]
    document = made["document"]
    paragraphs = [p.text for p in document.paragraphs if p.text]
    agency = Agency.objects.get(slug=agency_of(name))
    assert paragraphs[1] == f"{agency.name} · Tahun {YEARS[name]}"
    assert paragraphs[3].startswith("Disusun oleh Kinerja dari data tersimpan pada ")
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert document.tables, name


@pytest.mark.parametrize("name", YEARS)
def test_docx_holds_every_figure_and_word_of_the_tables_xlsx(files, name):
    """Nothing laid out twice: the DOCX's cells are the texts the XLSX prints, numbers the Indonesian way."""
    from kinerja.documents.grid import grids_from_xlsx

    with translation.override("id"):
        grids = grids_from_xlsx(files[name]["xlsx"])
    expected = {cell.text.replace("\xa0", " ")
                for grid in grids for row in grid.rows for cell in row if cell is not None and cell.text}
    shown = set(_cell_texts(files[name]["document"]))
    assert expected - shown == set()
    # The crosswalk prints its old codes as the annex does ("27,011"): codes, not numbers.
    numbers = shown - {cell.text for grid in grids for row in grid.rows for cell in row
                       if cell is not None and name == "kode-lama" and re.fullmatch(r"\d+,\d{3}", cell.text)}
    assert not [t for t in numbers if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t)], "an English-formatted number"


@pytest.mark.parametrize("name", YEARS)
def test_every_table_repeats_its_header_rows_and_never_splits_a_row(files, name):
    for table in files[name]["document"].tables:
        rows = table._tbl.tr_lst
        header = [tr for tr in rows if tr.find(qn("w:trPr")) is not None
                  and tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None]
        assert header and rows[:len(header)] == header
        assert all(tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for tr in rows)


@SOFFICE
@pytest.mark.parametrize("name", YEARS)
def test_pdf_pages_are_a4_landscape_with_nothing_past_the_margins(files, name):
    pdf = files[name]["pdf"]
    pages = words_by_page(pdf)
    assert pages
    assert all(width > height and round(width) == 842 and round(height) == 595 for width, height, _ in pages)
    assert words_outside_margins(pdf) == []


@SOFFICE
@pytest.mark.parametrize("name", YEARS)
def test_no_word_of_the_pdf_is_broken_inside(files, name):
    """Each word LibreOffice printed is a word of the DOCX (or a piece of one broken after its hyphen, or after a
    slash, where the writer allows it with a zero-width space): a column
    too narrow for its header ("performan" / "ce") or for a figure ("1.234." / "567") would print a fragment."""
    assert broken_words(files[name]["document"], files[name]["pdf"]) == []


@SOFFICE
def test_pdf_pages_render_to_png(files, tmp_path):
    (tmp_path / "lkjip.pdf").write_bytes(files["lkjip"]["pdf"])
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(tmp_path / "lkjip.pdf"))).group(1))
    run("pdftoppm", "-r", "20", "-png", str(tmp_path / "lkjip.pdf"), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages >= 2
    assert all(image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for image in images)


def test_cli_writes_docx_in_english_on_request(db, tmp_path):
    out = tmp_path / "iku.docx"
    assert main(["report", "iku", "--agency", "dinsos-kukar", "--year", "2023", "--format", "docx", "--lang", "en",
                 "-o", str(out)]) == 0
    texts = [p.text for p in Document(str(out)).paragraphs if p.text]
    assert texts[0] == "Key Performance Indicators (IKU)"
    assert texts[1] == "Dinas Sosial Kabupaten Kutai Kartanegara · Year 2023"
    assert texts[3].startswith("Compiled by Kinerja from the stored data on ")


@SOFFICE
def test_cli_writes_pdf(db, tmp_path):
    out = tmp_path / "pk.pdf"
    assert main(["report", "pk", "--agency", "dinsos-kukar", "--year", "2023", "--format", "pdf",
                 "-o", str(out)]) == 0
    assert out.read_bytes()[:5] == b"%PDF-"
    assert "Perjanjian Kinerja" in run("pdftotext", str(out), "-")


def test_cli_pdf_without_libreoffice_says_what_is_missing_and_writes_nothing(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("kinerja.documents.pdf.soffice", lambda: None)
    out = tmp_path / "pk.pdf"
    assert main(["report", "pk", "--agency", "dinsos-kukar", "--year", "2023", "--format", "pdf",
                 "-o", str(out)]) != 0
    assert "LibreOffice (soffice) tidak terpasang" in capsys.readouterr().err
    assert not out.exists()


def test_cli_refuses_a_binary_format_to_a_terminal(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["report", "iku", "--agency", "dinsos-kukar", "--year", "2023", "--format", "docx"]) != 0
    assert "DOCX tidak ditulis ke terminal: beri --output FILE" in capsys.readouterr().err
