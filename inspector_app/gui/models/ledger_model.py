"""The 隐患台账 table: holds only the row keys of the current filter and fetches rows a page at a time.

Opening a million hazards costs the key array (8 MB) and one page of rows; scrolling fetches the pages that
come into view, and a small LRU cache keeps the recently seen ones. The same idea as Anki's browser table.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from inspector_app.domain import hazard_lifecycle as life
from inspector_app.services import ledger
from inspector_app.services.context import App

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
CACHED_PAGES = 40  # 8,000 rows: several screens up and down


@dataclass(frozen=True)
class LedgerColumn:
    key: str
    title: str
    width: int
    sort: str | None  # services.ledger sort column, None when the column cannot be sorted
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


# The titles are translated where shown (headerData).
COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn(
        "found_date",
        QT_TRANSLATE_NOOP("LedgerModel", "发现日期"),
        100,
        ledger.SORT_FOUND,
        Qt.AlignmentFlag.AlignHCenter,
    ),
    LedgerColumn("enterprise_name", QT_TRANSLATE_NOOP("LedgerModel", "企业名称"), 220, ledger.SORT_ENTERPRISE),
    LedgerColumn("township", QT_TRANSLATE_NOOP("LedgerModel", "乡镇（街道）"), 100, ledger.SORT_TOWNSHIP),
    LedgerColumn("sector_label", QT_TRANSLATE_NOOP("LedgerModel", "行业"), 90, ledger.SORT_SECTOR),
    LedgerColumn("description", QT_TRANSLATE_NOOP("LedgerModel", "隐患描述"), 320, None),
    LedgerColumn(
        "level_label", QT_TRANSLATE_NOOP("LedgerModel", "级别"), 82, ledger.SORT_LEVEL, Qt.AlignmentFlag.AlignHCenter
    ),
    LedgerColumn("status_label", QT_TRANSLATE_NOOP("LedgerModel", "状态"), 104, ledger.SORT_STATUS),
    LedgerColumn(
        "deadline",
        QT_TRANSLATE_NOOP("LedgerModel", "整改期限"),
        100,
        ledger.SORT_DEADLINE,
        Qt.AlignmentFlag.AlignHCenter,
    ),
    LedgerColumn("due", QT_TRANSLATE_NOOP("LedgerModel", "剩余/逾期"), 90, None, Qt.AlignmentFlag.AlignHCenter),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)

OVERDUE_BRUSH = QBrush(QColor("#fde2e1"))
OVERDUE_TEXT = QBrush(QColor("#b71c1c"))
MAJOR_TEXT = QBrush(QColor("#c62828"))
CLOSED_TEXT = QBrush(QColor("#2e7d32"))
MISSING_TEXT = QBrush(QColor("#9e9e9e"))
SOON_TEXT = QBrush(QColor("#b26a00"))
DEADLINE_STATUSES = frozenset(s.value for s in life.DEADLINE_STATES)

RowFetcher = Callable[[Sequence[Any]], list[dict[str, Any]]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def due_text(row: dict[str, Any]) -> str:
    """逾期5天 / 剩3天 / 今日到期 for a hazard whose deadline is running; empty otherwise."""
    if row.get("overdue"):
        return QCoreApplication.translate("LedgerModel", "逾期{0}天").format(row["overdue_days"])
    days_left = row.get("days_left")
    if row.get("status") not in DEADLINE_STATUSES or days_left is None:
        return ""
    if days_left == 0:
        return QCoreApplication.translate("LedgerModel", "今日到期")
    return QCoreApplication.translate("LedgerModel", "剩{0}天").format(days_left)


def tooltip(row: dict[str, Any]) -> str:
    parts = [f"{row['enterprise_name']} · {row['level_label']} · {row['status_label']}", row["description"]]
    if row.get("measure"):
        parts.append(QCoreApplication.translate("LedgerModel", "整改措施：{0}").format(row["measure"]))
    if row.get("legal_basis"):
        parts.append(QCoreApplication.translate("LedgerModel", "依据：{0}").format(row["legal_basis"]))
    if row.get("deadline"):
        parts.append(
            QCoreApplication.translate("LedgerModel", "整改期限：{0}").format(row["deadline"].isoformat())
            + (
                QCoreApplication.translate("LedgerModel", "（已逾期 {0} 天）").format(row["overdue_days"])
                if row.get("overdue")
                else ""
            )
        )
    if row.get("closed_date"):
        parts.append(QCoreApplication.translate("LedgerModel", "销号日期：{0}").format(row["closed_date"].isoformat()))
    return "\n".join(parts)


class _Row:
    """One fetched row with its cells already turned into text, so painting does no formatting."""

    __slots__ = ("cells", "data", "tooltip")

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.cells = tuple(due_text(data) if k == "due" else _text(data.get(k)) for k in COLUMN_KEYS)
        self.tooltip = tooltip(data)


class LedgerModel(QAbstractTableModel):
    """Rows are keys from services.ledger.ledger_keys; their content comes from ledger_rows, page by page."""

    def __init__(self, app: App | None = None, parent: Any = None, *, fetch: RowFetcher | None = None) -> None:
        super().__init__(parent)
        if fetch is None and app is None:
            raise ValueError("LedgerModel needs an App or a fetch function")
        self._app = app
        self._fetch: RowFetcher = fetch or (lambda keys: ledger.ledger_rows(app, keys))  # type: ignore[arg-type]
        self.keys: Sequence[Any] = ()
        self.filter = ledger.LedgerFilter()
        self.sort_column = ledger.SORT_FOUND
        self.descending = True
        self._pages: OrderedDict[int, list[_Row | None]] = OrderedDict()
        self.rows_fetched = 0  # rows asked of the service since the last reset: lets tests prove laziness
        self.pages_fetched = 0
        # When set, sort() asks for new keys through this callable (the page runs it off the GUI thread)
        # instead of querying on the spot.
        self.sort_handler: Callable[[str, bool], None] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- keys -----------------------------------------------------------------------------------------------

    def set_keys(
        self,
        keys: Sequence[Any],
        *,
        flt: ledger.LedgerFilter | None = None,
        sort_column: str | None = None,
        descending: bool | None = None,
    ) -> None:
        self.beginResetModel()
        self.keys = keys
        if flt is not None:
            self.filter = flt
        if sort_column is not None:
            self.sort_column = sort_column
        if descending is not None:
            self.descending = descending
        self._pages.clear()
        self.rows_fetched = 0
        self.pages_fetched = 0
        self.endResetModel()

    def load(self, flt: ledger.LedgerFilter | None = None) -> None:
        """Query keys on this thread (small data sets, tests); the page uses a task instead."""
        if self._app is None:
            raise ValueError("load() needs an App")
        flt = flt or self.filter
        self.set_keys(ledger.ledger_keys(self._app, flt, self.sort_column, self.descending), flt=flt)

    def invalidate(self) -> None:
        """Forget fetched rows (something was written); the keys stay."""
        self._pages.clear()
        if self.keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.keys) - 1, len(COLUMNS) - 1))

    # ---- lazy rows ------------------------------------------------------------------------------------------

    def _row(self, n: int) -> _Row | None:
        page_no = n // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[n - page_no * PAGE_SIZE]

    def _fetch_page(self, page_no: int) -> list[_Row | None]:
        start = page_no * PAGE_SIZE
        wanted = list(self.keys[start : start + PAGE_SIZE])
        fetched = {r["key"]: r for r in self._fetch(wanted)}
        self.rows_fetched += len(wanted)
        self.pages_fetched += 1
        page = [(_Row(fetched[k]) if k in fetched else None) for k in wanted]
        self._pages[page_no] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def row_data(self, n: int) -> dict[str, Any] | None:
        """The service's dict for a row (None when the hazard no longer exists)."""
        if not 0 <= n < len(self.keys):
            return None
        row = self._row(n)
        return row.data if row else None

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    # ---- Qt API ---------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.keys):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return COLUMNS[column].align | Qt.AlignmentFlag.AlignVCenter
        row = self._row(index.row())
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr("（该隐患已删除）") if column == 0 else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return MISSING_TEXT
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == Qt.ItemDataRole.BackgroundRole:
            return OVERDUE_BRUSH if row.data["overdue"] else None
        if role == Qt.ItemDataRole.ForegroundRole:
            key = COLUMNS[column].key
            if key in ("deadline", "due") and row.data["overdue"]:
                return OVERDUE_TEXT
            if key == "due" and row.cells[column]:
                return SOON_TEXT if (row.data["days_left"] or 0) <= 3 else None
            if key == "level_label" and row.data["level"] == "major":
                return MAJOR_TEXT
            if key == "status_label" and row.data["status"] == "closed":
                return CLOSED_TEXT
            return None
        if role == Qt.ItemDataRole.FontRole:
            key = COLUMNS[column].key
            if (key == "level_label" and row.data["level"] == "major") or (key == "due" and row.data["overdue"]):
                return self._bold
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.data["id"]
        return None

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section].title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("点击按此列排序") if COLUMNS[section].sort else self.tr("此列不能排序")
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # The first click on a date of finding or closing shows the newest first; anything else A → Z.
            newest_first = COLUMNS[section].sort in (ledger.SORT_FOUND, ledger.SORT_CLOSED)
            return Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        sort_column = COLUMNS[column].sort
        if sort_column is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort_column, descending) == (self.sort_column, self.descending):
            return
        if self.sort_handler is not None:
            self.sort_handler(sort_column, descending)
            return
        if self._app is None:
            return
        self.apply_sort(ledger.ledger_keys(self._app, self.filter, sort_column, descending), sort_column, descending)

    def apply_sort(self, keys: Sequence[Any], sort_column: str, descending: bool) -> None:
        """The same rows in a new order: a layout change, so the selection follows its hazard."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_keys = [self.keys[i.row()] if 0 <= i.row() < len(self.keys) else None for i in old]
        self.keys = keys
        self.sort_column, self.descending = sort_column, descending
        self._pages.clear()
        where: dict[Any, int] = {}
        moved = []
        for index, key in zip(old, old_keys, strict=True):
            if key is not None and key not in where:
                try:
                    where[key] = keys.index(key)
                except ValueError:
                    where[key] = -1
            row = where.get(key, -1) if key is not None else -1
            moved.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(old, moved)
        self.layoutChanged.emit()

    def column_of(self, sort_column: str) -> int:
        return next((n for n, c in enumerate(COLUMNS) if c.sort == sort_column), 0)
