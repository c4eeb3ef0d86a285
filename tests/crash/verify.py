"""After a kill: the folder opens, `check` passes, and every operation the journal confirms is there."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import select

from inspector_app.services import health
from inspector_app.services.context import App
from inspector_app.store.models import Document, Hazard, Inspection, ItemResult, Photo, SyncPackage
from tests.crash.world import World

# What a data folder may hold besides content-addressed media; anything else after a kill is a finding.
DB_FILES = {"inspector.sqlite3", "inspector.sqlite3-wal", "inspector.sqlite3-shm", "inspector.sqlite3-journal"}
KNOWN_TOP = {"media", "tmp", "trash", "backups", "keys", "logs"}


@dataclass
class Entry:
    key: str
    op: str
    start: dict[str, Any]
    done: dict[str, Any] | None = None


@dataclass
class JournalView:
    entries: list[Entry] = field(default_factory=list)

    @property
    def confirmed(self) -> list[Entry]:
        return [e for e in self.entries if e.done is not None]


def read_journal(path: Path) -> JournalView:
    """Start and done lines joined by key, in the order the operations began."""
    view = JournalView()
    by_key: dict[str, Entry] = {}
    if not path.exists():
        return view
    lines = path.read_bytes().split(b"\n")
    for n, raw in enumerate(lines):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            if n == len(lines) - 1:  # a line torn by the kill itself; it was never fsynced
                continue
            raise
        key = record["key"]
        if record["state"] == "start":
            by_key[key] = Entry(key, record["op"], record)
            view.entries.append(by_key[key])
        else:
            by_key[key].done = record
    return view


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify(app: App, world: World, journal: JournalView, numbers: dict[str, str]) -> list[str]:
    """Every problem, one line each; `numbers` (文号 -> document id, across all rounds) is updated."""
    problems = [f"check: {p}" for p in health.check(app)]
    with app.read() as s:
        answers = {(r.inspection_id, r.item_id): r for r in s.exec(select(ItemResult))}
        photos = {p.id: p for p in s.exec(select(Photo))}
        docs = {d.id: d for d in s.exec(select(Document))}
        packages = {p.id: p for p in s.exec(select(SyncPackage).where(SyncPackage.direction == "in"))}
        sent = set(s.exec(select(SyncPackage.id).where(SyncPackage.direction == "out")))
        present = {
            "inspection": set(s.exec(select(Inspection.id))),
            "hazard": set(s.exec(select(Hazard.id))),
        }
    problems += _answers(journal, answers)
    problems += _photos(app, journal, photos)
    problems += _documents(app, journal, docs, numbers)
    problems += _imports(world, journal, packages, photos, docs, present)
    problems += _exports(world, journal, sent)
    for e in journal.confirmed:
        if e.op == "inspection" and e.done and e.done["id"] not in present["inspection"]:
            problems.append(f"{e.key} inspection {e.done['id']} missing")
    return problems


def _answers(journal: JournalView, stored: dict[tuple[str, str], ItemResult]) -> list[str]:
    """The last confirmed answer per item, or an unconfirmed one after it (a kill after commit)."""
    history: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in journal.entries:
        if e.op == "answer":
            history[(e.start["inspection"], e.start["item"])].append(e)
    problems = []
    for slot, ops in history.items():
        last = max((n for n, e in enumerate(ops) if e.done is not None), default=None)
        if last is None:
            continue
        allowed = {(e.start["outcome"], e.start["note"]) for e in ops[last:]}
        row = stored.get(slot)
        got = (row.outcome, row.note) if row else None
        if got not in allowed:
            problems.append(f"{ops[last].key} answer {slot}: stored {got}, confirmed {sorted(allowed)}")
    return problems


def _photos(app: App, journal: JournalView, stored: dict[str, Photo]) -> list[str]:
    problems = []
    for e in journal.confirmed:
        if e.op != "photo" or e.done is None:
            continue
        row = stored.get(e.done["id"])
        if row is None:
            problems.append(f"{e.key} photo {e.done['id']} missing")
            continue
        if (row.sha256, row.derived_sha256, row.thumb_sha256) != (e.done["sha256"], e.done["derived"], e.done["thumb"]):
            problems.append(f"{e.key} photo {row.id}: hashes differ from the confirmed ones")
        if row.sha256 != e.start["sha256"] or (row.inspection_id, row.item_id) != (
            e.start["inspection"],
            e.start["item"],
        ):
            problems.append(f"{e.key} photo {row.id}: not the file or the item that was attached")
        for sha in (row.sha256, row.derived_sha256, row.thumb_sha256):
            if not app.media.path(sha).is_file():
                problems.append(f"{e.key} photo {row.id}: file {sha} not on disk")
    return problems


def _documents(app: App, journal: JournalView, stored: dict[str, Document], numbers: dict[str, str]) -> list[str]:
    problems = []
    for doc in stored.values():
        seen = numbers.setdefault(doc.number, doc.id)
        if seen != doc.id:
            problems.append(f"文号 {doc.number} used twice: {seen} and {doc.id}")
    for e in journal.confirmed:
        if e.op != "issue" or e.done is None:
            continue
        seen = numbers.setdefault(e.done["number"], e.done["id"])
        if seen != e.done["id"]:
            problems.append(f"{e.key} 文号 {e.done['number']} reported for {e.done['id']} but belongs to {seen}")
        row = stored.get(e.done["id"])
        if row is None:
            problems.append(f"{e.key} document {e.done['number']} ({e.done['id']}) missing")
            continue
        if row.number != e.done["number"] or row.pdf_sha256 != e.done["pdf_sha256"]:
            problems.append(f"{e.key} document {row.id}: number or PDF hash changed since it was issued")
        if e.done["bytes_sha256"] != row.pdf_sha256:
            problems.append(f"{e.key} document {row.number}: the PDF handed out is not the one stored")
        path = app.media.path(row.pdf_sha256)
        if not path.is_file() or sha256(path.read_bytes()) != row.pdf_sha256:
            problems.append(f"{e.key} document {row.number}: PDF bytes missing or altered")
    return problems


def _imports(
    world: World,
    journal: JournalView,
    packages: dict[str, SyncPackage],
    photos: dict[str, Photo],
    docs: dict[str, Document],
    present: dict[str, set[str]],
) -> list[str]:
    listed = {e["package_id"]: e for e in world.listed()}
    problems = []
    for e in journal.confirmed:
        if e.op != "import" or e.done is None:
            continue
        pid = e.done["package_id"]
        if pid not in packages:
            problems.append(f"{e.key} package {pid} ({e.done['status']}) not recorded as imported")
        carried = listed[pid]["records"]
        for entity in ("inspection", "hazard"):
            missing = [r["id"] for r in carried[entity] if r["id"] not in present[entity]]
            if missing:
                problems.append(f"{e.key} package {pid}: {len(missing)} {entity} rows missing, e.g. {missing[0]}")
        for r in carried["photo"]:
            if r["id"] not in photos or photos[r["id"]].sha256 != r["sha256"]:
                problems.append(f"{e.key} package {pid}: photo {r['id']} missing or changed")
        for r in carried["document"]:
            doc = docs.get(r["id"])
            if doc is None or (doc.number, doc.pdf_sha256) != (r["number"], r["pdf_sha256"]):
                problems.append(f"{e.key} package {pid}: document {r['number']} missing or changed")
    return problems


def _exports(world: World, journal: JournalView, sent: set[str]) -> list[str]:
    problems = []
    for e in journal.confirmed:
        if e.op != "export" or e.done is None:
            continue
        if e.done["package_id"] not in sent:
            problems.append(f"{e.key} bureau update {e.done['package_id']} not recorded as sent")
        path = world.root / "outbox" / e.done["path"]
        if not path.is_file() or package_id(path) != e.done["package_id"]:
            problems.append(f"{e.key} bureau update file {path.name} missing or not the one reported")
    return problems


def package_id(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as zf:
            return str(json.loads(zf.read("manifest.json"))["package_id"])
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def orphan_packages(app: App, outbox: Path) -> list[str]:
    """Complete, signed package files that the database does not know it wrote (a kill between the file's
    rename into place and the commit that records it, before PackageWriter.publish came after the commit)."""
    if not outbox.is_dir():
        return []
    with app.read() as s:
        sent = set(s.exec(select(SyncPackage.id).where(SyncPackage.direction == "out")))
    return [p.name for p in sorted(outbox.glob("*.pkg")) if package_id(p) not in sent]


def device_numbers(world: World, numbers: dict[str, str]) -> list[str]:
    """文号 of the devices' own documents join the same map: one number, one document, in the whole county."""
    problems = []
    for folder in world.devices():
        con = sqlite3.connect(f"file:{folder / 'inspector.sqlite3'}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT id, number FROM document").fetchall()
        finally:
            con.close()
        for doc_id, number in rows:
            seen = numbers.setdefault(number, doc_id)
            if seen != doc_id:
                problems.append(f"文号 {number} used twice: {seen} and {doc_id} (device {folder.name})")
    return problems


def stray_files(root: Path) -> tuple[list[Path], list[Path]]:
    """(temporary leftovers, files that have no business in a data folder)."""
    leftovers, unknown = [], []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        top = rel.parts[0]
        if top == "tmp" and len(rel.parts) == 2:
            leftovers.append(rel)
            continue
        if path.is_dir() or top == "tmp" or (len(rel.parts) == 1 and top in DB_FILES):
            continue
        if top == "media" and len(rel.parts) == 3 and len(rel.parts[1]) == 2 and len(rel.parts[2]) == 62:
            continue
        if top in ("keys", "backups", "trash", "logs"):
            continue
        if top == "media" and rel.name.startswith(".tmp-"):
            leftovers.append(rel)
        elif top not in KNOWN_TOP or top == "media":
            unknown.append(rel)
    return leftovers, unknown
