"""The bulk part of the benchmark dataset: inspections, answers, hazards with their events, and photos.

Rows are tuples in the tables' own column order, written by SQLAlchemy Core executemany through the driver
(`exec_driver_sql`), in big transactions with synchronous=OFF and a rollback journal instead of WAL while it
runs. Values are stored exactly as the app stores them (UTC datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff').
"""

from __future__ import annotations

import operator
import random
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dataset_rows as vocab
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from inspector_app.evidence.media_store import MediaStore, sha256_bytes
from inspector_app.store.models import Hazard, HazardEvent, Inspection, InspectionInspector, ItemResult, Photo
from inspector_app.store.models.later import ADDED_LATER
from inspector_app.store.paths import DataDir

# Parents before children, so each drain keeps foreign keys satisfiable.
TABLES = [Inspection, InspectionInspector, ItemResult, Hazard, HazardEvent, Photo]
DRAIN_EVERY = 2_000  # inspections between executemany rounds (keeps memory flat at scale L)
DRAFT_SHARE = 0.002  # unfinished inspections, all in the last three weeks
DAY = 86_400


class Clock:
    """Seconds since the UTC midnight `span_days + 120` days before the anchor, formatted without strftime."""

    def __init__(self, anchor: date, span_days: int) -> None:
        self.anchor = anchor
        self.span_days = span_days
        self.start = anchor - timedelta(days=span_days + 120)
        total = span_days + 400
        self._days = [(self.start + timedelta(days=d)).isoformat() for d in range(total)]
        self._stamp_days = [f"{d} " for d in self._days]
        self._times = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(DAY)]
        self.anchor_day = (anchor - self.start).days

    def at(self, seconds: int) -> str:
        day, rest = divmod(seconds, DAY)
        return self._stamp_days[day] + self._times[rest]

    def local_date(self, seconds: int) -> int:
        """Beijing day number of a UTC moment (UTC+8)."""
        return (seconds + 8 * 3600) // DAY

    def day(self, number: int) -> str:
        return self._days[number]


class BulkWriter:
    def __init__(self, data: DataDir) -> None:
        self.engine = create_engine(data.sqlite_url(), poolclass=NullPool)
        self.pending: dict[Any, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
        self.sql = {}
        self.columns = {}
        for model in TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            names = [c.name for c in table.columns]
            self.columns[model] = operator.itemgetter(*names)
            self.sql[model] = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        self.counts = {model.__tablename__: 0 for model in TABLES}  # type: ignore[attr-defined]

    def __enter__(self) -> BulkWriter:
        self.conn = self.engine.connect()
        # One writer and nothing to lose: a rollback journal without fsync is the fastest way in.
        for pragma in ("journal_mode=DELETE", "synchronous=OFF", "foreign_keys=OFF", "cache_size=-200000"):
            self.conn.exec_driver_sql(f"PRAGMA {pragma}")
        # Secondary indexes are built once at the end (a sort) instead of row by row; the schema's own DDL is
        # kept and replayed, so the result is the schema the migrations made.
        names = ", ".join(f"'{m.__tablename__}'" for m in TABLES)  # type: ignore[attr-defined]
        self.indexes = self.conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({names})"
        ).fetchall()
        for name, _sql in self.indexes:
            self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
        self.conn.commit()
        self.files = ThreadPoolExecutor(max_workers=2, thread_name_prefix="media")
        self.file_jobs: list[Future[Any]] = []
        return self

    def write_file(self, path: Path, data: bytes) -> None:
        """Media files are written on two threads: creating 60,000 files is mostly waiting on the disk."""
        self.file_jobs.append(self.files.submit(path.write_bytes, data))
        if len(self.file_jobs) > 1000:
            for job in self.file_jobs:
                job.result()
            self.file_jobs.clear()

    def add(self, model: Any, row: dict[str, Any]) -> None:
        # Columns added after the first release hold their default in every generated row.
        later = ADDED_LATER.get(model.__tablename__)
        self.pending[model].append(self.columns[model]({**later, **row} if later else row))

    def drain(self) -> None:
        for model in TABLES:
            rows = self.pending[model]
            if rows:
                self.conn.exec_driver_sql(self.sql[model], rows)
                self.counts[model.__tablename__] += len(rows)
                rows.clear()
        self.conn.commit()

    def check_foreign_keys(self) -> None:
        """Rows went in with foreign keys off (faster); every reference is checked once at the end instead."""
        broken = self.conn.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(5)
        assert not broken, f"generated rows break foreign keys: {broken}"

    def __exit__(self, *exc: object) -> None:
        self.drain()
        for _name, sql in self.indexes:
            self.conn.exec_driver_sql(sql)
        self.conn.commit()
        self.files.shutdown(wait=True)
        for job in self.file_jobs:
            job.result()
        self.conn.exec_driver_sql("PRAGMA journal_mode=WAL")  # the app's mode, as init left it
        self.conn.close()
        self.engine.dispose()


