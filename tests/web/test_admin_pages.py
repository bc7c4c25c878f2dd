"""The admin pemda's pages: adding a user keeps every value entered when refused, revoking access is confirmed first
on the server, and the users, settings and dashboard pages speak one language at a time without developer words."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.accounts.models import Membership
from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry


def visible(html: str) -> str:
    """The page's text as a reader sees it: no tags, no attribute values, no scripts."""
    html = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def selected(html: str, name: str) -> list[str]:
    """The values selected in the <select name=...> of the page."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)


@pytest.fixture
def admin(client, kukar):
    client.force_login(get_user_model().objects.get(username="bappeda.kukar"))
    return client


@pytest.fixture
def english(admin):
    admin.post(reverse("set_language"), {"language": "en", "next": "/"})
    return admin


def users_url() -> str:
    return reverse("region-users", args=["kukar"])


def remove_url(membership: Membership) -> str:
    return reverse("region-membership-remove", args=["kukar", membership.pk])


@pytest.fixture
def linjamsos():
    return Membership.objects.select_related("user", "unit", "agency").get(user__username="operator.linjamsos.kukar")


# -- adding a user ---------------------------------------------------------------------------------------------------

def test_a_refused_user_keeps_every_value_and_the_chosen_role(admin):
    data = {"username": "kepala.baru", "name": "Kepala Baru", "role": "kepala", "agency": "dinsos-kukar",
            "unit": "tidak-ada", "reason": "mutasi"}
    response = admin.post(users_url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "pilih unit dari daftar" in html or "bukan bagian" in html
    assert selected(html, "role") == ["kepala"]  # not reset to Perencana: a second click adds what was chosen
    assert selected(html, "agency") == ["dinsos-kukar"]
    assert 'value="kepala.baru"' in html and 'value="Kepala Baru"' in html and 'value="mutasi"' in html
    assert not get_user_model().objects.filter(username="kepala.baru").exists()
    # The second click, with the unit left empty as a kepala needs, adds the kepala chosen the first time.
    response = admin.post(users_url(), {**data, "unit": ""})
    assert response.status_code == 302
    assert Membership.objects.get(user__username="kepala.baru").role == "kepala"


def test_an_operator_without_a_unit_is_refused_with_the_role_kept(admin):
    before = Membership.objects.count()
    html = admin.post(users_url(), {"username": "operator.baru", "role": "operator", "agency": "dinsos-kukar",
                                    "unit": ""}).content.decode()
    assert "operator memerlukan unit" in html
    assert selected(html, "role") == ["operator"]
    assert Membership.objects.count() == before


def test_a_unit_is_chosen_among_the_agencys_and_kept(admin):
    html = admin.post(users_url(), {"username": "x y", "role": "operator", "agency": "dinsos-kukar",
                                    "unit": "pfm"}).content.decode()
    assert "huruf, angka, titik" in html  # the username is refused …
    assert selected(html, "unit") == ["pfm"] and selected(html, "role") == ["operator"]  # … the rest stays
    response = admin.post(users_url(), {"username": "operator.pfm.kukar", "role": "operator",
                                        "agency": "dinsos-kukar", "unit": "pfm"})
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="operator.pfm.kukar")
    assert (membership.unit.key, membership.agency.slug) == ("pfm", "dinsos-kukar")
    assert AuditEntry.objects.filter(action="tambah peran").exists()


def test_a_user_of_another_region_is_refused_with_the_values_kept(admin):
    before = Membership.objects.count()
    html = admin.post(users_url(), {"username": "perencana.tarakan", "role": "pemeriksa",
                                    "agency": "dinsos-kukar"}).content.decode()
    assert "terdaftar di wilayah lain" in html
    assert selected(html, "role") == ["pemeriksa"]
    assert Membership.objects.count() == before


@pytest.mark.parametrize("changes", [
    {"agency": "dinsospm-tarakan"}, {"agency": "tidak-ada"}, {"role": "admin_pemda"}, {"role": ""},
    {"unit": "umum-kepegawaian"}, {"username": "a\x00b"}, {"username": "x" * 200}, {"reason": "x" * 3000},
    {"name": "n" * 200}, {"agency": ""},
])
def test_a_malformed_add_is_a_form_error_never_a_500(admin, changes):
    before = (Membership.objects.count(), get_user_model().objects.count(), AuditEntry.objects.count())
    response = admin.post(users_url(), {"username": "operator.uji", "role": "operator", "agency": "dinsos-kukar",
                                        "unit": "rehsos", **changes})
    assert response.status_code in (200, 400)
    assert (Membership.objects.count(), get_user_model().objects.count(), AuditEntry.objects.count()) == before


# -- revoking ---------------------------------------------------------------------------------------------------------

def test_revoking_asks_first_and_writes_nothing_without_confirmation(admin, linjamsos):
    audits = AuditEntry.objects.count()
    response = admin.post(remove_url(linjamsos), {})
    assert response.status_code == 200
    text = visible(response.content.decode())
    assert ("Mencabut akses Operator Bidang Perlindungan dan Jaminan Sosial (operator.linjamsos.kukar) sebagai "
            "Operator unit di Bidang Perlindungan dan Jaminan Sosial — Dinas Sosial Kabupaten Kutai Kartanegara"
            in text)
    assert "Ya, cabut akses" in text and "Batal" in text
    html = response.content.decode()
    assert '<input type="hidden" name="confirm" value="1">' in html
    assert f'href="{users_url()}"' in html  # Batal: back to the list, no script needed
    assert Membership.objects.filter(pk=linjamsos.pk).exists() and AuditEntry.objects.count() == audits
    for not_confirmed in ({"confirm": ""}, {"confirm": "0"}, {"confirm": "ya"}, {"confirm": "1\x00"},
                          {"confirm": "1", "reason": "x" * 3000}, {"reason": "pindah"}):
        response = admin.post(remove_url(linjamsos), not_confirmed)
        assert response.status_code in (200, 400), not_confirmed
        assert Membership.objects.filter(pk=linjamsos.pk).exists() and AuditEntry.objects.count() == audits


def test_the_confirmed_revocation_removes_the_role_audited(admin, linjamsos):
    response = admin.post(remove_url(linjamsos), {"confirm": "1", "reason": "pindah bidang"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=linjamsos.pk).exists()
    entry = AuditEntry.objects.get(action="cabut peran")
    assert (entry.old, entry.reason) == ("operator.linjamsos.kukar: operator", "pindah bidang")
    page = visible(admin.get(users_url()).content.decode())
    assert "dicabut" in page and "operator.linjamsos.kukar" in page  # the message names whom


def test_a_get_of_the_revocation_writes_nothing(admin, linjamsos):
    assert admin.get(remove_url(linjamsos)).status_code == 405
    assert Membership.objects.filter(pk=linjamsos.pk).exists()


def test_revoking_in_english(english, linjamsos):
    text = visible(english.post(remove_url(linjamsos), {}).content.decode())
    assert "Revoking the access of" in text and "as Unit operator at" in text
    assert "Yes, revoke access" in text and "Cancel" in text and "Reason" in text
    for indonesian in ("Mencabut", "Cabut akses", "Batal", "Alasan", "sebagai"):
        assert indonesian not in text, indonesian


# -- one language at a time ---------------------------------------------------------------------------------------

DEVELOPER_WORDS = ("Slug", "slug", "Key", "Kind", "key", "RULES", "§")


def test_settings_page_in_indonesian_without_developer_words(admin):
    text = visible(admin.get(reverse("region-settings", args=["kukar"])).content.decode())
    for label in ("Kode singkat (dipakai di alamat)", "Nama singkat", "Alamat", "Nama kepala",
                  "Tata letak evaluasi Renja", "Kode singkat unit", "Nama unit", "Jenis unit", "Kode singkat Renstra",
                  "Tahun awal", "Tahun akhir", "Sistem kode", "Kode singkat skala", "Nama skala", "Kategori",
                  "Alasan", "Tambah perangkat daerah", "Tambah periode Renstra"):
        assert label in text, label
    for word in ("First year", "Last year", "Code scheme", "Short name", "Address", "Evaluation layout", "Name",
                 "Agency", "Categories", "Nomenclature", *DEVELOPER_WORDS):
        assert word not in text, word


def test_settings_page_in_english(english):
    text = visible(english.get(reverse("region-settings", args=["kukar"])).content.decode())
    for label in ("Short code (used in page addresses)", "Short name", "Address", "Layout of the Renja evaluation",
                  "Short code of the unit", "Name of the unit", "Kind of unit", "Short code of the Renstra",
                  "First year", "Last year", "Code system", "Short code of the scale", "Categories", "Reason",
                  "Add an agency"):
        assert label in text, label
    for word in ("Kode singkat", "Tahun awal", "Tahun akhir", "Sistem kode", "Nama unit", "Jenis unit", "Alasan",
                 "Tambah", "Huruf kecil", "Nomenklatur", "Slug", "RULES"):
        assert word not in text, word


def test_a_refused_setting_is_explained_in_the_pages_language(admin):
    url = reverse("region-settings", args=["kukar"])
    agency = m.Agency.objects.get(slug="dinsos-kukar")
    overlapping = {"form": "renstra", "renstra-agency": agency.pk, "renstra-key": "renstra-uji",
                   "renstra-name": "Renstra uji", "renstra-first_year": 2022, "renstra-last_year": 2026,
                   "renstra-code_scheme": "permendagri-90", "reason": "uji"}
    html = admin.post(url, overlapping).content.decode()
    assert "tumpang tindih" in html and 'value="Renstra uji"' in html and 'value="uji"' in html
    admin.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = admin.post(url, overlapping).content.decode()
    assert "overlaps another Renstra" in html and "tumpang tindih" not in html
    scale = admin.post(url, {"form": "scale", "scale-agency": agency.pk, "scale-key": "s", "scale-name": "S",
                             "scale-categories": "Satu"}).content.decode()
    assert "at least two categories" in scale
    assert not m.StrategicPlan.objects.filter(key="renstra-uji").exists()
    assert not m.CategoryScale.objects.filter(key="s").exists()


def test_users_page_in_both_languages(admin):
    indonesian = visible(admin.get(users_url()).content.decode())
    for label in ("Pengguna dan peran", "Nama pengguna", "Nama lengkap", "Peran", "Perangkat daerah",
                  "Unit (untuk operator)", "Alasan", "Tambah", "Cabut", "Operator unit", "Kepala Dinas"):
        assert label in indonesian, label
    admin.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = visible(admin.get(users_url()).content.decode())
    for label in ("Users and roles", "Username", "Full name", "Role", "Unit (for operators)", "Reason", "Add",
                  "Revoke", "Unit operator", "Head of agency"):
        assert label in english, label
    for word in ("Nama pengguna", "Nama lengkap", "Peran", "Alasan", "Tambah", "Cabut", "Pengguna baru"):
        assert word not in english, word


def test_region_dashboard_labels_in_both_languages(admin):
    url = reverse("region-dashboard", args=["kukar", 2019])
    indonesian = visible(admin.get(url).content.decode())
    for label in ("Kinerja (K)", "Anggaran (Rp)", "Predikat", "Triwulan disetujui", "Diajukan terlambat", "Tinggi"):
        assert label in indonesian, label
    assert re.search(r"\d+,\d\d %", indonesian)  # percentages in Indonesian format
    admin.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = visible(admin.get(url).content.decode())
    for label in ("Performance (K)", "Budget (Rp)", "Quarters approved", "Submitted late", "High"):
        assert label in english, label
    assert re.search(r"\d+\.\d\d %", english)
    for word in ("Triwulan disetujui", "Diajukan terlambat", "Anggaran (Rp)", "Tinggi"):
        assert word not in english, word
