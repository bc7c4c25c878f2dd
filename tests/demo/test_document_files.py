"""The LKjIP, PK and IKU files of the demo: what they load, and a malformed cell named by file, row and column."""

import pytest

from kinerja.demo.loader import DemoDataError, load_demo
from kinerja.plan import models as m
from tests.demo.test_loader import data_copy, replace_in, table_counts  # noqa: F401 — fixture

KUKAR = "dinsos-kukar"


def test_the_2021_2026_period_as_transcribed(kukar):
    plan = kukar.strategic_plans.get(first_year=2021)
    elements = m.PlanElement.objects.filter(strategic_plan=plan)
    assert elements.filter(level="tujuan").count() == 2 and elements.filter(level="sasaran").count() == 19
    assert list(elements.filter(level="program").order_by("code").values_list("code", flat=True)) == [
        f"1.06.0{n}" for n in range(1, 8)]
    targets = m.Target.objects.filter(indicator__element__strategic_plan=plan)
    assert targets.filter(kind="pk", year=2023).count() == 21 and targets.filter(kind="pk", year=2022).count() == 2
    assert targets.filter(kind="renja", year=2023).count() == 7
    assert str(targets.get(kind="renstra_end", indicator__element__key="S1").value) == "84.000000"
    ratio = m.Realisation.objects.get(indicator__element__key="S2", indicator__element__strategic_plan=plan,
                                      year=2023)
    assert (ratio.numerator, ratio.denominator) == (17330, 17555)
    budgets = m.Budget.objects.filter(element__strategic_plan=plan)
    assert sum(b.amount for b in budgets.filter(year=2023)) == 49049882101  # the programs, not the printed total
    narratives = m.Narrative.objects.filter(agency=kukar, year=2023)
    # 11 indicators' analyses (analisis-2023.csv), 11 chapters of the LKjIP (naskah-lkjip-2023.csv)
    assert (narratives.filter(indicator__isnull=False).count(), narratives.filter(document="lkjip").count()) == (11, 11)


@pytest.mark.parametrize(
    ("file", "old", "new", "row", "column"),
    [
        ("pk-2023.csv", ',"79,00",1,', ',"79,0,0",1,', 2, "target"),
        ("lkjip-2023-sasaran.csv", "S2,S2.I1,,17.330,17.555", "S2,S2.I9,,17.330,17.555", 3, "ikey"),
        ("lkjip-2023-program.csv", ",5.188,5.188,", ",5.188,,", 5, "penyebut"),
        ("anggaran-2022.csv", '"12.638.567.705,00"', '"12.638.567.705,00 Rp"', 2, "anggaran"),
        ("iku-2020.csv", "Cakupan peningkatan sarana prasarana aparatur (%)", "Cakupan sarana (%)", 4,
         "indicator_ref"),
    ],
)
def test_malformed_cell_names_file_row_and_column(db, data_copy, file, old, new, row, column):  # noqa: F811
    before = table_counts()
    replace_in(data_copy / KUKAR / file, old, new)
    with pytest.raises(DemoDataError) as error:
        load_demo(data_copy)
    assert (error.value.path.name, error.value.row, error.value.column) == (file, row, column)
    assert table_counts() == before
