"""Backup and restore of the configured database: one versioned archive, restored only into an empty database.

An archive (``.tar.gz`` or ``.zip``) holds ``manifest.json`` and one data member in the vendor's own format:

* SQLite: a copy of the database file made with SQLite's online backup API, consistent while the app runs;
* PostgreSQL: ``pg_dump --format=custom --no-owner``, taken in the same snapshot as the manifest's row counts
  (the counting transaction exports its snapshot and pg_dump uses it).

The manifest names the format version, the Kinerja and Django versions, the vendor, the applied migrations per app,
the row count of every table and the SHA-256 of the data member. Restore checks all of it before touching the
database, refuses a database that holds data (there is no option to overwrite), and counts the rows afterwards.
The checksum detects damage, not malice: anyone can write a manifest that matches their own data member.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404  (pg_dump and pg_restore, by absolute path, without a shell)
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FORMAT = "kinerja-backup"
FORMAT_VERSION = 1
KNOWN_FORMAT_VERSIONS = frozenset({1})
MANIFEST = "manifest.json"
DATA_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# What `migrate` writes by itself: a migrated database with rows only in these tables counts as empty.
MIGRATE_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
MANIFEST_LIMIT = 1 << 20  # bytes; a manifest is a few kilobytes, so anything near this is not one of ours
CHUNK = 1 << 20
CROSS_VENDOR = ("pemulihan lintas vendor tidak didukung: isi arsip adalah format fisik vendornya (berkas basis data "
                "SQLite atau dump pg_dump), yang tidak dapat dibaca vendor lain")


class BackupError(Exception):
    """A clear, expected failure: the message says what is wrong; the configured database was not changed."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    counts: dict[str, int]  # rows per table after restoring, equal to the manifest's
    pending: list[str] = field(default_factory=list)  # migrations of this code not applied in the archive


# ---------------------------------------------------------------------------------------------------- backup


def default_name(vendor: str, now: dt.datetime) -> str:
    return f"kinerja-backup-{vendor}-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}.tar.gz"


def create_backup(output: Path | None = None, *, now: dt.datetime | None = None) -> BackupResult:
    """Write an archive of the configured database to ``output`` (default: a dated name in the current folder)."""
    from django.db import connection

    vendor = _vendor(connection)
    now = now or dt.datetime.now(dt.UTC)
    output = Path(output) if output else Path.cwd() / default_name(vendor, now)
    _check_output(output)
    member = DATA_MEMBERS[vendor]
    with tempfile.TemporaryDirectory(prefix="kinerja-backup-") as work:
        data = Path(work) / member
        if vendor == "sqlite":
            tables, migrations, vendor_version = _sqlite_snapshot(connection, data)
        else:
            tables, migrations, vendor_version = _postgres_snapshot(connection, data)
        manifest = _manifest(vendor, vendor_version, now, migrations, tables, member, data)
        _write_archive(output, manifest, data, member)
    return BackupResult(output, manifest)


def _vendor(connection) -> str:
    if connection.vendor not in DATA_MEMBERS:
        raise BackupError(f"basis data {connection.vendor} tidak didukung: hanya SQLite dan PostgreSQL")
    return connection.vendor


def _check_output(output: Path) -> None:
    if not output.name.endswith((".tar.gz", ".tgz", ".zip")):
        raise BackupError(f"{output}: nama berkas arsip harus berakhir .tar.gz atau .zip")
    if output.exists():
        raise BackupError(f"{output} sudah ada dan tidak ditimpa: pilih nama lain dengan -o")
    if not output.parent.is_dir():
        raise BackupError(f"folder {output.parent} tidak ada")


