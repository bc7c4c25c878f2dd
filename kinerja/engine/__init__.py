"""Kinerja's rules engine: every figure Kinerja computes, as plain typed functions (RULES.md).

Standard library only, with no web framework, so the rules can be read, tested and reused on their own.
Numbers are ``decimal.Decimal``; a figure that cannot be computed is a ``Result`` with a ``Reason``, never 0
and never an exception.
"""

from kinerja.engine._errors import FormatError
from kinerja.engine.aggregation import Aggregation, aggregate, cumulative, period_target, year_value
from kinerja.engine.averages import AveragePolicy, RowAchievement, average_capaian, average_policy_text
from kinerja.engine.budget import efisiensi, serapan, sisa, sum_rupiah
from kinerja.engine.capaian import Polarity, capaian, categorical_capaian, ratio
from kinerja.engine.codes import CodeFormatError, CodeLevel, CodeScheme, PlanCode, parse_code
from kinerja.engine.numbers import (
    Bounds,
    NumberFormatError,
    NumberKind,
    Reading,
    check_bounds,
    format_count,
    format_number,
    format_percent,
    format_rupiah,
    plain_text,
    read_number,
)
from kinerja.engine.predikat import PERMENDAGRI_86_2017, Predikat, PredikatScale, predikat, predikat_text
from kinerja.engine.results import Reason, Result, reason_text
from kinerja.engine.scales import SAKIP_SCALES, GradeBand, OrdinalScale, SakipScale, load_sakip_scales
from kinerja.engine.units import Measured, normalise_unit, same_unit

__all__ = [
    "Bounds",
    "check_bounds",
    "plain_text",
    "PERMENDAGRI_86_2017",
    "SAKIP_SCALES",
    "Aggregation",
    "AveragePolicy",
    "CodeFormatError",
    "CodeLevel",
    "CodeScheme",
    "FormatError",
    "GradeBand",
    "Measured",
    "NumberFormatError",
    "NumberKind",
    "OrdinalScale",
    "PlanCode",
    "Polarity",
    "Predikat",
    "PredikatScale",
    "Reading",
    "Reason",
    "Result",
    "RowAchievement",
    "SakipScale",
    "aggregate",
    "average_capaian",
    "average_policy_text",
    "capaian",
    "categorical_capaian",
    "cumulative",
    "efisiensi",
    "format_count",
    "format_number",
    "format_percent",
    "format_rupiah",
    "load_sakip_scales",
    "normalise_unit",
    "parse_code",
    "period_target",
    "predikat",
    "predikat_text",
    "ratio",
    "read_number",
    "reason_text",
    "same_unit",
    "serapan",
    "sisa",
    "sum_rupiah",
    "year_value",
]
