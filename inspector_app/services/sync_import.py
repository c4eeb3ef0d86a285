"""Applying a package: verify every byte first, then merge in one transaction, media written atomically.

A dry run does all of it but the commit, and reports what would be added, updated, unchanged or in conflict.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from inspector_app.audit.trail import PRESERVE_VERSIONS
from inspector_app.domain.enums import Role
from inspector_app.domain.errors import UserError
from inspector_app.services import backups, numbers
from inspector_app.services.context import App
from inspector_app.services.document_settings import is_placeholder
from inspector_app.services.sync_export import BUREAU_UPDATE, DEVICE_EXPORT, ENROLMENT, SHARED_SETTINGS
from inspector_app.services.sync_state import ensure_keys, key_folder, put_setting, setting
from inspector_app.store.db import error_text
from inspector_app.store.models import Device, SyncMark, SyncPackage
from inspector_app.store.types import utcnow
from inspector_app.sync import keys as keyring
from inspector_app.sync.merge import CONFLICT, Merger
from inspector_app.sync.package import Manifest, PackageError, VerifiedPackage, open_verified, read_manifest
from inspector_app.sync.records import ENTITIES

ORDER = [e for e in ENTITIES if e != "device"]
_SHA = re.compile(r"[0-9a-f]{64}")
log = logging.getLogger(__name__)


class _DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


@dataclass
class ImportReport:
    package_id: str
    kind: str
    sender: str
    status: str  # "applied", "dry-run" or "already"
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: int = 0
    acknowledged: int = 0
    media_added: int = 0

    def lines(self) -> list[str]:
        verb = {"applied": "已导入", "dry-run": "预演（未写入）", "already": "该数据包此前已导入，本次未做任何更改"}
        out = [f"{verb[self.status]}：{self.kind} 数据包 {self.package_id}，发送方 {self.sender}"]
        labels = {"added": "新增", "updated": "更新", "unchanged": "未变", "conflict": "冲突"}
        for entity, counts in self.counts.items():
            parts = "，".join(f"{labels[k]} {v}" for k, v in counts.items() if v)
            out.append(f"  {entity}: {parts}")
        if self.media_added:
            out.append(f"  证据文件：新增 {self.media_added}")
        if self.acknowledged:
            out.append(f"  回执：局端已确认收到 {self.acknowledged} 条本机记录")
        if self.conflicts:
            out.append(f"  有 {self.conflicts} 处冲突已列入冲突清单（inspector-app conflicts），两份数据均已保留")
        return out


def import_package(app: App, path: Path, *, dry_run: bool = False) -> ImportReport:
    """Verify, then apply (or rehearse). Any failure leaves the database and the media exactly as they were."""
    try:
        return _import(app, Path(path), dry_run)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - hostile input must end in a refusal, never a traceback
        log.warning("package refused after an unexpected error", exc_info=True)
        raise PackageError(f"数据包内容异常，已拒绝导入，未做任何更改（{type(exc).__name__}）") from exc


def _import(app: App, path: Path, dry_run: bool) -> ImportReport:
    manifest, _body, _sig = read_manifest(path)
    with app.read() as s:
        if s.get(SyncPackage, manifest.package_id) is not None:
            return ImportReport(manifest.package_id, manifest.kind, _sender(manifest), "already")
        trusted, receiver = _trust(s, app, manifest)
    pending_keys: keyring.KeyPair | None = None
    my_keys = ensure_keys(app) if manifest.kind != ENROLMENT else None
    pkg = open_verified(
        Path(path), my_device_id=receiver, my_keys=my_keys, trust=lambda _m: trusted, work_dir=app.data.tmp
    )
    with pkg:
        _check_media(app, pkg)
        if manifest.kind == DEVICE_EXPORT and any(True for _ in pkg.records("device")):
            # Devices are registered only by the bureau: a device package may not add or re-key one.
            raise PackageError("终端数据包中不得包含终端登记信息，已拒绝")
        if manifest.kind == ENROLMENT:
            pending_keys = _identity_keys(manifest)
        # A copy of the database as it was, kept in the rotation; thrown away again if the package is refused.
        safety = None if dry_run else backups.before_import(app)
        created: list[str] = []
        report = ImportReport(
            manifest.package_id, manifest.kind, _sender(manifest), "dry-run" if dry_run else "applied"
        )
        try:
            with app.write() as s:
                s.info[PRESERVE_VERSIONS] = True
                merger = Merger(
                    s, manifest.package_id, from_bureau=manifest.kind != DEVICE_EXPORT, sender_id=manifest.sender_id
                )
                if manifest.kind == ENROLMENT:
                    _adopt_identity(s, app, manifest)
                if manifest.kind != DEVICE_EXPORT:
                    merger.merge("device", pkg.records("device"))
                for entity in ORDER:
                    merger.merge(entity, pkg.records(entity))
                merger.settle_hazards()
                report.acknowledged = _apply_receipts(s, pkg) if manifest.kind != DEVICE_EXPORT else 0
                report.counts = merger.outcome.summary()
                report.conflicts = merger.outcome.total(CONFLICT)
                s.add(
                    SyncPackage(
                        id=manifest.package_id,
                        direction="in",
                        kind=manifest.kind,
                        sender_id=manifest.sender_id,
                        receiver_id=manifest.receiver_id,
                        sequence=manifest.sequence,
                        created_at=manifest.created_at,
                        file_sha256=pkg.file_sha256,
                        summary=json.dumps(
                            {"counts": report.counts, "landed": merger.outcome.landed}, ensure_ascii=False
                        ),
                    )
                )
                s.flush()
                if dry_run:
                    raise _DryRun
                report.media_added = _write_media(app, pkg, created)
                if pending_keys is not None:
                    keyring.save(key_folder(app) / "incoming", pending_keys)
        except _DryRun:
            return report
        except IntegrityError as exc:
            app.media.discard_new(created)
            backups.discard(safety)
            shutil.rmtree(key_folder(app) / "incoming", ignore_errors=True)
            raise PackageError(f"数据包中的记录与本地数据无法合并，未做任何更改：{error_text(exc)}") from None
        except BaseException:
            app.media.discard_new(created)
            backups.discard(safety)
            shutil.rmtree(key_folder(app) / "incoming", ignore_errors=True)
            raise
    if pending_keys is not None:
        _install_keys(app)
    return report


def _sender(manifest: Manifest) -> str:
    return str(manifest.data["sender"].get("name") or manifest.sender_id)


def _trust(s: Session, app: App, manifest: Manifest) -> tuple[keyring.PublicKeys | None, str]:
    """The sender's known public keys (None refuses) and the receiver id this package must name."""
    kind = manifest.kind
    if kind == ENROLMENT:
        if app.role != Role.DEVICE:
            raise PackageError("这是执法终端的登记数据包，不能在应急管理局的数据文件夹中导入")
        bureau_id = setting(s, "bureau_id")
        if bureau_id and bureau_id != manifest.sender_id:
            raise PackageError("本终端已登记到另一个应急管理局，不能再用此登记数据包")
        if bureau_id:
            known = s.get(Device, bureau_id)
            if known is None or known.public_key != manifest.sender_keys.to_json():
                raise PackageError("登记数据包的签名密钥与本机已登记的局端密钥不一致，拒绝导入")
        if bureau_id and setting(s, "enrolled_as") and manifest.receiver_id != app.device_id:
            raise PackageError("本终端已完成登记；该登记数据包是为另一台终端制作的")
        # First enrolment: the bureau's key comes with the package, handed over in person.
        return manifest.sender_keys, manifest.receiver_id
    if kind == BUREAU_UPDATE:
        if app.role != Role.DEVICE:
            raise PackageError("这是发给执法终端的数据包，不能在应急管理局的数据文件夹中导入")
        bureau = s.get(Device, setting(s, "bureau_id"))
        if bureau is None or bureau.id != manifest.sender_id or bureau.public_key != manifest.sender_keys.to_json():
            return None, app.device_id
        last = int(setting(s, f"sync_seq_in:{manifest.sender_id}", "0"))
        if manifest.sequence <= last:
            raise PackageError(f"这是较旧的局端数据包（序号 {manifest.sequence}，本机已导入到 {last}），拒绝回退")
        return keyring.PublicKeys.from_json(bureau.public_key), app.device_id
    if kind == DEVICE_EXPORT:
        if app.role != Role.BUREAU:
            raise PackageError("这是发给应急管理局的数据包，只能在局端导入")
        device = s.get(Device, manifest.sender_id)
        if device is None or not device.enrolled_at or device.public_key != manifest.sender_keys.to_json():
            return None, app.device_id
        return keyring.PublicKeys.from_json(device.public_key), app.device_id
    raise PackageError(f"未知的数据包类型：{kind}")


