"""Every page a role reaches by clicking from the home page, in Indonesian and in English: one language at a time and
no developer text (issue 16, item 5).

For each demo role (and anonymous) the crawl starts at ``/`` and follows every same-site link (``<a href>``, GET
only) breadth-first. It does not follow downloads (a URL whose view name ends in ``-download``, or a ``.fmt``
path), log-out, the language switch or another host. It is bounded: a URL is reduced to its *shape* — the view's name
and its slug arguments (agency, unit, region, kind of document), with the year, quarter, ids and query values left
out — and at most ``PER_SHAPE`` URLs of one shape are fetched (the first ones linked: the home page lists the years
newest first, so the newest years with data), at most ``MAX_PAGES`` pages per role and language.

What is checked, and on which text (the rule):

* **The page's own words** are the text the templates write around the data: every text node of the page outside
  ``<script>``, ``<style>``, ``<textarea>``, ``<pre>`` and ``<code>``, and outside *data cells* — a ``<td>`` or a
  ``<th>`` in a ``<tbody>`` (an element's code and name, an indicator, an agency's figures) and the ``<option>`` of a
  ``<select>`` whose options are records — except the controls inside a cell (``<button>``, ``<label>``, ``<summary>``
  and an element with class ``status``: a cell's workflow status is the page's word, not data); plus the attributes
  a reader sees: ``title``, ``placeholder``, ``aria-label``, ``alt`` and a button's ``value`` shown as its text.
  Headings, labels, buttons, captions, column headers, messages, notices, links are all the page's own words. Data
  (agency names, indicator names, the text a document printed) is Indonesian in both languages, which is why cells
  are left out and why the word lists hold words that are not in the demo data.
* **English out of place on an Indonesian page**: a word of ``ENGLISH_WORDS`` (whole word, case-sensitive) in the
  page's own words.
* **Indonesian out of place on an English page**: a word of ``INDONESIAN_WORDS`` (whole word, case-sensitive) in the
  page's own words, unless it is glossed in English right after it (``Sasaran (objective)``: the catalog keeps the
  planning term and explains it); and any text node of the page's own words that *is* an Indonesian msgid the English
  catalog translates (a template string left untranslated).
* **Developer text** on any page, in all visible text, data cells included (no printed document holds these): rule
  and report section numbers (``RULES §``, ``REPORTS §``, ``REPORTS.md``), seed references (``seed 00…``, ``lines
  251-352``), source files (``something.py``) and the catalog's hyphenated report names (``renja-evaluasi``) — in
  visible text, not in URLs.

The number of pages crawled per role and language is printed (``pytest -s``) and a crawl that reaches fewer than
``MIN_PAGES`` pages for a logged-in role fails, so the check cannot pass by reaching nothing.
"""

import html
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve
from django.utils.translation import trans_real

from kinerja.reports.catalog import REPORTS

# One account per role (docs/web.md), and anonymous. ``demo`` is the perencana of both demo agencies.
ROLES = ["anonymous", "bappeda.kukar", "demo", "operator.rehsos.kukar", "kepala.kukar", "pemeriksa.kukar"]
LANGUAGES = ["id", "en"]
PER_SHAPE = 2
MAX_PAGES = 150
MIN_PAGES = {"anonymous": 2, "bappeda.kukar": 20, "demo": 40, "operator.rehsos.kukar": 10, "kepala.kukar": 30,
             "pemeriksa.kukar": 30}
NOT_FOLLOWED = {"logout", "set_language", "evidence-download", "entry-capaian", "import-plan-status",
                "import-realisation-status"}
SHAPE_ARGS = {"agency", "unit", "region", "kind", "document"}

