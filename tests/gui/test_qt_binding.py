"""Guards against a Qt binding that corrupts the interpreter (PySide6 6.12.0 under Python 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calling_qt_does_not_leak_references_to_none(qapp) -> None:  # type: ignore[no-untyped-def]
    label = QLabel("x")
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("y")
        label.update()
        qapp.processEvents()
    # A broken binding drops one reference per call (600 here); ordinary noise is a handful.
    assert sys.getrefcount(None) - before > -50
