"""文书: the enforcement documents issued on this device, newest first; preview, print, save, correct, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui import errors, prompts
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
        self.preview_button = QPushButton(self.tr("预览"))
        self.preview_button.setObjectName("documents_preview")
        self.save_button = QPushButton(self.tr("另存为…"))
        self.save_button.setObjectName("documents_save")
        self.correct_button = QPushButton(self.tr("更正…"))
        self.correct_button.setObjectName("documents_correct")
        self.correct_button.setToolTip(self.tr("签发一份新文号的更正文书，原文书保留备查"))
        self.verify_button = QPushButton(self.tr("核验文件…"))
        self.verify_button.setObjectName("documents_verify")
        self.verify_button.setToolTip(self.tr("核对一份 PDF 是否为本机签发且未被改动的文书"))
        for button in (self.preview_button, self.save_button, self.correct_button, self.verify_button):
            top.addWidget(button)
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

        self.message = QLabel()
        self.message.setObjectName("documents_message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        note = QLabel(self.tr("文书一经签发即不可修改；如需更正，请签发更正文书，原文书保留备查。"))
        note.setObjectName("documents_note")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6b7d;")
        layout.addWidget(note)
        self.correct_task: Any = None
        self.last_verdict: Any = None
        self._wire()

    def _wire(self) -> None:
        self.view.doubleClicked.connect(lambda index: self.preview(self.model.document_id(index.row())))
        self.view.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())
        self.preview_button.clicked.connect(lambda: self._with_selected(self.preview))
        self.save_button.clicked.connect(lambda: self._with_selected(self.save_as))
        self.correct_button.clicked.connect(lambda: self._with_selected(self.ask_correction))
        self.verify_button.clicked.connect(self.verify_file)

    def refresh(self, select: str | None = None) -> None:
        from inspector_app.services import reports

        rows = reports.list_documents(self.app)
        self.model.set_rows(rows)
        has_rows = bool(rows)
        self.view.setVisible(has_rows)
        self.empty_area.setVisible(not has_rows)
        self.summary.setText(self.tr("共 {0} 份").format(len(rows)) if has_rows else "")
        if select is not None:
            self.select_document(select)
        self._update_buttons()

    # -- selection -----------------------------------------------------------------------------------------
    def selected_document(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.document_id(rows[0].row()) if rows else None

    def select_document(self, document_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.document_id(row) == document_id:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
                return

    def _update_buttons(self) -> None:
        chosen = self.selected_document() is not None
        for button in (self.preview_button, self.save_button):
            button.setEnabled(chosen)
        self.correct_button.setEnabled(chosen and self.correct_task is None)

    def _with_selected(self, action: Any) -> None:
        document_id = self.selected_document()
        if document_id is not None:
            action(document_id)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _stored(self, document_id: str) -> tuple[Any, bytes] | None:
        from inspector_app.services import documents

        try:
            return documents.pdf_of(self.app, document_id)
        except Exception as exc:
            errors.show_error(self, exc)
            return None

    # -- actions -------------------------------------------------------------------------------------------
    def preview(self, document_id: str) -> None:
        stored = self._stored(document_id)
        if stored is not None:
            self.open_preview(stored[0].number, stored[1])

    def open_preview(self, number: str, pdf: bytes, note: str = "") -> None:
        from inspector_app.gui.dialogs.document_preview import DocumentPreviewDialog

        dialog = DocumentPreviewDialog(self.window_, number, pdf)
        if note:
            dialog.show_message(note)
        dialog.open()
        self.preview_dialog = dialog

    def save_as(self, document_id: str) -> Path | None:
        from inspector_app.gui.dialogs.document_preview import save_pdf_as

        stored = self._stored(document_id)
        if stored is None:
            return None
        target = save_pdf_as(self, stored[0].number, stored[1])
        if target is not None:
            self._show_message(self.tr("已将 {0} 保存到 {1}").format(stored[0].number, str(target)))
        return target

    def ask_correction(self, document_id: str) -> None:
        row = next((r for r in self.model.rows if r["id"] == document_id), None)
        number = row["number"] if row else ""
        dialog = QInputDialog(self)
        dialog.setObjectName("correct_dialog")
        dialog.setWindowTitle(self.tr("更正文书"))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setLabelText(
            self.tr("将签发一份新文号的更正文书替代 {0}，原文书保留备查。\n更正理由（印在更正文书上）：").format(number)
        )
        dialog.setOkButtonText(self.tr("签发更正文书"))
        dialog.setCancelButtonText(self.tr("取消"))
        dialog.resize(560, dialog.sizeHint().height())
        dialog.textValueSelected.connect(lambda reason: self.correct(document_id, reason))
        dialog.open()
        self.correct_dialog = dialog

    def correct(self, document_id: str, reason: str) -> None:
        """Issue the correction on a worker (it renders a new PDF), then list and preview it."""
        from inspector_app.services import documents

        app = self.app

        def work(_control: Any) -> Any:
            return documents.correct(app, document_id, reason)

        self.correct_task = self.runner.start(
            self.tr("正在签发更正文书……"),
            work,
            on_done=self._corrected,
            on_error=self._correct_failed,
            parent_widget=self,
            cancellable=False,
        )
        self._update_buttons()

    def _corrected(self, issued: Any) -> None:
        self.correct_task = None
        self.refresh(select=issued.document.id)
        self._show_message(self.tr("已签发更正文书 {0}").format(issued.document.number))
        self.open_preview(issued.document.number, issued.pdf)

    def _correct_failed(self, exc: BaseException, trace: str) -> None:
        self.correct_task = None
        self._update_buttons()
        errors.show_error(self, exc, trace)

    def verify_file(self) -> None:
        """Pick a PDF, or a photo or scan of the paper, and say who signed it and whether it is unaltered."""
        from inspector_app.services import document_verify

        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("核验文件"),
            "",
            self.tr("PDF 或图片 (*.pdf *.png *.jpg *.jpeg);;PDF 文件 (*.pdf);;图片 (*.png *.jpg *.jpeg);;所有文件 (*)"),
        )
        if not chosen:
            return
        try:
            verdict = document_verify.verify_file(self.app, Path(chosen))
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self.last_verdict = verdict
        title = self.tr("核验通过") if verdict.genuine else self.tr("核验未通过")
        prompts.inform(self, title, f"{Path(chosen).name}\n\n" + "\n".join(verdict.lines()))
