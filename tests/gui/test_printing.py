"""Printing: every page onto A4, the page range and copies respected, through the dialog and a real CUPS queue."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPageRanges
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from inspector_app.domain.enums import DocumentKind
from inspector_app.gui.dialogs.document_preview import (
    DocumentPreviewDialog,
    PrintError,
    a4_printer,
    pages_to_print,
    print_document,
)
from inspector_app.gui.main_window import MainWindow
from inspector_app.services import documents
from tests.gui.test_document_preview import completed_with_orders, pdf_pages

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
QUEUE = "InspectorPDF"
A4_POINTS = "595 x 842 pts (A4)"


@pytest.fixture
def order(window: MainWindow) -> documents.Issued:
    assert window.app is not None
    return documents.issue(window.app, completed_with_orders(window.app), DocumentKind.RECTIFICATION_ORDER)


@pytest.fixture(scope="module")
def order_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """One real 指令书 for the printing tests that need no window (the demo takes seconds to build)."""
    from inspector_app.services import demo, setup
    from inspector_app.services.context import open_app

    folder = tmp_path_factory.mktemp("printing") / "data"
    setup.init(folder, authority="测试县应急管理局", short="测")
    with open_app(folder) as app:
        demo.load(app)
        return documents.issue(app, completed_with_orders(app), DocumentKind.RECTIFICATION_ORDER).pdf


@pytest.fixture
def pdf_document(qapp, order_pdf: bytes):  # type: ignore[no-untyped-def]
    data = QByteArray(order_pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    yield document
    document.close()
    buffer.close()


def pdf_printer(path: Path) -> QPrinter:
    printer = a4_printer("test")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@needs_poppler
def test_print_document_draws_every_page_on_a4(pdf_document: QPdfDocument, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    count = pdf_document.pageCount()
    assert count >= 2
    assert print_document(pdf_document, pdf_printer(out), progress=progress) == count
    assert pdf_pages(out) == (count, A4_POINTS)
    assert seen[0] == (0, count) and seen[-1] == (count, count)


@needs_poppler
def test_page_range_and_copies(pdf_document: QPdfDocument, tmp_path: Path) -> None:
    out = tmp_path / "range.pdf"
    assert print_document(pdf_document, pdf_printer(out), page_range=[2]) == 1
    assert pdf_pages(out)[0] == 1
    copies = tmp_path / "copies.pdf"
    printer = pdf_printer(copies)
    printer.setCopyCount(2)
    assert not printer.supportsMultipleCopies()  # a PDF file cannot say "two copies": they are drawn
    assert print_document(pdf_document, printer, page_range=[1, 2]) == 4
    assert pdf_pages(copies)[0] == 4


def test_pages_follow_the_print_dialog_settings(pdf_document: QPdfDocument, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "unused.pdf")
    count = pdf_document.pageCount()
    assert pages_to_print(printer, count) == list(range(1, count + 1))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    ranges = QPageRanges()
    ranges.addRange(2, count + 5)
    printer.setPageRanges(ranges)
    assert pages_to_print(printer, count) == list(range(2, count + 1))
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert pages_to_print(printer, count, current_page=2) == [2]


def test_nothing_to_print_is_an_error(pdf_document: QPdfDocument, tmp_path: Path) -> None:
    out = tmp_path / "none.pdf"
    with pytest.raises(PrintError, match="没有可打印的页"):
        print_document(pdf_document, pdf_printer(out), page_range=[99])
    assert not out.exists()


def test_cancelling_stops_the_job(pdf_document: QPdfDocument, tmp_path: Path) -> None:
    out = tmp_path / "cancelled.pdf"
    assert print_document(pdf_document, pdf_printer(out), progress=lambda done, _total: done < 1) == 1


@needs_poppler
def test_printing_from_the_preview_runs_on_a_task(
    qtbot, window: MainWindow, order: documents.Issued, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = DocumentPreviewDialog(window, order.document.number, order.pdf)
    dialog.open()
    dialog.choose_printer()
    chooser = dialog.print_dialog
    assert isinstance(chooser, QPrintDialog)
    qtbot.waitUntil(chooser.isVisible)
    assert dialog.printer is not None and dialog.printer.fullPage()
    chooser.reject()  # the user changed their mind: nothing printed
    assert dialog.print_task is None
    out = tmp_path / "from-dialog.pdf"
    dialog.print_to(pdf_printer(out))
    assert not dialog.print_action.isEnabled()  # one print job at a time
    qtbot.waitUntil(lambda: dialog.print_task is None, timeout=30_000)
    assert dialog.print_action.isEnabled()
    assert pdf_pages(out) == (dialog.page_count, A4_POINTS)
    assert str(out) in dialog.message.text()


# -- a real CUPS queue ----------------------------------------------------------------------------------------


def _queue_exists(name: str) -> bool:
    if shutil.which("lpstat") is None:
        return False
    try:
        listed = subprocess.run(["lpstat", "-p"], capture_output=True, text=True, timeout=15).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.split()[1:2] == [name] for line in listed.splitlines() if line.startswith("printer "))


def _cups_pdf_folders() -> list[Path]:
    """Where cups-pdf writes: its Out setting (${HOME}, ${USER} of the job's owner), then the usual places."""
    user = pwd.getpwuid(os.getuid())
    settings = {"Out": "${HOME}/PDF", "AnonDirName": "/var/spool/cups-pdf/ANONYMOUS"}
    conf = Path("/etc/cups/cups-pdf.conf")
    try:
        for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _sep, value = line.strip().partition(" ")
            if key in settings and value.strip():
                settings[key] = value.strip()
    except OSError:
        pass
    out = settings["Out"].replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name)
    folders = [Path(out), Path(settings["AnonDirName"]), Path(user.pw_dir) / "PDF"]
    return list(dict.fromkeys(folders))


