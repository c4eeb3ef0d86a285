"""Inspectors live in Beijing time; the database keeps UTC. Conversions happen here and nowhere else."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# China has one time zone and no daylight saving; a fixed offset avoids needing tzdata on Windows.
LOCAL_TZ = timezone(timedelta(hours=8), "CST")


def now_local() -> datetime:
    return datetime.now(LOCAL_TZ)


def today() -> date:
    return now_local().date()


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def to_local(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(LOCAL_TZ)


def parse_local(text: str) -> datetime:
    """'2026-11-23 09:30' or an ISO string; a naive time is Beijing time."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(UTC)
