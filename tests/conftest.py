"""Shared fixtures. No test may touch the real user data folder: HOME and the data dir point into tmp_path.

With INSPECTOR_TEST_DATABASE_URL=postgresql://… every bureau folder a test creates keeps its database on that
server instead (a fresh database each; see tests/database_server.py)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import database_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[database_server.Server | None]:
    """The admin side of the test server, or None when the tests run on SQLite only."""
    try:
        yield database_server.server()
    finally:
        database_server.close()


@pytest.fixture(scope="session", autouse=True)
def _bureaus_on_server(pg_server: database_server.Server | None) -> Iterator[None]:
    """Session-wide, so that module- and session-scoped fixtures that make a bureau also get a server database;
    and a copied bureau's database is copied when the test first opens that folder."""
    if pg_server is None:
        yield
        return
    from inspector_app.services import setup
    from inspector_app.store.paths import DataDir

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(setup, "init", database_server.wrap_init(pg_server, setup.init))
        mp.setattr(DataDir, "server_url", database_server.wrap_server_url(pg_server, DataDir.server_url))
        yield


@pytest.fixture(autouse=True)
def _server_databases_per_test(pg_server: database_server.Server | None) -> Iterator[None]:
    """The databases a test itself creates are dropped when it ends; shared fixtures' ones when the session ends."""
    if pg_server is None:
        yield
        return
    pg_server.test_owned = []
    try:
        yield
    finally:
        owned, pg_server.test_owned = pg_server.test_owned, None
        pg_server.drop_all(owned)


copy_data_folder = database_server.copy_data_folder


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("APPDATA", str(home / "AppData"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    monkeypatch.setenv("INSPECTOR_DATA_DIR", str(home / "should-not-be-used"))
    monkeypatch.delenv("INSPECTOR_DATABASE_URL", raising=False)


# Every document setting filled in, as a bureau would: issuing refuses while any is unset or a placeholder.
READY = {
    "authority": "测试县应急管理局",
    "short": "测",
    "remedy_government": "测试县人民政府",
    "remedy_court": "测试县人民法院",
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def app(data_dir: Path) -> Iterator[object]:
    from inspector_app.services import setup
    from inspector_app.services.context import open_app

    setup.init(data_dir, **READY)
    with open_app(data_dir, actor="tester") as opened:
        yield opened


@pytest.fixture
def demo_app(app: object) -> object:
    from inspector_app.services import demo

    demo.load(app)  # type: ignore[arg-type]
    return app


def jpeg_bytes(
    size: tuple[int, int] = (800, 600),
    colour: tuple[int, int, int] = (200, 30, 30),
    exif: dict[int, object] | None = None,
    orientation: int | None = None,
) -> bytes:
    from PIL import Image

    img = Image.new("RGB", size, colour)
    img.putpixel((0, 0), (0, 0, 0))
    ex = Image.Exif()
    for key, value in (exif or {}).items():
        ex[key] = value
    if orientation:
        ex[0x0112] = orientation
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90, exif=ex)
    return buf.getvalue()


@pytest.fixture
def make_jpeg(tmp_path: Path):  # type: ignore[no-untyped-def]
    counter = iter(range(10_000))

    def make(name: str | None = None, **kwargs: object) -> Path:
        path = tmp_path / (name or f"photo-{next(counter)}.jpg")
        path.write_bytes(jpeg_bytes(**kwargs))  # type: ignore[arg-type]
        return path

    return make
