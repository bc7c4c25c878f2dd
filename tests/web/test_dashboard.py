"""The agency dashboard as the kepala dinas reads it: every unit with its status and deadline per quarter, a partial
year's capaian labelled against the annual target and not graded, a year held as annual totals shown as annual
figures, the drill-down from program to indicator, numbers in the page's language, and a constant query count."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.plan import models as m
from kinerja.realisation.models import QuarterReport, Status
from kinerja.reports.renja_evaluation import K, build_evaluation
from kinerja.web import dashboard

KUKAR_UNITS = ("Bidang Pemberdayaan Sosial", "Bidang Penanganan Fakir Miskin", "Bidang Perlindungan dan Jaminan Sosial",
               "Bidang Rehabilitasi Sosial", "Sekretariat", "UPTD Loka Bina Karya", "UPTD Panti Sosial Asuhan Anak")
RAW_DECIMAL = re.compile(r"\d\.\d{4,}")  # 10.000000, 118.5256… : a number no one formatted


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def page(client, agency, year, lang="id"):
    response = client.get(reverse("dashboard", args=[agency, year]), headers={"accept-language": lang})
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, title: str) -> str:
    """The part of the page from the heading ``title`` to the next heading."""
    start = html.index(f"<h2>{title}</h2>")
    end = html.find("<h2>", start + 4)
    return html[start:end if end != -1 else None]


def rows(html: str) -> list[str]:
    """The body rows of the tables in ``html``, as text."""
    body = "".join(re.findall(r"<tbody>(.*?)</tbody>", html, re.S))
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.fixture
def first_quarter(client, kukar):
    """Kukar 2021 with TW I reported by one unit (Rehabilitasi Sosial): one indicator and the kegiatan's Rupiah."""
    indicator = m.Indicator.objects.get(element__key="P05.K01", element__strategic_plan__agency=kukar, position=0)
    login(client, "operator.rehsos.kukar")
    response = client.post(reverse("quarter-entry", args=["dinsos-kukar", 2021, 1, "rehsos"]),
                           {f"v-{indicator.pk}": "20", f"rp-{indicator.element_id}": "80.000.000", "submit": "1"})
    assert response.status_code == 302
    assert QuarterReport.objects.get(unit__key="rehsos", year=2021, quarter=1).status == Status.SUBMITTED
    login(client, "kepala.kukar")
    return indicator


def test_every_unit_is_listed_with_its_status_and_deadline_per_quarter(client, first_quarter):
    html = section(page(client, "dinsos-kukar", 2021), "Kelengkapan dan ketepatan waktu laporan per unit")
    lines = rows(html)
    assert len(lines) == len(KUKAR_UNITS)  # also the six units that have not reported
    for unit, line in zip(KUKAR_UNITS, lines, strict=True):
        assert line.startswith(unit)
        assert "tenggat 10 Apr 2021" in line and "tenggat 10 Jan 2022" in line
    rehsos = lines[KUKAR_UNITS.index("Bidang Rehabilitasi Sosial")]
    assert rehsos.count("belum ada laporan") == 3 and "Diajukan" in rehsos
    assert rehsos.count("tenggat lewat") == 3  # TW I was submitted: its deadline is not overdue
    assert all(line.count("belum ada laporan") == 4 and line.count("tenggat lewat") == 4
               for unit, line in zip(KUKAR_UNITS, lines, strict=True) if unit != "Bidang Rehabilitasi Sosial")


def test_a_deadline_passes_at_midnight_without_any_write(client, kukar, monkeypatch):
    login(client, "kepala.kukar")
    monkeypatch.setattr(dashboard.timezone, "localdate", lambda: dt.date(2024, 1, 10))
    monkeypatch.setattr(dashboard.timezone, "localdate", lambda: dt.date(2021, 4, 10))
    before = section(page(client, "dinsos-kukar", 2021), "Kelengkapan dan ketepatan waktu laporan per unit")
    monkeypatch.setattr(dashboard.timezone, "localdate", lambda: dt.date(2021, 4, 11))
    after = section(page(client, "dinsos-kukar", 2021), "Kelengkapan dan ketepatan waktu laporan per unit")
    assert "tenggat lewat" not in before
    assert len(rows(after)) == 7
    assert all(line.count("tenggat lewat") == 1 for line in rows(after))  # TW I's, the day after the 10th


