"""Backups that restore (issue 21 §4): one consistent archive of the database, taken while the service runs, with a
manifest (version, migrations, counts, checksums) that ``restore`` verifies before and after it rebuilds a database.

- PostgreSQL: ``pg_dump --format=custom`` (one snapshot of the whole database); restored with ``pg_restore``.
- SQLite: the online backup API (``sqlite3.Connection.backup``: a consistent copy while others write).

The archive is a tar of ``manifest.json`` and the database file. Evidence files live in the database, so they are in
it; nothing else of the service is state (static files are collected again, settings are the environment's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
FORMAT = "chiiki-mirai/backup@1"
#: The tables whose rows are counted in the manifest and compared after a restore (the service's record).
COUNTED = (
    "workflow.Plan",
    "workflow.Revision",
    "workflow.AuditEvent",
    "workflow.Judgement",
    "monitoring.ProgressRecord",
    "analytics.Evidence",
    "analytics.EvidenceFile",
    "organisations.Person",
    "auth.User",
)


class BackupError(Exception):
    """A backup or restore that cannot be done, said plainly (the commands print it and exit non-zero)."""


@dataclass(frozen=True)
class Database:
    engine: str  # "postgresql" or "sqlite"
    settings: dict[str, Any]

    @classmethod
    def current(cls) -> Database:
        config = settings.DATABASES["default"]
        engine = (
            "postgresql"
            if "postgresql" in config["ENGINE"]
            else "sqlite"
            if "sqlite" in config["ENGINE"]
            else ""
        )
        if not engine:
            raise BackupError(f"対応していないデータベースです: {config['ENGINE']}")
        return cls(engine, dict(config))

    def pg_env(self) -> dict[str, str]:
        config = self.settings
        env = os.environ | {
            "PGHOST": str(config.get("HOST") or "127.0.0.1"),
            "PGPORT": str(config.get("PORT") or 5432),
            "PGUSER": str(config.get("USER") or "postgres"),
            "PGDATABASE": str(config["NAME"]),
        }
        if config.get("PASSWORD"):
            env["PGPASSWORD"] = str(config["PASSWORD"])
        return env


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def backup(out_dir: Path) -> Path:
    """Write one archive under ``out_dir`` and return its path."""
    database = Database.current()
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / ("database.dump" if database.engine == "postgresql" else "database.sqlite3")
        if database.engine == "postgresql":
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump)],
                env=database.pg_env(),
                capture_output=True,
            )
            if result.returncode != 0:
                raise BackupError("pg_dump が失敗しました: " + result.stderr.decode(errors="replace").strip())
        else:
            with (
                sqlite3.connect(str(database.settings["NAME"])) as source,
                sqlite3.connect(str(dump)) as target,
            ):
                source.backup(target)
            target.close()
        data = dump.read_bytes()
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": database.engine,
            "file": dump.name,
            "sha256": _sha256(data),
            "bytes": len(data),
            "migrations": applied_migrations(),
            "counts": counts(),
        }
        archive = out_dir / f"chiiki-mirai-backup-{stamp}.tar"
        with tarfile.open(archive, "w") as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
            tar.add(dump, arcname=dump.name)
    return archive


def read_archive(archive: Path) -> tuple[dict[str, Any], bytes]:
    """The manifest and the database file, verified against the manifest's checksum."""
    try:
        with tarfile.open(archive, "r") as tar:
            manifest = json.loads(_member(tar, MANIFEST))
            data = _member(tar, str(manifest["file"]))
    except (tarfile.TarError, OSError, KeyError, ValueError) as exc:
        raise BackupError(f"バックアップとして読めません（{archive}）: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"バックアップの形式が違います: {manifest.get('format')}")
    if _sha256(data) != manifest["sha256"]:
        raise BackupError("バックアップのファイルが壊れています（チェックサムが合いません）。")
    return manifest, data


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    member = tar.extractfile(name)
    if member is None:
        raise KeyError(name)
    return member.read()


def is_empty() -> bool:
    """No table of the service holds a row (a database just created, or migrated and never used)."""
    existing = set(connection.introspection.table_names())
    for label in COUNTED:
        model = apps.get_model(label)
        if model._meta.db_table in existing and model.objects.exists():
            return False
    return True


def restore(archive: Path, *, force: bool = False) -> dict[str, Any]:
    """Rebuild the configured database from ``archive``; refused over a database holding data unless ``force``.
    Returns the manifest, after checking the restored counts against it."""
    manifest, data = read_archive(archive)
    database = Database.current()
    if manifest["engine"] != database.engine:
        raise BackupError(
            f"{manifest['engine']} のバックアップは {database.engine} のデータベースに戻せません"
            "（同じ種類のデータベースを指定してください）。"
        )
    if not force and not is_empty():
        raise BackupError(
            "戻し先のデータベースにデータがあります。上書きするときは --force を付けてください"
            "（先に現在のデータベースのバックアップを取ってください）。"
        )
    connection.close()
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / manifest["file"]
        dump.write_bytes(data)
        if database.engine == "postgresql":
            result = subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--exit-on-error",
                    "-d",
                    str(database.settings["NAME"]),
                    str(dump),
                ],
                env=database.pg_env(),
                capture_output=True,
            )
            if result.returncode != 0:
                raise BackupError(
                    "pg_restore が失敗しました: " + result.stderr.decode(errors="replace").strip()
                )
        else:
            target = Path(str(database.settings["NAME"]))
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(dump, target)
    restored = counts()
    if restored != manifest["counts"]:
        raise BackupError(f"戻した件数がバックアップと合いません: {restored} ≠ {manifest['counts']}")
    return manifest
