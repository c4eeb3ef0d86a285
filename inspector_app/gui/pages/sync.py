from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from inspector_app.gui.pages.base import Page


class SyncPage(Page):
    title = "同步"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("同步"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        layout.addStretch(1)
