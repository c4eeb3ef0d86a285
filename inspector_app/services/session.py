"""Opening the data folder for the window: a first start creates it instead of failing."""

from __future__ import annotations

from pathlib import Path

from inspector_app.services import health, setup
from inspector_app.services.context import App, open_app
from inspector_app.store.paths import DataDir, resolve_root


def open_or_create(root: str | Path | None = None, actor: str | None = None) -> App:
    data = DataDir(resolve_root(root))
    if not data.is_initialised() or setup.interrupted(data):
        setup.init(data.root)
    app = open_app(data.root, actor=actor)
    # A start after a crash: temporary files of the dead process are swept (they were never evidence).
    health.sweep_leftovers(app)
    return app
