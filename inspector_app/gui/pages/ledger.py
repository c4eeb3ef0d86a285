"""隐患台账: every hazard with filters, sorting, export to Excel/CSV, and statistics with charts.

The table holds only row keys (see gui/models/ledger_model.py); the key query, the statistics and the export
run through the TaskRunner, so a million hazards never freeze the window.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QMargins, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain import hazard_lifecycle as life
from inspector_app.domain.enums import HazardLevel, HazardStatus, Sector
from inspector_app.domain.errors import UserError
from inspector_app.gui import errors, prompts
from inspector_app.gui.models.ledger_model import COLUMNS, LedgerModel
from inspector_app.gui.pages.base import Page
from inspector_app.services import ledger, registry
from inspector_app.services.timeutil import today

if TYPE_CHECKING:
    from inspector_app.gui.tasks import Task, TaskControl

ALL = ""
FILTER_DELAY_MS = 150
ROW_HEIGHT = 26
MAX_TABLE_HEIGHT = 200
TEXT_DELAY_MS = 400

FOUND_COLOUR = QColor("#3f6fb5")
CLOSED_COLOUR = QColor("#2e7d32")
OVERDUE_COLOUR = QColor("#c62828")

_STYLE = """
QFrame#ledgerKpi { background: #f5f8fc; border: 1px solid #d5deea; border-radius: 8px; }
QLabel#kpiValue { font-size: 20pt; font-weight: bold; color: #1f3a5f; }
QLabel#kpiValue[tone="good"] { color: #2e7d32; }
QLabel#kpiValue[tone="bad"] { color: #c62828; }
QLabel#kpiCaption { color: #5b6b7f; font-size: 10pt; }
QLabel#ledger_count { color: #1f3a5f; font-weight: bold; }
QLabel#ledger_message { color: #c62828; }
"""


class OptionalDateEdit(QDateEdit):
    """A date that may be left open: at its lowest value it reads 不限 and means "no bound"."""

    FLOOR = QDate(2000, 1, 1)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setDateRange(self.FLOOR, QDate(2099, 12, 31))
        self.setSpecialValueText(self.tr("不限"))
        self.setDate(self.FLOOR)
        self.setMinimumWidth(122)
        # Opening the calendar while 不限 would show January 2000; show this month instead.
        self.calendarWidget().installEventFilter(self)

    def value(self) -> date | None:
        return None if self.date() == self.FLOOR else self.date().toPython()  # type: ignore[return-value]

    def set_value(self, day: date | None) -> None:
        self.setDate(QDate(day.year, day.month, day.day) if day else self.FLOOR)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and self.value() is None:
            now = today()
            self.calendarWidget().setCurrentPage(now.year, now.month)
        return False


class LedgerPage(Page):
    title = "隐患台账"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.setStyleSheet(_STYLE)
        self._generation = 0  # of key queries: a result from an older one is dropped
        self._data_generation = 0  # of filters and refreshes (a sort does not change the statistics)
        self._stats_generation = -1  # the data generation the charts show
        self._stats_panel: StatsPanel | None = None
        self.keys_task: Task | None = None
        self.stats_task: Task | None = None
        self.export_task: Task | None = None
        self.last_export: ledger.ExportResult | None = None
        self._build()
        self._wire()

    # ---- building ---------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.setSpacing(8)

        top = QHBoxLayout()
        heading = QLabel(self.tr("隐患台账"))
        heading.setObjectName("pageTitle")
        top.addWidget(heading)
        top.addStretch(1)
        self.search = QLineEdit()
        self.search.setObjectName("ledger_search")
        self.search.setPlaceholderText(self.tr("搜索隐患描述、企业名称或信用代码"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        top.addWidget(self.search)
        self.export_xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.export_xlsx_button.setObjectName("ledger_export_xlsx")
        self.export_xlsx_button.setToolTip(self.tr("按当前筛选和排序导出为 Excel 工作簿（.xlsx）"))
        self.export_csv_button = QPushButton(self.tr("导出 CSV"))
        self.export_csv_button.setObjectName("ledger_export_csv")
        self.export_csv_button.setToolTip(self.tr("按当前筛选和排序导出为 CSV（UTF-8，Excel 可直接打开）"))
        top.addWidget(self.export_xlsx_button)
        top.addWidget(self.export_csv_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.township = QComboBox()
        self.township.setObjectName("ledger_township")
        self.township.setMinimumWidth(130)
        self.township.addItem(self.tr("全部乡镇"), ALL)
        self.sector = QComboBox()
        self.sector.setObjectName("ledger_sector")
        self.sector.addItem(self.tr("全部行业"), ALL)
        for sector in Sector:
            self.sector.addItem(sector.label, sector.value)
        self.level = QComboBox()
        self.level.setObjectName("ledger_level")
        self.level.addItem(self.tr("全部级别"), ALL)
        for level in HazardLevel:
            self.level.addItem(level.label, level.value)
        self.status = QComboBox()
        self.status.setObjectName("ledger_status")
        self.status.addItem(self.tr("全部状态"), ALL)
        self.status.addItem(self.tr("未销号（全部在办）"), ledger.STATUS_OPEN)
        for status in HazardStatus:
            self.status.addItem(status.label, status.value)
        self.overdue = QCheckBox(self.tr("仅逾期"))
        self.overdue.setObjectName("ledger_overdue")
        self.found_from = OptionalDateEdit()
        self.found_from.setObjectName("ledger_found_from")
        self.found_from.setToolTip(self.tr("发现日期起（含）；选到最早即为“不限”"))
        self.found_to = OptionalDateEdit()
        self.found_to.setObjectName("ledger_found_to")
        self.found_to.setToolTip(self.tr("发现日期止（含）；选到最早即为“不限”"))
        self.reset_button = QPushButton(self.tr("重置筛选"))
        self.reset_button.setObjectName("ledger_reset")
        for widget in (self.township, self.sector, self.level, self.status):
            filters.addWidget(widget)
        filters.addWidget(self.overdue)
        filters.addSpacing(10)
        filters.addWidget(QLabel(self.tr("发现日期")))
        filters.addWidget(self.found_from)
        filters.addWidget(QLabel(self.tr("至")))
        filters.addWidget(self.found_to)
        filters.addStretch(1)
        filters.addWidget(self.reset_button)
        layout.addLayout(filters)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("ledger_tabs")
        self.tabs.setDocumentMode(True)
        self.model = LedgerModel(self.app, self)
        self.model.sort_handler = self._request_sort
        self.view = self._make_view()
        self.tabs.addTab(self.view, self.tr("台账"))
        self.stats_holder = QWidget()
        self.stats_holder.setObjectName("ledger_stats_holder")
        QVBoxLayout(self.stats_holder).setContentsMargins(0, 8, 0, 0)
        self.tabs.addTab(self.stats_holder, self.tr("统计"))
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self.tr("共 0 条"))
        self.count_label.setObjectName("ledger_count")
        self.message = QLabel()
        self.message.setObjectName("ledger_message")
        self.review_button = QPushButton(self.tr("复查"))
        self.review_button.setObjectName("ledger_review")
        self.review_button.setEnabled(False)
        self.review_button.setToolTip(self.tr("对所选隐患所在企业进行复查（双击行也可）"))
        bottom.addWidget(self.count_label)
        bottom.addSpacing(12)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.review_button)
        layout.addLayout(bottom)

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setObjectName("ledger_table")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = view.verticalHeader()
        vertical.setVisible(False)
        # Fixed, uniform rows: the view never asks a million rows for their size hints.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(34)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for n, column in enumerate(COLUMNS):
            view.setColumnWidth(n, column.width)
        header.setSectionResizeMode(
            COLUMNS.index(next(c for c in COLUMNS if c.key == "description")), header.ResizeMode.Stretch
        )
        header.setSortIndicator(self.model.column_of(self.model.sort_column), Qt.SortOrder.DescendingOrder)
        view.setSortingEnabled(True)
        return view

    def _wire(self) -> None:
        """All signal wiring of the page, in one place."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.reload)
        for combo in (self.township, self.sector, self.level, self.status):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.overdue.toggled.connect(self._filters_changed)
        self.found_from.dateChanged.connect(self._filters_changed)
        self.found_to.dateChanged.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._timer.start(TEXT_DELAY_MS))
        self.reset_button.clicked.connect(self.reset_filters)
        self.export_xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.export_csv_button.clicked.connect(lambda: self.export("csv"))
        self.review_button.clicked.connect(self.review_selected)
        self.view.doubleClicked.connect(lambda _i: self.review_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.tabs.currentChanged.connect(lambda _i: self._ensure_stats())

    # ---- filter -----------------------------------------------------------------------------------------------

    def current_filter(self) -> ledger.LedgerFilter:
        """What the widgets ask for; raises ValidationError for a reversed date range."""
        return ledger.LedgerFilter(
            township=self.township.currentData() or None,
            sector=self.sector.currentData() or None,
            level=self.level.currentData() or None,
            status=self.status.currentData() or None,
            overdue_only=self.overdue.isChecked(),
            found_from=self.found_from.value(),
            found_to=self.found_to.value(),
            text=self.search.text(),
        )

    def _filters_changed(self, *_args: Any) -> None:
        self._timer.start(FILTER_DELAY_MS)

    def reset_filters(self) -> None:
        widgets = (self.township, self.sector, self.level, self.status, self.overdue, self.found_from, self.found_to)
        for widget in widgets:
            widget.blockSignals(True)
        for combo in (self.township, self.sector, self.level, self.status):
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.found_from.set_value(None)
        self.found_to.set_value(None)
        for widget in widgets:
            widget.blockSignals(False)
        self.search.clear()
        self._timer.stop()
        self.reload()

    def refresh(self) -> None:
        self._fill_townships()
        self.reload()

    def _fill_townships(self) -> None:
        current = self.township.currentData() or ALL
        names = registry.townships(self.app)
        self.township.blockSignals(True)
        self.township.clear()
        self.township.addItem(self.tr("全部乡镇"), ALL)
        for name in names:
            self.township.addItem(name, name)
        index = self.township.findData(current)
        self.township.setCurrentIndex(max(index, 0))
        self.township.blockSignals(False)
        if current and index < 0:
            self._timer.start(0)

    def reload(self) -> None:
        """Query the keys of the current filter off the GUI thread and swap them into the model."""
        self._timer.stop()
        try:
            flt = self.current_filter()
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.message.clear()
        self._data_generation += 1
        self._start_keys(flt, self.model.sort_column, self.model.descending)

    def _start_keys(self, flt: ledger.LedgerFilter, sort_column: str, descending: bool) -> None:
        self._generation += 1
        generation = self._generation
        app = self.app

        def work(_control: TaskControl) -> Any:
            return ledger.ledger_keys(app, flt, sort_column, descending)

        self.keys_task = self.runner.start(
            self.tr("正在筛选隐患……"),
            work,
            on_done=lambda keys: self._keys_loaded(generation, flt, sort_column, descending, keys),
            on_error=lambda exc, trace: self._keys_failed(generation, exc, trace),
            parent_widget=self,
            cancellable=False,
        )

    def _keys_loaded(
        self, generation: int, flt: ledger.LedgerFilter, sort_column: str, descending: bool, keys: Any
    ) -> None:
        if generation != self._generation:
            return  # a newer filter or sort is on its way
        self.keys_task = None
        same_view = flt == self.model.filter and len(keys) == len(self.model.keys) and len(keys) > 0
        if same_view:
            self.model.apply_sort(keys, sort_column, descending)
        else:
            self.model.set_keys(keys, flt=flt, sort_column=sort_column, descending=descending)
        self._sync_sort_indicator()
        self.count_label.setText(self.tr("共 {0} 条").format(f"{len(keys):,}"))
        self._ensure_stats()

    def _keys_failed(self, generation: int, exc: BaseException, trace: str) -> None:
        if generation == self._generation:
            self.keys_task = None
            self._sync_sort_indicator()
        errors.show_error(self, exc, trace)

    # ---- sorting ----------------------------------------------------------------------------------------------

    def _request_sort(self, sort_column: str, descending: bool) -> None:
        self._start_keys(self.model.filter, sort_column, descending)

    def _sort_indicator_changed(self, section: int, _order: Qt.SortOrder) -> None:
        if COLUMNS[section].sort is None:
            QTimer.singleShot(0, self._sync_sort_indicator)

    def _sync_sort_indicator(self) -> None:
        header = self.view.horizontalHeader()
        order = Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        column = self.model.column_of(self.model.sort_column)
        if header.sortIndicatorSection() != column or header.sortIndicatorOrder() != order:
            header.setSortIndicator(column, order)

    # ---- selection and 复查 -------------------------------------------------------------------------------------

    def selected_hazard(self) -> dict[str, Any] | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_data(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected_hazard()
        can_review = hasattr(self.window_, "open_review")
        reviewable = row is not None and row["status"] in {s.value for s in life.DEADLINE_STATES}
        self.review_button.setEnabled(can_review and reviewable)
        if not can_review:
            self.review_button.setToolTip(self.tr("复查功能尚未启用"))

    def review_selected(self) -> None:
        row = self.selected_hazard()
        if row is None or not hasattr(self.window_, "open_review"):
            return
        if row["status"] not in {s.value for s in life.DEADLINE_STATES}:
            self.message.setText(self.tr("该隐患当前为“{0}”，不需要复查").format(row["status_label"]))
            return
        self.window_.open_review(row["enterprise_id"])

    # ---- statistics -------------------------------------------------------------------------------------------

    def _ensure_stats(self) -> None:
        """Statistics are worked out only while their tab is shown, and once per filter."""
        if self.tabs.currentWidget() is not self.stats_holder or self._stats_generation == self._data_generation:
            return
        if self.keys_task is not None:
            return  # the keys finish first, then this runs again
        if self._stats_panel is None:
            self._stats_panel = StatsPanel()
            self.stats_holder.layout().addWidget(self._stats_panel)
        generation = self._data_generation
        self._stats_generation = generation
        flt = self.model.filter
        app = self.app

        def work(_control: TaskControl) -> Any:
            return ledger.ledger_stats(app, flt)

        self.stats_task = self.runner.start(
            self.tr("正在统计……"),
            work,
            on_done=lambda stats: self._stats_loaded(generation, stats),
            on_error=lambda exc, trace: self._stats_failed(generation, exc, trace),
            parent_widget=self,
            cancellable=False,
        )

    def _stats_loaded(self, generation: int, stats: ledger.LedgerStats) -> None:
        if generation == self._stats_generation:
            self.stats_task = None
        if generation == self._data_generation and self._stats_panel is not None:
            self._stats_panel.show_stats(stats)

    def _stats_failed(self, generation: int, exc: BaseException, trace: str) -> None:
        if generation == self._stats_generation:
            self.stats_task = None
            self._stats_generation = -1
        errors.show_error(self, exc, trace)

    @property
    def stats_panel(self) -> StatsPanel | None:
        return self._stats_panel

    def show_stats(self) -> None:
        self.tabs.setCurrentWidget(self.stats_holder)

    # ---- export -----------------------------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        suffix = ".xlsx" if kind == "xlsx" else ".csv"
        flt = self.model.filter
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        suggested = str(Path(folder) / ledger.default_export_name(flt, suffix))
        name_filter = self.tr("Excel 工作簿 (*.xlsx)") if kind == "xlsx" else self.tr("CSV 文件（UTF-8） (*.csv)")
        path, _chosen = QFileDialog.getSaveFileName(self, self.tr("导出隐患台账"), suggested, name_filter)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        app = self.app
        sort_column, descending = self.model.sort_column, self.model.descending
        progress_text = self.tr("已导出 {0} / {1} 条")  # translated here: the export runs on another thread

        def work(control: TaskControl) -> Any:
            def progress(done: int, total: int) -> bool:
                return control.progress(done, total, progress_text.format(f"{done:,}", f"{total:,}"))

            return ledger.export_ledger(app, flt, path, progress, sort_column=sort_column, descending=descending)

        self.export_xlsx_button.setEnabled(False)
        self.export_csv_button.setEnabled(False)
        self.export_task = self.runner.start(
            self.tr("正在导出隐患台账……"),
            work,
            on_done=self._exported,
            on_error=self._export_failed,
            parent_widget=self,
            cancellable=True,
        )

    def _export_finished(self) -> None:
        self.export_task = None
        self.export_xlsx_button.setEnabled(True)
        self.export_csv_button.setEnabled(True)

    def _exported(self, result: ledger.ExportResult) -> None:
        self._export_finished()
        self.last_export = result
        if result.cancelled:
            self.message.setText(self.tr("已取消导出，未生成文件"))
            return
        self.message.clear()
        prompts.inform(
            self,
            self.tr("导出完成"),
            self.tr("已导出 {0} 条隐患到：\n{1}").format(f"{result.rows:,}", str(result.path)),
        )

    def _export_failed(self, exc: BaseException, trace: str) -> None:
        self._export_finished()
        errors.show_error(self, exc, trace)


class _Kpi(QFrame):
    def __init__(self, caption: str, tone: str = "") -> None:
        super().__init__()
        self.setObjectName("ledgerKpi")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        self.value = QLabel("—")
        self.value.setObjectName("kpiValue")
        if tone:
            self.value.setProperty("tone", tone)
        label = QLabel(caption)
        label.setObjectName("kpiCaption")
        layout.addWidget(self.value)
        layout.addWidget(label)

    def set(self, text: str) -> None:
        self.value.setText(text)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class StatsPanel(QWidget):
    """Key figures; found vs rectified per township and per sector as bar charts, each over a table of the numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("ledger_stats")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        kpis = QHBoxLayout()
        self.kpi_found = _Kpi(self.tr("发现隐患（条）"))
        self.kpi_closed = _Kpi(self.tr("已整改销号（条）"), "good")
        self.kpi_rate = _Kpi(self.tr("整改率（销号/发现）"), "good")
        self.kpi_open = _Kpi(self.tr("未销号（条）"))
        self.kpi_overdue = _Kpi(self.tr("逾期未整改（条）"), "bad")
        for kpi in (self.kpi_found, self.kpi_closed, self.kpi_rate, self.kpi_open, self.kpi_overdue):
            kpis.addWidget(kpi)
        layout.addLayout(kpis)
        # The figures as plain labels too (the 整改率 and 逾期 a test or a screen reader looks for).
        self.rate_label = self.kpi_rate.value
        self.overdue_label = self.kpi_overdue.value
        columns = QHBoxLayout()
        columns.setSpacing(12)
        self.township_view, self.township_table = self._column(
            columns, "ledger_chart_township", self.tr("乡镇（街道）")
        )
        self.sector_view, self.sector_table = self._column(columns, "ledger_chart_sector", self.tr("行业"))
        layout.addLayout(columns, 1)
        self.stats: ledger.LedgerStats | None = None

    def _column(self, parent: QHBoxLayout, name: str, first: str) -> tuple[Any, QTableWidget]:
        from PySide6.QtCharts import QChartView  # loaded only when the tab is first opened

        box = QVBoxLayout()
        box.setSpacing(6)
        view = QChartView()
        view.setObjectName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(220)
        table = QTableWidget(0, 6)
        table.setObjectName(f"{name}_table")
        table.setHorizontalHeaderLabels(
            [first, self.tr("发现"), self.tr("已销号"), self.tr("未销号"), self.tr("逾期"), self.tr("整改率")]
        )
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(MAX_TABLE_HEIGHT)
        box.addWidget(view, 1)
        box.addWidget(table)
        parent.addLayout(box, 1)
        return view, table

    def show_stats(self, stats: ledger.LedgerStats) -> None:
        self.stats = stats
        total = stats.total
        self.kpi_found.set(f"{total.found:,}")
        self.kpi_closed.set(f"{total.closed:,}")
        self.kpi_rate.set(_rate(total.rate))
        self.kpi_open.set(f"{total.open:,}")
        self.kpi_overdue.set(f"{total.overdue:,}")
        self.township_view.setChart(_bar_chart(self.tr("按乡镇（街道）：发现与整改"), stats.by_township))
        self.sector_view.setChart(_bar_chart(self.tr("按行业：发现与整改"), stats.by_sector))
        _fill_table(self.township_table, stats.by_township)
        _fill_table(self.sector_table, stats.by_sector)
        # Both tables as tall as the longer one's rows (a county with ~20 townships scrolls), charts get the rest.
        rows = max(len(stats.by_township), len(stats.by_sector), 1)
        for table in (self.township_table, self.sector_table):
            header = table.horizontalHeader().sizeHint().height()
            table.setFixedHeight(min(MAX_TABLE_HEIGHT, header + ROW_HEIGHT * rows + 2 * table.frameWidth()))


def _fill_table(table: QTableWidget, rows: tuple[ledger.StatRow, ...]) -> None:
    table.setRowCount(len(rows))
    for n, r in enumerate(rows):
        values = [r.name, f"{r.found:,}", f"{r.closed:,}", f"{r.open:,}", f"{r.overdue:,}", _rate(r.rate)]
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            if c >= 1:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if c == 4 and r.overdue:
                item.setForeground(OVERDUE_COLOUR)
            table.setItem(n, c, item)


def _bar_chart(title: str, rows: tuple[ledger.StatRow, ...]) -> Any:
    from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QValueAxis
    from PySide6.QtWidgets import QApplication

    base = QApplication.font()
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setTitle(title)
    title_font = QFont(base)
    title_font.setPointSizeF(base.pointSizeF() + 1)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    chart.setBackgroundRoundness(6)
    chart.setMargins(QMargins(6, 6, 6, 6))
    series = QBarSeries()
    sets = []
    for label, colour, values in (
        (QCoreApplication.translate("StatsPanel", "发现"), FOUND_COLOUR, [r.found for r in rows]),
        (QCoreApplication.translate("StatsPanel", "已整改销号"), CLOSED_COLOUR, [r.closed for r in rows]),
        (QCoreApplication.translate("StatsPanel", "逾期"), OVERDUE_COLOUR, [r.overdue for r in rows]),
    ):
        bar_set = QBarSet(label)
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        bar_set.append([float(v) for v in values])
        series.append(bar_set)
        sets.append(bar_set)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append([r.name for r in rows] or [QCoreApplication.translate("StatsPanel", "（无数据）")])
    axis_x.setLabelsFont(base)
    if len(rows) > 6:
        axis_x.setLabelsAngle(-40)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    top = max([r.found for r in rows] + [1])
    axis_y.setRange(0, _nice_ceiling(top))
    axis_y.setLabelFormat("%d")
    axis_y.setTickCount(5)
    axis_y.setLabelsFont(base)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setFont(base)
    return chart


def _nice_ceiling(value: int) -> int:
    """A round top for the axis, four equal ticks of a round step: 7 → 8, 11 → 12, 37 → 40, 1234 → 1600."""
    if value <= 4:
        return 4
    step = -(-value // 4)
    magnitude = 10 ** (len(str(step)) - 1)
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        nice = m * magnitude
        if nice >= step and nice == int(nice):
            return int(nice) * 4
    return step * 4
