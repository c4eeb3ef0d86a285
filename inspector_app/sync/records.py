"""Rows to JSON and back, column by column, so a record arrives exactly as it left."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer
from sqlalchemy import inspect as sa_inspect
from sqlmodel import SQLModel

from inspector_app.audit.canonical import record_dict
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


def to_json(obj: SQLModel) -> dict[str, Any]:
    data = record_dict(obj)
    for col in sa_inspect(type(obj)).columns:
        if isinstance(col.type, Float) and data.get(col.key) is not None:
            data[col.key] = float(data[col.key])
    return data


def from_json(model: type[SQLModel], data: dict[str, Any]) -> SQLModel:
    """A new (transient) instance; every column must be present with a value of the right type."""
    values: dict[str, Any] = {}
    for col in sa_inspect(model).columns:
        if col.key not in data:
            raise RecordError(f"{model.__tablename__}: 缺少字段 {col.key}")  # type: ignore[attr-defined]
        values[col.key] = _convert(col, data[col.key])
    unknown = set(data) - set(values)
    if unknown:
        raise RecordError(f"{model.__tablename__}: 未知字段 {sorted(unknown)[0]}")  # type: ignore[attr-defined]
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
        raise RecordError(f"{model.__tablename__}: 主键格式不对")  # type: ignore[attr-defined]
    return parts[0] if len(parts) == 1 else parts
