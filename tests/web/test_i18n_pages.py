"""The web app in English: after /i18n/setlang/, the pages of the tables, documents, accountability documents,
import, verifier, consistency check and account security speak English — no heading, column header, label, button
or link that the English catalog translates is left in Indonesian — and they are Indonesian by default."""

import html
import re

import pytest
from django.urls import reverse
from django.utils.translation import trans_real

AGENCY = "dinsos-kukar"

PAGES = {
    "document-renja": ("document", [AGENCY, "renja", 2021], "Work Plan (Renja)"),
    "document-lkjip": ("document", [AGENCY, "lkjip", 2023], "Government Agency Performance Report (LKjIP)"),
    "table-rkpd-review": ("table-rkpd-review", [AGENCY, 2021], "Result of the needs analysis"),
    "table-usulan": ("table-usulan", [AGENCY, 2021], "Program/activity/proposal"),
    "table-kinerja-pelayanan": ("table-kinerja-pelayanan", [AGENCY, 2021], "Numerator"),
    "table-tujuan-sasaran": ("table-tujuan-sasaran", [AGENCY, 2021], "Performance indicator"),
    "lkjip": ("lkjip", [AGENCY, 2023], "Remaining budget (Rp)"),
    "perjanjian-kinerja": ("perjanjian-kinerja", [AGENCY, 2023], "Activity objective"),
    "iku": ("iku", [AGENCY, 2023], "Explanation/calculation formula"),
    "import-plan": ("import-plan", [AGENCY], "Read and show the preview"),
    "verifier": ("verify-table", [], "Verify a printed table"),
    "consistency": ("consistency", [AGENCY, 2021], "Consistency of the stored data, Renja 2021"),
    "account-security": ("account-security", [], "Account security"),
    "home": ("home", [], "Whole documents (DOCX, PDF, issued versions)"),
}
# The words a page writes itself, as opposed to the stored data shown in table cells.
OWN_TEXT = re.compile(r"<(h1|h2|h3|th|label|button|caption|legend|summary|title|option)\b[^>]*>(.*?)</\1>", re.S)


def translated_sources() -> dict[str, str]:
    catalog = trans_real.translation("en")._catalog
    return {source: text for source, text in catalog.items()
            if isinstance(source, str) and source and text and text != source}


def own_texts(page: str) -> set[str]:
    texts = set()
    for match in OWN_TEXT.finditer(page):
        text = html.unescape(re.sub(r"<[^>]+>", " ", match.group(2)))
        texts.add(" ".join(text.split()))
    texts |= {" ".join(html.unescape(v).split()) for v in re.findall(r'(?:placeholder|value)="([^"]+)"', page)}
    return {text for text in texts if text}


def get(client, key):
    name, args, _english = PAGES[key]
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (key, response.status_code)
    return response.content.decode()


@pytest.fixture
def english(client, perencana_kukar):
    client.force_login(perencana_kukar)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("key", sorted(PAGES))
def test_page_in_english(english, key):
    page = get(english, key)
    assert '<html lang="en"' in page
    assert PAGES[key][2] in page, key
    sources = translated_sources()
    left = sorted(text for text in own_texts(page) if text in sources)
    assert not left, f"{key}: Indonesian left in English: {left}"


@pytest.mark.parametrize("key", ["document-lkjip", "lkjip", "consistency", "verifier", "account-security"])
def test_page_is_indonesian_by_default(client, perencana_kukar, key):
    client.force_login(perencana_kukar)
    page = get(client, key)
    assert '<html lang="id"' in page
    assert PAGES[key][2] not in page
    # The check above sees the page's own Indonesian words, so it would see them left in English.
    assert own_texts(page) & set(translated_sources()), key


def test_english_numbers_on_the_lkjip_page(english):
    page = get(english, "lkjip")
    assert "117.03 %" in page and "117,03 %" not in page
