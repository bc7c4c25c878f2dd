"""Every role × every view of the URL conf × own unit / other unit / other agency.

The cases are generated from the URL conf: a view that is not in PUBLIC and does not declare its capability with
``accounts.permissions.requires`` fails this test, so no new view escapes the check.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kinerja.accounts.permissions import Capability, can

# Not scoped to an agency: the login, the user's own account (each of these needs a login but no capability) and the
# password reset by email.
PUBLIC = {"login", "logout", "set_language", "home", "otp-verify", "account-security", "password_change",
          "password_change_done", "password_reset", "password_reset_done", "password_reset_confirm",
          "password_reset_complete"}
# The verifier reads only the table it is given, never the database: it needs a login but no agency capability.
PUBLIC |= {"verify-table"}
USERS = ["bappeda.kukar", "perencana.kukar", "operator.rehsos.kukar", "kepala.kukar", "pemeriksa.kukar",
         "perencana.tarakan"]
SCOPES = {  # scope → (agency slug, unit key)
    "own-unit": ("dinsos-kukar", "rehsos"),
    "other-unit": ("dinsos-kukar", "linjamsos"),
    "other-agency": ("dinsospm-tarakan", "umum-kepegawaian"),
}
SAMPLE = {"year": 2019, "quarter": 1, "fmt": "json", "action": "verify", "indicator": 1, "element": 1,
          "membership": 1, "plan": 1, "realisation": 1, "document": "lkjip", "kind": "lkjip", "number": 1,
          "declaration": 1}
POST_ONLY = {"quarter-transition", "entry-capaian", "revision-create", "region-membership-remove", "element-create",
             "document-issue", "unit-declare", "unit-withdraw", "quarter-batch"}


def named_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from named_patterns(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


PATTERNS = {p.name: p for p in named_patterns()}


def test_every_view_is_public_or_declares_its_capability():
    undeclared = [name for name, p in PATTERNS.items()
                  if name not in PUBLIC and not hasattr(p.callback, "required_capability")]
    assert undeclared == []


CASES = [(name, user, scope) for name, p in PATTERNS.items() if name not in PUBLIC
         for user in USERS for scope in SCOPES]


@pytest.mark.parametrize(("name", "username", "scope"), CASES)
def test_permission(client, db, name, username, scope):
    from kinerja.plan.models import Agency

    pattern = PATTERNS[name]
    agency_slug, unit_key = SCOPES[scope]
    params = pattern.pattern.converters
    agency_obj = Agency.objects.get(slug=agency_slug)
    kwargs = {"region": agency_obj.region.slug} if "region" in params else {"agency": agency_slug}
    kwargs.update({k: v for k, v in SAMPLE.items() if k in params})
    if "unit" in params:
        kwargs["unit"] = unit_key
    url = reverse(name, kwargs=kwargs)
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    response = client.post(url, {"indicator": 0}) if name in POST_ONLY else client.get(url)

    agency = Agency.objects.get(slug=agency_slug)
    capability = pattern.callback.required_capability
    unit = agency.units.get(key=unit_key) if "unit" in params else None
    if "region" in params:
        allowed = can(user, Capability.MANAGE_REGION, agency)
    elif unit is not None:
        allowed = can(user, Capability.READ_UNIT, agency, unit)
        if name == "quarter-transition":
            allowed = allowed and can(user, Capability.VERIFY, agency)
    elif capability in (Capability.READ_UNIT, Capability.ENTER_REALISATION):
        allowed = any(can(user, capability, agency, u) for u in agency.units.all())
    else:
        allowed = can(user, capability, agency)
    if name == "quarter-batch":  # the whole quarter at once: the act's own capability (SAMPLE's is verify)
        allowed = allowed and can(user, Capability.VERIFY, agency)

    if allowed:
        assert response.status_code in (200, 302, 404) and response.status_code != 403, response.status_code
        if name == "entry-capaian":
            assert response.status_code == 404  # indicator 0 does not exist: allowed, then not found
    else:
        assert response.status_code in (403, 404), (url, response.status_code)
    if scope == "other-agency" and username.endswith(".kukar") and not username.startswith("bappeda"):
        assert response.status_code == 404  # another agency is not even disclosed
