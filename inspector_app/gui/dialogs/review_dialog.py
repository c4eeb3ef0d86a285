"""复查: one enterprise's hazards under rectification; each is passed (销号) or failed with a new deadline, with
整改后 photos, by two or more officers at a stated time — the 整改复查意见书 prints all of it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import HazardLevel, HazardStatus
from inspector_app.domain.errors import ValidationError
from inspector_app.gui import errors
from inspector_app.gui.dialogs.moment_edit import MomentEdit
from inspector_app.gui.widgets.photo_strip import PhotoStrip

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.services.context import App
    from inspector_app.store.models import Hazard, Inspector

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
        self.set_review_day(today)
        self.deadline.setDate(QDate(later.year, later.month, later.day))
        self.deadline.setEnabled(False)
        form.addWidget(self.deadline)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("隐患照片（复查时添加的记为整改后照片）")))
        self.photos = PhotoStrip(window)
        self.photos.setObjectName(f"review_{index}_photos")
        self.photos.bind(inspection_id=None, hazard_id=hazard.id)
        layout.addWidget(self.photos)
        self.choice.idToggled.connect(lambda _id, _on: self.deadline.setEnabled(self.choice.checkedId() == FAILED))

    def set_review_day(self, day: date) -> None:
        """A new deadline falls after the day of the 复查 (the 意见书 gives the enterprise time)."""
        first = day + timedelta(days=1)
        self.deadline.setMinimumDate(QDate(first.year, first.month, first.day))

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
        self.officers = self._officer_list(app, open_hazards)
        self.reviewed_at = MomentEdit(max((h.found_at for h in open_hazards), default=None))
        self.reviewed_at.setObjectName("review_at")
        when = QHBoxLayout()
        when.addWidget(QLabel(self.tr("复查时间")))
        when.addWidget(self.reviewed_at)
        when.addStretch(1)
        officers_box = QGroupBox(self.tr("复查人员（两名以上执法人员）"))
        officers_layout = QVBoxLayout(officers_box)
        officers_layout.addWidget(self.officers)
        officers_layout.addLayout(when)
        layout.addWidget(officers_box)
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
        self.officers.itemChanged.connect(lambda _item: self._photographer_changed())
        self.reviewed_at.dateTimeChanged.connect(lambda _v: self._review_day_changed())
        self._photographer_changed()
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

    def _officer_list(self, app: App, open_hazards: list[Hazard]) -> QListWidget:
        """Active inspectors, the operator and the original inspection's other officer ticked."""
        from inspector_app.services import inspections, registry, setup

        listing = QListWidget()
        listing.setObjectName("review_officers")
        listing.setFixedHeight(120)
        active = registry.list_inspectors(app)
        operator = setup.settings(app).get("operator", "")
        chosen = [i.id for i in active if i.name == operator]
        if open_hazards:
            for officer in inspections.inspectors_of(app, open_hazards[0].inspection_id):
                if len(chosen) < 2 and officer.id not in chosen and any(a.id == officer.id for a in active):
                    chosen.append(officer.id)
        self.inspectors: dict[str, Inspector] = {i.id: i for i in active}
        for inspector in active:
            item = QListWidgetItem(self.tr("{0}（执法证号 {1}）").format(inspector.name, inspector.cert_no))
            item.setData(Qt.ItemDataRole.UserRole, inspector.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if inspector.id in chosen else Qt.CheckState.Unchecked)
            listing.addItem(item)
        return listing

    def chosen_officers(self) -> list[str]:
        rows = (self.officers.item(n) for n in range(self.officers.count()))
        return [r.data(Qt.ItemDataRole.UserRole) for r in rows if r.checkState() == Qt.CheckState.Checked]

    def _photographer_changed(self) -> None:
        """整改后 photos are taken by one of the reviewing officers: the first one ticked."""
        chosen = self.chosen_officers()
        name = self.inspectors[chosen[0]].name if chosen else None
        for review in self.reviews:
            review.photos.taken_by = name

    def _review_day_changed(self) -> None:
        from inspector_app.services.timeutil import local_date

        day = local_date(self.reviewed_at.moment())
        for review in self.reviews:
            review.set_review_day(day)

    def save(self) -> None:
        from inspector_app.services import hazards

        app = self.window_.app
        assert app is not None
        officers = self.chosen_officers()
        if len(officers) < 2:
            errors.show_error(self, ValidationError("复查须由两名以上执法人员进行，请在“复查人员”中至少选择两名"))
            return
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
            hazards.review_many(app, decisions, officers=officers, at=self.reviewed_at.moment())
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self.accept()
