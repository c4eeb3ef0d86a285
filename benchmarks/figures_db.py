"""ledger_query_ms and checklist_save_ms: service calls timed in this process on a generated data folder."""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from figures import figure
from sqlalchemy import func, select

from inspector_app.domain.enums import Outcome
from inspector_app.services import inspections, ledger
from inspector_app.services.context import open_app
from inspector_app.services.ledger import STATUS_OPEN, LedgerFilter
from inspector_app.store.models import Enterprise, Hazard, Inspection

PAGE_SIZE = 200  # gui.models.ledger_model.PAGE_SIZE: rows the table asks for at a time (imported there with Qt)


def _busiest_township(app: Any) -> str:
    with app.read() as s:
        stmt = (
            select(Enterprise.township, func.count())
            .select_from(Hazard)
            .join(Enterprise, Enterprise.id == Hazard.enterprise_id)  # type: ignore[arg-type]
            .group_by(Enterprise.township)
            .order_by(func.count().desc())
            .limit(1)
        )
        return str(s.execute(stmt).first()[0])  # type: ignore[index]


def ledger_query(data_dir: Path, scale: str, runs: int) -> dict[str, Any]:
    """What the ledger waits for when a filter changes: the filter's row keys, then its first page of rows.

    The headline is the everyday view of a township clerk (one township, 未销号); other filters are in details.
    """
    with open_app(data_dir, actor="基准测试") as app:
        town = _busiest_township(app)
        filters = {
            "township_open": LedgerFilter(township=town, status=STATUS_OPEN),
            "no_filter": LedgerFilter(),
            "overdue": LedgerFilter(overdue_only=True),
            "sector_major": LedgerFilter(sector="hazardous_chemicals", level="major"),
            "text_search": LedgerFilter(text="宏达"),  # an enterprise name, as a clerk types it
        }
        details: dict[str, Any] = {}
        for name, flt in filters.items():
            keys_ms, total_ms = [], []
            matched = shown = 0
            for _ in range(runs if name == "township_open" else max(1, runs // 2)):
                t0 = time.perf_counter()
                keys = ledger.ledger_keys(app, flt)
                t1 = time.perf_counter()
                shown = len(ledger.ledger_rows(app, keys[:PAGE_SIZE]))
                t2 = time.perf_counter()
                matched = len(keys)
                keys_ms.append((t1 - t0) * 1000)
                total_ms.append((t2 - t0) * 1000)
            details[name] = {
                "ms": statistics.median(total_ms),
                "first_ms": total_ms[0],
                "keys_ms": statistics.median(keys_ms),
                "matches": matched,
                "rows": shown,
                "runs": len(total_ms),
            }
        with app.read() as s:
            total = s.execute(select(func.count()).select_from(Hazard)).scalar_one()
    head = details["township_open"]
    return {
        "ledger_query_ms": figure(
            head["ms"],
            50,
            unit="ms",
            measured=f"services.ledger: ledger_keys(township={town}, 未销号) then ledger_rows of the first "
            f"{PAGE_SIZE} keys (what the 隐患台账 page waits for when the filter changes); median",
            measured_at=scale,
            hazards=total,
            runs=runs,
            filters=details,
        )
    }


def scratch_copy(data_dir: Path, target: Path) -> Path:
    """The data folder without its media (linked instead): the checklist benchmark writes, the cache must not change."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("media"))
    os.symlink(data_dir / "media", target / "media")
    return target


def checklist_save(data_dir: Path, scale: str, work: Path, saves: int) -> dict[str, Any]:
    """One answer saved the way the checklist page saves it (inspections.record_result), on an open draft."""
    folder = scratch_copy(data_dir, work / "checklist")
    with open_app(folder, actor="王建国") as app:
        with app.read() as s:
            draft = s.execute(
                select(Inspection.id).where(Inspection.status == "draft").order_by(Inspection.started_at.desc())  # type: ignore[attr-defined]
            ).first()
        assert draft is not None, "the dataset has no inspection under way"
        items = [item.id for item in inspections.template_for(app, draft[0]).items]
        cycle = (Outcome.PASS, Outcome.NOT_APPLICABLE, Outcome.FAIL)
        times = []
        for n in range(saves):
            # Every save is a real change (the outcome differs from what is stored), like a click on the page.
            outcome = cycle[(n // len(items)) % len(cycle)]
            t0 = time.perf_counter()
            inspections.record_result(app, draft[0], items[n % len(items)], outcome, f"第{n}次检查记录")
            times.append((time.perf_counter() - t0) * 1000)
    shutil.rmtree(folder, ignore_errors=True)
    ordered = sorted(times)
    return {
        "checklist_save_ms": figure(
            statistics.median(times),
            10,
            unit="ms",
            measured="services.inspections.record_result (what the checklist page calls on 符合/不符合/不适用): "
            "one audited write transaction with synchronous=FULL, on a draft inspection of the dataset; median",
            measured_at=scale,
            saves=saves,
            first_ms=times[0],
            p90_ms=ordered[int(len(ordered) * 0.9) - 1],
            max_ms=ordered[-1],
        )
    }
