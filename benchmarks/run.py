"""The benchmark suite: every figure of the issue, each beside its floor, at scale S, M or L.

    python benchmarks/run.py --scale S|M|L [--json] [--seed N] [--only name,...] [--budget SECONDS]

Figures (targets are upper bounds):
  startup_ratio, ready_ratio   benchmarks/figures_gui.py      photo_ingest_ratio, pdf_ms, pdf_mb  figures_photos.py
  export_ratio, import_ratio   benchmarks/figures_sync.py     ledger_query_ms, checklist_save_ms  figures_db.py
  peak_rss_mb                  benchmarks/figures_gui.py
--only takes figure names or these groups: startup, ready, photo_ingest, pdf, sync, checklist_save, ledger_query,
peak_rss.

The dataset comes from benchmarks/dataset.py (cached in benchmarks/.cache/). ledger_query_ms and peak_rss_mb are
defined at scale L (a million hazards). At --scale L they use L; at --scale S they use S; at --scale M they use L
when it is cached or when generating it fits in what is left of --budget (default 600 s, estimated from the M
dataset's own generation time on this machine), and otherwise M. The JSON says which ("measured_at").
Prints one JSON object with --json, a table otherwise. Benchmarks are not part of the test command.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataset  # noqa: E402
from figures import machine, pressure  # noqa: E402

GROUPS = {
    "startup": ("startup_ratio",),
    "ready": ("ready_ratio",),
    "photo_ingest": ("photo_ingest_ratio", "photo_ingest_per_s"),
    "pdf": ("pdf_ms", "pdf_mb"),
    "checklist_save": ("checklist_save_ms",),
    "sync": ("export_ratio", "import_ratio"),
    "ledger_query": ("ledger_query_ms",),
    "peak_rss": ("peak_rss_mb",),
}
PROCESS_RUNS = 7  # whole-process start-ups per figure (median)
INGEST_PHOTOS = 8
INGEST_REPS = 3
PDF_PHOTOS = 40
LARGE_FIGURES_S = 90  # what ledger_query and peak_rss take at L once the data exists


def selected(only: str | None) -> list[str]:
    if not only:
        return list(GROUPS)
    wanted = []
    for name in (part.strip() for part in only.split(",") if part.strip()):
        group = name if name in GROUPS else next((g for g, figs in GROUPS.items() if name in figs), None)
        if group is None:
            sys.exit(f"--only: unknown figure or group “{name}”; choose from {', '.join(GROUPS)}")
        wanted.append(group)
    return [g for g in GROUPS if g in wanted]


def describe(ds: dataset.Dataset) -> dict[str, Any]:
    m = ds.manifest
    return {
        "data_dir": str(ds.root),
        "cached": not ds.generated,
        "generation_s": m.get("generation_s"),
        "anchor": m.get("anchor"),
        "enterprises": m["scale_counts"]["enterprises"],
        "inspectors": m["scale_counts"]["inspectors"],
        **m["counts"],
        "db_mb": m.get("db_mb"),
    }


def estimate_generation(scale: str, reference: dataset.Dataset) -> float:
    """Seconds to generate `scale` here, from how long the reference dataset took, row for row."""

    def rows(counts: dict[str, int]) -> int:
        return sum(v for k, v in counts.items() if not k.startswith("media"))

    ref_rows = rows(reference.manifest["counts"])
    ref = reference.manifest["scale_counts"]
    want = dataset.SCALES[scale]
    # Rows grow with hazards (events ride on them) and with inspections (answers and inspectors ride on them).
    per_hazard = (ref_rows - ref["inspections"] * (3 + ref["answers"])) / ref["hazards"]
    expected = want.hazards * per_hazard + want.inspections * (3 + want.answers)
    return float(reference.manifest["generation_s"]) * expected / ref_rows


def large_dataset(scale: str, seed: int, main: dataset.Dataset, started: float, budget: float) -> tuple[Any, str]:
    if scale != "M":
        return main, f"--scale {scale}: measured on the {scale} dataset"
    cached = dataset.cache_dir("L", seed) / "manifest.json"
    if cached.exists():
        return dataset.ensure("L", seed), "the L dataset was cached"
    estimate = estimate_generation("L", main)
    left = budget - (time.perf_counter() - started) - LARGE_FIGURES_S
    if estimate <= left:
        return dataset.ensure("L", seed), f"L generated: estimated {estimate:.0f} s, {left:.0f} s of the budget left"
    return main, (
        f"measured at M: generating L would take about {estimate:.0f} s (from M's {main.manifest['generation_s']} s "
        f"here) and only {max(0, left):.0f} s of the {budget:.0f} s budget were left; run "
        "`python benchmarks/dataset.py --scale L` once, and later runs use it"
    )


def remove_later(folder: Path) -> None:
    """Delete the work folder in the background: at M it holds two data folders with 60,000 evidence files each
    and a 1.7 GB package, and deleting them on a busy disk took minutes that measure nothing."""
    if shutil.which("rm") and os.name == "posix":
        subprocess.Popen(
            ["rm", "-rf", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    else:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    groups = selected(args.only)
    out: dict[str, Any] = {"scale": args.scale, "seed": args.seed, "machine": machine()}
    figures: dict[str, Any] = {}
    seconds: dict[str, float] = {}
    datasets: dict[str, Any] = {}

    def timed(name: str, fn: Any) -> Any:
        t0 = time.perf_counter()
        result = fn()
        seconds[name] = round(time.perf_counter() - t0, 1)
        return result

    main = timed("dataset_" + args.scale, lambda: dataset.ensure(args.scale, args.seed))
    datasets[args.scale] = describe(main)

    def large_figures() -> None:
        big, why = timed("dataset_large", lambda: large_dataset(args.scale, args.seed, main, started, args.budget))
        datasets[big.scale] = describe(big)
        out["large_figures"] = {"measured_at": big.scale, "why": why}
        if "ledger_query" in groups:
            from figures_db import ledger_query

            figures.update(timed("ledger_query", lambda: ledger_query(big.root, big.scale, 7)))
        if "peak_rss" in groups:
            from figures_gui import peak_rss

            figures.update(timed("peak_rss", lambda: peak_rss(big.root, big.scale, 3)))

    work = Path(tempfile.mkdtemp(prefix="inspector-bench-"))
    try:
        # With the large dataset at hand, measure it before the sync benchmark writes two gigabytes and pushes
        # it out of the page cache; otherwise decide at the end, when the time left is known.
        large = "ledger_query" in groups or "peak_rss" in groups
        if large and (args.scale != "M" or (dataset.cache_dir("L", args.seed) / "manifest.json").exists()):
            large_figures()
            large = False
        if "startup" in groups or "ready" in groups:
            from figures_gui import startup_and_ready

            figures |= timed(
                "startup_ready",
                lambda: startup_and_ready(main.root, args.scale, PROCESS_RUNS, ready="ready" in groups),
            )
            if "startup" not in groups:
                figures.pop("startup_ratio")
        if "photo_ingest" in groups or "pdf" in groups:
            from figures_photos import camera_files, pdf, photo_ingest

            count = PDF_PHOTOS if "pdf" in groups else INGEST_PHOTOS
            paths, jpegs = timed("camera_jpegs", lambda: camera_files(work / "photos", count))
            if "photo_ingest" in groups:
                figures |= timed("photo_ingest", lambda: photo_ingest(work, paths[:INGEST_PHOTOS], INGEST_REPS))
            if "pdf" in groups:
                figures |= timed("pdf", lambda: pdf(jpegs, 3))
            shutil.rmtree(work / "photos", ignore_errors=True)
        if "checklist_save" in groups:
            from figures_db import checklist_save

            figures |= timed("checklist_save", lambda: checklist_save(main.root, args.scale, work, 40))
        if "sync" in groups:
            from figures_sync import export_import

            figures |= timed("sync", lambda: export_import(work, args.scale, args.seed))
        if large:
            large_figures()
    finally:
        remove_later(work)
    wanted = [f for g in groups for f in GROUPS[g]]
    figures = {name: figures[name] for name in wanted if name in figures}
    graded = {k: v for k, v in figures.items() if v.get("target") is not None}
    seconds["total"] = round(time.perf_counter() - started, 1)
    return {
        **out,
        "summary": {k: v["value"] for k, v in figures.items()},
        "failed": [k for k, v in graded.items() if not v["pass"]],
        "passed": sum(v["pass"] for v in graded.values()),
        "figures": figures,
        "datasets": datasets,
        "load_avg_end": [round(x, 2) for x in os.getloadavg()],
        "pressure_end": pressure(),
        "seconds": seconds,
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        f"scale {result['scale']}, seed {result['seed']}, {result['machine']['cpu_count']} CPUs, "
        f"load {result['machine']['load_avg_1_5_15']} → {result['load_avg_end']}"
    ]
    lines.append(f"{'figure':<20} {'value':>10} {'target':>8}  {'':4} {'at':3} detail")
    for name, f in result["figures"].items():
        target = "" if f.get("target") is None else f"≤ {f['target']}"
        verdict = "" if f.get("target") is None else ("ok" if f["pass"] else "MISS")
        detail = ""
        if "floor_ms" in f and "figure_ms" in f:
            detail = f"{f['figure_ms']:.0f} ms vs floor {f['floor_ms']:.0f} ms"
        lines.append(
            f"{name:<20} {f['value']:>10} {target:>8}  {verdict:<4} {f.get('measured_at', ''):3} {detail}".rstrip()
        )
    for scale, d in result["datasets"].items():
        how = "cached" if d["cached"] else f"generated in {d['generation_s']} s"
        lines.append(
            f"dataset {scale}: {d['enterprises']:,} enterprises, {d['inspection']:,} inspections, "
            f"{d['hazard']:,} hazards, {d['photo']:,} photos ({how})"
        )
    if "large_figures" in result:
        lines.append(f"ledger/RSS figures: {result['large_figures']['why']}")
    lines.append(f"total {result['seconds']['total']} s")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(dataset.SCALES), default="S")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=dataset.DEFAULT_SEED)
    parser.add_argument("--only", help="comma-separated figures or groups")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds the whole run may take (for L at M)")
    args = parser.parse_args()
    result = run(args)
    print(json.dumps(result, ensure_ascii=False) if args.json else table(result))


if __name__ == "__main__":
    main()
