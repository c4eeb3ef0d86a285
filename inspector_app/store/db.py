"""Engines and sessions. SQLite gets WAL, foreign keys, full fsync and a single serialised writer; a bureau's
PostgreSQL server gets the same single writer through an advisory lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from inspector_app.domain.errors import StorageError

BUSY_TIMEOUT_S = 30
CACHE_KIB = 64 * 1024
CONNECT_TIMEOUT_S = 10
# Every writer transaction on a server takes this transaction-scoped advisory lock first: the audit hash chain and
# the document-number blocks assume one writer at a time, which is what BEGIN IMMEDIATE gives on SQLite.
WRITER_LOCK_KEY = 0x1A5EC7_0001
SERVER_SCHEMES = ("postgresql", "postgres")
SERVER_DRIVER = "postgresql+psycopg"


def is_server_url(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0] in SERVER_SCHEMES


def parse_server_url(url: str) -> URL:
    """A user's postgresql:// (or postgres://) URL as SQLAlchemy's psycopg 3 URL; anything else is refused."""
    if not is_server_url(url):
        raise StorageError(f"数据库地址应以 postgresql:// 开头（例如 postgresql://用户@主机/库名）：{redact(url)}")
    try:
        parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    except ArgumentError:
        raise StorageError(f"数据库地址格式不正确：{redact(url)}") from None
    if parsed.drivername not in ("postgresql", SERVER_DRIVER):
        raise StorageError(f"只支持 psycopg 驱动的 PostgreSQL 地址（postgresql://）：{redact(url)}")
    if not parsed.database:
        raise StorageError(f"数据库地址缺少库名（postgresql://用户@主机/库名）：{redact(url)}")
    return parsed.set(drivername=SERVER_DRIVER)


def normalise_url(url: str) -> str:
    """The URL to give SQLAlchemy: SQLite as it is, a server's with the psycopg driver named."""
    if url.startswith("sqlite"):
        return url
    return parse_server_url(url).render_as_string(hide_password=False)


def without_password(url: str) -> str:
    """The URL safe to write into the data folder or print: the password stays in PGPASSWORD or ~/.pgpass."""
    if url.startswith("sqlite"):
        return url
    # URL.set() ignores None, so the password is dropped through the named tuple's _replace.
    safe = parse_server_url(url).set(drivername="postgresql")._replace(password=None)
    return safe.render_as_string(hide_password=False)


def redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@", 1)[-1] if "@" in url else url


def make_engine(url: str, *, writer: bool, foreign_keys: bool = True) -> Engine:
    """A writer engine begins every transaction with BEGIN IMMEDIATE, so that two writers (two windows,
    a CLI and the GUI) queue up instead of failing half-way with 'database is locked'."""
    if not url.startswith("sqlite"):
        return _server_engine(url, writer=writer)
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
        # Keys are random UUIDs, so a big import touches index pages all over the file; SQLite's default 2 MB
        # page cache then rereads them again and again. 64 MB is an upper bound, taken only as pages are used.
        cur.execute(f"PRAGMA cache_size={-CACHE_KIB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


def _server_engine(url: str, *, writer: bool) -> Engine:
    engine = create_engine(
        normalise_url(url),
        pool_pre_ping=True,
        # The bureau's clerks share the server: hold few idle connections, and give up on a dead one quickly.
        pool_size=2 if writer else 4,
        max_overflow=4,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "inspector-app"},
    )
    if writer:

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # Released by COMMIT or ROLLBACK: a crashed writer never leaves the lock behind.
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")

    return engine


@contextmanager
def translate_storage_errors() -> Iterator[None]:
    """Turn the environment's failures into a message; let programming errors through untouched."""
    try:
        yield
    except (IntegrityError, ProgrammingError) as exc:
        if _sqlstate(exc) == "42501":  # insufficient_privilege: the DBA's grant, not our bug
            raise storage_error(exc) from exc
        raise
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as exc:
        if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
            raise
        raise storage_error(exc) from exc


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None)
    return code if isinstance(code, str) else None


def storage_error(exc: BaseException) -> StorageError:
    server = _server_error(exc)
    if server is not None:
        return server
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
    return StorageError(f"数据库错误：{error_text(exc)}")


# What a PostgreSQL server or libpq says, by SQLSTATE where the server sent one, else by libpq's (English) words.
_SERVER_STATES = {
    "53100": "数据库服务器磁盘空间已满，本次操作未保存；请联系数据库管理员",
    "53300": "数据库服务器连接数已满，请稍后重试或联系数据库管理员",
    "25006": "数据库服务器处于只读状态（可能是备用服务器），无法保存；请联系数据库管理员",
    "42501": "数据库账号权限不足，无法读写本程序的表；请联系数据库管理员授权",
    "57P01": "数据库服务器已关闭或重启，本次操作未保存；请稍后重试",
    "57P03": "数据库服务器正在启动，请稍后重试",
    "3D000": "数据库服务器上没有这个数据库，请先由数据库管理员创建（CREATE DATABASE）",
    "28P01": "数据库服务器拒绝登录：用户名或密码错误（密码可放在 PGPASSWORD 或 ~/.pgpass）",
}
_SERVER_WORDS = (
    (("password authentication failed",), _SERVER_STATES["28P01"]),
    (("no password supplied",), "数据库服务器要求密码：请在 PGPASSWORD 环境变量或 ~/.pgpass 中提供"),
    (("connection refused",), "无法连接数据库服务器（连接被拒绝）：请确认 PostgreSQL 已启动、地址和端口正确"),
    (('database "', "does not exist"), _SERVER_STATES["3D000"]),
    (('role "', "does not exist"), "数据库服务器上没有这个用户，请检查数据库地址中的用户名"),
    (("failed to resolve host",), "无法连接数据库服务器：主机名无法解析，请检查数据库地址"),
    (("could not translate host name",), "无法连接数据库服务器：主机名无法解析，请检查数据库地址"),
    (("timeout expired",), "连接数据库服务器超时，请检查网络或服务器是否在线"),
    (("no pg_hba.conf entry",), "数据库服务器不允许本机连接（pg_hba.conf），请联系数据库管理员"),
    (("server closed the connection",), "与数据库服务器的连接中断，本次操作未保存；请稍后重试"),
    (("consuming input failed",), "与数据库服务器的连接中断，本次操作未保存；请稍后重试"),
)


def _server_error(exc: BaseException) -> StorageError | None:
    orig = getattr(exc, "orig", exc)
    if type(orig).__module__.split(".")[0] != "psycopg":
        return None
    state = _sqlstate(exc)
    if state in _SERVER_STATES:
        return StorageError(_SERVER_STATES[state])
    text = str(orig).lower()
    for words, message in _SERVER_WORDS:
        if all(w in text for w in words):
            return StorageError(message)
    if "connection" in text and "failed" in text:
        return StorageError(f"无法连接数据库服务器：{error_text(orig)}")
    return StorageError(f"数据库服务器错误：{error_text(orig)}")


def error_text(exc: BaseException) -> str:
    """The driver's own words in one line: PostgreSQL adds DETAIL and HINT lines that a message must not carry."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def new_session(engine: Engine) -> Session:
    # Objects stay readable after commit: services hand them to the CLI and GUI as plain values.
    return Session(engine, expire_on_commit=False)
