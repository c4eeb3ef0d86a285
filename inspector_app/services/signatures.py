"""Handwritten signatures on an inspection: the enterprise's representative, each inspector, a witness.

A signature is a PNG stored by its SHA-256 in the media store, plus a Signature row. Signing again never
replaces anything: a new row is appended, and `signatures_of` shows the latest one per signer.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from inspector_app.domain.enums import SignerRole
from inspector_app.domain.errors import StorageError, ValidationError
from inspector_app.evidence.media_store import sha256_bytes
from inspector_app.services.context import App
from inspector_app.services.inspections import load_inspection
from inspector_app.store.models import InspectionInspector, Inspector, Signature
from inspector_app.store.types import utcnow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 4 * 1024 * 1024
MAX_SIDE = 8000
MIN_SIDE = 8
MIN_INK_PIXELS = 12  # a signature is more than a speck of dust on the glass
INK_THRESHOLD = 160  # 0 black … 255 white, after compositing onto white paper
MAX_NAME = 60

ROLE_LABELS = {
    SignerRole.ENTERPRISE: "被检查单位负责人",
    SignerRole.INSPECTOR: "执法人员",
    SignerRole.WITNESS: "见证人",
}
_ROLE_ORDER = {SignerRole.ENTERPRISE.value: 0, SignerRole.INSPECTOR.value: 1, SignerRole.WITNESS.value: 2}


def check_png(png: bytes) -> tuple[int, int]:
    """Refuse anything that is not a complete PNG with visible ink on it; returns (width, height)."""
    from PIL import Image, UnidentifiedImageError

    if not png:
        raise ValidationError("签名为空，请先在签名框内签名")
    if len(png) > MAX_SIGNATURE_BYTES:
        raise ValidationError("签名图片过大（超过 4 MB），未保存")
    if not png.startswith(PNG_MAGIC):
        raise ValidationError("签名数据不是 PNG 图片，未保存")
    try:
        with Image.open(io.BytesIO(png), formats=["PNG"]) as probe:
            width, height = probe.size
            if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
                raise ValidationError(f"签名图片尺寸异常（{width}×{height} 像素），未保存")
            probe.verify()
        with Image.open(io.BytesIO(png), formats=["PNG"]) as img:
            img.load()
            rgba = img.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError("签名图片已损坏或不完整，未保存") from None
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(paper, rgba).convert("L")
    histogram = grey.histogram()
    ink = sum(histogram[:INK_THRESHOLD])
    if ink < MIN_INK_PIXELS:
        raise ValidationError("签名是空白的，请在签名框内签名后再保存")
    return width, height


def _role(role: SignerRole | str) -> SignerRole:
    try:
        return SignerRole(role)
    except ValueError:
        raise ValidationError(f"未知的签名人身份：{role}") from None


def _signer(
    s: Session, inspection_id: str, role: SignerRole, signer_name: str, inspector_id: str | None
) -> tuple[str, str | None]:
    """Who signs, checked against the inspection: (name to record, inspector id or None)."""
    if role == SignerRole.INSPECTOR:
        if not inspector_id:
            raise ValidationError("请选择签名的执法人员")
        inspector = s.get(Inspector, inspector_id)
        member = s.get(InspectionInspector, (inspection_id, inspector_id))
        if inspector is None or member is None:
            raise ValidationError("该执法人员不是本次检查的执法人员，不能在本次检查上签名")
        return inspector.name, inspector.id
    if inspector_id is not None:
        raise ValidationError(f"{ROLE_LABELS[role]}签名不应关联执法人员")
    name = " ".join(signer_name.split())
    if len(name) < 2:
        raise ValidationError(f"请填写{ROLE_LABELS[role]}的姓名（签字人）")
    if len(name) > MAX_NAME:
        raise ValidationError(f"签字人姓名过长（最多 {MAX_NAME} 个字）")
    return name, None


def save_signature(
    app: App,
    inspection_id: str,
    role: SignerRole | str,
    png: bytes,
    *,
    signer_name: str = "",
    inspector_id: str | None = None,
    signer_title: str = "",
) -> Signature:
    """Store one signature. Nothing is written when the PNG or the signer is refused."""
    signer_role = _role(role)
    title = _title(signer_title)
    check_png(png)
    media = app.media
    created: list[str] = []
    try:
        with app.write() as s:
            load_inspection(s, inspection_id)
            name, who = _signer(s, inspection_id, signer_role, signer_name, inspector_id)
            sha, new = media.put(png)
            if new:
                created.append(sha)
            row = Signature(
                inspection_id=inspection_id,
                role=signer_role.value,
                inspector_id=who,
                signer_name=name,
                signer_title=title if signer_role != SignerRole.INSPECTOR else "",
                sha256=sha,
                origin_device_id=app.device_id,
            )
            s.add(row)
        return row
    except BaseException:
        media.discard_new(created)
        raise


def _title(text: str) -> str:
    title = " ".join(text.split())
    if len(title) > MAX_NAME:
        raise ValidationError(f"职务过长（最多 {MAX_NAME} 个字）")
    return title


def record_refusal(
    app: App,
    inspection_id: str,
    *,
    name: str,
    title: str,
    at: datetime | None = None,
    witness: str = "",
    recording: str = "",
) -> Signature:
    """被检查单位负责人拒绝签名: recorded in place of the signature (安全生产法第六十八条 — 记录在案，并向本部门
    报告). The refusal names who refused and when, and a witness or a recording that proves it."""
    when = at or utcnow()
    if when.tzinfo is None:
        raise ValidationError("拒签时间须带时区")
    if when > utcnow() + timedelta(minutes=5):
        raise ValidationError("拒签时间不能晚于现在")
    who_saw = " ".join(witness.split())
    record = " ".join(recording.split())
    if not (who_saw or record):
        raise ValidationError("拒签须有见证人或执法记录仪录音录像编号为证，请至少填写一项")
    if len(who_saw) > MAX_NAME or len(record) > 200:
        raise ValidationError("见证人或录音录像编号过长")
    with app.write() as s:
        inspection = load_inspection(s, inspection_id)
        if when < inspection.started_at:
            raise ValidationError("拒签时间不能早于检查开始时间")
        signer, _ = _signer(s, inspection_id, SignerRole.ENTERPRISE, name, None)
        row = Signature(
            inspection_id=inspection_id,
            role=SignerRole.ENTERPRISE.value,
            inspector_id=None,
            signer_name=signer,
            signer_title=_title(title),
            sha256="",
            signed_at=when,
            refusal=json.dumps({"witness": who_saw, "recording": record}, ensure_ascii=False, sort_keys=True),
            origin_device_id=app.device_id,
        )
        s.add(row)
    return row


def refusal_of(sig: Signature) -> dict[str, str] | None:
    """{"witness", "recording"} when the row records a refusal to sign; None for a signature."""
    if not sig.refusal:
        return None
    try:
        data = json.loads(sig.refusal)
    except ValueError:
        return {"witness": "", "recording": ""}
    return {k: str(data.get(k, "")) for k in ("witness", "recording")} if isinstance(data, dict) else None


def _latest(rows: Iterable[Signature]) -> dict[tuple[str, str | None], Signature]:
    latest: dict[tuple[str, str | None], Signature] = {}
    for row in rows:
        key = (row.role, row.inspector_id)
        kept = latest.get(key)
        if kept is None or (row.signed_at, row.created_at) >= (kept.signed_at, kept.created_at):
            latest[key] = row
    return latest


def signatures_of(app: App, inspection_id: str) -> list[Signature]:
    """The latest signature per (role, inspector): enterprise first, then inspectors in the inspection's order."""
    with app.read() as s:
        rows = s.exec(
            select(Signature).where(Signature.inspection_id == inspection_id).order_by(col(Signature.signed_at))
        ).all()
        positions = {
            iid: pos
            for iid, pos in s.exec(
                select(InspectionInspector.inspector_id, InspectionInspector.position).where(
                    InspectionInspector.inspection_id == inspection_id
                )
            ).all()
        }
    latest = _latest(rows).values()
    return sorted(
        latest, key=lambda r: (_ROLE_ORDER.get(r.role, 9), positions.get(r.inspector_id or "", 0), r.signed_at)
    )


def signature_history(app: App, inspection_id: str) -> list[Signature]:
    """Every signature ever given on this inspection, oldest first (re-signing appends)."""
    with app.read() as s:
        return list(
            s.exec(select(Signature).where(Signature.inspection_id == inspection_id).order_by(col(Signature.signed_at)))
        )


def signature_png(app: App, sig: Signature) -> bytes:
    """The stored PNG, checked against its hash."""
    if not sig.sha256:
        raise StorageError(f"{sig.signer_name or sig.id} 拒绝签名，没有签名图片")
    media = app.media
    try:
        data = media.read(sig.sha256)
    except FileNotFoundError:
        raise StorageError(f"签名图片文件缺失：{sig.signer_name or sig.id}（请运行 inspector-app check）") from None
    except OSError as exc:
        raise StorageError(f"无法读取签名图片：{exc.strerror or exc}") from None
    if sha256_bytes(data) != sig.sha256:
        raise StorageError(f"签名图片与其哈希不符（被替换或损坏）：{sig.signer_name or sig.id}")
    return data
