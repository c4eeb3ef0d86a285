"""Preview an issued document (QtPdf), print it through QPrintDialog, or save the exact stored bytes (另存为).

The preview shows the stored PDF as it is; nothing here renders a document anew. Printing rasterises each page
with QPdfDocument.render at (up to) the printer's resolution and scales it onto the paper, keeping the aspect
ratio; 另存为 writes the stored bytes unchanged, so a saved copy passes 核验 like the original.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QMargins,
    QObject,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QImage, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import UserError, ValidationError
from inspector_app.gui import errors

# Rendering at a laser printer's 1200 dpi would take over half a gigabyte per A4 page; 600 dpi is already sharper
# than the eye can tell on paper and keeps one page near 140 MB while it is drawn.
MAX_RENDER_DPI = 600
ZOOM_STEP = 1.25
ZOOM_LIMITS = (0.25, 4.0)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')

LOAD_ERRORS = {
    QPdfDocument.Error.DataNotYetAvailable: QT_TRANSLATE_NOOP("DocumentPreviewDialog", "数据尚未就绪"),
    QPdfDocument.Error.FileNotFound: QT_TRANSLATE_NOOP("DocumentPreviewDialog", "找不到文件"),
    QPdfDocument.Error.InvalidFileFormat: QT_TRANSLATE_NOOP("DocumentPreviewDialog", "不是有效的 PDF 文件"),
    QPdfDocument.Error.IncorrectPassword: QT_TRANSLATE_NOOP("DocumentPreviewDialog", "文件受密码保护"),
    QPdfDocument.Error.UnsupportedSecurityScheme: QT_TRANSLATE_NOOP("DocumentPreviewDialog", "不支持的加密方式"),
}


class PrintError(UserError):
    """The printer could not be opened or the job failed; nothing about the document is wrong."""


# -- saving ------------------------------------------------------------------------------------------------


def safe_file_name(number: str) -> str:
    """'（宁）应急责改〔2026〕12号' → '（宁）应急责改〔2026〕12号.pdf'; characters no file system takes become _."""
    name = _UNSAFE.sub("_", number).strip().rstrip(". ")
    return f"{name or 'document'}.pdf"


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, flush to disk, then rename over it: a reader never sees half a file."""
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _default_folder() -> str:
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def save_pdf_as(parent: QWidget | None, number: str, pdf: bytes) -> Path | None:
    """Ask where to save, then write the stored bytes unchanged; None if the user cancelled or it failed."""
    suggested = str(Path(_default_folder()) / safe_file_name(number))
    title = QCoreApplication.translate("DocumentPreviewDialog", "另存为")
    name_filter = QCoreApplication.translate("DocumentPreviewDialog", "PDF 文件 (*.pdf)")
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, suggested, name_filter)
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    try:
        write_atomically(target, pdf)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        text = QCoreApplication.translate("DocumentPreviewDialog", "无法保存到 {0}（{1}）")
        errors.show_error(parent, ValidationError(text.format(str(target), reason)))
        return None
    return target


# -- printing ----------------------------------------------------------------------------------------------


def pages_to_print(printer: QPrinter, page_count: int, current_page: int = 1) -> list[int]:
    """The 1-based pages the print dialog asked for: all, the current one, or the ranges typed in."""
    every = list(range(1, page_count + 1))
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current_page] if 1 <= current_page <= page_count else every[:1]
    if mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [p for p in every if ranges.contains(p)]
        first, last = printer.fromPage(), printer.toPage()
        if first > 0:
            return [p for p in every if first <= p <= (last or page_count)]
    return every


def _page_image(pdf_document: QPdfDocument, index: int, size: QSize) -> QImage:
    """One page rendered at `size`, on white (QtPdf leaves the background transparent)."""
    image = pdf_document.render(index, size)
    if image.isNull():
        text = QCoreApplication.translate("DocumentPreviewDialog", "第 {0} 页无法渲染，打印已停止")
        raise PrintError(text.format(index + 1))
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
    painter.fillRect(image.rect(), Qt.GlobalColor.white)
    painter.end()
    if image.format() == QImage.Format.Format_ARGB32:
        image.reinterpretAsFormat(QImage.Format.Format_RGB32)  # now opaque: same bytes, no alpha to embed
    return image


