"""Restore: verify the backup and its evidence, keep the current data, swap the file safely, upgrade, check."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlmodel import select

from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import NotFoundError, StorageError
from inspector_app.services import backup_files, backups, documents, health, photos, registry, reports, restore, setup
from inspector_app.services.context import App, open_app
from inspector_app.store.migrate import MIGRATIONS, alembic_config, head_revision, upgrade
from inspector_app.store.models import Document
from tests.services.helpers import started
from tests.services.test_backups import corrupt_pages, folder_state


def names(app: App) -> list[str]:
    return sorted(i.name for i in registry.list_inspectors(app))


def db_files(app: App) -> dict[str, str]:
    root = app.data.root
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.glob("inspector.sqlite3*")}


@pytest.fixture
def reopen(data_dir: Path) -> Iterator[list[App]]:
    """Apps opened after a restore, closed at the end."""
    opened: list[App] = []
    yield opened
    for app in opened:
        app.close()


def open_again(data_dir: Path, opened: list[App]) -> App:
    app = open_app(data_dir, actor="tester")
    opened.append(app)
    return app


def test_restore_brings_back_the_backup_and_keeps_the_replaced_data(
    app: App, data_dir: Path, reopen: list[App], make_jpeg
) -> None:  # type: ignore[no-untyped-def]
    inspection = started(app)
    photos.attach(app, [make_jpeg()], inspection_id=inspection)
    backup = backups.create_backup(app)
    registry.add_inspector(app, "王五", "43090300000099")
    photos.attach(app, [make_jpeg(colour=(0, 90, 0))], inspection_id=inspection)
    seen: list[tuple[int, int, str]] = []

    result = restore.restore(app, backup, progress=lambda d, t, text: seen.append((d, t, text)))

    assert seen[0] == (0, 5, "正在校验备份……") and seen[-1] == (5, 5, "恢复完成")
    assert result.restored == backup and result.schema_before == head_revision()
    assert result.counts["photos"] == 1
    again = open_again(data_dir, reopen)
    assert names(again) == ["张三丰", "李四光"]
    assert reports.info(again)["counts"]["photos"] == 1
    assert health.check(again) == []
    # the data that was replaced is a backup of its own, listed as such
    assert result.safety_copy is not None and backups.info_of(result.safety_copy).kind == "pre-restore"
    with closing(sqlite3.connect(result.safety_copy)) as conn:
        assert conn.execute("SELECT count(*) FROM inspector WHERE name = '王五'").fetchone()[0] == 1
    assert backup.exists()
    # the photo added after the backup is still in media/ (evidence is never deleted), merely unreferenced
    assert len(health.unreferenced_media(again)) == 3
    assert not list(data_dir.glob(".restore-*"))


def crash_with_last_write_in_wal(app: App) -> tuple[bytes, bytes]:
    """The files as a power cut leaves them: the last commit (王五) only in the -wal, not yet in the database."""
    db = app.data.db_path
    with closing(sqlite3.connect(db, isolation_level=None)) as holder:
        holder.execute(
            "SELECT count(*) FROM setting"
        ).fetchone()  # a second connection keeps the -wal from being checkpointed
        registry.add_inspector(app, "王五", "43090300000099")
        app.close()
        state = db.read_bytes(), Path(f"{db}-wal").read_bytes()
    db.write_bytes(state[0])
    Path(f"{db}-wal").write_bytes(state[1])
    return state


def test_the_old_wal_is_folded_into_the_safety_copy_and_never_into_the_restored_database(
    app: App, data_dir: Path, reopen: list[App]
) -> None:
    backup = backups.create_backup(app)
    _db, wal = crash_with_last_write_in_wal(app)
    assert len(wal) > 0

    result = restore.restore(app.data, backup)

    assert not Path(f"{app.data.db_path}-wal").exists()
    again = open_again(data_dir, reopen)
    assert names(again) == []
    assert health.check(again) == []
    assert result.safety_copy is not None
    with closing(sqlite3.connect(result.safety_copy)) as conn:  # the write that lived only in the -wal
        assert conn.execute("SELECT name FROM inspector").fetchall() == [("王五",)]


def test_a_stale_wal_beside_a_damaged_database_goes_to_trash(app: App, data_dir: Path, reopen: list[App]) -> None:
    backup = backups.create_backup(app)
    _db, wal = crash_with_last_write_in_wal(app)
    # Unreadable from the first byte, so SQLite never looks at the -wal; left beside the restored file, that
    # -wal would be replayed into it (its frames carry their own checksums, not the database's identity).
    app.data.db_path.write_bytes(b"this is not a database at all" * 1000)

    result = restore.restore(app.data, backup)

    assert not Path(f"{app.data.db_path}-wal").exists()
    [moved] = app.data.trash.glob("inspector.sqlite3-wal-*")
    assert moved.read_bytes() == wal
    assert result.safety_copy is not None and Path(f"{result.safety_copy}-wal").read_bytes() == wal
    again = open_again(data_dir, reopen)
    assert names(again) == []
    assert health.check(again) == []


def test_restore_is_refused_while_another_program_holds_the_database(app: App, data_dir: Path) -> None:
    backup = backups.create_backup(app)
    registry.add_inspector(app, "王五", "43090300000099")
    with closing(sqlite3.connect(app.data.db_path)) as other:
        other.execute("SELECT count(*) FROM inspector").fetchone()
        with pytest.raises(StorageError, match="正被其他窗口或命令行使用"):
            restore.restore(app, backup)
    still = open_app(data_dir)
    assert "王五" in names(still)
    still.close()


def test_a_corrupt_database_is_replaced_and_kept_in_trash(app: App, data_dir: Path, reopen: list[App]) -> None:
    started(app)
    backup = backups.create_backup(app)
    app.close()
    db = app.data.db_path
    with db.open("r+b") as fh:
        fh.write(b"not a database header!!")
    with pytest.raises(StorageError, match="损坏"):
        open_app(data_dir)
    damaged = db.read_bytes()

    result = restore.restore(data_dir, backup)

    assert result.safety_copy is not None and result.safety_copy.parent == app.data.trash
    assert result.safety_copy.read_bytes() == damaged
    again = open_again(data_dir, reopen)
    assert names(again) == ["张三丰", "李四光"]
    assert health.check(again) == []


def test_the_newest_good_backup_is_found_past_a_damaged_one(app: App) -> None:
    good = backups.create_backup(app, "daily")
    for n in range(40):
        registry.add_inspector(app, f"执法人员{n:02d}号", f"430903000{n:05d}")
    newer = backups.create_backup(app)
    corrupt_pages(newer)
    found = restore.newest_restorable(app)
    assert found is not None and found.path == good.resolve()
    assert not restore.inspect_backup(app, newer).ok


def test_missing_evidence_refuses_the_restore_and_changes_nothing(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    inspection = started(app)
    [photo] = photos.attach(app, [make_jpeg()], inspection_id=inspection)
    backup = backups.create_backup(app)
    app.media.path(photo.derived_sha256).unlink()
    registry.add_inspector(app, "王五", "43090300000099")
    app.close()
    before, listed = db_files(app), folder_state(app.data.backups)
    check = restore.inspect_backup(app.data, backup)
    assert check.media_missing == [photo.derived_sha256] and not check.ok
    with pytest.raises(StorageError, match="1 个证据文件在 media 文件夹中找不到"):
        restore.restore(app.data, backup)
    assert db_files(app) == before and folder_state(app.data.backups) == listed


def test_evidence_moved_to_trash_is_copied_back(app: App, data_dir: Path, reopen: list[App], make_jpeg) -> None:  # type: ignore[no-untyped-def]
    inspection = started(app)
    [photo] = photos.attach(app, [make_jpeg()], inspection_id=inspection)
    backup = backups.create_backup(app)
    app.media.move_to_trash(photo.thumb_sha256)
    result = restore.restore(app, backup)
    assert result.media_recovered == 1
    assert (app.data.trash / photo.thumb_sha256).exists()
    assert health.check(open_again(data_dir, reopen)) == []


@pytest.mark.parametrize("damage", ["pages", "one byte"])
def test_a_damaged_backup_is_refused(app: App, damage: str) -> None:
    for n in range(40):
        registry.add_inspector(app, f"执法人员{n:02d}号", f"430903000{n:05d}")
    backup = backups.create_backup(app)
    if damage == "pages":
        corrupt_pages(backup)
    else:  # a name changed inside the file: structurally fine, caught by the manifest's hash
        raw = backup.read_bytes()
        backup.write_bytes(raw.replace("执法人员07号".encode(), "执法人员70号".encode(), 1))
    app.close()
    before = db_files(app)
    with pytest.raises(StorageError, match="备份文件不能使用，未恢复"):
        restore.restore(app.data, backup)
    assert db_files(app) == before


def test_a_backup_from_a_newer_program_is_refused(app: App, tmp_path: Path) -> None:
    from tests.store.test_migrations import EXTRA_REVISION

    future = tmp_path / "future-migrations"
    shutil.copytree(MIGRATIONS, future, ignore=shutil.ignore_patterns("__pycache__"))
    (future / "versions" / "9001_future.py").write_text(EXTRA_REVISION.format(head=head_revision()))
    backup = backups.create_backup(app)
    upgrade(f"sqlite:///{backup}", None, script_location=future)
    backup.with_suffix(".json").unlink()
    with pytest.raises(StorageError, match="更新版本的程序创建（架构版本 9001）"):
        restore.restore(app.data, backup)


def test_an_older_backup_is_upgraded_on_restore(app: App, data_dir: Path, reopen: list[App]) -> None:
    from alembic import command

    from inspector_app.store.db import make_engine

    started(app)
    backup = backups.create_backup(app)
    engine = make_engine(f"sqlite:///{backup}", writer=True, foreign_keys=False)
    cfg = alembic_config(f"sqlite:///{backup}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    engine.dispose()
    with closing(sqlite3.connect(backup)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    backup.with_suffix(".json").unlink()

    result = restore.restore(app, backup)

    assert result.schema_before == "0002"
    again = open_again(data_dir, reopen)
    assert reports.info(again)["schema_version"] == head_revision()
    assert names(again) == ["张三丰", "李四光"]
    assert health.check(again) == []


def test_a_backup_of_another_device_is_refused(app: App, tmp_path: Path) -> None:
    other = tmp_path / "other"
    setup.init(other)
    with open_app(other) as theirs:
        backup = backups.create_backup(theirs)
    with pytest.raises(StorageError, match="属于另一台终端"):
        restore.restore(app, backup)
    assert app.setting("device_id")  # our App was closed by the attempt, but nothing changed on disk
    assert restore.current_device_id(app.data) == app.device_id


def test_document_numbers_are_never_issued_twice_after_a_restore(
    demo_app: App, data_dir: Path, reopen: list[App]
) -> None:
    done = [
        r["id"]
        for r in reports.list_inspections(demo_app)
        if r["status"] == "completed" and not documents.of_inspection(demo_app, r["id"])
    ]
    backup = backups.create_backup(demo_app)
    first = documents.issue(demo_app, done[0], DocumentKind.INSPECTION_RECORD).document.number

    result = restore.restore(demo_app, backup)

    assert result.carried.numbers >= 1
    again = open_again(data_dir, reopen)
    with again.read() as s:
        assert s.exec(select(Document).where(Document.number == first)).all() == []  # gone with the restore
    second = documents.issue(again, done[0], DocumentKind.INSPECTION_RECORD).document.number
    assert second != first
    assert health.check(again) == []


def test_a_name_from_the_backup_list_is_enough(app: App) -> None:
    backup = backups.create_backup(app)
    assert restore.resolve_backup(app, backup.name) == backup.resolve()
    with pytest.raises(NotFoundError, match="找不到备份文件"):
        restore.resolve_backup(app, "manual-nothing.sqlite3")


@pytest.mark.parametrize("where", ["safety copy", "staged file"])
def test_disk_full_during_a_restore_changes_nothing(app: App, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    backup = backups.create_backup(app)
    registry.add_inspector(app, "王五", "43090300000099")
    app.close()
    before, listed = db_files(app), folder_state(app.data.backups)

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "safety copy":
        monkeypatch.setattr(backup_files.os, "fsync", full)
    else:  # the pre-restore backup is written, then the disk fills up

        def staged_full(path: Path, doing: str) -> None:
            with monkeypatch.context() as patch:
                patch.setattr(backup_files.os, "fsync", full)
                backup_files.fsync_file(path, doing)

        monkeypatch.setattr(restore, "fsync_file", staged_full)
    with pytest.raises(StorageError) as info:
        restore.restore(app.data, backup)
    monkeypatch.undo()
    assert str(info.value) == "磁盘空间已满，恢复未完成；请清理磁盘后重试（现有数据未受影响）"
    assert db_files(app) == before
    if where == "safety copy":
        assert folder_state(app.data.backups) == listed
    assert not list(app.data.root.glob(".restore-*"))
    assert not list(app.data.backups.glob("*.partial"))


def test_postgresql_restores_are_left_to_its_dba(app: App) -> None:
    backup = backups.create_backup(app)
    pg = dataclasses.replace(app, url="postgresql+psycopg://inspector@db/inspector")
    with pytest.raises(StorageError, match="pg_dump"):
        restore.restore(pg, backup)
    assert restore.current_device_id(app.data) == app.device_id


def test_a_bureau_folder_on_postgresql_is_refused_by_path_too(app: App, tmp_path: Path) -> None:
    from inspector_app.store.paths import DataDir

    backup = backups.create_backup(app)
    bureau = DataDir(tmp_path / "bureau")
    bureau.ensure()
    bureau.record_server("postgresql://inspector@db.example/inspector")
    for attempt in (lambda: backups.create_backup(bureau.root), lambda: restore.restore(bureau.root, backup)):
        with pytest.raises(StorageError, match="pg_dump"):
            attempt()
    assert backups.list_backups(bureau) == []
