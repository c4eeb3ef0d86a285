"""Hazards and their closed loop: 发现 → 责令整改 → 复查 → 销号, every step an appended HazardEvent."""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from sqlmodel import Session, col, select

from inspector_app.domain import hazard_lifecycle as life
from inspector_app.domain import inspection_rules as rules
from inspector_app.domain import onsite_measures
from inspector_app.domain.enums import HazardLevel, HazardStatus, InspectionStatus, Outcome
from inspector_app.domain.errors import NotFoundError, StateError, ValidationError
from inspector_app.domain.hazard_lifecycle import events_in_order
from inspector_app.services.context import App
from inspector_app.services.inspections import effective_results, load_inspection, template_of
from inspector_app.services.timeutil import local_date, today
from inspector_app.store.models import Enterprise, Hazard, HazardEvent, Inspection, Inspector
from inspector_app.store.types import utcnow


def _hazard(s: Session, hazard_id: str) -> Hazard:
    row = s.get(Hazard, hazard_id)
    if row is None:
        raise NotFoundError(f"找不到隐患：{hazard_id}")
    return row


def _new_hazard(
    s: Session,
    app: App,
    inspection: Inspection,
    *,
    item_id: str | None,
    description: str,
    level: HazardLevel,
    violates: str,
    grounds: str,
    measure: str,
    deadline: date | None,
    id: str | None,
    found_at: datetime | None = None,
    location: str = "",
) -> Hazard:
    if len(description.strip()) < 4:
        raise ValidationError("请描述隐患的具体情况（部位、现象）")
    if len(location.strip()) > 200:
        raise ValidationError("部位（设备）过长（最多 200 个字）")
    if deadline is not None:
        rules.check_deadline(deadline, local_date(inspection.started_at))
    hazard = Hazard(
        inspection_id=inspection.id,
        enterprise_id=inspection.enterprise_id,
        item_id=item_id,
        description=description.strip(),
        level=level.value,
        legal_basis=grounds.strip(),
        violates=violates.strip(),
        location=" ".join(location.split()),
        measure=measure.strip(),
        deadline=None,
        status=HazardStatus.REGISTERED.value,
        found_at=found_at or utcnow(),
        origin_device_id=app.device_id,
    )
    if id:
        hazard.id = id
    s.add(hazard)
    s.flush()
    _append_event(s, app, hazard, None, HazardStatus.REGISTERED, note="现场检查发现", at=hazard.found_at)
    if deadline is not None:
        _move(s, app, hazard, HazardStatus.ORDERED, deadline=deadline, note="责令限期整改", at=hazard.found_at)
    return hazard


def raise_from_item(
    app: App,
    inspection_id: str,
    item_id: str,
    *,
    description: str | None = None,
    deadline: date | None = None,
    measure: str | None = None,
    level: HazardLevel | None = None,
    id: str | None = None,
    found_at: datetime | None = None,
    location: str = "",
) -> Hazard:
    """A failed checklist item becomes a hazard: the item's violation wording plus the inspector's note is the
    description (editable), and 违反 / 依据 / measure / 重大 come from the template."""
    with app.write() as s:
        inspection = load_inspection(s, inspection_id)
        rules.check_editable(InspectionStatus(inspection.status))
        item = template_of(s, inspection).item(item_id)
        answer = effective_results(s, inspection_id).get(item_id)
        if answer is None or answer.outcome != Outcome.FAIL.value:
            raise ValidationError(f"检查项“{item.text[:20]}…”未判定为不符合，不能据此登记隐患")
        return _new_hazard(
            s,
            app,
            inspection,
            item_id=item_id,
            description=description or suggested_description(item.violation, answer.note),
            level=level or (HazardLevel.MAJOR if item.major else HazardLevel.GENERAL),
            violates=item.violates,
            grounds=item.grounds,
            measure=measure if measure is not None else item.measure,
            deadline=deadline,
            id=id,
            found_at=found_at,
            location=location,
        )


