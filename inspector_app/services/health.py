"""`check`: the database, the audit chain, every record against its audited hash, every evidence file."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import select

from inspector_app.audit.verify import verify_chain, verify_records
from inspector_app.services.context import App
from inspector_app.store.models import Document, Photo, Signature


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
        for sig in s.exec(select(Signature)):
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
        used |= set(s.exec(select(Signature.sha256)))
        used |= {sha for sha in s.exec(select(Document.pdf_sha256)) if sha}
    return app.media.all_hashes() - used
