"""The home page's work list in a real browser, one role after the other: the operator opens TW I 2021 from the list
and submits it; the perencana finds it under the reports to verify and verifies it on the review page it links to;
the kepala dinas finds it waiting for approval; the pemeriksa reads both acts among the latest changes; the Bappeda
sees the agency behind schedule. Each home page at 1366×768 and 390×844 goes to
var/screenshots/home-<role>-<width>.png, and no page is wider than the screen."""

from pathlib import Path

import pytest

from tests.browser import crawl

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = ((1366, 768), (390, 844))
ENTRY = "/pd/dinsos-kukar/realisasi/2021/tw1/rehsos/"
REVIEW = ENTRY + "tinjau/"
KEGIATAN = "0106.27.001"  # RPTC: target 70 orang


def open_home(browser, served_app, username, width, height):
    return crawl.log_in(browser, served_app, username, viewport={"width": width, "height": height})


def screenshots(browser, served_app, role, username, check):
    """The home page at both sizes, checked by ``check`` and never wider than the screen."""
    for width, height in SIZES:
        context, page = open_home(browser, served_app, username, width, height)
        try:
            check(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (role, width)
            page.screenshot(path=str(SCREENSHOTS / f"home-{role}-{width}.png"), full_page=True)
        finally:
            context.close()


def test_each_role_finds_its_work_on_the_home_page(browser, served_app):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def operator(page):
        work = page.locator("#kerja-open-quarters")
        expect(work).to_contain_text("Laporan triwulan yang perlu diisi dan diajukan")
        expect(work.locator(f"a[href='{ENTRY}']")).to_have_text("TW I 2021")
        expect(work).to_contain_text("tenggat 10 April 2021, terlewat")
        expect(page.locator("a[href*='/linjamsos/']")).to_have_count(0)

    screenshots(browser, served_app, "operator", "operator.rehsos.kukar", operator)
    context, page = open_home(browser, served_app, "operator.rehsos.kukar", 1366, 768)
    page.click(f"#kerja-open-quarters a[href='{ENTRY}']")
    page.wait_for_url(served_app + ENTRY)
    page.locator("table.grid tbody tr", has=page.locator("th.first .code", has_text=KEGIATAN)).first.locator(
        "input[data-col=k]").fill("45")
    page.click("button[name=submit]")
    expect(page.locator(".status-line")).to_contain_text("Diajukan")
    page.goto(served_app + "/")
    expect(page.locator(f"#kerja-open-quarters a[href='{ENTRY}']")).to_have_count(0)  # no longer open
    context.close()

    def perencana(page):
        verify = page.locator("#kerja-verify")
        expect(verify.locator(f"a[href='{REVIEW}']")).to_have_text("TW I 2021")
        expect(verify).to_contain_text("Bidang Rehabilitasi Sosial")
        expect(page.locator("#kerja-missing")).to_contain_text("unit belum mengajukan")

    screenshots(browser, served_app, "perencana", "perencana.kukar", perencana)
    context, page = open_home(browser, served_app, "perencana.kukar", 1366, 768)
    page.click(f"#kerja-verify a[href='{REVIEW}']")
    page.wait_for_url(served_app + REVIEW)
    page.locator(".review-actions button:has-text('Verifikasi')").first.click()
    expect(page.locator(".status-line")).to_contain_text("Diverifikasi")
    context.close()

    def kepala(page):
        expect(page.locator(f"#kerja-approve a[href='{REVIEW}']")).to_have_text("TW I 2021")
        expect(page.locator("#kerja-documents")).to_contain_text("Renja")
        expect(page.locator("#kerja-verify")).to_have_count(0)

    screenshots(browser, served_app, "kepala", "kepala.kukar", kepala)

    def pemeriksa(page):
        changes = page.locator("#kerja-changes")
        expect(changes).to_contain_text("memverifikasi laporan triwulan")
        expect(changes).to_contain_text("mengajukan laporan triwulan")
        expect(changes).to_contain_text("Bidang Rehabilitasi Sosial TW I 2021")
        expect(changes).not_to_contain_text("realisation.")

    screenshots(browser, served_app, "pemeriksa", "pemeriksa.kukar", pemeriksa)

    def bappeda(page):
        expect(page.locator("#kerja-behind")).to_contain_text("Dinas Sosial Kabupaten Kutai Kartanegara")
        expect(page.locator("#kerja-behind")).to_contain_text("lewat tenggat dan belum disetujui")
        expect(page.locator("details.pages").first).not_to_have_attribute("open", "")

    screenshots(browser, served_app, "bappeda", "bappeda.kukar", bappeda)
