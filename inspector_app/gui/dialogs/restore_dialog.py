"""恢复此备份: what the backup holds next to what is here now, and what a restore will and will not do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from inspector_app.services.restore import BackupCheck

# The counts shown, in the order of 数据概况; translated where shown.
COUNTS = (
    ("enterprises", QT_TRANSLATE_NOOP("RestoreDialog", "企业")),
    ("inspectors", QT_TRANSLATE_NOOP("RestoreDialog", "执法人员")),
    ("inspections", QT_TRANSLATE_NOOP("RestoreDialog", "检查")),
    ("hazards", QT_TRANSLATE_NOOP("RestoreDialog", "隐患")),
    ("photos", QT_TRANSLATE_NOOP("RestoreDialog", "照片")),
    ("documents", QT_TRANSLATE_NOOP("RestoreDialog", "文书")),
)
KEEP_CURRENT = QT_TRANSLATE_NOOP(
    "RestoreDialog", "恢复前，当前数据会自动另存为一份“恢复前自动”备份，需要时可以再恢复回来。"
)
KEEP_DAMAGED = QT_TRANSLATE_NOOP("RestoreDialog", "已损坏的数据库文件会原样保存在 trash 文件夹中，不会删除。")
CONSEQUENCES = (
    QT_TRANSLATE_NOOP("RestoreDialog", "备份之后新增或修改的记录将从本机消失；照片、签名等证据文件不会删除。"),
    QT_TRANSLATE_NOOP(
        "RestoreDialog",
        "已发送到应急管理局的数据仍保留在局端。本机之后导出的数据包局端照常接收，按记录标识去重，不会重复；"
        "同一记录若局端已有较新版本，将列入冲突清单供人工核对。",
    ),
    QT_TRANSLATE_NOOP("RestoreDialog", "已使用过的文号不会再次使用。"),
    QT_TRANSLATE_NOOP("RestoreDialog", "恢复完成后，窗口将重新载入数据。"),
)


class RestoreDialog(QDialog):
    """Accepted means: restore this backup."""

    def __init__(
        self,
        check: BackupCheck,
        when: str,
        current: dict[str, int] | None,
        *,
        intro: str = "",
        damaged: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = check
        self.damaged = damaged
        self.setObjectName("restore_dialog")
        self.setWindowTitle(self.tr("恢复备份"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        if intro:
            problem = QLabel(intro)
            problem.setObjectName("restore_intro")
            problem.setWordWrap(True)
            problem.setStyleSheet("color: #c62828;")
            layout.addWidget(problem)
        heading = QLabel(self.tr("用这份备份替换当前数据？"))
        heading.setStyleSheet("font-size: 13pt; font-weight: bold; color: #1f3a5f;")
        layout.addWidget(heading)
        form = QFormLayout()
        form.addRow(self.tr("备份时间"), QLabel(when))
        # The kinds are translated where the backup list shows them.
        form.addRow(self.tr("类型"), QLabel(QCoreApplication.translate("BackupPanel", check.kind_label)))
        name = QLabel(check.path.name)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("文件"), name)
        layout.addLayout(form)
        layout.addWidget(self._counts_table(current))
        self.consequences = QLabel(self._consequences())
        self.consequences.setObjectName("restore_consequences")
        self.consequences.setWordWrap(True)
        self.consequences.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.consequences)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("恢复此备份"))
        self.restore_button.setObjectName("confirm_restore")
        self.restore_button.setMinimumHeight(40)
        self.restore_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("取消"))
        cancel.setObjectName("cancel_restore")
        cancel.setMinimumHeight(40)
        cancel.setDefault(True)  # Enter must not replace the database
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # A top-level dialog does not ask its wrapped labels for height-for-width, and the English text wraps
        # to more lines than the Chinese: reserve the height the text needs at the dialog's width.
        margins = layout.contentsMargins()
        width = self.minimumWidth() - margins.left() - margins.right()
        self.consequences.setMinimumHeight(self.consequences.heightForWidth(width))

    def _counts_table(self, current: dict[str, int] | None) -> QTableWidget:
        table = QTableWidget(2 if current is not None else 1, len(COUNTS))
        table.setObjectName("restore_counts")
        table.setHorizontalHeaderLabels([self.tr(label) for _key, label in COUNTS])
        rows = [self.tr("备份中"), self.tr("当前")] if current is not None else [self.tr("备份中")]
        table.setVerticalHeaderLabels(rows)
        for column, (key, _label) in enumerate(COUNTS):
            values = [self.check.counts.get(key, 0)] + ([current.get(key, 0)] if current is not None else [])
            for row, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(30)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header_height = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(header_height + 30 * table.rowCount() + 2 * table.frameWidth())
        return table

    def _consequences(self) -> str:
        keep = self.tr(KEEP_DAMAGED) if self.damaged else self.tr(KEEP_CURRENT)
        lines = [keep] + [self.tr(text) for text in CONSEQUENCES]
        if self.check.media_in_trash:
            lines.insert(
                2,
                self.tr("有 {0} 个证据文件在 trash 文件夹中，恢复时将复制回 media 文件夹。").format(
                    len(self.check.media_in_trash)
                ),
            )
        return "\n".join(f"• {line}" for line in lines)
