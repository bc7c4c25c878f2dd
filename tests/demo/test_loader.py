"""The demo data loads from the transcribed seed files; a malformed file changes nothing and says where."""

import shutil
from pathlib import Path

import pytest

from kinerja.demo.loader import DATA_DIR, DemoDataError, load_demo
from kinerja.plan import models as m


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        m.Agency, m.PlanElement, m.Indicator, m.Target, m.Realisation, m.CarriedRealisation, m.Budget,
        m.BudgetRealisation, m.PrintedFigure,
    )}


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_demo_holds_both_agencies_and_their_years(kukar, tarakan):
    # Renstra 2016-2021 (seeds 000, 004) and 2021-2026 (seed 003, LKjIP 2023)
    assert [(p.first_year, p.last_year) for p in kukar.strategic_plans.order_by("first_year")] == [
        (2016, 2021), (2021, 2026)]
    assert tarakan.evaluation_layout == 2
    assert set(m.Revision.objects.filter(agency=kukar, document="renja").values_list("year", flat=True)) == {
        2019, 2021, 2022, 2023}
    assert set(m.Revision.objects.filter(agency=kukar, document="pk").values_list("year", flat=True)) == {2022, 2023}
    assert m.Target.objects.filter(indicator__element__strategic_plan__agency=kukar, kind="forward",
                                   year=2022).exists()


def test_rebuilding_the_demo_gives_the_same_data(db):
    before = table_counts()
    load_demo()
    assert table_counts() == before


def test_unreported_realisation_is_not_stored_as_zero(kukar):
    """A realisation printed as 0 is a reported 0; one not printed has no row at all."""
    zero = m.Realisation.objects.filter(indicator__element__key="P05.K02", year=2019).get()
    assert zero.value == 0
    assert not m.Realisation.objects.filter(indicator__element__key="P0605", year=2019).exists()


def test_rupiah_are_exact_decimals(kukar):
    budget = m.Budget.objects.get(element__key="P01.K01", kind="renstra_end", element__strategic_plan__agency=kukar)
    assert str(budget.amount) == "35000000.00"


@pytest.mark.parametrize(
    ("file", "old", "new", "row", "column"),
    [
        ("dinsos-kukar/evaluasi-2019.csv", "13,083,687,000", "1.5277.858.386,00", 3, "target_renstra_rp"),
        ("dinsos-kukar/evaluasi-2019.csv", ',1200,"4,200,000",1200', ',12..0,"4,200,000",1200', 4, "target_k"),
        ("dinsospm-tarakan/evaluasi-2022.csv", "P0601.K202,P0601,kegiatan", "P0601.K202,P9999,kegiatan", 3,
         "parent"),
        ("dinsospm-tarakan/evaluasi-2022.csv", ",Cepat Berkembang,", ",Sangat Maju,", None, "target_renstra"),
        ("dinsospm-tarakan/evaluasi-2022.csv", "1.06.01.2.02.0001", "1.06.1.2.2", None, "code"),
    ],
)
def test_malformed_value_names_file_row_and_column_and_changes_nothing(db, data_copy, file, old, new, row, column):
    before = table_counts()
    replace_in(data_copy / file, old, new)
    with pytest.raises(DemoDataError) as error:
        load_demo(data_copy)
    assert error.value.path.name == Path(file).name
    assert error.value.column == column
    if row is not None:
        assert error.value.row == row
    assert file.split("/")[-1] in str(error.value)
    assert table_counts() == before


def test_non_utf8_file_is_refused(db, data_copy):
    before = table_counts()
    path = data_copy / "dinsos-kukar" / "evaluasi-2019.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace") + b"\xff\xfe")
    with pytest.raises(DemoDataError, match="UTF-8"):
        load_demo(data_copy)
    assert table_counts() == before


def test_missing_column_is_refused(db, data_copy):
    replace_in(data_copy / "dinsos-kukar" / "evaluasi-2019.csv", "realisasi_k,", "realisasi_kinerja,")
    with pytest.raises(DemoDataError, match="realisasi_k"):
        load_demo(data_copy)


def test_unknown_unit_is_refused(db, data_copy):
    replace_in(data_copy / "dinsospm-tarakan" / "evaluasi-2022.csv", ",umum-kepegawaian,", ",bidang-hilang,")
    with pytest.raises(DemoDataError, match="bidang-hilang"):
        load_demo(data_copy)


def test_empty_folder_is_refused(tmp_path, db):
    with pytest.raises(DemoDataError, match="agency.toml"):
        load_demo(tmp_path)


def test_demo_rebuilds_after_the_app_was_used(kukar):
    from django.contrib.auth import get_user_model

    from kinerja.realisation.services import transition

    operator = get_user_model().objects.get(username="operator.rehsos.kukar")
    transition(operator, kukar, kukar.units.get(key="rehsos"), 2019, 1, "submit")
    m.Narrative.objects.create(agency=kukar, document="renja", year=2021, section="penutup", text="Penutup")
    before = table_counts()
    load_demo()
    assert table_counts() == before


def test_a_kegiatan_moved_to_another_program_keeps_its_earlier_place(kukar):
    """Seed 000: BPNT is under Perlindungan dan Jaminan Sosial in 2019 and under Penanganan Fakir Miskin
    (0106.28.002) in the 2021 plan. 2019 keeps its structure; 2021 has its own element, linked by maps_to."""
    earlier = m.PlanElement.objects.get(strategic_plan__agency=kukar, key="P08.K02")
    later = earlier.maps_to
    assert earlier.parent.key == "P08"
    assert later is not None and later.key == "P08.K02@2021"
    assert later.parent.key == "P06" and later.code == "0106.28.002"
