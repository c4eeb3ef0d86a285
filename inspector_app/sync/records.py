"""Rows to JSON and back, column by column, so a record arrives exactly as it left."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, Table
from sqlalchemy import inspect as sa_inspect
from sqlmodel import SQLModel

from inspector_app.audit.canonical import plain, record_dict
from inspector_app.store.models import (
    AuditEvent,
    Device,
    Document,
    Enterprise,
    FormTemplate,
    Hazard,
    HazardEvent,
    Inspection,
    InspectionInspector,
    Inspector,
    ItemResult,
    NumberBlock,
    Photo,
    ResultCorrection,
    Sampling,
    Signature,
    Task,
)
from inspector_app.store.models.later import ADDED_LATER, drop_defaults
from inspector_app.store.types import UTCDateTime

# Order matters: a record comes after everything it refers to.
ENTITIES: dict[str, type[SQLModel]] = {
    "device": Device,
    "enterprise": Enterprise,
    "inspector": Inspector,
    "formtemplate": FormTemplate,
    "numberblock": NumberBlock,
    "inspection": Inspection,
    "inspectioninspector": InspectionInspector,
    "itemresult": ItemResult,
    "resultcorrection": ResultCorrection,
    "hazard": Hazard,
    "hazardevent": HazardEvent,
    "photo": Photo,
    "signature": Signature,
    "document": Document,
    "sampling": Sampling,
    "task": Task,
    "auditevent": AuditEvent,
}


class RecordError(ValueError):
    pass


class Codec:
    """One entity's rows as plain tuples: the fast path for packages of hundreds of thousands of records.

    `canonical` gives exactly what audit.canonical.record_dict gives for the same row read through the ORM, so
    content hashes agree whichever path wrote or read a record.
    """

    def __init__(self, model: type[SQLModel]) -> None:
        mapper = sa_inspect(model)
        self.model = model
        self.table: Table = model.__table__  # type: ignore[attr-defined]
        self.columns = list(self.table.columns)
        self.keys = tuple(c.key for c in self.columns)
        if set(self.keys) != {attr.key for attr in mapper.column_attrs}:
            raise TypeError(f"{self.table.name}: column names differ from attribute names")
        self.floats = frozenset(c.key for c in self.columns if isinstance(c.type, Float))
        self.pk = tuple(c.key for c in mapper.primary_key)
        # Columns added after the first release: absent from a record while at their default (store/models/later.py)
        self.later: dict[str, Any] = dict(ADDED_LATER.get(self.table.name, {}))
        # Text columns are most of every record: their check is done inline, the rest go through _convert.
        self._text: dict[str, int] = {
            c.key: getattr(c.type, "length", None) or 2**62
            for c in self.columns
            if not isinstance(c.type, UTCDateTime | Date | Boolean | Integer | Float)
        }

    def canonical(self, row: Sequence[Any]) -> dict[str, Any]:
        record = {key: plain(value) for key, value in zip(self.keys, row, strict=True)}
        return drop_defaults(self.table.name, record) if self.later else record

    def canonical_of_values(self, values: dict[str, Any]) -> dict[str, Any]:
        record = {key: plain(values[key]) for key in self.keys}
        return drop_defaults(self.table.name, record) if self.later else record

    def json_of(self, canonical: dict[str, Any]) -> dict[str, Any]:
        """What to_json gives: the canonical form with floats as numbers again."""
        if not self.floats:
            return canonical
        data = dict(canonical)
        for key in self.floats:
            if data[key] is not None:
                data[key] = float(data[key])
        return data

    def key(self, data: dict[str, Any]) -> str:
        return "/".join(str(data[k]) for k in self.pk)

    def values(self, data: dict[str, Any]) -> dict[str, Any]:
        """Column values parsed from a package record; RecordError names what is wrong."""
        values: dict[str, Any] = {}
        defaulted = 0
        text = self._text
        for col in self.columns:
            key = col.key
            if key not in data:
                if key not in self.later:
                    raise RecordError(f"{self.table.name}: 缺少字段 {key}")
                values[key] = self.later[key]
                defaulted += 1
                continue
            value = data[key]
            if type(value) is str and len(value) <= text.get(key, -1):
                values[key] = value
            else:
                values[key] = _convert(col, value)
        if len(data) + defaulted != len(values):
            unknown = set(data) - set(values)
            raise RecordError(f"{self.table.name}: 未知字段 {sorted(unknown)[0]}")
        for key in self.pk:
            part = values[key]
            if not isinstance(part, str) or not 0 < len(part) <= 80:
                raise RecordError(f"{self.table.name}: 主键格式不对")
        return values


@cache
def codec(model: type[SQLModel]) -> Codec:
    return Codec(model)


def to_json(obj: SQLModel) -> dict[str, Any]:
    data = record_dict(obj)
    for col in sa_inspect(type(obj)).columns:
        if isinstance(col.type, Float) and data.get(col.key) is not None:
            data[col.key] = float(data[col.key])
    return data


def from_json(model: type[SQLModel], data: dict[str, Any]) -> SQLModel:
    """A new (transient) instance; every column must be present with a value of the right type."""
    values = codec(model).values(data)
    obj = model.model_validate(values) if hasattr(model, "model_validate") else model(**values)
    for key, value in values.items():  # validation may coerce; keep exactly what arrived
        setattr(obj, key, value)
    return obj


def _convert(col: Any, value: Any) -> Any:
    if value is None:
        if not col.nullable and not col.primary_key:
            raise RecordError(f"字段 {col.key} 不能为空")
        return None
    kind = col.type
    try:
        if isinstance(kind, UTCDateTime):
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise RecordError(f"字段 {col.key} 缺少时区")
            return moment
        if isinstance(kind, Date):
            return date.fromisoformat(str(value))
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise RecordError(f"字段 {col.key} 应为 true/false")
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int) or not -(2**62) <= value <= 2**62:
                raise RecordError(f"字段 {col.key} 应为合理范围内的整数")
            return value
        if isinstance(kind, Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise RecordError(f"字段 {col.key} 应为数字")
            return float(value)
    except (TypeError, ValueError) as exc:
        raise RecordError(f"字段 {col.key} 的值无效：{exc}") from None
    if not isinstance(value, str):
        raise RecordError(f"字段 {col.key} 应为文本")
    length = getattr(kind, "length", None)
    if length is not None and len(value) > length:
        raise RecordError(f"字段 {col.key} 超长")
    return value


def key_of(model: type[SQLModel], data: dict[str, Any]) -> Any:
    cols = sa_inspect(model).primary_key
    parts = tuple(data.get(c.key) for c in cols)
    if not all(isinstance(p, str) and 0 < len(p) <= 80 for p in parts):
        raise RecordError(f"{model.__tablename__}: 主键格式不对")
    return parts[0] if len(parts) == 1 else parts
