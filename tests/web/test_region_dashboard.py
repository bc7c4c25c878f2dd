"""The admin pemda's region dashboard: one line per agency with its evaluation averages and the counts of its
quarter reports and units, the counts read for the whole region at once."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.accounts.models import Membership, Role
from kinerja.realisation.models import QuarterReport
from tests.web.test_home_queries import add_agencies


def _page(client, region, year):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("region-dashboard", args=[region.slug, year]))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"].lower() for q in captured]


def test_counts_per_agency_are_read_for_the_region_at_once(client, kukar):
    bappeda = get_user_model().objects.create_user("bappeda-uji", password="rahasia-bappeda-2024")
    Membership.objects.create(user=bappeda, role=Role.ADMIN_PEMDA, region=kukar.region)
    client.force_login(bappeda)
    client.get(reverse("home"))
    add_agencies(kukar.region, 5)
    html, queries = _page(client, kukar.region, 2019)
    assert "Dinas Tambahan 4" in html
    assert len([q for q in queries if "quarterreport" in q]) == 1
    assert not [q for q in queries if q.startswith("select count(") and "plan_unit" in q]


def test_the_counts_are_those_of_the_agency(client, kukar):
    client.force_login(get_user_model().objects.get(username="bappeda.kukar"))
    unit = kukar.units.order_by("pk").first()
    QuarterReport.objects.create(agency=kukar, unit=unit, year=2019, quarter=1, status="approved")
    QuarterReport.objects.create(agency=kukar, unit=unit, year=2019, quarter=2, status="submitted", submitted_late=True)
    reports = QuarterReport.objects.filter(agency=kukar, year=2019)
    approved, late = reports.filter(status="approved").count(), reports.filter(submitted_late=True).count()
    html, _counting = _page(client, kukar.region, 2019)
    row = html.split("Dinas Sosial Kabupaten Kutai Kartanegara", 1)[1].split("</tr>", 1)[0]
    cells = [c.split("</td>", 1)[0].strip() for c in row.split("<td")[1:]]
    texts = [c.split(">", 1)[1].strip() if ">" in c else c for c in cells]
    assert texts[-2:] == [f"{approved} / {4 * kukar.units.count()}", str(late)]  # of the year's 4 quarters per unit
