"""Create a data folder: database, this device's identity, settings and the checklist templates."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlmodel import select

from inspector_app.audit.trail import Trail
from inspector_app.domain.enums import Role
from inspector_app.domain.errors import ValidationError
from inspector_app.services import document_settings, templates
from inspector_app.services.context import App, given_database_url, open_data
from inspector_app.store.db import (
    is_server_url,
    make_engine,
    new_session,
    normalise_url,
    translate_storage_errors,
    without_password,
)
from inspector_app.store.migrate import upgrade
from inspector_app.store.models import Device, Setting
from inspector_app.store.paths import DataDir, resolve_root

# Printed settings start empty, never as a sample authority: issuing refuses until they are filled in
# (document_settings.ensure_documents_ready). The review period has a sensible default.
DEFAULT_SETTINGS = {f.key: "" for f in document_settings.FIELDS} | {
    "review_days": document_settings.DEFAULT_REVIEW_DAYS
}


@dataclass(frozen=True)
class InitResult:
    root: Path
    device_id: str
    role: Role
    created: bool


def init(
    root: str | Path | None = None,
    *,
    role: Role = Role.DEVICE,
    authority: str | None = None,
    short: str | None = None,
    device_name: str | None = None,
    database_url: str | None = None,
    remedy_government: str | None = None,
    remedy_court: str | None = None,
) -> InitResult:
    """A new data folder. A bureau may put its database on a PostgreSQL server (`database_url`, or
    INSPECTOR_DATABASE_URL); the folder then records that server without the password. A server database that
    already belongs to a bureau is refused: its keys/ and media/ live in that bureau's folder, which the clerks
    share, and a second folder would replace the bureau's public key and miss its evidence."""
    data = DataDir(resolve_root(root))
    given = given_database_url(database_url)
    if given is not None and role != Role.BUREAU:
        raise ValidationError("执法终端的数据只保存在本机（SQLite）；--database-url 只能与 --role bureau 一起使用")
    given_settings = _given(
        authority=authority, short=short, remedy_government=remedy_government, remedy_court=remedy_court
    )
    if data.is_initialised() and not interrupted(data):
        return _reopen(data, role, given_settings, given)
    url = normalise_url(given) if given is not None else data.sqlite_url()
    server = is_server_url(url)
    if not server:
        data.ensure()
    # On a server this comes first, so that one that cannot be reached leaves no half-made folder behind.
    upgrade(url, None if server else data.backups)
    device = Device(name=device_name or platform.node() or "本机", role=role.value, is_self=True)
    device.origin_device_id = device.id
    engine = make_engine(url, writer=True)
    try:
        with translate_storage_errors(), new_session(engine) as s:
            Trail("init", device.id).attach(s)
            with s.begin():
                owner = s.get(Setting, "device_id")  # read under the writer lock: two inits cannot both miss it
                if owner is not None:
                    raise ValidationError(
                        f"数据库 {without_password(url)} 已属于一个应急管理局（终端标识 {owner.value}）；"
                        "各工作站请共用该局的数据文件夹（含 keys/ 与 media/），不要另建"
                    )
                s.add(device)
                values = DEFAULT_SETTINGS | given_settings | {"role": role.value, "device_id": device.id}
                for key, value in values.items():
                    s.add(Setting(key=key, value=value))
    finally:
        engine.dispose()
    if server:
        data.ensure()
        data.record_server(without_password(url))
    with open_data(data, None, given) as app:
        templates.refresh(app)
    return InitResult(data.root, device.id, role, created=True)


def interrupted(data: DataDir) -> bool:
    """A first start killed after the database file was made but before this device's identity was committed
    (one transaction, so it is there or not at all): nothing but the empty schema exists, and the folder could
    never be opened again. Init finishes such a folder instead of refusing it."""
    if not data.db_path.exists() or data.server_url() is not None:
        return False
    engine = make_engine(data.sqlite_url(), writer=False)
    try:
        with translate_storage_errors(), engine.connect() as conn:
            if not sa_inspect(conn).has_table("setting"):
                return True
            return conn.execute(text("SELECT 1 FROM setting WHERE key = 'device_id'")).first() is None
    finally:
        engine.dispose()


def _given(**values: str | None) -> dict[str, str]:
    """The settings given on the command line, checked before anything is written."""
    return {key: document_settings.normalise(key, value) for key, value in values.items() if value is not None}


def _reopen(data: DataDir, role: Role, values: dict[str, str], given: str | None) -> InitResult:
    with open_data(data, None, given) as app:
        if app.role != role:
            raise ValidationError(f"该数据文件夹已初始化为“{app.role.label}”，不能改为“{role.label}”：{data.root}")
        if values:
            document_settings.save(app, values)
        return InitResult(data.root, app.device_id, app.role, created=False)


def settings(app: App) -> dict[str, str]:
    with app.read() as s:
        return {row.key: row.value for row in s.exec(select(Setting))}


def update_settings(app: App, **values: str) -> None:
    """Change document settings (checked as `settings set` checks them) and the current operator's name."""
    checked = {key: value.strip() if key == "operator" else check_setting(key, value) for key, value in values.items()}
    document_settings.save(app, checked)


def check_setting(key: str, value: str) -> str:
    """The values printed on every document: refuse what would make a document wrong."""
    return document_settings.normalise(key, value)
