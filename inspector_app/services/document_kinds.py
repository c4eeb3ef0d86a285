"""Which hazards each document lists, and what it says about them on the day it is issued.

- 现场检查记录: everything found at the visit, as found (it is the record of that day).
- 责令限期整改指令书: the hazards ordered at the visit that are still open, each with a deadline after the day of
  issue; a closed hazard is left out, a passed deadline stops the issue with the item named.
- 现场处理措施决定书: the 重大事故隐患 for which the inspector chose measures of 安全生产法第六十五条, per hazard.
- 整改复查意见书: the hazards of the 指令书/决定书 it answers, each with its latest 复查 (whenever recorded), the
  officers who did the 复查, failed items with their new deadline.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from sqlmodel import Session, col, select

from inspector_app.documents.data import DocumentData, Finding, PriorDecision
from inspector_app.domain import onsite_measures
from inspector_app.domain.enums import DocumentKind, HazardLevel, HazardStatus
from inspector_app.domain.errors import StateError
from inspector_app.domain.hazard_lifecycle import OPEN_STATES, events_in_order
from inspector_app.evidence.media_store import MediaStore
from inspector_app.forms.citations import split_basis
from inspector_app.services import document_data as dd
from inspector_app.services.hazards import found_in
from inspector_app.services.photos import STAGE_AFTER
from inspector_app.services.timeutil import local_date
from inspector_app.store.models import Document, Hazard, HazardEvent, Inspection

REVIEWED = (HazardStatus.CLOSED.value, HazardStatus.REVIEW_FAILED.value)
ORDERS = (DocumentKind.RECTIFICATION_ORDER.value, DocumentKind.ONSITE_DECISION.value)


def finding(h: Hazard, **extra: object) -> Finding:
    violates, grounds = h.violates, h.legal_basis
    if not violates:
        violates, grounds = split_basis(h.legal_basis)
    return Finding(
        text=h.description,
        basis=grounds,
        measure=h.measure,
        major=h.level == HazardLevel.MAJOR.value,
        deadline=h.deadline,
        item_id=h.item_id,
        violates=violates,
        location=h.location,
        **extra,  # type: ignore[arg-type]
    )


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _label(n: int, h: Hazard) -> str:
    text = h.description if len(h.description) <= 24 else h.description[:24] + "…"
    return f"第{n}项“{text}”"


def fill(
    s: Session, media: MediaStore, inspection: Inspection, kind: DocumentKind, data: DocumentData
) -> tuple[DocumentData, list[str]]:
    if kind == DocumentKind.INSPECTION_RECORD:
        hazards = found_in(s, inspection.id)
        listed = replace(data, summary=inspection.summary, findings=tuple(finding(h) for h in hazards))
        return listed, [h.id for h in hazards]
    if kind == DocumentKind.RECTIFICATION_ORDER:
        hazards = order_hazards(s, inspection.id, data.issued_on)
        deadlines = {h.deadline for h in hazards}
        return (
            replace(
                data,
                findings=tuple(finding(h) for h in hazards),
                photos=dd.photos(s, media, hazards, inspection.place),
                deadline=deadlines.pop() if len(deadlines) == 1 else None,
            ),
            [h.id for h in hazards],
        )
    if kind == DocumentKind.ONSITE_DECISION:
        hazards = decision_hazards(s, inspection.id)
        return (
            replace(
                data,
                findings=tuple(finding(h, onsite_measures=_measures(h)) for h in hazards),
                photos=dd.photos(s, media, hazards, inspection.place),
                decision_basis=onsite_measures.BASIS,
            ),
            [h.id for h in hazards],
        )
    if kind == DocumentKind.REVIEW_OPINION:
        return review_data(s, media, inspection, data)
    from inspector_app.services import document_competence

    if kind in document_competence.KINDS:
        return document_competence.fill(s, media, inspection, kind, data)
    raise StateError(f"暂不能出具“{kind.label}”")


# ---- 责令限期整改指令书 -----------------------------------------------------------------------------------------


def order_hazards(s: Session, inspection_id: str, issued_on: date) -> list[Hazard]:
    """Ordered (a deadline was set) and still open; a deadline on or before the day of issue is refused."""
    ordered = [h for h in found_in(s, inspection_id) if h.deadline is not None]
    listed = [h for h in ordered if HazardStatus(h.status) in OPEN_STATES]
    if not listed:
        if ordered:
            raise StateError("本次检查责令整改的隐患均已复查合格销号，无需再签发责令限期整改指令书")
        raise StateError("本次检查没有责令限期整改的隐患（须有整改期限），不能签发责令限期整改指令书")
    late = [
        f"{_label(n, h)}的整改期限{_day(h.deadline)}不晚于签发日{_day(issued_on)}"
        for n, h in enumerate(listed, 1)
        if h.deadline is not None and h.deadline <= issued_on
    ]
    if late:
        raise StateError("；".join(late) + "。请先重新确定整改期限（隐患 → 责令整改），再签发指令书")
    return listed


# ---- 现场处理措施决定书 -------------------------------------------------------------------------------------------


def _measures(h: Hazard) -> tuple[str, ...]:
    if not h.onsite_measures:
        return ()
    try:
        codes = json.loads(h.onsite_measures)
    except ValueError:
        return ()
    return tuple(m.value for m in onsite_measures.parse([str(c) for c in codes])) if isinstance(codes, list) else ()


def decision_hazards(s: Session, inspection_id: str) -> list[Hazard]:
    majors = [
        h
        for h in found_in(s, inspection_id)
        if h.level == HazardLevel.MAJOR.value and HazardStatus(h.status) in OPEN_STATES
    ]
    if not majors:
        raise StateError("现场处理措施决定书针对尚未消除的重大事故隐患；本次检查没有这样的隐患")
    chosen = [h for h in majors if _measures(h)]
    if not chosen:
        raise StateError(
            "请先为重大事故隐患选择现场处理措施（撤出作业人员、暂时停产停业、停止使用设施设备）并写明部位或设备，"
            "再签发现场处理措施决定书"
        )
    return chosen


# ---- 整改复查意见书 ------------------------------------------------------------------------------------------------


def prior_decision(s: Session, inspection_id: str) -> Document | None:
    """What a 复查意见书 answers: the latest 指令书 or 决定书 of the inspection (not replaced by a correction)
    whose problems have a 复查 recorded; the latest one when none has yet."""
    docs = s.exec(
        select(Document)
        .where(Document.inspection_id == inspection_id, col(Document.kind).in_(ORDERS))
        .order_by(col(Document.issued_at).desc())
    ).all()
    replaced = {d.supersedes_id for d in docs if d.supersedes_id}
    current = [d for d in docs if d.id not in replaced]
    for doc in current:
        if any(latest_review(s, h)[0] is not None for h in listed_hazards(s, doc)):
            return doc
    return current[0] if current else None


def listed_hazards(s: Session, doc: Document) -> list[Hazard]:
    """The hazards a document listed: recorded with it since 0004; before that, what its kind would list."""
    try:
        ids = json.loads(doc.payload or "{}").get("hazards")
    except (ValueError, AttributeError):
        ids = None
    everything = found_in(s, doc.inspection_id)
    if isinstance(ids, list):
        wanted = set(ids)
        return [h for h in everything if h.id in wanted]
    if doc.kind == DocumentKind.ONSITE_DECISION.value:
        return [h for h in everything if h.level == HazardLevel.MAJOR.value]
    return [h for h in everything if h.deadline is not None]


def orders_listing(s: Session, hazard: Hazard) -> list[str]:
    """The numbers of the current 指令书 of the hazard's inspection that list it."""
    docs = s.exec(
        select(Document).where(
            Document.inspection_id == hazard.inspection_id,
            Document.kind == DocumentKind.RECTIFICATION_ORDER.value,
        )
    ).all()
    replaced = {d.supersedes_id for d in docs if d.supersedes_id}
    return [d.number for d in docs if d.id not in replaced and hazard.id in {h.id for h in listed_hazards(s, d)}]


