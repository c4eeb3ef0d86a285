"""Small modal questions and notices. One seam, so tests can answer them without a human."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, text: str, yes: str | None = None, no: str | None = None) -> bool:
    """yes and no default to 确定 and 取消."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes or QCoreApplication.translate("prompts", "确定"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no or QCoreApplication.translate("prompts", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
