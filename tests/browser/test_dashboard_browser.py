"""The kepala dinas reads the dashboard in Chromium at 1366×768 and on a 390×844 phone: a partial year (Kukar 2021
after TW I) with its chart, a year held as annual totals (Kukar 2023), the drill-down from program to indicator;
nothing wider than the screen (wide tables scroll in their own box). Screenshots go to var/screenshots/."""

from pathlib import Path

import pytest

from tests.browser import crawl

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = ((1366, 768), (390, 844))


def logged_in(browser, served_app, username, width, height):
    return crawl.log_in(browser, served_app, username, viewport={"width": width, "height": height})


def test_the_dashboard_at_desk_and_phone_sizes(browser, served_app):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, operator = logged_in(browser, served_app, "operator.rehsos.kukar", 1366, 768)
    try:  # TW I of 2021: one value and the kegiatan's Rupiah, submitted
        operator.goto(served_app + "/pd/dinsos-kukar/realisasi/2021/tw1/rehsos/")
        line = operator.locator("tbody tr", has_text="0106.27.001").first
        line.locator("input[name^='v-']").fill("20")
        line.locator("input[name^='rp-']").fill("80.000.000")
        operator.click("button[name=submit]")
        expect(operator.locator(".status-line")).to_contain_text("Diajukan")
    finally:
        context.close()

    for width, height in SIZES:
        context, page = logged_in(browser, served_app, "kepala.kukar", width, height)
        try:
            page.goto(served_app + "/pd/dinsos-kukar/dasbor/2021/")
            expect(page.locator(".state-note")).to_contain_text("s/d TW I")
            page.wait_for_function("document.querySelector('#absorption-chart').width > 0")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            units = page.locator("table.dashboard-units tbody tr")
            expect(units).to_have_count(7)
            expect(units.filter(has_text="Bidang Rehabilitasi Sosial")).to_contain_text("Diajukan")
            page.screenshot(path=str(SCREENSHOTS / f"dashboard-2021-{width}.png"), full_page=True)

            page.goto(served_app + "/pd/dinsos-kukar/dasbor/2023/")
            expect(page.locator(".state-note")).to_contain_text("total tahunan")
            expect(page.locator("#absorption-chart")).to_have_count(0)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            if width < 500:  # the program table is wider than a phone: it scrolls inside its box
                box = page.locator("table.dashboard-programs").locator("xpath=..")
                assert box.evaluate("el => el.scrollWidth > el.clientWidth")
            page.screenshot(path=str(SCREENSHOTS / f"dashboard-2023-{width}.png"), full_page=True)

            # Drill-down: the program's row opens its indicators; an indicator opens its history.
            page.locator("table.dashboard-programs a", has_text="Program Rehabilitasi Sosial").click()
            detail = page.locator("details.program-detail[open]")
            expect(detail).to_have_count(1)
            expect(detail).to_contain_text("100,00 %")
            page.screenshot(path=str(SCREENSHOTS / f"dashboard-2023-{width}-program.png"))
            detail.locator("tbody a").first.click()
            expect(page.locator("h1")).to_be_visible()
            assert "/indikator/" in page.url
        finally:
            context.close()
