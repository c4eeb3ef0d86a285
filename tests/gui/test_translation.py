"""The English translation: complete, compiled, in step with the code, and what an English user sees."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import Qt, QTranslator

from inspector_app import bundle
from inspector_app.gui.app import TRANSLATOR_NAME, install_translation
from inspector_app.gui.main_window import PAGE_KEYS, MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = bundle.resources_dir() / "i18n" / "inspector_en.ts"
QM_FILE = bundle.resources_dir() / "i18n" / "inspector_en.qm"
PLACEHOLDER = re.compile(r"\{\d+\}")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Translations that quote Chinese on purpose (an example of what to type into a field).
CHINESE_ON_PURPOSE = {"用于文书编号，如“宁”"}

Message = tuple[str, str, str]  # context, source, disambiguation comment


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("inspector_build_i18n", ROOT / "build" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(ts_file: Path) -> Iterator[tuple[Message, ET.Element]]:
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield (name, message.findtext("source") or "", message.findtext("comment") or ""), message


def test_every_message_is_translated_with_its_placeholders() -> None:
    problems = []
    count = 0
    for (context, source, _comment), message in _messages(TS_FILE):
        count += 1
        translation = message.find("translation")
        where = f"{context}: {source!r}"
        if translation is None or translation.get("type") or not (translation.text or "").strip():
            problems.append(f"{where} is not translated")
            continue
        text = translation.text or ""
        if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(text)):
            problems.append(f"{where} → {text!r}: placeholders differ")
        if CJK.search(text) and source not in CHINESE_ON_PURPOSE:
            problems.append(f"{where} → {text!r}: still Chinese")
    assert count > 250, "the .ts lost most of its messages"
    assert not problems, "\n".join(problems)


def test_committed_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    script = _build_script()
    if script.find_tool("pyside6-lrelease") is None:
        pytest.skip("pyside6-lrelease is not installed")
    fresh = tmp_path / "inspector_en.qm"
    script.compile_qm(TS_FILE, fresh, quiet=True)
    assert fresh.read_bytes() == QM_FILE.read_bytes(), "run python3 build/i18n.py and commit the .qm"


def test_ts_holds_every_translatable_string_of_the_gui(tmp_path: Path) -> None:
    script = _build_script()
    if script.find_tool("pyside6-lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "inspector_en.ts"
    script.extract(fresh, quiet=True)
    in_code = {key for key, _m in _messages(fresh)}
    committed = {key for key, _m in _messages(TS_FILE)}
    assert in_code - committed == set(), "new strings: run python3 build/i18n.py and translate them"
    assert committed - in_code == set(), "strings no longer in the code: run python3 build/i18n.py"


def test_backup_kinds_shown_in_settings_are_translatable() -> None:
    from inspector_app.gui.pages.settings import BACKUP_KIND_LABELS
    from inspector_app.services.backups import BackupInfo

    now = datetime.now(UTC)
    kinds = {
        BackupInfo(Path(f"{label}.sqlite3"), label, now, 0, None).kind_label
        for label in ("manual", "auto", "pre-upgrade")
    }
    assert kinds <= set(BACKUP_KIND_LABELS)


@pytest.fixture
def english(styled_qapp) -> Iterator[object]:  # type: ignore[no-untyped-def]
    assert install_translation(styled_qapp, "en_US")
    yield styled_qapp
    for translator in styled_qapp.findChildren(QTranslator, TRANSLATOR_NAME):
        styled_qapp.removeTranslator(translator)
        translator.setObjectName("")
        translator.deleteLater()


def test_english_window(qtbot, english, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.services import reports

    window = MainWindow(str(demo_dir), load=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.load()
    try:
        assert window.windowTitle() == "Work Safety Inspection Terminal"
        assert [window.nav_buttons[key].text() for key in PAGE_KEYS] == [
            "Today",
            "Enterprises",
            "Inspection",
            "Hazard ledger",
            "Documents",
            "Sync",
            "Settings",
        ]
        window.open_inspection(reports.drafts(window.app)[-1]["id"])  # type: ignore[arg-type]
        panel = window.pages["inspection"].checklist.panel  # type: ignore[attr-defined]
        assert {key: button.text() for key, button in panel.outcome_buttons.items()} == {
            "pass": "Compliant  (1)",
            "fail": "Non-compliant  (2)",
            "na": "Not applicable  (3)",
        }
        ledger = window.show_page("ledger")
        assert ledger.model.headerData(0, Qt.Orientation.Horizontal) == "Found"  # type: ignore[attr-defined]
    finally:
        window.runner.wait(10_000)


def test_qt_own_dialogs_speak_chinese_in_the_chinese_ui(styled_qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    # QDialogButtonBox's standard "Cancel" comes from Qt's own catalogue, not ours.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
