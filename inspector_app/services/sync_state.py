"""This data folder's sync identity (keys, enrolment) and what it knows about packages and conflicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from inspector_app.domain.enums import Role
from inspector_app.domain.errors import NotFoundError, StateError
from inspector_app.services.context import App
from inspector_app.store.models import Device, Setting, SyncConflict, SyncMark, SyncPackage
from inspector_app.sync import keys as keyring
from inspector_app.sync.keys import KeyPair, PublicKeys


def key_folder(app: App) -> Any:
    return app.data.root / "keys"


def ensure_keys(app: App) -> KeyPair:
    """This folder's key pairs, made on first use, with the public half recorded on its own Device row."""
    pair = keyring.load_or_create(key_folder(app))
    public = pair.public.to_json()
    with app.read() as s:
        device = s.get(Device, app.device_id)
        current = device.public_key if device else None
    if current != public:
        with app.write() as s:
            device = s.get(Device, app.device_id)
            if device is not None:
                device.public_key = public
                s.add(device)
    return pair


def setting(s: Session, key: str, default: str = "") -> str:
    row = s.get(Setting, key)
    return row.value if row else default


def put_setting(s: Session, key: str, value: str) -> None:
    row = s.get(Setting, key) or Setting(key=key)
    row.value = value
    s.add(row)


def next_sequence(s: Session, receiver: str) -> int:
    key = f"sync_seq_out:{receiver}"
    value = int(setting(s, key, "0")) + 1
    put_setting(s, key, str(value))
    return value


def bureau_of(s: Session) -> Device:
    bureau_id = setting(s, "bureau_id")
    device = s.get(Device, bureau_id) if bureau_id else None
    if device is None or not device.public_key:
        raise StateError("本终端尚未登记到应急管理局：请先导入局端制作的登记数据包（inspector-app import 登记文件）")
    return device


def public_keys_of(device: Device) -> PublicKeys | None:
    return PublicKeys.from_json(device.public_key) if device.public_key else None


def require_role(app: App, role: Role, what: str) -> None:
    if app.role != role:
        raise StateError(f"{what}只能在{role.label}的数据文件夹中进行（本机是{app.role.label}）")


@dataclass(frozen=True)
class PackageRow:
    id: str
    direction: str
    kind: str
    sender_id: str
    receiver_id: str
    sequence: int
    created_at: str
    processed_at: str
    acknowledged: bool
    summary: dict[str, Any]


def packages(app: App) -> list[PackageRow]:
    with app.read() as s:
        rows = s.exec(select(SyncPackage).order_by(col(SyncPackage.processed_at).desc())).all()
    return [
        PackageRow(
            r.id,
            r.direction,
            r.kind,
            r.sender_id,
            r.receiver_id,
            r.sequence,
            r.created_at.isoformat(),
            r.processed_at.isoformat(),
            r.acknowledged_at is not None,
            {k: v for k, v in json.loads(r.summary or "{}").items() if k != "landed"},
        )
        for r in rows
    ]


def devices(app: App) -> list[dict[str, Any]]:
    """Every device this folder knows (itself, its bureau, the devices it enrolled), with when a package last
    came from it and last went to it; for the 同步 page."""
    with app.read() as s:
        rows = s.exec(
            select(Device).order_by(col(Device.enrolled_at).is_(None), col(Device.enrolled_at), col(Device.name))
        ).all()
        last_in = dict(
            s.exec(
                select(SyncPackage.sender_id, func.max(SyncPackage.processed_at))
                .where(SyncPackage.direction == "in")
                .group_by(SyncPackage.sender_id)
            ).all()
        )
        last_out = dict(
            s.exec(
                select(SyncPackage.receiver_id, func.max(SyncPackage.processed_at))
                .where(SyncPackage.direction == "out")
                .group_by(SyncPackage.receiver_id)
            ).all()
        )
    return [
        {
            "id": d.id,
            "name": d.name,
            "role": d.role,
            "is_self": d.is_self or d.id == app.device_id,
            "enrolled_at": _iso(d.enrolled_at),
            "last_received_at": _iso(last_in.get(d.id)),
            "last_sent_at": _iso(last_out.get(d.id)),
        }
        for d in rows
    ]


def _iso(moment: Any) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, str):  # func.max over a UTCDateTime column comes back as SQLite's text
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return str(moment.astimezone(UTC).isoformat())


def _out_packages(s: Session) -> list[tuple[SyncPackage, dict[str, Any]]]:
    rows = s.exec(select(SyncPackage).where(SyncPackage.direction == "out", SyncPackage.kind == "device_export"))
    return [(p, json.loads(p.summary or "{}")) for p in rows]


def acked_versions(s: Session) -> dict[tuple[str, str], int]:
    """The newest version of each record the bureau's receipts confirm it holds.

    A device export's package row keeps the list of records it carried ("sent") and, once the bureau's receipt
    for it arrives, the records the bureau confirms ("landed"): one row per package rather than one per record,
    which kept exports of a few hundred thousand records from spending most of their time on bookkeeping.
    SyncMark rows are what earlier versions wrote; their confirmations still count.
    """
    acked: dict[tuple[str, str], int] = {}
    for entity, record_id, version in s.exec(
        select(SyncMark.entity, SyncMark.record_id, SyncMark.version).where(col(SyncMark.acked_at).is_not(None))
    ):
        acked[(entity, record_id)] = max(version, acked.get((entity, record_id), 0))
    for _package, summary in _out_packages(s):
        for entity, record_id, version in summary.get("landed", []):
            acked[(entity, record_id)] = max(int(version), acked.get((entity, record_id), 0))
    return acked


def pending(app: App) -> dict[str, int]:
    """Per entity, how many records sent to the bureau still wait for its receipt."""
    with app.read() as s:
        acked = acked_versions(s)
        sent: dict[tuple[str, str], int] = {}
        for _package, summary in _out_packages(s):
            for entity, record_id, version in summary.get("sent", []):
                sent[(entity, record_id)] = max(int(version), sent.get((entity, record_id), 0))
        waiting: dict[str, int] = {}
        for (entity, record_id), version in sent.items():
            if acked.get((entity, record_id), 0) < version:
                waiting[entity] = waiting.get(entity, 0) + 1
        for entity, n in s.exec(
            select(SyncMark.entity, func.count()).where(col(SyncMark.acked_at).is_(None)).group_by(SyncMark.entity)
        ).all():
            waiting[entity] = waiting.get(entity, 0) + int(n)
    return waiting


def conflicts(app: App, *, open_only: bool = True) -> list[SyncConflict]:
    stmt = select(SyncConflict).order_by(col(SyncConflict.created_at))
    if open_only:
        stmt = stmt.where(col(SyncConflict.resolved_at).is_(None))
    with app.read() as s:
        return list(s.exec(stmt))


def resolve_conflict(app: App, conflict_id: str, resolution: str) -> SyncConflict:
    """Mark a conflict as looked at; both versions stay in the list for the record."""
    from inspector_app.store.types import utcnow

    with app.write() as s:
        row = s.get(SyncConflict, conflict_id)
        if row is None:
            raise NotFoundError(f"找不到冲突记录：{conflict_id}")
        row.resolved_at = utcnow()
        row.resolution = resolution.strip() or "已核对"
        s.add(row)
    return row
