"""The world a crash round runs in: a bureau folder under test, enrolled devices, and real packages from them.

The bureau ("subject") is the one folder that is killed over and over and keeps its state across kills, like a
laptop that loses power many times in its life. The devices are never killed: they do field work and export
packages that the workload imports into the subject. `packages.jsonl` lists every package with the records it
carries, so the harness can check that an import reported as done really landed.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select

from inspector_app.domain import credit_code
from inspector_app.domain.enums import DocumentKind, InspectionStatus, Outcome, Role
from inspector_app.services import (
    document_competence,
    documents,
    hazards,
    inspections,
    photos,
    registry,
    setup,
    sync_export,
    sync_import,
)
from inspector_app.services.context import App, open_app
from inspector_app.services.timeutil import today
from inspector_app.store.models import Enterprise, Inspection, Inspector, SyncPackage
from inspector_app.sync import keys as keyring
from inspector_app.sync import stream_cipher

# What the harness checks after an import: these rows must exist, with these immutable fields.
CHECKED = {"inspection": (), "hazard": (), "photo": ("sha256",), "document": ("number", "pdf_sha256")}
NAMES = ("张建国", "李卫东", "王秀英", "赵志强", "陈晓燕", "刘海波")


@dataclass(frozen=True)
class World:
    root: Path

    @property
    def subject(self) -> Path:
        return self.root / "subject"

    @property
    def journal(self) -> Path:
        return self.root / "journal.jsonl"

    @property
    def trace(self) -> Path:
        return self.root / "trace.log"

    @property
    def index(self) -> Path:
        return self.root / "packages.jsonl"

    @property
    def packages(self) -> Path:
        return self.root / "packages"

    def devices(self) -> list[Path]:
        return sorted(p for p in (self.root / "devices").iterdir() if p.is_dir())

    def listed(self) -> list[dict[str, Any]]:
        if not self.index.exists():
            return []
        return [json.loads(line) for line in self.index.read_text("utf-8").splitlines() if line.strip()]


def jpeg(rng: random.Random, size: tuple[int, int] = (640, 480)) -> bytes:
    """A small but real photo: random blocks so that every one has its own hash, and EXIF like a phone's."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))  # type: ignore[arg-type]
    draw = ImageDraw.Draw(img)
    w, h = size
    for _ in range(8):
        x, y = rng.randrange(w), rng.randrange(h)
        fill = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle((x, y, x + rng.randrange(20, w // 3), y + rng.randrange(20, h // 3)), fill=fill)  # type: ignore[arg-type]
    exif = Image.Exif()
    exif[0x0132] = f"2026:03:14 10:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=85, exif=exif)
    return buf.getvalue()


def _valid_code(n: int) -> str:
    first17 = f"91430903{n:09d}"
    return first17 + credit_code.check_character(first17)


def _seed_registry(app: App) -> None:
    """A handful of enterprises and inspectors: what the demo data gives, at a fraction of its cost."""
    for n, sector in enumerate(("hazardous_chemicals", "construction", "special_equipment")):
        registry.create_enterprise(
            app,
            registry.EnterpriseInput(credit_code=_valid_code(7000 + n), name=f"崩溃测试{n}号有限公司", sector=sector),
        )
    for n, name in enumerate(NAMES[:4]):
        registry.add_inspector(app, name, f"4309030000{n:04d}", "测试县应急管理局")


def people(app: App) -> tuple[list[str], list[str]]:
    with app.read() as s:
        ents = list(s.exec(select(Enterprise.id).order_by(Enterprise.credit_code)))
        insps = list(s.exec(select(Inspector.id).order_by(Inspector.cert_no)))
    return ents, insps


def field_work(app: App, rng: random.Random, folder: Path, *, complete: bool = True) -> str:
    """One inspection with a failed item, a hazard with a deadline and a photo; completed and ordered."""
    ents, insps = people(app)
    insp = inspections.start_inspection(app, rng.choice(ents), rng.sample(insps, 2), purpose="日常检查").id
    items = [i.id for i in inspections.template_for(app, insp).items]
    for item in items[1:4]:
        inspections.record_result(app, insp, item, Outcome.PASS)
    inspections.record_result(app, insp, items[0], Outcome.FAIL, note="消防通道堆放杂物")
    hazard = hazards.raise_from_item(app, insp, items[0], deadline=today() + timedelta(days=15))
    shot = folder / f"field-{rng.randrange(1 << 30)}.jpg"
    shot.write_bytes(jpeg(rng))
    photos.attach(app, [shot], inspection_id=insp, hazard_id=hazard.id, caption="隐患部位")
    shot.unlink()
    if complete:
        inspections.complete_inspection(app, insp, summary="发现隐患一处")
        if DocumentKind.RECTIFICATION_ORDER in document_competence.offered_kinds(app, insp):
            documents.issue(app, insp, DocumentKind.RECTIFICATION_ORDER)
        else:  # 特种设备 under an 应急 authority: no 应急 order, the record only
            documents.issue(app, insp, DocumentKind.INSPECTION_RECORD)
    return insp


def build(root: Path, *, demo: bool, devices: int = 2, seed: int = 0, packages: bool = True) -> World:
    """Init the bureau, its data, a draft in progress, enrolled devices and one package from each."""
    world = World(root)
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    world.packages.mkdir()
    setup.init(
        world.subject,
        role=Role.BUREAU,
        authority="测试县应急管理局",
        short="测",
        remedy_government="测试县人民政府",
        remedy_court="测试县人民法院",
    )
    with open_app(world.subject, actor="局端管理员") as app:
        if demo:
            from inspector_app.services import demo as demo_data

            demo_data.load(app)
        else:
            _seed_registry(app)
        field_work(app, rng, root)  # something to issue documents for from the first round on
        for _ in range(2):  # drafts the workload answers and photographs
            ents, insps = people(app)
            inspections.start_inspection(app, rng.choice(ents), rng.sample(insps, 2), purpose="专项检查")
        ids: dict[str, str] = {}
        for n in range(devices):
            enrolment = root / f"enrolment-{n}.pkg"
            sync_export.enroll_device(app, f"乡镇安监办-{n + 1}", enrolment)
            device = root / "devices" / f"d{n}"
            setup.init(device, role=Role.DEVICE, device_name=f"终端{n}")
            with open_app(device, actor=NAMES[n % len(NAMES)]) as dev:
                sync_import.import_package(dev, enrolment)
                ids[dev.device_id] = device.name
            enrolment.unlink()  # it carries the device's private keys
    (root / "devices.json").write_text(json.dumps(ids), "utf-8")

    for n in range(devices if packages else 0):
        make_package(world, n, rng)
    return world


def make_package(world: World, device: int, rng: random.Random) -> dict[str, Any]:
    """The device does a little more field work and exports; the package is listed with what it carries."""
    folder = world.devices()[device]
    number = len(world.listed())
    out = world.packages / f"{number:04d}-d{device}.pkg"
    with open_app(folder, actor=NAMES[device % len(NAMES)]) as dev:
        field_work(dev, rng, world.root, complete=rng.random() < 0.8)
        exported = sync_export.export_for_bureau(dev, out)
    entry = {"path": out.name, "package_id": exported.package_id, "records": _records(world, out)}
    with world.index.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


def _records(world: World, path: Path) -> dict[str, list[dict[str, Any]]]:
    keys = keyring.load(world.subject / "keys")
    assert keys is not None
    with zipfile.ZipFile(path) as outer:
        manifest = json.loads(outer.read("manifest.json"))
        payload = outer.read("payload.bin")
    params = manifest["payload"]["encryption"]
    if params is not None:
        plain = io.BytesIO()
        stream_cipher.decrypt(io.BytesIO(payload), plain, keys.box, params, 1 << 31)
        payload = plain.getvalue()
    out: dict[str, list[dict[str, Any]]] = {}
    with zipfile.ZipFile(io.BytesIO(payload)) as inner:
        for entity, fields in CHECKED.items():
            name = f"records/{entity}.jsonl"
            lines = inner.read(name).splitlines() if name in inner.namelist() else []
            rows = [json.loads(line) for line in lines if line.strip()]
            out[entity] = [{"id": r["id"], **{f: r[f] for f in fields}} for r in rows]
    return out


def top_up(world: World, rng: random.Random, *, want: int = 2) -> int:
    """Keep `want` packages waiting so that imports stay real (not only re-imports) for the whole run."""
    with open_app(world.subject) as app, app.read() as s:
        done = set(s.exec(select(SyncPackage.id).where(SyncPackage.direction == "in")))
    waiting = sum(1 for e in world.listed() if e["package_id"] not in done)
    made = 0
    for _ in range(max(0, want - waiting)):
        make_package(world, len(world.listed()) % len(world.devices()), rng)
        made += 1
    return made


def drafts_of(app: App) -> list[str]:
    """In-progress inspections this folder started itself (imported ones belong to their device)."""
    with app.read() as s:
        return list(
            s.exec(
                select(Inspection.id).where(
                    Inspection.status == InspectionStatus.DRAFT.value, Inspection.origin_device_id == app.device_id
                )
            )
        )


def deliver(world: World, delivered: set[str]) -> list[str]:
    """Carry each device its newest confirmed bureau update, so that receipts keep its packages small.

    Only confirmed exports travel: an unconfirmed one may be a file whose transaction never committed."""
    from tests.crash.verify import read_journal

    folders = json.loads((world.root / "devices.json").read_text("utf-8"))
    newest: dict[str, dict[str, Any]] = {}
    for e in read_journal(world.journal).confirmed:
        if e.op == "export" and e.done is not None:
            newest[e.done["device"]] = e.done
    problems = []
    for device, done in newest.items():
        if done["package_id"] in delivered:
            continue
        with open_app(world.root / "devices" / folders[device]) as dev:
            try:
                sync_import.import_package(dev, world.root / "outbox" / done["path"])
            except Exception as exc:  # noqa: BLE001 - a confirmed package the device refuses is a finding
                problems.append(f"device refused confirmed bureau update {done['path']}: {exc}")
        delivered.add(done["package_id"])
    return problems
