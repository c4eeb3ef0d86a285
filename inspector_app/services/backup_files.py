"""File-level pieces of backup and restore: a consistent SQLite copy, fsync, and failures in plain Chinese.

Kept apart from backups.py so that both it and restore.py share one way of saying "the disk is full".
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from inspector_app.domain.errors import StorageError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}
_DAMAGED_WORDS = ("malformed", "not a database", "corrupt")


class DamagedDatabase(StorageError):
    """The database file itself is corrupt (as opposed to the disk being full or the folder read-only)."""


def failure(exc: BaseException, doing: str, folder: Path | None = None) -> StorageError:
    """The one-line message for an OSError or sqlite3 error while `doing` (备份, 恢复, …)."""
    text = str(exc).lower()
    code = exc.errno if isinstance(exc, OSError) else None
    if code in _DISK_FULL or "disk is full" in text:
        return StorageError(f"磁盘空间已满，{doing}未完成；请清理磁盘后重试（现有数据未受影响）")
    if code in _NOT_WRITABLE or "readonly" in text or "read-only" in text:
        where = f"：{folder}" if folder is not None else ""
        return StorageError(f"数据文件夹不可写，{doing}未完成；请检查文件夹权限{where}")
    if isinstance(exc, sqlite3.DatabaseError) and any(word in text for word in _DAMAGED_WORDS):
        return DamagedDatabase(f"数据库文件已损坏，{doing}未完成；请恢复最近的备份")
    if "locked" in text or "busy" in text:
        return StorageError(f"数据库正被其他程序使用，{doing}未完成；请稍后重试")
    if isinstance(exc, OSError):
        return StorageError(f"{doing}未完成：{exc.strerror or exc}")
    return StorageError(f"{doing}未完成：数据库错误 {exc}")


def is_damage(exc: BaseException | None) -> bool:
    """Whether an error (or what caused it) says the database file is corrupt."""
    while exc is not None:
        if isinstance(exc, DamagedDatabase):
            return True
        database_error = isinstance(exc, sqlite3.DatabaseError) or type(exc).__name__ == "DatabaseError"
        if database_error and any(word in str(exc).lower() for word in _DAMAGED_WORDS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def connect(path: Path, mode: str = "ro", timeout: float = 30) -> sqlite3.Connection:
    """Open an existing database file (mode "ro" or "rw"); unlike a plain connect, never creates one."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=timeout)


def sqlite_copy(source: Path, target: Path, doing: str) -> None:
    """A consistent copy through SQLite's online backup API (safe while others hold the source open).

    The copy is left in rollback-journal mode: a single self-contained file, no -wal or -shm beside it."""
    try:
        src = connect(source, "rw")
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise failure(exc, doing, target.parent) from exc


def fsync_file(path: Path, doing: str) -> None:
    try:
        fd = os.open(path, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise failure(exc, doing, path.parent) from exc


def fsync_dir(folder: Path, doing: str) -> None:
    """Make a rename durable. Windows cannot open a folder for fsync; NTFS journals the rename."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise failure(exc, doing, folder) from exc
