"""Figures that start whole processes: start-up and ready time against a bare window, and peak memory.

Each process is timed from outside: from spawn to exit, and from spawn to the line it prints on stdout at the
moment being measured (the bare window's first paint, the 今日 page showing its data). The app and its floor run
in alternation, round after round, so that a burst of load from elsewhere hits both alike; one untimed round
first warms the page cache. Figures are medians.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from figures import figure

HERE = Path(__file__).resolve().parent
PY = sys.executable


PYCACHE = HERE / ".cache" / "pycache"


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["QT_QPA_PLATFORM"] = "offscreen"
    # An installed app keeps its bytecode; a shell with PYTHONDONTWRITEBYTECODE would recompile the app's ~80
    # modules at every start (about 0.25 s here). Bytecode goes to the benchmark cache, not the source tree.
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    out["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    out.pop("INSPECTOR_DATA_DIR", None)
    out.pop("INSPECTOR_LANG", None)  # the default language (Chinese), as users see it
    return out


def wall(cmd: list[str], timeout: float = 600) -> tuple[float, str]:
    """Seconds from spawn to exit, and stdout. A failing process stops the benchmark with its stderr."""
    _line, seconds, out = timed(cmd, timeout)
    return seconds, out


def timed(cmd: list[str], timeout: float = 600) -> tuple[float | None, float, str]:
    """(seconds from spawn to the first line on stdout, or None; seconds from spawn to exit; stdout)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE, stderr=err, text=True)
        assert proc.stdout is not None
        first = proc.stdout.readline()
        to_line = time.perf_counter() - t0 if first else None
        try:
            rest, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        to_exit = time.perf_counter() - t0
        if proc.returncode != 0:
            err.seek(0)
            text = err.read().decode("utf-8", "replace").strip()[-1500:]
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {text}")
    return to_line, to_exit, first + rest


def bare_cmd() -> list[str]:
    return [PY, str(HERE / "bare_window.py")]


def paint_cmd(data_dir: Path) -> list[str]:
    return [PY, "-m", "inspector_app", "--data-dir", str(data_dir), "gui", "--exit-after-paint"]


def probe_cmd(data_dir: Path, until: str) -> list[str]:
    return [PY, str(HERE / "gui_probe.py"), "--data-dir", str(data_dir), "--until", until]


def startup_and_ready(data_dir: Path, scale: str, runs: int, *, ready: bool = True) -> dict[str, Any]:
    """startup_ratio: `gui --exit-after-paint` vs a bare window, whole processes (spawn to exit).

    ready_ratio: spawn until the 今日 page shows its data vs spawn until the bare window has painted, each read
    as the moment the process says so on stdout: "until the page shows its data" does not include tearing the
    interpreter down afterwards (about 0.4 s once SQLAlchemy is loaded). Whole-process times are in details.
    """
    commands = {"bare": bare_cmd(), "paint": paint_cmd(data_dir)}
    if ready:
        commands["ready"] = probe_cmd(data_dir, "today")
    names = list(commands)
    exits: dict[str, list[float]] = {name: [] for name in names}
    shown: dict[str, list[float]] = {name: [] for name in names}
    rows = None
    for round_no in range(runs + 1):
        order = names[round_no % len(names) :] + names[: round_no % len(names)]
        for name in order:
            to_line, to_exit, out = timed(commands[name])
            if round_no:  # round 0 warms the page cache
                exits[name].append(to_exit)
                if to_line is not None:
                    shown[name].append(to_line)
            if name == "ready":
                rows = json.loads(out.strip().splitlines()[-1]).get("rows")
    med = {name: statistics.median(v) for name, v in exits.items()}
    floor, paint = med["bare"], med["paint"]
    out = {
        "startup_ratio": figure(
            paint / floor,
            1.5,
            unit="×",
            figure_ms=paint * 1000,
            floor_ms=floor * 1000,
            floor="bare PySide6 window process (benchmarks/bare_window.py), spawn to exit, quitting after its first "
            "paint",
            measured="inspector-app gui --exit-after-paint, spawn to exit (empty frame painted; data loads after)",
            measured_at=scale,
            runs=runs,
            all_ms=[round(t * 1000) for t in exits["paint"]],
            floor_all_ms=[round(t * 1000) for t in exits["bare"]],
        )
    }
    if ready:
        ready_s, floor_shown = statistics.median(shown["ready"]), statistics.median(shown["bare"])
        out["ready_ratio"] = figure(
            ready_s / floor_shown,
            6,
            unit="×",
            figure_ms=ready_s * 1000,
            floor_ms=floor_shown * 1000,
            floor="the same bare window runs as startup_ratio, spawn until it reports its first paint",
            measured="benchmarks/gui_probe.py --until today: the window as `gui` starts it, spawn until the 今日 "
            "page's tables hold their rows and have painted",
            measured_at=scale,
            runs=runs,
            rows_shown=rows,
            all_ms=[round(t * 1000) for t in shown["ready"]],
            whole_process_ms=med["ready"] * 1000,
            whole_process_ratio=med["ready"] / floor,
        )
    return out


def peak_rss(data_dir: Path, scale: str, runs: int) -> dict[str, Any]:
    """peak_rss_mb: the app opened on the data, then 隐患台账 with its first page on screen."""
    reports = []
    for _ in range(runs):
        seconds, out = wall(probe_cmd(data_dir, "ledger"))
        report = json.loads(out.strip().splitlines()[-1])
        report["wall_ms"] = round(seconds * 1000)
        reports.append(report)
    rss = [r["peak_rss_mb"] for r in reports]
    return {
        "peak_rss_mb": figure(
            statistics.median(rss),
            300,
            unit="MB",
            measured="benchmarks/gui_probe.py --until ledger: start, 今日 shown, then 隐患台账 until its first "
            "page has painted; that process's peak RSS (VmHWM)",
            measured_at=scale,
            runs=runs,
            all_mb=rss,
            rows_in_ledger=reports[-1].get("rows"),
            ledger_shown_after_ms=[r["ms"] for r in reports],
        )
    }
