"""The entry grid's rows are kept per data version: a save, a write outside the services and a change of status
show at once, and what one reader's permissions allow never shows to another."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.dataversion.models import StoredResult
from kinerja.plan import models as m
from kinerja.realisation.models import QuarterReport, Status

YEAR, QUARTER = 2021, 2


@pytest.fixture
def indicator(kukar):
    return m.Indicator.objects.get(element__key="P05.K01", element__strategic_plan__agency=kukar, position=0)


def entry_url():
    return reverse("quarter-entry", args=["dinsos-kukar", YEAR, QUARTER, "rehsos"])


def view(client, username) -> str:
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(entry_url())
    assert response.status_code == 200
    return response.content.decode()


def value_input(page: str, indicator) -> str:
    return re.search(rf'<input name="v-{indicator.pk}"[^>]*>', page).group(0)


def test_a_save_and_a_direct_write_show_at_once(client, kukar, indicator):
    page = view(client, "operator.rehsos.kukar")
    assert 'value=""' in value_input(page, indicator)
    assert StoredResult.objects.filter(kind="entry-grid").exists()  # the next view reads the kept rows
    response = client.post(entry_url(), {f"v-{indicator.pk}": "20"})
    assert response.status_code == 302
    assert 'value="20"' in value_input(view(client, "operator.rehsos.kukar"), indicator)
    # A write that bypasses the services (an import, a restore, SQL) moves the data version too.
    m.Realisation.objects.filter(indicator=indicator, year=YEAR, period=QUARTER).update(value=33, text="33")
    assert 'value="33"' in value_input(view(client, "operator.rehsos.kukar"), indicator)


def test_status_and_permissions_are_never_shared(client, kukar, indicator):
    operator = view(client, "operator.rehsos.kukar")
    assert "disabled" not in value_input(operator, indicator)
    assert 'class="history"' not in operator  # the operator may not read the audit trail
    pemeriksa = view(client, "pemeriksa.kukar")
    assert "disabled" in value_input(pemeriksa, indicator)
    assert 'class="history"' in pemeriksa
    assert "disabled" not in value_input(view(client, "operator.rehsos.kukar"), indicator)
    # Submitting locks the grid for the operator on the very next view.
    response = client.post(entry_url(), {f"v-{indicator.pk}": "20", "submit": "1"})
    assert response.status_code == 302
    assert QuarterReport.objects.get(unit__key="rehsos", year=YEAR, quarter=QUARTER).status == Status.SUBMITTED
    assert "disabled" in value_input(view(client, "operator.rehsos.kukar"), indicator)


def test_typed_values_and_their_errors_stay_the_requests_own(client, kukar, indicator):
    view(client, "operator.rehsos.kukar")
    response = client.post(entry_url(), {f"v-{indicator.pk}": "20", f"rp-{indicator.element_id}": "1,2,3"})
    assert response.status_code == 200
    assert 'value="1,2,3"' in response.content.decode()
    page = view(client, "operator.rehsos.kukar")
    assert "1,2,3" not in page and 'class="field-error"' not in page
