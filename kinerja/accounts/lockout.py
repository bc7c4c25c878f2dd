"""Login lockout with django-axes: which address a request comes from, and what a successful login clears.

The limits themselves (5 failures, 15 minutes, per username and separately per address) are in settings.py.
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the address the outermost
    of them put in ``X-Forwarded-For``.

    Each proxy appends the address it was connected from, so with N proxies the Nth entry from the right is the
    last one written by a proxy we trust; anything to its left came from the client and may be forged.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= count and _is_address(forwarded[-count]):
            return forwarded[-count]
    return remote


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, except that a successful login clears only the failures recorded against that
    username. Axes' own reset also deletes every failure from the same address, so anyone holding one valid
    account could clear an address's count (and the failures aimed at a colleague from there) by logging in
    between guesses."""

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login result while the username or the address is locked (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "web/lockout.html", {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
                  status=429)
