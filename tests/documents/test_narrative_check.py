"""Narrative that agrees with the numbers: figures quoted in a document's narrative against its own tables."""

import json
from pathlib import Path

import pytest

from kinerja.consistency import check_agency, to_json, to_text
from kinerja.documents.content import gather
from kinerja.documents.narrative_check import check_content, check_document, quoted_figures
from kinerja.plan import models as m

GOLDEN = Path(__file__).parent / "golden" / "narrative-findings.json"


def _findings(agency, kind, year, lang="id"):
    return check_content(gather(agency, kind, year, lang=lang, grids=False))


# -- the demo documents --------------------------------------------------------------------------------------


def test_lkjip_closing_chapter_quotes_the_published_averages_not_the_computed_ones(kukar):
    """Seed 003 BAB IV: 82,91 % and 83,40 %, where the LKjIP's own tables compute 87,28 % and 92,13 %; the
    82,42 % capaian anggaran is what the table computes, so it is no finding."""
    closing = [f for f in _findings(kukar, "lkjip", 2023) if f.section in {"penutup", "kesimpulan"}]
    assert [(f.quoted, f.computed, f.row) for f in closing] == [
        ("82,91 %", "87,28 %", "Rata-rata capaian kinerja tahun 2023"),
        ("83,40 %", "92,13 %", "Capaian kinerja sasaran strategis berdasarkan perjanjian kinerja tahun 2023"),
    ]
    assert all(f.column == "(2) Capaian" and "Kesimpulan" in f.table for f in closing)
    assert "82,42" not in " ".join(f.quoted for f in closing)
    assert "82,91 %" in closing[0].sentence and "rata-rata" in closing[0].sentence
    # The published table printed the same wrong figure: the finding says so.
    assert closing[0].note.startswith("sama dengan angka yang tercetak")


def test_demo_documents_give_exactly_the_reviewed_findings(db):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    found = []
    for slug, kind, year in golden["documents"]:
        agency = m.Agency.objects.get(slug=slug)
        for f in _findings(agency, kind, year):
            row = f.as_dict()
            del row["sentence"], row["section_label"]
            found.append({"agency": slug, **row})
    expected = [{k: v for k, v in f.items() if k != "review"} for f in golden["findings"]]
    assert found == expected
    assert all(f["review"] for f in golden["findings"])


def test_findings_in_english(kukar):
    """The tables (and the drafts filling empty sections) are in English: the same findings, none more."""
    english = _findings(kukar, "lkjip", 2023, lang="en")
    assert [(f.section, f.quoted, f.computed) for f in english] == [
        ("kesimpulan", "82,91 %", "87.28 %"), ("kesimpulan", "83,40 %", "92.13 %"),
        ("analisis", "117,02 %", "117.03 %")]
    findings = english[:2]
    assert findings[1].row == "Strategic objectives achieved under the 2023 performance agreement"
    assert findings[0].section_label in {"closing", "conclusions"}
    assert findings[0].note.startswith("the same as the figure printed")


# -- kinerja check ---------------------------------------------------------------------------------------------


def test_check_lists_the_narrative_findings_in_text_and_json(kukar):
    report = check_agency(kukar, 2023, narrative=True)
    assert [(f.quoted, f.computed) for f in report.narrative][:2] == [("82,91 %", "87,28 %"), ("83,40 %", "92,13 %")]
    lines = [line for line in to_text(report).splitlines() if line.startswith("[narrative-figure]")]
    assert len(lines) == len(report.narrative)
    assert lines[0].startswith("[narrative-figure] LKjIP 2023, ")
    assert "tertulis 82,91 %, hasil hitung 87,28 %" in lines[0]
    assert to_text(report).splitlines()[-1].endswith(f"{len(report.narrative)} narrative-figure.")
    data = json.loads(to_json(report))
    assert data["narrative_findings"][1]["quoted"] == "83,40 %"
    assert data["narrative_findings"][1]["computed"] == "92,13 %"


def test_check_of_a_year_without_narrative_has_no_narrative_findings(kukar, tarakan):
    assert check_agency(tarakan, 2024, narrative=True).narrative == []
    assert check_agency(kukar, 2023).narrative == []  # only when asked: the command asks


