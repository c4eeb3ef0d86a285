"""Evidence: photos, signatures and issued documents. Their bytes live in the media store by SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field

from inspector_app.store.models.base import Synced
from inspector_app.store.types import UTCDateTime, utcnow


class Photo(Synced, table=True):
    sha256: str = Field(max_length=64, index=True)
    inspection_id: str | None = Field(default=None, foreign_key="inspection.id", max_length=36, index=True)
    item_id: str | None = Field(default=None, max_length=40)
    hazard_id: str | None = Field(default=None, foreign_key="hazard.id", max_length=36, index=True)
    caption: str = Field(default="", sa_type=Text)
    original_name: str = Field(default="", max_length=255)
    mime: str = Field(max_length=40)
    size: int
    width: int
    height: int
    taken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    gps_lat: float | None = None
    gps_lon: float | None = None
    derived_sha256: str = Field(max_length=64)
    thumb_sha256: str = Field(max_length=64)
    added_by: str = Field(default="", max_length=100)
    taken_by: str = Field(default="", max_length=60)  # 拍摄人: an inspector's name (0004)
    stage: str = Field(default="", max_length=16)  # "after": taken at a 复查 (整改后); "" otherwise (0004)


class Signature(Synced, table=True):
    inspection_id: str = Field(foreign_key="inspection.id", max_length=36, index=True)
    role: str = Field(max_length=16)
    inspector_id: str | None = Field(default=None, foreign_key="inspector.id", max_length=36)
    signer_name: str = Field(default="", max_length=60)
    signer_title: str = Field(default="", max_length=60)  # 职务 (0004)
    # A refusal to sign (安全生产法第六十八条) is a row of its own, without an image (sha256 ""): JSON
    # {"witness", "recording"}. The latest row of a role wins, so a later signature replaces a refusal. (0004)
    refusal: str = Field(default="", sa_type=Text)
    sha256: str = Field(max_length=64)
    signed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Document(Synced, table=True):
    kind: str = Field(max_length=32)
    number: str = Field(max_length=80, unique=True)
    year: int
    serial: int
    inspection_id: str = Field(foreign_key="inspection.id", max_length=36, index=True)
    number_block_id: str | None = Field(default=None, foreign_key="numberblock.id", max_length=36)
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    issued_by: str = Field(default="", max_length=100)
    pdf_sha256: str = Field(default="", max_length=64)
    content_hash: str = Field(default="", max_length=64)
    supersedes_id: str | None = Field(default=None, foreign_key="document.id", max_length=36)
    payload: str = Field(default="", sa_type=Text)
