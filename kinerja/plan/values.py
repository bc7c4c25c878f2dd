"""How a value typed or imported becomes a stored value: one home for every door.

The entry screens, plan editing, the importer and the command line all read a value through these functions, so
the same text gives the same value or the same refusal whichever way it comes in: RULES §9 reading (with magnitude
words), the column's limits (digits, decimals, sign — refused, never rounded or cut), who may set an annual total,
and the plausibility warnings that are kept beside a value for whoever verifies and approves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kinerja.engine import (
    NumberFormatError,
    NumberKind,
    check_bounds,
    format_count,
    format_rupiah,
    plain_text,
    read_number,
    same_unit,
)
from kinerja.reports.lang import current_lang

from . import models as m

REALISATION_VALUE = m.Realisation._meta.get_field("value")
COUNT_PART = m.Realisation._meta.get_field("numerator")
TARGET_VALUE = m.Target._meta.get_field("value")
AMOUNT = m.Budget._meta.get_field("amount")

# A realisation above three times the year's target is worth a second look.
OUTLIER_FACTOR = Decimal(3)


class ValueRefused(ValueError):
    """A value that cannot be stored, with the reason in the reader's language. Nothing was stored."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def number_kind(indicator) -> NumberKind:
    """How an indicator's values are read (``indicator`` is a model instance or an import snapshot)."""
    return NumberKind.PERCENT if indicator.value_kind == m.Indicator.ValueKind.PERCENT else NumberKind.COUNT


def read_bounded(text: str, field, kind: NumberKind) -> tuple[Decimal, str]:
    """The value and unit written in ``text``, checked against the column ``field`` will be stored in."""
    try:
        reading = read_number(text, kind)
        check_bounds(reading.value, field.bounds, kind, text)
    except NumberFormatError as exc:
        raise ValueRefused(exc.reason_in(current_lang())) from None
    return reading.value, reading.unit or ""


def check_stored(value: Decimal, field, kind: NumberKind = NumberKind.COUNT) -> Decimal:
    """A number that was not typed (an XLSX number cell, a computed ratio) checked against its column."""
    try:
        check_bounds(value, field.bounds, kind)
    except NumberFormatError as exc:
        raise ValueRefused(exc.reason_in(current_lang())) from None
    return value


def read_amount(text: str) -> Decimal:
    """A Rupiah amount (pagu, realisasi anggaran): ``Rp 10 jt`` = 10.000.000, at most two decimals, not negative."""
    value, _unit = read_bounded(text, AMOUNT, NumberKind.RUPIAH)
    return value


def may_set_annual_total(user, agency) -> bool:
    """A year held as one total (from a published document, without quarters) is the perencana's to set or change:
    it bypasses the quarters' submission, verification and approval. ``user`` None is the command line."""
    from kinerja.accounts.permissions import Capability, can

    return user is None or can(user, Capability.EDIT_PLAN, agency)


# -- plausibility ---------------------------------------------------------------------------------------------

WARNINGS = {
    "negative_count": _("nilai negatif untuk indikator berupa jumlah"),
    "percent_range": _("persentase %(value)s di luar rentang wajar %(low)s–%(high)s"),
    "above_target": _("realisasi %(value)s di atas %(percent)s %% target tahun ini (%(target)s): periksa kembali"),
    "unit": _("satuan %(unit)s berbeda dari satuan indikator %(satuan)s"),
    "above_pagu": _("realisasi anggaran tahun ini (Rp %(total)s) melebihi pagu (Rp %(pagu)s)"),
    "no_pagu": _("tidak ada pagu untuk realisasi anggaran ini"),
}


@dataclass(frozen=True)
class ValueWarning:
    """A plausibility warning: stored with the value as ``{"key": …, "values": {…}}``, shown in the reader's
    language. A warning never blocks a save."""

    key: str
    values: dict

    def as_stored(self) -> dict:
        return {"key": self.key, "values": self.values}

    def __str__(self) -> str:
        return warning_text(self.as_stored())


# Stored as plain decimal text ("1250.5") so that a warning reads the same in any language; shown in the reader's.
_PLAIN_NUMBERS = ("value", "low", "high", "target", "percent")


def warning_text(stored: dict) -> str:
    template = WARNINGS.get(stored.get("key", ""))
    if template is None:
        return str(stored)
    values = dict(stored.get("values", {}))
    for key in _PLAIN_NUMBERS:
        if key in values:
            values[key] = _shown(values[key])
    return str(template) % values


def _shown(text: object) -> str:
    try:
        return format_count(Decimal(str(text)), current_lang())
    except (InvalidOperation, ValueError, TypeError):
        return str(text)


def percent_range() -> tuple[Decimal, Decimal]:
    low, high = getattr(settings, "PLAUSIBLE_PERCENT_RANGE", (0, 100))
    return Decimal(low), Decimal(high)


def value_warnings(indicator, value: Decimal | None, unit: str, target: Decimal | None) -> list[ValueWarning]:
    """What is implausible about a realisation ``value`` written in ``unit`` against the year's ``target``."""
    found = []
    if unit and not same_unit(unit, indicator.satuan):
        found.append(ValueWarning("unit", {"unit": unit, "satuan": indicator.satuan or "—"}))
    if value is None:
        return found
    if value < 0 and indicator.value_kind in (m.Indicator.ValueKind.NUMBER, m.Indicator.ValueKind.RATIO):
        found.append(ValueWarning("negative_count", {}))
    low, high = percent_range()
    if indicator.value_kind == m.Indicator.ValueKind.PERCENT and not low <= value <= high:
        found.append(ValueWarning("percent_range", {"value": plain_text(value), "low": plain_text(low),
                                                    "high": plain_text(high)}))
    if target is not None and target > 0 and value > target * OUTLIER_FACTOR:
        found.append(ValueWarning("above_target", {"value": plain_text(value),
                                                   "percent": plain_text(OUTLIER_FACTOR * 100),
                                                   "target": plain_text(target)}))
    return found


def amount_warnings(year_total: Decimal, pagu: Decimal | None) -> list[ValueWarning]:
    """A budget realisation whose year so far exceeds the pagu, or that has no pagu to be spent against."""
    if pagu is None or pagu == 0:
        return [ValueWarning("no_pagu", {})]
    if year_total > pagu:
        return [ValueWarning("above_pagu", {"total": format_rupiah(year_total), "pagu": format_rupiah(pagu)})]
    return []
