"""A bureau, an enrolled device with real field work, and the package it sent; plus tools to forge packages.

Building the world takes 5-15 s (the demo data is most of it), so it is built once per session into a
template folder and every test gets its own fresh copy under tmp_path (a copytree of a few MB). Nothing a test
does can leak into another test.

Forging: `read_package` opens any package (decrypting with the bureau's key), `inner_zip` builds a payload from
members, and `write_package` signs a manifest with a real key so that only the check under test can refuse it.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import shutil
import sqlite3
import uuid
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from inspector_app.domain.enums import DocumentKind, Outcome, Role
from inspector_app.domain.errors import UserError
from inspector_app.services import documents, hazards, inspections, photos, setup, sync_export, sync_import
from inspector_app.services.context import App, open_app
from inspector_app.services.timeutil import today
from inspector_app.sync import keys as keyring
from inspector_app.sync import stream_cipher
from tests import database_server
from tests.conftest import jpeg_bytes

DEVICE_NAME = "城关镇安监办-1"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The database itself; database.json (which server database a copied bureau uses) is compared through its rows too.
DB_FILES = (
    "inspector.sqlite3",
    "inspector.sqlite3-wal",
    "inspector.sqlite3-shm",
    "inspector.sqlite3-journal",
    "database.json",
)


# -- the world ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class World:
    """One copy of: bureau B (demo data), device D enrolled at B with field work, bureau C (a stranger that
    enrolled its own device with the same name), and D's valid, not yet imported package for B."""

    root: Path
    ids: dict[str, str]

    @property
    def bureau(self) -> Path:
        return self.root / "bureau"

    @property
    def device(self) -> Path:
        return self.root / "device"

    @property
    def other_bureau(self) -> Path:
        return self.root / "other-bureau"

    @property
    def package(self) -> Path:
        """D → B, encrypted to B (the default), exported once; B has not imported it."""
        return self.root / "device-to-bureau.pkg"

    @property
    def device_id(self) -> str:
        return self.ids["device_id"]

    @property
    def bureau_id(self) -> str:
        return self.ids["bureau_id"]

    def device_keys(self) -> keyring.KeyPair:
        pair = keyring.load(self.device / "keys")
        assert pair is not None
        return pair

    def bureau_keys(self) -> keyring.KeyPair:
        pair = keyring.load(self.bureau / "keys")
        assert pair is not None
        return pair

    def open(self, folder: Path, actor: str = "测试") -> App:
        return open_app(folder, actor=actor)

    def out(self, name: str) -> Path:
        """A path for a forged or exported package, outside every data folder."""
        (self.root / "out").mkdir(exist_ok=True)
        return self.root / "out" / name

    def unpack(self, path: Path | None = None) -> tuple[dict[str, Any], dict[str, bytes]]:
        """Manifest and inner members of a package addressed to B (decrypted with B's key)."""
        return read_package(path or self.package, self.bureau_keys())

    def forge(
        self,
        name: str,
        members: dict[str, bytes] | Iterable[tuple[str, bytes]],
        *,
        manifest: dict[str, Any] | None = None,
        declare: Any = None,
        keys: keyring.KeyPair | None = None,
        new_id: bool = True,
        **kwargs: Any,
    ) -> Path:
        """Rebuild D's package around `members` (plain payload) and sign it with D's real key.

        The manifest declares exactly the given members unless `declare` says otherwise; it gets a fresh
        package id unless `new_id` is False."""
        base = manifest if manifest is not None else self.unpack()[0]
        pairs = list(members.items()) if isinstance(members, dict) else list(members)
        data = json.loads(json.dumps(base))
        if new_id:
            data["package_id"] = str(uuid.uuid4())
        data["members"] = declare if declare is not None else member_meta(pairs)
        return write_package(self.out(name), data, inner_zip(pairs), keys or self.device_keys(), **kwargs)


