"""Issue enforcement documents: the number is taken, the PDF rendered and stored, and the record written,
all in one transaction. An issued document never changes; a correction is a new document naming the old one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from inspector_app.domain.enums import DocumentKind, InspectionStatus
from inspector_app.domain.errors import NotFoundError, StateError, ValidationError
from inspector_app.services import document_competence, document_data, document_kinds, document_verify, numbers
from inspector_app.services.context import App
from inspector_app.services.document_settings import ensure_documents_ready
from inspector_app.services.inspections import load_inspection
from inspector_app.services.timeutil import local_date
from inspector_app.store.models import Document, Inspection
from inspector_app.store.types import utcnow


@dataclass(frozen=True)
class Issued:
    document: Document
    pdf: bytes
    created: bool


def issue(app: App, inspection_id: str, kind: DocumentKind, *, new: bool = False, at: datetime | None = None) -> Issued:
    """Issue `kind` for the inspection, or hand back the one already issued (same bytes).

    `at` is for loading a history that happened (the demo's past visits); the window and the command line always
    issue now. It may not lie in the future nor before the visit."""
    media = app.media
    created_files: list[str] = []
    try:
        with app.write() as s:
            inspection = load_inspection(s, inspection_id)
            existing = _current(s, inspection_id, kind)
            if existing is not None and not (new or _review_due_again(s, existing, kind)):
                return Issued(existing, _pdf(app, existing), created=False)
            _check_sequence(s, inspection, kind)
            if at is not None and not inspection.started_at <= at <= utcnow():
                raise ValidationError("签发时间须在检查开始之后、现在之前")
            return _issue_in(s, app, inspection, kind, None, "", created_files, at)
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
            return _issue_in(s, app, inspection, DocumentKind(old.kind), old, why, created_files)
    except BaseException:
        app.media.discard_new(created_files)
        raise


def _issue_in(
    s: Session,
    app: App,
    inspection: Inspection,
    kind: DocumentKind,
    supersedes: Document | None,
    reason: str,
    created_files: list[str],
    at: datetime | None = None,
) -> Issued:
    from inspector_app.documents.render import render_pdf

    ensure_documents_ready(s)  # before a number is taken: a refused document uses none
    # One moment for everything: the 落款 date is the day of issue (the 现场检查记录: the day of the visit), and
    # the number's year is that day's.
    now = at or utcnow()
    taken = numbers.take(s, app, kind, local_date(now).year)
    data, hazard_ids = document_data.build(
        s, app.media, inspection, kind, taken.number, now, supersedes=supersedes, reason=reason
    )
    data = document_verify.seal(s, app, data)
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
        issued_at=now,
        issued_by=app.actor,
        pdf_sha256=sha,
        content_hash=data.content_hash(),
        supersedes_id=supersedes.id if supersedes else None,
        payload=json.dumps(
            {"findings": len(data.findings), "photos": len(data.photos), "reason": reason, "hazards": hazard_ids},
            ensure_ascii=False,
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
    return kind == DocumentKind.REVIEW_OPINION and document_kinds.reviewed_since(s, last)


def _check_sequence(s: Session, inspection: Inspection, kind: DocumentKind) -> None:
    """What must be true before a number is taken; what each kind lists is checked as its data is gathered
    (document_kinds), in the same transaction, so a refusal there takes no number either."""
    if inspection.status != InspectionStatus.COMPLETED.value:
        raise StateError("请先完成检查（锁定检查结果）再签发文书")
    document_competence.check_competence(s, inspection, kind)


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
