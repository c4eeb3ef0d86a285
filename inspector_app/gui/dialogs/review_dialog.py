"""复查: one enterprise's hazards under rectification; each is passed (销号) or failed, with photos."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import HazardLevel, HazardStatus
from inspector_app.gui import errors
from inspector_app.gui.widgets.photo_strip import PhotoStrip

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.store.models import Hazard

PENDING, PASSED, FAILED = 0, 1, 2


class HazardReview(QGroupBox):
    def __init__(self, window: MainWindow, hazard: Hazard, index: int, today: date) -> None:
        super().__init__(f"{index + 1}. {HazardLevel(hazard.level).label} · {HazardStatus(hazard.status).label}")
        self.hazard = hazard
        self.setObjectName(f"review_{index}")
        layout = QVBoxLayout(self)
        text = QLabel(hazard.description)
        text.setWordWrap(True)
        layout.addWidget(text)
        deadline = f"{hazard.deadline:%Y-%m-%d}" if hazard.deadline else "—"
        overdue = hazard.deadline is not None and hazard.deadline < today
        info = QLabel(
            self.tr("整改期限：{0}{1}　整改措施：{2}").format(
                deadline, self.tr("（已逾期）") if overdue else "", hazard.measure or "—"
            )
        )
        info.setWordWrap(True)
        info.setStyleSheet("color: #c62828;" if overdue else "color: #455a64;")
        layout.addWidget(info)
        row = QHBoxLayout()
        self.choice = QButtonGroup(self)
        for value, label, name in (
            (PENDING, self.tr("暂不复查"), "pending"),
            (PASSED, self.tr("复查合格，销号"), "pass"),
            (FAILED, self.tr("复查不合格"), "fail"),
        ):
            radio = QRadioButton(label)
            radio.setObjectName(f"review_{index}_{name}")
            radio.setMinimumHeight(36)
            self.choice.addButton(radio, value)
            row.addWidget(radio)
        self.choice.button(PENDING).setChecked(True)
        row.addStretch(1)
        layout.addLayout(row)
        form = QHBoxLayout()
        self.note = QLineEdit()
        self.note.setObjectName(f"review_{index}_note")
        self.note.setPlaceholderText(self.tr("复查情况"))
        form.addWidget(self.note, 1)
        form.addWidget(QLabel(self.tr("新的整改期限")))
        self.deadline = QDateEdit()
        self.deadline.setObjectName(f"review_{index}_deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        later = today + timedelta(days=15)
        self.deadline.setMinimumDate(QDate(today.year, today.month, today.day))
        self.deadline.setDate(QDate(later.year, later.month, later.day))
        self.deadline.setEnabled(False)
        form.addWidget(self.deadline)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("复查照片")))
        self.photos = PhotoStrip(window)
        self.photos.setObjectName(f"review_{index}_photos")
        self.photos.bind(inspection_id=None, hazard_id=hazard.id)
        layout.addWidget(self.photos)
        self.choice.idToggled.connect(lambda _id, _on: self.deadline.setEnabled(self.choice.checkedId() == FAILED))

    def decision(self) -> tuple[int, str, date]:
        qd = self.deadline.date()
        return self.choice.checkedId(), self.note.text().strip(), date(qd.year(), qd.month(), qd.day())


class ReviewDialog(QDialog):
    def __init__(self, window: MainWindow, enterprise_id: str) -> None:
        super().__init__(window)
        from inspector_app.services import hazards, registry
        from inspector_app.services.timeutil import today

        self.window_ = window
        app = window.app
        assert app is not None
        enterprise = registry.get_enterprise(app, enterprise_id)
        self.setWindowTitle(self.tr("整改复查 — {0}").format(enterprise.name))
        self.resize(900, 680)
        layout = QVBoxLayout(self)
        heading = QLabel(enterprise.name)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        open_hazards = hazards.open_for_review(app, enterprise_id)
        hint = QLabel(
            self.tr("共 {0} 条隐患在整改中。逐条选择复查结果；未选择的保持不变。").format(len(open_hazards))
            if open_hazards
            else self.tr("该企业没有需要复查的隐患。")
        )
        layout.addWidget(hint)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        day = today()
        self.reviews = [HazardReview(window, h, n, day) for n, h in enumerate(open_hazards)]
        for review in self.reviews:
            body_layout.addWidget(review)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存复查结果"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("review_save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("关闭"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        from inspector_app.services import hazards

        app = self.window_.app
        assert app is not None
        decisions = []
        for review in self.reviews:
            choice, note, deadline = review.decision()
            if choice != PENDING:
                decisions.append(
                    hazards.ReviewDecision(
                        review.hazard.id, choice == PASSED, note, None if choice == PASSED else deadline
                    )
                )
        try:
            hazards.review_many(app, decisions)
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self.accept()
