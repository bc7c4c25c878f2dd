"""The whole LKjIP 2023 of Dinas Sosial Kutai Kartanegara (seed 003) as PDF: laid out by LibreOffice, read back.

Made once for the module from the demo data as it stands (the narrative the demo holds for 2023, no test's own).
"""

import io
import shutil

import pytest
from docx import Document

from kinerja.documents.content import gather
from kinerja.documents.pdf import document_docx, docx_to_pdf, page_labels
from kinerja.plan import models as m
from tests.pdf_pages import broken_words, words_by_page, words_outside_margins

pytestmark = [
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                       reason="needs LibreOffice and poppler-utils (dev/system-packages)"),
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        agency = m.Agency.objects.select_related("region").get(slug="dinsos-kukar")
        docx = document_docx(gather(agency, "lkjip", 2023))
    pdf = docx_to_pdf(docx)
    return {"docx": docx, "pdf": pdf, "document": Document(io.BytesIO(docx))}


def test_portrait_chapters_and_landscape_tables(made):
    sizes = {(round(width), round(height)) for width, height, _words in words_by_page(made["pdf"])}
    assert sizes == {(595, 842), (842, 595)}


def test_pages_are_numbered_roman_then_arabic(made):
    labels = page_labels(made["pdf"])
    assert labels[0] == ""
    first_arabic = labels.index("1")
    assert all(label.isalpha() for label in labels[1:first_arabic])
    assert labels[first_arabic:] == [str(n) for n in range(1, len(labels) - first_arabic + 1)]


def test_nothing_is_cut_off_and_no_word_is_broken_inside(made):
    assert words_outside_margins(made["pdf"]) == []
    assert broken_words(made["document"], made["pdf"]) == []