def _identity_keys(manifest: Manifest) -> keyring.KeyPair:
    try:
        ident = manifest.extra["identity"]
        return keyring.from_private_bytes(
            bytes.fromhex(ident["ed25519_private"]), bytes.fromhex(ident["x25519_private"])
        )
    except (KeyError, ValueError, TypeError):
        raise PackageError("登记数据包缺少有效的终端身份") from None


def _adopt_identity(s: Session, app: App, manifest: Manifest) -> None:
    ident = manifest.extra["identity"]
    new_id = str(ident["device_id"])
    if new_id != manifest.receiver_id:
        raise PackageError("登记数据包中的终端身份与接收方不一致")
    old = s.get(Device, app.device_id)
    if old is not None and old.id != new_id:
        numbers.hand_over(s, old.id)
        old.is_self = False
        s.add(old)
        former = json.loads(setting(s, "former_device_ids", "[]"))
        put_setting(s, "former_device_ids", json.dumps(sorted({*former, old.id})))
    me = s.get(Device, new_id)
    if me is None:
        s.add(
            Device(
                id=new_id,
                name=str(ident.get("name", "")),
                role=Role.DEVICE.value,
                is_self=True,
                enrolled_at=utcnow(),
                origin_device_id=manifest.sender_id,
                public_key=_identity_keys(manifest).public.to_json(),
            )
        )
    put_setting(s, "device_id", new_id)
    put_setting(s, "bureau_id", manifest.sender_id)
    put_setting(s, "enrolled_as", new_id)
    for key, value in dict(manifest.extra.get("settings", {})).items():
        # A placeholder the bureau still holds never replaces a real value this device already has.
        if key in SHARED_SETTINGS and isinstance(value, str) and not is_placeholder(key, value):
            put_setting(s, key, value)
    s.flush()


