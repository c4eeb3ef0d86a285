"""文书: the issued-documents table and its empty state."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QTableView

from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.models.documents_model import ID_ROLE, DocumentsModel
from inspector_app.gui.pages.documents import EMPTY_TEXT
from inspector_app.services import reports
from inspector_app.store.models import Document
from tests.gui.conftest import DemoTemplates, make_demo_dir

ROWS = [
    {
        "id": "d1",
        "kind": "rectification_order",
        "number": "（测）应急责改〔2026〕3号",
        "inspection_id": "i1",
        "enterprise_name": "湘中氯碱化工股份有限公司",
        "issued_at": "2026-11-20T15:42:10+08:00",
        "pdf_sha256": "",
        "supersedes_id": None,
    },
    {
        "id": "d2",
        "kind": "something_new",
        "number": "（测）应急检记〔2026〕7号",
        "inspection_id": "i2",
        "enterprise_name": "城关镇恒泰加油站",
        "issued_at": None,
        "pdf_sha256": "",
        "supersedes_id": "d0",
    },
]


def test_documents_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = DocumentsModel()
    qtmodeltester.check(model)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 4
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["文号", "文书类型", "企业", "签发时间"]
    cells = [model.data(model.index(0, c)) for c in range(4)]
    assert cells == ["（测）应急责改〔2026〕3号", "责令限期整改指令书", "湘中氯碱化工股份有限公司", "2026-11-20 15:42"]
    assert model.data(model.index(1, 1)) == "something_new"  # an unknown kind shows its code, never blank
    assert model.data(model.index(1, 3)) == ""
    assert "更正" in model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 0), ID_ROLE) == "d1"
    assert model.document_id(1) == "d2"
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    model.set_rows([])
    qtmodeltester.check(model)


@pytest.fixture
def demo_dir(tmp_path: Path, demo_templates: DemoTemplates) -> Path:
    """The demo without its featured visit's papers: these tests start from an empty 文书 list."""
    return make_demo_dir(tmp_path, demo_templates(False))


def test_empty_state_is_shown_without_documents(window: MainWindow) -> None:
    page = window.show_page("documents")
    empty = page.findChild(QLabel, "documents_empty")
    assert empty.text() == EMPTY_TEXT
    assert empty.isVisible()
    assert not page.findChild(QTableView, "documents_table").isVisible()


def test_issued_documents_are_listed(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    inspection = next(i for i in reports.list_inspections(window.app) if i["status"] == "completed")
    with window.app.write() as s:
        s.add(
            Document(
                kind="rectification_order",
                number="（测）应急责改〔2026〕1号",
                year=2026,
                serial=1,
                inspection_id=inspection["id"],
                issued_at=datetime(2026, 11, 20, 7, 30, tzinfo=UTC),
                origin_device_id=window.app.device_id,
            )
        )
    page = window.show_page("documents")
    table = page.findChild(QTableView, "documents_table")
    assert table.isVisible()
    assert not page.findChild(QLabel, "documents_empty").isVisible()
    model = table.model()
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    row = [model.data(model.index(0, c)) for c in range(4)]
    assert row == ["（测）应急责改〔2026〕1号", "责令限期整改指令书", inspection["enterprise_name"], "2026-11-20 15:30"]
    assert "1" in page.summary.text()
