"""The document preview: the stored PDF on screen, 另存为 writes it byte for byte, a broken PDF is a message."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel

from inspector_app.domain.enums import DocumentKind
from inspector_app.gui.dialogs.document_preview import DocumentPreviewDialog, safe_file_name, write_atomically
from inspector_app.gui.main_window import MainWindow
from inspector_app.services import document_verify, documents, hazards, reports
from inspector_app.services.context import App

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


def completed_with_orders(app: App) -> str:
    """A completed demo inspection with hazards ordered to a deadline (a 指令书 can be issued)."""
    for row in reports.list_inspections(app):
        if row["status"] == "completed" and any(h.deadline for h in hazards.of_inspection(app, row["id"])):
            return row["id"]
    raise AssertionError("demo has no completed inspection with ordered hazards")


def pdf_pages(path: Path) -> tuple[int, str]:
    """(pages, page size line) as pdfinfo reads them."""
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


@pytest.fixture
def order(window: MainWindow) -> documents.Issued:
    assert window.app is not None
    return documents.issue(window.app, completed_with_orders(window.app), DocumentKind.RECTIFICATION_ORDER)


def open_preview(qtbot, window: MainWindow, number: str, pdf: bytes) -> DocumentPreviewDialog:  # type: ignore[no-untyped-def]
    dialog = DocumentPreviewDialog(window, number, pdf)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    return dialog


@needs_poppler
def test_preview_shows_every_page_of_an_issued_document(
    qtbot,
    window: MainWindow,
    order: documents.Issued,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    stored = tmp_path / "stored.pdf"
    stored.write_bytes(order.pdf)
    pages, _size = pdf_pages(stored)
    dialog = open_preview(qtbot, window, order.document.number, order.pdf)
    assert dialog.loaded
    assert dialog.page_count == pages
    assert order.document.number in dialog.windowTitle()
    assert dialog.findChild(QLabel, "preview_pages").text() == f"第 1 / {pages} 页"
    assert dialog.stack.currentWidget() is dialog.view
    assert dialog.print_action.isEnabled() and dialog.save_action.isEnabled()
    # Zoom: fit width to start with, then a custom factor, then back.
    assert not dialog.fit_action.isEnabled()
    before = dialog._effective_zoom()
    dialog.zoom_in_action.trigger()
    assert dialog.view.zoomFactor() == pytest.approx(before * 1.25, rel=0.01)
    assert dialog.zoom_label.text() == f"{round(before * 125)}%"
    dialog.zoom_out_action.trigger()
    assert dialog.view.zoomFactor() == pytest.approx(before, rel=0.01)
    dialog.fit_action.trigger()
    assert not dialog.fit_action.isEnabled()
    dialog.close_action.trigger()
    assert not dialog.isVisible()


def test_save_as_writes_the_stored_bytes(
    qtbot, window: MainWindow, order: documents.Issued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(tmp_path / "指令书副本"), ""  # no suffix typed: .pdf is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    dialog = open_preview(qtbot, window, order.document.number, order.pdf)
    dialog.save_action.trigger()
    target = tmp_path / "指令书副本.pdf"
    assert dialog.saved_to == target
    assert window.app is not None
    assert target.read_bytes() == documents.pdf_of(window.app, order.document.id)[1]
    assert Path(asked[0]).name == f"{order.document.number}.pdf"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert str(target) in dialog.message.text()
    # A saved copy is the document itself: 核验 says so.
    assert document_verify.verify_file(window.app, target).genuine


def test_save_as_cancelled_writes_nothing(
    qtbot, window: MainWindow, order: documents.Issued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    dialog = open_preview(qtbot, window, order.document.number, order.pdf)
    assert dialog.save_as() is None
    assert list(tmp_path.glob("*.pdf")) == []


def test_save_into_a_missing_folder_is_a_message(
    qtbot,
    window: MainWindow,
    order: documents.Issued,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_error_boxes: list[str],  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "gone" / "x.pdf"), ""))
    dialog = open_preview(qtbot, window, order.document.number, order.pdf)
    assert dialog.save_as() is None
    assert no_error_boxes and "无法保存到" in no_error_boxes[0]


def test_a_pdf_that_fails_to_load_is_explained(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(qtbot, window, "（测）应急检记〔2026〕9号", b"%PDF-1.4 this is not really a pdf")
    assert not dialog.loaded and dialog.page_count == 0
    failure = dialog.findChild(QLabel, "preview_error")
    assert dialog.stack.currentWidget() is failure and failure.isVisible()
    assert "无法显示文书 （测）应急检记〔2026〕9号 的 PDF" in failure.text()
    assert not dialog.print_action.isEnabled()
    assert dialog.save_action.isEnabled()  # the stored bytes can still be handed to someone who can look
    dialog.choose_printer()  # does nothing rather than fail
    assert dialog.print_dialog is None


def test_file_names_are_safe_everywhere() -> None:
    assert safe_file_name("（宁）应急责改〔2026〕12号") == "（宁）应急责改〔2026〕12号.pdf"
    assert safe_file_name('a/b\\c:d*e?f"g<h>i|j') == "a_b_c_d_e_f_g_h_i_j.pdf"
    assert safe_file_name("文书. ") == "文书.pdf"
    assert safe_file_name("...") == "document.pdf"


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    write_atomically(target, b"new bytes")
    assert target.read_bytes() == b"new bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]