def test_kinerja_check_command_prints_them(kukar, capsys):
    from kinerja.cli import main

    assert main(["check", "--agency", "dinsos-kukar", "--year", "2023"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("[narrative-figure]")]
    assert len(lines) == 3 and "tertulis 83,40 %, hasil hitung 92,13 %" in lines[1]


# -- the rules, on a table of one's own --------------------------------------------------------------------------


TABLES = [{"section": "3.1", "report": "lkjip", "year": 2023, "status": "ok", "data": {"parts": [
    {"key": "3.2", "title": "Target dan realisasi",
     "columns": [{"number": "1", "label": "Sasaran strategis", "kind": "text"},
                 {"number": "2", "label": "Indikator kinerja", "kind": "text"},
                 {"number": "3", "label": "Satuan", "kind": "text"},
                 {"number": "4", "label": "Target", "kind": "number"},
                 {"number": "5", "label": "Realisasi", "kind": "number"},
                 {"number": "6", "label": "Capaian kinerja", "kind": "percent"}],
     "rows": [{"kind": "indicator", "key": "S1", "level": "sasaran", "indicator": "Cakupan layanan rehabilitasi",
               "cells": {"1": "Meningkatnya layanan sosial", "2": "Cakupan layanan rehabilitasi", "3": "Orang",
                         "4": "1200", "5": "1188", "6": "99.00"}},
              {"kind": "indicator", "key": "S2", "level": "sasaran", "indicator": "Indeks kepuasan masyarakat",
               "cells": {"1": "Meningkatnya layanan sosial", "2": "Indeks kepuasan masyarakat", "3": "Indeks",
                         "4": "80", "5": "84", "6": "105.00"}}]},
    {"key": "3.12", "title": "Realisasi anggaran",
     "columns": [{"number": "3", "label": "Program/kegiatan", "kind": "text"},
                 {"number": "4", "label": "Anggaran (Rp)", "kind": "rupiah"},
                 {"number": "5", "label": "Realisasi (Rp)", "kind": "rupiah"},
                 {"number": "6", "label": "Realisasi (%)", "kind": "percent"}],
     "rows": [{"kind": "program", "key": "P1", "level": "program", "code": "1.06.04",
               "cells": {"3": "Program Rehabilitasi Sosial", "4": "19639237601.00", "5": "17375906440.00",
                         "6": "88.48"}}]},
]}}]


def check(text: str, lang: str = "id"):
    return check_document("lkjip", 2023, {"kesimpulan": {"number": 1, "text": text}}, {}, TABLES, lang)


@pytest.mark.parametrize("text", [
    "Capaian Cakupan layanan rehabilitasi sebesar 99 %.",  # equal once rounded to the decimals written
    "Capaian Cakupan layanan rehabilitasi sebesar 99,0 %.",
    "Pada tahun 2022 capaian Cakupan layanan rehabilitasi sebesar 90,00 %.",  # another year: not checked
    "Cakupan layanan rehabilitasi naik 5 % dari tahun lalu.",  # a change, not a level
    "Capaian layanan sebesar 90,00 %.",  # no name: no subject, no guess
    "Program Rehabilitasi Sosial menerima pagu Rp 19,6 miliar.",  # 19 639 237 601 rounds to 19,6 miliar
    "Realisasi anggaran Program Rehabilitasi Sosial Rp 17.375.906.440 atau 88,48 %.",
    "Sasaran Meningkatnya layanan sosial tercapai 90,00 %.",  # two indicators: which one is not guessed
    "Capaian Cakupan layanan rehabilitasi sekitar 95 %.",  # an approximation, said so
    "Program Rehabilitasi Sosial had a budget of Rp 19.6 billion.",  # English magnitudes
    "Program Rehabilitasi Sosial had a budget of Rp 19,639,237,601 and absorbed 88.48 %.",  # English notation
])
def test_no_finding(db, text):
    assert check(text) == []


def test_a_differing_capaian_a_rupiah_amount_in_miliar_and_a_count_in_the_indicators_unit(db):
    findings = check("Capaian Cakupan layanan rehabilitasi sebesar 98,50 %. "
                     "Program Rehabilitasi Sosial menerima pagu Rp 19,7 miliar. "
                     "Realisasi Cakupan layanan rehabilitasi sebanyak 1.150 orang.")
    assert [(f.quoted, f.computed, f.row, f.column) for f in findings] == [
        ("98,50 %", "99,00 %", "Cakupan layanan rehabilitasi", "(6) Capaian kinerja"),
        ("Rp 19,7 miliar", "Rp 19.639.237.601", "1.06.04", "(4) Anggaran (Rp)"),
        ("1.150", "1.188", "Cakupan layanan rehabilitasi", "(5) Realisasi"),
    ]
    assert findings[0].table.startswith("3.1 ") and findings[0].table.endswith(" — Target dan realisasi")


def test_english_figures_and_labels(db):
    [finding] = check("Capaian Cakupan layanan rehabilitasi sebesar 98,50 %.", lang="en")
    assert finding.computed == "99.00 %" and finding.section_label == "conclusions"


def test_reading_quoted_figures():
    figures = quoted_figures("Anggaran Rp 5.992.262.500 atau 83,95 % dari Rp 7,1 miliar, untuk 5.188 orang pada 2023.")
    assert [(q.text, str(q.value), q.kind) for q in figures] == [
        ("Rp 5.992.262.500", "5992262500", "rupiah"), ("83,95 %", "83.95", "percent"),
        ("Rp 7,1 miliar", "7.1E+9", "rupiah"), ("5.188", "5188", "count")]


# -- the document page and the issued document's appendix --------------------------------------------------------


def test_document_page_lists_each_finding_with_its_source(client, perencana_kukar):
    from django.urls import reverse

    client.force_login(perencana_kukar)
    page = client.get(reverse("document", args=["dinsos-kukar", "lkjip", 2023])).content.decode()
    assert "Angka dalam naskah yang berbeda dengan tabel dokumen" in page
    assert '<td class="num">82,91 %</td><td class="num">87,28 %</td>' in page
    assert '<td class="num">83,40 %</td><td class="num">92,13 %</td>' in page
    assert "Rata-rata capaian kinerja tahun 2023" in page and "Kolom: (2) Capaian" in page
    renja = client.get(reverse("document", args=["dinsos-kukar", "renja", 2021])).content.decode()
    assert '<td class="num">Rp 12.421.739.660</td><td class="num">Rp 12.689.140.660</td>' in renja
    # The tables are listed as the document numbers them, not by the catalog's report names.
    assert "Tabel 3.2 Perbandingan antara Target dan Realisasi Kinerja Tahun 2023" in page
    assert "<td>lkjip</td>" not in page and "<td>renja-evaluasi</td>" not in renja


@pytest.mark.usefixtures("no_layout_pass")
def test_issued_appendix_lists_the_narrative_findings_frozen_with_it(kukar, users):
    import io

    from docx import Document

    from kinerja.documents.issue import issue

    document = issue(users["perencana.kukar"], kukar, "lkjip", 2023, appendix=True)
    docx = Document(io.BytesIO(bytes(document.docx)))
    headings = [p.text for p in docx.paragraphs]
    assert "Angka dalam naskah yang berbeda dengan hasil hitung tabel" in headings
    table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Bagian naskah")
    rows = [[c.text.replace("\xa0", " ") for c in row.cells] for row in table.rows[1:]]
    assert [(r[2], r[3]) for r in rows][:2] == [("82,91 %", "87,28 %"), ("83,40 %", "92,13 %")]
    assert "Baris: Rata-rata capaian kinerja tahun 2023" in rows[0][4]
    # Without the appendix, no such section.
    plain = issue(users["perencana.kukar"], kukar, "lkjip", 2023)
    assert "Angka dalam naskah yang berbeda dengan hasil hitung tabel" not in [
        p.text for p in Document(io.BytesIO(bytes(plain.docx))).paragraphs]


@pytest.mark.usefixtures("no_layout_pass")
def test_issued_version_page_shows_the_findings_it_was_issued_with(client, kukar, users):
    from kinerja.documents.issue import issue

    issue(users["perencana.kukar"], kukar, "lkjip", 2023)
    client.force_login(users["perencana.kukar"])
    page = client.get("/pd/dinsos-kukar/dokumen/lkjip/2023/terbit/1/").content.decode()
    assert '<td class="num">82,91 %</td><td class="num">87,28 %</td>' in page
    assert "Tidak ada angka dalam naskah" not in page
