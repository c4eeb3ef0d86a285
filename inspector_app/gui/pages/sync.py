"""同步: how data travels between this device and the bureau on a USB stick (the buttons arrive with Part 4)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from inspector_app.gui.pages.base import Page

# The texts of these tables are translated where shown.
DISABLED_TIP = QT_TRANSLATE_NOOP("SyncPage", "将在数据同步功能上线后启用")

STEPS = (
    (
        QT_TRANSLATE_NOOP("SyncPage", "导出"),
        QT_TRANSLATE_NOOP(
            "SyncPage",
            "在执法终端上点“导出数据包”，把本机新增和修改的检查记录、隐患、照片、签名和文书写入 U 盘上的"
            "一个数据包文件。数据包带有本机的数字签名，可按接收方公钥加密。",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("SyncPage", "导入"),
        QT_TRANSLATE_NOOP(
            "SyncPage",
            "在应急管理局的电脑上点“导入数据包”。程序先校验每个文件的哈希与签名，并预览将要合并的内容，确认后一次性导入；"
            "同一个数据包重复导入不会产生重复记录。",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("SyncPage", "回传"),
        QT_TRANSLATE_NOOP(
            "SyncPage",
            "局端导出回传数据包（企业名录、执法人员、检查表、文书编号段），终端导入后即完成一次往返同步。",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("SyncPage", "冲突"),
        QT_TRANSLATE_NOOP(
            "SyncPage",
            "历史记录（隐患流转、审计记录）按条合并；局端主数据以局端为准；证据文件从不覆盖。"
            "无法自动合并的内容列入冲突清单，不会被丢弃。",
        ),
    ),
)

COUNT_LABELS = (
    ("enterprises", QT_TRANSLATE_NOOP("SyncPage", "企业")),
    ("inspectors", QT_TRANSLATE_NOOP("SyncPage", "执法人员")),
    ("inspections", QT_TRANSLATE_NOOP("SyncPage", "检查")),
    ("hazards", QT_TRANSLATE_NOOP("SyncPage", "隐患")),
    ("photos", QT_TRANSLATE_NOOP("SyncPage", "照片")),
    ("documents", QT_TRANSLATE_NOOP("SyncPage", "文书")),
    ("templates", QT_TRANSLATE_NOOP("SyncPage", "检查表版本")),
    ("audit_events", QT_TRANSLATE_NOOP("SyncPage", "审计记录")),
)


class SyncPage(Page):
    title = "同步"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.setStyleSheet(
            "QGroupBox { font-size: 12pt; border: 1px solid #d3dbe5; border-radius: 8px; margin-top: 16px;"
            " padding: 18px 14px 12px 14px; background: #fbfcfe; }"
            " QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 6px; color: #1f3a5f; }"
            " QLabel#stepBadge { background: #1f3a5f; color: white; border-radius: 6px; padding: 4px 10px; }"
            " QLabel.note, QLabel#sync_note { color: #5b6b7d; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        heading = QLabel(self.tr("同步"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(self._workflow_box(), 3)
        columns.addWidget(self._device_box(), 2)
        layout.addLayout(columns)
        layout.addStretch(1)

    def _workflow_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("U 盘数据包同步"))
        box.setObjectName("group_sync_workflow")
        v = QVBoxLayout(box)
        v.setSpacing(12)
        intro = QLabel(
            self.tr("执法终端平时离线工作。检查结束后，用 U 盘把数据包带回局里导入，再把局里的更新带回终端。")
        )
        intro.setWordWrap(True)
        v.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        for row, (step, text) in enumerate(STEPS):
            badge = QLabel(self.tr(step))
            badge.setObjectName("stepBadge")
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(badge, row, 0, Qt.AlignmentFlag.AlignTop)
            label = QLabel(self.tr(text))
            label.setWordWrap(True)
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)
        v.addLayout(grid)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.export_button = QPushButton(self.tr("导出数据包"))
        self.export_button.setObjectName("sync_export")
        self.import_button = QPushButton(self.tr("导入数据包"))
        self.import_button.setObjectName("sync_import")
        for button in (self.export_button, self.import_button):
            button.setEnabled(False)
            button.setToolTip(self.tr(DISABLED_TIP))
            button.setMinimumSize(160, 48)
            buttons.addWidget(button)
        buttons.addStretch(1)
        v.addLayout(buttons)
        note = QLabel(self.tr("数据同步功能尚未上线，两个按钮暂不可用。"))
        note.setObjectName("sync_note")
        v.addWidget(note)
        return box

    def _device_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("本机"))
        box.setObjectName("group_sync_device")
        form = QFormLayout(box)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.device_label = QLabel()
        self.device_label.setObjectName("sync_device_id")
        self.device_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role_label = QLabel()
        self.role_label.setObjectName("sync_role")
        form.addRow(self.tr("终端标识"), self.device_label)
        form.addRow(self.tr("角色"), self.role_label)
        self.count_labels: dict[str, QLabel] = {}
        for key, text in COUNT_LABELS:
            value = QLabel("—")
            value.setObjectName(f"sync_count_{key}")
            self.count_labels[key] = value
            form.addRow(self.tr(text), value)
        return box

    def refresh(self) -> None:
        from inspector_app.services import reports

        info = reports.info(self.app)
        self.device_label.setText(info["device_id"])
        self.role_label.setText(self.app.role.label)
        counts = info["counts"]
        for key, label in self.count_labels.items():
            label.setText(f"{counts.get(key, 0):,}")
