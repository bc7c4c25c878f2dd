"""Plan editing by the perencana: validated, audited, revisions kept; search and pagination."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry


@pytest.fixture
def perencana(client, db):
    user = get_user_model().objects.get(username="perencana.tarakan")
    client.force_login(user)
    return user


@pytest.fixture
def element(tarakan):
    return m.PlanElement.objects.get(strategic_plan__agency=tarakan, code="1.06.04.2.01.0001")


def test_search_by_code_or_name(client, perencana):
    page = client.get(reverse("plan-browser", args=["dinsospm-tarakan"]), {"q": "1.06.04.2.01"}).content.decode()
    assert "Penyediaan Permakanan" in page and "Penyediaan Gaji" not in page
    page = client.get(reverse("plan-browser", args=["dinsospm-tarakan"]), {"q": "permakanan"}).content.decode()
    assert "1.06.04.2.01.0001" in page


def test_code_must_be_well_formed_and_fit_the_level(client, perencana, element):
    url = reverse("element-edit", args=["dinsospm-tarakan", element.pk])
    data = {"name": element.name, "unit": element.unit.key, "version": element.version}
    for bad in ("2.013.04", "1.06.04", "1.06.05.2.02.0001"):
        response = client.post(url, {**data, "code": bad})
        assert 'class="field-error"' in response.content.decode(), bad
    element.refresh_from_db()
    assert element.code == "1.06.04.2.01.0001"
    client.post(url, {**data, "code": "1.06.04.2.01.01", "reason": "dua digit"})  # read both forms, store one
    element.refresh_from_db()
    assert element.code == "1.06.04.2.01.0001"


def test_unit_must_be_set(client, perencana, element):
    url = reverse("element-edit", args=["dinsospm-tarakan", element.pk])
    response = client.post(url, {"name": element.name, "code": element.code, "unit": "", "version": element.version})
    assert "unit penanggung jawab wajib dipilih" in response.content.decode()


def test_stale_edit_is_refused(client, perencana, element):
    url = reverse("element-edit", args=["dinsospm-tarakan", element.pk])
    data = {"code": element.code, "unit": element.unit.key, "version": element.version}
    client.post(url, {**data, "name": "Penyediaan Permakanan Lansia"})
    response = client.post(url, {**data, "name": "Penyediaan Makanan"})
    assert "telah diubah pengguna lain" in response.content.decode()
    element.refresh_from_db()
    assert element.name == "Penyediaan Permakanan Lansia"


def test_perubahan_keeps_the_murni_and_changes_are_audited(client, perencana, element, tarakan):
    murni = m.Revision.objects.get(agency=tarakan, document="renja", year=2024)
    client.post(reverse("revision-create", args=["dinsospm-tarakan", 2024]),
                {"reason": "Perkada 12/2024", "element": element.pk})
    perubahan = m.Revision.objects.get(agency=tarakan, document="renja", year=2024, label="perubahan")
    indicator = element.indicators.first()
    url = reverse("element-values", args=["dinsospm-tarakan", element.pk, 2024])
    client.post(url, {f"target-{indicator.pk}": "220 Orang", "pagu": "55.000.000", "reason": "tambahan"})
    assert m.Target.objects.get(indicator=indicator, revision=perubahan, kind="renja", year=2024).value == 220
    assert m.Target.objects.get(indicator=indicator, revision=murni, kind="renja", year=2024).value == 200
    assert m.Budget.objects.get(element=element, revision=perubahan, kind="renja", year=2024).amount == 55000000
    assert m.Budget.objects.get(element=element, revision=murni, kind="renja", year=2024).amount == 50000000
    assert AuditEntry.objects.filter(action="ubah target", old="200 Orang", new="220 Orang").exists()


def test_malformed_pagu_saves_nothing(client, perencana, element):
    indicator = element.indicators.first()
    url = reverse("element-values", args=["dinsospm-tarakan", element.pk, 2024])
    response = client.post(url, {f"target-{indicator.pk}": "999", "pagu": "1.5277.858.386,00", "reason": "x"})
    assert 'class="field-error"' in response.content.decode()
    assert not m.Target.objects.filter(indicator=indicator, year=2024, value=999).exists()


def test_operator_and_kepala_cannot_edit_the_plan(client, element):
    for username in ("operator.rehsos.kukar", "kepala.kukar", "pemeriksa.kukar"):
        client.force_login(get_user_model().objects.get(username=username))
        kukar_element = m.PlanElement.objects.filter(strategic_plan__agency__slug="dinsos-kukar").first()
        assert client.get(reverse("element-edit", args=["dinsos-kukar", kukar_element.pk])).status_code == 403


def test_indicator_attributes_are_edited_validated_and_audited(client, perencana, element):
    indicator = element.indicators.first()
    url = reverse("indicator-edit", args=["dinsospm-tarakan", indicator.pk])
    assert client.get(url).status_code == 200
    data = {"name": indicator.name, "satuan": "Orang", "polarity": "positive", "aggregation": "SUM",
            "value_kind": "ratio", "factor": "100", "unit": indicator.element.unit_id, "version": indicator.version}
    response = client.post(url, data)
    assert "pembilang dan penyebut" in response.content.decode()
    client.post(url, {**data, "value_kind": "number", "is_spm": "on", "data_source": "SIKS-NG", "reason": "SPM"})
    indicator.refresh_from_db()
    assert indicator.is_spm and indicator.data_source == "SIKS-NG" and indicator.aggregation == "SUM"
    assert AuditEntry.objects.filter(action="ubah indikator", field="is_spm", new="True").exists()


def test_prakiraan_maju_is_edited_beside_the_plan_year(client, perencana, element, tarakan):
    indicator = element.indicators.first()
    url = reverse("element-values", args=["dinsospm-tarakan", element.pk, 2024])
    client.post(url, {"section": "forward", f"target-{indicator.pk}": "210 Orang", "pagu": "52.500.000",
                      "reason": "prakiraan maju"})
    revision = m.Revision.objects.get(agency=tarakan, document="renja", year=2024)
    assert m.Target.objects.get(indicator=indicator, revision=revision, kind="forward", year=2025).value == 210
    assert m.Budget.objects.get(element=element, revision=revision, kind="forward", year=2025).amount == 52500000


def test_new_elements_follow_the_hierarchy_and_the_code_scheme(client, perencana, tarakan):
    program = m.PlanElement.objects.get(strategic_plan__agency=tarakan, code="1.06.04")
    plan = program.strategic_plan
    url = reverse("element-create", args=["dinsospm-tarakan", plan.pk])
    unit = program.unit.key
    client.post(url, {"parent": program.pk, "code": "1.06.05.2.01", "name": "Salah program", "unit": unit})
    assert not m.PlanElement.objects.filter(name="Salah program").exists()  # code not under 1.06.04
    client.post(url, {"parent": program.pk, "code": "1.06.04.2.03", "name": "Kegiatan baru", "unit": unit})
    created = m.PlanElement.objects.get(name="Kegiatan baru")
    assert (created.level, created.code, created.parent) == ("kegiatan", "1.06.04.2.03", program)
    client.post(url, {"parent": created.pk, "code": "1.06.04.2.03.02", "name": "Sub baru", "unit": unit})
    assert m.PlanElement.objects.get(name="Sub baru").code == "1.06.04.2.03.0002"
    client.post(url, {"name": "Tujuan baru", "unit": unit})
    assert m.PlanElement.objects.get(name="Tujuan baru").level == "tujuan"
    assert AuditEntry.objects.filter(action="tambah unsur rencana").count() == 3


def test_narrative_is_versioned_escaped_and_edited_by_the_perencana_only(client, perencana, element, tarakan):
    indicator = element.indicators.first()
    url = reverse("indicator-narrative", args=["dinsospm-tarakan", indicator.pk, 2022])
    client.post(url, {"section": "analisis", "text": "Tercapai <script>alert(1)</script>", "based_on": 0})
    client.post(url, {"section": "analisis", "text": "Tercapai 100 %.", "based_on": 1, "reason": "ringkas"})
    stale = client.post(url, {"section": "analisis", "text": "versi lama", "based_on": 1})
    assert "telah diubah pengguna lain" in stale.content.decode()
    versions = m.Narrative.objects.filter(indicator=indicator, section="analisis").order_by("number")
    assert [v.text for v in versions] == ["Tercapai <script>alert(1)</script>", "Tercapai 100 %."]
    client.force_login(get_user_model().objects.get(username="perencana.kukar"))
    assert client.get(url).status_code == 404
    doc = reverse("document-narrative", args=["dinsospm-tarakan", "lkjip", 2023])
    client.force_login(perencana)
    client.post(doc, {"section": "latar_belakang", "text": "<b>Latar</b> belakang", "based_on": 0})
    page = client.get(doc).content.decode()
    assert "&lt;b&gt;Latar&lt;/b&gt;" in page and "<b>Latar</b>" not in page
    assert AuditEntry.objects.filter(action="ubah narasi").count() == 3
