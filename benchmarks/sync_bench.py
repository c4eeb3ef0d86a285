"""Benchmark: a device exports N inspections with N×K photos, and the bureau imports the package.

    python benchmarks/sync_bench.py [--inspections 10000] [--photos-per-inspection 2] [--json] [--workdir DIR]

Setup (not timed): a bureau folder (role bureau, demo registry), one enrolled device that has imported its
enrolment package, and on the device N completed inspections written with bulk inserts in one transaction —
each with its inspectors, 10 checklist answers (one failed), one hazard with its two lifecycle events
(registered, then ordered with a deadline) and K photos. Every photo's original, print copy and thumbnail are
distinct random blobs behind a JPEG header, written into the media store without an fsync each (untimed setup;
the sync layer only hashes them);
originals are 40–80 KB, print copies 15–25 KB, thumbnails 3–5 KB. The bulk inserts bypass the services, so the
device has no audit events for these rows (`inspector-app check` would report that); export and import do not
look at the audit trail of the rows they carry.

Timed, each once with time.perf_counter:
  export_ms     sync_export.export_for_bureau on the device (encrypted to the bureau, as in real use)
  sha256sum_ms  the `sha256sum` binary reading the package file (subprocess; fastest of 3 runs, file in page
                cache) — the floor for anything that has to read every byte once
  import_ms     sync_import.import_package on the bureau
export_ratio and import_ratio are export_ms / sha256sum_ms and import_ms / sha256sum_ms. package_mb is the
package size in MB (10^6 bytes). Prints one JSON object with --json, a short table otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import select

from inspector_app.domain.enums import HazardLevel, HazardStatus, Outcome, Role
from inspector_app.evidence.media_store import MediaStore
from inspector_app.services import demo, setup, sync_export, sync_import, templates
from inspector_app.services.context import open_app
from inspector_app.store.models import (
    Enterprise,
    Hazard,
    HazardEvent,
    Inspection,
    InspectionInspector,
    Inspector,
    ItemResult,
    Photo,
)

ITEMS_PER_INSPECTION = 10
JPEG_HEAD = bytes.fromhex("ffd8ffe000104a46494600010100000100010000")
JPEG_TAIL = b"\xff\xd9"
CHUNK = 500  # inspections per round of executemany batches


def blob(rng: random.Random, low: int, high: int) -> bytes:
    return JPEG_HEAD + os.urandom(rng.randint(low, high)) + JPEG_TAIL


def put_unsynced(media: MediaStore, data: bytes) -> str:
    """Setup only: the store's own put() flushes every file to disk, which made setup take minutes."""
    sha = hashlib.sha256(data).hexdigest()
    target = media.path(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return sha


def uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def prepare(work: Path, inspections: int, per: int, seed: int) -> tuple[Path, Path, dict[str, float]]:
    """The bureau and device folders, the device holding the generated data. Returns timings in seconds."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    bureau_dir, device_dir = work / "bureau", work / "device"
    setup.init(bureau_dir, role=Role.BUREAU, authority="基准测试区应急管理局", short="基")
    with open_app(bureau_dir) as bureau:
        demo.load(bureau)
        enrol = sync_export.enroll_device(bureau, "基准测试终端", work / "enrol.pkg")
    setup.init(device_dir)
    with open_app(device_dir) as device:
        report = sync_import.import_package(device, enrol.path)
        assert report.status == "applied" and device.device_id == enrol.device_id
    times["setup_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    with open_app(device_dir, actor="基准测试") as device:
        generate(device, inspections, per, seed)
    times["generate_s"] = time.perf_counter() - t0
    return bureau_dir, device_dir, times


def generate(app, inspections: int, per: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    media = app.media
    me = app.device_id
    with app.write() as s:
        enterprises = list(s.exec(select(Enterprise).order_by(Enterprise.credit_code)))
        inspectors = list(s.exec(select(Inspector).order_by(Inspector.cert_no)))
        assert enterprises and len(inspectors) >= 2, "the enrolment did not bring the demo registry"
        forms = {}
        for sector in sorted({e.sector for e in enterprises}):
            row = templates.for_sector(s, sector, me)
            items = templates.pinned(row).items
            assert len(items) >= ITEMS_PER_INSPECTION
            forms[sector] = (row.id, items)
        s.flush()

        base = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
        batches: dict[object, list[dict]] = {}

        order = [
            Inspection.__table__,
            InspectionInspector.__table__,
            ItemResult.__table__,
            Hazard.__table__,
            HazardEvent.__table__,
            Photo.__table__,
        ]

        def add(table, row: dict) -> None:  # type: ignore[no-untyped-def]
            batches.setdefault(table, []).append(row)

        def drain() -> None:  # parents before children
            for table in order:
                rows = batches.get(table)
                if rows:
                    s.execute(insert(table), rows)
                    rows.clear()

        for n in range(inspections):
            ent = enterprises[n % len(enterprises)]
            template_id, items = forms[ent.sector]
            started = base + timedelta(minutes=37 * n)
            ended = started + timedelta(hours=2)
            stamp = {"origin_device_id": me, "created_at": started, "updated_at": ended, "version": 1}
            insp_id = uid(rng)
            add(
                Inspection.__table__,
                {
                    "id": insp_id,
                    **stamp,
                    "enterprise_id": ent.id,
                    "template_id": template_id,
                    "place": ent.address,
                    "purpose": "日常执法检查",
                    "started_at": started,
                    "ended_at": ended,
                    "status": "completed",
                    "summary": "对照检查表逐项检查，发现问题已当场告知企业负责人并登记隐患。",
                    "completed_at": ended,
                },
            )
            a = n % len(inspectors)
            for pos, person in enumerate((inspectors[a], inspectors[(a + 1) % len(inspectors)])):
                add(
                    InspectionInspector.__table__,
                    {"inspection_id": insp_id, "inspector_id": person.id, "position": pos},
                )
            chosen = items[:ITEMS_PER_INSPECTION]
            failed = chosen[n % ITEMS_PER_INSPECTION]
            for item in chosen:
                bad = item.id == failed.id
                add(
                    ItemResult.__table__,
                    {
                        "id": uid(rng),
                        **stamp,
                        "inspection_id": insp_id,
                        "item_id": item.id,
                        "outcome": (Outcome.FAIL if bad else Outcome.PASS).value,
                        "note": "现场查看发现问题，已拍照取证" if bad else "",
                    },
                )
            found = started + timedelta(minutes=40)
            deadline: date = (found + timedelta(days=15)).date()
            hazard_id = uid(rng)
            add(
                Hazard.__table__,
                {
                    "id": hazard_id,
                    **stamp,
                    "inspection_id": insp_id,
                    "enterprise_id": ent.id,
                    "item_id": failed.id,
                    "description": failed.text,
                    "level": (HazardLevel.MAJOR if failed.major else HazardLevel.GENERAL).value,
                    "legal_basis": failed.basis,
                    "measure": failed.measure,
                    "deadline": deadline,
                    "status": HazardStatus.ORDERED.value,
                    "found_at": found,
                    "closed_at": None,
                },
            )
            for frm, to, note, dl in (
                (None, HazardStatus.REGISTERED, "现场检查发现", None),
                (HazardStatus.REGISTERED, HazardStatus.ORDERED, "责令限期整改", deadline),
            ):
                add(
                    HazardEvent.__table__,
                    {
                        "id": uid(rng),
                        "hazard_id": hazard_id,
                        "at": found,
                        "from_status": frm.value if frm else None,
                        "to_status": to.value,
                        "deadline": dl,
                        "note": note,
                        "actor": "张建国",
                        "origin_device_id": me,
                    },
                )
            for k in range(per):
                original = blob(rng, 40_000, 80_000)
                sha = put_unsynced(media, original)
                derived = put_unsynced(media, blob(rng, 15_000, 25_000))
                thumb = put_unsynced(media, blob(rng, 3_000, 5_000))
                add(
                    Photo.__table__,
                    {
                        "id": uid(rng),
                        **stamp,
                        "sha256": sha,
                        "inspection_id": insp_id,
                        "item_id": failed.id,
                        "hazard_id": hazard_id,
                        "caption": "隐患部位现场照片",
                        "original_name": f"IMG_{n:05d}_{k}.jpg",
                        "mime": "image/jpeg",
                        "size": len(original),
                        "width": 4000,
                        "height": 3000,
                        "taken_at": found + timedelta(minutes=k),
                        "gps_lat": 28.55 + (n % 17) * 0.004,
                        "gps_lon": 112.36 + (n % 13) * 0.005,
                        "derived_sha256": derived,
                        "thumb_sha256": thumb,
                        "added_by": "张建国",
                    },
                )
            if n % CHUNK == CHUNK - 1:
                drain()
        drain()


def sha256sum_ms(path: Path, runs: int = 3) -> tuple[float, float]:
    """(fastest, first) wall time of the sha256sum binary reading `path`, in ms."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(["sha256sum", str(path)], check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), times[0]


def file_creation_ms(package: Path, work: Path) -> tuple[float, int]:
    """Context for import_ratio, not a floor it is divided by: the wall time of writing the package's evidence
    files as plain files (same count, same bytes, no fsync) on this disk. An import has to create every one of
    them, and on a slow disk that alone can cost more than sha256sum reading the whole package."""

    target = work / "file-floor"
    target.mkdir()
    count = 0
    blob = os.urandom(1 << 20)
    with zipfile.ZipFile(package) as outer:
        manifest = json.loads(outer.read("manifest.json"))
    sizes = [m["size"] for name, m in manifest["members"].items() if name.startswith("media/")]
    t0 = time.perf_counter()
    for n, length in enumerate(sizes):
        with (target / f"{n:08d}").open("wb") as fh:
            left = length
            while left > 0:
                fh.write(blob[: min(left, len(blob))])
                left -= len(blob)
        count += 1
    elapsed = (time.perf_counter() - t0) * 1000
    shutil.rmtree(target, ignore_errors=True)
    return elapsed, count


def run(work: Path, inspections: int, per: int, seed: int) -> dict:  # type: ignore[type-arg]
    bureau_dir, device_dir, times = prepare(work, inspections, per, seed)
    out = work / "device-export.pkg"
    with open_app(device_dir) as device:
        t0 = time.perf_counter()
        exported = sync_export.export_for_bureau(device, out)
        export_ms = (time.perf_counter() - t0) * 1000
    size = out.stat().st_size
    floor_ms, first_ms = sha256sum_ms(out)
    files_ms, files = file_creation_ms(out, work)
    with open_app(bureau_dir) as bureau:
        t0 = time.perf_counter()
        report = sync_import.import_package(bureau, out)
        import_ms = (time.perf_counter() - t0) * 1000
    assert report.status == "applied", report.status
    landed = {entity: c.get("added", 0) for entity, c in report.counts.items()}
    assert landed.get("inspection") == inspections and landed.get("photo") == inspections * per, landed
    return {
        "inspections": inspections,
        "photos": inspections * per,
        "exported_counts": exported.counts,
        "imported_added": landed,
        "media_added": report.media_added,
        "package_mb": round(size / 1e6, 1),
        "export_ms": round(export_ms),
        "sha256sum_ms": round(floor_ms),
        "sha256sum_ms_first": round(first_ms),
        "import_ms": round(import_ms),
        "evidence_files": files,
        "evidence_file_creation_ms": round(files_ms),
        "export_ratio": round(export_ms / floor_ms, 1),
        "import_ratio": round(import_ms / floor_ms, 1),
        "export_mb_per_s": round(size / 1e6 / (export_ms / 1000), 1),
        "import_mb_per_s": round(size / 1e6 / (import_ms / 1000), 1),
        "setup_s": round(times["setup_s"], 1),
        "generate_s": round(times["generate_s"], 1),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=10_000)
    parser.add_argument("--photos-per-inspection", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--workdir", type=Path, help="where the folders and package go (kept); default: a temp dir, removed"
    )
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        if any(args.workdir.iterdir()):
            sys.exit(f"--workdir must be empty: {args.workdir}")
        work, remove = args.workdir, False
    else:
        work, remove = Path(tempfile.mkdtemp(prefix="sync-bench-")), True
    try:
        result = run(work, args.inspections, args.photos_per_inspection, args.seed)
    finally:
        if remove:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key in (
        "inspections",
        "photos",
        "package_mb",
        "export_ms",
        "sha256sum_ms",
        "import_ms",
        "export_ratio",
        "import_ratio",
        "setup_s",
        "generate_s",
    ):
        print(f"{key:>14}: {result[key]}")


if __name__ == "__main__":
    main()
