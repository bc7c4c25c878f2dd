"""Kesetaraan satuan (issue 14 item 7): declared unit equivalences, applied where stored values are read.

The demo declares three for Tarakan (kinerja/demo/data/dinsospm-tarakan/kesetaraan-satuan.csv). "Before" removes
them; "after" is the demo as loaded. The projected columns of the Tarakan 2022 evaluation (layout 2: 10 realisasi
s/d 2023, 11 tingkat capaian Renstra) are counted blank for differing units either way.
"""

import json
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from kinerja import cli
from kinerja.accounts.models import Membership, Role
from kinerja.consistency import UNIT_MISMATCH, check_agency, to_json, to_text
from kinerja.engine import Reason
from kinerja.plan import models as m
from kinerja.plan.units import UnitDeclarationError, canonicaliser, declare, withdraw
from kinerja.realisation.models import AuditEntry
from kinerja.reports.evaluation_export import evaluation_json
from kinerja.reports.renja_evaluation import build_evaluation

PROJECTED = ("10", "11")


def blank_for_units(agency, year=2022) -> dict[str, int]:
    data = evaluation_json(build_evaluation(agency, year))
    counts = dict.fromkeys(PROJECTED, 0)
    for row in data["rows"]:
        for column in PROJECTED:
            if row["cells"][column]["K"] is None and \
                    row.get("undefined", {}).get(column, {}).get("K") == Reason.UNIT_MISMATCH.value:
                counts[column] += 1
    return counts


def projected(agency, code: str) -> dict:
    data = evaluation_json(build_evaluation(agency, 2022))
    row = next(r for r in data["rows"] if r["code"] == code)
    return {column: row["cells"][column]["K"] for column in PROJECTED}


@pytest.fixture
def admin_tarakan(tarakan):
    user = get_user_model().objects.create_user("admin-tarakan", password="rahasia-tarakan-2022")
    Membership.objects.create(user=user, role=Role.ADMIN_PEMDA, region=tarakan.region)
    return user


@pytest.fixture
def viewer_tarakan(tarakan):
    user = get_user_model().objects.create_user("pemeriksa-tarakan", password="rahasia-tarakan-2022")
    Membership.objects.create(user=user, role=Role.PEMERIKSA, agency=tarakan)
    return user


def client_for(user) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


# -- the projections ------------------------------------------------------------------------------------------


def test_demo_declarations_settle_the_spellings_of_one_unit(tarakan):
    assert sorted(str(d) for d in m.MeasureUnitEquivalence.objects.filter(agency=tarakan)) == [
        "KPM = Keluarga", "Orang / Kali = Orang", "Unit Saprass = Unit"]


def test_blank_projected_cells_before_and_after_the_declarations(tarakan):
    after = blank_for_units(tarakan)
    m.MeasureUnitEquivalence.objects.filter(agency=tarakan).delete()
    before = blank_for_units(tarakan)
    # 52 rows: column 10 blank for units in 20 rows before, 14 after; column 11 in 24 before, 19 after. What stays
    # blank differs in the unit itself (Kali vs Laporan, Lembar vs Paket, KPM vs Orang …): never equated by code.
    assert before == {"10": 20, "11": 24}
    assert after == {"10": 14, "11": 19}


def test_a_declaration_changes_the_report_at_once(tarakan, perencana_tarakan):
    # Penyediaan Permakanan: 105 Orang s/d 2021 + 200 "Orang / Kali" in 2022 + 200 Orang planned for 2023 = 505, as
    # printed; against the Renstra's 200 Orang.
    assert projected(tarakan, "1.06.04.2.01.0001") == {"10": "505", "11": "252.50"}
    declaration = m.MeasureUnitEquivalence.objects.get(agency=tarakan, unit="Orang / Kali")
    withdraw(perencana_tarakan, declaration, "uji: ditarik")
    assert projected(tarakan, "1.06.04.2.01.0001") == {"10": None, "11": None}
    declare(perencana_tarakan, agency=tarakan, unit="orang/kali", same_as="Orang", reason="uji: dinyatakan lagi")
    assert projected(tarakan, "1.06.04.2.01.0001") == {"10": "505", "11": "252.50"}


