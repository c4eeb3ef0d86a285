"""同步 page: export to a folder, import with the dry run shown first, receipts, the conflict list, enrolment.

A bureau and two enrolled devices are built once per module with the services (as in the service round-trip
test) and copied for each test; the windows are real MainWindows over those folders.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from inspector_app.domain.enums import Outcome, Role
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.models.sync_models import (
    ConflictsModel,
    DevicesModel,
    PackagesModel,
    conflict_rows,
    device_rows,
    package_rows,
    report_lines,
)
from inspector_app.services import inspections, registry, reports, setup, sync_export, sync_import, sync_state
from inspector_app.services.context import open_app
from tests.services.helpers import valid_code

click = Qt.MouseButton.LeftButton
AUTHORITY = "测试区应急管理局"
ENTERPRISE = "湘中氯碱化工股份有限公司"


@pytest.fixture(scope="module")
def built_fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fleet")
    bureau_dir = root / "bureau"
    setup.init(bureau_dir, role=Role.BUREAU, authority=AUTHORITY, short="测")
    with open_app(bureau_dir) as bureau:
        registry.create_enterprise(
            bureau,
            registry.EnterpriseInput(
                credit_code=valid_code(1), name=ENTERPRISE, sector="hazardous_chemicals", township="城关镇"
            ),
        )
        registry.add_inspector(bureau, "张三丰", "43090300000001")
        registry.add_inspector(bureau, "李四光", "43090300000002")
        enrolments = [sync_export.enroll_device(bureau, f"乡镇终端{n}", root / f"enrol{n}.pkg") for n in (1, 2)]
    for n, result in enumerate(enrolments, start=1):
        folder = root / f"device{n}"
        setup.init(folder)
        with open_app(folder) as device:
            assert sync_import.import_package(device, result.path).status == "applied"
    return root


@pytest.fixture
def fleet(built_fleet: Path, tmp_path: Path) -> SimpleNamespace:
    """Fresh copies of the bureau and both devices, and an empty folder standing in for the USB stick."""
    for name in ("bureau", "device1", "device2"):
        shutil.copytree(built_fleet / name, tmp_path / name)
    usb = tmp_path / "usb"
    usb.mkdir()
    return SimpleNamespace(bureau=tmp_path / "bureau", d1=tmp_path / "device1", d2=tmp_path / "device2", usb=usb)


@pytest.fixture
def open_window(qtbot, styled_qapp) -> Iterator[Callable[[Path], MainWindow]]:  # type: ignore[no-untyped-def]
    opened: list[MainWindow] = []

    def opener(folder: Path) -> MainWindow:
        win = MainWindow(str(folder), load=False)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        win.load()
        opened.append(win)
        return win

    yield opener
    for win in opened:
        win.runner.wait(10_000)


def _inspect(folder: Path) -> str:
    """A completed inspection with one failed item, made on a device."""
    with open_app(folder) as app:
        enterprise = registry.find_enterprises(app, ENTERPRISE)[0]
        people = registry.list_inspectors(app)
        insp = inspections.start_inspection(app, enterprise.id, [people[0].id, people[1].id]).id
        item = next(i for i in inspections.template_for(app, insp).items if not i.id.startswith("g-"))
        inspections.record_result(app, insp, item.id, Outcome.FAIL, "现场发现")
        inspections.complete_inspection(app, insp)
        return insp


def _choose_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))


def _cells(model, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def _column(model, title: str) -> int:  # type: ignore[no-untyped-def]
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def _rows_by(model, title: str, value: str) -> list[int]:  # type: ignore[no-untyped-def]
    column = _column(model, title)
    return [r for r in range(model.rowCount()) if model.data(model.index(r, column)) == value]


def _export_from_device(qtbot, page, monkeypatch, usb: Path) -> Path:  # type: ignore[no-untyped-def]
    _choose_folder(monkeypatch, usb)
    with qtbot.waitSignal(page.idle, timeout=30_000):
        qtbot.mouseClick(page.export_button, click)
    made = sorted(usb.glob("*.pkg"))
    assert len(made) == 1
    return made[0]


def _import(qtbot, page, monkeypatch, path: Path) -> None:  # type: ignore[no-untyped-def]
    _choose_file(monkeypatch, path)
    with qtbot.waitSignal(page.idle, timeout=30_000):
        qtbot.mouseClick(page.import_button, click)


# -- models -------------------------------------------------------------------------------------------------
def _package(**kw):  # type: ignore[no-untyped-def]
    base = dict(
        id="p1",
        direction="out",
        kind="device_export",
        sender_id="me",
        receiver_id="bureau",
        sequence=1,
        created_at="2026-11-23T02:00:00+00:00",
        processed_at="2026-11-23T02:00:00+00:00",
        acknowledged=False,
        summary={"counts": {"inspection": 1, "photo": 0, "hazard": 2}},
    )
    return SimpleNamespace(**(base | kw))


def test_sync_models_pass_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    names = {"bureau": AUTHORITY, "d1": "乡镇终端1"}
    packages = PackagesModel()
    qtmodeltester.check(packages)
    rows = package_rows(
        [
            _package(),
            _package(id="p2", acknowledged=True, sequence=2, processed_at="2026-11-23T03:00:00+00:00"),
            _package(
                id="p3",
                direction="in",
                kind="bureau_update",
                sender_id="bureau",
                receiver_id="me",
                summary={"counts": {"enterprise": {"added": 3, "unchanged": 1}, "task": {"updated": 1}}},
            ),
        ],
        names,
        bureau=False,
    )
    packages.set_rows(rows)
    qtmodeltester.check(packages)
    assert [packages.headerData(c, Qt.Orientation.Horizontal) for c in range(packages.columnCount())] == [
        "方向",
        "类型",
        "对方",
        "序号",
        "时间",
        "局端回执",
        "内容",
    ]
    assert _cells(packages, 0) == ["导出", "终端数据", AUTHORITY, "1", "2026-11-23 10:00", "待回执", "检查 1 · 隐患 2"]
    assert _cells(packages, 1)[5] == "✓"
    assert _cells(packages, 2)[:3] == ["导入", "局端更新", AUTHORITY]
    assert _cells(packages, 2)[5:] == ["", "新增 3 · 更新 1 · 未变 1"]
    assert "企业：新增 3，未变 1" in packages.data(packages.index(2, 6), Qt.ItemDataRole.ToolTipRole)
    assert packages.rowCount(packages.index(0, 0)) == 0

    at_bureau = package_rows(
        [
            _package(
                id="in1", direction="in", sender_id="d1", receiver_id="b", processed_at="2026-11-23T01:00:00+00:00"
            ),
            _package(id="out1", kind="bureau_update", sender_id="b", receiver_id="d1"),
            _package(
                id="in2", direction="in", sender_id="d1", receiver_id="b", processed_at="2026-11-23T04:00:00+00:00"
            ),
        ],
        names,
        bureau=True,
    )
    assert [r["receipt"] for r in at_bureau] == [True, None, False]

    conflict = SimpleNamespace(
        id="c1",
        package_id="p3",
        entity="enterprise",
        record_id="e-123456789",
        reason="统一社会信用代码相同而名称不同",
        local_json=json.dumps({"name": "甲", "township": "城关镇"}),
        incoming_json=json.dumps({"name": "乙", "township": "城关镇"}),
        created_at=None,
        resolved_at=None,
        resolution="",
    )
    conflicts = ConflictsModel()
    qtmodeltester.check(conflicts)
    conflicts.set_rows(
        conflict_rows([conflict, SimpleNamespace(**(vars(conflict) | {"id": "c2", "local_json": ""}))], {"p3": "x"})
    )
    qtmodeltester.check(conflicts)
    assert _cells(conflicts, 0) == ["企业", "乙（e-123456）", "统一社会信用代码相同而名称不同", "x", "待核对"]

    devices = DevicesModel()
    qtmodeltester.check(devices)
    devices.set_rows(
        device_rows(
            [
                {"id": "d1", "name": "乡镇终端1", "role": "device", "enrolled_at": "2026-11-23T01:00:00+00:00",
                 "last_received_at": "2026-11-23T03:00:00+00:00", "last_sent_at": "2026-11-23T02:00:00+00:00"},
                {"id": "d2", "name": "乡镇终端2", "role": "device", "enrolled_at": "2026-11-23T01:00:00+00:00",
                 "last_received_at": None, "last_sent_at": "2026-11-23T02:00:00+00:00"},
                {"id": "b", "name": "局", "role": "bureau", "enrolled_at": None,
                 "last_received_at": None, "last_sent_at": None},
            ]
        )
    )  # fmt: skip
    qtmodeltester.check(devices)
    assert devices.rowCount() == 2
    assert _cells(devices, 0)[4] == "待发出" and _cells(devices, 1)[4] == ""


def test_report_lines_name_record_kinds_in_words() -> None:
    report = sync_import.ImportReport(
        "pkg-1", "device_export", "乡镇终端1", "dry-run", {"inspection": {"added": 1}, "hazard": {"updated": 2}}, 1
    )
    lines = report_lines(report)
    assert lines[0].startswith("预演（未写入）：终端数据 数据包 pkg-1")
    assert lines[1:3] == ["  检查：新增 1", "  隐患：更新 2"]
    assert "inspector-app" not in lines[-1] and "冲突" in lines[-1]


# -- the page -----------------------------------------------------------------------------------------------
def test_round_trip_export_import_and_receipt(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, open_window, fleet, monkeypatch, answer_prompts, no_error_boxes
) -> None:
    inspection_id = _inspect(fleet.d1)
    device = open_window(fleet.d1)
    page = device.show_page("sync")
    assert AUTHORITY in page.enrolment_label.text() and not page.enrol_hint.isVisible()
    assert page.name_label.text() == "乡镇终端1" and page.export_button.isEnabled()
    assert page.pending_label.text() == "尚未导出过数据包"

    package = _export_from_device(qtbot, page, monkeypatch, fleet.usb)
    assert no_error_boxes == []
    assert package.name.startswith("乡镇终端1-") and package.suffix == ".pkg"
    assert str(package) in page.message.text() and "检查 1" in page.message.text()
    exported = _rows_by(page.packages_model, "方向", "导出")
    assert len(exported) == 1
    assert _cells(page.packages_model, exported[0])[5] == "待回执"
    assert "检查 1" in page.pending_label.text()

    bureau = open_window(fleet.bureau)
    desk = bureau.show_page("sync")
    assert not desk.export_button.isVisible() and desk.tabs.count() == 3
    _import(qtbot, desk, monkeypatch, package)
    assert no_error_boxes == []
    assert len(answer_prompts) == 1
    title, text = answer_prompts[0]
    assert title == "导入数据包" and "预演（未写入）" in text and "检查：新增 1" in text
    assert any(r["id"] == inspection_id for r in reports.list_inspections(bureau.app))  # type: ignore[arg-type]
    assert "已导入" in desk.message.text()
    received = _rows_by(desk.packages_model, "方向", "导入")
    assert len(received) == 1 and _cells(desk.packages_model, received[0])[2] == "乡镇终端1"
    assert _cells(desk.packages_model, received[0])[5] == "待回执"  # the bureau owes the receipt
    owed = desk.devices_model.find(device.app.device_id)  # type: ignore[union-attr]
    assert owed is not None and desk.devices_model.row(owed)["receipt_owed"]
    assert "乡镇终端1" in desk.pending_label.text()

    back = fleet.usb / "back"
    back.mkdir()
    desk.devices_view.selectRow(owed)
    assert desk.export_device_button.isEnabled()
    _choose_folder(monkeypatch, back)
    with qtbot.waitSignal(desk.idle, timeout=30_000):
        qtbot.mouseClick(desk.export_device_button, click)
    assert no_error_boxes == []
    update = sorted(back.glob("*.pkg"))
    assert len(update) == 1 and update[0].name.startswith("乡镇终端1-局端更新-")
    assert _cells(desk.packages_model, _rows_by(desk.packages_model, "方向", "导入")[0])[5] == "✓"
    assert not desk.devices_model.row(owed)["receipt_owed"]

    _import(qtbot, page, monkeypatch, update[0])
    assert no_error_boxes == []
    assert len(answer_prompts) == 2 and "局端更新" in answer_prompts[1][1]
    assert "回执" in page.message.text()
    exported = _rows_by(page.packages_model, "方向", "导出")
    assert [_cells(page.packages_model, r)[5] for r in exported] == ["✓"]
    assert page.pending_label.text().startswith("无")
    assert sync_state.pending(device.app) == {}  # type: ignore[arg-type]

    for model in (page.packages_model, page.conflicts_model, desk.packages_model, desk.devices_model):
        assert model.rowCount() > 0 or model is page.conflicts_model
        qtmodeltester.check(model)


def test_a_cancelled_confirmation_imports_nothing(  # type: ignore[no-untyped-def]
    qtbot, open_window, fleet, monkeypatch, no_error_boxes
) -> None:
    inspection_id = _inspect(fleet.d1)
    with open_app(fleet.d1) as app:
        package = sync_export.export_for_bureau(app, fleet.usb / "d1.pkg").path
    asked: list[str] = []

    def decline(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return False

    monkeypatch.setattr("inspector_app.gui.prompts.confirm", decline)
    bureau = open_window(fleet.bureau)
    desk = bureau.show_page("sync")
    _import(qtbot, desk, monkeypatch, package)
    assert no_error_boxes == []
    assert len(asked) == 1 and "检查：新增 1" in asked[0]
    assert not any(r["id"] == inspection_id for r in reports.list_inspections(bureau.app))  # type: ignore[arg-type]
    assert sync_state.packages(bureau.app) == [p for p in sync_state.packages(bureau.app) if p.direction == "out"]  # type: ignore[arg-type]
    assert _rows_by(desk.packages_model, "方向", "导入") == []
    assert "已取消" in desk.message.text()
    assert desk.import_button.isEnabled()


def test_a_conflict_is_listed_side_by_side_and_marked_checked(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, open_window, fleet, monkeypatch, answer_prompts, no_error_boxes
) -> None:
    code = valid_code(99)
    packages = []
    for n, folder in enumerate((fleet.d1, fleet.d2), start=1):
        with open_app(folder) as app:
            registry.create_enterprise(
                app,
                registry.EnterpriseInput(
                    credit_code=code, name=f"新登记企业（终端{n}的写法）", sector="construction", township="城关镇"
                ),
            )
            packages.append(sync_export.export_for_bureau(app, fleet.usb / f"new{n}.pkg").path)
    bureau = open_window(fleet.bureau)
    desk = bureau.show_page("sync")
    assert desk.tabs.tabText(desk.tabs.indexOf(desk.conflicts_tab)) == "冲突清单"
    for package in packages:
        _import(qtbot, desk, monkeypatch, package)
    assert no_error_boxes == []
    assert "冲突" in answer_prompts[1][1]  # the dry run said so before anything was written
    assert desk.tabs.currentWidget() is desk.conflicts_tab
    assert desk.tabs.tabText(desk.tabs.indexOf(desk.conflicts_tab)) == "冲突清单（1）"
    model = desk.conflicts_model
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    kind, record, reason, source, status = _cells(model, 0)
    assert kind == "企业" and "终端2的写法" in record and "统一社会信用代码" in reason
    assert source.startswith("乡镇终端2") and status == "待核对"
    assert not desk.resolve_button.isEnabled()
    desk.conflicts_view.selectRow(0)
    assert "终端1的写法" in desk.local_view.toPlainText()
    assert "终端2的写法" in desk.incoming_view.toPlainText()
    assert desk.conflict_fields.text() == "不一致的字段：name"
    assert desk.incoming_view.extraSelections()  # the differing lines are marked
    assert desk.resolve_button.isEnabled()

    qtbot.mouseClick(desk.resolve_button, click)
    dialog = desk.findChild(QInputDialog, "resolve_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("已电话核实，以终端1为准")
    dialog.accept()
    assert model.rowCount() == 0
    assert desk.tabs.tabText(desk.tabs.indexOf(desk.conflicts_tab)) == "冲突清单"
    stored = sync_state.conflicts(bureau.app, open_only=False)  # type: ignore[arg-type]
    assert len(stored) == 1 and stored[0].resolution == "已电话核实，以终端1为准" and stored[0].resolved_at
    desk.show_resolved.setChecked(True)
    assert model.rowCount() == 1 and _cells(model, 0)[4] == "已核对"
    desk.conflicts_view.selectRow(0)
    assert "以终端1为准" in desk.conflict_reason.text() and not desk.resolve_button.isEnabled()
    qtmodeltester.check(model)


def test_enrol_a_new_device_at_the_bureau_and_import_it_on_the_device(  # type: ignore[no-untyped-def]
    qtbot, open_window, fleet, tmp_path, monkeypatch, answer_prompts, no_error_boxes
) -> None:
    fresh = tmp_path / "fresh"
    setup.init(fresh)
    device = open_window(fresh)
    page = device.show_page("sync")
    assert page.enrol_hint.isVisible() and "请导入局端提供的登记数据包" in page.enrol_hint.text()
    assert page.enrolment_label.text() == "未登记" and not page.export_button.isEnabled()

    bureau = open_window(fleet.bureau)
    desk = bureau.show_page("sync")
    desk.tabs.setCurrentWidget(desk.devices_tab)
    assert desk.devices_model.rowCount() == 2
    qtbot.mouseClick(desk.enrol_button, click)
    dialog = desk.findChild(QInputDialog, "enrol_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("城关镇安监办-1")
    _choose_folder(monkeypatch, fleet.usb)
    with qtbot.waitSignal(desk.idle, timeout=30_000):
        dialog.accept()
    assert no_error_boxes == []
    enrolment = sorted(fleet.usb.glob("*.pkg"))
    assert len(enrolment) == 1 and enrolment[0].name.startswith("城关镇安监办-1-登记-")
    assert desk.devices_model.rowCount() == 3 and "密钥" in desk.message.text()
    chosen = desk.devices_model.row(desk.devices_view.selectionModel().selectedRows()[0].row())
    assert chosen["name"] == "城关镇安监办-1"

    _import(qtbot, page, monkeypatch, enrolment[0])
    assert no_error_boxes == []
    assert "终端登记" in answer_prompts[0][1]
    assert device.app.device_id == chosen["id"]  # type: ignore[union-attr]
    assert page.enrolment_label.text() == f"已登记到 {AUTHORITY}" and not page.enrol_hint.isVisible()
    assert page.name_label.text() == "城关镇安监办-1" and page.export_button.isEnabled()
    assert device.status_label.text() == f"终端 {chosen['id'][:8]}"


def test_a_package_that_is_not_for_this_folder_is_refused_with_a_message(  # type: ignore[no-untyped-def]
    qtbot, open_window, fleet, monkeypatch, answer_prompts, no_error_boxes
) -> None:
    with open_app(fleet.d2) as app:
        package = sync_export.export_for_bureau(app, fleet.usb / "d2.pkg").path
    device = open_window(fleet.d1)
    page = device.show_page("sync")
    _import(qtbot, page, monkeypatch, package)
    assert len(no_error_boxes) == 1 and "局端" in no_error_boxes[0]
    assert answer_prompts == []
    assert page.import_button.isEnabled() and page.export_button.isEnabled()
    junk = fleet.usb / "junk.pkg"
    junk.write_bytes(b"not a package")
    _import(qtbot, page, monkeypatch, junk)
    assert len(no_error_boxes) == 2 and "不是有效的数据包" in no_error_boxes[1] and answer_prompts == []
    assert _rows_by(page.packages_model, "方向", "导入") == [_rows_by(page.packages_model, "类型", "终端登记")[0]]


def test_cancelling_the_check_imports_nothing(  # type: ignore[no-untyped-def]
    qtbot, open_window, fleet, monkeypatch, answer_prompts, no_error_boxes
) -> None:
    inspection_id = _inspect(fleet.d1)
    with open_app(fleet.d1) as app:
        package = sync_export.export_for_bureau(app, fleet.usb / "d1.pkg").path
    release = threading.Event()
    real = sync_import.import_package

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_import, "import_package", slow)
    bureau = open_window(fleet.bureau)
    desk = bureau.show_page("sync")
    _choose_file(monkeypatch, package)
    with qtbot.waitSignal(desk.idle, timeout=30_000):
        qtbot.mouseClick(desk.import_button, click)
        assert not desk.import_button.isEnabled()  # one piece of work at a time
        desk.task.control.cancel()  # what 取消 in the progress dialog does
        release.set()
    assert no_error_boxes == [] and answer_prompts == []
    assert "已取消" in desk.message.text() and desk.import_button.isEnabled()
    assert not any(r["id"] == inspection_id for r in reports.list_inspections(bureau.app))  # type: ignore[arg-type]