def generate_activity(
    bulk: BulkWriter,
    rng: random.Random,
    clock: Clock,
    scale: Any,
    device_id: str,
    people: Sequence[tuple[str, str]],
    firms: Sequence[dict[str, Any]],
    forms: dict[str, tuple[str, list[Any]]],
    media_root: Path,
) -> dict[str, int]:
    media = MediaStore(media_root, media_root.parent / "trash")
    jpegs = vocab.JpegMaker(rng)
    for n in range(256):
        (media_root / f"{n:02x}").mkdir(parents=True, exist_ok=True)
    per_inspection = [0] * scale.inspections
    for _ in range(scale.hazards):
        per_inspection[rng.randrange(scale.inspections)] += 1
    with_photo = set(rng.sample(range(scale.hazards), scale.photos))
    days = sorted(rng.randrange(scale.span_days) for _ in range(scale.inspections))
    hazard_no = 0
    media_bytes = 0
    for n in range(scale.inspections):
        firm = firms[rng.randrange(len(firms))]
        template_id, items = forms[firm["sector"]]
        age = scale.span_days - days[n]  # days before the anchor (1 to span_days); oldest first
        # The three newest are always under way, so every scale has an inspection to continue.
        draft = n >= scale.inspections - 3 or (age < 21 and rng.random() < DRAFT_SHARE * scale.span_days / 21)
        started = (clock.anchor_day - age) * DAY + 1800 + rng.randrange(7 * 3600)
        ended = started + rng.randint(60, 180) * 60
        insp_id = vocab.uid(rng)
        k = min(per_inspection[n], len(items))
        failed = rng.sample(range(len(items)), k)
        inspectors = rng.sample(range(len(people)), 3 if rng.random() < 0.15 else 2)
        bulk.add(
            Inspection,
            {
                "id": insp_id,
                "origin_device_id": device_id,
                "created_at": clock.at(started),
                "updated_at": clock.at(started if draft else ended),
                "version": 1,
                "enterprise_id": firm["id"],
                "template_id": template_id,
                "place": firm["address"],
                "purpose": "日常执法检查" if rng.random() < 0.8 else "“双随机、一公开”抽查",
                "started_at": clock.at(started),
                "ended_at": None if draft else clock.at(ended),
                "status": "draft" if draft else "completed",
                "summary": "" if draft else "对照检查表逐项检查，发现的问题已当场告知企业负责人并登记隐患。",
                "completed_at": None if draft else clock.at(ended),
            },
        )
        for pos, who in enumerate(inspectors):
            bulk.add(InspectionInspector, {"inspection_id": insp_id, "inspector_id": people[who][0], "position": pos})
        answered = len(items) // 3 if draft else scale.answers
        others = [i for i in rng.sample(range(len(items)), min(len(items), answered + k)) if i not in failed]
        for index in [*failed, *others[: max(0, answered - k)]]:
            bad = index in failed
            outcome = "fail" if bad else ("na" if rng.random() < 0.06 else "pass")
            bulk.add(
                ItemResult,
                {
                    "id": vocab.uid(rng),
                    "origin_device_id": device_id,
                    "created_at": clock.at(started + 60),
                    "updated_at": clock.at(started + 60),
                    "version": 1,
                    "inspection_id": insp_id,
                    "item_id": items[index].id,
                    "outcome": outcome,
                    "note": "现场查看发现问题，已拍照取证" if bad else "",
                },
            )
        actor = people[inspectors[0]][1]
        for index in failed:
            item = items[index]
            found = started + rng.randint(10, 100) * 60
            hazard_id = _hazard(bulk, rng, clock, device_id, insp_id, firm, item, found, draft, actor)
            if hazard_no in with_photo:
                media_bytes += _photo(bulk, rng, clock, jpegs, media, device_id, insp_id, hazard_id, item, found, actor)
            hazard_no += 1
        if n % DRAIN_EVERY == DRAIN_EVERY - 1:
            bulk.drain()
    bulk.drain()
    return {**bulk.counts, "media_files": 3 * bulk.counts["photo"], "media_mb": round(media_bytes / 1e6, 1)}


