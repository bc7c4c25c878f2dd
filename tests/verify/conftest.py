"""Shared helpers for the verifier tests: the fixture files (tables cut verbatim from the seed documents)."""

from pathlib import Path

import pytest
from hypothesis import settings

from kinerja.verify import verify_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

settings.register_profile("kinerja-verify", max_examples=40, deadline=None, database=None)


@pytest.fixture(scope="session")
def seed_reports():
    """The verifier's report on each seed fixture, in English, computed once."""
    return {path.stem: verify_path(path, "en") for path in sorted(FIXTURES.glob("seed*.txt"))}
