"""Kill the workload with SIGKILL at random moments, many times over, on one accumulating data folder.

    python -m tests.crash.harness --long [--kills 300] [--seed N] [--keep DIR]

After every kill the folder is opened the way the app opens it, `check` must pass, every operation the
journal confirms must be there, no 文号 may belong to two documents, and what the kill left behind must be
temporary files that the next start sweeps away. A round's seed (from the run's seed) fixes which
operations run and when the kill comes, so a failure names the seed that reproduces its schedule.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.crash import verify
from tests.crash.world import World, build, deliver, top_up

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Summary:
    seed: int
    kills: int = 0
    confirmed: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    phases: Counter[str] = field(default_factory=Counter)
    swept: int = 0
    orphans: set[str] = field(default_factory=set)
    outbox_leftovers: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    build_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def lines(self) -> list[str]:
        out = [
            f"seed {self.seed}: {self.kills} kills in {self.seconds:.1f} s (world built in {self.build_seconds:.1f} s)",
            f"operations confirmed: {sum(self.confirmed.values())} "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.confirmed.items())),
            "kills landed during: " + ", ".join(f"{k} {v}" for k, v in self.in_flight.most_common()),
            "last phase entered: " + ", ".join(f"{k} {v}" for k, v in self.phases.most_common()),
            f"temporary leftovers swept at the next start: {self.swept}",
            f"package work folders left beside exports (outside the data folder): {self.outbox_leftovers}",
        ]
        if self.orphans:
            out.append(
                f"WARNING {len(self.orphans)} package file(s) written but never recorded as sent "
                f"(rename before commit in sync_export): {', '.join(sorted(self.orphans)[:5])}"
            )
        out += [f"FAILURE {f}" for f in self.failures] or ["all rounds passed"]
        return out


def run(
    root: Path,
    *,
    kills: int,
    seed: int,
    demo: bool = False,
    max_delay: float = 1.6,
    log: bool = False,
) -> Summary:
    summary = Summary(seed)
    started = time.monotonic()
    world = build(root, demo=demo, seed=seed)
    summary.build_seconds = time.monotonic() - started
    rng = random.Random(seed)
    numbers: dict[str, str] = {}
    delivered: set[str] = set()
    child = _spawn(world, 1, rng.randrange(1 << 31))
    try:
        for round_no in range(1, kills + 1):
            top_up(world, rng)
            early = rng.random() < 0.08  # now and then while the folder is being opened
            delay = rng.uniform(0, 0.15 if early else max_delay)
            problems = _kill(child, delay, wait_ready=not early)
            if round_no < kills:  # it imports and warms up while this round is checked
                child = _spawn(world, round_no + 1, rng.randrange(1 << 31))
            if not problems:
                summary.kills += 1
                _where(world, round_no, summary)
                problems = _after_kill(world, summary, numbers)
            if not problems:
                problems = deliver(world, delivered)
            if problems:
                summary.failures += [f"round {round_no} (seed {seed}): {p}" for p in problems[:20]]
                shutil.copytree(world.subject, root / f"failed-round-{round_no}")
                break
            if log and round_no % 25 == 0:
                print(f"  {round_no} kills, {sum(summary.confirmed.values())} confirmed", flush=True)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate(timeout=60)
    summary.seconds = time.monotonic() - started
    return summary


def _spawn(world: World, round_no: int, seed: int) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "tests.crash.workload", "--data-dir", str(world.subject), "--wait"]
    cmd += ["--journal", str(world.journal), "--trace", str(world.trace), "--packages", str(world.index)]
    cmd += ["--seed", str(seed), "--round", str(round_no)]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        cmd, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _kill(child: subprocess.Popen[str], delay: float, *, wait_ready: bool) -> list[str]:
    """Let the workload go, SIGKILL it `delay` seconds after READY (or after GO), and reap it."""
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write("GO\n")
        child.stdin.flush()
        if wait_ready:
            line = child.stdout.readline()
            if line.strip() != "READY":
                child.kill()
                return [f"workload did not start: {line!r} {child.communicate(timeout=60)[1][-3000:]}"]
        time.sleep(delay)
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
    _, err = child.communicate(timeout=60)
    if child.returncode != -signal.SIGKILL:
        return [f"workload ended by itself with {child.returncode} before the kill: {err[-3000:]}"]
    return []


def _where(world: World, round_no: int, summary: Summary) -> None:
    """What the kill interrupted: the operation in flight and the last phase it had entered."""
    journal = verify.read_journal(world.journal)
    mine = [e for e in journal.entries if e.key.startswith(f"{round_no}.")]
    summary.confirmed.update(e.op for e in mine if e.done is not None)
    open_ops = [e for e in mine if e.done is None]
    summary.in_flight[open_ops[-1].op if open_ops else "between operations"] += 1
    phases = [line.split(" ", 1)[1] for line in _tail(world.trace) if line.startswith(f"{round_no}.")]
    summary.phases[(open_ops[-1].op + ":" if open_ops else "") + (phases[-1] if phases else "opening")] += 1


def _tail(path: Path, size: int = 4096) -> list[str]:
    if not path.exists():
        return []
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - size))
        return fh.read().decode("utf-8", "replace").splitlines()[1:]


def _after_kill(world: World, summary: Summary, numbers: dict[str, str]) -> list[str]:
    from inspector_app.services import health
    from inspector_app.services.session import open_or_create

    leftovers, unknown = verify.stray_files(world.subject)
    problems = [f"unexpected file after the kill: {p}" for p in unknown]
    try:
        app = open_or_create(world.subject, actor="崩溃复查")  # the way the window opens it
    except Exception as exc:  # noqa: BLE001 - an app that does not open is the finding
        return [*problems, f"the app does not open after the kill: {type(exc).__name__}: {exc}"]
    with app:
        problems += verify.verify(app, world, verify.read_journal(world.journal), numbers)
        summary.orphans.update(verify.orphan_packages(app, world.root / "outbox"))
        # No writer is alive now, so every temporary file left is the dead process's: sweep them all.
        swept = health.sweep_leftovers(app, older_than=0)
    remaining, _ = verify.stray_files(world.subject)
    if remaining:
        problems.append(f"temporary files survive the sweep: {[str(p) for p in remaining[:5]]}")
    summary.swept += swept
    if len(leftovers) != swept:
        problems.append(f"{len(leftovers)} leftovers found but {swept} swept")
    shutil.rmtree(world.root / "scratch", ignore_errors=True)
    for work in (world.root / "outbox").glob(".package-*"):
        summary.outbox_leftovers += 1
        shutil.rmtree(work)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="SIGKILL crash-safety harness")
    parser.add_argument("--long", action="store_true", help="hundreds of kills (default 300) on demo data")
    parser.add_argument("--kills", type=int, help="number of kills (default 300 with --long, else 12)")
    parser.add_argument("--seed", type=int, help="default: random, printed")
    parser.add_argument("--max-delay", type=float, default=1.6, help="longest run before a kill, seconds")
    parser.add_argument("--keep", type=Path, help="build the world here and keep it (default: a temp folder)")
    args = parser.parse_args(argv)
    kills = args.kills or (300 if args.long else 12)
    seed = args.seed if args.seed is not None else random.randrange(1 << 31)
    print(f"crash harness: {kills} kills, seed {seed}", flush=True)
    root = args.keep or Path(tempfile.mkdtemp(prefix="inspector-crash-"))
    if args.keep and root.exists():
        parser.error(f"{root} exists; give a new folder")
    os.environ.setdefault("INSPECTOR_DATA_DIR", str(root / "not-used"))
    summary = run(root, kills=kills, seed=seed, demo=args.long, max_delay=args.max_delay, log=True)
    print("\n".join(summary.lines()))
    if summary.ok and not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    elif not summary.ok:
        print(f"data kept in {root}")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
