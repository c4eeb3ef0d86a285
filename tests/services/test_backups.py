"""Backups: a verified, self-contained SQLite copy plus a manifest; rotation per kind spares manual copies."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector_app.domain.errors import StorageError, ValidationError
from inspector_app.services import backup_files, backups, photos, registry
from inspector_app.services.context import App
from inspector_app.store.migrate import head_revision
from tests.services.helpers import started


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in a folder with its hash: what "exactly as it was" means."""
    return {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file()}


def corrupt_pages(db: Path) -> None:
    """Overwrite a run of bytes in the middle of the file: a real corruption that SQLite opens but cannot read."""
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\x5a" * 8192)


def test_a_backup_is_one_consistent_file_with_a_manifest(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    inspection = started(app)
    [photo] = photos.attach(app, [make_jpeg()], inspection_id=inspection)
    path = backups.create_backup(app)
    assert path.parent == app.data.backups
    assert path.name.startswith("manual-") and path.suffix == ".sqlite3"
    # a single self-contained file: no WAL, shared-memory or half-written files beside it
    assert sorted(p.name for p in app.data.backups.iterdir()) == sorted([path.name, path.with_suffix(".json").name])

    manifest = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["format"] == 1
    assert manifest["file"] == path.name
    assert manifest["label"] == "manual"
    assert manifest["schema_version"] == head_revision()
    assert manifest["device_id"] == app.device_id
    assert manifest["role"] == "device"
    assert manifest["db_size"] == path.stat().st_size
    assert manifest["db_sha256"] == sha256_file(path)
    assert manifest["counts"]["inspections"] == 1
    assert manifest["counts"]["inspectors"] == 2
    assert manifest["counts"]["photos"] == 1
    assert manifest["counts"]["signatures"] == 0
    assert {photo.sha256, photo.derived_sha256, photo.thumb_sha256} == set(manifest["media"])
    assert manifest["media_missing"] == []

    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM inspection").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_the_manifest_names_media_files_that_are_already_missing(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    inspection = started(app)
    [photo] = photos.attach(app, [make_jpeg()], inspection_id=inspection)
    app.media.path(photo.thumb_sha256).unlink()
    path = backups.create_backup(app)
    manifest = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["media_missing"] == [photo.thumb_sha256]


def test_progress_is_reported(app: App) -> None:
    seen: list[tuple[int, int, str]] = []
    backups.create_backup(app, "daily", progress=lambda done, total, text: seen.append((done, total, text)))
    assert seen[0][0] == 0 and seen[-1][:2] == (4, 4) and seen[-1][2] == "备份完成"


@pytest.mark.parametrize(
    ("label", "kind", "shown"),
    [
        ("manual", "manual", "手动"),
        ("before-audit", "manual", "手动"),  # any label a person chose is a manual backup
        ("daily", "daily", "每日自动"),
        ("pre-import", "pre-import", "导入前自动"),
        ("pre-upgrade-0002", "pre-upgrade", "升级前自动"),
        ("pre-restore", "pre-restore", "恢复前自动"),
    ],
)
def test_kinds_follow_the_label(app: App, label: str, kind: str, shown: str) -> None:
    backups.create_backup(app, label)
    [info] = backups.list_backups(app)
    assert (info.label, info.kind, info.kind_label) == (label, kind, shown)
    assert info.protected == (kind == "manual")


def test_list_is_newest_first_with_size_time_and_kind(app: App) -> None:
    first = backups.create_backup(app, "daily")
    time.sleep(0.01)
    second = backups.create_backup(app)
    (app.data.backups / "half-written.partial").write_bytes(b"x")
    found = backups.list_backups(app)
    assert [b.path for b in found] == [second, first]
    newest = found[0]
    assert newest.label == "manual" and newest.manual and newest.kind_label == "手动"
    assert found[1].label == "daily" and not found[1].manual and found[1].kind_label == "每日自动"
    assert newest.size == second.stat().st_size > 0
    assert newest.created_at.tzinfo is not None
    assert newest.created_at > found[1].created_at
    assert newest.manifest is not None and newest.manifest["file"] == second.name
    assert backups.list_backups(app, manifests=False)[0].manifest is None


def test_list_is_empty_without_a_backup_folder(app: App) -> None:
    for item in app.data.backups.iterdir():
        item.unlink()
    app.data.backups.rmdir()
    assert backups.list_backups(app) == []


def _make(app: App, label: str, n: int) -> list[Path]:
    made = []
    for _ in range(n):
        made.append(backups.create_backup(app, label))
        time.sleep(0.002)
    return made


def test_rotation_keeps_the_newest_of_each_automatic_kind_and_every_manual_backup(app: App) -> None:
    manual = _make(app, "manual", 2) + _make(app, "before-audit", 1)
    daily = _make(app, "daily", 9)
    imports = _make(app, "pre-import", 7)
    upgrades = _make(app, "pre-upgrade-0002", 5)
    restores = _make(app, "pre-restore", 4)
    left = {b.path for b in backups.list_backups(app)}
    assert left == {*manual, *daily[-7:], *imports[-5:], *upgrades[-3:], *restores[-3:]}
    for gone in daily[:2] + imports[:2] + upgrades[:2] + restores[:1]:
        assert not gone.exists() and not gone.with_suffix(".json").exists()
    assert backups.prune(app) == []  # creating already rotated


def test_prune_spares_named_backups_and_the_one_just_made(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    daily = _make(app, "daily", 3)
    removed = backups.prune(app, {"daily": 0}, spare=[daily[0]])
    assert sorted(removed) == sorted(daily[1:])
    assert [b.path for b in backups.list_backups(app)] == [daily[0]]
    monkeypatch.setattr(backups, "RETENTION", {"daily": 0})
    newest = backups.create_backup(app, "daily")
    assert newest.exists() and not daily[0].exists()


def test_prune_removes_half_written_copies_left_by_a_crash(app: App) -> None:
    old = app.data.backups / ".daily-crashed.partial"
    old.write_bytes(b"half a database")
    hour_ago = time.time() - 3700
    os.utime(old, (hour_ago, hour_ago))
    fresh = app.data.backups / ".daily-writing-now.partial"
    fresh.write_bytes(b"being written by another window")
    backups.prune(app)
    assert not old.exists() and fresh.exists()


def test_bad_labels_and_counts_are_refused(app: App) -> None:
    for label in ("", "../evil", "手动", "a b"):
        with pytest.raises(ValidationError, match="备份标签"):
            backups.create_backup(app, label)
    with pytest.raises(ValidationError):
        backups.prune(app, {"daily": -1})
    assert backups.list_backups(app) == []


# ----- daily and before an import -----------------------------------------------------------------------


def test_daily_backs_up_when_the_newest_backup_is_a_day_old(app: App) -> None:
    made = backups.daily(app)
    assert made is not None and made.name.startswith("daily-")
    assert backups.daily(app) is None  # a fresh backup of any kind counts
    later = datetime.now(UTC) + timedelta(hours=23)
    assert backups.daily(app, now=later) is None
    assert backups.daily(app, now=later + timedelta(hours=2)) is not None
    assert [b.kind for b in backups.list_backups(app)] == ["daily", "daily"]


def test_any_recent_backup_makes_the_daily_one_unnecessary(app: App) -> None:
    backups.create_backup(app, "pre-import")
    assert backups.daily(app) is None


def test_the_daily_check_is_cheap_when_nothing_is_due(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(3):
        backups.create_backup(app)

    def no(*_a: object, **_k: object) -> None:
        raise AssertionError("the daily check must only look at file names")

    monkeypatch.setattr(backups, "read_manifest", no)
    monkeypatch.setattr(backups, "create_backup", no)
    assert backups.daily(app) is None


def test_a_backup_dated_in_the_future_does_not_stop_the_daily_one(app: App) -> None:
    backups.create_backup(app)
    assert backups.daily(app, now=datetime.now(UTC) - timedelta(days=3)) is not None


def test_before_import_takes_a_pre_import_backup(app: App) -> None:
    made = backups.before_import(app)
    assert made is not None and backups.info_of(made).kind == "pre-import"


def test_an_unneeded_pre_import_backup_can_be_discarded_and_nothing_else(app: App) -> None:
    manual = backups.create_backup(app)
    made = backups.before_import(app)
    backups.discard(made)
    backups.discard(None)
    assert [b.path for b in backups.list_backups(app)] == [manual]
    assert sorted(p.name for p in app.data.backups.iterdir()) == sorted([manual.name, manual.with_suffix(".json").name])
    with pytest.raises(ValueError):
        backups.discard(manual)
    assert manual.exists()


def test_postgresql_is_left_to_its_dba(app: App) -> None:
    pg = dataclasses.replace(app, url="postgresql+psycopg://inspector@db/inspector")
    assert backups.daily(pg) is None
    assert backups.before_import(pg) is None
    with pytest.raises(StorageError, match="pg_dump"):
        backups.create_backup(pg)
    assert backups.list_backups(app) == []


# ----- failures: a clear line, and nothing half-done -----------------------------------------------------


def _refuse(code: int):  # type: ignore[no-untyped-def]
    def refused(*_a: object, **_k: object) -> None:
        raise OSError(code, os.strerror(code))

    return refused


def test_disk_full_while_writing_a_backup_leaves_everything_as_it_was(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = backups.create_backup(app)
    before = folder_state(app.data.backups)
    monkeypatch.setattr(backup_files.os, "fsync", _refuse(errno.ENOSPC))
    with pytest.raises(StorageError) as info:
        backups.create_backup(app, "daily")
    monkeypatch.undo()
    assert str(info.value) == "磁盘空间已满，备份未完成；请清理磁盘后重试（现有数据未受影响）"
    assert folder_state(app.data.backups) == before  # no partial file, the earlier backup untouched
    assert [b.path for b in backups.list_backups(app)] == [earlier]
    registry.add_inspector(app, "王五", "43090300000099")  # the database is still writable


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_read_only_backup_folder_says_so(app: App, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _refuse(code))
    with pytest.raises(StorageError, match="数据文件夹不可写，备份未完成") as info:
        backups.create_backup(app)
    monkeypatch.undo()
    assert str(app.data.backups) in str(info.value)
    assert backups.list_backups(app) == []


def test_a_failed_rename_leaves_no_backup_behind(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups.os, "replace", _refuse(errno.EIO))
    with pytest.raises(StorageError, match="备份未完成"):
        backups.create_backup(app)
    monkeypatch.undo()
    assert list(app.data.backups.iterdir()) == []


def test_a_corrupt_database_is_not_counted_as_a_backup(app: App) -> None:
    for n in range(40):  # enough rows that the database spans many pages
        registry.add_inspector(app, f"执法人员{n:02d}号", f"430903000{n:05d}")
    good = backups.create_backup(app)
    before = folder_state(app.data.backups)
    app.close()
    corrupt_pages(app.data.db_path)
    with pytest.raises(backup_files.DamagedDatabase, match="数据库文件已损坏，备份未完成"):
        backups.create_backup(app.data, "daily")
    assert folder_state(app.data.backups) == before
    assert [b.path for b in backups.list_backups(app.data)] == [good]


def test_a_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="没有数据库"):
        backups.create_backup(tmp_path)
    assert not (tmp_path / "inspector.sqlite3").exists()
