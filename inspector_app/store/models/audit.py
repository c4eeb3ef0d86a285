from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from inspector_app.store.types import UTCDateTime, new_id, utcnow


class AuditEvent(SQLModel, table=True):
    """One link of the hash chain: who changed what, and the hash of the record as it then was."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    seq: int = Field(unique=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(default="", max_length=100)
    action: str = Field(max_length=16)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=80, index=True)
    content_hash: str | None = Field(default=None, max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    origin_device_id: str | None = Field(default=None, max_length=36)