def suggested_description(violation: str, note: str) -> str:
    """The violation fact as the documents print it: the item's violation wording, then what the inspector
    noted (部位, 现象, 数量) — "未设置明显的安全警示标志（2号车间配电箱）"."""
    wording = violation.strip().rstrip("。；;")
    detail = " ".join(note.split()).strip("。；;")
    return f"{wording}（{detail}）" if detail else wording


def raise_free(
    app: App,
    inspection_id: str,
    description: str,
    *,
    statute: str | None = None,
    measure: str | None = None,
    level: HazardLevel = HazardLevel.GENERAL,
    deadline: date | None = None,
    id: str | None = None,
    location: str = "",
    found_at: datetime | None = None,
) -> Hazard:
    """A hazard seen on site that no checklist item covers. It may be registered with its description alone;
    it can be ordered only once it has 违反 and 依据 (chosen from the statute list) and a measure."""
    from inspector_app.forms import statutes

    violates = grounds = ""
    if statute:
        chosen = statutes.get(statute)
        violates, grounds = chosen.violates, chosen.grounds
        measure = chosen.measure if measure is None else measure
    with app.write() as s:
        inspection = load_inspection(s, inspection_id)
        rules.check_editable(InspectionStatus(inspection.status))
        return _new_hazard(
            s,
            app,
            inspection,
            item_id=None,
            description=description,
            level=level,
            violates=violates,
            grounds=grounds,
            measure=measure or "",
            deadline=deadline,
            id=id,
            location=location,
            found_at=found_at,
        )


def move(
    app: App,
    hazard_id: str,
    target: HazardStatus,
    *,
    note: str = "",
    deadline: date | None = None,
    at: datetime | None = None,
) -> Hazard:
    with app.write() as s:
        hazard = _hazard(s, hazard_id)
        inspection = load_inspection(s, hazard.inspection_id)
        if target == HazardStatus.ORDERED and deadline is not None:
            rules.check_deadline(deadline, local_date(inspection.started_at))
        _move(s, app, hazard, target, deadline=deadline, note=note, at=at)
        return hazard


def _move(
    s: Session,
    app: App,
    hazard: Hazard,
    target: HazardStatus,
    *,
    deadline: date | None = None,
    note: str = "",
    at: datetime | None = None,
    officers: list[str] | None = None,
) -> None:
    current = HazardStatus(hazard.status)
    life.check_move(current, target, deadline)
    if target == HazardStatus.ORDERED:
        _check_orderable(hazard)
        if current == HazardStatus.ORDERED:
            _check_deadline_not_issued(s, hazard)
    when = at or utcnow()
    if target == HazardStatus.ORDERED:
        hazard.deadline = deadline
    if target == HazardStatus.CLOSED:
        hazard.closed_at = when
    hazard.status = target.value
    s.add(hazard)
    _append_event(s, app, hazard, current, target, note=note, deadline=deadline, at=when, officers=officers)


def _check_orderable(hazard: Hazard) -> None:
    """An order names the duty violated, the article it rests on and what to do: none of them may be blank."""
    missing = [
        label
        for label, value in (
            ("违反的规定", hazard.violates or hazard.legal_basis),
            ("依据", hazard.legal_basis),
            ("整改措施", hazard.measure),
        )
        if not value.strip()
    ]
    if missing:
        raise ValidationError(
            f"隐患“{hazard.description[:24]}”缺少{'、'.join(missing)}，不能责令整改；请从法条列表中选择依据并填写整改措施"
        )


def _check_deadline_not_issued(s: Session, hazard: Hazard) -> None:
    """A deadline printed in an issued 指令书 is changed by correcting that document, not here."""
    from inspector_app.services.document_kinds import orders_listing

    issued = orders_listing(s, hazard)
    if issued:
        raise StateError(f"该隐患的整改期限已写入{'、'.join(issued)}；如需变更，请更正该文书")


