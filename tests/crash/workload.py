"""The process that gets killed: writes to the data folder in a loop until SIGKILL arrives.

    python -m tests.crash.workload --data-dir D --journal J --seed N [--round R] [--trace T] [--packages INDEX]

Each operation is written to the journal twice: a `start` line (what it is about to do, before the first
write) and, once the service call has returned, a `done` line (the ids and hashes to check) followed by fsync.
Only an operation with a durable `done` line counts as "reported success". The trace file gets a line per
phase the operation enters (media write, fsync, PDF render, commit, import steps) so the harness can say
where each kill landed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

PHRASES = ("灭火器压力不足", "安全出口被锁闭", "配电箱未接地", "储罐区无警示标识", "应急照明损坏", "作业人员未持证")
WEIGHTS = {"answer": 32, "photo": 22, "issue": 18, "import": 12, "inspection": 10, "export": 6}


class Journal:
    def __init__(self, path: Path, trace: Path, round_no: int) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.trace_fd = os.open(trace, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.round = round_no
        self.seq = 0
        self.fsync = os.fsync  # kept before the trace hooks replace os.fsync

    def _line(self, record: dict[str, Any]) -> bytes:
        return (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()

    def start(self, op: str, **params: Any) -> str:
        self.seq += 1
        key = f"{self.round}.{self.seq}"
        # Not fsynced: SIGKILL cannot lose what write() has handed to the kernel, and a lost start line
        # only makes the harness stricter.
        os.write(self.fd, self._line({"key": key, "state": "start", "op": op, **params}))
        self.phase("start")
        return key

    def done(self, key: str, op: str, **result: Any) -> None:
        self.phase("returned")
        os.write(self.fd, self._line({"key": key, "state": "done", "op": op, **result}))
        self.fsync(self.fd)
        self.phase("confirmed")

    def phase(self, name: str) -> None:
        os.write(self.trace_fd, f"{self.round}.{self.seq} {name}\n".encode())


def install_trace(journal: Journal) -> None:
    """Wrap the write paths so that the last trace line names the phase a kill interrupted."""
    from sqlalchemy import event
    from sqlmodel import Session

    from inspector_app.documents import render
    from inspector_app.evidence import media_store
    from inspector_app.services import photos, sync_import
    from inspector_app.sync import merge

    def wrap(owner: Any, name: str, label: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def traced(*args: Any, **kwargs: Any) -> Any:
            journal.phase(label)
            result = original(*args, **kwargs)
            journal.phase(label + "-end")
            return result

        setattr(owner, name, traced)

    wrap(os, "fsync", "fsync")
    wrap(media_store, "write_atomic", "media-write")
    wrap(render, "render_pdf", "pdf-render")
    wrap(photos, "prepare", "photo-prepare")
    wrap(sync_import, "open_verified", "import-verify")
    wrap(sync_import, "_write_media", "import-media")
    wrap(merge.Merger, "merge", "import-merge")
    event.listen(Session, "before_commit", lambda _s: journal.phase("commit"))
    event.listen(Session, "after_commit", lambda _s: journal.phase("committed"))


class Workload:
    def __init__(self, app: Any, journal: Journal, index: Path, rng: random.Random, scratch: Path) -> None:
        self.app = app
        self.journal = journal
        self.index = index
        self.rng = rng
        self.scratch = scratch

    # -- operations ----------------------------------------------------------------------------------------
    def answer(self) -> None:
        from inspector_app.domain.enums import Outcome
        from inspector_app.services import inspections
        from tests.crash.world import drafts_of

        drafts = drafts_of(self.app)
        if not drafts:
            return self.inspection()
        insp = self.rng.choice(drafts)
        item = self.rng.choice(inspections.template_for(self.app, insp).items).id
        outcome = self.rng.choice([Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE])
        note = f"{self.rng.choice(PHRASES)}（{self.journal.round}.{self.journal.seq + 1}）"
        key = self.journal.start("answer", inspection=insp, item=item, outcome=outcome.value, note=note)
        row = inspections.record_result(self.app, insp, item, outcome, note=note)
        self.journal.done(key, "answer", inspection=insp, item=item, outcome=row.outcome, note=row.note)
        return None

    def photo(self) -> None:
        from inspector_app.services import inspections, photos
        from tests.crash.world import drafts_of, jpeg

        drafts = drafts_of(self.app)
        if not drafts:
            return self.inspection()
        insp = self.rng.choice(drafts)
        item = self.rng.choice(inspections.template_for(self.app, insp).items).id
        big = self.rng.random() < 0.06  # now and then a full 12 MP phone photo
        data = jpeg(self.rng, (4000, 3000) if big else (640, 480))
        path = self.scratch / f"IMG_{self.journal.round}_{self.journal.seq + 1}.jpg"
        path.write_bytes(data)
        key = self.journal.start("photo", inspection=insp, item=item, sha256=hashlib.sha256(data).hexdigest())
        row = photos.attach(self.app, [path], inspection_id=insp, item_id=item, caption=f"现场照片 {key}")[0]
        path.unlink()
        self.journal.done(
            key, "photo", id=row.id, sha256=row.sha256, derived=row.derived_sha256, thumb=row.thumb_sha256, big=big
        )
        return None

    def issue(self) -> None:
        from inspector_app.domain.enums import DocumentKind
        from inspector_app.services import documents

        ready = self._completed()
        if not ready:
            return self.inspection()
        insp, with_deadline = self.rng.choice(ready)
        from inspector_app.services.document_competence import offered_kinds

        ordered = with_deadline and DocumentKind.RECTIFICATION_ORDER in offered_kinds(self.app, insp)
        kinds = [DocumentKind.INSPECTION_RECORD] + ([DocumentKind.RECTIFICATION_ORDER] if ordered else [])
        kind = self.rng.choice(kinds)
        new = self.rng.random() < 0.6
        key = self.journal.start("issue", inspection=insp, kind=kind.value, new=new)
        issued = documents.issue(self.app, insp, kind, new=new)
        doc = issued.document
        self.journal.done(
            key,
            "issue",
            id=doc.id,
            number=doc.number,
            pdf_sha256=doc.pdf_sha256,
            bytes_sha256=hashlib.sha256(issued.pdf).hexdigest(),
            created=issued.created,
        )
        return None

    def _completed(self) -> list[tuple[str, bool]]:
        from sqlmodel import col, select

        from inspector_app.domain.enums import InspectionStatus
        from inspector_app.store.models import Hazard, Inspection

        with self.app.read() as s:
            done = s.exec(
                select(Inspection.id).where(
                    Inspection.status == InspectionStatus.COMPLETED.value,
                    Inspection.origin_device_id == self.app.device_id,
                )
            ).all()
            dated = set(s.exec(select(Hazard.inspection_id).where(col(Hazard.deadline).is_not(None))))
        return [(i, i in dated) for i in done]

    def import_(self) -> None:
        from sqlmodel import select

        from inspector_app.services import sync_import
        from inspector_app.store.models import SyncPackage

        text = self.index.read_text("utf-8") if self.index.exists() else ""
        listed = [json.loads(line) for line in text.splitlines() if line.strip()]
        if not listed:
            return self.answer()
        with self.app.read() as s:
            done = set(s.exec(select(SyncPackage.id).where(SyncPackage.direction == "in")))
        fresh = [e for e in listed if e["package_id"] not in done]
        # Mostly the oldest waiting package (as a user would); sometimes one already imported, which must
        # come back as "already" and change nothing.
        entry = fresh[0] if fresh and self.rng.random() < 0.8 else self.rng.choice(listed)
        key = self.journal.start("import", package_id=entry["package_id"])
        report = sync_import.import_package(self.app, self.index.parent / "packages" / entry["path"])
        self.journal.done(key, "import", package_id=report.package_id, status=report.status)

    def export(self) -> None:
        """A bureau update for a device (registry, number ranges, receipts), written to the 'USB stick'."""
        from sqlmodel import col, select

        from inspector_app.services import sync_export
        from inspector_app.store.models import Device

        with self.app.read() as s:
            devices = list(
                s.exec(select(Device.id).where(col(Device.enrolled_at).is_not(None), Device.role == "device"))
            )
        if not devices:
            return self.answer()
        device = self.rng.choice(sorted(devices))
        out = self.index.parent / "outbox" / f"{self.journal.round}.{self.journal.seq + 1}-{device[:8]}.pkg"
        out.parent.mkdir(exist_ok=True)
        key = self.journal.start("export", device=device, path=out.name)
        exported = sync_export.export_for_device(self.app, device, out)
        self.journal.done(key, "export", device=device, path=out.name, package_id=exported.package_id)

    def inspection(self) -> None:
        from tests.crash.world import field_work

        key = self.journal.start("inspection")
        insp = field_work(self.app, self.rng, self.scratch, complete=self.rng.random() < 0.7)
        self.journal.done(key, "inspection", id=insp)

    def run(self, max_ops: int) -> None:
        ops = {"answer": self.answer, "photo": self.photo, "issue": self.issue, "import": self.import_}
        ops |= {"inspection": self.inspection, "export": self.export}
        names, weights = list(WEIGHTS), list(WEIGHTS.values())
        for _ in range(max_ops):
            ops[self.rng.choices(names, weights)[0]]()


def _round(args: argparse.Namespace, round_no: int, seed: int) -> None:
    from inspector_app.services.session import open_or_create

    journal = Journal(args.journal, args.trace, round_no)
    install_trace(journal)
    # Photos to ingest are written outside the data folder, as a camera card would be; the harness empties it.
    scratch = args.journal.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    with open_or_create(args.data_dir, actor="崩溃测试") as app:
        os.write(1, b"READY\n")
        Workload(app, journal, args.packages, random.Random(seed), scratch).run(args.max_ops)


def _first_start(folder: Path) -> None:
    """The app started for the first time: it creates its data folder, then waits to be killed."""
    from inspector_app.services.session import open_or_create

    with open_or_create(folder):
        os.write(1, b"READY\n")
        signal.pause()


def _warm_up() -> None:
    """Imports, fonts and the bundled checklists: seconds of CPU that touch no data, paid once per server
    (so that kills spread over the writes rather than pile up in each child's first PDF)."""
    from inspector_app.documents import render  # noqa: F401
    from inspector_app.documents.fonts import register_fonts
    from inspector_app.services import session, sync_export, sync_import, templates  # noqa: F401
    from inspector_app.sync import merge  # noqa: F401
    from tests.crash import world  # noqa: F401

    templates._bundled()
    register_fonts()


def serve(args: argparse.Namespace) -> None:
    """A fork server: warm once, then per `GO round seed` line fork a workload (per `FIRST folder` line, a
    first start of the app in a new folder); `KILL` sends it SIGKILL.

    Forking a warmed process instead of starting Python afresh saves the second of imports per kill that
    would otherwise dominate a run of hundreds. The parent never opens the data folder, so every child
    starts with no connection and no state but imported modules, as a freshly started app would. Only this
    parent signals its own unreaped child, so a pid can never have been reused by someone else."""
    _warm_up()
    os.write(1, b"WARM\n")
    while line := sys.stdin.readline():
        words = line.split()
        if not words or words[0] not in ("GO", "FIRST"):
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                if words[0] == "GO":
                    _round(args, int(words[1]), int(words[2]))
                else:
                    _first_start(Path(words[1]))
            except BaseException:  # noqa: BLE001 - the harness reads the traceback from stderr
                import traceback

                traceback.print_exc()
                code = 3
            finally:
                sys.stderr.flush()
                os._exit(code)
        os.write(1, f"PID {pid}\n".encode())
        sys.stdin.readline()  # KILL
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.write(1, f"EXIT {pid} {status}\n".encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="crash-safety workload (killed by tests.crash.harness)")
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--journal", required=True, type=Path)
    parser.add_argument("--trace", type=Path, help="default: the journal's name + .trace")
    parser.add_argument("--packages", type=Path, help="the world's packages.jsonl (default: beside the journal)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--round", type=int, default=0)
    parser.add_argument("--max-ops", type=int, default=1_000_000)
    parser.add_argument("--serve", action="store_true", help="fork server for the harness (see serve())")
    args = parser.parse_args(argv)
    args.trace = args.trace or args.journal.with_name(args.journal.name + ".trace")
    args.packages = args.packages or args.journal.with_name("packages.jsonl")
    if args.serve:
        serve(args)
    else:
        _round(args, args.round, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
