"""Attach photos as evidence to an inspection, a checklist item or a hazard."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlmodel import select

from inspector_app.domain.enums import InspectionStatus
from inspector_app.domain.errors import NotFoundError, StateError, ValidationError
from inspector_app.evidence.photos import PreparedPhoto, prepare
from inspector_app.services.context import App
from inspector_app.services.inspections import load_inspection, template_of
from inspector_app.store.models import Hazard, Photo

ProgressFn = Callable[[int, int], bool]
"""Called with (done, total); returning False cancels before anything is written."""


def attach(
    app: App,
    files: Sequence[Path],
    *,
    inspection_id: str | None = None,
    item_id: str | None = None,
    hazard_id: str | None = None,
    caption: str = "",
    progress: ProgressFn | None = None,
) -> list[Photo]:
    """All or nothing: every file is decoded and checked before the first byte is stored."""
    if not files:
        raise ValidationError("请选择要添加的照片")
    target_inspection = _check_target(app, inspection_id, item_id, hazard_id)
    prepared: list[PreparedPhoto] = []
    for n, path in enumerate(files):
        prepared.append(prepare(Path(path)))
        if progress is not None and not progress(n + 1, len(files)):
            raise ValidationError("已取消，未添加任何照片")
    media = app.media
    created: list[str] = []
    try:
        for photo in prepared:
            for blob in (photo.original, photo.evidence, photo.thumbnail):
                sha, new = media.put(blob)
                if new:
                    created.append(sha)
        with app.write() as s:
            rows = []
            for photo in prepared:
                existing = s.exec(
                    select(Photo).where(
                        Photo.sha256 == photo.sha256,
                        Photo.inspection_id == target_inspection,
                        Photo.item_id == item_id,
                        Photo.hazard_id == hazard_id,
                    )
                ).first()
                if existing is not None:
                    rows.append(existing)
                    continue
                row = Photo(
                    sha256=photo.sha256,
                    inspection_id=target_inspection,
                    item_id=item_id,
                    hazard_id=hazard_id,
                    caption=caption.strip(),
                    original_name=photo.name[:255],
                    mime=photo.mime,
                    size=len(photo.original),
                    width=photo.width,
                    height=photo.height,
                    taken_at=photo.taken_at,
                    gps_lat=photo.gps_lat,
                    gps_lon=photo.gps_lon,
                    derived_sha256=_sha(photo.evidence),
                    thumb_sha256=_sha(photo.thumbnail),
                    added_by=app.actor,
                    origin_device_id=app.device_id,
                )
                s.add(row)
                rows.append(row)
        return rows
    except BaseException:
        media.discard_new(created)
        raise


def _sha(data: bytes) -> str:
    from inspector_app.evidence.media_store import sha256_bytes

    return sha256_bytes(data)


def _check_target(app: App, inspection_id: str | None, item_id: str | None, hazard_id: str | None) -> str | None:
    with app.read() as s:
        if hazard_id is not None:
            hazard = s.get(Hazard, hazard_id)
            if hazard is None:
                raise NotFoundError(f"找不到隐患：{hazard_id}")
            if inspection_id not in (None, hazard.inspection_id):
                raise ValidationError("该隐患不属于所选检查")
            # Re-inspection photos come after the inspection is locked; they attach to the hazard.
            return hazard.inspection_id
        if inspection_id is None:
            raise ValidationError("照片须关联到一次检查或一条隐患")
        inspection = load_inspection(s, inspection_id)
        if inspection.status == InspectionStatus.COMPLETED.value:
            raise StateError("该检查已完成并锁定，不能再添加检查项照片；复查照片请添加到对应隐患")
        if item_id is not None:
            template_of(s, inspection).item(item_id)
        return inspection.id


def photos_of(
    app: App, *, inspection_id: str | None = None, item_id: str | None = None, hazard_id: str | None = None
) -> list[Photo]:
    stmt = select(Photo)
    if inspection_id is not None:
        stmt = stmt.where(Photo.inspection_id == inspection_id)
    if item_id is not None:
        stmt = stmt.where(Photo.item_id == item_id)
    if hazard_id is not None:
        stmt = stmt.where(Photo.hazard_id == hazard_id)
    with app.read() as s:
        return list(s.exec(stmt.order_by(Photo.created_at)))
