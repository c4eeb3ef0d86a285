"""登记隐患 from a failed item: basis, 重大 flag and measure pre-filled from the pinned template."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import HazardLevel
from inspector_app.forms.templates import Item

DEFAULT_DAYS = {HazardLevel.GENERAL: 15, HazardLevel.MAJOR: 30}


class HazardDialog(QDialog):
    def __init__(self, item: Item, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记隐患"))
        self.setMinimumWidth(640)
        self.today = today
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.description = QPlainTextEdit(item.text)
        self.description.setObjectName("hazard_description")
        self.description.setFixedHeight(90)
        form.addRow(self.tr("隐患描述"), self.description)
        self.level = QComboBox()
        self.level.setObjectName("hazard_level")
        for level in HazardLevel:
            self.level.addItem(level.label, level.value)
        self.level.setCurrentIndex(1 if item.major else 0)
        form.addRow(self.tr("隐患级别"), self.level)
        basis = QLabel(item.basis)
        basis.setWordWrap(True)
        basis.setObjectName("hazard_basis")
        form.addRow(self.tr("依据"), basis)
        self.measure = QPlainTextEdit(item.measure)
        self.measure.setObjectName("hazard_measure")
        self.measure.setFixedHeight(90)
        form.addRow(self.tr("整改措施"), self.measure)
        self.order_now = QCheckBox(self.tr("责令限期整改，期限至"))
        self.order_now.setObjectName("hazard_order_now")
        self.order_now.setChecked(True)
        self.deadline = QDateEdit()
        self.deadline.setObjectName("hazard_deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setMinimumDate(QDate(today.year, today.month, today.day))
        self._set_default_deadline()
        form.addRow(self.order_now, self.deadline)
        layout.addLayout(form)
        if item.review:
            note = QLabel(self.tr("注意：该检查项依据为“待核”，签发文书前请核对官方原文。"))
            note.setObjectName("banner")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("hazard_ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.order_now.toggled.connect(self.deadline.setEnabled)
        self.level.currentIndexChanged.connect(lambda _i: self._set_default_deadline())

    def _set_default_deadline(self) -> None:
        day = self.today + timedelta(days=DEFAULT_DAYS[HazardLevel(self.level.currentData())])
        self.deadline.setDate(QDate(day.year, day.month, day.day))

    def values(self) -> dict[str, object]:
        qd = self.deadline.date()
        return {
            "description": self.description.toPlainText().strip(),
            "level": HazardLevel(self.level.currentData()),
            "measure": self.measure.toPlainText().strip(),
            "deadline": date(qd.year(), qd.month(), qd.day()) if self.order_now.isChecked() else None,
        }
