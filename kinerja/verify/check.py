"""The checks: every derived figure of a recognised table recomputed from the others by the rules (RULES.md), and
each printed figure that differs listed as a finding with the rule and, where one is clear, the likely cause.

A derived figure is computed from the *rules'* values of its inputs, not from their printed values: one wrong
figure is one finding, and a figure computed correctly from a wrong printed input is a finding whose cause names
that input. Where a table cannot say which rule applies — a count summed over years is a flow (SUM) or a level
(LAST), and the printed table does not state its aggregation type — either value is accepted; a percentage is a
level, so adding percentages across years is always a finding. Rounding within the printed precision (half a unit
of the last printed digit, or cutting the digits off) is not a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, Context, Decimal, localcontext

from kinerja.engine import (
    SAKIP_SCALES,
    Aggregation,
    AveragePolicy,
    Measured,
    NumberFormatError,
    NumberKind,
    Polarity,
    Reason,
    Result,
    RowAchievement,
    aggregate,
    average_capaian,
    capaian,
    efisiensi,
    format_number,
    format_percent,
    normalise_unit,
    predikat,
    ratio,
    read_number,
    reason_text,
    serapan,
    sisa,
    sum_rupiah,
)

from .messages import text
from .reading import Cell, Grid
from .recognise import Column, Op, Relation, Role, Row, RowKind, Table, recognise

__all__ = ["Finding", "Printed", "Report", "digits_only", "read_printed", "verify_grid"]

DASHES = frozenset({"-", "\u2212", "\u2013", "\u2014"})
HUNDRED = Decimal(100)
_GRADED = re.compile(r"^(?P<number>[-+]?[0-9][0-9.,]*)\s*"
                     r"(?:/\s*(?P<g1>[A-Za-z]{1,3})|\(\s*(?P<g2>[A-Za-z][A-Za-z ]{0,24})\s*\))$")
_COMMA_DECIMAL = re.compile(r"([0-9]{1,3}(?:([.,])[0-9]{3})+)\2([0-9]{2})")
_SEPARATED = re.compile(r"(?:Rp\.?\s*)?(?P<digits>[0-9]+(?:[.,][0-9]+)*)", re.IGNORECASE)
_PERCENT_INDICATOR = re.compile(r"^\s*(?:persentase|presentase|prosentase|cakupan)\b|%", re.IGNORECASE)
_NEGATIVE_HINT = re.compile(r"temuan|kemiskinan|penduduk miskin|pengangguran|kematian|stunting|prevalensi|gizi buruk|"
                            r"angka putus|kasus", re.IGNORECASE)
SAKIP_GRADES = ("AA", "A", "BB", "B", "CC", "C", "D")
_WIDE = Context(prec=80)


@dataclass(frozen=True)
class Finding:
    """One printed figure that differs from the rules."""

    line: int
    row: str
    column: str
    column_number: str | None
    measure: str | None
    header: str
    position: int
    printed: str
    expected: Decimal | str | None
    rule: str
    cause: str | None
    check: str
    table: int
    percent: bool = False

    def expected_text(self, lang: str = "id") -> str | None:
        """The expected value as Kinerja prints it: ``86,19 %``, ``49.049.882.101``, ``BB``; None if undefined."""
        value = self.expected
        if value is None or isinstance(value, str):
            return value
        if self.percent:
            return format_percent(value, 2, lang)
        if value == value.to_integral_value():
            return format_number(value, 0, lang)
        return format_number(value, 2, lang)

    def as_dict(self) -> dict:
        expected = self.expected
        if isinstance(expected, Decimal):
            expected = plain(expected)
        return {
            "row": {"line": self.line, "label": self.row},
            "column": {"name": self.column, "number": self.column_number, "measure": self.measure,
                       "header": self.header, "position": self.position},
            "printed": self.printed,
            "expected": expected,
            "rule": self.rule,
            "cause": self.cause,
            "check": self.check,
            "table": self.table,
        }


@dataclass
class Report:
    source: str
    tables: list[Table]
    findings: list[Finding]
    rows_checked: int
    lang: str = "id"
    sheet: str | None = None
    grid: Grid | None = None
    ratio_tables: int = 0  # tables checked only by their ratio rows (RULES §7), beside ``tables``
    notes: list[Finding] = field(default_factory=list)  # separator typos the table confirms: not findings

    @property
    def table_count(self) -> int:
        return len(self.tables) + self.ratio_tables


def plain(value: Decimal) -> str:
    """A decimal for machine-readable output: at most two decimals, no exponent, no trailing zeros."""
    with localcontext(_WIDE):
        if value != value.quantize(Decimal("0.01")):
            value = value.quantize(Decimal("0.01"))
        result = format(value, "f")
    return result.rstrip("0").rstrip(".") if "." in result else result


# -- printed values --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Printed:
    text: str
    value: Decimal | None = None
    unit: str | None = None
    decimals: int = 0
    error: str | None = None
    salvaged: Decimal | None = None
    salvage_text: str | None = None
    dash: bool = False
    label: bool = False
    grade: str | None = None

    @property
    def blank(self) -> bool:
        return not self.text


def digits_only(text: str) -> Decimal | None:
    """A Rupiah amount read with its separators dropped, the last group of exactly two digits after ',' or '.'
    taken as sen (``19,639,237,601,00`` → 19639237601.00); None unless the text is digits and single separators."""
    match = _SEPARATED.fullmatch(text.strip())
    if match is None:
        return None
    groups = re.split(r"[.,]", match["digits"])
    if len(groups) > 1 and len(groups[-1]) == 2:
        return Decimal("".join(groups[:-1]) + "." + groups[-1])
    return Decimal("".join(groups))


def read_printed(cell: Cell | None, kind: NumberKind, lang: str = "id") -> Printed:
    """A cell read by the engine's number reader (RULES.md §9). A dash is nil in a Rupiah column and "nothing
    printed" elsewhere; text without a digit is a label (a category); a value followed by ``/ B`` or ``(AA)``
    carries a grade."""
    if cell is None or not cell.text:
        return Printed("")
    body = cell.text
    if body in DASHES:
        return Printed(body, value=Decimal(0) if kind is NumberKind.RUPIAH else None, dash=True)
    if cell.number is not None:
        return Printed(body, value=cell.number, unit="%" if body.endswith("%") else None, decimals=cell.decimals or 0)
    if not re.search(r"[0-9]", body):
        return Printed(body, label=True)
    grade = None
    graded = _GRADED.match(body)
    if graded:
        body, grade = graded["number"], (graded["g1"] or graded["g2"]).strip()
    try:
        reading = read_number(body, kind)
    except NumberFormatError as exc:
        value = salvage(body, kind)
        if value is not None:
            return Printed(cell.text, error=exc.reason_in(lang), salvaged=value,
                           salvage_text=format_number(value, decimals_of(value), lang), grade=grade)
        return Printed(cell.text, error=exc.reason_in(lang), grade=grade)
    return Printed(cell.text, value=reading.value, unit=reading.unit, decimals=reading.decimals, grade=grade)


def salvage(body: str, kind: NumberKind) -> Decimal | None:
    """The reading a malformed cell is checked by: a Rupiah amount read by its digits (``digits_only``); elsewhere
    only ``,`` used for both the thousands and the decimal mark."""
    if kind is NumberKind.RUPIAH:
        return digits_only(body)
    comma = _COMMA_DECIMAL.fullmatch(body.strip().removeprefix("Rp").removeprefix(".").strip())
    return Decimal(comma[1].replace(comma[2], "") + "." + comma[3]) if comma else None


def decimals_of(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)


def tolerance(decimals: int) -> Decimal:
    """Half a unit of the printed precision, as ``kinerja.reports.printed.tolerance``."""
    return Decimal(5) * Decimal(10) ** -(decimals + 1)


def within(printed: Printed, value: Decimal) -> bool:
    """The printed figure is ``value`` rounded (or cut off) to the printed precision."""
    if printed.value is None:
        return False
    with localcontext(_WIDE):
        if abs(printed.value - value) <= tolerance(printed.decimals):
            return True
        return value.quantize(Decimal(1).scaleb(-printed.decimals), rounding=ROUND_DOWN) == printed.value


# -- values by the rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    value: Decimal
    cause: str


@dataclass(frozen=True)
class Value:
    """A cell's value for the computations that use it: the rules' value of a derived cell, or the printed value
    of a given one. ``unknown``: it cannot be known (a malformed or non-numeric input), so nothing built on it is
    checked."""

    value: Decimal | None
    unit: str | None = None
    reason: Reason | None = None
    detail: str = ""
    unknown: bool = False
    derived: bool = False
    primary: Decimal | None = None
    alternatives: tuple[Decimal, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    rule: str = ""
    check: str = ""
    default_cause: str | None = None

    def as_result(self) -> Result:
        if self.value is not None:
            return Result.of(self.value, unit=self.unit)
        return Result.undefined(self.reason or Reason.NOT_REPORTED, self.detail)


UNKNOWN = Value(None, unknown=True)
MISSING = Value(None)
Key = tuple[int, int]  # a cell: (id(row), column.index)


class Checker:
    """``confirmed``: the Rupiah cells whose digits-only reading the table confirms (``confirmed_readings``), each
    with the figure that confirms it; None to use every reading (the probe that finds them)."""

    def __init__(self, table: Table, number: int, lang: str, confirmed: dict[Key, str] | None = None) -> None:
        self.table = table
        self.number = number
        self.lang = lang
        self.confirmed = confirmed
        self.memo: dict[Key, Value] = {}
        self.members: dict[int, list[Row]] = {}
        self.owners: dict[int, list[Row]] = {}  # the parent and total rows a row is summed into
        self.findings: list[Finding] = []
        self.notes: list[Finding] = []
        segment: list[Row] = []
        for row in table.rows:
            if row.kind is RowKind.DATA:
                segment.append(row)
                if row.children:
                    self.members[id(row)] = row.children
            elif row.kind is RowKind.TOTAL:
                self.members[id(row)] = [r for r in segment if r.parent is None]
                segment = []
        for owner in table.rows:
            for member in self.members.get(id(owner), ()):
                self.owners.setdefault(id(member), []).append(owner)

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    # -- reading ---------------------------------------------------------------------------------------------

    def printed(self, row: Row, column: Column) -> Printed:
        return read_printed(row.cell(column), column.kind, self.lang)

    def base(self, row: Row, column: Column) -> Value:
        p = self.printed(row, column)
        if p.error:
            return Value(p.salvaged) if p.salvaged is not None and self.reading_used(row, column) else UNKNOWN
        if p.label:
            return UNKNOWN
        if p.value is None:
            return MISSING
        return Value(p.value, unit=p.unit)

    def reading_used(self, row: Row, column: Column) -> bool:
        if column.kind is not NumberKind.RUPIAH or self.confirmed is None:
            return True
        return (id(row), column.index) in self.confirmed

    # -- separators: a Rupiah amount whose digits are right and only its separators misplaced ------------------

    def confirmed_readings(self) -> dict[Key, str]:
        """The Rupiah cells whose digits-only reading a figure computed from it confirms, to a fixed point (a
        reading confirmed by its column's total can pin the other input of its row's percentage)."""
        readings = [(row, column) for row in self.table.rows for column in self.table.columns
                    if column.kind is NumberKind.RUPIAH and self.printed(row, column).salvaged is not None]
        confirmed: dict[Key, str] = {}
        grew = True
        while grew:
            grew = False
            for row, column in readings:
                key = (id(row), column.index)
                if key not in confirmed and (by := self.confirmation(row, column, confirmed)):
                    confirmed[key] = by
                    grew = True
        return confirmed

    def dependents(self, row: Row, column: Column) -> Iterator[tuple[Row, Column]]:
        """The figures computed directly from a cell: in its row by the relations, in its column by a sum."""
        for other in self.table.columns:
            relation = self.table.relation_of(other)
            if relation is not None and any(c is column for c in relation.inputs):
                yield row, other
        if column.rupiah and not column.percent:
            for owner in self.owners.get(id(row), ()):
                yield owner, column

    def confirmation(self, row: Row, column: Column, confirmed: dict[Key, str]) -> str | None:
        """The name of a well-formed printed figure computed from the reading that agrees with it, if any; a Rupiah
        figure (exact) is named before a percentage."""
        agreeing = [(owner, other) for owner, other in self.dependents(row, column) if self.agrees(owner, other)]
        for owner, other in sorted(agreeing, key=lambda pair: pair[1].percent):
            if (other.rupiah and not other.percent) or self.pinned(row, other, column, confirmed):
                return other.name if owner is row else f"{owner.label} {other.name}"
        return None

    def pinned(self, row: Row, target: Column, column: Column, confirmed: dict[Key, str]) -> bool:
        """A percentage confirms a reading only where it is printed to 1 % of its value or better (0,01 % cannot
        tell an amount from its half, 0 % from any amount) and its other inputs are well-formed or confirmed: a
        ratio of two readings cannot tell a slip they share."""
        relation = self.table.relation_of(target)
        p = self.printed(row, target)
        if relation is None or not p.value or Decimal(10) ** -p.decimals * HUNDRED > abs(p.value):
            return False
        return all(c is column or not self.printed(row, c).error or (id(row), c.index) in confirmed
                   for c in relation.inputs)

    def agrees(self, row: Row, column: Column) -> bool:
        p = self.printed(row, column)
        value = self.evaluate(row, column)
        if p.error or p.value is None or not value.derived or value.primary is None:
            return False
        return within(p, value.primary)

    # -- evaluation ------------------------------------------------------------------------------------------

    def evaluate(self, row: Row, column: Column) -> Value:
        key = (id(row), column.index)
        if key not in self.memo:
            self.memo[key] = UNKNOWN  # a cycle cannot be evaluated
            value = self._evaluate(row, column)
            if value.derived and value.alternatives and value.primary is not None:
                p = self.printed(row, column)
                if p.value is not None and not within(p, value.primary):
                    chosen = next((a for a in value.alternatives if within(p, a)), None)
                    if chosen is not None:
                        value = replace(value, value=chosen)
            self.memo[key] = value
        return self.memo[key]

    def _evaluate(self, row: Row, column: Column) -> Value:
        members = self.members.get(id(row))
        if members and column.rupiah and not column.percent:
            summed = self.sum_of(row, column, members)
            if summed is not None:
                return summed
        relation = self.table.relation_of(column)
        if relation is not None:
            applied = self.apply(row, relation)
            if applied is not None:
                if members and column.percent and applied.derived and all(c.rupiah for c in relation.inputs):
                    applied = self.with_unweighted_mean(applied, column, members)
                return applied
        return self.base(row, column)

    def with_unweighted_mean(self, value: Value, column: Column, members: list[Row]) -> Value:
        """A total's or parent's percentage printed as the plain mean of its rows' percentages."""
        rows = [self.evaluate(member, column).value for member in members]
        if not rows or any(v is None for v in rows):
            return value
        with localcontext(_WIDE):
            mean = sum(rows, Decimal(0)) / len(rows)
        return replace(value, candidates=(*value.candidates, Candidate(mean, self.t("cause.unweighted"))))

    def sum_of(self, row: Row, column: Column, members: list[Row]) -> Value | None:
        values = [self.evaluate(member, column) for member in members]
        if any(v.unknown for v in values):
            return UNKNOWN
        known = [v.value for v in values if v.value is not None]
        if not known:
            return None
        total = sum_rupiah(known)
        key = "rule.total" if row.kind is RowKind.TOTAL else "rule.parent"
        return Value(total, derived=True, primary=total, rule=self.t(key, count=len(members)),
                     check="total" if row.kind is RowKind.TOTAL else "parent",
                     candidates=self.unit_candidates(total), default_cause=self.t("cause.children_sum"))

    def apply(self, row: Row, relation: Relation) -> Value | None:
        inputs = [self.evaluate(row, column) for column in relation.inputs]
        if any(v.unknown for v in inputs):
            return UNKNOWN
        if all(v.value is None and v.reason is None for v in inputs):
            return None  # nothing printed to compute from: the figure is a given
        value = self.compute(row, relation, inputs)
        if value.unknown:
            return value
        # The same computation from the printed values of derived inputs that differ from the rules.
        printed_inputs, changed = [], []
        for column, v in zip(relation.inputs, inputs, strict=True):
            p = self.printed(row, column)
            if v.derived and p.value is not None and (v.value is None or not within(p, v.value)):
                printed_inputs.append(Value(p.value, unit=p.unit))
                changed.append(column.name)
            else:
                printed_inputs.append(v)
        candidates = list(value.candidates)
        if changed:
            again = self.compute(row, relation, printed_inputs)
            from_printed = self.t("cause.from_printed", columns=", ".join(changed))
            for candidate in (Candidate(again.value, "") if again.value is not None else None, *again.candidates):
                if candidate is None:
                    continue
                cause = "; ".join(part for part in (from_printed, candidate.cause) if part)
                candidates.append(Candidate(candidate.value, cause))
        # An input the printed table leaves ambiguous (a count summed over time may be a flow or a level) whose
        # printed value fits neither reading: the figures built on it are accepted under either reading, so that
        # the one wrong figure is the one finding.
        alternatives = list(value.alternatives)
        for i, (column, v) in enumerate(zip(relation.inputs, inputs, strict=True)):
            if not (v.derived and v.alternatives and v.primary is not None):
                continue
            p = self.printed(row, column)
            if p.value is not None and (within(p, v.primary) or any(within(p, a) for a in v.alternatives)):
                continue
            for alternative in v.alternatives:
                other = self.compute(row, relation, [*inputs[:i], replace(v, value=alternative), *inputs[i + 1:]])
                if other.value is not None and other.value != value.value and other.value not in alternatives:
                    alternatives.append(other.value)
        value = replace(value, alternatives=tuple(alternatives))
        if value.reason is not None and value.default_cause is None:
            upstream = [(c.name, v) for c, v in zip(relation.inputs, inputs, strict=True)
                        if v.derived and v.value is None and v.reason is not None]
            if upstream:
                name, v = upstream[0]
                reason = v.default_cause or reason_text(v.reason, self.lang) + (f" ({v.detail})" if v.detail else "")
                value = replace(value, default_cause=self.t("cause.depends", columns=name, reason=reason))
        return replace(value, candidates=tuple(candidates))

    def compute(self, row: Row, relation: Relation, inputs: list[Value]) -> Value:
        """The rules' value of ``relation.target`` from the given input values."""
        column = relation.target
        names = [c.number or c.label for c in relation.inputs]
        n = column.number or column.label
        undefined = next((v for v in inputs if v.value is None and v.reason is not None), None)
        if relation.op is Op.SUM:
            rule = self.t("rule.sum_rp" if column.rupiah else "rule.sum_k", n=n, inputs=" + ".join(names))
            if undefined is not None:
                return Value(None, reason=undefined.reason, detail=undefined.detail, derived=True, rule=rule,
                             check="sum")
            if column.rupiah:
                total = sum_rupiah(v.value for v in inputs)
                return Value(total, derived=True, primary=total, rule=rule, check="sum",
                             candidates=self.unit_candidates(total))
            return self.time_sum(row, inputs, rule)
        if relation.op is Op.RATIO:
            return self.ratio(row, relation, inputs, names, n, undefined)
        if relation.op is Op.DIFF:
            key = "rule.sisa" if column.rupiah else "rule.diff"
            rule = self.t(key, n=n, a=names[0], b=names[1])
            if undefined is not None:
                return Value(None, reason=undefined.reason, detail=undefined.detail, derived=True, rule=rule,
                             check="sisa")
            a, b = inputs
            if a.value is None or b.value is None:
                reason = Reason.NO_BUDGET if a.value is None else Reason.NOT_REPORTED
                return Value(None, reason=reason, derived=True, rule=rule, check="sisa")
            if not column.rupiah and a.unit and b.unit and normalise_unit(a.unit) != normalise_unit(b.unit):
                return Value(None, reason=Reason.UNIT_MISMATCH, detail=f"{a.unit}, {b.unit}", derived=True,
                             rule=rule, check="sisa")
            result = sisa(a.value, b.value)
            return Value(result, unit=a.unit or b.unit, derived=True, primary=result, rule=rule, check="sisa",
                         candidates=self.unit_candidates(result) if column.rupiah else ())
        # EFISIENSI
        rule = self.t("rule.efisiensi", n=n, a=names[0], b=names[1])
        result = efisiensi(inputs[0].as_result(), inputs[1].as_result())
        return Value(result.value, reason=result.reason, detail=result.detail, derived=True, primary=result.value,
                     rule=rule, check="efisiensi")

    def time_sum(self, row: Row, inputs: list[Value], rule: str) -> Value:
        """K values over time (quarters → year, years → Renstra): SUM for a flow, LAST for a level (RULES §2)."""
        reported = [v for v in inputs if v.value is not None]
        stated = [normalise_unit(v.unit) for v in reported if v.unit]
        percent = self.percent_row(row) or "%" in stated
        naive = sum_rupiah(v.value for v in reported)
        distinct = set(stated)
        mixed = len(distinct) > 1
        units_text = ", ".join(dict.fromkeys(v.unit for v in reported if v.unit))
        if percent and not mixed:
            # A percentage (or any value of a percentage indicator) is a level: the last value (RULES §2).
            unit = next(iter(distinct), None)
            last = aggregate([Measured(v.value, unit) for v in reported], Aggregation.LAST)
            candidates = (Candidate(naive, self.t("cause.percent_summed")),) if len(reported) > 1 else ()
            return Value(last.value, unit=next((v.unit for v in reversed(reported) if v.unit), None), derived=True,
                         primary=last.value, rule=rule, check="sum", candidates=candidates)
        if mixed:
            cause = self.t("cause.units_mixed", units=units_text)
            return Value(None, reason=Reason.UNIT_MISMATCH, detail=units_text, derived=True, rule=rule, check="sum",
                         candidates=(Candidate(naive, cause),) if naive is not None else (), default_cause=cause)
        default = stated[0] if len(set(stated)) == 1 else (normalise_unit(row.satuan) if row.satuan else None)
        measured = [Measured(v.value, normalise_unit(v.unit) or default) for v in reported]
        total = aggregate(measured, Aggregation.SUM)
        if total.value is None:
            cause = self.t("cause.units_mixed", units=units_text)
            return Value(None, reason=total.reason, detail=units_text, derived=True, rule=rule, check="sum",
                         candidates=(Candidate(naive, cause),) if naive is not None else (), default_cause=cause)
        last = aggregate(measured, Aggregation.LAST)
        unit = next((v.unit for v in reversed(reported) if v.unit), None)
        alternatives = (last.value,) if last.value is not None and last.value != total.value else ()
        return Value(total.value, unit=unit, derived=True, primary=total.value, rule=rule, check="sum",
                     alternatives=alternatives)

    def ratio(self, row: Row, relation: Relation, inputs: list[Value], names: list[str], n: str,
              undefined: Value | None) -> Value:
        column = relation.target
        numerator, denominator = inputs
        if relation.factor != HUNDRED:
            rule = self.t("rule.ratio", n=n, a=names[0], b=names[1])
            check = "ratio"
        elif column.rupiah or column.role is Role.SERAPAN:
            rule, check = self.t("rule.serapan", n=n, a=names[0], b=names[1]), "serapan"
        else:
            rule, check = self.t("rule.capaian", n=n, a=names[0], b=names[1]), "capaian"
        if undefined is not None:
            return Value(None, reason=undefined.reason, detail=undefined.detail, derived=True, rule=rule, check=check)
        alternatives: list[Decimal] = []
        candidates: list[Candidate] = []
        if check == "serapan":
            result = serapan(denominator.value, numerator.value)
        elif check == "capaian":
            target = Measured(denominator.value, denominator.unit) if denominator.value is not None else None
            realised = Measured(numerator.value, numerator.unit) if numerator.value is not None else None
            result = capaian(target, realised, Polarity.POSITIVE)
            negative = capaian(target, realised, Polarity.NEGATIVE)
            if negative.value is not None and negative.value != result.value:
                if _NEGATIVE_HINT.search(row.indicator or row.name):
                    alternatives.append(negative.value)
                else:
                    candidates.append(Candidate(negative.value, self.t("cause.negative")))
            if result.value is not None and result.value > HUNDRED:
                candidates.append(Candidate(HUNDRED, self.t("cause.capped")))
        else:
            result = ratio(numerator.value, denominator.value, relation.factor)
        if result.value is None:
            detail = result.detail
            cause = self.t("cause.units_mixed", units=detail) if result.reason is Reason.UNIT_MISMATCH else None
            return Value(None, reason=result.reason, detail=detail, derived=True, rule=rule, check=check,
                         default_cause=cause)
        if relation.factor == HUNDRED:
            with localcontext(_WIDE):
                candidates.append(Candidate(result.value / HUNDRED, self.t("cause.not_times_100")))
                candidates.append(Candidate(result.value * HUNDRED, self.t("cause.times_100_twice")))
        return Value(result.value, unit=result.unit, derived=True, primary=result.value, rule=rule, check=check,
                     alternatives=tuple(alternatives), candidates=tuple(candidates))

    def unit_candidates(self, value: Decimal | None) -> tuple[Candidate, ...]:
        if value is None or value == 0:
            return ()
        out = []
        with localcontext(_WIDE):
            for factor, label in ((Decimal("0.001"), "1/1.000"), (Decimal(1000), "1.000"),
                                  (Decimal("0.000001"), "1/1.000.000")):
                out.append(Candidate(value * factor, self.t("cause.wrong_unit", factor=label)))
        return tuple(out)

    def percent_row(self, row: Row) -> bool:
        return normalise_unit(row.satuan) == "%" or bool(_PERCENT_INDICATOR.search(row.indicator))

    # -- findings --------------------------------------------------------------------------------------------

    def add(self, row_label: str, cell: Cell | None, line: int, column: Column | None, printed: str,
            expected: Decimal | str | None, rule: str, cause: str | None, check: str) -> None:
        self.findings.append(self.finding(row_label, cell, line, column, printed, expected, rule, cause, check))

    def finding(self, row_label: str, cell: Cell | None, line: int, column: Column | None, printed: str,
                expected: Decimal | str | None, rule: str, cause: str | None, check: str) -> Finding:
        return Finding(
            line=cell.line if cell is not None else line,
            row=row_label,
            column=column.name if column is not None else "",
            column_number=column.number if column is not None else None,
            measure=column.measure if column is not None else None,
            header=column.label if column is not None else "",
            position=cell.column if cell is not None else 0,
            printed=printed,
            expected=expected,
            rule=rule,
            cause=cause,
            check=check,
            table=self.number,
            percent=check in ("capaian", "serapan", "average", "efisiensi")
            or (column is not None and column.percent and check not in ("predikat", "sakip")),
        )

    def cause_of(self, printed: Printed, value: Value) -> str | None:
        for candidate in value.candidates:
            if candidate.value is not None and within(printed, candidate.value):
                return candidate.cause
        return value.default_cause

    def check_cell(self, row: Row, column: Column) -> None:
        cell = row.cell(column)
        if cell is None or not cell.text:
            return
        p = self.printed(row, column)
        if p.error:
            self.malformed(row, column, cell, p)
            return
        if p.label or p.grade:
            return
        value = self.evaluate(row, column)
        if not value.derived or value.unknown:
            return
        if p.dash and p.value is None:
            if value.primary is not None:
                self.add(row.label, cell, row.line, column, cell.text, value.primary, value.rule,
                         self.t("cause.printed_nothing"), value.check)
            return
        if value.primary is None:
            if value.reason is None:
                return
            cause = self.cause_of(p, value) or self.reason_sentence(value)
            self.add(row.label, cell, row.line, column, cell.text, None, value.rule, cause, value.check)
            return
        if within(p, value.primary) or any(within(p, a) for a in value.alternatives):
            return
        cause = self.cause_of(p, value) or self.copied_from(row, column, p)
        self.add(row.label, cell, row.line, column, cell.text, value.primary, value.rule, cause, value.check)

    def malformed(self, row: Row, column: Column, cell: Cell, p: Printed) -> None:
        """A cell RULES §9 cannot read: a finding, unless it is a Rupiah amount whose digits-only reading is the
        rules' value (a derived figure) or is confirmed by a figure computed from it (a given) — then a note."""
        value = self.evaluate(row, column)
        derived = value.derived and not value.unknown
        expected = value.primary if derived else None
        reason = p.error
        if p.salvaged is not None and column.kind is NumberKind.RUPIAH:
            why = self.separator_typo(row, column, p, value if derived else None)
            if why is not None:
                self.notes.append(self.finding(row.label, cell, row.line, column, cell.text, p.salvaged,
                                               self.t("rule.number"), self.t("note.separators", reading=p.salvage_text,
                                                                             why=why), "separators"))
                return
            reason = self.unread_reason(p, expected)
        elif p.salvaged is not None:
            reason = self.t("cause.malformed_reading", reason=self.t("cause.comma_decimal"), reading=p.salvage_text)
        self.add(row.label, cell, row.line, column, cell.text, expected,
                 value.rule if derived else self.t("rule.number"), self.t("cause.malformed", reason=reason), "number")

    def unread_reason(self, p: Printed, expected: Decimal | None) -> str:
        if expected is None:
            return self.t("cause.digits_unconfirmed", reason=p.error, reading=p.salvage_text)
        shown = format_number(expected, 0 if expected == expected.to_integral_value() else 2, self.lang)
        return self.t("cause.digits_disagree", reason=p.error, reading=p.salvage_text, expected=shown)

    def separator_typo(self, row: Row, column: Column, p: Printed, value: Value | None) -> str | None:
        """Why the digits-only reading is the figure meant, or None: a derived figure's reading is the rules'
        value; a given's is confirmed by a figure computed from it."""
        if value is not None:
            read = Printed(p.text, value=p.salvaged, decimals=decimals_of(p.salvaged))
            if value.primary is None or not within(read, value.primary):
                return None
            return self.t("note.rules_value")
        figure = (self.confirmed or {}).get((id(row), column.index))
        return self.t("note.confirmed_by", figure=figure) if figure else None

    def depends_on(self, column: Column, source: Column) -> bool:
        """Whether ``column`` is computed, directly or not, from ``source``."""
        relation = self.table.relation_of(column)
        if relation is None:
            return False
        return any(c is source or self.depends_on(c, source) for c in relation.inputs)

    def copied_from(self, row: Row, column: Column, p: Printed) -> str | None:
        """A percentage that is another column's percentage of the same row (printed, or computed from that
        column's printed inputs): a figure put in the wrong column."""
        if p.unit != "%":
            return None
        for other in self.table.columns:
            if other is column or not other.percent or self.depends_on(other, column):
                continue
            values = [self.printed(row, other).value]
            relation = self.table.relation_of(other)
            if relation is not None:
                inputs = [self.base(row, c) for c in relation.inputs]
                if not any(v.unknown for v in inputs):
                    values.append(self.compute(row, relation, inputs).value)
            if any(v is not None and within(p, v) for v in values):
                return self.t("cause.other_column", column=other.name)
        return None

    def reason_sentence(self, value: Value) -> str:
        sentence = reason_text(value.reason, self.lang)
        return f"{sentence} ({value.detail})" if value.detail else sentence

    def run(self) -> list[Finding]:
        averages = AverageChecks(self)
        for row in self.table.rows:
            if row.kind in (RowKind.DATA, RowKind.TOTAL):
                for column in self.table.columns:
                    if column.figure:
                        self.check_cell(row, column)
            averages.feed(row)
        check_sakip(self)
        return self.findings