ENGLISH_WORDS = [
    "Name", "Save", "Submit", "Polarity", "Aggregation", "submitted", "draft", "verified", "approved", "returned",
    "Forbidden", "Not Found", "Slug", "Key", "Kind", "First year", "Last year", "Username", "Password", "Search",
    "Cancel", "Delete", "Remove", "Edit", "Download", "Year", "Quarter", "Budget",
    "Realisation", "Realization", "Evidence", "Note", "Approve", "Return", "Verify", "Required", "This field",
    "Enter a", "Log in", "Log out", "Sign in", "Page", "Next", "Previous", "Home", "Back", "None", "True", "False",
    "Error", "Warning", "Region", "Agency", "Indicator", "Activity",
]
# Not in the list: words both languages write the same (Program, Target, Total, Status, Unit, Dokumen/Document…).
INDONESIAN_WORDS = [
    "Simpan", "Tahun", "Kirim", "Belum", "Sasaran", "Ajukan", "Kembalikan", "Setujui", "Verifikasi", "Tambah",
    "Ubah", "Hapus", "Cari", "Unduh", "Keluar", "Masuk", "Batal", "Triwulan", "Realisasi", "Capaian", "Indikator",
    "Pengguna", "Perangkat daerah", "Jejak audit", "Dasbor", "Kata sandi", "Terbitkan", "Cabut", "Halaman",
    "Sebelumnya", "Berikutnya", "Catatan",
    "Bukti", "Satuan", "Keterangan", "Wilayah", "Pengaturan", "Periksa", "Konsistensi",
]
DEVELOPER_MARKERS = [
    ("RULES §", re.compile(r"RULES(?:\.md)? ?§")),
    ("REPORTS §", re.compile(r"REPORTS(?:\.md)? ?§|REPORTS\.md")),
    ("seed reference", re.compile(r"\bseed 0\d\d\b")),
    ("line numbers", re.compile(r"\blines? \d+\s*[-–]\s*\d+")),
    ("source file", re.compile(r"\b\w+\.py\b")),
    ("report slug", re.compile(r"(?<![\w/-])(?:" + "|".join(
        re.escape(name) for name in sorted(REPORTS, key=len, reverse=True) if "-" in name) + r")(?![\w/-])")),
]


def _word(words):
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                      + r")(?![\w-])")


ENGLISH = _word(ENGLISH_WORDS)
INDONESIAN = _word(INDONESIAN_WORDS)
# Elements whose text is stored or printed text: a narrative section's text and its generated draft.
DATA_CLASSES = {"text", "draft-text"}
GLOSSED = re.compile(r"\s*\(")  # "Sasaran (objective)": a planning term followed by its English gloss


