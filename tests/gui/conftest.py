"""GUI fixtures: a real MainWindow over a demo data folder in tmp_path, driven with qtbot."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from inspector_app.gui.app import configure
from inspector_app.gui.main_window import MainWindow
from tests.conftest import READY


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["inspector-app-tests"]


@pytest.fixture
def styled_qapp(qapp, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # The tests read the Chinese source strings, whatever the machine's locale (test_translation covers English).
    monkeypatch.setenv("INSPECTOR_LANG", "zh_CN")
    configure(qapp)
    return qapp


DemoTemplates = Callable[[bool], Path]


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplates:
    """The demo data folder built once per session (with or without the featured visit's papers); each test
    works on its own copy (make_demo_dir), as Anki's tests copy a template collection."""
    from inspector_app.services import demo, setup
    from inspector_app.services.context import open_app

    made: dict[bool, Path] = {}

    def template(papers: bool) -> Path:
        if papers not in made:
            folder = tmp_path_factory.mktemp(f"demo-template-{'papers' if papers else 'bare'}") / "data"
            setup.init(folder, **READY)
            with open_app(folder) as app:
                demo.load(app, papers=papers)
            made[papers] = folder
        return made[papers]

    return template


def make_demo_dir(tmp_path: Path, template: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(template, folder)
    return folder


@pytest.fixture
def demo_dir(tmp_path: Path, demo_templates: DemoTemplates) -> Path:
    return make_demo_dir(tmp_path, demo_templates(True))


@pytest.fixture
def window(qtbot, styled_qapp, demo_dir: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(str(demo_dir), load=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.load()
    yield win
    win.runner.wait(10_000)


@pytest.fixture
def answer_prompts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Answer every confirm() with yes and record every question and notice shown."""
    seen: list[tuple[str, str]] = []

    def confirm(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((title, text))
        return True

    def inform(_parent, title, text):  # type: ignore[no-untyped-def]
        seen.append((title, text))

    monkeypatch.setattr("inspector_app.gui.prompts.confirm", confirm)
    monkeypatch.setattr("inspector_app.gui.prompts.inform", inform)
    return seen


@pytest.fixture
def no_error_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Errors shown to the user are recorded instead of opening a blocking message box."""
    shown: list[str] = []

    def show_error(_parent, exc, trace=""):  # type: ignore[no-untyped-def]
        shown.append(str(exc))

    monkeypatch.setattr("inspector_app.gui.errors.show_error", show_error)
    return shown


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text the way a Chinese input method delivers it: one committed string per phrase.

    QTest.keyClicks only knows ASCII keys (it asserts on anything else), so Chinese goes through
    QInputMethodEvent, exactly as it does from a real 拼音 input method.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)
