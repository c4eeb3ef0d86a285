"""Undo and redo over checklist answers. Each step is saved at once, like any other answer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from inspector_app.domain.enums import Outcome


class SetOutcome(QUndoCommand):
    def __init__(self, apply: Callable[[str, str], None], item_id: str, old: str, new: str) -> None:
        super().__init__(f"{item_id}: {Outcome(old).label} → {Outcome(new).label}")
        self.apply = apply
        self.item_id = item_id
        self.old = old
        self.new = new

    def redo(self) -> None:
        self.apply(self.item_id, self.new)

    def undo(self) -> None:
        self.apply(self.item_id, self.old)
