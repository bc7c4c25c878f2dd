"""Shared settings for the engine tests.

Hypothesis runs with a fixed example budget, no deadline (a slow CI core must not fail a correct test) and no
example database, so a test run writes nothing into the working tree.
"""

from hypothesis import settings

settings.register_profile("kinerja-engine", max_examples=150, deadline=None, database=None)
