"""Recompute the chain and compare every audited record with the hash it had when last written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar, cast

from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from inspector_app.audit.canonical import content_hash, primary_key
from inspector_app.audit.trail import GENESIS, hash_of
from inspector_app.store.models import AuditEvent

# Batch size for streaming large tables through check without holding them in memory at once.
_CHUNK = 5000

_Row = TypeVar("_Row", bound=SQLModel)


def audited_tables() -> list[type[SQLModel]]:
    return [mapper.class_ for mapper in SQLModel._sa_registry.mappers if mapper.class_ is not AuditEvent]


def verify_chain(session: Session) -> tuple[list[str], dict[tuple[str, str], str | None]]:
    """Problems with the chain itself, and the last audited hash of every (table, id)."""
    problems: list[str] = []
    latest: dict[tuple[str, str], str | None] = {}
    expected_seq, prev = 1, GENESIS
    for ev in _stream(session, select(AuditEvent).order_by(col(AuditEvent.seq))):
        if ev.seq != expected_seq:
            problems.append(f"审计链缺失：第 {expected_seq - 1} 条之后直接出现第 {ev.seq} 条（有事件被删除）")
        if ev.prev_hash != prev:
            problems.append(f"审计链断裂：第 {ev.seq} 条与前一条不衔接（事件被删除或改动）")
        if hash_of(ev) != ev.hash:
            problems.append(f"审计事件被改动：第 {ev.seq} 条（{ev.entity} {ev.entity_id}）")
        latest[(ev.entity, ev.entity_id)] = ev.content_hash
        expected_seq, prev = ev.seq + 1, ev.hash
    return problems, latest


def verify_records(session: Session, latest: dict[tuple[str, str], str | None]) -> list[str]:
    """Each row against its last audited hash: an edit made outside the app shows up here."""
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for model in audited_tables():
        table = _table_name(model)
        for obj in _stream(session, select(model)):
            key = (table, primary_key(obj))
            seen.add(key)
            if key not in latest:
                problems.append(f"记录未经本程序写入（无审计记录）：{table} {key[1]}")
            elif latest[key] is None:
                problems.append(f"已删除的记录又出现了：{table} {key[1]}")
            elif latest[key] != content_hash(obj):
                problems.append(f"记录在程序之外被改动：{table} {key[1]}")
    for key, last in latest.items():
        if last is not None and key not in seen:
            problems.append(f"记录在程序之外被删除：{key[0]} {key[1]}")
    return problems


def _table_name(model: type[SQLModel]) -> str:
    # SQLModel types __tablename__ as str | Callable because the base class declares it with declared_attr; on a
    # mapped table class SQLAlchemy has already resolved it to the table's name.
    return cast(str, model.__tablename__)


def _stream(session: Session, stmt: SelectOfScalar[_Row]) -> Iterator[_Row]:
    for row in session.exec(stmt.execution_options(yield_per=_CHUNK)):
        yield row
        session.expunge(row)
