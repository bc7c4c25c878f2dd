"""A stored plausibility warning keeps its figures as plain decimals and shows them in the reader's format."""

from django.utils import translation

from kinerja.plan.values import warning_text

STORED = {"key": "above_target", "values": {"value": "1250.5", "percent": "300", "target": "12500"}}


def test_figures_shown_in_indonesian_format():
    with translation.override("id"):
        assert warning_text(STORED) == "realisasi 1.250,5 di atas 300 % target tahun ini (12.500): periksa kembali"


def test_figures_shown_in_english_format():
    with translation.override("en"):
        text = warning_text(STORED)
    assert "1,250.5" in text and "12,500" in text and "1250.5" not in text


def test_a_stored_figure_that_is_not_a_number_is_shown_as_stored():
    stored = {"key": "percent_range", "values": {"value": "n/a", "low": "0", "high": "100"}}
    with translation.override("id"):
        assert warning_text(stored) == "persentase n/a di luar rentang wajar 0–100"
