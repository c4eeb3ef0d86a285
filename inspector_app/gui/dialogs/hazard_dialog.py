"""登记隐患 from a failed item: the violation fact, 违反 / 依据, 重大 flag and measure pre-filled from the pinned
template; the inspector adds the 部位（设备） the documents print."""

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
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import HazardLevel
from inspector_app.forms.templates import Item

DEFAULT_DAYS = {HazardLevel.GENERAL: 15, HazardLevel.MAJOR: 30}


class HazardDialog(QDialog):
    def __init__(self, item: Item, today: date, note: str = "", parent: QWidget | None = None) -> None:
        from inspector_app.services.hazards import suggested_description

        super().__init__(parent)
        self.setWindowTitle(self.tr("登记隐患"))
        self.setMinimumWidth(640)
        self.today = today
        layout = QVBoxLayout(self)
        form = QFormLayout()
        # The printed fact is the item's violation wording plus what was noted on site, not the requirement.
        self.description = QPlainTextEdit(suggested_description(item.violation, note))
        self.description.setObjectName("hazard_description")
        self.description.setFixedHeight(90)
        form.addRow(self.tr("隐患描述"), self.description)
        self.location = QLineEdit()
        self.location.setObjectName("hazard_location")
        self.location.setMaxLength(200)
        self.location.setPlaceholderText(self.tr("如“3号采场东侧边坡”“1号液氨储罐”"))
        form.addRow(self.tr("部位（设备）"), self.location)
        self.level = QComboBox()
        self.level.setObjectName("hazard_level")
        for level in HazardLevel:
            self.level.addItem(level.label, level.value)
        self.level.setCurrentIndex(1 if item.major else 0)
        form.addRow(self.tr("隐患级别"), self.level)
        for name, label, text in (
            ("hazard_violates", self.tr("违反"), item.violates),
            ("hazard_grounds", self.tr("依据"), item.grounds),
        ):
            shown = QLabel(text or self.tr("（检查表未写明）"))
            shown.setWordWrap(True)
            shown.setObjectName(name)
            form.addRow(label, shown)
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
            note_label = QLabel(self.tr("注意：该检查项依据为“待核”，签发文书前请核对官方原文。"))
            note_label.setObjectName("banner")
            note_label.setWordWrap(True)
            layout.addWidget(note_label)
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
            "location": self.location.text().strip(),
        }
