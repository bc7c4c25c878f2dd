"""A Result is a value or the reason there is none, never both."""

from decimal import Decimal

import pytest

from kinerja.engine import Reason, Result, reason_text


def test_of_gives_a_defined_result():
    result = Result.of(Decimal("117.03"), unit="%")
    assert result.defined
    assert (result.value, result.reason, result.unit) == (Decimal("117.03"), None, "%")


def test_undefined_gives_the_reason_and_detail():
    result = Result.undefined(Reason.UNIT_MISMATCH, "Orang, Orang/bulan")
    assert not result.defined
    assert (result.value, result.reason, result.detail) == (None, Reason.UNIT_MISMATCH, "Orang, Orang/bulan")


@pytest.mark.parametrize(
    "kwargs", [{"value": None}, {"value": Decimal(1), "reason": Reason.NO_TARGET}], ids=["neither", "both"]
)
def test_exactly_one_of_value_and_reason(kwargs):
    with pytest.raises(ValueError):
        Result(**kwargs)


def test_a_float_value_is_a_programming_error():
    with pytest.raises(TypeError):
        Result.of(0.1)


def test_zero_is_a_defined_value():
    assert Result.of(Decimal(0)).defined


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_indonesian_and_english_text(reason):
    assert reason_text(reason) == reason.value
    english = reason_text(reason, "en")
    assert english and english != reason.value


@pytest.mark.parametrize(
    ("reason", "id_text"),
    [
        (Reason.NO_TARGET, "tidak ada target pada tahun ini"),
        (Reason.TARGET_ZERO, "target 0: capaian tidak dapat dihitung"),
        (Reason.NOT_REPORTED, "realisasi belum dilaporkan"),
        (Reason.UNIT_MISMATCH, "satuan berbeda: nilai tidak dapat dibandingkan atau dijumlahkan"),
        (Reason.NOT_ON_SCALE, "kategori tidak ada pada skala"),
        (Reason.NO_BUDGET, "tidak ada anggaran"),
        (Reason.BELOW_FULL_ACHIEVEMENT, "efisiensi hanya dihitung bila capaian kinerja ≥ 100 %"),
        (Reason.NO_ROWS, "tidak ada baris dengan capaian terdefinisi"),
    ],
)
def test_reason_sentences(reason, id_text):
    assert reason == id_text


def test_reason_text_refuses_unknown_language():
    with pytest.raises(ValueError):
        reason_text(Reason.NO_TARGET, "fr")


def test_explanation_joins_reason_and_detail():
    result = Result.undefined(Reason.UNIT_MISMATCH, "Orang, Orang/bulan")
    assert result.explanation() == f"{Reason.UNIT_MISMATCH.value} (Orang, Orang/bulan)"
    assert result.explanation("en").startswith("different units")
    assert Result.of(Decimal(1)).explanation() == ""
