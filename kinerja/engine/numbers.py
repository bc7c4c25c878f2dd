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
    "Bounds",
    "NumberFormatError",
    "NumberKind",
    "Reading",
    "format_count",
    "format_number",
    "format_percent",
    "format_rupiah",
    "check_bounds",
    "read_number",
    "significant_decimals",
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
    """A text that is not a number by the rules of RULES.md §9 (``.text``, ``.reason`` in English, and
    ``reason_in(lang)`` for the reader's language)."""

    def __init__(self, text: str, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(text, self.reason_in("en"))

    def reason_in(self, lang: str = "id") -> str:
        indonesian, english = _REASONS[self.key]
        return (english if lang == "en" else indonesian).format(**self.values)


# Each reason in Indonesian and English: the entry screens and the importer show them to the person who typed.
_REASONS = {
    "empty": ("kosong: tidak ada angka", "empty: there is no number"),
    "dash": ("tanda pisah, bukan angka (arti tanda pisah ditentukan oleh kolomnya)",
             "a dash, not a number (what a dash means is for the caller to decide)"),
    "no_number": ("tidak diawali angka", "no number at the start of the text"),
    "ends_with_separator": ("angka diakhiri tanda pemisah", "the number ends with a separator"),
    "two_separators": ("dua tanda pemisah berurutan", "two separators in a row"),
    "decimal_mark_repeated": (
        "'.' dan ',' sama-sama dipakai, sehingga yang terakhir ({mark!r}) adalah tanda desimal, tetapi muncul "
        "lebih dari sekali",
        "both '.' and ',' are used, so the last one ({mark!r}) is the decimal mark, but it appears more than once"),
    "ambiguous_percent": ("meragukan pada kolom persen: {digits!r} dapat berarti {whole} atau {decimal}",
                          "ambiguous in a percent field: {digits!r} may be {whole} or {decimal}"),
    "thousands_groups": ("kelompok ribuan harus tiga angka (kelompok pertama satu sampai tiga)",
                         "thousands groups must have three digits (the first one to three)"),
    "leading_zero": ("angka yang ditulis dengan kelompok ribuan tidak boleh diawali 0",
                     "a number written in thousands groups cannot start with 0"),
    "not_a_unit": ("teks setelah angka ({unit!r}) bukan satuan", "the text after the number ({unit!r}) is not a unit"),
    "unit_not_separated": ("satuan {unit!r} harus dipisahkan dari angka dengan spasi",
                           "the unit {unit!r} must be separated from the number by a space"),
    "second_number": ("satuan {unit!r} memuat angka lain; tulis satu nilai per sel",
                      "the unit {unit!r} holds another number; write one value per cell"),
    "rupiah_unit": ("jumlah rupiah tidak bersatuan ({unit!r}); besaran ditulis rb, ribu, jt, juta, M, miliar, "
                    "T atau triliun",
                    "a Rupiah amount has no unit ({unit!r}); magnitudes are rb, ribu, jt, juta, M, miliar, T or "
                    "triliun"),
    "magnitude_in_percent": ("persentase tidak ditulis dengan besaran {word!r}",
                             "a percentage is not written with the magnitude {word!r}"),
    "ambiguous_magnitude": ("{word!r} meragukan: dapat berarti {meaning} atau satuan; tulis {full} atau satuannya "
                            "lengkap", "{word!r} is ambiguous: it may mean {meaning_en} or a unit; write {full} or "
                            "the unit in full"),
    "too_many_decimals": ("paling banyak {places} angka di belakang koma (tertulis {written})",
                          "at most {places} decimals (written: {written})"),
    "rupiah_decimals": ("rupiah paling banyak dua angka di belakang koma (sen); tertulis {written}",
                        "Rupiah carry at most two decimals (sen); written: {written}"),
    "too_large": ("terlalu besar: paling banyak {digits} angka sebelum koma",
                  "too large: at most {digits} digits before the decimal mark"),
    "negative": ("tidak boleh negatif", "cannot be negative"),
}


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
        raise NumberFormatError(text, "empty")
    body = _RUPIAH_PREFIX.sub("", body, count=1) if _RUPIAH_PREFIX.match(body) else body
    if body in {"-", "\u2212", "\u2013", "\u2014"}:
        raise NumberFormatError(text, "dash")
    body = _NO_CENTS_SUFFIX.sub("", body)
    match = _NUMBER.fullmatch(body)
    if match is None:
        raise NumberFormatError(text, "no_number")
    canonical, decimals = _read_digits(text, match["digits"], kind)
    value = Decimal(canonical)
    if match["sign"] in {"-", "\u2212"} and value != 0:
        value = -value
    value, decimals, unit = _apply_magnitude(text, value, decimals, _read_unit(text, match["rest"]), kind)
    if kind is NumberKind.RUPIAH and unit is not None:
        raise NumberFormatError(text, "rupiah_unit", unit=unit)
    return Reading(value=value, unit=unit, decimals=decimals, text=text)


# Magnitude words after a number, as Indonesian amounts are written ("Rp 10 jt", "2,5 miliar"): powers of ten.
_MAGNITUDES = {"rb": 3, "rb.": 3, "ribu": 3, "jt": 6, "jt.": 6, "juta": 6, "m": 9, "miliar": 9, "milyar": 9,
               "t": 12, "triliun": 12, "trilyun": 12}
# In a count, a lone M or T may be a unit (meter, ton) as well as miliar or triliun: refused, not guessed.
_AMBIGUOUS_IN_COUNTS = {"m": ("miliar", "miliar (billion)"), "t": ("triliun", "triliun (trillion)")}


def _apply_magnitude(text: str, value: Decimal, decimals: int, unit: str | None,
                     kind: NumberKind) -> tuple[Decimal, int, str | None]:
    """``10 jt`` → 10 000 000 exactly; the rest of the text after the word stays the unit (``1,5 juta jiwa``)."""
    if unit is None:
        return value, decimals, unit
    word, _, rest = unit.partition(" ")
    exponent = _MAGNITUDES.get(word.casefold())
    if exponent is None:
        return value, decimals, unit
    if kind is NumberKind.PERCENT:
        raise NumberFormatError(text, "magnitude_in_percent", word=word)
    if kind is NumberKind.COUNT and word.casefold() in _AMBIGUOUS_IN_COUNTS:
        if word.islower():
            return value, decimals, unit  # "12 m": metres
        full, meaning_en = _AMBIGUOUS_IN_COUNTS[word.casefold()]
        raise NumberFormatError(text, "ambiguous_magnitude", word=word, meaning=full, meaning_en=meaning_en,
                                full=full)
    # format(…, "f") writes every digit: no context precision can round the scaled value.
    scaled = Decimal(format(value.scaleb(exponent), "f"))
    return scaled, max(decimals - exponent, 0), rest or None


@dataclass(frozen=True)
class Bounds:
    """What a stored column can hold: digits before and after the decimal mark, and whether a value may be
    negative. A value outside them is refused with the reason, never rounded or cut to fit."""

    integer_digits: int
    decimal_places: int
    negative: bool = True

    @classmethod
    def of_column(cls, max_digits: int, decimal_places: int, *, negative: bool = True) -> Bounds:
        return cls(max_digits - decimal_places, decimal_places, negative)

    @property
    def largest(self) -> Decimal:
        return Decimal(10) ** self.integer_digits - Decimal(1).scaleb(-self.decimal_places)


def check_bounds(value: Decimal, bounds: Bounds, kind: NumberKind = NumberKind.COUNT, text: str | None = None) -> None:
    """Raise NumberFormatError when ``value`` does not fit ``bounds`` (trailing zeros after the mark are no
    decimals: ``12,50`` has one)."""
    text = format(value, "f") if text is None else text
    places = significant_decimals(value)
    if places > bounds.decimal_places:
        if kind is NumberKind.RUPIAH and bounds.decimal_places == 2:
            raise NumberFormatError(text, "rupiah_decimals", written=places)
        raise NumberFormatError(text, "too_many_decimals", places=bounds.decimal_places, written=places)
    if value != 0 and value.adjusted() >= bounds.integer_digits:
        raise NumberFormatError(text, "too_large", digits=bounds.integer_digits)
    if value < 0 and not bounds.negative:
        raise NumberFormatError(text, "negative")


def significant_decimals(value: Decimal) -> int:
    """The decimals ``value`` needs: ``Decimal("12.500")`` → 1, ``Decimal("1E+3")`` → 0."""
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    places, end = -exponent, len(digits)
    while places and end and digits[end - 1] == 0:
        places, end = places - 1, end - 1
    return places


def _read_digits(text: str, digits: str, kind: NumberKind) -> tuple[str, int]:
    """Return the digits in Python notation (``"1234.5"``) and the number of decimals written."""
    if digits[-1] in ".,":
        raise NumberFormatError(text, "ends_with_separator")
    if re.search(r"[.,]{2}", digits):
        raise NumberFormatError(text, "two_separators")
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands_mark = "," if decimal_mark == "." else "."
        if digits.count(decimal_mark) > 1:
            raise NumberFormatError(text, "decimal_mark_repeated", mark=decimal_mark)
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
            raise NumberFormatError(text, "ambiguous_percent", digits=digits, whole=whole + fraction,
                                    decimal=decimal_reading)
        return _join_groups(text, groups), 0
    return whole + "." + fraction, len(fraction)


def _join_groups(text: str, groups: list[str]) -> str:
    first, rest = groups[0], groups[1:]
    if not 1 <= len(first) <= 3 or any(len(group) != 3 for group in rest):
        raise NumberFormatError(text, "thousands_groups")
    if first.startswith("0"):
        raise NumberFormatError(text, "leading_zero")
    return "".join(groups)


def _read_unit(text: str, rest: str) -> str | None:
    unit = _WHITESPACE.sub(" ", rest).strip()
    if not unit:
        return None
    if not (unit[0].isalpha() or unit[0] == "%"):
        raise NumberFormatError(text, "not_a_unit", unit=unit)
    # "12OO" is a mistyped 1200, not 12 of a unit "OO": only "%" may follow the digits without a space.
    if not (rest[0].isspace() or rest[0] == "%"):
        raise NumberFormatError(text, "unit_not_separated", unit=unit)
    # A unit may hold a digit stuck to a letter ("m2"), but not a second number ("390 Jenis/710 item").
    if any(m.start() == 0 or not unit[m.start() - 1].isalpha() for m in re.finditer(r"[0-9]+", unit)):
        raise NumberFormatError(text, "second_number", unit=unit)
    return unit


def plain_text(value: object) -> str:
    """A stored value as plain text for audit entries and form fields: ``Decimal("12.500000")`` → ``"12.5"``, no
    exponent, no rounding; None → ``""``; anything else as ``str``."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


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
