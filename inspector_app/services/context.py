"""The open data folder: engines, the media store, who is acting, and one way to read or write."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from inspector_app.audit.trail import Trail
from inspector_app.domain.enums import Role
from inspector_app.domain.errors import StorageError, UserError
from inspector_app.evidence.media_store import MediaStore
from inspector_app.store.db import make_engine, new_session, translate_storage_errors
from inspector_app.store.migrate import upgrade
from inspector_app.store.models import Setting
from inspector_app.store.paths import DataDir, resolve_root


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


def open_app(root: str | Path | None = None, *, actor: str | None = None) -> App:
    data = DataDir(resolve_root(root))
    if not data.db_path.exists():
        raise UserError(f"数据文件夹尚未初始化：{data.root}（请先运行 inspector-app init）")
    return open_data(data, actor)


def open_data(data: DataDir, actor: str | None) -> App:
    url = data.sqlite_url()
    upgrade(url, data.backups)
    writer = make_engine(url, writer=True)
    reader = make_engine(url, writer=False)
    with translate_storage_errors(), new_session(reader) as s:
        settings = {row.key: row.value for row in s.exec(select(Setting))}
    if "device_id" not in settings:
        writer.dispose()
        reader.dispose()
        raise StorageError(f"数据文件夹未完成初始化（缺少终端标识）：{data.root}；请重新运行 inspector-app init")
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
