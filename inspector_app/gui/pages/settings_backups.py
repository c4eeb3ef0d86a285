"""设置 → 备份: the list of backups, 立即备份, and 恢复此备份… (the restore itself runs in gui/restore_flow.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from inspector_app.gui import errors

if TYPE_CHECKING:
    from inspector_app.gui.pages.base import Page
    from inspector_app.services.backups import BackupInfo
    from inspector_app.services.restore import RestoreResult

# What services.backups.BackupInfo.kind_label says, listed so that lupdate finds them.
BACKUP_KIND_LABELS = (
    QT_TRANSLATE_NOOP("BackupPanel", "手动"),
    QT_TRANSLATE_NOOP("BackupPanel", "每日自动"),
    QT_TRANSLATE_NOOP("BackupPanel", "导入前自动"),
    QT_TRANSLATE_NOOP("BackupPanel", "升级前自动"),
    QT_TRANSLATE_NOOP("BackupPanel", "恢复前自动"),
)
BACKUP_NOTE = QT_TRANSLATE_NOOP(
    "BackupPanel",
    "备份保存在数据文件夹的 backups 子文件夹中。每天首次打开、导入数据包、升级和恢复之前自动备份，"
    "自动备份只保留最近几份；手动备份不会被自动删除。证据文件按内容哈希存放、从不覆盖，恢复时按备份清单核对。",
)
POSTGRES_NOTE = QT_TRANSLATE_NOOP(
    "BackupPanel",
    "本机连接的是 PostgreSQL 数据库服务器：数据库由数据库管理员用 pg_dump 备份和恢复，本程序不做。",
)


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


class BackupPanel(QGroupBox):
    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page
        self.setTitle(self.tr("备份"))
        self.setObjectName("group_backup")
        v = QVBoxLayout(self)
        v.setSpacing(8)
        self.note = QLabel(self.tr(BACKUP_NOTE))
        self.note.setObjectName("backup_note")
        self.note.setWordWrap(True)
        self.note.setProperty("role", "note")
        v.addWidget(self.note)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backup_table")
        self.table.setHorizontalHeaderLabels([self.tr("备份时间"), self.tr("类型"), self.tr("大小"), self.tr("文件")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # a file name is elided at its end, not broken at a hyphen
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(140)
        v.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("还没有备份。"))
        self.empty.setObjectName("backup_empty")
        self.empty.setProperty("role", "note")
        v.addWidget(self.empty)
        self.status = QLabel()
        self.status.setObjectName("backup_status")
        self.status.setProperty("role", "status")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        self.open_button = QPushButton(self.tr("打开备份文件夹"))
        self.open_button.setObjectName("open_backups_dir")
        self.restore_button = QPushButton(self.tr("恢复此备份…"))
        self.restore_button.setObjectName("restore_backup")
        self.restore_button.setToolTip(self.tr("先在上面的列表中选择一份备份"))
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setObjectName("backup_now")
        for button in (self.open_button, self.restore_button, self.backup_button):
            button.setMinimumSize(110, 40)
            row.addWidget(button)
        v.addLayout(row)
        self.backups: list[BackupInfo] = []
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self._selection_changed()

    # ----- showing --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        from inspector_app.services import backups

        supported = backups.supported(self.page.app)
        self.note.setText(self.tr(BACKUP_NOTE if supported else POSTGRES_NOTE))
        self.backup_button.setEnabled(supported)
        self.backups = backups.list_backups(self.page.app) if supported else []
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            self._fill_row(row, info)
        self.table.setVisible(bool(self.backups))
        self.empty.setVisible(supported and not self.backups)
        self._selection_changed()

    def _fill_row(self, row: int, info: BackupInfo) -> None:
        from inspector_app.services.timeutil import to_local

        local = to_local(info.created_at)
        cells = (
            local.strftime("%Y-%m-%d %H:%M:%S") if local else "",
            self.tr(info.kind_label),
            _size(info.size),
            info.name,
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(str(info.path))
            self.table.setItem(row, column, item)

    def selected(self) -> BackupInfo | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.backups[min(rows)] if rows and min(rows) < len(self.backups) else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("error", "true" if error else "false")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def show_restored(self, result: RestoreResult) -> None:
        lines = [self.tr("已恢复：{0}").format(result.restored.name)]
        if result.safety_copy is not None:
            if result.safety_copy.parent.name == "trash":
                lines.append(self.tr("已损坏的数据库保存在 trash 文件夹：{0}").format(result.safety_copy.name))
            else:
                lines.append(self.tr("恢复前的数据已另存为：{0}").format(result.safety_copy.name))
        if not result.carried.chain_continued and result.safety_copy is not None:
            lines.append(
                self.tr("被替换的数据无法读取，审计链只能从备份处继续；如本机在备份之后向局端导出过数据，请联系局端。")
            )
        self.set_status("\n".join(lines), error=not result.carried.chain_continued)

    # ----- actions --------------------------------------------------------------------------------------

    def backup_now(self) -> None:
        from inspector_app.services import backups

        app = self.page.app
        self.backup_button.setEnabled(False)
        self.set_status(self.tr("正在备份……"))
        self.backup_task = self.page.runner.start(
            self.tr("正在备份数据库……"),
            lambda control: backups.create_backup(app, progress=control.progress),
            on_done=self._backup_done,
            on_error=self._backup_failed,
            parent_widget=self,
            cancellable=False,
        )

    def _backup_done(self, path: object) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        self.set_status(self.tr("已备份：{0}").format(Path(str(path)).name))

    def _backup_failed(self, exc: BaseException, trace: str) -> None:
        self.backup_button.setEnabled(True)
        self.set_status(self.tr("备份未完成"), error=True)
        errors.show_error(self, exc, trace)

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        self.page.window_.restore_flow().ask(info.path)
