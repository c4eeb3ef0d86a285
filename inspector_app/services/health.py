"""`check`: the database, the audit chain, every record against its audited hash, every evidence file."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from sqlalchemy import text
from sqlmodel import select

from inspector_app.audit.verify import verify_chain, verify_records
from inspector_app.services.context import App
from inspector_app.store.models import Document, Photo, Signature

# Another process (a CLI import beside the window) may be writing its temporary files right now; only files
# untouched for this long are certainly orphans. Imports extract into tmp/ and may run for minutes.
STALE_AFTER_S = 3600.0
log = logging.getLogger(__name__)


def check(app: App) -> list[str]:
    """Every problem found, one line each in Chinese; an empty list means healthy."""
    problems: list[str] = []
    with app.read() as s:
        if app.url.startswith("sqlite"):
            for (line,) in s.execute(text("PRAGMA quick_check")).all():
                if line != "ok":
                    problems.append(f"数据库结构损坏：{line}")
            for row in s.execute(text("PRAGMA foreign_key_check")).all():
                problems.append(f"外键引用缺失：{row[0]} 第 {row[1]} 行引用了不存在的 {row[2]}")
        chain_problems, latest = verify_chain(s)
        problems += chain_problems
        problems += verify_records(s, latest)
        media = app.media
        wanted: list[tuple[str, str]] = []
        for photo in s.exec(select(Photo)):
            label = f"照片 {photo.original_name or photo.id}"
            wanted += [
                (photo.sha256, label),
                (photo.derived_sha256, f"{label} 的证据副本"),
                (photo.thumb_sha256, f"{label} 的缩略图"),
            ]
        for sig in s.exec(select(Signature).where(Signature.sha256 != "")):  # a refusal has no image
            wanted.append((sig.sha256, f"签名 {sig.signer_name or sig.id}"))
        for doc in s.exec(select(Document)):
            if doc.pdf_sha256:
                wanted.append((doc.pdf_sha256, f"文书 {doc.number}"))
    checked: dict[str, str | None] = {}
    for sha, label in wanted:
        if sha not in checked:
            checked[sha] = media.verify(sha)
        if checked[sha]:
            problems.append(f"{label}：{checked[sha]}")
    return problems


def unreferenced_media(app: App) -> set[str]:
    """Files in media/ that no record points to (left by a crash between file write and commit)."""
    with app.read() as s:
        used = set()
        for photo in s.exec(select(Photo)):
            used |= {photo.sha256, photo.derived_sha256, photo.thumb_sha256}
        used |= set(s.exec(select(Signature.sha256).where(Signature.sha256 != "")))
        used |= {sha for sha in s.exec(select(Document.pdf_sha256)) if sha}
    return app.media.all_hashes() - used


def leftovers(app: App, older_than: float = STALE_AFTER_S) -> list[Path]:
    """Temporary files and folders an interrupted operation left behind (half-written media, unpacked
    packages). Nothing refers to them and `check` does not count them as problems; the next start removes
    them once they are `older_than` seconds old."""
    cutoff = time.time() - older_than
    found = app.media.temp_files()
    if app.data.tmp.is_dir():
        found += list(app.data.tmp.iterdir())
    return [p for p in found if _mtime(p) <= cutoff]


def sweep_leftovers(app: App, older_than: float = STALE_AFTER_S) -> int:
    """Remove `leftovers`; a file that cannot be removed now is left for the next start."""
    removed = 0
    try:
        found = leftovers(app, older_than)
    except OSError:  # an unreadable folder must not keep the app from opening
        log.warning("could not look for leftovers", exc_info=True)
        return 0
    for path in found:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed += 1
        except OSError:
            log.warning("could not remove leftover %s", path, exc_info=True)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return time.time()
