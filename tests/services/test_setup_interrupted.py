"""A first start killed between making the database and recording the device's identity used to leave a folder
that never opened again ("未完成初始化…请重新运行 init", and init failed the same way). Found by the crash
harness (tests/crash); now the next start, or init, finishes the folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app.domain.enums import Role
from inspector_app.domain.errors import StorageError
from inspector_app.services import health, setup
from inspector_app.services.context import open_app
from inspector_app.services.session import open_or_create
from inspector_app.store.paths import DataDir

REPO = Path(__file__).resolve().parents[2]
# SIGKILL at the moment init opens the engine that writes the identity: the schema is there, nothing else.
CHILD = r"""
import os, signal, sys
from inspector_app.domain.enums import Role
from inspector_app.services import setup
setup.make_engine = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
setup.init(sys.argv[1], role=Role(sys.argv[2]))
"""


def _killed_during_init(folder: Path, role: Role = Role.DEVICE) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.run([sys.executable, "-c", CHILD, str(folder), role.value], env=env, capture_output=True)
    assert child.returncode == -9, child.stderr.decode()
    assert (folder / "inspector.sqlite3").exists()
    assert setup.interrupted(DataDir(folder))


def test_the_next_start_finishes_an_interrupted_first_start(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _killed_during_init(folder)
    with open_or_create(folder) as app:
        assert app.role == Role.DEVICE and app.device_id
        assert health.check(app) == []
    assert not setup.interrupted(DataDir(folder))


def test_init_again_finishes_it_with_the_role_asked_for(tmp_path: Path) -> None:
    folder = tmp_path / "bureau"
    _killed_during_init(folder, Role.BUREAU)
    result = setup.init(folder, role=Role.BUREAU, authority="测试县应急管理局")
    assert result.created
    with open_app(folder) as app:
        assert app.role == Role.BUREAU
        assert app.setting("authority") == "测试县应急管理局"


def test_a_complete_folder_is_not_taken_for_an_interrupted_one(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = setup.init(folder)
    assert not setup.interrupted(DataDir(folder))
    again = setup.init(folder)
    assert (again.device_id, again.created) == (first.device_id, False)


def test_open_app_alone_still_explains_what_to_do(tmp_path: Path) -> None:
    _killed_during_init(tmp_path / "data")
    with pytest.raises(StorageError, match="请重新运行 inspector-app init"):
        open_app(tmp_path / "data")
