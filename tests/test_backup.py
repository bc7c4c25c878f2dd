"""kinerja backup and restore, run as a user would: each command in a process of its own, against scratch databases.

No command here touches the pytest session's test database: every one gets its own DATABASE_URL. The PostgreSQL
round trip runs only when the suite itself runs on PostgreSQL; it uses two scratch databases named after the
suite's (``<name>_bk_src`` and ``<name>_bk_dst``: ``kinerja_bk_src`` for ``…/kinerja``), dropped and recreated
here, and restores into a database that is migrated but holds no rows (the SQLite round trip restores into a new
file, the zip round trip into a migrated empty file).
"""

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.apps import apps

from kinerja.backup import DATA_MEMBERS, MANIFEST
from kinerja.cli import main

ROOT = Path(__file__).resolve().parent.parent

# Every row of every table of the configured database, as sorted canonical JSON: equal dumps mean equal data.
DUMP = """
import json, sys
from kinerja.cli import setup_django
setup_django()
from django.db import connection
tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute('SELECT * FROM "%s"' % table)
        columns = [c[0] for c in cursor.description]
        tables[table] = sorted(json.dumps(dict(zip(columns, row)), default=str, sort_keys=True)
                               for row in cursor.fetchall())
json.dump(tables, sys.stdout)
"""

# Data the demo loader does not make, so that a restore of a fresh demo could not pass by accident.
CHANGE = """
from kinerja.cli import setup_django
setup_django()
from django.contrib.auth import get_user_model
from kinerja.plan.models import Agency
from kinerja.realisation.models import AuditEntry
agency = Agency.objects.get(slug="dinsos-kukar")
Agency.objects.filter(pk=agency.pk).update(address="Jl. Cadangan No. 1 — Tenggarong")
user = get_user_model().objects.create_user("uji.cadangan", password="uji-cadangan-2024")
AuditEntry.objects.create(agency=agency, user=user, action="uji", object_type="agency", object_id=agency.pk,
                          field="address", old="", new="Jl. Cadangan No. 1", reason="uji cadangan")
"""
CHANGED_ADDRESS = "Jl. Cadangan No. 1 — Tenggarong"


