"""Master data: who inspects whom, with which forms, under which numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from inspector_app.store.models.base import Synced
from inspector_app.store.types import UTCDateTime, utcnow


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", sa_type=Text)


class Device(Synced, table=True):
    name: str = Field(max_length=100)
    role: str = Field(max_length=16)
    is_self: bool = Field(default=False)
    public_key: str | None = Field(default=None, max_length=200)
    enrolled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Enterprise(Synced, table=True):
    credit_code: str = Field(max_length=18, unique=True)
    name: str = Field(max_length=200, index=True)
    address: str = Field(default="", max_length=300)
    legal_representative: str = Field(default="", max_length=60)
    representative_title: str = Field(default="", max_length=60)  # 职务 (0004)
    contact_person: str = Field(default="", max_length=60)
    contact_phone: str = Field(default="", max_length=40)
    sector: str = Field(max_length=32, index=True)
    township: str = Field(default="", max_length=60, index=True)
    risk_colour: str = Field(default="blue", max_length=8)


class Inspector(Synced, table=True):
    name: str = Field(max_length=60)
    cert_no: str = Field(max_length=40, unique=True)
    unit: str = Field(default="", max_length=120)
    township: str = Field(default="", max_length=60)
    phone: str = Field(default="", max_length=40)
    active: bool = Field(default=True)


class FormTemplate(Synced, table=True):
    """One exact version of a checklist. Rows are never changed: a new wording is a new row."""

    __table_args__ = (UniqueConstraint("code", "content_hash"),)

    code: str = Field(max_length=40, index=True)
    name: str = Field(max_length=100)
    sector: str = Field(max_length=32)
    template_version: str = Field(max_length=40)
    content_hash: str = Field(max_length=64)
    content: str = Field(sa_type=Text)
    loaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class NumberBlock(Synced, table=True):
    """A range of document serial numbers that one device may issue for one kind and year."""

    device_id: str = Field(max_length=36, index=True)
    kind: str = Field(max_length=32)
    year: int
    prefix: str = Field(default="", max_length=20)
    first: int
    last: int
    next_serial: int
    source: str = Field(default="local", max_length=16)
