"""Two sync defects the long crash run turned up; both fixed in sync since (01494fc, bfbb37f). Kept as guards.

A device that does no new work must not send ever bigger packages. One device package took longer to import
than any kill window, because it held thousands of audit events about SyncMark rows: each export wrote and
audited a SyncMark per record sent, each receipt audited their update, and the next export sent those audit
events again, so with no new field work the package doubled every cycle.

A hazard raised with a deadline must arrive at the bureau as 责令整改, not 登记. Its 登记 and 责令整改 events
carry the same time, and settle_hazards used to break the tie by a random UUID: about half of such hazards
were set back to 登记 at the bureau, and the next package that touched one became a conflict.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from sqlmodel import select

from inspector_app.services import sync_export, sync_import
from inspector_app.services.context import open_app
from inspector_app.store.models import Hazard
from tests.crash.world import build, field_work


def test_idle_sync_cycles_do_not_grow_the_package(tmp_path: Path) -> None:
    world = build(tmp_path / "world", demo=False, devices=1, packages=False)
    device_id = next(iter(json.loads((world.root / "devices.json").read_text("utf-8"))))
    device = world.devices()[0]
    with open_app(device) as app:
        field_work(app, random.Random(0), world.root)
    sizes = []
    for n in range(4):  # export, import at the bureau, receipt back to the device; no new work in between
        with open_app(device) as app:
            sizes.append(sum(sync_export.export_for_bureau(app, world.root / f"d{n}.pkg").counts.values()))
        with open_app(world.subject) as bureau:
            sync_import.import_package(bureau, world.root / f"d{n}.pkg")
            sync_export.export_for_device(bureau, device_id, world.root / f"u{n}.pkg")
        with open_app(device) as app:
            sync_import.import_package(app, world.root / f"u{n}.pkg")
    assert sizes[-1] <= sizes[1], f"records per package, cycle by cycle: {sizes}"


def test_hazards_arrive_at_the_bureau_with_the_status_they_have_on_the_device(tmp_path: Path) -> None:
    world = build(tmp_path / "world", demo=False, devices=1, packages=False)
    device = world.devices()[0]
    with open_app(device) as app:
        rng = random.Random(0)
        for _ in range(8):  # each has a 1 in 2 chance to come out right: all 8 by luck is 1 in 256
            field_work(app, rng, world.root)
        with app.read() as s:
            sent = {h.id: h.status for h in s.exec(select(Hazard))}
        sync_export.export_for_bureau(app, world.root / "d.pkg")
    with open_app(world.subject) as bureau:
        sync_import.import_package(bureau, world.root / "d.pkg")
        with bureau.read() as s:
            landed = {h.id: h.status for h in s.exec(select(Hazard)) if h.id in sent}
    assert landed == sent
