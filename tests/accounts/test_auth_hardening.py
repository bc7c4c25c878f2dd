"""Login hardening: lockout per username and per address, password change and reset, TOTP for admin pemda and
kepala dinas, and the session's idle and absolute limits."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.db.models import F
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinerja.accounts.lockout import client_ip
from kinerja.accounts.middleware import LOGIN_AT, SEEN_AT
from kinerja.accounts.models import Membership, Role
from kinerja.demo.loader import DEMO_PASSWORD
from tests.test_security import production_env, run_python

PASSWORD = "rahasia-kukar-2019"  # perencana_kukar's, from tests/conftest.py
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)


def login(client, username, password, address="127.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def age_failures(minutes: int):
    """Time passing for the lockout: every recorded failure moved ``minutes`` into the past (no sleeping)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


@pytest.fixture
def kepala(kukar):
    user = get_user_model().objects.create_user("kepala-kukar", password="kepala-rahasia-2019")
    Membership.objects.create(user=user, role=Role.KEPALA, agency=kukar)
    return user


def current_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


DASHBOARD = reverse("dashboard", args=["dinsos-kukar", 2019])


# Lockout


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_password(client, perencana_kukar):
    for _ in range(4):
        response = login(client, "perencana-kukar", "salah-sekali-123")
        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    fifth = login(client, "perencana-kukar", "salah-sekali-123")
    assert fifth.status_code == 429

    response = login(client, "perencana-kukar", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Masuk dikunci sementara" in page and "15 menit" in page
    assert not INLINE.search(page)
    assert not logged_in(client)
    # The username is locked from every address, not only the one the failures came from.
    assert login(client, "perencana-kukar", PASSWORD, address="10.9.9.9").status_code == 429


def test_failures_of_various_usernames_from_one_address_lock_that_address(client, perencana_kukar):
    for name in ["bappeda.kukar", "kepala.kukar", "admin", "root", "tidak-ada"]:
        assert login(client, name, "tebakan-acak-99", address="10.0.0.5").status_code in (200, 429)

    assert login(client, "perencana-kukar", PASSWORD, address="10.0.0.5").status_code == 429
    assert not logged_in(client)
    assert login(client, "perencana-kukar", PASSWORD, address="10.0.0.6").status_code == 302
    assert logged_in(client)


def test_lockout_ends_after_the_cool_off(client, perencana_kukar):
    for _ in range(5):
        login(client, "perencana-kukar", "salah-sekali-123")
    age_failures(14)
    assert login(client, "perencana-kukar", PASSWORD).status_code == 429  # and that attempt restarts the clock
    age_failures(16)
    assert login(client, "perencana-kukar", PASSWORD).status_code == 302
    assert logged_in(client)


def test_failures_spread_over_more_than_the_window_do_not_lock(client, perencana_kukar):
    for _ in range(4):
        login(client, "perencana-kukar", "salah-sekali-123")
    age_failures(16)
    assert login(client, "perencana-kukar", "salah-sekali-123").status_code == 200
    assert login(client, "perencana-kukar", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_users_failures(client, perencana_kukar):
    for _ in range(4):
        login(client, "perencana-kukar", "salah-sekali-123")
    assert login(client, "perencana-kukar", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "perencana-kukar", "salah-sekali-123").status_code == 200
    assert login(client, "perencana-kukar", PASSWORD).status_code == 302


def test_a_colleagues_login_does_not_clear_the_failures_aimed_at_another_user(client, perencana_kukar,
                                                                            perencana_tarakan):
    for _ in range(4):
        login(client, "perencana-kukar", "salah-sekali-123", address="10.0.0.7")
    assert login(client, "perencana-tarakan", "rahasia-tarakan-2022", address="10.0.0.7").status_code == 302
    client.logout()
    assert login(client, "perencana-kukar", "salah-sekali-123", address="10.0.0.8").status_code == 429


def test_the_demo_accounts_log_in_with_the_demo_password(client, db):
    assert login(client, "perencana.kukar", DEMO_PASSWORD).status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (0, "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the header is the client's and ignored
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the left entry was sent by the client
    (2, "198.51.100.66, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
    (1, "", "192.0.2.1"),
    (2, "203.0.113.9", "192.0.2.1"),  # fewer entries than proxies: a misconfiguration, not trusted
    (1, "bukan-alamat", "192.0.2.1"),
])
def test_client_address_comes_from_x_forwarded_for_only_behind_trusted_proxies(count, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


def test_lockout_behind_a_proxy_is_per_forwarded_address(client, perencana_kukar):
    with override_settings(TRUSTED_PROXY_COUNT=1):
        for _ in range(5):
            client.post(reverse("login"), {"username": "nobody", "password": "x-salah-123"}, REMOTE_ADDR="127.0.0.1",
                        HTTP_X_FORWARDED_FOR="203.0.113.9")
        response = client.post(reverse("login"), {"username": "perencana-kukar", "password": PASSWORD},
                               REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert response.status_code == 302


def test_trusted_proxy_count_must_be_a_whole_number(tmp_path):
    result = run_python(["-c", "import django; django.setup()"], production_env(tmp_path, TRUSTED_PROXY_COUNT="one"))
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr.strip().splitlines()[-1]


# Password change and reset


def test_password_change_enforces_the_validators_and_keeps_the_session(client, perencana_kukar):
    client.force_login(perencana_kukar)
    url = reverse("password_change")
    assert client.get(url).status_code == 200
    for weak in ["pendek1", "12345678901234", "perencana-kukar", "password1234"]:
        response = client.post(url, {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak})
        assert response.status_code == 200, weak
        assert "field-error" in response.content.decode()
    wrong_old = client.post(url, {"old_password": "bukan-ini-123", "new_password1": "Teluk-Bayur-1987",
                                  "new_password2": "Teluk-Bayur-1987"})
    assert wrong_old.status_code == 200

    response = client.post(url, {"old_password": PASSWORD, "new_password1": "Teluk-Bayur-1987",
                                 "new_password2": "Teluk-Bayur-1987"})
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    perencana_kukar.refresh_from_db()
    assert perencana_kukar.check_password("Teluk-Bayur-1987")
    assert client.get(reverse("home")).status_code == 200  # still logged in


def test_password_change_needs_a_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_password_reset_sends_one_email_with_a_working_link(client, perencana_kukar):
    perencana_kukar.email = "perencana@kukar.example.go.id"
    perencana_kukar.save()
    response = client.post(reverse("password_reset"), {"email": "Perencana@kukar.example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["perencana@kukar.example.go.id"]
    assert message.subject == "Atur ulang kata sandi Kinerja"
    assert "Untuk membuat kata sandi baru, buka tautan berikut" in message.body
    link = re.search(r"https?://[^/\s]+(/lupa-sandi/\S+/)", message.body).group(1)

    form_url = client.get(link)["Location"]  # Django moves the token out of the URL into the session
    assert "Buat kata sandi baru" in client.get(form_url).content.decode()
    weak = client.post(form_url, {"new_password1": "1234567890", "new_password2": "1234567890"})
    assert weak.status_code == 200
    done = client.post(form_url, {"new_password1": "Sungai-Mahakam-77", "new_password2": "Sungai-Mahakam-77"})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert login(client, "perencana-kukar", "Sungai-Mahakam-77").status_code == 302
    client.logout()
    assert "tidak berlaku" in client.get(link, follow=True).content.decode()  # the link works once


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, perencana_kukar):
    response = client.post(reverse("password_reset"), {"email": "siapa@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


# TOTP


def test_kepala_with_a_device_must_give_a_valid_code_before_any_page(client, kepala):
    device = TOTPDevice.objects.create(user=kepala, name="Kinerja", confirmed=True)
    response = login(client, "kepala-kukar", "kepala-rahasia-2019")
    assert response.status_code == 302
    step = client.get(response["Location"])
    assert step.status_code == 302 and step["Location"].startswith(reverse("otp-verify"))
    blocked = client.get(DASHBOARD)
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("otp-verify"))
    page = client.get(blocked["Location"])
    assert page.status_code == 200 and "Kode verifikasi" in page.content.decode()

    verified = client.post(blocked["Location"], {"code": current_code(device), "next": DASHBOARD})
    assert verified.status_code == 302 and verified["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_a_wrong_totp_code_is_refused(client, kepala):
    device = TOTPDevice.objects.create(user=kepala, name="Kinerja", confirmed=True)
    login(client, "kepala-kukar", "kepala-rahasia-2019")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("otp-verify"), {"code": wrong, "next": DASHBOARD})
    assert response.status_code == 200
    assert "Kode salah" in response.content.decode()
    assert client.get(DASHBOARD).status_code == 302
    assert client.post(reverse("otp-verify"), {"code": "abc"}).status_code == 200


def test_the_code_step_does_not_redirect_off_site(client, kepala):
    device = TOTPDevice.objects.create(user=kepala, name="Kinerja", confirmed=True)
    login(client, "kepala-kukar", "kepala-rahasia-2019")
    response = client.post(reverse("otp-verify"), {"code": current_code(device), "next": "https://jahat.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_perencana_without_a_device_logs_in_as_before(client, perencana_kukar):
    response = login(client, "perencana-kukar", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(DASHBOARD).status_code == 200


def test_kepala_enrols_a_device_and_needs_a_code_at_the_next_login(client, kepala):
    client.force_login(kepala)
    url = reverse("account-security")
    offer = client.get(url).content.decode()
    assert 'name="start"' in offer and "otpauth://" not in offer
    assert not TOTPDevice.objects.filter(user=kepala).exists()  # showing the page writes nothing
    assert client.post(url, {"start": "1"}).status_code == 302
    assert client.post(url, {"start": "1"}).status_code == 302  # a second start keeps the one pending device
    page = client.get(url).content.decode()
    assert "otpauth://totp/Kinerja%3Akepala-kukar?secret=" in page
    device = TOTPDevice.objects.get(user=kepala, confirmed=False)
    secret = re.search(r"secret=([A-Z2-7]+)", page).group(1)
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in page
    assert not INLINE.search(page)

    assert client.post(url, {"code": "000000" if current_code(device) != "000000" else "111111"}).status_code == 200
    device.throttle_reset()
    response = client.post(url, {"code": current_code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=kepala).confirmed
    assert client.get(DASHBOARD).status_code == 200  # this session proved the code while enrolling

    client.logout()
    login(client, "kepala-kukar", "kepala-rahasia-2019")
    assert client.get(DASHBOARD)["Location"].startswith(reverse("otp-verify"))
    device.refresh_from_db()
    client.post(reverse("otp-verify"), {"code": current_code(device, steps_ahead=1)})  # the enrolling code is spent
    assert client.get(DASHBOARD).status_code == 200


def test_a_code_before_enrolment_started_confirms_nothing(client, kepala):
    client.force_login(kepala)
    response = client.post(reverse("account-security"), {"code": "123456"})
    assert response.status_code == 200 and 'name="start"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=kepala).exists()


def test_a_device_is_removed_only_with_a_valid_code(client, kepala):
    device = TOTPDevice.objects.create(user=kepala, name="Kinerja", confirmed=True)
    client.force_login(kepala)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    url = reverse("account-security")
    assert "Matikan verifikasi dua langkah" in client.get(url).content.decode()
    assert client.post(url, {"code": "12x456"}).status_code == 200
    assert TOTPDevice.objects.filter(user=kepala).exists()
    assert client.post(url, {"code": current_code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=kepala).exists()


def test_roles_other_than_admin_pemda_and_kepala_cannot_enrol(client, perencana_kukar):
    client.force_login(perencana_kukar)
    page = client.get(reverse("account-security")).content.decode()
    assert "tersedia untuk akun admin pemda dan kepala dinas" in page
    assert client.post(reverse("account-security"), {"code": "123456"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=perencana_kukar).exists()


def test_account_pages_need_a_login(client, db):
    for name in ["account-security", "otp-verify", "password_change_done"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


# Sessions


def test_a_session_idle_for_an_hour_ends(client, perencana_kukar):
    client.force_login(perencana_kukar)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SEEN_AT] = int(time.time()) - 59 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200  # 59 minutes idle: still in, and the clock restarts
    session = client.session
    assert int(time.time()) - session[SEEN_AT] < 5
    session[SEEN_AT] = int(time.time()) - 61 * 60
    session.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not logged_in(client)
    assert "Sesi Anda telah berakhir" in client.get(response["Location"]).content.decode()


def test_an_active_session_still_ends_eight_hours_after_login(client, perencana_kukar):
    client.force_login(perencana_kukar)
    client.get(reverse("home"))
    session = client.session
    session[LOGIN_AT] = int(time.time()) - 8 * 3600 - 1
    session.save()
    assert client.get(reverse("home")).status_code == 302
    assert not logged_in(client)


def test_session_cookie_ends_with_the_browser(client, perencana_kukar):
    response = login(client, "perencana-kukar", PASSWORD)
    assert response.cookies["sessionid"]["expires"] == ""
    assert response.cookies["sessionid"]["max-age"] == ""


def test_account_pages_have_no_inline_script_or_style(client, kepala):
    pages = [reverse(name) for name in ["login", "password_reset", "password_reset_done", "password_reset_complete"]]
    client.force_login(kepala)
    pages += [reverse(name) for name in ["password_change", "password_change_done", "account-security"]]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert not INLINE.search(response.content.decode()), page
