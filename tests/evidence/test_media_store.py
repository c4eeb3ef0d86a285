"""MediaStore: content-addressed, written atomically, never overwritten, verified by hash."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path

import pytest

from inspector_app.domain.errors import StorageError
from inspector_app.evidence import media_store
from inspector_app.evidence.media_store import MediaStore, sha256_bytes, sha256_file, write_atomic

DATA = b"\xff\xd8\xff\xe0 pretend this is a photo \x00\x01\x02" * 50


@pytest.fixture
def store(tmp_path: Path) -> MediaStore:
    return MediaStore(tmp_path / "media", tmp_path / "trash")


def all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- hashing -----------------------------------------------------------------------------------------


def test_sha256_helpers_match_hashlib(tmp_path: Path) -> None:
    expected = hashlib.sha256(DATA).hexdigest()
    f = tmp_path / "f.bin"
    f.write_bytes(DATA)
    assert sha256_bytes(DATA) == expected
    assert sha256_file(f) == expected


def test_sha256_file_reads_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media_store, "_READ_CHUNK", 7)
    f = tmp_path / "f.bin"
    f.write_bytes(DATA)
    assert sha256_file(f) == hashlib.sha256(DATA).hexdigest()


# --- put ---------------------------------------------------------------------------------------------


def test_put_returns_sha256_and_stores_bytes_under_two_level_path(store: MediaStore) -> None:
    sha, created = store.put(DATA)

    assert sha == hashlib.sha256(DATA).hexdigest()
    assert created is True
    expected = store.root / sha[:2] / sha[2:]
    assert store.path(sha) == expected
    assert expected.is_file()
    assert expected.read_bytes() == DATA
    assert store.read(sha) == DATA
    assert store.has(sha)
    assert all_files(store.root) == [expected]
    assert store.all_hashes() == {sha}


def test_second_put_of_same_bytes_does_not_rewrite(store: MediaStore, monkeypatch: pytest.MonkeyPatch) -> None:
    sha, _ = store.put(DATA)
    target = store.path(sha)
    old = 1_000_000_000  # 2001: any rewrite would reset this to "now"
    os.utime(target, ns=(old * 10**9, old * 10**9))
    before = target.stat()

    def no_write(*_a: object, **_k: object) -> None:
        raise AssertionError("an existing evidence file must not be written again")

    monkeypatch.setattr(media_store, "write_atomic", no_write)
    sha2, created = store.put(DATA)

    after = target.stat()
    assert (sha2, created) == (sha, False)
    assert after.st_ino == before.st_ino
    assert after.st_mtime_ns == before.st_mtime_ns == old * 10**9
    assert target.read_bytes() == DATA
    assert all_files(store.root) == [target]


def test_second_put_really_leaves_the_file_alone(store: MediaStore) -> None:
    """Without any patching: inode and mtime survive a repeated put."""
    sha, _ = store.put(DATA)
    target = store.path(sha)
    os.utime(target, ns=(10**18, 10**18))
    before = target.stat()
    assert store.put(DATA) == (sha, False)
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_different_bytes_get_different_files(store: MediaStore) -> None:
    a, _ = store.put(b"one")
    b, _ = store.put(b"two")
    assert a != b
    assert store.read(a) == b"one"
    assert store.read(b) == b"two"
    assert store.all_hashes() == {a, b}


# --- verify ------------------------------------------------------------------------------------------


def test_verify_intact_file_is_none(store: MediaStore) -> None:
    sha, _ = store.put(DATA)
    assert store.verify(sha) is None


def test_verify_missing_file_reports_in_chinese(store: MediaStore) -> None:
    sha, _ = store.put(DATA)
    store.path(sha).unlink()
    problem = store.verify(sha)
    assert problem is not None
    assert "证据文件缺失" in problem
    assert sha in problem


def test_verify_never_stored_is_missing(store: MediaStore) -> None:
    sha = sha256_bytes(b"never stored")
    problem = store.verify(sha)
    assert problem is not None and "缺失" in problem


def test_verify_altered_content_reports_in_chinese(store: MediaStore) -> None:
    sha, _ = store.put(DATA)
    target = store.path(sha)
    altered = bytearray(DATA)
    altered[10] ^= 0x01  # a single flipped bit
    target.write_bytes(bytes(altered))
    problem = store.verify(sha)
    assert problem is not None
    assert "不符" in problem
    assert "证据文件" in problem
    assert sha in problem


def test_verify_truncated_content_reports(store: MediaStore) -> None:
    sha, _ = store.put(DATA)
    store.path(sha).write_bytes(DATA[:-1])
    problem = store.verify(sha)
    assert problem is not None and "不符" in problem


def test_verify_directory_in_place_of_file_is_missing(store: MediaStore) -> None:
    sha = sha256_bytes(DATA)
    store.path(sha).mkdir(parents=True)
    problem = store.verify(sha)
    assert problem is not None and "缺失" in problem


# --- write_atomic ------------------------------------------------------------------------------------


def test_write_atomic_success_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "file.bin"
    write_atomic(target, DATA)
    assert target.read_bytes() == DATA
    assert all_files(tmp_path) == [target]
    assert not list(target.parent.glob(".tmp-*"))


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_write_atomic_disk_full_raises_storage_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    folder = tmp_path / "ab"
    folder.mkdir()
    target = folder / "cdef"

    def disk_full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(media_store.os, failing, disk_full)
    with pytest.raises(StorageError) as info:
        write_atomic(target, DATA)
    monkeypatch.undo()

    assert "磁盘空间" in str(info.value)
    assert isinstance(info.value.__cause__, OSError)
    assert not target.exists()
    assert list(folder.iterdir()) == []  # neither target nor .tmp-*


def test_write_atomic_permission_failure_says_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.bin"

    def denied(*_a: object, **_k: object) -> None:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(media_store.os, "replace", denied)
    with pytest.raises(StorageError, match="不可写"):
        write_atomic(target, DATA)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_other_error_is_storage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def eio(*_a: object, **_k: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(media_store.os, "fsync", eio)
    with pytest.raises(StorageError, match="写入证据文件失败"):
        write_atomic(tmp_path / "x.bin", DATA)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_failure_keeps_existing_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed replacement leaves whatever was there before, complete."""
    target = tmp_path / "x.bin"
    target.write_bytes(b"old complete content")

    def disk_full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(media_store.os, "replace", disk_full)
    with pytest.raises(StorageError):
        write_atomic(target, DATA)
    monkeypatch.undo()
    assert target.read_bytes() == b"old complete content"
    assert list(tmp_path.iterdir()) == [target]


