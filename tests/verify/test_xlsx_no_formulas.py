"""The verifier's XLSX (``kinerja verify --format xlsx`` and the web page's download) keeps every pasted cell as
text: a cell that a spreadsheet would read as a formula (``=HYPERLINK(…)``, ``=cmd|…``, ``+``, ``-``, ``@``) is
written as the text it was, never as a live formula — through the report exports' own helper."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.cli import main
from kinerja.verify import verify_bytes
from kinerja.verify.output import render

HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3"]
# A budget table whose row names are hostile; the last row's percentage is itself a formula, so it is a finding
# and is written again, with its comment and on the findings sheet.
TABLE = "\n".join([
    "Program\tPagu (Rp)\tRealisasi (Rp)\tRealisasi (%)\tSisa (Rp)",
    *(f"{name}\t1.000.000\t500.000\t50,00 %\t500.000" for name in HOSTILE),
    "JUMLAH\t5.000.000\t2.500.000\t=1+1\t2.500.000",
]) + "\n"


def cells(xlsx: bytes) -> list:
    workbook = load_workbook(io.BytesIO(xlsx))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def assert_text_kept(xlsx: bytes) -> None:
    written = cells(xlsx)
    formulas = [(cell.parent.title, cell.coordinate, cell.value) for cell in written if cell.data_type == "f"]
    assert formulas == []
    texts = {cell.value for cell in written}
    assert set(HOSTILE) <= texts and "=1+1" in texts


def test_render_keeps_pasted_formulas_as_text():
    report = verify_bytes(TABLE.encode(), "tabel.txt", "id")
    assert any(finding.printed == "=1+1" for finding in report.findings)
    assert_text_kept(render(report, "xlsx"))


def test_kinerja_verify_format_xlsx(tmp_path):
    source, output = tmp_path / "tabel.tsv", tmp_path / "temuan.xlsx"
    source.write_text(TABLE, encoding="utf-8")
    assert main(["verify", str(source), "--format", "xlsx", "-o", str(output)]) == 1
    assert_text_kept(output.read_bytes())


@pytest.mark.parametrize("sent", ["pasted", "uploaded"])
def test_the_web_download(client, django_user_model, sent):
    client.force_login(django_user_model.objects.create_user("pembaca-rumus", password="rahasia-rumus-2024"))
    table = {"text": TABLE} if sent == "pasted" else {"table": SimpleUploadedFile("tabel.tsv", TABLE.encode())}
    response = client.post(reverse("verify-table"), {**table, "output": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert_text_kept(response.content)
