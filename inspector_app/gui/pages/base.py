from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.gui.tasks import TaskRunner
    from inspector_app.services.context import App


class Page(QWidget):
    """A navigation page. Built after the first paint, once the database layer is loaded."""

    title = ""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window

    @property
    def app(self) -> App:
        assert self.window_.app is not None
        return self.window_.app

    @property
    def runner(self) -> TaskRunner:
        return self.window_.runner

    def refresh(self) -> None:
        """Reload what the page shows; called when the page is shown or data changed elsewhere."""
