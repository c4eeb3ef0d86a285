"""设置: who is using this device, the issuing authority printed on documents, this device, and backups
(the backup box lives in settings_backups.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui import errors, prompts
from inspector_app.gui.pages.base import Page
from inspector_app.gui.pages.settings_backups import BACKUP_KIND_LABELS, BackupPanel

__all__ = ["BACKUP_KIND_LABELS", "SettingsPage"]  # the kinds are re-exported for the translation test

if TYPE_CHECKING:
    from inspector_app.services.restore import RestoreResult
    from inspector_app.store.models import Inspector

# The texts below are translated where shown (self.tr in SettingsPage).
# setting key → (label, placeholder)
AUTHORITY_FIELDS = (
    (
        "authority",
        QT_TRANSLATE_NOOP("SettingsPage", "执法机关名称"),
        QT_TRANSLATE_NOOP("SettingsPage", "如：某某县应急管理局"),
    ),
    ("short", QT_TRANSLATE_NOOP("SettingsPage", "地方简称"), QT_TRANSLATE_NOOP("SettingsPage", "用于文书编号，如“宁”")),
    (
        "remedy_government",
        QT_TRANSLATE_NOOP("SettingsPage", "行政复议机关（人民政府）"),
        QT_TRANSLATE_NOOP("SettingsPage", "如：某某县人民政府"),
    ),
    (
        "remedy_court",
        QT_TRANSLATE_NOOP("SettingsPage", "行政诉讼法院"),
        QT_TRANSLATE_NOOP("SettingsPage", "如：某某县人民法院"),
    ),
)
FIELD_LABELS = {key: label for key, label, _ in AUTHORITY_FIELDS} | {
    "review_days": QT_TRANSLATE_NOOP("SettingsPage", "复查期限")
}
REMEDY_NOTE = QT_TRANSLATE_NOOP(
    "SettingsPage",
    "2024年1月1日起施行的《行政复议法》第二十四条：对县级以上地方人民政府工作部门作出的行政行为不服的，"
    "由本级人民政府管辖行政复议。应急管理局的文书应告知向本级人民政府申请行政复议，"
    "不再写“或者上一级主管部门”。",
)
COURT_NOTE = QT_TRANSLATE_NOOP(
    "SettingsPage",
    "一般为本机关所在地的基层人民法院；如本地行政案件由其他法院集中管辖（如铁路运输法院），请填写该法院。",
)
STYLE = """
QGroupBox { font-size: 12pt; border: 1px solid #d3dbe5; border-radius: 8px; margin-top: 16px;
    padding: 18px 14px 12px 14px; background: #fbfcfe; }
QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 6px; color: #1f3a5f; }
QLineEdit, QComboBox, QSpinBox { min-height: 34px; padding: 1px 8px; }
QLabel[role="note"] { color: #5b6b7d; font-size: 10pt; }
QLabel[role="status"] { color: #2e7d32; }
QLabel[role="status"][error="true"] { color: #c62828; }
QLabel[role="sub"] { color: #1f3a5f; font-weight: bold; }
"""


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "note")
    return label


def _row(form: QFormLayout, text: str, field: QWidget) -> None:
    """A form row whose label sits level with a tall (touch-sized) field."""
    label = QLabel(text)
    label.setMinimumHeight(34)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.addRow(label, field)


class SettingsPage(Page):
    title = "设置"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self._stored: dict[str, str] = {}
        self.inspectors: dict[str, Inspector] = {}
        self.setStyleSheet(STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("settings_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        heading = QLabel(self.tr("设置"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(self._operator_box())
        self.backups = BackupPanel(self)
        left.addWidget(self.backups, 1)
        right = QVBoxLayout()
        right.addWidget(self._authority_box())
        right.addWidget(self._device_box())
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)
        self._wire()

    # ----- building ------------------------------------------------------------------------------------

    def _operator_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("执法人员资料"))
        box.setObjectName("group_operator")
        v = QVBoxLayout(box)
        v.setSpacing(8)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(8)
        self.operator_combo = QComboBox()
        self.operator_combo.setObjectName("operator_combo")
        self.operator_combo.setMinimumWidth(260)
        _row(form, self.tr("当前执法人员"), self.operator_combo)
        self.operator_cert = QLabel()
        self.operator_cert.setObjectName("operator_cert")
        self.operator_cert.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("执法证号"), self.operator_cert)
        self.operator_unit = QLabel()
        self.operator_unit.setObjectName("operator_unit")
        form.addRow(self.tr("单位"), self.operator_unit)
        v.addLayout(form)
        v.addWidget(_note(self.tr("当前执法人员记入审计记录，作为本机每项操作的操作人。")))

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d3dbe5;")
        v.addWidget(line)
        sub = QLabel(self.tr("新增执法人员"))
        sub.setProperty("role", "sub")
        v.addWidget(sub)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new_inspector_name")
        self.new_name.setPlaceholderText(self.tr("与执法证一致"))
        self.new_cert = QLineEdit()
        self.new_cert.setObjectName("new_inspector_cert")
        self.new_cert.setPlaceholderText(self.tr("执法证上的编号"))
        self.new_unit = QLineEdit()
        self.new_unit.setObjectName("new_inspector_unit")
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        grid.addWidget(QLabel(self.tr("姓名")), 0, 0, right)
        grid.addWidget(self.new_name, 0, 1)
        grid.addWidget(QLabel(self.tr("执法证号")), 0, 2, right)
        grid.addWidget(self.new_cert, 0, 3)
        grid.addWidget(QLabel(self.tr("单位")), 1, 0, right)
        grid.addWidget(self.new_unit, 1, 1, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        v.addLayout(grid)
        row = QHBoxLayout()
        self.operator_status = QLabel()
        self.operator_status.setObjectName("operator_status")
        self.operator_status.setProperty("role", "status")
        self.operator_status.setWordWrap(True)
        row.addWidget(self.operator_status, 1)
        self.add_button = QPushButton(self.tr("添加并设为当前执法人员"))
        self.add_button.setObjectName("add_inspector")
        self.add_button.setMinimumHeight(40)
        row.addWidget(self.add_button)
        v.addLayout(row)
        return box

    def _authority_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("执法机关"))
        box.setObjectName("group_authority")
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(8)
        # Issuing is refused while a printed setting is unset or a sample (某某…): say so where it is fixed.
        self.placeholder_warning = QLabel()
        self.placeholder_warning.setObjectName("placeholder_warning")
        self.placeholder_warning.setWordWrap(True)
        self.placeholder_warning.setProperty("role", "status")
        self.placeholder_warning.setProperty("error", "true")
        self.placeholder_warning.setVisible(False)
        form.addRow(self.placeholder_warning)
        self.fields: dict[str, QLineEdit] = {}
        for key, label, placeholder in AUTHORITY_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setPlaceholderText(self.tr(placeholder))
            self.fields[key] = edit
            _row(form, self.tr(label), edit)
            if key == "short":
                edit.setMaxLength(6)
            elif key == "remedy_government":
                note = _note(self.tr(REMEDY_NOTE))
                note.setObjectName("remedy_note")
                form.addRow("", note)
            elif key == "remedy_court":
                form.addRow("", _note(self.tr(COURT_NOTE)))
        self.review_days = QSpinBox()
        self.review_days.setObjectName("review_days")
        self.review_days.setRange(1, 60)
        self.review_days.setSuffix(self.tr(" 日"))
        self.review_days.setMinimumWidth(120)
        self.review_days.setMaximumWidth(160)
        self.review_days.setToolTip(self.tr("整改期限届满后，在此期限内对整改情况进行复查"))
        _row(form, self.tr("复查期限"), self.review_days)
        form.addRow("", _note(self.tr("整改期限届满后多少日内复查，用于整改复查提醒。")))
        self.authority_status = QLabel()
        self.authority_status.setObjectName("authority_status")
        self.authority_status.setProperty("role", "status")
        form.addRow("", self.authority_status)
        return box

    def _device_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("本机"))
        box.setObjectName("group_device")
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(8)
        self.device_id = QLabel()
        self.device_id.setObjectName("device_id")
        self.device_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("终端标识"), self.device_id)
        self.role_label = QLabel()
        self.role_label.setObjectName("device_role")
        form.addRow(self.tr("角色"), self.role_label)
        self.schema_label = QLabel()
        self.schema_label.setObjectName("schema_version")
        form.addRow(self.tr("版本"), self.schema_label)
        self.data_path = QLabel()
        self.data_path.setObjectName("data_dir_path")
        self.data_path.setWordWrap(True)
        self.data_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("数据文件夹"), self.data_path)
        self.open_data_button = QPushButton(self.tr("在文件管理器中打开"))
        self.open_data_button.setObjectName("open_data_dir")
        self.open_data_button.setMinimumHeight(40)
        row = QHBoxLayout()
        row.addWidget(self.open_data_button)
        row.addStretch(1)
        form.addRow("", row)
        return box

    def _wire(self) -> None:
        self.operator_combo.activated.connect(self._operator_chosen)
        self.add_button.clicked.connect(self._add_inspector)
        for key, edit in self.fields.items():
            edit.editingFinished.connect(lambda key=key, edit=edit: self._save_text(key, edit))
        self.review_days.editingFinished.connect(self._save_review_days)
        self.open_data_button.clicked.connect(lambda: self._open_folder(self.app.data.root))
        self.backups.open_button.clicked.connect(lambda: self._open_folder(self.app.data.backups))

    # ----- loading --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        from inspector_app.services import reports, setup

        self._stored = setup.settings(self.app)
        for key, edit in self.fields.items():
            if not edit.hasFocus():
                edit.setText(self._stored.get(key, ""))
        if not self.review_days.hasFocus():
            self.review_days.setValue(self._review_days_value())
        self._show_placeholders()
        self._load_operators()
        info = reports.info(self.app)
        self.device_id.setText(self.app.device_id)
        self.role_label.setText(self.app.role.label)
        from inspector_app import __version__

        self.schema_label.setText(self.tr("程序 {0} · 数据库架构 {1}").format(__version__, info["schema_version"]))
        self.data_path.setText(str(self.app.data.root))
        if not self.new_unit.text():
            self.new_unit.setPlaceholderText(self._stored.get("authority", ""))
        self.refresh_backups()

    def flush(self) -> None:
        """Save an edit still in progress (leaving the page through the rail does not end editing)."""
        if not self._stored:
            return
        for key, edit in self.fields.items():
            self._save_text(key, edit)
        self._save_review_days()

    def _review_days_value(self) -> int:
        try:
            return int(self._stored.get("review_days", "10"))
        except ValueError:
            return 10

    def _load_operators(self) -> None:
        from inspector_app.services import registry

        operator = self._stored.get("operator", "")
        self.inspectors = {i.id: i for i in registry.list_inspectors(self.app)}
        self.operator_combo.blockSignals(True)
        self.operator_combo.clear()
        self.operator_combo.addItem(self.tr("（未选择）"), None)
        current = 0
        for inspector in self.inspectors.values():
            self.operator_combo.addItem(self.tr("{0}（{1}）").format(inspector.name, inspector.cert_no), inspector.id)
            if inspector.name == operator and current == 0:
                current = self.operator_combo.count() - 1
        self.operator_combo.setCurrentIndex(current)
        self.operator_combo.blockSignals(False)
        self._show_operator()
        if operator and current == 0:
            self._status(self.operator_status, self.tr("当前操作人“{0}”未登记为执法人员").format(operator), error=True)

    def _show_operator(self) -> None:
        inspector = self.inspectors.get(self.operator_combo.currentData())
        self.operator_cert.setText(inspector.cert_no if inspector else "—")
        self.operator_unit.setText((inspector.unit or "—") if inspector else "—")

    def refresh_backups(self) -> None:
        self.backups.refresh()

    def show_restored(self, result: RestoreResult) -> None:
        self.backups.show_restored(result)

    # ----- actions --------------------------------------------------------------------------------------

    @staticmethod
    def _status(label: QLabel, text: str, *, error: bool = False) -> None:
        label.setText(text)
        label.setProperty("error", "true" if error else "false")
        label.style().unpolish(label)
        label.style().polish(label)

    def _save_settings(self, **values: str) -> bool:
        from inspector_app.domain.errors import UserError
        from inspector_app.services import setup

        try:
            setup.update_settings(self.app, **values)
        except UserError as exc:
            errors.show_error(self, exc)
            return False
        self._stored.update(values)
        self._show_placeholders()
        return True

    def _show_placeholders(self) -> None:
        from inspector_app.services import document_settings

        missing = [self.tr(FIELD_LABELS[f.key]) for f in document_settings.missing(self._stored)]
        self.placeholder_warning.setText(
            self.tr("尚未填写：{0}。填写前不能签发执法文书（文书上不能出现“某某”之类的示例）。").format(
                "、".join(missing)
            )
        )
        self.placeholder_warning.setVisible(bool(missing))

    def _save_text(self, key: str, edit: QLineEdit) -> None:
        value = " ".join(edit.text().split())
        if value == self._stored.get(key, ""):
            return
        problem = self._check(key, value)
        if problem:
            edit.setText(self._stored.get(key, ""))
            self._status(self.authority_status, problem, error=True)
            return
        if self._save_settings(**{key: value}):
            edit.setText(value)
            self._status(self.authority_status, self.tr("已保存：{0}").format(self.tr(FIELD_LABELS[key])))

    def _check(self, key: str, value: str) -> str:
        if key == "authority" and len(value) < 2:
            return self.tr("执法机关名称不能为空，已恢复原值")
        if key == "short" and not (1 <= len(value) <= 6):
            return self.tr("地方简称应为1至6个字，已恢复原值")
        return ""

    def _save_review_days(self) -> None:
        value = str(self.review_days.value())
        if value == self._stored.get("review_days") or not self._save_settings(review_days=value):
            return
        self._status(self.authority_status, self.tr("已保存：复查期限 {0} 日").format(value))

    def _operator_chosen(self, index: int) -> None:
        inspector = self.inspectors.get(self.operator_combo.itemData(index))
        self._show_operator()
        name = inspector.name if inspector else ""
        if name == self._stored.get("operator", "") or not self._save_settings(operator=name):
            return
        if name:
            self.app.actor = name  # later writes are recorded under the new operator
            self._status(self.operator_status, self.tr("当前执法人员：{0}").format(name))
        else:
            self._status(self.operator_status, self.tr("已清除当前执法人员"))

    def _add_inspector(self) -> None:
        from inspector_app.domain.errors import UserError
        from inspector_app.services import registry

        unit = self.new_unit.text().strip() or self._stored.get("authority", "")
        try:
            inspector = registry.add_inspector(self.app, self.new_name.text(), self.new_cert.text(), unit)
        except UserError as exc:
            errors.show_error(self, exc)
            return
        if not self._save_settings(operator=inspector.name):
            return
        self.app.actor = inspector.name
        for edit in (self.new_name, self.new_cert, self.new_unit):
            edit.clear()
        self._load_operators()
        self._status(self.operator_status, self.tr("已添加执法人员“{0}”，并设为当前执法人员").format(inspector.name))

    def _open_folder(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            prompts.inform(self, self.tr("无法打开文件夹"), self.tr("请在文件管理器中打开：\n{0}").format(folder))
