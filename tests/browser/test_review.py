"""The review screens in a real browser at a laptop's and a phone's size: two operators submit, the perencana
reviews one unit (capaian, warnings, evidence as a link) and verifies it, then verifies the rest of the quarter at
once; the kepala dinas approves the whole quarter after a confirmation, pressed with the keyboard. Screenshots go to
var/screenshots/review-*.png."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
AGENCY = "/pd/dinsos-kukar/realisasi/2021"
KEGIATAN = "pelayanan rehabilitasi Psikososial"
EVIDENCE = "https://example.org/bukti/rptc.pdf"
SIZES = {"1366": ((1366, 768), 2), "390": ((390, 844), 3)}  # size → (viewport, quarter): one quarter per size


def snap(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"review-{name}.png"), full_page=True)


def as_user(login, username: str, viewport: tuple[int, int]):
    page = login(username)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    return page


@pytest.mark.parametrize("size", sorted(SIZES))
def test_perencana_verifies_and_kepala_approves_the_quarter(login, served_app, size):
    from playwright.sync_api import expect

    viewport, quarter = SIZES[size]
    overview = f"{served_app}{AGENCY}/tw{quarter}/"

    operator = as_user(login, "operator.rehsos.kukar", viewport)
    operator.goto(f"{overview}rehsos/")
    row = operator.locator("tbody tr", has_text=KEGIATAN).first
    row.locator("input[name^='v-']").fill("45")
    row.locator("input[name^='url-']").fill(EVIDENCE)
    operator.click("button[name=submit]")
    expect(operator.locator(".status-line")).to_contain_text("Diajukan")
    other = as_user(login, "operator.linjamsos.kukar", viewport)
    other.goto(f"{overview}linjamsos/")
    other.locator("input[name^='v-']:not([disabled])").first.fill("3")
    other.click("button[name=submit]")
    expect(other.locator(".status-line")).to_contain_text("Diajukan")

    # The perencana opens the unit's review from the overview: capaian, evidence as a link, acts top and bottom.
    perencana = as_user(login, "perencana.kukar", viewport)
    perencana.goto(overview)
    perencana.locator("tr", has_text="Bidang Rehabilitasi Sosial").get_by_role("link", name="Tinjau").click()
    value = perencana.locator("tbody tr", has_text=KEGIATAN).first
    expect(value).to_contain_text("64,29 %")
    expect(value.get_by_role("link", name="buka tautan bukti")).to_have_attribute("href", EVIDENCE)
    expect(value).to_contain_text("nilai: — → 45")
    expect(perencana.locator(".review-actions")).to_have_count(2)
    assert perencana.locator("input[name^='v-']").count() == 0  # read-only
    snap(perencana, f"{size}-1-perencana-review")
    perencana.locator(".review-actions").first.get_by_role("button", name="Verifikasi").click()
    expect(perencana.locator(".status-line")).to_contain_text("Diverifikasi")
    expect(perencana.locator("main")).to_contain_text("Laporan triwulan diverifikasi.")

    # The rest of the quarter at once: the confirmation names the unit, then the act.
    perencana.goto(overview)
    perencana.get_by_role("button", name="Verifikasi 1 unit").click()
    expect(perencana.locator(".confirm-statement")).to_contain_text(f"Memverifikasi TW {quarter} 2021 untuk 1 unit")
    perencana.get_by_role("button", name="Ya, verifikasi semua").click()
    expect(perencana.locator("main")).to_contain_text("Jumlah unit: 1.")

    # The kepala dinas approves the whole quarter: a confirmation that says what locks, confirmed by keyboard.
    kepala = as_user(login, "kepala.kukar", viewport)
    kepala.goto(overview)
    snap(kepala, f"{size}-2-kepala-overview")
    kepala.get_by_role("button", name="Setujui 2 unit").focus()
    kepala.keyboard.press("Enter")
    statement = kepala.locator(".confirm-statement")
    expect(statement).to_contain_text(f"Menyetujui TW {quarter} 2021 untuk 2 unit mengunci")
    expect(kepala.get_by_role("link", name="Batal")).to_have_attribute("href", f"{AGENCY}/tw{quarter}/")
    snap(kepala, f"{size}-3-kepala-confirm")
    confirm = kepala.get_by_role("button", name="Ya, setujui dan kunci semua")
    expect(confirm).to_be_focused()  # the confirmation's own button takes the focus: Enter confirms
    kepala.keyboard.press("Enter")
    expect(kepala.locator("main")).to_contain_text("Laporan triwulan disetujui dan dikunci. Jumlah unit: 2.")
    expect(kepala.locator("table.overview .s-approved")).to_have_count(2)
    width = kepala.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport[0], width  # nothing spills sideways
    snap(kepala, f"{size}-4-kepala-approved")
