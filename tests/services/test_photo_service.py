"""services.photos.attach: all or nothing, deduplicated files, locked inspections, checked by health."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import Session, select

from inspector_app.domain.enums import Outcome
from inspector_app.domain.errors import NotFoundError, StateError, StorageError, ValidationError
from inspector_app.evidence.media_store import sha256_bytes
from inspector_app.services import hazards, health, inspections
from inspector_app.services import photos as photo_service
from inspector_app.services.context import App
from inspector_app.store.models import Photo
from tests.services.helpers import started


def media_files(app: App) -> dict[Path, tuple[int, int, bytes]]:
    """Every file under media/ (including stray temp files) with its inode, mtime and content."""
    root = app.media.root
    if not root.exists():
        return {}
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p] = (st.st_ino, st.st_mtime_ns, p.read_bytes())
    return out


def photo_rows(app: App) -> list[Photo]:
    with app.read() as s:
        return list(s.exec(select(Photo)))


def items(app: App, inspection_id: str) -> list[str]:
    return [item.id for item in inspections.template_for(app, inspection_id).items]


def truncated_jpeg(path: Path) -> Path:
    rnd = random.Random(42)
    img = Image.frombytes("RGB", (400, 300), rnd.randbytes(400 * 300 * 3))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=92)
    data = buf.getvalue()
    path.write_bytes(data[: int(len(data) * 0.6)])
    return path


@pytest.fixture
def insp(app: App) -> str:
    return started(app)


# --- the happy path ----------------------------------------------------------------------------------


def test_attach_creates_one_row_with_all_three_files(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    item = items(app, insp)[0]
    path: Path = make_jpeg("现场.jpg", size=(640, 480))
    raw = path.read_bytes()

    rows = photo_service.attach(app, [path], inspection_id=insp, item_id=item, caption="  配电箱  ")

    assert len(rows) == 1
    row = rows[0]
    stored = photo_rows(app)
    assert [r.id for r in stored] == [row.id]
    db = stored[0]
    assert db.sha256 == sha256_bytes(raw)
    assert db.inspection_id == insp
    assert db.item_id == item
    assert db.hazard_id is None
    assert db.caption == "配电箱"
    assert db.original_name == "现场.jpg"
    assert db.mime == "image/jpeg"
    assert db.size == len(raw)
    assert (db.width, db.height) == (640, 480)
    assert db.added_by == "tester"
    assert db.origin_device_id == app.device_id
    assert len({db.sha256, db.derived_sha256, db.thumb_sha256}) == 3

    media = app.media
    assert media.read(db.sha256) == raw
    for sha in (db.sha256, db.derived_sha256, db.thumb_sha256):
        assert media.has(sha)
        assert media.verify(sha) is None
    assert media.all_hashes() == {db.sha256, db.derived_sha256, db.thumb_sha256}
    assert len(media_files(app)) == 3
    assert photo_service.photos_of(app, item_id=item)[0].id == row.id


def test_attach_same_file_twice_to_same_item_returns_existing_row(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    item = items(app, insp)[0]
    path = make_jpeg(size=(200, 100))
    first = photo_service.attach(app, [path], inspection_id=insp, item_id=item)[0]
    files_before = media_files(app)

    again = photo_service.attach(app, [path], inspection_id=insp, item_id=item)

    assert [r.id for r in again] == [first.id]
    assert len(photo_rows(app)) == 1
    assert media_files(app) == files_before


def test_attach_same_file_twice_in_one_batch_gives_one_row(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    item = items(app, insp)[0]
    path = make_jpeg(size=(200, 100))
    rows = photo_service.attach(app, [path, path], inspection_id=insp, item_id=item)
    assert len(photo_rows(app)) == 1
    assert {r.id for r in rows} == {photo_rows(app)[0].id}


def test_same_file_on_two_items_two_rows_one_set_of_files(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    first_item, second_item = items(app, insp)[:2]
    path = make_jpeg(size=(300, 200))
    a = photo_service.attach(app, [path], inspection_id=insp, item_id=first_item)[0]
    files_after_first = media_files(app)

    b = photo_service.attach(app, [path], inspection_id=insp, item_id=second_item)[0]

    assert a.id != b.id
    rows = photo_rows(app)
    assert len(rows) == 2
    assert {r.item_id for r in rows} == {first_item, second_item}
    assert len({r.sha256 for r in rows}) == 1
    assert media_files(app) == files_after_first  # nothing new, nothing rewritten
    originals = [p for p, (_i, _m, data) in media_files(app).items() if data == path.read_bytes()]
    assert len(originals) == 1
    assert len(media_files(app)) == 3


def test_inspection_level_photo_and_item_photo_are_distinct(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    item = items(app, insp)[0]
    path = make_jpeg(size=(120, 90))
    photo_service.attach(app, [path], inspection_id=insp)
    photo_service.attach(app, [path], inspection_id=insp)
    photo_service.attach(app, [path], inspection_id=insp, item_id=item)
    rows = photo_rows(app)
    assert sorted((r.item_id or "") for r in rows) == sorted(["", item])
    assert len(media_files(app)) == 3


def test_progress_is_reported_per_file(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    files = [make_jpeg(size=(50, 40), colour=(i * 40, 0, 0)) for i in range(3)]
    rows = photo_service.attach(app, files, inspection_id=insp, progress=progress)
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert len(rows) == 3
    assert len(photo_rows(app)) == 3


# --- all or nothing ----------------------------------------------------------------------------------


def test_batch_with_text_file_writes_nothing(app: App, insp: str, make_jpeg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = make_jpeg("good.jpg", size=(200, 150))
    bad = tmp_path / "bad.txt"
    bad.write_text("不是照片", encoding="utf-8")
    before = media_files(app)

    with pytest.raises(ValidationError) as info:
        photo_service.attach(app, [good, bad], inspection_id=insp, item_id=items(app, insp)[0])

    assert "bad.txt" in str(info.value)
    assert media_files(app) == before == {}
    assert photo_rows(app) == []


def test_bad_file_first_in_batch_also_writes_nothing(app: App, insp: str, make_jpeg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.txt"
    bad.write_text("x", encoding="utf-8")
    with pytest.raises(ValidationError):
        photo_service.attach(app, [bad, make_jpeg(size=(60, 40))], inspection_id=insp)
    assert media_files(app) == {}
    assert photo_rows(app) == []


def test_truncated_jpeg_leaves_nothing(app: App, insp: str, make_jpeg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    existing = photo_service.attach(app, [make_jpeg(size=(80, 60))], inspection_id=insp)[0]
    before = media_files(app)
    cut = truncated_jpeg(tmp_path / "cut.jpg")

    with pytest.raises(ValidationError, match="不完整|截断"):
        photo_service.attach(app, [make_jpeg(size=(90, 60)), cut], inspection_id=insp)

    assert media_files(app) == before
    assert [r.id for r in photo_rows(app)] == [existing.id]


def test_empty_selection_is_rejected(app: App, insp: str) -> None:
    with pytest.raises(ValidationError):
        photo_service.attach(app, [], inspection_id=insp)
    assert media_files(app) == {}


def test_unknown_item_writes_nothing(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        photo_service.attach(app, [make_jpeg(size=(60, 40))], inspection_id=insp, item_id="no-such-item")
    assert media_files(app) == {}
    assert photo_rows(app) == []


def test_no_target_is_rejected(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        photo_service.attach(app, [make_jpeg(size=(60, 40))])
    with pytest.raises(NotFoundError):
        photo_service.attach(app, [make_jpeg(size=(60, 40))], hazard_id="missing")
    assert media_files(app) == {}


def test_database_failure_removes_new_files_and_keeps_old(
    app: App,
    insp: str,
    make_jpeg,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    first_item, second_item = items(app, insp)[:2]
    old = make_jpeg("old.jpg", size=(160, 120), colour=(10, 200, 10))
    kept = photo_service.attach(app, [old], inspection_id=insp, item_id=first_item)[0]
    old_hashes = {kept.sha256, kept.derived_sha256, kept.thumb_sha256}
    before = media_files(app)
    assert app.media.all_hashes() == old_hashes
    new = make_jpeg("new.jpg", size=(170, 110), colour=(10, 10, 200))

    real_write = app.write
    media_seen_in_transaction: list[set[str]] = []

    @contextmanager
    def failing_write() -> Iterator[Session]:
        with real_write() as s:
            yield s
            s.flush()  # the rows really went to the database ...
            media_seen_in_transaction.append(app.media.all_hashes())
            raise StorageError("磁盘空间已满，本次操作未保存")  # ... and then the commit failed

    monkeypatch.setattr(app, "write", failing_write)

    with pytest.raises(StorageError, match="磁盘空间"):
        photo_service.attach(app, [old, new], inspection_id=insp, item_id=second_item)
    monkeypatch.undo()

    # the seam is where intended: the new files existed when the transaction failed
    assert len(media_seen_in_transaction) == 1
    assert len(media_seen_in_transaction[0] - old_hashes) == 3
    # ... and are gone now, while the old ones are byte-for-byte, inode-for-inode untouched
    assert media_files(app) == before
    assert app.media.all_hashes() == old_hashes
    assert [r.id for r in photo_rows(app)] == [kept.id]
    assert health.check(app) == []
    assert health.unreferenced_media(app) == set()


def test_failure_inside_transaction_before_flush_removes_new_files(
    app: App,
    insp: str,
    make_jpeg,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """A programming error while building rows: still no orphan files."""
    calls = {"n": 0}
    real_sha = photo_service._sha

    def boom(data: bytes) -> str:
        calls["n"] += 1
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(photo_service, "_sha", boom)
    with pytest.raises(RuntimeError):
        photo_service.attach(app, [make_jpeg(size=(70, 50))], inspection_id=insp)
    monkeypatch.setattr(photo_service, "_sha", real_sha)
    assert calls["n"] == 1
    assert media_files(app) == {}
    assert photo_rows(app) == []


def test_progress_returning_false_cancels_with_nothing_written(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    files = [make_jpeg(size=(60, 40)), make_jpeg(size=(70, 40))]
    calls: list[tuple[int, int]] = []

    def cancel_at_last(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < total

    with pytest.raises(ValidationError, match="取消"):
        photo_service.attach(app, files, inspection_id=insp, progress=cancel_at_last)
    assert calls == [(1, 2), (2, 2)]
    assert media_files(app) == {}
    assert photo_rows(app) == []


def test_progress_cancel_at_first_file(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="取消"):
        photo_service.attach(app, [make_jpeg(size=(60, 40))], inspection_id=insp, progress=lambda d, t: False)
    assert media_files(app) == {}
    assert photo_rows(app) == []


# --- locked inspections and hazards ------------------------------------------------------------------


def completed_with_hazard(app: App) -> tuple[str, str, str]:
    insp = started(app)
    item = items(app, insp)[0]
    inspections.record_result(app, insp, item, Outcome.FAIL, note="配电箱未接地")
    hazard = hazards.raise_from_item(app, insp, item)
    inspections.complete_inspection(app, insp)
    return insp, item, hazard.id


def test_attach_to_item_of_completed_inspection_is_refused(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    insp, item, _hazard = completed_with_hazard(app)
    with pytest.raises(StateError):
        photo_service.attach(app, [make_jpeg(size=(60, 40))], inspection_id=insp, item_id=item)
    with pytest.raises(StateError):
        photo_service.attach(app, [make_jpeg(size=(60, 40))], inspection_id=insp)
    assert media_files(app) == {}
    assert photo_rows(app) == []


def test_attach_to_hazard_of_completed_inspection_works(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    insp, _item, hazard = completed_with_hazard(app)
    path = make_jpeg("复查.jpg", size=(90, 60))

    rows = photo_service.attach(app, [path], hazard_id=hazard)

    assert len(rows) == 1
    db = photo_rows(app)
    assert len(db) == 1
    assert db[0].hazard_id == hazard
    assert db[0].inspection_id == insp
    assert db[0].item_id is None
    assert app.media.read(db[0].sha256) == path.read_bytes()
    assert [p.id for p in photo_service.photos_of(app, hazard_id=hazard)] == [rows[0].id]
    # also when the inspection is named explicitly
    other = make_jpeg(size=(91, 60))
    photo_service.attach(app, [other], inspection_id=insp, hazard_id=hazard)
    assert len(photo_rows(app)) == 2


def test_hazard_with_wrong_inspection_is_rejected(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    _insp, _item, hazard = completed_with_hazard(app)
    with pytest.raises(ValidationError, match="不属于"):
        photo_service.attach(app, [make_jpeg(size=(60, 40))], inspection_id="someone-else", hazard_id=hazard)
    assert media_files(app) == {}


# --- health check ------------------------------------------------------------------------------------


def test_health_check_clean_after_attach_and_flags_replaced_original(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    path = make_jpeg("证据1.jpg", size=(120, 80))
    row = photo_service.attach(app, [path], inspection_id=insp, item_id=items(app, insp)[0])[0]
    assert health.check(app) == []
    assert health.unreferenced_media(app) == set()

    original = app.media.path(row.sha256)
    original.write_bytes(make_jpeg(size=(120, 80), colour=(0, 0, 255)).read_bytes())  # swapped photo

    problems = health.check(app)
    assert len(problems) == 1
    problem = problems[0]
    assert "证据文件" in problem
    assert row.sha256 in problem
    assert "证据1.jpg" in problem


def test_health_check_flags_missing_thumbnail(app: App, insp: str, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    row = photo_service.attach(app, [make_jpeg("p.jpg", size=(120, 80))], inspection_id=insp)[0]
    os.unlink(app.media.path(row.thumb_sha256))
    problems = health.check(app)
    assert len(problems) == 1
    assert "缩略图" in problems[0] and "缺失" in problems[0]
