"""Reading a PDF back as poppler-utils sees it: for the tests that check what LibreOffice laid out."""

import html
import re
import shutil
import subprocess

CM = 72 / 2.54  # PDF points per centimetre
WORD = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="[\d.]+" '
                  r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


def run(program: str, *args: str, data: bytes | None = None) -> str:
    return subprocess.run([shutil.which(program), *args], input=data, capture_output=True, check=True).stdout.decode()


def words_by_page(pdf: bytes) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    """Per page its width, height and words as ``(x_min, x_max, text)``."""
    pages = []
    for match in WORD.finditer(run("pdftotext", "-bbox", "-", "-", data=pdf)):
        if match.group(1):
            pages.append((float(match.group(1)), float(match.group(2)), []))
        else:
            pages[-1][2].append((float(match.group(3)), float(match.group(4)), html.unescape(match.group(5))))
    return pages


def words_outside_margins(pdf: bytes, landscape_margin: float = 1.5 * CM,
                          portrait_margins: tuple[float, float] = (3.0 * CM, 2.5 * CM)) -> list[tuple]:
    """``(page, word, x_min, x_max)`` of every word that reaches past the left or right margin."""
    outside = []
    for number, (width, height, words) in enumerate(words_by_page(pdf), start=1):
        left, right = (landscape_margin, landscape_margin) if width > height else portrait_margins
        outside += [(number, text, x_min, x_max) for x_min, x_max, text in words
                    if x_min < left - 2 or x_max > width - right + 2]
    return outside


ZWSP = "\u200b"
LEADER = re.compile(r"\.{3,}[\divxl]*$")  # a daftar isi line's dots and page number, printed onto its last word
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
PUNCTUATION = "()[],.;:'\"%“”’*"


def broken_words(document, pdf: bytes) -> list[str]:
    """The words of the PDF that are no word of the python-docx ``document`` (its paragraphs and table cells), nor
    a piece of one broken after a hyphen, slash or comma, nor a page number: what a column too narrow prints."""
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    words = set()
    for text in texts:
        for word in text.replace("\xa0", " ").replace(ZWSP, "").split():
            pieces = re.split(r"(?<=[-/,])", word.strip(PUNCTUATION))  # "urusan/", "program/", "kegiatan"
            words.update("".join(pieces[i:j]).strip(PUNCTUATION)
                         for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1))
    printed = {LEADER.sub("", text.replace(ZWSP, "")).strip(PUNCTUATION)
               for _w, _h, page in words_by_page(pdf) for _a, _b, text in page}
    page_numbers = {str(n) for n in range(1, 1000)} | set(ROMAN)
    return sorted(printed - words - page_numbers - {""})
