"""Issuing from the window: 签发文书 on the checklist, 更正 and 核验 on the 文书 page, the 文号 warning on 今日."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QTableView

from inspector_app.domain.enums import DocumentKind, HazardLevel
from inspector_app.gui.dialogs.document_preview import DocumentPreviewDialog
from inspector_app.gui.main_window import MainWindow
from inspector_app.services import documents, hazards, numbers, reports
from inspector_app.services.document_data import ONSITE_DECISIONS
from inspector_app.services.timeutil import today
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


@needs_poppler
@offscreen_popup
def test_onsite_decision_takes_the_edited_decisions(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = window.app
    assert app is not None
    inspection_id = next(
        r["id"]
        for r in reports.list_inspections(app)
        if r["status"] == "completed"
        and any(h.level == HazardLevel.MAJOR.value for h in hazards.of_inspection(app, r["id"]))
    )
    checklist = open_checklist(window, inspection_id)
    choose(qtbot, checklist, DocumentKind.ONSITE_DECISION)
    dialog = checklist.decisions_dialog
    qtbot.waitUntil(dialog.isVisible)
    listing = dialog.list
    assert tuple(listing.item(i).text() for i in range(listing.count())) == ONSITE_DECISIONS
    listing.item(1).setText("责令暂时停止使用二号起重机，隐患排除后经审查同意方可恢复使用")
    listing.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_button, click)
    assert dialog.decisions() == ("责令暂时停止使用二号起重机，隐患排除后经审查同意方可恢复使用",)
    qtbot.mouseClick(dialog.ok_button, click)
    preview = wait_for_preview(qtbot, checklist)
    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(preview.pdf_bytes)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "").replace(" ", "")
    assert "二号起重机" in flat
    assert ONSITE_DECISIONS[0][:12] not in flat
    kinds = [d.kind for d in documents.of_inspection(app, inspection_id)]
    assert kinds == [DocumentKind.ONSITE_DECISION.value]


def test_removing_every_decision_disables_issuing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.gui.pages.checklist import OnsiteDecisionsDialog

    dialog = OnsiteDecisionsDialog(window)
    dialog.open()
    assert dialog.ok_button.isEnabled()
    while dialog.list.count():
        dialog.list.setCurrentRow(0)
        dialog.remove_current()
    assert not dialog.ok_button.isEnabled()
    dialog.add_decision()
    dialog.list.item(0).setText("立即撤出作业人员")
    assert dialog.ok_button.isEnabled() and dialog.decisions() == ("立即撤出作业人员",)
    dialog.reject()


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
