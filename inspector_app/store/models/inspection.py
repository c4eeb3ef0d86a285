"""An inspection, its checklist answers, and the hazards it found with their append-only history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from inspector_app.store.models.base import Synced
from inspector_app.store.types import UTCDateTime, new_id, utcnow


class Inspection(Synced, table=True):
    __table_args__ = (Index("ix_inspection_enterprise_started", "enterprise_id", "started_at"),)

    enterprise_id: str = Field(foreign_key="enterprise.id", max_length=36)
    template_id: str = Field(foreign_key="formtemplate.id", max_length=36)
    place: str = Field(default="", max_length=200)
    purpose: str = Field(default="", max_length=200)
    started_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="draft", max_length=16, index=True)
    summary: str = Field(default="", sa_type=Text)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class InspectionInspector(SQLModel, table=True):
    inspection_id: str = Field(foreign_key="inspection.id", primary_key=True, max_length=36)
    inspector_id: str = Field(foreign_key="inspector.id", primary_key=True, max_length=36)
    position: int = Field(default=0)


class ItemResult(Synced, table=True):
    __table_args__ = (UniqueConstraint("inspection_id", "item_id"),)

    inspection_id: str = Field(foreign_key="inspection.id", max_length=36, index=True)
    item_id: str = Field(max_length=40)
    outcome: str = Field(default="unchecked", max_length=16)
    note: str = Field(default="", sa_type=Text)


class ResultCorrection(Synced, table=True):
    """A change to a completed inspection's result: appended, never applied in place."""

    inspection_id: str = Field(foreign_key="inspection.id", max_length=36, index=True)
    item_id: str = Field(max_length=40)
    old_outcome: str = Field(max_length=16)
    new_outcome: str = Field(max_length=16)
    old_note: str = Field(default="", sa_type=Text)
    new_note: str = Field(default="", sa_type=Text)
    reason: str = Field(sa_type=Text)
    actor: str = Field(default="", max_length=100)


class Hazard(Synced, table=True):
    # The ledger's default view sorts newest first; overdue and open filters go by status, then deadline.
    __table_args__ = (
        Index("ix_hazard_status_deadline", "status", "deadline", "found_at"),
        Index("ix_hazard_found_at", "found_at"),
    )

    inspection_id: str = Field(foreign_key="inspection.id", max_length=36, index=True)
    enterprise_id: str = Field(foreign_key="enterprise.id", max_length=36, index=True)
    item_id: str | None = Field(default=None, max_length=40)
    description: str = Field(sa_type=Text)
    level: str = Field(default="general", max_length=16)
    legal_basis: str = Field(default="", sa_type=Text)  # 依据: the article that empowers the order or penalty
    measure: str = Field(default="", sa_type=Text)
    violates: str = Field(default="", sa_type=Text)  # 违反: the duty violated (0004)
    location: str = Field(default="", max_length=200)  # 部位 / 设备 (0004)
    onsite_measures: str = Field(default="", sa_type=Text)  # JSON list of 现场处理措施 codes (0004)
    deadline: date | None = Field(default=None)
    status: str = Field(default="registered", max_length=16)
    found_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HazardEvent(SQLModel, table=True):
    """Append-only: one row per lifecycle step. Merges across devices by id."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    hazard_id: str = Field(foreign_key="hazard.id", max_length=36, index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    deadline: date | None = Field(default=None)
    note: str = Field(default="", sa_type=Text)
    actor: str = Field(default="", max_length=100)
    origin_device_id: str | None = Field(default=None, max_length=36)
    officers: str = Field(default="", sa_type=Text)  # JSON list of the inspector ids who did a 复查 (0004)
