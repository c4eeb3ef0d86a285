"""Start an inspection, record checklist answers, complete (lock) it, and correct it afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from inspector_app.domain import inspection_rules as rules
from inspector_app.domain.enums import InspectionStatus, Outcome
from inspector_app.domain.errors import NotFoundError, ValidationError
from inspector_app.forms.templates import Template
from inspector_app.services import templates
from inspector_app.services.context import App
from inspector_app.store.models import (
    Enterprise,
    FormTemplate,
    Inspection,
    InspectionInspector,
    Inspector,
    ItemResult,
    ResultCorrection,
)
from inspector_app.store.types import utcnow


def load_inspection(s: Session, inspection_id: str) -> Inspection:
    row = s.get(Inspection, inspection_id)
    if row is None:
        raise NotFoundError(f"找不到检查记录：{inspection_id}")
    return row


def template_of(s: Session, inspection: Inspection) -> Template:
    row = s.get(FormTemplate, inspection.template_id)
    assert row is not None  # foreign key
    return templates.pinned(row)


def start_inspection(
    app: App,
    enterprise_id: str,
    inspector_ids: Sequence[str],
    *,
    place: str = "",
    purpose: str = "",
    started_at: datetime | None = None,
    template_code: str | None = None,
    id: str | None = None,
) -> Inspection:
    with app.write() as s:
        enterprise = s.get(Enterprise, enterprise_id)
        if enterprise is None:
            raise NotFoundError(f"找不到企业：{enterprise_id}")
        inspectors = []
        for iid in dict.fromkeys(inspector_ids):
            inspector = s.get(Inspector, iid)
            if inspector is None:
                raise NotFoundError(f"找不到执法人员：{iid}")
            inspectors.append(inspector)
        rules.check_inspectors([rules.InspectorRef(i.name, i.cert_no) for i in inspectors])
        if template_code:
            form = next((t for t in templates.refresh_rows(s, app.device_id) if t.code == template_code), None)
            if form is None:
                raise NotFoundError(f"没有检查表模板：{template_code}")
        else:
            form = templates.for_sector(s, enterprise.sector, app.device_id)
        row = Inspection(
            enterprise_id=enterprise.id,
            template_id=form.id,
            place=place.strip() or enterprise.address,
            purpose=purpose.strip(),
            started_at=started_at or utcnow(),
            origin_device_id=app.device_id,
        )
        if id:
            row.id = id
        s.add(row)
        s.flush()
        for pos, inspector in enumerate(inspectors):
            s.add(InspectionInspector(inspection_id=row.id, inspector_id=inspector.id, position=pos))
    return row


def record_result(app: App, inspection_id: str, item_id: str, outcome: Outcome, note: str | None = None) -> ItemResult:
    """Save one answer as it happens; repeated saves of the same answer write nothing."""
    with app.write() as s:
        inspection = load_inspection(s, inspection_id)
        rules.check_editable(InspectionStatus(inspection.status))
        template_of(s, inspection).item(item_id)
        row = s.exec(
            select(ItemResult).where(ItemResult.inspection_id == inspection_id, ItemResult.item_id == item_id)
        ).first()
        if row is None:
            row = ItemResult(inspection_id=inspection_id, item_id=item_id, origin_device_id=app.device_id)
        if row.outcome != outcome.value:
            row.outcome = outcome.value
        if note is not None and row.note != note:
            row.note = note
        s.add(row)
    return row


def results(app: App, inspection_id: str) -> dict[str, ItemResult]:
    """Answers as recorded at completion, with later corrections applied on top."""
    with app.read() as s:
        return effective_results(s, inspection_id)


def effective_results(s: Session, inspection_id: str) -> dict[str, ItemResult]:
    found = {r.item_id: r for r in s.exec(select(ItemResult).where(ItemResult.inspection_id == inspection_id))}
    corrections = s.exec(
        select(ResultCorrection)
        .where(ResultCorrection.inspection_id == inspection_id)
        .order_by(col(ResultCorrection.created_at))
    )
    for c in corrections:
        base = found.get(c.item_id)
        shown = ItemResult(
            id=base.id if base else c.id,
            inspection_id=inspection_id,
            item_id=c.item_id,
            outcome=c.new_outcome,
            note=c.new_note,
        )
        found[c.item_id] = shown
    return found


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    failed: int


def progress(app: App, inspection_id: str) -> Progress:
    with app.read() as s:
        template = template_of(s, load_inspection(s, inspection_id))
        answers = effective_results(s, inspection_id)
    answered = sum(1 for r in answers.values() if r.outcome != Outcome.UNCHECKED)
    failed = sum(1 for r in answers.values() if r.outcome == Outcome.FAIL)
    return Progress(answered, len(template.items), failed)


def complete_inspection(
    app: App, inspection_id: str, *, summary: str | None = None, ended_at: datetime | None = None
) -> Inspection:
    """Lock the results. From now on a change is a correction with a reason, not an edit."""
    with app.write() as s:
        inspection = load_inspection(s, inspection_id)
        rules.check_editable(InspectionStatus(inspection.status))
        answered = s.exec(
            select(ItemResult).where(
                ItemResult.inspection_id == inspection_id, ItemResult.outcome != Outcome.UNCHECKED.value
            )
        ).first()
        if answered is None:
            raise ValidationError("还没有记录任何检查项结果，不能完成检查")
        end = ended_at or utcnow()
        if end < inspection.started_at:
            raise ValidationError("检查结束时间不能早于开始时间")
        inspection.status = InspectionStatus.COMPLETED.value
        inspection.ended_at = end
        inspection.completed_at = utcnow()
        if summary is not None:
            inspection.summary = summary.strip()
        s.add(inspection)
    return inspection


def correct_result(
    app: App, inspection_id: str, item_id: str, outcome: Outcome, reason: str, note: str | None = None
) -> ResultCorrection:
    why = rules.check_correction_reason(reason)
    with app.write() as s:
        inspection = load_inspection(s, inspection_id)
        if inspection.status != InspectionStatus.COMPLETED.value:
            raise ValidationError("检查尚未完成，可直接修改结果，无需更正")
        template_of(s, inspection).item(item_id)
        current = effective_results(s, inspection_id).get(item_id)
        old_outcome = current.outcome if current else Outcome.UNCHECKED.value
        old_note = current.note if current else ""
        row = ResultCorrection(
            inspection_id=inspection_id,
            item_id=item_id,
            old_outcome=old_outcome,
            new_outcome=outcome.value,
            old_note=old_note,
            new_note=old_note if note is None else note,
            reason=why,
            actor=app.actor,
            origin_device_id=app.device_id,
        )
        s.add(row)
    return row


def get_inspection(app: App, inspection_id: str) -> Inspection:
    with app.read() as s:
        return load_inspection(s, inspection_id)


def inspectors_of(app: App, inspection_id: str) -> list[Inspector]:
    with app.read() as s:
        rows = s.exec(
            select(Inspector)
            .join(InspectionInspector, col(InspectionInspector.inspector_id) == Inspector.id)
            .where(InspectionInspector.inspection_id == inspection_id)
            .order_by(col(InspectionInspector.position))
        )
        return list(rows)


def template_for(app: App, inspection_id: str) -> Template:
    with app.read() as s:
        return template_of(s, load_inspection(s, inspection_id))
