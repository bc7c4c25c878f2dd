"""The pages each role reaches by clicking from the home page, one per URL pattern, visited in a real browser (the
phone-width and accessibility tests)."""

from collections import deque
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from kinerja.demo.loader import DEMO_PASSWORD

# One account per role (docs/web.md); ``demo`` is the perencana of both demo agencies.
ROLES = ["anonymous", "bappeda.kukar", "demo", "operator.rehsos.kukar", "kepala.kukar", "pemeriksa.kukar"]
NOT_FOLLOWED = {"logout", "set_language", "evidence-download", "entry-capaian", "import-plan-status",
                "import-realisation-status"}
MAX_PAGES = 60


def view_name(url: str, base: str) -> str | None:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    name = match.url_name or ""
    if name in NOT_FOLLOWED or name.endswith("-download") or "fmt" in match.kwargs:
        return None
    return name


def log_in(browser, base: str, role: str, **context_options):
    context = browser.new_context(locale="id-ID", **context_options)
    page = context.new_page()
    if role != "anonymous":
        page.goto(f"{base}/masuk/")
        page.fill("#id_username", role)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")
    return context, page


def visit_each_pattern(page, base: str, check) -> list[str]:
    """Breadth-first from the home page, following links; the first URL of each view name is opened and
    ``check(page, name, url)`` called on it. Returns the view names visited in order."""
    queue, names = deque([("home", f"{base}/")]), {"home"}
    visited = []
    while queue and len(visited) < MAX_PAGES:
        name, url = queue.popleft()
        response = page.goto(url, wait_until="load")
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        landed = view_name(page.url, base) or name
        visited.append(landed)
        check(page, landed, page.url)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = href.split("#")[0]
            target = view_name(href, base)
            if target and target not in names:
                names.add(target)
                queue.append((target, href))
    return visited
