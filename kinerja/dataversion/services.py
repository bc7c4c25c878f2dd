"""Reading the data versions: one query for one agency or many."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from .models import AgencyDataVersion, DatabaseIdentity, StoredResult


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


def remember_many(agency_ids: Iterable[int], kind: str, key: str, compute: Callable[[int], Any]) -> dict[int, Any]:
    """Each agency's result of ``kind``/``key``: the stored one where it is of the current data version, else
    ``compute(agency_id)`` — stored when the version did not move meanwhile. ``compute`` returns JSON data.

    Three queries for any number of agencies whose results are current.
    """
    ids = list(agency_ids)
    key = f"{code_fingerprint()}:{key}"
    versions = agency_versions(ids)
    stored = {agency_id: (version, payload) for agency_id, version, payload in StoredResult.objects.filter(
        agency_id__in=ids, kind=kind, key=key).values_list("agency_id", "version", "payload")}
    results, computed = {}, {}
    for agency_id in ids:
        version, payload = stored.get(agency_id, (None, None))
        if version == versions[agency_id]:
            results[agency_id] = payload
        else:
            results[agency_id] = computed[agency_id] = compute(agency_id)
    if computed:
        _store(computed, versions, kind, key)
    return results


def remember(agency_id: int, kind: str, key: str, compute: Callable[[], Any]) -> Any:
    return remember_many([agency_id], kind, key, lambda _agency_id: compute())[agency_id]


def _store(computed: dict[int, Any], versions: dict[int, int], kind: str, key: str) -> None:
    # A result whose agency moved while it was computed may mix two versions' data: it is returned, not kept.
    unchanged = {a for a, v in agency_versions(computed).items() if v == versions[a]}
    for agency_id in sorted(unchanged):
        try:
            with transaction.atomic():
                StoredResult.objects.update_or_create(
                    agency_id=agency_id, kind=kind, key=key,
                    defaults={"version": versions[agency_id], "payload": computed[agency_id]})
        except IntegrityError:
            pass  # another request stored the same result first


@cache
def code_fingerprint() -> str:
    """A digest of the code, templates and translations this process runs: a result kept by an earlier release
    (another formula, another template) is not read by this one, whatever the data version."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".mo"} and "migrations" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
