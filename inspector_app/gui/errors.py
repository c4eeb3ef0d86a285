"""Errors reach the user as a readable message; a bug shows its details but the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from inspector_app.domain.errors import UserError

log = logging.getLogger("inspector_app.gui")


def show_error(parent: QWidget | None, exc: BaseException, trace: str = "") -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, QCoreApplication.translate("errors", "无法完成"), exc.message)
        return
    from inspector_app.gui.tasks import Cancelled

    if isinstance(exc, Cancelled):
        return
    log.error("unexpected error: %s\n%s", exc, trace)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("errors", "程序错误"),
        QCoreApplication.translate("errors", "操作未完成，已保存的数据不受影响。\n请将详细信息告知维护人员。"),
        parent=parent,
    )
    box.setDetailedText(trace or "".join(traceback.format_exception(exc)))
    box.exec()


def install_excepthook(parent_getter: object) -> None:
    """A bug in a slot must not kill the window with unsaved-looking state: show it and carry on."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        trace = "".join(traceback.format_exception(kind, exc, tb))
        sys.__stderr__.write(trace) if sys.__stderr__ else None
        parent = parent_getter() if callable(parent_getter) else None
        show_error(parent, exc, trace)

    sys.excepthook = hook