# -- averages and predikat ---------------------------------------------------------------------------------------


class AverageChecks:
    """Rata-rata capaian lines (RULES §4), the predikat under them (§3), and the table's rata-rata of programs."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.group: list[Row] = []
        self.last: dict[int, tuple[Decimal | None, Printed]] | None = None
        self.programs: dict[int, list[tuple[Decimal | None, Decimal | None, Printed]]] = {}
        self.last_label = ""

    def feed(self, row: Row) -> None:
        if row.kind is RowKind.DATA:
            self.group.append(row)
            self.last = None
        elif row.kind is RowKind.TOTAL:
            self.group = []
            self.last = None
        elif row.kind is RowKind.AVERAGE:
            self.last_label = self.label(row)
            self.last = self.average(row)
            self.group = []
        elif row.kind is RowKind.TABLE_AVERAGE:
            self.last_label = row.label
            self.last = self.table_average(row)
            self.group = []
        elif row.kind is RowKind.PREDIKAT:
            if self.last is not None:
                self.predikat(row, self.last)
            self.last = None

    def label(self, row: Row) -> str:
        head = next((r for r in self.group if r.program), self.group[0] if self.group else None)
        name = row.label or "Rata-rata"
        return f"{name} — {head.label}" if head is not None and head.label else name

    def leaves(self, target_column: int | None) -> list[Row]:
        """The rows a program's average is taken over: the lowest rows of the group, where a row whose rows below
        have no target in the year (shown for another year's plan) is itself the lowest, as in Kinerja's own
        table; not a program row where there is another."""
        c = self.checker

        def targeted(row: Row) -> bool:
            if target_column is None:
                return True
            target = c.evaluate(row, target_column).value
            return (target is not None and target != 0) or any(targeted(child) for child in row.children)

        lowest = {id(r) for r in self.group if not any(targeted(child) for child in r.children)}

        def under_lowest(row: Row) -> bool:
            parent = row.parent
            while parent is not None:
                if id(parent) in lowest:
                    return True
                parent = parent.parent
            return False

        rows = [r for r in self.group if id(r) in lowest and not under_lowest(r)]
        return [r for r in rows if not r.program] or rows or self.group

    def average(self, row: Row) -> dict[int, tuple[Decimal | None, Printed]] | None:
        c = self.checker
        columns = c.table.capaian_columns()
        if not self.group or not columns:
            return None
        label = self.label(row)
        out: dict[int, tuple[Decimal | None, Printed]] = {}
        for i, column in enumerate(columns):
            if i >= len(row.values):
                break
            cell = row.values[i]
            p = read_printed(cell, NumberKind.PERCENT, c.lang)
            relation = c.table.relation_of(column)
            target_column = relation.inputs[1] if relation is not None and relation.op is Op.RATIO else None
            leaves = self.leaves(target_column)
            values = [c.evaluate(r, column) for r in leaves]
            if any(v.unknown for v in values):
                continue
            numerator_column = relation.inputs[0] if relation is not None and relation.op is Op.RATIO else None
            achievements = []
            for leaf, value in zip(leaves, values, strict=True):
                has_target = True
                if target_column is not None:
                    target = c.evaluate(leaf, target_column).value
                    has_target = target is not None and target != 0
                achievements.append(RowAchievement(value.as_result(), has_target))
            result = average_capaian(achievements, AveragePolicy.EXCLUDE_UNTARGETED)
            seed = average_capaian(achievements, AveragePolicy.UNTARGETED_AS_ZERO)
            candidates = []
            if seed.value is not None:
                candidates.append(Candidate(seed.value, c.t("cause.untargeted_zero")))
            printed_values = [read_printed(leaf.cell(column), NumberKind.PERCENT, c.lang).value for leaf in leaves]
            if printed_values and all(v is not None for v in printed_values):
                with localcontext(_WIDE):
                    mean = sum(printed_values, Decimal(0)) / len(printed_values)
                candidates.append(Candidate(mean, c.t("cause.mean_of_printed")))
            if numerator_column is not None and target_column is not None:
                tops = [c.evaluate(leaf, numerator_column).value for leaf in leaves]
                bottoms = [c.evaluate(leaf, target_column).value for leaf in leaves]
                pairs = [(a, b) for a, b in zip(tops, bottoms, strict=True) if a is not None and b]
                if pairs and sum(b for _a, b in pairs):
                    weighted = ratio(sum(a for a, _b in pairs), sum(b for _a, b in pairs))
                    if weighted.value is not None:
                        candidates.append(Candidate(weighted.value, c.t("cause.weighted")))
            counted = sum(1 for a in achievements if a.has_target and a.capaian.value is not None)
            value = Value(result.value, reason=result.reason, derived=True, primary=result.value,
                          rule=c.t("rule.average", count=counted, rows=len(leaves)), check="average",
                          candidates=tuple(candidates))
            self.compare(label, cell, row.line, column, p, value)
            out[i] = (result.value, p)
            self.programs.setdefault(i, []).append((result.value, seed.value, p))
        return out

    def table_average(self, row: Row) -> dict[int, tuple[Decimal | None, Printed]] | None:
        c = self.checker
        columns = c.table.capaian_columns()
        out: dict[int, tuple[Decimal | None, Printed]] = {}
        for i, column in enumerate(columns):
            if i >= len(row.values) or not self.programs.get(i):
                continue
            cell = row.values[i]
            p = read_printed(cell, NumberKind.PERCENT, c.lang)
            entries = self.programs[i]
            defined = [e[0] for e in entries if e[0] is not None]
            with localcontext(_WIDE):
                mean = sum(defined, Decimal(0)) / len(defined) if defined else None
                seeds = [e[1] for e in entries if e[1] is not None]
                printed = [e[2].value for e in entries if e[2].value is not None]
                candidates = []
                if seeds:
                    candidates.append(Candidate(sum(seeds, Decimal(0)) / len(seeds), c.t("cause.untargeted_zero")))
                if printed:
                    candidates.append(Candidate(sum(printed, Decimal(0)) / len(printed),
                                                c.t("cause.mean_of_printed_averages")))
            value = Value(mean, reason=None if mean is not None else Reason.NO_ROWS, derived=True, primary=mean,
                          rule=c.t("rule.table_average", count=len(defined)), check="average",
                          candidates=tuple(candidates))
            self.compare(row.label, cell, row.line, column, p, value)
            out[i] = (mean, p)
        return out

    def compare(self, label: str, cell: Cell, line: int, column: Column, p: Printed, value: Value) -> None:
        c = self.checker
        if p.error:
            c.add(label, cell, line, column, cell.text, value.primary, value.rule,
                  c.t("cause.malformed", reason=p.error), "number")
            return
        if p.blank or p.label:
            return
        if value.primary is None:
            if p.value is not None and value.reason is not None:
                c.add(label, cell, line, column, cell.text, None, value.rule, c.reason_sentence(value), value.check)
            return
        if p.value is None:
            c.add(label, cell, line, column, cell.text, value.primary, value.rule, c.t("cause.printed_nothing"),
                  value.check)
            return
        if not within(p, value.primary):
            c.add(label, cell, line, column, cell.text, value.primary, value.rule, c.cause_of(p, value),
                  value.check)

    def predikat(self, row: Row, averages: dict[int, tuple[Decimal | None, Printed]]) -> None:
        c = self.checker
        columns = c.table.capaian_columns()
        for i, (expected_average, printed_average) in averages.items():
            if i >= len(row.values):
                continue
            cell = row.values[i]
            printed = " ".join(cell.text.split())
            if not printed or printed in DASHES:
                continue
            expected = predikat(expected_average)
            expected_text = expected.value if expected is not None else None
            if expected_text is not None and printed.casefold() == expected_text.casefold():
                continue
            cause = None
            if printed_average.value is not None:
                of_printed = predikat(printed_average.value)
                if of_printed is not None and of_printed.value.casefold() == printed.casefold():
                    cause = c.t("cause.predikat_of_printed", value=printed_average.text)
            c.add(self.label_for_predikat(row), cell, row.line, columns[i] if i < len(columns) else None, cell.text,
                  expected_text, c.t("rule.predikat"), cause, "predikat")

    def label_for_predikat(self, row: Row) -> str:
        name = row.label or "Predikat"
        program = self.last_label.partition(" — ")[2] or self.last_label
        return f"{name} — {program}" if program else name


# -- SAKIP grades ----------------------------------------------------------------------------------------------


def check_sakip(checker: Checker) -> None:
    """Values printed with a SAKIP grade (``62,00 / B``, ``92,45 (AA)``): the grade must be the one the table's
    scale gives (RULES §8). The table's scale is the one most of its grades fit; a grade that fits only the other
    scale is on the wrong scale."""
    graded: list[tuple[Row, Column | None, Cell, Decimal, str]] = []
    columns = {column.index: column for column in checker.table.columns}
    for row in checker.table.rows:
        if row.kind is not RowKind.DATA:
            continue
        for index, cell in row.cells.items():
            column = columns.get(index)
            p = read_printed(cell, NumberKind.COUNT, checker.lang)
            if p.grade and p.grade.upper() in SAKIP_GRADES and p.value is not None and 0 <= p.value <= 100:
                graded.append((row, column, cell, p.value, p.grade.upper()))
    if not graded:
        return
    scales = list(SAKIP_SCALES.values())
    votes = [sum(1 for *_rest, value, grade in graded if scale.grade(value) == grade) for scale in scales]
    best = max(votes)
    tied = [scale for scale, vote in zip(scales, votes, strict=True) if vote == best]
    if len(tied) > 1:
        latest = max(checker.table.years, default=0)
        tied.sort(key=lambda s: s.key)  # 12/2015 before 88/2021
        chosen = tied[-1] if latest >= 2022 else tied[0]
    else:
        chosen = tied[0]
    for row, column, cell, value, grade in graded:
        expected = chosen.grade(value)
        if expected == grade:
            continue
        others = [s for s in scales if s is not chosen and s.grade(value) == grade]
        if others:
            cause = checker.t("cause.wrong_scale", other=others[0].regulation, scale=chosen.regulation)
        else:
            cause = checker.t("cause.no_scale")
        checker.add(row.label, cell, row.line, column, cell.text, expected,
                    checker.t("rule.sakip", regulation=chosen.regulation), cause, "sakip")


# -- entry points ------------------------------------------------------------------------------------------------


def verify_grid(grid: Grid, lang: str = "id") -> Report:
    """Every finding in every table of the grid. Raises TableReadError when no table is recognised."""
    from .ratios import check_ratios
    from .reading import TableReadError

    tables = recognise(grid)
    ratio_findings, ratio_rows = check_ratios(grid, lang, table=len(tables) + 1)
    if not tables and not ratio_rows:
        raise TableReadError(grid.name, "read.unchecked")
    findings: list[Finding] = []
    notes: list[Finding] = []
    rows = 0
    for number, table in enumerate(tables, start=1):
        checker = Checker(table, number, lang, Checker(table, number, lang).confirmed_readings())
        findings.extend(checker.run())
        notes.extend(checker.notes)
        rows += sum(1 for row in table.rows if row.kind is not RowKind.PREDIKAT)
    findings.extend(ratio_findings)
    rows += ratio_rows
    findings.sort(key=lambda f: (f.line, f.position))
    notes.sort(key=lambda f: (f.line, f.position))
    return Report(source=grid.name, tables=tables, findings=findings, rows_checked=rows, lang=lang, sheet=grid.sheet,
                  grid=grid, ratio_tables=1 if ratio_rows and not tables else 0, notes=notes)
