from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.store.paths import DataDir
from tests.database_server import Server


@pytest.fixture
def database_url(tmp_path: Path, pg_server: Server | None) -> str:
    """An empty database for this test: a file under tmp_path, or a fresh one on the test server."""
    if pg_server is None:
        return DataDir(tmp_path).sqlite_url()
    return pg_server.create()
