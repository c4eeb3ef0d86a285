"""Attach photos as evidence to an inspection, a checklist item or a hazard."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path

from sqlmodel import col, select

from inspector_app.domain.enums import InspectionStatus
from inspector_app.domain.errors import NotFoundError, StateError, ValidationError
from inspector_app.evidence.media_store import media_error, sha256_bytes
from inspector_app.evidence.photos import PreparedPhoto, prepare
from inspector_app.services.context import App
from inspector_app.services.inspections import inspectors_of, load_inspection, template_of
from inspector_app.store.models import Hazard, Inspector, Photo

ProgressFn = Callable[[int, int], bool]
"""Called with (done, total) as each photo is stored; returning False cancels and removes what was stored."""
MAX_WORKERS = 4
STAGE_AFTER = "after"  # 整改后: taken at a 复查


def attach(
    app: App,
    files: Sequence[Path],
    *,
    inspection_id: str | None = None,
    item_id: str | None = None,
    hazard_id: str | None = None,
    caption: str = "",
    progress: ProgressFn | None = None,
    workers: int | None = None,
    taken_by: str | None = None,
    stage: str | None = None,
) -> list[Photo]:
    """All or nothing: if any file fails to decode (or the user cancels), no file and no row is left behind.

    Photos are decoded on `workers` threads (default: one per CPU, at most four) while the files already
    prepared are written to the media store, so a batch from a phone takes about as long as decoding it.
    """
    if not files:
        raise ValidationError("请选择要添加的照片")
    target_inspection, after = _check_target(app, inspection_id, item_id, hazard_id)
    if stage not in (None, "", STAGE_AFTER):
        raise ValidationError(f"未知的照片阶段“{stage}”（可为空或 {STAGE_AFTER}：整改后）")
    photo_stage = (STAGE_AFTER if after else "") if stage is None else stage
    if photo_stage == STAGE_AFTER and hazard_id is None:
        raise ValidationError("整改后照片须关联到隐患（复查时拍摄）")
    photographer = _photographer(app, target_inspection, taken_by)
    media = app.media
    created: list[str] = []
    stored: list[PreparedPhoto] = []
    staging = _staging_folder(app)
    try:
        staged: dict[str, Path] = {}
        for n, photo in enumerate(_prepared(files, workers)):
            for blob in (photo.original, photo.evidence, photo.thumbnail):
                _stage(staging, staged, blob)
            stored.append(photo)
            if progress is not None and not progress(n + 1, len(files)):
                raise ValidationError("已取消，未添加任何照片")
        # One flush to disk for the whole batch, not two fsyncs for each of its files (three per photo).
        media.adopt(list(staged.items()), created)
        with app.write() as s:
            rows = []
            for photo in stored:
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
                    taken_by=photographer,
                    stage=photo_stage,
                    origin_device_id=app.device_id,
                )
                s.add(row)
                rows.append(row)
        return rows
    except BaseException:
        media.discard_new(created)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _staging_folder(app: App) -> Path:
    """A folder under tmp/ (on the media store's disk, so files move in by rename); swept at start if left."""
    try:
        app.data.tmp.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="photos-", dir=app.data.tmp))
    except OSError as exc:
        raise media_error(exc) from exc


def _stage(staging: Path, staged: dict[str, Path], blob: bytes) -> None:
    sha = sha256_bytes(blob)
    if sha in staged:
        return
    path = staging / sha
    try:
        path.write_bytes(blob)
    except OSError as exc:
        raise media_error(exc) from exc
    staged[sha] = path


def _prepared(files: Sequence[Path], workers: int | None) -> Iterator[PreparedPhoto]:
    """The files decoded in order; a few ahead on worker threads (Pillow releases the GIL while it decodes)."""
    count = max(1, min(workers or os.cpu_count() or 1, MAX_WORKERS, len(files)))
    if count == 1:
        for path in files:
            yield prepare(Path(path))
        return
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="photo-prepare") as pool:
        queue = iter(files)
        # Only a few photos ahead: each prepared 12 MP photo holds its original and copies in memory.
        ahead = deque(pool.submit(prepare, Path(path)) for path in islice(queue, count + 1))
        try:
            while ahead:
                photo = ahead.popleft().result()
                following = next(queue, None)
                if following is not None:
                    ahead.append(pool.submit(prepare, Path(following)))
                yield photo
        finally:
            for job in ahead:
                job.cancel()


def _sha(data: bytes) -> str:
    from inspector_app.evidence.media_store import sha256_bytes

    return sha256_bytes(data)


def _photographer(app: App, inspection_id: str | None, given: str | None) -> str:
    """拍摄人 is an inspector of the inspection: the one named, else the operator when he is one of them, else
    the first inspector — never the computer's login name."""
    names = [i.name for i in inspectors_of(app, inspection_id)] if inspection_id else []
    if given is not None:
        name = " ".join(given.split())
        with app.read() as s:
            known = name in names or s.exec(select(Inspector).where(Inspector.name == name)).first() is not None
        if not known:
            raise ValidationError(f"拍摄人“{name}”不是登记的执法人员")
        return name
    if app.actor in names:
        return app.actor
    return names[0] if names else ""


def _check_target(
    app: App, inspection_id: str | None, item_id: str | None, hazard_id: str | None
) -> tuple[str | None, bool]:
    """The inspection the photo belongs to, and whether it is a 复查 photo (on a hazard of a locked inspection)."""
    with app.read() as s:
        if hazard_id is not None:
            hazard = s.get(Hazard, hazard_id)
            if hazard is None:
                raise NotFoundError(f"找不到隐患：{hazard_id}")
            if inspection_id not in (None, hazard.inspection_id):
                raise ValidationError("该隐患不属于所选检查")
            # Re-inspection photos come after the inspection is locked; they attach to the hazard.
            owner = load_inspection(s, hazard.inspection_id)
            return hazard.inspection_id, owner.status == InspectionStatus.COMPLETED.value
        if inspection_id is None:
            raise ValidationError("照片须关联到一次检查或一条隐患")
        inspection = load_inspection(s, inspection_id)
        if inspection.status == InspectionStatus.COMPLETED.value:
            raise StateError("该检查已完成并锁定，不能再添加检查项照片；复查照片请添加到对应隐患")
        if item_id is not None:
            template_of(s, inspection).item(item_id)
        return inspection.id, False


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
        return list(s.exec(stmt.order_by(col(Photo.created_at))))
