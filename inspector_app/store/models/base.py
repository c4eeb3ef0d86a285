from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from inspector_app.store.types import UTCDateTime, new_id, utcnow


class Synced(SQLModel):
    """Fields every record that travels between devices carries (see ARCHITECTURE: Sync)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    origin_device_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = Field(default=1)
