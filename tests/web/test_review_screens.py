"""Review screens: the perencana verifies and the kepala dinas approves with each value's capaian, warnings,
evidence and latest changes in view; a whole quarter of the agency at once, all or nothing; and every act that
cannot be undone (approving, issuing a document) is confirmed first — a POST without ``confirm=1`` writes nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry, QuarterReport, Status
from kinerja.realisation.services import BatchConflict, ValueInput, save_quarter, transition, transition_many

YEAR, QUARTER = 2021, 2
AGENCY = "dinsos-kukar"
EVIDENCE = "https://example.org/bukti/rptc-tw2.pdf"


def user(username):
    return get_user_model().objects.get(username=username)


def login(client, username):
    client.force_login(user(username))
    return client


@pytest.fixture
def indicator(kukar):
    """Bidang Rehsos' first indicator: 2021 target 70."""
    return m.Indicator.objects.get(element__key="P05.K01", element__strategic_plan__agency=kukar, position=0)


def submit(kukar, unit_key: str, values: list[ValueInput]) -> QuarterReport:
    """The unit's operator enters ``values`` (or the first indicator's 5) and submits the quarter."""
    unit = kukar.units.get(key=unit_key)
    operator = user(f"operator.{unit_key}.kukar")
    if not values:
        from kinerja.web.entry import entry_rows

        row = next(r for r in entry_rows(unit, YEAR, QUARTER)[0] if r.indicator.value_kind == "number")
        values = [ValueInput(row.indicator.pk, "5")]
    save_quarter(operator, kukar, unit, YEAR, QUARTER, values)
    return transition(operator, kukar, unit, YEAR, QUARTER, "submit")


@pytest.fixture
def submitted(kukar, indicator):
    """Rehsos submitted 45 (64,29 % of 70, with a link as evidence) and an outlier 700 (ten times its target);
    Linjamsos submitted one value."""
    other = m.Indicator.objects.filter(element__strategic_plan__agency=kukar, element__unit__key="rehsos",
                                       value_kind="number", targets__year=YEAR, targets__kind="renja",
                                       targets__value__gt=0).exclude(pk=indicator.pk).order_by("pk").first()
    target = m.Target.objects.filter(indicator=other, year=YEAR, kind="renja").order_by("-revision__number")[0]
    rehsos = submit(kukar, "rehsos", [
        ValueInput(indicator.pk, "45", note="RPTC Tenggarong", evidence_url=EVIDENCE),
        ValueInput(other.pk, str(int(target.value * 10)))])
    linjamsos = submit(kukar, "linjamsos", [])
    return {"rehsos": rehsos, "linjamsos": linjamsos, "outlier": other}


def review_url(unit="rehsos"):
    return reverse("quarter-review", args=[AGENCY, YEAR, QUARTER, unit])


def batch_url(action):
    return reverse("quarter-batch", args=[AGENCY, YEAR, QUARTER, action])


def transition_url(action, unit="rehsos"):
    return reverse("quarter-transition", args=[AGENCY, YEAR, QUARTER, unit, action])


def state() -> tuple:
    """Everything a workflow act writes: the reports and the audit trail."""
    return (sorted(QuarterReport.objects.values_list("unit__key", "year", "quarter", "status", "version", "locked")),
            AuditEntry.objects.count(), m.IssuedDocument.objects.count())


def hidden_fields(page: str) -> list[tuple[str, str]]:
    """The hidden fields of the confirmation's form."""
    form = page[page.index('class="confirm-actions"'):]
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form[:form.index("</form>")])


# -- the verify page ----------------------------------------------------------------------------------------------

def test_verify_page_shows_capaian_warnings_evidence_and_history(client, kukar, indicator, submitted):
    realisation = m.Realisation.objects.get(indicator=indicator, year=YEAR, period=QUARTER)
    realisation.evidence_file.save("bukti.pdf", ContentFile(b"%PDF-1.4 bukti"), save=True)
    page = login(client, "perencana.kukar").get(review_url()).content.decode()
    row = page[page.index(indicator.name):]
    row = row[:row.index("</tr>")]
    assert "64,29 %" in row  # 45 of 70, computed by the entry grid's own cell
    assert f'<a href="{EVIDENCE}"' in row
    assert reverse("evidence-download", args=[AGENCY, realisation.pk]) in row
    assert "RPTC Tenggarong" in row
    assert "nilai: — → 45" in row  # the latest change, from the audit trail
    assert reverse("indicator-history", args=[AGENCY, indicator.pk]) in row
    outlier = page[page.index(submitted["outlier"].name):]
    assert "⚠" in outlier[:outlier.index("</tr>")]  # the plausibility warning stored with the value
    assert "1 nilai perlu diperiksa" in page
    # Read-only: no field to type into; the reviewer's acts at the top and at the bottom.
    assert not re.search(r'<input (?![^>]*type="hidden")[^>]*name="(?:v|rp|n|d)-', page)
    assert page.count(f'action="{transition_url("verify")}"') == 2
    assert page.count(f'action="{transition_url("return")}"') == 2
    assert transition_url("approve") not in page  # not the perencana's act


