"""Any table reads into rows and compares with a plan without an unexpected exception: a problem is reported,
never a traceback (hypothesis over ragged tab-separated grids with header words, codes, numbers and dashes)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.imports.matching import Options, match
from kinerja.imports.reading import ImportReadError, load_grid, read_rows, recognise_layout
from kinerja.imports.snapshot import ElementSnap, IndicatorSnap, PlanState

WORDS = ["Kode", "Program", "Kegiatan", "Indikator", "Satuan", "Target", "Pagu", "Rp", "K", "TW I", "TW II",
         "Realisasi", "No", "Sasaran", "1.06.01", "1.06.01.2.01", "01", "2.01.", "0 9", "0000.01.001", "12",
         "100 %", "3.926.440.000", "1,5", "-", "\u2014", "Jumlah", "Rata-rata", "Orang/bulan", "12 Orang", "", "x"]


def state(scheme: str) -> PlanState:
    plan = PlanState(agency_pk=1, agency_slug="uji", plan_pk=1, plan_name="Renstra uji", scheme=scheme, year=2024)
    plan.elements[1] = ElementSnap(1, "P1", "1.06.01" if scheme == "permendagri-90" else "0000.01", "Program",
                                   "program", None, None, 1, 0)
    plan.indicators[1] = IndicatorSnap(1, 1, "Indikator", "%", "percent", None, (), None, 0, 0)
    return plan


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9), min_size=1, max_size=10),
       st.sampled_from(["plan", "realisation"]), st.sampled_from(["permendagri-90", "pra-2020"]),
       st.sampled_from(["", "1.06"]), st.sampled_from([None, 2]))
def test_any_grid_is_read_and_compared_or_refused(rows, kind, scheme, prefix, quarter):
    data = "\n".join("\t".join(cells) for cells in rows).encode()
    try:
        grid = load_grid(data, "tempel.txt", max_bytes=1_000_000)
    except ImportReadError as exc:
        assert str(exc)
        return
    layout = recognise_layout(grid, 2024)
    source, problems = read_rows(grid, layout)
    preview = match(source, state(scheme), Options(kind=kind, year=2024, quarter=quarter, code_prefix=prefix),
                    grid.sheet)
    for problem in [*problems, *preview.problems]:
        assert problem.message and problem.where.text()
    preview.fingerprint()