def _sqlite_snapshot(connection, data: Path) -> tuple[dict[str, int], dict[str, list[str]], str]:
    source = Path(connection.settings_dict["NAME"])
    if not source.is_file():
        raise BackupError(f"berkas basis data {source} tidak ada: tidak ada yang dicadangkan")
    try:
        # The backup API copies all pages in one step under a read lock: a consistent copy while the app writes.
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(data)) as dst:
            src.backup(dst)
        with closing(sqlite3.connect(data)) as copy:
            names = [row[0] for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                "ORDER BY name")]
            _require_migrated(names)
            tables = _count_rows(copy.cursor(), names)
            migrations = _migrations(copy.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.Error as exc:
        raise BackupError(f"basis data SQLite {source} tidak dapat dicadangkan: {exc}") from exc
    return tables, migrations, sqlite3.sqlite_version


def _postgres_snapshot(connection, data: Path) -> tuple[dict[str, int], dict[str, list[str]], str]:
    from django.db import transaction

    pg_dump = _tool("pg_dump")
    args, env = _pg_connection(connection.settings_dict)
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump reads in this transaction's snapshot, so the counts below describe exactly the dumped data.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        names = sorted(connection.introspection.table_names(cursor))
        _require_migrated(names)
        tables = _count_rows(cursor, names)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = _migrations(cursor.fetchall())
        _run([pg_dump, "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={data}", *args,
              f"--dbname={connection.settings_dict['NAME']}"], env, "pg_dump")
    version = connection.pg_version
    return tables, migrations, f"{version // 10000}.{version % 10000}"


def _require_migrated(tables: Iterable[str]) -> None:
    if "django_migrations" not in tables:
        raise BackupError("basis data belum dimigrasi, tidak ada yang dicadangkan — jalankan `kinerja demo` atau "
                          "`kinerja manage migrate` lebih dulu")


def _migrations(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_rows(cursor, tables: Iterable[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        # Table names come from the database's own catalogue and are quoted: no outside input reaches the SQL.
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _manifest(vendor: str, vendor_version: str, now: dt.datetime, migrations: dict[str, list[str]],
              tables: dict[str, int], member: str, data: Path) -> dict[str, Any]:
    import django

    digest, size = _sha256(data)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kinerja_version": kinerja_version(),
        "django_version": django.get_version(),
        "created_at": now.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "vendor": vendor,
        "vendor_version": vendor_version,
        "migrations": migrations,
        "tables": tables,
        "data": {"member": member, "size": size, "sha256": digest},
    }


def kinerja_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kinerja")
    except PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _write_archive(output: Path, manifest: dict[str, Any], data: Path, member: str) -> None:
    payload = json.dumps(manifest, indent=2, ensure_ascii=False).encode() + b"\n"
    # mkstemp creates the file readable by its owner only: the archive holds password hashes and sessions.
    fd, part = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            if output.name.endswith(".zip"):
                with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                    archive.writestr(MANIFEST, payload)
                    archive.write(data, member)
            else:
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                    mtime = int(dt.datetime.fromisoformat(manifest["created_at"]).timestamp())
                    for name, size, content in ((MANIFEST, len(payload), io.BytesIO(payload)),
                                                (member, data.stat().st_size, data.open("rb"))):
                        info = tarfile.TarInfo(name)
                        info.size, info.mode, info.mtime = size, 0o600, mtime
                        with content:
                            archive.addfile(info, content)
        if output.exists():
            raise BackupError(f"{output} dibuat orang lain selama pencadangan dan tidak ditimpa")
        os.replace(part, output)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------------------------------- restore


def restore_backup(path: Path) -> RestoreResult:
    """Bring the archive at ``path`` into the configured database, which must hold no data."""
    from django.db import connection

    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="kinerja-restore-") as work:
        manifest, data = read_archive(path, Path(work))
        vendor = _vendor(connection)
        if manifest["vendor"] != vendor:
            raise BackupError(f"arsip ini dari {manifest['vendor']}, basis data yang dikonfigurasi {vendor}: "
                              f"{CROSS_VENDOR}. Pulihkan ke basis data {manifest['vendor']}.")
        unknown, pending = _compare_migrations(manifest["migrations"])
        if unknown:
            raise BackupError(f"arsip dibuat oleh Kinerja yang lebih baru ({manifest['kinerja_version']}): migrasi "
                              f"{', '.join(unknown)} tidak dikenal kode ini. Pasang versi itu lalu pulihkan.")
        if vendor == "sqlite":
            _check_sqlite_data(data)
            _require_empty(connection, manifest)
            _restore_sqlite(connection, data)
        else:
            pg_restore = _tool("pg_restore")
            args, env = _pg_connection(connection.settings_dict)
            # Reads the dump's table of contents: a file that is not a pg_dump archive stops here, untouched.
            _run([pg_restore, "--list", str(data)], env, "pg_restore")
            _require_empty(connection, manifest)
            connection.close()
            # --clean --if-exists: a migrated but empty database already has the tables; they are replaced in the
            # same single transaction, so a failure leaves the database as it was.
            _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--clean",
                  "--if-exists", *args, f"--dbname={connection.settings_dict['NAME']}", str(data)], env, "pg_restore")
    connection.close()
    counts = _verify_counts(connection, manifest["tables"])
    return RestoreResult(manifest, counts, pending)


