from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from inspector_app.gui.models.rows_model import RowsModel


def make_table(model: RowsModel, object_name: str) -> QTableView:
    """A table as every list page wants it: whole rows selected, no editing, sensible widths."""
    view = QTableView()
    view.setObjectName(object_name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(34)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for n, column in enumerate(model.columns):
        # At least as wide as its title: a translation may be longer than the Chinese the width was chosen for.
        view.setColumnWidth(n, max(column.width, header.sectionSizeHint(n)))
    return view


def selected_row(view: QTableView) -> int | None:
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else None
