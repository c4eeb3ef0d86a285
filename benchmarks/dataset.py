"""Seeded benchmark dataset: a device's data folder at scale S, M or L, cached between runs.

    python benchmarks/dataset.py --scale S|M|L [--seed N] [--anchor YYYY-MM-DD] [--force]

The folder is made by the real `init` (so the migration chain builds the schema), then:
  - inspectors and enterprises go through the ORM in one audited transaction (so the audit chain covers them and
    `check` passes over them), with GB 32100 credit codes whose 组织机构代码 part also passes GB 11714;
  - inspections, their inspectors and answers, hazards with their lifecycle events, and photos are bulk-inserted
    with SQLAlchemy Core executemany (`exec_driver_sql`) in big transactions, with synchronous=OFF. These rows
    have no audit events: `check` lists them as not written by the app (the sync benchmark does the same);
    the app itself opens and works on them, and its own writes chain on from the tail of the audit trail;
  - each photo has a real (small) JPEG original, evidence copy and thumbnail in the content-addressed media
    store, each file unique (a JPEG comment tells them apart).
Dates are laid out backwards from --anchor (default: today in Beijing), so the 今日 page has work due.

Generated folders are cached in benchmarks/.cache/<scale>-<seed>-<schema head>/ (data/ and manifest.json);
a rerun reuses them. The cache is remade when its anchor is more than 30 days old or the generator changed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import dataset_rows as vocab
from dataset_bulk import BulkWriter, Clock, generate_activity

from inspector_app.services import setup, templates
from inspector_app.services.context import open_app
from inspector_app.services.timeutil import today
from inspector_app.store.migrate import head_revision
from inspector_app.store.models import Enterprise, Inspector
from inspector_app.store.paths import DataDir

CACHE = Path(__file__).resolve().parent / ".cache"
DEFAULT_SEED = 20261123
# Bump when the generator makes different rows for the same seed: cached folders from older versions are remade.
GENERATOR_VERSION = 3
MAX_ANCHOR_AGE_DAYS = 30


@dataclass(frozen=True)
class Scale:
    enterprises: int
    inspections: int
    hazards: int
    photos: int
    answers: int  # checklist answers per completed inspection (the failed items among them)
    inspectors: int
    span_days: int  # inspections spread over this many days before the anchor


SCALES = {
    "S": Scale(enterprises=100, inspections=500, hazards=2_000, photos=200, answers=20, inspectors=8, span_days=365),
    "M": Scale(
        enterprises=10_000,
        inspections=50_000,
        hazards=200_000,
        photos=20_000,
        answers=12,
        inspectors=40,
        span_days=3 * 365,
    ),
    # L is about the ledger: a million hazards. The other tables grow less, so it still builds in about a minute.
    "L": Scale(
        enterprises=10_000,
        inspections=100_000,
        hazards=1_000_000,
        photos=20_000,
        answers=6,
        inspectors=40,
        span_days=5 * 365,
    ),
}


@dataclass(frozen=True)
class Dataset:
    scale: str
    seed: int
    root: Path  # the data folder (pass as --data-dir)
    manifest: dict[str, Any]
    generated: bool  # False when it came from the cache
    seconds: float  # generation time (0 when cached)


def cache_dir(scale: str, seed: int) -> Path:
    return CACHE / f"{scale}-{seed}-{head_revision()}"


def ensure(scale: str, seed: int = DEFAULT_SEED, *, anchor: date | None = None, force: bool = False) -> Dataset:
    """The cached dataset, generated first if missing, stale or forced."""
    folder = cache_dir(scale, seed)
    manifest_path = folder / "manifest.json"
    if manifest_path.exists() and not force:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        cached_anchor = date.fromisoformat(manifest["anchor"])
        fresh = anchor is None and (today() - cached_anchor).days <= MAX_ANCHOR_AGE_DAYS
        current = manifest.get("generator") == GENERATOR_VERSION
        if current and (fresh or cached_anchor == anchor):
            return Dataset(scale, seed, folder / "data", manifest, False, 0.0)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    t0 = time.perf_counter()
    manifest = generate(partial / "data", SCALES[scale], seed, anchor or today())
    seconds = time.perf_counter() - t0
    manifest.update(
        scale=scale, seed=seed, schema=head_revision(), generator=GENERATOR_VERSION, generation_s=round(seconds, 1)
    )
    (partial / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return Dataset(scale, seed, folder / "data", manifest, True, seconds)


def generate(root: Path, scale: Scale, seed: int, anchor: date) -> dict[str, Any]:
    rng = random.Random(seed)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    init = setup.init(root, authority=vocab.AUTHORITY, short=vocab.SHORT, device_name="基准测试执法终端")
    with open_app(root, actor="数据生成") as app:
        setup.update_settings(
            app,
            remedy_government=f"{vocab.COUNTY}人民政府",
            remedy_court="湘潭铁路运输法院",
            operator="王建国",
        )
    timings["init_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    with open_app(root, actor="数据生成") as app:
        people, firms = _master_data(app, rng, scale)
        with app.write() as s:
            forms = {}
            for sector, *_rest in vocab.SECTORS:
                row = templates.for_sector(s, sector, app.device_id)
                forms[sector] = (row.id, templates.pinned(row).items)
    timings["master_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    data = DataDir(root)
    clock = Clock(anchor, scale.span_days)
    with BulkWriter(data) as bulk:
        counts = generate_activity(
            bulk, rng, clock, scale, init.device_id, [(p.id, p.name) for p in people], firms, forms, data.media
        )
        bulk.check_foreign_keys()
    timings["bulk_s"] = time.perf_counter() - t0
    return {
        "anchor": anchor.isoformat(),
        "scale_counts": asdict(scale),
        "counts": counts,
        "db_mb": round(data.db_path.stat().st_size / 1e6, 1),
        "timings": {k: round(v, 2) for k, v in timings.items()},
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _master_data(app: Any, rng: random.Random, scale: Scale) -> tuple[list[Inspector], list[dict[str, Any]]]:
    """Inspectors and enterprises through the ORM, so the audit trail covers them."""
    from inspector_app.domain import credit_code

    taken: set[str] = set()
    people = [Inspector(**vocab.inspector(n, rng), origin_device_id=app.device_id) for n in range(scale.inspectors)]
    firms = []
    for n in range(scale.enterprises):
        values = vocab.enterprise(rng, n, taken)
        credit_code.validate(values["credit_code"])
        firms.append(Enterprise(id=vocab.uid(rng), origin_device_id=app.device_id, **values))
    with app.write() as s:
        s.add_all(people)
        s.add_all(firms)
    return people, [{"id": e.id, "sector": e.sector, "address": e.address, "name": e.name} for e in firms]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--anchor", type=date.fromisoformat, help="the day the data leads up to (default: today)")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args()
    ds = ensure(args.scale, args.seed, anchor=args.anchor, force=args.force)
    out = {"data_dir": str(ds.root), "generated": ds.generated, "seconds": round(ds.seconds, 1), **ds.manifest}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
