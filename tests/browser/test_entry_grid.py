"""The operator's entry grid in a real browser, driven by the keyboard as one drives a spreadsheet: Enter moves down
(and never submits), Tab goes value to value, a block pasted from Excel fills the cells it covers, Ctrl+Enter
saves, and the saved values come back in Indonesian format with their capaian. Screenshots at 1366×768 and
390×844 go to var/screenshots/."""

from pathlib import Path

import pytest

from kinerja.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ENTRY = "/pd/dinsos-kukar/realisasi/2021/tw2/rehsos/"
KEGIATAN_1 = "0106.27.001"  # RPTC: target 70 orang, pagu 350.000.000
KEGIATAN_2 = "0106.27.002"
KEGIATAN_3 = "0106.27.003"


def open_entry(browser, served_app, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{served_app}/masuk/")
    page.fill("#id_username", "operator.rehsos.kukar")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{served_app}/")
    page.goto(served_app + ENTRY)
    page.wait_for_function("window.htmx !== undefined")
    return context, page


def row(page, code):
    return page.locator("table.grid tbody tr", has=page.locator("th.first .code", has_text=code)).first


def focused_name(page):
    return page.evaluate("document.activeElement && document.activeElement.name")


def paste(page, selector, text):
    """What the browser does when the operator presses Ctrl+V with a block copied from Excel."""
    page.eval_on_selector(selector, """(el, text) => {
        el.focus();
        const data = new DataTransfer();
        data.setData('text/plain', text);
        el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", text)


def test_operator_enters_a_quarter_with_the_keyboard(browser, served_app):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = open_entry(browser, served_app, 1366, 768)
    try:
        first = row(page, KEGIATAN_1).locator("input[data-col=k]")
        second = row(page, KEGIATAN_2).locator("input[data-col=k]")
        third = row(page, KEGIATAN_3).locator("input[data-col=k]")
        rp_1 = row(page, KEGIATAN_1).locator("input[data-col=rp]")
        rp_2 = row(page, KEGIATAN_2).locator("input[data-col=rp]")

        # Enter moves to the cell below in the same column and does not submit the form.
        first.click()
        first.press("Enter")
        assert focused_name(page) == second.get_attribute("name")
        page.keyboard.press("ArrowUp")
        assert focused_name(page) == first.get_attribute("name")
        page.wait_for_timeout(300)
        assert page.locator("p.message").count() == 0 and page.url.endswith(ENTRY)

        # Tab goes value to value (K, then the row's Rp, then the next row's K): the note and evidence are skipped.
        first.focus()
        page.keyboard.press("Tab")
        assert focused_name(page) == rp_1.get_attribute("name")
        page.keyboard.press("Tab")
        assert focused_name(page) == second.get_attribute("name")
        page.keyboard.press("Tab")
        assert focused_name(page) == rp_2.get_attribute("name")

        # A 3×1 block fills three cells downward; a 1×2 block fills K and Rp of one row.
        paste(page, f"input[name='{first.get_attribute('name')}']", "45\n30\n7\n")
        expect(first).to_have_value("45")
        expect(second).to_have_value("30")
        expect(third).to_have_value("7")
        expect(page.locator("#paste-status")).to_contain_text("3 nilai ditempel")
        expect(row(page, KEGIATAN_1).locator("td.check")).to_contain_text("64,29 %")  # live: 45 of 70
        paste(page, f"input[name='{second.get_attribute('name')}']", "30\t87500000")
        expect(rp_2).to_have_value("87500000")
        rp_1.fill("35250000,5")
        expect(row(page, KEGIATAN_1).locator("span.check")).to_contain_text("Rp 35.250.000,50")

        # An unreadable value is listed next to the grid, with the row and the reason, while typing.
        third.fill("tujuh")
        expect(page.locator("#grid-problems")).to_contain_text(KEGIATAN_3)
        expect(page.locator("#grid-problems")).to_contain_text("tidak diawali angka")
        third.fill("7")
        expect(page.locator("#grid-problems")).to_be_empty()
        page.screenshot(path=str(SCREENSHOTS / "entry-grid-1366-typed.png"))

        # Ctrl+Enter saves; the values come back formatted, with their capaian.
        third.focus()
        page.keyboard.press("Control+Enter")
        expect(page.locator("p.message").first).to_contain_text("Tersimpan")
        expect(row(page, KEGIATAN_1).locator("input[data-col=rp]")).to_have_value("35.250.000,50")
        expect(row(page, KEGIATAN_2).locator("input[data-col=rp]")).to_have_value("87.500.000")
        expect(row(page, KEGIATAN_1).locator("input[data-col=k]")).to_have_value("45")
        expect(row(page, KEGIATAN_1).locator("td.check")).to_contain_text("64,29 %")
        page.screenshot(path=str(SCREENSHOTS / "entry-grid-1366-saved.png"))

        # Saving again unchanged changes nothing: the formatted text reads back to the stored value.
        page.click("button[name=save]")
        expect(page.locator("p.message").first).to_contain_text("Tersimpan: 0 nilai berubah")
    finally:
        context.close()

    context, page = open_entry(browser, served_app, 390, 844)
    try:
        expect(row(page, KEGIATAN_1).locator("input[data-col=rp]")).to_have_value("35.250.000,50")
        # Nothing spills the page sideways: the grid scrolls inside its own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator(".grid-box")
        assert page.evaluate("el => el.scrollWidth > el.clientWidth", box.element_handle())
        expect(page.locator(".savebar")).to_be_in_viewport()
        page.screenshot(path=str(SCREENSHOTS / "entry-grid-390.png"))
        box.evaluate("el => { el.scrollLeft = 400; el.scrollTop = 200; }")
        page.screenshot(path=str(SCREENSHOTS / "entry-grid-390-scrolled.png"))
        # The first column stays in place while the grid scrolls sideways.
        first_cell = row(page, KEGIATAN_1).locator("th.first")
        assert first_cell.bounding_box()["x"] < 20
    finally:
        context.close()
