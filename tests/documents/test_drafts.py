"""Drafts generated from the data: the figures the document's tables print, sentences that follow the data, and a
stored narrative always winning over a draft."""

import argparse
import io
import re
from decimal import Decimal

import docx
import pytest
from django.utils import translation

from kinerja.documents import content as content_module
from kinerja.documents.command import run
from kinerja.documents.content import DocumentError, gather, with_drafts
from kinerja.documents.drafts import document_drafts, draft_note, indicator_sentence
from kinerja.documents.pdf import document_docx
from kinerja.documents.spec import Chapter, DocumentSpec, Narrative
from kinerja.engine import Reason, format_percent
from kinerja.plan import models as m
from kinerja.reports.catalog import REPORTS

PERCENT = re.compile(r"-?\d{1,3}(?:\.\d{3})*,\d{2} %")


@pytest.fixture(autouse=True)
def indonesian():
    """Drafts are Indonesian unless English is asked: whatever language an earlier test left active."""
    with translation.override("id"):
        yield


def _table_percents(table) -> set[str]:
    """Every percentage the LKjIP table holds, written as its HTML and document print it."""
    return {format_percent(cell.value) for part in table.parts for row in part.rows for cell in row.cells.values()
            if isinstance(cell.value, Decimal)}


def test_lkjip_2023_drafts_quote_the_tables_figures(kukar):
    drafts = document_drafts(kukar, "lkjip", 2023)
    assert list(drafts) == ["capaian_kinerja", "realisasi_anggaran", "kesimpulan"]
    conclusion = drafts["kesimpulan"]
    # BAB IV as the LKjIP table computes it (the published penutup quotes 82,91 % and 83,40 %).
    assert ("capaian kinerja sasaran strategis 92,13 % (Sangat Tinggi), capaian kinerja anggaran 82,42 % (Tinggi) "
            "dan rata-rata keduanya 87,28 % (Tinggi)") in conclusion
    assert "82,91" not in conclusion and "83,40" not in conclusion
    assert "Persentase Pengembangan Kompetensi ASN, yang capaiannya 5,63 %" in conclusion
    achievement = drafts["capaian_kinerja"]
    assert ("Nilai SAKIP melampaui target: realisasi 92,45 dari target 79, capaian 117,03 % (Sangat Tinggi). "
            "Dibanding tahun 2022 capaiannya meningkat, dari 107,03 % menjadi 117,03 %.") in achievement
    assert "capaiannya menurun, dari 102,87 % menjadi 102,83 %" in achievement
    assert "Target akhir Renstra tahun 2026 (84) sudah terlampaui sampai dengan 2023: 110,06 %" in achievement
    assert "target akhir Renstra tahun 2026 (99) baru tercapai 99,72 %" in achievement
    assert "Rata-rata capaian kinerja sasaran strategis tahun 2023 adalah 92,13 % dengan predikat Sangat Tinggi" \
        in achievement
    assert ("Realisasi Penurunan Prevalensi stunting (target 16,5 %) belum dilaporkan, sehingga capaiannya belum "
            "dapat dihitung.") in achievement
    assert "Jumlah kegiatan sosialisasi, internalisasi, penetapan leader, Tim budaya kerja (50,00 %)" in achievement
    # The twelve sasaran exactly on target are one paragraph, not twelve.
    grouped = [p for p in achievement.split("\n") if p.startswith("Tepat mencapai target")]
    assert len(grouped) == 1 and grouped[0].startswith(
        "Tepat mencapai target, dengan capaian 100,00 % (Sangat Tinggi) untuk setiap indikatornya: sasaran "
        "“Menyelesaikan Tindak Lanjut Laporan Hasil Pemeriksaan Badan Pemeriksa Keuangan (BPK)/ Inspektorat Daerah” "
        "(Temuan Administrasi BPK/Inspektorat Yang di Tindak Lanjuti), ")
    assert grouped[0].count("”") == 12 and "Tata Kelola Arsip" in grouped[0]
    assert ("Program Pemberdayaan Sosial (Bidang Pemberdayaan Sosial): Persentase Potensi Sumber Kesejahteraan Sosial "
            "(PSKS) yang berperan dalam usaha kesejahteraan sosial melampaui target: realisasi 93,3 % dari target "
            "88 %, capaian 106,02 % (Sangat Tinggi).") in achievement.split("\n")
    budget = drafts["realisasi_anggaran"]
    assert ("Program Pengelolaan Taman Makam Pahlawan (Bidang Pemberdayaan Sosial) beranggaran Rp 910.000.000 dan "
            "terealisasi Rp 870.124.949 atau 95,62 %, dengan sisa Rp 39.875.051. Penyerapannya turun dari 99,51 % "
            "pada tahun 2022. Dengan capaian kinerja program 100,00 % dan penyerapan 95,62 %, efisiensinya "
            "4,38 %.") in budget
    assert "Penyerapannya naik dari 63,81 % pada tahun 2022" in budget  # Perlindungan dan Jaminan Sosial
    assert ("Secara keseluruhan anggaran Rp 49.049.882.101 terealisasi Rp 40.427.401.671 atau 82,42 %, dengan sisa "
            "Rp 8.622.480.430. Pada tahun 2022 penyerapannya 81,22 %.") in budget
    assert "Penyerapan terendah pada Program Penanganan Warga Negara Migran Korban Tindak Kekerasan (5,85 %)" in budget
    # Every percentage a draft quotes is one the table prints: nothing is computed a second way.
    printed = _table_percents(REPORTS["lkjip"].build(kukar, 2023, layout=None, averaging=None))
    quoted = {p for text in drafts.values() for p in PERCENT.findall(text)}
    assert quoted and quoted <= printed


