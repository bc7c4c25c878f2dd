"""The planner's plan pages in one language at a time: the indicator edit page (labels, choices and help texts in
Indonesian by default, in English when chosen; the ratio factor shown and read as a number in the page's language),
the element, its targets and pagu, and the plan browser."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry

DEVELOPER_TEXT = ("RULES", "§", "slug", "100.0000")


def visible(html: str) -> str:
    """The page's text as a reader sees it: no tags, no attribute values, no scripts."""
    html = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def planner(client, kukar):
    client.force_login(get_user_model().objects.get(username="perencana.kukar"))
    return client


@pytest.fixture
def english(planner):
    planner.post(reverse("set_language"), {"language": "en", "next": "/"})
    return planner


@pytest.fixture
def indicator(kukar):
    return m.Indicator.objects.filter(element__strategic_plan__agency=kukar, value_kind="number").order_by("pk")[0]


def url(ind: m.Indicator) -> str:
    return reverse("indicator-edit", args=["dinsos-kukar", ind.pk])


def posted(ind: m.Indicator, **changes) -> dict:
    """The form as the page sends it back untouched, with ``changes``."""
    ind.refresh_from_db()
    data = {name: getattr(ind, name) or "" for name in ("name", "satuan", "polarity", "aggregation", "value_kind",
                                                        "numerator_name", "denominator_name", "ikk_code", "formula",
                                                        "data_source")}
    data.update({name: "on" for name in ("is_iku", "is_ikk", "is_spm") if getattr(ind, name)})
    data.update({"scale": ind.scale_id or "", "unit": ind.unit_id or ind.element.unit_id, "version": ind.version,
                 "aggregation": ind.aggregation or "SUM", "factor": "100"})
    data.update(changes)
    return data


def shown_factor(html: str) -> str:
    field = re.search(r'<input[^>]*name="factor"[^>]*>', html)[0]
    value = re.search(r'value="([^"]*)"', field)
    return value[1] if value else ""


def test_labels_choices_and_help_in_indonesian_by_default(planner, indicator):
    html = planner.get(url(indicator)).content.decode()
    text = visible(html)
    for label in ("Nama indikator", "Satuan", "Polaritas", "positif: makin tinggi makin baik", "Cara akumulasi",
                  "dijumlahkan (arus, mis. orang yang dilayani)", "nilai terakhir (keadaan, mis. persentase)",
                  "Jenis nilai", "Skala kategori", "Nama pembilang", "Nama penyebut", "Faktor pengali rasio",
                  "100 untuk persen", "Kode IKK", "Rumus", "Sumber data", "Unit penanggung jawab",
                  "Alasan perubahan", "Simpan"):
        assert label in text, label
    for english in ("Name", "Polarity", "Aggregation", "Factor", "Formula", "Data source", "Value kind", "SUM",
                    "LAST", "flows", "Empty until", *DEVELOPER_TEXT):
        assert english not in text, english
    assert shown_factor(html) == "100"


def test_labels_choices_and_help_in_english_when_chosen(english, indicator):
    html = english.get(url(indicator)).content.decode()
    text = visible(html)
    for label in ("Indicator name", "Polarity", "positive: higher is better", "Accumulation",
                  "summed (a flow, e.g. people served)", "last value (a level, e.g. a percentage)", "Kind of value",
                  "Category scale", "Numerator name", "Denominator name", "Ratio multiplier", "100 for a percentage",
                  "IKK code", "Formula", "Data source", "Responsible unit", "Reason for the change", "Save"):
        assert label in text, label
    for indonesian in ("Nama indikator", "Polaritas", "Cara akumulasi", "dijumlahkan", "Faktor pengali",
                       "Sumber data", "Rumus", "Alasan perubahan", "Simpan", *DEVELOPER_TEXT):
        assert indonesian not in text, indonesian
    assert shown_factor(html) == "100"


def test_the_factor_round_trips_exactly_in_both_languages(planner, indicator):
    untouched = planner.post(url(indicator), posted(indicator))
    assert untouched.status_code == 302
    assert not AuditEntry.objects.filter(action="ubah indikator", field="factor").exists()  # "100" is 100.0000
    planner.post(url(indicator), posted(indicator, factor="1.000,125", reason="faktor ribuan"))
    indicator.refresh_from_db()
    assert indicator.factor == Decimal("1000.125")
    html = planner.get(url(indicator)).content.decode()
    assert shown_factor(html) == "1.000,125"
    # What the page shows, sent back as it is, changes nothing (in either language).
    planner.post(url(indicator), posted(indicator, factor=shown_factor(html)))
    planner.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = planner.get(url(indicator)).content.decode()
    assert shown_factor(english) == "1,000.125"
    planner.post(url(indicator), posted(indicator, factor=shown_factor(english)))
    indicator.refresh_from_db()
    assert indicator.factor == Decimal("1000.125")
    assert AuditEntry.objects.filter(action="ubah indikator", field="factor").count() == 1


