"""The environment fails (disk full, read-only folder, corrupt database): one clear line, and nothing changed.

The database conditions are real SQLite failures: PRAGMA max_page_count makes the file "full" exactly where it
stands (SQLITE_FULL, the same error a full disk gives), PRAGMA query_only makes every write fail the way a
read-only folder does (SQLITE_READONLY), and bytes overwritten in the file make it corrupt. Tests run as root,
for whom chmod does not stop a write, so the file system's refusals are raised at the os call that meets them.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import select

from inspector_app.domain.enums import Outcome
from inspector_app.domain.errors import StorageError
from inspector_app.services import health, inspections, photos
from inspector_app.services.context import App, open_app
from inspector_app.store.models import AuditEvent, ItemResult, Photo
from tests.services.helpers import started


@contextmanager
def pragma_on_writes(app: App, pragma: str) -> Iterator[None]:
    """Every new writer connection runs `pragma` first (the writer engine opens one per transaction)."""

    def on_connect(conn: Any, _record: Any) -> None:
        conn.execute(pragma)

    event.listen(app.writer, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(app.writer, "connect", on_connect)


def page_count(app: App) -> int:
    with app.read() as s:
        return int(s.execute(text("PRAGMA page_count")).scalar_one())


def state(app: App, inspection: str) -> tuple[dict[str, tuple[str, str | None]], int, int]:
    """Answers, audit events and photos: what "exactly as it was" means here."""
    with app.read() as s:
        answers = {
            r.item_id: (r.outcome, r.note)
            for r in s.exec(select(ItemResult).where(ItemResult.inspection_id == inspection))
        }
        events = len(s.exec(select(AuditEvent)).all())
        shots = len(s.exec(select(Photo)).all())
    return answers, events, shots


def media_files(app: App) -> dict[str, str]:
    return {
        str(p.relative_to(app.data.media)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(app.data.media.rglob("*"))
        if p.is_file()
    }


def test_a_full_disk_while_saving_an_answer(app: App) -> None:
    inspection = started(app)
    inspections.record_result(app, inspection, "hc-01", Outcome.PASS)
    before = state(app, inspection)
    with pragma_on_writes(app, f"PRAGMA max_page_count={page_count(app)}"), pytest.raises(StorageError) as info:
        # a long note needs new pages, which the "disk" no longer has
        inspections.record_result(app, inspection, "hc-02", Outcome.FAIL, note="配电箱未接地。" * 3000)
    assert str(info.value) == "磁盘空间已满，本次操作未保存；请清理磁盘后重试（已有数据未受影响）"
    assert state(app, inspection) == before
    inspections.record_result(app, inspection, "hc-02", Outcome.FAIL, note="配电箱未接地")  # room again
    assert health.check(app) == []


def test_a_read_only_database_while_saving_an_answer(app: App) -> None:
    inspection = started(app)
    inspections.record_result(app, inspection, "hc-01", Outcome.PASS)
    before = state(app, inspection)
    with pragma_on_writes(app, "PRAGMA query_only=1"), pytest.raises(StorageError) as info:
        inspections.record_result(app, inspection, "hc-01", Outcome.FAIL)
    assert "只读" in str(info.value) and "无法保存" in str(info.value)
    assert state(app, inspection) == before


@pytest.mark.parametrize(
    ("where", "code", "message"),
    [
        ("flush", errno.ENOSPC, "磁盘空间已满，照片等证据文件未保存"),
        ("create", errno.EROFS, "数据文件夹不可写，照片等证据文件未保存"),
        ("create", errno.EACCES, "数据文件夹不可写，照片等证据文件未保存"),
        ("write", errno.ENOSPC, "磁盘空间已满，照片等证据文件未保存"),
        ("replace", errno.ENOSPC, "磁盘空间已满，照片等证据文件未保存"),
    ],
)
def test_ingesting_a_photo_on_a_full_or_read_only_disk(
    app: App,
    make_jpeg,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    code: int,
    message: str,
) -> None:
    inspection = started(app)
    photos.attach(app, [make_jpeg()], inspection_id=inspection)
    before, files = state(app, inspection), media_files(app)

    def refused(*_a: object, **_k: object) -> None:
        raise OSError(code, os.strerror(code))

    # Each stage of getting evidence onto the disk, whichever way the store does it (a photo batch is staged in
    # tmp/ and flushed once; a single file is written to a temp file and fsynced).
    targets = {
        "create": [(tempfile, "mkstemp"), (tempfile, "mkdtemp")],
        "write": [(Path, "write_bytes"), (os, "write")],
        "flush": [(os, "fsync"), (os, "sync")],
        "replace": [(os, "replace")],
    }[where]
    sources = [make_jpeg(colour=(0, 120, 0)), make_jpeg(colour=(0, 0, 120))]
    for owner, name in targets:
        monkeypatch.setattr(owner, name, refused)
    with pytest.raises(StorageError, match=message):
        photos.attach(app, sources, inspection_id=inspection)
    monkeypatch.undo()
    assert state(app, inspection) == before
    assert media_files(app) == files  # no half-written or orphaned files either
    assert health.check(app) == []


def test_a_full_database_while_ingesting_leaves_no_new_evidence_behind(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    inspection = started(app)
    before, files = state(app, inspection), media_files(app)
    with pragma_on_writes(app, f"PRAGMA max_page_count={page_count(app)}"), pytest.raises(StorageError, match="磁盘"):
        photos.attach(app, [make_jpeg()], inspection_id=inspection, caption="现场" * 4000)
    assert state(app, inspection) == before
    assert media_files(app) == files


def test_opening_a_corrupt_database_is_one_message(app: App, data_dir: Path) -> None:
    app.close()
    db = app.data.db_path
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with db.open("r+b") as fh:
        fh.write(b"\x00" * 100)
    raw = db.read_bytes()
    with pytest.raises(StorageError, match="数据库文件已损坏"):
        open_app(data_dir)
    assert db.read_bytes() == raw  # not "repaired", not replaced: left for a restore