def test_only_declared_pairs_are_equated(tarakan):
    canon = canonicaliser(tarakan)
    assert canon("ORANG /kali") == "Orang"
    assert canon("KPM") == "Keluarga"
    assert canon("Orang") == "Orang"
    assert canon("Orang/bulan") == "Orang/bulan"  # not declared: stays a unit of its own
    assert canon("Laporan") == "Laporan"


def test_region_declaration_applies_to_every_agency_of_the_region_and_no_other(tarakan, kukar, admin_tarakan):
    declare(admin_tarakan, region=tarakan.region, unit="Org", same_as="Orang", reason="singkatan yang sama")
    assert canonicaliser(tarakan)("Org") == "Orang"
    assert canonicaliser(kukar)("Org") == "Org"


def test_an_agency_declaration_applies_to_that_agency_only(tarakan, kukar, perencana_kukar):
    declare(perencana_kukar, agency=kukar, unit="Orang / Kali", same_as="Jiwa", reason="uji")
    assert canonicaliser(kukar)("Orang / Kali") == "Jiwa"
    assert canonicaliser(tarakan)("Orang / Kali") == "Orang"


# -- who may declare ------------------------------------------------------------------------------------------


def test_another_agencys_perencana_is_refused(tarakan, perencana_kukar):
    with pytest.raises(PermissionError, match="Hanya perencana Dinas Sosial dan Pemberdayaan Masyarakat Kota"):
        declare(perencana_kukar, agency=tarakan, unit="Lembar", same_as="Paket", reason="uji")
    assert not m.MeasureUnitEquivalence.objects.filter(unit="Lembar").exists()


def test_a_viewer_cannot_declare(tarakan, viewer_tarakan):
    with pytest.raises(PermissionError):
        declare(viewer_tarakan, agency=tarakan, unit="Lembar", same_as="Paket", reason="uji")
    with pytest.raises(PermissionError):
        declare(viewer_tarakan, region=tarakan.region, unit="Lembar", same_as="Paket", reason="uji")
    declaration = m.MeasureUnitEquivalence.objects.get(agency=tarakan, unit="KPM")
    with pytest.raises(PermissionError):
        withdraw(viewer_tarakan, declaration, "uji")
    assert m.MeasureUnitEquivalence.objects.filter(pk=declaration.pk).exists()


def test_a_perencana_cannot_declare_for_the_region(tarakan, perencana_tarakan):
    with pytest.raises(PermissionError, match="admin Pemda Kota Tarakan"):
        declare(perencana_tarakan, region=tarakan.region, unit="Lembar", same_as="Paket", reason="uji")


# -- refused declarations -------------------------------------------------------------------------------------


def test_cycle_refused(tarakan, perencana_tarakan):
    with pytest.raises(UnitDeclarationError, match="lingkaran: Keluarga = KPM = Keluarga"):
        declare(perencana_tarakan, agency=tarakan, unit="Keluarga", same_as="KPM", reason="uji")
    declare(perencana_tarakan, agency=tarakan, unit="Paket", same_as="Item", reason="uji")
    declare(perencana_tarakan, agency=tarakan, unit="Item", same_as="Buah", reason="uji")
    with pytest.raises(UnitDeclarationError, match="lingkaran: Buah = Paket = Item = Buah"):
        declare(perencana_tarakan, agency=tarakan, unit="Buah", same_as="Paket", reason="uji")
    assert canonicaliser(tarakan)("paket") == "Buah"  # a chain without a cycle leads to one spelling


def test_contradiction_refused(tarakan, perencana_tarakan, admin_tarakan):
    with pytest.raises(UnitDeclarationError, match="“KPM” sudah dinyatakan sama dengan “Keluarga”"):
        declare(perencana_tarakan, agency=tarakan, unit="KPM", same_as="Orang", reason="uji")
    # The region may not say otherwise for an agency that has declared.
    with pytest.raises(UnitDeclarationError, match="satu ejaan tidak dapat sekaligus sama dengan “Orang”"):
        declare(admin_tarakan, region=tarakan.region, unit="kpm", same_as="Orang", reason="uji")
    assert m.MeasureUnitEquivalence.objects.filter(region=tarakan.region).count() == 0


