"""Backups of the database: an online SQLite copy in backups/, with a JSON manifest beside it.

Media files are content-addressed and never overwritten, so a backup does not copy them: the manifest lists
every media hash the copied database refers to, which is all a restore needs to check that the evidence is
still there. Restoring comes later (Part 5).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector_app import __version__
from inspector_app.domain.errors import StorageError, ValidationError
from inspector_app.services.context import App
from inspector_app.store.migrate import backup_sqlite

MANIFEST_FORMAT = 1
MANUAL = "manual"
# Never pruned: made by a person, or the safety copy taken before a schema upgrade.
PROTECTED_PREFIXES = (MANUAL, "pre-upgrade")
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_NAME = re.compile(r"^(?P<label>.+)-(?P<stamp>\d{8}T\d{12}Z)$")

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

ProgressFn = Callable[[int, int, str], object]


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    label: str
    created_at: datetime  # UTC, aware
    size: int
    manifest: dict[str, Any] | None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def manual(self) -> bool:
        return self.label == MANUAL or self.label.startswith(f"{MANUAL}-")

    @property
    def protected(self) -> bool:
        return any(self.label == p or self.label.startswith(f"{p}-") for p in PROTECTED_PREFIXES)

    @property
    def kind_label(self) -> str:
        if self.manual:
            return "手动"
        if self.label.startswith("pre-upgrade"):
            return "升级前自动"
        return "自动"

    @property
    def manifest_path(self) -> Path:
        return manifest_path(self.path)


def manifest_path(backup: Path) -> Path:
    return backup.with_suffix(".json")


def create_backup(app: App, label: str = MANUAL, *, progress: ProgressFn | None = None) -> Path:
    """Copy the database while the app keeps running, then describe the copy in a manifest beside it."""
    label = label.strip()
    if not _LABEL.fullmatch(label):
        raise ValidationError(f"备份标签只能使用字母、数字、“-”和“_”，最多 40 个字符：{label!r}")
    if progress is not None:
        progress(0, 3, "正在复制数据库……")
    target = backup_sqlite(app.data.db_path, app.data.backups, label)
    try:
        if progress is not None:
            progress(1, 3, "正在核对备份内容……")
        manifest = _describe(target, label=label, device_id=app.device_id, role=app.role.value)
        manifest["media_missing"] = sorted(sha for sha in manifest["media"] if not app.media.has(sha))
        if progress is not None:
            progress(2, 3, "正在写入备份清单……")
        _write_manifest(manifest_path(target), manifest)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(3, 3, "备份完成")
    return target


def _describe(backup: Path, *, label: str, device_id: str, role: str) -> dict[str, Any]:
    """The manifest of one backup file, read from the copy itself (not the live database)."""
    try:
        conn = sqlite3.connect(backup, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"无法打开刚写入的备份：{exc}") from exc
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        schema = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            schema = row[0] if row else None
        counts = {
            key: int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608 - fixed names
            for key, table in COUNTED_TABLES.items()
            if table in tables
        }
        media: set[str] = set()
        for table, column in MEDIA_COLUMNS:
            if table in tables:
                media.update(
                    value
                    for (value,) in conn.execute(f'SELECT DISTINCT "{column}" FROM "{table}"')  # noqa: S608
                    if value
                )
        quick = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        raise StorageError(f"备份文件无法读取，可能已损坏：{exc}") from exc
    finally:
        conn.close()
    if not quick or quick[0] != "ok":
        raise StorageError(f"备份文件校验失败：{quick[0] if quick else '无结果'}")
    stat = backup.stat()
    return {
        "format": MANIFEST_FORMAT,
        "file": backup.name,
        "label": label,
        "created_at": _created_at(backup).isoformat(timespec="seconds"),
        "app_version": __version__,
        "schema_version": schema,
        "device_id": device_id,
        "role": role,
        "db_size": stat.st_size,
        "db_sha256": _sha256_file(backup),
        "counts": counts,
        "media": sorted(media),
    }


def _write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    partial = path.with_suffix(".json.partial")
    try:
        partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"无法写入备份清单：{exc.strerror or exc}") from exc


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _created_at(path: Path) -> datetime:
    match = _NAME.match(path.stem)
    if match:
        return datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def list_backups(app: App) -> list[BackupInfo]:
    """Every backup in the data folder, newest first."""
    folder = app.data.backups
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite3"):
        if not path.is_file():
            continue
        match = _NAME.match(path.stem)
        try:
            size = path.stat().st_size
        except OSError:
            continue  # pruned by another window a moment ago
        found.append(
            BackupInfo(
                path=path,
                label=match["label"] if match else path.stem,
                created_at=_created_at(path),
                size=size,
                manifest=_read_manifest(manifest_path(path)),
            )
        )
    found.sort(key=lambda b: (b.created_at, b.name), reverse=True)
    return found


def prune(app: App, keep: int = 20) -> list[Path]:
    """Delete all but the newest `keep` automatic backups; manual and pre-upgrade backups are never deleted."""
    if keep < 0:
        raise ValidationError("保留的备份数不能为负数")
    automatic = [b for b in list_backups(app) if not b.protected]
    removed = []
    for backup in automatic[keep:]:
        try:
            backup.path.unlink(missing_ok=True)
            backup.manifest_path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"无法删除旧备份 {backup.name}：{exc.strerror or exc}") from exc
        removed.append(backup.path)
    return removed
