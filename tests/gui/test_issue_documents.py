"""Issuing from the window: 签发文书 on the checklist, 更正 and 核验 on the 文书 page, the 文号 warning on 今日."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QLineEdit, QTableView

from inspector_app.domain.enums import DocumentKind, HazardLevel
from inspector_app.domain.onsite_measures import OnsiteMeasure
from inspector_app.gui.dialogs.document_preview import DocumentPreviewDialog
from inspector_app.gui.main_window import MainWindow
from inspector_app.services import documents, hazards, numbers, reports
from inspector_app.services.timeutil import today
from tests.gui.conftest import DemoTemplates, make_demo_dir, type_text
from tests.gui.test_document_preview import completed_with_orders

click = Qt.MouseButton.LeftButton
# A popup menu raises itself and grabs the keyboard; the offscreen platform can do neither and says so.
offscreen_popup = pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)", "This plugin does not support grabbing the keyboard"
)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def open_checklist(window: MainWindow, inspection_id: str):  # type: ignore[no-untyped-def]
    window.open_inspection(inspection_id)
    return window.pages["inspection"].checklist  # type: ignore[attr-defined]


def choose(qtbot, checklist, kind: DocumentKind) -> None:  # type: ignore[no-untyped-def]
    """Click 签发文书 and pick the document from its menu, as a user does."""
    qtbot.mouseClick(checklist.issue_button, click)
    qtbot.waitUntil(checklist.issue_menu.isVisible)
    action = checklist.issue_menu.findChild(type(checklist.issue_actions[kind]), f"issue_{kind.value}")
    assert action is checklist.issue_actions[kind] and action.isEnabled()
    action.trigger()
    checklist.issue_menu.hide()


def wait_for_preview(qtbot, owner) -> DocumentPreviewDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: getattr(owner, "preview", None) is not None, timeout=20_000)
    preview = owner.preview
    qtbot.waitUntil(preview.isVisible)
    return preview


@offscreen_popup
def test_issue_an_order_from_the_checklist(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    assert app is not None
    inspection_id = completed_with_orders(app)
    checklist = open_checklist(window, inspection_id)
    assert checklist.issue_button.isVisible()
    assert [a.text() for a in checklist.issue_menu.actions() if a.isVisible()] == [
        "现场检查记录",
        "责令限期整改指令书",
        "现场处理措施决定书",
        "整改复查意见书",
    ]
    choose(qtbot, checklist, DocumentKind.RECTIFICATION_ORDER)
    preview = wait_for_preview(qtbot, checklist)
    assert no_error_boxes == []
    issued = documents.of_inspection(app, inspection_id)
    assert [d.kind for d in issued] == [DocumentKind.RECTIFICATION_ORDER.value]
    assert preview.number == issued[0].number and issued[0].number in preview.windowTitle()
    assert preview.loaded and preview.page_count >= 1
    assert preview.pdf_bytes == documents.pdf_of(app, issued[0].id)[1]
    assert checklist.issue_button.isEnabled()
    # Asking again shows the same document, not a second number.
    preview.close()
    checklist.preview = None
    choose(qtbot, checklist, DocumentKind.RECTIFICATION_ORDER)
    again = wait_for_preview(qtbot, checklist)
    assert again.number == issued[0].number
    assert "此前已签发" in again.message.text()
    assert len(documents.of_inspection(app, inspection_id)) == 1


@offscreen_popup
def test_issuing_on_a_draft_explains_why_not(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    assert app is not None
    draft = reports.drafts(app)[0]["id"]
    checklist = open_checklist(window, draft)
    choose(qtbot, checklist, DocumentKind.INSPECTION_RECORD)
    qtbot.waitUntil(lambda: bool(no_error_boxes), timeout=20_000)
    assert "请先完成检查" in no_error_boxes[0]
    assert documents.of_inspection(app, draft) == []
    assert getattr(checklist, "preview", None) is None
    assert checklist.issue_button.isEnabled() and checklist.issue_task is None


@offscreen_popup
def test_a_review_opinion_needs_an_order_first(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    assert app is not None
    checklist = open_checklist(window, completed_with_orders(app))
    choose(qtbot, checklist, DocumentKind.REVIEW_OPINION)
    qtbot.waitUntil(lambda: bool(no_error_boxes), timeout=20_000)
    assert "为前提" in no_error_boxes[0]


def _with_open_major_hazard(app) -> str:  # type: ignore[no-untyped-def]
    return next(
        r["id"]
        for r in reports.list_inspections(app)
        if r["status"] == "completed"
        and any(
            h.level == HazardLevel.MAJOR.value and h.status != "closed" for h in hazards.of_inspection(app, r["id"])
        )
    )


@needs_poppler
@offscreen_popup
def test_onsite_decision_prints_the_measures_ticked_per_hazard(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    assert app is not None
    inspection_id = _with_open_major_hazard(app)
    checklist = open_checklist(window, inspection_id)
    choose(qtbot, checklist, DocumentKind.ONSITE_DECISION)
    dialog = checklist.measures_dialog
    qtbot.waitUntil(dialog.isVisible)
    row = dialog.rows[0]
    for box in dialog.findChildren(QCheckBox):
        box.setChecked(False)
    assert not dialog.ok_button.isEnabled()  # nothing chosen yet
    qtbot.mouseClick(dialog.findChild(QCheckBox, "onsite_0_stop_use"), click)
    qtbot.mouseClick(dialog.findChild(QCheckBox, "onsite_0_evacuate"), click)
    place = dialog.findChild(QLineEdit, "onsite_0_location")
    place.clear()
    assert not dialog.ok_button.isEnabled()  # a measure without its 部位 / 设备
    type_text(place, "二号龙门起重机")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, click)
    preview = wait_for_preview(qtbot, checklist)
    stored = hazards.get_hazard(app, row.hazard.id)
    assert json.loads(stored.onsite_measures) == ["evacuate", "stop_use"]
    assert stored.location == "二号龙门起重机"
    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(preview.pdf_bytes)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "").replace(" ", "")
    assert "从二号龙门起重机危险区域内撤出作业人员" in flat
    assert "停止使用二号龙门起重机" in flat
    assert "停产停业" not in flat
    kinds = [d.kind for d in documents.of_inspection(app, inspection_id)]
    assert kinds == [DocumentKind.ONSITE_DECISION.value]


@pytest.fixture
def demo_dir(tmp_path: Path, demo_templates: DemoTemplates) -> Path:
    """The demo without its featured visit's papers: these tests count the documents they issue."""
    return make_demo_dir(tmp_path, demo_templates(False))


