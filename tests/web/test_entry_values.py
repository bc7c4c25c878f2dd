"""Values on the entry screen enter exactly as meant or are refused with the field's reason (issue: every value
enters exactly as meant): magnitude words, the columns' limits, pages that keep working at the limits, every field
in the audit trail, and plausibility warnings kept for whoever verifies."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry

YEAR, QUARTER = 2021, 3
EIGHTEEN_NINES = "9" * 18


def login(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def indicator(kukar):
    return m.Indicator.objects.get(element__key="P05.K01", element__strategic_plan__agency=kukar, position=0)


@pytest.fixture
def operator(client, db):
    login(client, "operator.rehsos.kukar")
    return client


def entry_url():
    return reverse("quarter-entry", args=["dinsos-kukar", YEAR, QUARTER, "rehsos"])


def save(client, indicator, value="", amount="", **extra):
    data = {f"v-{indicator.pk}": value, f"ver-{indicator.pk}": "0", f"rp-{indicator.element_id}": amount,
            f"rpver-{indicator.element_id}": "0", "save": "", **extra}
    return client.post(entry_url(), data)


def stored_value(indicator):
    return m.Realisation.objects.filter(indicator=indicator, year=YEAR, period=QUARTER).first()


def stored_amount(indicator):
    row = m.BudgetRealisation.objects.filter(element_id=indicator.element_id, year=YEAR, period=QUARTER).first()
    return row.amount if row else None


@pytest.mark.parametrize(("typed", "amount"), [("Rp 10 jt", "10000000"), ("Rp 2,5 miliar", "2500000000"),
                                                ("750 rb", "750000"), ("Rp 12.345.678.901.234,56",
                                                                       "12345678901234.56")])
def test_rupiah_with_magnitude_words_is_stored_as_meant(operator, indicator, typed, amount):
    assert save(operator, indicator, amount=typed).status_code == 302
    assert stored_amount(indicator) == Decimal(amount)


@pytest.mark.parametrize(("typed", "reason"), [
    ("1.234,567", "paling banyak dua angka di belakang koma"),
    ("1" + "0" * 18, "terlalu besar"),
    ("Rp 10 kg", "tidak bersatuan"),
    ("-5.000", "tidak boleh negatif"),
])
def test_a_rupiah_the_column_cannot_hold_is_refused_with_the_reason(operator, indicator, typed, reason):
    response = save(operator, indicator, value="5", amount=typed)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert stored_amount(indicator) is None and stored_value(indicator) is None  # nothing, not even the value


def test_a_value_at_the_limit_is_kept_and_every_page_still_answers(operator, client, indicator):
    assert save(operator, indicator, value=EIGHTEEN_NINES).status_code == 302
    assert stored_value(indicator).value == Decimal(EIGHTEEN_NINES)
    assert client.get(entry_url()).status_code == 200
    login(client, "perencana.kukar")
    for name in ("evaluation", "dashboard"):
        assert client.get(reverse(name, args=["dinsos-kukar", YEAR])).status_code == 200


@pytest.mark.parametrize("typed", ["9" * 19, "9" * 30, "1,0000001"])
def test_a_value_past_the_column_is_refused(operator, indicator, typed):
    response = save(operator, indicator, value=typed)
    assert response.status_code == 200 and "Tidak ada yang disimpan" in response.content.decode()
    assert stored_value(indicator) is None


def test_a_nineteen_digit_pagu_is_refused_on_the_plan_page(client, kukar, indicator):
    login(client, "perencana.kukar")
    element = indicator.element
    revision = m.Revision.objects.filter(agency=kukar, document="renja", year=2021).order_by("number").last()
    before = list(m.Budget.objects.filter(element=element).values_list("pk", "amount", "version"))
    response = client.post(reverse("element-values", args=["dinsos-kukar", element.pk, 2021]),
                           {"revision": revision.pk, "pagu": "9" * 19, "ver-pagu": "0", "reason": "uji"})
    assert response.status_code in (200, 400)
    assert "terlalu besar" in response.content.decode()
    assert list(m.Budget.objects.filter(element=element).values_list("pk", "amount", "version")) == before


def test_note_and_evidence_link_are_in_the_audit_trail(operator, indicator):
    save(operator, indicator, value="5", **{f"note-{indicator.pk}": "RPTC", f"url-{indicator.pk}": "https://a.id/1"})
    value = stored_value(indicator)
    operator.post(entry_url(), {f"v-{indicator.pk}": "5", f"ver-{indicator.pk}": str(value.version),
                                f"note-{indicator.pk}": "RPTC Tenggarong", f"url-{indicator.pk}": "https://a.id/2",
                                "save": ""})
    trail = AuditEntry.objects.filter(object_type="plan.realisation", object_id=value.pk)
    assert set(trail.values_list("field", "old", "new")) >= {
        ("value", "", "5"), ("note", "", "RPTC"), ("evidence_url", "", "https://a.id/1"),
        ("note", "RPTC", "RPTC Tenggarong"), ("evidence_url", "https://a.id/1", "https://a.id/2")}


def test_a_link_that_is_not_a_web_address_is_refused(operator, indicator):
    response = save(operator, indicator, value="5", **{f"url-{indicator.pk}": "javascript:alert(1)"})
    assert "tautan bukti" in response.content.decode() and stored_value(indicator) is None


def test_implausible_values_are_saved_with_a_warning_kept_for_the_verifier(operator, client, indicator):
    response = save(operator, indicator, value="-3", amount="1.000.000")
    assert response.status_code == 302
    assert [w["key"] for w in stored_value(indicator).warnings] == ["negative_count"]
    login(client, "perencana.kukar")
    page = client.get(entry_url()).content.decode()
    assert "nilai negatif untuk indikator berupa jumlah" in page


def test_rupiah_above_the_pagu_is_a_warning_not_a_block(operator, indicator):
    pagu = (m.Budget.objects.filter(element_id=indicator.element_id, kind="renja", year=YEAR)
            .order_by("revision__number").last())
    assert pagu is not None
    response = save(operator, indicator, amount=str(pagu.amount * 2).replace(".", ","))
    assert response.status_code == 302
    row = m.BudgetRealisation.objects.get(element_id=indicator.element_id, year=YEAR, period=QUARTER)
    assert [w["key"] for w in row.warnings] == ["above_pagu"]


def test_the_quarter_overview_counts_values_saved_with_a_warning(operator, client, indicator):
    save(operator, indicator, value="-3")
    login(client, "kepala.kukar")
    page = client.get(reverse("quarter-overview", args=["dinsos-kukar", YEAR, QUARTER])).content.decode()
    assert "Perlu diperiksa" in page and "⚠ 1" in page


def test_a_refused_submission_takes_the_values_saved_with_it_back(operator, indicator):
    response = save(operator, indicator, value="7", submit="1", report_version="999")
    assert response.status_code == 200 and "Tidak ada yang disimpan" in response.content.decode()
    assert stored_value(indicator) is None  # "Simpan dan ajukan" is one request: all of it, or nothing


def test_the_live_capaian_reads_as_the_save_does(operator, indicator):
    response = operator.post(reverse("entry-capaian", args=["dinsos-kukar"]),
                             {"indicator": indicator.pk, "year": YEAR, f"v-{indicator.pk}": "9" * 30})
    assert "terlalu besar" in response.content.decode()


def test_warnings_are_shown_in_the_readers_language(operator, client, indicator):
    from django.conf import settings

    save(operator, indicator, value="-3")
    login(client, "perencana.kukar")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(entry_url()).content.decode()
    assert "a negative value for an indicator that counts" in page
    overview = client.get(reverse("quarter-overview", args=["dinsos-kukar", YEAR, QUARTER])).content.decode()
    assert "To check" in overview
