"""Writing packages: enrolment and updates from the bureau, new and changed records from a device."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, or_, select

from inspector_app.domain import numbering
from inspector_app.domain.enums import DocumentKind, Role
from inspector_app.domain.errors import ValidationError
from inspector_app.services.context import App
from inspector_app.services.sync_state import (
    acked_versions,
    bureau_of,
    ensure_keys,
    next_sequence,
    public_keys_of,
    require_role,
    setting,
)
from inspector_app.services.timeutil import today
from inspector_app.store.models import (
    Device,
    NumberBlock,
    Sampling,
    SyncPackage,
    Task,
)
from inspector_app.store.types import utcnow
from inspector_app.sync import keys as keyring
from inspector_app.sync.package import PackageWriter
from inspector_app.sync.records import ENTITIES, codec, to_json

ENROLMENT, BUREAU_UPDATE, DEVICE_EXPORT = "enrolment", "bureau_update", "device_export"
BLOCK_SIZE = 200
TOP_UP_BELOW = 20
SHARED_SETTINGS = ("authority", "short", "remedy_government", "remedy_court", "review_days")
REGISTRY = ("enterprise", "inspector", "formtemplate")


@dataclass(frozen=True)
class Exported:
    path: Path
    package_id: str
    counts: dict[str, int]
    device_id: str = ""


def _check_target(out: Path) -> None:
    if out.is_dir():
        raise ValidationError(f"“{out}”是一个文件夹，请给出数据包文件名")
    if not out.parent.is_dir():
        raise ValidationError(f"目标文件夹不存在（U 盘是否已插好？）：{out.parent}")


# -- the bureau's side --------------------------------------------------------------------------------------
def enroll_device(app: App, name: str, out: Path) -> Exported:
    """A new device identity with its key pairs, number ranges and the registry, as one package.

    The file carries the new device's private keys: hand it over like a key, and delete it once imported.
    """
    require_role(app, Role.BUREAU, "登记执法终端")
    if len(name.strip()) < 2:
        raise ValidationError("请给终端起一个名称（例如“城关镇安监办-1”）")
    _check_target(out)
    pair = ensure_keys(app)
    device_keys = keyring.generate()
    device = Device(
        id=str(uuid.uuid4()),
        name=name.strip(),
        role=Role.DEVICE.value,
        is_self=False,
        public_key=device_keys.public.to_json(),
        enrolled_at=utcnow(),
        origin_device_id=app.device_id,
    )

    def build(s: Session) -> tuple[Exported, PackageWriter]:
        s.add(device)
        s.flush()
        _top_up_blocks(s, app, device.id)
        sign, box = device_keys.private_bytes()
        extra = {
            "identity": {
                "device_id": device.id,
                "name": device.name,
                "ed25519_private": sign.hex(),
                "x25519_private": box.hex(),
            },
            "settings": {k: setting(s, k) for k in SHARED_SETTINGS},
        }
        return _write_bureau_package(s, app, pair, device, out, ENROLMENT, extra)

    return _commit_then_publish(app, build)


def export_for_device(app: App, device_id: str, out: Path) -> Exported:
    """Registry and template updates, tasks, fresh number ranges and the receipt of what has landed."""
    require_role(app, Role.BUREAU, "为终端导出数据包")
    _check_target(out)
    pair = ensure_keys(app)

    def build(s: Session) -> tuple[Exported, PackageWriter]:
        device = s.get(Device, device_id)
        if device is None or device.role != Role.DEVICE.value or not device.enrolled_at:
            raise ValidationError(f"没有登记过的终端：{device_id}（先用 device enroll 登记）")
        _top_up_blocks(s, app, device.id)
        return _write_bureau_package(s, app, pair, device, out, BUREAU_UPDATE, {})

    return _commit_then_publish(app, build)


def _commit_then_publish(app: App, build: Callable[[Session], tuple[Exported, PackageWriter]]) -> Exported:
    """The package file appears under its name only after the transaction that records it has committed, so
    a file that exists is always one this side knows it sent (a kill in between leaves no file at all)."""
    writer: PackageWriter | None = None
    try:
        with app.write() as s:
            exported, writer = build(s)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    writer.publish()
    return exported


def _top_up_blocks(s: Session, app: App, device_id: str) -> None:
    year = today().year
    for kind in DocumentKind:
        mine = s.exec(
            select(NumberBlock).where(
                NumberBlock.device_id == device_id,
                NumberBlock.kind == kind.value,
                NumberBlock.year == year,
                NumberBlock.prefix == "",
            )
        ).all()
        left = sum(max(0, b.last - b.next_serial + 1) for b in mine)
        if left >= TOP_UP_BELOW:
            continue
        taken = [
            (b.first, b.last)
            for b in s.exec(
                select(NumberBlock).where(
                    NumberBlock.kind == kind.value, NumberBlock.year == year, NumberBlock.prefix == ""
                )
            )
        ]
        first, last = numbering.allocate(taken, BLOCK_SIZE)
        s.add(
            NumberBlock(
                device_id=device_id,
                kind=kind.value,
                year=year,
                prefix="",
                first=first,
                last=last,
                next_serial=first,
                source="bureau",
                origin_device_id=app.device_id,
            )
        )
    s.flush()


def _write_bureau_package(
    s: Session, app: App, pair: keyring.KeyPair, device: Device, out: Path, kind: str, extra: dict[str, Any]
) -> tuple[Exported, PackageWriter]:
    bureau = s.get(Device, app.device_id)
    writer = PackageWriter(
        out,
        kind=kind,
        sender_id=app.device_id,
        sender_name=setting(s, "authority") or (bureau.name if bureau else ""),
        keys=pair,
        receiver_id=device.id,
        sequence=next_sequence(s, device.id),
        extra=extra,
    )
    try:
        writer.add_records("device", (to_json(d) for d in (bureau, device) if d is not None))
        for entity in REGISTRY:
            writer.add_records(entity, (to_json(r) for r in s.exec(select(ENTITIES[entity]))))
        # Besides the device's own ranges: every range a device numbered on its own before enrolment, closed at
        # its last serial (numbers.hand_over), so that no device issues those serials again.
        blocks = select(NumberBlock).where(or_(NumberBlock.device_id == device.id, NumberBlock.source == "local"))
        writer.add_records("numberblock", (to_json(b) for b in s.exec(blocks)))
        writer.add_records("sampling", (to_json(r) for r in s.exec(select(Sampling))))
        writer.add_records(
            "task",
            (
                to_json(t)
                for t in s.exec(select(Task).where(or_(col(Task.device_id).is_(None), Task.device_id == device.id)))
            ),
        )
        writer.add_records("receipt", _receipts(s, device.id))
        manifest = writer.finish()
        s.add(
            SyncPackage(
                id=manifest.package_id,
                direction="out",
                kind=kind,
                sender_id=app.device_id,
                receiver_id=device.id,
                sequence=manifest.sequence,
                created_at=manifest.created_at,
                summary=json.dumps({"counts": manifest.counts}, ensure_ascii=False),
            )
        )
        s.flush()
    except BaseException:
        writer.abort()
        raise
    return Exported(out, manifest.package_id, manifest.counts, device.id), writer


def _receipts(s: Session, device_id: str) -> Iterator[dict[str, Any]]:
    """回执: every package from this device that landed here, with the records it brought."""
    for package in s.exec(select(SyncPackage).where(SyncPackage.direction == "in", SyncPackage.sender_id == device_id)):
        landed = json.loads(package.summary or "{}").get("landed", [])
        yield {"package_id": package.id, "imported_at": package.processed_at.isoformat(), "records": landed}


# -- a device's side ----------------------------------------------------------------------------------------
DEVICE_ENTITIES = (
    "enterprise",
    "inspector",
    "formtemplate",
    "numberblock",
    "inspection",
    "inspectioninspector",
    "itemresult",
    "resultcorrection",
    "hazard",
    "hazardevent",
    "photo",
    "signature",
    "document",
    "task",
    "auditevent",
)


def export_for_bureau(app: App, out: Path, *, encrypt: bool = True) -> Exported:
    """Everything the bureau has not yet acknowledged, with the evidence files it refers to."""
    require_role(app, Role.DEVICE, "向局端导出数据")
    _check_target(out)
    pair = ensure_keys(app)

    def build(s: Session) -> tuple[Exported, PackageWriter]:
        bureau = bureau_of(s)
        keys = public_keys_of(bureau)
        acked = acked_versions(s)
        own = {app.device_id, *json.loads(setting(s, "former_device_ids", "[]"))}
        writer = PackageWriter(
            out,
            kind=DEVICE_EXPORT,
            sender_id=app.device_id,
            sender_name=_name(s, app),
            keys=pair,
            receiver_id=bureau.id,
            sequence=next_sequence(s, bureau.id),
            encrypt_to=keys.box if (encrypt and keys) else None,
        )
        sent: list[tuple[str, str, int]] = []
        media: set[str] = set()
        try:
            for entity in DEVICE_ENTITIES:
                writer.add_lines(entity, _unacked_lines(s, entity, acked, own, sent, media))
            for sha in sorted(media):
                path = app.media.path(sha)
                if not path.is_file():
                    raise ValidationError(f"证据文件缺失，无法导出：{sha}（请先运行 inspector-app check）")
                writer.add_media(sha, path)
            manifest = writer.finish()
            s.add(
                SyncPackage(
                    id=manifest.package_id,
                    direction="out",
                    kind=DEVICE_EXPORT,
                    sender_id=app.device_id,
                    receiver_id=bureau.id,
                    sequence=manifest.sequence,
                    created_at=manifest.created_at,
                    summary=json.dumps({"counts": manifest.counts, "sent": sent}, ensure_ascii=False),
                )
            )
            s.flush()
        except BaseException:
            writer.abort()
            raise
        return Exported(out, manifest.package_id, manifest.counts, bureau.id), writer

    return _commit_then_publish(app, build)


def _unacked_lines(
    s: Session,
    entity: str,
    acked: dict[tuple[str, str], int],
    own: set[str],
    sent: list[tuple[str, str, int]],
    media: set[str],
) -> Iterator[str]:
    """The entity's rows the bureau has not acknowledged, as JSON lines; notes each one in `sent` and `media`.

    Rows are read as plain tuples (no ORM objects): a package can carry hundreds of thousands of them.
    """
    c = codec(ENTITIES[entity])
    for row in s.connection().execute(c.table.select()):
        record = c.canonical(row)
        version = int(record.get("version") or 1)
        key = c.key(record)
        if acked.get((entity, key), 0) >= version or not _ours(entity, record, own):
            continue
        sent.append((entity, key, version))
        media.update(_media_of(entity, record))
        yield json.dumps(c.json_of(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _ours(entity: str, row: dict[str, Any], own: set[str]) -> bool:
    """Registry rows go back to the bureau only when this device created them; number ranges when they are
    this device's (so the bureau learns how far each range is used)."""
    if entity == "numberblock":
        return row.get("device_id") in own
    if entity in ("enterprise", "inspector", "formtemplate", "task"):
        return row.get("origin_device_id") in own or entity == "task"
    return True


def _name(s: Session, app: App) -> str:
    me = s.get(Device, app.device_id)
    return me.name if me else ""


def _media_of(entity: str, row: dict[str, Any]) -> set[str]:
    if entity == "photo":
        return {row["sha256"], row["derived_sha256"], row["thumb_sha256"]}
    if entity == "signature":
        return {row["sha256"]} if row["sha256"] else set()  # a refusal to sign has no image
    if entity == "document" and row["pdf_sha256"]:
        return {row["pdf_sha256"]}
    return set()
