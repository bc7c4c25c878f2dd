"""The audit trail people can read (issue 16, item 4): each record named in words, values in the reader's number
format, actions in the page's language, filters by person, unit, period, kind of change and indicator, the
filtered trail as XLSX and CSV, links from each figure to its history, and a page of entries resolved in a constant
number of queries."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry, QuarterReport
from kinerja.realisation.services import audit

YEAR, QUARTER = 2021, 2


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def indicator(kukar):
    return m.Indicator.objects.select_related("element").get(
        element__key="P05.K01", element__strategic_plan__agency=kukar, position=0)


@pytest.fixture
def other_indicator(kukar, indicator):
    return (m.Indicator.objects.filter(element__strategic_plan=indicator.element.strategic_plan)
            .exclude(element=indicator.element).exclude(element__unit=indicator.element.unit)
            .filter(element__unit__key="linjamsos", unit__key="linjamsos").select_related("element__unit").first())


def trail_url(**query):
    url = reverse("audit-trail", args=["dinsos-kukar"])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def entered(client, kukar, indicator):
    """The operator enters a value and an amount with cents and submits; the perencana verifies."""
    login(client, "operator.rehsos.kukar")
    entry = reverse("quarter-entry", args=["dinsos-kukar", YEAR, QUARTER, "rehsos"])
    response = client.post(entry, {f"v-{indicator.pk}": "1.250,5", f"note-{indicator.pk}": "=SUM(A1)",
                                   f"rp-{indicator.element_id}": "35.250.000,5", "submit": "1"})
    assert response.status_code == 302
    login(client, "perencana.kukar")
    client.post(reverse("quarter-transition", args=["dinsos-kukar", YEAR, QUARTER, "rehsos", "verify"]))
    login(client, "pemeriksa.kukar")
    return m.Realisation.objects.get(indicator=indicator, year=YEAR, period=QUARTER)


def page(client, **query):
    """The page's table (the filter form and the messages left by the other users' requests are not read)."""
    response = client.get(trail_url(**query))
    assert response.status_code == 200
    html = response.content.decode()
    html = html[html.index("<h1>"):]
    return html[:html.index('<form method="get"')] + html[html.index("</form>"):]


def test_a_realisation_is_named_by_its_indicator_period_and_unit(client, entered, indicator):
    html = page(client)
    assert "plan.realisation" not in html and "#" not in re.sub(r"&#x?[0-9a-f]+;", "", html)
    assert f"{indicator.element.code} {indicator.name}" in html
    assert "2021 TW 2" in html and "Bidang Rehabilitasi Sosial" in html
    assert "Operator Bidang Rehabilitasi Sosial" in html and "Operator unit" in html  # name and role


def test_values_are_in_indonesian_format_and_fields_in_words(client, entered):
    html = page(client)
    assert "1.250,5" in html  # the value, stored as 1250.5
    assert "1250.5" not in html
    assert "Rp 35.250.000,50" in html and "35250000.5" not in html
    assert ">jumlah (Rp)<" in html and ">catatan<" in html and ">nilai<" in html
    assert "Diajukan" in html and "Diverifikasi" in html  # status old → new in words


def test_actions_in_indonesian_by_default_and_in_english_when_chosen(client, entered):
    shown = actions(page(client))
    assert "isi realisasi" in shown and "verifikasi laporan" in shown and "verify" not in shown
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = page(client)
    shown = actions(html)
    assert "realisation entered" in shown and "report verified" in shown and "isi realisasi" not in shown
    assert "Record changed" in html and "Quarterly report" in html
    assert "Rp 35,250,000.50" in html  # the reader's number format follows the page's language


def test_other_records_are_named_by_their_kind(client, kukar, indicator):
    perencana = user("perencana.kukar")
    revision = m.Revision.objects.filter(agency=kukar).first()
    audit(perencana, kukar, "buat revisi", revision, "label", "murni", "perubahan", "RKPD perubahan")
    audit(perencana, kukar, "ubah indikator", indicator, "polarity", "positive", "negative", "salah ketik")
    audit(perencana, kukar, "ubah indikator", indicator, "is_iku", "False", "True", "IKU baru")
    audit(perencana, kukar, "ubah pagu", m.Budget.objects.filter(element__strategic_plan__agency=kukar).first(),
          "amount",
          "87500000", "90000000", "APBD-P")
    login(client, "pemeriksa.kukar")
    html = page(client)
    assert "Revisi dokumen rencana" in html and "Indikator" in html and "Pagu" in html
    assert "negatif: makin rendah makin baik" in html and ">ya<" in html
    assert "Rp 87.500.000" in html and "Rp 90.000.000" in html
    assert {"buat revisi", "ubah indikator", "ubah pagu"} <= set(actions(html))


def test_a_deleted_record_is_named_by_its_kind(client, kukar, indicator):
    AuditEntry.objects.create(agency=kukar, user=user("operator.rehsos.kukar"), action="hapus realisasi",
                              object_type="plan.realisation", object_id=987654, field="value", old="1.500 orang")
    login(client, "pemeriksa.kukar")
    html = page(client)
    assert "Realisasi — catatan sudah dihapus" in html and "1.500 orang" in html


# -- filters ------------------------------------------------------------------------------------------------------

@pytest.fixture
def mixed(kukar, indicator, other_indicator, entered):
    """Besides the operator's entries: a target change of another unit's indicator in 2022 by the perencana."""
    target = m.Target.objects.filter(indicator=other_indicator, year=2022).first() or m.Target.objects.create(
        indicator=other_indicator, year=2022, kind=m.PlanKind.RENJA, text="10",
        revision=m.Revision.objects.filter(agency=kukar, year=2022).first()
        or m.Revision.objects.filter(agency=kukar).first())
    audit(user("perencana.kukar"), kukar, "ubah target", target, "value", "10", "1.500", "RKPD perubahan")
    return other_indicator


def rows(html):
    return html.count('<td data-label="Waktu"')


def actions(html):
    """The action of each row shown, in order."""
    return re.findall(r'<td data-label="(?:Tindakan|Action)">([^<]*)</td>', html)


def test_filter_by_person(client, mixed):
    perencana = user("perencana.kukar")
    html = page(client, orang=perencana.pk)
    assert "ubah target" in actions(html) and "isi realisasi" not in actions(html)
    assert rows(html) == AuditEntry.objects.filter(user=perencana, agency__slug="dinsos-kukar").count()


def test_filter_by_unit(client, mixed, indicator):
    rehsos = m.Unit.objects.get(agency__slug="dinsos-kukar", key="rehsos")
    shown = actions(page(client, unit=rehsos.pk))
    assert "isi realisasi" in shown and "ubah target" not in shown
    shown = actions(page(client, unit=mixed.element.unit_id))
    assert "ubah target" in shown and "isi realisasi" not in shown


def test_filter_by_year_and_quarter(client, mixed):
    assert set(actions(page(client, tahun=2022))) == {"ubah target"}
    shown = actions(page(client, tahun=YEAR, triwulan=QUARTER))
    assert "isi realisasi" in shown and "ajukan laporan" in shown and "ubah target" not in shown
    assert "Tidak ada perubahan" in page(client, tahun=YEAR, triwulan=4)


def test_filter_by_kind_of_change(client, mixed):
    assert set(actions(page(client, jenis="status"))) == {"ajukan laporan", "verifikasi laporan"}
    shown = set(actions(page(client, jenis="nilai")))
    assert {"isi realisasi", "isi realisasi anggaran", "ubah target"} <= shown and "ajukan laporan" not in shown


def test_filter_by_indicator_and_element(client, mixed, indicator):
    assert set(actions(page(client, indikator=mixed.pk))) == {"ubah target"}
    assert set(actions(page(client, indikator=indicator.pk, tahun=YEAR, triwulan=QUARTER))) == {"isi realisasi"}
    assert set(actions(page(client, unsur=indicator.element_id))) == {"isi realisasi anggaran"}


@pytest.mark.parametrize("query", [
    {"tahun": "abc"}, {"tahun": "99999999999999999999"}, {"triwulan": "7"}, {"unit": "999999"},
    {"orang": "x"}, {"indikator": "-1"}, {"indikator": "1e9"}, {"jenis": "<script>"}, {"unsur": "0"},
    {"unsur": "99999999"}, {"type": "auth.user", "id": "1"}, {"halaman": "-3"}, {"halaman": "zz"},
    {"unduh": "pdf"}, {"id": "%00"}, {"orang": "\x00"}, {"tahun": "2021\x00"}, {"unsur": "9" * 20},
    {"type": "plan.realisation", "id": "9" * 20}, {"indikator": "9" * 20}, {"triwulan": "x" * 5000},
])
def test_invalid_filters_answer_the_page_with_a_message(client, entered, query):
    response = client.get(reverse("audit-trail", args=["dinsos-kukar"]), query)
    assert response.status_code == 200
    html = response.content.decode()
    if not set(query) <= {"halaman"}:
        assert 'class="notice audit-invalid"' in html
    assert "<script>" not in html


def test_pages_of_fifty(client, kukar, indicator):
    pemeriksa, obj = user("pemeriksa.kukar"), indicator
    AuditEntry.objects.bulk_create([AuditEntry(agency=kukar, user=pemeriksa, action="ubah indikator",
                                               object_type="plan.indicator", object_id=obj.pk, field="name",
                                               old=f"lama {i}", new=f"baru {i}") for i in range(120)])
    login(client, "pemeriksa.kukar")
    first = page(client)
    assert rows(first) == 50 and "halaman 1 dari 3" in first
    last = page(client, halaman=3)
    assert rows(last) == AuditEntry.objects.filter(agency=kukar).count() - 100


# -- export -------------------------------------------------------------------------------------------------------

def test_export_csv_has_the_page_columns_and_the_filter(client, mixed):
    response = client.get(trail_url(orang=user("operator.rehsos.kukar").pk, unduh="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="jejak-audit-dinsos-kukar-')
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert table[0] == ["Waktu", "Pengguna", "Peran", "Tindakan", "Catatan yang diubah", "Kolom", "Lama", "Baru",
                        "Alasan"]
    body = table[1:]
    assert body and all(row[1] == "Operator Bidang Rehabilitasi Sosial" for row in body)
    assert ["Rp 35.250.000,50"] == [row[7] for row in body if row[5] == "jumlah (Rp)"]
    assert "'=SUM(A1)" in [row[7] for row in body]  # a typed formula stays text
    assert not any(row[3] == "ubah target" for row in body)


def test_export_xlsx_keeps_formulas_as_text_and_follows_the_language(client, mixed):
    from openpyxl import load_workbook

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(trail_url(unduh="xlsx"))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[1] == ["Time", "User", "Role", "Action", "Record changed", "Column", "Old", "New", "Reason"]
    body = values[2:]
    assert len(body) == AuditEntry.objects.filter(agency__slug="dinsos-kukar").count()
    formula = next(c for row in ws.iter_rows() for c in row if c.value == "=SUM(A1)")
    assert formula.data_type == "s"
    assert any(row[3] == "target changed" and row[7] == "1,500" for row in body)
    assert any(row[7] == "Rp 35,250,000.50" for row in body)


# -- who may read it, and the links to it -------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["operator.rehsos.kukar", "perencana.kukar", "kepala.kukar", "bappeda.kukar"])
def test_only_auditors_read_the_trail(client, db, username):
    login(client, username)
    assert client.get(trail_url()).status_code == 403
    assert client.get(trail_url(unduh="csv")).status_code == 403


def test_another_agency_is_not_found(client, db):
    login(client, "pemeriksa.kukar")
    assert client.get(reverse("audit-trail", args=["dinsospm-tarakan"])).status_code == 404
    assert client.get(reverse("audit-trail", args=["dinsospm-tarakan"]) + "?unduh=xlsx").status_code == 404


def test_another_agencys_indicator_is_refused_as_a_filter(client, entered, kukar, tarakan):
    foreign = m.Indicator.objects.filter(element__strategic_plan__agency=tarakan).first()
    html = page(client, indikator=foreign.pk)
    assert 'class="notice audit-invalid"' in html and rows(html) == AuditEntry.objects.filter(agency=kukar).count()


def test_figures_link_to_their_history_for_auditors_only(client, entered, indicator):
    history = reverse("indicator-history", args=["dinsos-kukar", indicator.pk])
    entry = reverse("quarter-entry", args=["dinsos-kukar", YEAR, QUARTER, "rehsos"])
    filtered = f"{trail_url()}?indikator={indicator.pk}&amp;tahun={YEAR}&amp;triwulan={QUARTER}"
    assert filtered in client.get(entry).content.decode()
    assert f"{trail_url()}?indikator={indicator.pk}" in client.get(history).content.decode()
    assert f"?indikator={indicator.pk}&amp;tahun={YEAR}&amp;triwulan={QUARTER}" in page(client)
    login(client, "perencana.kukar")
    assert trail_url() not in client.get(entry).content.decode()
    assert trail_url() not in client.get(history).content.decode()


# -- queries ------------------------------------------------------------------------------------------------------

def _fill(kukar, count, indicator):
    """``count`` entries spread over every kind of record the trail resolves."""
    pemeriksa = user("operator.rehsos.kukar")
    records = [m.Realisation.objects.filter(indicator__element__strategic_plan__agency=kukar).first(),
               m.Target.objects.filter(indicator=indicator).first(),
               m.Budget.objects.filter(element__strategic_plan__agency=kukar).first(),
               m.BudgetRealisation.objects.filter(element__strategic_plan__agency=kukar).first(),
               QuarterReport.objects.get_or_create(agency=kukar, unit=kukar.units.first(), year=YEAR, quarter=1)[0],
               indicator.element, indicator, m.Revision.objects.filter(agency=kukar).first(),
               m.Narrative.objects.filter(agency=kukar).first(), m.MeasureUnitEquivalence.objects.first(),
               kukar.units.first()]
    records = [r for r in records if r is not None]
    picked = [records[i % len(records)] for i in range(count)]
    AuditEntry.objects.bulk_create([
        AuditEntry(agency=kukar, user=pemeriksa, action="impor", object_type=r._meta.label_lower, object_id=r.pk,
                   field="value", old="1", new="2") for r in picked])
    return len({r._meta.label_lower for r in records})


def test_a_page_takes_the_same_number_of_queries_whatever_its_entries(client, kukar, indicator):
    login(client, "pemeriksa.kukar")
    kinds = _fill(kukar, 11, indicator)
    client.get(trail_url())  # session, caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(trail_url()).status_code == 200
    _fill(kukar, 200, indicator)
    with CaptureQueriesContext(connection) as many:
        assert client.get(trail_url()).status_code == 200
    assert len(many) == len(few)
    assert kinds >= 10 and len(many) <= 12 + kinds
