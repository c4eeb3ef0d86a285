"""企业: search by name, credit code, township or sector; the detail shows inspections and hazards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import RiskColour, Sector
from inspector_app.gui.models.rows_model import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.widgets.table import make_table, selected_row

ALL = ""


class EnterprisesPage(Page):
    title = "企业"

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        heading = QLabel(self.tr("企业"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("enterprise_search")
        self.search.setPlaceholderText(self.tr("名称、统一社会信用代码或地址"))
        self.search.setClearButtonEnabled(True)
        self.township = QComboBox()
        self.township.setObjectName("enterprise_township")
        self.sector = QComboBox()
        self.sector.setObjectName("enterprise_sector")
        self.sector.addItem(self.tr("全部行业"), ALL)
        for sector in Sector:
            self.sector.addItem(sector.label, sector.value)
        self.count = QLabel()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.township, 1)
        filters.addWidget(self.sector, 1)
        filters.addWidget(self.count)
        layout.addLayout(filters)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = RowsModel(
            [
                Column("name", self.tr("企业名称"), 280),
                Column("township", self.tr("乡镇"), 90),
                Column("sector_label", self.tr("行业"), 90),
                Column("risk_colour", self.tr("风险"), 50),
                Column("credit_code", self.tr("统一社会信用代码"), 190),
            ]
        )
        self.view = make_table(self.model, "enterprise_table")
        splitter.addWidget(self.view)
        splitter.addWidget(self._detail())
        splitter.setSizes([720, 560])
        layout.addWidget(splitter, 1)
        self._wire()

    def _detail(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.detail_title = QLabel(self.tr("选择左侧企业查看详情"))
        self.detail_title.setObjectName("sectionTitle")
        self.detail_title.setWordWrap(True)
        layout.addWidget(self.detail_title)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("credit_code", self.tr("统一社会信用代码")),
            ("address", self.tr("地址")),
            ("legal_representative", self.tr("法定代表人")),
            ("contact_phone", self.tr("联系电话")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setObjectName(f"detail_{key}")
            self.fields[key] = value
            form.addRow(label, value)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("开始检查"))
        self.start_button.setObjectName("enterprise_start")
        self.review_button = QPushButton(self.tr("整改复查"))
        self.review_button.setObjectName("enterprise_review")
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        tabs = QTabWidget()
        self.history_inspections = RowsModel(
            [
                Column("date", self.tr("日期"), 100),
                Column("status_label", self.tr("状态"), 70),
                Column("hazard_count", self.tr("隐患"), 50),
                Column("template", self.tr("检查表"), 200),
            ]
        )
        self.history_hazards = RowsModel(
            [
                Column("level_label", self.tr("级别"), 80),
                Column("status_label", self.tr("状态"), 100),
                Column("deadline", self.tr("期限"), 100),
                Column("description", self.tr("隐患"), 300),
            ]
        )
        self.inspections_view = make_table(self.history_inspections, "enterprise_inspections")
        self.hazards_view = make_table(self.history_hazards, "enterprise_hazards")
        tabs.addTab(self.inspections_view, self.tr("检查记录"))
        tabs.addTab(self.hazards_view, self.tr("隐患"))
        layout.addWidget(tabs, 1)
        self.start_button.setEnabled(False)
        self.review_button.setEnabled(False)
        return box

    def _wire(self) -> None:
        self.search.textChanged.connect(lambda _t: self.reload())
        self.township.currentIndexChanged.connect(lambda _i: self.reload())
        self.sector.currentIndexChanged.connect(lambda _i: self.reload())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.show_detail())
        self.start_button.clicked.connect(lambda: self.window_.open_new_inspection(self.selected_id()))
        self.review_button.clicked.connect(lambda: self.window_.open_review(self.selected_id()))
        self.inspections_view.doubleClicked.connect(
            lambda index: self.window_.open_inspection(self.history_inspections.row(index.row())["id"])
        )

    def refresh(self) -> None:
        from inspector_app.services import registry

        current = self.township.currentData()
        self.township.blockSignals(True)
        self.township.clear()
        self.township.addItem(self.tr("全部乡镇"), ALL)
        for town in registry.townships(self.app):
            self.township.addItem(town, town)
        index = self.township.findData(current) if current else 0
        self.township.setCurrentIndex(max(0, index))
        self.township.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        from inspector_app.services import registry

        selected = self.selected_id()
        rows = registry.find_enterprises(
            self.app,
            self.search.text(),
            township=self.township.currentData() or None,
            sector=self.sector.currentData() or None,
        )
        self.model.set_rows(
            [
                {
                    "id": e.id,
                    "name": e.name,
                    "township": e.township,
                    "sector_label": Sector(e.sector).label,
                    "risk_colour": RiskColour(e.risk_colour).label,
                    "credit_code": e.credit_code,
                }
                for e in rows
            ]
        )
        self.count.setText(self.tr("共 {0} 家").format(len(rows)))
        for n, row in enumerate(self.model.rows):
            if row["id"] == selected:
                self.view.selectRow(n)
                break
        self.show_detail()

    def selected_id(self) -> str | None:
        row = selected_row(self.view)
        return self.model.row(row)["id"] if row is not None else None

    def show_detail(self) -> None:
        from inspector_app.services import registry, reports

        enterprise_id = self.selected_id()
        self.start_button.setEnabled(enterprise_id is not None)
        self.review_button.setEnabled(enterprise_id is not None)
        if enterprise_id is None:
            self.history_inspections.set_rows([])
            self.history_hazards.set_rows([])
            return
        ent = registry.get_enterprise(self.app, enterprise_id)
        self.detail_title.setText(self.tr("{0}（{1} · {2}）").format(ent.name, ent.township, Sector(ent.sector).label))
        for key, label in self.fields.items():
            label.setText(getattr(ent, key) or "—")
        history = reports.enterprise_history(self.app, enterprise_id)
        self.history_inspections.set_rows(history["inspections"])
        self.history_hazards.set_rows(history["hazards"])
