"""The shared CSV writer: plain numbers, one header row, and no formula a spreadsheet would run."""

import csv
import io
from decimal import Decimal

import pytest

from kinerja.reports.csv_export import neutralise, write_csv


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("Penyediaan Jasa", "Penyediaan Jasa"),
        ("1.06.01", "1.06.01"),
        ("", ""),
    ],
)
def test_formula_injection_is_neutralised(text, written):
    assert neutralise(text) == written


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_text_cells_and_header_are_neutralised_numbers_are_not():
    data = write_csv(["1 Kode", "=cmd|' /C calc'!A0"], [["=SUM(A1)", Decimal("-2.50")], ["@x", Decimal("1E+2")],
                                                        ["+1", None], ["-2", 7]])
    assert read(data) == [["1 Kode", "'=cmd|' /C calc'!A0"], ["'=SUM(A1)", "-2.50"], ["'@x", "100"], ["'+1", ""],
                          ["'-2", "7"]]


def test_decimals_are_plain_with_a_point_and_quoted_where_needed():
    data = write_csv(["a", "b"], [[Decimal("1452040000.00"), "Penyediaan Jasa Komunikasi, Sumber Daya Air"]])
    assert data.decode("utf-8") == 'a,b\r\n1452040000.00,"Penyediaan Jasa Komunikasi, Sumber Daya Air"\r\n'


def test_booleans_are_refused():
    with pytest.raises(TypeError):
        write_csv(["a"], [[True]])
