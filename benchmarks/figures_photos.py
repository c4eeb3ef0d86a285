"""photo_ingest_ratio, photo_ingest_per_s, pdf_ms and pdf_mb: the work a 12 MP camera JPEG causes.

The photos are pdf_render's synthetic camera frames (4000×3000, quality 92, sensor noise; about 6.7 MB each),
with an EXIF block (capture time, GPS) as a phone writes it.
"""

from __future__ import annotations

import hashlib
import io
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from figures import figure
from pdf_render import camera_jpegs
from pdf_render import measure as measure_pdf

from inspector_app.evidence.photos import EVIDENCE_LONG_SIDE


def with_exif(jpeg: bytes, n: int) -> bytes:
    """The JPEG with an APP1 EXIF segment (DateTimeOriginal, GPS) right after SOI, as cameras place it."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0132] = f"2026:11:20 10:{n % 60:02d}:00"
    exif.get_ifd(0x8769)[0x9003] = f"2026:11:20 10:{n % 60:02d}:00"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (27.0, 51.0, 26.7 + n / 10), 3: "E", 4: (112.0, 54.0, 44.4 + n / 10)})
    payload = b"Exif\x00\x00" + exif.tobytes()
    return jpeg[:2] + b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


def camera_files(folder: Path, count: int, noise: float = 40.0) -> tuple[list[Path], list[bytes]]:
    folder.mkdir(parents=True, exist_ok=True)
    jpegs = [with_exif(j, n) for n, j in enumerate(camera_jpegs(count, noise))]
    paths = []
    for n, data in enumerate(jpegs):
        path = folder / f"IMG_20261120_{n:04d}.jpg"
        path.write_bytes(data)
        paths.append(path)
    return paths, jpegs


def floor_one(path: Path) -> None:
    """Pillow alone: read, hash, and decode in draft mode at the size the evidence copy needs."""
    from PIL import Image

    data = path.read_bytes()
    hashlib.sha256(data).hexdigest()
    with Image.open(io.BytesIO(data)) as img:
        width, height = img.size
        scale = EVIDENCE_LONG_SIDE / max(width, height)
        img.draft("RGB", (max(1, round(width * scale)), max(1, round(height * scale))))
        img.load()


def _fresh_target(folder: Path) -> tuple[Any, str, str]:
    """A new data folder with one enterprise, two inspectors and an inspection under way."""
    from inspector_app.services import inspections, registry, setup
    from inspector_app.services.context import open_app

    setup.init(folder, authority="湘中县应急管理局", short="湘中")
    app = open_app(folder, actor="王建国")
    firm = registry.create_enterprise(
        app,
        registry.EnterpriseInput("91430321MA4L2B3C40", "湘中县宏达精细化工有限公司", "hazardous_chemicals", "城关镇"),
    )
    people = [
        registry.add_inspector(app, "王建国", "43030219001", "湘中县应急管理局"),
        registry.add_inspector(app, "李晓梅", "43030219017", "湘中县应急管理局"),
    ]
    insp = inspections.start_inspection(app, firm.id, [p.id for p in people])
    item = inspections.template_for(app, insp.id).items[0].id
    return app, insp.id, item


def _round(paths: list[Path], targets: dict[str, tuple[Any, str, str]], workers: int, first: int) -> dict[str, float]:
    """One repetition of the four steps (seconds each), starting from step `first` so order effects even out."""
    from inspector_app.services import photos

    def ingest(name: str, threads: int | None) -> None:
        app, insp, item = targets[name]
        photos.attach(app, paths, inspection_id=insp, item_id=item, workers=threads)

    steps = [
        ("floor", lambda: [floor_one(p) for p in paths]),
        ("ingest", lambda: ingest("ingest", None)),
        ("floor_parallel", lambda: list(ThreadPoolExecutor(workers).map(floor_one, paths))),
        ("serial", lambda: ingest("serial", 1)),
    ]
    out = {}
    for name, step in steps[first:] + steps[:first]:
        t0 = time.perf_counter()
        step()
        out[name] = time.perf_counter() - t0
    return out


def photo_ingest(work: Path, paths: list[Path], reps: int) -> dict[str, Any]:
    """Each repetition: fresh data folders; the floor over the files, then attach() of the same files.

    Also measured, for the reader: attach() on one thread, and the floor on as many threads as attach() uses.
    """
    from inspector_app.services import photos

    workers = min(os.cpu_count() or 1, photos.MAX_WORKERS)
    runs: list[dict[str, float]] = []
    for rep in range(reps):
        targets = {name: _fresh_target(work / f"{name}-{rep}") for name in ("ingest", "serial")}
        try:
            runs.append(_round(paths, targets, workers, rep % 2))
        finally:
            for app, _insp, _item in targets.values():
                app.close()
    med = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
    floor, ingest = med["floor"], med["ingest"]
    n = len(paths)
    common = {"photos_per_run": n, "runs": reps, "source_mb_avg": sum(p.stat().st_size for p in paths) / n / 1e6}
    return {
        "photo_ingest_ratio": figure(
            ingest / floor,
            1.3,
            unit="×",
            figure_ms=ingest * 1000,
            floor_ms=floor * 1000,
            floor="Pillow alone, one file after another: read, SHA-256, decode in draft mode at the evidence size",
            measured="services.photos.attach() of the batch: decode, evidence copy and thumbnail, three media "
            "files written with fsync, one audited transaction; photos decoded on worker threads",
            workers=workers,
            serial_ms=med["serial"] * 1000,
            serial_ratio=med["serial"] / floor,
            floor_parallel_ms=med["floor_parallel"] * 1000,
            ratio_vs_parallel_floor=ingest / med["floor_parallel"],
            **common,
        ),
        "photo_ingest_per_s": {"value": round(n / ingest, 2), "unit": "photos/s", "target": None, **common},
    }


def pdf(jpegs: list[bytes], runs: int) -> dict[str, Any]:
    result = measure_pdf(jpegs, findings=20, runs=runs)
    how = {
        "measured": "benchmarks/pdf_render.py: 责令限期整改指令书, 20 findings, 40 photos from 12 MP JPEGs "
        "(downscaled for print first, as the caller does); median of warm renders",
        "runs": runs,
        "pdf_ms_first": result["pdf_ms_first"],
        "downscale_ms_avg": result["downscale_ms_avg"],
        "photos": result["photos"],
    }
    return {
        "pdf_ms": figure(result["pdf_ms"], 1500, unit="ms", **how),
        "pdf_mb": figure(result["pdf_mb"], 12, unit="MB", photo_kb_avg=result["photo_kb_avg"]),
    }
