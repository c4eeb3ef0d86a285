"""The issued documents as a table: 文号, 文书类型, 企业, 签发时间 (from services.reports.list_documents)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inspector_app.domain.enums import DocumentKind

Index = QModelIndex | QPersistentModelIndex

# (key, title): the titles are translated where shown (headerData).
COLUMNS = (
    ("number", QT_TRANSLATE_NOOP("DocumentsModel", "文号")),
    ("kind", QT_TRANSLATE_NOOP("DocumentsModel", "文书类型")),
    ("enterprise_name", QT_TRANSLATE_NOOP("DocumentsModel", "企业")),
    ("issued_at", QT_TRANSLATE_NOOP("DocumentsModel", "签发时间")),
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_label(kind: str) -> str:
    try:
        return DocumentKind(kind).label
    except ValueError:
        return kind


def _issued(value: str | None) -> str:
    """'2026-11-23T09:30:00+08:00' → '2026-11-23 09:30' (already local time)."""
    if not value:
        return ""
    return value[:16].replace("T", " ")


class DocumentsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def document_id(self, row: int) -> str:
        return str(self.rows[row]["id"])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) or not (0 <= index.column() < len(COLUMNS)):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.get("supersedes_id"):
                return self.tr("本文书更正了此前签发的一份文书")
            return self._display(row, key) or None
        if role == ID_ROLE:
            return row.get("id")
        return None

    @staticmethod
    def _display(row: dict[str, Any], key: str) -> str:
        value = row.get(key)
        if key == "kind":
            return kind_label(str(value or ""))
        if key == "issued_at":
            return _issued(value)
        return "" if value is None else str(value)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return self.tr(COLUMNS[section][1])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