def _hazard(
    bulk: BulkWriter,
    rng: random.Random,
    clock: Clock,
    device_id: str,
    inspection_id: str,
    firm: dict[str, Any],
    item: Any,
    found: int,
    draft: bool,
    actor: str,
) -> str:
    """One hazard and its lifecycle events; the state follows from how long ago its deadline ran out."""
    hazard_id = vocab.uid(rng)
    found_day = clock.local_date(found)
    major = item.major and rng.random() < 0.5
    events: list[tuple[int, str | None, str, str | None, str]] = [(found, None, "registered", None, "现场检查发现")]
    deadline_day: int | None = None
    closed: int | None = None
    status = "registered"
    if not draft or rng.random() < 0.5:
        deadline_day = found_day + (rng.choice((30, 60, 90)) if major else rng.choice((7, 15, 15, 30)))
        events.append((found + 600, "registered", "ordered", clock.day(deadline_day), "责令限期整改"))
        status = "ordered"
        overdue_by = clock.anchor_day - deadline_day
        if overdue_by < 0:  # still running
            if rng.random() < 0.5:
                status = "rectifying"
                events.append((found + DAY * rng.randint(1, 3), "ordered", "rectifying", None, "企业报告正在整改"))
        elif rng.random() < 0.93:  # reviewed in time and closed
            if rng.random() < 0.6:
                events.append((found + DAY * rng.randint(1, 3), "ordered", "rectifying", None, "企业报告正在整改"))
                before = "rectifying"
            else:
                before = "ordered"
            closed_day = max(found_day + 4, deadline_day - rng.randint(0, 5))
            closed = closed_day * DAY + 2 * 3600 + rng.randrange(5 * 3600)  # 10:00-15:00 in Beijing
            status = "closed"
            events.append((closed, before, "closed", None, "复查合格，予以销号"))
        elif overdue_by >= 2 and rng.random() < 0.4:  # reviewed and failed; often ordered again with a new deadline
            review = (deadline_day + 1) * DAY + 3600  # 09:00 in Beijing, the day after
            events.append((review, "ordered", "review_failed", None, "复查不合格，整改未完成"))
            status = "review_failed"
            if rng.random() < 0.6:
                deadline_day += 15
                events.append((review + 600, "review_failed", "ordered", clock.day(deadline_day), "重新责令限期整改"))
                status = "ordered"
        else:  # never reviewed: shows as 逾期
            if rng.random() < 0.5:
                status = "rectifying"
                events.append((found + DAY * rng.randint(1, 3), "ordered", "rectifying", None, "企业报告正在整改"))
    bulk.add(
        Hazard,
        {
            "id": hazard_id,
            "origin_device_id": device_id,
            "created_at": clock.at(found),
            "updated_at": clock.at(events[-1][0]),
            "version": len(events),
            "inspection_id": inspection_id,
            "enterprise_id": firm["id"],
            "item_id": item.id,
            "description": item.text,
            "level": "major" if major else "general",
            "legal_basis": item.basis,
            "measure": item.measure,
            "deadline": clock.day(deadline_day) if deadline_day is not None else None,
            "status": status,
            "found_at": clock.at(found),
            "closed_at": clock.at(closed) if closed is not None else None,
        },
    )
    for at, before, after, deadline, note in events:
        bulk.add(
            HazardEvent,
            {
                "id": vocab.uid(rng),
                "hazard_id": hazard_id,
                "at": clock.at(at),
                "from_status": before,
                "to_status": after,
                "deadline": deadline,
                "note": note,
                "actor": actor,
                "origin_device_id": device_id,
            },
        )
    return hazard_id


def _photo(
    bulk: BulkWriter,
    rng: random.Random,
    clock: Clock,
    jpegs: vocab.JpegMaker,
    media: MediaStore,
    device_id: str,
    inspection_id: str,
    hazard_id: str,
    item: Any,
    found: int,
    actor: str,
) -> int:
    """A photo row and its three files, written straight into the media store's layout (no fsync: a fixture)."""
    scene = rng.randrange(64)
    label = f"inspector-benchmark {hazard_id}"
    blobs = [jpegs.make(kind, scene, label) for kind in ("original", "evidence", "thumb")]
    shas = [sha256_bytes(b) for b in blobs]
    for sha, blob in zip(shas, blobs, strict=True):
        bulk.write_file(media.path(sha), blob)
    taken = found - rng.randint(1, 20) * 60
    shot = clock.day(clock.local_date(taken)).replace("-", "")
    bulk.add(
        Photo,
        {
            "id": vocab.uid(rng),
            "origin_device_id": device_id,
            "created_at": clock.at(found),
            "updated_at": clock.at(found),
            "version": 1,
            "sha256": shas[0],
            "inspection_id": inspection_id,
            "item_id": item.id,
            "hazard_id": hazard_id,
            "caption": "隐患部位现场照片",
            "original_name": f"IMG_{shot}_{rng.randrange(10**6):06d}.jpg",
            "mime": "image/jpeg",
            "size": len(blobs[0]),
            "width": vocab.JpegMaker.SIZES["original"][0],
            "height": vocab.JpegMaker.SIZES["original"][1],
            "taken_at": clock.at(taken),
            "gps_lat": round(27.80 + rng.random() * 0.2, 6),
            "gps_lon": round(112.80 + rng.random() * 0.25, 6),
            "derived_sha256": shas[1],
            "thumb_sha256": shas[2],
            "added_by": actor,
        },
    )
    return sum(map(len, blobs))
