"""The verifier's XLSX written by XlsxWriter is the workbook openpyxl wrote: every cell's value, fill, font,
alignment and comment, widths and panes, on both sheets, for each seed table the tests verify and a hostile one."""

from pathlib import Path

import pytest

from kinerja.verify import verify_bytes
from kinerja.verify.output import to_xlsx, to_xlsx_openpyxl
from kinerja.verify.reading import TableReadError
from tests.reports.test_xlsx_writers import assert_same_book

from .test_xlsx_no_formulas import TABLE

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.txt"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_seed_tables_are_written_alike(path, lang):
    try:
        report = verify_bytes(path.read_bytes(), path.name, lang)
    except TableReadError:
        pytest.skip(f"{path.name} is not a table the verifier checks")
    assert assert_same_book(to_xlsx_openpyxl(report), to_xlsx(report)) > 20


def test_a_hostile_table_with_findings_is_written_alike():
    report = verify_bytes(TABLE.encode(), "tabel.txt", "id")
    assert report.findings
    assert_same_book(to_xlsx_openpyxl(report), to_xlsx(report))