def _build_world(root: Path) -> dict[str, str]:
    from inspector_app.services import demo

    bureau, device, other = root / "bureau", root / "device", root / "other-bureau"
    ids: dict[str, str] = {}
    ids["bureau_id"] = setup.init(bureau, role=Role.BUREAU, authority="测试县应急管理局", short="测").device_id
    with open_app(bureau, actor="局端管理员") as app:
        demo.load(app)
        enrolled = sync_export.enroll_device(app, DEVICE_NAME, root / "enrolment.pkg")
    ids["device_id"] = enrolled.device_id

    setup.init(device, role=Role.DEVICE, device_name="出厂名")
    with open_app(device, actor="张建国") as app:
        sync_import.import_package(app, root / "enrolment.pkg")
    (root / "enrolment.pkg").unlink()  # it carries the device's private keys
    with open_app(device, actor="张建国") as app:
        assert app.device_id == ids["device_id"]
        from sqlmodel import select

        from inspector_app.store.models import Enterprise, Inspector

        with app.read() as s:
            enterprise = s.exec(select(Enterprise).order_by(Enterprise.credit_code)).first()
            people = s.exec(select(Inspector).order_by(Inspector.cert_no)).all()[:2]
        assert enterprise is not None and len(people) == 2
        insp = inspections.start_inspection(app, enterprise.id, [p.id for p in people], purpose="日常检查").id
        item = inspections.template_for(app, insp).items[0].id
        inspections.record_result(app, insp, item, Outcome.FAIL, note="现场发现")
        hazard = hazards.raise_from_item(app, insp, item, deadline=today() + timedelta(days=15))
        jpeg = root / "现场.jpg"
        jpeg.write_bytes(jpeg_bytes(colour=(30, 120, 200)))
        photo = photos.attach(app, [jpeg], inspection_id=insp, hazard_id=hazard.id, caption="隐患部位")[0]
        jpeg.unlink()
        inspections.complete_inspection(app, insp, summary="发现隐患一处")
        issued = documents.issue(app, insp, DocumentKind.RECTIFICATION_ORDER)
        ids |= {
            "inspection_id": insp,
            "hazard_id": hazard.id,
            "photo_id": photo.id,
            "photo_sha": photo.sha256,
            "document_id": issued.document.id,
            "document_number": issued.document.number,
        }
        sync_export.export_for_bureau(app, root / "device-to-bureau.pkg")

    # A stranger: another bureau that enrolled its own device under the very same name.
    ids["other_bureau_id"] = setup.init(other, role=Role.BUREAU, authority="邻县应急管理局", short="邻").device_id
    with open_app(other, actor="邻县管理员") as app:
        ids["other_device_id"] = sync_export.enroll_device(app, DEVICE_NAME, root / "other-enrolment.pkg").device_id
    (root / "other-enrolment.pkg").unlink()
    return ids


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("sync-world")
    ids = _build_world(root)
    return World(root, ids)


def copy_world(template: World, target: Path) -> World:
    shutil.copytree(template.root, target)
    database_server.clone_databases(target)  # on the test server the bureaus' databases are copied as well
    return World(target, dict(template.ids))


@pytest.fixture
def world(world_template: World, tmp_path: Path) -> World:
    """A private copy of the world for this test."""
    return copy_world(world_template, tmp_path / "world")


# -- "exactly as it was" -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Snapshot:
    db: tuple[str, ...]  # sqlite3 iterdump (or the server's rows): every table, every row, in a stable order
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256 (or "<dir>" outside media/)

    def diff(self, other: Snapshot, limit: int = 30) -> str:
        lines = list(difflib.unified_diff(self.db, other.db, "before", "after", lineterm="", n=0))[:limit]
        for name in sorted(set(self.files) | set(other.files)):
            if self.files.get(name) != other.files.get(name):
                lines.append(f"file {name}: {self.files.get(name)} -> {other.files.get(name)}")
        return "\n".join(lines)


def snapshot(root: Path) -> Snapshot:
    """The database's every row plus every file (with its hash) and folder of a closed data folder."""
    server_url = database_server.recorded_url(root) if (root / "database.json").is_file() else None
    if server_url is not None:
        dump = database_server.dump(server_url)
    else:
        con = sqlite3.connect(root / "inspector.sqlite3")
        try:
            dump = tuple(con.iterdump())
        finally:
            con.close()
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel in DB_FILES:
            continue
        if path.is_dir():
            if not rel.startswith("media/"):  # an empty media/ab/ left by a rolled-back write holds nothing
                files[rel] = "<dir>"
        else:
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return Snapshot(dump, files)


def assert_same(before: Snapshot, after: Snapshot) -> None:
    assert before == after, "the data folder changed:\n" + before.diff(after)


