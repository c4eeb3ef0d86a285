"""Backups: a self-contained SQLite copy plus a manifest of what it holds; pruning spares manual copies."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from inspector_app.domain.errors import ValidationError
from inspector_app.services import backups, photos
from inspector_app.services.context import App
from inspector_app.store.migrate import head_revision
from tests.services.helpers import started


def sha256_file(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_is_one_consistent_file_with_a_manifest(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    inspection = started(app)
    [photo] = photos.attach(app, [make_jpeg()], inspection_id=inspection)
    path = backups.create_backup(app)
    assert path.parent == app.data.backups
    assert path.name.startswith("manual-") and path.suffix == ".sqlite3"
    # a single self-contained file: no WAL or shared-memory files beside it
    assert sorted(p.name for p in app.data.backups.iterdir()) == sorted([path.name, path.with_suffix(".json").name])

    manifest = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["format"] == 1
    assert manifest["file"] == path.name
    assert manifest["label"] == "manual"
    assert manifest["schema_version"] == head_revision()
    assert manifest["device_id"] == app.device_id
    assert manifest["db_size"] == path.stat().st_size
    assert manifest["db_sha256"] == sha256_file(path)
    assert manifest["counts"]["inspections"] == 1
    assert manifest["counts"]["inspectors"] == 2
    assert manifest["counts"]["photos"] == 1
    assert manifest["counts"]["signatures"] == 0
    assert {photo.sha256, photo.derived_sha256, photo.thumb_sha256} == set(manifest["media"])
    assert manifest["media_missing"] == []

    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM inspection").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_the_manifest_names_media_files_that_are_already_missing(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    inspection = started(app)
    [photo] = photos.attach(app, [make_jpeg()], inspection_id=inspection)
    app.media.path(photo.thumb_sha256).unlink()
    path = backups.create_backup(app)
    manifest = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["media_missing"] == [photo.thumb_sha256]


def test_progress_is_reported(app: App) -> None:
    seen: list[tuple[int, int, str]] = []
    backups.create_backup(app, "auto", progress=lambda done, total, text: seen.append((done, total, text)))
    assert seen[0][0] == 0 and seen[-1][:2] == (3, 3)


def test_list_is_newest_first_with_size_time_and_kind(app: App) -> None:
    first = backups.create_backup(app, "auto")
    time.sleep(0.01)
    second = backups.create_backup(app)
    (app.data.backups / "half-written.partial").write_bytes(b"x")
    found = backups.list_backups(app)
    assert [b.path for b in found] == [second, first]
    newest = found[0]
    assert newest.label == "manual" and newest.manual and newest.kind_label == "手动"
    assert found[1].label == "auto" and not found[1].manual and found[1].kind_label == "自动"
    assert newest.size == second.stat().st_size > 0
    assert newest.created_at.tzinfo is not None
    assert newest.created_at > found[1].created_at
    assert newest.manifest is not None and newest.manifest["file"] == second.name


def test_list_is_empty_without_a_backup_folder(app: App) -> None:
    for item in app.data.backups.iterdir():
        item.unlink()
    app.data.backups.rmdir()
    assert backups.list_backups(app) == []


def test_prune_keeps_the_newest_automatic_and_every_manual_backup(app: App) -> None:
    manual = backups.create_backup(app)
    upgrade = backups.create_backup(app, "pre-upgrade-0001")
    autos = []
    for _ in range(5):
        time.sleep(0.002)
        autos.append(backups.create_backup(app, "auto"))
    removed = backups.prune(app, keep=2)
    assert sorted(removed) == sorted(autos[:3])
    for path in autos[:3]:
        assert not path.exists() and not path.with_suffix(".json").exists()
    left = {b.path for b in backups.list_backups(app)}
    assert left == {manual, upgrade, *autos[3:]}
    assert backups.prune(app, keep=0) == sorted(autos[3:], reverse=True)
    assert {b.path for b in backups.list_backups(app)} == {manual, upgrade}


def test_bad_labels_and_counts_are_refused(app: App) -> None:
    for label in ("", "../evil", "手动", "a b"):
        with pytest.raises(ValidationError, match="备份标签"):
            backups.create_backup(app, label)
    with pytest.raises(ValidationError):
        backups.prune(app, keep=-1)
    assert backups.list_backups(app) == []
