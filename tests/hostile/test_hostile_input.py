"""Hostile input: every reader either reads or refuses cleanly, and no export lets a cell become a formula."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kinerja.engine import CodeFormatError, NumberFormatError, NumberKind, parse_code, read_number
from kinerja.plan import models as m
from kinerja.reports.csv_export import neutralise
from kinerja.reports.evaluation_export import evaluation_csv
from kinerja.reports.evaluation_sheet import evaluation_xlsx
from kinerja.reports.rencana_export import rencana_xlsx
from kinerja.reports.renja_evaluation import build_evaluation
from kinerja.reports.renja_rencana import build_rencana

FUZZ = settings(max_examples=3000, deadline=None, database=None)
number_like = st.text(alphabet="0123456789.,-+% RpOrang/KPMe\u00a0\u2212;:()", max_size=24)


@FUZZ
@given(st.one_of(st.text(max_size=40), number_like), st.sampled_from(list(NumberKind)))
def test_number_reader_reads_or_refuses(text, kind):
    try:
        reading = read_number(text, kind)
    except NumberFormatError as exc:
        assert exc.reason and exc.text == text
    else:
        assert reading.value.is_finite()


@FUZZ
@given(st.one_of(st.text(max_size=30), st.text(alphabet="0123456789. ", max_size=24)))
def test_code_parser_parses_or_refuses(text):
    try:
        code = parse_code(text)
    except CodeFormatError as exc:
        assert exc.reason
    else:
        assert parse_code(code.text).text == code.text


@pytest.mark.parametrize("evil", ["=HYPERLINK(\"http://x\",\"klik\")", "+1+1", "-2-2", "@SUM(A1)", "=1+1"])
def test_csv_neutralises_formulas(evil):
    assert neutralise(evil).startswith("'")


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(evil=st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\",\"klik\")", "=cmd|' /C calc'!A0", "@SUM(1)"]))
def test_exports_keep_a_hostile_name_as_text(kukar, tarakan, evil):
    element = m.PlanElement.objects.get(strategic_plan__agency=kukar, key="P01.K01")
    element.name = evil
    element.save(update_fields=["name"])
    indicator = element.indicators.first()
    indicator.name = evil
    indicator.save(update_fields=["name"])
    for payload in (evaluation_xlsx(build_evaluation(kukar, 2019)), rencana_xlsx(build_rencana(kukar, 2021))):
        workbook = load_workbook(io.BytesIO(payload))
        for ws in workbook.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (cell.coordinate, cell.value)
    csv_text = evaluation_csv(build_evaluation(kukar, 2019)).decode("utf-8-sig")
    assert f"'{evil}" in csv_text or f"\"'{evil}" in csv_text.replace('""', '"')


def test_narrative_and_names_are_escaped_in_html(client, kukar):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    element = m.PlanElement.objects.get(strategic_plan__agency=kukar, key="P01.K01")
    element.name = "<img src=x onerror=alert(1)>"
    element.save(update_fields=["name"])
    client.force_login(get_user_model().objects.get(username="perencana.kukar"))
    page = client.get(reverse("evaluation", args=["dinsos-kukar", 2019])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@settings(max_examples=1500, deadline=None, database=None)
@given(st.one_of(
    st.binary(max_size=400),
    st.lists(st.lists(st.text(alphabet="0123456789.,% -TargetRealisasiCapaianPagu\u00a0", max_size=14),
                      min_size=1, max_size=8), min_size=1, max_size=12)
    .map(lambda rows: "\n".join("\t".join(cells) for cells in rows).encode()),
))
def test_table_recogniser_reads_or_refuses(data):
    from kinerja.verify import TableReadError, verify_bytes

    try:
        report = verify_bytes(data, "fuzz.txt")
    except TableReadError as exc:
        assert str(exc)
    else:
        for finding in report.findings:
            assert finding.rule


def test_deleting_a_plan_element_never_takes_its_realisations_or_trail(kukar):
    from django.db.models import ProtectedError

    element = m.PlanElement.objects.get(strategic_plan__agency=kukar, key="P01.K01")
    with pytest.raises(ProtectedError):
        element.indicators.first().delete()
    with pytest.raises(ProtectedError):
        element.delete()
    with pytest.raises(ProtectedError):
        kukar.delete()


def test_a_user_with_audit_entries_cannot_be_deleted(kukar):
    from django.contrib.auth import get_user_model
    from django.db.models import ProtectedError

    from kinerja.realisation.services import transition

    operator = get_user_model().objects.get(username="operator.rehsos.kukar")
    transition(operator, kukar, kukar.units.get(key="rehsos"), 2021, 1, "submit")
    with pytest.raises(ProtectedError):
        operator.delete()


def test_a_truncated_or_damaged_xlsx_is_refused_cleanly(kukar):
    import zipfile

    from kinerja.verify import TableReadError, verify_bytes

    payload = evaluation_xlsx(build_evaluation(kukar, 2019))
    for damaged in (payload[: len(payload) // 2], payload[:-200]):
        with pytest.raises(TableReadError):
            verify_bytes(damaged, "rusak.xlsx")
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(payload)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    with pytest.raises(TableReadError):
        verify_bytes(broken.getvalue(), "rusak.xlsx")


@settings(max_examples=1500, deadline=None, database=None)
@given(st.one_of(
    st.binary(max_size=500),
    st.lists(st.lists(st.text(alphabet="0123456789.,% -KodeTargetRealisasiPaguTW I\u00a0", max_size=14),
                      min_size=1, max_size=8), min_size=1, max_size=12)
    .map(lambda rows: "\n".join("\t".join(cells) for cells in rows).encode()),
), st.sampled_from(["tabel.txt", "tabel.csv", "tabel.xlsx"]))
def test_import_reader_reads_or_refuses_every_format(data, name):
    from kinerja.imports.reading import ImportReadError, load_grid, recognise_layout

    try:
        grid = load_grid(data, name, max_bytes=1_000_000)
        recognise_layout(grid, 2024)
    except ImportReadError as exc:
        assert str(exc)
