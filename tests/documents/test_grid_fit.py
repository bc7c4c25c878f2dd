"""Reading a catalog table's XLSX into printed texts, and fitting it to the landscape page."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from kinerja.documents.fit import TWIPS_PER_CM, fit_table, split_points, text_twips
from kinerja.documents.grid import Grid, GridCell, format_number, grids_from_csv, grids_from_xlsx
from kinerja.reports.evaluation_export import (
    INDONESIAN_NUMBER,
    INDONESIAN_PERCENT,
    INDONESIAN_RUPIAH,
    print_setup,
    workbook_bytes,
)

LANDSCAPE_TEXT = int((29.7 - 3.0) * TWIPS_PER_CM)


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    (13083687000, INDONESIAN_RUPIAH, "13.083.687.000"),
    (0, INDONESIAN_RUPIAH, "-"),
    (-2500000, INDONESIAN_RUPIAH, "-2.500.000"),
    (21.3, INDONESIAN_NUMBER, "21,3"),
    (6000, INDONESIAN_NUMBER, "6.000"),
    (1234.567, INDONESIAN_NUMBER, "1.234,57"),
    (100, INDONESIAN_PERCENT, "100,00 %"),
    (25.43, INDONESIAN_PERCENT, "25,43 %"),
    (0.5, "0%", "50%"),
    (2019, "General", "2019"),
    (Decimal("12.5"), "General", "12,5"),
    (1200, "#,##0.00", "1.200,00"),
])
def test_numbers_are_written_the_indonesian_way(value, number_format, shown):
    assert format_number(value, number_format) == shown


def _sheet(columns: int, rows: list[list], header: list, merges=(), widths=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.cell(row=1, column=1, value="Judul tabel")
    ws.cell(row=2, column=1, value="Sumber: uji")
    for c, label in enumerate(header, start=1):
        ws.cell(row=4, column=c, value=label)
    for c in range(1, columns + 1):
        ws.cell(row=5, column=c, value=c)
    for r, row in enumerate(rows, start=6):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, int) and c > 2:
                cell.number_format = INDONESIAN_RUPIAH
    for area in merges:
        ws.merge_cells(area)
    for c, w in enumerate(widths or [], start=1):
        ws.column_dimensions[chr(64 + c)].width = w
    print_setup(ws, 4, 5)
    return workbook_bytes(wb)


def test_title_rows_notes_header_and_body_come_from_the_workbook():
    data = _sheet(4, [["1", "Program A", 1500000, 2500000], [None, None, None, None], ["2", "Kegiatan B", 0, 12]],
                  ["No", "Nama", "Pagu", "Realisasi"])
    grid = grids_from_xlsx(data)[0]
    assert grid.title == "Judul tabel" and grid.notes == ["Sumber: uji"]
    assert grid.header_rows == 2
    assert [[c.text if c else None for c in row] for row in grid.rows] == [
        ["No", "Nama", "Pagu", "Realisasi"], ["1", "2", "3", "4"],
        ["1", "Program A", "1.500.000", "2.500.000"], ["2", "Kegiatan B", "-", "12"]]  # the empty row is dropped
    assert grid.numeric_columns() == [False, False, True, True]


def test_a_printed_difference_note_stays_out_of_the_body():
    data = _sheet(3, [["1", "Program A", 5], ["2", "Tercetak berbeda: 13 K: 94.29%", 6]], ["No", "Keterangan", "K"])
    grid = grids_from_xlsx(data)[0]
    assert grid.rows[3][1] is None


def test_csv_fallback_formats_number_columns_but_not_codes():
    data = b"1 Kode,2 Nama,3 Pagu (Rp)\r\n0106.30,Program,1500000.00\r\n1.06.02,Kegiatan,250.50\r\n"
    grid = grids_from_csv(data, "usulan")[0]
    assert [c.text for c in grid.rows[1]] == ["0106.30", "Program", "1.500.000,00"]
    assert grid.rows[2][0].text == "1.06.02" and grid.rows[2][2].text == "250,50"


def _wide_grid() -> Grid:
    """Like the Renja evaluation, layout 1: four identifying columns, eleven K/Rp pairs, two text columns."""
    header = [GridCell(t, True, "center") for t in ("No", "Sasaran", "Program", "Indikator")]
    sub = [None] * 4
    merges = []
    for pair in range(11):
        header += [GridCell(f"Kolom {pair + 5}", True, "center"), None]
        sub += [GridCell("K", True, "center"), GridCell("Rp", True, "center")]
        merges.append((0, 4 + 2 * pair, 0, 5 + 2 * pair))
    header += [GridCell("Unit penanggung jawab", True, "center"), GridCell("Keterangan", True, "center")]
    sub += [None, None]
    merges += [(0, c, 1, c) for c in (0, 1, 2, 3, 26, 27)]
    body = []
    for n in range(20):
        row = [GridCell(str(n + 1)), GridCell("Meningkatnya penanganan PMKS daerah"),
               GridCell("Penyediaan jasa surat menyurat"), GridCell("Jumlah surat (Surat)")]
        for _pair in range(11):
            row += [GridCell("6.000", align="right", number=True),
                    GridCell("13.083.687.000", align="right", number=True)]
        row += [GridCell("Sekretariat"), None]
        body.append(row)
    return Grid("Evaluasi", [], [header, sub, *body], 2, merges, [6, 30, 40, 40, *[14] * 22, 24, 30])


def test_a_table_too_wide_for_the_page_is_split_repeating_its_identifying_columns():
    grid = _wide_grid()
    fit = fit_table(grid, LANDSCAPE_TEXT)
    assert fit.size == 7.0 and len(fit.parts) >= 2 and not fit.overflow
    figures = set(range(4, 28))
    assert sorted(c for part in fit.parts for c in part.columns if c in figures) == sorted(figures)
    for part in fit.parts:
        assert part.columns[:4] == [0, 1, 2, 3]
        assert sum(part.widths) == LANDSCAPE_TEXT
        widest_figure = text_twips("13.083.687.000", fit.size)
        for column, width in zip(part.columns, part.widths, strict=True):
            if column in figures and column % 2 == 1 and column < 26:
                assert width >= widest_figure  # a Rupiah amount is never broken inside


def test_splits_never_cut_a_merged_header():
    grid = _wide_grid()
    allowed = split_points(grid)
    assert 5 not in allowed and 6 in allowed  # K and Rp of column 5 stay together
    for part in fit_table(grid, LANDSCAPE_TEXT).parts:
        starts = [c for c in part.columns[4:] if c < 26]
        assert all(c % 2 == 0 for c in starts[::2])


def test_a_narrow_table_fills_the_text_width_at_eight_points():
    rows = [[GridCell("No", True), GridCell("Nama", True)], [GridCell("1"), GridCell("Program A")]]
    fit = fit_table(Grid("", [], rows, 1, [], [6, 40]), LANDSCAPE_TEXT)
    assert fit.size == 8.0 and len(fit.parts) == 1 and sum(fit.parts[0].widths) == LANDSCAPE_TEXT


def _header_rows_of(grid: Grid) -> list[list[str]]:
    from docx.oxml.ns import qn

    from kinerja.documents.writer import table_xml

    fit = fit_table(grid, LANDSCAPE_TEXT)
    table = table_xml(grid, fit.parts[0], fit.size, "")
    return [["".join(t.text for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))]
            for tr in table.iter(qn("w:tr")) if tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None]


def test_a_header_row_made_only_of_cells_merged_from_above_is_left_out():
    """LibreOffice, repeating a heading on the next page, drops the cells above such a row (the IKU of seed 004)."""
    header = [GridCell("No", True), GridCell("Program", True), GridCell("Penanggung jawab", True)]
    numbers = [GridCell(str(n), True) for n in (1, 2, 3)]
    rows = [header, [None, None, None], numbers, [GridCell("1"), GridCell("Program A"), GridCell("Sekretariat")]]
    merges = [(0, c, 1, c) for c in range(3)]
    assert _header_rows_of(Grid("", [], rows, 3, merges, [6, 40, 20])) == [
        ["No", "Program", "Penanggung jawab"], ["1", "2", "3"]]


def test_a_header_row_with_sub_headers_stays():
    header = [GridCell("No", True), GridCell("Target", True), None]
    sub = [None, GridCell("K", True), GridCell("Rp", True)]
    rows = [header, sub, [GridCell("1"), GridCell("5", number=True), GridCell("1.000", number=True)]]
    merges = [(0, 0, 1, 0), (0, 1, 0, 2)]
    assert _header_rows_of(Grid("", [], rows, 2, merges, [6, 10, 10])) == [["No", "Target"], ["", "K", "Rp"]]
