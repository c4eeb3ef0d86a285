"""Hostile and damaged packages: each is refused with one clear line in Chinese, and the receiving data folder
(database rows, media/, keys/, tmp/) is left exactly as it was.

Forged packages are re-signed with the device's real key (from its keys/ folder), so the check under test is
the only thing that can catch them.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import struct
import threading
import time
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from inspector_app.cli.main import main
from inspector_app.domain.errors import UserError
from inspector_app.services import health, sync_export, sync_import, sync_state
from inspector_app.store.models import Device, Document, SyncConflict
from inspector_app.sync import keys as keyring
from inspector_app.sync.package import open_verified, read_manifest
from inspector_app.sync.records import to_json
from tests.sync.conftest import (
    World,
    assert_clear_message,
    assert_same,
    imported,
    manifest_body,
    refused,
    rows,
    sha,
    snapshot,
    with_rows,
    write_package,
)


def _entries(path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as zf:
        return zf.infolist()


def _data_span(raw: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Where a member's (compressed) bytes lie in the zip file."""
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    return start, start + info.compress_size


def _flipped(world: World, raw: bytes, offset: int, name: str, mask: int = 0xFF) -> Path:
    damaged = bytearray(raw)
    damaged[offset] ^= mask
    path = world.out(name)
    path.write_bytes(bytes(damaged))
    return path


# -- not a package at all --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(os.urandom(4096), id="random-bytes"),
        pytest.param(b"", id="empty-file"),
        pytest.param("检查记录\n企业：某某化工有限公司\n".encode() * 50, id="text-file"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 200, id="zip-magic-then-nothing"),
        pytest.param(b"PK\x05\x06" + b"\x00" * 18, id="empty-zip"),
    ],
)
def test_not_a_zip_is_refused(world: World, content: bytes) -> None:
    path = world.out("not-a-package.pkg")
    path.write_bytes(content)
    refused(world.bureau, path, match="数据包")


def test_missing_file_and_folder_are_refused(world: World) -> None:
    refused(world.bureau, world.out("nowhere.pkg"), match="找不到数据包文件")
    folder = world.out("a-folder.pkg")
    folder.mkdir()
    refused(world.bureau, folder, match="找不到数据包文件")


def test_a_zip_of_something_else_is_refused(world: World) -> None:
    path = world.out("photos.zip")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("IMG_0001.jpg", b"\xff\xd8\xff" + b"\x00" * 100)
    refused(world.bureau, path, match="结构不对")


# -- truncated -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("keep", [1, 22, 100, 0.25, 0.5, 0.9, -100, -22, -1])
def test_truncated_package_is_refused(world: World, keep: float) -> None:
    raw = world.package.read_bytes()
    cut = int(len(raw) * keep) if isinstance(keep, float) else (keep if keep > 0 else len(raw) + keep)
    path = world.out("truncated.pkg")
    path.write_bytes(raw[:cut])
    refused(world.bureau, path)


