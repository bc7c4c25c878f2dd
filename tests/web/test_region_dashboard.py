"""The admin pemda's region dashboard: one line per agency with its evaluation averages and the counts of its
quarter reports and units, the counts read for the whole region at once."""

from decimal import Decimal

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


def test_an_annual_totals_year_without_kegiatan_lines_has_the_agency_dashboards_capaian(client, kukar):
    """Kukar 2023 (the LKjIP year) targets its programs' own indicators: the region's line for the agency reads the
    same capaian and predikat as the agency's own dashboard, not a dash."""
    from kinerja.reports.summary import evaluation_briefs

    brief = evaluation_briefs([kukar], 2023)[kukar.pk]
    assert brief.average_k is not None and brief.predikat is not None
    client.force_login(get_user_model().objects.get(username="bappeda.kukar"))
    shown = f"{brief.average_k.quantize(Decimal('0.01')):f}".replace(".", ",") + " %"
    html, _queries = _page(client, kukar.region, 2023)
    agency_page = client.get(reverse("dashboard", args=[kukar.slug, 2023])).content.decode()
    assert shown in html and shown in agency_page
