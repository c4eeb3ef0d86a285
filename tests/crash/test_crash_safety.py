"""SIGKILL the writing app a dozen times on one data folder; after each kill it opens, `check` passes and
nothing it confirmed is lost. `python -m tests.crash.harness --long` does the same hundreds of times."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from tests.crash import harness

KILLS = 12


def test_confirmed_work_survives_sigkill(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    # Seeded from the test's name: the same schedule of operations and kill delays on every run.
    seed = zlib.crc32(request.node.nodeid.encode())
    print(f"crash harness seed {seed}: python -m tests.crash.harness --kills {KILLS} --seed {seed}")
    summary = harness.run(tmp_path / "world", kills=KILLS, seed=seed, max_delay=1.5)
    report = "\n".join(summary.lines())
    print(report)
    assert summary.ok, report
    assert summary.kills == KILLS
    # Kills right after READY are part of the schedule, but a dozen rounds must get real work confirmed.
    assert sum(summary.confirmed.values()) >= KILLS // 2, "the workload hardly ran before the kills"
