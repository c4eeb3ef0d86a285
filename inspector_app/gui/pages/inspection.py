"""检查: start a new inspection (enterprise, two or more inspectors, place), then walk its checklist."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import Sector
from inspector_app.gui import errors
from inspector_app.gui.pages.base import Page
from inspector_app.gui.pages.checklist import ChecklistView

ID_ROLE = Qt.ItemDataRole.UserRole


class StartPanel(QWidget):
    def __init__(self, page: InspectionPage) -> None:
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        heading = QLabel(self.tr("新建现场检查"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("被检查单位（输入名称、信用代码或乡镇查找）")))
        self.search = QLineEdit()
        self.search.setObjectName("start_search")
        self.search.setClearButtonEnabled(True)
        left.addWidget(self.search)
        self.enterprises = QListWidget()
        self.enterprises.setObjectName("start_enterprises")
        left.addWidget(self.enterprises, 1)
        columns.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("执法人员（至少两名，须持执法证）")))
        self.inspectors = QListWidget()
        self.inspectors.setObjectName("start_inspectors")
        right.addWidget(self.inspectors, 1)
        form = QFormLayout()
        self.place = QLineEdit()
        self.place.setObjectName("start_place")
        self.place.setPlaceholderText(self.tr("默认为企业地址"))
        form.addRow(self.tr("检查场所"), self.place)
        right.addLayout(form)
        self.start_button = QPushButton(self.tr("开始检查"))
        self.start_button.setObjectName("start_inspection")
        self.start_button.setMinimumHeight(48)
        right.addWidget(self.start_button)
        columns.addLayout(right, 2)
        layout.addLayout(columns, 1)
        self.search.textChanged.connect(self.fill_enterprises)
        self.start_button.clicked.connect(self.start)

    def reload(self, enterprise_id: str | None = None) -> None:
        from inspector_app.services import registry, setup

        app = self.page.app
        self.fill_enterprises(self.search.text(), select=enterprise_id)
        operator = setup.settings(app).get("operator", "")
        self.inspectors.clear()
        for inspector in registry.list_inspectors(app):
            item = QListWidgetItem(self.tr("{0}    执法证号 {1}").format(inspector.name, inspector.cert_no))
            item.setData(ID_ROLE, inspector.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if inspector.name == operator else Qt.CheckState.Unchecked)
            self.inspectors.addItem(item)

    def fill_enterprises(self, text: str = "", select: str | None = None) -> None:
        from inspector_app.services import registry

        self.enterprises.clear()
        for ent in registry.find_enterprises(self.page.app, text, limit=300):
            item = QListWidgetItem(f"{ent.name}    {ent.township} · {Sector(ent.sector).label}")
            item.setData(ID_ROLE, ent.id)
            self.enterprises.addItem(item)
            if ent.id == select:
                self.enterprises.setCurrentItem(item)

    def start(self) -> None:
        from inspector_app.services import inspections

        current = self.enterprises.currentItem()
        if current is None:
            errors.show_error(self, _user_error(self.tr("请先选择被检查单位")))
            return
        chosen = [
            self.inspectors.item(i).data(ID_ROLE)
            for i in range(self.inspectors.count())
            if self.inspectors.item(i).checkState() == Qt.CheckState.Checked
        ]
        try:
            inspection = inspections.start_inspection(
                self.page.app, current.data(ID_ROLE), chosen, place=self.place.text()
            )
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self.place.clear()
        self.page.open_inspection(inspection.id)
        self.page.window_.data_changed()


def _user_error(text: str) -> Exception:
    from inspector_app.domain.errors import ValidationError

    return ValidationError(text)


class InspectionPage(Page):
    title = "检查"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        self.start_panel = StartPanel(self)
        self.checklist = ChecklistView(window)
        self.stack.addWidget(self.start_panel)
        self.stack.addWidget(self.checklist)
        layout.addWidget(self.stack)
        self.checklist.closed.connect(self.show_start)

    def refresh(self) -> None:
        if self.stack.currentWidget() is self.start_panel:
            self.start_panel.reload()

    def show_start(self, enterprise_id: str | None = None) -> None:
        self.stack.setCurrentWidget(self.start_panel)
        self.start_panel.reload(enterprise_id)

    def open_inspection(self, inspection_id: str) -> None:
        self.checklist.open(inspection_id)
        self.stack.setCurrentWidget(self.checklist)

    def flush(self) -> None:
        self.checklist.flush()

    def prepare_screenshot(self) -> None:
        from inspector_app.services import reports

        drafts = reports.drafts(self.app)
        if drafts:
            self.open_inspection(drafts[-1]["id"])
