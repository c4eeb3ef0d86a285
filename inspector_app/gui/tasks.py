"""The one sanctioned way to run work off the GUI thread.

A task is a plain function taking a TaskControl. It runs on the thread pool, reports progress through the
control (which also says whether the user cancelled), and its result or error comes back on the GUI thread.
A progress dialog with 取消 appears only if the work lasts longer than about half a second.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

SHOW_AFTER_MS = 500


class Cancelled(Exception):
    """Raised by TaskControl.check() once the user pressed 取消."""


@dataclass
class TaskControl:
    _emit: Callable[[int, int, str], None]
    _cancel: threading.Event = field(default_factory=threading.Event)

    def progress(self, done: int, total: int, text: str = "") -> bool:
        """Report progress; False means the user cancelled and the work should stop."""
        self._emit(done, total, text)
        return not self._cancel.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[TaskControl], Any], signals: _Signals, control: TaskControl) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.control = control
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.control)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


class Task(QObject):
    """A running job as the GUI sees it; emits done(result) or error(exc, trace) on the GUI thread."""

    done = Signal(object)
    error = Signal(object, str)

    def __init__(self, label: str, parent_widget: QWidget | None, cancellable: bool) -> None:
        super().__init__(parent_widget)
        self.signals = _Signals()
        self.control = TaskControl(self.signals.progress.emit)
        self.dialog = QProgressDialog(label, self.tr("取消") if cancellable else "", 0, 0, parent_widget)
        self.dialog.setWindowTitle(self.tr("请稍候"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.control.cancel)
        self.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.signals.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.finished_flag = False

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0 and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        if total > 0:
            self.dialog.setValue(min(done, total))
        if text:
            self.dialog.setLabelText(text)

    def _close(self) -> None:
        self.finished_flag = True
        self.dialog.canceled.disconnect(self.control.cancel)
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _on_finished(self, result: object) -> None:
        self._close()
        self.done.emit(result)

    def _on_failed(self, exc: object, trace: str) -> None:
        self._close()
        self.error.emit(exc, trace)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.running: set[Task] = set()

    def start(
        self,
        label: str,
        fn: Callable[[TaskControl], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        parent_widget: QWidget | None = None,
        cancellable: bool = True,
    ) -> Task:
        task = Task(label, parent_widget, cancellable)
        self.running.add(task)
        task.done.connect(lambda _r: self.running.discard(task))
        task.error.connect(lambda _e, _t: self.running.discard(task))
        if on_done is not None:
            task.done.connect(on_done)
        if on_error is not None:
            task.error.connect(on_error)
        self.pool.start(_Job(fn, task.signals, task.control))
        return task

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
