"""今日 and 企业 pages, the photo strip's drop and paste, and every small table model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage

from inspector_app.gui.main_window import MainWindow
from inspector_app.services import photos, reports
from tests.gui.conftest import type_text

click = Qt.MouseButton.LeftButton


def test_every_rows_model_passes_the_model_tester(qtbot, qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    today = window.show_page("today")
    qtmodeltester.check(today.due_model)  # type: ignore[attr-defined]
    qtmodeltester.check(today.drafts_model)  # type: ignore[attr-defined]
    enterprises = window.show_page("enterprises")
    with_history = next(n for n, r in enumerate(enterprises.model.rows) if r["name"] == "湘中氯碱化工股份有限公司")  # type: ignore[attr-defined]
    enterprises.view.selectRow(with_history)  # type: ignore[attr-defined]
    for model in (enterprises.model, enterprises.history_inspections, enterprises.history_hazards):  # type: ignore[attr-defined]
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_today_lists_overdue_first_and_the_drafts(window: MainWindow) -> None:
    today = window.show_page("today")
    due = today.due_model.rows  # type: ignore[attr-defined]
    assert due and due[0]["overdue"] and due[0]["days_left"] < 0
    assert [r["days_left"] for r in due] == sorted(r["days_left"] for r in due)
    assert len(today.drafts_model.rows) == len(reports.drafts(window.app))  # type: ignore[attr-defined]
    assert "逾期" in today.summary.text()  # type: ignore[attr-defined]


def test_continue_a_draft_from_today(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    today = window.show_page("today")
    today.drafts_view.selectRow(0)  # type: ignore[attr-defined]
    qtbot.mouseClick(today.continue_button, click)  # type: ignore[attr-defined]
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    assert window.stack.currentWidget() is window.pages["inspection"]
    assert checklist.inspection_id == today.drafts_model.row(0)["id"]  # type: ignore[attr-defined]


def test_enterprise_search_filters_and_starts_an_inspection(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.nav_buttons["enterprises"], click)
    page = window.pages["enterprises"]
    total = page.model.rowCount()  # type: ignore[attr-defined]
    assert total == 30
    page.township.setCurrentIndex(page.township.findText("青山乡"))  # type: ignore[attr-defined]
    assert 0 < page.model.rowCount() < total  # type: ignore[attr-defined]
    assert {r["township"] for r in page.model.rows} == {"青山乡"}  # type: ignore[attr-defined]
    page.township.setCurrentIndex(0)  # type: ignore[attr-defined]
    type_text(page.search, "尾矿库")  # type: ignore[attr-defined]
    assert [r["name"] for r in page.model.rows] == ["益阳金源尾矿库管理有限公司"]  # type: ignore[attr-defined]
    page.view.selectRow(0)  # type: ignore[attr-defined]
    assert page.fields["credit_code"].text().startswith("91430903")  # type: ignore[attr-defined]
    assert page.history_inspections.rowCount() == 1  # type: ignore[attr-defined]
    qtbot.mouseClick(page.start_button, click)  # type: ignore[attr-defined]
    start = window.pages["inspection"].start_panel  # type: ignore[attr-defined]
    assert window.stack.currentWidget() is window.pages["inspection"]
    assert start.enterprises.currentItem().text().startswith("益阳金源尾矿库管理有限公司")


def _open_first_draft(window: MainWindow):  # type: ignore[no-untyped-def]
    draft = next(r for r in reports.drafts(window.app) if r["hazard_count"] == 0)
    window.open_inspection(draft["id"])
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    return draft["id"], checklist


def test_photos_dropped_on_the_item_are_stored(qtbot, window: MainWindow, make_jpeg, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    inspection_id, checklist = _open_first_draft(window)
    item_id = checklist.current_item_id()
    strip = checklist.panel.photos
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(make_jpeg("drop1.jpg"))),
            QUrl.fromLocalFile(str(make_jpeg("drop2.jpg", colour=(5, 5, 5)))),
        ]
    )
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    # Qt delivers Drop events only inside a real drag session, so the handler is called as the session would.
    strip.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: strip.list.count() == 2 or bool(no_error_boxes), timeout=10_000)
    assert no_error_boxes == []
    stored = photos.photos_of(window.app, inspection_id=inspection_id, item_id=item_id)
    assert sorted(p.original_name for p in stored) == ["drop1.jpg", "drop2.jpg"]


def test_pasted_screenshot_becomes_evidence(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    inspection_id, checklist = _open_first_draft(window)
    item_id = checklist.current_item_id()
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    QGuiApplication.clipboard().setImage(image)
    strip = checklist.panel.photos
    strip.paste()
    qtbot.waitUntil(lambda: strip.list.count() == 1 or bool(no_error_boxes), timeout=10_000)
    assert no_error_boxes == []
    stored = photos.photos_of(window.app, inspection_id=inspection_id, item_id=item_id)
    assert len(stored) == 1 and stored[0].mime == "image/png" and (stored[0].width, stored[0].height) == (320, 200)


def test_a_broken_photo_gives_a_message_and_the_window_keeps_working(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path, no_error_boxes: list[str]
) -> None:
    _, checklist = _open_first_draft(window)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    strip = checklist.panel.photos
    strip.add_files([bad])
    qtbot.waitUntil(lambda: bool(no_error_boxes), timeout=10_000)
    assert "broken.jpg" in no_error_boxes[0]
    assert strip.list.count() == 0
    before = checklist.progress.value()
    checklist.select_item(next(i.id for i in checklist.template.items if i.id not in checklist.outcomes))
    qtbot.mouseClick(checklist.panel.outcome_buttons["pass"], click)
    assert checklist.progress.value() == before + 1