def test_renja_2021_evaluates_2019_per_program(kukar):
    text = document_drafts(kukar, "renja", 2021)["evaluasi_renja"]
    assert text.startswith("Bagian ini menilai pelaksanaan Renja tahun 2019 per program")
    assert ("Program Rehabilitasi Sosial Bagi PMKS (Bidang Rehabilitasi Sosial) mencatat rata-rata capaian kinerja "
            "50,08 %, predikat Rendah. Penyerapan anggarannya rata-rata 57,51 % (Rendah), lebih tinggi dari capaian "
            "kinerjanya") in text
    assert "Penguatan Keberfungsian Sosial Keluarga dengan Anak Bermasalah Sosial (26,67 %)" in text
    assert ("Program Pelayanan Administrasi Perkantoran (Sekretariat) mencatat rata-rata capaian kinerja 95,23 %, "
            "predikat Sangat Tinggi. Penyerapan anggarannya rata-rata 91,85 % (Sangat Tinggi), lebih rendah") in text
    assert "Terhadap target akhir Renstra (2021) indikator program baru tercapai 89,20 %." in text
    # The kegiatan average and the program's own indicator can disagree: both are said.
    assert ("Program Penanganan Fakir Miskin (Bidang Penanganan Fakir Miskin) mencatat rata-rata capaian kinerja "
            "100,00 %") in text
    assert ("Indikator program, Jumlah fakir Miskin yang tertangani dibagi total fakir miskin sesuai DT-PFM, "
            "melampaui targetnya dengan capaian 311,96 %.") in text
    assert "Terhadap target akhir Renstra (2021) indikator program telah tercapai 106,44 %." in text
    assert ("rata-rata capaian kinerja program tahun 2019 adalah 89,04 % (Tinggi) dan rata-rata penyerapan anggaran "
            "81,41 % (Tinggi).") in text
    assert ("Kegiatan yang tertinggal berada di Sekretariat, Bidang Rehabilitasi Sosial, UPTD Loka Bina Karya dan "
            "UPTD Panti Sosial Asuhan Anak") in text
    table = REPORTS["renja-evaluasi"].build(kukar, 2019, layout=None, averaging=None)
    assert format_percent(table.average["K"].value) == "89,04 %"


def test_tarakan_renja_2024_evaluates_2022_k_only(tarakan):
    text = document_drafts(tarakan, "renja", 2024)["evaluasi_renja"]
    assert ("PROGRAM REHABILITASI SOSIAL (Bidang Pemberdayaan sosial) mencatat rata-rata capaian kinerja 94,09 %, "
            "predikat Sangat Tinggi. Belum mencapai target: Pemberian Pelayanan Reunifikasi Keluarga (72,00 %) dan "
            "Pemberian Layanan Data dan Pengaduan (98,44 %).") in text
    assert "Penyerapan" not in text  # layout 2 has no Rupiah columns
    assert "rata-rata capaian kinerja program tahun 2022 adalah 97,46 % (Sangat Tinggi)." in text
    assert "Capaian terendah pada PROGRAM REHABILITASI SOSIAL (94,09 %)." in text


