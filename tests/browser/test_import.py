"""The import in a real browser against a real server: the background thread reads the pasted table while the
page's progress bar polls (htmx, no inline script, under the production Content-Security-Policy), the preview
appears by itself, and confirming saves. Screenshots go to test-artifacts/screenshots/."""

import pytest

pytestmark = pytest.mark.browser
IMPORT = "/pd/dinsos-kukar/impor/rencana/"
TABLE = ("Kode\tProgram/Kegiatan\tIndikator\tSatuan\tTarget\tPagu\n"
         "0000.01.001\tPenyediaan jasa komunikasi, sumber daya air dan listrik\t"
         "Jumlah rekening listrik, air, telepon dan internet (rek/bln)\tbulan\t12\t250.000.000\n")


def test_paste_preview_and_confirm(login, served_app, shot):
    from playwright.sync_api import expect

    page = login("perencana.kukar")
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or message.type == "error" else None)
    page.goto(served_app + "/")
    # The agency's pages are folded under its name below the work list: open them as a user would.
    page.click("details.pages summary:has-text('Dinas Sosial Kabupaten Kutai Kartanegara')")
    page.click("a:has-text('Impor rencana')")
    expect(page).to_have_url(served_app + IMPORT)
    page.select_option("select[name=year]", "2021")
    page.fill("textarea[name=text]", TABLE)
    shot(page, "20-import-paste")
    page.click("form.impor button[type=submit]")
    # the request returned at once; the page follows the background run and shows the preview when it is done
    expect(page.locator("h2", has_text="Pratinjau")).to_be_visible(timeout=20000)
    expect(page.locator("table.impor-rows")).to_contain_text("240.840.000 → 250.000.000")
    shot(page, "21-import-preview")
    page.click("form.confirm button")
    expect(page.locator("h2", has_text="Tersimpan")).to_be_visible(timeout=20000)
    shot(page, "22-import-saved")
    page.goto(served_app + "/pd/dinsos-kukar/rencana-renja/2021/")
    expect(page.locator("body")).to_contain_text("250.000.000")
    assert violations == []


def test_mapping_screen(login, served_app, shot):
    from playwright.sync_api import expect

    page = login("perencana.kukar")
    page.goto(served_app + IMPORT)
    page.select_option("select[name=year]", "2021")
    page.fill("textarea[name=text]", TABLE.split("\n", 1)[1])  # the same row without its header
    page.click("form.impor button[type=submit]")
    expect(page.locator("h2", has_text="Tentukan isi setiap kolom")).to_be_visible(timeout=20000)
    for column, role in ((1, "kode"), (2, "nama"), (3, "indikator"), (4, "satuan"), (5, "target"), (6, "pagu")):
        page.select_option(f"select[name=role-{column}]", role)
    shot(page, "23-import-mapping")
    page.click("form.mapping button")
    expect(page.locator("h2", has_text="Pratinjau")).to_be_visible(timeout=20000)
