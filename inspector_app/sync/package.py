"""The package file: one zip holding a signed manifest and a payload (itself a zip, maybe encrypted).

    manifest.json   what the package is, who sent it to whom, and the SHA-256 and size of every member
    manifest.sig    Ed25519 signature of manifest.json by the sender
    payload.bin     zip of records/<entity>.jsonl and media/<sha256>, or that zip encrypted to the receiver

Reading verifies everything (signature, receiver, every hash and size, names, limits) before anything is
handed to the merge, so a hostile file can only ever be refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import struct
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from inspector_app.domain.errors import UserError
from inspector_app.evidence.media_store import fsync_dir
from inspector_app.sync import stream_cipher
from inspector_app.sync.keys import KeyPair, PublicKeys, box_public, verify

FORMAT = "inspector-package"
FORMAT_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})
OUTER = ("manifest.json", "manifest.sig", "payload.bin")
MEMBER_NAME = re.compile(r"(records/[a-z][a-z_]{0,39}\.jsonl|media/[0-9a-f]{64})")
_SHA = re.compile(r"[0-9a-f]{64}")
MAX_INT = 2**62
# What zipfile and zlib raise on damaged or hostile archives (unknown methods, flags, bad streams…).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    KeyError,
    struct.error,
    OverflowError,
)
READ = 1 << 20

# Limits that keep a hostile file from filling the disk or the memory.
MAX_MANIFEST = 256 * 1024 * 1024
MAX_TOTAL = 64 * 1024**3
MAX_MEMBERS = 5_000_000
MAX_RATIO = 200


class PackageError(UserError):
    """The package is refused; the message says why in one line."""


@dataclass
class Manifest:
    data: dict[str, Any]

    @property
    def package_id(self) -> str:
        return str(self.data["package_id"])

    @property
    def kind(self) -> str:
        return str(self.data["kind"])

    @property
    def sender_id(self) -> str:
        return str(self.data["sender"]["device_id"])

    @property
    def sender_keys(self) -> PublicKeys:
        return PublicKeys(self.data["sender"]["ed25519"], self.data["sender"]["x25519"])

    @property
    def receiver_id(self) -> str:
        return str(self.data["receiver"])

    @property
    def sequence(self) -> int:
        return int(self.data["sequence"])

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.data["created_at"])

    @property
    def counts(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.data.get("counts", {}).items()}

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.data.get("extra", {}))


class _HashingWriter:
    """Counts and hashes what passes through on its way to `raw`; not seekable, so zipfile streams into it."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.raw.write(data)
        return len(data)

    def flush(self) -> None:
        pass


