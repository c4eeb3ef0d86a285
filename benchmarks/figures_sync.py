"""export_ratio and import_ratio, through the sync benchmark's own setup (benchmarks/sync_bench.py).

sync_bench builds a bureau and an enrolled device and bulk-writes the device's records; this module only picks
the size for the scale and reports its figures in the common shape.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import sync_bench
from figures import figure

# Inspections (with two photos each) in the package per scale: M is the 20,000 photos.
INSPECTIONS = {"S": 200, "M": 10_000, "L": 10_000}


def export_import(work: Path, scale: str, seed: int) -> dict[str, Any]:
    folder = work / "sync"  # left for run.py to remove with the rest of its work folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    r = sync_bench.run(folder, INSPECTIONS[scale], 2, seed)
    common = {
        "floor": "the sha256sum binary reading the package file (fastest of 3, file in the page cache)",
        "floor_ms": r["sha256sum_ms"],
        "floor_first_ms": r["sha256sum_ms_first"],
        "package_mb": r["package_mb"],
        "inspections": r["inspections"],
        "photos": r["photos"],
        "measured_at": scale,
        "runs": 1,
    }
    return {
        "export_ratio": figure(
            r["export_ms"] / r["sha256sum_ms"],
            2,
            unit="×",
            figure_ms=r["export_ms"],
            measured="sync_export.export_for_bureau on the device (encrypted to the bureau)",
            mb_per_s=r["export_mb_per_s"],
            **common,
        ),
        "import_ratio": figure(
            r["import_ms"] / r["sha256sum_ms"],
            3,
            unit="×",
            figure_ms=r["import_ms"],
            measured="sync_import.import_package on the bureau (verify, decrypt, merge in one transaction)",
            mb_per_s=r["import_mb_per_s"],
            setup_s=r["setup_s"],
            generate_s=r["generate_s"],
            **common,
        ),
    }
