"""Code health in the test command: import-linter contracts (Qt only in gui, layers point down), ruff, mypy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_ruff_finds_nothing() -> None:
    exe = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    for args in (["check", "inspector_app", "tests"], ["format", "--check", "inspector_app", "tests"]):
        result = subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr


def test_domain_and_services_are_strictly_typed() -> None:
    # One run over both: mypy follows the services' imports, so what they call (documents, sync, store...) is
    # checked too, and a single run reads each module once.
    paths = ["inspector_app/domain", "inspector_app/services"]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
