"""双随机 sampling at the bureau: draw enterprises and inspector pairs, keep the seed and every input so anyone
can re-run the draw, and turn the picks into tasks that travel to the devices."""

from __future__ import annotations

import json
import secrets
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from inspector_app.domain import sampling as rules
from inspector_app.domain.enums import Role, Sector
from inspector_app.domain.errors import NotFoundError, StateError, ValidationError
from inspector_app.domain.sampling import EnterpriseRef, InspectorRef, Pick
from inspector_app.services.context import App
from inspector_app.store.models import Enterprise, Inspector, Sampling, Task

MAX_SEED_LENGTH = 64  # Sampling.seed column


def sample(
    app: App,
    sector: str,
    count: int,
    seed: str | None = None,
    exclude_own_township: bool = True,
    due_on: date | None = None,
) -> Sampling:
    """Draw `count` enterprises of `sector` from today's registry and every active inspector; store the draw
    and one open task per pick, all in one transaction."""
    if app.role != Role.BUREAU:
        raise StateError("双随机抽取只能在应急管理局（bureau）的数据文件夹中进行；执法终端接收局里下发的检查任务")
    sector_code = Sector.parse(sector.strip()).value
    seed = secrets.token_hex(16) if seed is None else seed.strip()
    if not seed or len(seed) > MAX_SEED_LENGTH:
        raise ValidationError(f"抽取种子应为1至{MAX_SEED_LENGTH}个字符")
    with app.write() as s:
        enterprises = [
            EnterpriseRef(e.id, e.township)
            for e in s.exec(select(Enterprise).where(Enterprise.sector == sector_code).order_by(Enterprise.id))
        ]
        if not enterprises:
            raise ValidationError(f"{Sector(sector_code).label}行业尚未登记企业，无法抽取")
        inspectors = [
            InspectorRef(i.id, i.township)
            for i in s.exec(select(Inspector).where(col(Inspector.active).is_(True)).order_by(Inspector.id))
        ]
        enterprises.sort(key=lambda e: e.id)  # the stored inputs are sorted as draw() sorts them
        inspectors.sort(key=lambda i: i.id)
        picks = rules.draw(enterprises, inspectors, count, seed, exclude_own_township)
        inputs = {
            "algorithm": rules.ALGORITHM,
            "sector": sector_code,
            "count": count,
            "exclude_own_township": exclude_own_township,
            "enterprises": [{"id": e.id, "township": e.township} for e in enterprises],
            "inspectors": [{"id": i.id, "township": i.township} for i in inspectors],
        }
        row = Sampling(
            sector=sector_code,
            count=count,
            seed=seed,
            exclude_own_township=exclude_own_township,
            inputs=_dumps(inputs),
            result=_dumps([p.as_dict() for p in picks]),
            drawn_by=app.actor,
            origin_device_id=app.device_id,
        )
        s.add(row)
        s.flush()  # the tasks refer to it
        for pick in picks:
            s.add(
                Task(
                    sampling_id=row.id,
                    enterprise_id=pick.enterprise_id,
                    inspector_ids=_dumps(list(pick.inspector_ids)),
                    due_on=due_on,
                    status="open",
                    origin_device_id=app.device_id,
                )
            )
    return row


def get_sampling(app: App, sampling_id: str) -> Sampling:
    with app.read() as s:
        row = s.get(Sampling, sampling_id)
    if row is None:
        raise NotFoundError(f"找不到抽取记录：{sampling_id}")
    return row


def stored_picks(row: Sampling) -> list[Pick]:
    return [Pick.from_dict(d) for d in json.loads(row.result)]


def rerun(app: App, sampling_id: str) -> list[Pick]:
    """The draw recomputed from the stored seed and inputs — not from today's registry."""
    row = get_sampling(app, sampling_id)
    inputs = json.loads(row.inputs)
    if inputs.get("algorithm") != rules.ALGORITHM:
        raise StateError(
            f"抽取记录 {row.id} 使用的算法“{inputs.get('algorithm')}”不是本程序的“{rules.ALGORITHM}”，无法重算"
        )
    enterprises = [EnterpriseRef(d["id"], d.get("township", "")) for d in inputs["enterprises"]]
    inspectors = [InspectorRef(d["id"], d.get("township", "")) for d in inputs["inspectors"]]
    return rules.draw(enterprises, inspectors, row.count, row.seed, row.exclude_own_township)