@pytest.mark.parametrize(("unit", "same_as", "reason", "message"), [
    ("", "Orang", "uji", "Kedua satuan wajib diisi"),
    ("Lembar", "Paket", " ", "Alasan wajib diisi"),
    ("Orang", " orang ", "uji", "sudah dibaca sebagai satu satuan"),
    ("x" * 101, "Orang", "uji", "paling banyak 100"),
])
def test_bad_input_refused(tarakan, perencana_tarakan, unit, same_as, reason, message):
    before = m.MeasureUnitEquivalence.objects.count()
    with pytest.raises(UnitDeclarationError, match=message):
        declare(perencana_tarakan, agency=tarakan, unit=unit, same_as=same_as, reason=reason)
    assert m.MeasureUnitEquivalence.objects.count() == before


# -- audit ---------------------------------------------------------------------------------------------------


def test_declare_and_withdraw_are_audited(tarakan, kukar, perencana_tarakan, admin_tarakan):
    declaration = declare(perencana_tarakan, agency=tarakan, unit="Lembar", same_as="Paket",
                          reason="paket berisi lembar")
    entry = AuditEntry.objects.get(object_type="plan.measureunitequivalence", object_id=declaration.pk)
    assert (entry.agency, entry.user, entry.action, entry.old, entry.new, entry.reason) == (
        tarakan, perencana_tarakan, "nyatakan kesetaraan satuan", "", "Lembar = Paket", "paket berisi lembar")
    withdraw(perencana_tarakan, declaration, "keliru")
    entries = AuditEntry.objects.filter(object_type="plan.measureunitequivalence", object_id=declaration.pk)
    assert sorted((e.action, e.old, e.new, e.reason) for e in entries) == [
        ("nyatakan kesetaraan satuan", "", "Lembar = Paket", "paket berisi lembar"),
        ("tarik kesetaraan satuan", "Lembar = Paket", "", "keliru")]
    # A region's declaration is in the trail of every agency of the region.
    region_wide = declare(admin_tarakan, region=tarakan.region, unit="Org", same_as="Orang", reason="singkatan")
    assert list(AuditEntry.objects.filter(object_type="plan.measureunitequivalence", object_id=region_wide.pk)
                .values_list("agency__slug", flat=True)) == ["dinsospm-tarakan"]


# -- kinerja check -------------------------------------------------------------------------------------------


def test_check_lists_mismatches_and_marks_settled_ones(tarakan):
    report = check_agency(tarakan, 2022)
    assert len(report.of_kind(UNIT_MISMATCH)) == 37
    assert [(f.reference, f.units) for f in report.settled] == [
        ("1.06.04.2.01.0001", (("Orang / Kali", "Orang"),)),
        ("1.06.04.2.01.0003", (("Orang / Kali", "Orang"),)),
        ("1.06.04.2.01.0004", (("Orang / Kali", "Orang"),)),
        ("1.06.04.2.01.0005", (("Orang / Kali", "Orang"),)),
        ("1.06.05.2.02.0003", (("Keluarga", "KPM"),)),
        ("1.06.05.2.02.0003", (("KPM", "Keluarga"),)),
        ("2.13.05.2.01.0004", (("Unit Saprass", "Unit"),)),
    ]
    # Across the years of the projection: next year's target (Laporan) against this year's realisation (Kali).
    rapat = next(f for f in report.of_kind(UNIT_MISMATCH) if f.reference == "1.06.01.2.06.0009" and f.year == 2022)
    assert rapat.units == (("Kali", "Laporan"),)
    assert "target Renja 2023 murni (ditambahkan dalam proyeksi 2022) 4 Laporan" in rapat.detail
    text = to_text(report)
    assert ("[unit-mismatch] (sudah diselesaikan) 2022 2.13.05.2.01.0004 ") in text
    assert text.count("diselesaikan oleh kesetaraan satuan: Orang / Kali = Orang") == 4
    data = json.loads(to_json(report))
    assert len(data["settled"]) == 7 and data["counts"][UNIT_MISMATCH] == 37
    assert data["settled"][-1]["detail"].endswith("— diselesaikan oleh kesetaraan satuan: Unit Saprass = Unit")


