"""Where the bundled data lives: a source checkout, an editable install, or a PyInstaller bundle.

Kept free of project imports so that every layer may use it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return root() / "forms"


def resources_dir() -> Path:
    return root() / "resources"
