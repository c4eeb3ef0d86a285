"""完成检查: what locking means, what is still missing (warned, not blocked), and the end of 检查时间."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from inspector_app.gui.dialogs.moment_edit import MomentEdit


class CompleteDialog(QDialog):
    def __init__(self, lines: list[str], warnings: list[str], started_at: datetime, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("完成检查"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        text = QLabel("\n".join(lines))
        text.setObjectName("complete_text")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.warning = QLabel("\n".join(warnings))
        self.warning.setObjectName("complete_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b26a00;")
        self.warning.setVisible(bool(warnings))
        layout.addWidget(self.warning)
        form = QFormLayout()
        # The 现场检查记录 prints 检查时间 from start to this moment: it must be a moment that happened.
        self.ended_at = MomentEdit(started_at)
        self.ended_at.setObjectName("complete_ended_at")
        form.addRow(self.tr("检查结束时间"), self.ended_at)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("完成并锁定"))
        self.ok_button.setObjectName("complete_ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def ended(self) -> datetime:
        return self.ended_at.moment()
