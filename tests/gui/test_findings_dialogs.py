"""Part 6 in the window: 部位 on a hazard, 复查 by two officers with a new deadline and 整改后 photos, 职务 and
拒绝签名 on the signing dialog, and the end of 检查时间 set when completing — each through the real widgets."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QRadioButton

from inspector_app.domain.enums import DocumentKind, Outcome
from inspector_app.gui.main_window import MainWindow
from inspector_app.services import documents, hazards, inspections, photos, registry, signatures
from inspector_app.services.timeutil import local_date, now_local, to_local
from tests.gui.conftest import type_text
from tests.gui.test_document_preview import completed_with_orders
from tests.gui.test_signature_dialog import draw

click = Qt.MouseButton.LeftButton
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.replace("\n", "").replace(" ", "")


def fresh_inspection(window: MainWindow, hours_ago: int = 3) -> str:
    """A draft begun a few hours ago with one answer, open on the checklist."""
    app = window.app
    assert app is not None
    enterprise = registry.find_enterprises(app)[0]
    officers = [i.id for i in registry.list_inspectors(app)[:2]]
    started = now_local().replace(second=0, microsecond=0) - timedelta(hours=hours_ago)
    inspection_id = inspections.start_inspection(app, enterprise.id, officers, started_at=started).id
    first = inspections.template_for(app, inspection_id).items[0].id
    inspections.record_result(app, inspection_id, first, Outcome.PASS)
    window.open_inspection(inspection_id)
    return inspection_id


def test_a_hazard_states_the_violation_and_its_place(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    inspection_id = fresh_inspection(window)
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    item = next(i for i in checklist.template.items if i.violates and i.grounds)
    checklist.select_item(item.id)
    type_text(checklist.panel.note, "东侧边坡有浮石")
    checklist.flush()
    assert checklist.panel.violates.text() == "违反：" + item.violates
    assert checklist.panel.grounds.text() == "依据：" + item.grounds
    qtbot.mouseClick(checklist.panel.outcome_buttons["fail"], click)
    dialog = checklist.hazard_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.description.toPlainText() == hazards.suggested_description(item.violation, "东侧边坡有浮石")
    assert dialog.findChild(QLabel, "hazard_violates").text() == item.violates
    assert dialog.findChild(QLabel, "hazard_grounds").text() == item.grounds
    type_text(dialog.findChild(QLineEdit, "hazard_location"), "3号采场东侧边坡")
    qtbot.mouseClick(dialog.findChild(QPushButton, "hazard_ok"), click)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (raised,) = hazards.of_inspection(window.app, inspection_id)  # type: ignore[arg-type]
    assert raised.location == "3号采场东侧边坡"
    assert raised.violates == item.violates and raised.legal_basis == item.grounds
    assert raised.description.endswith("（东侧边坡有浮石）")


def test_review_by_two_officers_reorders_a_failed_hazard(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, make_jpeg, no_error_boxes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = window.app
    assert app is not None
    enterprise_id = inspections.get_inspection(app, completed_with_orders(app)).enterprise_id
    window.open_review(enterprise_id)
    dialog = window.review_dialog
    qtbot.waitUntil(dialog.isVisible)
    officers = dialog.officers
    assert len(dialog.chosen_officers()) == 2  # the operator or the original inspection's officers
    hazard = dialog.reviews[0].hazard
    # One officer alone cannot review: nothing is written.
    officers.item(
        next(n for n in range(officers.count()) if officers.item(n).checkState() == Qt.CheckState.Checked)
    ).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.findChild(QRadioButton, "review_0_fail"), click)
    qtbot.mouseClick(dialog.findChild(QPushButton, "review_save"), click)
    assert no_error_boxes and "两名以上" in no_error_boxes[0]
    assert hazards.get_hazard(app, hazard.id).status == hazard.status
    chosen = [
        officers.item(n).data(Qt.ItemDataRole.UserRole)
        for n in range(officers.count())
        if officers.item(n).checkState() == Qt.CheckState.Checked
    ]
    spare = next(n for n in range(officers.count()) if officers.item(n).checkState() == Qt.CheckState.Unchecked)
    officers.item(spare).setCheckState(Qt.CheckState.Checked)
    chosen.append(officers.item(spare).data(Qt.ItemDataRole.UserRole))

    reviewed = now_local().replace(second=0, microsecond=0) - timedelta(hours=1)
    dialog.reviewed_at.set_moment(reviewed)
    deadline = dialog.findChild(type(dialog.reviews[0].deadline), "review_0_deadline")
    assert deadline.isEnabled()
    assert deadline.minimumDate() > QDate(reviewed.year, reviewed.month, reviewed.day)  # after the review day
    new_deadline = local_date(reviewed) + timedelta(days=20)
    deadline.setDate(QDate(new_deadline.year, new_deadline.month, new_deadline.day))
    type_text(dialog.findChild(QLineEdit, "review_0_note"), "警示标志仍未设置")

    photo = make_jpeg("after.jpg", colour=(10, 200, 10))
    monkeypatch.setattr(
        "inspector_app.gui.widgets.photo_strip.QFileDialog.getOpenFileNames", lambda *a, **k: ([str(photo)], "")
    )
    strip = dialog.reviews[0].photos
    shown = strip.list.count()
    qtbot.mouseClick(dialog.reviews[0].findChild(QPushButton, "add_photos"), click)
    qtbot.waitUntil(lambda: strip.list.count() == shown + 1, timeout=10_000)
    qtbot.mouseClick(dialog.findChild(QPushButton, "review_save"), click)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    again = hazards.get_hazard(app, hazard.id)
    assert again.status == "ordered" and again.deadline == new_deadline
    events = hazards.history(app, hazard.id)[-2:]
    assert [e.to_status for e in events] == ["review_failed", "ordered"]
    assert all(sorted(json.loads(e.officers)) == sorted(chosen) for e in events)
    assert to_local(events[0].at) == reviewed
    after = photos.photos_of(app, hazard_id=hazard.id)[-1]
    assert after.original_name == "after.jpg" and after.stage == "after"
    names = {i.id: i.name for i in registry.list_inspectors(app)}
    assert after.taken_by in {names[i] for i in chosen}


def test_signing_records_the_title(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    inspection_id = fresh_inspection(window)
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    qtbot.mouseClick(checklist.sign_button, click)
    dialog = checklist.signature_dialog
    qtbot.waitExposed(dialog)
    title = dialog.findChild(QLineEdit, "signer_title")
    title.clear()
    type_text(title, "矿长")
    draw(qtbot, dialog.pads["enterprise"])
    qtbot.mouseClick(dialog.save_button, click)
    (signed,) = [s for s in signatures.signatures_of(window.app, inspection_id) if s.role == "enterprise"]  # type: ignore[arg-type]
    assert signed.signer_title == "矿长" and signed.sha256


def _refuse(qtbot, window: MainWindow, no_error_boxes: list[str]) -> str:  # type: ignore[no-untyped-def]
    inspection_id = fresh_inspection(window)
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    qtbot.mouseClick(checklist.sign_button, click)
    dialog = checklist.signature_dialog
    qtbot.waitExposed(dialog)
    name = dialog.findChild(QLineEdit, "signer_name")
    name.clear()
    type_text(name, "钱永福")
    type_text(dialog.findChild(QLineEdit, "signer_title"), "总经理")
    qtbot.mouseClick(dialog.findChild(QPushButton, "refuse_signature"), click)
    form = dialog.refusal_dialog
    qtbot.waitUntil(form.isVisible)
    assert form.findChild(QLineEdit, "refusal_name").text() == "钱永福"
    assert not form.ok_button.isEnabled()  # no witness, no recording: nothing proves it
    type_text(form.findChild(QLineEdit, "refusal_witness"), "李四")
    assert form.ok_button.isEnabled()
    qtbot.mouseClick(form.ok_button, click)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert no_error_boxes == []
    state = dialog.findChild(QLabel, "state_enterprise")
    assert "拒绝签名" in state.text() and "李四" in state.text()
    assert not dialog.findChild(QLabel, "existing_enterprise").isVisible()  # no image is looked for
    assert dialog.tabs.tabText(0).endswith("（拒签）")
    dialog.close()
    return inspection_id


def test_refusal_to_sign_is_recorded_with_its_witness(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    inspection_id = _refuse(qtbot, window, no_error_boxes)
    (row,) = signatures.signatures_of(window.app, inspection_id)  # type: ignore[arg-type]
    assert signatures.refusal_of(row) == {"witness": "李四", "recording": ""}
    assert (row.signer_name, row.signer_title, row.sha256) == ("钱永福", "总经理", "")
    # Reopening the dialog shows the refusal again, without trying to load a picture.
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    qtbot.mouseClick(checklist.sign_button, click)
    reopened = checklist.signature_dialog
    qtbot.waitExposed(reopened)
    assert "拒绝签名" in reopened.findChild(QLabel, "state_enterprise").text()
    assert no_error_boxes == []


@needs_poppler
def test_the_record_prints_the_refusal(qtbot, window: MainWindow, no_error_boxes: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    assert app is not None
    inspection_id = _refuse(qtbot, window, no_error_boxes)
    inspections.complete_inspection(app, inspection_id)
    flat = pdf_text(documents.issue(app, inspection_id, DocumentKind.INSPECTION_RECORD).pdf, tmp_path)
    assert "拒绝签名" in flat and "李四" in flat


@needs_poppler
def test_complete_sets_the_end_of_the_inspection(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, no_error_boxes: list[str], tmp_path: Path
) -> None:
    app = window.app
    assert app is not None
    inspection_id = fresh_inspection(window, hours_ago=3)
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    started = to_local(inspections.get_inspection(app, inspection_id).started_at)
    assert started is not None
    qtbot.mouseClick(checklist.complete_button, click)
    dialog = checklist.complete_dialog
    qtbot.waitUntil(dialog.isVisible)
    warning = dialog.findChild(QLabel, "complete_warning")
    assert warning.isVisible() and "尚未签名" in warning.text()  # a warning, not a block
    edit = dialog.ended_at
    assert edit.minimumDateTime().toPython() == started.replace(tzinfo=None)
    assert edit.maximumDateTime().toPython() <= now_local().replace(tzinfo=None)
    ended = started + timedelta(minutes=95)
    edit.set_moment(ended)
    qtbot.mouseClick(dialog.findChild(QPushButton, "complete_ok"), click)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert no_error_boxes == []
    done = inspections.get_inspection(app, inspection_id)
    assert done.status == "completed" and to_local(done.ended_at) == ended
    assert checklist.locked and not checklist.complete_button.isEnabled()
    flat = pdf_text(documents.issue(app, inspection_id, DocumentKind.INSPECTION_RECORD).pdf, tmp_path)
    end = f"{ended.hour}时{ended.minute:02d}分"
    assert f"至{end}" in flat if ended.date() == started.date() else f"至{ended.month}月{ended.day}日{end}" in flat


def test_cancelling_complete_keeps_the_draft(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    inspection_id = fresh_inspection(window)
    checklist = window.pages["inspection"].checklist  # type: ignore[attr-defined]
    qtbot.mouseClick(checklist.complete_button, click)
    dialog = checklist.complete_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    assert inspections.get_inspection(window.app, inspection_id).status == "draft"  # type: ignore[arg-type]
    assert not checklist.locked and checklist.complete_button.isEnabled()
