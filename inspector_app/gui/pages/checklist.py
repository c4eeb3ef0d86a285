"""The checklist of one inspection: sections and items on the left, the current item on the right.

Every answer is written the moment it is given; notes are written 0.4 s after typing stops.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import DocumentKind, HazardStatus, InspectionStatus, Outcome
from inspector_app.gui import errors
from inspector_app.gui.checklist_undo import SetOutcome
from inspector_app.gui.widgets.item_panel import ItemPanel

if TYPE_CHECKING:
    from inspector_app.forms.templates import Template
    from inspector_app.gui.main_window import MainWindow

MARKS = {"pass": ("✔", "#2e7d32"), "fail": ("✘", "#c62828"), "na": ("—", "#607d8b"), "unchecked": ("○", "#90a4ae")}
ITEM_ROLE = Qt.ItemDataRole.UserRole
ANSWER_KEYS = {Qt.Key.Key_1: "pass", Qt.Key.Key_2: "fail", Qt.Key.Key_3: "na"}
# The 签发文书 menu, in the order the documents are usually issued; translated where shown.
ISSUE_LABELS = {
    DocumentKind.INSPECTION_RECORD: QT_TRANSLATE_NOOP("ChecklistView", "现场检查记录"),
    DocumentKind.RECTIFICATION_ORDER: QT_TRANSLATE_NOOP("ChecklistView", "责令限期整改指令书"),
    DocumentKind.ONSITE_DECISION: QT_TRANSLATE_NOOP("ChecklistView", "现场处理措施决定书"),
    DocumentKind.REVIEW_OPINION: QT_TRANSLATE_NOOP("ChecklistView", "整改复查意见书"),
    DocumentKind.REFERRAL: QT_TRANSLATE_NOOP("ChecklistView", "事故隐患移送书"),
    DocumentKind.SE_DIRECTIVE: QT_TRANSLATE_NOOP("ChecklistView", "特种设备安全监察指令书"),
}


class ChecklistView(QWidget):
    closed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.inspection_id: str | None = None
        self.template: Template | None = None
        self.outcomes: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.hazards: dict[str, str] = {}
        self.locked = False
        self.undo = QUndoStack(self)
        self._build()
        self._wire()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("checklist_subtitle")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        self.undo_button = QPushButton(self.tr("撤销"))
        self.undo_button.setObjectName("undo")
        self.redo_button = QPushButton(self.tr("重做"))
        self.redo_button.setObjectName("redo")
        self.sign_button = QPushButton(self.tr("签名…"))
        self.sign_button.setObjectName("sign")
        self.complete_button = QPushButton(self.tr("完成检查"))
        self.complete_button.setObjectName("complete")
        self.issue_button = QPushButton(self.tr("签发文书"))
        self.issue_button.setObjectName("issue_documents")
        self.issue_button.setToolTip(self.tr("检查完成后签发执法文书；不满足签发条件时会说明原因"))
        self.issue_menu = QMenu(self.issue_button)
        self.issue_menu.setObjectName("issue_menu")
        self.issue_menu.setStyleSheet("QMenu#issue_menu::item { padding: 10px 28px; }")  # big enough for a finger
        self.issue_actions: dict[DocumentKind, QAction] = {}
        for kind, label in ISSUE_LABELS.items():
            action = self.issue_menu.addAction(self.tr(label))
            action.setObjectName(f"issue_{kind.value}")
            self.issue_actions[kind] = action
        self.issue_task: Any = None
        self.close_button = QPushButton(self.tr("返回"))
        self.close_button.setObjectName("close_inspection")
        for button in (
            self.undo_button,
            self.redo_button,
            self.sign_button,
            self.complete_button,
            self.issue_button,
            self.close_button,
        ):
            top.addWidget(button)
        layout.addLayout(top)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("checklist_progress")
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progress_label")
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label)
        layout.addLayout(progress_row)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("checklist_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setUniformRowHeights(True)
        self.panel = ItemPanel(self.window_)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([480, 760])
        layout.addWidget(splitter, 1)

    def _wire(self) -> None:
        self.tree.currentItemChanged.connect(self._current_changed)
        self.panel.outcome_chosen.connect(self._outcome_chosen)
        self.panel.note_edited.connect(self._save_note)
        self.panel.raise_hazard.connect(self.raise_hazard)
        self.panel.photos.changed.connect(self.window_.data_changed)
        self.undo_button.clicked.connect(self.undo.undo)
        self.redo_button.clicked.connect(self.undo.redo)
        self.undo.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo.canRedoChanged.connect(self.redo_button.setEnabled)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.undo.redo)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.next_item)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self._step(-1))
        # Item views swallow printable keys for type-ahead search, so the answer keys are taken here.
        self.tree.installEventFilter(self)
        self.complete_button.clicked.connect(self.complete)
        self.sign_button.clicked.connect(self.sign)
        self.issue_button.clicked.connect(self.show_issue_menu)
        for kind, action in self.issue_actions.items():
            action.triggered.connect(partial(self.issue_document, kind))
        self.close_button.clicked.connect(self._close)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if obj is not self.tree or self.locked or kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return super().eventFilter(obj, event)
        outcome = ANSWER_KEYS.get(event.key())  # type: ignore[attr-defined]
        if outcome is None:
            return super().eventFilter(obj, event)
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # claim the key for the tree so that it arrives as a KeyPress
            return True
        item_id = self.current_item_id()
        if item_id is not None:
            self._outcome_chosen(item_id, outcome)
        return True

    # -- loading -------------------------------------------------------------------------------------------
    def open(self, inspection_id: str) -> None:
        from inspector_app.services import document_competence, hazards, inspections, registry

        app = self.window_.app
        assert app is not None
        self.flush()
        inspection = inspections.get_inspection(app, inspection_id)
        self.inspection_id = inspection_id
        self.template = inspections.template_for(app, inspection_id)
        results = inspections.results(app, inspection_id)
        self.outcomes = {k: r.outcome for k, r in results.items()}
        self.notes = {k: r.note for k, r in results.items()}
        self.hazards = {h.item_id: _hazard_text(h) for h in hazards.of_inspection(app, inspection_id) if h.item_id}
        self.locked = inspection.status == InspectionStatus.COMPLETED.value
        enterprise = registry.get_enterprise(app, inspection.enterprise_id)
        self.title.setText(enterprise.name)
        names = self.tr("、", "between names").join(i.name for i in inspections.inspectors_of(app, inspection_id))
        from inspector_app.services.timeutil import to_local

        started = to_local(inspection.started_at)
        self.subtitle.setText(
            f"{self.template.name} v{self.template.version} · {started:%Y-%m-%d %H:%M} · {names}"  # type: ignore[str-format]
        )
        self.undo.clear()
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.complete_button.setEnabled(not self.locked)
        # Only what this authority issues to this enterprise (特种设备 under 应急: the referral, not the orders).
        offered = document_competence.offered_kinds(app, inspection_id)
        for kind, action in self.issue_actions.items():
            action.setVisible(kind in offered)
        self.banner.setVisible(self.locked)
        self.banner.setText(self.tr("本次检查已完成并锁定，结果只能通过“更正”追加记录。"))
        self._fill_tree()
        self._update_progress()
        self.next_item(from_start=True)

    def _fill_tree(self) -> None:
        assert self.template is not None
        self.tree.clear()
        self.tree_items: dict[str, QTreeWidgetItem] = {}
        for title, items in self.template.sections:
            section = QTreeWidgetItem([title])
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = section.font(0)
            font.setBold(True)
            section.setFont(0, font)
            self.tree.addTopLevelItem(section)
            for item in items:
                node = QTreeWidgetItem()
                node.setData(0, ITEM_ROLE, item.id)
                section.addChild(node)
                self.tree_items[item.id] = node
                self._paint_node(item.id)
            section.setExpanded(True)

    def _paint_node(self, item_id: str) -> None:
        assert self.template is not None
        item = self.template.item(item_id)
        mark, colour = MARKS[self.outcomes.get(item_id, "unchecked")]
        flags = (self.tr("【重大】") if item.major else "") + (self.tr("【待核】") if item.review else "")
        text = item.text if len(item.text) <= 46 else item.text[:45] + "…"
        node = self.tree_items[item_id]
        node.setText(0, f"{mark} {flags}{text}")
        node.setForeground(0, QBrush(QColor(colour)))
        node.setToolTip(0, item.text)

    def _update_progress(self) -> None:
        assert self.template is not None
        total = len(self.template.items)
        answered = sum(1 for v in self.outcomes.values() if v != Outcome.UNCHECKED.value)
        failed = sum(1 for v in self.outcomes.values() if v == Outcome.FAIL.value)
        self.progress.setMaximum(total)
        self.progress.setValue(answered)
        self.progress_label.setText(self.tr("已检查 {0} / {1} 项 · 不符合 {2} 项").format(answered, total, failed))

    # -- navigation ----------------------------------------------------------------------------------------
    def current_item_id(self) -> str | None:
        node = self.tree.currentItem()
        return node.data(0, ITEM_ROLE) if node is not None else None

    def select_item(self, item_id: str) -> None:
        self.tree.setCurrentItem(self.tree_items[item_id])

    def next_item(self, from_start: bool = False) -> None:
        """Jump to the next unanswered item (or the first item once all are answered)."""
        assert self.template is not None
        ids = [i.id for i in self.template.items]
        current = None if from_start else self.current_item_id()
        start = ids.index(current) + 1 if current in ids else 0
        for item_id in ids[start:] + ids[:start]:
            if self.outcomes.get(item_id, "unchecked") == Outcome.UNCHECKED.value:
                self.select_item(item_id)
                return
        if from_start or current is None:
            self.select_item(ids[0])

    def _step(self, delta: int) -> None:
        assert self.template is not None
        ids = [i.id for i in self.template.items]
        current = self.current_item_id()
        index = ids.index(current) + delta if current in ids else 0
        self.select_item(ids[max(0, min(len(ids) - 1, index))])

    def _current_changed(self, node: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if node is None or self.template is None or self.inspection_id is None:
            return
        item_id = node.data(0, ITEM_ROLE)
        if item_id is None:
            return
        ids = [i.id for i in self.template.items]
        self.panel.show_item(
            self.template.item(item_id),
            self.outcomes.get(item_id, "unchecked"),
            self.notes.get(item_id, ""),
            self.hazards.get(item_id, ""),
            locked=self.locked,
            position=f"{ids.index(item_id) + 1}/{len(ids)}",
            inspection_id=self.inspection_id,
        )

    # -- changes -------------------------------------------------------------------------------------------
    def _outcome_chosen(self, item_id: str, outcome: str) -> None:
        old = self.outcomes.get(item_id, Outcome.UNCHECKED.value)
        if old == outcome:
            return
        self.undo.push(SetOutcome(self._apply_outcome, item_id, old, outcome))
        if outcome == Outcome.FAIL.value and item_id not in self.hazards:
            self.raise_hazard(item_id)
        elif outcome != Outcome.FAIL.value:
            self.next_item()

    def _apply_outcome(self, item_id: str, outcome: str) -> None:
        from inspector_app.services import inspections

        app = self.window_.app
        assert app is not None and self.inspection_id is not None
        try:
            inspections.record_result(app, self.inspection_id, item_id, Outcome(outcome), self.notes.get(item_id))
        except Exception as exc:
            errors.show_error(self, exc)
            self.panel.set_outcome(self.outcomes.get(item_id, "unchecked"))
            return
        self.outcomes[item_id] = outcome
        self._paint_node(item_id)
        self._update_progress()
        if self.current_item_id() == item_id:
            self.panel.set_outcome(outcome)
            self.panel.set_hazard(outcome, self.hazards.get(item_id, ""), self.locked)

    def _save_note(self, item_id: str, note: str) -> None:
        from inspector_app.services import inspections

        app = self.window_.app
        if app is None or self.inspection_id is None or self.locked:
            return
        try:
            inspections.record_result(
                app, self.inspection_id, item_id, Outcome(self.outcomes.get(item_id, "unchecked")), note
            )
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self.notes[item_id] = note

    def flush(self) -> None:
        self.panel.flush_note()

    def raise_hazard(self, item_id: str) -> None:
        from inspector_app.gui.dialogs.hazard_dialog import HazardDialog
        from inspector_app.services.timeutil import today

        assert self.template is not None
        dialog = HazardDialog(self.template.item(item_id), today(), self.notes.get(item_id, ""), self)
        dialog.setObjectName("hazard_dialog")
        dialog.accepted.connect(lambda: self._hazard_accepted(item_id, dialog))
        dialog.open()
        self.hazard_dialog = dialog

    def _hazard_accepted(self, item_id: str, dialog: object) -> None:
        from inspector_app.services import hazards

        app = self.window_.app
        assert app is not None and self.inspection_id is not None
        values = dialog.values()  # type: ignore[attr-defined]
        try:
            hazard = hazards.raise_from_item(app, self.inspection_id, item_id, **values)
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self.hazards[item_id] = _hazard_text(hazard)
        if self.current_item_id() == item_id:
            self.panel.set_hazard(Outcome.FAIL.value, self.hazards[item_id], self.locked)
        self.window_.data_changed()

    def sign(self) -> None:
        from inspector_app.gui.dialogs.signature_dialog import SignatureDialog

        assert self.inspection_id is not None
        self.flush()
        dialog = SignatureDialog(self.window_.app, self.inspection_id, self)  # type: ignore[arg-type]
        dialog.setObjectName("signature_dialog")
        dialog.saved.connect(lambda _n: self.window_.data_changed())
        dialog.open()
        self.signature_dialog = dialog

    def complete(self) -> None:
        from inspector_app.gui.dialogs.complete_dialog import CompleteDialog
        from inspector_app.services import inspections

        assert self.template is not None and self.inspection_id is not None
        app = self.window_.app
        assert app is not None
        self.flush()
        total = len(self.template.items)
        unchecked = total - sum(1 for v in self.outcomes.values() if v != "unchecked")
        no_hazard = [i for i, v in self.outcomes.items() if v == "fail" and i not in self.hazards]
        lines = [self.tr("完成后检查结果将被锁定，之后只能追加更正记录。")]
        if unchecked:
            lines.append(self.tr("还有 {0} 项未检查，将记为“未检查”。").format(unchecked))
        if no_hazard:
            lines.append(self.tr("有 {0} 个不符合项尚未登记隐患。").format(len(no_hazard)))
        unsigned = self._unsigned()
        warnings = []
        if unsigned:
            warnings.append(
                self.tr("尚未签名：{0}。可在完成后补签或记录拒签。").format(
                    self.tr("、", "between names").join(unsigned)
                )
            )
        started = inspections.get_inspection(app, self.inspection_id).started_at
        dialog = CompleteDialog(lines, warnings, started, self)
        dialog.setObjectName("complete_dialog")
        dialog.accepted.connect(lambda: self._complete(dialog.ended()))
        dialog.open()
        self.complete_dialog = dialog

    def _unsigned(self) -> list[str]:
        """Who has not signed (nor, for the enterprise, refused): a warning, since signing may follow."""
        from inspector_app.domain.enums import SignerRole
        from inspector_app.gui.dialogs.signature_dialog import ENTERPRISE_TAB
        from inspector_app.services import inspections, signatures

        app = self.window_.app
        assert app is not None and self.inspection_id is not None
        signed = signatures.signatures_of(app, self.inspection_id)
        enterprise = QCoreApplication.translate("SignatureDialog", ENTERPRISE_TAB)
        missing = [] if any(s.role == SignerRole.ENTERPRISE.value for s in signed) else [enterprise]
        done = {s.inspector_id for s in signed if s.role == SignerRole.INSPECTOR.value}
        return missing + [i.name for i in inspections.inspectors_of(app, self.inspection_id) if i.id not in done]

    def _complete(self, ended_at: datetime) -> None:
        from inspector_app.services import inspections

        assert self.inspection_id is not None
        try:
            inspections.complete_inspection(self.window_.app, self.inspection_id, ended_at=ended_at)  # type: ignore[arg-type]
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self.open(self.inspection_id)
        self.window_.data_changed()

    # -- documents -----------------------------------------------------------------------------------------
    def show_issue_menu(self) -> None:
        """Pop the menu under the button (popup, not exec: nothing blocks while it is open)."""
        self.issue_menu.popup(self.issue_button.mapToGlobal(QPoint(0, self.issue_button.height())))

    def issue_document(self, kind: DocumentKind, _checked: bool = False) -> None:
        """Issue on a worker (rendering with photos takes up to a second); the service says why it cannot."""
        if self.inspection_id is None or self.issue_task is not None:
            return
        self.flush()
        if kind == DocumentKind.ONSITE_DECISION and self._asks_for_measures():
            from inspector_app.gui.dialogs.onsite_measures_dialog import OnsiteMeasuresDialog

            dialog = OnsiteMeasuresDialog(self.window_.app, self.inspection_id, self)  # type: ignore[arg-type]
            dialog.setObjectName("onsite_measures_dialog")
            dialog.accepted.connect(lambda: self._start_issue(kind, dialog.choices()))
            dialog.open()
            self.measures_dialog = dialog
            return
        self._start_issue(kind, [])

    def _asks_for_measures(self) -> bool:
        """Only when a 决定书 will really be written: locked, an open 重大 hazard, and none issued yet."""
        from inspector_app.gui.dialogs.onsite_measures_dialog import open_major_hazards
        from inspector_app.services import documents

        app = self.window_.app
        assert app is not None and self.inspection_id is not None
        if not self.locked or not open_major_hazards(app, self.inspection_id):
            return False
        issued = documents.of_inspection(app, self.inspection_id)
        return not any(d.kind == DocumentKind.ONSITE_DECISION.value for d in issued)

    def _start_issue(self, kind: DocumentKind, measures: list[tuple[str, list[str], str | None]]) -> None:
        from inspector_app.services import documents, hazards

        app = self.window_.app
        inspection_id = self.inspection_id
        assert app is not None and inspection_id is not None

        def work(_control: Any) -> Any:
            for hazard_id, chosen, place in measures:
                hazards.set_onsite_measures(app, hazard_id, chosen, location=place)
            return documents.issue(app, inspection_id, kind)

        self.issue_button.setEnabled(False)
        self.issue_task = self.window_.runner.start(
            self.tr("正在签发{0}……").format(self.tr(ISSUE_LABELS[kind])),
            work,
            on_done=self._issued,
            on_error=self._issue_failed,
            parent_widget=self,
            cancellable=False,  # the issue is one transaction: it completes or leaves nothing behind
        )

    def _issued(self, issued: Any) -> None:
        from inspector_app.gui.dialogs.document_preview import DocumentPreviewDialog

        self.issue_task = None
        self.issue_button.setEnabled(True)
        dialog = DocumentPreviewDialog(self.window_, issued.document.number, issued.pdf)
        if not issued.created:
            dialog.show_message(self.tr("此文书此前已签发，显示的是签发时的原件；如需更正请到“文书”页。"))
        dialog.open()
        self.preview = dialog
        if issued.created:
            self.window_.data_changed()

    def _issue_failed(self, exc: BaseException, trace: str) -> None:
        self.issue_task = None
        self.issue_button.setEnabled(True)
        errors.show_error(self, exc, trace)

    def _close(self) -> None:
        self.flush()
        self.closed.emit()


def _hazard_text(hazard: object) -> str:
    status = HazardStatus(hazard.status).label  # type: ignore[attr-defined]
    deadline = hazard.deadline  # type: ignore[attr-defined]
    if deadline:
        text = QCoreApplication.translate("ChecklistView", "已登记隐患（{0}，整改期限 {1}）")
        return text.format(status, f"{deadline:%Y-%m-%d}")
    return QCoreApplication.translate("ChecklistView", "已登记隐患（{0}）").format(status)
