"""The entry grid on the server: values shown in the reader's format read back to exactly the stored value, a year
held as annual totals is read-only with its reason before anyone types, an empty report cannot be submitted, a
returned report's reason is at the top, and the workflow's messages and history are in the page's language."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.engine import NumberKind, format_count, read_number
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry, QuarterReport, Status
from kinerja.web.entry import entry_rows, shown_number

YEAR, QUARTER = 2021, 4


def login(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def indicator(kukar):
    return m.Indicator.objects.get(element__key="P05.K01", element__strategic_plan__agency=kukar, position=0)


def entry_url(year=YEAR, quarter=QUARTER, unit="rehsos"):
    return reverse("quarter-entry", args=["dinsos-kukar", year, quarter, unit])


def field_value(page: str, name: str) -> str:
    match = re.search(rf'<input name="{re.escape(name)}"[^>]*?value="([^"]*)"', page)
    assert match, f"no field {name}"
    return match.group(1)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("value", "kind"), [
    ("35250000.5", NumberKind.RUPIAH), ("87500000", NumberKind.RUPIAH), ("0.01", NumberKind.RUPIAH),
    ("12345678901234.56", NumberKind.RUPIAH), ("1503", NumberKind.COUNT), ("1.503", NumberKind.COUNT),
    ("0.000001", NumberKind.COUNT), ("1503", NumberKind.PERCENT), ("1.503", NumberKind.PERCENT),
    ("117.03", NumberKind.PERCENT), ("-12.5", NumberKind.COUNT),
])
def test_a_shown_number_reads_back_to_the_same_value(value, kind, lang):
    text = shown_number(Decimal(value), kind, lang)
    assert read_number(text, kind).value == Decimal(value)


def test_shown_numbers_are_in_indonesian_format():
    assert shown_number(Decimal("35250000.50"), NumberKind.RUPIAH, "id") == "35.250.000,50"
    assert shown_number(Decimal("87500000.00"), NumberKind.RUPIAH, "id") == "87.500.000"
    assert shown_number(Decimal("12.500000"), NumberKind.COUNT, "id") == "12,5"
    assert shown_number(Decimal("1.503"), NumberKind.COUNT, "id") == "1,5030"  # "1,503" would read as 1503


def test_saved_values_come_back_formatted_and_saving_them_again_changes_nothing(client, kukar, indicator):
    login(client, "operator.rehsos.kukar")
    element = indicator.element_id
    response = client.post(entry_url(), {f"v-{indicator.pk}": "12500", f"ver-{indicator.pk}": "0",
                                         f"rp-{element}": "35250000.5", f"rpver-{element}": "0", "save": ""})
    assert response.status_code == 302
    page = client.get(entry_url()).content.decode()
    assert field_value(page, f"rp-{element}") == "35.250.000,50"
    assert field_value(page, f"v-{indicator.pk}") == "12.500"
    # The capaian is shown after saving too: 12.500 of a target of 70 orang.
    assert re.search(rf'id="capaian-{indicator.pk}"[^>]*><span class="capaian warning">17\.857,14 %</span>', page)
    audit_before = AuditEntry.objects.count()
    value = m.Realisation.objects.get(indicator=indicator, year=YEAR, period=QUARTER)
    amount = m.BudgetRealisation.objects.get(element_id=element, year=YEAR, period=QUARTER)
    response = client.post(entry_url(), {
        f"v-{indicator.pk}": "12.500", f"ver-{indicator.pk}": str(value.version),
        f"rp-{element}": "35.250.000,50", f"rpver-{element}": str(amount.version), "save": ""}, follow=True)
    assert "Tersimpan: 0 nilai berubah." in response.content.decode()
    assert AuditEntry.objects.count() == audit_before
    value.refresh_from_db()
    amount.refresh_from_db()
    assert (value.value, value.text, amount.amount) == (Decimal(12500), "12500", Decimal("35250000.50"))


def test_a_budget_line_without_an_indicator_has_its_own_row(client, kukar):
    budget = (m.Budget.objects.filter(element__unit__key="rehsos", element__strategic_plan__agency=kukar, year=YEAR,
                                      kind=m.PlanKind.RENJA).select_related("element").first())
    sibling = budget.element
    element = m.PlanElement.objects.create(
        strategic_plan=sibling.strategic_plan, parent=sibling.parent, level=sibling.level, key="UJI.TANPA-INDIKATOR",
        code=f"{sibling.code}.99", name="Sub kegiatan tanpa indikator", unit=sibling.unit, position=sibling.position)
    m.Budget.objects.create(element=element, revision=budget.revision, kind=m.PlanKind.RENJA, year=YEAR,
                            amount=Decimal("12000000"))
    login(client, "operator.rehsos.kukar")
    page = client.get(entry_url()).content.decode()
    assert page.count(f'name="rp-{element.pk}"') == 1 and "Sub kegiatan tanpa indikator" in page
    assert page.count("<table") == 1  # K and Rp in one grid
    response = client.post(entry_url(), {f"rp-{element.pk}": "12 jt", f"rpver-{element.pk}": "0",
                                         f"rpnote-{element.pk}": "honor narasumber", "save": ""})
    assert response.status_code == 302
    saved = m.BudgetRealisation.objects.get(element=element, year=YEAR, period=QUARTER)
    assert (saved.amount, saved.note) == (Decimal("12000000"), "honor narasumber")
    assert field_value(client.get(entry_url()).content.decode(), f"rp-{element.pk}") == "12.000.000"


def test_an_annual_total_year_is_read_only_with_the_reason_before_anyone_types(client, kukar):
    login(client, "operator.rehsos.kukar")
    page = client.get(entry_url(2023, 1)).content.decode()
    assert "Tahun 2023 tercatat sebagai total tahunan tanpa rincian triwulan" in page
    notice = page.index('class="notice readonly"')
    assert notice < page.index('<form method="post" id="entry"')
    # Each line shows the year's total instead of a field to type into; nothing can be saved or submitted.
    assert not re.findall(r'<input name="(?:v|rp|n|d|note|url)-\d+"(?![^>]*disabled)[^>]*>', page)
    annual = m.Realisation.objects.filter(indicator__in=[row.indicator for row in entry_rows(
        kukar.units.get(key="rehsos"), 2023, 1)[0]], year=2023, period=m.Period.YEAR).first()
    assert f"Total tahunan: {format_count(annual.value)}" in page
    assert 'name="save"' not in page and 'name="submit"' not in page and ">Ajukan<" not in page


def test_an_empty_report_cannot_be_submitted(client, kukar):
    login(client, "operator.rehsos.kukar")
    page = client.get(entry_url(2024, 1)).content.decode()
    assert "tidak ada yang dapat diisi atau diajukan" in page
    assert 'name="submit"' not in page
    response = client.post(entry_url(2024, 1), {"submit": "1"}, follow=True)
    assert "Laporan tidak dapat diajukan: unit ini tidak memiliki indikator maupun anggaran pada tahun 2024" in (
        response.content.decode())
    response = client.post(reverse("quarter-transition", args=["dinsos-kukar", 2024, 1, "rehsos", "submit"]),
                           follow=True)
    assert "Laporan tidak dapat diajukan" in response.content.decode()
    assert not QuarterReport.objects.filter(unit__key="rehsos", year=2024, quarter=1,
                                            status=Status.SUBMITTED).exists()


def test_a_returned_report_shows_its_reason_at_the_top(client, kukar, indicator):
    login(client, "operator.rehsos.kukar")
    client.post(entry_url(), {f"v-{indicator.pk}": "20", "submit": "1"})
    login(client, "perencana.kukar")
    client.post(reverse("quarter-transition", args=["dinsos-kukar", YEAR, QUARTER, "rehsos", "return"]),
                {"reason": "Bukti RPTC belum dilampirkan"})
    login(client, "operator.rehsos.kukar")
    page = client.get(entry_url()).content.decode()
    reason = page.index("Bukti RPTC belum dilampirkan")
    assert reason < page.index('<form method="post" id="entry"')
    assert "Dikembalikan oleh" in page[:reason]


def test_messages_and_history_are_in_the_pages_language(client, kukar, indicator):
    login(client, "operator.rehsos.kukar")
    response = client.post(entry_url(), {f"v-{indicator.pk}": "20", "submit": "1"}, follow=True)
    page = response.content.decode()
    assert "Laporan triwulan diajukan untuk diverifikasi." in page
    assert "Draf → Diajukan" in page
    assert "draft → submitted" not in page

    client.cookies["django_language"] = "en"
    login(client, "perencana.kukar")
    response = client.post(reverse("quarter-transition", args=["dinsos-kukar", YEAR, QUARTER, "rehsos", "verify"]),
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "The quarterly report has been verified." in page
    assert "Draft → Submitted" in page and "Submitted → Verified" in page
    # A refused act says why in English too.
    response = client.post(reverse("quarter-transition", args=["dinsos-kukar", YEAR, QUARTER, "rehsos", "verify"]),
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "“verify” cannot be done on a report whose status is Verified" in response.content.decode()


def test_a_value_the_reader_refuses_is_explained_in_the_pages_language(client, kukar, indicator):
    login(client, "operator.rehsos.kukar")
    url = reverse("entry-capaian", args=["dinsos-kukar"])
    data = {"indicator": indicator.pk, "year": YEAR, f"v-{indicator.pk}": "tujuh"}
    assert "tidak diawali angka" in client.post(url, data).content.decode()
    client.cookies["django_language"] = "en"
    assert "no number at the start of the text" in client.post(url, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The Rp cell is read as the save reads it and checked against the pagu.
    amount = {"element": indicator.element_id, "year": YEAR, "quarter": QUARTER,
              f"rp-{indicator.element_id}": "Rp 2,5 miliar"}
    client.cookies["django_language"] = "id"
    page = client.post(url, amount, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Rp 2.500.000.000" in page and "melebihi pagu" in page


def test_a_ratio_is_checked_from_its_two_parts_while_typing_and_after_saving(client, kukar):
    from django.db.models import Q

    ratio = (m.Indicator.objects.filter(value_kind="ratio", element__strategic_plan__agency=kukar,
                                        element__strategic_plan__first_year=YEAR)
             .filter(Q(unit__key="rehsos") | Q(unit__isnull=True, element__unit__key="rehsos")).first())
    assert ratio is not None
    # The demo's ratios are reported as annual totals only: give one a Renja target for the year.
    other = m.Target.objects.filter(kind=m.PlanKind.RENJA, year=YEAR, indicator__element__strategic_plan__agency=kukar)
    m.Target.objects.create(indicator=ratio, revision=other.first().revision, kind=m.PlanKind.RENJA, year=YEAR,
                            value=Decimal(80), text="80")
    login(client, "operator.rehsos.kukar")
    url = reverse("entry-capaian", args=["dinsos-kukar"])
    refused = client.post(url, {"indicator": ratio.pk, "year": YEAR, f"n-{ratio.pk}": "5", f"d-{ratio.pk}": "0"})
    assert "penyebut 0: rasio tidak dapat dihitung" in refused.content.decode()
    page = client.get(entry_url()).content.decode()
    assert f'name="n-{ratio.pk}"' in page and f'name="d-{ratio.pk}"' in page
    client.post(entry_url(), {f"v-{ratio.pk}": "", f"n-{ratio.pk}": "1.200", f"d-{ratio.pk}": "1.600",
                              f"ver-{ratio.pk}": "0", "save": ""})
    assert m.Realisation.objects.get(indicator=ratio, year=YEAR, period=QUARTER).value == Decimal(75)
    page = client.get(entry_url()).content.decode()
    assert (field_value(page, f"n-{ratio.pk}"), field_value(page, f"d-{ratio.pk}")) == ("1.200", "1.600")
    live = client.post(url, {"indicator": ratio.pk, "year": YEAR, f"n-{ratio.pk}": "1.200",
                             f"d-{ratio.pk}": "1.600"}).content.decode()
    shown = re.search(rf'id="capaian-{ratio.pk}"[^>]*>(.*?)</td>', page, re.S).group(1)
    # 75 of 80; after saving, the same cell the live check gave
    assert "93,75 %" in live and live.strip() == shown.strip()
