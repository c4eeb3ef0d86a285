"""今日: re-inspections due or overdue, and inspections left unfinished."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from inspector_app.gui.models.rows_model import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.widgets.table import make_table, selected_row


def _days(value: Any) -> str:
    if value is None:
        return ""
    n = int(value)
    if n < 0:
        return QCoreApplication.translate("TodayPage", "逾期 {0} 天").format(-n)
    if n == 0:
        return QCoreApplication.translate("TodayPage", "今天到期")
    return QCoreApplication.translate("TodayPage", "{0} 天后").format(n)


class TodayPage(Page):
    title = "今日"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        heading = QLabel(self.tr("今日"))
        heading.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("todaySummary")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        self.new_button = QPushButton(self.tr("新建检查"))
        self.new_button.setObjectName("today_new_inspection")
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.numbers_banner = QLabel()
        self.numbers_banner.setObjectName("numbers_banner")
        self.numbers_banner.setWordWrap(True)
        self.numbers_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.numbers_banner.setStyleSheet(
            "QLabel#numbers_banner { background: #fff3cd; color: #5d4200; border: 1px solid #f0d68a;"
            " border-radius: 6px; padding: 8px 12px; }"
        )
        self.numbers_banner.hide()
        layout.addWidget(self.numbers_banner)

        due_title = QLabel(self.tr("待复查隐患（7日内到期及已逾期）"))
        due_title.setObjectName("sectionTitle")
        layout.addWidget(due_title)
        self.due_model = RowsModel(
            [
                Column("deadline", self.tr("整改期限"), 110),
                Column("days_left", self.tr("剩余"), 100, _days),
                Column("enterprise_name", self.tr("企业"), 260),
                Column("township", self.tr("乡镇"), 90),
                Column("status_label", self.tr("状态"), 100),
                Column("description", self.tr("隐患"), 400),
            ]
        )
        self.due_view = make_table(self.due_model, "today_due")
        layout.addWidget(self.due_view, 3)
        due_buttons = QHBoxLayout()
        self.review_button = QPushButton(self.tr("复查所选企业的隐患"))
        self.review_button.setObjectName("today_review")
        due_buttons.addStretch(1)
        due_buttons.addWidget(self.review_button)
        layout.addLayout(due_buttons)

        drafts_title = QLabel(self.tr("未完成的检查"))
        drafts_title.setObjectName("sectionTitle")
        layout.addWidget(drafts_title)
        self.drafts_model = RowsModel(
            [
                Column("date", self.tr("日期"), 110),
                Column("enterprise_name", self.tr("企业"), 300),
                Column("township", self.tr("乡镇"), 90),
                Column("template", self.tr("检查表"), 260),
                Column("hazard_count", self.tr("隐患"), 60),
            ]
        )
        self.drafts_view = make_table(self.drafts_model, "today_drafts")
        layout.addWidget(self.drafts_view, 2)
        draft_buttons = QHBoxLayout()
        self.continue_button = QPushButton(self.tr("继续检查"))
        self.continue_button.setObjectName("today_continue")
        draft_buttons.addStretch(1)
        draft_buttons.addWidget(self.continue_button)
        layout.addLayout(draft_buttons)
        self._wire()

    def _wire(self) -> None:
        self.review_button.clicked.connect(self._review_selected)
        self.due_view.doubleClicked.connect(lambda _i: self._review_selected())
        self.continue_button.clicked.connect(self._continue_selected)
        self.drafts_view.doubleClicked.connect(lambda _i: self._continue_selected())
        self.new_button.clicked.connect(lambda: self.window_.open_new_inspection())

    def refresh(self) -> None:
        from inspector_app.services import hazards, reports

        self._refresh_numbers()

        due = hazards.due_reinspections(self.app, within_days=7)
        self.due_model.set_rows(
            [
                {
                    "hazard_id": d.hazard.id,
                    "enterprise_id": d.hazard.enterprise_id,
                    "enterprise_name": d.enterprise_name,
                    "township": d.township,
                    "deadline": d.hazard.deadline.isoformat() if d.hazard.deadline else "",
                    "days_left": d.days_left,
                    "overdue": d.overdue,
                    "status_label": _status_label(d.hazard.status),
                    "description": d.hazard.description,
                }
                for d in due
            ]
        )
        self.drafts_model.set_rows(reports.drafts(self.app))
        overdue = sum(1 for d in due if d.overdue)
        self.summary.setText(
            self.tr("逾期 {0} 条 · 7日内到期 {1} 条 · 未完成检查 {2} 次").format(
                overdue, len(due) - overdue, len(self.drafts_model.rows)
            )
        )

    def _refresh_numbers(self) -> None:
        """Warn while there is still time to ask the bureau for a new range of 文号."""
        from inspector_app.services import numbers

        low = [kind.message for kind in numbers.status(self.app) if kind.low]
        if low:
            heading = self.tr("文号即将用完：")
            self.numbers_banner.setText("\n".join([heading, *(f"· {line}" for line in low)]))
        self.numbers_banner.setVisible(bool(low))

    def _review_selected(self) -> None:
        row = selected_row(self.due_view)
        if row is not None:
            self.window_.open_review(self.due_model.row(row)["enterprise_id"])

    def _continue_selected(self) -> None:
        row = selected_row(self.drafts_view)
        if row is not None:
            self.window_.open_inspection(self.drafts_model.row(row)["id"])


def _status_label(status: str) -> str:
    from inspector_app.domain.enums import HazardStatus

    return HazardStatus(status).label
