"""Issue enforcement documents: the number is taken, the PDF rendered and stored, and the record written,
all in one transaction. An issued document never changes; a correction is a new document naming the old one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from inspector_app.domain.enums import DocumentKind, HazardLevel, HazardStatus, InspectionStatus
from inspector_app.domain.errors import NotFoundError, StateError, ValidationError
from inspector_app.evidence.media_store import sha256_file
from inspector_app.services import document_data, numbers
from inspector_app.services.context import App
from inspector_app.services.document_settings import ensure_documents_ready
from inspector_app.services.inspections import load_inspection
from inspector_app.services.timeutil import today
from inspector_app.store.models import Document, Hazard, HazardEvent, Inspection
from inspector_app.store.types import utcnow


@dataclass(frozen=True)
class Issued:
    document: Document
    pdf: bytes
    created: bool


def issue(
    app: App, inspection_id: str, kind: DocumentKind, *, decisions: tuple[str, ...] = (), new: bool = False
) -> Issued:
    """Issue `kind` for the inspection, or hand back the one already issued (same bytes)."""
    media = app.media
    created_files: list[str] = []
    try:
        with app.write() as s:
            inspection = load_inspection(s, inspection_id)
            existing = _current(s, inspection_id, kind)
            if existing is not None and not (new or _review_due_again(s, existing, kind)):
                return Issued(existing, _pdf(app, existing), created=False)
            _check_sequence(s, inspection, kind)
            return _issue_in(s, app, inspection, kind, decisions, None, "", created_files)
    except BaseException:
        media.discard_new(created_files)
        raise


def correct(app: App, document_id: str, reason: str) -> Issued:
    """A correction: a new document with a new number that names the one it replaces."""
    why = reason.strip()
    if len(why) < 2:
        raise ValidationError("更正文书须写明更正理由")
    created_files: list[str] = []
    try:
        with app.write() as s:
            old = _document(s, document_id)
            if s.exec(select(Document).where(Document.supersedes_id == old.id)).first() is not None:
                raise StateError(f"文书 {old.number} 已被更正过，请更正最新的那份")
            inspection = load_inspection(s, old.inspection_id)
            return _issue_in(s, app, inspection, DocumentKind(old.kind), (), old, why, created_files)
    except BaseException:
        app.media.discard_new(created_files)
        raise


def _issue_in(
    s: Session,
    app: App,
    inspection: Inspection,
    kind: DocumentKind,
    decisions: tuple[str, ...],
    supersedes: Document | None,
    reason: str,
    created_files: list[str],
) -> Issued:
    from inspector_app.documents.render import render_pdf

    ensure_documents_ready(s)  # before a number is taken: a refused document uses none
    day = today()
    taken = numbers.take(s, app, kind, day.year)
    data = document_data.build(
        s,
        app.media,
        inspection,
        kind,
        taken.number,
        day,
        decisions=decisions,
        supersedes=supersedes,
        reason=reason,
    )
    pdf = render_pdf(data)
    sha, new_file = app.media.put(pdf)
    if new_file:
        created_files.append(sha)
    doc = Document(
        kind=kind.value,
        number=taken.number,
        year=taken.year,
        serial=taken.serial,
        inspection_id=inspection.id,
        number_block_id=taken.block_id,
        issued_at=utcnow(),
        issued_by=app.actor,
        pdf_sha256=sha,
        content_hash=data.content_hash(),
        supersedes_id=supersedes.id if supersedes else None,
        payload=json.dumps(
            {"findings": len(data.findings), "photos": len(data.photos), "reason": reason}, ensure_ascii=False
        ),
        origin_device_id=app.device_id,
    )
    s.add(doc)
    s.flush()
    return Issued(doc, pdf, created=True)


def _current(s: Session, inspection_id: str, kind: DocumentKind) -> Document | None:
    """The newest document of this kind for the inspection that no correction has replaced."""
    docs = s.exec(
        select(Document)
        .where(Document.inspection_id == inspection_id, Document.kind == kind.value)
        .order_by(col(Document.issued_at).desc())
    ).all()
    replaced = {d.supersedes_id for d in docs if d.supersedes_id}
    return next((d for d in docs if d.id not in replaced), None)


def _review_due_again(s: Session, last: Document, kind: DocumentKind) -> bool:
    """A new 复查 after the last 意见书 calls for a new 意见书; anything else re-renders the old one."""
    if kind != DocumentKind.REVIEW_OPINION:
        return False
    hazard_ids = [h.id for h in s.exec(select(Hazard).where(Hazard.inspection_id == last.inspection_id))]
    reviewed = s.exec(
        select(HazardEvent).where(
            col(HazardEvent.hazard_id).in_(hazard_ids),
            col(HazardEvent.to_status).in_([HazardStatus.CLOSED.value, HazardStatus.REVIEW_FAILED.value]),
            col(HazardEvent.at) > last.issued_at,
        )
    ).first()
    return reviewed is not None


def _check_sequence(s: Session, inspection: Inspection, kind: DocumentKind) -> None:
    if inspection.status != InspectionStatus.COMPLETED.value:
        raise StateError("请先完成检查（锁定检查结果）再签发文书")
    hazards = document_data.hazards_of(s, inspection.id, ordered_only=False)
    if kind == DocumentKind.RECTIFICATION_ORDER and not any(h.deadline for h in hazards):
        raise StateError("本次检查没有责令限期整改的隐患（须有整改期限），不能签发责令限期整改指令书")
    if kind == DocumentKind.ONSITE_DECISION and not any(h.level == HazardLevel.MAJOR.value for h in hazards):
        raise StateError("现场处理措施决定书针对重大事故隐患；本次检查没有登记重大隐患")
    if kind == DocumentKind.REVIEW_OPINION:
        prior = document_data.prior_decision(s, inspection.id)
        if prior is None:
            raise StateError("整改复查意见书须以已签发的责令限期整改指令书或现场处理措施决定书为前提")
        since = prior.issued_at
        reviewed = any(
            e.at >= since
            for h in hazards
            for e in s.exec(
                select(HazardEvent).where(
                    HazardEvent.hazard_id == h.id,
                    col(HazardEvent.to_status).in_([HazardStatus.CLOSED.value, HazardStatus.REVIEW_FAILED.value]),
                )
            )
        )
        if not reviewed:
            raise StateError(f"{prior.number}签发后尚未记录复查结果，请先完成复查")


def _document(s: Session, document_id: str) -> Document:
    doc = s.get(Document, document_id)
    if doc is None:
        raise NotFoundError(f"找不到文书：{document_id}")
    return doc


def _pdf(app: App, doc: Document) -> bytes:
    problem = app.media.verify(doc.pdf_sha256)
    if problem:
        raise StateError(f"文书 {doc.number} 的 PDF 文件已损坏或缺失：{problem}")
    return app.media.read(doc.pdf_sha256)


def pdf_of(app: App, document_id: str) -> tuple[Document, bytes]:
    with app.read() as s:
        doc = _document(s, document_id)
    return doc, _pdf(app, doc)


def of_inspection(app: App, inspection_id: str) -> list[Document]:
    with app.read() as s:
        return list(
            s.exec(select(Document).where(Document.inspection_id == inspection_id).order_by(col(Document.issued_at)))
        )


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    number: str
    message: str


_KEYWORDS = re.compile(rb"/Keywords\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)")


def verify_file(app: App, path: Path) -> Verdict:
    """Is this file a genuine, unaltered document issued from this database?"""
    try:
        digest = sha256_file(path)
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件：{path}（{exc.strerror or exc}）") from None
    with app.read() as s:
        doc = s.exec(select(Document).where(Document.pdf_sha256 == digest)).first()
        if doc is not None:
            replaced = s.exec(select(Document).where(Document.supersedes_id == doc.id)).first()
            note = f"；注意：已被 {replaced.number} 更正" if replaced else ""
            return Verdict(
                True, doc.number, f"真实有效：{DocumentKind(doc.kind).label} {doc.number}，与签发时的文件完全一致{note}"
            )
        claimed = _claimed_number(raw)
        if claimed:
            known = s.exec(select(Document).where(Document.number == claimed)).first()
            if known is not None:
                return Verdict(False, claimed, f"文件已被改动：与 {claimed} 签发时的文件不一致，不能作为该文书使用")
            return Verdict(False, claimed, f"本数据库没有签发过文号为 {claimed} 的文书")
    return Verdict(False, "", "不是本数据库签发的文书（文件哈希与所有已签发文书均不符）")


def _claimed_number(raw: bytes) -> str:
    match = _KEYWORDS.search(raw)
    if not match:
        return ""
    token = match.group(1)
    if token.startswith(b"<"):
        data = bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode())
        return data.decode("utf-16") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    body = re.sub(rb"\\([0-7]{1,3}|.)", _unescape, token[1:-1], flags=re.S)
    if body.startswith(b"\xfe\xff"):
        return body.decode("utf-16")
    return body.decode("utf-8", "replace")


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\n": b""}


def _unescape(match: re.Match[bytes]) -> bytes:
    """PDF literal-string escapes: octal (ReportLab writes UTF-16 text this way) and the single-letter ones."""
    code = match.group(1)
    if code[:1] in b"01234567":
        return bytes([int(code, 8) & 0xFF])
    return _ESCAPES.get(code, code)
