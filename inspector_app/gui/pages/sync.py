"""同步: data travels between the devices and the bureau as package files on a USB stick or in a shared folder.

On a device: export what the bureau has not yet acknowledged, import the bureau's enrolment and update packages,
and see which exports still wait for the bureau's receipt. At the bureau: import the devices' packages, enrol new
devices and export an update (with the receipt) for each. Both sides keep a conflict list. Every import is
verified and rehearsed first (a dry run); nothing is written before the user has seen what would change.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui import errors, prompts
from inspector_app.gui.models.sync_models import (
    ConflictsModel,
    DevicesModel,
    PackagesModel,
    conflict_rows,
    counts_text,
    device_rows,
    differing_keys,
    local_time,
    package_names,
    package_rows,
    pretty,
    report_lines,
)
from inspector_app.gui.pages.base import Page
from inspector_app.gui.widgets.table import make_table, selected_row

if TYPE_CHECKING:
    from inspector_app.gui.tasks import Task, TaskControl

# Translated where shown (self.tr in SyncPage).
DEVICE_INTRO = QT_TRANSLATE_NOOP(
    "SyncPage",
    "检查结束后，把数据包导出到 U 盘带回局里导入；局里导出的更新包（企业名录、检查表、文书编号段和回执）再导入本机。"
    "数据包带有数字签名并加密，导入前先校验并预演。",
)
BUREAU_INTRO = QT_TRANSLATE_NOOP(
    "SyncPage",
    "导入各执法终端带回的数据包；在“终端”标签中登记新终端，或为终端导出更新包（附带回执）。"
    "导入前先校验签名并预演，确认后才写入。",
)
NOT_ENROLLED_HINT = QT_TRANSLATE_NOOP(
    "SyncPage",
    "本终端尚未登记到应急管理局：请导入局端提供的登记数据包（点“导入数据包…”，选择局里交给您的 .pkg 文件）。",
)
ROLE_LABELS = {
    "device": QT_TRANSLATE_NOOP("SyncPage", "执法终端"),
    "bureau": QT_TRANSLATE_NOOP("SyncPage", "应急管理局"),
}
RESOLVE_PROMPT = QT_TRANSLATE_NOOP("SyncPage", "核对说明（例如：已电话核实，以局端登记为准）：")
DIFF_BRUSH = QColor("#fde2e1")
MAX_NOTE = 200  # SyncConflict.resolution
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def package_path(folder: Path, *parts: str) -> Path:
    """<parts>-YYYYMMDD-HHMMSS.pkg in folder, never over an existing file."""
    from inspector_app.services.timeutil import now_local

    name = "-".join(UNSAFE.sub("_", p).strip("._") for p in parts if p.strip()) or "inspector"
    stem = f"{name}-{now_local():%Y%m%d-%H%M%S}"
    path = folder / f"{stem}.pkg"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.pkg"
        n += 1
    return path


class SyncPage(Page):
    title = "同步"
    idle = Signal()  # a started export, import or enrolment has finished (well or not)

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.is_bureau = self.app.role.value == "bureau"
        self.task: Task | None = None
        self.last_folder = ""
        self.device_name = ""
        self.enrolled = False
        self.setStyleSheet(
            "QGroupBox { font-size: 12pt; border: 1px solid #d3dbe5; border-radius: 8px; margin-top: 16px;"
            " padding: 16px 12px 10px 12px; background: #fbfcfe; }"
            " QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 6px; color: #1f3a5f; }"
            " QLabel#sync_enrol_hint { background: #fff4e0; color: #8a4b00; border: 1px solid #f0c987;"
            " border-radius: 6px; padding: 8px 10px; }"
            " QLabel#sync_message { background: #eef5ee; border: 1px solid #b9d7bd; border-radius: 6px;"
            " padding: 8px 10px; }"
            " QLabel.note, QLabel#sync_intro, QLabel#sync_conflict_fields { color: #5b6b7d; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        heading = QLabel(self.tr("同步"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self._status_box(), 2)
        top.addWidget(self._actions_box(), 3)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sync_tabs")
        self.packages_tab = self._packages_tab()
        self.conflicts_tab = self._conflicts_tab()
        self.tabs.addTab(self.packages_tab, self.tr("数据包记录"))
        self.tabs.addTab(self.conflicts_tab, self.tr("冲突清单"))
        self.devices_tab: QWidget | None = None
        if self.is_bureau:
            self.devices_tab = self._devices_tab()
            self.tabs.addTab(self.devices_tab, self.tr("终端"))
        layout.addWidget(self.tabs, 1)
        self._wire()

    # -- building ------------------------------------------------------------------------------------------
    def _status_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("本机"))
        box.setObjectName("group_sync_device")
        v = QVBoxLayout(box)
        form = QFormLayout()
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.name_label = QLabel()
        self.name_label.setObjectName("sync_device_name")
        self.device_label = QLabel()
        self.device_label.setObjectName("sync_device_id")
        self.device_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role_label = QLabel(self.tr(ROLE_LABELS[self.app.role.value]))
        self.role_label.setObjectName("sync_role")
        self.enrolment_label = QLabel()
        self.enrolment_label.setObjectName("sync_enrolment")
        self.enrolment_label.setWordWrap(True)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("sync_pending")
        self.pending_label.setWordWrap(True)
        self.tasks_label = QLabel()
        self.tasks_label.setObjectName("sync_tasks")
        form.addRow(self.tr("名称"), self.name_label)
        form.addRow(self.tr("终端标识"), self.device_label)
        form.addRow(self.tr("角色"), self.role_label)
        if self.is_bureau:
            form.addRow(self.tr("已登记终端"), self.enrolment_label)
            form.addRow(self.tr("待发回执"), self.pending_label)
        else:
            form.addRow(self.tr("登记状态"), self.enrolment_label)
            form.addRow(self.tr("等待局端回执"), self.pending_label)
            form.addRow(self.tr("检查任务"), self.tasks_label)
        v.addLayout(form)
        self.status_form = form
        self.enrol_hint = QLabel(self.tr(NOT_ENROLLED_HINT))
        self.enrol_hint.setObjectName("sync_enrol_hint")
        self.enrol_hint.setWordWrap(True)
        self.enrol_hint.hide()
        v.addWidget(self.enrol_hint)
        v.addStretch(1)
        return box

    def _actions_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("U 盘数据包"))
        box.setObjectName("group_sync_actions")
        v = QVBoxLayout(box)
        v.setSpacing(10)
        intro = QLabel(self.tr(BUREAU_INTRO if self.is_bureau else DEVICE_INTRO))
        intro.setObjectName("sync_intro")
        intro.setWordWrap(True)
        v.addWidget(intro)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.export_button = QPushButton(self.tr("导出数据包…"))
        self.export_button.setObjectName("sync_export")
        self.export_button.setToolTip(self.tr("选择一个文件夹或 U 盘，把本机尚未得到局端回执的数据写成一个数据包"))
        self.import_button = QPushButton(self.tr("导入数据包…"))
        self.import_button.setObjectName("sync_import")
        self.import_button.setToolTip(self.tr("选择一个数据包：先校验并预演，确认后才导入"))
        for button in (self.export_button, self.import_button):
            button.setMinimumSize(160, 44)
            buttons.addWidget(button)
        self.export_button.setVisible(not self.is_bureau)
        buttons.addStretch(1)
        v.addLayout(buttons)
        self.message = QLabel()
        self.message.setObjectName("sync_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        v.addWidget(self.message)
        v.addStretch(1)
        return box

    def _packages_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.setContentsMargins(8, 8, 8, 8)
        self.packages_model = PackagesModel(self)
        self.packages_view = make_table(self.packages_model, "sync_packages")
        v.addWidget(self.packages_view, 1)
        self.packages_empty = QLabel(self.tr("尚未导出或导入过数据包。"))
        self.packages_empty.setObjectName("sync_packages_empty")
        self.packages_empty.setProperty("class", "note")
        self.packages_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.packages_empty.setStyleSheet(
            "QLabel#sync_packages_empty { color: #5b6b7d; font-size: 12pt; padding: 40px 24px;"
            " background: #f6f8fb; border: 1px dashed #c3cdd9; border-radius: 10px; }"
        )
        v.addWidget(self.packages_empty)
        self.packages_stretch = QWidget()
        v.addWidget(self.packages_stretch, 1)
        return tab

    def _conflicts_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.conflicts_summary = QLabel()
        self.conflicts_summary.setObjectName("sync_conflicts_summary")
        self.show_resolved = QCheckBox(self.tr("显示已核对的冲突"))
        self.show_resolved.setObjectName("sync_show_resolved")
        self.resolve_button = QPushButton(self.tr("标记为已核对…"))
        self.resolve_button.setObjectName("sync_resolve")
        bar.addWidget(self.conflicts_summary, 1)
        bar.addWidget(self.show_resolved)
        bar.addWidget(self.resolve_button)
        v.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.conflicts_model = ConflictsModel(self)
        self.conflicts_view = make_table(self.conflicts_model, "sync_conflicts")
        splitter.addWidget(self.conflicts_view)
        detail = QWidget()
        d = QVBoxLayout(detail)
        d.setContentsMargins(0, 4, 0, 0)
        self.conflict_reason = QLabel()
        self.conflict_reason.setObjectName("sync_conflict_reason")
        self.conflict_reason.setWordWrap(True)
        self.conflict_fields = QLabel()
        self.conflict_fields.setObjectName("sync_conflict_fields")
        self.conflict_fields.setWordWrap(True)
        d.addWidget(self.conflict_reason)
        d.addWidget(self.conflict_fields)
        sides = QHBoxLayout()
        self.local_view = self._json_view("sync_conflict_local")
        self.incoming_view = self._json_view("sync_conflict_incoming")
        for title, view in (
            (self.tr("本机现有的版本"), self.local_view),
            (self.tr("数据包中的版本"), self.incoming_view),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(view, 1)
            sides.addLayout(column, 1)
        d.addLayout(sides, 1)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        v.addWidget(splitter, 1)
        return tab

    @staticmethod
    def _json_view(name: str) -> QPlainTextEdit:
        view = QPlainTextEdit()
        view.setObjectName(name)
        view.setReadOnly(True)
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        return view

    def _devices_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.enrol_button = QPushButton(self.tr("登记新终端…"))
        self.enrol_button.setObjectName("sync_enrol")
        self.enrol_button.setToolTip(self.tr("为一台新的执法终端制作登记数据包（内含该终端的密钥，请当面交接）"))
        self.export_device_button = QPushButton(self.tr("为所选终端导出…"))
        self.export_device_button.setObjectName("sync_export_device")
        self.export_device_button.setToolTip(
            self.tr("企业名录、检查表、检查任务、文书编号段，以及已收到该终端数据的回执")
        )
        bar.addWidget(self.enrol_button)
        bar.addWidget(self.export_device_button)
        bar.addStretch(1)
        v.addLayout(bar)
        self.devices_model = DevicesModel(self)
        self.devices_view = make_table(self.devices_model, "sync_devices")
        v.addWidget(self.devices_view, 1)
        return tab

    def _wire(self) -> None:
        self.export_button.clicked.connect(self.export_package)
        self.import_button.clicked.connect(self.import_package)
        self.show_resolved.toggled.connect(lambda _on: self.refresh())
        self.resolve_button.clicked.connect(self.ask_resolve)
        self.conflicts_view.selectionModel().selectionChanged.connect(lambda _s, _d: self._show_conflict())
        self.conflicts_model.modelReset.connect(self._show_conflict)
        if self.is_bureau:
            self.enrol_button.clicked.connect(self.ask_enrol)
            self.export_device_button.clicked.connect(self.export_for_selected_device)
            self.devices_view.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())
            self.devices_view.doubleClicked.connect(lambda _i: self.export_for_selected_device())

    # -- showing -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        from inspector_app.services import sync_state

        app = self.app
        devices = sync_state.devices(app)
        names = {d["id"]: d["name"] for d in devices}
        if not self.is_bureau and app.setting("bureau_id"):
            names[app.setting("bureau_id")] = app.setting("authority")
        packages = sync_state.packages(app)
        self._keep_selection(
            self.packages_view, self.packages_model, package_rows(packages, names, bureau=self.is_bureau)
        )
        self.packages_view.setVisible(bool(packages))
        self.packages_empty.setVisible(not packages)
        self.packages_stretch.setVisible(not packages)
        conflicts = conflict_rows(
            sync_state.conflicts(app, open_only=not self.show_resolved.isChecked()), package_names(packages, names)
        )
        self._keep_selection(self.conflicts_view, self.conflicts_model, conflicts)
        open_count = sum(1 for c in conflicts if not c["resolved"])
        self.tabs.setTabText(
            self.tabs.indexOf(self.conflicts_tab),
            self.tr("冲突清单（{0}）").format(open_count) if open_count else self.tr("冲突清单"),
        )
        if open_count:
            self.conflicts_summary.setText(
                self.tr("{0} 处冲突待核对。两份数据都已保留，核对后请标记。").format(open_count)
            )
        else:
            self.conflicts_summary.setText(self.tr("没有待核对的冲突。"))
        me = next((d for d in devices if d["id"] == app.device_id), None)
        self.device_name = me["name"] if me else ""
        self.name_label.setText(app.setting("authority") if self.is_bureau else self.device_name)
        self.device_label.setText(app.device_id)
        if self.is_bureau:
            self._refresh_bureau(devices)
        else:
            self._refresh_device(packages)
        self._update_buttons()

    def _refresh_device(self, packages: list[Any]) -> None:
        from inspector_app.services import sampling, sync_state

        app = self.app
        self.enrolled = bool(app.setting("enrolled_as") and app.setting("bureau_id"))
        if self.enrolled:
            self.enrolment_label.setText(self.tr("已登记到 {0}").format(app.setting("authority")))
            self.enrolment_label.setStyleSheet("color: #1e7b34;")
        else:
            self.enrolment_label.setText(self.tr("未登记"))
            self.enrolment_label.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.enrol_hint.setVisible(not self.enrolled)
        for label in (self.pending_label, self.tasks_label):
            self.status_form.setRowVisible(label, self.enrolled)
        waiting = sync_state.pending(app)
        if waiting:
            self.pending_label.setText(counts_text(waiting))
            self.pending_label.setStyleSheet("color: #b35c00;")
        else:
            exported = any(p.direction == "out" for p in packages)
            self.pending_label.setText(
                self.tr("无（已导出的记录都已得到局端回执）") if exported else self.tr("尚未导出过数据包")
            )
            self.pending_label.setStyleSheet("")
        open_tasks = [t for t in sampling.list_tasks(app, app.device_id) if t.status == "open"]
        self.tasks_label.setText(self.tr("{0} 项待办").format(len(open_tasks)) if open_tasks else self.tr("无"))

    def _refresh_bureau(self, devices: list[dict[str, Any]]) -> None:
        rows = device_rows(devices)
        self._keep_selection(self.devices_view, self.devices_model, rows)
        self.enrolment_label.setText(self.tr("{0} 台").format(len(rows)))
        owed = [r["name"] for r in rows if r["receipt_owed"]]
        self.pending_label.setText("、".join(owed) if owed else self.tr("无"))
        self.pending_label.setToolTip(self.tr("这些终端的数据已导入，回执随下次为它们导出的数据包发出"))

    @staticmethod
    def _keep_selection(view: QTableView, model: Any, rows: list[dict[str, Any]]) -> None:
        row = selected_row(view)
        chosen = model.row(row)["id"] if row is not None and row < model.rowCount() else None
        model.set_rows(rows)
        again = model.find(chosen) if chosen is not None else None
        if again is not None:
            view.selectRow(again)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _update_buttons(self) -> None:
        idle = self.task is None
        self.import_button.setEnabled(idle)
        self.export_button.setEnabled(idle and self.enrolled)
        self.export_button.setToolTip(
            self.tr("选择一个文件夹或 U 盘，把本机尚未得到局端回执的数据写成一个数据包")
            if self.enrolled
            else self.tr("本终端尚未登记，不能导出：请先导入局端提供的登记数据包")
        )
        conflict = self.selected_conflict()
        self.resolve_button.setEnabled(conflict is not None and not conflict["resolved"])
        if self.is_bureau:
            self.enrol_button.setEnabled(idle)
            self.export_device_button.setEnabled(idle and selected_row(self.devices_view) is not None)

    # -- conflicts -----------------------------------------------------------------------------------------
    def selected_conflict(self) -> dict[str, Any] | None:
        row = selected_row(self.conflicts_view)
        return self.conflicts_model.row(row) if row is not None and row < self.conflicts_model.rowCount() else None

    def _show_conflict(self) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            self.conflict_reason.setText(self.tr("在上面的清单中选择一条冲突，查看两份数据的差别。"))
            self.conflict_fields.clear()
            self.local_view.clear()
            self.incoming_view.clear()
            self._update_buttons()
            return
        reason = conflict["reason"]
        if conflict["resolved"]:
            reason += "\n" + self.tr("已核对（{0}）：{1}").format(
                local_time(conflict["resolved_at"]), conflict["resolution"]
            )
        self.conflict_reason.setText(reason)
        keys = differing_keys(conflict["local"], conflict["incoming"])
        self.conflict_fields.setText(self.tr("不一致的字段：{0}").format("、".join(keys)) if keys else "")
        for view, record in ((self.local_view, conflict["local"]), (self.incoming_view, conflict["incoming"])):
            text = pretty(record)
            view.setPlainText(text or self.tr("（本机没有对应的记录）"))
            self._mark_lines(view, text, keys)
        self._update_buttons()

    @staticmethod
    def _mark_lines(view: QPlainTextEdit, text: str, keys: list[str]) -> None:
        selections = []
        prefixes = tuple(f'  "{k}":' for k in keys)
        for number, line in enumerate(text.splitlines()):
            if prefixes and line.startswith(prefixes):
                fmt = QTextCharFormat()
                fmt.setBackground(DIFF_BRUSH)
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
                selection = QTextEdit.ExtraSelection()
                selection.cursor = QTextCursor(view.document().findBlockByNumber(number))  # type: ignore[misc]
                selection.format = fmt  # type: ignore[misc]
                selections.append(selection)
        view.setExtraSelections(selections)

    def ask_resolve(self) -> None:
        conflict = self.selected_conflict()
        if conflict is None or conflict["resolved"]:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("resolve_dialog")
        dialog.setWindowTitle(self.tr("标记为已核对"))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setLabelText(self.tr(RESOLVE_PROMPT))
        dialog.setTextValue(self.tr("已核对"))
        dialog.setOkButtonText(self.tr("标记为已核对"))
        dialog.setCancelButtonText(self.tr("取消"))
        dialog.resize(520, dialog.sizeHint().height())
        dialog.textValueSelected.connect(lambda note: self.resolve(conflict["id"], note))
        dialog.open()
        self.resolve_dialog = dialog

    def resolve(self, conflict_id: str, note: str) -> None:
        from inspector_app.services import sync_state

        try:
            sync_state.resolve_conflict(self.app, conflict_id, note.strip()[:MAX_NOTE])
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self.refresh()
        self._show_message(self.tr("已将该冲突标记为已核对；两份数据仍保留在冲突清单中。"))

    # -- long work -----------------------------------------------------------------------------------------
    def _run(self, label: str, work: Any, on_done: Any, *, cancellable: bool) -> None:
        def finished(result: object) -> None:
            self.task = None
            try:
                on_done(result)
            finally:
                self._settle()

        self.task = self.runner.start(
            label, work, on_done=finished, on_error=self._failed, parent_widget=self, cancellable=cancellable
        )
        self._update_buttons()

    def _failed(self, exc: BaseException, trace: str) -> None:
        from inspector_app.gui.tasks import Cancelled

        self.task = None
        self.refresh()
        if isinstance(exc, Cancelled):
            self._show_message(self.tr("已取消，未做任何更改。"))
        else:
            errors.show_error(self, exc, trace)
        self._settle()

    def _settle(self) -> None:
        self._update_buttons()
        if self.task is None:
            self.idle.emit()

    def _choose_folder(self, title: str) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, title, self.last_folder)
        if not folder:
            return None
        self.last_folder = folder
        return Path(folder)

    # -- a device's export ---------------------------------------------------------------------------------
    def export_package(self) -> None:
        """Everything the bureau has not yet acknowledged, into a package file in a chosen folder or drive."""
        from inspector_app.services import sync_export

        if self.task is not None or not self.enrolled:
            return
        folder = self._choose_folder(self.tr("选择导出到的文件夹或 U 盘"))
        if folder is None:
            return
        target = package_path(folder, self.device_name)
        app = self.app

        def work(_control: TaskControl) -> Any:
            return sync_export.export_for_bureau(app, target)

        self._run(self.tr("正在导出数据包……"), work, self._exported, cancellable=False)

    def _exported(self, result: Any) -> None:
        self.refresh()
        self._show_message(
            self.tr("已导出数据包：{0}\n内容：{1}\n请把该文件带到局里导入；局端的回执会随下次局端更新包带回。").format(
                str(result.path), counts_text(result.counts) or self.tr("没有新的记录")
            )
        )

    # -- importing -----------------------------------------------------------------------------------------
    def import_package(self) -> None:
        """Pick a package, verify and rehearse it on a worker, show what would change, apply once confirmed."""
        from inspector_app.services import sync_import

        if self.task is not None:
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择要导入的数据包"), self.last_folder, self.tr("数据包 (*.pkg *.zip);;所有文件 (*)")
        )
        if not chosen:
            return
        path = Path(chosen)
        self.last_folder = str(path.parent)
        app = self.app

        def rehearse(control: TaskControl) -> Any:
            report = sync_import.import_package(app, path, dry_run=True)
            control.check()
            return report

        self._run(self.tr("正在校验数据包……"), rehearse, lambda report: self._rehearsed(path, report), cancellable=True)

    def _rehearsed(self, path: Path, report: Any) -> None:
        from inspector_app.services import sync_import

        lines = "\n".join(report_lines(report))
        if report.status == "already":
            self._show_message(lines)
            return
        text = (
            self.tr("数据包“{0}”的签名和每个文件都已校验。预演结果如下（尚未写入）：").format(path.name)
            + "\n\n"
            + lines
            + "\n\n"
            + self.tr("确认导入吗？")
        )
        if not prompts.confirm(self, self.tr("导入数据包"), text, yes=self.tr("导入"), no=self.tr("取消")):
            self._show_message(self.tr("已取消导入，未做任何更改。"))
            return
        app = self.app

        def apply(_control: TaskControl) -> Any:
            return sync_import.import_package(app, path)

        self._run(self.tr("正在导入数据包……"), apply, self._imported, cancellable=False)

    def _imported(self, report: Any) -> None:
        if report.kind == "enrolment":
            self.window_.status_label.setText(
                QCoreApplication.translate("MainWindow", "终端 {0}").format(self.app.device_id[:8])
            )
        self.refresh()
        text = "\n".join(report_lines(report))
        if report.conflicts:
            text += "\n" + self.tr("请在“冲突清单”中逐条核对。")
            self.tabs.setCurrentWidget(self.conflicts_tab)
        self._show_message(text)

    # -- the bureau's devices ------------------------------------------------------------------------------
    def selected_device(self) -> dict[str, Any] | None:
        row = selected_row(self.devices_view)
        return self.devices_model.row(row) if row is not None and row < self.devices_model.rowCount() else None

    def ask_enrol(self) -> None:
        if self.task is not None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("enrol_dialog")
        dialog.setWindowTitle(self.tr("登记新终端"))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setLabelText(self.tr("终端名称（例如“城关镇安监办-1”）："))
        dialog.setOkButtonText(self.tr("选择保存位置…"))
        dialog.setCancelButtonText(self.tr("取消"))
        dialog.resize(480, dialog.sizeHint().height())
        dialog.textValueSelected.connect(self.enrol)
        dialog.open()
        self.enrol_dialog = dialog

    def enrol(self, name: str) -> None:
        from inspector_app.services import sync_export

        name = name.strip()
        if self.task is not None or not name:
            return
        folder = self._choose_folder(self.tr("选择保存登记数据包的文件夹或 U 盘"))
        if folder is None:
            return
        target = package_path(folder, name, "登记")
        app = self.app

        def work(_control: TaskControl) -> Any:
            return sync_export.enroll_device(app, name, target)

        self._run(self.tr("正在登记终端……"), work, lambda result: self._enrolled(name, result), cancellable=False)

    def _enrolled(self, name: str, result: Any) -> None:
        self.refresh()
        row = self.devices_model.find(result.device_id)
        if row is not None:
            self.devices_view.selectRow(row)
        self._show_message(
            self.tr(
                "已登记终端“{0}”。登记数据包：{1}\n其中含有该终端的密钥：请当面交接，在终端上导入后删除此文件。"
            ).format(name, str(result.path))
        )

    def export_for_selected_device(self) -> None:
        from inspector_app.services import sync_export

        device = self.selected_device()
        if self.task is not None or device is None:
            return
        folder = self._choose_folder(self.tr("选择导出到的文件夹或 U 盘"))
        if folder is None:
            return
        target = package_path(folder, device["name"], "局端更新")
        app, device_id = self.app, device["id"]

        def work(_control: TaskControl) -> Any:
            return sync_export.export_for_device(app, device_id, target)

        self._run(
            self.tr("正在导出数据包……"),
            work,
            lambda result: self._exported_for(device["name"], result),
            cancellable=False,
        )

    def _exported_for(self, name: str, result: Any) -> None:
        self.refresh()
        self._show_message(
            self.tr("已为终端“{0}”导出数据包：{1}\n内容：{2}\n请带到该终端上导入。").format(
                name, str(result.path), counts_text(result.counts) or self.tr("没有新的记录")
            )
        )
