"""Kodefikasi: program, kegiatan and sub kegiatan codes (RULES.md §10).

Two schemes are in the seeds. Permendagri 90/2019 (as updated by Kepmendagri 050-5889/2021):
``1.06.04.2.01.0001`` = urusan 1 . bidang 06 . program 04 . kegiatan 2.01 . sub kegiatan 0001. The pre-2020
scheme of seed 000 writes a program as ``1.6.27``, ``0106.27`` or (outside any urusan) ``0.1`` /
``0000.01``, and a kegiatan as ``0106.27.001``. Each code is stored in one normalised form; a malformed code
is refused with the reason, never repaired, because a repaired code can silently attach a row to the wrong
program.

``parts`` holds one component per level, so a code's level is its number of parts and its parent is its parts
minus the last: Permendagri 90 ``("1", "06", "04", "2.01", "0001")``; pre-2020 ``("01", "06", "27", "001")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kinerja.engine._errors import FormatError

__all__ = ["CodeFormatError", "CodeLevel", "CodeScheme", "PlanCode", "parse_code"]


class CodeScheme(StrEnum):
    PERMENDAGRI_90 = "permendagri-90"
    PRE_2020 = "pra-2020"


class CodeLevel(StrEnum):
    URUSAN = "urusan"
    BIDANG = "bidang"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUBKEGIATAN = "subkegiatan"


_LEVELS = tuple(CodeLevel)


class CodeFormatError(FormatError):
    """A text that is not a plan code of the scheme (``.text``, ``.reason``)."""


@dataclass(frozen=True)
class PlanCode:
    """A parsed code in its normalised form (``text``), one part per level."""

    scheme: CodeScheme
    level: CodeLevel
    text: str
    parts: tuple[str, ...]

    def parent(self) -> PlanCode | None:
        """The code one level up (sub kegiatan → kegiatan → program → bidang → urusan); None for an urusan."""
        return _make(self.scheme, self.parts[:-1]) if len(self.parts) > 1 else None

    def __str__(self) -> str:
        return self.text


def _make(scheme: CodeScheme, parts: tuple[str, ...]) -> PlanCode:
    if scheme is CodeScheme.PERMENDAGRI_90:
        text = ".".join(parts)
    else:  # pre-2020 writes urusan and bidang as one four-digit block: 0106.27.001
        text = ".".join(["".join(parts[:2]), *parts[2:]])
    return PlanCode(scheme=scheme, level=_LEVELS[len(parts) - 1], text=text, parts=parts)


def parse_code(text: str, scheme: CodeScheme | None = None) -> PlanCode:
    """Read a code as printed (surrounding spaces and one trailing dot allowed) into its normalised form.

    Without ``scheme`` it is detected: a four-digit first part or a one-digit bidang is pre-2020, anything
    else Permendagri 90. Raises CodeFormatError with the reason for a malformed code.
    """
    body = text.strip()
    body = body.removesuffix(".")
    if not body:
        raise CodeFormatError(text, "empty: there is no code")
    pieces = body.split(".")
    if not all(piece.isascii() and piece.isdigit() for piece in pieces):
        raise CodeFormatError(text, "a code is groups of digits separated by single dots")
    explicit = scheme is not None
    scheme = CodeScheme(scheme) if explicit else _detect(pieces)
    if scheme is CodeScheme.PERMENDAGRI_90:
        parts = _permendagri_90(text, pieces, pad=explicit)
    else:
        parts = _pre_2020(text, pieces)
    return _make(scheme, parts)


def _detect(pieces: list[str]) -> CodeScheme:
    if len(pieces[0]) == 4 or (len(pieces) >= 2 and len(pieces[1]) == 1):
        return CodeScheme.PRE_2020
    return CodeScheme.PERMENDAGRI_90


def _permendagri_90(text: str, pieces: list[str], *, pad: bool) -> tuple[str, ...]:
    if len(pieces) == 4:
        raise CodeFormatError(text, "a kegiatan has two parts after the program (1.06.04.2.01)")
    if len(pieces) > 6:
        raise CodeFormatError(text, "too many parts: the longest code is a sub kegiatan (1.06.04.2.01.0001)")
    urusan = pieces[0]
    if len(urusan) != 1:
        raise CodeFormatError(text, f"the urusan is one digit, got {urusan!r}")
    parts = [urusan]
    for name, piece in zip(("bidang", "program"), pieces[1:3], strict=False):
        if len(piece) == 1 and pad:
            piece = "0" + piece
        if len(piece) != 2:
            raise CodeFormatError(text, f"the {name} is two digits, got {piece!r}")
        parts.append(piece)
    if len(pieces) >= 5:
        head, tail = pieces[3], pieces[4]
        if len(head) != 1 or len(tail) != 2:
            raise CodeFormatError(text, f"a kegiatan is one digit and two digits (2.01), got {head}.{tail}")
        parts.append(f"{head}.{tail}")
    if len(pieces) == 6:
        sub = pieces[5]
        if len(sub) not in (2, 4):
            raise CodeFormatError(text, f"a sub kegiatan is four digits (0001) or two (01), got {sub!r}")
        parts.append(sub.zfill(4))  # seed 001 writes 01 for 0001: one value, stored one way
    return tuple(parts)


def _pre_2020(text: str, pieces: list[str]) -> tuple[str, ...]:
    first, rest = pieces[0], pieces[1:]
    if len(first) == 4:  # 0106.27.001: urusan 01, bidang 06, program 27, kegiatan 001
        if len(rest) > 2:
            raise CodeFormatError(text, "too many parts: a pre-2020 kegiatan is written 0106.27.001")
        parts = [first[:2], first[2:]]
        for name, width, piece in zip(("program", "kegiatan"), (2, 3), rest, strict=False):
            if len(piece) != width:
                raise CodeFormatError(text, f"the {name} is {width} digits, got {piece!r}")
            parts.append(piece)
        return tuple(parts)
    if len(first) != 1:
        raise CodeFormatError(
            text, "a pre-2020 code starts with urusan and bidang as four digits (0106) or as two (1.6)"
        )
    if len(rest) > 2:
        raise CodeFormatError(text, "too many parts: a pre-2020 program is 1.6.27, a kegiatan 0106.27.001")
    # The dotted form writes numbers without leading zeros: 1.6.27, and 0.1 for program 01 outside any urusan.
    if first == "0" and len(rest) == 1:
        rest = ["0", *rest]
    parts = [first.zfill(2)]
    for name, piece in zip(("bidang", "program"), rest, strict=False):
        if len(piece) > 2:
            raise CodeFormatError(text, f"the {name} is one or two digits, got {piece!r}")
        parts.append(piece.zfill(2))
    return tuple(parts)
