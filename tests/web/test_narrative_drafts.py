"""The narrative page offers the draft generated from the data to the perencana, and saving it is a normal
versioned, audited narrative; a reader without the right to edit sees no draft."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry

BUTTON = "Isi dengan draf dari data"


def _page(client, username, query=""):
    client.force_login(get_user_model().objects.get(username=username))
    url = reverse("document-narrative", args=["dinsos-kukar", "lkjip", 2023])
    return url, client.get(url + query)


def test_perencana_is_offered_the_draft_and_keeps_it_as_a_version(client, kukar):
    url, page = _page(client, "perencana.kukar")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count(BUTTON) == 3  # capaian_kinerja, realisasi_anggaran, kesimpulan
    assert "capaian kinerja sasaran strategis 92,13 % (Sangat Tinggi)" in html
    assert "rata-rata keduanya 87,28 % (Tinggi)" in html
    filled = client.get(url + "?draf=kesimpulan").content.decode()
    textarea = filled.split('name="section" value="kesimpulan"')[1].split("</textarea>")[0]
    assert "Kinerja tahun 2023: capaian kinerja sasaran strategis 92,13 % (Sangat Tinggi)" in textarea
    other = filled.split('name="section" value="latar_belakang"')[1].split("</textarea>")[0]
    assert "92,13" not in other  # only the section asked for is filled
    draft = textarea.split(">")[-1]
    based_on = int(textarea.split('name="based_on" value="')[1].split('"')[0])  # the demo may hold a version
    audits = AuditEntry.objects.filter(action="ubah narasi").count()
    response = client.post(url, {"section": "kesimpulan", "text": draft.replace("&#x27;", "'"),
                                 "based_on": based_on, "reason": "draf dari data diperiksa"})
    assert response.status_code == 302
    saved = m.Narrative.objects.filter(agency=kukar, document="lkjip", year=2023, section="kesimpulan",
                                       indicator=None).order_by("-number").first()
    assert saved.number == based_on + 1
    assert saved.text.startswith("Kinerja tahun 2023: capaian kinerja sasaran strategis 92,13 %")
    assert AuditEntry.objects.filter(action="ubah narasi").count() == audits + 1
    # The draft stays on offer beside the stored text, closed: the stored text is what the document prints.
    after = client.get(url).content.decode()
    assert '<details class="draft">' in after.split('id="bagian-kesimpulan"')[1].split("</section>")[0]


def test_readers_see_no_draft(client, kukar):
    for username in ("kepala.kukar", "pemeriksa.kukar"):
        _url, page = _page(client, username, "?draf=kesimpulan")
        html = page.content.decode()
        assert page.status_code == 200
        assert BUTTON not in html and "92,13 %" not in html and "<textarea" not in html


def test_english_page_offers_the_english_draft(client, kukar):
    client.force_login(get_user_model().objects.get(username="perencana.kukar"))
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    url = reverse("document-narrative", args=["dinsos-kukar", "lkjip", 2023])
    html = client.get(url).content.decode()
    assert "Fill in with the draft from the data" in html
    assert "strategic objectives achieved 92.13 % (Sangat Tinggi)" in html


def test_a_failing_draft_does_not_stop_the_planner_writing(client, kukar, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("rusak")

    monkeypatch.setattr("kinerja.documents.drafts.document_drafts", broken)
    _url, page = _page(client, "perencana.kukar")
    html = page.content.decode()
    assert page.status_code == 200 and BUTTON not in html and html.count("<textarea") > 10


def test_an_indicators_analysis_page_offers_its_draft(client, tarakan):
    indicator = m.Indicator.objects.filter(element__strategic_plan__agency=tarakan,
                                           element__code="1.06.04.2.01.0001").first()
    url = reverse("indicator-narrative", args=["dinsospm-tarakan", indicator.pk, 2022])
    client.force_login(get_user_model().objects.get(username="perencana.tarakan"))
    html = client.get(url + "?draf=analisis").content.decode()
    assert html.count(BUTTON) == 1  # analisis only, not penghambat, pendorong, solusi
    textarea = html.split('name="section" value="analisis"')[1].split("</textarea>")[0]
    assert textarea.endswith("Jumlah Orang yang Mendapatkan Pemenuhan Kebutuhan Permakanan Sesuai dengan Standar "
                             "Gizi Minimal Kewenangan Kabupaten/Kota tepat mencapai target 200 (capaian 100,00 %, "
                             "Sangat Tinggi).")