class Page(HTMLParser):
    """The text of a page, split into the page's own words and data, and its links."""

    SKIPPED = {"script", "style", "textarea", "pre", "code", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    CONTROLS = {"button", "label", "summary"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.own: list[str] = []
        self.data: list[str] = []
        self.links: list[str] = []

    def _in(self, *tags):
        return any(tag in tags for tag, _attrs in self.stack)

    def _in_data(self):
        data = False
        for index, (tag, attrs) in enumerate(self.stack):
            if tag == "td" or (tag == "th" and any(t == "tbody" for t, _ in self.stack[:index])):
                data = True
            elif tag == "option" or DATA_CLASSES & set((attrs.get("class") or "").split()):
                data = True
            elif data and (tag in self.CONTROLS or "status" in (attrs.get("class") or "").split()):
                data = False
        return data

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        shown = [attrs.get(name) for name in ("title", "placeholder", "aria-label", "alt")]
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            shown.append(attrs.get("value"))
        if tag not in self.VOID:
            self.stack.append((tag, attrs))
        for text in shown:
            if text and not self._in("script", "style", "template"):
                (self.data if self._in_data() else self.own).append(" ".join(text.split()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, text):
        text = " ".join(text.split())
        if not text or self._in(*self.SKIPPED):
            return
        (self.data if self._in_data() else self.own).append(text)


def translated_sources() -> set[str]:
    catalog = trans_real.translation("en")._catalog
    return {source for source, text in catalog.items()
            if isinstance(source, str) and len(source) > 3 and text and text != source}


def shape(path: str, query: str):
    """The view's name and its slug arguments, or None for a URL the crawl does not follow."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.url_name or ""
    if name in NOT_FOLLOWED or name.endswith("-download") or "fmt" in match.kwargs:
        return None
    args = tuple(sorted((k, v) for k, v in match.kwargs.items() if k in SHAPE_ARGS))
    keys = tuple(sorted(part.split("=")[0] for part in query.split("&") if part))
    return name, args, keys


SEPARATORS = re.compile(r" › | — | · |: |^[\d.]+ ")


def data_names() -> list[str]:
    """The names of stored records, which a page may quote in its headings and crumbs (lower case)."""
    from kinerja.plan.models import Agency, Indicator, PlanElement, Region, StrategicPlan, Unit

    names = set()
    for model in (Agency, Indicator, PlanElement, Region, StrategicPlan, Unit):
        names |= {name.lower() for name in model.objects.values_list("name", flat=True) if name}
    return sorted(names)


def quoted(text: str, start: int, end: int, names: list[str]) -> bool:
    """Whether the word at text[start:end] is inside a record's name quoted in the text (possibly shortened with …)."""
    bounds = [0] + [m.end() for m in SEPARATORS.finditer(text) if m.end() <= start]
    segment_start = max(bounds)
    ends = [m.start() for m in SEPARATORS.finditer(text) if m.start() >= end]
    segment = text[segment_start:min(ends, default=len(text))].strip().rstrip("…").strip().lower()
    return len(segment) >= 8 and any(segment in name for name in names)


def findings_of(page: Page, language: str, sources: set[str], names: list[str]) -> list[str]:
    found = []
    own = page.own
    if language == "id":
        for text in own:
            found += [f"English {m.group(1)!r} in {text!r}" for m in ENGLISH.finditer(text)
                      if not quoted(text, m.start(), m.end(), names)]
    else:
        for text in own:
            for m in INDONESIAN.finditer(text):
                if GLOSSED.match(text, m.end()) or quoted(text, m.start(), m.end(), names):
                    continue
                found.append(f"Indonesian {m.group(1)!r} in {text!r}")
            if text in sources:
                found.append(f"untranslated {text!r}")
    for text in own + page.data:
        found += [f"developer text ({label}) in {text!r}" for label, pattern in DEVELOPER_MARKERS
                  if pattern.search(text)]
    return found


def crawl(client, role: str, language: str) -> tuple[int, dict[str, list[str]], list[str]]:
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    sources, names = translated_sources(), data_names()
    seen_urls, per_shape = {"/"}, {}
    queue = deque(["/"])
    fetched, findings, broken = 0, {}, []
    while queue and fetched < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url, follow=True)
        fetched += 1
        if response.status_code >= 400 or response.status_code < 200:
            broken.append(f"{url} → {response.status_code}")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        content = response.content.decode()
        assert f'<html lang="{language}"' in content, (url, language)
        page = Page()
        page.feed(content)
        problems = findings_of(page, language, sources, names)
        if problems:
            findings[url] = sorted(set(problems))
        base = response.redirect_chain[-1][0] if response.redirect_chain else url
        for href in page.links:
            href = html.unescape(urldefrag(href)[0])
            parts = urlsplit(href)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path
            if not path.startswith("/"):
                path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
            target = path + (f"?{parts.query}" if parts.query else "")
            if not parts.path or target in seen_urls:
                continue
            seen_urls.add(target)
            key = shape(path, parts.query)
            if key is None or per_shape.get(key, 0) >= PER_SHAPE:
                continue
            per_shape[key] = per_shape.get(key, 0) + 1
            queue.append(target)
    return fetched, findings, broken


# Findings accepted for a time, by (language, view name) → the text of the findings (a substring each), each with the
# fix it needs. Empty: every page crawled speaks one language. A finding not listed here fails the test.
KNOWN: dict[tuple[str, str], tuple[str, ...]] = {}


def known(language: str, url: str, problem: str) -> bool:
    name = resolve(urlsplit(url).path).url_name
    return any(text in problem for text in KNOWN.get((language, name), ()))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_speaks_one_language(client, db, role, language):
    fetched, findings, broken = crawl(client, role, language)
    print(f"\n{role} [{language}]: {fetched} pages crawled, {len(findings)} with findings (known or not)")
    assert fetched >= MIN_PAGES[role], (role, language, fetched)
    assert not broken, broken
    unexpected = [f"{url}: {problem}" for url, problems in findings.items() for problem in problems
                  if not known(language, url, problem)]
    assert not unexpected, "\n".join(unexpected)


def test_the_rule_sees_chrome_and_leaves_data():
    """The checker itself: words out of place in the page's own text are found, the same words in data cells and in
    a quoted record name are not, and developer text is found anywhere."""
    page = Page()
    page.feed('<h1>Simpan</h1><table><thead><tr><th>Sasaran (objective)</th></tr></thead><tbody><tr><td>Tahun'
              ' <button>Kirim</button></td><th>Belum</th></tr></tbody></table><p title="see RULES §7">x</p>'
              '<td><span class="status">submitted</span></td><p>renja-evaluasi</p><a href="/renja-evaluasi/">y</a>')
    english = findings_of(page, "en", set(), [])
    assert "Indonesian 'Simpan' in 'Simpan'" in english and "Indonesian 'Kirim' in 'Kirim'" in english
    assert not any("'Tahun'" in f or "'Belum'" in f or "'Sasaran'" in f for f in english)
    assert any("RULES §" in f for f in english) and any("report slug" in f for f in english)
    indonesian = findings_of(page, "id", set(), [])
    assert "English 'submitted' in 'submitted'" in indonesian
    quoted_page = Page()
    quoted_page.feed("<h1>Capaian — Program Realisasi Sosial</h1>")
    found = findings_of(quoted_page, "en", set(), ["program realisasi sosial"])
    assert found == ["Indonesian 'Capaian' in 'Capaian — Program Realisasi Sosial'"], found