def _append_event(
    s: Session,
    app: App,
    hazard: Hazard,
    from_status: HazardStatus | None,
    to_status: HazardStatus,
    *,
    note: str = "",
    deadline: date | None = None,
    at: datetime | None = None,
    officers: list[str] | None = None,
) -> None:
    s.add(
        HazardEvent(
            hazard_id=hazard.id,
            at=at or utcnow(),
            from_status=from_status.value if from_status else None,
            to_status=to_status.value,
            deadline=deadline,
            note=note.strip(),
            actor=app.actor,
            origin_device_id=app.device_id,
            officers=json.dumps(officers) if officers else "",
        )
    )


def review(
    app: App,
    hazard_id: str,
    passed: bool,
    *,
    note: str = "",
    new_deadline: date | None = None,
    officers: list[str] | None = None,
    at: datetime | None = None,
) -> Hazard:
    """复查: passed closes the hazard (销号); failed records 复查不合格 and, with a new deadline, re-orders it.
    `officers` (ids or 执法证号) are the inspectors who did the 复查; the 整改复查意见书 names them."""
    return review_many(app, [ReviewDecision(hazard_id, passed, note, new_deadline)], officers=officers, at=at)[0]


@dataclass(frozen=True)
class ReviewDecision:
    hazard_id: str
    passed: bool
    note: str = ""
    new_deadline: date | None = None


def review_many(
    app: App, decisions: list[ReviewDecision], *, officers: list[str] | None = None, at: datetime | None = None
) -> list[Hazard]:
    """A whole 复查 visit in one transaction: all results are recorded, or none."""
    when = at or utcnow()
    if when.tzinfo is None or when > utcnow() + timedelta(minutes=5):
        raise ValidationError("复查时间不能晚于现在")
    with app.write() as s:
        ids = _review_officers(s, officers or [])
        return [_review(s, app, d.hazard_id, d.passed, d.note, d.new_deadline, ids, when) for d in decisions]


def _review_officers(s: Session, given: list[str]) -> list[str]:
    """Inspector ids from ids or 执法证号; a 复查 is done by two or more (行政处罚法第四十二条), or names none."""
    ids: list[str] = []
    for key in given:
        key = key.strip()
        found = s.get(Inspector, key) or s.exec(select(Inspector).where(Inspector.cert_no == key)).first()
        if found is None:
            raise ValidationError(f"找不到执法人员：{key}")
        if found.id not in ids:
            ids.append(found.id)
    if len(ids) == 1:
        raise ValidationError("复查须由两名以上执法人员进行，请再选择一名执法人员")
    return ids


def _review(
    s: Session,
    app: App,
    hazard_id: str,
    passed: bool,
    note: str,
    new_deadline: date | None,
    officers: list[str],
    when: datetime,
) -> Hazard:
    hazard = _hazard(s, hazard_id)
    if HazardStatus(hazard.status) not in life.DEADLINE_STATES:
        raise StateError(f"隐患当前为“{HazardStatus(hazard.status).label}”，尚未责令整改，不能复查")
    if when < hazard.found_at:
        raise ValidationError("复查时间不能早于隐患发现时间")
    if passed:
        _move(s, app, hazard, HazardStatus.CLOSED, note=note or "复查合格，予以销号", at=when, officers=officers)
        return hazard
    if new_deadline is not None and new_deadline <= local_date(when):
        raise ValidationError("新的整改期限须晚于复查当日")
    _move(s, app, hazard, HazardStatus.REVIEW_FAILED, note=note or "复查不合格", at=when, officers=officers)
    if new_deadline is not None:
        _move(
            s,
            app,
            hazard,
            HazardStatus.ORDERED,
            deadline=new_deadline,
            note="复查不合格，重新责令整改",
            at=when,
            officers=officers,
        )
    return hazard


