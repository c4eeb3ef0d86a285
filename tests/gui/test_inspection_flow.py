"""An inspector's whole visit, through the real widgets: start, answer, fail, raise hazards, photo, complete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QListWidget, QPushButton, QTabWidget
from sqlmodel import select

from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.widgets.signature_pad import SignaturePad
from inspector_app.services import inspections, photos, reports, signatures
from inspector_app.store.models import Hazard, Inspection
from tests.gui.conftest import type_text
from tests.gui.test_signature_dialog import draw

click = Qt.MouseButton.LeftButton


def _start_inspection(qtbot, window: MainWindow, enterprise_name: str) -> str:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.nav_buttons["inspection"], click)
    page = window.pages["inspection"]
    panel = page.start_panel  # type: ignore[attr-defined]
    type_text(panel.search, enterprise_name)
    listing: QListWidget = panel.enterprises
    assert listing.count() == 1
    qtbot.mouseClick(listing.viewport(), click, pos=listing.visualItemRect(listing.item(0)).center())
    inspectors: QListWidget = panel.inspectors
    for row in (0, 1):
        inspectors.setCurrentRow(row)
        qtbot.keyClick(inspectors, Qt.Key.Key_Space)
    assert sum(inspectors.item(i).checkState() == Qt.CheckState.Checked for i in range(inspectors.count())) == 2
    qtbot.mouseClick(panel.start_button, click)
    checklist = page.checklist  # type: ignore[attr-defined]
    assert page.stack.currentWidget() is checklist  # type: ignore[attr-defined]
    return checklist.inspection_id


def _answer_hazard_dialog(qtbot, checklist) -> None:  # type: ignore[no-untyped-def]
    dialog = checklist.hazard_dialog
    qtbot.waitUntil(dialog.isVisible)
    ok = dialog.findChild(QPushButton, "hazard_ok")
    qtbot.mouseClick(ok, click)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_full_inspection_through_the_window(
    qtbot,
    window: MainWindow,
    make_jpeg,
    answer_prompts,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = "青山乡花岗岩采石场"
    inspection_id = _start_inspection(qtbot, window, name)
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    panel = checklist.panel
    items = [i.id for i in checklist.template.items]
    failed = {items[3], items[len(items) - 2]}
    for item_id in items:
        checklist.select_item(item_id)
        if item_id in failed:
            qtbot.mouseClick(panel.outcome_buttons["fail"], click)
            _answer_hazard_dialog(qtbot, checklist)
        else:
            qtbot.mouseClick(panel.outcome_buttons["pass"], click)
    assert checklist.progress_label.text().startswith(f"已检查 {len(items)} / {len(items)} 项")

    # A note on the first failed item, and a photo by the file dialog.
    first_failed = items[3]
    checklist.select_item(first_failed)
    type_text(panel.note, "东侧边坡有浮石")
    photo = make_jpeg("site.jpg")
    monkeypatch.setattr(
        "inspector_app.gui.widgets.photo_strip.QFileDialog.getOpenFileNames",
        lambda *a, **k: ([str(photo)], ""),
    )
    qtbot.mouseClick(panel.photos.add_button, click)
    qtbot.waitUntil(lambda: panel.photos.list.count() == 1, timeout=10_000)

    # Everyone signs on the real pads: the enterprise's responsible person and both inspectors.
    qtbot.mouseClick(checklist.sign_button, click)
    dialog = checklist.signature_dialog
    qtbot.waitExposed(dialog)
    tabs = dialog.findChild(QTabWidget, "signer_tabs")
    for n, key in enumerate(["enterprise", "inspector_0", "inspector_1"]):
        pad = dialog.findChild(SignaturePad, f"pad_{key}")
        tabs.setCurrentWidget(pad.parentWidget())
        draw(qtbot, pad, seed=n)
    qtbot.mouseClick(dialog.findChild(QPushButton, "save_signatures"), click)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    qtbot.mouseClick(checklist.complete_button, click)
    confirm = checklist.complete_dialog
    qtbot.waitUntil(confirm.isVisible)
    assert "锁定" in confirm.findChild(QLabel, "complete_text").text()
    assert not confirm.findChild(QLabel, "complete_warning").isVisible()  # everyone signed
    qtbot.mouseClick(confirm.findChild(QPushButton, "complete_ok"), click)
    qtbot.waitUntil(lambda: not confirm.isVisible())

    app = window.app
    answers = inspections.results(app, inspection_id)
    assert len(answers) == len(items)
    assert {k for k, r in answers.items() if r.outcome == "fail"} == failed
    assert answers[first_failed].note == "东侧边坡有浮石"
    with app.read() as s:
        inspection = s.get(Inspection, inspection_id)
        assert inspection.status == "completed"
        raised = s.exec(select(Hazard).where(Hazard.inspection_id == inspection_id)).all()
    template = inspections.template_for(app, inspection_id)
    assert {h.item_id for h in raised} == failed
    for hazard in raised:
        item = template.item(hazard.item_id)
        assert hazard.violates == item.violates and hazard.legal_basis == item.grounds
        assert hazard.measure == item.measure
        assert hazard.status == "ordered" and hazard.deadline is not None
        assert hazard.level == ("major" if item.major else "general")
    attached = photos.photos_of(app, inspection_id=inspection_id, item_id=first_failed)
    assert len(attached) == 1 and attached[0].original_name == "site.jpg"
    # Locked now: the outcome buttons are disabled.
    assert not panel.outcome_buttons["pass"].isEnabled()
    listed = next(r for r in reports.list_inspections(app) if r["id"] == inspection_id)
    assert listed["hazard_count"] == 2
    signed = signatures.signatures_of(app, inspection_id)
    assert [s.role for s in signed] == ["enterprise", "inspector", "inspector"]
    assert signed[0].signer_name  # the legal representative, prefilled
    assert all(app.media.verify(s.sha256) is None for s in signed)


def test_undo_and_redo_change_what_is_stored(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    inspection_id = _start_inspection(qtbot, window, "河东页岩砖厂取土场")
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    first = checklist.template.items[0].id
    checklist.select_item(first)
    qtbot.mouseClick(checklist.panel.outcome_buttons["na"], click)
    assert inspections.results(window.app, inspection_id)[first].outcome == "na"
    qtbot.mouseClick(checklist.undo_button, click)
    assert inspections.results(window.app, inspection_id)[first].outcome == "unchecked"
    qtbot.mouseClick(checklist.redo_button, click)
    assert inspections.results(window.app, inspection_id)[first].outcome == "na"
    assert "1 / " in checklist.progress_label.text()


def test_keyboard_answers_the_current_item(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    inspection_id = _start_inspection(qtbot, window, "河东页岩砖厂取土场")
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    first = checklist.current_item_id()
    checklist.tree.setFocus()
    qtbot.keyClick(checklist.tree, Qt.Key.Key_1)
    assert inspections.results(window.app, inspection_id)[first].outcome == "pass"
    assert checklist.current_item_id() != first  # moved on to the next unanswered item


def test_two_inspectors_are_required_to_start(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.nav_buttons["inspection"], click)
    panel = window.pages["inspection"].start_panel  # type: ignore[attr-defined]
    type_text(panel.search, "青山乡高岭土矿")
    panel.enterprises.setCurrentRow(0)
    panel.inspectors.setCurrentRow(0)
    qtbot.keyClick(panel.inspectors, Qt.Key.Key_Space)
    before = len(reports.drafts(window.app))
    qtbot.mouseClick(panel.start_button, click)
    assert no_error_boxes and "两名以上" in no_error_boxes[0]
    assert len(reports.drafts(window.app)) == before


def test_reinspection_from_today_closes_and_reorders(
    qtbot,
    window: MainWindow,
    make_jpeg,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from inspector_app.services import hazards

    today_page = window.pages["today"]
    qtbot.mouseClick(window.nav_buttons["today"], click)
    assert today_page.due_model.rowCount() > 0  # type: ignore[attr-defined]
    today_page.due_view.selectRow(0)  # type: ignore[attr-defined]
    enterprise_id = today_page.due_model.row(0)["enterprise_id"]  # type: ignore[attr-defined]
    open_before = hazards.open_for_review(window.app, enterprise_id)
    assert open_before
    qtbot.mouseClick(today_page.review_button, click)  # type: ignore[attr-defined]
    dialog = window.review_dialog
    qtbot.waitUntil(dialog.isVisible)
    photo = make_jpeg("review.jpg", colour=(10, 200, 10))
    monkeypatch.setattr(
        "inspector_app.gui.widgets.photo_strip.QFileDialog.getOpenFileNames",
        lambda *a, **k: ([str(photo)], ""),
    )
    first = dialog.reviews[0]
    shown = first.photos.list.count()  # the photos taken when the hazard was found
    qtbot.mouseClick(first.findChild(QPushButton, "add_photos"), click)
    qtbot.waitUntil(lambda: first.photos.list.count() == shown + 1, timeout=10_000)
    qtbot.mouseClick(dialog.findChild(type(first.choice.button(1)), "review_0_pass"), click)
    if len(dialog.reviews) > 1:
        qtbot.mouseClick(dialog.findChild(type(first.choice.button(1)), "review_1_fail"), click)
    qtbot.mouseClick(dialog.findChild(QPushButton, "review_save"), click)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    closed = hazards.get_hazard(window.app, open_before[0].id)
    assert closed.status == "closed"
    assert [p.original_name for p in photos.photos_of(window.app, hazard_id=closed.id)][-1] == "review.jpg"
    if len(open_before) > 1:
        again = hazards.get_hazard(window.app, open_before[1].id)
        assert again.status == "ordered"
        assert [e.to_status for e in hazards.history(window.app, again.id)][-2:] == ["review_failed", "ordered"]
