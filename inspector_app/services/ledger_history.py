"""What the ledger prints beside each hazard, as it stood at a moment.

A monthly ledger states each hazard's status as at the month's last moment, not as on the day it is exported:
the status, deadline and 销号 date are replayed from the hazard's append-only HazardEvent history. The 文书文号
column lists the documents issued on the hazard's inspection by then (a correction replaces what it
corrects), and 检查人员 the inspectors of the inspection that found it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from inspector_app.domain.enums import DocumentKind, HazardStatus
from inspector_app.domain.hazard_lifecycle import events_in_order
from inspector_app.store.models import Document, HazardEvent, InspectionInspector, Inspector

_EV = HazardEvent.__table__  # type: ignore[attr-defined]
_DOC = Document.__table__  # type: ignore[attr-defined]
_II = InspectionInspector.__table__  # type: ignore[attr-defined]
_INS = Inspector.__table__  # type: ignore[attr-defined]
_IN_CHUNK = 500  # parameters per IN (...)
# The 现场检查记录 records the visit; the ledger names the documents that ordered, decided or reviewed.
_NOT_LISTED = {DocumentKind.INSPECTION_RECORD.value}


Row = Any  # a SQLAlchemy result row


@dataclass(frozen=True)
class HazardState:
    status: str
    deadline: date | None
    closed_at: datetime | None


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield list(values[start : start + _IN_CHUNK])


def states_at(conn: Connection, hazard_ids: Sequence[str], moment: datetime) -> dict[str, HazardState]:
    """Each hazard's state just before `moment`, from its events. A hazard with no events at all (a record
    written by an older version) is left out: its stored state is all there is."""
    events: dict[str, list[Row]] = defaultdict(list)
    for chunk in _chunks(hazard_ids):
        stmt = select(_EV.c.id, _EV.c.hazard_id, _EV.c.at, _EV.c.from_status, _EV.c.to_status, _EV.c.deadline)
        for row in conn.execute(stmt.where(_EV.c.hazard_id.in_(chunk))):
            events[row.hazard_id].append(row)
    states: dict[str, HazardState] = {}
    for hazard_id, rows in events.items():
        status, deadline, closed = HazardStatus.REGISTERED.value, None, None
        for event in events_in_order(rows):
            if event.at >= moment:
                break
            status = event.to_status
            if event.to_status == HazardStatus.ORDERED.value and event.deadline is not None:
                deadline = event.deadline
            closed = event.at if event.to_status == HazardStatus.CLOSED.value else None
        states[hazard_id] = HazardState(status, deadline, closed)
    return states


def documents_by_hazard(
    conn: Connection, hazards: Sequence[tuple[str, str]], moment: datetime | None
) -> dict[str, list[str]]:
    """文号 per hazard id, oldest first: the documents issued on each (hazard id, inspection id) pair's
    inspection before `moment` (any time when None) that no correction issued by then replaced."""
    inspections = sorted({inspection for _h, inspection in hazards})
    docs: dict[str, list[Row]] = defaultdict(list)
    for chunk in _chunks(inspections):
        columns = ("id", "number", "kind", "inspection_id", "issued_at", "supersedes_id", "payload")
        stmt = select(*(_DOC.c[name] for name in columns)).where(_DOC.c.inspection_id.in_(chunk))
        for row in conn.execute(stmt):
            if row.kind in _NOT_LISTED or (moment is not None and row.issued_at >= moment):
                continue
            docs[row.inspection_id].append(row)
    out: dict[str, list[str]] = {}
    for hazard_id, inspection_id in hazards:
        issued = docs.get(inspection_id, [])
        replaced = {d.supersedes_id for d in issued if d.supersedes_id}
        current = sorted((d for d in issued if d.id not in replaced), key=lambda d: (d.issued_at, d.number))
        out[hazard_id] = [d.number for d in current if _names_hazard(d.payload, hazard_id)]
    return out


def _names_hazard(payload: str, hazard_id: str) -> bool:
    """A document that records which hazards it covers (payload "hazards", since schema 0004) is listed only for
    those."""
    if '"hazards"' not in payload:
        return True
    try:
        listed = json.loads(payload).get("hazards")
    except (ValueError, AttributeError):
        return True
    return not isinstance(listed, list) or hazard_id in listed


def inspectors_by_inspection(conn: Connection, inspection_ids: Iterable[str]) -> dict[str, list[str]]:
    """The inspectors' names per inspection, in the order the inspection lists them."""
    names: dict[str, list[str]] = defaultdict(list)
    wanted = sorted(set(inspection_ids))
    for chunk in _chunks(wanted):
        stmt = (
            select(_II.c.inspection_id, _INS.c.name)
            .select_from(_II.join(_INS, _INS.c.id == _II.c.inspector_id))
            .where(_II.c.inspection_id.in_(chunk))
            .order_by(_II.c.inspection_id, _II.c.position)
        )
        for inspection_id, name in conn.execute(stmt):
            names[inspection_id].append(name)
    return names
