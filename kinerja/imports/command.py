"""``kinerja import FILE --agency SLUG --year N``: the same import as the web app, from the command line.

Progress goes to standard error, the preview to standard output; then the changes are applied in one
transaction (or, with ``--dry-run``, nothing is written). Whoever runs the command holds the database: there is no
user, and the audit entries name none.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .matching import Preview
from .reading import ROLE_LABELS, ImportReadError, Role
from .services import FileReading, ImportRefused, apply, max_bytes, preview, read_file

MAX_CHANGES_PRINTED = 200


def _mapping(items: list[str]) -> dict[int, str] | None:
    roles = {r.value for r in Role}
    mapping: dict[int, str] = {}
    for item in items:
        column, _eq, role = item.partition("=")
        if not column.strip().isdigit() or role.strip() not in roles:
            raise ValueError(f"--map {item!r}: tulis NOMOR_KOLOM=PERAN, peran salah satu dari "
                             f"{', '.join(sorted(roles))}")
        mapping[int(column)] = role.strip()
    return mapping or None


class _Progress:
    """One progress line on standard error: rewritten in place on a terminal, else printed every tenth."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.shown: tuple[str, int] | None = None

    def __call__(self, done: int, total: int, stage: str) -> None:
        tenth = (10 * done // total) if total else 10
        if not self.tty and self.shown == (stage, tenth):
            return
        self.shown = (stage, tenth)
        line = f"impor: {stage} {done}/{total} baris"
        if self.tty:
            print(f"\r{line}\033[K", end="" if done < total else "\n", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)


def run(args, command_error) -> int:
    from kinerja.reports.data import ReportError, find_agency

    try:
        agency = find_agency(args.agency)
    except ReportError as exc:
        raise command_error(str(exc)) from exc
    path = Path(args.file)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise command_error(f"{path}: tidak dapat dibaca ({exc.strerror or exc})") from exc
    limit = max_bytes()
    if size > limit:
        raise command_error(f"{path}: berkas {size} bita melebihi batas impor {limit} bita (IMPORT_MAX_BYTES); tidak "
                            "dibaca, basis data tidak berubah")
    try:
        mapping = _mapping(args.map)
    except ValueError as exc:
        raise command_error(str(exc)) from exc
    print(f"impor: membaca {path} ({size} bita)", file=sys.stderr, flush=True)
    try:
        reading = read_file(path.read_bytes(), path.name, year=args.year, kind=args.kind, mapping=mapping,
                            header_end=args.header_end)
    except ImportReadError as exc:
        raise command_error(f"{exc}; basis data tidak berubah") from exc
    print(f"impor: {len(reading.rows)} baris data ({reading.kind}, tahun {args.year})", file=sys.stderr, flush=True)
    try:
        result = preview(agency, reading, quarter=args.quarter, code_prefix=args.code_prefix,
                         progress=_Progress())
    except ImportRefused as exc:
        raise command_error(str(exc)) from exc
    print(render(reading, result))
    if reading.needs_mapping:
        raise command_error("kolom berkas tidak dikenali dengan pasti; tentukan dengan --map NOMOR_KOLOM=PERAN "
                            "(lihat daftar kolom di atas); basis data tidak berubah")
    if result.errors:
        raise command_error(f"{len(result.errors)} galat: tidak ada yang disimpan")
    if args.dry_run:
        print("--dry-run: tidak ada yang disimpan.")
        return 0
    if not result.changes:
        print("Tidak ada perubahan: data tersimpan sudah sama dengan berkas.")
        return 0
    try:
        applied = apply(agency, reading, quarter=args.quarter, code_prefix=args.code_prefix,
                        fingerprint=result.fingerprint(), reason=f"impor {path.name} (baris perintah)")
    except ImportRefused as exc:
        raise command_error(f"{exc}; tidak ada yang disimpan") from exc
    print(f"{len(applied.changes)} perubahan disimpan dalam satu transaksi (jejak audit: tindakan \"impor\").")
    return 0


def render(reading: FileReading, result: Preview) -> str:
    """The preview as text: columns recognised, counts, problems, then the changes row by row."""
    lines = [f"Berkas {reading.name}" + (f", lembar {reading.grid.sheet!r}" if reading.grid.sheet else "")
             + f": impor {'rencana' if reading.kind == 'plan' else 'realisasi'} tahun {reading.year}"]
    lines.append("Kolom:")
    for column in reading.layout.columns:
        role = ROLE_LABELS[column.role] if column.role else "(tidak dikenali)"
        note = f" — {column.note}" if column.note else ""
        lines.append(f"  {column.index:>3} {column.label or '(tanpa judul)'} → {role}{note}")
    if reading.ignored:
        lines.append(f"Kolom yang tidak dipakai impor ini: {'; '.join(reading.ignored)}")
    counts = ", ".join(f"{n} {name}" for name, n in result.counts().items()) or "tidak ada perubahan"
    lines.append(f"Ringkasan: {len(result.rows)} baris; {counts}; {result.unchanged} nilai tetap; "
                 f"{len(result.errors)} galat, {len(result.warnings)} peringatan.")
    for problem in sorted(result.problems, key=lambda p: (not p.error, p.where.line or 0)):
        lines.append(f"{'GALAT' if problem.error else 'peringatan'}: {problem.text()}")
    for number, change in enumerate(result.changes):
        if number == MAX_CHANGES_PRINTED:
            lines.append(f"… dan {len(result.changes) - number} perubahan lain")
            break
        where = f"baris {change.line}" if change.line else "berkas"
        verb = "baru" if change.created else "ubah"
        for name, old, new in change.shown_fields():
            arrow = f"{old} → {new}" if old else new
            lines.append(f"  {where}: {verb} {change.label} · {name}: {arrow}")
    return "\n".join(lines)
