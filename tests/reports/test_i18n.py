"""Every table in both languages: Indonesian by default (labels, 1.234.567,89, 117,03 %, 17 Maret 2020), English
on request — no column header, part title or note that the English catalog translates is left in Indonesian, and
the same printed figures differ from the rules in both languages."""

import csv
import io
import json
import re

import pytest
from django.utils import translation
from django.utils.translation import trans_real
from openpyxl import load_workbook

from kinerja.plan.models import Agency
from kinerja.reports.catalog import REPORTS
from tests.reports.samples import YEARS, agency_of

# A few headers per table, as the Indonesian output prints them and as the English output must.
KNOWN = {
    "renja-evaluasi": [("Predikat kinerja", "Performance rating (predikat)"),
                       ("Rata-rata capaian program", "Average program achievement")],
    "renja-rencana": [("Lokasi", "Location"), ("Catatan penting", "Important notes")],
    "rkpd-review": [("Hasil analisis kebutuhan", "Result of the needs analysis"),
                    ("Rancangan awal RKPD 2021", "Initial draft RKPD 2021")],
    "usulan": [("Program/kegiatan/usulan", "Program/activity/proposal"), ("Diakomodir", "Accommodated")],
    "kinerja-pelayanan": [("Pembilang", "Numerator"), ("Penyebut", "Denominator"),
                          ("Capaian terhadap target (%)", "Achievement against target (%)")],
    "tujuan-sasaran": [("Indikator kinerja", "Performance indicator"),
                       ("Target kinerja pada tahun", "Performance target in year")],
    "pk": [("Sasaran kegiatan", "Activity objective"), ("Indikator kinerja utama", "Key performance indicator")],
    "iku": [("Penjelasan/formulasi perhitungan", "Explanation/calculation formula"), ("Sumber data", "Data source")],
    "lkjip": [("Capaian kinerja", "Achievement (capaian)"), ("Sisa anggaran (Rp)", "Remaining budget (Rp)"),
              ("Kriteria penilaian", "Assessment criterion")],
}
KNOWN["ikk"] = [("Rumus/persamaan", "Formula/equation"), ("Pembilang / penyebut", "Numerator / denominator")]
# The plan tables of issue 14.
KNOWN["kode-lama"] = [("Kode SIMRAL", "SIMRAL code"), ("Indikator (outcome)", "Indicator (outcome)")]
KNOWN["riwayat-program"] = [("Periode Renstra", "Renstra period"), ("Realisasi (Rp)", "Realisation (Rp)")]
KNOWN["pendanaan"] = [("Sumber dana", "Source of funds"), ("Catatan penting", "Important notes")]
KNOWN["psks"] = [("Jenis PSKS", "Kind of PSKS")]
KNOWN["spm-layanan"] = [("Cara hitung outcome", "How the outcome is calculated"), ("Komponen biaya", "Cost components")]
KNOWN.update({
    "permasalahan": [("Aspek kajian", "Aspect reviewed"), ("Permasalahan", "Problems")],
    "faktor-penentu": [("Penghambat", "Inhibiting"), ("Pendorong", "Driving")],
    "telaahan-kebijakan": [("Faktor penghambat", "Inhibiting factors"),
                           ("Sasaran jangka menengah Renstra", "Medium-term objective of the Renstra")],
    "visi-misi": [("Misi yang relevan", "Relevant mission"), ("Uraian", "Description")],
    "strategi-kebijakan": [("Strategi", "Strategy"), ("Arah kebijakan", "Policy direction")],
    "keselarasan-program": [("Sasaran strategis", "Strategic objective")],
    "keterkaitan-prioritas": [("Prioritas provinsi", "Provincial priority"),
                              ("Pagu sub kegiatan", "Sub-activity ceiling (pagu)")],
    "tim-penyusun": [("Jabatan", "Role in the team")],
})


def render(name: str, fmt: str, lang: str):
    report = REPORTS[name]
    with translation.override(lang):
        table = report.build(Agency.objects.get(slug=agency_of(name)), YEARS[name])
        return report.outputs[fmt].write(table)


def translated_sources() -> dict[str, str]:
    """Indonesian source → English, for the catalog's entries whose English differs."""
    catalog = trans_real.translation("en")._catalog
    return {source: text for source, text in catalog.items()
            if isinstance(source, str) and source and text and text != source}


