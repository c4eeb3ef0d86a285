"""A package file must not exist unless the database records it as sent.

Killed at the moment the file lands in its folder, the bureau's export for a device today leaves a complete,
signed package whose transaction never committed: it hands the device a 文号 range the bureau does not know
it gave away, so the bureau may later number its own documents from that same range (two documents with one
文号). services/sync_export.py therefore moves the package into place only after its transaction has committed
(PackageWriter.publish).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from inspector_app.services.context import open_app
from inspector_app.store.models import SyncPackage
from tests.crash.harness import REPO
from tests.crash.verify import package_id
from tests.crash.world import build

# Dies the moment the package file appears under its own name: the worst time for a power cut.
CHILD = r"""
import os, signal, sys
from pathlib import Path
from inspector_app.services import sync_export
from inspector_app.services.context import open_app

target = os.path.abspath(sys.argv[3])
real_replace, real_rename = os.replace, os.rename

def landing(move):
    def moved(src, dst, *args, **kwargs):
        move(src, dst, *args, **kwargs)
        if os.path.abspath(os.fspath(dst)) == target:
            os.kill(os.getpid(), signal.SIGKILL)
    return moved

os.replace, os.rename = landing(real_replace), landing(real_rename)
with open_app(sys.argv[1]) as app:
    sync_export.export_for_device(app, sys.argv[2], Path(target))
print("EXPORTED", flush=True)
"""


def test_a_package_file_exists_only_once_its_export_committed(tmp_path: Path) -> None:
    world = build(tmp_path / "world", demo=False, devices=1, packages=False)
    device = next(iter(json.loads((world.root / "devices.json").read_text("utf-8"))))
    out = tmp_path / "usb" / "update.pkg"
    out.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(world.subject), device, str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode in (0, -9), child.stderr
    with open_app(world.subject) as app, app.read() as s:
        sent = set(s.exec(select(SyncPackage.id).where(SyncPackage.direction == "out")))
    assert not out.exists() or package_id(out) in sent, "a signed package the bureau does not know it sent"