def _target_rect(printer: QPrinter, point_size: Any) -> QRectF:
    """Where a page of `point_size` goes: as large as fits on the printable area, aspect kept, centred."""
    unit = QPrinter.Unit.DevicePixel
    area = printer.paperRect(unit) if printer.fullPage() else printer.pageRect(unit)
    dpi = printer.resolution()
    width, height = point_size.width() * dpi / 72.0, point_size.height() * dpi / 72.0
    if width <= 0 or height <= 0:
        return QRectF(0, 0, area.width(), area.height())
    scale = min(area.width() / width, area.height() / height)
    w, h = width * scale, height * scale
    return QRectF((area.width() - w) / 2, (area.height() - h) / 2, w, h)


def print_document(
    pdf_document: QPdfDocument,
    printer: QPrinter,
    page_range: Iterable[int] | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Print the pages (1-based numbers; None for all) onto `printer`; returns how many sheets were drawn.

    Copies are left to the printer when it can make them (CUPS can), otherwise drawn here, collated or not as
    the printer settings say. `progress(done, total)` returning False aborts the job.
    """
    count = pdf_document.pageCount()
    pages = [p for p in (page_range if page_range is not None else range(1, count + 1)) if 1 <= p <= count]
    if not pages:
        raise PrintError(QCoreApplication.translate("DocumentPreviewDialog", "没有可打印的页"))
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        sequence = [p for _copy in range(copies) for p in pages]
    else:
        sequence = [p for p in pages for _copy in range(copies)]
    painter = QPainter()
    if not painter.begin(printer):
        name = printer.printerName() or printer.outputFileName()
        text = QCoreApplication.translate("DocumentPreviewDialog", "无法开始打印（{0}），请检查打印机是否已连接并开启")
        raise PrintError(text.format(name))
    drawn = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        render_scale = min(1.0, MAX_RENDER_DPI / max(1, printer.resolution()))
        for number in sequence:
            if progress is not None and not progress(drawn, len(sequence)):
                printer.abort()
                return drawn
            if drawn:
                printer.newPage()
            index = number - 1
            target = _target_rect(printer, pdf_document.pagePointSize(index))
            size = QSize(max(1, round(target.width() * render_scale)), max(1, round(target.height() * render_scale)))
            painter.drawImage(target, _page_image(pdf_document, index, size))
            drawn += 1
        if progress is not None:
            progress(drawn, len(sequence))
    finally:
        painter.end()
    return drawn


def a4_printer(document_name: str = "") -> QPrinter:
    """A high-resolution printer set to A4, portrait, full page (the PDF carries its own margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    if document_name:
        printer.setDocName(document_name)
    return printer


# -- the dialog --------------------------------------------------------------------------------------------


class DocumentPreviewDialog(QDialog):
    """The stored PDF of one document, with 打印…, 另存为… and 关闭."""

    def __init__(self, parent: QWidget | None, document_number: str, pdf_bytes: bytes) -> None:
        super().__init__(parent)
        self.setObjectName("document_preview")
        self.number = document_number
        self.pdf_bytes = bytes(pdf_bytes)
        self.print_task: Any = None
        self.print_dialog: QPrintDialog | None = None
        self.printer: QPrinter | None = None
        self.saved_to: Path | None = None
        self.setWindowTitle(self.tr("文书预览 — {0}").format(document_number))
        room = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(920, min(1000, room.height() - 60) if room is not None else 1000)
        self._build()
        self._wire()
        self._load()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(0)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("preview_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet(
            "QToolBar#preview_toolbar { background: #f2f5f9; border-bottom: 1px solid #c3cdd9; spacing: 6px;"
            " padding: 4px 8px; } QToolBar#preview_toolbar QToolButton { padding: 6px 12px; border-radius: 4px; }"
            " QToolBar#preview_toolbar QToolButton:hover { background: #dde5ef; }"
        )
        self.print_action = self.toolbar.addAction(self.tr("打印…"))
        self.print_action.setObjectName("preview_print")
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.save_action = self.toolbar.addAction(self.tr("另存为…"))
        self.save_action.setObjectName("preview_save")
        self.save_action.setShortcut(QKeySequence.StandardKey.SaveAs)
        self.toolbar.addSeparator()
        self.zoom_out_action = self.toolbar.addAction(self.tr("缩小"))
        self.zoom_out_action.setObjectName("preview_zoom_out")
        self.zoom_out_action.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("preview_zoom")
        self.zoom_label.setMinimumWidth(64)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar.addWidget(self.zoom_label)
        self.zoom_in_action = self.toolbar.addAction(self.tr("放大"))
        self.zoom_in_action.setObjectName("preview_zoom_in")
        self.zoom_in_action.setShortcut(QKeySequence.StandardKey.ZoomIn)
        self.fit_action = self.toolbar.addAction(self.tr("适合宽度"))
        self.fit_action.setObjectName("preview_fit_width")
        self.toolbar.addSeparator()
        self.page_label = QLabel()
        self.page_label.setObjectName("preview_pages")
        self.toolbar.addWidget(self.page_label)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.close_action = self.toolbar.addAction(self.tr("关闭"))
        self.close_action.setObjectName("preview_close")
        layout.addWidget(self.toolbar)

        self.stack = QStackedWidget()
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setObjectName("preview_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(16)
        self.view.setDocumentMargins(QMargins(24, 16, 24, 16))
        self.view.setDocument(self.document)
        self.failure = QLabel()
        self.failure.setObjectName("preview_error")
        self.failure.setWordWrap(True)
        self.failure.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.failure.setStyleSheet("QLabel#preview_error { color: #8a1c1c; font-size: 13pt; padding: 48px; }")
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.failure)
        layout.addWidget(self.stack, 1)

        self.message = QLabel()
        self.message.setObjectName("preview_message")
        self.message.setWordWrap(True)
        self.message.setContentsMargins(12, 6, 12, 0)
        self.message.setStyleSheet("color: #5b6b7d;")
        self.message.hide()
        layout.addWidget(self.message)

    def _wire(self) -> None:
        self.print_action.triggered.connect(self.choose_printer)
        self.save_action.triggered.connect(self.save_as)
        self.zoom_in_action.triggered.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.zoom_out_action.triggered.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.fit_action.triggered.connect(self.fit_width)
        self.close_action.triggered.connect(self.reject)
        self.document.statusChanged.connect(self._status_changed)
        self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._update_pages())
        self.view.zoomFactorChanged.connect(lambda _factor: self._update_zoom())
        self.view.viewport().installEventFilter(self)

    def _load(self) -> None:
        # The document reads from the buffer for as long as it is open: both stay alive with the dialog.
        self._data = QByteArray(self.pdf_bytes)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self._status_changed(self.document.status())

    # -- state -------------------------------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.loaded else 0

    def _status_changed(self, status: QPdfDocument.Status) -> None:
        failed = status == QPdfDocument.Status.Error
        if failed:
            reason = LOAD_ERRORS.get(self.document.error())
            why = self.tr(reason) if reason else self.tr("未知错误")
            text = self.tr("无法显示文书 {0} 的 PDF（{1}）。\n可用“另存为”保存原文件，再用其他阅读器打开。")
            self.failure.setText(text.format(self.number, why))
            self.stack.setCurrentWidget(self.failure)
        self._update_actions()

    def _update_actions(self) -> None:
        ready = self.loaded
        self.print_action.setEnabled(ready and self.print_task is None)
        for action in (self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(ready)
        self._update_pages()
        self._update_zoom()

    def _update_pages(self) -> None:
        if not self.loaded:
            self.page_label.setText("")
            return
        current = self.view.pageNavigator().currentPage() + 1
        self.page_label.setText(self.tr("第 {0} / {1} 页").format(current, self.page_count))

    def _update_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self._effective_zoom() * 100)}%" if self.loaded else "")
        self.fit_action.setEnabled(self.loaded and self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._update_zoom()  # fitting the width changes the factor without telling
        return super().eventFilter(obj, event)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- zoom --------------------------------------------------------------------------------------------------
    def _effective_zoom(self) -> float:
        """The factor on screen now; in fit-width mode QPdfView does not report it, so work it out."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or not self.loaded:
            return self.view.zoomFactor()
        points = self.document.pagePointSize(self.view.pageNavigator().currentPage())
        screen_dpi = self.view.logicalDpiX() or 96
        page_px = points.width() * screen_dpi / 72.0
        margins = self.view.documentMargins()
        room = self.view.viewport().width() - margins.left() - margins.right()
        return max(ZOOM_LIMITS[0], room / page_px) if page_px > 0 else 1.0

    def zoom_by(self, factor: float) -> None:
        zoom = min(ZOOM_LIMITS[1], max(ZOOM_LIMITS[0], self._effective_zoom() * factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)
        self._update_zoom()

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom()

    # -- 另存为 --------------------------------------------------------------------------------------------------
    def save_as(self) -> Path | None:
        target = save_pdf_as(self, self.number, self.pdf_bytes)
        if target is not None:
            self.saved_to = target
            self.show_message(self.tr("已保存到 {0}").format(str(target)))
        return target

    # -- 打印 ----------------------------------------------------------------------------------------------------
    def choose_printer(self) -> None:
        """Open QPrintDialog (window-modal); printing starts when the user accepts it."""
        if not self.loaded or self.print_task is not None:
            return
        printer = a4_printer(self.number)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("print_dialog")
        dialog.setWindowTitle(self.tr("打印 {0}").format(self.number))
        options = QAbstractPrintDialog.PrintDialogOption
        dialog.setOptions(
            options.PrintToFile | options.PrintPageRange | options.PrintCollateCopies | options.PrintCurrentPage
        )
        dialog.setMinMax(1, self.page_count)
        dialog.accepted.connect(lambda: self.print_to(printer))
        self.printer = printer
        self.print_dialog = dialog
        QDialog.open(dialog)  # QPrintDialog's binding only offers open(receiver, member); this is the plain one

    def print_to(self, printer: QPrinter) -> None:
        """Print with the printer's settings (page range, copies) on a worker; a progress dialog shows if slow."""
        pages = pages_to_print(printer, self.page_count, self.view.pageNavigator().currentPage() + 1)
        document = self.document
        text = self.tr("正在打印第 {0} / {1} 页……")

        def work(control: Any) -> int:
            sheets = print_document(
                document,
                printer,
                pages,
                lambda done, total: control.progress(done, total, text.format(min(done + 1, total), total)),
            )
            control.check()  # 取消 pressed: the job was aborted, say so rather than "sent"
            return sheets

        runner = self._runner()
        self.printer = printer
        self.show_message(self.tr("正在打印……"))
        if runner is None:
            try:
                self._printed(print_document(document, printer, pages))
            except Exception as exc:
                self._print_failed(exc, "")
            return
        self.print_task = runner.start(
            self.tr("正在打印 {0}……").format(self.number),
            work,
            on_done=self._printed,
            on_error=self._print_failed,
            parent_widget=self,
        )
        self._update_actions()

    def _runner(self) -> Any:
        widget = self.parentWidget()
        while widget is not None:
            runner = getattr(widget, "runner", None)
            if runner is not None:
                return runner
            widget = widget.parentWidget()
        return None

    def _printed(self, sheets: int) -> None:
        self.print_task = None
        self._update_actions()
        where = self.printer.printerName() if self.printer is not None else ""
        if self.printer is not None and self.printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            where = self.printer.outputFileName()
        self.show_message(self.tr("已送出 {0} 页到 {1}").format(sheets, where))

    def _print_failed(self, exc: BaseException, trace: str) -> None:
        self.print_task = None
        self._update_actions()
        self.show_message(self.tr("打印未完成"))
        errors.show_error(self, exc, trace)