def test_sentences_follow_the_data_not_a_template(kukar):
    sakip = m.Indicator.objects.get(element__strategic_plan__agency=kukar, name="Nilai SAKIP",
                                    element__level=m.Level.OBJECTIVE)
    before = document_drafts(kukar, "lkjip", 2023)["capaian_kinerja"]
    assert "Nilai SAKIP melampaui target" in before
    m.Realisation.objects.filter(indicator=sakip, year=2023).update(value=Decimal("70"))
    after = document_drafts(kukar, "lkjip", 2023)
    assert ("Nilai SAKIP belum mencapai target: realisasi 70 dari target 79, capaian 88,61 % (Tinggi). "
            "Dibanding tahun 2022 capaiannya menurun, dari 107,03 % menjadi 88,61 %.") in after["capaian_kinerja"]
    assert "Sampai dengan 2023, target akhir Renstra tahun 2026 (84) baru tercapai 83,33 %." in after["capaian_kinerja"]
    m.Realisation.objects.filter(indicator=sakip, year=2023).delete()
    unreported = document_drafts(kukar, "lkjip", 2023)["capaian_kinerja"]
    assert "Realisasi Nilai SAKIP (target 79) belum dilaporkan" in unreported
    assert "Nilai SAKIP" in unreported.split("Realisasi belum dilaporkan untuk ")[-1]


def test_indicator_sentence_per_outcome():
    above = indicator_sentence("Cakupan", "%", Decimal(80), Decimal(90), Decimal("112.5"), "Sangat Tinggi", None)
    met = indicator_sentence("Cakupan", "%", Decimal(80), Decimal(80), Decimal(100), "Sangat Tinggi", None)
    below = indicator_sentence("Cakupan", "%", Decimal(80), Decimal(40), Decimal(50), "Sangat Rendah", None)
    none = indicator_sentence("Cakupan", "%", Decimal(80), None, None, "", Reason.NOT_REPORTED)
    untargeted = indicator_sentence("Cakupan", "%", None, Decimal(40), None, "", Reason.NO_TARGET)
    assert above == "Cakupan melampaui target: realisasi 90 % dari target 80 %, capaian 112,50 % (Sangat Tinggi)."
    assert met == "Cakupan tepat mencapai target 80 % (capaian 100,00 %, Sangat Tinggi)."
    assert below == "Cakupan belum mencapai target: realisasi 40 % dari target 80 %, capaian 50,00 % (Sangat Rendah)."
    assert none == "Realisasi Cakupan (target 80 %) belum dilaporkan, sehingga capaiannya belum dapat dihitung."
    assert untargeted == "Cakupan tidak memiliki target pada tahun ini, sehingga belum dinilai."


LKJIP_WITH_DRAFTS = DocumentSpec(kind="lkjip", chapters=(
    Chapter("III", {"id": "AKUNTABILITAS KINERJA", "en": "PERFORMANCE ACCOUNTABILITY"}, {"id": "-", "en": "-"},
            items=(Narrative("capaian_kinerja"), Narrative("kesimpulan"))),
))


def test_stored_narrative_wins_and_a_draft_is_marked(kukar, monkeypatch, no_layout_pass):
    stored = m.Narrative.objects.filter(agency=kukar, document="lkjip", year=2023, indicator=None)
    stored.filter(section="capaian_kinerja").delete()  # the section left to the draft
    number = (stored.filter(section="kesimpulan").order_by("-number").values_list("number", flat=True).first()
              or 0) + 1
    m.Narrative.objects.create(agency=kukar, document="lkjip", year=2023, section="kesimpulan", number=number,
                               text="Kesimpulan yang ditulis perencana.")
    narratives = with_drafts(kukar, LKJIP_WITH_DRAFTS, 2023,
                             content_module.current_document_narratives(kukar, "lkjip", 2023))
    assert narratives["kesimpulan"] == {"number": number, "text": "Kesimpulan yang ditulis perencana."}
    assert narratives["capaian_kinerja"]["draft"] is True and narratives["capaian_kinerja"]["number"] is None
    assert "92,13 %" in narratives["capaian_kinerja"]["text"]
    monkeypatch.setitem(content_module.DOCUMENTS, "lkjip", LKJIP_WITH_DRAFTS)
    document = docx.Document(io.BytesIO(document_docx(gather(kukar, "lkjip", 2023))))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    note = texts.index(draft_note("id"))
    assert all(run.italic for run in paragraphs[note].runs)
    assert texts[note + 1].startswith("Capaian kinerja tahun 2023 diukur dari target Perjanjian Kinerja")
    assert "Kesimpulan yang ditulis perencana." in texts
    assert texts.count(draft_note("id")) == 1  # the stored kesimpulan carries no note


def test_english_drafts(kukar):
    with translation.override("en"):
        text = document_drafts(kukar, "lkjip", 2023, sections=["kesimpulan"])["kesimpulan"]
    assert text.startswith("Performance in 2023: strategic objectives achieved 92.13 % (Sangat Tinggi)")
    assert "87.28 %" in text and "Kinerja" not in text


