"""What a restore carries forward from the data it replaces: the audit trail and the document numbers.

A restore puts records back as they were; it does not take back what happened. The audit chain is
append-only, and the bureau may already hold this device's events written after the backup. A restored
database that numbered its next events from the backup's last one would fork the chain, and the bureau would
refuse every later package from this device (two events with the same number). So the events written after
the backup are copied forward unchanged, and for every record they touched whose content the restore changed,
an event with action "restore" records the content it has now. `check` then passes, and the chain the bureau
holds is a prefix of this one.

Document numbers move forward for the same reason: a 文号 once issued is never issued again.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from inspector_app.audit.canonical import content_hash, primary_key
from inspector_app.audit.trail import GENESIS, Trail, hash_of
from inspector_app.audit.verify import audited_tables
from inspector_app.services.backup_files import connect
from inspector_app.services.sync_state import put_setting, setting
from inspector_app.store.db import make_engine, new_session
from inspector_app.store.models import AuditEvent, NumberBlock, Setting
from inspector_app.store.types import utcnow

RESTORE_ACTION = "restore"
BACKUP_ENTITY = "backup"  # the event that says which backup was restored; no table has this name


@dataclass(frozen=True)
class Carried:
    chain_continued: bool  # False when the replaced data could not be read, or is not this backup's future
    events: int  # audit events copied from the replaced data
    reverted: int  # records whose content the restore changed, each with a "restore" event
    numbers: int  # number blocks moved forward


def carry_forward(staged: Path, old: Path | None, *, actor: str, backup_name: str) -> Carried:
    """Write into the staged (restored, upgraded) database, in one transaction, before it replaces the live one."""
    engine = make_engine(f"sqlite:///{staged}", writer=True)
    old_engine = _read_only(old) if old is not None else None
    try:
        with new_session(engine) as s, s.begin():
            device_id = setting(s, "device_id")
            Trail(actor, device_id).attach(s)
            old_events, blocks, counters = _read_old(old_engine, _tail(s))
            events, reverted = _continue_chain(s, old_events, actor, device_id, backup_name)
            numbers = _carry_numbers(s, blocks, counters)
        return Carried(old_events is not None, events, reverted, numbers)
    finally:
        engine.dispose()
        if old_engine is not None:
            old_engine.dispose()


def _read_only(path: Path) -> Engine:
    # Not make_engine: that would switch the copy to WAL mode and leave -wal/-shm files beside it.
    return create_engine("sqlite://", creator=lambda: connect(path))


def _tail(s: Session) -> tuple[int, str]:
    row = s.exec(select(col(AuditEvent.seq), col(AuditEvent.hash)).order_by(col(AuditEvent.seq).desc())).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def _read_old(
    engine: Engine | None, tail: tuple[int, str]
) -> tuple[list[dict[str, Any]] | None, list[dict[str, Any]], dict[str, str]]:
    """The replaced data's events after the backup's last one (None: no continuation), number blocks, counters.

    A damaged copy may fail to read in any part; what cannot be read is not carried."""
    if engine is None:
        return None, [], {}
    events: list[dict[str, Any]] | None = None
    blocks: list[dict[str, Any]] = []
    counters: dict[str, str] = {}
    seq, last_hash = tail
    try:
        with Session(engine) as old:
            anchor = old.exec(select(AuditEvent).where(AuditEvent.seq == seq)).first() if seq else None
            if seq == 0 or (anchor is not None and anchor.hash == last_hash):
                later = select(AuditEvent).where(AuditEvent.seq > seq).order_by(col(AuditEvent.seq))
                events = [ev.model_dump() for ev in old.exec(later)]
    except (DBAPIError, sqlite3.Error):
        events = None
    try:
        with Session(engine) as old:
            blocks = [block.model_dump() for block in old.exec(select(NumberBlock))]
            rows = old.exec(select(Setting).where(col(Setting.key).startswith("sync_seq_out:")))
            counters = {row.key: row.value for row in rows}
    except (DBAPIError, sqlite3.Error):
        pass
    return events, blocks, counters


def _continue_chain(
    s: Session, old_events: list[dict[str, Any]] | None, actor: str, device_id: str, backup_name: str
) -> tuple[int, int]:
    latest: dict[tuple[str, str], str | None] = {}
    for data in old_events or []:
        s.add(AuditEvent(**data))
        latest[(data["entity"], data["entity_id"])] = data["content_hash"]
    s.flush()
    now = _content_now(s, latest)
    seq, prev = _tail(s)
    at = utcnow()
    reverted = 0
    changes: list[tuple[tuple[str, str], str | None]] = [((BACKUP_ENTITY, backup_name[:80]), None)]
    changes += [(key, now.get(key)) for key in sorted(latest) if latest[key] != now.get(key)]
    for (entity, entity_id), content in changes:
        seq += 1
        event = AuditEvent(
            seq=seq,
            at=at,
            actor=actor,
            action=RESTORE_ACTION,
            entity=entity,
            entity_id=entity_id,
            content_hash=content,
            prev_hash=prev,
            hash="",
            origin_device_id=device_id,
        )
        event.hash = hash_of(event)
        prev = event.hash
        s.add(event)
        reverted += entity != BACKUP_ENTITY
    s.flush()
    return len(old_events or []), reverted


def _content_now(s: Session, keys: dict[tuple[str, str], str | None]) -> dict[tuple[str, str], str]:
    """The content hash of every named record as the restored database holds it (absent records are left out)."""
    wanted: dict[str, set[str]] = {}
    for table, record_id in keys:
        wanted.setdefault(table, set()).add(record_id)
    found: dict[tuple[str, str], str] = {}
    for model in audited_tables():
        table = str(model.__tablename__)
        if table not in wanted:
            continue
        for obj in s.exec(select(model)):
            record_id = primary_key(obj)
            if record_id in wanted[table]:
                found[(table, record_id)] = content_hash(obj)
    return found


def _carry_numbers(s: Session, blocks: list[dict[str, Any]], counters: dict[str, str]) -> int:
    moved = 0
    for block in blocks:
        local = s.get(NumberBlock, block["id"])
        if local is None:
            s.add(NumberBlock(**block))
        elif block["next_serial"] > local.next_serial:
            local.next_serial = block["next_serial"]
            s.add(local)
        else:
            continue
        moved += 1
    for key, value in counters.items():
        if _int(value) > _int(setting(s, key, "0")):
            put_setting(s, key, value)
    s.flush()
    return moved


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0
