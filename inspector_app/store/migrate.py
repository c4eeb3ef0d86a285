"""Schema upgrades, only through Alembic: refuse a too-new database, back up before changing one."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from inspector_app.domain.errors import StorageError
from inspector_app.store.db import make_engine, normalise_url, translate_storage_errors

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


def alembic_config(url: str, script_location: Path = MIGRATIONS) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision(script_location: Path = MIGRATIONS) -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://", script_location)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with translate_storage_errors(), engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_too_new(current: str | None, script_location: Path = MIGRATIONS) -> None:
    if current is None:
        return
    script = ScriptDirectory.from_config(alembic_config("sqlite://", script_location))
    try:
        known = script.get_revision(current)
    except CommandError:
        known = None
    if known is None:
        raise StorageError(
            f"该数据库由更新版本的程序创建（架构版本 {current}），本程序无法安全打开；"
            "请升级 inspector-app 后再打开，数据未被改动"
        )


def upgrade(url: str, backups: Path | None, script_location: Path = MIGRATIONS) -> UpgradeResult:
    """Bring the database to head. Foreign keys are off while batch mode rebuilds tables, and checked after.

    On a PostgreSQL server the same chain runs in one transaction (DDL is transactional there) under the writer
    lock, so two clerks starting at once do not both upgrade; backing the server up is the DBA's job (pg_dump)."""
    url = normalise_url(url)
    engine = make_engine(url, writer=True, foreign_keys=False)
    try:
        before = current_revision(engine)
        check_not_too_new(before, script_location)
        head = head_revision(script_location)
        if before == head:
            return UpgradeResult(before, head, None)
        backup = None
        if backups is not None and url.startswith("sqlite") and _has_tables(engine):
            backup = backup_sqlite(_sqlite_path(url), backups, f"pre-upgrade-{before or 'none'}")
        cfg = alembic_config(url, script_location)
        with translate_storage_errors(), engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            if url.startswith("sqlite"):
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise StorageError(f"数据库升级后外键检查失败（{len(broken)} 处），升级已撤销")
        return UpgradeResult(before, head, backup)
    finally:
        engine.dispose()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def backup_sqlite(db_path: Path, folder: Path, label: str) -> Path:
    """A consistent copy through SQLite's online backup API (safe while the app holds the database open)."""
    if not db_path.is_file():
        # sqlite3.connect would quietly create an empty database here and back that up.
        raise StorageError(f"没有可备份的数据库文件：{db_path}（数据库在 PostgreSQL 服务器上时请用 pg_dump 备份）")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{label}-{stamp}.sqlite3"
    partial = target.with_suffix(".partial")
    with translate_storage_errors():
        src = sqlite3.connect(db_path)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A copy in WAL mode grows -wal/-shm files even when only opened to look at it.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    return target
