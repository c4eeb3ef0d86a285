"""Engines and sessions. SQLite gets WAL, foreign keys, full fsync and a single serialised writer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from inspector_app.domain.errors import StorageError

BUSY_TIMEOUT_S = 30


def make_engine(url: str, *, writer: bool, foreign_keys: bool = True) -> Engine:
    """A writer engine begins every transaction with BEGIN IMMEDIATE, so that two writers (two windows,
    a CLI and the GUI) queue up instead of failing half-way with 'database is locked'."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        poolclass=NullPool if writer else None,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control away from pysqlite so BEGIN is ours (SQLAlchemy's documented recipe).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        # Evidence: a committed answer must survive a pulled plug, so pay for the fsync.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


@contextmanager
def translate_storage_errors() -> Iterator[None]:
    """Turn the environment's failures into a message; let programming errors through untouched."""
    try:
        yield
    except (IntegrityError, ProgrammingError):
        raise
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as exc:
        if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
            raise
        raise storage_error(exc) from exc


def storage_error(exc: BaseException) -> StorageError:
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError("磁盘空间已满，本次操作未保存；请清理磁盘后重试（已有数据未受影响）")
    if "readonly" in text or "read-only" in text:
        return StorageError("数据文件夹为只读，无法保存；请检查文件夹权限或更换数据文件夹")
    if "locked" in text or "busy" in text:
        return StorageError("数据库正被其他程序占用，请稍后重试")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError("数据库文件已损坏，请从“设置 → 备份”恢复最近的备份")
    if "unable to open" in text:
        return StorageError("无法打开数据库文件，请检查数据文件夹是否存在且可访问")
    return StorageError(f"数据库错误：{exc}")


def new_session(engine: Engine) -> Session:
    # Objects stay readable after commit: services hand them to the CLI and GUI as plain values.
    return Session(engine, expire_on_commit=False)
