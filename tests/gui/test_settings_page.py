"""设置: fields save when editing finishes, the operator can be chosen or added, and 立即备份 works."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QSpinBox, QTableWidget

from inspector_app.gui.main_window import MainWindow
from inspector_app.services import backups, registry, setup
from tests.gui.conftest import type_text

click = Qt.MouseButton.LeftButton


def settings_page(window: MainWindow):  # type: ignore[no-untyped-def]
    return window.show_page("settings")


def replace_text(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    type_text(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_page_shows_the_stored_settings_and_this_device(window: MainWindow) -> None:
    page = settings_page(window)
    assert page.findChild(QLineEdit, "authority").text() == "测试县应急管理局"
    assert page.findChild(QLineEdit, "short").text() == "测"
    assert page.findChild(QSpinBox, "review_days").value() == 10
    assert page.device_id.text() == window.app.device_id
    assert page.role_label.text() == "执法终端"
    assert page.data_path.text() == str(window.app.data.root)
    assert "本级人民政府" in page.findChild(type(page.device_id), "remedy_note").text()


def test_editing_the_authority_saves_it_when_editing_finishes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    field = page.findChild(QLineEdit, "authority")
    with qtbot.waitSignal(field.editingFinished, timeout=1000):
        replace_text(qtbot, field, "某某市赫山区应急管理局")
    assert setup.settings(window.app)["authority"] == "某某市赫山区应急管理局"
    assert "已保存" in page.authority_status.text()

    court = page.findChild(QLineEdit, "remedy_court")
    court.setFocus()
    court.end(False)
    qtbot.keyClicks(court, "(2)")
    qtbot.keyClick(court, Qt.Key.Key_Return)
    assert setup.settings(window.app)["remedy_court"] == "某某县人民法院(2)"


def test_an_edit_in_progress_is_saved_when_leaving_the_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    field = page.findChild(QLineEdit, "remedy_government")
    field.setFocus()
    field.selectAll()
    type_text(field, "某某市赫山区人民政府")
    qtbot.mouseClick(window.nav_buttons["today"], click)
    assert setup.settings(window.app)["remedy_government"] == "某某市赫山区人民政府"


def test_an_empty_authority_is_refused_and_restored(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    field = page.findChild(QLineEdit, "authority")
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert setup.settings(window.app)["authority"] == "测试县应急管理局"
    assert field.text() == "测试县应急管理局"
    assert "不能为空" in page.authority_status.text()


def test_review_days_are_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    spin = page.findChild(QSpinBox, "review_days")
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "14")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert setup.settings(window.app)["review_days"] == "14"


def test_choosing_the_operator_stores_the_name_and_the_audit_actor(window: MainWindow) -> None:
    page = settings_page(window)
    combo = page.findChild(QComboBox, "operator_combo")
    inspector = registry.list_inspectors(window.app)[1]
    index = combo.findData(inspector.id)
    assert index > 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert setup.settings(window.app)["operator"] == inspector.name
    assert window.app.actor == inspector.name
    assert page.operator_cert.text() == inspector.cert_no
    window.show_page("today")
    assert settings_page(window).operator_combo.currentData() == inspector.id


def test_adding_an_inspector_makes_them_the_operator(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    type_text(page.findChild(QLineEdit, "new_inspector_name"), "欧阳明")
    page.findChild(QLineEdit, "new_inspector_cert").setFocus()
    qtbot.keyClicks(page.findChild(QLineEdit, "new_inspector_cert"), "43090320269999")
    qtbot.mouseClick(page.findChild(QPushButton, "add_inspector"), click)
    added = next(i for i in registry.list_inspectors(window.app) if i.cert_no == "43090320269999")
    assert added.name == "欧阳明" and added.unit == "测试县应急管理局"
    assert setup.settings(window.app)["operator"] == "欧阳明"
    assert page.operator_combo.currentData() == added.id
    assert page.new_name.text() == ""


def test_a_bad_new_inspector_shows_the_reason(qtbot, window: MainWindow, no_error_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    before = len(registry.list_inspectors(window.app))
    type_text(page.new_name, "欧阳明")
    qtbot.mouseClick(page.add_button, click)
    assert no_error_boxes and "执法证号" in no_error_boxes[0]
    assert len(registry.list_inspectors(window.app)) == before


def test_backup_now_adds_a_row(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    table = page.findChild(QTableWidget, "backup_table")
    before = table.rowCount()
    assert page.backups.empty.isVisible() == (before == 0)
    qtbot.mouseClick(page.findChild(QPushButton, "backup_now"), click)
    qtbot.waitUntil(lambda: table.rowCount() == before + 1, timeout=15_000)
    assert page.backups.backup_button.isEnabled()
    assert table.isVisible() and not page.backups.empty.isVisible()
    assert table.item(0, 1).text() == "手动"
    [newest] = backups.list_backups(window.app)[:1]
    assert table.item(0, 3).text() == newest.name
    assert newest.name in page.backups.status.text()


def test_open_data_folder_asks_the_desktop(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:  # noqa: N802 - Qt name
            opened.append(url)
            return True

    monkeypatch.setattr("inspector_app.gui.pages.settings.QDesktopServices", FakeDesktop)
    page = settings_page(window)
    qtbot.mouseClick(page.open_data_button, click)
    qtbot.mouseClick(page.backups.open_button, click)
    assert [Path(u.toLocalFile()) for u in opened] == [window.app.data.root, window.app.data.backups]
