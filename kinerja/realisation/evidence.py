"""Evidence files attached to a realisation: checked for size and type before anything is stored, and a zip-based
file (XLSX, DOCX) for what it would unpack to (``kinerja.files``), so no stored evidence is a bomb for whoever
opens it later."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings

from kinerja.files import FileRefused, check_zip

# What a Dinas attaches as proof: scans and photos, PDFs, spreadsheets and documents. Checked by content, not name.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".xlsx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
}
ZIPPED = {".xlsx", ".docx"}


class EvidenceError(ValueError):
    """An upload refused, with the reason."""


def check_evidence(upload) -> str:
    """Return a safe stored name for ``upload`` or raise EvidenceError; reads only the first bytes, and of a zip its
    directory and the first bytes of each part."""
    name = PurePosixPath(upload.name or "").name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SIGNATURES:
        raise EvidenceError(f"jenis berkas {suffix or '(tanpa ekstensi)'} tidak diterima: "
                            f"{', '.join(sorted(SIGNATURES))}")
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceError(f"berkas {upload.size / 1_048_576:.1f} MB melebihi batas "
                            f"{settings.EVIDENCE_MAX_BYTES // 1_048_576} MB")
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[suffix]):
        raise EvidenceError(f"isi berkas bukan {suffix}")
    if suffix in ZIPPED:
        _check_archive(upload, name)
    return f"{secrets.token_hex(8)}{suffix}"


def _check_archive(upload, name: str) -> None:
    # Not the sheets' declared size: Kinerja never parses evidence, and a large real spreadsheet is fair evidence.
    try:
        check_zip(upload, name)
    except FileRefused as exc:
        raise EvidenceError(exc.message("id")) from None