def test_measures_need_a_place_and_at_least_one_hazard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.gui.dialogs.onsite_measures_dialog import OnsiteMeasuresDialog

    app = window.app
    assert app is not None
    inspection_id = _with_open_major_hazard(app)
    dialog = OnsiteMeasuresDialog(app, inspection_id, window)
    qtbot.addWidget(dialog)
    dialog.open()
    listed = {r.hazard.id for r in dialog.rows}
    assert listed == {
        h.id for h in hazards.of_inspection(app, inspection_id) if h.level == "major" and h.status != "closed"
    }
    row = dialog.rows[0]
    for box in row.boxes.values():
        box.setChecked(False)
    assert not dialog.ok_button.isEnabled() and "至少" in dialog.hint.text()
    row.location.setText("  ")
    qtbot.mouseClick(row.boxes[OnsiteMeasure.SUSPEND], click)
    assert not dialog.ok_button.isEnabled() and "部位或设备" in dialog.hint.text()
    row.location.setText("3号采场")
    assert dialog.ok_button.isEnabled()
    assert dialog.choices()[0] == (row.hazard.id, ["suspend"], "3号采场")
    dialog.reject()
    assert hazards.get_hazard(app, row.hazard.id).onsite_measures == row.hazard.onsite_measures  # cancel: nothing


# -- the 文书 page --------------------------------------------------------------------------------------------