def test_a_quarter_is_labelled_against_the_annual_target_and_not_graded(client, kukar, first_quarter):
    html = page(client, "dinsos-kukar", 2021)
    programs = section(html, "Capaian per program")
    assert "s/d TW I, terhadap target tahunan" in programs
    rehab = next(line for line in rows(programs) if "Program Rehabilitasi Sosial Bagi PMKS" in line)
    # 20 of the year's target of 70, and the kegiatan's Rp 80.000.000 of the program's pagu: not a verdict yet.
    assert "28,57 %" in rehab and "dinilai setelah TW IV" in rehab and "80.000.000" in rehab
    for part in (programs, section(html, "Rincian per program"), section(html, "Indikator dengan capaian terendah")):
        assert "Sangat Rendah" not in part and "Sangat Tinggi" not in part
        assert not re.search(r'class="(predikat|badge) p-', part)  # no predikat colour on a partial year
    assert "baru dilaporkan s/d TW I" in html
    chart = json.loads(re.search(r'<script id="absorption-data" type="application/json">(.*?)</script>', html,
                                 re.S).group(1))
    assert chart["labels"] == ["TW I", "TW II", "TW III", "TW IV"]
    assert chart["absorption"][0] > 0 and chart["absorption"][1:] == [None, None, None]  # no flat line after TW I
    assert chart["absorption_text"][0].endswith(" %") and "," in chart["absorption_text"][0]


def test_the_fourth_quarter_makes_the_year_graded(client, kukar, first_quarter):
    login(client, "operator.rehsos.kukar")
    client.post(reverse("quarter-entry", args=["dinsos-kukar", 2021, 4, "rehsos"]),
                {f"v-{first_quarter.pk}": "50"})
    login(client, "kepala.kukar")
    programs = section(page(client, "dinsos-kukar", 2021), "Capaian per program")
    rehab = next(line for line in rows(programs) if "Program Rehabilitasi Sosial Bagi PMKS" in line)
    assert "100,00 %" in rehab and "Sangat Tinggi" in rehab  # 20 + 50 of 70, graded as the year's result
    assert "terhadap target tahunan" not in programs


def test_a_year_held_as_annual_totals_shows_annual_capaian_predikat_and_absorption(client, kukar):
    login(client, "kepala.kukar")
    html = page(client, "dinsos-kukar", 2023)
    assert "disimpan sebagai total tahunan" in html
    assert 'id="absorption-data"' not in html  # no quarterly line at 0 %
    programs = rows(section(html, "Capaian per program"))
    assert len(programs) == 7 and not any(" — — " in line for line in programs)
    table = build_evaluation(kukar, 2023)
    first = next(r for r in table.rows if r.element.code == "1.06.01")
    assert first.cells[("13", K)].value.quantize(Decimal("0.01")) == Decimal("118.53")
    assert programs[0].startswith("1.06.01") and "118,53 %" in programs[0] and "Sangat Tinggi" in programs[0]
    assert "19.639.237.601" in programs[0] and "17.375.906.440" in programs[0] and "88,48 %" in programs[0]
    assert 'class="predikat p-st"' in html
    absorption = section(html, "Serapan anggaran")
    assert "82,42 %" in absorption and "40.427.401.671" in absorption and "49.049.882.101" in absorption
    units = rows(section(html, "Kelengkapan dan ketepatan waktu laporan per unit"))
    assert [line.split(" ")[0] for line in units] == [u.split(" ")[0] for u in KUKAR_UNITS]
    assert any("2 dari 2" in line for line in units)


def test_kukar_2019_and_tarakan_2022_list_every_unit_and_grade_the_year(client, kukar, tarakan):
    login(client, "kepala.kukar")
    html = page(client, "dinsos-kukar", 2019)
    units = rows(section(html, "Kelengkapan dan ketepatan waktu laporan per unit"))
    assert len(units) == 7 and all(" dari " in line for line in units)
    assert "95,23 %" in section(html, "Capaian per program")
    login(client, "perencana.tarakan")
    html = page(client, "dinsospm-tarakan", 2022)
    units = rows(section(html, "Kelengkapan dan ketepatan waktu laporan per unit"))
    assert [line.split(" dari ")[0].rsplit(" ", 1)[0] for line in units] == [
        "Bidang Pemberdayaan Masyarakat", "Bidang Pemberdayaan sosial", "Umum Kepegawaian"]
    assert "97,46 %" in html and "Sangat Tinggi" in html
    assert "Tidak ada pagu yang tersimpan untuk tahun ini." in html  # Tarakan 2022 holds no pagu


@pytest.mark.parametrize(("agency", "year"), [("dinsos-kukar", 2019), ("dinsos-kukar", 2023),
                                              ("dinsospm-tarakan", 2022)])
