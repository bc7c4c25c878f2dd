"""The official-table file kinds (rkpd-review, usulan, tujuan-sasaran, pelayanan): loaded from the transcribed seed
tables; a malformed file names its file, row and column and changes nothing."""

from pathlib import Path

import pytest

from kinerja.demo.loader import DemoDataError, load_demo
from kinerja.plan import models as m
from tests.demo.test_loader import data_copy, replace_in, table_counts  # noqa: F401 — data_copy is a fixture


def official_counts() -> dict[str, int]:
    return {**table_counts(), "RkpdReview": m.RkpdReview.objects.count(), "Proposal": m.Proposal.objects.count(),
            "Narrative": m.Narrative.objects.count(), "CategoryScale": m.CategoryScale.objects.count()}


def test_lines_of_every_table_are_loaded(kukar, tarakan):
    assert m.RkpdReview.objects.filter(agency=kukar, year=2021).count() == 99
    assert m.RkpdReview.objects.filter(agency=tarakan, year=2024).count() == 66
    assert m.Proposal.objects.filter(agency=kukar, year=2021).count() == 96
    assert m.Proposal.objects.filter(agency=tarakan, year=2024, level="usulan", accommodated="ya").count() == 3
    usulan = m.Proposal.objects.get(agency=tarakan, year=2024, key="U3")
    assert (usulan.volume_value, usulan.volume_text, usulan.pagu) == (None, "Panjang 60 meter", 100000000)
    assert usulan.parent.element.code == "2.13.05.2.01.0004"


def test_a_target_printed_twice_is_stored_once(tarakan):
    """Tabel 5 (loaded first) gives the TTG indicator 55,00 and 75,00; Tabel 2 prints 100 for both: kept as printed."""
    ttg = m.Indicator.objects.get(element__strategic_plan__agency=tarakan, name__startswith="Persentase kelompok usaha")
    assert {t.year: t.value for t in ttg.targets.filter(kind="renstra", year__in=(2019, 2024))} == {2019: 55, 2024: 75}
    printed = m.PrintedFigure.objects.filter(indicator=ttg, report="kinerja-pelayanan")
    assert sorted(printed.values_list("column", "text")) == [("target:2019", "100"), ("target:2024", "100")]


def test_graded_values_keep_value_and_printed_grade(tarakan):
    sakip = m.Indicator.objects.get(element__strategic_plan__agency=tarakan, name="Nilai SAKIP")
    target = sakip.targets.get(kind="renstra", year=2024)
    assert (target.value, target.text) == (72, "72,00 / B")
    assert m.PrintedFigure.objects.get(indicator=sakip, report="tujuan-sasaran", column="grade:target:2024").text == "B"
    assert str(sakip.realisations.get(year=2021).value.normalize()) == "60.53"
    assert m.CategoryScale.objects.filter(agency=tarakan, key="permenpanrb-88-2021").exists()


def test_proyeksi_belongs_to_the_renja_that_prints_it(kukar):
    target = m.Target.objects.get(indicator__ikk_code="64", indicator__element__strategic_plan__agency=kukar,
                                  kind="proyeksi", year=2022)
    assert target.revision.key == "renja-2021-murni" and str(target.value.normalize()) == "1.5"


def test_rebuilding_gives_the_same_official_lines(db):
    before = official_counts()
    load_demo()
    assert official_counts() == before


@pytest.mark.parametrize(
    ("file", "old", "new", "column"),
    [
        ("dinsos-kukar/rkpd-review-2021.csv", "P01.K02,P01,kegiatan,P01.K02,", "P01.K02,P01,kegiatan,P99.K02,",
         "element"),
        ("dinsos-kukar/rkpd-review-2021.csv", '"240,840,000"', '"24O,840,000"', "pagu"),
        ("dinsospm-tarakan/rkpd-review-2024.csv", "P0601.K201,P0601,kegiatan", "P0601.K201,P9999,kegiatan",
         "parent"),
        ("dinsospm-tarakan/usulan-2024.csv", "Di Akomodir,ya,", "Di Akomodir,mungkin,", "accommodated"),
        ("dinsos-kukar/pelayanan-2021.csv", ",21,646,", ",21,,", "denominator_2019"),
        ("dinsos-kukar/pelayanan-2021.csv", ",62,ya,ya,", ",62,mungkin,ya,", "is_ikk"),
        ("dinsospm-tarakan/tujuan-sasaran-2024.csv", "Nilai SAKIP,nilai,number,,", "Nilai SAKIP,nilai,category,,",
         "scale"),
        ("dinsos-kukar/tujuan-sasaran-2021.csv", "category,permenpanrb-12-2015", "category,skala-hilang", "scale"),
        # Printed column numbers: an unknown column, a number that is none, a column numbered twice, a table
        # that takes no numbers.
        ("dinsospm-tarakan/nomor-kolom-2024.csv", "rkpd-review,code,(1)", "rkpd-review,kode,(1)", "figure"),
        ("dinsospm-tarakan/nomor-kolom-2024.csv", "rkpd-review,pagu,(5)", "rkpd-review,pagu,lima", "printed"),
        ("dinsos-kukar/nomor-kolom-2021.csv", "tujuan-sasaran,no,(1)", "tujuan-sasaran,goal,(1)", "figure"),
        ("dinsos-kukar/nomor-kolom-2021.csv", "tujuan-sasaran,no,(1)", "renja-evaluasi,no,(1)", "report"),
    ],
)
def test_malformed_official_file_names_file_row_and_column(db, data_copy, file, old, new, column):  # noqa: F811
    before = official_counts()
    replace_in(data_copy / file, old, new)
    with pytest.raises(DemoDataError) as error:
        load_demo(data_copy)
    assert error.value.path.name == Path(file).name
    if column is not None:
        assert error.value.column == column and error.value.row is not None
    assert official_counts() == before


def test_printed_column_numbers_and_wording_are_kept_as_printed_figures(kukar, tarakan):
    """nomor-kolom: one PrintedFigure per numbered column (``#<figure>``); rencana-tercetak and tujuan-sasaran: the
    wording a table prints beside the stored element's."""
    numbers = dict(m.PrintedFigure.objects.filter(agency=tarakan, report="rkpd-review", year=2024,
                                                  column__startswith="#").values_list("column", "text"))
    assert numbers == {"#code": "(1)", "#name": "(2)", "#indicator": "(3)", "#target": "(4)", "#pagu": "(5)",
                       "#analysis_name": "(2)", "#analysis_target": "(4)", "#analysis_pagu": "(5)"}
    p05 = m.PlanElement.objects.get(strategic_plan__agency=kukar, key="P05")
    assert m.PrintedFigure.objects.get(report="renja-rencana", year=2021, element=p05, column="code").text == "1.6.27"
    s2 = m.PlanElement.objects.get(strategic_plan__agency=kukar, key="S2", strategic_plan__first_year=2016)
    assert (s2.name, m.PrintedFigure.objects.get(report="tujuan-sasaran", element=s2, column="name").text) == (
        "Meningkatnya Penanganan PMKS Daerah", "Meningkatnya Penanganan PMKS")

