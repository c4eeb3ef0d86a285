"""Restoring the database from a backup: check it, keep the current data, swap the file, upgrade, carry on.

Media are content-addressed and never deleted, so a restore replaces the database file only, after checking
that every evidence file the backup refers to is still in media/ (or, moved there by mistake, in trash/).

What a restore must not undo: a document number once issued is never issued again. Number blocks and the
outgoing package counter are therefore carried forward from the data being replaced (an audited write).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from inspector_app.domain.errors import NotFoundError, StorageError
from inspector_app.evidence.media_store import MediaStore, sha256_file
from inspector_app.services import backups
from inspector_app.services.backup_files import (
    DamagedDatabase,
    connect,
    failure,
    fsync_dir,
    fsync_file,
    is_damage,
    sqlite_copy,
)
from inspector_app.services.backup_manifest import COUNTED_TABLES, manifest_path, read_manifest, referenced_media
from inspector_app.services.backups import PRE_RESTORE, ProgressFn, Target
from inspector_app.services.context import App
from inspector_app.services.restore_carry import Carried, carry_forward
from inspector_app.store.migrate import check_not_too_new, upgrade
from inspector_app.store.paths import DataDir

DOING = "恢复"
# The database's companions that belong to the file being replaced and must never meet the new one:
# a stale -wal would be replayed into it, a hot -journal rolled back into it.
SIDE_FILES = ("-wal", "-journal")


@dataclass(frozen=True)
class BackupCheck:
    """What a backup holds and whether it can be restored here, read without changing anything."""

    path: Path
    created_at: datetime
    kind_label: str
    schema_version: str | None
    device_id: str | None
    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)  # the backup itself is unusable
    media_missing: list[str] = field(default_factory=list)  # neither in media/ nor in trash/
    media_in_trash: list[str] = field(default_factory=list)  # copied back from trash/ by the restore

    @property
    def ok(self) -> bool:
        return not self.problems and not self.media_missing

    def refusal(self) -> str:
        """Why this backup is not restored, one line; "" when it can be."""
        if self.problems:
            return f"备份文件不能使用，未恢复：{self.problems[0]}"
        if self.media_missing:
            return (
                f"备份引用的 {len(self.media_missing)} 个证据文件在 media 文件夹中找不到"
                f"（如 {self.media_missing[0][:16]}…），未恢复；请先找回这些文件，或选择其他备份"
            )
        return ""


@dataclass(frozen=True)
class RestoreResult:
    restored: Path
    safety_copy: Path | None  # the data that was replaced: a pre-restore backup, or the damaged file in trash/
    schema_before: str | None  # the backup's schema, upgraded to head on restore
    counts: dict[str, int]
    carried: Carried  # audit events and document numbers continued from the replaced data
    media_recovered: int  # evidence files copied back from trash/


def resolve_backup(target: Target, backup: str | Path) -> Path:
    """A path as given, or a name from `backup list` inside backups/."""
    path = Path(backup).expanduser()
    if not path.is_file() and not path.is_absolute():
        inside = backups.data_dir(target).backups / path
        if inside.is_file():
            path = inside
    if not path.is_file():
        raise NotFoundError(f"找不到备份文件：{backup}")
    return path.resolve()


def inspect_backup(target: Target, backup: str | Path) -> BackupCheck:
    """Integrity check, schema, counts, and where every evidence file it refers to is."""
    data = backups.data_dir(target)
    path = resolve_backup(data, backup)
    info = backups.info_of(path, manifest=False)
    problems: list[str] = []
    schema = device = None
    counts: dict[str, int] = {}
    media: set[str] = set()
    try:
        conn = connect(path)
        try:
            lines = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if lines != ["ok"]:
                problems += [f"数据库结构损坏：{line}" for line in lines[:5]]
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "setting", "auditevent"} <= tables:
                problems.append("这不是本程序的数据库备份")
            else:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                schema = row[0] if row else None
                found = conn.execute("SELECT value FROM setting WHERE key = 'device_id'").fetchone()
                device = found[0] if found else None
                counts = {
                    key: int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608
                    for key, table in COUNTED_TABLES.items()
                    if table in tables
                }
                media = referenced_media(conn, tables)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        problems.append(f"无法读取（{exc}）")
    if not problems:
        try:
            check_not_too_new(schema)
        except StorageError:
            problems.append(f"该备份由更新版本的程序创建（架构版本 {schema}），请先升级 inspector-app")
    manifest = read_manifest(manifest_path(path))
    if manifest and manifest.get("db_sha256") and manifest["db_sha256"] != sha256_file(path):
        problems.append("备份文件与其清单记录的哈希不符（文件在备份后被改动或损坏）")
    store = MediaStore(data.media, data.trash)
    absent = sorted(sha for sha in media if not store.has(sha))
    in_trash = [sha for sha in absent if _trash_copy_ok(data.trash / sha, sha)]
    return BackupCheck(
        path=path,
        created_at=info.created_at,
        kind_label=info.kind_label,
        schema_version=schema,
        device_id=device,
        counts=counts,
        problems=problems,
        media_missing=[sha for sha in absent if sha not in in_trash],
        media_in_trash=in_trash,
    )


def newest_restorable(target: Target) -> BackupCheck | None:
    """The newest backup that passes inspect_backup (for "restore the newest good backup")."""
    for info in backups.list_backups(target, manifests=False):
        check = inspect_backup(target, info.path)
        if check.ok:
            return check
    return None


def current_device_id(target: Target) -> str | None:
    """The device id of the database being replaced, or None when it is absent or unreadable."""
    db = backups.data_dir(target).db_path
    if not db.is_file():
        return None
    try:
        conn = connect(db, "rw", timeout=5)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = 'device_id'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def restore(
    target: Target, backup: str | Path, *, progress: ProgressFn | None = None, actor: str = "恢复备份"
) -> RestoreResult:
    """Replace the database with `backup`. An App passed in is closed first; open the folder again after."""
    data = backups.data_dir(target)
    if isinstance(target, App):
        target.close()
    total = 5

    def step(done: int, text: str) -> None:
        if progress is not None:
            progress(done, total, text)

    step(0, "正在校验备份……")
    check = inspect_backup(data, backup)
    if not check.ok:
        raise StorageError(check.refusal())
    here = current_device_id(data)
    if here is not None and check.device_id != here:
        raise StorageError(
            f"该备份属于另一台终端（终端标识 {str(check.device_id)[:8]}…），或是本机登记到应急管理局之前的备份；"
            "恢复后本机将无法与局端同步，未恢复"
        )
    recovered = _recover_from_trash(data, check.media_in_trash)
    step(1, "正在另存当前数据……")
    safety = _keep_current(data, spare=check.path)
    step(2, "正在准备恢复的数据库……")
    staged, carried = _stage(data, check.path, safety, actor)
    try:
        step(3, "正在替换数据库……")
        _swap(data, staged)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    step(4, "正在清理旧的自动备份……")
    backups.prune(data, spare=[p for p in (safety, check.path) if p is not None])
    step(5, "恢复完成")
    return RestoreResult(check.path, safety, check.schema_version, check.counts, carried, recovered)


def _trash_copy_ok(path: Path, sha: str) -> bool:
    try:
        return path.is_file() and sha256_file(path) == sha
    except OSError:
        return False


def _recover_from_trash(data: DataDir, shas: list[str]) -> int:
    store = MediaStore(data.media, data.trash)
    for sha in shas:
        store.put((data.trash / sha).read_bytes())  # copied, not moved: trash keeps what it was given
    return len(shas)


def _stage(data: DataDir, backup: Path, old: Path | None, actor: str) -> tuple[Path, Carried]:
    """The backup copied beside the live database (same file system, so the swap is one rename), brought
    to the current schema, continued from the replaced data (restore_carry), checked and fsynced.
    The live database is untouched until the swap."""
    try:
        fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite3", dir=data.root)
        os.close(fd)
    except OSError as exc:
        raise failure(exc, DOING, data.root) from exc
    staged = Path(name)
    try:
        sqlite_copy(backup, staged, DOING)
        upgrade(f"sqlite:///{staged}", None)  # the backup file itself is its own pre-upgrade copy
        carried = carry_forward(staged, old, actor=actor, backup_name=backup.name)
        conn = connect(staged, "rw")
        try:
            # Fold any WAL the upgrade left into the file, so that the single file is the whole database.
            conn.execute("PRAGMA journal_mode=DELETE")
            lines = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
        if lines != ["ok"]:
            raise StorageError(f"备份升级后校验失败（{lines[0]}），未恢复")
        fsync_file(staged, DOING)
    except sqlite3.Error as exc:
        staged.unlink(missing_ok=True)
        raise failure(exc, DOING, data.root) from exc
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged, carried


def _keep_current(data: DataDir, spare: Path) -> Path | None:
    """A pre-restore backup of the data about to be replaced; a damaged database is kept in trash/ instead."""
    if not data.db_path.is_file():
        return None
    try:
        made: Path = backups.create_backup(data, PRE_RESTORE, spare=[spare], doing=DOING)
        return made
    except DamagedDatabase:
        pass
    except StorageError as exc:
        if not is_damage(exc):
            raise
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = data.trash / f"damaged-{stamp}-{data.db_path.name}"
    try:
        data.trash.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):
            source = data.db_path.with_name(data.db_path.name + suffix)
            if source.is_file():
                copy = kept.with_name(kept.name + suffix)
                shutil.copyfile(source, copy)
                fsync_file(copy, DOING)
        fsync_dir(data.trash, DOING)
    except OSError as exc:
        raise failure(exc, DOING, data.trash) from exc
    return kept


def _swap(data: DataDir, staged: Path) -> None:
    db = data.db_path
    if db.is_file():
        _release(db)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    try:
        for suffix in SIDE_FILES:
            side = db.with_name(db.name + suffix)
            if side.exists():
                data.trash.mkdir(parents=True, exist_ok=True)
                os.replace(side, data.trash / f"{db.name}{suffix}-{stamp}")
        db.with_name(db.name + "-shm").unlink(missing_ok=True)  # an index into the old -wal, nothing more
        os.replace(staged, db)
    except OSError as exc:
        raise failure(exc, DOING, data.root) from exc
    fsync_dir(data.root, DOING)


def _release(db: Path) -> None:
    """Take the old database out of WAL mode: SQLite checkpoints and deletes its -wal itself. That needs
    every other connection closed, so it doubles as the check that no other window or command uses it."""
    try:
        conn = connect(db, "rw", timeout=2)
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return  # its files go to trash/ as they are
        mode = "locked" if "locked" in str(exc) or "busy" in str(exc) else str(exc)
    if mode != "delete":
        raise StorageError("数据库正被其他窗口或命令行使用，请先关闭它们再恢复；当前数据未改动")
