"""Where the bundled data lives: a source checkout, an editable install, or a PyInstaller bundle.

Kept free of project imports so that every layer may use it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

FONT_SUFFIXES = (".ttc", ".ttf", ".otf")


def root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False) and getattr(sys, "_MEIPASS", None))


def forms_dir() -> Path:
    return root() / "forms"


def resources_dir() -> Path:
    return root() / "resources"


def describe() -> dict[str, Any]:
    """What this copy of the program carries, so that a built bundle can be checked from `info --json`
    without opening a window: a missing font or form shows up as an empty list, not as boxes later."""

    def names(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)

    return {
        "root": str(root()),
        "frozen": frozen(),
        "forms": names(forms_dir(), (".yaml", ".yml")),
        "form_schema": (forms_dir() / "schema.json").is_file(),
        "fonts": names(resources_dir() / "fonts", FONT_SUFFIXES),
        "translations": names(resources_dir() / "i18n", (".qm",)),
        "style_sheet": (resources_dir() / "style.qss").is_file(),
    }
