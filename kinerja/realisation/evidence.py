"""Evidence files attached to a realisation: checked for size and type before anything is stored."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings

# What a Dinas attaches as proof: scans and photos, PDFs, spreadsheets and documents. Checked by content, not name.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".xlsx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
}


class EvidenceError(ValueError):
    """An upload refused, with the reason."""


def check_evidence(upload) -> str:
    """Return a safe stored name for ``upload`` or raise EvidenceError; reads only the first bytes."""
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
    return f"{secrets.token_hex(8)}{suffix}"
