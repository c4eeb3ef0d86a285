"""A realistic demo data set, built only through the services so it obeys every rule.

Every record has a fixed id (uuid5 of its role in the demo), so a second run finds them all and adds nothing.
"""

from __future__ import annotations

import io
import tempfile
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import select

from inspector_app.domain import credit_code
from inspector_app.domain.enums import DocumentKind, HazardStatus, Outcome
from inspector_app.services import document_settings, hazards, inspections, photos, registry
from inspector_app.services.context import App
from inspector_app.services.demo_data import (
    ADDRESS_STREETS,
    ENTERPRISES,
    INSPECTORS,
    REGION,
    organisation_code,
)
from inspector_app.services.demo_data import SETTINGS as DEMO_SETTINGS
from inspector_app.services.timeutil import LOCAL_TZ, now_local
from inspector_app.store.models import Enterprise, Hazard, Inspection, Inspector

_NS = uuid.UUID("5b0c3f0e-8f5e-4c1e-9a57-3d2f6c1b7a10")


def demo_id(*parts: object) -> str:
    return str(uuid.uuid5(_NS, "/".join(str(p) for p in parts)))


@dataclass
class Added:
    counts: dict[str, int] = field(default_factory=dict)

    def bump(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        labels = {
            "enterprises": "企业",
            "inspectors": "执法人员",
            "inspections": "检查",
            "hazards": "隐患",
            "photos": "照片",
            "documents": "文书",
        }
        return "，".join(f"{labels.get(k, k)} {v}" for k, v in self.counts.items())


# Per inspection: (enterprise index, days ago, inspector pair, failed item positions, hazard story, completed)
# Stories walk each hazard to a different point of its lifecycle.
# Positions 0-13 are sector items (mostly 重大隐患 criteria), 14-21 general duties (一般隐患).
Plan = tuple[int, int, tuple[int, int], tuple[int, ...], tuple[str, ...], bool]
PLAN: tuple[Plan, ...] = (
    (0, 42, (0, 3), (2, 15), ("closed", "rectifying"), True),
    (2, 35, (2, 0), (1, 17, 19), ("overdue", "review_failed", "closed"), True),
    (3, 20, (1, 2), (16,), ("ordered",), True),
    (4, 12, (2, 3), (5, 14), ("ordered_soon", "rectifying"), True),
    (8, 50, (1, 3), (0, 18), ("closed", "overdue"), True),
    (10, 28, (1, 0), (2, 20), ("review_failed", "ordered"), True),
    (12, 9, (2, 1), (15,), ("ordered_soon",), True),
    (15, 30, (0, 3), (1, 3, 17), ("closed", "closed", "overdue"), True),
    (16, 16, (2, 0), (21,), ("rectifying",), True),
    (19, 6, (2, 3), (0, 14), ("ordered", "ordered_soon"), True),
    (21, 45, (3, 2), (16,), ("closed",), True),
    (23, 25, (0, 2), (1, 19), ("overdue", "closed"), True),
    (25, 14, (2, 3), (18,), ("ordered",), True),
    (26, 8, (1, 0), (4,), ("ordered_soon",), True),
    (1, 0, (0, 3), (3,), ("registered",), False),
    (17, 0, (3, 0), (), (), False),
    # The papers of one visit, issued as they were: 现场检查记录 and 指令书 at the visit, a 复查 after the deadline
    # with 整改后 photos (two items pass, one fails and gets a new deadline), then the 整改复查意见书.
    (5, 24, (0, 1), (2, 14, 15), ("reviewed_pass", "reviewed_fail", "reviewed_pass"), True),
)
FEATURED = len(PLAN) - 1
# What the inspectors wrote beside the failed items of the featured visit (部位、现象).
FEATURED_NOTES = ("二号甲类仓库西侧", "安全管理人员岗位职责文件未明确考核标准", "")


def load(app: App, *, papers: bool = True) -> Added:
    """The demo data; `papers`: also the featured visit's documents (tests of an empty 文书 list go without)."""
    added = Added()
    _settings(app)
    _enterprises(app, added)
    _inspectors(app, added)
    with tempfile.TemporaryDirectory(prefix="inspector-demo-") as tmp:
        for n, plan in enumerate(PLAN):
            _inspection(app, added, n, plan, Path(tmp))
        if papers:
            _featured_papers(app, added, Path(tmp))
    return added


def _settings(app: App) -> None:
    """Real settings where the folder has none yet, so the demo's documents can be issued (never 某某)."""
    unfilled = {e.key for e in document_settings.show(app) if e.placeholder}
    document_settings.save(app, {k: v for k, v in DEMO_SETTINGS.items() if k in unfilled})


def _enterprises(app: App, added: Added) -> None:
    with app.read() as s:
        known = set(s.exec(select(Enterprise.id)))
    for n, (name, sector, town, rep, colour) in enumerate(ENTERPRISES):
        eid = demo_id("enterprise", n)
        if eid in known:
            continue
        first17 = f"91{REGION}{organisation_code(n)}"
        data = registry.EnterpriseInput(
            credit_code=first17 + credit_code.check_character(first17),
            name=name,
            sector=sector,
            township=town,
            address=f"益阳市赫山区{town}{ADDRESS_STREETS[n % len(ADDRESS_STREETS)]}{18 + n * 7}号",
            legal_representative=rep,
            contact_person=rep,
            contact_phone=f"0737-{4200000 + n * 1371}",
            risk_colour=colour,
        )
        registry.create_enterprise(app, data, id=eid)
        added.bump("enterprises")


def _inspectors(app: App, added: Added) -> None:
    with app.read() as s:
        known = set(s.exec(select(Inspector.id)))
    for n, (name, cert, town) in enumerate(INSPECTORS):
        iid = demo_id("inspector", n)
        if iid not in known:
            registry.add_inspector(app, name, cert, "赫山区应急管理局", town, id=iid)
            added.bump("inspectors")


def _inspection(app: App, added: Added, n: int, plan: Plan, tmp: Path) -> None:
    ent_index, days_ago, pair, failed_positions, stories, completed = plan
    insp_id = demo_id("inspection", n)
    with app.read() as s:
        if s.get(Inspection, insp_id) is not None:
            return
    day = now_local().replace(hour=9, minute=30, second=0, microsecond=0) - timedelta(days=days_ago)
    inspection = inspections.start_inspection(
        app,
        demo_id("enterprise", ent_index),
        [demo_id("inspector", i) for i in pair],
        started_at=day,
        id=insp_id,
    )
    added.bump("inspections")
    template = inspections.template_for(app, insp_id)
    sector_items = [i for i in template.items if not i.id.startswith("g-")]
    general_items = [i for i in template.items if i.id.startswith("g-")]
    answered = sector_items[:14] + general_items[:8] if completed else sector_items[:6]
    failed_order = [answered[p].id for p in failed_positions if p < len(answered)]
    failed = set(failed_order)
    for item in answered:
        outcome = (
            Outcome.FAIL
            if item.id in failed
            else (Outcome.NOT_APPLICABLE if zlib.crc32(item.id.encode()) % 9 == 0 else Outcome.PASS)
        )
        note = ""
        if n == FEATURED and item.id in failed:
            note = FEATURED_NOTES[failed_order.index(item.id) % len(FEATURED_NOTES)]
        inspections.record_result(app, insp_id, item.id, outcome, note)
    for k, (item_id, story) in enumerate(zip(failed_order, stories, strict=False)):
        _hazard(app, added, insp_id, item_id, story, day, demo_id("hazard", n, k), tmp, n * 10 + k)
    if completed:
        inspections.complete_inspection(
            app,
            insp_id,
            summary="对照检查表逐项检查，发现问题已当场告知企业负责人并登记隐患。",
            ended_at=day + timedelta(hours=2, minutes=15),
        )
    del inspection


def _hazard(
    app: App, added: Added, insp_id: str, item_id: str, story: str, day: datetime, hid: str, tmp: Path, seed: int
) -> None:
    with app.read() as s:
        if s.get(Hazard, hid) is not None:
            return
    today = now_local().date()
    found_day = day.date()
    deadline = {
        "registered": None,
        "ordered": today + timedelta(days=20),
        "ordered_soon": today + timedelta(days=3),
        "overdue": today - timedelta(days=5),
    }.get(story, found_day + timedelta(days=15))
    if deadline is not None and deadline < found_day:
        deadline = found_day + timedelta(days=1)
    found = day + timedelta(minutes=40 + seed % 50)
    hazards.raise_from_item(app, insp_id, item_id, deadline=deadline, id=hid, found_at=found)
    added.bump("hazards")
    photo = tmp / f"demo-{seed}.jpg"
    photo.write_bytes(_demo_photo(seed, day))
    photos.attach(app, [photo], inspection_id=insp_id, item_id=item_id, hazard_id=hid, caption="隐患部位现场照片")
    added.bump("photos")
    later = day + timedelta(days=10)
    officers = [i.id for i in inspections.inspectors_of(app, insp_id)]
    if story in ("rectifying", "review_failed", "closed"):
        hazards.move(app, hid, HazardStatus.RECTIFYING, note="企业已制定整改方案并开始整改", at=later)
    if story == "closed":
        hazards.review(app, hid, True, note="复查合格，予以销号", officers=officers, at=later + timedelta(days=6))
    if story == "review_failed":
        hazards.review(app, hid, False, note="复查发现整改不到位", officers=officers, at=later + timedelta(days=6))


def _featured_papers(app: App, added: Added, tmp: Path) -> None:
    """The featured visit's documents, each issued at the moment it was in the story, and its 复查."""
    from inspector_app.services import documents

    insp_id = demo_id("inspection", FEATURED)
    inspection = inspections.get_inspection(app, insp_id)
    if any(True for _ in documents.of_inspection(app, insp_id)) or inspection.ended_at is None:
        return
    ended = inspection.ended_at
    found = hazards.of_inspection(app, insp_id)
    majors = [h for h in found if h.level == "major"]
    documents.issue(app, insp_id, DocumentKind.INSPECTION_RECORD, at=ended + timedelta(minutes=5))
    if majors:
        hazards.set_onsite_measures(app, majors[0].id, ["stop_use"], location=FEATURED_NOTES[0] + "涂料调配釜")
        documents.issue(app, insp_id, DocumentKind.ONSITE_DECISION, at=ended + timedelta(minutes=8))
    documents.issue(app, insp_id, DocumentKind.RECTIFICATION_ORDER, at=ended + timedelta(minutes=10))
    review_at = inspection.started_at + timedelta(days=16, hours=1)
    officers = [i.id for i in inspections.inspectors_of(app, insp_id)]
    for k, hazard in enumerate(found):
        after = tmp / f"demo-after-{k}.jpg"
        after.write_bytes(_demo_photo(200 + k, review_at, rectified=True))
        photos.attach(app, [after], hazard_id=hazard.id, stage="after", caption="复查时整改后现场照片")
        added.bump("photos")
        passed = k != 1
        hazards.review(
            app,
            hazard.id,
            passed,
            note="已按要求整改到位" if passed else "整改尚未完成，岗位职责文件仍未修订",
            new_deadline=None if passed else now_local().date() + timedelta(days=12),
            officers=officers,
            at=review_at,
        )
    documents.issue(app, insp_id, DocumentKind.REVIEW_OPINION, at=review_at + timedelta(hours=1))
    added.bump("documents", len(documents.of_inspection(app, insp_id)))


def _demo_photo(seed: int, taken: datetime, *, rectified: bool = False) -> bytes:
    """A plausible site photo: deterministic pixels, EXIF capture time and GPS near 益阳."""
    from PIL import Image, ImageDraw

    width, height = 1600, 1200
    img = Image.new("RGB", (width, height), (120 + seed * 13 % 80, 110 + seed * 7 % 60, 95))
    draw = ImageDraw.Draw(img)
    for k in range(12):
        x = (seed * 97 + k * 131) % width
        y = (seed * 53 + k * 89) % height
        draw.rectangle((x, y, x + 220, y + 90), fill=(60 + k * 12, 70, 80 + k * 9))
    draw.line((0, height - 300, width, height - 360), fill=(230, 200, 40), width=18)
    draw.ellipse(
        (width // 2 - 160, height // 2 - 160, width // 2 + 160, height // 2 + 160), outline=(220, 30, 30), width=14
    )
    if rectified:  # the same place, tidied up: plain ground, a green check instead of the red ring
        draw.rectangle((0, 0, width, height), fill=(150, 160, 150))
        cx, cy, green = width // 2, height // 2, (30, 160, 60)
        draw.line((cx - 200, cy, cx - 40, cy + 160), fill=green, width=30)
        draw.line((cx - 40, cy + 160, cx + 260, cy - 200), fill=green, width=30)
    draw.text((40, 40), f"DEMO SITE PHOTO #{seed:03d}", fill=(255, 255, 255))
    exif = Image.Exif()
    local = taken.astimezone(LOCAL_TZ) + timedelta(minutes=20 + seed % 40)
    exif[0x0132] = local.strftime("%Y:%m:%d %H:%M:%S")
    exif.get_ifd(0x8769)[0x9003] = local.strftime("%Y:%m:%d %H:%M:%S")
    lat, lon = 28.55 + (seed % 17) * 0.004, 112.36 + (seed % 13) * 0.005
    exif.get_ifd(0x8825).update({1: "N", 2: _dms(lat), 3: "E", 4: _dms(lon)})
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=85, exif=exif)
    return buf.getvalue()


def _dms(value: float) -> tuple[float, float, float]:
    deg = int(value)
    minutes = int((value - deg) * 60)
    seconds = round(((value - deg) * 60 - minutes) * 60, 2)
    return (float(deg), float(minutes), seconds)