def assert_clear_message(message: str, *, complete: bool = True) -> None:
    """One line that starts in Chinese, with no Python internals, and (if `complete`) something after its colon."""
    assert message.strip(), "empty message"
    assert "\n" not in message.strip(), f"not one line: {message!r}"
    assert CJK.match(message.strip()), f"does not start in Chinese: {message!r}"
    for internal in ("Traceback", "sqlalchemy", 'File "'):
        assert internal not in message, f"internals in: {message!r}"
    if complete:
        assert not message.rstrip().endswith(("：", ":")), f"reason cut short: {message!r}"


def refused(
    folder: Path,
    package: Path,
    *,
    match: str | None = None,
    dry_run: bool = False,
    actor: str = "局端测试",
    complete: bool = True,
) -> str:
    """Import `package` into `folder`: it must be refused with a clear reason and change nothing."""
    before = snapshot(folder)
    with open_app(folder, actor=actor) as app, pytest.raises(UserError) as caught:
        sync_import.import_package(app, package, dry_run=dry_run)
    message = str(caught.value)
    assert_clear_message(message, complete=complete)
    if match is not None:
        assert re.search(match, message), f"{match!r} not in {message!r}"
    after = snapshot(folder)
    assert_same(before, after)
    assert not any((folder / "tmp").iterdir()), "stray files left in tmp/"
    return message


def imported(folder: Path, package: Path, *, dry_run: bool = False) -> sync_import.ImportReport:
    with open_app(folder, actor="局端测试") as app:
        return sync_import.import_package(app, package, dry_run=dry_run)


# -- reading and forging packages ---------------------------------------------------------------------------------
def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_package(path: Path, receiver: keyring.KeyPair | None = None) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(path) as outer:
        manifest = json.loads(outer.read("manifest.json"))
        payload = outer.read("payload.bin")
    params = manifest["payload"]["encryption"]
    if params is not None:
        assert receiver is not None, "encrypted package: give the receiver's keys"
        plain = io.BytesIO()
        stream_cipher.decrypt(io.BytesIO(payload), plain, receiver.box, params, 1 << 30)
        payload = plain.getvalue()
    with zipfile.ZipFile(io.BytesIO(payload)) as inner:
        members = {name: inner.read(name) for name in inner.namelist()}
    return manifest, members


def member_meta(members: Iterable[tuple[str, bytes]]) -> dict[str, dict[str, Any]]:
    return {name: {"sha256": sha(data), "size": len(data)} for name, data in members}


@contextmanager
def _duplicates_allowed() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Duplicate name", category=UserWarning)
        yield


def inner_zip(members: Iterable[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A payload zip; duplicates and any names are written as given."""
    buf = io.BytesIO()
    with _duplicates_allowed(), zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compression)
    return buf.getvalue()


def manifest_body(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()


def write_package(
    path: Path,
    manifest: dict[str, Any],
    payload: bytes,
    keys: keyring.KeyPair,
    *,
    fix_payload: bool = True,
    body: bytes | None = None,
    signature: bytes | None = None,
    outer: Iterable[tuple[str, bytes]] | None = None,
    extra_outer: Iterable[tuple[str, bytes]] = (),
    manifest_method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """An outer zip like PackageWriter's, signed with `keys` (after any tampering the caller asks for)."""
    data = json.loads(json.dumps(manifest))
    if fix_payload:
        data["payload"] = {"sha256": sha(payload), "size": len(payload), "encryption": None}
    body = body if body is not None else manifest_body(data)
    signature = signature if signature is not None else keys.sign.sign(body)
    entries = (
        list(outer)
        if outer is not None
        else [
            ("manifest.json", body),
            ("manifest.sig", signature),
            ("payload.bin", payload),
        ]
    )
    with _duplicates_allowed(), zipfile.ZipFile(path, "w") as zf:
        for name, blob in [*entries, *extra_outer]:
            method = manifest_method if name == "manifest.json" else zipfile.ZIP_STORED
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), blob, method)
    return path


def rows(members: dict[str, bytes], entity: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in members[f"records/{entity}.jsonl"].splitlines() if line.strip()]


def jsonl(records: Iterable[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n" for r in records
    )


def with_rows(members: dict[str, bytes], entity: str, records: Iterable[dict[str, Any]]) -> dict[str, bytes]:
    return {**members, f"records/{entity}.jsonl": jsonl(records)}
