"""The audit trail in a real browser (issue 16, item 4): a value the operator saves reaches the pemeriksa's trail
named by its indicator and formatted as Indonesians write it; from the entry grid's line, the trail of that figure;
the filters; the CSV download; on a phone the page is no wider than the screen. Screenshots go to
var/screenshots/audit-browser-*.png."""

import csv
import io
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ENTRY = "/pd/dinsos-kukar/realisasi/2021/tw3/rehsos/"
TRAIL = "/pd/dinsos-kukar/audit/"
KEGIATAN = "pelayanan rehabilitasi Psikososial"


def test_a_saved_value_is_read_in_the_trail_filtered_and_downloaded(login, served_app, browser):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    operator = login("operator.rehsos.kukar")
    operator.goto(served_app + ENTRY)
    row = operator.locator("tbody tr", has_text=KEGIATAN).first
    row.locator("input[name^='v-']").fill("1.250,5")
    budget = operator.locator("tbody tr", has_text=KEGIATAN).locator("input[name^='rp-']").first
    budget.fill("35.250.000,5")
    operator.click("button[name=save]")
    operator.wait_for_load_state()

    pemeriksa = login("pemeriksa.kukar")
    pemeriksa.set_viewport_size({"width": 1366, "height": 768})
    pemeriksa.goto(served_app + TRAIL)
    table = pemeriksa.locator("table.audit")
    expect(table).to_contain_text("Rp 35.250.000,50")
    expect(table).to_contain_text("1.250,5")
    expect(table).to_contain_text("isi realisasi")
    expect(table).to_contain_text("2021 TW 3 — Bidang Rehabilitasi Sosial")
    expect(table).not_to_contain_text("plan.realisation")
    pemeriksa.screenshot(path=str(SCREENSHOTS / "audit-browser-1366.png"), full_page=True)

    # From the entry grid's line, the history of that figure.
    pemeriksa.goto(served_app + ENTRY)
    pemeriksa.locator("tbody tr", has_text=KEGIATAN).first.locator("a.history").first.click()
    expect(pemeriksa).to_have_url(re.compile(r"indikator=\d+&tahun=2021&triwulan=3"))
    expect(pemeriksa.locator("table.audit")).to_contain_text("isi realisasi")
    expect(pemeriksa.locator("table.audit")).not_to_contain_text("isi realisasi anggaran")

    # A filter chosen in the form, then its download.
    pemeriksa.goto(served_app + TRAIL)
    pemeriksa.select_option("select[name=jenis]", "nilai")
    pemeriksa.click("form.audit-filters button[type=submit]")
    expect(pemeriksa).to_have_url(re.compile("jenis=nilai"))
    with pemeriksa.expect_download() as download:
        pemeriksa.click("text=CSV")
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["Waktu", "Pengguna", "Peran", "Tindakan"]
    assert "Rp 35.250.000,50" in [r[7] for r in rows[1:]]

    # On a phone: cards, no page wider than the screen.
    pemeriksa.set_viewport_size({"width": 390, "height": 844})
    pemeriksa.goto(served_app + TRAIL)
    assert pemeriksa.evaluate("document.documentElement.scrollWidth") <= 390
    pemeriksa.screenshot(path=str(SCREENSHOTS / "audit-browser-390.png"))