def test_withdrawn_declaration_reopens_the_mismatch(tarakan, perencana_tarakan):
    withdraw(perencana_tarakan, m.MeasureUnitEquivalence.objects.get(agency=tarakan, unit="Unit Saprass"), "uji")
    report = check_agency(tarakan, 2022)
    assert [f.reference for f in report.settled].count("2.13.05.2.01.0004") == 0
    reopened = [f for f in report.of_kind(UNIT_MISMATCH) if f.reference == "2.13.05.2.01.0004"]
    assert [f.detail for f in reopened] == [
        "realisasi 2022 10 Unit Saprass, target Renja 2023 murni (ditambahkan dalam proyeksi 2022) 7 Unit"]


# -- the command ---------------------------------------------------------------------------------------------


def run_cli(*argv) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with mock.patch("sys.stdout", out), mock.patch("sys.stderr", err):
        status = cli.main(list(argv))
    return status, out.getvalue(), err.getvalue()


def test_cli_list_declare_withdraw(tarakan, perencana_tarakan, perencana_kukar):
    status, out, _ = run_cli("units", "list", "--agency", "dinsospm-tarakan", "--year", "2022", "--format", "json")
    data = json.loads(out)
    assert status == 1  # open mismatches remain
    assert [d["unit"] for d in data["declarations"]] == ["KPM", "Orang / Kali", "Unit Saprass"]
    assert (len(data["mismatches"]), len(data["settled"])) == (37, 7)
    status, out, err = run_cli("units", "declare", "--agency", "dinsospm-tarakan", "--unit", "Lembar",
                               "--same-as", "Paket", "--reason", "uji", "--user", "perencana-kukar")
    assert status == 2 and "Hanya perencana" in err
    status, out, _ = run_cli("units", "declare", "--agency", "dinsospm-tarakan", "--unit", "Lembar",
                             "--same-as", "Paket", "--reason", "uji", "--user", "perencana-tarakan")
    assert status == 0 and out == "Dinyatakan: Lembar = Paket (dinsospm-tarakan), oleh perencana-tarakan\n"
    status, _, err = run_cli("units", "declare", "--agency", "dinsospm-tarakan", "--unit", "Paket",
                             "--same-as", "lembar", "--reason", "uji", "--user", "perencana-tarakan")
    assert status == 2 and "lingkaran" in err
    status, out, _ = run_cli("units", "withdraw", "--agency", "dinsospm-tarakan", "--unit", "LEMBAR",
                             "--reason", "keliru", "--user", "perencana-tarakan")
    assert status == 0 and not m.MeasureUnitEquivalence.objects.filter(unit="Lembar").exists()


# -- the page ------------------------------------------------------------------------------------------------


def test_page_lists_mismatches_with_a_form_each_for_the_perencana(tarakan, perencana_tarakan):
    page = client_for(perencana_tarakan).get("/pd/dinsospm-tarakan/satuan/").content.decode()
    assert "Satuan berbeda yang belum diselesaikan (50)" in page  # every Renja year, 2022–2024
    assert page.count('action="/pd/dinsospm-tarakan/satuan/nyatakan/"') >= 50
    assert '<input type="hidden" name="unit" value="Kali">' in page
    assert "Satuan berbeda yang sudah diselesaikan oleh kesetaraan satuan (8)" in page
    assert page.count("/tarik/") == 3