def labels(data: dict) -> list[str]:
    """The words a table writes itself (not the stored data): title, column headers, part titles and notes."""
    found = [data.get("title") or ""]
    for part in data.get("parts", [data]):
        found += [part.get("title") or "", part.get("note") or ""]
        for column in part.get("columns", []):
            found += [column.get("label") or "", column.get("group") or ""]
    return [text for text in found if text]


def texts(name: str, fmt: str, lang: str) -> str:
    data = render(name, fmt, lang)
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(data))
        return "\n".join([ws.title for ws in workbook] + [str(cell.value) for ws in workbook for row in ws.iter_rows()
                                                           for cell in row if isinstance(cell.value, str)])
    return data.decode("utf-8")


def test_every_report_of_the_catalog_is_checked():
    assert set(YEARS) == set(REPORTS) == set(KNOWN)


@pytest.mark.parametrize("name", sorted(YEARS))
def test_english_json_has_no_indonesian_header_that_has_a_translation(db, name):
    sources = translated_sources()
    english = json.loads(render(name, "json", "en"))
    left = [text for text in labels(english) if text in sources]
    assert not left, f"{name}: untranslated in English: {left}"
    # And the default is Indonesian: the same headers differ.
    assert labels(json.loads(render(name, "json", "id"))) != labels(english)


@pytest.mark.parametrize("fmt", ["html", "xlsx", "csv"])
@pytest.mark.parametrize("name", sorted(YEARS))
def test_known_headers_in_each_language(db, name, fmt):
    indonesian, english = texts(name, fmt, "id"), texts(name, fmt, "en")
    for source, translation_ in KNOWN[name]:
        assert source in indonesian, (name, fmt, source)
        assert translation_ in english, (name, fmt, translation_)
        # Whole words only: "Lokasi" may be part of a stored name, never a header of the English table.
        assert not re.search(rf"(^|[,>\n\"]|\d ){re.escape(source)}($|[,<\n\"])", english), (name, fmt, source)


@pytest.mark.parametrize("name", sorted(YEARS))
def test_printed_differences_do_not_depend_on_the_language(db, name):
    """A translated label (Meningkat → Rising) is still compared with what the document printed in Indonesian."""
    counts = [json.loads(render(name, "json", lang)).get("differences_count") for lang in ("id", "en")]
    assert counts[0] == counts[1]


def test_causes_of_differences_are_written_in_the_language(db):
    indonesian, english = render("lkjip", "html", "id").decode(), render("lkjip", "html", "en").decode()
    assert "tidak sesuai dengan data tersimpan" in indonesian.lower()
    assert "does not match the stored data" in english.lower()
    assert "tidak sesuai dengan data tersimpan" not in english.lower()
    assert "rata-rata dari angka tercetak 83,40 dan 82,42" in indonesian.lower()
    assert "mean of the printed figures 83,40 and 82,42" in english.lower()


def test_indonesian_numbers_percentages_and_dates(db):
    html = render("lkjip", "html", "id").decode()
    assert "117,03 %" in html and "117.03 %" not in html
    rencana = render("renja-rencana", "html", "id").decode()
    assert re.search(r"\b\d{1,3}(\.\d{3}){2,}\b", rencana)  # 1.452.040.000
    assert not re.search(r"\b\d{1,3}(,\d{3}){2,}\b", rencana)
    assert "(17 Maret 2020)" in rencana


def test_english_numbers_percentages_and_dates(db):
    html = render("lkjip", "html", "en").decode()
    assert "117.03 %" in html and "117,03 %" not in html
    rencana = render("renja-rencana", "html", "en").decode()
    assert re.search(r"\b\d{1,3}(,\d{3}){2,}\b", rencana)  # 1,452,040,000
    assert "(March 17, 2020)" in rencana and "Maret" not in rencana


def test_csv_block_names_follow_the_language(db):
    rows = list(csv.reader(io.StringIO(render("lkjip", "csv", "en").decode())))
    assert rows[0][0] == "Table 3.1"
    rows = list(csv.reader(io.StringIO(render("lkjip", "csv", "id").decode())))
    assert rows[0][0] == "Tabel 3.1"


# What only a developer can read: a rule or report section of the project's docs, a seed file's line numbers.
DEVELOPER_TEXT = re.compile(r"RULES §|REPORTS §|REPORTS\.md|RULES\.md|\bseed 00\d|\blines? \d+[-–]\d+")


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
@pytest.mark.parametrize("name", sorted(YEARS))
def test_no_developer_text_in_any_table(db, name, fmt):
    for lang in ("id", "en"):
        found = DEVELOPER_TEXT.findall(texts(name, fmt, lang))
        assert found == [], (name, fmt, lang, found[:5])
