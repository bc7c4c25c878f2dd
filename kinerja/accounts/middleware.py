"""Session lifetime and the second factor, enforced on every request.

``SessionTimeoutMiddleware`` ends a session after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and in any
case ``SESSION_COOKIE_AGE`` seconds after login. Django alone cannot do both: its session expiry is one age that
restarts whenever the session is saved, so ``SESSION_SAVE_EVERY_REQUEST`` with a one-hour age would give the idle
limit but let an active session live for ever. Two timestamps in the session do both.

``OTPRequiredMiddleware`` sends a user who has a confirmed TOTP device, and has given only the password in this
session, to the code step before any other page. Users without a device are not affected.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

LOGIN_AT = "kinerja_login_at"
SEEN_AT = "kinerja_seen_at"
# The last-activity stamp is rewritten at most once a minute, not on every request: one session write per
# minute per user, at the cost of up to a minute's slack in the idle limit.
SEEN_RESOLUTION = 60

# Pages an authenticated user who still owes the TOTP code may open: the code step itself and the way out.
OTP_EXEMPT = {"otp-verify", "login", "logout", "set_language"}


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if login_at is None or seen_at is None:
                # The first request of the session (login sets no stamp): the clock starts now.
                session[LOGIN_AT] = login_at = now
                session[SEEN_AT] = seen_at = now
            if now - seen_at > settings.SESSION_IDLE_TIMEOUT or now - login_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, "Sesi Anda telah berakhir. Silakan masuk lagi.")
                return redirect_to_login(request.get_full_path())
            if now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)


class OTPRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.url_name in OTP_EXEMPT or not user_has_device(user):
            return None
        return redirect(f"{reverse('otp-verify')}?{urlencode({'next': request.get_full_path()})}")