def read_archive(path: Path, work: Path) -> tuple[dict[str, Any], Path]:
    """The manifest and the data member (extracted into ``work``, checksum verified) of the archive at ``path``."""
    if not path.exists():
        raise BackupError(f"{path}: berkas tidak ada")
    if not path.is_file():
        raise BackupError(f"{path}: bukan berkas")
    with path.open("rb") as f:
        magic = f.read(4)
    try:
        if magic[:2] == b"\x1f\x8b":
            with tarfile.open(path, "r:gz") as archive:
                manifest = _parse_manifest(_read_limited(_tar_member(archive, MANIFEST), MANIFEST_LIMIT))
                data = _extract(_tar_member(archive, manifest["data"]["member"]), work, manifest)
        elif magic == b"PK\x03\x04":
            with zipfile.ZipFile(path) as archive:
                manifest = _parse_manifest(_read_limited(_zip_member(archive, MANIFEST), MANIFEST_LIMIT))
                data = _extract(_zip_member(archive, manifest["data"]["member"]), work, manifest)
        else:
            raise BackupError(f"{path}: bukan arsip cadangan Kinerja (.tar.gz atau .zip dari `kinerja backup`)")
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"{path}: arsip rusak atau terpotong ({exc}); basis data tidak diubah") from exc
    return manifest, data


def _tar_member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        info = archive.getmember(name)
    except KeyError:
        raise BackupError(f"arsip tidak memuat {name}: bukan arsip cadangan Kinerja") from None
    member = archive.extractfile(info) if info.isfile() else None
    if member is None:
        raise BackupError(f"{name} dalam arsip bukan berkas biasa")
    return member


def _zip_member(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    try:
        return archive.open(name)
    except KeyError:
        raise BackupError(f"arsip tidak memuat {name}: bukan arsip cadangan Kinerja") from None


def _read_limited(member: IO[bytes], limit: int) -> bytes:
    with member:
        content = member.read(limit + 1)
    if len(content) > limit:
        raise BackupError(f"{MANIFEST} lebih dari {limit} bita: bukan arsip cadangan Kinerja")
    return content


def _parse_manifest(content: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{MANIFEST} tidak terbaca: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} bukan manifes cadangan Kinerja")
    version = manifest.get("format_version")
    if version not in KNOWN_FORMAT_VERSIONS:
        raise BackupError(f"format arsip versi {version!r} tidak dikenal Kinerja {kinerja_version()} (dikenal: "
                          f"{', '.join(map(str, sorted(KNOWN_FORMAT_VERSIONS)))}): pulihkan dengan versi Kinerja "
                          f"yang membuatnya ({manifest.get('kinerja_version', '?')})")
    data, vendor = manifest.get("data"), manifest.get("vendor")
    problems = []
    if vendor not in DATA_MEMBERS:
        problems.append(f"vendor {vendor!r}")
    if not isinstance(data, dict) or data.get("member") != DATA_MEMBERS.get(vendor) \
            or not re.fullmatch(r"[0-9a-f]{64}", str(data.get("sha256"))) \
            or not isinstance(data.get("size"), int) or data["size"] < 0:
        problems.append("data (member, size, sha256)")
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(n, str) and type(c) is int for n, c in tables.items()):
        problems.append("tables")
    migrations = manifest.get("migrations")
    if not isinstance(migrations, dict) or not all(
            isinstance(names, list) and all(isinstance(n, str) for n in names) for names in migrations.values()):
        problems.append("migrations")
    if problems:
        raise BackupError(f"{MANIFEST} tidak sah: {', '.join(problems)}")
    return manifest


