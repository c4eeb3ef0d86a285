"""The manifest beside each backup: what the copy holds (counts, schema, device) and every evidence hash it
refers to, read from the copy itself. A restore checks the evidence against it (services/restore.py)."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector_app import __version__
from inspector_app.domain.errors import StorageError
from inspector_app.evidence.media_store import sha256_file
from inspector_app.services.backup_files import connect, failure, fsync_file

MANIFEST_FORMAT = 1
# Tables counted in the manifest (the same nouns `info` counts, plus signatures).
COUNTED_TABLES = {
    "enterprises": "enterprise",
    "inspectors": "inspector",
    "templates": "formtemplate",
    "inspections": "inspection",
    "hazards": "hazard",
    "photos": "photo",
    "signatures": "signature",
    "documents": "document",
    "audit_events": "auditevent",
}
# Where the database refers to media files by hash.
MEDIA_COLUMNS = (
    ("photo", "sha256"),
    ("photo", "derived_sha256"),
    ("photo", "thumb_sha256"),
    ("signature", "sha256"),
    ("document", "pdf_sha256"),
)


def manifest_path(backup: Path) -> Path:
    return backup.with_suffix(".json")


def describe(backup: Path, *, label: str, created_at: datetime) -> dict[str, Any]:
    """The manifest of one backup file, read from the copy itself (not the live database)."""
    try:
        conn = connect(backup)
    except sqlite3.Error as exc:
        raise StorageError(f"无法打开刚写入的备份：{exc}") from exc
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        schema = settings = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            schema = row[0] if row else None
        if "setting" in tables:
            settings = dict(conn.execute("SELECT key, value FROM setting WHERE key IN ('device_id', 'role')"))
        counts = {
            key: int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608 - fixed names
            for key, table in COUNTED_TABLES.items()
            if table in tables
        }
        media = referenced_media(conn, tables)
    except sqlite3.Error as exc:
        raise StorageError(f"备份文件无法读取，可能已损坏：{exc}") from exc
    finally:
        conn.close()
    stat = backup.stat()
    return {
        "format": MANIFEST_FORMAT,
        "file": backup.name,
        "label": label,
        "created_at": created_at.isoformat(timespec="seconds"),
        "app_version": __version__,
        "schema_version": schema,
        "device_id": (settings or {}).get("device_id"),
        "role": (settings or {}).get("role", "device"),
        "db_size": stat.st_size,
        "db_sha256": sha256_file(backup),
        "counts": counts,
        "media": sorted(media),
    }


def referenced_media(conn: sqlite3.Connection, tables: set[str]) -> set[str]:
    media: set[str] = set()
    for table, column in MEDIA_COLUMNS:
        if table in tables:
            media.update(
                value
                for (value,) in conn.execute(f'SELECT DISTINCT "{column}" FROM "{table}"')  # noqa: S608
                if value
            )
    return media


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    partial = path.with_suffix(".json.partial")
    try:
        partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        fsync_file(partial, "写入备份清单")
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise failure(exc, "写入备份清单", path.parent) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
