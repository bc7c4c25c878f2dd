"""The home page lists every agency the user sees with its tables and documents by year: a Bappeda sees a whole
region (about 40 agencies), so the page's queries must not grow with the number of agencies."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.models import Membership, Role
from kinerja.plan import models as m


def home_queries(client, user) -> tuple[int, str]:
    client.force_login(user)
    client.get("/")  # sessions and translations warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def add_agencies(region, count: int) -> None:
    for n in range(count):
        agency = m.Agency.objects.create(region=region, slug=f"tambahan-{n}", name=f"Dinas Tambahan {n}")
        m.Unit.objects.create(agency=agency, key="sekretariat", name="Sekretariat", kind="sekretariat")
        plan = m.StrategicPlan.objects.create(agency=agency, key="renstra", name="Renstra", first_year=2021,
                                              last_year=2026, code_scheme="permendagri-90")
        for year in (2022, 2023):
            for document in ("renja", "pk"):
                m.Revision.objects.create(agency=agency, strategic_plan=plan, key=f"{document}-{year}",
                                          document=document, year=year, label="murni")


def test_home_queries_do_not_grow_with_the_agencies_of_the_region(client, kukar):
    bappeda = get_user_model().objects.create_user("bappeda-uji", password="rahasia-bappeda-2024")
    Membership.objects.create(user=bappeda, role=Role.ADMIN_PEMDA, region=kukar.region)
    before, _page = home_queries(client, bappeda)
    add_agencies(kukar.region, 6)
    after, page = home_queries(client, bappeda)
    assert "Dinas Tambahan 5" in page and "/pd/tambahan-5/lkjip/2023/" in page
    assert after == before
