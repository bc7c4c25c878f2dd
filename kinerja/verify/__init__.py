"""The verifier: recompute every derived figure of a printed planning or evaluation table by the rules
(RULES.md) and list each printed figure that differs — row, column, printed value, value by the rules, the rule,
and a likely cause where one is clear.

Pure Python (no Django): ``verify_path`` reads a file (tab-separated text, CSV, text extracted from a PDF, or the
first sheet of an XLSX workbook), ``kinerja.verify.output`` writes the findings as text, JSON or XLSX.
"""

from __future__ import annotations

from pathlib import Path

from .check import Finding, Report, verify_grid
from .reading import Grid, TableReadError, read_bytes, read_path

__all__ = ["Finding", "Grid", "Report", "TableReadError", "read_bytes", "read_path", "verify_bytes", "verify_grid",
           "verify_path"]


def verify_path(path: Path | str, lang: str = "id") -> Report:
    """Check the table(s) in a file. Raises TableReadError (with the file and the reason) when it is not one."""
    return verify_grid(read_path(path), lang)


def verify_bytes(data: bytes, name: str = "<input>", lang: str = "id") -> Report:
    return verify_grid(read_bytes(data, name), lang)
