"""One canonical text for a record, so that the same content always hashes the same everywhere."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect as sa_inspect

from inspector_app.store.models.later import drop_defaults


def plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def record_dict(obj: Any) -> dict[str, Any]:
    """Every mapped column of a record, as JSON-friendly values (a later column at its default left out)."""
    mapper = sa_inspect(obj).mapper
    record = {col.key: plain(getattr(obj, col.key)) for col in mapper.column_attrs}
    return drop_defaults(mapper.local_table.name, record)


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_hash(record: dict[str, Any]) -> str:
    """The hash of a record already in its canonical form (record_dict's output)."""
    return sha256_text(canonical_json(record))


def content_hash(obj: Any) -> str:
    return record_hash(record_dict(obj))


def primary_key(obj: Any) -> str:
    identity = sa_inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in identity)