def _install_keys(app: App) -> None:
    """Move the enrolled identity's keys into place; the keys this folder had before are kept aside."""
    folder = key_folder(app)
    incoming = folder / "incoming"
    previous = folder / "before-enrolment"
    for name in (keyring.SIGN_FILE, keyring.BOX_FILE):
        if (folder / name).exists() and not (previous / name).exists():
            previous.mkdir(parents=True, exist_ok=True)
            (folder / name).replace(previous / name)
        (incoming / name).replace(folder / name)
    shutil.rmtree(incoming, ignore_errors=True)
    app.device_id = setting_value(app, "device_id")


def setting_value(app: App, key: str) -> str:
    with app.read() as s:
        return setting(s, key)


def _check_media(app: App, pkg: VerifiedPackage) -> None:
    """Refuse a package whose records name an evidence file that neither it nor this folder has."""
    needed: set[object] = set()  # whatever the records say; checked below
    for row in pkg.records("photo"):
        needed |= {row.get("sha256"), row.get("derived_sha256"), row.get("thumb_sha256")}
    for row in pkg.records("signature"):
        if row.get("sha256") == "" and row.get("refusal"):
            continue  # a refusal to sign is recorded without an image
        needed.add(row.get("sha256"))
    for row in pkg.records("document"):
        if row.get("pdf_sha256"):
            needed.add(row.get("pdf_sha256"))
    for sha in needed:
        if not isinstance(sha, str) or not _SHA.fullmatch(sha):
            raise PackageError(f"数据包中的证据文件哈希格式不对：{str(sha)[:80]!r}")
        if not (pkg.has_media(sha) or app.media.has(sha)):
            raise PackageError(f"数据包缺少它所引用的证据文件：{sha}")


def _write_media(app: App, pkg: VerifiedPackage, created: list[str]) -> int:
    """Evidence is never replaced: files already here are left alone; new ones move in from the unpacked
    package, whose every member was checked against the signed manifest when it was unpacked."""
    staged = [
        (name[6:], pkg.media_path(name[6:])) for name in pkg.manifest.data["members"] if name.startswith("media/")
    ]
    before = len(created)
    app.media.adopt(staged, created)
    return len(created) - before


def _apply_receipts(s: Session, pkg: VerifiedPackage) -> int:
    """The bureau's 回执: each of this device's packages that landed there, with the records it confirms.

    The confirmed list is kept on the package's own row (see sync_state.acked_versions). Receipts repeat in
    every update from the bureau; a package already confirmed is left as it is.
    """
    now = utcnow()
    count = 0
    for receipt in pkg.records("receipt"):
        package_id = str(receipt.get("package_id", ""))
        out = s.get(SyncPackage, package_id)
        if out is None or out.direction != "out" or out.acknowledged_at is not None:
            continue
        records = receipt.get("records", [])
        if not isinstance(records, list):
            raise PackageError("回执格式不对：records 不是列表")
        landed = [_landed_entry(entry) for entry in records]
        summary = json.loads(out.summary or "{}")
        summary["landed"] = landed
        out.summary = json.dumps(summary, ensure_ascii=False)
        out.acknowledged_at = now
        s.add(out)
        count += len(landed)
        count += _ack_legacy_marks(s, landed)
    put_setting(s, f"sync_seq_in:{pkg.manifest.sender_id}", str(pkg.manifest.sequence))
    return count


def _landed_entry(entry: Any) -> list[Any]:
    if (
        not isinstance(entry, list)
        or len(entry) != 3
        or not all(isinstance(part, str) for part in entry[:2])
        or isinstance(entry[2], bool)
        or not isinstance(entry[2], int)
    ):
        raise PackageError("回执格式不对：记录条目应为 [类型, 标识, 版本]")
    return [entry[0], entry[1], entry[2]]


def _ack_legacy_marks(s: Session, landed: list[list[Any]]) -> int:
    """SyncMark rows written by earlier versions, still waiting: confirm those the receipt names."""
    if s.exec(select(SyncMark.id).where(col(SyncMark.acked_at).is_(None)).limit(1)).first() is None:
        return 0
    now = utcnow()
    count = 0
    for entity, record_id, version in landed:
        for mark in s.exec(
            select(SyncMark).where(
                SyncMark.entity == entity,
                SyncMark.record_id == record_id,
                col(SyncMark.acked_at).is_(None),
                col(SyncMark.version) <= int(version),
            )
        ):
            mark.acked_at = now
            s.add(mark)
            count += 1
    return count
