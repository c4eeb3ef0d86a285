"""The open data folder: engines, the media store, who is acting, and one way to read or write."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from inspector_app.audit.trail import Trail
from inspector_app.domain.enums import Role
from inspector_app.domain.errors import StorageError, UserError, ValidationError
from inspector_app.evidence.media_store import MediaStore
from inspector_app.store.db import (
    is_server_url,
    make_engine,
    new_session,
    normalise_url,
    parse_server_url,
    redact,
    translate_storage_errors,
    without_password,
)
from inspector_app.store.migrate import upgrade
from inspector_app.store.models import Setting
from inspector_app.store.paths import DataDir, resolve_root

DATABASE_URL_ENV = "INSPECTOR_DATABASE_URL"


@dataclass
class App:
    data: DataDir
    url: str
    writer: Engine
    reader: Engine
    actor: str
    device_id: str
    role: Role

    @property
    def backend(self) -> str:
        """'sqlite' for a database file in the data folder, 'postgresql' for a bureau's server."""
        return self.writer.dialect.name

    @property
    def database_label(self) -> str:
        """Where the data lives, safe to show: the file, or the server URL without its password."""
        return str(self.data.db_path) if self.backend == "sqlite" else without_password(self.url)

    @property
    def media(self) -> MediaStore:
        return MediaStore(self.data.media, self.data.trash)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction, serialised with every other writer, audited on every flush."""
        with translate_storage_errors():
            session = new_session(self.writer)
            Trail(self.actor, self.device_id).attach(session)
            try:
                with session.begin():
                    yield session
            finally:
                session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with translate_storage_errors():
            session = new_session(self.reader)
            try:
                yield session
            finally:
                session.close()

    def setting(self, key: str, default: str = "") -> str:
        with self.read() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def close(self) -> None:
        self.writer.dispose()
        self.reader.dispose()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def given_database_url(explicit: str | None = None) -> str | None:
    """--database-url, else INSPECTOR_DATABASE_URL; the CLI passes its option on through the latter."""
    return explicit or os.environ.get(DATABASE_URL_ENV) or None


def database_url(data: DataDir, explicit: str | None = None) -> str:
    """The URL to open `data` with: its SQLite file, or the server recorded at init (password from the URL given,
    PGPASSWORD or ~/.pgpass). A URL given for a folder that keeps its own file, or naming another database than the
    one recorded, is refused rather than quietly opening the wrong data."""
    given = given_database_url(explicit)
    if given is not None and not is_server_url(given):
        raise ValidationError(f"--database-url 只接受 PostgreSQL 服务器地址（postgresql://…）：{redact(given)}")
    recorded = data.server_url()
    if recorded is None:
        if given is not None:
            raise ValidationError(
                f"该数据文件夹使用本机数据库文件，不能改用数据库服务器（--database-url 仅用于市局）：{data.root}"
            )
        return data.sqlite_url()
    if given is None:
        return normalise_url(recorded)
    if _target(given) != _target(recorded):
        raise ValidationError(
            f"--database-url 指向 {without_password(given)}，"
            f"与该数据文件夹记录的数据库 {without_password(recorded)} 不一致"
        )
    return normalise_url(given)


def _target(url: str) -> tuple[str | None, int, str | None]:
    parsed = parse_server_url(url)
    return (parsed.host or "localhost").lower(), parsed.port or 5432, parsed.database


def open_app(root: str | Path | None = None, *, actor: str | None = None, database_url: str | None = None) -> App:
    data = DataDir(resolve_root(root))
    if not data.is_initialised():
        raise UserError(f"数据文件夹尚未初始化：{data.root}（请先运行 inspector-app init）")
    return open_data(data, actor, database_url)


def open_data(data: DataDir, actor: str | None, url_given: str | None = None) -> App:
    url = database_url(data, url_given)
    server = is_server_url(url)
    upgrade(url, None if server else data.backups)
    writer = make_engine(url, writer=True)
    reader = make_engine(url, writer=False)
    try:
        with translate_storage_errors(), new_session(reader) as s:
            settings = {row.key: row.value for row in s.exec(select(Setting))}
        if "device_id" not in settings:
            raise StorageError(f"数据文件夹未完成初始化（缺少终端标识）：{data.root}；请重新运行 inspector-app init")
        if server and settings.get("role") != Role.BUREAU.value:
            raise StorageError(f"执法终端的数据只能保存在本机，不能放在数据库服务器上：{without_password(url)}")
    except BaseException:
        writer.dispose()
        reader.dispose()
        raise
    return App(
        data=data,
        url=url,
        writer=writer,
        reader=reader,
        actor=actor or settings.get("operator") or _os_user(),
        device_id=settings["device_id"],
        role=Role(settings.get("role", "device")),
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
