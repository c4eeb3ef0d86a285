"""Restoring from the window: check the backup off the GUI thread, confirm what will happen, restore through the
task runner with progress, then open the data folder again and rebuild every page.

Used by 设置 (恢复此备份…) and by the window when the database it opens, or backs up, turns out damaged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from inspector_app.gui import errors, prompts

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.services.restore import BackupCheck, RestoreResult
    from inspector_app.store.paths import DataDir


class RestoreFlow(QObject):
    """One restore at a time; `finished` carries the RestoreResult, or None when nothing was restored."""

    finished = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: Any = None

    def _data(self) -> DataDir:
        from inspector_app.store.paths import DataDir, resolve_root

        app = self.window.app
        return app.data if app is not None else DataDir(resolve_root(self.window.data_dir))

    # ----- entry points ---------------------------------------------------------------------------------

    def ask(self, backup: Path) -> None:
        """Check `backup`, then ask whether to restore it."""
        from inspector_app.services import restore

        data = self._data()
        self.window.runner.start(
            self.tr("正在校验备份……"),
            lambda _control: restore.inspect_backup(data, backup),
            on_done=lambda check: self._confirm(check, intro="", damaged=False),
            on_error=self._failed,
            parent_widget=self.window,
            cancellable=False,
        )

    def offer_newest(self, problem: str) -> None:
        """The database is damaged: find the newest backup that checks out and offer it."""
        from inspector_app.services import restore

        data = self._data()
        self.window.runner.start(
            self.tr("正在查找完好的备份……"),
            lambda _control: restore.newest_restorable(data),
            on_done=lambda check: self._offer(check, problem),
            on_error=self._failed,
            parent_widget=self.window,
            cancellable=False,
        )

    # ----- steps ----------------------------------------------------------------------------------------

    def _offer(self, check: BackupCheck | None, problem: str) -> None:
        if check is None:
            prompts.inform(
                self.window,
                self.tr("无法打开数据"),
                self.tr("{0}\n\n没有找到可以恢复的完好备份。请不要删除数据文件夹，交维护人员处理：\n{1}").format(
                    problem, self._data().root
                ),
            )
            self.finished.emit(None)
            return
        self._confirm(check, intro=self.tr("{0}\n以下是最近一份完好的备份。").format(problem), damaged=True)

    def _confirm(self, check: BackupCheck, *, intro: str, damaged: bool) -> None:
        from inspector_app.domain.errors import StorageError, UserError
        from inspector_app.gui.dialogs.restore_dialog import RestoreDialog
        from inspector_app.services import reports
        from inspector_app.services.timeutil import to_local

        if not check.ok:
            self._failed(StorageError(check.refusal()), "")
            return
        local = to_local(check.created_at)
        current: dict[str, int] | None = None
        if self.window.app is not None:
            try:
                current = dict(reports.info(self.window.app)["counts"])
            except UserError:
                current = None  # a damaged database cannot be counted; the restore replaces it anyway
        dialog = RestoreDialog(
            check,
            local.strftime("%Y-%m-%d %H:%M:%S") if local else "",
            current,
            intro=intro,
            damaged=damaged,
            parent=self.window,
        )
        dialog.accepted.connect(lambda: self._run(check.path))
        dialog.rejected.connect(lambda: self.finished.emit(None))
        self.dialog = dialog
        dialog.open()

    def _failed(self, exc: BaseException, trace: str) -> None:
        errors.show_error(self.window, exc, trace)
        self.finished.emit(None)

    def _run(self, backup: Path) -> None:
        from inspector_app.services import restore

        data = self._data()
        actor = self.window.app.actor if self.window.app is not None else "恢复备份"
        self.window.release_data()
        self.window.runner.start(
            self.tr("正在恢复备份……"),
            lambda control: restore.restore(data, backup, progress=control.progress, actor=actor),
            on_done=self._restored,
            on_error=self._restore_failed,
            parent_widget=self.window,
            cancellable=False,
        )

    def _restored(self, result: RestoreResult) -> None:
        self.window.reopen()
        if self.window.app is not None:
            page = self.window.show_page("settings")
            page.show_restored(result)  # type: ignore[attr-defined]
        self.finished.emit(result)

    def _restore_failed(self, exc: BaseException, trace: str) -> None:
        self.window.reopen()  # nothing was replaced: the data as it was opens again
        errors.show_error(self.window, exc, trace)
        self.finished.emit(None)
