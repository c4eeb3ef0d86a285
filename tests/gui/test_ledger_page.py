"""隐患台账 page and its lazy model: filters driven like a user, sorting, export, 复查, statistics, and scale."""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QHeaderView, QTableView

from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.models import ledger_model
from inspector_app.gui.models.ledger_model import COLUMNS, PAGE_SIZE, LedgerModel
from inspector_app.gui.pages.ledger import LedgerPage
from inspector_app.services import demo, ledger, reports, setup
from inspector_app.services.context import App, open_app
from inspector_app.services.ledger import LedgerFilter
from tests.gui.conftest import type_text
from tests.services.ledger_bulk import bulk_insert_hazards

# ---- fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ledger-gui-demo") / "data"
    setup.init(folder, authority="测试县应急管理局", short="测")
    with open_app(folder) as app:
        demo.load(app)
    return folder


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """Overrides the conftest fixture: the same demo data, copied instead of rebuilt for every test."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    return folder


def open_ledger(qtbot, window: MainWindow) -> LedgerPage:  # type: ignore[no-untyped-def]
    page = window.show_page("ledger")
    assert isinstance(page, LedgerPage)
    qtbot.waitUntil(lambda: page.keys_task is None and page.model.rowCount() == 28, timeout=15_000)
    return page


def wait_count(qtbot, page: LedgerPage, n: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.keys_task is None and page.count_label.text() == f"共 {n:,} 条", timeout=15_000)
    assert page.model.rowCount() == n


def column(name: str) -> int:
    return next(n for n, c in enumerate(COLUMNS) if c.key == name)


def shown(page: LedgerPage, key: str) -> list[str]:
    c = column(key)
    return [page.model.index(r, c).data() for r in range(page.model.rowCount())]


# ---- the model --------------------------------------------------------------------------------------------------


def test_ledger_model_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.app is not None
    model = LedgerModel(window.app)
    model.load()
    assert model.rowCount() == 28
    qtmodeltester.check(model)
    # The tester stays attached: sorting (a layout change) and a new filter (a reset) must also pass.
    model.sort(column("enterprise_name"), Qt.SortOrder.AscendingOrder)
    model.load(LedgerFilter(township="青山乡"))
    assert model.rowCount() == 6
    model.invalidate()
    model.set_keys([])
    qtmodeltester.check(model)


def test_model_cells_tints_and_tooltips(window: MainWindow) -> None:
    assert window.app is not None
    model = LedgerModel(window.app)
    model.load(LedgerFilter(overdue_only=True))
    assert model.rowCount() == 8
    index = model.index(0, column("due"))
    assert index.data().startswith("逾期") and index.data().endswith("天")
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == ledger_model.OVERDUE_BRUSH
    tip = model.index(0, column("description")).data(Qt.ItemDataRole.ToolTipRole)
    row = model.row_data(0)
    assert row is not None and row["description"] in tip and "整改措施" in tip and "已逾期" in tip
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == row["id"]
    model.load(LedgerFilter(status="closed"))
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "发现日期"


def test_a_deleted_hazard_shows_as_such(window: MainWindow) -> None:
    assert window.app is not None
    model = LedgerModel(window.app)
    keys = list(ledger.ledger_keys(window.app))
    model.set_keys([*keys[:3], 987_654_321])
    assert model.index(3, 0).data() == "（该隐患已删除）"
    assert model.row_data(3) is None and model.row_data(2) is not None


# ---- the page: filters ------------------------------------------------------------------------------------------


def test_choosing_a_township_changes_the_count_and_the_rows(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_ledger(qtbot, window)
    assert page.count_label.text() == "共 28 条"
    assert [page.township.itemText(i) for i in range(page.township.count())] == [
        "全部乡镇",
        "城关镇",
        "河东街道",
        "青山乡",
    ]
    page.township.setCurrentIndex(page.township.findText("青山乡"))
    wait_count(qtbot, page, 6)
    assert set(shown(page, "township")) == {"青山乡"}
    page.township.setCurrentIndex(page.township.findText("河东街道"))
    wait_count(qtbot, page, 11)
    assert set(shown(page, "township")) == {"河东街道"}


def test_every_filter_widget_narrows_the_ledger(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_ledger(qtbot, window)
    assert window.app is not None
    reference = reports.list_hazards(window.app)

    page.sector.setCurrentIndex(page.sector.findData("construction"))
    wait_count(qtbot, page, 7)
    assert set(shown(page, "sector_label")) == {"建筑施工"}
    page.sector.setCurrentIndex(0)

    page.level.setCurrentIndex(page.level.findData("major"))
    wait_count(qtbot, page, sum(r["level"] == "major" for r in reference))
    assert set(shown(page, "level_label")) == {"重大隐患"}
    page.level.setCurrentIndex(0)

    page.status.setCurrentIndex(page.status.findData(ledger.STATUS_OPEN))
    wait_count(qtbot, page, 19)
    assert "复查合格销号" not in shown(page, "status_label")
    page.status.setCurrentIndex(page.status.findData("review_failed"))
    wait_count(qtbot, page, 2)
    page.status.setCurrentIndex(0)
    wait_count(qtbot, page, 28)

    qtbot.mouseClick(page.overdue, Qt.MouseButton.LeftButton)
    assert page.overdue.isChecked()
    wait_count(qtbot, page, 8)
    assert all(text.startswith("逾期") for text in shown(page, "due"))

    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    wait_count(qtbot, page, 28)
    assert not page.overdue.isChecked()

    needle = "河东液化气"
    type_text(page.search, needle)
    wait_count(qtbot, page, sum(needle in r["enterprise_name"] for r in reference))
    assert all(needle in name for name in shown(page, "enterprise_name"))


def test_found_date_range_with_不限(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_ledger(qtbot, window)
    assert page.found_from.text() == "不限" and page.found_from.value() is None
    assert window.app is not None
    found = sorted(date.fromisoformat(r["found_at"][:10]) for r in reports.list_hazards(window.app))
    cut = found[len(found) // 2]
    page.found_from.set_value(cut)
    wait_count(qtbot, page, sum(d >= cut for d in found))
    assert min(shown(page, "found_date")) >= cut.isoformat()
    page.found_to.set_value(cut)
    wait_count(qtbot, page, sum(d == cut for d in found))
    page.found_to.set_value(cut - timedelta(days=1))  # 起 after 止: nothing is queried, the user is told
    qtbot.waitUntil(lambda: "起始日期不能晚于截止日期" in page.message.text(), timeout=5_000)
    page.found_from.set_value(None)
    wait_count(qtbot, page, sum(d <= cut - timedelta(days=1) for d in found))
    assert page.message.text() == ""


def test_the_key_query_runs_off_the_gui_thread(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    page = open_ledger(qtbot, window)
    threads: list[bool] = []
    real = ledger.ledger_keys

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger, "ledger_keys", spy)
    page.level.setCurrentIndex(page.level.findData("general"))
    qtbot.waitUntil(lambda: bool(threads) and page.keys_task is None, timeout=10_000)
    assert threads == [False]


# ---- the page: sorting and selection ----------------------------------------------------------------------------


def click_header(qtbot, page: LedgerPage, section: int) -> None:  # type: ignore[no-untyped-def]
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_clicking_a_header_sorts_through_the_service_and_keeps_the_selection(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_ledger(qtbot, window)
    page.view.selectRow(4)
    chosen = page.selected_hazard()
    assert chosen is not None
    click_header(qtbot, page, column("enterprise_name"))
    qtbot.waitUntil(lambda: page.model.sort_column == ledger.SORT_ENTERPRISE and page.keys_task is None, timeout=10_000)
    names = shown(page, "enterprise_name")
    assert names == sorted(names)
    assert page.selected_hazard() == chosen, "the selection follows its hazard through a sort"
    click_header(qtbot, page, column("enterprise_name"))
    qtbot.waitUntil(lambda: page.model.descending and page.keys_task is None, timeout=10_000)
    assert shown(page, "enterprise_name") == sorted(names, reverse=True)
    header = page.view.horizontalHeader()
    assert header.sortIndicatorSection() == column("enterprise_name")
    # The description cannot be sorted: the click changes nothing and the arrow goes back.
    click_header(qtbot, page, column("description"))
    qtbot.waitUntil(lambda: header.sortIndicatorSection() == column("enterprise_name"), timeout=5_000)
    assert page.model.sort_column == ledger.SORT_ENTERPRISE
    # Sorting by 状态 orders by the lifecycle, not the alphabet.
    click_header(qtbot, page, column("status_label"))
    qtbot.waitUntil(lambda: page.model.sort_column == ledger.SORT_STATUS and page.keys_task is None, timeout=10_000)
    statuses = shown(page, "status_label")
    assert statuses[0] == "登记" and statuses[-1] == "复查合格销号"


def test_table_is_set_up_for_a_million_rows(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_ledger(qtbot, window)
    view = page.view
    assert view.isSortingEnabled()
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert not view.wordWrap()


# ---- the page: 复查 ----------------------------------------------------------------------------------------------


def test_review_button_opens_the_review_for_the_selected_enterprise(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    monkeypatch.setattr(window, "open_review", opened.append, raising=False)
    page = open_ledger(qtbot, window)
    assert not page.review_button.isEnabled()
    statuses = [page.model.row_data(r)["status"] for r in range(25)]  # type: ignore[index]
    closed = statuses.index("closed")
    page.view.selectRow(closed)
    assert not page.review_button.isEnabled(), "a closed hazard needs no 复查"
    ordered = statuses.index("ordered")
    page.view.selectRow(ordered)
    assert page.review_button.isEnabled()
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    row = page.model.row_data(ordered)
    assert row is not None and opened == [row["enterprise_id"]]


def test_without_a_review_dialog_the_button_stays_off(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delattr(MainWindow, "open_review", raising=False)
    page = open_ledger(qtbot, window)
    page.view.selectRow([page.model.row_data(r)["status"] for r in range(25)].index("ordered"))  # type: ignore[index]
    assert not page.review_button.isEnabled()
    page.review_selected()  # a double-click must not fail either


# ---- the page: statistics ---------------------------------------------------------------------------------------


def test_statistics_tab_shows_rates_overdue_and_charts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_ledger(qtbot, window)
    assert page.stats_panel is None, "statistics are worked out only when their tab is opened"
    page.show_stats()
    qtbot.waitUntil(lambda: page.stats_panel is not None and page.stats_panel.stats is not None, timeout=10_000)
    panel = page.stats_panel
    assert panel is not None
    assert panel.rate_label.text() == "32.1%"  # 9 of 28
    assert panel.overdue_label.text() == "8"
    chart = panel.township_view.chart()
    series = chart.series()[0]
    sets = {s.label(): [s.at(i) for i in range(s.count())] for s in series.barSets()}
    assert sets == {"发现": [11, 11, 6], "已整改销号": [6, 2, 1], "逾期": [3, 3, 2]}
    assert chart.axes(Qt.Orientation.Horizontal)[0].categories() == ["城关镇", "河东街道", "青山乡"]
    sector_sets = {
        s.label(): [s.at(i) for i in range(s.count())] for s in panel.sector_view.chart().series()[0].barSets()
    }
    assert sector_sets["发现"] == [5, 12, 7, 4] and sector_sets["已整改销号"] == [1, 4, 3, 1]
    assert panel.township_table.item(0, 5).text() == "54.5%"  # 城关镇: 6 of 11
    # A new filter refreshes the figures while the tab is open.
    page.township.setCurrentIndex(page.township.findText("青山乡"))
    qtbot.waitUntil(lambda: panel.stats is not None and panel.stats.total.found == 6, timeout=10_000)
    assert panel.rate_label.text() == "16.7%" and panel.overdue_label.text() == "2"


# ---- the page: export -------------------------------------------------------------------------------------------


def test_export_excel_from_the_page(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer_prompts
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def save_as(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "台账导出"), ""  # no suffix typed: the page adds .xlsx

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    page = open_ledger(qtbot, window)
    page.township.setCurrentIndex(page.township.findText("城关镇"))
    wait_count(qtbot, page, 11)
    qtbot.mouseClick(page.export_xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.export_task is None and bool(answer_prompts), timeout=15_000)
    assert Path(asked[0]).name.startswith("隐患台账-城关镇-") and asked[0].endswith(".xlsx")
    target = tmp_path / "台账导出.xlsx"
    from tests.services.test_ledger import read_sheet

    rows = read_sheet(target)
    # Title, authority and period, dates, the header, 11 hazards and the 填表人 line.
    assert rows[0][0] == "隐患排查治理台账" and rows[3][:3] == ["序号", "发现日期", "企业名称"] and len(rows) == 16
    assert {r[4] for r in rows[4:-1]} == {"城关镇"}
    assert answer_prompts[0][0] == "导出完成" and "11 条" in answer_prompts[0][1]
    assert page.export_xlsx_button.isEnabled()


def test_export_csv_from_the_page(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer_prompts
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "ledger.csv"), ""))
    page = open_ledger(qtbot, window)
    qtbot.mouseClick(page.export_csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.export_task is None and bool(answer_prompts), timeout=15_000)
    raw = (tmp_path / "ledger.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序号", "发现日期", "企业名称"] and len(rows) == 29


def test_closing_the_save_dialog_exports_nothing(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    page = open_ledger(qtbot, window)
    qtbot.mouseClick(page.export_csv_button, Qt.MouseButton.LeftButton)
    assert page.export_task is None


def test_cancelling_an_export_from_the_progress_dialog(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer_prompts
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "slow.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    started = threading.Event()

    def slow_export(app: App, flt: Any, path: str, progress: Any, **_kw: Any) -> ledger.ExportResult:
        done = 0
        deadline = time.monotonic() + 10
        while progress(done, 1_000) and time.monotonic() < deadline:
            started.set()
            done = min(done + 1, 999)
            time.sleep(0.005)
        return ledger.ExportResult(Path(path), 0, 1_000, cancelled=True)

    monkeypatch.setattr(ledger, "export_ledger", slow_export)
    page = open_ledger(qtbot, window)
    qtbot.mouseClick(page.export_xlsx_button, Qt.MouseButton.LeftButton)
    assert page.export_task is not None and not page.export_xlsx_button.isEnabled()
    qtbot.waitUntil(started.is_set, timeout=5_000)
    page.export_task.dialog.canceled.emit()  # what the dialog's 取消 button does
    qtbot.waitUntil(lambda: page.export_task is None, timeout=10_000)
    assert page.message.text() == "已取消导出，未生成文件"
    assert answer_prompts == [] and not target.exists()


def test_export_errors_reach_the_user(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_error_boxes
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "missing" / "x.csv"), ""))
    page = open_ledger(qtbot, window)
    qtbot.mouseClick(page.export_csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.export_task is None, timeout=10_000)
    assert len(no_error_boxes) == 1 and "文件夹不存在" in no_error_boxes[0]


# ---- scale ------------------------------------------------------------------------------------------------------

BIG = 200_000


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ledger-200k") / "data"
    started = time.perf_counter()
    bulk_insert_hazards(folder, BIG)
    print(f"\nbulk insert of {BIG:,} hazards: {time.perf_counter() - started:.2f}s")
    return folder


class FetchSpy:
    def __init__(self, app: App) -> None:
        self.app = app
        self.calls: list[int] = []

    def __call__(self, keys: Any) -> list[dict[str, Any]]:
        self.calls.append(len(keys))
        return ledger.ledger_rows(self.app, keys)

    @property
    def rows(self) -> int:
        return sum(self.calls)


def open_lazily(app: App, qtbot) -> tuple[LedgerModel, FetchSpy, QTableView, dict[str, float]]:  # type: ignore[no-untyped-def]
    spy = FetchSpy(app)
    model = LedgerModel(app, fetch=spy)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    keys = ledger.ledger_keys(app)
    timings["keys"] = time.perf_counter() - t0
    model.set_keys(keys)
    view = QTableView()
    qtbot.addWidget(view)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(34)
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    assert model.index(0, 1).data()  # the first page is on screen
    timings["open"] = time.perf_counter() - t0
    return model, spy, view, timings


def scroll_and_check(model: LedgerModel, spy: FetchSpy, view: QTableView, qtbot, total: int) -> None:  # type: ignore[no-untyped-def]
    assert model.rowCount() == total
    assert spy.rows <= 2 * PAGE_SIZE, f"opening fetched {spy.rows} rows"
    view.scrollToBottom()
    qtbot.wait(50)
    near_end = total - 37
    cell = model.index(near_end, column("enterprise_name")).data()
    row = model.row_data(near_end)
    assert row is not None and cell == row["enterprise_name"]
    expected = ledger.ledger_rows(model._app, [model.keys[near_end]])[0]  # type: ignore[arg-type]
    assert row["id"] == expected["id"]
    view.scrollTo(model.index(total // 2, 0))
    qtbot.wait(50)
    assert spy.rows <= 8 * PAGE_SIZE, f"scrolling fetched {spy.rows} rows of {total}"
    assert model.cached_pages <= ledger_model.CACHED_PAGES


def test_two_hundred_thousand_hazards_open_and_scroll_lazily(qtbot, styled_qapp, big_folder: Path) -> None:  # type: ignore[no-untyped-def]
    with open_app(big_folder) as app:
        model, spy, view, timings = open_lazily(app, qtbot)
        scroll_and_check(model, spy, view, qtbot, BIG)
        print(f"\n{BIG:,} hazards: keys {timings['keys']:.2f}s, model open + first page {timings['open']:.2f}s")
        view.close()


def test_the_page_opens_two_hundred_thousand_hazards(qtbot, styled_qapp, big_folder: Path) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(str(big_folder), load=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.nav_buttons["ledger"].setChecked(True)  # open straight onto the ledger, as a user returning to it would
    win.show()
    win.load()
    page = win.pages["ledger"]
    assert isinstance(page, LedgerPage)
    wait_count(qtbot, page, BIG)
    qtbot.wait(50)
    assert page.model.rows_fetched <= 2 * PAGE_SIZE
    page.township.setCurrentIndex(page.township.findText("城关镇"))
    wait_count(qtbot, page, BIG // 5)
    assert page.model.rows_fetched <= 2 * PAGE_SIZE
    win.runner.wait(10_000)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("INSPECTOR_SLOW_TESTS"), reason="set INSPECTOR_SLOW_TESTS=1 for 1,000,000 rows")
def test_a_million_hazards_open_without_a_stall(qtbot, styled_qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "million"
    t0 = time.perf_counter()
    bulk_insert_hazards(folder, 1_000_000)
    built = time.perf_counter() - t0
    with open_app(folder) as app:
        model, spy, view, timings = open_lazily(app, qtbot)
        t1 = time.perf_counter()
        model.index(999_990, 1).data()
        last_page = time.perf_counter() - t1
        scroll_and_check(model, spy, view, qtbot, 1_000_000)
        print(
            f"\n1,000,000 hazards (built in {built:.1f}s): keys {timings['keys']:.2f}s, "
            f"model open + first page {timings['open']:.2f}s, a page near the end {last_page * 1000:.1f}ms"
        )
        assert timings["open"] < 10
        view.close()


def test_chart_axis_tops_are_round() -> None:
    from inspector_app.gui.pages.ledger import _nice_ceiling

    assert [_nice_ceiling(v) for v in (0, 3, 7, 11, 37, 1234)] == [4, 4, 8, 12, 40, 1600]