# -- a single byte changed -------------------------------------------------------------------------------------------
def test_every_byte_of_the_manifest_body_flipped_is_refused(world: World) -> None:
    """Each byte of the deflated manifest.json flipped in turn (dry runs). zipfile stops inflating once it has the
    declared size, so a flip in the stream's tail (or in a Huffman code that decodes to the same symbols) can leave
    the manifest unchanged: such a package may pass, but only if the manifest it yields is byte-identical."""
    raw = world.package.read_bytes()
    info = next(i for i in _entries(world.package) if i.filename == "manifest.json")
    with zipfile.ZipFile(world.package) as zf:
        original = zf.read("manifest.json")
    start, end = _data_span(raw, info)
    before = snapshot(world.bureau)
    crashes: dict[str, int] = {}
    altered_but_accepted: list[int] = []
    with world.open(world.bureau) as app:
        for offset in range(start, end):
            path = _flipped(world, raw, offset, "manifest-flip.pkg")
            try:
                sync_import.import_package(app, path, dry_run=True)
                with zipfile.ZipFile(path) as zf:
                    if zf.read("manifest.json") != original:
                        altered_but_accepted.append(offset - start)
            except UserError as exc:
                assert_clear_message(str(exc))
            except Exception as exc:  # noqa: BLE001 - counting what should never happen
                key = f"{type(exc).__module__}.{type(exc).__name__}: {exc}"[:120]
                crashes[key] = crashes.get(key, 0) + 1
    assert_same(before, snapshot(world.bureau))
    assert not altered_but_accepted, f"accepted with an altered manifest (flips at {altered_but_accepted})"
    assert not crashes, f"{sum(crashes.values())} of {end - start} flips crashed: {crashes}"


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_flipped_byte_in_a_stored_manifest_body_is_refused(world: World, where: str) -> None:
    """The same package with manifest.json stored rather than deflated (so the flip reaches the JSON itself)."""
    with zipfile.ZipFile(world.package) as zf:
        body, sig, payload = (zf.read(n) for n in ("manifest.json", "manifest.sig", "payload.bin"))
    stored = write_package(
        world.out("stored.pkg"),
        {},
        payload,
        world.device_keys(),
        fix_payload=False,
        body=body,
        signature=sig,
        manifest_method=zipfile.ZIP_STORED,
    )
    assert imported(world.bureau, stored, dry_run=True).status == "dry-run"
    raw = stored.read_bytes()
    start, end = _data_span(raw, next(i for i in _entries(stored) if i.filename == "manifest.json"))
    offset = {"first": start, "middle": (start + end) // 2, "last": end - 1}[where]
    refused(world.bureau, _flipped(world, raw, offset, "manifest-flip.pkg", 0x01), match="清单无法读取")


def test_a_changed_manifest_body_inside_a_sound_zip_is_refused(world: World) -> None:
    """One byte of the manifest JSON changed and the zip rebuilt (CRC right): only the signature can catch it."""
    with zipfile.ZipFile(world.package) as zf:
        body, sig, payload = (zf.read(n) for n in ("manifest.json", "manifest.sig", "payload.bin"))
    at = body.index(b'"sequence": ') + len(b'"sequence": ')
    changed = body[:at] + bytes([body[at] ^ 0x01]) + body[at + 1 :]
    path = write_package(
        world.out("body.pkg"), {}, payload, world.device_keys(), fix_payload=False, body=changed, signature=sig
    )
    refused(world.bureau, path, match="签名校验失败")


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_flipped_signature_byte_is_refused(world: World, where: str) -> None:
    raw = world.package.read_bytes()
    info = next(i for i in _entries(world.package) if i.filename == "manifest.sig")
    start, end = _data_span(raw, info)
    offset = {"first": start, "middle": (start + end) // 2, "last": end - 1}[where]
    refused(world.bureau, _flipped(world, raw, offset, "sig-flip.pkg"))


def test_a_changed_signature_inside_a_sound_zip_is_refused(world: World) -> None:
    """The same flip, but the zip is rebuilt so its CRC is right: only the signature check can catch it."""
    with zipfile.ZipFile(world.package) as zf:
        body, sig, payload = (zf.read(n) for n in ("manifest.json", "manifest.sig", "payload.bin"))
    bad = bytes([sig[0] ^ 0x01]) + sig[1:]
    path = write_package(
        world.out("bad-sig.pkg"),
        json.loads(body),
        payload,
        world.device_keys(),
        fix_payload=False,
        body=body,
        signature=bad,
    )
    refused(world.bureau, path, match="签名校验失败")


@pytest.mark.parametrize("where", ["first", "middle", "last", "chunk-tag"])
def test_a_flipped_payload_byte_is_refused(world: World, where: str) -> None:
    raw = world.package.read_bytes()
    info = next(i for i in _entries(world.package) if i.filename == "payload.bin")
    start, end = _data_span(raw, info)
    offset = {"first": start, "middle": (start + end) // 2, "last": end - 1, "chunk-tag": end - 8}[where]
    refused(world.bureau, _flipped(world, raw, offset, "payload-flip.pkg"), match="负载|不符|解密")


def test_a_changed_payload_inside_a_sound_zip_is_refused(world: World) -> None:
    """payload.bin changed and the outer zip rebuilt around it (CRC right): the signed hash catches it."""
    with zipfile.ZipFile(world.package) as zf:
        body, sig, payload = (zf.read(n) for n in ("manifest.json", "manifest.sig", "payload.bin"))
    changed = payload[:1000] + bytes([payload[1000] ^ 0x01]) + payload[1001:]
    path = write_package(
        world.out("payload.pkg"),
        json.loads(body),
        changed,
        world.device_keys(),
        fix_payload=False,
        body=body,
        signature=sig,
    )
    refused(world.bureau, path, match="负载被改动")


@pytest.mark.parametrize("member", ["records/hazard.jsonl", "records/auditevent.jsonl", "photo-media"])
def test_a_changed_member_is_refused(world: World, member: str) -> None:
    """One byte of one member changed, the payload rebuilt and the manifest (with the original member hashes)
    re-signed with the device's real key: only the per-member hash can catch it."""
    manifest, members = world.unpack()
    if member == "photo-media":
        member = f"media/{world.ids['photo_sha']}"
    original = dict(manifest["members"])
    data = bytearray(members[member])
    data[len(data) // 2] ^= 0x20
    members[member] = bytes(data)
    path = world.forge("member.pkg", members, declare=original)
    refused(world.bureau, path, match=f"成员内容与清单不符.*{member}")


@pytest.mark.parametrize(
    ("field_at", "value"),
    [
        pytest.param(8, 0x01, id="general-purpose-flag:encrypted"),
        pytest.param(10, 0x63, id="compression-method:unknown"),
        pytest.param(10, 0x08, id="compression-method:stored-to-deflated"),
    ],
)
@pytest.mark.parametrize("entry", ["manifest.sig", "payload.bin"])
def test_a_changed_central_directory_byte_is_refused(world: World, entry: str, field_at: int, value: int) -> None:
    raw = world.package.read_bytes()
    with zipfile.ZipFile(world.package) as zf:
        offset = zf.start_dir
        for info in zf.infolist():
            if info.filename == entry:
                break
            n, e, c = struct.unpack("<HHH", raw[offset + 28 : offset + 34])
            offset += 46 + n + e + c
    damaged = bytearray(raw)
    if field_at == 8:
        damaged[offset + 8] |= value
    else:
        damaged[offset + 10 : offset + 12] = bytes([value, 0])
    path = world.out("central.pkg")
    path.write_bytes(bytes(damaged))
    refused(world.bureau, path)


def test_every_byte_of_the_zip_headers_flipped_is_refused_or_harmless(world: World) -> None:
    """Every byte of every local header, the central directory and its end record, flipped in turn.

    A flip that zipfile ignores (a timestamp, an attribute) may pass: the package is then byte for byte the
    same data. To keep this fast it runs the verification layer exactly as import_package calls it (no merge)."""
    raw = world.package.read_bytes()
    infos = _entries(world.package)
    offsets: list[int] = []
    for info in infos:
        start, _end = _data_span(raw, info)
        offsets.extend(range(info.header_offset, start))
    with zipfile.ZipFile(world.package) as zf:
        offsets.extend(range(zf.start_dir, len(raw)))
    before = snapshot(world.bureau)
    device, bureau_keys = world.device_keys().public, world.bureau_keys()
    crashes: dict[str, list[int]] = {}
    passed = 0
    for offset in offsets:
        path = _flipped(world, raw, offset, "header-flip.pkg")
        try:
            read_manifest(path)
            open_verified(
                path,
                my_device_id=world.bureau_id,
                my_keys=bureau_keys,
                trust=lambda _m: device,
                work_dir=world.bureau / "tmp",
            ).close()
            passed += 1
        except UserError as exc:
            assert_clear_message(str(exc))
        except Exception as exc:  # noqa: BLE001
            crashes.setdefault(f"{type(exc).__name__}: {exc}"[:100], []).append(offset)
    assert_same(before, snapshot(world.bureau))
    assert passed < len(offsets) // 2
    assert not crashes, f"{sum(map(len, crashes.values()))} of {len(offsets)} header flips crashed: {crashes}"


# -- members missing, extra, misnamed or doubled ---------------------------------------------------------------------
@pytest.mark.parametrize("drop", ["records/hazard.jsonl", "records/document.jsonl", "photo-media"])
def test_a_missing_member_is_refused(world: World, drop: str) -> None:
    manifest, members = world.unpack()
    if drop == "photo-media":
        drop = f"media/{world.ids['photo_sha']}"
    declared = dict(manifest["members"])
    del members[drop]
    refused(world.bureau, world.forge("missing.pkg", members, declare=declared), match=f"缺少成员：{drop}")


@pytest.mark.parametrize(
    "extra",
    ["records/setting.jsonl", "records/device.jsonl", f"media/{'ab' * 32}"],
)
def test_an_undeclared_member_is_refused(world: World, extra: str) -> None:
    manifest, members = world.unpack()
    declared = dict(manifest["members"])
    members[extra] = b'{"key":"authority","value":"\xe5\x81\x87"}\n'
    refused(world.bureau, world.forge("extra.pkg", members, declare=declared), match=f"清单之外的成员：{extra}")


@pytest.mark.parametrize("outer", ["missing-signature", "missing-payload", "extra-member", "renamed-manifest"])
def test_a_wrong_outer_structure_is_refused(world: World, outer: str) -> None:
    with zipfile.ZipFile(world.package) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    entries = list(parts.items())
    if outer == "missing-signature":
        entries = [(n, d) for n, d in entries if n != "manifest.sig"]
    elif outer == "missing-payload":
        entries = [(n, d) for n, d in entries if n != "payload.bin"]
    elif outer == "extra-member":
        entries.append(("readme.txt", "请导入".encode()))
    else:
        entries = [("MANIFEST.JSON" if n == "manifest.json" else n, d) for n, d in entries]
    path = write_package(world.out("outer.pkg"), {}, b"", world.device_keys(), fix_payload=False, outer=entries)
    refused(world.bureau, path, match="结构不对")


EVIL = [
    "../../evil-{tag}.jsonl",
    "/tmp/evil-{tag}.jsonl",
    "records/../../../evil-{tag}.jsonl",
    "media/../../evil-{tag}",
    "records\\..\\..\\evil-{tag}.jsonl",
    "C:/evil-{tag}.jsonl",
    "records/evil-{tag}.jsonl\x00.txt",
]


def _no_evil_anywhere(world: World, tag: str) -> None:
    escaped = [
        *world.root.parent.rglob(f"*evil-{tag}*"),
        *Path("/tmp").glob(f"evil-{tag}*"),
        *Path.cwd().glob(f"evil-{tag}*"),
    ]
    assert not escaped, f"a file escaped: {escaped}"


@pytest.mark.parametrize("name", EVIL)
@pytest.mark.parametrize("declared", [True, False], ids=["declared-in-manifest", "only-in-payload"])
def test_path_traversal_in_the_payload_is_refused(world: World, name: str, declared: bool) -> None:
    tag = uuid.uuid4().hex[:8]
    evil = name.format(tag=tag)
    manifest, members = world.unpack()
    members[evil] = b'{"id":"x"}\n'
    declare = None if declared else dict(manifest["members"])
    message = refused(world.bureau, world.forge("evil.pkg", members, declare=declare))
    assert "不允许的文件名" in message or "清单内容不合规" in message
    _no_evil_anywhere(world, tag)


@pytest.mark.parametrize("name", ["../payload.bin", "/manifest.sig", "../../evil-{tag}", "/tmp/evil-{tag}"])
def test_path_traversal_in_the_outer_zip_is_refused(world: World, name: str) -> None:
    tag = uuid.uuid4().hex[:8]
    with zipfile.ZipFile(world.package) as zf:
        entries = [(n, zf.read(n)) for n in zf.namelist()]
    path = write_package(
        world.out("outer-evil.pkg"),
        {},
        b"",
        world.device_keys(),
        fix_payload=False,
        outer=entries,
        extra_outer=[(name.format(tag=tag), b"x")],
    )
    refused(world.bureau, path, match="结构不对")
    _no_evil_anywhere(world, tag)


@pytest.mark.parametrize("which", ["manifest.json", "manifest.sig", "payload.bin"])
def test_duplicate_names_in_the_outer_zip_are_refused(world: World, which: str) -> None:
    """zipfile reads the last of two same-named entries: a second manifest must not slip past the first's
    signature."""
    manifest, members = world.unpack()
    path = world.forge("dup.pkg", members)
    with zipfile.ZipFile(path) as zf:
        entries = [(n, zf.read(n)) for n in zf.namelist()]
    forged = copy.deepcopy(manifest)
    forged["sequence"] = 999
    second = {
        "manifest.json": manifest_body(forged),
        "manifest.sig": b"\x00" * 64,
        "payload.bin": b"PK\x05\x06" + b"\x00" * 18,
    }[which]
    path = write_package(
        world.out("dup-outer.pkg"), {}, b"", world.device_keys(), fix_payload=False, outer=[*entries, (which, second)]
    )
    refused(world.bureau, path, match="重名")


@pytest.mark.parametrize("same_content", [True, False])
def test_duplicate_names_in_the_payload_are_refused(world: World, same_content: bool) -> None:
    manifest, members = world.unpack()
    pairs = list(members.items())
    name, data = "records/hazard.jsonl", members["records/hazard.jsonl"]
    pairs.append((name, data if same_content else data + data))
    refused(world.bureau, world.forge("dup-inner.pkg", pairs, declare=dict(manifest["members"])), match="重名")


# -- a decompression bomb --------------------------------------------------------------------------------------------
BOMB_SIZE = 300 * 1024 * 1024


def _bomb_payload(path: Path) -> tuple[str, int]:
    """An inner zip whose records/bomb.jsonl is 300 MB of zeros (a few hundred KB compressed), written streaming."""
    digest = hashlib.sha256()
    chunk = b"\x00" * (1 << 20)
    info = zipfile.ZipInfo("records/bomb.jsonl", (2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w") as zf, zf.open(info, "w", force_zip64=True) as out:
        for _ in range(BOMB_SIZE // len(chunk)):
            out.write(chunk)
            digest.update(chunk)
    return digest.hexdigest(), BOMB_SIZE


class _PeakUsage:
    """Polls a folder's total file size in a thread; `peak` is the most it ever held."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.peak, self._stop = folder, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for dirpath, _dirs, files in os.walk(self.folder):
                for f in files:
                    with contextlib.suppress(OSError):
                        total += os.stat(os.path.join(dirpath, f)).st_size
            self.peak = max(self.peak, total)
            time.sleep(0.002)

    def __enter__(self) -> _PeakUsage:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.mark.parametrize("honest", [True, False], ids=["declared-honestly", "declared-small"])
def test_a_decompression_bomb_is_refused_quickly_without_filling_the_disk(world: World, honest: bool) -> None:
    manifest, members = world.unpack()
    inner = world.out("bomb-inner.zip")
    bomb_sha, bomb_size = _bomb_payload(inner)
    payload = inner.read_bytes()
    assert len(payload) < 2 * 1024 * 1024
    inner_names = dict(manifest["members"])
    declared = {**inner_names, "records/bomb.jsonl": {"sha256": bomb_sha, "size": bomb_size if honest else 1000}}
    # The real members next to the bomb: append them to the bomb zip.
    with zipfile.ZipFile(inner, "a") as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    data = copy.deepcopy(manifest)
    data["package_id"] = str(uuid.uuid4())
    data["members"] = declared
    path = write_package(world.out("bomb.pkg"), data, inner.read_bytes(), world.device_keys())
    started = time.monotonic()
    with _PeakUsage(world.bureau / "tmp") as usage:
        message = refused(world.bureau, path, match="压缩比异常|疑似压缩炸弹" if honest else "大小与清单不符")
    elapsed = time.monotonic() - started
    assert elapsed < 10, f"the bomb took {elapsed:.1f} s to refuse"
    assert usage.peak < 32 * 1024 * 1024, f"{usage.peak / 2**20:.0f} MB written to tmp/ before refusing: {message}"


# -- the manifest: version, sender, signature, receiver --------------------------------------------------------------
@pytest.mark.parametrize("version", [2, 0, "1", None, "v1"])
def test_an_unknown_format_version_is_refused(world: World, version: Any) -> None:
    manifest, members = world.unpack()
    manifest["format_version"] = version
    message = refused(world.bureau, world.forge("version.pkg", members, manifest=manifest), match="格式版本")
    if version == 2:
        assert "升级" in message


def test_an_unhashable_format_version_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    manifest["format_version"] = [1]
    refused(world.bureau, world.forge("version-list.pkg", members, manifest=manifest, keys=keyring.generate()))


def test_a_foreign_format_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    manifest["format"] = "someone-elses-package"
    refused(world.bureau, world.forge("format.pkg", members, manifest=manifest), match="格式标识不符")


@pytest.mark.parametrize("claims", ["the-enrolled-device", "a-new-device"])
def test_a_sender_that_is_not_enrolled_is_refused(world: World, claims: str) -> None:
    """Signed by a fresh key pair: either pretending to be the enrolled device, or someone new."""
    stranger = keyring.generate()
    manifest, members = world.unpack()
    manifest["sender"] = {
        "device_id": world.device_id if claims == "the-enrolled-device" else str(uuid.uuid4()),
        "name": "城关镇安监办-1",
        "ed25519": stranger.public.sign,
        "x25519": stranger.public.box,
    }
    path = world.forge("stranger.pkg", members, manifest=manifest, keys=stranger)
    refused(world.bureau, path, match="未在本机登记")


def test_a_signature_by_another_key_is_refused(world: World) -> None:
    """Claims the enrolled device's keys, but is signed by someone else's."""
    manifest, members = world.unpack()
    path = world.forge("other-key.pkg", members, manifest=manifest, keys=keyring.generate())
    refused(world.bureau, path, match="签名校验失败")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda m: m.update(sequence=m["sequence"] + 1), id="sequence"),
        pytest.param(lambda m: m["counts"].update(hazard=0), id="counts"),
        pytest.param(lambda m: m["sender"].update(name="局长"), id="sender-name"),
        pytest.param(lambda m: m.update(created_at="2020-01-01T00:00:00+00:00"), id="created-at"),
        pytest.param(lambda m: m.update(members={}), id="members"),
    ],
)
def test_a_manifest_changed_after_signing_is_refused(world: World, change: Any) -> None:
    with zipfile.ZipFile(world.package) as zf:
        body, sig, payload = (zf.read(n) for n in ("manifest.json", "manifest.sig", "payload.bin"))
    manifest = json.loads(body)
    change(manifest)
    path = write_package(
        world.out("changed.pkg"), manifest, payload, world.device_keys(), fix_payload=False, signature=sig
    )
    refused(world.bureau, path, match="签名校验失败")


def test_whitespace_added_to_the_manifest_after_signing_is_refused(world: World) -> None:
    with zipfile.ZipFile(world.package) as zf:
        body, sig, payload = (zf.read(n) for n in ("manifest.json", "manifest.sig", "payload.bin"))
    path = write_package(
        world.out("ws.pkg"), {}, payload, world.device_keys(), fix_payload=False, body=body + b"\n", signature=sig
    )
    refused(world.bureau, path, match="签名校验失败")


def test_a_package_for_another_bureau_is_refused(world: World) -> None:
    """D exported for bureau B; bureau C (which enrolled its own device with the same name) must refuse it,
    both as sent (encrypted to B) and re-signed in plain."""
    with world.open(world.other_bureau) as app, app.read() as s:
        names = [d.name for d in s.exec(select(Device)) if not d.is_self]
    assert names == ["城关镇安监办-1"]
    refused(world.other_bureau, world.package, actor="邻县")
    _manifest, members = world.unpack()
    refused(world.other_bureau, world.forge("plain.pkg", members), actor="邻县")


def test_a_package_naming_another_receiver_is_refused(world: World) -> None:
    """Properly signed by the enrolled device, but addressed to some other bureau."""
    manifest, members = world.unpack()
    manifest["receiver"] = world.ids["other_bureau_id"]
    refused(world.bureau, world.forge("elsewhere.pkg", members, manifest=manifest), match="发给其他终端")


@pytest.mark.parametrize("kind", ["enrolment", "bureau_update", "something_else"])
def test_a_package_of_the_wrong_kind_is_refused(world: World, kind: str) -> None:
    manifest, members = world.unpack()
    manifest["kind"] = kind
    refused(world.bureau, world.forge("kind.pkg", members, manifest=manifest))


def test_a_malformed_manifest_says_what_is_wrong(world: World) -> None:
    manifest, members = world.unpack()
    manifest["sender"]["device_id"] = 5
    refused(world.bureau, world.forge("shape.pkg", members, manifest=manifest), match="清单内容不合规")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("package_id", "not-a-uuid"),
        ("package_id", None),
        ("sequence", -1),
        ("sequence", "7"),
        ("created_at", "yesterday"),
        ("members", []),
        ("members", {"records/hazard.jsonl": {"sha256": "0" * 64, "size": -1}}),
        ("members", {f"media/{'a' * 64}": {"sha256": "b" * 64, "size": 1}}),
        ("payload", None),
        ("payload", {"sha256": "0" * 64, "size": "1", "encryption": None}),
        ("receiver", None),
        ("sender", "城关镇安监办-1"),
        ("-missing-", "created_at"),
        ("-missing-", "kind"),
    ],
)
def test_a_malformed_manifest_is_refused(world: World, key: str, value: Any) -> None:
    """Signed by the enrolled device, but not a manifest this program writes. (Whether every message says what
    is wrong is test_a_malformed_manifest_says_what_is_wrong.)"""
    manifest, members = world.unpack()
    if key == "-missing-":
        del manifest[value]
    else:
        manifest[key] = value
    path = world.forge(
        "shape.pkg",
        members,
        manifest=manifest,
        new_id=key != "package_id",
        declare=value if key == "members" else None,
        fix_payload=key != "payload",
    )
    refused(world.bureau, path, match="清单|数据包类型", complete=False)


def test_a_manifest_with_a_naive_timestamp_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    manifest["created_at"] = "2020-01-01T00:00:00"
    refused(world.bureau, world.forge("naive.pkg", members, manifest=manifest))


def test_a_manifest_with_an_enormous_sequence_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    manifest["sequence"] = 2**70
    refused(world.bureau, world.forge("seq.pkg", members, manifest=manifest))


# -- replays ---------------------------------------------------------------------------------------------------------
def test_an_older_bureau_update_after_a_newer_one_is_refused(world: World) -> None:
    with world.open(world.bureau) as app:
        older = sync_export.export_for_device(app, world.device_id, world.out("update-1.pkg"))
        newer = sync_export.export_for_device(app, world.device_id, world.out("update-2.pkg"))
    assert (
        json.loads(zipfile.ZipFile(older.path).read("manifest.json"))["sequence"]
        < json.loads(zipfile.ZipFile(newer.path).read("manifest.json"))["sequence"]
    )
    assert imported(world.device, newer.path).status == "applied"
    message = refused(world.device, older.path, actor="张建国", match="较旧")
    assert "拒绝回退" in message
    # and the newer one a second time changes nothing either
    before = snapshot(world.device)
    assert imported(world.device, newer.path).status == "already"
    assert_same(before, snapshot(world.device))


def test_the_same_device_package_twice_changes_nothing_the_second_time(world: World) -> None:
    first = imported(world.bureau, world.package)
    assert first.status == "applied" and first.counts["inspection"]["added"] == 1 and first.media_added == 4
    before = snapshot(world.bureau)
    again = imported(world.bureau, world.package)
    assert again.status == "already" and again.package_id == first.package_id
    assert "此前已导入" in again.lines()[0]
    assert_same(before, snapshot(world.bureau))
    assert again == imported(world.bureau, world.package, dry_run=True)


# -- records ---------------------------------------------------------------------------------------------------------
def test_records_naming_a_photo_file_that_is_not_included_are_refused(world: World) -> None:
    manifest, members = world.unpack()
    del members[f"media/{world.ids['photo_sha']}"]
    path = world.forge("no-photo.pkg", members)  # the manifest honestly lists what is there
    refused(world.bureau, path, match=f"缺少它所引用的证据文件：{world.ids['photo_sha']}")


def test_records_naming_a_document_pdf_that_is_not_included_are_refused(world: World) -> None:
    manifest, members = world.unpack()
    pdf = rows(members, "document")[0]["pdf_sha256"]
    del members[f"media/{pdf}"]
    refused(world.bureau, world.forge("no-pdf.pkg", members), match="缺少它所引用的证据文件")


@pytest.mark.parametrize(
    ("entity", "key", "value"),
    [
        ("auditevent", "seq", "x"),  # the last entity merged: everything before it was already flushed
        ("document", "version", "x"),
        ("hazard", "version", "x"),
        ("hazard", "deadline", "下周"),
        ("hazardevent", "at", "2024-01-01T08:00:00"),  # no time zone
        ("photo", "size", 1.5),
        ("photo", "width", True),
        ("itemresult", "outcome", 5),
        ("inspection", "status", None),
        ("document", "number", "号" * 81),
        ("inspection", "-missing-", "purpose"),
        ("inspection", "+unknown+", "reviewer"),
    ],
)
def test_a_record_with_a_wrong_type_is_refused_without_partial_writes(
    world: World, entity: str, key: str, value: Any
) -> None:
    manifest, members = world.unpack()
    records = rows(members, entity)
    if key == "-missing-":
        del records[-1][value]
    elif key == "+unknown+":
        records[-1][value] = "某某"
    else:
        records[-1][key] = value
    message = refused(world.bureau, world.forge("bad-record.pkg", with_rows(members, entity, records)))
    assert "记录不合规" in message


def test_a_line_that_is_not_json_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    members["records/hazardevent.jsonl"] += b"{not json\n"
    refused(world.bureau, world.forge("not-json.pkg", members), match="记录格式错误：hazardevent 第 3 行")


def test_a_line_that_is_not_an_object_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    members["records/hazard.jsonl"] = b"[1, 2, 3]\n"
    refused(world.bureau, world.forge("array.pkg", members), match="不是对象")


def test_a_record_that_breaks_a_unique_constraint_is_refused_cleanly(world: World) -> None:
    """A second check-list answer for the same item under a new id: the database's unique constraint refuses it,
    and that must come out as one clear line."""
    manifest, members = world.unpack()
    records = rows(members, "itemresult")
    records.append(dict(records[-1], id=str(uuid.uuid4())))
    refused(world.bureau, world.forge("unique.pkg", with_rows(members, "itemresult", records)), match="无法合并")


def test_a_second_audit_event_at_one_place_in_the_chain_goes_to_the_conflict_list(world: World) -> None:
    """Two events claiming one sequence number of a device's chain (a fork, as after a restore that could not
    carry the chain forward). Refusing the package would refuse every later one from that device too, so the
    first event is kept, the second is filed as a conflict with both versions, and the rest lands."""
    manifest, members = world.unpack()
    events = rows(members, "auditevent")
    fork = dict(events[-1], id=str(uuid.uuid4()), actor="另一条分支")
    report = imported(world.bureau, world.forge("fork.pkg", with_rows(members, "auditevent", [*events, fork])))
    assert report.status == "applied" and report.conflicts == 1
    with world.open(world.bureau) as app:
        (conflict,) = sync_state.conflicts(app)
        assert conflict.entity == "auditevent" and conflict.record_id == fork["id"] and "分叉" in conflict.reason
        assert json.loads(conflict.incoming_json)["actor"] == "另一条分支"
        assert json.loads(conflict.local_json)["id"] == events[-1]["id"]
        assert health.check(app) == []


def test_a_record_that_names_a_missing_parent_is_refused_cleanly(world: World) -> None:
    manifest, members = world.unpack()
    records = rows(members, "hazard")
    records[0]["inspection_id"] = str(uuid.uuid4())
    refused(world.bureau, world.forge("orphan.pkg", with_rows(members, "hazard", records)), match="无法合并")


def test_a_document_number_already_used_goes_to_the_conflict_list(world: World) -> None:
    """Two documents with one number: the first lands, the second is kept as a conflict, nothing crashes."""
    manifest, members = world.unpack()
    docs = rows(members, "document")
    twin = dict(docs[0], id=str(uuid.uuid4()), payload='{"forged": true}')
    report = imported(world.bureau, world.forge("twin.pkg", with_rows(members, "document", [*docs, twin])))
    assert report.status == "applied" and report.conflicts == 1
    with world.open(world.bureau) as app:
        with app.read() as s:
            numbered = s.exec(select(Document).where(Document.number == world.ids["document_number"])).all()
        assert [d.id for d in numbered] == [world.ids["document_id"]]
        (conflict,) = sync_state.conflicts(app)
    assert isinstance(conflict, SyncConflict) and conflict.record_id == twin["id"] and "重复文号" in conflict.reason


# -- found while writing these tests ---------------------------------------------------------------------------------
def test_a_photo_record_with_a_malformed_hash_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    photos = rows(members, "photo")
    photos[0]["sha256"] = "../../etc/passwd"
    refused(world.bureau, world.forge("bad-hash.pkg", with_rows(members, "photo", photos)))


def test_a_record_line_that_is_not_utf8_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    members["records/hazard.jsonl"] = b'{"id": "\xff\xfe"}\n'
    refused(world.bureau, world.forge("latin.pkg", members))


def test_a_record_with_an_out_of_range_integer_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    records = rows(members, "hazard")
    records[0]["version"] = 2**70
    refused(world.bureau, world.forge("big-int.pkg", with_rows(members, "hazard", records)))


def test_a_deeply_nested_record_line_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    members["records/hazard.jsonl"] = b"[" * 100_000 + b"\n"
    refused(world.bureau, world.forge("deep.pkg", members))


def test_a_device_record_with_a_malformed_id_is_refused(world: World) -> None:
    manifest, members = world.unpack()
    members["records/device.jsonl"] = b'{"id": [1, 2], "name": "x"}\n'
    refused(world.bureau, world.forge("device-id.pkg", members))


@pytest.mark.parametrize("how", ["enrol-a-new-device", "take-over-another-device"])
def test_a_device_package_cannot_add_or_rekey_devices(world: World, how: str) -> None:
    fake = keyring.generate()
    now = datetime.now(UTC).isoformat()
    with world.open(world.bureau) as app:
        if how == "take-over-another-device":
            victim = sync_export.enroll_device(app, "城关镇安监办-2", world.out("enrol-2.pkg")).device_id
            with app.read() as s:
                row = to_json(s.get(Device, victim))
            row = dict(row, public_key=fake.public.to_json(), version=row["version"] + 1, updated_at=now)
        else:
            row = {
                "id": str(uuid.uuid4()),
                "name": "假终端",
                "role": "device",
                "is_self": False,
                "public_key": fake.public.to_json(),
                "enrolled_at": now,
                "origin_device_id": world.device_id,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        with app.read() as s:
            devices_before = sorted((d.id, d.public_key) for d in s.exec(select(Device)))
    manifest, members = world.unpack()
    with contextlib.suppress(UserError):  # refusing the whole package is a fine answer too
        imported(world.bureau, world.forge("inject.pkg", with_rows(members, "device", [row])))
    with world.open(world.bureau) as app, app.read() as s:
        devices_after = sorted((d.id, d.public_key) for d in s.exec(select(Device)))
    assert devices_after == devices_before, "a device package added or re-keyed a Device at the bureau"
    # and whoever holds the fake key cannot send anything in that device's name
    manifest["sender"] = {
        "device_id": row["id"],
        "name": row["name"],
        "ed25519": fake.public.sign,
        "x25519": fake.public.box,
    }
    refused(world.bureau, world.forge("from-fake.pkg", members, manifest=manifest, keys=fake), match="未在本机登记")


# -- the command line ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", os.urandom(1000), b"PK\x03\x04garbage"])
def test_the_cli_refuses_with_one_line_and_exit_code_1(
    world: World, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = world.out("cli.pkg")
    path.write_bytes(content)
    before = snapshot(world.bureau)
    assert main(["--data-dir", str(world.bureau), "import", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("inspector-app: "), err
    assert_clear_message(lines[0].removeprefix("inspector-app: "))
    assert_same(before, snapshot(world.bureau))


def test_the_forger_itself_builds_acceptable_packages(world: World) -> None:
    """Guard for every test above: an untampered re-signed copy imports, so refusals are due to the tampering."""
    manifest, members = world.unpack()
    assert sha(members[f"media/{world.ids['photo_sha']}"]) == world.ids["photo_sha"]
    report = imported(world.bureau, world.forge("clean.pkg", members))
    assert report.status == "applied" and report.conflicts == 0 and report.media_added == 4