def test_documents_page_previews_and_corrects(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    assert app is not None
    original = documents.issue(app, completed_with_orders(app), DocumentKind.RECTIFICATION_ORDER)
    page = window.show_page("documents")
    table = page.findChild(QTableView, "documents_table")
    assert not page.preview_button.isEnabled() and page.verify_button.isEnabled()
    first = table.model().index(0, 0)
    where = table.visualRect(first).center()
    qtbot.mouseClick(table.viewport(), click, pos=where)
    assert page.preview_button.isEnabled()
    qtbot.mouseDClick(table.viewport(), click, pos=where)
    preview = page.preview_dialog
    qtbot.waitUntil(preview.isVisible)
    assert preview.number == original.document.number and preview.pdf_bytes == original.pdf
    preview.close()

    page.select_document(original.document.id)
    assert page.correct_button.isEnabled()
    qtbot.mouseClick(page.correct_button, click)
    asked = page.correct_dialog
    qtbot.waitUntil(asked.isVisible)
    assert original.document.number in asked.labelText()
    asked.setTextValue("整改期限填写有误")
    asked.accept()
    qtbot.waitUntil(lambda: page.correct_task is None and page.preview_dialog is not preview, timeout=20_000)
    corrected = page.preview_dialog
    qtbot.waitUntil(corrected.isVisible)
    assert no_error_boxes == []
    rows = reports.list_documents(app)
    assert len(rows) == 2
    new = next(r for r in rows if r["supersedes_id"] == original.document.id)
    assert corrected.number == new["number"] != original.document.number
    assert page.selected_document() == new["id"]
    assert page.model.rowCount() == 2
    assert new["number"] in page.findChild(QLabel, "documents_message").text()
    # The original cannot be corrected twice: the service says which one to correct.
    page.select_document(original.document.id)
    page.correct(original.document.id, "再次更正")
    qtbot.waitUntil(lambda: bool(no_error_boxes), timeout=20_000)
    assert "已被更正" in no_error_boxes[0]


def test_a_correction_needs_a_reason(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    assert app is not None
    original = documents.issue(app, completed_with_orders(app), DocumentKind.INSPECTION_RECORD)
    page = window.show_page("documents")
    page.select_document(original.document.id)
    page.correct_button.click()
    page.correct_dialog.setTextValue(" ")
    page.correct_dialog.accept()
    qtbot.waitUntil(lambda: bool(no_error_boxes), timeout=20_000)
    assert "理由" in no_error_boxes[0]
    assert len(reports.list_documents(app)) == 1


def test_documents_page_saves_and_verifies(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer_prompts: list[tuple[str, str]],  # type: ignore[no-untyped-def]
) -> None:
    app = window.app
    assert app is not None
    original = documents.issue(app, completed_with_orders(app), DocumentKind.RECTIFICATION_ORDER)
    page = window.show_page("documents")
    page.select_document(original.document.id)
    saved = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(saved), ""))
    qtbot.mouseClick(page.save_button, click)
    assert saved.read_bytes() == documents.pdf_of(app, original.document.id)[1]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(saved), ""))
    qtbot.mouseClick(page.verify_button, click)
    assert answer_prompts[-1][0] == "核验通过"
    assert original.document.number in answer_prompts[-1][1]

    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(saved.read_bytes().replace(b"%%EOF", b"%%EOF\n% edited", 1))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(tampered), ""))
    qtbot.mouseClick(page.verify_button, click)
    assert answer_prompts[-1][0] == "核验未通过"
    assert "已被改动" in answer_prompts[-1][1]
    assert page.last_verdict is not None and not page.last_verdict.genuine


# -- the 今日 banner ------------------------------------------------------------------------------------------


def test_today_warns_when_a_bureau_range_is_nearly_used(window: MainWindow) -> None:
    app = window.app
    assert app is not None
    page = window.show_page("today")
    banner = page.findChild(QLabel, "numbers_banner")
    assert not banner.isVisible()
    kind, year = DocumentKind.RECTIFICATION_ORDER, today().year
    numbers.add_block(app, app.device_id, kind, year, 101, 105)
    for _ in range(3):
        with app.write() as s:
            numbers.take(s, app, kind, year)
    page = window.show_page("today")
    assert not banner.isVisible()  # 2 of 5 left: not yet
    with app.write() as s:
        numbers.take(s, app, kind, year)
    page = window.show_page("today")
    assert banner.isVisible()
    assert "责令限期整改指令书：剩余 1 / 5 个文号（即将用完，请尽快向应急管理局申请新的文号段）" in banner.text()
    assert "现场检查记录" not in banner.text()


@offscreen_popup
def test_special_equipment_under_emergency_offers_the_referral(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, no_error_boxes: list[str]
) -> None:
    from inspector_app.domain.enums import Outcome
    from inspector_app.services import inspections
    from tests.services.helpers import started

    app = window.app
    assert app is not None
    inspection_id = started(app, sector="special_equipment")
    inspections.record_result(app, inspection_id, "se-g-02", Outcome.FAIL)
    hazards.raise_from_item(app, inspection_id, "se-g-02")
    inspections.complete_inspection(app, inspection_id)
    checklist = open_checklist(window, inspection_id)
    assert [a.text() for a in checklist.issue_menu.actions() if a.isVisible()] == ["现场检查记录", "事故隐患移送书"]
    assert not checklist.issue_actions[DocumentKind.RECTIFICATION_ORDER].isVisible()
    assert no_error_boxes == []