def test_command_prints_the_drafts(kukar):
    args = argparse.Namespace(action="draft", agency="dinsos-kukar", year=2023, kind="lkjip", section="kesimpulan",
                              lang="id", format=None)
    payload, message = run(args)
    assert message == ""
    assert payload.decode().startswith("KESIMPULAN\n\nKinerja tahun 2023: capaian kinerja sasaran strategis 92,13 %")
    with pytest.raises(DocumentError, match="--section 'penutup' tidak berlaku untuk lkjip"):
        run(argparse.Namespace(**{**vars(args), "section": "penutup"}))
    with pytest.raises(DocumentError, match="Tidak ada draf renja 2030"):
        run(argparse.Namespace(**{**vars(args), "kind": "renja", "year": 2030, "section": None}))


@pytest.mark.parametrize(("slug", "kind", "year"), [("dinsos-kukar", "lkjip", 2023), ("dinsos-kukar", "renja", 2021),
                                                    ("dinsospm-tarakan", "renja", 2024)])
def test_the_narrative_check_finds_nothing_in_a_draft(slug, kind, year, db):
    from kinerja.documents.narrative_check import check_content

    agency = m.Agency.objects.get(slug=slug)
    content = gather(agency, kind, year, grids=False)
    content.narratives = with_drafts(agency, content.spec, year, {})  # the drafts alone, no stored text
    content.analyses = {}
    drafted = sorted(s for s, n in content.narratives.items() if n.get("draft"))
    assert drafted == sorted(document_drafts(agency, kind, year))
    assert drafted and check_content(content) == []


def test_nothing_to_assess_is_said_once_not_per_program(kukar):
    text = document_drafts(kukar, "renja", 2024)["evaluasi_renja"]  # evaluates 2022: no kegiatan realisation
    paragraphs = text.split("\n")
    assert paragraphs[1] == ("Belum dapat dinilai karena belum ada kegiatannya yang memiliki target dan realisasi "
                             "tahun 2022: Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota, Program "
                             "Pemberdayaan Sosial, Program Penanganan Warga Negara Migran Korban Tindak Kekerasan, "
                             "Program Rehabilitasi Sosial, Program Perlindungan dan Jaminan Sosial, Program "
                             "Penanganan Bencana dan Program Pengelolaan Taman Makam Pahlawan.")
    assert paragraphs[2] == "Belum ada capaian program yang terhitung untuk tahun 2022."
    assert len(paragraphs) == 3


def test_a_year_without_the_previous_years_budget_says_only_what_it_knows(kukar):
    budget = document_drafts(kukar, "lkjip", 2022, sections=["realisasi_anggaran"])["realisasi_anggaran"]
    assert "tahun 2021" not in budget.split("\n", 1)[1]  # no Renja 2021 in this Renstra: no comparison claimed
    assert ("Program Pengelolaan Taman Makam Pahlawan (Bidang Pemberdayaan Sosial) beranggaran Rp 180.000.000 dan "
            "terealisasi Rp 179.111.391 atau 99,51 %, dengan sisa Rp 888.609. Capaian kinerja program belum dapat "
            "dihitung (tidak ada baris dengan capaian terdefinisi), sehingga efisiensi juga belum.") in budget
    assert "Penyerapan terendah pada Program Perlindungan dan Jaminan Sosial (63,81 %)" in budget


def test_an_indicators_analysis_draft(kukar, tarakan):
    from kinerja.documents.drafts import indicator_analysis_draft

    sakip = m.Indicator.objects.get(element__strategic_plan__agency=kukar, name="Nilai SAKIP",
                                    element__level=m.Level.OBJECTIVE)
    assert indicator_analysis_draft(sakip, 2023) == (
        "Nilai SAKIP melampaui target: realisasi 92,45 dari target 79, capaian 117,03 % (Sangat Tinggi). Dibanding "
        "tahun 2022 capaiannya meningkat, dari 107,03 % menjadi 117,03 %. Target akhir Renstra tahun 2026 (84) sudah "
        "terlampaui sampai dengan 2023: 110,06 %.")
    assert indicator_analysis_draft(sakip, 2030) == ""  # no LKjIP nor Renja of that year
    permakanan = m.Indicator.objects.filter(element__strategic_plan__agency=tarakan,
                                            element__code="1.06.04.2.01.0001").first()
    assert indicator_analysis_draft(permakanan, 2022).endswith(  # from the Renja evaluation of 2022
        "tepat mencapai target 200 (capaian 100,00 %, Sangat Tinggi).")
