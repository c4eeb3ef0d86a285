"""The page: A4 geometry after GB/T 9704-2012, the canvas that numbers pages once their count is known, and the
deterministic PDF build.

GB/T 9704-2012 (党政机关公文格式) puts the 版心 at 156 × 225 mm with 天头 37 mm and 订口 28 mm, which leaves
26 mm on the right and 35 mm at the bottom. Everything printed on the page (page marks, the QR code) stays
at least PRINTABLE_MARGIN from every paper edge: common office printers cannot print the outer 4.2 mm or so.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from inspector_app.documents.fonts import register_fonts

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * mm  # 天头
MARGIN_LEFT = 28 * mm  # 订口
CONTENT_WIDTH = 156 * mm  # 版心
CONTENT_HEIGHT = 225 * mm
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - CONTENT_WIDTH  # 26 mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - CONTENT_HEIGHT  # 35 mm

PRINTABLE_MARGIN = 10 * mm  # nothing is drawn nearer the paper edge than this

# Page marks, in the margins around the 版心: the footer under it (GB/T 9704: the page number sits 7 mm under
# the 版心), the continuation header over it.
FOOTER_BASELINE = MARGIN_BOTTOM - 7 * mm - 9  # 9 pt text whose top is 7 mm under the 版心
CONTINUED_BASELINE = PAGE_HEIGHT - MARGIN_TOP + 7 * mm

# Text sizes: nothing on the page is smaller than MIN_TEXT_SIZE except the QR caption.
MIN_TEXT_SIZE = 9
PAGE_MARK_SIZE = 9
CONTINUED_SIZE = 10.5

BODY_SIZE = 12
BODY_LEADING = 21

CREATOR = "inspector-app"

PageDecorator = Callable[[Canvas, int, int], None]


def furnished_canvas(decorate: PageDecorator, creation: date | None = None) -> type[Canvas]:
    """A canvas class that holds pages back until the end, then lets `decorate(canvas, page, pages)` draw on
    each one knowing the page count (for "第 n 页 共 N 页")."""

    class FurnishedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            if creation is not None:
                stamp = f"D:{creation:%Y%m%d}000000+08'00'"
                self.setDateFormatter(lambda *_ymdhms: stamp)

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # Canvas's own page reset; private, so not in the stubs

        def save(self) -> None:
            pages = len(self._held)
            for n, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                decorate(self, n, pages)
                super().showPage()
            super().save()

    return FurnishedCanvas


def write_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    decorate: PageDecorator,
    creation: date | None,
    pagesize: tuple[float, float] = PAGE_SIZE,
    margins: tuple[float, float, float, float] = (MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT),
) -> bytes:
    """Lay the story out and return the PDF. Deterministic: invariant mode, creation date = `creation`."""
    font = register_fonts()
    top, right, bottom, left = margins
    width, height = pagesize
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        subject=subject,
        # One keyword; ReportLab joins a list with ", ", so the PDF's Keywords entry is that string unchanged.
        keywords=[keywords],
        creator=CREATOR,
        invariant=True,
        lang="zh-CN",
        # A TrueType initial font, so ReportLab does not reference an unembedded Helvetica on every page.
        initialFontName=font,
        initialFontSize=BODY_SIZE,
        initialLeading=BODY_LEADING,
    )
    frame = Frame(left, bottom, width - left - right, height - top - bottom, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=pagesize)])
    with _reproducible_build():
        doc.build(story, canvasmaker=furnished_canvas(decorate, creation))
    return out.getvalue()


_build_lock = threading.RLock()


@contextlib.contextmanager
def _reproducible_build() -> Iterator[None]:
    """Process-wide ReportLab settings for the duration of one build.

    - ASCII85 off: ReportLab wraps every stream in ASCII85 by default (+25 % on every photo).
    - SOURCE_DATE_EPOCH hidden: in invariant mode ReportLab seeds the file /ID with it when it is set, so a
      build machine that sets it would otherwise produce different bytes for the same document.

    Both are global, so builds are serialised (ReportLab's own global state makes concurrent builds unsafe
    anyway).
    """
    with _build_lock:
        saved_a85 = rl_config.useA85
        saved_epoch = os.environ.pop("SOURCE_DATE_EPOCH", None)
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = saved_a85
            if saved_epoch is not None:
                os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
