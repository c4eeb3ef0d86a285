"""Create a data folder: database, this device's identity, settings and the checklist templates."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from inspector_app.audit.trail import Trail
from inspector_app.domain.enums import Role
from inspector_app.domain.errors import ValidationError
from inspector_app.services import templates
from inspector_app.services.context import App, open_data
from inspector_app.store.db import make_engine, new_session
from inspector_app.store.migrate import upgrade
from inspector_app.store.models import Device, Setting
from inspector_app.store.paths import DataDir, resolve_root

DEFAULT_SETTINGS = {
    "authority": "某某县应急管理局",
    "short": "某",
    # 2024 行政复议法: the 本级人民政府 now hears reconsideration of its departments' acts.
    "remedy_government": "某某县人民政府",
    "remedy_court": "某某县人民法院",
    "review_days": "10",
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
) -> InitResult:
    data = DataDir(resolve_root(root))
    if data.db_path.exists():
        with open_data(data, None) as app:
            if app.role != role:
                raise ValidationError(f"该数据文件夹已初始化为“{app.role.label}”，不能改为“{role.label}”：{data.root}")
            if authority or short:
                _save_settings(app, {"authority": authority, "short": short})
            return InitResult(data.root, app.device_id, app.role, created=False)
    if short is not None and not (1 <= len(short.strip()) <= 6):
        raise ValidationError("地方简称应为1至6个字，例如“宁”或“江宁”")
    data.ensure()
    upgrade(data.sqlite_url(), data.backups)
    device = Device(name=device_name or platform.node() or "本机", role=role.value, is_self=True)
    device.origin_device_id = device.id
    engine = make_engine(data.sqlite_url(), writer=True)
    try:
        with new_session(engine) as s:
            Trail("init", device.id).attach(s)
            with s.begin():
                s.add(device)
                values = dict(DEFAULT_SETTINGS, role=role.value, device_id=device.id)
                if authority:
                    values["authority"] = authority.strip()
                if short:
                    values["short"] = short.strip()
                for key, value in values.items():
                    s.add(Setting(key=key, value=value))
    finally:
        engine.dispose()
    with open_data(data, None) as app:
        templates.refresh(app)
    return InitResult(data.root, device.id, role, created=True)


def _save_settings(app: App, values: dict[str, str | None]) -> None:
    with app.write() as s:
        for key, value in values.items():
            if value is None:
                continue
            row = s.get(Setting, key) or Setting(key=key)
            row.value = value.strip()
            s.add(row)


def settings(app: App) -> dict[str, str]:
    with app.read() as s:
        return {row.key: row.value for row in s.exec(select(Setting))}


def update_settings(app: App, **values: str) -> None:
    allowed = set(DEFAULT_SETTINGS) | {"operator"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(f"未知设置项：{', '.join(sorted(unknown))}")
    _save_settings(app, dict(values))
