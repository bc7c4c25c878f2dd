"""A real Kinerja server, in a process of its own on a database of its own, driven by Debian's Chromium."""

import shutil
from pathlib import Path

import pytest

from kinerja.demo.loader import DEMO_PASSWORD
from tests.served import Served, own_database

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def served_app(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: ./dev/test installs Debian's chromium package")
    tmp = tmp_path_factory.mktemp("browser")
    with own_database(tmp, "browser") as url:
        served = Served(url, tmp)
        served.run("demo")
        served.start()
        try:
            yield served.base
        finally:
            served.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def login(browser, served_app):
    """A fresh browser context per user, logged in through the login form."""
    contexts = []

    def as_user(username: str, password: str = DEMO_PASSWORD):
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{served_app}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{served_app}/")
        return page

    yield as_user
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
