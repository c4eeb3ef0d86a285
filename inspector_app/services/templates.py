"""Checklist templates as the database knows them: each exact wording is one FormTemplate row."""

from __future__ import annotations

import uuid
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, col, select

from inspector_app.domain.enums import Sector
from inspector_app.domain.errors import NotFoundError, ValidationError
from inspector_app.forms import statutes
from inspector_app.forms.schema_check import Problem
from inspector_app.forms.templates import Template, from_content, load_files, load_folder, sector_templates
from inspector_app.services.context import App
from inspector_app.store.models import FormTemplate

TEMPLATE_NAMESPACE = uuid.UUID("9c5e3c0a-4b8e-4f7e-8a1d-2f6b1c9d7e55")


@lru_cache(maxsize=1)
def _bundled() -> dict[str, Template]:
    found, problems = load_folder()
    if problems:
        raise ValidationError("检查表模板有错误：\n" + "\n".join(str(p) for p in problems))
    return sector_templates(found)


def validate(paths: list[Path] | None = None) -> tuple[dict[str, Template], list[Problem]]:
    """The given template files, or every bundled template together with the statute list."""
    if not paths:
        found, problems = load_folder()
        return found, problems + statutes.check_file(statutes.statutes_path())[1]
    files: list[Path] = []
    for p in paths:
        files += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    missing = [p for p in files if not p.exists()]
    if missing:
        return {}, [Problem(str(p), 0, "文件不存在") for p in missing]
    return load_files(files)


def statute_list() -> tuple[statutes.Statute, ...]:
    """Violations to choose from for a hazard that no checklist item covers."""
    return statutes.load()


def ensure_row(session: Session, template: Template, device_id: str | None) -> FormTemplate:
    """The row for this exact wording, created on first use."""
    digest = template.content_hash()
    row = session.exec(
        select(FormTemplate).where(FormTemplate.code == template.code, FormTemplate.content_hash == digest)
    ).first()
    if row is None:
        row = FormTemplate(
            # The same wording gets the same id on every device, so records pinning it merge cleanly.
            id=str(uuid.uuid5(TEMPLATE_NAMESPACE, f"{template.code}/{digest}")),
            code=template.code,
            name=template.name,
            sector=template.sector,
            template_version=template.version,
            content_hash=digest,
            content=template.content_json(),
            origin_device_id=device_id,
        )
        session.add(row)
        session.flush()
    return row


def refresh(app: App) -> list[FormTemplate]:
    """Register the bundled templates' current wording (a no-op when nothing changed)."""
    with app.write() as s:
        return refresh_rows(s, app.device_id)


def refresh_rows(session: Session, device_id: str | None) -> list[FormTemplate]:
    return [ensure_row(session, t, device_id) for t in _bundled().values()]


def for_sector(session: Session, sector: str, device_id: str | None) -> FormTemplate:
    Sector.parse(sector)
    for template in _bundled().values():
        if template.sector == sector:
            return ensure_row(session, template, device_id)
    raise NotFoundError(f"没有“{Sector(sector).label}”行业的检查表模板")


def pinned(row: FormTemplate) -> Template:
    return _pinned_cached(row.content_hash, row.content)


@lru_cache(maxsize=64)
def _pinned_cached(_digest: str, content: str) -> Template:
    return from_content(content)


def list_templates(app: App) -> list[FormTemplate]:
    with app.read() as s:
        return list(s.exec(select(FormTemplate).order_by(col(FormTemplate.code), col(FormTemplate.loaded_at))))
