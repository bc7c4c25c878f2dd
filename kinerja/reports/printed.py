"""Computed vs printed: where a published document differs from what the rules give, and the likely why."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from kinerja.engine import NumberFormatError, NumberKind, Result, read_number, reason_text

from .lang import current_lang

# Lazy: a cause is written in the active language; a Difference holds it as text (str()), which still compares
# equal to the lazy constant in the same language.
PRINTED_NOTHING = _("dokumen tidak mencetak nilai, aturan memberi nilai")
DOES_NOT_FOLLOW = _("tidak sesuai dengan data tersimpan")
# Causes shared by every table that prints parents' pagu and codes.
CHILDREN_SUM = _("tidak sama dengan jumlah rincian di bawahnya")
CODE_PRINTED = _("kode tercetak tidak sesuai kodefikasi")


@dataclass(frozen=True)
class Explanation:
    """A value the printed figure would have if the document had made a known mistake."""

    value: Decimal
    cause: str


@dataclass(frozen=True)
class Difference:
    printed: str
    printed_value: Decimal | str | None
    computed: Decimal | str | None
    cause: str

    def as_dict(self) -> dict:
        return {"printed": self.printed, "computed": plain(self.computed), "cause": self.cause}


def plain(value: Decimal | str | None) -> str | None:
    """A computed value for display beside a printed one: at most two decimals, no trailing zeros."""
    if value is None or isinstance(value, str):
        return value
    if value != value.quantize(Decimal("0.01")):
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def tolerance(decimals: int) -> Decimal:
    """Half a unit of the printed precision: a rounding difference within it is not a difference."""
    return Decimal(5) * Decimal(10) ** -(decimals + 1)


def read_printed(text: str, kind: NumberKind) -> tuple[Decimal | None, int, str | None]:
    """(value, printed decimals, error). A dash or nothing printed reads as no value."""
    if text.strip() in ("", "-", "—"):
        # Accountants print nil Rupiah as a dash; elsewhere a dash means nothing was printed.
        return (Decimal(0), 0, None) if kind == NumberKind.RUPIAH and text.strip() else (None, 0, None)
    try:
        reading = read_number(text, kind)
    except NumberFormatError as exc:
        return None, 0, str(exc)
    return reading.value, reading.decimals, None


def compare_number(
    computed: Result,
    printed: str,
    kind: NumberKind,
    explanations: tuple[Explanation, ...] = (),
) -> Difference | None:
    """Compare a computed figure with the printed text; None when they agree within the printed precision."""
    if not printed:
        return None
    value, decimals, error = read_printed(printed, kind)
    if error and kind == NumberKind.RUPIAH and computed.value is not None:
        # Seed 003 Tabel 3.12 prints "19,639,237,601,00": separators out of place, the digits those of the stored
        # amount. A figure whose digits read as the computed value is that value (as the verifier judges it,
        # issue 14 item 8); one whose digits read otherwise stays unreadable.
        from kinerja.verify.check import digits_only

        salvaged = digits_only(printed)
        if salvaged is not None and abs(salvaged - computed.value) <= tolerance(2):
            return None
    if error:
        cause = str(_("angka tercetak tidak terbaca: %(error)s")) % {"error": error}
        return Difference(printed, None, computed.value, cause)
    if value is None:
        if computed.value is None:
            return None
        return Difference(printed, None, computed.value, str(PRINTED_NOTHING))
    if computed.value is None:
        cause = reason_text(computed.reason, current_lang()) if computed.reason else str(DOES_NOT_FOLLOW)
        return Difference(printed, value, None, cause)
    margin = tolerance(decimals)
    if abs(computed.value - value) <= margin:
        return None
    for explanation in explanations:
        if abs(explanation.value - value) <= margin:
            return Difference(printed, value, computed.value, explanation.cause)
    return Difference(printed, value, computed.value, str(DOES_NOT_FOLLOW))


def compare_label(computed: str | None, printed: str, cause: str = DOES_NOT_FOLLOW) -> Difference | None:
    if not printed:
        return None
    if printed.strip() in ("-", "—"):
        return None if computed is None else Difference(printed, None, computed, str(PRINTED_NOTHING))
    if computed is not None and " ".join(printed.split()).casefold() == computed.casefold():
        return None
    return Difference(printed, printed, computed, str(cause))


def with_printed_numbers(agency, report: str, year: int, columns: list) -> list:
    """The table's columns numbered as its document printed them, where the document's numbers were recorded (a
    ``PrintedFigure`` of the table without element or indicator, column ``#<figure>``, e.g. ``(2)`` for the name
    column of seed 001 Tabel 3): each column gets its printed number, a column the document did not number ``""``.
    Nothing recorded: the columns as they are (the builder's numbers are the printed ones)."""
    from kinerja.plan.models import PrintedFigure

    numbers = {column[1:]: text for column, text in PrintedFigure.objects.filter(
        agency=agency, report=report, year=year, element=None, indicator=None, column__startswith="#",
    ).values_list("column", "text")}
    if not numbers:
        return columns
    return [replace(c, printed=numbers.get(c.figure, "")) for c in columns]
