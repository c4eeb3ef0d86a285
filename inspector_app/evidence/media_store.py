"""Content-addressed files under media/ab/cdef…: written once (temp → fsync → rename), never overwritten.

Deletion means a move into trash/, so that nothing is lost by a mistaken click.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sys
import tempfile
from pathlib import Path

from inspector_app.domain.errors import StorageError

_SHA = re.compile(r"^[0-9a-f]{64}$")
_READ_CHUNK = 1 << 20
TEMP_PREFIX = ".tmp-"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_READ_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(target: Path, data: bytes) -> None:
    """Write so that `target` is either absent or complete, even if power fails half-way."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    except OSError as exc:
        raise media_error(exc) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise media_error(exc) from exc
    try:
        fsync_dir(target.parent)
    except OSError as exc:
        # The file is complete under its name but its rename may not survive a power cut: say so rather
        # than report success. Unreferenced, it costs nothing; the next put of these bytes finds it.
        raise media_error(exc) from exc


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def media_error(exc: OSError) -> StorageError:
    """Photos, signatures and issued PDFs all land here, so the message names evidence files in general."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return StorageError("磁盘空间已满，照片等证据文件未保存；请清理磁盘后重试（已有数据未受影响）")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError("数据文件夹不可写，照片等证据文件未保存；请检查文件夹权限（已有数据未受影响）")
    return StorageError(f"写入证据文件失败：{exc.strerror or exc}（已有数据未受影响）")


class MediaStore:
    def __init__(self, root: Path, trash: Path) -> None:
        self.root = root
        self.trash = trash

    def path(self, sha: str) -> Path:
        if not _SHA.fullmatch(sha):
            raise ValueError(f"not a sha256: {sha!r}")
        return self.root / sha[:2] / sha[2:]

    def has(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store bytes; returns (sha256, created). An existing file with this hash is left untouched."""
        sha = sha256_bytes(data)
        target = self.path(sha)
        if target.exists():
            return sha, False
        write_atomic(target, data)
        return sha, True

    def read(self, sha: str) -> bytes:
        return self.path(sha).read_bytes()

    def verify(self, sha: str) -> str | None:
        """None when the file is present and intact, otherwise what is wrong (in Chinese)."""
        target = self.path(sha)
        if not target.is_file():
            return f"证据文件缺失：{sha}"
        if sha256_file(target) != sha:
            return f"证据文件内容与其哈希不符（被替换或损坏）：{sha}"
        return None

    def discard_new(self, shas: list[str]) -> None:
        """Roll back files this operation itself created when its database transaction failed.

        They were never referenced by a committed record, so removing them loses nothing.
        """
        for sha in shas:
            self.path(sha).unlink(missing_ok=True)

    def move_to_trash(self, sha: str) -> None:
        target = self.path(sha)
        if target.exists():
            try:
                self.trash.mkdir(parents=True, exist_ok=True)
                os.replace(target, self.trash / sha)
            except OSError as exc:
                raise StorageError(f"无法将证据文件移入 trash 文件夹：{exc.strerror or exc}") from exc

    def temp_files(self) -> list[Path]:
        """Half-written files of `write_atomic`: a process killed before its rename leaves one behind."""
        if not self.root.is_dir():
            return []
        return [f for sub in self.root.iterdir() if sub.is_dir() for f in sub.glob(f"{TEMP_PREFIX}*") if f.is_file()]

    def all_hashes(self) -> set[str]:
        found: set[str] = set()
        if not self.root.is_dir():
            return found
        for sub in self.root.iterdir():
            if sub.is_dir() and len(sub.name) == 2:
                found.update(sub.name + f.name for f in sub.iterdir() if f.is_file() and len(f.name) == 62)
        return found

    def adopt(self, staged: list[tuple[str, Path]], created: list[str]) -> None:
        """Move verified files that sit on this disk (an unpacked package in tmp/) into the store.

        One flush for the lot instead of two fsyncs per file: a package brings thousands of photos. The files
        reach the disk before any of them is renamed into place, and the renames before the database commits
        the records that name them. Each hash it places is appended to `created`, so a failed import can take
        exactly those back out.
        """
        todo = [(sha, source) for sha, source in staged if not self.has(sha)]
        if not todo:
            return
        try:
            _flush_to_disk([source for _sha, source in todo])
            folders: set[Path] = set()
            for sha, source in todo:
                target = self.path(sha)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.replace(source, target)
                except OSError as exc:
                    if exc.errno != errno.EXDEV:
                        raise
                    write_atomic(target, source.read_bytes())  # tmp/ on another disk: copy the slow way
                created.append(sha)
                folders.add(target.parent)
            _flush_to_disk([], folders)
        except OSError as exc:
            raise media_error(exc) from exc


def _flush_to_disk(files: list[Path], folders: set[Path] | None = None) -> None:
    """Linux's sync(2) waits until everything is written, so one call covers any number of files; elsewhere
    (macOS's sync only schedules the writes, Windows has none) each file and folder is flushed on its own."""
    if sys.platform.startswith("linux"):
        os.sync()
        return
    for path in files:
        with path.open("rb+") as fh:
            os.fsync(fh.fileno())
    for folder in folders or ():
        fsync_dir(folder)
