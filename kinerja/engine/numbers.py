"""Numbers as people write them, and as Kinerja prints them (RULES.md §9).

The seeds mix Indonesian (``1.234.567,89``) and English (``1,234,567.89``) notation, sometimes in one table,
and write units after the number (``12.500 KPM``). Reading follows fixed rules and refuses anything they do
not settle: a wrong number read silently is worse than an import that stops and names the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum

from kinerja.engine._errors import FormatError

__all__ = [
    "NumberFormatError",
    "NumberKind",
    "Reading",
    "format_count",
    "format_number",
    "format_percent",
    "format_rupiah",
    "read_number",
]

#: Printed where a value is undefined; the reason is shown beside it, never a 0.
UNDEFINED = "—"


class NumberKind(StrEnum):
    """What a field holds: it decides how ``1.503`` (one mark, three digits after it) is read."""

    COUNT = "count"
    RUPIAH = "rupiah"
    PERCENT = "percent"


@dataclass(frozen=True)
class Reading:
    """A number read from text: its value, the unit written after it, and its printed precision."""

    value: Decimal
    unit: str | None
    decimals: int
    text: str


class NumberFormatError(FormatError):
    """A text that is not a number by the rules of RULES.md §9 (``.text``, ``.reason``)."""


_RUPIAH_PREFIX = re.compile(r"rp\.?\s*", re.IGNORECASE)
# "Rp. 5.176.219.306,-": the dash says "no cents"; only taken off right after a digit.
_NO_CENTS_SUFFIX = re.compile(r"(?<=[0-9])[.,]?-$")
# ASCII digits only: Decimal() would also accept other scripts' digits, which no seed uses.
_NUMBER = re.compile(r"(?P<sign>[-+\u2212])?(?P<digits>[0-9][0-9.,]*)(?P<rest>.*)", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
_MARKS = {"id": (".", ","), "en": (",", ".")}


def read_number(text: str, kind: NumberKind = NumberKind.COUNT) -> Reading:
    """Read one cell: ``"12.500 KPM"`` → 12500, unit ``"KPM"``.

    Raises NumberFormatError, with the reason, for anything the rules do not settle.
    """
    kind = NumberKind(kind)
    body = text.strip()  # str.strip() also removes NBSP and the other Unicode spaces
    if not body:
        raise NumberFormatError(text, "empty: there is no number")
    body = _RUPIAH_PREFIX.sub("", body, count=1) if _RUPIAH_PREFIX.match(body) else body
    if body in {"-", "\u2212", "\u2013", "\u2014"}:
        raise NumberFormatError(text, "a dash, not a number (what a dash means is for the caller to decide)")
    body = _NO_CENTS_SUFFIX.sub("", body)
    match = _NUMBER.fullmatch(body)
    if match is None:
        raise NumberFormatError(text, "no number at the start of the text")
    canonical, decimals = _read_digits(text, match["digits"], kind)
    value = Decimal(canonical)
    if match["sign"] in {"-", "\u2212"} and value != 0:
        value = -value
    return Reading(value=value, unit=_read_unit(text, match["rest"]), decimals=decimals, text=text)


def _read_digits(text: str, digits: str, kind: NumberKind) -> tuple[str, int]:
    """Return the digits in Python notation (``"1234.5"``) and the number of decimals written."""
    if digits[-1] in ".,":
        raise NumberFormatError(text, "the number ends with a separator")
    if re.search(r"[.,]{2}", digits):
        raise NumberFormatError(text, "two separators in a row")
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands_mark = "," if decimal_mark == "." else "."
        if digits.count(decimal_mark) > 1:
            raise NumberFormatError(
                text,
                f"both '.' and ',' are used, so the last one ({decimal_mark!r}) is the decimal mark, "
                "but it appears more than once",
            )
        whole, fraction = digits.split(decimal_mark)
        return _join_groups(text, whole.split(thousands_mark)) + "." + fraction, len(fraction)
    if not dots and not commas:
        return digits, 0
    mark = "." if dots else ","
    groups = digits.split(mark)
    if len(groups) > 2:  # one kind of mark repeated: thousands
        return _join_groups(text, groups), 0
    whole, fraction = groups
    if len(fraction) == 3:
        if kind is NumberKind.PERCENT:
            decimal_reading = f"{whole},{fraction}".rstrip("0").rstrip(",")
            raise NumberFormatError(
                text,
                f"ambiguous in a percent field: {digits!r} may be {whole}{fraction} or {decimal_reading}",
            )
        return _join_groups(text, groups), 0
    return whole + "." + fraction, len(fraction)


def _join_groups(text: str, groups: list[str]) -> str:
    first, rest = groups[0], groups[1:]
    if not 1 <= len(first) <= 3 or any(len(group) != 3 for group in rest):
        raise NumberFormatError(text, "thousands groups must have three digits (the first one to three)")
    if first.startswith("0"):
        raise NumberFormatError(text, "a number written in thousands groups cannot start with 0")
    return "".join(groups)


def _read_unit(text: str, rest: str) -> str | None:
    unit = _WHITESPACE.sub(" ", rest).strip()
    if not unit:
        return None
    if not (unit[0].isalpha() or unit[0] == "%"):
        raise NumberFormatError(text, f"the text after the number ({unit!r}) is not a unit")
    # "12OO" is a mistyped 1200, not 12 of a unit "OO": only "%" may follow the digits without a space.
    if not (rest[0].isspace() or rest[0] == "%"):
        raise NumberFormatError(text, f"the unit {unit!r} must be separated from the number by a space")
    # A unit may hold a digit stuck to a letter ("m2"), but not a second number ("390 Jenis/710 item").
    if any(m.start() == 0 or not unit[m.start() - 1].isalpha() for m in re.finditer(r"[0-9]+", unit)):
        raise NumberFormatError(text, f"the unit {unit!r} holds another number; write one value per cell")
    return unit


def format_number(value: Decimal | None, places: int = 2, lang: str = "id") -> str:
    """``1234567.891`` → ``"1.234.567,89"`` (``lang="en"``: ``"1,234,567.89"``); None → ``"—"``."""
    if value is None:
        return UNDEFINED
    if places < 0:
        raise ValueError(f"places must be 0 or more, got {places}")
    try:
        thousands_mark, decimal_mark = _MARKS[lang]
    except KeyError:
        raise ValueError(f"lang must be one of {sorted(_MARKS)}, got {lang!r}") from None
    if not isinstance(value, (Decimal, int)) or isinstance(value, bool):
        raise TypeError(f"value must be a Decimal, got {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"cannot format {value!r}")
    # The precision must hold every digit of the result, however large the value.
    with localcontext(Context(prec=max(28, value.adjusted() + places + 2), rounding=ROUND_HALF_UP)):
        rounded = value.quantize(Decimal(1).scaleb(-places))
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = f"{int(whole):,}".replace(",", thousands_mark)
    if fraction:
        text += decimal_mark + fraction
    return f"-{text}" if rounded < 0 else text  # a value that rounds to 0 prints without a sign


def format_percent(value: Decimal | None, places: int = 2, lang: str = "id") -> str:
    """``117.0253…`` → ``"117,03 %"``; None → ``"—"``."""
    return UNDEFINED if value is None else f"{format_number(value, places, lang)} %"


def format_rupiah(value: Decimal | None, lang: str = "id") -> str:
    """Whole Rupiah without decimals (``"13.083.687.000"``), otherwise two places (``"1.234.567,89"``)."""
    if value is None:
        return UNDEFINED
    return format_number(value, 0 if _is_integral(value) else 2, lang)


def format_count(value: Decimal | None, lang: str = "id", *, max_places: int | None = None) -> str:
    """As many decimals as the value needs: ``1503`` → ``"1.503"``, ``21.30`` → ``"21,3"``.

    ``max_places`` caps the decimals of a computed value such as 1/3, which would otherwise print 28 digits.
    """
    if value is None:
        return UNDEFINED
    if _is_integral(value):
        return format_number(value, 0, lang)
    places = -int(Decimal(value).normalize().as_tuple().exponent)
    if max_places is not None:
        places = min(places, max_places)
    return format_number(value, places, lang)


def _is_integral(value: Decimal) -> bool:
    value = Decimal(value)
    return value.is_finite() and value == value.to_integral_value()
