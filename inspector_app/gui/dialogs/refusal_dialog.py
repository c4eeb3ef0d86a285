"""被检查单位负责人拒绝签名 (安全生产法第六十八条): who refused, when, and the witness or recording that proves it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from inspector_app.gui.dialogs.moment_edit import MomentEdit


class RefusalDialog(QDialog):
    """The record is kept only with a witness or a recording reference; 记录 stays off until one is given."""

    def __init__(self, name: str, title: str, started_at: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("记录拒绝签名"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("被检查单位负责人拒绝签字的，执法人员应当将情况记录在案，并向本部门报告（安全生产法第六十八条）。")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = self._field("refusal_name", name, form, self.tr("拒签人姓名"))
        self.title = self._field("refusal_title", title, form, self.tr("职务"))
        self.witness = self._field("refusal_witness", "", form, self.tr("见证人"))
        self.witness.setPlaceholderText(self.tr("在场见证人的姓名（如村干部、其他在场人员）"))
        self.recording = self._field("refusal_recording", "", form, self.tr("录音录像编号"))
        self.recording.setPlaceholderText(self.tr("执法记录仪录音录像的编号或文件名"))
        self.recording.setMaxLength(200)
        self.at = MomentEdit(started_at)
        self.at.setObjectName("refusal_at")
        form.addRow(self.tr("拒签时间"), self.at)
        layout.addLayout(form)
        self.hint = QLabel(self.tr("见证人与录音录像编号至少填写一项。"))
        self.hint.setObjectName("refusal_hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("记录拒签"))
        self.ok_button.setObjectName("refusal_ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.name, self.witness, self.recording):
            edit.textChanged.connect(lambda _t: self._update_ok())
        self._update_ok()

    def _field(self, name: str, text: str, form: QFormLayout, label: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        edit.setMaxLength(60)
        edit.setMinimumHeight(36)
        form.addRow(label, edit)
        return edit

    def _update_ok(self) -> None:
        proved = bool(self.witness.text().strip() or self.recording.text().strip())
        self.hint.setVisible(not proved)
        self.ok_button.setEnabled(proved and len(self.name.text().strip()) >= 2)

    def values(self) -> dict[str, object]:
        return {
            "name": self.name.text().strip(),
            "title": self.title.text().strip(),
            "witness": self.witness.text().strip(),
            "recording": self.recording.text().strip(),
            "at": self.at.moment(),
        }