@pytest.mark.parametrize(("factor", "reason"), [
    ("abc", "tidak diawali angka"),
    ("0,00001", "paling banyak 4 angka di belakang koma"),
    ("123.456.789", "terlalu besar"),
    ("0", "harus lebih dari 0"),
    ("-5", "harus lebih dari 0"),
    ("100 %", "tanpa satuan"),
    ("", None),
    ("9" * 80, "terlalu panjang"),
])
def test_a_factor_that_cannot_be_stored_is_refused_beside_its_field(planner, indicator, factor, reason):
    before = (indicator.factor, indicator.version)
    response = planner.post(url(indicator), posted(indicator, factor=factor))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field-error"' in html and (reason is None or reason in html)
    assert shown_factor(html) == factor  # the text typed stays in the field
    indicator.refresh_from_db()
    assert (indicator.factor, indicator.version) == before


def test_a_refused_factor_is_explained_in_english(english, indicator):
    html = english.post(url(indicator), posted(indicator, factor="0,00001")).content.decode()
    assert "at most 4 decimals" in html and "angka di belakang koma" not in html


@pytest.mark.parametrize("changes", [
    {"version": "abc"}, {"version": "-1"}, {"polarity": "naik"}, {"aggregation": "AVG"}, {"unit": "999999"},
    {"scale": "x"}, {"factor": "1\x00"}, {"name": "x" * 300_000}, {"value_kind": ""},
])
def test_a_malformed_post_is_a_form_error_never_a_500(planner, indicator, changes):
    before = indicator.version
    response = planner.post(url(indicator), posted(indicator, **changes))
    assert response.status_code in (200, 400)
    indicator.refresh_from_db()
    assert indicator.version == before


def test_element_values_show_the_pagu_in_the_pages_format(planner, kukar):
    budget = m.Budget.objects.filter(element__strategic_plan__agency=kukar, kind="renja", amount__gte=1_000_000,
                                     revision__document="renja").select_related("element", "revision").first()
    year = budget.revision.year
    page = reverse("element-values", args=["dinsos-kukar", budget.element_id, year])
    from kinerja.plan.services import latest_revision

    if latest_revision(kukar, "renja", year) != budget.revision:
        pytest.skip("the demo's first Renja budget is not in its year's latest revision")
    html = planner.get(page).content.decode()
    value = re.search(r'<input[^>]*name="pagu"[^>]*value="([^"]*)"', html)[1]
    assert "." in value and value.replace(".", "").replace(",", "").isdigit()
    assert Decimal(value.replace(".", "").replace(",", ".")) == budget.amount
    planner.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = visible(planner.get(page).content.decode())
    for label in ("targets and pagu", "Indicator", "Target", "Reason for the change", "Save"):
        assert label in english, label
    assert "Alasan perubahan" not in english and "Simpan" not in english


def test_element_page_and_plan_browser_in_both_languages(planner, kukar):
    element = m.PlanElement.objects.filter(strategic_plan__agency=kukar, level="program").first()
    edit = reverse("element-edit", args=["dinsos-kukar", element.pk])
    browser = reverse("plan-browser", args=["dinsos-kukar"])
    indonesian = visible(planner.get(edit).content.decode()) + visible(planner.get(browser).content.decode())
    for label in ("Kode", "Nama", "Unit penanggung jawab", "Alasan perubahan", "Cari kode atau nama", "Tingkat"):
        assert label in indonesian, label
    planner.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = visible(planner.get(edit).content.decode()) + visible(planner.get(browser).content.decode())
    for label in ("Code", "Name", "Responsible unit", "Reason for the change", "Search code or name", "Level"):
        assert label in english, label
    for indonesian_word in ("Unit penanggung jawab", "Alasan perubahan", "Cari kode", "Tingkat", "Simpan", "Tambah"):
        assert indonesian_word not in english, indonesian_word


def test_element_edit_keeps_the_chosen_unit_after_an_error(planner, kukar):
    element = m.PlanElement.objects.filter(strategic_plan__agency=kukar, level="program").first()
    other = kukar.units.exclude(pk=element.unit_id).order_by("key").first()
    edit = reverse("element-edit", args=["dinsos-kukar", element.pk])
    response = planner.post(edit, {"name": element.name, "code": element.code, "unit": other.key,
                                   "version": element.version + 7, "reason": "pindah unit"})
    html = response.content.decode()
    assert "telah diubah pengguna lain" in html
    assert re.search(rf'<option value="{other.key}" selected>', html)
