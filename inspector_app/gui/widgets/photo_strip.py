"""Thumbnails of the photos attached to an item or hazard; add by file dialog, drag-and-drop or paste."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from inspector_app.gui import errors

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow

IMAGE_FILTER = QT_TRANSLATE_NOOP("PhotoStrip", "照片 (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


class PhotoStrip(QWidget):
    """Bound to one target (inspection + item, or hazard); `changed` fires after photos were stored."""

    changed = Signal()

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.target: dict[str, str | None] = {}
        self.taken_by: str | None = None  # 拍摄人 when it is not the service's default (复查 officers)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("photo_list")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(120, 90))
        self.list.setFixedHeight(124)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setAcceptDrops(False)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加照片…"))
        self.add_button.setObjectName("add_photos")
        self.add_button.setToolTip(self.tr("也可以把照片拖到这里，或按 Ctrl+V 粘贴"))
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.choose_files)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)

    def bind(
        self,
        *,
        inspection_id: str | None,
        item_id: str | None = None,
        hazard_id: str | None = None,
        editable: bool = True,
    ) -> None:
        self.target = {"inspection_id": inspection_id, "item_id": item_id, "hazard_id": hazard_id}
        self.add_button.setEnabled(editable)
        self.setAcceptDrops(editable)
        self.reload()

    def reload(self) -> None:
        from inspector_app.services import photos

        app = self.window_.app
        self.list.clear()
        if app is None or not self.target:
            return
        rows = photos.photos_of(app, **self.target)
        for photo in rows:
            pixmap = QPixmap(str(app.media.path(photo.thumb_sha256)))
            item = QListWidgetItem(QIcon(pixmap), photo.caption or photo.original_name)
            item.setToolTip(f"{photo.original_name}\n{photo.width}×{photo.height}")
            item.setData(Qt.ItemDataRole.UserRole, photo.id)
            self.list.addItem(item)

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("选择照片"), "", self.tr(IMAGE_FILTER))
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, files: list[Path], cleanup: list[Path] | None = None) -> None:
        from inspector_app.services import photos

        app = self.window_.app
        assert app is not None
        target = dict(self.target)

        def work(control):  # type: ignore[no-untyped-def]
            return photos.attach(app, files, progress=control.progress, taken_by=self.taken_by, **target)

        def finished(_result: object) -> None:
            for path in cleanup or []:
                path.unlink(missing_ok=True)
            self.reload()
            self.changed.emit()

        def failed(exc: BaseException, trace: str) -> None:
            for path in cleanup or []:
                path.unlink(missing_ok=True)
            errors.show_error(self, exc, trace)

        self.window_.runner.start(self.tr("正在保存照片…"), work, on_done=finished, on_error=failed, parent_widget=self)

    def paste(self) -> None:
        if not self.add_button.isEnabled():
            return
        mime = QGuiApplication.clipboard().mimeData()
        if mime.hasUrls():
            files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            if files:
                self.add_files(files)
                return
        if mime.hasImage():
            image = QGuiApplication.clipboard().image()
            folder = Path(tempfile.gettempdir())
            path = folder / f"粘贴照片-{uuid.uuid4().hex[:8]}.png"
            if image.save(str(path), "PNG"):
                self.add_files([path], cleanup=[path])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(
            Path(u.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES for u in event.mimeData().urls()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.add_files(files)
