"""The floor for start-up: a bare PySide6 window process that quits once its window has painted.

    QT_QPA_PLATFORM=offscreen python benchmarks/bare_window.py

Same size as the app's window, nothing else: no fonts registered, no style sheet, no translations.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _QuitOnPaint(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            print("painted", flush=True)  # the runner times spawn -> this line as well as spawn -> exit
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1366, 768)
    watcher = _QuitOnPaint()
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
