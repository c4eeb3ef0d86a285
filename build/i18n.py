"""Update the English translation: lupdate over inspector_app/gui into the .ts, then lrelease into the .qm.

    python3 build/i18n.py            # extract (keeping existing translations) and compile
    python3 build/i18n.py --no-qm    # extract only

The source strings are Chinese (self.tr, QCoreApplication.translate, QT_TRANSLATE_NOOP in the GUI code);
resources/i18n/inspector_en.ts holds their English, filled in with Qt Linguist or a text editor. Messages that
left the code are dropped (-no-obsolete). Commit both the .ts and the .qm: the app loads the .qm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI_DIR = ROOT / "inspector_app" / "gui"
I18N_DIR = ROOT / "resources" / "i18n"
TS_FILE = I18N_DIR / "inspector_en.ts"
QM_FILE = I18N_DIR / "inspector_en.qm"
SOURCE_LANGUAGE = "zh_CN"
TARGET_LANGUAGE = "en"


def find_tool(name: str) -> str | None:
    """pyside6-lupdate / pyside6-lrelease: on PATH, or beside this Python (a venv that is not activated)."""
    found = shutil.which(name)
    if found:
        return found
    suffix = ".exe" if os.name == "nt" else ""
    beside = Path(sys.executable).parent / f"{name}{suffix}"
    return str(beside) if beside.exists() else None


def _tool(name: str) -> str:
    tool = find_tool(name)
    if tool is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e .) or put its scripts on PATH")
    return tool


def sources() -> list[Path]:
    """Every .py file under inspector_app/gui, in a stable order."""
    return sorted(p for p in GUI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def extract(ts_file: Path = TS_FILE, *, quiet: bool = False) -> None:
    """Run lupdate over the GUI sources into ts_file, keeping the translations it already holds."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    command = [
        _tool("pyside6-lupdate"),
        *(str(p.relative_to(ROOT)) for p in sources()),
        "-ts",
        str(ts_file),
        "-no-obsolete",
        "-locations",
        "relative",
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        TARGET_LANGUAGE,
    ]
    if quiet:
        command.append("-silent")
    subprocess.run(command, cwd=ROOT, check=True)


def compile_qm(ts_file: Path = TS_FILE, qm_file: Path = QM_FILE, *, quiet: bool = False) -> None:
    """Run lrelease: ts_file → qm_file (unfinished messages are left out, so they show in Chinese)."""
    qm_file.parent.mkdir(parents=True, exist_ok=True)
    command = [_tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)]
    if quiet:
        command.append("-silent")
    subprocess.run(command, cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-qm", action="store_true", help="only update the .ts, do not compile the .qm")
    args = parser.parse_args(argv)
    extract()
    if not args.no_qm:
        compile_qm()
    return 0


if __name__ == "__main__":
    sys.exit(main())
