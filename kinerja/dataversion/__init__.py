"""Each agency's data version: a number that moves in the same transaction as every write to its data.

Computed results (evaluations, LKjIP figures, dashboard summaries) are kept under the version they were computed
from, so a result is either current or never read again — no expiry times, no invalidation calls to forget.
The version is moved by database triggers (``triggers.py``), not by Python code: the services, the importer, the
demo loader, the generator's bulk COPY, a restore and a hand-written UPDATE all move it alike.
"""
