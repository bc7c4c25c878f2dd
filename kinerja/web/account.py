"""The user's own account: the TOTP code step after the password, and enrolling or removing a TOTP device.

Password change and reset are Django's own views (kinerja/urls.py) with the templates web/password_*.html.
"""

from __future__ import annotations

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinerja.accounts.models import Role
from kinerja.accounts.permissions import memberships_of

# The roles whose accounts may add a second factor (and so sign for a whole agency or region).
TOTP_ROLES = frozenset({Role.ADMIN_PEMDA, Role.KEPALA})


class CodeForm(forms.Form):
    code = forms.RegexField(regex=r"^\s*\d{6}\s*$", label="Kode 6 angka", strip=True,
                            error_messages={"invalid": "Kode terdiri dari 6 angka."},
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                          "maxlength": 8, "autofocus": True}))


def may_enrol_totp(user) -> bool:
    return any(Role(m.role) in TOTP_ROLES for m in memberships_of(user))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of login: the code of the user's TOTP device, once per session."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # verify_token locks the device row, refuses a code already used, and slows down repeated failures.
        verified = verify_token(request.user, device.persistent_id, form.cleaned_data["code"])
        if verified is not None:
            otp_login(request, verified)
            return redirect(_next_url(request))
        form.add_error("code", "Kode salah atau sudah dipakai. Tunggu kode berikutnya dan coba lagi; setelah "
                               "beberapa kesalahan, percobaan berikutnya harus menunggu lebih lama.")
    return render(request, "web/otp_verify.html", {"form": form, "next": _next_url(request)})


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def account_security(request):
    """Keamanan akun: turn the TOTP second factor on (admin pemda, kepala dinas) or off (with a valid code).

    Turning it on takes two POSTs: ``start`` makes the unconfirmed device whose secret the page then shows, and a
    code from it confirms the device. A GET only shows, it writes nothing.
    """
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    context = {"device": device, "eligible": may_enrol_totp(user), "form": CodeForm(request.POST or None)}
    if device is not None:
        return _remove(request, device, context)
    if not context["eligible"]:
        return render(request, "web/account_security.html", context)
    if request.method == "POST" and "start" in request.POST:
        _start_enrolment(user)
        return redirect("account-security")
    return _enrol(request, context)


def _remove(request, device: TOTPDevice, context: dict):
    form = context["form"]
    if request.method == "POST" and form.is_valid():
        if verify_token(request.user, device.persistent_id, form.cleaned_data["code"]) is None:
            form.add_error("code", "Kode salah atau sudah dipakai.")
        else:
            TOTPDevice.objects.filter(user=request.user).delete()
            messages.info(request, "Verifikasi dua langkah (TOTP) dimatikan untuk akun Anda.")
            return redirect("account-security")
    return render(request, "web/account_security.html", context)


def _start_enrolment(user) -> None:
    with transaction.atomic():
        # One pending device per user, kept between showing the secret and confirming it with a first code: a
        # second start (another tab, a reload) shows the same secret.
        if not TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).exists():
            TOTPDevice.objects.create(user=user, name="Kinerja", confirmed=False)


def _enrol(request, context: dict):
    pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if pending is None:  # not started: the page offers the start, a stray code has nothing to confirm
        context["form"] = CodeForm()
        return render(request, "web/account_security.html", context)
    form = context["form"]
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            pending = TOTPDevice.objects.select_for_update().get(pk=pending.pk)
            if pending.verify_token(form.cleaned_data["code"]):
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                otp_login(request, pending)  # this session has just proven the code
                messages.info(request, "Verifikasi dua langkah (TOTP) aktif: setiap kali masuk, setelah kata sandi "
                                       "Anda akan diminta kode dari aplikasi autentikator.")
                return redirect("account-security")
        form.add_error("code", "Kode salah. Periksa jam ponsel Anda dan masukkan kode yang sedang tampil.")
    secret = b32encode(pending.bin_key).decode().rstrip("=")
    context.update({"pending": pending, "config_url": pending.config_url, "secret": _grouped(secret)})
    return render(request, "web/account_security.html", context)
