"""Gather what a document prints from the database into plain DocumentData (no layout here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlmodel import Session, col, select

from inspector_app.documents.data import DocumentData, Finding, Officer, Party, PhotoEntry, PriorDecision
from inspector_app.domain.enums import DocumentKind, HazardLevel, HazardStatus, SignerRole
from inspector_app.domain.hazard_lifecycle import events_in_order
from inspector_app.evidence.media_store import MediaStore
from inspector_app.services.timeutil import local_date
from inspector_app.store.models import (
    Document,
    Enterprise,
    Hazard,
    HazardEvent,
    Inspection,
    InspectionInspector,
    Inspector,
    Photo,
    Setting,
    Signature,
)

ONSITE_BASIS = "《中华人民共和国安全生产法》第六十五条第一款第（三）项"
ONSITE_DECISIONS = (
    "重大事故隐患排除前或者排除过程中无法保证安全的区域，立即撤出作业人员",
    "暂时停产停业（停止使用相关设施、设备），隐患排除后经审查同意，方可恢复生产经营和使用",
)


def settings(s: Session) -> dict[str, str]:
    return {row.key: row.value for row in s.exec(select(Setting))}


def party(s: Session, inspection: Inspection) -> Party:
    ent = s.get(Enterprise, inspection.enterprise_id)
    assert ent is not None
    return Party(
        ent.name, ent.credit_code, ent.address, ent.legal_representative, ent.contact_person, ent.contact_phone
    )


def officers(s: Session, media: MediaStore, inspection_id: str) -> tuple[Officer, ...]:
    rows = s.exec(
        select(Inspector)
        .join(InspectionInspector, col(InspectionInspector.inspector_id) == Inspector.id)
        .where(InspectionInspector.inspection_id == inspection_id)
        .order_by(col(InspectionInspector.position))
    ).all()
    signed = _latest_signatures(s, inspection_id)
    return tuple(Officer(i.name, i.cert_no, _png(media, signed.get((SignerRole.INSPECTOR.value, i.id)))) for i in rows)


def _latest_signatures(s: Session, inspection_id: str) -> dict[tuple[str, str | None], Signature]:
    latest: dict[tuple[str, str | None], Signature] = {}
    for sig in s.exec(
        select(Signature).where(Signature.inspection_id == inspection_id).order_by(col(Signature.signed_at))
    ):
        latest[(sig.role, sig.inspector_id)] = sig
    return latest


def _png(media: MediaStore, sig: Signature | None) -> bytes | None:
    if sig is None or media.verify(sig.sha256) is not None:
        return None
    return media.read(sig.sha256)


def hazards_of(s: Session, inspection_id: str, *, ordered_only: bool) -> list[Hazard]:
    rows = s.exec(select(Hazard).where(Hazard.inspection_id == inspection_id).order_by(col(Hazard.found_at))).all()
    return [h for h in rows if h.deadline is not None] if ordered_only else list(rows)


def findings(hazards: list[Hazard]) -> tuple[Finding, ...]:
    return tuple(
        Finding(
            text=h.description,
            basis=h.legal_basis,
            measure=h.measure,
            major=h.level == HazardLevel.MAJOR.value,
            deadline=h.deadline,
            item_id=h.item_id,
        )
        for h in hazards
    )


def photos(s: Session, media: MediaStore, hazards: list[Hazard]) -> tuple[PhotoEntry, ...]:
    from inspector_app.documents.photos_for_print import downscale_for_print

    entries = []
    for n, hazard in enumerate(hazards, start=1):
        rows = s.exec(select(Photo).where(Photo.hazard_id == hazard.id).order_by(col(Photo.created_at))).all()
        for photo in rows:
            if media.verify(photo.derived_sha256) is not None:
                continue
            gps = (photo.gps_lat, photo.gps_lon) if photo.gps_lat is not None and photo.gps_lon is not None else None
            entries.append(
                PhotoEntry(
                    jpeg=downscale_for_print(media.read(photo.derived_sha256)),
                    caption=photo.caption or hazard.description[:40],
                    finding_no=n,
                    taken_at=photo.taken_at,
                    gps=gps,
                    added_by=photo.added_by,
                    sha256=photo.sha256,
                )
            )
    return tuple(entries)


def base(
    s: Session, media: MediaStore, inspection: Inspection, kind: DocumentKind, number: str, issued_on: date
) -> DocumentData:
    """What every kind of document prints; `build` adds what its kind prints besides."""
    conf = settings(s)
    enterprise_sig = _latest_signatures(s, inspection.id).get((SignerRole.ENTERPRISE.value, None))
    return DocumentData(
        kind=kind.value,
        number=number,
        authority=conf.get("authority", ""),
        header=f"{conf.get('authority', '')}安全生产行政执法文书",
        party=party(s, inspection),
        officers=officers(s, media, inspection.id),
        inspection_started=inspection.started_at,
        inspection_ended=inspection.ended_at,
        place=inspection.place,
        issued_on=issued_on,
        remedy_government=conf.get("remedy_government", ""),
        remedy_court=conf.get("remedy_court", ""),
        enterprise_signer=enterprise_sig.signer_name if enterprise_sig else "",
        enterprise_signature_png=_png(media, enterprise_sig),
    )


def prior_decision(s: Session, inspection_id: str) -> Document | None:
    """The latest 指令书 or 决定书 of the inspection, which a 复查意见书 must name."""
    kinds = [DocumentKind.RECTIFICATION_ORDER.value, DocumentKind.ONSITE_DECISION.value]
    return s.exec(
        select(Document)
        .where(Document.inspection_id == inspection_id, col(Document.kind).in_(kinds))
        .order_by(col(Document.issued_at).desc())
    ).first()


def review_findings(s: Session, hazards: list[Hazard], since: datetime) -> tuple[Finding, ...]:
    out = []
    for h in hazards:
        events = events_in_order(s.exec(select(HazardEvent).where(HazardEvent.hazard_id == h.id)))
        reviewed = [
            e
            for e in events
            if e.to_status in (HazardStatus.CLOSED.value, HazardStatus.REVIEW_FAILED.value) and e.at >= since
        ]
        result, note = "", ""
        if reviewed:
            last = reviewed[-1]
            result = "passed" if last.to_status == HazardStatus.CLOSED.value else "failed"
            note = last.note
        out.append(
            Finding(
                text=h.description,
                basis=h.legal_basis,
                measure=h.measure,
                major=h.level == HazardLevel.MAJOR.value,
                deadline=h.deadline,
                item_id=h.item_id,
                review=result,
                review_note=note,
            )
        )
    return tuple(out)


def prior(doc: Document) -> PriorDecision:
    return PriorDecision(DocumentKind(doc.kind).label, doc.number, local_date(doc.issued_at))


def build(
    s: Session,
    media: MediaStore,
    inspection: Inspection,
    kind: DocumentKind,
    number: str,
    issued_on: date,
    *,
    decisions: tuple[str, ...] = (),
    supersedes: Document | None = None,
    reason: str = "",
) -> DocumentData:
    from inspector_app.services import document_competence  # it builds on this module's helpers

    if kind in document_competence.KINDS:
        return document_competence.build_data(
            s, media, inspection, kind, number, issued_on, supersedes=supersedes, reason=reason
        )
    data = base(s, media, inspection, kind, number, issued_on)
    if kind == DocumentKind.INSPECTION_RECORD:
        hazards = hazards_of(s, inspection.id, ordered_only=False)
        data = replace(data, summary=inspection.summary, findings=findings(hazards))
    elif kind == DocumentKind.RECTIFICATION_ORDER:
        hazards = hazards_of(s, inspection.id, ordered_only=True)
        deadlines = {h.deadline for h in hazards}
        data = replace(
            data,
            findings=findings(hazards),
            photos=photos(s, media, hazards),
            deadline=deadlines.pop() if len(deadlines) == 1 else None,
        )
    elif kind == DocumentKind.ONSITE_DECISION:
        hazards = [h for h in hazards_of(s, inspection.id, ordered_only=False) if h.level == HazardLevel.MAJOR.value]
        data = replace(
            data,
            findings=findings(hazards),
            photos=photos(s, media, hazards),
            decisions=decisions or ONSITE_DECISIONS,
            decision_basis=ONSITE_BASIS,
        )
    elif kind == DocumentKind.REVIEW_OPINION:
        previous = prior_decision(s, inspection.id)
        assert previous is not None
        hazards = hazards_of(s, inspection.id, ordered_only=previous.kind == DocumentKind.RECTIFICATION_ORDER.value)
        if previous.kind == DocumentKind.ONSITE_DECISION.value:
            hazards = [h for h in hazards if h.level == HazardLevel.MAJOR.value]
        data = replace(
            data,
            findings=review_findings(s, hazards, previous.issued_at),
            prior=prior(previous),
            photos=photos(s, media, hazards),
        )
    if supersedes is not None:
        data = replace(data, supersedes_number=supersedes.number, correction_reason=reason)
    return data
