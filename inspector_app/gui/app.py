"""Start the window: one QApplication with the bundled fonts, the translation and the style sheet."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from inspector_app import bundle
from inspector_app.gui.fonts import register_bundled_fonts, ui_font


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qapp = QApplication(sys.argv[:1])
    configure(qapp)
    return qapp


def configure(qapp: QApplication) -> None:
    qapp.setApplicationName("InspectorApp")
    qapp.setOrganizationName("InspectorApp")
    families = register_bundled_fonts()
    qapp.setFont(ui_font(families))
    install_translation(qapp, os.environ.get("INSPECTOR_LANG") or QLocale.system().name())
    # After the translation: window titles carry the display name on some platforms.
    qapp.setApplicationDisplayName(QCoreApplication.translate("app", "安全生产现场检查执法终端"))
    style = bundle.resources_dir() / "style.qss"
    if style.exists():
        qapp.setStyleSheet(style.read_text(encoding="utf-8"))


TRANSLATOR_NAME = "inspector_translator"
QT_TRANSLATOR_NAME = "qt_translator"


def install_qt_translation(qapp: QApplication, language: str) -> bool:
    """Qt's own dialogs (file chooser, colour of "Show Details…", calendar) in the same language."""
    for old in qapp.findChildren(QTranslator, QT_TRANSLATOR_NAME):
        qapp.removeTranslator(old)
        old.setObjectName("")
        old.deleteLater()
    translator = QTranslator(qapp)
    translator.setObjectName(QT_TRANSLATOR_NAME)
    if translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        qapp.installTranslator(translator)
        return True
    translator.deleteLater()
    return False


def install_translation(qapp: QApplication, language: str) -> bool:
    """Source strings are Chinese; English (or another language) comes from resources/i18n/*.qm.

    Replaces a translation installed earlier, so calling it again (or with "zh_CN") switches language.
    """
    for old in qapp.findChildren(QTranslator, TRANSLATOR_NAME):
        qapp.removeTranslator(old)
        old.setObjectName("")
        old.deleteLater()
    install_qt_translation(qapp, "zh_CN" if language.startswith("zh") else language)
    if language.startswith("zh"):
        return False
    translator = QTranslator(qapp)
    translator.setObjectName(TRANSLATOR_NAME)
    if translator.load(f"inspector_{language[:2]}", str(bundle.resources_dir() / "i18n")):
        qapp.installTranslator(translator)
        return True
    translator.deleteLater()
    return False


def run(data_dir: str | None, *, exit_after_paint: bool = False, page: str | None = None) -> int:
    qapp = application()
    from inspector_app.gui.errors import install_excepthook
    from inspector_app.gui.main_window import MainWindow

    window = MainWindow(data_dir, load=not exit_after_paint)
    install_excepthook(lambda: window)
    if exit_after_paint:
        window.first_paint.connect(lambda: QTimer.singleShot(0, qapp.quit))
    elif page:
        window.loaded.connect(lambda: window.show_page(page))
    window.show()
    return qapp.exec()