def test_page_post_declares_and_viewer_is_refused(tarakan, perencana_tarakan, viewer_tarakan, perencana_kukar):
    form = {"unit": "Lembar", "same_as": "Paket", "reason": "uji", "scope": "pd"}
    viewer = client_for(viewer_tarakan)
    page = viewer.get("/pd/dinsospm-tarakan/satuan/").content.decode()
    assert "nyatakan/" not in page and "/tarik/" not in page
    assert viewer.post("/pd/dinsospm-tarakan/satuan/nyatakan/", form).status_code == 403
    assert client_for(perencana_kukar).post("/pd/dinsospm-tarakan/satuan/nyatakan/", form).status_code == 404
    assert not m.MeasureUnitEquivalence.objects.filter(unit="Lembar").exists()
    response = client_for(perencana_tarakan).post("/pd/dinsospm-tarakan/satuan/nyatakan/", form)
    assert response.status_code == 302
    declaration = m.MeasureUnitEquivalence.objects.get(unit="Lembar", agency=tarakan)
    assert viewer.post(f"/pd/dinsospm-tarakan/satuan/{declaration.pk}/tarik/", {"reason": "x"}).status_code == 403
    response = client_for(perencana_tarakan).post(f"/pd/dinsospm-tarakan/satuan/{declaration.pk}/tarik/",
                                                  {"reason": "keliru"})
    assert response.status_code == 302 and not m.MeasureUnitEquivalence.objects.filter(unit="Lembar").exists()


def test_page_in_english(tarakan, perencana_tarakan):
    client = client_for(perencana_tarakan)
    client.cookies["django_language"] = "en"
    with translation.override("id"):  # the page activates English in this thread; the next test must not inherit it
        page = client.get("/pd/dinsospm-tarakan/satuan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Unit equivalences" in page and "Unit differences not yet settled" in page
    assert "Kesetaraan satuan" not in page


# -- stored results ----------------------------------------------------------------------------------------------


def test_a_declaration_invalidates_stored_results_of_the_agencies_it_applies_to(tarakan, kukar, perencana_tarakan,
                                                                                admin_tarakan):
    # Results kept under the agency's data version (kinerja.dataversion) are recomputed after a declaration or a
    # withdrawal: the version moves with the declaration's row, for the agency or every agency of the region.
    from kinerja.dataversion.services import agency_versions, remember

    assert remember(tarakan.pk, "uji-satuan", "k", lambda: "sebelum") == "sebelum"
    assert remember(tarakan.pk, "uji-satuan", "k", lambda: "tidak dihitung") == "sebelum"
    before = agency_versions([tarakan.pk, kukar.pk])
    declaration = declare(perencana_tarakan, agency=tarakan, unit="Lembar", same_as="Paket", reason="uji")
    assert remember(tarakan.pk, "uji-satuan", "k", lambda: "sesudah") == "sesudah"
    withdraw(perencana_tarakan, declaration, "uji")
    assert remember(tarakan.pk, "uji-satuan", "k", lambda: "ditarik") == "ditarik"
    declare(admin_tarakan, region=tarakan.region, unit="Org", same_as="Orang", reason="uji")
    after = agency_versions([tarakan.pk, kukar.pk])
    assert after[tarakan.pk] > before[tarakan.pk] and after[kukar.pk] == before[kukar.pk]


def test_admin_pemda_declares_and_withdraws_for_the_region_on_the_page(tarakan, admin_tarakan):
    client = client_for(admin_tarakan)
    page = client.get("/pd/dinsospm-tarakan/satuan/").content.decode()
    assert '<option value="pemda">seluruh Pemda</option>' in page and '<option value="pd">' not in page
    form = {"unit": "Org", "same_as": "Orang", "reason": "singkatan", "scope": "pemda"}
    assert client.post("/pd/dinsospm-tarakan/satuan/nyatakan/", form).status_code == 302
    declaration = m.MeasureUnitEquivalence.objects.get(region=tarakan.region, unit="Org")
    # The agency's own declarations are the perencana's: the admin pemda may not declare or withdraw them.
    assert client.post("/pd/dinsospm-tarakan/satuan/nyatakan/", {**form, "scope": "pd"}).status_code == 403
    own = m.MeasureUnitEquivalence.objects.get(agency=tarakan, unit="KPM")
    assert client.post(f"/pd/dinsospm-tarakan/satuan/{own.pk}/tarik/", {"reason": "x"}).status_code == 403
    response = client.post(f"/pd/dinsospm-tarakan/satuan/{declaration.pk}/tarik/", {"reason": "keliru"})
    assert response.status_code == 302 and not m.MeasureUnitEquivalence.objects.filter(region=tarakan.region).exists()
