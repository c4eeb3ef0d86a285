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
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
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
    first_starts: int = 0
    outbox_leftovers: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    build_seconds: float = 0.0
    spent: Counter[str] = field(default_factory=Counter)  # seconds per harness step, to see where time goes

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        began = time.monotonic()
        try:
            yield
        finally:
            self.spent[step] += time.monotonic() - began

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
            "harness time: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.spent.most_common()),
            f"first starts killed and reopened: {self.first_starts}",
            f"temporary leftovers swept at the next start: {self.swept}",
            f"package work folders left beside exports (outside the data folder): {self.outbox_leftovers}",
        ]
        out += [f"FAILURE {f}" for f in self.failures] or ["all rounds passed"]
        return out


def run(
    root: Path,
    *,
    kills: int,
    seed: int,
    demo: bool = False,
    max_delay: float = 1.6,
    first_starts: int = 2,
    log: bool = False,
) -> Summary:
    summary = Summary(seed)
    started = time.monotonic()
    world = build(root, demo=demo, seed=seed)
    summary.build_seconds = time.monotonic() - started
    rng = random.Random(seed)
    numbers: dict[str, str] = {}
    delivered: set[str] = set()
    server = Server(world)
    try:
        with summary.timed("first starts"):
            summary.failures += _first_starts(server, root / "first-start", first_starts, rng)
            summary.first_starts = first_starts
        for round_no in range(1, kills + 1 if summary.ok else 1):
            with summary.timed("making packages"):
                top_up(world, rng)
            delay, early = _delay(rng, max_delay)
            with summary.timed("workload"):
                problems = server.round(round_no, rng.randrange(1 << 31), delay, wait_ready=not early)
            if not problems:
                summary.kills += 1
                _where(world, round_no, summary)
                with summary.timed("checking"):
                    problems = _after_kill(world, summary, numbers)
            if not problems:
                with summary.timed("delivering updates"):
                    problems = deliver(world, delivered)
            if problems:
                summary.failures += [f"round {round_no} (seed {seed}): {p}" for p in problems[:20]]
                shutil.copytree(world.subject, root / f"failed-round-{round_no}")
                break
            if log and round_no % 25 == 0:
                print(f"  {round_no} kills, {sum(summary.confirmed.values())} confirmed", flush=True)
    finally:
        server.close()
    summary.seconds = time.monotonic() - started
    return summary


def _delay(rng: random.Random, max_delay: float) -> tuple[float, bool]:
    """Mostly within `max_delay` of READY; now and then while the folder is still being opened, and now and
    then long enough for a slow import to finish (else one that always outlasts the window never lands)."""
    draw = rng.random()
    if draw < 0.08:
        return rng.uniform(0, 0.15), True
    if draw < 0.15:
        return rng.uniform(max_delay, 4 * max_delay), False
    return rng.uniform(0, max_delay), False


class Server:
    """The workload's fork server (`python -m tests.crash.workload --serve`): one warm process that forks
    a fresh workload per round and, when told, SIGKILLs it and reports how it ended."""

    def __init__(self, world: World) -> None:
        cmd = [sys.executable, "-m", "tests.crash.workload", "--serve", "--data-dir", str(world.subject)]
        cmd += ["--journal", str(world.journal), "--trace", str(world.trace), "--packages", str(world.index)]
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
        self.errors = world.root / "workload-stderr.log"
        with self.errors.open("ab") as err:
            self.proc = subprocess.Popen(
                cmd, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err
            )
        self.pending = b""
        if self._line(120) != "WARM":
            raise RuntimeError(f"workload server did not start: {self._stderr()}")

    def round(self, round_no: int, seed: int, delay: float, *, wait_ready: bool) -> list[str]:
        """Start a workload, SIGKILL it `delay` seconds after READY (or after GO), and see that it died so."""
        return self._run(f"GO {round_no} {seed}", delay, wait_ready=wait_ready)

    def first_start(self, folder: Path, delay: float) -> list[str]:
        """Start the app for the first time in `folder` and SIGKILL it `delay` seconds later."""
        return self._run(f"FIRST {folder}", delay, wait_ready=False)

    def _run(self, command: str, delay: float, *, wait_ready: bool) -> list[str]:
        self._send(command)
        started = self._line(60)
        if not started.startswith("PID "):
            return [f"workload server answered {started!r}: {self._stderr()}"]
        problems = []
        if wait_ready and (line := self._line(60)) != "READY":
            problems.append(f"workload did not become ready ({line!r}): {self._stderr()}")
        else:
            time.sleep(delay)
        self._send("KILL")
        while not (line := self._line(60)).startswith("EXIT "):
            if line != "READY":
                return [*problems, f"workload server answered {line!r}: {self._stderr()}"]
        status = int(line.split()[2])
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            problems.append(f"workload ended by itself (status {status}) before the kill: {self._stderr()}")
        return problems

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()  # end of input: the server leaves its loop and exits
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def _send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def _line(self, timeout: float) -> str:
        """The next line from the server, or "" when it sends none within `timeout` seconds."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return ""
            chunk = os.read(fd, 4096)
            if not chunk:
                return ""
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    def _stderr(self) -> str:
        return self.errors.read_text("utf-8", "replace")[-3000:]


def _first_starts(server: Server, folder: Path, count: int, rng: random.Random) -> list[str]:
    """Kill the very first start (creating the data folder) at random moments: the next start must open it."""
    from inspector_app.services import health
    from inspector_app.services.session import open_or_create

    problems = []
    for n in range(count):
        problems += server.first_start(folder, rng.uniform(0, 0.8))
        try:
            with open_or_create(folder) as app:
                problems += [f"first start {n}: check: {p}" for p in health.check(app)]
        except Exception as exc:  # noqa: BLE001 - an app that does not open is the finding
            problems.append(f"first start {n}: the app does not open after the kill: {exc}")
        shutil.rmtree(folder)
    return problems


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
    from sqlmodel import select

    from inspector_app.services import health
    from inspector_app.services.session import open_or_create
    from inspector_app.store.models import SyncConflict

    leftovers, unknown = verify.stray_files(world.subject)
    problems = [f"unexpected file after the kill: {p}" for p in unknown]
    try:
        app = open_or_create(world.subject, actor="崩溃复查")  # the way the window opens it
    except Exception as exc:  # noqa: BLE001 - an app that does not open is the finding
        return [*problems, f"the app does not open after the kill: {type(exc).__name__}: {exc}"]
    with app:
        problems += verify.verify(app, world, verify.read_journal(world.journal), numbers)
        problems += verify.device_numbers(world, numbers)
        orphans = verify.orphan_packages(app, world.root / "outbox")
        problems += [f"package file {name} exists but the bureau never recorded it as sent" for name in orphans]
        # Nothing in this workload edits another side's records, so every conflict is a merge gone wrong.
        with app.read() as s:
            conflicts = s.exec(select(SyncConflict)).all()
        problems += [f"conflict on import: {c.entity} {c.record_id}: {c.reason}" for c in conflicts]
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
    starts = 30 if args.long else 2
    summary = run(root, kills=kills, seed=seed, demo=args.long, max_delay=args.max_delay, first_starts=starts, log=True)
    print("\n".join(summary.lines()))
    if summary.ok and not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    elif not summary.ok:
        print(f"data kept in {root}")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
