"""Register the bundled CJK fonts so Chinese never shows as boxes, whatever the machine has installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from inspector_app import bundle

UI_FONT_FILE = "wqy-microhei.ttc"
DOCUMENT_FONT_FILE = "uming.ttc"


def register_bundled_fonts() -> list[str]:
    """Returns the families added; the UI family is made the application default."""
    families: list[str] = []
    for name in (UI_FONT_FILE, DOCUMENT_FONT_FILE):
        path = bundle.resources_dir() / "fonts" / name
        if not path.exists():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def ui_font(families: list[str], point_size: int = 11) -> QFont:
    preferred = next((f for f in families if "Micro Hei" in f), families[0] if families else "")
    font = QFont(preferred) if preferred else QFont()
    font.setPointSize(point_size)
    return font
