"""Sync bookkeeping: packages seen, what the bureau acknowledged, conflicts kept for a person to decide,
other devices' audit chains, and the 双随机 draws with the tasks they produce."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from inspector_app.store.models.base import Synced
from inspector_app.store.types import UTCDateTime, new_id, utcnow


class SyncPackage(SQLModel, table=True):
    """Every package written or applied here: the answer to "did the bureau get my data?"."""

    id: str = Field(primary_key=True, max_length=36)  # the package UUID from its manifest
    direction: str = Field(max_length=8)  # "out" or "in"
    kind: str = Field(max_length=24)
    sender_id: str = Field(max_length=36, index=True)
    receiver_id: str = Field(default="", max_length=36)
    sequence: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)
    processed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    file_sha256: str = Field(default="", max_length=64)
    summary: str = Field(default="", sa_type=Text)  # JSON: counts per entity and outcome
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SyncMark(SQLModel, table=True):
    """A record version sent to the bureau, and when the bureau's receipt said it landed."""

    __table_args__ = (Index("ix_syncmark_record", "entity", "record_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    entity: str = Field(max_length=40)
    record_id: str = Field(max_length=80)
    version: int = Field(default=1)
    package_id: str = Field(max_length=36, index=True)
    acked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SyncConflict(SQLModel, table=True):
    """What could not be merged by rule. Both versions are kept; nothing is dropped."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    package_id: str = Field(max_length=36, index=True)
    entity: str = Field(max_length=40)
    record_id: str = Field(max_length=80)
    reason: str = Field(sa_type=Text)
    local_json: str = Field(default="", sa_type=Text)
    incoming_json: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolution: str = Field(default="", max_length=200)


class ReceivedAuditEvent(SQLModel, table=True):
    """Another device's audit chain, kept as it arrived so its continuity can be checked here."""

    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    id: str = Field(primary_key=True, max_length=36)
    device_id: str = Field(max_length=36, index=True)
    seq: int
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(default="", max_length=100)
    action: str = Field(max_length=16)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=80)
    content_hash: str | None = Field(default=None, max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class Sampling(Synced, table=True):
    """A 双随机 draw: the seed and every input are kept, so anyone can re-run it and get the same result."""

    sector: str = Field(max_length=32)
    count: int
    seed: str = Field(max_length=64)
    exclude_own_township: bool = Field(default=True)
    inputs: str = Field(sa_type=Text)  # JSON: enterprise ids and inspector ids considered, in order
    result: str = Field(sa_type=Text)  # JSON: [{enterprise_id, inspector_ids}]
    drawn_by: str = Field(default="", max_length=100)


class Task(Synced, table=True):
    """An assigned inspection (from a draw or by hand) that travels to the device doing it."""

    sampling_id: str | None = Field(default=None, foreign_key="sampling.id", max_length=36)
    enterprise_id: str = Field(foreign_key="enterprise.id", max_length=36, index=True)
    inspector_ids: str = Field(default="[]", sa_type=Text)  # JSON list
    device_id: str | None = Field(default=None, max_length=36, index=True)
    due_on: date | None = None
    status: str = Field(default="open", max_length=16)  # open / done / cancelled
    inspection_id: str | None = Field(default=None, max_length=36)
    note: str = Field(default="", sa_type=Text)