def verify(app: App, sampling_id: str) -> bool:
    """True when re-running the draw gives exactly the stored result, and the stored inputs agree with the
    draw's own columns (sector, count, exclusion)."""
    row = get_sampling(app, sampling_id)
    try:
        inputs = json.loads(row.inputs)
        stated = (inputs.get("sector"), inputs.get("count"), inputs.get("exclude_own_township"))
        if stated != (row.sector, row.count, row.exclude_own_township):
            return False
        return rerun(app, sampling_id) == stored_picks(row)
    except (ValidationError, StateError):
        return False
    except (ValueError, KeyError, TypeError, AttributeError):  # inputs or result no longer well-formed JSON
        return False


def list_samplings(app: App) -> list[Sampling]:
    with app.read() as s:
        return list(s.exec(select(Sampling).order_by(col(Sampling.created_at).desc())))


def list_tasks(app: App, device_id: str | None = None) -> list[Task]:
    """Every task; or, for one device, those assigned to it plus those not yet assigned to any device."""
    stmt = select(Task)
    if device_id is not None:
        stmt = stmt.where(or_(col(Task.device_id) == device_id, col(Task.device_id).is_(None)))
    with app.read() as s:
        return list(
            s.exec(stmt.order_by(col(Task.due_on).is_(None), col(Task.due_on), col(Task.created_at), col(Task.id)))
        )


def describe(app: App, sampling_id: str) -> dict[str, Any]:
    """The draw as people read it (and as it is published): names beside the ids."""
    row = get_sampling(app, sampling_id)
    inputs = json.loads(row.inputs)
    picks = stored_picks(row)
    with app.read() as s:
        names = _names(s, picks)
    refs_e = [EnterpriseRef(d["id"], d.get("township", "")) for d in inputs["enterprises"]]
    refs_i = [InspectorRef(d["id"], d.get("township", "")) for d in inputs["inspectors"]]
    return {
        "id": row.id,
        "seed": row.seed,
        "algorithm": inputs.get("algorithm"),
        "sector": row.sector,
        "sector_label": Sector(row.sector).label,
        "count": row.count,
        "exclude_own_township": row.exclude_own_township,
        "drawn_by": row.drawn_by,
        "drawn_at": row.created_at.isoformat(),
        "enterprises_considered": len(refs_e),
        "inspectors_considered": len(refs_i),
        "left_out": len(rules.unstaffable(refs_e, refs_i, row.exclude_own_township)),
        "picks": [_pick_row(p, names) for p in picks],
    }


def task_rows(app: App, device_id: str | None = None) -> list[dict[str, Any]]:
    tasks = list_tasks(app, device_id)
    with app.read() as s:
        picks = [Pick(t.enterprise_id, tuple(json.loads(t.inspector_ids))) for t in tasks]
        names = _names(s, picks)
    rows = []
    for task, pick in zip(tasks, picks, strict=True):
        rows.append(
            {
                "id": task.id,
                "sampling_id": task.sampling_id,
                "device_id": task.device_id,
                "due_on": task.due_on.isoformat() if task.due_on else None,
                "status": task.status,
                "inspection_id": task.inspection_id,
                **_pick_row(pick, names),
            }
        )
    return rows


def _pick_row(pick: Pick, names: dict[str, tuple[str, str]]) -> dict[str, Any]:
    enterprise_name, township = names.get(pick.enterprise_id, (pick.enterprise_id, ""))
    return {
        "enterprise_id": pick.enterprise_id,
        "enterprise_name": enterprise_name,
        "township": township,
        "inspector_ids": list(pick.inspector_ids),
        "inspector_names": [names.get(i, (i, ""))[0] for i in pick.inspector_ids],
    }


def _names(s: Session, picks: list[Pick]) -> dict[str, tuple[str, str]]:
    """id -> (name, township) for the enterprises and inspectors named in the picks."""
    ent_ids = {p.enterprise_id for p in picks}
    ins_ids = {i for p in picks for i in p.inspector_ids}
    out: dict[str, tuple[str, str]] = {}
    if ent_ids:
        for e in s.exec(select(Enterprise).where(col(Enterprise.id).in_(ent_ids))):
            out[e.id] = (e.name, e.township)
    if ins_ids:
        for i in s.exec(select(Inspector).where(col(Inspector.id).in_(ins_ids))):
            out[i.id] = (i.name, i.township)
    return out


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