def test_verify_page_in_english(client, kukar, indicator, submitted):
    client.cookies["django_language"] = "en"
    page = login(client, "perencana.kukar").get(review_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "64.29 %" in page
    assert "Review the realisation of" in page and "1 value to check" in page
    assert "value: — → 45" in page and "open the evidence link" in page
    assert ">Verify<" in page and "Tinjau realisasi" not in page


def test_verifying_from_the_review_page_comes_back_to_it(client, kukar, submitted):
    response = login(client, "perencana.kukar").post(transition_url("verify"), {
        "report_version": submitted["rehsos"].version, "next": "review"})
    assert response.status_code == 302 and response.url == review_url()
    assert QuarterReport.objects.get(unit__key="rehsos", year=YEAR, quarter=QUARTER).status == Status.VERIFIED
    page = client.get(review_url()).content.decode()
    assert "Laporan triwulan diverifikasi." in page
    assert transition_url("verify") not in page


@pytest.mark.parametrize(("username", "status"), [
    ("operator.rehsos.kukar", 200), ("pemeriksa.kukar", 200), ("kepala.kukar", 200),
    ("operator.linjamsos.kukar", 404), ("perencana.tarakan", 404)])
def test_who_may_read_the_review_page(client, kukar, submitted, username, status):
    response = login(client, username).get(review_url())
    assert response.status_code == status
    if status == 200 and username != "kepala.kukar":
        assert "quarter-transition" not in response.content.decode()
        assert transition_url("verify") not in response.content.decode()


# -- one approval, confirmed ----------------------------------------------------------------------------------------

def test_approving_one_unit_needs_the_confirmation(client, kukar, submitted):
    login(client, "perencana.kukar").post(transition_url("verify"))
    report = QuarterReport.objects.get(unit__key="rehsos", year=YEAR, quarter=QUARTER)
    before = state()
    response = login(client, "kepala.kukar").post(transition_url("approve"), {
        "report_version": report.version, "next": "review"})
    page = response.content.decode()
    assert response.status_code == 200 and state() == before  # nothing written yet
    assert ("Menyetujui TW 2 2021 untuk Bidang Rehabilitasi Sosial mengunci 2 nilai; hanya dapat dibuka kembali "
            "oleh kepala dinas dengan alasan yang tercatat.") in page
    fields = dict(hidden_fields(page))
    assert fields["confirm"] == "1" and fields["report_version"] == str(report.version)
    assert f'href="{review_url()}"' in page  # Cancel goes back where it came from
    response = client.post(transition_url("approve"), fields)
    assert response.status_code == 302 and response.url == review_url()
    report.refresh_from_db()
    assert report.status == Status.APPROVED and report.locked


def test_the_confirmation_in_english(client, kukar, submitted):
    login(client, "perencana.kukar").post(transition_url("verify"))
    client.cookies["django_language"] = "en"
    page = login(client, "kepala.kukar").post(transition_url("approve"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "locks 2 values" in page and "Yes, approve and lock" in page and "Cancel" in page
    assert "Menyetujui" not in page


@pytest.mark.parametrize("username", ["perencana.kukar", "operator.rehsos.kukar", "pemeriksa.kukar"])
def test_who_may_not_approve_gets_no_confirmation_either(client, kukar, submitted, username):
    login(client, "perencana.kukar").post(transition_url("verify"))
    before = state()
    assert login(client, username).post(transition_url("approve")).status_code == 403
    assert login(client, username).post(transition_url("approve"), {"confirm": "1"}).status_code == 403
    assert state() == before


# -- a whole quarter at once --------------------------------------------------------------------------------------

def test_the_overview_offers_the_whole_quarter_and_each_unit(client, kukar, submitted):
    page = login(client, "perencana.kukar").get(reverse("quarter-overview", args=[AGENCY, YEAR, QUARTER]))
    page = page.content.decode()
    assert f'action="{batch_url("verify")}"' in page and "Verifikasi 2 unit" in page
    assert f'action="{batch_url("return")}"' in page
    assert batch_url("approve") not in page
    assert f'action="{transition_url("verify", "linjamsos")}"' in page
    assert review_url("linjamsos") in page
    page = login(client, "pemeriksa.kukar").get(reverse("quarter-overview", args=[AGENCY, YEAR, QUARTER]))
    assert "serentak" not in page.content.decode() and "quarter-transition" not in page.content.decode()


def test_batch_verify_then_approve_with_confirmation(client, kukar, submitted):
    before = state()
    page = login(client, "perencana.kukar").post(batch_url("verify")).content.decode()
    assert state() == before
    assert "Memverifikasi TW 2 2021 untuk 2 unit" in page
    fields = hidden_fields(page)
    assert sorted(v for k, v in fields if k == "unit") == ["linjamsos", "rehsos"]
    response = client.post(batch_url("verify"), dict_multi(fields))
    assert response.status_code == 302
    assert set(QuarterReport.objects.filter(year=YEAR, quarter=QUARTER).values_list("status", flat=True)) == {
        Status.VERIFIED}

    page = login(client, "kepala.kukar").post(batch_url("approve")).content.decode()
    assert "Menyetujui TW 2 2021 untuk 2 unit mengunci 3 nilai; hanya dapat dibuka kembali" in page
    assert "Bidang Rehabilitasi Sosial: 2 nilai" in page
    response = client.post(batch_url("approve"), dict_multi(hidden_fields(page)), follow=True)
    assert "Laporan triwulan disetujui dan dikunci. Jumlah unit: 2." in response.content.decode()
    reports = QuarterReport.objects.filter(year=YEAR, quarter=QUARTER)
    assert all(r.status == Status.APPROVED and r.locked for r in reports)
    # Each unit's approval is its own audit entry, as one by one.
    assert AuditEntry.objects.filter(object_type="realisation.quarterreport", action="approve").count() == 2


def test_batch_approve_is_all_or_nothing_when_a_report_changed_meanwhile(client, kukar, submitted):
    for unit in ("rehsos", "linjamsos"):
        transition(user("perencana.kukar"), kukar, kukar.units.get(key=unit), YEAR, QUARTER, "verify")
    page = login(client, "kepala.kukar").post(batch_url("approve")).content.decode()
    confirmation = dict_multi(hidden_fields(page))
    # Meanwhile the perencana returns Linjamsos.
    transition(user("perencana.kukar"), kukar, kukar.units.get(key="linjamsos"), YEAR, QUARTER, "return",
               "angka belum sesuai")
    before = state()
    response = client.post(batch_url("approve"), confirmation, follow=True)
    page = response.content.decode()
    assert state() == before
    assert "Tidak ada yang disimpan" in page and "Bidang Perlindungan dan Jaminan Sosial (Dikembalikan)" in page
    assert QuarterReport.objects.get(unit__key="rehsos", year=YEAR, quarter=QUARTER).status == Status.VERIFIED
    # Asked again, the confirmation lists only the unit still waiting, and approving it works.
    page = client.post(batch_url("approve")).content.decode()
    assert "untuk 1 unit" in page
    client.post(batch_url("approve"), dict_multi(hidden_fields(page)))
    assert QuarterReport.objects.get(unit__key="rehsos", year=YEAR, quarter=QUARTER).status == Status.APPROVED
    assert QuarterReport.objects.get(unit__key="linjamsos", year=YEAR, quarter=QUARTER).status == Status.RETURNED


def test_batch_conflict_in_english(client, kukar, submitted):
    page = login(client, "perencana.kukar").post(batch_url("verify")).content.decode()
    confirmation = dict_multi(hidden_fields(page))
    transition(user("perencana.kukar"), kukar, kukar.units.get(key="rehsos"), YEAR, QUARTER, "verify")
    client.cookies["django_language"] = "en"
    page = client.post(batch_url("verify"), confirmation, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing was saved" in page and "(Verified)" in page


def test_the_service_locks_and_checks_every_report_before_writing_any(kukar, submitted):
    rehsos, linjamsos = kukar.units.get(key="rehsos"), kukar.units.get(key="linjamsos")
    expected = {rehsos.pk: submitted["rehsos"].version, linjamsos.pk: submitted["linjamsos"].version - 1}
    before = state()
    with pytest.raises(BatchConflict) as refused:
        transition_many(user("perencana.kukar"), kukar, YEAR, QUARTER, "verify", expected)
    assert [u.key for u, _status in refused.value.changed] == ["linjamsos"]
    assert state() == before
    with pytest.raises(PermissionError):
        transition_many(user("pemeriksa.kukar"), kukar, YEAR, QUARTER, "verify",
                        {rehsos.pk: submitted["rehsos"].version})
    assert state() == before


def test_batch_return_needs_a_reason(client, kukar, submitted):
    before = state()
    response = login(client, "perencana.kukar").post(batch_url("return"), {"reason": " "}, follow=True)
    assert "Alasan wajib diisi" in response.content.decode() and state() == before
    page = client.post(batch_url("return"), {"reason": "Lampirkan bukti"}).content.decode()
    client.post(batch_url("return"), dict_multi(hidden_fields(page)))
    assert set(QuarterReport.objects.filter(year=YEAR, quarter=QUARTER).values_list("status", flat=True)) == {
        Status.RETURNED}
    assert AuditEntry.objects.filter(action="return", reason="Lampirkan bukti").count() == 2


@pytest.mark.parametrize(("username", "action", "status"), [
    ("operator.rehsos.kukar", "verify", 403), ("pemeriksa.kukar", "verify", 403), ("bappeda.kukar", "approve", 403),
    ("perencana.kukar", "approve", 403), ("kepala.kukar", "verify", 403), ("perencana.tarakan", "verify", 404),
    ("operator.rehsos.kukar", "return", 403)])
def test_who_may_not_act_on_the_whole_quarter(client, kukar, submitted, username, action, status):
    before = state()
    assert login(client, username).post(batch_url(action), {"reason": "x"}).status_code == status
    units = {"unit": ["rehsos", "linjamsos"], "ver-rehsos": submitted["rehsos"].version,
             "ver-linjamsos": submitted["linjamsos"].version, "confirm": "1", "reason": "x"}
    assert client.post(batch_url(action), units).status_code == status
    assert state() == before


def test_a_forged_or_stale_batch_writes_nothing(client, kukar, submitted):
    login(client, "perencana.kukar")
    before = state()
    for data in ({"confirm": "1"}, {"confirm": "1", "unit": "tidak-ada", "ver-tidak-ada": "1"},
                 {"confirm": "1", "unit": "rehsos", "ver-rehsos": "abc"},
                 {"confirm": "1", "unit": "rehsos", "ver-rehsos": "99"}):
        assert client.post(batch_url("verify"), data).status_code == 302
        assert state() == before
    assert client.post(batch_url("submit"), {"confirm": "1"}).status_code == 404
    assert client.get(batch_url("verify")).status_code == 405


def test_nothing_to_act_on_says_so(client, kukar):
    response = login(client, "kepala.kukar").post(batch_url("approve"), follow=True)
    assert "Tidak ada unit dengan laporan yang dapat diproses" in response.content.decode()


# -- issuing a document, confirmed ----------------------------------------------------------------------------------

def test_issuing_a_document_needs_the_confirmation(client, kukar, monkeypatch):
    monkeypatch.setattr("kinerja.documents.pdf.soffice", lambda: None)  # no LibreOffice layout pass: figures only
    url = reverse("document-issue", args=[AGENCY, "lkjip", 2019])
    before = state()
    response = login(client, "kepala.kukar").post(url, {"lampiran": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and state() == before
    assert "Menerbitkan LKjIP 2019 sebagai versi terbit 1" in page and "tidak dapat diubah atau dihapus" in page
    assert "dengan lampiran" in page
    assert dict(hidden_fields(page)) == {"csrfmiddlewaretoken": dict(hidden_fields(page))["csrfmiddlewaretoken"],
                                         "lampiran": "1", "confirm": "1"}
    client.post(url, dict(hidden_fields(page)))
    document = m.IssuedDocument.objects.get(agency=kukar, kind="lkjip", year=2019)
    assert document.number == 1 and document.appendix
    client.cookies["django_language"] = "en"
    page = client.post(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "as issued version 2" in page and "Menerbitkan" not in page
    assert m.IssuedDocument.objects.filter(agency=kukar, kind="lkjip", year=2019).count() == 1


def test_an_empty_report_is_refused_not_confirmed(client, kukar):
    """Submitting an empty report is not an act to confirm: it is refused outright (with the reason)."""
    before = state()
    response = login(client, "operator.rehsos.kukar").post(
        reverse("quarter-transition", args=[AGENCY, 2024, 1, "rehsos", "submit"]), follow=True)
    assert "Laporan tidak dapat diajukan" in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()
    assert state() == before


def dict_multi(fields):
    """Hidden fields as a POST body, repeated names kept as lists."""
    body = {}
    for key, value in fields:
        if key == "csrfmiddlewaretoken":
            continue
        body.setdefault(key, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in body.items()}
