"""Pull the plug mid-checklist: everything answered, and every note typed a second before, is still there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from inspector_app.services import inspections, reports
from inspector_app.services.context import open_app

CHILD = r"""
import sys
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from inspector_app.gui.app import application
from inspector_app.gui.main_window import MainWindow

data, inspection_id = sys.argv[1], sys.argv[2]
qapp = application()
window = MainWindow(data, load=False)
window.show()
window.load()
window.open_inspection(inspection_id)
checklist = window.pages["inspection"].checklist
ids = [i.id for i in checklist.template.items]
for item_id in ids[:5]:
    checklist.select_item(item_id)
    QTest.mouseClick(checklist.panel.outcome_buttons["pass"], Qt.MouseButton.LeftButton)
checklist.select_item(ids[5])
QTest.mouseClick(checklist.panel.outcome_buttons["na"], Qt.MouseButton.LeftButton)
checklist.select_item(ids[6])
checklist.panel.note.setFocus()
event = QInputMethodEvent("", [])
event.setCommitString("仓库北侧灭火器过期两具")
QCoreApplication.sendEvent(checklist.panel.note, event)
print("TYPED", flush=True)
qapp.exec()
"""


def test_answers_and_notes_survive_sigkill(demo_dir: Path, tmp_path: Path) -> None:
    with open_app(demo_dir) as app:
        draft = next(r for r in reports.drafts(app) if r["hazard_count"] == 0)
        template = inspections.template_for(app, draft["id"])
    ids = [i.id for i in template.items]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(demo_dir), draft["id"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "TYPED", child.stderr.read() if child.stderr else ""
        time.sleep(1.0)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with open_app(demo_dir) as app:
        answers = inspections.results(app, draft["id"])
        from inspector_app.services import health

        assert health.check(app) == []
    assert all(answers[i].outcome == "pass" for i in ids[:5])
    assert answers[ids[5]].outcome == "na"
    assert answers[ids[6]].note == "仓库北侧灭火器过期两具"
