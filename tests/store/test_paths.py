from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.store.paths import ENV_VAR, resolve_root


def test_explicit_data_dir_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_root(tmp_path / "cli") == (tmp_path / "cli").resolve()


def test_environment_variable_overrides_platform_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_root(None) == (tmp_path / "env").resolve()


def test_default_is_the_platform_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR)
    root = resolve_root(None)
    assert "InspectorApp" in str(root)
    # conftest points HOME at a temporary folder: the real user's folder is never used by tests.
    assert str(root).startswith(str(Path.home()))
