"""The window never shows a traceback for the environment's failures: a damaged database at start offers the
newest intact backup, a too-new one says why, a read-only or full database refuses an answer with a message,
and the daily backup runs after the window has opened its data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, text

from inspector_app.gui.main_window import MainWindow
from inspector_app.services import backups, health, inspections, registry, reports
from inspector_app.services.context import App
from inspector_app.store.paths import DataDir
from tests.gui.conftest import type_text

click = Qt.MouseButton.LeftButton


def open_window(qtbot, folder: Path, **kwargs: Any) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(str(folder), load=False, **kwargs)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.load()
    return window


def make_garbage(folder: Path) -> bytes:
    db = DataDir(folder).db_path
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database at all" * 1000)
    return db.read_bytes()


def test_a_damaged_database_at_start_offers_the_newest_intact_backup(qtbot, styled_qapp, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.services.test_backups import corrupt_pages

    with _opened(demo_dir) as app:
        good = backups.create_backup(app, "daily")
        names = sorted(i.name for i in registry.list_inspectors(app))
        newer = backups.create_backup(app)
    corrupt_pages(newer)  # the newest backup is damaged too: the flow must pass over it
    damaged = make_garbage(demo_dir)

    window = open_window(qtbot, demo_dir)

    assert window.app is None and "数据库文件已损坏，无法打开" in window.placeholder.text()
    assert str(demo_dir) in window.placeholder.text()
    assert not any(button.isEnabled() for button in window.nav_buttons.values())
    qtbot.waitUntil(lambda: getattr(window.restoring, "dialog", None) is not None, timeout=15_000)
    dialog = window.restoring.dialog
    assert "数据库文件已损坏，无法打开" in dialog.findChild(type(dialog.consequences), "restore_intro").text()
    assert dialog.check.path == good.resolve()
    assert "trash" in dialog.consequences.text()
    with qtbot.waitSignal(window.restoring.finished, timeout=30_000):
        qtbot.mouseClick(dialog.restore_button, click)
    assert window.app is not None and set(window.pages) >= {"today", "settings"}
    assert all(button.isEnabled() for button in window.nav_buttons.values())
    assert sorted(i.name for i in registry.list_inspectors(window.app)) == names
    assert health.check(window.app) == []
    [kept] = DataDir(demo_dir).trash.glob("damaged-*")
    assert kept.read_bytes() == damaged
    window.runner.wait(10_000)


@contextmanager
def _opened(folder: Path) -> Iterator[App]:
    from inspector_app.services.context import open_app

    app = open_app(folder)
    try:
        yield app
    finally:
        app.close()


def test_a_damaged_database_without_a_backup_says_what_to_do(
    qtbot, styled_qapp, demo_dir: Path, answer_prompts
) -> None:  # type: ignore[no-untyped-def]
    damaged = make_garbage(demo_dir)
    window = open_window(qtbot, demo_dir)
    qtbot.waitUntil(lambda: bool(answer_prompts), timeout=15_000)
    title, message = answer_prompts[0]
    assert title == "无法打开数据" and "没有找到可以恢复的完好备份" in message and str(demo_dir) in message
    assert window.app is None and "数据库文件已损坏" in window.placeholder.text()
    assert DataDir(demo_dir).db_path.read_bytes() == damaged


def test_a_database_from_a_newer_program_is_a_message(
    qtbot, styled_qapp, demo_dir: Path, no_error_boxes, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.store.migrate import MIGRATIONS, head_revision, upgrade
    from tests.store.test_migrations import EXTRA_REVISION

    future = tmp_path / "future-migrations"
    shutil.copytree(MIGRATIONS, future, ignore=shutil.ignore_patterns("__pycache__"))
    (future / "versions" / "9001_future.py").write_text(EXTRA_REVISION.format(head=head_revision()))
    upgrade(DataDir(demo_dir).sqlite_url(), None, script_location=future)
    window = open_window(qtbot, demo_dir)
    assert window.app is None
    assert no_error_boxes and "更新版本的程序" in no_error_boxes[0]
    assert "更新版本的程序" in window.placeholder.text()
    assert getattr(window, "restoring", None) is None  # no restore is offered for a newer database


def test_the_daily_backup_runs_after_the_window_opened_its_data(qtbot, styled_qapp, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_dir, daily_backup=True)
    qtbot.waitUntil(lambda: [b.kind for b in backups.list_backups(window.app)] == ["daily"], timeout=15_000)
    window.runner.wait(10_000)
    page = window.show_page("settings")
    assert page.backups.table.item(0, 1).text() == "每日自动"
    window.reopen()  # a second opening within 24 hours takes no second backup
    window.runner.wait(10_000)
    assert len(backups.list_backups(window.app)) == 1


def test_tests_and_screenshots_take_no_daily_backup(window: MainWindow) -> None:
    window.runner.wait(10_000)
    assert backups.list_backups(window.app) == []


@contextmanager
def pragma_on_writes(app: App, pragma: str) -> Iterator[None]:
    def on_connect(conn: Any, _record: Any) -> None:
        conn.execute(pragma)

    event.listen(app.writer, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(app.writer, "connect", on_connect)


def open_draft(window: MainWindow):  # type: ignore[no-untyped-def]
    inspection_id = reports.drafts(window.app)[-1]["id"]
    window.open_inspection(inspection_id)
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    return inspection_id, checklist


def test_an_answer_on_a_read_only_database_is_refused_with_a_message(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    no_error_boxes: list[str],
) -> None:
    inspection_id, checklist = open_draft(window)
    item = checklist.current_item_id()
    before = {k: (r.outcome, r.note) for k, r in inspections.results(window.app, inspection_id).items()}
    with pragma_on_writes(window.app, "PRAGMA query_only=1"):
        qtbot.mouseClick(checklist.panel.outcome_buttons["na"], click)
    assert no_error_boxes and "只读" in no_error_boxes[0]
    after = {k: (r.outcome, r.note) for k, r in inspections.results(window.app, inspection_id).items()}
    assert after == before
    assert checklist.outcomes.get(item, "unchecked") == before.get(item, ("unchecked", None))[0]


def test_a_note_on_a_full_disk_is_refused_with_a_message(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    no_error_boxes: list[str],
) -> None:
    inspection_id, checklist = open_draft(window)
    item = checklist.current_item_id()
    before = inspections.results(window.app, inspection_id).get(item)
    with window.app.read() as s:
        pages = int(s.execute(text("PRAGMA page_count")).scalar_one())
    with pragma_on_writes(window.app, f"PRAGMA max_page_count={pages}"):
        type_text(checklist.panel.note, "配电箱未接地。" * 3000)
        checklist.panel.flush_note()
    assert no_error_boxes and no_error_boxes[0].startswith("磁盘空间已满")
    after = inspections.results(window.app, inspection_id).get(item)
    assert (after.note if after else None) == (before.note if before else None)


def test_a_daily_backup_that_finds_the_database_damaged_offers_a_restore(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from inspector_app.services import backup_files

    good = backups.create_backup(window.app)

    def damaged(*_a: object, **_k: object) -> None:
        raise backup_files.DamagedDatabase("数据库文件已损坏，备份未完成；请恢复最近的备份")

    monkeypatch.setattr(backups, "daily", damaged)
    window.start_daily_backup()
    qtbot.waitUntil(lambda: getattr(getattr(window, "restoring", None), "dialog", None) is not None, timeout=15_000)
    dialog = window.restoring.dialog
    assert dialog.check.path == good.resolve() and dialog.damaged
    assert "每日自动备份时发现数据库文件已损坏" in dialog.findChild(type(dialog.consequences), "restore_intro").text()
    dialog.reject()


def test_a_daily_backup_on_a_full_disk_is_a_message(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    no_error_boxes: list[str],
) -> None:
    import errno
    import os

    from inspector_app.services import backup_files

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(backup_files.os, "fsync", full)
    window.start_daily_backup()
    qtbot.waitUntil(lambda: bool(no_error_boxes), timeout=15_000)
    monkeypatch.undo()
    assert no_error_boxes == ["磁盘空间已满，备份未完成；请清理磁盘后重试（现有数据未受影响）"]
    assert backups.list_backups(window.app) == []
    assert getattr(window, "restoring", None) is None