def set_onsite_measures(app: App, hazard_id: str, measures: list[str], *, location: str | None = None) -> Hazard:
    """The 现场处理措施 (安全生产法第六十五条第一款第（三）项) the inspector chose for this 重大事故隐患, and the
    部位 / 设备 they apply to: the 现场处理措施决定书 prints exactly these."""
    chosen = onsite_measures.parse(measures)
    with app.write() as s:
        hazard = _hazard(s, hazard_id)
        if hazard.level != HazardLevel.MAJOR.value:
            raise ValidationError("现场处理措施针对重大事故隐患；一般隐患请责令限期整改")
        if HazardStatus(hazard.status) == HazardStatus.CLOSED:
            raise StateError("该隐患已复查合格销号，不能再采取现场处理措施")
        place = hazard.location if location is None else " ".join(location.split())
        if chosen and not place:
            raise ValidationError("请写明现场处理措施针对的部位或设备（如“3号采场”“1号液氨储罐”）")
        if len(place) > 200:
            raise ValidationError("部位（设备）过长（最多 200 个字）")
        hazard.location = place
        hazard.onsite_measures = json.dumps([m.value for m in chosen]) if chosen else ""
        s.add(hazard)
        return hazard


def history(app: App, hazard_id: str) -> list[HazardEvent]:
    with app.read() as s:
        _hazard(s, hazard_id)
        return events_in_order(s.exec(select(HazardEvent).where(HazardEvent.hazard_id == hazard_id)))


def get_hazard(app: App, hazard_id: str) -> Hazard:
    with app.read() as s:
        return _hazard(s, hazard_id)


@dataclass(frozen=True)
class DueItem:
    hazard: Hazard
    enterprise_name: str
    township: str
    days_left: int
    overdue: bool


def due_reinspections(
    app: App, *, within_days: int = 7, on: date | None = None, limit: int | None = 500
) -> list[DueItem]:
    """Hazards whose re-inspection is due within `within_days`, overdue first (at most `limit`: a county
    with thousands overdue needs the ledger's filters, not a list on the 今日 page)."""
    day = on or today()
    horizon = day + timedelta(days=within_days)
    # One query per state, merged: each reads ix_hazard_status_deadline in deadline order and stops at `limit`,
    # where one query over all three states had to sort every due hazard first (a second at a million hazards).
    with app.read() as s:
        parts = [
            s.exec(
                select(Hazard, Enterprise.name, Enterprise.township)
                .join(Enterprise, col(Enterprise.id) == Hazard.enterprise_id)
                .where(Hazard.status == state.value, col(Hazard.deadline).is_not(None), col(Hazard.deadline) <= horizon)
                .order_by(col(Hazard.deadline), col(Hazard.id))
                .limit(limit)
            ).all()
            for state in sorted(life.DEADLINE_STATES)
        ]
    rows = list(islice(heapq.merge(*parts, key=lambda row: (row[0].deadline, row[0].id)), limit))
    return [
        DueItem(h, name, town, (h.deadline - day).days, life.is_overdue(HazardStatus(h.status), h.deadline, day))
        for h, name, town in rows
        if h.deadline is not None
    ]


def open_for_review(app: App, enterprise_id: str) -> list[Hazard]:
    """The enterprise's hazards whose rectification is running: what a 复查 visit looks at."""
    states = [st.value for st in life.DEADLINE_STATES]
    with app.read() as s:
        return list(
            s.exec(
                select(Hazard)
                .where(Hazard.enterprise_id == enterprise_id, col(Hazard.status).in_(states))
                .order_by(col(Hazard.deadline))
            )
        )


def found_in(s: Session, inspection_id: str) -> list[Hazard]:
    """The inspection's hazards in the order they were found, then recorded: the 第N项 of its documents."""
    return list(
        s.exec(
            select(Hazard)
            .where(Hazard.inspection_id == inspection_id)
            .order_by(col(Hazard.found_at), col(Hazard.created_at), col(Hazard.id))
        )
    )


def of_inspection(app: App, inspection_id: str) -> list[Hazard]:
    with app.read() as s:
        return found_in(s, inspection_id)
