"""On a phone (390×844) no page is wider than the screen: for each role, every page reached by clicking from the home
page (one per URL pattern), in Indonesian and in English, ``document.documentElement.scrollWidth <= 390``. Wide
tables scroll inside their own box (web/tables.js, .table-box in kinerja.css) with a sticky header and first column;
the top bar wraps.

Also on the phone: a cell that explains a difference in its title shows the explanation on tap, not only on hover.
Screenshots of representative pages go to var/screenshots/phone-*.png."""

from pathlib import Path

import pytest

from tests.browser.crawl import ROLES, log_in, visit_each_pattern

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTH, HEIGHT = 390, 844
SHOTS = {  # view name → screenshot, the first time a role reaches it
    "home": "phone-home", "evaluation": "phone-evaluation", "quarter-entry": "phone-entry",
    "region-users": "phone-region-users", "dashboard": "phone-dashboard",
}
# Pages wider than the screen in templates this work does not own, with the fix each needs. Empty: none.
KNOWN_WIDER: dict[str, str] = {}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_no_page_is_wider_than_a_phone(browser, served_app, role, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = log_in(browser, served_app, role, viewport={"width": WIDTH, "height": HEIGHT})
    if language == "en":  # the English top bar is the longer one
        page.goto(f"{served_app}/")
        page.click("form.lang button")
        page.wait_for_selector("html[lang=en]")
    wider = {}

    def check(page, name, url):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            culprits = page.evaluate("""(limit) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1
                             && !e.closest('.table-box, .scroll, .grid-box'))
                .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""", WIDTH)
            wider[name] = (url, width, culprits)
        if name in SHOTS and role in ("demo", "bappeda.kukar") and (name == "region-users") == (role != "demo"):
            page.screenshot(path=str(SCREENSHOTS / f"{SHOTS[name]}{'-en' if language == 'en' else ''}.png"))

    try:
        visited = visit_each_pattern(page, served_app, check)
    finally:
        context.close()
    print(f"\n{role} [{language}]: {len(visited)} pages at {WIDTH} px, {len(wider)} wider: {wider}")
    assert len(visited) >= (1 if role == "anonymous" else 5), visited
    unexpected = {name: found for name, found in wider.items() if name not in KNOWN_WIDER}
    assert not unexpected, unexpected


def test_a_difference_is_explained_on_tap(browser, served_app):
    context, page = log_in(browser, served_app, "demo", viewport={"width": WIDTH, "height": HEIGHT}, has_touch=True)
    try:
        page.goto(f"{served_app}/pd/dinsos-kukar/evaluasi-renja/2019/")
        cell = page.locator("td.diff.explained").first
        title = cell.get_attribute("title")
        assert title
        cell.scroll_into_view_if_needed()
        cell.tap()
        tip = page.locator(".tip")
        assert tip.inner_text() == title
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
        page.screenshot(path=str(SCREENSHOTS / "phone-evaluation-explained.png"))
        page.keyboard.press("Escape")
        assert tip.count() == 0
        # With the keyboard: the cell takes focus and Enter shows the same explanation.
        cell.focus()
        page.keyboard.press("Enter")
        assert page.locator(".tip").inner_text() == title
    finally:
        context.close()