def _new_pdf(folders: list[Path], token: str) -> Path | None:
    for folder in folders:
        try:
            named = [p for p in folder.glob("*.pdf") if token in p.name]
        except OSError:
            continue
        if named:
            return named[0]
    return None


def _finished_pages(path: Path) -> tuple[int, str] | None:
    """pdfinfo's reading once Ghostscript has finished writing the file, else None."""
    try:
        return pdf_pages(path)
    except (subprocess.CalledProcessError, KeyError, ValueError):
        return None


@needs_poppler
def test_prints_through_a_real_cups_queue(pdf_document: QPdfDocument) -> None:
    if not _queue_exists(QUEUE):
        pytest.skip(f"no CUPS queue named {QUEUE} (.ci/run sets one up with cups-pdf when run as root)")
    token = f"inspector-test-{uuid.uuid4().hex[:8]}"
    printer = a4_printer(token)
    printer.setPrinterName(QUEUE)
    assert printer.isValid() and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    folders = _cups_pdf_folders()
    started = time.time()
    assert print_document(pdf_document, printer) == pdf_document.pageCount()
    found, reading = None, None
    deadline = started + 60
    while reading is None and time.time() < deadline:
        time.sleep(0.5)  # cups-pdf runs Ghostscript on its own schedule; nothing of ours to process meanwhile
        found = found or _new_pdf(folders, token)
        reading = _finished_pages(found) if found is not None else None
    try:
        assert found is not None, f"cups-pdf wrote nothing named {token} into {', '.join(map(str, folders))} in 60 s"
        assert reading is not None, f"{found} was not a complete PDF after 60 s"
        pages, size = reading
        assert pages == pdf_document.pageCount()
        assert "A4" in size
    finally:
        if found is not None:
            found.unlink(missing_ok=True)


def test_cancelling_from_the_progress_dialog_says_so(
    qtbot, window: MainWindow, order: documents.Issued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.gui.tasks import Cancelled

    shown: list[BaseException] = []
    monkeypatch.setattr("inspector_app.gui.errors.show_error", lambda _parent, exc, _trace="": shown.append(exc))
    dialog = DocumentPreviewDialog(window, order.document.number, order.pdf)
    dialog.open()
    printer = pdf_printer(tmp_path / "cancelled.pdf")
    printer.setCopyCount(3)  # nine sheets: plenty of time to press 取消
    dialog.print_to(printer)
    dialog.print_task.control.cancel()
    qtbot.waitUntil(lambda: dialog.print_task is None, timeout=30_000)
    assert dialog.message.text() == "打印未完成"
    assert [type(e) for e in shown] == [Cancelled]  # which show_error passes over in silence
    assert dialog.print_action.isEnabled()
