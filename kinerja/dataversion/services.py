"""Reading the data versions: one query for one agency or many."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .models import AgencyDataVersion, DatabaseIdentity


def agency_version(agency_id: int) -> int:
    """The agency's data version now: 0 when nothing of it has been written since the counters began."""
    return agency_versions([agency_id])[agency_id]


def agency_versions(agency_ids: Iterable[int]) -> dict[int, int]:
    ids = list(agency_ids)
    found = dict(AgencyDataVersion.objects.filter(agency_id__in=ids).values_list("agency_id", "version"))
    return {agency_id: found.get(agency_id, 0) for agency_id in ids}


def database_token() -> str:
    """This database's identity, made on first need (one row; a race makes the loser read the winner's)."""
    identity = DatabaseIdentity.objects.filter(pk=1).first()
    if identity is None:
        try:
            with transaction.atomic():
                identity = DatabaseIdentity.objects.create(pk=1, token=secrets.token_hex(16))
        except IntegrityError:
            identity = DatabaseIdentity.objects.get(pk=1)
    return identity.token
