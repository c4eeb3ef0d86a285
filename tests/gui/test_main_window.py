from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from inspector_app.gui.main_window import PAGE_KEYS, MainWindow


def test_every_page_opens_from_the_rail(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for key in PAGE_KEYS:
        qtbot.mouseClick(window.nav_buttons[key], Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.pages[key]
        assert window.nav_buttons[key].isChecked()


def test_exit_after_paint_starts_and_exits_cleanly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspector_app", "--data-dir", str(tmp_path / "d"), "gui", "--exit-after-paint"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr


def test_screenshot_command_writes_a_png(tmp_path: Path, demo_dir: Path) -> None:
    out = tmp_path / "today.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "--data-dir",
            str(demo_dir),
            "screenshot",
            str(out),
            "--page",
            "today",
            "--size",
            "1280x720",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    from PIL import Image

    with Image.open(out) as img:
        assert img.size == (1280, 720)
