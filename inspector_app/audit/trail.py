"""Every flush appends AuditEvents for what it changes, in the same transaction.

Hooking the session rather than calling a helper from each service means no use case can forget it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, insert
from sqlmodel import Session, col, select

from inspector_app.audit.canonical import canonical_json, content_hash, plain, primary_key, sha256_text
from inspector_app.store.models import AuditEvent, HazardEvent, ResultCorrection, Synced
from inspector_app.store.types import utcnow

GENESIS = "0" * 64
APPEND_ONLY = (AuditEvent, HazardEvent, ResultCorrection)
_STATE_KEY = "audit_chain_tail"
_TRAIL_KEY = "audit_trail"
_BULK = 5000
# Set on a session that applies records from elsewhere: their version and updated_at are kept as they came.
PRESERVE_VERSIONS = "preserve_versions"


def event_hash(
    seq: int, at: str, actor: str, action: str, entity: str, entity_id: str, content: str | None, prev: str
) -> str:
    return sha256_text(canonical_json([seq, at, actor, action, entity, entity_id, content, prev]))


def hash_of(ev: AuditEvent) -> str:
    return event_hash(ev.seq, plain(ev.at), ev.actor, ev.action, ev.entity, ev.entity_id, ev.content_hash, ev.prev_hash)


@dataclass
class Trail:
    actor: str
    device_id: str | None

    def attach(self, session: Session) -> None:
        session.info[_TRAIL_KEY] = self
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_transaction_end", _forget_tail)

    def _before_flush(self, session: Session, _ctx: Any, _instances: Any) -> None:
        now = utcnow()
        changes: list[tuple[str, Any]] = []
        for obj in list(session.new):
            if not isinstance(obj, AuditEvent):
                changes.append(("create", obj))
        for obj in list(session.dirty):
            if isinstance(obj, AuditEvent) or not session.is_modified(obj, include_collections=False):
                continue
            if isinstance(obj, APPEND_ONLY):
                raise RuntimeError(f"{type(obj).__name__} is append-only and cannot be changed")
            if isinstance(obj, Synced) and not session.info.get(PRESERVE_VERSIONS):
                obj.updated_at = now
                obj.version = (obj.version or 0) + 1
            changes.append(("update", obj))
        for obj in list(session.deleted):
            if isinstance(obj, APPEND_ONLY):
                raise RuntimeError(f"{type(obj).__name__} is append-only and cannot be deleted")
            changes.append(("delete", obj))
        if not changes:
            return
        seq, prev = _tail(session)
        for action, obj in changes:
            seq += 1
            ev = AuditEvent(
                seq=seq,
                at=now,
                actor=self.actor,
                action=action,
                entity=type(obj).__tablename__,
                entity_id=primary_key(obj),
                content_hash=None if action == "delete" else content_hash(obj),
                prev_hash=prev,
                hash="",
                origin_device_id=self.device_id,
            )
            ev.hash = hash_of(ev)
            prev = ev.hash
            session.add(ev)
        session.info[_STATE_KEY] = (seq, prev)


def append_bulk(session: Session, changes: Iterable[tuple[str, str, str, str | None]]) -> int:
    """Chain events for rows written with Core statements (action, table, id, content hash), in batches.

    The same links the flush hook would make, at a fraction of the cost for the hundreds of thousands of
    rows a package can bring. Returns how many events were appended.
    """
    trail: Trail = session.info[_TRAIL_KEY]
    session.flush()  # pending ORM changes take their places in the chain first
    seq, prev = _tail(session)
    at = utcnow()
    at_text = plain(at)
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    batch: list[dict[str, Any]] = []
    count = 0
    for action, entity, entity_id, content in changes:
        seq += 1
        digest = event_hash(seq, at_text, trail.actor, action, entity, entity_id, content, prev)
        batch.append(
            {
                "id": str(uuid.uuid4()),
                "seq": seq,
                "at": at,
                "actor": trail.actor,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "content_hash": content,
                "prev_hash": prev,
                "hash": digest,
                "origin_device_id": trail.device_id,
            }
        )
        prev = digest
        count += 1
        if len(batch) >= _BULK:
            session.connection().execute(insert(table), batch)
            batch.clear()
    if batch:
        session.connection().execute(insert(table), batch)
    session.info[_STATE_KEY] = (seq, prev)
    return count


def _tail(session: Session) -> tuple[int, str]:
    cached: tuple[int, str] | None = session.info.get(_STATE_KEY)
    if cached is not None:
        return cached
    with session.no_autoflush:
        stmt = select(col(AuditEvent.seq), col(AuditEvent.hash)).order_by(col(AuditEvent.seq).desc()).limit(1)
        row = session.exec(stmt).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def _forget_tail(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_STATE_KEY, None)
