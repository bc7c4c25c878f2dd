"""Who may do what: every role × capability × own unit / other unit / other agency."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from kinerja.accounts.models import Membership, Role
from kinerja.accounts.permissions import GRANTS, Capability, can, units_for
from kinerja.plan.models import Agency

C = Capability
AGENCY_WIDE = {
    Role.ADMIN_PEMDA: {C.READ_AGENCY, C.READ_UNIT, C.MANAGE_REGION},
    Role.PERENCANA: {C.READ_AGENCY, C.READ_UNIT, C.EDIT_PLAN, C.VERIFY, C.ISSUE_DOCUMENT},
    Role.OPERATOR: set(),
    Role.KEPALA: {C.READ_AGENCY, C.READ_UNIT, C.APPROVE, C.ISSUE_DOCUMENT},
    Role.PEMERIKSA: {C.READ_AGENCY, C.READ_UNIT, C.READ_AUDIT},
}
OWN_UNIT = {**AGENCY_WIDE, Role.OPERATOR: {C.READ_UNIT, C.ENTER_REALISATION}}


@pytest.fixture
def member(kukar):
    def make(role: Role):
        user = get_user_model().objects.create_user(f"{role}-test", password="x-not-used-123")
        scope = {"region": kukar.region} if role == Role.ADMIN_PEMDA else {"agency": kukar}
        if role == Role.OPERATOR:
            scope["unit"] = kukar.units.get(key="rehsos")
        Membership.objects.create(user=user, role=role, **scope)
        return user

    return make


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("capability", list(Capability))
def test_capability_matrix(member, kukar, tarakan, role, capability):
    user = member(role)
    own, other = kukar.units.get(key="rehsos"), kukar.units.get(key="linjamsos")
    assert can(user, capability, kukar) is (capability in AGENCY_WIDE[role])
    assert can(user, capability, kukar, own) is (capability in OWN_UNIT[role])
    assert can(user, capability, kukar, other) is (capability in AGENCY_WIDE[role])
    assert can(user, capability, tarakan) is False
    assert can(user, capability, tarakan, tarakan.units.first()) is False


def test_grants_cover_every_role():
    assert set(GRANTS) == set(Role)


def test_unit_of_another_agency_is_refused_even_for_an_agency_role(member, kukar, tarakan):
    user = member(Role.PERENCANA)
    assert can(user, C.READ_UNIT, kukar, tarakan.units.first()) is False


def test_anonymous_and_inactive_users_may_do_nothing(member, kukar):
    assert not can(AnonymousUser(), C.READ_AGENCY, kukar)
    user = member(Role.PERENCANA)
    user.is_active = False
    assert not can(user, C.READ_AGENCY, kukar)


def test_operator_units(member, kukar):
    assert [u.key for u in units_for(member(Role.OPERATOR), C.ENTER_REALISATION, kukar)] == ["rehsos"]


def test_admin_pemda_sees_every_agency_of_the_region_only(member, kukar):
    user = member(Role.ADMIN_PEMDA)
    assert list(Agency.objects.visible_to(user)) == [kukar]


def test_demo_accounts_exist_for_every_role(db):
    roles = set(Membership.objects.filter(user__username__contains=".").values_list("role", flat=True))
    assert roles == set(Role)
