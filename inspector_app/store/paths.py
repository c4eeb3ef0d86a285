"""The data folder: database, content-addressed media, backups, trash and logs side by side."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "INSPECTOR_DATA_DIR"
DB_NAME = "inspector.sqlite3"


def default_root() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("InspectorApp", "InspectorApp", roaming=False))


def resolve_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir wins over INSPECTOR_DATA_DIR, which wins over the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return default_root()


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def trash(self) -> Path:
        return self.root / "trash"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    def sqlite_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def ensure(self) -> None:
        for folder in (self.root, self.media, self.backups, self.trash, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
