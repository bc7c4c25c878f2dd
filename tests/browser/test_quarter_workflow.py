"""The quarter's life in a real browser: enter and submit, verify, approve, locked; dashboard, evaluation and
audit trail show it. Screenshots of each step go to test-artifacts/screenshots/."""

import re

import pytest

pytestmark = pytest.mark.browser
ENTRY = "/pd/dinsos-kukar/realisasi/2021/tw1/rehsos/"
KEGIATAN = "pelayanan rehabilitasi Psikososial"


def test_quarter_from_entry_to_audit(login, served_app, shot):
    from playwright.sync_api import expect

    operator = login("operator.rehsos.kukar")
    operator.goto(served_app + ENTRY)
    row = operator.locator("tbody tr", has_text=KEGIATAN).first
    value = row.locator("input[name^='v-']")
    value.fill("45")
    expect(row.locator("td[id^='capaian-']")).to_contain_text("64,29 %")  # live, while typing: 45 of 70
    budget = operator.locator("tbody tr", has_text=KEGIATAN).nth(1).locator("input[name^='rp-']")
    if budget.count():
        budget.fill("80.000.000")
    shot(operator, "01-operator-enters")
    operator.click("button[name=submit]")
    expect(operator.locator(".status-line")).to_contain_text("Diajukan")
    shot(operator, "02-operator-submitted")

    perencana = login("perencana.kukar")
    perencana.goto(served_app + ENTRY)
    perencana.click("button:has-text('Verifikasi')")
    expect(perencana.locator(".status-line")).to_contain_text("Diverifikasi")
    shot(perencana, "03-perencana-verified")

    kepala = login("kepala.kukar")
    kepala.goto(served_app + ENTRY)
    kepala.click("button:has-text('Setujui')")
    kepala.click("button:has-text('Ya, setujui dan kunci')")  # approving locks: confirmed on its own page
    expect(kepala.locator(".status-line")).to_contain_text("Disetujui")
    expect(kepala.locator(".status-line")).to_contain_text("terkunci")
    shot(kepala, "04-kepala-approved")

    operator.goto(served_app + ENTRY)
    expect(operator.locator("tbody tr", has_text=KEGIATAN).first.locator("input[name^='v-']")).to_be_disabled()
    shot(operator, "05-values-locked")

    kepala.goto(served_app + "/pd/dinsos-kukar/dasbor/2021/")
    expect(kepala.locator("body")).to_contain_text("Program Rehabilitasi Sosial Bagi PMKS")
    kepala.wait_for_function("document.querySelector('#absorption-chart').width > 0")
    shot(kepala, "06-dashboard")
    kepala.goto(served_app + "/pd/dinsos-kukar/evaluasi-renja/2021/")
    expect(kepala.locator("tr.kegiatan", has_text=KEGIATAN).first).to_contain_text("64,29 %")
    shot(kepala, "07-evaluation")

    pemeriksa = login("pemeriksa.kukar")
    pemeriksa.goto(served_app + "/pd/dinsos-kukar/audit/")
    trail = pemeriksa.locator("table.report")
    expect(trail).to_contain_text("isi realisasi")
    expect(trail).to_contain_text("setujui laporan")
    expect(trail).to_contain_text(re.compile("operator.rehsos.kukar"))
    shot(pemeriksa, "08-pemeriksa-audit-trail")
