from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from inspector_app.gui.pages.base import Page


class LedgerPage(Page):
    title = "隐患台账"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("隐患台账"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        layout.addStretch(1)