def latest_review(s: Session, h: Hazard) -> tuple[HazardEvent | None, date | None]:
    """The hazard's latest 复查 (whenever it was recorded) and, when it failed, the new deadline it set."""
    events = events_in_order(s.exec(select(HazardEvent).where(HazardEvent.hazard_id == h.id)))
    last = None
    for n, e in enumerate(events):
        if e.to_status in REVIEWED:
            last = n
    if last is None:
        return None, None
    review = events[last]
    new_deadline = next(
        (e.deadline for e in events[last + 1 :] if e.to_status == HazardStatus.ORDERED.value and e.deadline), None
    )
    return review, new_deadline


def review_data(
    s: Session, media: MediaStore, inspection: Inspection, data: DocumentData
) -> tuple[DocumentData, list[str]]:
    prior = prior_decision(s, inspection.id)
    if prior is None:
        raise StateError("整改复查意见书须以已签发的责令限期整改指令书或现场处理措施决定书为前提")
    hazards = listed_hazards(s, prior)
    findings, officer_ids, failed_without_deadline = [], [], []
    for n, h in enumerate(hazards, 1):
        review, new_deadline = latest_review(s, h)
        if review is None:
            findings.append(finding(h))
            continue
        passed = review.to_status == HazardStatus.CLOSED.value
        if not passed and new_deadline is None:
            failed_without_deadline.append(_label(n, h))
        for officer in json.loads(review.officers) if review.officers else []:
            if officer not in officer_ids:
                officer_ids.append(officer)
        if not review.officers:
            raise StateError(f"{_label(n, h)}的复查记录没有写明进行复查的执法人员，请重新记录复查并选择执法人员")
        findings.append(
            finding(
                h,
                review="passed" if passed else "failed",
                review_note=review.note,
                reviewed_on=local_date(review.at),
                new_deadline=new_deadline,
            )
        )
    if not any(f.review for f in findings):
        raise StateError(f"{prior.number}所列问题尚未记录复查结果，请先完成复查")
    if failed_without_deadline:
        raise StateError(
            "；".join(failed_without_deadline) + "复查不合格，但没有重新确定整改期限，请先在复查中给出新的整改期限"
        )
    reviewers = dd.officers_by_id(s, officer_ids)
    return (
        replace(
            data,
            findings=tuple(findings),
            officers=reviewers,
            prior=PriorDecision(DocumentKind(prior.kind).label, prior.number, local_date(prior.issued_at)),
            photos=dd.photos(s, media, hazards, inspection.place, stages=("", STAGE_AFTER)),
            # Signed at the 复查 by whoever represents the enterprise then, by hand: the visit's signature and any
            # refusal belong to the visit, not to this paper.
            enterprise_signer="",
            enterprise_signature_png=None,
            enterprise_signer_title="",
            refusal=None,
        ),
        [h.id for h in hazards],
    )


def reviewed_since(s: Session, doc: Document) -> bool:
    """A 复查 recorded after this 意见书 calls for a new one."""
    prior = prior_decision(s, doc.inspection_id)
    hazards = listed_hazards(s, prior) if prior is not None else found_in(s, doc.inspection_id)
    ids = [h.id for h in hazards]
    return (
        s.exec(
            select(HazardEvent).where(
                col(HazardEvent.hazard_id).in_(ids),
                col(HazardEvent.to_status).in_(REVIEWED),
                col(HazardEvent.at) > doc.issued_at,
            )
        ).first()
        is not None
    )
