"""Quarterly entry through the web app: the operator enters and submits, the perencana verifies, the kepala
approves, and the values lock; the pemeriksa reads the trail."""

import pytest
from django.urls import reverse

from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry, QuarterReport, Status

YEAR, QUARTER = 2021, 2


def login(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def indicator(kukar):
    return m.Indicator.objects.get(element__key="P05.K01", element__strategic_plan__agency=kukar, position=0)


def entry_url(unit="rehsos", agency="dinsos-kukar"):
    return reverse("quarter-entry", args=[agency, YEAR, QUARTER, unit])


def transition_url(action, unit="rehsos"):
    return reverse("quarter-transition", args=["dinsos-kukar", YEAR, QUARTER, unit, action])


def test_operator_sees_own_unit_and_not_others(client, kukar):
    login(client, "operator.rehsos.kukar")
    assert client.get(entry_url()).status_code == 200
    assert client.get(entry_url("linjamsos")).status_code == 404
    assert client.get(entry_url("umum-kepegawaian", "dinsospm-tarakan")).status_code == 404
    assert client.get(reverse("evaluation", args=["dinsos-kukar", 2019])).status_code in (403, 404)


def test_live_capaian_while_typing(client, kukar, indicator):
    login(client, "operator.rehsos.kukar")
    response = client.post(reverse("entry-capaian", args=["dinsos-kukar"]),
                           {"indicator": indicator.pk, "year": YEAR, f"v-{indicator.pk}": "45"})
    assert "64,29 %" in response.content.decode()  # 45 of a 2021 target of 70
    response = client.post(reverse("entry-capaian", args=["dinsos-kukar"]),
                           {"indicator": indicator.pk, "year": YEAR, f"v-{indicator.pk}": "1.5277.858"})
    assert "—" in response.content.decode()


def test_whole_workflow(client, kukar, indicator):
    login(client, "operator.rehsos.kukar")
    response = client.post(entry_url(), {f"v-{indicator.pk}": "20", f"note-{indicator.pk}": "RPTC Tenggarong",
                                         f"rp-{indicator.element_id}": "80.000.000", "submit": "1"})
    assert response.status_code == 302
    report = QuarterReport.objects.get(unit__key="rehsos", year=YEAR, quarter=QUARTER)
    assert report.status == Status.SUBMITTED
    assert m.Realisation.objects.get(indicator=indicator, year=YEAR, period=QUARTER).value == 20

    # The operator cannot verify; the perencana can.
    assert client.post(transition_url("verify")).status_code == 403
    login(client, "perencana.kukar")
    client.post(transition_url("verify"))
    login(client, "kepala.kukar")
    client.post(transition_url("approve"), {"confirm": "1"})  # approving locks: confirmed (test_review_screens)
    report.refresh_from_db()
    assert report.status == Status.APPROVED and report.locked

    # Locked: the operator's form is read-only and a forged post changes nothing.
    login(client, "operator.rehsos.kukar")
    page = client.get(entry_url()).content.decode()
    assert "disabled" in page
    client.post(entry_url(), {f"v-{indicator.pk}": "99", "reason": "coba"})
    assert m.Realisation.objects.get(indicator=indicator, year=YEAR, period=QUARTER).value == 20

    # The pemeriksa reads the trail of the value.
    login(client, "pemeriksa.kukar")
    value = m.Realisation.objects.get(indicator=indicator, year=YEAR, period=QUARTER)
    trail = client.get(reverse("audit-trail", args=["dinsos-kukar"]),
                       {"type": "plan.realisation", "id": value.pk}).content.decode()
    assert "isi realisasi" in trail and "operator.rehsos.kukar" in trail
    assert AuditEntry.objects.filter(object_type="realisation.quarterreport").count() == 3


def test_malformed_entry_shows_the_field_and_saves_nothing(client, kukar, indicator):
    login(client, "operator.rehsos.kukar")
    response = client.post(entry_url(), {f"v-{indicator.pk}": "20", f"rp-{indicator.element_id}": "1,2,3"})
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert not m.Realisation.objects.filter(indicator=indicator, year=YEAR, period=QUARTER).exists()


def test_pemeriksa_reads_but_cannot_enter(client, kukar, indicator):
    login(client, "pemeriksa.kukar")
    assert client.get(entry_url()).status_code == 200
    assert client.post(entry_url(), {f"v-{indicator.pk}": "20"}).status_code == 403
    assert not m.Realisation.objects.filter(indicator=indicator, year=YEAR, period=QUARTER).exists()


def test_only_the_pemeriksa_reads_the_audit_trail(client, kukar):
    login(client, "operator.rehsos.kukar")
    assert client.get(reverse("audit-trail", args=["dinsos-kukar"])).status_code == 403
    login(client, "perencana.tarakan")
    assert client.get(reverse("audit-trail", args=["dinsos-kukar"])).status_code == 404


def test_quarter_overview_lists_units_with_status(client, kukar):
    login(client, "perencana.kukar")
    page = client.get(reverse("quarter-overview", args=["dinsos-kukar", YEAR, QUARTER])).content.decode()
    assert "Bidang Rehabilitasi Sosial" in page and "Draf" in page


def test_dashboard_shows_programs_chart_data_and_drill_down(client, kukar, indicator):
    login(client, "operator.rehsos.kukar")
    client.post(entry_url(), {f"v-{indicator.pk}": "20", f"rp-{indicator.element_id}": "80.000.000"})
    login(client, "perencana.kukar")
    page = client.get(reverse("dashboard", args=["dinsos-kukar", 2021])).content.decode()
    assert "Program Rehabilitasi Sosial Bagi PMKS" in page
    assert 'id="absorption-data"' in page and "chart-4.6.1.umd.js" in page
    assert "<script>" not in page  # data travels as JSON, drawn by a static script (CSP)
    history = client.get(reverse("indicator-history", args=["dinsos-kukar", indicator.pk])).content.decode()
    assert "TW II" in history and "Program Rehabilitasi Sosial Bagi PMKS" in history
    login(client, "perencana.tarakan")
    assert client.get(reverse("indicator-history", args=["dinsos-kukar", indicator.pk])).status_code == 404


def test_admin_pemda_sees_the_region_and_manages_roles(client, kukar):
    login(client, "bappeda.kukar")
    home = client.get(reverse("home")).content.decode()
    assert "Dasbor wilayah" in home
    page = client.get(reverse("region-dashboard", args=["kukar", 2019])).content.decode()
    assert "Dinas Sosial Kabupaten Kutai Kartanegara" in page and "Tinggi" in page
    response = client.post(reverse("region-users", args=["kukar"]),
                           {"username": "operator.pfm.kukar", "role": "operator", "agency": "dinsos-kukar",
                            "unit": "pfm"})
    assert response.status_code == 302
    from kinerja.accounts.models import Membership

    membership = Membership.objects.get(user__username="operator.pfm.kukar")
    assert membership.unit.key == "pfm" and membership.agency == kukar
    assert AuditEntry.objects.filter(action="tambah peran").exists()
    client.post(reverse("region-membership-remove", args=["kukar", membership.pk]),
                {"reason": "pindah", "confirm": "1"})
    assert not Membership.objects.filter(user__username="operator.pfm.kukar").exists()
    # Another region is not disclosed; a perencana manages no region.
    assert client.get(reverse("region-users", args=["tarakan"])).status_code == 404
    login(client, "perencana.kukar")
    assert client.get(reverse("region-users", args=["kukar"])).status_code == 404


def test_evidence_file_is_checked_stored_and_served_to_readers_only(client, kukar, indicator, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    login(client, "operator.rehsos.kukar")
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(entry_url(), {f"v-{indicator.pk}": "20", f"file-{indicator.pk}": fake})
    assert "isi berkas bukan .pdf" in response.content.decode()
    assert not m.Realisation.objects.filter(indicator=indicator, year=YEAR, period=QUARTER).exists()
    script = SimpleUploadedFile("bukti.html", b"<script>", content_type="text/html")
    response = client.post(entry_url(), {f"v-{indicator.pk}": "20", f"file-{indicator.pk}": script})
    assert "tidak diterima" in response.content.decode()
    pdf = SimpleUploadedFile("laporan RPTC.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    client.post(entry_url(), {f"v-{indicator.pk}": "20", f"file-{indicator.pk}": pdf})
    value = m.Realisation.objects.get(indicator=indicator, year=YEAR, period=QUARTER)
    assert value.evidence_file.name.endswith(".pdf") and "RPTC" not in value.evidence_file.name
    url = reverse("evidence-download", args=["dinsos-kukar", value.pk])
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF")
    login(client, "operator.linjamsos.kukar")
    assert client.get(url).status_code == 404
    login(client, "perencana.tarakan")
    assert client.get(url).status_code == 404


def test_admin_pemda_adds_agency_unit_period_and_scale(client, kukar):
    login(client, "bappeda.kukar")
    url = reverse("region-settings", args=["kukar"])
    assert client.get(url).status_code == 200
    client.post(url, {"form": "agency", "agency-slug": "dinkes-kukar", "agency-name": "Dinas Kesehatan",
                      "agency-evaluation_layout": 2})
    agency = m.Agency.objects.get(slug="dinkes-kukar")
    assert agency.region == kukar.region
    client.post(url, {"form": "unit", "unit-agency": agency.pk, "unit-key": "p2p", "unit-name": "Bidang P2P",
                      "unit-kind": "bidang"})
    client.post(url, {"form": "renstra", "renstra-agency": agency.pk, "renstra-key": "renstra-2021-2026",
                      "renstra-name": "Renstra 2021–2026", "renstra-first_year": 2021, "renstra-last_year": 2026,
                      "renstra-code_scheme": "permendagri-90"})
    overlapping = client.post(url, {"form": "renstra", "renstra-agency": agency.pk, "renstra-key": "x",
                                    "renstra-name": "x", "renstra-first_year": 2024, "renstra-last_year": 2028,
                                    "renstra-code_scheme": "permendagri-90"})
    assert "tumpang tindih" in overlapping.content.decode()
    client.post(url, {"form": "scale", "scale-agency": agency.pk, "scale-key": "idm", "scale-name": "IDM",
                      "scale-categories": "Tertinggal\nBerkembang\nMaju\nMandiri"})
    assert agency.units.get().key == "p2p"
    assert agency.strategic_plans.get().last_year == 2026
    assert m.CategoryScale.objects.get(agency=agency).as_ordinal().rank("maju") == 3


def test_dashboard_shows_the_analysis_of_the_worst_indicators(client, kukar):
    ind = m.Indicator.objects.get(element__key="P05.K08", element__strategic_plan__agency=kukar, position=0)
    m.Narrative.objects.create(agency=kukar, indicator=ind, year=2019, section="analisis", number=1,
                               text="Penyuluhan tertunda karena anggaran terlambat")
    login(client, "perencana.kukar")
    page = client.get(reverse("dashboard", args=["dinsos-kukar", 2019])).content.decode()
    assert "Penyuluhan tertunda karena anggaran terlambat" in page