def run(args: list[str], url: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "KINERJA_DEV": "1"}
    return subprocess.run([sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120,
                          check=False)


def kinerja(*args: str, url: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return run(["-m", "kinerja.cli", *args], url, cwd)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    return result


def dump(url: str) -> dict[str, list[str]]:
    return json.loads(ok(run(["-c", DUMP], url)).stdout)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def model_tables() -> set[str]:
    return {model._meta.db_table for model in apps.get_models(include_auto_created=True)}


def repack(archive: Path, target: Path, *, manifest: dict | None = None, data: bytes | None = None) -> Path:
    """A copy of a tar.gz archive with its manifest or its data member replaced."""
    with tarfile.open(archive) as tar:
        original = json.loads(tar.extractfile(MANIFEST).read())
        member = original["data"]["member"]
        content = tar.extractfile(member).read()
    with tarfile.open(target, "w:gz") as tar:
        for name, payload in ((MANIFEST, json.dumps(manifest or original).encode()), (member, data or content)):
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return target


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> dict:
    """A demo database with changes of its own, its archive (default name) and the dump of every row."""
    folder = tmp_path_factory.mktemp("backup")
    url = sqlite_url(folder / "source.sqlite3")
    ok(kinerja("demo", url=url))
    ok(run(["-c", CHANGE], url))
    ok(kinerja("backup", url=url, cwd=folder))
    [archive] = folder.glob("kinerja-backup-*")
    return {"folder": folder, "url": url, "archive": archive, "dump": dump(url)}


@pytest.mark.parametrize("verb", ["backup", "restore"])
def test_every_backup_verb_has_help(verb, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([verb, "--help"])
    assert exit_.value.code == 0
    assert "usage: kinerja" in capsys.readouterr().out


def test_default_archive_name_says_vendor_and_utc_time(source):
    assert re.fullmatch(r"kinerja-backup-sqlite-\d{8}T\d{6}Z\.tar\.gz", source["archive"].name)
    assert source["archive"].stat().st_mode & 0o077 == 0  # password hashes inside: readable by the owner only


def test_manifest_describes_the_archive(source):
    with tarfile.open(source["archive"]) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        data = tar.extractfile(DATA_MEMBERS["sqlite"]).read()
    assert manifest["format"] == "kinerja-backup" and manifest["format_version"] == 1
    assert manifest["vendor"] == "sqlite" and manifest["kinerja_version"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", manifest["created_at"])
    assert manifest["data"] == {"member": "database.sqlite3", "size": len(data),
                                "sha256": hashlib.sha256(data).hexdigest()}
    plan_migrations = sorted(p.stem for p in (ROOT / "kinerja" / "plan" / "migrations").glob("0*.py"))
    assert manifest["migrations"]["plan"] == plan_migrations
    assert manifest["tables"] == {table: len(rows) for table, rows in source["dump"].items()}


def test_sqlite_restore_into_a_new_file_gives_back_every_row(source, tmp_path):
    target = sqlite_url(tmp_path / "restored.sqlite3")
    result = ok(kinerja("restore", str(source["archive"]), url=target))
    assert "Jumlah baris sama dengan manifes" in result.stdout
    restored = dump(target)
    assert model_tables() <= set(restored)  # every Django model, auto-created many-to-many tables included
    assert restored == source["dump"]
    assert CHANGED_ADDRESS in {json.loads(row)["address"] for row in restored["plan_agency"]}


def test_zip_archive_restores_into_a_migrated_empty_file(source, tmp_path):
    archive = tmp_path / "cadangan.zip"
    ok(kinerja("backup", "-o", str(archive), url=source["url"]))
    assert archive.read_bytes()[:2] == b"PK"
    target = sqlite_url(tmp_path / "migrated.sqlite3")
    ok(kinerja("manage", "migrate", "-v0", url=target))
    ok(kinerja("restore", str(archive), url=target))
    assert dump(target) == source["dump"]


def test_backup_never_overwrites_a_file(source):
    result = kinerja("backup", "-o", str(source["archive"]), url=source["url"])
    assert result.returncode == 2 and "tidak ditimpa" in result.stderr


def test_restore_refuses_a_database_with_data_and_leaves_it_unchanged(source):
    result = kinerja("restore", str(source["archive"]), url=source["url"])
    assert result.returncode == 2
    assert "tidak kosong" in result.stderr and "plan_agency (2 baris)" in result.stderr
    assert "auth_user" in result.stderr and "Traceback" not in result.stderr
    assert dump(source["url"]) == source["dump"]


def _tampered(source, path: Path) -> Path:
    with tarfile.open(source["archive"]) as tar:
        data = bytearray(tar.extractfile(DATA_MEMBERS["sqlite"]).read())
    data[len(data) // 2] ^= 0xFF
    return repack(source["archive"], path, data=bytes(data))


def _truncated(source, path: Path) -> Path:
    content = source["archive"].read_bytes()
    path.write_bytes(content[: len(content) // 2])
    return path


def _not_an_archive(source, path: Path) -> Path:
    path.write_text("bukan arsip\n")
    return path


def _newer_migrations(source, path: Path) -> Path:
    with tarfile.open(source["archive"]) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
    manifest["migrations"]["plan"].append("9999_dari_masa_depan")
    return repack(source["archive"], path, manifest=manifest)


def _unknown_format(source, path: Path) -> Path:
    with tarfile.open(source["archive"]) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
    manifest["format_version"] = 2
    return repack(source["archive"], path, manifest=manifest)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_tampered, "checksum SHA-256 database.sqlite3 tidak cocok"),
        (_truncated, "arsip rusak atau terpotong"),
        (_not_an_archive, "bukan arsip cadangan Kinerja"),
        (lambda source, path: path, "berkas tidak ada"),
        (_newer_migrations, "migrasi plan.9999_dari_masa_depan tidak dikenal"),
        (_unknown_format, "format arsip versi 2 tidak dikenal"),
    ],
    ids=["tampered", "truncated", "not-an-archive", "missing", "newer-migrations", "unknown-format"],
)
def test_bad_archive_is_refused_and_changes_nothing(source, tmp_path, make, message):
    archive = make(source, tmp_path / "arsip.tar.gz")
    target = tmp_path / "target.sqlite3"
    result = kinerja("restore", str(archive), url=sqlite_url(target))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


def test_cross_vendor_restore_is_refused_with_the_reason(source):
    # Refused before any connection is made, so no server needs to listen on this port.
    result = kinerja("restore", str(source["archive"]), url="postgres://nobody@127.0.0.1:9/kinerja_none")
    assert result.returncode == 2
    assert "pemulihan lintas vendor tidak didukung" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------------------------------------- PostgreSQL

SUITE_URL = os.environ.get("DATABASE_URL", "")


@pytest.fixture
def scratch_postgres():
    """URLs of two scratch databases beside the suite's, dropped and created afresh, dropped again afterwards."""
    if not SUITE_URL.startswith(("postgres://", "postgresql://")):
        pytest.skip("the suite runs on SQLite: the PostgreSQL round trip needs DATABASE_URL=postgres://…")
    import psycopg
    from psycopg import sql

    parts = urlsplit(SUITE_URL)
    base = parts.path.lstrip("/")
    names = [f"{base}_bk_src", f"{base}_bk_dst"]
    admin = psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password, dbname="postgres", autocommit=True)

    def drop():
        for name in names:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    with admin:
        drop()
        for name in names:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
        drop()


def test_postgres_restore_into_a_migrated_empty_database_gives_back_every_row(scratch_postgres, tmp_path):
    src, dst = scratch_postgres
    ok(kinerja("demo", url=src))
    ok(run(["-c", CHANGE], src))
    archive = tmp_path / "pg.tar.gz"
    ok(kinerja("backup", "-o", str(archive), url=src))
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        assert tar.extractfile(DATA_MEMBERS["postgresql"]).read(5) == b"PGDMP"  # pg_dump's custom format
    assert manifest["vendor"] == "postgresql"

    ok(kinerja("manage", "migrate", "-v0", url=dst))
    result = ok(kinerja("restore", str(archive), url=dst))
    assert "Jumlah baris sama dengan manifes" in result.stdout
    expected, restored = dump(src), dump(dst)
    assert model_tables() <= set(restored)
    assert restored == expected
    assert manifest["tables"] == {table: len(rows) for table, rows in expected.items()}

    again = kinerja("restore", str(archive), url=dst)
    assert again.returncode == 2 and "tidak kosong" in again.stderr
    assert dump(dst) == expected
