"""Read-only views for the CLI's info and list commands (and later the GUI's lists)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import Select

from inspector_app import bundle
from inspector_app.domain import hazard_lifecycle as life
from inspector_app.domain.enums import HazardLevel, HazardStatus, InspectionStatus, RiskColour, Sector
from inspector_app.services.context import App
from inspector_app.services.timeutil import local_date, to_local, today
from inspector_app.store.migrate import current_revision
from inspector_app.store.models import (
    AuditEvent,
    Document,
    Enterprise,
    FormTemplate,
    Hazard,
    Inspection,
    InspectionInspector,
    Inspector,
    Photo,
)

COUNTED: dict[str, type[SQLModel]] = {
    "enterprises": Enterprise,
    "inspectors": Inspector,
    "templates": FormTemplate,
    "inspections": Inspection,
    "hazards": Hazard,
    "photos": Photo,
    "documents": Document,
    "audit_events": AuditEvent,
}


def _count(s: Session, model: type[SQLModel]) -> int:
    return int(s.exec(select(func.count()).select_from(model)).one())


def info(app: App) -> dict[str, Any]:
    with app.read() as s:
        counts = {name: _count(s, model) for name, model in COUNTED.items()}
    return {
        "schema_version": current_revision(app.reader),
        "role": app.role.value,
        "device_id": app.device_id,
        "data_dir": str(app.data.root),
        "counts": counts,
        "bundle": bundle.describe(),
    }


def _iso(moment: datetime | None) -> str | None:
    local = to_local(moment)
    return local.isoformat(timespec="seconds") if local else None


def list_enterprises(app: App) -> list[dict[str, Any]]:
    with app.read() as s:
        rows = s.exec(select(Enterprise).order_by(Enterprise.township, Enterprise.name)).all()
    return [
        {
            "id": e.id,
            "name": e.name,
            "credit_code": e.credit_code,
            "sector": e.sector,
            "sector_label": Sector(e.sector).label,
            "township": e.township,
            "address": e.address,
            "legal_representative": e.legal_representative,
            "contact_person": e.contact_person,
            "contact_phone": e.contact_phone,
            "risk_colour": RiskColour(e.risk_colour).label,
        }
        for e in rows
    ]


def list_inspections(app: App, enterprise_id: str | None = None, *, status: str | None = None) -> list[dict[str, Any]]:
    scope = []
    if enterprise_id is not None:
        scope.append(Inspection.enterprise_id == enterprise_id)
    if status is not None:
        scope.append(Inspection.status == status)
    # Counts and names only for the inspections listed: at 50,000 inspections the 今日 page lists a handful.
    wanted = select(Inspection.id).where(*scope) if scope else None
    with app.read() as s:
        counts = select(Hazard.inspection_id, func.count()).group_by(Hazard.inspection_id)
        names = (
            select(InspectionInspector.inspection_id, Inspector.name)
            .join(Inspector, col(Inspector.id) == InspectionInspector.inspector_id)
            .order_by(col(InspectionInspector.position))
        )
        if wanted is not None:
            counts = counts.where(col(Hazard.inspection_id).in_(wanted))
            names = names.where(col(InspectionInspector.inspection_id).in_(wanted))
        hazard_counts = dict(s.exec(counts).all())
        inspectors: dict[str, list[str]] = {}
        for iid, name in s.exec(names).all():
            inspectors.setdefault(iid, []).append(name)
        # sqlmodel's select() is typed for at most four columns; the Select it builds takes any number.
        query: Select[Inspection, str, str, str, str] = Select(
            Inspection,
            col(Enterprise.name),
            col(Enterprise.township),
            col(FormTemplate.name),
            col(FormTemplate.template_version),
        )
        stmt = (
            query.join(Enterprise, col(Enterprise.id) == Inspection.enterprise_id)
            .join(FormTemplate, col(FormTemplate.id) == Inspection.template_id)
            .order_by(col(Inspection.started_at).desc())
        )
        if scope:
            stmt = stmt.where(*scope)
        rows = s.exec(stmt).all()
    return [
        {
            "id": i.id,
            "enterprise_id": i.enterprise_id,
            "enterprise_name": ename,
            "township": town,
            "date": local_date(i.started_at).isoformat(),
            "started_at": _iso(i.started_at),
            "ended_at": _iso(i.ended_at),
            "status": i.status,
            "status_label": InspectionStatus(i.status).label,
            "template": f"{tname} v{tver}",
            "inspectors": inspectors.get(i.id, []),
            "hazard_count": hazard_counts.get(i.id, 0),
        }
        for i, ename, town, tname, tver in rows
    ]


def list_hazards(app: App, enterprise_id: str | None = None) -> list[dict[str, Any]]:
    day = today()
    stmt = (
        select(Hazard, Enterprise.name, Enterprise.township, Enterprise.sector)
        .join(Enterprise, col(Enterprise.id) == Hazard.enterprise_id)
        .order_by(col(Hazard.found_at).desc())
    )
    if enterprise_id is not None:
        stmt = stmt.where(Hazard.enterprise_id == enterprise_id)
    with app.read() as s:
        rows = s.exec(stmt).all()
    out = []
    for h, ename, town, sector in rows:
        status = HazardStatus(h.status)
        out.append(
            {
                "id": h.id,
                "enterprise_id": h.enterprise_id,
                "enterprise_name": ename,
                "township": town,
                "sector": sector,
                "inspection_id": h.inspection_id,
                "item_id": h.item_id,
                "description": h.description,
                "level": h.level,
                "level_label": HazardLevel(h.level).label,
                "legal_basis": h.legal_basis,
                "measure": h.measure,
                "deadline": h.deadline.isoformat() if h.deadline else None,
                "status": h.status,
                "status_label": status.label,
                "overdue": life.is_overdue(status, h.deadline, day),
                "found_at": _iso(h.found_at),
                "closed_at": _iso(h.closed_at),
            }
        )
    return out


def list_documents(app: App) -> list[dict[str, Any]]:
    with app.read() as s:
        rows = s.exec(
            select(Document, Enterprise.name)
            .join(Inspection, col(Inspection.id) == Document.inspection_id)
            .join(Enterprise, col(Enterprise.id) == Inspection.enterprise_id)
            .order_by(col(Document.issued_at).desc())
        ).all()
    return [
        {
            "id": d.id,
            "kind": d.kind,
            "number": d.number,
            "inspection_id": d.inspection_id,
            "enterprise_name": ename,
            "issued_at": _iso(d.issued_at),
            "pdf_sha256": d.pdf_sha256,
            "supersedes_id": d.supersedes_id,
        }
        for d, ename in rows
    ]


def drafts(app: App) -> list[dict[str, Any]]:
    """Unfinished inspections, newest first: the 今日 page offers to continue them."""
    return list_inspections(app, status=InspectionStatus.DRAFT.value)


def enterprise_history(app: App, enterprise_id: str) -> dict[str, list[dict[str, Any]]]:
    return {"inspections": list_inspections(app, enterprise_id), "hazards": list_hazards(app, enterprise_id)}
