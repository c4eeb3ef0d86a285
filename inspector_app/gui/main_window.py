"""The main window: a navigation rail on the left, one page at a time on the right.

The window paints first with an empty frame; the database layer and the pages load right after, so that
start-up feels instant on a modest laptop.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from inspector_app.gui.pages.base import Page
    from inspector_app.gui.restore_flow import RestoreFlow
    from inspector_app.services.context import App

# (key, label, module, class): pages are imported only after the first paint. The labels are translated where shown.
PAGES = (
    ("today", QT_TRANSLATE_NOOP("MainWindow", "今日"), "inspector_app.gui.pages.today", "TodayPage"),
    ("enterprises", QT_TRANSLATE_NOOP("MainWindow", "企业"), "inspector_app.gui.pages.enterprises", "EnterprisesPage"),
    ("inspection", QT_TRANSLATE_NOOP("MainWindow", "检查"), "inspector_app.gui.pages.inspection", "InspectionPage"),
    ("ledger", QT_TRANSLATE_NOOP("MainWindow", "隐患台账"), "inspector_app.gui.pages.ledger", "LedgerPage"),
    ("documents", QT_TRANSLATE_NOOP("MainWindow", "文书"), "inspector_app.gui.pages.documents", "DocumentsPage"),
    ("sync", QT_TRANSLATE_NOOP("MainWindow", "同步"), "inspector_app.gui.pages.sync", "SyncPage"),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "设置"), "inspector_app.gui.pages.settings", "SettingsPage"),
)
PAGE_KEYS = tuple(p[0] for p in PAGES)


class _PaintWatcher(QObject):
    painted = Signal()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            self.painted.emit()
        return False


class _Pages(dict[str, "Page"]):
    """The pages built so far; asking for one that is not built yet builds it (see MainWindow.load)."""

    def __init__(self, build: Callable[[str], Page]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> Page:
        page = self._build(key)
        self[key] = page
        return page


class MainWindow(QMainWindow):
    first_paint = Signal()
    loaded = Signal()

    def __init__(self, data_dir: str | None = None, *, load: bool = True, daily_backup: bool | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        # The daily backup runs when the window opens its data by itself (a real start), not in tests and
        # screenshots, which build the window with load=False.
        self.daily_backup = load if daily_backup is None else daily_backup
        self.app: App | None = None
        self.runner = TaskRunner(self)
        self.pages: dict[str, Page] = _Pages(self._build_page)
        self.setWindowTitle(self.tr("安全生产现场检查执法终端"))
        self.resize(1366, 768)
        self._build_frame()
        self._watcher = _PaintWatcher(self)
        self.centralWidget().installEventFilter(self._watcher)
        self._watcher.painted.connect(self.first_paint)
        if load:
            self._watcher.painted.connect(lambda: QTimer.singleShot(0, self.load))

    def _build_frame(self) -> None:
        root = QWidget()
        layout = QHBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        rail = QFrame()
        rail.setObjectName("navRail")
        rail_layout = QVBoxLayout(rail)
        rail_layout.setContentsMargins(6, 12, 6, 12)
        rail_layout.setSpacing(4)
        self.nav = QButtonGroup(self)
        self.nav.setExclusive(True)
        self.nav_buttons: dict[str, QToolButton] = {}
        for index, (key, label, _mod, _cls) in enumerate(PAGES):
            button = QToolButton()
            button.setObjectName(f"nav_{key}")
            button.setText(self.tr(label))
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumSize(96, 52)
            button.setShortcut(f"Alt+{index + 1}")
            self.nav.addButton(button, index)
            self.nav_buttons[key] = button
            rail_layout.addWidget(button)
        rail_layout.addStretch(1)
        self.status_label = QLabel()
        self.status_label.setObjectName("railStatus")
        self.status_label.setWordWrap(True)
        rail_layout.addWidget(self.status_label)
        self.stack = QStackedWidget()
        self.placeholder = QLabel(self.tr("正在打开数据……"))
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        layout.addWidget(rail)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(root)
        self.nav_buttons["today"].setChecked(True)
        self.nav.idClicked.connect(lambda index: self.show_page(PAGE_KEYS[index]))

    def load(self) -> None:
        """Open the data folder and show the current page (after the first paint).

        Only that page is built now; the others are built the first time they are shown or asked for, so the
        今日 page does not wait for six pages (and their modules) that the user may never open.
        """
        if self.app is not None:
            return
        from inspector_app.domain.errors import UserError
        from inspector_app.services import session

        try:
            self.app = session.open_or_create(self.data_dir)
        except UserError as exc:
            self._open_failed(exc)
            return
        for button in self.nav_buttons.values():
            button.setEnabled(True)
        self.status_label.setText(self.tr("终端 {0}").format(self.app.device_id[:8]))
        self.show_page(PAGE_KEYS[self.nav.checkedId()] if self.nav.checkedId() >= 0 else "today")
        self.loaded.emit()
        if self.daily_backup:
            QTimer.singleShot(0, self.start_daily_backup)

    def _build_page(self, key: str) -> Page:
        if self.app is None or key not in PAGE_KEYS:
            raise KeyError(key)  # no data folder open (or no such page): nothing to build
        _key, _label, module, cls = PAGES[PAGE_KEYS.index(key)]
        page: Page = getattr(importlib.import_module(module), cls)(self)
        page.setObjectName(f"page_{key}")
        self.stack.addWidget(page)
        return page

    # ----- keeping the data safe: opening failures, the daily backup, reloading after a restore ----------

    def _open_failed(self, exc: Exception) -> None:
        """A damaged, read-only or too-new database: say so in the window instead of a traceback."""
        from inspector_app.gui import errors
        from inspector_app.services.backup_files import is_damage
        from inspector_app.store.paths import resolve_root

        self.stack.setCurrentWidget(self.placeholder)
        for button in self.nav_buttons.values():
            button.setEnabled(False)
        if is_damage(exc):
            problem = self.tr("数据库文件已损坏，无法打开。")
            # Not the storage layer's "restore it in 设置": 设置 cannot open either.
            self.placeholder.setText(
                self.tr("{0}\n再次打开本程序时会再提供从备份恢复。请勿删除数据文件夹：\n{1}").format(
                    problem, resolve_root(self.data_dir)
                )
            )
            self.restore_flow().offer_newest(problem)
        else:
            self.placeholder.setText(self.tr("无法打开数据：\n{0}").format(exc))
            errors.show_error(self, exc)

    def restore_flow(self) -> RestoreFlow:
        from inspector_app.gui.restore_flow import RestoreFlow

        self.restoring = RestoreFlow(self)
        return self.restoring

    def start_daily_backup(self) -> None:
        from inspector_app.services import backups

        app = self.app
        if app is None or not backups.supported(app):
            return
        self.daily_task = self.runner.start(
            self.tr("正在进行每日自动备份……"),
            lambda control: backups.daily(app, progress=control.progress),
            on_done=self._daily_done,
            on_error=self._daily_failed,
            parent_widget=self,
            cancellable=False,
        )

    def _daily_done(self, made: object) -> None:
        settings = self.pages.get("settings")
        if made is not None and settings is not None:
            settings.refresh_backups()  # type: ignore[attr-defined]

    def _daily_failed(self, exc: BaseException, trace: str) -> None:
        from inspector_app.gui import errors
        from inspector_app.services.backup_files import is_damage

        if is_damage(exc):
            self.restore_flow().offer_newest(self.tr("每日自动备份时发现数据库文件已损坏。"))
        else:
            errors.show_error(self, exc, trace)

    def release_data(self) -> None:
        """Save edits in progress, let running work finish and close the database: a restore replaces it."""
        for page in self.pages.values():
            flush = getattr(page, "flush", None)
            if flush is not None:
                flush()
        self.runner.wait(30_000)
        self.centralWidget().setEnabled(False)
        if self.app is not None:
            self.app.close()

    def reopen(self) -> None:
        """Open the data folder again and build every page anew (the database under them was replaced)."""
        self.stack.setCurrentWidget(self.placeholder)
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        if self.app is not None:
            self.app.close()
            self.app = None
        self.centralWidget().setEnabled(True)
        self.load()

    def show_page(self, key: str) -> Page:
        if self.app is None:
            self.load()
        current = self.stack.currentWidget()
        flush = getattr(current, "flush", None)
        if flush is not None:
            flush()
        page = self.pages[key]
        self.nav_buttons[key].setChecked(True)
        self.stack.setCurrentWidget(page)
        page.refresh()
        return page

    def open_inspection(self, inspection_id: str) -> None:
        page = self.pages["inspection"]
        self.nav_buttons["inspection"].setChecked(True)
        self.stack.setCurrentWidget(page)
        page.open_inspection(inspection_id)  # type: ignore[attr-defined]

    def open_new_inspection(self, enterprise_id: str | None = None) -> None:
        page = self.pages["inspection"]
        self.nav_buttons["inspection"].setChecked(True)
        self.stack.setCurrentWidget(page)
        page.show_start(enterprise_id)  # type: ignore[attr-defined]

    def open_review(self, enterprise_id: str) -> None:
        from inspector_app.gui.dialogs.review_dialog import ReviewDialog

        dialog = ReviewDialog(self, enterprise_id)
        dialog.setObjectName("review_dialog")
        dialog.finished.connect(lambda _r: self.data_changed())
        dialog.open()
        self.review_dialog = dialog

    def data_changed(self) -> None:
        """Something was written: refresh the page on screen (others refresh when shown)."""
        current = self.stack.currentWidget()
        if current is not None and hasattr(current, "refresh"):
            current.refresh()

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        for page in self.pages.values():
            flush = getattr(page, "flush", None)
            if flush is not None:
                flush()
        self.runner.wait(10_000)
        if self.app is not None:
            self.app.close()
        super().closeEvent(event)  # type: ignore[arg-type]
