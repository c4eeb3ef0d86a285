"""现场签名: the enterprise's representative and each inspector sign the inspection on the pad.

One tab per signer. 保存 stores every pad that has ink (one small transaction each, enterprise first, so a
missing name stops before anything else is saved). Signing again appends; the newest signature counts. When the
enterprise's responsible person refuses to sign, 拒绝签名 records the refusal in place of the signature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import SignerRole
from inspector_app.gui import errors
from inspector_app.gui.widgets.signature_pad import SignaturePad

if TYPE_CHECKING:
    from inspector_app.services.context import App
    from inspector_app.store.models import Inspector, Signature

ENTERPRISE_TAB = QT_TRANSLATE_NOOP("SignatureDialog", "被检查单位负责人")  # translated where shown
THUMB_HEIGHT = 56

STYLE = """
QTabBar::tab { min-height: 40px; min-width: 150px; padding: 6px 18px; font-size: 12pt; }
QLabel#signerInfo { font-size: 12pt; }
QLabel[role="signed"] { color: #2e7d32; }
QLabel[role="unsigned"] { color: #b26a00; }
QLabel[role="note"] { color: #5b6b7d; font-size: 10pt; }
QLabel[role="thumb"] { background: white; border: 1px solid #d3dbe5; border-radius: 4px; padding: 2px; }
QPushButton[role="big"] { min-height: 44px; min-width: 120px; font-size: 12pt; }
"""


class SignerSection(QWidget):
    """One signer: who, whether they already signed (with a thumbnail), and a pad to sign on."""

    def __init__(self, key: str, role: SignerRole, inspector: Inspector | None = None) -> None:
        super().__init__()
        self.key = key
        self.role = role
        self.inspector = inspector
        self.name_edit: QLineEdit | None = None
        self.title_edit: QLineEdit | None = None
        self.refuse_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        layout.addLayout(self._who())
        existing = QHBoxLayout()
        existing.setSpacing(12)
        self.state_label = QLabel()
        self.state_label.setObjectName(f"state_{key}")
        self.state_label.setWordWrap(True)
        self.thumb = QLabel()
        self.thumb.setObjectName(f"existing_{key}")
        self.thumb.setProperty("role", "thumb")
        self.thumb.setFixedHeight(THUMB_HEIGHT + 8)
        self.thumb.setVisible(False)
        existing.addWidget(self.state_label, 1)
        existing.addWidget(self.thumb)
        layout.addLayout(existing)
        self.pad = SignaturePad(hint=self.tr("签名"))
        self.pad.setObjectName(f"pad_{key}")
        layout.addWidget(self.pad, 1)
        bottom = QHBoxLayout()
        note = QLabel(self.tr("请本人签署全名。重新签名会保留之前的签名记录，以最新签名为准。"))
        note.setProperty("role", "note")
        note.setWordWrap(True)
        bottom.addWidget(note, 1)
        self.clear_button = QPushButton(self.tr("清除"))
        self.clear_button.setObjectName(f"clear_{key}")
        self.clear_button.setProperty("role", "big")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.pad.clear)
        bottom.addWidget(self.clear_button)
        layout.addLayout(bottom)

    def _who(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        if self.inspector is None:
            label = QLabel(self.tr("签字人姓名"))
            self.name_edit = QLineEdit()
            self.name_edit.setObjectName("signer_name")
            self.name_edit.setPlaceholderText(self.tr("被检查单位负责人或其授权的现场负责人"))
            self.name_edit.setMinimumHeight(38)
            self.name_edit.setMaxLength(60)
            grid.addWidget(label, 0, 0)
            grid.addWidget(self.name_edit, 0, 1)
            self.title_edit = QLineEdit()
            self.title_edit.setObjectName("signer_title")
            self.title_edit.setPlaceholderText(self.tr("如“总经理”“矿长”"))
            self.title_edit.setMinimumHeight(38)
            self.title_edit.setMaxLength(60)
            grid.addWidget(QLabel(self.tr("职务")), 0, 2)
            grid.addWidget(self.title_edit, 0, 3)
            self.refuse_button = QPushButton(self.tr("拒绝签名…"))
            self.refuse_button.setObjectName("refuse_signature")
            self.refuse_button.setProperty("role", "big")
            self.refuse_button.setAutoDefault(False)
            grid.addWidget(self.refuse_button, 0, 4)
            grid.setColumnStretch(1, 2)
            grid.setColumnStretch(3, 1)
        else:
            inspector = self.inspector
            info = QLabel(
                self.tr("执法人员　{0}　　执法证号　{1}").format(inspector.name, inspector.cert_no)
                + (f"　　{inspector.unit}" if inspector.unit else "")
            )
            info.setObjectName("signerInfo")
            info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(info, 0, 0)
        return grid

    @property
    def signer_name(self) -> str:
        if self.name_edit is not None:
            return self.name_edit.text().strip()
        return self.inspector.name if self.inspector else ""

    @property
    def signer_title(self) -> str:
        return self.title_edit.text().strip() if self.title_edit is not None else ""

    def show_existing(self, sig: Signature | None, png: bytes | None) -> None:
        from inspector_app.services.signatures import refusal_of
        from inspector_app.services.timeutil import to_local

        refused = refusal_of(sig) if sig is not None else None
        if sig is not None and refused is not None:
            local = to_local(sig.signed_at)
            proof = [
                text.format(value)
                for text, value in (
                    (self.tr("见证人：{0}"), refused["witness"]),
                    (self.tr("录音录像：{0}"), refused["recording"]),
                )
                if value
            ]
            who = sig.signer_name + (f"（{sig.signer_title}）" if sig.signer_title else "")
            when = local.strftime("%Y-%m-%d %H:%M") if local else ""
            self.state_label.setText(self.tr("拒绝签名：{0}，{1}；{2}").format(who, when, "；".join(proof)))
            self.state_label.setProperty("role", "unsigned")
            self.thumb.clear()
            self.thumb.setVisible(False)
        elif sig is None:
            self.state_label.setText(self.tr("尚未签名"))
            self.state_label.setProperty("role", "unsigned")
            self.thumb.clear()
            self.thumb.setVisible(False)
        else:
            local = to_local(sig.signed_at)
            when = local.strftime("%Y-%m-%d %H:%M") if local else ""
            self.state_label.setText(self.tr("已签名：{0}，{1}").format(sig.signer_name, when))
            self.state_label.setProperty("role", "signed")
            pixmap = QPixmap()
            if png and pixmap.loadFromData(png, "PNG"):
                self.thumb.setPixmap(pixmap.scaledToHeight(THUMB_HEIGHT, Qt.TransformationMode.SmoothTransformation))
                self.thumb.setVisible(True)
            else:
                self.thumb.setText(self.tr("签名图片缺失"))
                self.thumb.setVisible(True)
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)


class SignatureDialog(QDialog):
    """Signatures for one inspection. `saved(n)` fires after n signatures were stored."""

    saved = Signal(int)

    def __init__(self, app: App, inspection_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from inspector_app.services import inspections, registry

        self.app = app
        self.inspection_id = inspection_id
        inspection = inspections.get_inspection(app, inspection_id)
        self.enterprise = registry.get_enterprise(app, inspection.enterprise_id)
        self.setObjectName("signature_dialog")
        self.setWindowTitle(self.tr("现场签名 — {0}").format(self.enterprise.name))
        self.setStyleSheet(STYLE)
        self.setMinimumSize(760, 560)
        self.resize(960, 640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        title = QLabel(self.tr("现场签名"))
        title.setObjectName("pageTitle")
        subtitle = QLabel(self.enterprise.name)
        subtitle.setObjectName("sectionTitle")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(subtitle, 1)
        layout.addLayout(head)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("signer_tabs")
        self.sections: list[SignerSection] = []
        self.sections.append(SignerSection("enterprise", SignerRole.ENTERPRISE))
        for n, inspector in enumerate(inspections.inspectors_of(app, inspection_id)):
            self.sections.append(SignerSection(f"inspector_{n}", SignerRole.INSPECTOR, inspector))
        for section in self.sections:
            self.tabs.addTab(section, self._tab_title(section, signed=False))
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("signature_status")
        self.status.setWordWrap(True)
        bottom.addWidget(self.status, 1)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("save_signatures")
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setObjectName("close_signatures")
        for button in (self.save_button, self.close_button):
            button.setProperty("role", "big")
            button.setAutoDefault(False)
            bottom.addWidget(button)
        layout.addLayout(bottom)

        self.existing: dict[str, Signature] = {}
        self._load_existing()
        enterprise_section = self.sections[0]
        assert enterprise_section.name_edit is not None
        latest = self.existing.get("enterprise")
        enterprise_section.name_edit.setText(latest.signer_name if latest else self.enterprise.legal_representative)
        assert enterprise_section.title_edit is not None
        enterprise_section.title_edit.setText(
            latest.signer_title if latest and latest.signer_title else self.enterprise.representative_title
        )
        self._wire()
        self._update_buttons()

    def _wire(self) -> None:
        for section in self.sections:
            section.pad.changed.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save)
        refuse = self.sections[0].refuse_button
        assert refuse is not None
        refuse.clicked.connect(self.ask_refusal)
        self.close_button.clicked.connect(self.reject)

    @property
    def pads(self) -> dict[str, SignaturePad]:
        return {section.key: section.pad for section in self.sections}

    def _tab_title(self, section: SignerSection, *, signed: bool, refused: bool = False) -> str:
        base = self.tr(ENTERPRISE_TAB) if section.inspector is None else section.inspector.name
        if refused:
            return base + self.tr("（拒签）")
        return base + (self.tr("（已签）") if signed else "")

    def _key_of(self, sig: Signature) -> str | None:
        if sig.role == SignerRole.ENTERPRISE.value:
            return "enterprise"
        for section in self.sections:
            if section.inspector is not None and section.inspector.id == sig.inspector_id:
                return section.key
        return None

    def _load_existing(self) -> None:
        from inspector_app.domain.errors import UserError
        from inspector_app.services import signatures

        self.existing = {}
        for sig in signatures.signatures_of(self.app, self.inspection_id):
            key = self._key_of(sig)
            if key is not None:
                self.existing[key] = sig
        for index, section in enumerate(self.sections):
            latest = self.existing.get(section.key)
            png = None
            # A refusal has no image: asking for one would report it as missing.
            if latest is not None and signatures.refusal_of(latest) is None:
                try:
                    png = signatures.signature_png(self.app, latest)
                except UserError:
                    png = None  # shown as missing; `check` reports it in detail
            section.show_existing(latest, png)
            refused = latest is not None and signatures.refusal_of(latest) is not None
            self.tabs.setTabText(index, self._tab_title(section, signed=latest is not None, refused=refused))
        missing = [s for s in self.sections if s.key not in self.existing]
        if missing:
            self.status.setText(self.tr("已签 {0} 人，待签 {1} 人").format(len(self.existing), len(missing)))
        else:
            self.status.setText(self.tr("全部 {0} 人均已签名").format(len(self.sections)))

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(any(not section.pad.is_empty() for section in self.sections))

    def save(self) -> None:
        """Save every pad with ink; stop at the first refusal (enterprise first, the one that can fail)."""
        from inspector_app.domain.errors import UserError
        from inspector_app.services import signatures

        pending = [section for section in self.sections if not section.pad.is_empty()]
        if not pending:
            self.status.setText(self.tr("请先在签名框内签名"))
            return
        saved = 0
        for section in pending:
            try:
                signatures.save_signature(
                    self.app,
                    self.inspection_id,
                    section.role,
                    section.pad.to_png(),
                    signer_name=section.signer_name,
                    inspector_id=section.inspector.id if section.inspector else None,
                    signer_title=section.signer_title,
                )
            except UserError as exc:
                self.tabs.setCurrentWidget(section)
                if section.name_edit is not None and len(section.signer_name) < 2:
                    section.name_edit.setFocus()
                errors.show_error(self, exc)
                break
            section.pad.clear()
            saved += 1
        self._load_existing()
        self._update_buttons()
        if saved:
            self.saved.emit(saved)
        unsigned = [s for s in self.sections if s.key not in self.existing]
        if saved and not unsigned and all(s.pad.is_empty() for s in self.sections):
            self.accept()
            return
        if saved:
            self.status.setText(
                self.tr("已保存 {0} 个签名；还有 {1} 人未签名").format(saved, len(unsigned))
                if unsigned
                else self.tr("已保存 {0} 个签名").format(saved)
            )
        if unsigned and saved:
            self.tabs.setCurrentWidget(unsigned[0])

    def ask_refusal(self) -> None:
        from inspector_app.gui.dialogs.refusal_dialog import RefusalDialog
        from inspector_app.services import inspections

        section = self.sections[0]
        started = inspections.get_inspection(self.app, self.inspection_id).started_at
        dialog = RefusalDialog(section.signer_name, section.signer_title, started, self)
        dialog.setObjectName("refusal_dialog")
        dialog.accepted.connect(lambda: self.record_refusal(dialog.values()))
        dialog.open()
        self.refusal_dialog = dialog

    def record_refusal(self, values: dict[str, object]) -> None:
        from inspector_app.domain.errors import UserError
        from inspector_app.services import signatures

        try:
            signatures.record_refusal(self.app, self.inspection_id, **values)  # type: ignore[arg-type]
        except UserError as exc:
            errors.show_error(self, exc)
            return
        self.sections[0].pad.clear()
        self._load_existing()
        self._update_buttons()
        self.tabs.setCurrentWidget(self.sections[0])
        self.status.setText(self.tr("已记录拒绝签名；请向本部门报告"))
        self.saved.emit(1)
