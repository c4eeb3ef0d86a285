"""Backups of the database: a verified SQLite copy in backups/, a JSON manifest beside it, and rotation.

Media files are content-addressed and never overwritten, so a backup does not copy them: the manifest lists
every media hash the copied database refers to, which is all a restore needs to check that the evidence is
still there (services/restore.py).

A file named *.sqlite3 appears in backups/ only by a rename after the copy was fsynced and passed
PRAGMA quick_check, so every listed backup is a complete, readable database.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from inspector_app.domain.errors import StorageError, ValidationError
from inspector_app.evidence.media_store import MediaStore
from inspector_app.services.backup_files import (
    DamagedDatabase,
    connect,
    failure,
    fsync_dir,
    fsync_file,
    sqlite_copy,
)
from inspector_app.services.backup_manifest import (
    describe,
    manifest_path,
    read_manifest,
    write_manifest,
)
from inspector_app.services.context import App
from inspector_app.store.paths import DataDir, resolve_root

MANUAL = "manual"
DAILY = "daily"
PRE_IMPORT = "pre-import"
PRE_UPGRADE = "pre-upgrade"  # made by store/migrate.py before a schema upgrade
PRE_RESTORE = "pre-restore"
AUTOMATIC = (DAILY, PRE_IMPORT, PRE_UPGRADE, PRE_RESTORE)
# How many of each automatic kind are kept; manual backups (any other label) are never deleted automatically.
RETENTION: Mapping[str, int] = {DAILY: 7, PRE_IMPORT: 5, PRE_UPGRADE: 3, PRE_RESTORE: 3}
KIND_LABELS = {
    MANUAL: "手动",
    DAILY: "每日自动",
    PRE_IMPORT: "导入前自动",
    PRE_UPGRADE: "升级前自动",
    PRE_RESTORE: "恢复前自动",
}
DAILY_INTERVAL = timedelta(hours=24)
STALE_PARTIAL = timedelta(hours=1)
POSTGRES_REFUSAL = (
    "本机连接的是 PostgreSQL 数据库：备份与恢复由数据库管理员用 pg_dump / pg_restore 完成，本程序不做；数据未改动"
)
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_NAME = re.compile(r"^(?P<label>.+)-(?P<stamp>\d{8}T\d{12}Z)$")

ProgressFn = Callable[[int, int, str], object]
Target = App | DataDir | str | Path


def kind_of(label: str) -> str:
    for kind in AUTOMATIC:
        if label == kind or label.startswith(f"{kind}-"):
            return kind
    return MANUAL


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
    def kind(self) -> str:
        return kind_of(self.label)

    @property
    def manual(self) -> bool:
        return self.kind == MANUAL

    @property
    def protected(self) -> bool:
        """Never deleted by rotation."""
        return self.manual

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def manifest_path(self) -> Path:
        return manifest_path(self.path)


def supported(app: App) -> bool:
    """Backups here are of the SQLite file; a PostgreSQL database is backed up by its DBA."""
    return app.url.startswith("sqlite")


def data_dir(target: Target) -> DataDir:
    """The data folder of an open App (refused for PostgreSQL), or of a folder path."""
    if isinstance(target, App):
        if not supported(target):
            raise StorageError(POSTGRES_REFUSAL)
        return target.data
    data = _folder(target)
    if data.server_url() is not None:
        raise StorageError(POSTGRES_REFUSAL)
    return data


def _folder(target: Target) -> DataDir:
    if isinstance(target, App):
        return target.data
    return target if isinstance(target, DataDir) else DataDir(resolve_root(target))


# ----- making one -----------------------------------------------------------------------------------------


def create_backup(
    target: Target,
    label: str = MANUAL,
    *,
    progress: ProgressFn | None = None,
    spare: Iterable[Path] = (),
    doing: str = "备份",
) -> Path:
    """Copy the database while the app keeps running, verify the copy, describe it in a manifest, rotate.

    Rotation never deletes the new backup nor any path in `spare` (a backup being restored). `doing` names
    the action in failure messages (a restore says 恢复未完成 when its safety copy fails)."""
    label = label.strip()
    if not _LABEL.fullmatch(label):
        raise ValidationError(f"备份标签只能使用字母、数字、“-”和“_”，最多 40 个字符：{label!r}")
    data = data_dir(target)
    if not data.db_path.is_file():
        raise StorageError(f"数据文件夹中没有数据库，无法备份：{data.root}")
    step = _stepper(progress, 4)
    step(0, "正在复制数据库……")
    target_path = _write_verified_copy(data.db_path, data.backups, label, doing)
    try:
        step(1, "正在核对备份内容……")
        manifest = describe(target_path, label=label, created_at=_created_at(target_path))
        media = MediaStore(data.media, data.trash)
        manifest["media_missing"] = sorted(sha for sha in manifest["media"] if not media.has(sha))
        step(2, "正在写入备份清单……")
        write_manifest(manifest_path(target_path), manifest)
    except BaseException:
        target_path.unlink(missing_ok=True)
        raise
    step(3, "正在清理旧的自动备份……")
    prune(data, spare=[target_path, *spare])
    step(4, "备份完成")
    return target_path


def daily(app: App, *, now: datetime | None = None, progress: ProgressFn | None = None) -> Path | None:
    """A daily backup when the newest backup of any kind is 24 hours old or more; else nothing (cheap).

    None as well for a PostgreSQL database, which its DBA backs up."""
    if not supported(app):
        return None
    newest = newest_backup_time(app.data)
    age = (now or datetime.now(UTC)) - newest if newest is not None else None
    if age is not None and timedelta(0) <= age < DAILY_INTERVAL:
        return None
    return create_backup(app, DAILY, progress=progress)


def before_import(app: App, *, progress: ProgressFn | None = None) -> Path | None:
    """The safety copy taken right before a sync package is applied (None for PostgreSQL)."""
    if not supported(app):
        return None
    return create_backup(app, PRE_IMPORT, progress=progress)


def discard(path: Path | None) -> None:
    """Remove a safety copy that turned out unneeded (a package refused before anything was applied), so that a
    refusal leaves the data folder exactly as it was. Only automatic pre-import copies may be discarded."""
    if path is None:
        return
    if info_of(path, manifest=False).kind != PRE_IMPORT:
        raise ValueError(f"only a pre-import backup may be discarded: {path.name}")
    path.unlink(missing_ok=True)
    manifest_path(path).unlink(missing_ok=True)


def _stepper(progress: ProgressFn | None, total: int) -> Callable[[int, str], None]:
    def step(done: int, text: str) -> None:
        if progress is not None:
            progress(done, total, text)

    return step


def _write_verified_copy(db_path: Path, folder: Path, label: str, doing: str) -> Path:
    """SQLite's online backup into a temp file, fsync, quick_check, then rename into place."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, partial_name = tempfile.mkstemp(prefix=f".{label}-", suffix=".partial", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise failure(exc, doing, folder) from exc
    partial = Path(partial_name)
    try:
        sqlite_copy(db_path, partial, doing)
        fsync_file(partial, doing)
        quick_check(partial, doing)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{label}-{stamp}.sqlite3"
        try:
            os.replace(partial, target)
        except OSError as exc:
            raise failure(exc, doing, folder) from exc
        fsync_dir(folder, doing)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def quick_check(path: Path, doing: str) -> None:
    try:
        conn = connect(path)
        try:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise failure(exc, doing, path.parent) from exc
    if rows != ["ok"]:
        raise DamagedDatabase(f"数据库文件已损坏，{doing}未完成（{rows[0] if rows else '无结果'}）；请恢复最近的备份")


