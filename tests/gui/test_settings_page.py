"""设置: fields save when editing finishes, the operator can be chosen or added, 立即备份 and 恢复此备份… work."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QSpinBox, QTableWidget

from inspector_app.gui.main_window import MainWindow
from inspector_app.services import backups, health, registry, setup
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
        replace_text(qtbot, field, "益阳市赫山区应急管理局")
    assert setup.settings(window.app)["authority"] == "益阳市赫山区应急管理局"
    assert "已保存" in page.authority_status.text()

    court = page.findChild(QLineEdit, "remedy_court")
    court.setFocus()
    court.home(False)
    type_text(court, "湖南省")
    qtbot.keyClick(court, Qt.Key.Key_Return)
    assert setup.settings(window.app)["remedy_court"] == "湖南省测试县人民法院"


def test_an_edit_in_progress_is_saved_when_leaving_the_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    field = page.findChild(QLineEdit, "remedy_government")
    field.setFocus()
    field.selectAll()
    type_text(field, "益阳市赫山区人民政府")
    qtbot.mouseClick(window.nav_buttons["today"], click)
    assert setup.settings(window.app)["remedy_government"] == "益阳市赫山区人民政府"


def test_a_warning_stays_while_a_printed_setting_is_unset(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.services import document_settings

    page = settings_page(window)
    assert page.placeholder_warning.isHidden()  # every setting filled in
    document_settings.save(window.app, {"remedy_court": "", "remedy_government": "某某县人民政府"})
    page.refresh()
    assert page.placeholder_warning.isVisible()
    assert "行政诉讼法院" in page.placeholder_warning.text() and "行政复议机关" in page.placeholder_warning.text()
    replace_text(qtbot, page.findChild(QLineEdit, "remedy_court"), "益阳市赫山区人民法院")
    assert "行政诉讼法院" not in page.placeholder_warning.text() and page.placeholder_warning.isVisible()
    replace_text(qtbot, page.findChild(QLineEdit, "remedy_government"), "益阳市赫山区人民政府")
    assert page.placeholder_warning.isHidden()


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


# ----- restoring -------------------------------------------------------------------------------------------


def restore_dialog(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    def shown() -> bool:
        dialog = getattr(getattr(window, "restoring", None), "dialog", None)
        return dialog is not None and dialog.isVisible()

    qtbot.waitUntil(shown, timeout=15_000)
    return window.restoring.dialog


def test_restoring_a_backup_says_what_happens_then_reloads_the_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    backups.create_backup(window.app)
    before = len(registry.list_inspectors(window.app))
    registry.add_inspector(window.app, "欧阳明", "43090320269999")
    page = settings_page(window)
    panel = page.backups
    assert not panel.restore_button.isEnabled()
    panel.table.selectRow(0)
    assert panel.restore_button.isEnabled()
    qtbot.mouseClick(panel.restore_button, click)
    dialog = restore_dialog(qtbot, window)
    text = dialog.consequences.text()
    for promise in ("恢复前自动", "从本机消失", "按记录标识去重", "冲突清单", "文号不会再次使用", "重新载入"):
        assert promise in text
    counts = dialog.findChild(QTableWidget, "restore_counts")
    assert (counts.item(0, 1).text(), counts.item(1, 1).text()) == (str(before), str(before + 1))
    old_app = window.app

    with qtbot.waitSignal(window.restoring.finished, timeout=30_000) as finished:
        qtbot.mouseClick(dialog.restore_button, click)

    assert finished.args[0] is not None
    assert window.app is not None and window.app is not old_app
    assert len(registry.list_inspectors(window.app)) == before
    fresh = window.pages["settings"]
    assert fresh is not page and window.stack.currentWidget() is fresh
    assert "已恢复" in fresh.backups.status.text() and "恢复前的数据已另存为" in fresh.backups.status.text()
    assert fresh.backups.table.item(0, 1).text() == "恢复前自动"
    assert health.check(window.app) == []


def test_cancelling_the_restore_changes_nothing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    backups.create_backup(window.app)
    registry.add_inspector(window.app, "欧阳明", "43090320269999")
    page = settings_page(window)
    page.backups.table.selectRow(0)
    qtbot.mouseClick(page.backups.restore_button, click)
    dialog = restore_dialog(qtbot, window)
    app = window.app
    with qtbot.waitSignal(window.restoring.finished, timeout=5_000) as finished:
        qtbot.mouseClick(dialog.findChild(QPushButton, "cancel_restore"), click)
    assert finished.args == [None]
    assert window.app is app and window.pages["settings"] is page
    assert "欧阳明" in [i.name for i in registry.list_inspectors(window.app)]
    assert len(backups.list_backups(window.app)) == 1


def test_a_backup_whose_evidence_is_gone_is_refused_with_the_reason(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    no_error_boxes: list[str],
) -> None:
    from inspector_app.services import reports

    backups.create_backup(window.app)
    [manifest] = [b.manifest for b in backups.list_backups(window.app)]
    assert manifest is not None and reports.info(window.app)["counts"]["photos"] > 0
    window.app.media.path(manifest["media"][0]).unlink()
    page = settings_page(window)
    page.backups.table.selectRow(0)
    qtbot.mouseClick(page.backups.restore_button, click)
    qtbot.waitUntil(lambda: bool(no_error_boxes), timeout=15_000)
    assert "证据文件在 media 文件夹中找不到" in no_error_boxes[0]
    assert window.restoring.dialog is None
    assert [b.kind for b in backups.list_backups(window.app)] == ["manual"]


def test_a_postgresql_bureau_sees_why_there_is_no_backup_here(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window.app, "url", "postgresql://inspector@db.example/inspector")
    page = settings_page(window)
    assert "pg_dump" in page.backups.note.text()
    assert not page.backups.backup_button.isEnabled()
    assert not page.backups.table.isVisible() and not page.backups.empty.isVisible()
