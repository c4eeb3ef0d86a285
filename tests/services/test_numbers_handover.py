"""A device that numbered on its own (1, 2, 3 … under its own 代字, the bureau's too) is enrolled: from then on
neither it, nor another device, nor the bureau issues a 文号 already used. Real packages, real documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspector_app.domain.enums import DocumentKind, Outcome, Role
from inspector_app.domain.errors import StateError
from inspector_app.services import documents, health, inspections, numbers, setup, sync_export, sync_import
from inspector_app.services.context import App, open_app
from inspector_app.services.timeutil import today
from tests.services.helpers import started

KIND = DocumentKind.INSPECTION_RECORD
HESHAN = {
    "authority": "益阳市赫山区应急管理局",
    "short": "赫",
    "remedy_government": "益阳市赫山区人民政府",
    "remedy_court": "益阳市赫山区人民法院",
}


def _take(app: App) -> str:
    with app.write() as s:
        return numbers.take(s, app, KIND, today().year).number


def _issue_alone(app: App, count: int) -> list[str]:
    insp = started(app)
    item = inspections.template_for(app, insp).items[0]
    inspections.record_result(app, insp, item.id, Outcome.PASS)
    inspections.complete_inspection(app, insp)
    return [documents.issue(app, insp, KIND, new=True).document.number for _ in range(count)]


def _enrol(bureau_dir: Path, name: str, out: Path) -> sync_export.Exported:
    with open_app(bureau_dir) as bureau:
        return sync_export.enroll_device(bureau, f"乡镇终端{name}", out)


def _import(folder: Path, package: Path) -> None:
    with open_app(folder) as app:
        assert sync_import.import_package(app, package).status == "applied"


@pytest.mark.parametrize("enrolled_first", ["the lone device", "another device"])
def test_enrolment_hands_numbering_to_the_bureau_without_a_collision(tmp_path: Path, enrolled_first: str) -> None:
    year = today().year
    bureau_dir, lone, other, late = (tmp_path / n for n in ("bureau", "lone", "other", "late"))
    setup.init(bureau_dir, role=Role.BUREAU, **HESHAN)
    setup.init(lone, **HESHAN)  # set up alone with the bureau's own 代字
    with open_app(lone) as app:
        alone = _issue_alone(app, 3)
    assert alone == [f"（赫）应急检记〔{year}〕{n}号" for n in (1, 2, 3)]

    names = ("lone", "other") if enrolled_first == "the lone device" else ("other", "lone")
    packages = {name: _enrol(bureau_dir, name, tmp_path / f"enrol-{name}.pkg") for name in names}
    setup.init(other)
    _import(other, packages["other"].path)
    _import(lone, packages["lone"].path)

    issued = list(alone)
    with open_app(lone) as app:
        after = [_take(app) for _ in range(2)]
        assert numbers.status(app, year)[0].source == "bureau"
        handed = sync_export.export_for_bureau(app, tmp_path / "lone.pkg")
    issued += after
    with open_app(bureau_dir) as bureau:
        assert sync_import.import_package(bureau, handed.path).status == "applied"
        issued += [_take(bureau) for _ in range(3)]
        to_other = sync_export.export_for_device(bureau, packages["other"].device_id, tmp_path / "to-other.pkg")
        assert health.check(bureau) == []
    _import(other, to_other.path)
    with open_app(other) as app:
        from_other = [_take(app) for _ in range(5)]
    issued += from_other
    setup.init(late)  # a device enrolled after the handover
    _import(late, _enrol(bureau_dir, "late", tmp_path / "enrol-late.pkg").path)
    with open_app(late) as app:
        issued += [_take(app) for _ in range(3)]

    assert len(issued) == len(set(issued)), sorted(issued)
    assert all(re.fullmatch(rf"（赫）应急检记〔{year}〕[1-9][0-9]*号", n) for n in issued), issued
    # Whoever holds the range that starts at 1 passes over the three serials used before enrolment.
    holder = after if enrolled_first == "the lone device" else from_other
    assert holder[0] == f"（赫）应急检记〔{year}〕4号"


def test_an_enrolled_device_without_a_range_for_the_year_refuses_rather_than_number_alone(tmp_path: Path) -> None:
    bureau_dir, device = tmp_path / "bureau", tmp_path / "device"
    setup.init(bureau_dir, role=Role.BUREAU, **HESHAN)
    setup.init(device)
    _import(device, _enrol(bureau_dir, "1", tmp_path / "enrol.pkg").path)
    with open_app(device) as app:
        with pytest.raises(StateError, match="文号由局端分配"), app.write() as s:
            numbers.take(s, app, KIND, today().year + 1)
        assert _take(app) == f"（赫）应急检记〔{today().year}〕1号"
