"""Where a command writes an issued document: checked before the document is issued, so that a bad path costs
no 文号 and leaves no record; written whole (temporary file, then rename) or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlmodel import select

from inspector_app.domain.errors import StorageError, UserError, ValidationError
from inspector_app.evidence.media_store import TEMP_PREFIX, sha256_file, write_atomic
from inspector_app.services.context import App
from inspector_app.store.models import Document


def check_target(app: App, path: Path) -> Path:
    """Refuse, with one message, a target the PDF could not be written to or must not replace."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(f"“{target}”是一个文件夹，请指定 PDF 文件名（例如 {target / '文书.pdf'}）")
    folder = target.parent
    if not folder.exists():
        raise ValidationError(f"输出文件夹不存在：{folder}（请先建立该文件夹，或检查 U 盘是否已插好）")
    if not folder.is_dir():
        raise ValidationError(f"输出位置不是文件夹：{folder}")
    _probe(folder)
    if target.exists() or target.is_symlink():
        if not target.is_file() or not _issued_here(app, target):
            raise ValidationError(
                f"已存在同名文件，且不是本数据库签发的文书：{target}。为免覆盖他人文件，请换一个文件名或先移走该文件"
            )
        if not os.access(target, os.W_OK):
            raise ValidationError(f"文件只读，不能覆盖：{target}")
    return target


def write(path: Path, data: bytes, number: str) -> None:
    """The whole file appears under its name at once (a failure leaves the old file or none). Should the disk
    fail after the check, the document is issued and kept: say so, and how to get the same PDF again."""
    try:
        write_atomic(Path(path).expanduser(), data)
    except UserError as exc:
        raise StorageError(
            f"文书 {number} 已签发并保存在数据库中，但未能写出 PDF 文件：{exc.message}。"
            "可换一个位置再次运行同一命令（document render）原样输出，不会另占文号"
        ) from None


def _probe(folder: Path) -> None:
    """Write permission is what the file system says when asked, not what the mode bits suggest (ACLs, read-only
    mounts, a full disk are all refused here, before anything is issued)."""
    try:
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    except OSError as exc:
        raise ValidationError(f"不能在该文件夹中写入文件：{folder}（{exc.strerror or exc}）") from None
    os.close(fd)
    Path(name).unlink(missing_ok=True)


def _issued_here(app: App, path: Path) -> bool:
    try:
        digest = sha256_file(path)
    except OSError:
        return False
    with app.read() as s:
        return s.exec(select(Document.id).where(Document.pdf_sha256 == digest)).first() is not None
