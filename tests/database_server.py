"""The PostgreSQL side of the tests: with INSPECTOR_TEST_DATABASE_URL=postgresql://user:pw@host/admin_db set, every
bureau data folder a test creates gets a fresh database on that server, dropped when its test (or, for a module's
or the session's shared folder, the session) ends. Without the variable nothing here connects to anything.

The URL's role needs CREATEDB; the database it names is only used for CREATE/DROP DATABASE.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ENV_VAR = "INSPECTOR_TEST_DATABASE_URL"
SERVER_URL = os.environ.get(ENV_VAR) or None
PREFIX = "inspector_test_"

on_server = SERVER_URL is not None
sqlite_only = pytest.mark.skipif(on_server, reason="SQLite only (the database file itself is under test)")
needs_server = pytest.mark.skipif(not on_server, reason=f"set {ENV_VAR}=postgresql://… to run against PostgreSQL")


class Server:
    """An admin connection that creates and drops the tests' databases."""

    def __init__(self, admin_url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        self.base = make_url(admin_url.replace("postgres://", "postgresql://", 1)).set(drivername="postgresql")
        self._conn = psycopg.connect(self._conninfo(self.base.database), autocommit=True)
        self._names = itertools.count(1)
        self.session_owned: list[str] = []
        self.test_owned: list[str] | None = None  # set while a test (not a shared fixture) runs
        self.pending: dict[str, str] = {}  # database not made yet -> the database it will be a copy of

    def _conninfo(self, database: str | None) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def url(self, name: str) -> str:
        """A URL with the password: what a user would pass to --database-url."""
        return self._conninfo(name)

    def create(self, template: str | None = None) -> str:
        name = self._reserve()
        self._create(name, template)
        return self.url(name)

    def clone_later(self, template: str) -> str:
        """The URL of a copy of `template` that is made only when a data folder first reads it (see
        `materialise`): most tests open only one of the bureaus in a copied world."""
        name = self._reserve()
        self.pending[name] = template
        return self.url(name)

    def materialise(self, name: str) -> None:
        template = self.pending.pop(name, None)
        if template is not None:
            self.materialise(template)  # a copy of a copy
            self._create(name, template)

    def _reserve(self) -> str:
        """A new name, dropped with its test (or with the session, when a shared fixture asked for it)."""
        name = f"{PREFIX}{os.getpid()}_{next(self._names)}_{uuid.uuid4().hex[:6]}"
        (self.test_owned if self.test_owned is not None else self.session_owned).append(name)
        return name

    def _create(self, name: str, template: str | None) -> None:
        # Byte-order collation: ORDER BY on text sorts as on SQLite (by code point), Chinese names included.
        source = (
            f'TEMPLATE "{template}" STRATEGY FILE_COPY' if template else "TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
        )
        self._conn.execute(f'CREATE DATABASE "{name}" {source}')

    def drop(self, name: str) -> None:
        self.pending.pop(name, None)
        self._conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self, names: list[str]) -> None:
        while names:
            self.drop(names.pop())

    def close(self) -> None:
        self.drop_all(self.session_owned)
        self._conn.close()


_shared: list[Server] = []


def server() -> Server | None:
    """The session's admin connection (made on first use), or None when the tests run on SQLite only."""
    if SERVER_URL is None:
        return None
    if not _shared:
        _shared.append(Server(SERVER_URL))
        # Data folders record their server without the password, as a user's would; libpq then reads this.
        if _shared[0].base.password and "PGPASSWORD" not in os.environ:
            os.environ["PGPASSWORD"] = _shared[0].base.password
    return _shared[0]


def close() -> None:
    while _shared:
        _shared.pop().close()


def database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    assert name
    return name


def recorded_url(folder: Path) -> str | None:
    from inspector_app.store.paths import DataDir

    return DataDir(folder).server_url()


def use_server_database(folder: Path, url: str) -> None:
    """Point a (copied) data folder at another database, as init would have recorded it."""
    from inspector_app.store.db import without_password
    from inspector_app.store.paths import DataDir

    DataDir(folder).record_server(without_password(url))


def clone_databases(root: Path) -> None:
    """After a copytree: every data folder at or one level under `root` that keeps its database on the server gets
    its own copy of that database, so the copy shares nothing with the original."""
    admin = server()
    if admin is None:
        return
    for folder in [root, *sorted(p for p in root.iterdir() if p.is_dir())]:
        url = recorded_url(folder) if (folder / "database.json").is_file() else None
        if url is not None:
            use_server_database(folder, admin.clone_later(database_name(url)))


def copy_data_folder(source: Path, target: Path) -> Path:
    """A data folder copied for one test: on the test server its database is cloned too."""
    shutil.copytree(source, target)
    clone_databases(target)
    return target


def dump(url: str) -> tuple[str, ...]:
    """Every row of every table, in a stable order: the server's counterpart of sqlite3's iterdump."""
    import psycopg

    from inspector_app.store.db import without_password

    lines: list[str] = []
    with psycopg.connect(without_password(url)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        for table in tables:
            cur = conn.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
            columns = [c.name for c in cur.description or ()]
            lines.append(f"TABLE {table} {columns}")
            lines.extend(f"{table} {row!r}" for row in sorted(cur.fetchall(), key=repr))
    return tuple(lines)


def wrap_server_url(server: Server, real: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    """DataDir.server_url as the tests see it: a copied folder's database is made the first time it is read."""

    def server_url(data_dir: Any) -> str | None:
        url = real(data_dir)
        if url is not None and server.pending:
            server.materialise(database_name(url))
        return url

    return server_url


def wrap_init(server: Server, real_init: Callable[..., Any]) -> Callable[..., Any]:
    """setup.init as the tests call it, but a new bureau gets a fresh database on the server."""
    from inspector_app.domain.enums import Role
    from inspector_app.store.paths import DataDir, resolve_root

    def init(root: Any = None, *, role: Role = Role.DEVICE, database_url: str | None = None, **kwargs: Any) -> Any:
        if role == Role.BUREAU and database_url is None and not DataDir(resolve_root(root)).is_initialised():
            database_url = server.create()
        return real_init(root, role=role, database_url=database_url, **kwargs)

    return init
