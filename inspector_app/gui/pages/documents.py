"""文书: the enforcement documents issued on this device, newest first."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from inspector_app.gui.models.documents_model import DocumentsModel
from inspector_app.gui.pages.base import Page

EMPTY_TEXT = QT_TRANSLATE_NOOP(
    "DocumentsPage", "尚未签发文书。完成检查后可在检查页签发现场检查记录、责令限期整改指令书等文书。"
)


class DocumentsPage(Page):
    title = "文书"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        top = QHBoxLayout()
        heading = QLabel(self.tr("文书"))
        heading.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("documents_summary")
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        layout.addLayout(top)

        self.model = DocumentsModel(self)
        self.view = QTableView()
        self.view.setObjectName("documents_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(36)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((280, 200, 320, 160)):
            self.view.setColumnWidth(column, width)
        layout.addWidget(self.view, 1)

        self.empty = QLabel(self.tr(EMPTY_TEXT))
        self.empty.setObjectName("documents_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(
            "QLabel#documents_empty { color: #5b6b7d; font-size: 13pt; padding: 56px 32px;"
            " background: #f6f8fb; border: 1px dashed #c3cdd9; border-radius: 10px; }"
        )
        self.empty_area = QWidget()
        empty_layout = QVBoxLayout(self.empty_area)
        empty_layout.setContentsMargins(0, 24, 0, 0)
        empty_layout.addWidget(self.empty)
        empty_layout.addStretch(1)
        layout.addWidget(self.empty_area, 1)

        note = QLabel(self.tr("文书一经签发即不可修改；如需更正，请签发更正文书，原文书保留备查。"))
        note.setObjectName("documents_note")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6b7d;")
        layout.addWidget(note)

    def refresh(self) -> None:
        from inspector_app.services import reports

        rows = reports.list_documents(self.app)
        self.model.set_rows(rows)
        has_rows = bool(rows)
        self.view.setVisible(has_rows)
        self.empty_area.setVisible(not has_rows)
        self.summary.setText(self.tr("共 {0} 份").format(len(rows)) if has_rows else "")
