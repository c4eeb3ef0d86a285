"""The CJK font of the enforcement documents: AR PL UMing (宋体 style, TrueType outlines), bundled in resources/.

ReportLab embeds a subset of a TrueType font with a ToUnicode map, so the text of every PDF stays searchable
and copyable. The face has no bold; bold and italic map to the same face (titles are emboldened by stroking
the glyph outlines, see layout.TitleLine).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from inspector_app.bundle import resources_dir

FONT_NAME = "UMing"
FONT_FILE = "uming.ttc"
SUBFONT_INDEX = 0  # AR PL UMing CN: simplified-Chinese glyph forms

_lock = threading.Lock()


def font_path() -> Path:
    return resources_dir() / "fonts" / FONT_FILE


def register_fonts() -> str:
    """Register UMing with ReportLab (once per process) and return its font name.

    Raises RuntimeError, naming the file, when the bundled font is missing or unreadable.
    """
    with _lock:
        if FONT_NAME in pdfmetrics.getRegisteredFontNames():
            return FONT_NAME
        pdfmetrics.registerFont(load_font(font_path()))
        pdfmetrics.registerFontFamily(
            FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME
        )
        return FONT_NAME


def load_font(path: Path) -> TTFont:
    if not path.is_file():
        raise RuntimeError(
            f"文书字体文件缺失：{path}。执法文书需要 AR PL UMing 字体（{FONT_FILE}），请重新安装本程序。"
        )
    try:
        return TTFont(FONT_NAME, str(path), subfontIndex=SUBFONT_INDEX)
    except Exception as exc:  # a truncated or replaced file: name the file, not just a TTF parser trace
        raise RuntimeError(f"文书字体文件无法读取：{path}（{exc}）。请重新安装本程序。") from exc
