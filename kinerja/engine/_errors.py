"""The error raised when a text written by a person cannot be read without guessing."""

from __future__ import annotations


class FormatError(ValueError):
    """Text that fits no reading rule.

    The importer reports it with the file, row and column, so the message must say what is wrong with *this*
    text; ``text`` and ``reason`` are kept separately so a UI can show them apart.
    """

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{text!r}: {reason}")
        self.text = text
        self.reason = reason