def test_drill_down_from_program_to_indicator(client, kukar, agency, year):
    login(client, "perencana.tarakan" if "tarakan" in agency else "kepala.kukar")
    html = page(client, agency, year)
    plan_agency = m.Agency.objects.get(slug=agency)
    programs = m.PlanElement.objects.filter(strategic_plan__agency=plan_agency, level="program")
    linked = re.findall(r'<a href="#program-(\d+)"', section(html, "Capaian per program"))
    assert linked and {int(pk) for pk in linked} <= set(programs.values_list("pk", flat=True))
    for pk in linked:
        detail = re.search(rf'<details class="program-detail" id="program-{pk}">(.*?)</details>', html, re.S)
        assert detail, pk
    histories = set(re.findall(rf'/pd/{agency}/indikator/(\d+)/"', section(html, "Rincian per program")))
    assert histories
    assert client.get(reverse("indicator-history", args=[agency, int(min(histories))])).status_code == 200


def test_numbers_are_written_in_the_pages_language(client, kukar, first_quarter):
    indonesian = page(client, "dinsos-kukar", 2023)
    english = page(client, "dinsos-kukar", 2023, "en")
    for html in (indonesian, english, page(client, "dinsos-kukar", 2021), page(client, "dinsos-kukar", 2021, "en")):
        body = html.split("<main", 1)[1]
        assert not RAW_DECIMAL.search(re.sub(r'<script id="absorption-data".*?</script>', "", body, flags=re.S))
    assert "118,53 %" in indonesian and "Rp 49.049.882.101" in indonesian
    assert "118.53 %" in english and "Rp 49,049,882,101" in english and "118,53" not in english
    assert "annual totals" in english and "Very high" in english and "Sangat Tinggi" not in english
    quarter = page(client, "dinsos-kukar", 2021, "en")
    assert "through Q1, against the annual target" in quarter and "graded after Q4" in quarter
    assert "no report yet" in quarter and "deadline passed" in quarter and "belum ada laporan" not in quarter
    chart = json.loads(re.search(r'<script id="absorption-data" type="application/json">(.*?)</script>', quarter,
                                 re.S).group(1))
    assert chart["labels"][0] == "Q1" and chart["lang"] == "en" and "." in chart["absorption_text"][0]


def test_the_page_shows_the_save_just_made(client, kukar, first_quarter):
    before = page(client, "dinsos-kukar", 2021)
    login(client, "operator.rehsos.kukar")
    client.post(reverse("quarter-entry", args=["dinsos-kukar", 2021, 2, "rehsos"]), {f"v-{first_quarter.pk}": "15"})
    login(client, "kepala.kukar")
    after = page(client, "dinsos-kukar", 2021)
    assert "baru dilaporkan s/d TW I." in before and "baru dilaporkan s/d TW II." in after
    rehab = next(line for line in rows(section(after, "Capaian per program")) if "Bagi PMKS" in line)
    assert "50,00 %" in rehab  # (20 + 15) of 70
    draft = rows(section(after, "Kelengkapan dan ketepatan waktu laporan per unit"))
    assert "Draf" in draft[KUKAR_UNITS.index("Bidang Rehabilitasi Sosial")]


def _queries(client, agency, year) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, agency, year)
    return len(captured)


def test_queries_do_not_grow_with_the_data(client, kukar, first_quarter):
    page(client, "dinsos-kukar", 2021)  # sessions and translations warm
    m.PlanElement.objects.filter(pk=first_quarter.element_id).update(name="Nama baru")  # the version moves
    computed = _queries(client, "dinsos-kukar", 2021)
    stored = _queries(client, "dinsos-kukar", 2021)
    assert stored < computed and stored <= 12
    # Every other unit reports TW I: more reports and values, the same number of queries.
    for unit in m.Unit.objects.filter(agency=kukar).exclude(key="rehsos"):
        QuarterReport.objects.create(agency=kukar, unit=unit, year=2021, quarter=1, status=Status.SUBMITTED,
                                     deadline=dt.date(2021, 4, 10))
    for indicator in m.Indicator.objects.filter(element__strategic_plan__agency=kukar, element__level="kegiatan",
                                                targets__year=2021).distinct()[:20]:
        m.Realisation.objects.get_or_create(indicator=indicator, year=2021, period=1, defaults={"value": 1})
    assert _queries(client, "dinsos-kukar", 2021) == computed
    assert _queries(client, "dinsos-kukar", 2021) == stored
