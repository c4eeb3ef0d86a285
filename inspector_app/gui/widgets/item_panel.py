"""One checklist item, large enough for gloves: text, 违反 and 依据, three outcome buttons, note, photos, hazard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import Outcome
from inspector_app.forms.templates import Item
from inspector_app.gui.widgets.photo_strip import PhotoStrip

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow

NOTE_SAVE_DELAY_MS = 400
# (outcome, label, key): the labels are translated where shown.
OUTCOME_BUTTONS = (
    (Outcome.PASS, QT_TRANSLATE_NOOP("ItemPanel", "符合"), "1"),
    (Outcome.FAIL, QT_TRANSLATE_NOOP("ItemPanel", "不符合"), "2"),
    (Outcome.NOT_APPLICABLE, QT_TRANSLATE_NOOP("ItemPanel", "不适用"), "3"),
)


class ItemPanel(QFrame):
    outcome_chosen = Signal(str, str)  # item id, outcome
    note_edited = Signal(str, str)  # item id, note
    raise_hazard = Signal(str)  # item id

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: Item | None = None
        self._loading = False
        self._note_dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.where = QLabel()
        self.where.setObjectName("item_where")
        layout.addWidget(self.where)
        self.text = QLabel()
        self.text.setObjectName("item_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setStyleSheet("font-size: 14pt;")
        layout.addWidget(self.text)
        badges = QHBoxLayout()
        self.major = QLabel(self.tr("重大事故隐患判定项"))
        self.major.setObjectName("badgeMajor")
        self.review = QLabel(self.tr("待核：依据尚未与官方原文核对"))
        self.review.setObjectName("badgeReview")
        badges.addWidget(self.major)
        badges.addWidget(self.review)
        badges.addStretch(1)
        layout.addLayout(badges)
        # 违反 (the duty breached) and 依据 (the article the order rests on) are printed apart, so shown apart.
        self.violates = QLabel()
        self.violates.setObjectName("item_violates")
        self.grounds = QLabel()
        self.grounds.setObjectName("item_grounds")
        for label in (self.violates, self.grounds):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setStyleSheet("color: #455a64;")
            layout.addWidget(label)

        row = QHBoxLayout()
        self.outcomes = QButtonGroup(self)
        self.outcomes.setExclusive(True)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for outcome, label, key in OUTCOME_BUTTONS:
            button = QPushButton(f"{self.tr(label)}  ({key})")
            button.setObjectName(f"outcome_{outcome.value}")
            button.setCheckable(True)
            button.setShortcut(key)
            self.outcomes.addButton(button)
            self.outcome_buttons[outcome.value] = button
            row.addWidget(button)
            button.clicked.connect(lambda _c=False, o=outcome.value: self._chosen(o))
        layout.addLayout(row)

        layout.addWidget(QLabel(self.tr("检查情况说明")))
        self.note = QPlainTextEdit()
        self.note.setObjectName("item_note")
        self.note.setPlaceholderText(self.tr("记录部位、现象、数量等（自动保存）"))
        self.note.setFixedHeight(80)
        layout.addWidget(self.note)
        self.saved = QLabel()
        self.saved.setObjectName("note_saved")
        self.saved.setStyleSheet("color: #607d8b; font-size: 9pt;")
        layout.addWidget(self.saved)
        layout.addWidget(QLabel(self.tr("现场照片")))
        self.photos = PhotoStrip(window)
        layout.addWidget(self.photos)

        hazard_row = QHBoxLayout()
        self.hazard_label = QLabel()
        self.hazard_label.setObjectName("item_hazard")
        self.hazard_label.setWordWrap(True)
        self.hazard_button = QPushButton(self.tr("登记隐患…"))
        self.hazard_button.setObjectName("raise_hazard")
        hazard_row.addWidget(self.hazard_label, 1)
        hazard_row.addWidget(self.hazard_button)
        layout.addLayout(hazard_row)
        layout.addStretch(1)

        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self.note_timer.timeout.connect(self.flush_note)
        self.note.textChanged.connect(self._note_changed)
        self.hazard_button.clicked.connect(lambda: self.item and self.raise_hazard.emit(self.item.id))

    def show_item(
        self, item: Item, outcome: str, note: str, hazard_text: str, *, locked: bool, position: str, inspection_id: str
    ) -> None:
        self.flush_note()
        self._loading = True
        self.item = item
        self.where.setText(f"{position} · {item.section} · {item.id}")
        self.text.setText(item.text)
        missing = self.tr("（检查表未写明）")
        self.violates.setText(self.tr("违反：") + (item.violates or missing))
        self.grounds.setText(self.tr("依据：") + (item.grounds or missing))
        self.major.setVisible(item.major)
        self.review.setVisible(item.review)
        self.set_outcome(outcome)
        if self.note.toPlainText() != note:
            self.note.setPlainText(note)
        self.note.setReadOnly(locked)
        for button in self.outcome_buttons.values():
            button.setEnabled(not locked)
        self.saved.setText("")
        self.set_hazard(outcome, hazard_text, locked)
        self.photos.bind(inspection_id=inspection_id, item_id=item.id, editable=not locked)
        self._loading = False

    def set_outcome(self, outcome: str) -> None:
        self.outcomes.setExclusive(False)
        for value, button in self.outcome_buttons.items():
            button.setChecked(value == outcome)
        self.outcomes.setExclusive(True)

    def set_hazard(self, outcome: str, hazard_text: str, locked: bool) -> None:
        self.hazard_label.setText(hazard_text)
        failed = outcome == Outcome.FAIL.value
        self.hazard_button.setVisible(failed and not hazard_text)
        self.hazard_button.setEnabled(failed and not locked and not hazard_text)

    def _chosen(self, outcome: str) -> None:
        if self.item is not None and not self._loading:
            self.flush_note()
            self.outcome_chosen.emit(self.item.id, outcome)

    def _note_changed(self) -> None:
        if not self._loading and not self.note.isReadOnly():
            self._note_dirty = True
            self.saved.setText(self.tr("正在保存…"))
            self.note_timer.start()

    def flush_note(self) -> None:
        """Save a pending note now (timer, item change, page change, window close)."""
        self.note_timer.stop()
        if self._note_dirty and self.item is not None:
            self._note_dirty = False
            self.note_edited.emit(self.item.id, self.note.toPlainText())
            self.saved.setText(self.tr("已保存"))