@dataclass
class PackageWriter:
    """Build a package in a temporary file beside `path`; `finish()` signs it, `publish()` moves it into place.

    One pass over the bytes: each record and evidence file goes into the inner zip, which is sealed (when
    encrypting) and hashed on its way into the outer zip's payload.bin; the manifest and its signature are
    added after the payload, once its hash is known.
    """

    path: Path
    kind: str
    sender_id: str
    sender_name: str
    keys: KeyPair
    receiver_id: str
    sequence: int
    encrypt_to: str | None = None  # receiver's X25519 public key (hex)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.work = Path(tempfile.mkdtemp(prefix=".package-", dir=self.path.parent))
        self.partial = self.work / "package.zip"
        self.outer = zipfile.ZipFile(self.partial, "w", allowZip64=True)
        info = zipfile.ZipInfo("payload.bin", date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        self.payload_member = self.outer.open(info, "w", force_zip64=True)
        self.payload = _HashingWriter(self.payload_member)
        self.sealer = stream_cipher.Encryptor(self.payload, box_public(self.encrypt_to)) if self.encrypt_to else None
        # zipfile only writes to (and, finding no seek, streams into) the object it is given.
        self.inner = zipfile.ZipFile(cast(IO[bytes], self.sealer or self.payload), "w", allowZip64=True)
        self.members: dict[str, dict[str, Any]] = {}
        self.counts: dict[str, int] = {}

    def add_records(self, entity: str, rows: Iterable[dict[str, Any]]) -> int:
        return self.add_lines(
            entity, (json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for row in rows)
        )

    def add_lines(self, entity: str, lines: Iterable[str]) -> int:
        """Records already turned into JSON text (one object per item, no newline)."""
        name = f"records/{entity}.jsonl"
        count = 0
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        # Level 1: records compress almost as well, at several times the speed of the default. (Python 3.13
        # renamed the attribute; older versions only know the underscored one.)
        setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 1)
        batch: list[str] = []
        with self.inner.open(info, "w", force_zip64=True) as raw:
            out = _HashingWriter(raw)
            for line in lines:
                batch.append(line)
                count += 1
                if len(batch) >= 512:
                    out.write(("\n".join(batch) + "\n").encode())
                    batch.clear()
            if batch:
                out.write(("\n".join(batch) + "\n").encode())
        self.members[name] = {"sha256": out.digest.hexdigest(), "size": out.size}
        self.counts[entity] = count
        return count

    def add_media(self, sha: str, source: Path) -> None:
        name = f"media/{sha}"
        if name in self.members:
            return
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        with source.open("rb") as src:
            data = src.read()
        # Evidence is hashed again on its way out: a file damaged on this disk is not sent as if it were sound.
        if hashlib.sha256(data).hexdigest() != sha:
            raise PackageError(f"证据文件在打包时校验失败（内容与哈希不符）：{sha}")
        with self.inner.open(info, "w", force_zip64=True) as raw:
            raw.write(data)
        self.members[name] = {"sha256": sha, "size": len(data)}

    def finish(self) -> Manifest:
        try:
            self.inner.close()
            if self.sealer is not None:
                self.sealer.close()
            self.payload_member.close()
            public = self.keys.public
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "package_id": str(uuid.uuid4()),
                "kind": self.kind,
                "sender": {
                    "device_id": self.sender_id,
                    "name": self.sender_name,
                    "ed25519": public.sign,
                    "x25519": public.box,
                },
                "receiver": self.receiver_id,
                "created_at": datetime.now(UTC).isoformat(),
                "sequence": self.sequence,
                "counts": self.counts,
                "members": self.members,
                "payload": {
                    "sha256": self.payload.digest.hexdigest(),
                    "size": self.payload.size,
                    "encryption": self.sealer.params() if self.sealer is not None else None,
                },
                "extra": self.extra,
            }
            body = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
            self.outer.writestr(zipfile.ZipInfo("manifest.json", (2020, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
            self.outer.writestr(zipfile.ZipInfo("manifest.sig", (2020, 1, 1, 0, 0, 0)), self.keys.sign.sign(body))
            self.outer.close()
            with self.partial.open("rb") as fh:
                os.fsync(fh.fileno())
            return Manifest(manifest)
        except BaseException:
            self.abort()
            raise

    def publish(self) -> None:
        """Move the finished package to its name. Call this only once the database records the package as
        sent: a file that exists must be one the sender knows it sent (its sequence number and any 文号 ranges
        in it are taken)."""
        try:
            self.partial.replace(self.path)
            fsync_dir(self.path.parent)  # the new name must survive a power cut too
        finally:
            self.abort()

    def abort(self) -> None:
        for closing in (self.inner, self.payload_member, self.outer):
            with contextlib.suppress(*ZIP_ERRORS):
                closing.close()
        shutil.rmtree(self.work, ignore_errors=True)


def _sha_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(READ), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class VerifiedPackage:
    """A package whose every byte was checked; its members are extracted under `folder`."""

    manifest: Manifest
    folder: Path
    file_sha256: str

    def records(self, entity: str) -> Iterator[dict[str, Any]]:
        path = self.folder / "records" / f"{entity}.jsonl"
        if not path.exists():
            return
        with path.open("rb") as fh:
            for n, line in enumerate(fh, start=1):
                try:
                    row = json.loads(line.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                    raise PackageError(f"数据包记录格式错误：{entity} 第 {n} 行") from None
                if not isinstance(row, dict):
                    raise PackageError(f"数据包记录格式错误：{entity} 第 {n} 行不是对象")
                yield row

    def media_path(self, sha: str) -> Path:
        return self.folder / "media" / sha

    def has_media(self, sha: str) -> bool:
        return f"media/{sha}" in self.manifest.data["members"]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> VerifiedPackage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


TrustFn = Callable[[Manifest], PublicKeys | None]


def read_manifest(path: Path) -> tuple[Manifest, bytes, bytes]:
    """The manifest and its signature, after the outer structure checks (no signature check yet)."""
    if not path.is_file():
        raise PackageError(f"找不到数据包文件：{path}")
    try:
        outer = zipfile.ZipFile(path)
    except PermissionError as exc:
        raise PackageError(f"无法读取数据包：{exc.strerror or exc}") from None
    except ZIP_ERRORS:
        raise PackageError("不是有效的数据包：文件不是 zip 格式或已损坏（可能复制不完整）") from None
    with outer:
        names = [i.filename for i in outer.infolist()]
        if len(names) != len(set(names)):
            raise PackageError("数据包内有重名的成员，已拒绝")
        if sorted(names) != sorted(OUTER):
            extra = sorted(set(names) - set(OUTER))
            missing = sorted(set(OUTER) - set(names))
            raise PackageError(f"数据包结构不对：多出 {extra or '无'}，缺少 {missing or '无'}")
        info = outer.getinfo("manifest.json")
        if info.file_size > MAX_MANIFEST or outer.getinfo("manifest.sig").file_size > 1024:
            raise PackageError("数据包清单过大，已拒绝")
        try:
            body = _read_limited(outer, "manifest.json", MAX_MANIFEST)
            signature = _read_limited(outer, "manifest.sig", 1024)
        except ZIP_ERRORS:
            raise PackageError("数据包已损坏：清单无法读取（文件可能被截断或改动）") from None
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise PackageError("数据包清单不是有效的 JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PackageError("不是本程序的数据包（格式标识不符）")
    version = data.get("format_version") if isinstance(data, dict) else None
    if not _is_int(version) or version not in SUPPORTED_VERSIONS:
        raise PackageError(f"数据包格式版本 {data.get('format_version')!r} 不受支持，请升级 inspector-app 后再导入")
    _check_manifest_shape(data)
    return Manifest(data), body, signature


def _need(condition: bool, what: str) -> None:
    if not condition:
        raise PackageError(f"数据包清单内容不合规：{what}")


def _need_dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PackageError(f"数据包清单内容不合规：{what}")
    return value


def _is_int(value: Any, low: int = 0, high: int = MAX_INT) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check_manifest_shape(data: dict[str, Any]) -> None:
    """Explicit checks (not asserts, which python -O would remove) of every field the reader relies on."""
    try:
        uuid.UUID(str(data.get("package_id")))
    except ValueError:
        raise PackageError("数据包清单内容不合规：package_id 不是 UUID") from None
    sender = _need_dict(data.get("sender"), "缺少发送方")
    _need(all(isinstance(sender.get(k), str) for k in ("device_id", "ed25519", "x25519")), "发送方字段不完整")
    _need(isinstance(data.get("receiver"), str) and isinstance(data.get("kind"), str), "缺少接收方或类型")
    _need(_is_int(data.get("sequence")), "序号不是合理的整数")
    try:
        created = datetime.fromisoformat(str(data.get("created_at")))
    except ValueError:
        raise PackageError("数据包清单内容不合规：创建时间格式不对") from None
    _need(created.tzinfo is not None, "创建时间缺少时区")
    members = _need_dict(data.get("members"), "成员清单格式不对")
    _need(len(members) <= MAX_MEMBERS, "成员清单格式不对")
    for name, meta in members.items():
        _need(isinstance(name, str) and MEMBER_NAME.fullmatch(name) is not None, f"不允许的成员名 {name!r}")
        _need(isinstance(meta, dict) and _is_int(meta.get("size"), 0, MAX_TOTAL), f"成员大小不对：{name}")
        _need(isinstance(meta.get("sha256"), str) and _SHA.fullmatch(meta["sha256"]) is not None, f"哈希不对：{name}")
        _need(not name.startswith("media/") or name[6:] == meta["sha256"], f"证据文件名与哈希不符：{name}")
    payload = _need_dict(data.get("payload"), "缺少负载信息")
    _need(_is_int(payload.get("size"), 0, MAX_TOTAL * 2), "负载大小不对")
    _need(isinstance(payload.get("sha256"), str) and _SHA.fullmatch(payload["sha256"]) is not None, "负载哈希不对")
    _need(payload.get("encryption") is None or isinstance(payload.get("encryption"), dict), "加密参数格式不对")
    _need(isinstance(data.get("counts", {}), dict) and isinstance(data.get("extra", {}), dict), "附加信息格式不对")
    _need(sum(m["size"] for m in members.values()) <= MAX_TOTAL, "声明的总大小超过上限")


def _read_limited(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError("too large")
    return data


def open_verified(
    path: Path,
    *,
    my_device_id: str,
    my_keys: KeyPair | None,
    trust: TrustFn,
    work_dir: Path,
) -> VerifiedPackage:
    """Check signature, receiver, payload and every member; extract into a fresh folder under work_dir."""
    manifest, body, signature = read_manifest(path)
    keys = trust(manifest)
    if keys is None:
        raise PackageError(f"发送方 {manifest.data['sender'].get('name') or manifest.sender_id} 未在本机登记，拒绝导入")
    if not verify(keys.sign, signature, body):
        raise PackageError("签名校验失败：数据包被改动过，或不是由声明的发送方签发")
    if manifest.receiver_id not in ("", my_device_id):
        raise PackageError(f"该数据包是发给其他终端的（接收方 {manifest.receiver_id}），不能在本机导入")
    work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".import-", dir=work_dir))
    try:
        meta = manifest.data["payload"]
        if meta["encryption"] is not None and my_keys is None:
            raise PackageError("数据包已加密，但本机没有解密密钥")
        inner = folder / "inner.zip"
        _unpack_payload(path, meta, manifest, my_keys, inner)
        _extract_members(inner, manifest, folder)
        inner.unlink(missing_ok=True)
        return VerifiedPackage(manifest, folder, _sha_file(path))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


class _HashingReader:
    """Reads payload.bin out of the package, hashing and counting as it goes, and refusing to go past the size
    the signed manifest declares."""

    def __init__(self, raw: Any, limit: int) -> None:
        self.raw = raw
        self.limit = limit
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data: bytes = self.raw.read(n)
        self.size += len(data)
        if self.size > self.limit:
            raise PackageError("数据包负载比清单声明的大，已拒绝")
        self.digest.update(data)
        return data

    def drain(self) -> None:
        while self.read(READ):
            pass


def _unpack_payload(path: Path, meta: dict[str, Any], manifest: Manifest, my_keys: KeyPair | None, out: Path) -> None:
    """One pass over payload.bin: hash it and decrypt it (or copy it) into `out` at the same time. Nothing in
    `out` is used unless the hash then matches the signed manifest."""
    decrypt_failed = False
    try:
        with zipfile.ZipFile(path) as outer, outer.open("payload.bin") as src, out.open("wb") as dst:
            reader = _HashingReader(src, meta["size"])
            if meta["encryption"] is None:
                _copy_limited(reader, dst, meta["size"])  # type: ignore[arg-type]
            else:
                assert my_keys is not None
                limit = sum(m["size"] for m in manifest.data["members"].values()) * 2 + (64 << 20)
                try:
                    stream_cipher.decrypt(reader, dst, my_keys.box, meta["encryption"], limit)  # type: ignore[arg-type]
                except stream_cipher.DecryptionError:
                    decrypt_failed = True
            reader.drain()
    except ZIP_ERRORS as exc:
        raise PackageError(f"数据包已损坏：负载无法读取（{type(exc).__name__}）") from None
    if reader.size != meta["size"] or reader.digest.hexdigest() != meta["sha256"]:
        raise PackageError("数据包内容与签名清单不符：负载被改动或不完整")
    if decrypt_failed:
        raise PackageError("数据包无法解密：不是加密给本机的，或内容被改动")


def _copy_limited(src: BinaryIO, dst: BinaryIO, limit: int) -> None:
    copied = 0
    for chunk in iter(lambda: src.read(READ), b""):
        copied += len(chunk)
        if copied > limit:
            raise PackageError("数据包负载比清单声明的大，已拒绝")
        dst.write(chunk)


def _extract_members(inner_path: Path, manifest: Manifest, folder: Path) -> None:
    expected: dict[str, dict[str, Any]] = manifest.data["members"]
    try:
        inner = zipfile.ZipFile(inner_path)
    except ZIP_ERRORS:
        raise PackageError("数据包负载不是有效的 zip") from None
    with inner:
        infos = inner.infolist()
        names = [i.filename for i in infos]
        if len(names) != len(set(names)):
            raise PackageError("数据包内有重名的成员，已拒绝")
        for name in names:
            if not MEMBER_NAME.fullmatch(name):
                raise PackageError(f"数据包内有不允许的文件名：{name!r}")
        extra, missing = set(names) - set(expected), set(expected) - set(names)
        if extra:
            raise PackageError(f"数据包内有清单之外的成员：{sorted(extra)[0]}")
        if missing:
            raise PackageError(f"数据包缺少成员：{sorted(missing)[0]}")
        for info in infos:
            meta = expected[info.filename]
            if info.file_size != meta["size"]:
                raise PackageError(f"成员大小与清单不符：{info.filename}")
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > (1 << 20):
                raise PackageError(f"成员压缩比异常（疑似压缩炸弹）：{info.filename}")
            target = folder / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            try:
                with inner.open(info) as src, target.open("wb") as dst:
                    for chunk in iter(lambda: src.read(READ), b""):
                        size += len(chunk)
                        if size > meta["size"]:
                            raise PackageError(f"成员实际大小超过清单：{info.filename}")
                        digest.update(chunk)
                        dst.write(chunk)
            except ZIP_ERRORS as exc:
                raise PackageError(f"数据包成员无法读取：{info.filename}（{type(exc).__name__}）") from None
            if size != meta["size"] or digest.hexdigest() != meta["sha256"]:
                raise PackageError(f"成员内容与清单不符（被改动）：{info.filename}")
