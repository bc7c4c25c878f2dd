"""Fixtures of the document tests: the demo agencies' users, and a switch for LibreOffice's layout pass."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def no_layout_pass(monkeypatch):
    """Write the DOCX without asking LibreOffice for the daftar isi's page numbers: for tests about figures."""
    monkeypatch.setattr("kinerja.documents.pdf.soffice", lambda: None)


@pytest.fixture
def users(db):
    return {name: get_user_model().objects.get(username=name)
            for name in ("perencana.kukar", "kepala.kukar", "operator.rehsos.kukar", "pemeriksa.kukar",
                         "perencana.tarakan")}
