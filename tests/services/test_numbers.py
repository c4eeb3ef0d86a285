"""Numbers are taken inside the issuing transaction: concurrent writers never share one, a rollback frees it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from inspector_app.domain import numbering
from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import StateError
from inspector_app.services import numbers, setup
from inspector_app.services.context import App, open_app

KIND = DocumentKind.RECTIFICATION_ORDER


def _take(app: App, year: int = 2026) -> str:
    with app.write() as s:
        return numbers.take(s, app, KIND, year).number


def test_an_unenrolled_device_numbers_1_2_3_under_its_own_short(app: App) -> None:
    taken = [_take(app) for _ in range(3)]
    assert taken == [f"（测）应急责改〔2026〕{n}号" for n in (1, 2, 3)]
    hex_part = app.device_id.replace("-", "")[:8]
    assert not any(hex_part.lower() in n.lower() for n in taken)  # nothing private on paper
    row = next(r for r in numbers.status(app, 2026) if r.kind == KIND)
    assert row.source == "local" and "已用 3 个" in row.message


def test_a_rolled_back_transaction_does_not_use_up_a_number(app: App) -> None:
    _take(app)
    with pytest.raises(RuntimeError), app.write() as s:
        numbers.take(s, app, KIND, 2026)
        raise RuntimeError("rendering failed")
    assert _take(app) == "（测）应急责改〔2026〕2号"


def test_concurrent_writers_never_share_a_number(app: App) -> None:
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(15):
                number = _take(app)
                with lock:
                    results.append(number)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == len(set(results)) == 60
    serials = sorted(int(n.split("〕")[1].removesuffix("号")) for n in results)
    assert serials == list(range(1, 61))


def test_bureau_ranges_are_used_first_and_an_empty_range_stops_issuing(app: App) -> None:
    numbers.add_block(app, app.device_id, KIND, 2026, 101, 103)
    assert [_take(app) for _ in range(3)] == [f"（测）应急责改〔2026〕{n}号" for n in (101, 102, 103)]
    with pytest.raises(StateError, match="文号段.*已用完"):
        _take(app)


def test_status_warns_before_the_bureau_range_runs_out(app: App) -> None:
    numbers.add_block(app, app.device_id, KIND, 2026, 1, 20)
    for _ in range(17):
        _take(app)
    row = next(r for r in numbers.status(app, 2026) if r.kind == KIND)
    assert (row.remaining, row.total, row.source) == (3, 20, "bureau")
    assert not row.low
    _take(app)
    row = next(r for r in numbers.status(app, 2026) if r.kind == KIND)
    assert row.low and "即将用完" in row.message


def test_overlapping_bureau_ranges_are_refused(app: App) -> None:
    numbers.add_block(app, "device-a", KIND, 2026, 1, 50)
    with pytest.raises(StateError, match="重叠"):
        numbers.add_block(app, "device-b", KIND, 2026, 40, 60)


def test_devices_offline_then_merged_never_collide(tmp_path: Path) -> None:
    """The bureau, an enrolled laptop and two laptops that are their own authorities (own 代字), issuing
    concurrently: the union has no duplicate."""
    bureau_dir = tmp_path / "bureau"
    setup.init(bureau_dir, role=setup.Role.BUREAU, short="测")
    devices = [tmp_path / f"device{n}" for n in range(3)]
    for folder, short in zip(devices, ("测", "甲", "乙"), strict=True):
        setup.init(folder, short=short)
    all_numbers: list[str] = []
    with open_app(bureau_dir) as bureau:
        apps = [open_app(folder) for folder in devices]
        try:
            # Device 0 is enrolled: the bureau grants it a range from the same ledger it numbers from.
            with bureau.write() as s:
                own = numbers.take(s, bureau, KIND, 2026)  # the bureau opens its own range of 100 here
            all_numbers.append(own.number)
            first, last = numbering.allocate([(1, 100)], 30)
            numbers.add_block(apps[0], apps[0].device_id, KIND, 2026, first, last)
            lock = threading.Lock()

            def issue(app: App, count: int) -> None:
                for _ in range(count):
                    number = _take(app)
                    with lock:
                        all_numbers.append(number)

            threads = [threading.Thread(target=issue, args=(a, 20)) for a in [bureau, *apps]]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            for a in apps:
                a.close()
    assert len(all_numbers) == 81
    assert len(set(all_numbers)) == 81
