"""Accessibility of every page each role reaches by clicking from the home page (one per URL pattern), at 1366×768,
in Indonesian and in English:

* axe-core (from the npm registry, installed by ./dev/install into var/node, injected into each page) reports no
  violation of impact *serious* or *critical*; a failure lists the page, the rule and the nodes;
* the keyboard alone gets through the page: Tab moves focus forward from the top of the page to element after
  element (no keyboard trap: focus never stays on one element and never ends up nowhere while controls remain), and
  every focused element shows a visible focus indicator (an outline or a box shadow, :focus-visible in kinerja.css).
"""

from pathlib import Path

import pytest

from tests.browser.crawl import ROLES, log_in, visit_each_pattern

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
TABS = 30
# Violations in templates this work does not own, by view name → rule ids, each with the fix it needs. A rule not
# listed here, or a page not listed, fails the test at once. Empty: none.
KNOWN: dict[str, set[str]] = {}

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
        rule: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n')[1])
    }));
}"""

FOCUS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    const style = getComputedStyle(e);
    const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    window.__tabbed = window.__tabbed || 0;
    if (!e.dataset.tabbed) e.dataset.tabbed = String(++window.__tabbed);
    return {key: e.dataset.tabbed, visible: visible, top: !!e.closest('header, .skip'),
            name: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '')
                  + ' ' + (e.textContent || e.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40)};
}"""


def keyboard_problems(page) -> list[str]:
    """Tab from the top of the page: each press moves focus to another element with a visible focus indicator,
    until the page's controls are exhausted (focus leaves the page or wraps round to the top bar)."""
    problems = []
    # The start of the page, wherever an autofocus put the focus: the body, focused for a moment.
    page.evaluate("""() => { const body = document.body; body.setAttribute('tabindex', '-1'); body.focus();
                             body.removeAttribute('tabindex'); window.scrollTo(0, 0); }""")
    seen, last_top, wrapped = [], True, False
    for step in range(TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus is None:
            if step == 0:
                problems.append("Tab from the top of the page focuses nothing")
            break  # past the last control
        if not focus["visible"]:
            problems.append(f"no visible focus on {focus['name']}")
        wrapped = wrapped or (focus["top"] and not last_top)
        if focus["key"] in seen:
            if not (focus["top"] or wrapped):
                problems.append(f"keyboard trap: Tab comes back to {focus['name']}")
            break  # wrapped round to the top of the page
        seen.append(focus["key"])
        last_top = focus["top"]
    return sorted(set(problems))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_no_serious_violation_and_the_keyboard_gets_through(browser, served_app, role, language):
    if not AXE.exists():
        pytest.fail(f"axe-core not found at {AXE}: ./dev/install installs it with npm")
    # axe is injected as a script of its own: the site's policy allows only its own scripts, so the test bypasses it.
    context, page = log_in(browser, served_app, role, viewport={"width": 1366, "height": 768}, bypass_csp=True)
    if language == "en":
        page.goto(f"{served_app}/")
        page.click("form.lang button")
        page.wait_for_selector("html[lang=en]")
    violations, keyboard = {}, {}

    def check(page, name, url):
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(RUN_AXE)
        if found:
            violations[name] = (url, found)
        problems = keyboard_problems(page)
        if problems:
            keyboard[name] = (url, problems)

    try:
        visited = visit_each_pattern(page, served_app, check)
    finally:
        context.close()
    print(f"\n{role} [{language}]: {len(visited)} pages, axe serious/critical on {len(violations)},"
          f" keyboard on {len(keyboard)}")
    for name, (url, found) in violations.items():
        for v in found:
            print(f"  {name} {url}: {v['rule']} ({v['impact']}) {v['help']}: {v['nodes']}")
    for name, (url, problems) in keyboard.items():
        print(f"  {name} {url}: {problems}")
    assert len(visited) >= (1 if role == "anonymous" else 5), visited
    unexpected = {name: (url, [v for v in found if v["rule"] not in KNOWN.get(name, set())])
                  for name, (url, found) in violations.items()}
    unexpected = {name: found for name, found in unexpected.items() if found[1]}
    assert not unexpected, "\n".join(f"{name} {url}: {v['rule']} ({v['impact']}): {v['nodes']}"
                                     for name, (url, found) in unexpected.items() for v in found)
    assert not keyboard, keyboard
