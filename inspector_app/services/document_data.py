"""Gather what a document prints from the database into plain DocumentData (no layout here).

What is printed is the legal truth of the day the document is issued: who was there, what was found (the
violation fact, the duty it breaks and the article the order rests on), what is still open, and the photos
that prove it. The per-kind choices (which hazards, which reviews) live in document_kinds.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlmodel import Session, col, select

from inspector_app.documents.data import DocumentData, Officer, Party, PhotoEntry, Refusal
from inspector_app.domain.enums import DocumentKind, SignerRole
from inspector_app.evidence.media_store import MediaStore
from inspector_app.services.photos import STAGE_AFTER
from inspector_app.services.timeutil import local_date
from inspector_app.store.models import (
    Document,
    Enterprise,
    Hazard,
    Inspection,
    InspectionInspector,
    Inspector,
    Photo,
    Setting,
    Signature,
)


def settings(s: Session) -> dict[str, str]:
    return {row.key: row.value for row in s.exec(select(Setting))}


def party(s: Session, inspection: Inspection) -> Party:
    ent = s.get(Enterprise, inspection.enterprise_id)
    assert ent is not None
    return Party(
        ent.name,
        ent.credit_code,
        ent.address,
        ent.legal_representative,
        ent.contact_person,
        ent.contact_phone,
        representative_title=ent.representative_title,
    )


def officers(s: Session, media: MediaStore, inspection_id: str, day: date | None = None) -> tuple[Officer, ...]:
    rows = s.exec(
        select(Inspector)
        .join(InspectionInspector, col(InspectionInspector.inspector_id) == Inspector.id)
        .where(InspectionInspector.inspection_id == inspection_id)
        .order_by(col(InspectionInspector.position))
    ).all()
    signed = latest_signatures(s, inspection_id, day)
    return tuple(Officer(i.name, i.cert_no, _png(media, signed.get((SignerRole.INSPECTOR.value, i.id)))) for i in rows)


def officers_by_id(s: Session, ids: list[str]) -> tuple[Officer, ...]:
    """Officers named by id (those who did a 复查): they sign the paper by hand, so no captured signature."""
    out = []
    for inspector_id in ids:
        row = s.get(Inspector, inspector_id)
        if row is not None:
            out.append(Officer(row.name, row.cert_no, None))
    return tuple(out)


def latest_signatures(
    s: Session, inspection_id: str, day: date | None = None
) -> dict[tuple[str, str | None], Signature]:
    """The latest signature (or refusal) per signer; with `day`, only those given that day: a signature made at
    the visit belongs on the papers of that day, and a document issued later is signed when it is served."""
    latest: dict[tuple[str, str | None], Signature] = {}
    for sig in s.exec(
        select(Signature)
        .where(Signature.inspection_id == inspection_id)
        .order_by(col(Signature.signed_at), col(Signature.created_at))
    ):
        if day is None or local_date(sig.signed_at) == day:
            latest[(sig.role, sig.inspector_id)] = sig
    return latest


def _png(media: MediaStore, sig: Signature | None) -> bytes | None:
    if sig is None or not sig.sha256 or media.verify(sig.sha256) is not None:
        return None
    return media.read(sig.sha256)


def refusal(sig: Signature | None) -> Refusal | None:
    from inspector_app.services.signatures import refusal_of

    details = refusal_of(sig) if sig is not None else None
    if sig is None or details is None:
        return None
    return Refusal(sig.signer_name, sig.signer_title, sig.signed_at, details["witness"], details["recording"])


def photo_rows(s: Session, hazard: Hazard) -> list[Photo]:
    """The hazard's photos and those taken on the checklist item it was raised from (same inspection)."""
    rows = list(s.exec(select(Photo).where(Photo.hazard_id == hazard.id)))
    if hazard.item_id is not None:
        rows += s.exec(
            select(Photo).where(
                Photo.inspection_id == hazard.inspection_id,
                Photo.item_id == hazard.item_id,
                col(Photo.hazard_id).is_(None),
            )
        )
    seen: set[str] = set()
    unique = []
    for row in sorted(rows, key=lambda p: (p.created_at, p.id)):
        if row.sha256 not in seen:
            seen.add(row.sha256)
            unique.append(row)
    return unique


def photos(
    s: Session, media: MediaStore, hazards: list[Hazard], place: str, *, stages: tuple[str, ...] = ("",)
) -> tuple[PhotoEntry, ...]:
    """Photos for the appendix, numbered by finding. `stages`: "" (at the visit) and/or "after" (at a 复查)."""
    from inspector_app.documents.photos_for_print import downscale_for_print

    entries = []
    for n, hazard in enumerate(hazards, start=1):
        for photo in photo_rows(s, hazard):
            if photo.stage not in stages or media.verify(photo.derived_sha256) is not None:
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
                    taken_by=photo.taken_by,
                    place=hazard.location or place,
                    stage=("after" if photo.stage == STAGE_AFTER else "before") if len(stages) > 1 else "",
                )
            )
    return tuple(entries)


def base(
    s: Session, media: MediaStore, inspection: Inspection, kind: DocumentKind, number: str, issued_on: date
) -> DocumentData:
    """What every kind of document prints; `build` adds what its kind prints besides."""
    conf = settings(s)
    enterprise_sig = latest_signatures(s, inspection.id, issued_on).get((SignerRole.ENTERPRISE.value, None))
    refused = refusal(enterprise_sig)
    return DocumentData(
        kind=kind.value,
        number=number,
        authority=conf.get("authority", ""),
        header=f"{conf.get('authority', '')}安全生产行政执法文书",
        party=party(s, inspection),
        officers=officers(s, media, inspection.id, issued_on),
        inspection_started=inspection.started_at,
        inspection_ended=inspection.ended_at,
        place=inspection.place,
        issued_on=issued_on,
        remedy_government=conf.get("remedy_government", ""),
        remedy_court=conf.get("remedy_court", ""),
        enterprise_signer=enterprise_sig.signer_name if enterprise_sig else "",
        enterprise_signature_png=None if refused else _png(media, enterprise_sig),
        enterprise_signer_title=enterprise_sig.signer_title if enterprise_sig else "",
        refusal=refused,
    )


def visit_day(inspection: Inspection) -> date:
    """The 现场检查记录 is dated the day of the visit, whenever it is printed."""
    return local_date(inspection.ended_at or inspection.started_at)


def build(
    s: Session,
    media: MediaStore,
    inspection: Inspection,
    kind: DocumentKind,
    number: str,
    issued_at: datetime,
    *,
    supersedes: Document | None = None,
    reason: str = "",
) -> tuple[DocumentData, list[str]]:
    """The document's data and the ids of the hazards it lists (kept with the document, so that a 复查意见书
    reviews exactly what its 指令书 or 决定书 ordered)."""
    from inspector_app.services import document_kinds

    day = visit_day(inspection) if kind == DocumentKind.INSPECTION_RECORD else local_date(issued_at)
    data = base(s, media, inspection, kind, number, day)
    data, hazard_ids = document_kinds.fill(s, media, inspection, kind, data)
    if supersedes is not None:
        data = replace(data, supersedes_number=supersedes.number, correction_reason=reason)
    return data, hazard_ids
