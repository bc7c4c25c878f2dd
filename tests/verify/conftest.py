"""Shared helpers for the verifier tests: the fixture files (tables cut verbatim from the seed documents)."""

from pathlib import Path

import pytest
from hypothesis import settings

from kinerja.verify import TableReadError, verify_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

settings.register_profile("kinerja-verify", max_examples=40, deadline=None, database=None)


def _verify(path: Path):
    try:
        return verify_path(path, "en")
    except TableReadError as refusal:  # seed 004: a table without figures is refused, with its reason
        return refusal


@pytest.fixture(scope="session")
def seed_reports():
    """The verifier's report on each seed fixture (or its refusal), in English, computed once."""
    return {path.stem: _verify(path) for path in sorted(FIXTURES.glob("seed*.txt"))}
