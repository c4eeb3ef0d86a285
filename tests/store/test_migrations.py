"""The schema is built and upgraded only by Alembic; too-new databases are refused; upgrades back up first."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from inspector_app.domain.enums import Role
from inspector_app.domain.errors import StorageError
from inspector_app.store.db import make_engine
from inspector_app.store.migrate import MIGRATIONS, current_revision, head_revision, upgrade
from inspector_app.store.paths import DataDir
from tests.database_server import sqlite_only

ENTERPRISE_ROW = (
    "INSERT INTO enterprise (id, created_at, updated_at, version, credit_code, name, address, "
    "legal_representative, contact_person, contact_phone, sector, township, risk_colour) "
    "VALUES ('e1', '2026-01-01', '2026-01-01', 1, '91350100M000100Y43', '甲公司', '', '', '', '', "
    "'construction', '', 'blue')"
)

EXTRA_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprise") as batch:
        batch.add_column(sa.Column("future_field", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enterprise") as batch:
        batch.drop_column("future_field")
"""


@pytest.fixture
def future_migrations(tmp_path: Path) -> Path:
    """Our migrations plus one revision from 'a newer release'."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9001_future.py").write_text(EXTRA_REVISION.format(head=head_revision()))
    return folder


def test_fresh_database_is_built_by_the_migration_chain(tmp_path: Path, database_url: str) -> None:
    data = DataDir(tmp_path)
    data.ensure()
    result = upgrade(database_url, data.backups)
    assert result.before is None and result.after == head_revision()
    assert result.backup is None  # nothing to back up yet
    engine = make_engine(database_url, writer=False)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert {"enterprise", "inspection", "hazard", "hazardevent", "photo", "auditevent", "alembic_version"} <= tables
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_models_and_migrations_agree(database_url: str) -> None:
    """A model change without a migration would pass unnoticed otherwise."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import inspector_app.store.models  # noqa: F401

    upgrade(database_url, None)
    engine = make_engine(database_url, writer=False)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert diff == []


@sqlite_only
def test_upgrade_backs_up_first_and_keeps_data(tmp_path: Path, future_migrations: Path) -> None:
    data = DataDir(tmp_path)
    data.ensure()
    upgrade(data.sqlite_url(), data.backups)
    with sqlite3.connect(data.db_path) as conn:
        conn.execute(ENTERPRISE_ROW)
    result = upgrade(data.sqlite_url(), data.backups, script_location=future_migrations)
    assert result.before == head_revision() and result.after == "9001"
    assert result.backup is not None and result.backup.exists()
    with sqlite3.connect(result.backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
        assert old.execute("SELECT name FROM enterprise").fetchall() == [("甲公司",)]
    with sqlite3.connect(data.db_path) as new:
        assert new.execute("SELECT name, future_field FROM enterprise").fetchall() == [("甲公司", None)]


def test_database_newer_than_the_code_is_refused_untouched(
    tmp_path: Path, database_url: str, future_migrations: Path
) -> None:
    data = DataDir(tmp_path)
    data.ensure()
    upgrade(database_url, data.backups, script_location=future_migrations)
    before = data.db_path.read_bytes() if data.db_path.exists() else None
    with pytest.raises(StorageError, match="更新版本的程序"):
        upgrade(database_url, data.backups)
    assert (data.db_path.read_bytes() if data.db_path.exists() else None) == before
    engine = make_engine(database_url, writer=False)
    assert current_revision(engine) == "9001"
    with engine.connect() as conn:
        assert "future_field" in {c["name"] for c in inspect(conn).get_columns("enterprise")}
    engine.dispose()


def test_open_app_refuses_too_new_database_with_clear_message(data_dir: Path, future_migrations: Path) -> None:
    from inspector_app.services import setup
    from inspector_app.services.context import database_url, open_app

    setup.init(data_dir, role=Role.BUREAU)  # a bureau: on the test server when there is one
    upgrade(database_url(DataDir(data_dir)), None, script_location=future_migrations)
    with pytest.raises(StorageError, match="请升级 inspector-app"):
        open_app(data_dir)


@sqlite_only
def test_corrupt_database_gives_a_message_not_a_traceback(data_dir: Path) -> None:
    from inspector_app.services import setup
    from inspector_app.services.context import open_app

    setup.init(data_dir)
    db = DataDir(data_dir).db_path
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError, match="损坏"):
        open_app(data_dir)


def test_a_database_from_the_first_release_upgrades_with_its_data(tmp_path: Path, database_url: str) -> None:
    """Every step of the chain runs on a populated database, not only on an empty one."""
    from alembic import command

    from inspector_app.store.migrate import alembic_config

    data = DataDir(tmp_path)
    data.ensure()
    upgrade(database_url, None)
    engine = make_engine(database_url, writer=True, foreign_keys=False)
    cfg = alembic_config(database_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    with engine.begin() as conn:
        assert "ix_hazard_found_at" not in {i["name"] for i in inspect(conn).get_indexes("hazard")}
        conn.execute(text(ENTERPRISE_ROW))
    result = upgrade(database_url, data.backups)
    assert (result.before, result.after) == ("0001", head_revision())
    assert (result.backup is not None) == (engine.dialect.name == "sqlite")  # a server is backed up by its DBA
    with engine.connect() as conn:
        indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("hazard")}
        assert indexes["ix_hazard_status_deadline"] == ["status", "deadline", "found_at"]
        assert indexes["ix_hazard_found_at"] == ["found_at"]
        assert conn.execute(text("SELECT name FROM enterprise")).all() == [("甲公司",)]
    engine.dispose()