def _created_at(path: Path) -> datetime:
    match = _NAME.match(path.stem)
    if match:
        return datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


# ----- finding and rotating -------------------------------------------------------------------------------


def list_backups(target: Target, *, manifests: bool = True) -> list[BackupInfo]:
    """Every backup in the data folder, newest first (manifests=False skips reading the JSON beside each)."""
    folder = _folder(target).backups
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite3"):
        try:
            if path.is_file():
                found.append(info_of(path, manifest=manifests))
        except OSError:
            continue  # pruned by another window a moment ago
    found.sort(key=lambda b: (b.created_at, b.name), reverse=True)
    return found


def info_of(path: Path, *, manifest: bool = True) -> BackupInfo:
    """What the name says about one backup file (label and time), its size, and its manifest if wanted."""
    match = _NAME.match(path.stem)
    return BackupInfo(
        path=path,
        label=match["label"] if match else path.stem,
        created_at=_created_at(path),
        size=path.stat().st_size,
        manifest=read_manifest(manifest_path(path)) if manifest else None,
    )


def newest_backup_time(target: Target) -> datetime | None:
    found = list_backups(target, manifests=False)
    return found[0].created_at if found else None


def prune(target: Target, retention: Mapping[str, int] | None = None, *, spare: Iterable[Path] = ()) -> list[Path]:
    """Delete automatic backups beyond the newest `retention[kind]` of each kind (default RETENTION); manual
    ones are never deleted, nor any path in `spare`. Also removes half-written copies left by a crash."""
    retention = RETENTION if retention is None else retention
    if any(keep < 0 for keep in retention.values()):
        raise ValidationError("保留的备份数不能为负数")
    data = data_dir(target)
    keep_paths = {_key(p) for p in spare}
    removed = []
    seen: dict[str, int] = {}
    for backup in list_backups(data, manifests=False):
        if backup.kind not in retention:
            continue
        seen[backup.kind] = seen.get(backup.kind, 0) + 1
        if seen[backup.kind] <= retention[backup.kind] or _key(backup.path) in keep_paths:
            continue
        try:
            backup.path.unlink(missing_ok=True)
            backup.manifest_path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"无法删除旧备份 {backup.name}：{exc.strerror or exc}") from exc
        removed.append(backup.path)
    _remove_stale_partials(data.backups)
    return removed


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _remove_stale_partials(folder: Path) -> None:
    cutoff = time.time() - STALE_PARTIAL.total_seconds()
    for partial in folder.glob("*.partial") if folder.is_dir() else ():
        try:
            if partial.stat().st_mtime < cutoff:
                partial.unlink()
        except OSError:
            pass  # another process is writing it, or it is already gone
