"""What a killed process leaves behind: half-written media and unpacked packages are harmless to `check` and
swept at the next start, but never while another process could still be writing them."""

from __future__ import annotations

import os
import time
from pathlib import Path

from inspector_app.services import health
from inspector_app.services.context import App, open_app
from inspector_app.services.session import open_or_create


def _age(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def _leave_debris(app: App, age: float) -> list[Path]:
    media_tmp = app.data.media / "ab" / f".tmp-{age:.0f}x"
    media_tmp.parent.mkdir(parents=True, exist_ok=True)
    media_tmp.write_bytes(b"half a photo")
    unpacked = app.data.tmp / f".import-{age:.0f}x"
    (unpacked / "media").mkdir(parents=True)
    (unpacked / "media" / "f").write_bytes(b"x")
    return [_age(media_tmp, age), _age(unpacked, age)]


def test_leftovers_are_not_problems_and_only_stale_ones_are_swept(app: App) -> None:
    stale = _leave_debris(app, health.STALE_AFTER_S + 60)
    fresh = _leave_debris(app, 5)
    assert health.check(app) == []
    assert health.unreferenced_media(app) == set()  # a temp file is not a stored file
    assert sorted(health.leftovers(app)) == sorted(stale)
    assert health.sweep_leftovers(app) == 2
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in fresh)  # may belong to a process that is writing right now
    assert health.sweep_leftovers(app, older_than=0) == 2
    assert health.leftovers(app, older_than=0) == []


def test_the_next_start_sweeps_what_a_crash_left(app: App) -> None:
    root = app.data.root
    with open_app(root) as other:
        stale = _leave_debris(other, health.STALE_AFTER_S + 60)
    with open_or_create(root) as reopened:
        assert health.check(reopened) == []
    assert not any(p.exists() for p in stale)
