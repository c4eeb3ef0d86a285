"""A data folder with many hazards written by raw SQL: the ledger's scale fixture (services and window tests)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from inspector_app.domain.enums import Sector
from inspector_app.services import setup
from inspector_app.store.paths import DataDir


def bulk_insert_hazards(folder: Path, n: int, *, enterprises: int = 40) -> dict[str, Any]:
    """A fresh data folder with `n` hazards written by raw SQL executemany (no audit trail: a perf fixture).

    Enterprises cycle through five townships and the four sectors; statuses, levels and deadlines follow
    the row number, so counts are predictable.
    """
    setup.init(folder, authority="测试县应急管理局", short="测")
    towns = ("城关镇", "青山乡", "河东街道", "新市渡镇", "龙光桥街道")
    sectors = [s.value for s in Sector]
    con = sqlite3.connect(DataDir(folder).db_path)
    try:
        con.execute("PRAGMA synchronous=OFF")
        template_id = con.execute("SELECT id FROM formtemplate LIMIT 1").fetchone()[0]
        stamp = "2026-01-01 00:00:00.000000"
        ents, insps = [], []
        for e in range(enterprises):
            eid, iid = str(uuid.UUID(int=e + 1)), str(uuid.UUID(int=10_000 + e))
            ents.append(
                (eid, None, stamp, stamp, 1, f"91430903PERF{e:05d}X", f"批量测试企业{e:03d}有限公司", "", "", "", "")
                + (sectors[e % 4], towns[e % 5], "blue", "")
            )
            insps.append((iid, None, stamp, stamp, 1, eid, template_id, "", "", stamp, None, "completed", "", None))
        con.executemany("INSERT INTO enterprise VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ents)
        con.executemany("INSERT INTO inspection VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", insps)
        statuses = ("registered", "ordered", "rectifying", "review_failed", "closed", "closed", "closed")
        base = datetime(2025, 1, 1)
        days = [(base + timedelta(days=d)) for d in range(400)]
        day_text = [d.strftime("%Y-%m-%d") for d in days]

        def rows() -> Iterator[tuple[Any, ...]]:
            for i in range(n):
                e = i % enterprises
                d = (i * 7) % 400
                status = statuses[i % 7]
                found = f"{day_text[d]} 02:{i % 60:02d}:00.000000"
                deadline = None if status == "registered" else day_text[min(d + 15, 399)]
                closed = f"{day_text[min(d + 10, 399)]} 03:00:00.000000" if status == "closed" else None
                yield (
                    f"{i:08x}-0000-4000-8000-{i:012x}",
                    None,
                    found,
                    found,
                    1,
                    insps[e][0],
                    ents[e][0],
                    None,
                    f"批量隐患第{i}号：配电箱未可靠接地",
                    "major" if i % 10 == 0 else "general",
                    "《安全生产法》第四十一条",
                    "立即整改",
                    deadline,
                    status,
                    found,
                    closed,
                )

        con.executemany(
            "INSERT INTO hazard (id, origin_device_id, created_at, updated_at, version, inspection_id, enterprise_id,"
            " item_id, description, level, legal_basis, measure, deadline, status, found_at, closed_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows(),
        )
        con.commit()
    finally:
        con.close()
    return {"towns": towns, "enterprises": enterprises}