def test_put_disk_full_raises_storage_error_and_stores_nothing(
    store: MediaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(media_store.os, "replace", disk_full)
    with pytest.raises(StorageError, match="磁盘空间"):
        store.put(DATA)
    monkeypatch.undo()
    assert all_files(store.root) == []
    assert not store.has(sha256_bytes(DATA))


# Regression: at cb3107e mkdir() and mkstemp() ran outside the try/except, so a read-only or full media
# folder surfaced as a raw PermissionError/OSError (a traceback in the CLI) instead of a StorageError.
@pytest.mark.parametrize(
    ("code", "message"), [(errno.EACCES, "不可写"), (errno.EROFS, "不可写"), (errno.ENOSPC, "磁盘空间")]
)
def test_put_cannot_create_temp_file_raises_storage_error(
    store: MediaStore, monkeypatch: pytest.MonkeyPatch, code: int, message: str
) -> None:
    def refused(*_a: object, **_k: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(StorageError, match=message):
        store.put(DATA)
    monkeypatch.undo()
    assert all_files(store.root) == []


def test_put_cannot_create_subfolder_raises_storage_error(store: MediaStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*_a: object, **_k: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(StorageError, match="不可写"):
        store.put(DATA)
    monkeypatch.undo()
    assert all_files(store.root) == []


# --- path --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "../" + "a" * 61,
        "a" * 63,
        "a" * 65,
        "A" * 64,  # hashes are stored lower-case
        "g" * 64,
        "/" + "a" * 63,
        "ab/" + "c" * 61,
        "..\\" + "a" * 61,
        "",
    ],
)
def test_path_rejects_non_hash_names(store: MediaStore, name: str) -> None:
    with pytest.raises(ValueError):
        store.path(name)
    with pytest.raises(ValueError):
        store.verify(name)
    with pytest.raises(ValueError):
        store.has(name)


# Regression: at cb3107e re.match with "$" also matched before a trailing newline.
def test_path_rejects_trailing_newline(store: MediaStore) -> None:
    with pytest.raises(ValueError):
        store.path("a" * 64 + "\n")


def test_path_stays_inside_root(store: MediaStore) -> None:
    sha = sha256_bytes(b"x")
    p = store.path(sha)
    assert p.resolve().is_relative_to(store.root.resolve())
    assert p.parent.name == sha[:2]
    assert p.name == sha[2:]


# --- discard_new / trash -----------------------------------------------------------------------------


def test_discard_new_removes_only_named_files(store: MediaStore) -> None:
    keep, _ = store.put(b"keep")
    drop, _ = store.put(b"drop")
    store.discard_new([drop, sha256_bytes(b"never there")])
    assert store.has(keep)
    assert not store.has(drop)


def test_move_to_trash_keeps_the_bytes(store: MediaStore) -> None:
    sha, _ = store.put(DATA)
    store.move_to_trash(sha)
    assert not store.has(sha)
    assert (store.trash / sha).read_bytes() == DATA


# --- messages: photos, signatures and PDFs all land here -------------------------------------------------


def test_the_messages_name_evidence_files_and_reassure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quota = getattr(errno, "EDQUOT", errno.ENOSPC)
    expected = {
        errno.ENOSPC: "磁盘空间已满，照片等证据文件未保存；请清理磁盘后重试（已有数据未受影响）",
        quota: "磁盘空间已满，照片等证据文件未保存；请清理磁盘后重试（已有数据未受影响）",
        errno.EROFS: "数据文件夹不可写，照片等证据文件未保存；请检查文件夹权限（已有数据未受影响）",
    }
    for code, message in expected.items():

        def failing(*_a: object, code: int = code, **_k: object) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(media_store.os, "fsync", failing)
        with pytest.raises(StorageError) as info:
            write_atomic(tmp_path / "x.bin", DATA)
        monkeypatch.undo()
        assert str(info.value) == message
    assert list(tmp_path.iterdir()) == []


def test_a_failed_folder_fsync_is_reported_not_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def no_folders(path: str, flags: int, *args: object) -> int:
        if Path(path).is_dir():
            raise OSError(errno.EIO, "Input/output error")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(media_store.os, "open", no_folders)
    with pytest.raises(StorageError, match="写入证据文件失败"):
        write_atomic(tmp_path / "x.bin", DATA)


def test_moving_to_trash_on_a_read_only_folder_is_a_storage_error(
    store: MediaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha, _ = store.put(DATA)

    def read_only(*_a: object, **_k: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(media_store.os, "replace", read_only)
    with pytest.raises(StorageError, match="无法将证据文件移入 trash"):
        store.move_to_trash(sha)
    monkeypatch.undo()
    assert store.read(sha) == DATA