def _extract(member: IO[bytes], work: Path, manifest: dict[str, Any]) -> Path:
    expected = manifest["data"]
    # The member name is one of DATA_MEMBERS (checked in the manifest), never a path taken from the archive.
    target = work / DATA_MEMBERS[manifest["vendor"]]
    digest, size = hashlib.sha256(), 0
    with member, target.open("wb") as out:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > expected["size"]:
                break
            digest.update(chunk)
            out.write(chunk)
    if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise BackupError(f"checksum SHA-256 {expected['member']} tidak cocok dengan manifes: arsip rusak atau "
                          "telah diubah; basis data tidak diubah")
    return target


def _compare_migrations(archived: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """Migrations in the archive this code does not know, and migrations of this code the archive lacks."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_archive = {(app, name) for app, names in archived.items() for name in names}
    unknown = sorted(f"{app}.{name}" for app, name in in_archive - known)
    pending = sorted(f"{app}.{name}" for app, name in known - in_archive)
    return unknown, pending


def _check_sqlite_data(data: Path) -> None:
    try:
        with closing(sqlite3.connect(f"{data.resolve().as_uri()}?mode=ro", uri=True)) as copy:
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupError(f"{data.name} dalam arsip bukan basis data SQLite yang utuh: {exc}") from exc
    if result != "ok":
        raise BackupError(f"{data.name} dalam arsip gagal pemeriksaan integritas SQLite: {result}")


def _require_empty(connection, manifest: dict[str, Any]) -> None:
    """Refuse a database that holds data: restore never overwrites, and offers no option to."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and not Path(name).exists():
        return  # a new file: SQLite creates it when restoring
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        filled = {t: n for t, n in _count_rows(cursor, sorted(set(tables) - MIGRATE_TABLES)).items() if n}
    if filled:
        listed = ", ".join(f"{t} ({n} baris)" for t, n in filled.items())
        raise BackupError(f"basis data {name} tidak kosong, pemulihan tidak menimpa data: {listed}. Pulihkan ke "
                          "basis data baru (berkas SQLite baru atau createdb), lalu arahkan DATABASE_URL ke sana.")
    extra = sorted(set(tables) - set(manifest["tables"]))
    if connection.vendor == "postgresql" and extra:
        raise BackupError(f"basis data {name} kosong tetapi memiliki tabel yang tidak ada di arsip ({', '.join(extra)}"
                          "; dimigrasi oleh kode yang lebih baru): pulihkan ke basis data yang baru dibuat (createdb)")


def _restore_sqlite(connection, data: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    connection.close()
    try:
        # The backup API replaces the target's pages in one step under its write lock.
        with closing(sqlite3.connect(data)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(f"pemulihan ke {target} gagal: {exc}") from exc


def _verify_counts(connection, expected: dict[str, int]) -> dict[str, int]:
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        missing = sorted(set(expected) - present)
        counts = _count_rows(cursor, sorted(set(expected) & present))
    wrong = [f"{t}: {counts[t]} baris, manifes {n}" for t, n in expected.items() if t in counts and counts[t] != n]
    if missing or wrong:
        raise BackupError("hasil pemulihan berbeda dari manifes — " + "; ".join(
            [f"tabel tidak ada: {', '.join(missing)}"] * bool(missing) + wrong))
    return counts


# ----------------------------------------------------------------------------------------- PostgreSQL tools


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} tidak ditemukan di PATH: pasang klien PostgreSQL (Debian: apt install "
                          f"postgresql-client, versi yang sama dengan server atau lebih baru)")
    return path


def _pg_connection(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump and pg_restore from the Django settings; the password goes by PGPASSWORD."""
    args = ["--no-password"]  # never wait for a password prompt: fail instead
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args.append(f"{option}={db[key]}")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return args, env


def _run(command: list[str], env: dict[str, str], name: str) -> None:
    # An argument list with the tool's absolute path and no shell: nothing here is interpreted by a shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = "\n".join(result.stderr.strip().splitlines()[-10:])
        raise BackupError(f"{name} gagal (status {result.returncode}); basis data tidak diubah:\n{detail}")
