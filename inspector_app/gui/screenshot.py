"""Render one page offscreen to a PNG: for the README, and to look at what we build as a user would."""

from __future__ import annotations

import os
from pathlib import Path


def render(data_dir: str | None, out: Path, page: str, size: tuple[int, int]) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from inspector_app.gui.app import application
    from inspector_app.gui.main_window import MainWindow

    application()
    window = MainWindow(data_dir, load=False)
    window.resize(*size)
    window.show()
    window.load()
    shown = window.show_page(page)
    window.resize(*size)
    prepare = getattr(shown, "prepare_screenshot", None)
    if prepare is not None:
        prepare()
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    window.runner.wait(30_000)
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        from inspector_app.domain.errors import UserError

        raise UserError(f"无法写入截图文件：{out}")
    window.close()
    return out
