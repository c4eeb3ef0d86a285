"""Start the real main window on a data folder and quit once a page shows its data; print one JSON line.

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_probe.py --data-dir DIR --until today|ledger

It starts the window the way `inspector-app gui` does (gui.app.application(), then MainWindow, which paints an
empty frame first and opens the data folder right after), then waits:
  today   until the 今日 page has its rows (its summary line is set and no load of it is pending), and the
          table of due re-inspections has painted since;
  ledger  then opens 隐患台账 (as a click on the rail would), waits for its row keys and first page, and for
          the table to paint.
The whole process's wall time is what the benchmark measures from outside; the JSON line carries the time
since this script started, the rows shown, and this process's peak RSS (VmHWM, or ru_maxrss without /proc).
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import sys
import time
from typing import Any

STARTED = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402 - the clock starts before Qt loads

from inspector_app.gui.app import application  # noqa: E402

POLL_MS = 5


class _OnPaint(QObject):
    def __init__(self, callback: Any) -> None:
        super().__init__()
        self.callback = callback

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


def peak_rss_mb() -> float:
    """This process's peak resident set size. On Linux, VmHWM: ru_maxrss would also count the parent's memory
    when the parent is large (it carries over through fork and exec), and the benchmark runner is large."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return round(kib / 1024, 1)


def today_ready(page: Any) -> bool:
    return bool(page.summary.text()) and getattr(page, "load_task", None) is None


def ledger_ready(page: Any) -> bool:
    return page.keys_task is None and page.model.rowCount() > 0 and page.model.index(0, 1).data() is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--until", choices=("today", "ledger"), default="today")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()

    qapp = application()
    from inspector_app.gui.main_window import MainWindow

    # The daily backup (a copy of the whole database, once a day, on a worker) is left out: it would land in the
    # benchmark's cached data folder and make one run of the day unlike the others.
    options = {"daily_backup": False} if "daily_backup" in inspect.signature(MainWindow).parameters else {}
    window = MainWindow(args.data_dir, **options)
    result: dict[str, Any] = {"until": args.until}
    watchers: list[_OnPaint] = []

    def finish() -> None:
        result["ms"] = round((time.perf_counter() - STARTED) * 1000, 1)
        result["peak_rss_mb"] = peak_rss_mb()
        # Printed before quitting: the runner times spawn -> this line ("shown") as well as spawn -> exit.
        print(json.dumps(result, ensure_ascii=False), flush=True)
        qapp.quit()

    def when(ready: Any, page: Any, view: Any, then: Any) -> None:
        """Poll `ready(page)`; once true, wait for `view` to paint, then call `then`."""

        def poll() -> None:
            if not ready(page):
                QTimer.singleShot(POLL_MS, poll)
                return
            watcher = _OnPaint(then)
            watchers.append(watcher)
            view.viewport().installEventFilter(watcher)
            view.viewport().update()

        poll()

    def open_ledger() -> None:
        page = window.show_page("ledger")
        result["today_ms"] = round((time.perf_counter() - STARTED) * 1000, 1)

        def done() -> None:
            result["rows"] = page.model.rowCount()
            finish()

        when(ledger_ready, page, page.view, done)

    def loaded() -> None:
        page = window.pages["today"]
        if args.until == "today":

            def done() -> None:
                result["rows"] = page.due_model.rowCount() + page.drafts_model.rowCount()
                finish()

            when(today_ready, page, page.due_view, done)
        else:
            when(today_ready, page, page.due_view, open_ledger)

    window.loaded.connect(loaded)
    QTimer.singleShot(int(args.timeout * 1000), lambda: (result.update(error="timeout"), qapp.quit()))
    window.show()
    qapp.exec()
    window.runner.wait(30_000)
    if "error" in result:
        print(json.dumps(result, ensure_ascii=False), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
