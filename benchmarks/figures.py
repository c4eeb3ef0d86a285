"""What every figure reports, and the machine it ran on."""

from __future__ import annotations

import os
import platform
from typing import Any


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3 if abs(value) < 10 else 1)
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def figure(value: float, target: float, *, unit: str, **details: Any) -> dict[str, Any]:
    """One figure: its value, target (all targets are upper bounds), pass/fail, and how it was measured.

    Ratio figures carry figure_ms and floor_ms (the two medians the ratio divides) and what the floor is.
    """
    return {
        "value": _round(float(value)),
        "unit": unit,
        "target": target,
        "pass": bool(value <= target),
        **{k: _round(v) for k, v in details.items()},
    }


def machine() -> dict[str, Any]:
    import PySide6
    import sqlalchemy
    from PIL import __version__ as pillow

    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model() or platform.processor() or platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "pillow": pillow,
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": __import__("sqlite3").sqlite_version,
        "load_avg_1_5_15": [round(x, 2) for x in load],
        **pressure(),
    }


def pressure() -> dict[str, float]:
    """Linux pressure stall information: the share of the last minute some task waited for CPU or disk.

    Other work on the machine moves every figure; these say how much there was."""
    out = {}
    for kind in ("cpu", "io"):
        try:
            with open(f"/proc/pressure/{kind}", encoding="ascii") as fh:
                some = fh.readline().split()
            out[f"{kind}_pressure_avg60_pct"] = float(some[2].split("=")[1])
        except (OSError, IndexError, ValueError):
            continue
    return out


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""
