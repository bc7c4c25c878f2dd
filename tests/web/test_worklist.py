"""The home page's "Yang perlu saya kerjakan" for each demo role, in Indonesian and in English: what shows (with its
deadline and the link to the page where the work is done) and what never does — another unit's quarter for an
operator, another agency for anyone. Today is frozen at 15 May 2021: TW I 2021 is past its deadline (10 April),
TW II is open (deadline 10 July), TW III has not begun."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.consistency import MISSING_TARGET, check_agency, renja_years
from kinerja.plan.models import Agency, Unit
from kinerja.realisation.models import AuditEntry, QuarterReport, Status
from kinerja.realisation.services import default_deadline
from kinerja.web.worklist import Worklist, current_renja_year, missing_targets, renja_revisions

TODAY = dt.datetime(2021, 5, 15, 9, 0, tzinfo=dt.UTC)
REASON = "Realisasi kegiatan psikososial belum dilampiri bukti"


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TODAY)


def user(name):
    return get_user_model().objects.get(username=name)


def report(agency, unit_key, year, quarter, status, **fields):
    unit = Unit.objects.get(agency=agency, key=unit_key)
    return QuarterReport.objects.create(agency=agency, unit=unit, year=year, quarter=quarter, status=status,
                                        deadline=default_deadline(year, quarter), **fields)


@pytest.fixture
def reports(kukar, tarakan, frozen):
    """A returned rehsos quarter (with its reason), a submitted linjamsos one, a verified pfm one, and Tarakan's
    submitted and verified quarters that no Kukar account may see."""
    returned = report(kukar, "rehsos", 2021, 1, Status.RETURNED)
    AuditEntry.objects.create(agency=kukar, user=user("perencana.kukar"), action="return",
                              object_type="realisation.quarterreport", object_id=returned.pk, field="status",
                              old=Status.SUBMITTED, new=Status.RETURNED, reason=REASON)
    report(kukar, "linjamsos", 2021, 1, Status.SUBMITTED, submitted_late=True)
    report(kukar, "pfm", 2021, 1, Status.VERIFIED)
    for field, new in (("value", "45"), ("text", "45 orang")):  # one entry recorded field by field
        AuditEntry.objects.create(agency=kukar, user=user("operator.rehsos.kukar"), action="isi realisasi",
                                  object_type="plan.realisation", object_id=10**9, field=field, new=new)
    submitted = report(tarakan, "bidang-pemberdayaan-sosial", 2021, 1, Status.SUBMITTED)
    report(tarakan, "umum-kepegawaian", 2021, 1, Status.VERIFIED)
    AuditEntry.objects.create(agency=tarakan, user=user("perencana.tarakan"), action="submit",
                              object_type="realisation.quarterreport", object_id=submitted.pk, field="status",
                              old=Status.DRAFT, new=Status.SUBMITTED)


def home(client, username, lang="id") -> str:
    client.force_login(user(username))
    if lang == "en":
        assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, key: str) -> str:
    found = re.search(rf'<section class="work" id="kerja-{key}">(.*?)</section>', page, re.S)
    assert found, f"no section {key}"
    return found.group(1)


def work(page: str) -> str:
    """Everything above the folded list of all pages."""
    return page.split('class="all-pages"')[0]


def test_operator_sees_own_unit_open_quarters_returned_first(client, reports):
    page = home(client, "operator.rehsos.kukar")
    open_quarters = section(page, "open-quarters")
    items = re.findall(r'<a href="([^"]+)">([^<]+)</a>', open_quarters)
    assert items[0] == ("/pd/dinsos-kukar/realisasi/2021/tw1/rehsos/", "TW I 2021 — dikembalikan")
    assert "Dikembalikan oleh " in open_quarters and REASON in open_quarters
    # Then the deadline ahead, then those passed, the latest first: old years never hide this quarter.
    assert [title for _url, title in items[1:4]] == ["TW II 2021", "TW IV 2019", "TW III 2019"]
    assert "tenggat 10 Juli 2021</span>" in open_quarters
    assert "tenggat 10 April 2021, terlewat" in open_quarters
    assert "/2021/tw3/" not in open_quarters  # TW III 2021 has not begun
    # 2022 and 2023 are held as annual totals: nothing to enter by quarter.
    assert "/2022/" not in open_quarters and "/2023/" not in open_quarters
    assert "linjamsos" not in work(page) and "tarakan" not in work(page)
    assert 'id="kerja-verify"' not in page and 'id="kerja-changes"' not in page


def test_operator_page_in_english(client, reports):
    page = home(client, "operator.rehsos.kukar", "en")
    open_quarters = section(page, "open-quarters")
    assert "My work" in page and "Quarter reports to fill in and submit" in open_quarters
    assert "TW I 2021 — returned" in open_quarters and "Returned by " in open_quarters
    assert "deadline 10 July 2021</span>" in open_quarters and "deadline 10 April 2021, passed" in open_quarters
    assert "tenggat" not in work(page) and "dikembalikan" not in work(page)


def test_operator_of_another_unit_never_sees_the_returned_rehsos_quarter(client, reports):
    page = home(client, "operator.linjamsos.kukar")
    assert "rehsos" not in work(page) and REASON not in page
    assert "/pd/dinsos-kukar/realisasi/2021/tw2/linjamsos/" in section(page, "open-quarters")
    assert "/2021/tw1/linjamsos/" not in section(page, "open-quarters")  # submitted: no longer open


@pytest.mark.parametrize("lang", ["id", "en"])
def test_perencana_sees_submissions_to_verify_and_missing_data_of_own_agency(client, reports, lang):
    page = home(client, "perencana.kukar", lang)
    verify = section(page, "verify")
    assert '<a href="/pd/dinsos-kukar/realisasi/2021/tw1/linjamsos/tinjau/">TW I 2021</a>' in verify
    assert ("diajukan terlambat" if lang == "id" else "submitted late") in verify
    assert "pfm" not in verify and "rehsos" not in verify  # verified and returned are not waiting for verification
    missing = section(page, "missing")
    kukar = Agency.objects.get(slug="dinsos-kukar")
    count = next(n for _a, year, n in missing_targets([kukar], renja_revisions([kukar]), TODAY.date()) if year == 2021)
    targets = (f"Renja 2021: {count} indikator tanpa target" if lang == "id"
               else f"Renja 2021: {count} indicators without a target")
    assert f'<a href="/pd/dinsos-kukar/periksa/2021/">{targets}</a>' in missing
    quarters = re.findall(r'<a href="/pd/dinsos-kukar/realisasi/(\d+/tw\d)/">', missing)
    assert quarters[:2] == ["2021/tw1", "2019/tw4"]  # the latest passed deadline first
    late = re.search(r'<a href="/pd/dinsos-kukar/realisasi/2021/tw1/">([^<]+)</a>', missing).group(1)
    assert late.startswith("TW I 2021: ")
    assert ("unit belum mengajukan" if lang == "id" else "have not submitted") in late
    assert "Bidang Rehabilitasi Sosial" in missing  # returned: not submitted
    assert "/2021/tw2/" not in missing  # not yet past its deadline
    assert "tarakan" not in work(page)


def test_kepala_sees_reports_to_approve_and_documents_to_issue(client, reports):
    page = home(client, "kepala.kukar")
    approve = section(page, "approve")
    assert '<a href="/pd/dinsos-kukar/realisasi/2021/tw1/pfm/tinjau/">TW I 2021</a>' in approve
    assert "linjamsos" not in approve and "tarakan" not in approve
    documents = section(page, "documents")
    assert '<a href="/pd/dinsos-kukar/dokumen/renja/2021/">Renja 2021</a>' in documents
    assert '<a href="/pd/dinsos-kukar/dokumen/lkjip/2019/">LKjIP 2019</a>' in documents
    assert "tanpa tenggat" in documents
    assert 'id="kerja-verify"' not in page and 'id="kerja-open-quarters"' not in page
    english = home(client, "kepala.kukar", "en")
    assert "Quarter reports awaiting your approval" in english and "Documents not yet issued" in english


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pemeriksa_sees_recent_changes_readably_and_only_of_own_agency(client, reports, lang):
    page = home(client, "pemeriksa.kukar", lang)
    changes = section(page, "changes")
    action = "mengembalikan laporan triwulan" if lang == "id" else "returned a quarter report"
    assert action in changes
    assert "Bidang Rehabilitasi Sosial TW I 2021" in changes
    assert ("Diajukan → Dikembalikan" if lang == "id" else "Submitted → Returned") in changes
    assert REASON in changes
    assert "realisation.quarterreport#" not in changes and "submitted → returned" not in changes
    assert "?type=realisation.quarterreport&amp;id=" in changes
    assert changes.count(f"?type=plan.realisation&amp;id={10**9}") == 1  # one act, two fields: one line
    assert "tarakan" not in work(page) and "Bidang Pemberdayaan Sosial" not in changes
    assert 'id="kerja-open-quarters"' not in page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_bappeda_sees_agencies_behind_schedule_of_its_region_only(client, reports, lang):
    page = home(client, "bappeda.kukar", lang)
    behind = section(page, "behind")
    line = re.search(r'<a href="/pd/dinsos-kukar/realisasi/2019/tw1/">Dinas Sosial Kabupaten Kutai Kartanegara</a>'
                     r'(.*?)</li>', behind, re.S)
    assert line, behind
    text = line.group(1)
    assert ("terlama TW I 2019" if lang == "id" else "the oldest TW I 2019") in text
    assert ("tenggat 10 April 2019, terlewat" if lang == "id" else "deadline 10 April 2019, passed") in text
    assert "tarakan" not in work(page)


def test_missing_targets_agree_with_the_consistency_check(kukar, tarakan):
    """Counted set-wise for the home page, the same as the ``missing-target`` findings of ``kinerja check``."""
    for agency in (kukar, tarakan):
        for year in renja_years(agency):
            today = dt.date(year, 6, 1)
            renja = renja_revisions([agency])
            assert current_renja_year(sorted(renja[agency.pk]), today) == year
            counted = {y: n for _a, y, n in missing_targets([agency], renja, today)}
            assert counted.get(year, 0) == len(check_agency(agency, year).of_kind(MISSING_TARGET)), (agency, year)


def test_worklist_queries_do_not_grow_with_the_agencies(kukar, tarakan, reports):
    """The planner of both demo agencies costs the same queries as the planner of one."""
    counts = []
    for name in ("perencana.kukar", "demo"):
        account = user(name)
        agencies = list(Agency.objects.visible_to(account).prefetch_related("units"))
        Worklist(account, agencies).sections()  # memberships cached on the user
        with CaptureQueriesContext(connection) as captured:
            Worklist(account, agencies).sections()
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_units_expected_to_report_are_those_whose_entry_page_takes_quarterly_values(kukar, tarakan):
    """A unit's quarter is work only where its entry page has a line that is not held as the year's total."""
    from kinerja.web.entry import entry_rows

    worklist = Worklist(user("demo"), list(Agency.objects.filter(pk__in=[kukar.pk, tarakan.pk])))
    worklist.renja = renja_revisions(worklist.agencies)
    expected = worklist._expected_units([kukar.pk, tarakan.pk])
    checked = 0
    for agency in (kukar, tarakan):
        for year in worklist.renja[agency.pk]:
            for unit in agency.units.all():
                rows, budgets = entry_rows(unit, year, 1)
                quarterly = any(not line.annual for line in [*rows, *budgets])
                assert ((unit.pk, year) in expected) == quarterly, (agency.slug, unit.key, year)
                checked += 1
    assert checked == 7 * 4 + 3 * 3 and expected
