"""现场签名 dialog over a demo draft inspection: draw on the real pads, save, and see who has signed."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTabWidget

from inspector_app.gui.dialogs.signature_dialog import SignatureDialog
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.widgets.signature_pad import SignaturePad
from inspector_app.services import health, inspections, registry, reports, signatures

click = Qt.MouseButton.LeftButton


def draw(qtbot, pad: SignaturePad, seed: int = 0) -> None:  # type: ignore[no-untyped-def]
    points = [QPoint(60 + t * 9, 100 + round(28 * math.sin((t + seed) / 3))) for t in range(40)]
    qtbot.mousePress(pad, click, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, click, pos=points[-1])


@pytest.fixture
def draft(window: MainWindow) -> dict:  # type: ignore[type-arg]
    return next(i for i in reports.list_inspections(window.app) if i["status"] == "draft")


@pytest.fixture
def dialog(qtbot, window: MainWindow, draft: dict) -> SignatureDialog:  # type: ignore[no-untyped-def, type-arg]
    dlg = SignatureDialog(window.app, draft["id"], window)
    dlg.open()
    qtbot.waitExposed(dlg)
    yield dlg
    dlg.close()


def pad(dialog: SignatureDialog, key: str) -> SignaturePad:
    """Bring the signer's tab to the front (as a finger would) and return its pad."""
    found = dialog.findChild(SignaturePad, f"pad_{key}")
    dialog.findChild(QTabWidget, "signer_tabs").setCurrentWidget(found.parentWidget())
    return found


def test_one_tab_per_signer_with_the_legal_representative_prefilled(
    window: MainWindow,
    dialog: SignatureDialog,
    draft: dict,  # type: ignore[type-arg]
) -> None:
    people = inspections.inspectors_of(window.app, draft["id"])
    tabs = dialog.findChild(QTabWidget, "signer_tabs")
    assert tabs.count() == 1 + len(people)
    assert tabs.tabText(0) == "被检查单位负责人"
    assert [tabs.tabText(n + 1) for n in range(len(people))] == [p.name for p in people]
    enterprise = registry.get_enterprise(window.app, inspections.get_inspection(window.app, draft["id"]).enterprise_id)
    assert enterprise.legal_representative
    assert dialog.findChild(QLineEdit, "signer_name").text() == enterprise.legal_representative
    assert people[0].cert_no in dialog.sections[1].findChild(QLabel, "signerInfo").text()
    assert not dialog.findChild(QPushButton, "save_signatures").isEnabled()
    assert dialog.findChild(QLabel, "state_enterprise").text() == "尚未签名"


def test_draw_on_two_pads_and_save(qtbot, window: MainWindow, dialog: SignatureDialog, draft: dict) -> None:  # type: ignore[no-untyped-def, type-arg]
    first_inspector = inspections.inspectors_of(window.app, draft["id"])[0]
    draw(qtbot, pad(dialog, "enterprise"))
    draw(qtbot, pad(dialog, "inspector_0"), seed=5)
    save = dialog.findChild(QPushButton, "save_signatures")
    assert save.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=2000) as saved:
        qtbot.mouseClick(save, click)
    assert saved.args == [2]
    rows = signatures.signatures_of(window.app, draft["id"])
    assert [(r.role, r.inspector_id) for r in rows] == [("enterprise", None), ("inspector", first_inspector.id)]
    assert rows[0].signer_name == dialog.findChild(QLineEdit, "signer_name").text()
    assert rows[1].signer_name == first_inspector.name
    # the dialog stays open for the one still to sign, and shows who has signed, with a thumbnail
    assert dialog.isVisible()
    assert dialog.findChild(QPushButton, "save_signatures").isEnabled() is False
    assert dialog.findChild(SignaturePad, "pad_enterprise").is_empty()
    assert dialog.findChild(QLabel, "state_enterprise").text().startswith("已签名")
    thumb = dialog.findChild(QLabel, "existing_enterprise")
    assert not thumb.isHidden() and not thumb.pixmap().isNull()
    tabs = dialog.findChild(QTabWidget, "signer_tabs")
    assert tabs.tabText(0).endswith("（已签）")
    assert tabs.currentWidget() is dialog.sections[2]
    assert health.check(window.app) == []


def test_all_signed_closes_the_dialog(qtbot, window: MainWindow, dialog: SignatureDialog) -> None:  # type: ignore[no-untyped-def]
    for n, section in enumerate(dialog.sections):
        draw(qtbot, pad(dialog, section.key), seed=n)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, click)
    assert len(signatures.signatures_of(window.app, dialog.inspection_id)) == len(dialog.sections)


def test_reopening_shows_existing_signatures_and_resigning_appends(qtbot, window: MainWindow, draft: dict) -> None:  # type: ignore[no-untyped-def, type-arg]
    first = SignatureDialog(window.app, draft["id"], window)
    first.open()
    qtbot.waitExposed(first)
    name = first.findChild(QLineEdit, "signer_name")
    name.selectAll()
    from tests.gui.conftest import type_text

    type_text(name, "周副经理")
    draw(qtbot, pad(first, "enterprise"))
    qtbot.mouseClick(first.save_button, click)
    first.close()

    again = SignatureDialog(window.app, draft["id"], window)
    again.open()
    qtbot.waitExposed(again)
    assert again.findChild(QLineEdit, "signer_name").text() == "周副经理"
    assert "周副经理" in again.findChild(QLabel, "state_enterprise").text()
    draw(qtbot, pad(again, "enterprise"), seed=3)
    qtbot.mouseClick(again.save_button, click)
    assert len(signatures.signature_history(window.app, draft["id"])) == 2
    assert len(signatures.signatures_of(window.app, draft["id"])) == 1
    again.close()


def test_a_missing_name_saves_nothing(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, dialog: SignatureDialog, no_error_boxes: list[str]
) -> None:
    dialog.findChild(QLineEdit, "signer_name").clear()
    draw(qtbot, pad(dialog, "enterprise"))
    draw(qtbot, pad(dialog, "inspector_0"))
    qtbot.mouseClick(dialog.save_button, click)
    assert no_error_boxes and "姓名" in no_error_boxes[0]
    assert signatures.signatures_of(window.app, dialog.inspection_id) == []
    # nothing was lost: both pads keep their ink, and the signer's tab is in front
    assert not dialog.findChild(SignaturePad, "pad_enterprise").is_empty()
    assert not dialog.findChild(SignaturePad, "pad_inspector_0").is_empty()
    assert dialog.tabs.currentIndex() == 0


def test_clear_button_empties_its_pad(qtbot, dialog: SignatureDialog) -> None:  # type: ignore[no-untyped-def]
    target = pad(dialog, "inspector_1")
    draw(qtbot, target)
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.findChild(QPushButton, "clear_inspector_1"), click)
    assert target.is_empty()
    assert not dialog.save_button.isEnabled()
