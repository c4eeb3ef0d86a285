"""The data folder: database, content-addressed media, backups, trash and logs side by side.

A bureau may keep its database on a PostgreSQL server instead; then the folder holds `database.json` naming that
server (never its password) and everything else stays here."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from inspector_app.domain.errors import StorageError

ENV_VAR = "INSPECTOR_DATA_DIR"
DB_NAME = "inspector.sqlite3"
SERVER_FILE = "database.json"


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

    @property
    def server_file(self) -> Path:
        return self.root / SERVER_FILE

    def sqlite_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def is_initialised(self) -> bool:
        return self.db_path.exists() or self.server_file.exists()

    def server_url(self) -> str | None:
        """The recorded server URL (without password), or None for a folder that keeps its own SQLite file."""
        try:
            text = self.server_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        url = data.get("url") if isinstance(data, dict) else None
        if not isinstance(url, str) or not url:
            raise StorageError(f"数据库配置文件无法读取，请检查或重新运行 init：{self.server_file}")
        return url

    def record_server(self, url: str) -> None:
        """Written once by init; the caller has already taken the password out."""
        partial = self.server_file.with_suffix(".partial")
        body = {"backend": "postgresql", "url": url}
        partial.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        partial.replace(self.server_file)

    def ensure(self) -> None:
        for folder in (self.root, self.media, self.backups, self.trash, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
