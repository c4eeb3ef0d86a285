"""Set-at-a-time reads and writes for the merge: a package from a busy device holds hundreds of thousands of
rows, and one ORM round trip per row (look up, add, flush, audit) made a big import take minutes.

Rows are looked up 500 keys at a time and new rows are inserted with executemany; every inserted row still
gets its own link in the audit chain (audit.trail.append_bulk), with the same content hash the flush hook
would have computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlmodel import Session

from inspector_app.audit.canonical import record_hash
from inspector_app.audit.trail import append_bulk
from inspector_app.sync.records import Codec

LOOKUP = 500
INSERT = 2000


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing(session: Session, c: Codec, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The canonical form of each stored row among `keys`, by key."""
    found: dict[str, dict[str, Any]] = {}
    pk = [c.table.c[k] for k in c.pk]
    conn = session.connection()
    for part in chunks(keys, LOOKUP):
        where = pk[0].in_(list(part)) if len(pk) == 1 else tuple_(*pk).in_([tuple(k.split("/")) for k in part])
        for row in conn.execute(select(c.table).where(where)):
            record = c.canonical(row)
            found[c.key(record)] = record
    return found


def column_values(session: Session, c: Codec, column: str, values: Iterable[Any]) -> set[Any]:
    """Which of `values` already occur in `column` (for unique columns such as a document's 文号)."""
    wanted = sorted({v for v in values if v is not None})
    seen: set[Any] = set()
    col = c.table.c[column]
    conn = session.connection()
    for part in chunks(wanted, LOOKUP):
        seen.update(v for (v,) in conn.execute(select(col).where(col.in_(list(part)))))
    return seen


def insert_audited(session: Session, c: Codec, rows: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Insert (values, canonical) pairs and chain one 'create' event per row."""
    if not rows:
        return
    session.flush()  # rows the ORM still holds (parents, say) go in first
    conn = session.connection()
    for part in chunks(rows, INSERT):
        conn.execute(insert(c.table), [values for values, _canonical in part])
    append_bulk(
        session, (("create", c.table.name, c.key(canonical), record_hash(canonical)) for _values, canonical in rows)
    )
