"""现场处理措施: per open 重大事故隐患, the measures of 安全生产法第六十五条第一款第（三）项 and the 部位 / 设备.

The 决定书 prints exactly what is ticked here, hazard by hazard; nothing is free text, so nothing can be
worded as a duty or left as a placeholder.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import HazardLevel, HazardStatus
from inspector_app.domain.hazard_lifecycle import OPEN_STATES
from inspector_app.domain.onsite_measures import BASIS, OnsiteMeasure

if TYPE_CHECKING:
    from inspector_app.services.context import App
    from inspector_app.store.models import Hazard

# Short texts for the checkboxes, translated where shown; the 决定书 prints the law's wording (LABELS).
MEASURE_LABELS = {
    OnsiteMeasure.EVACUATE: QT_TRANSLATE_NOOP("HazardMeasures", "撤出作业人员"),
    OnsiteMeasure.SUSPEND: QT_TRANSLATE_NOOP("HazardMeasures", "暂时停产停业"),
    OnsiteMeasure.STOP_USE: QT_TRANSLATE_NOOP("HazardMeasures", "停止使用设施设备"),
}


def open_major_hazards(app: App, inspection_id: str) -> list[Hazard]:
    from inspector_app.services import hazards

    return [
        h
        for h in hazards.of_inspection(app, inspection_id)
        if h.level == HazardLevel.MAJOR.value and HazardStatus(h.status) in OPEN_STATES
    ]


def _chosen_before(hazard: Hazard) -> set[str]:
    try:
        codes = json.loads(hazard.onsite_measures) if hazard.onsite_measures else []
    except ValueError:
        return set()
    return {str(c) for c in codes} if isinstance(codes, list) else set()


class HazardMeasures(QGroupBox):
    """One 重大 hazard: what it is, the three measures, and where they apply."""

    def __init__(self, hazard: Hazard, index: int) -> None:
        super().__init__(self.tr("重大事故隐患 {0}").format(index + 1))
        self.hazard = hazard
        self.setObjectName(f"onsite_{index}")
        layout = QVBoxLayout(self)
        text = QLabel(hazard.description)
        text.setWordWrap(True)
        layout.addWidget(text)
        row = QHBoxLayout()
        before = _chosen_before(hazard)
        self.boxes: dict[OnsiteMeasure, QCheckBox] = {}
        for measure in OnsiteMeasure:
            box = QCheckBox(self.tr(MEASURE_LABELS[measure]))
            box.setObjectName(f"onsite_{index}_{measure.value}")
            box.setMinimumHeight(36)
            box.setToolTip(measure.label)
            box.setChecked(measure.value in before)
            self.boxes[measure] = box
            row.addWidget(box)
        row.addStretch(1)
        layout.addLayout(row)
        place = QHBoxLayout()
        place.addWidget(QLabel(self.tr("部位或设备")))
        self.location = QLineEdit(hazard.location)
        self.location.setObjectName(f"onsite_{index}_location")
        self.location.setMaxLength(200)
        self.location.setMinimumHeight(36)
        self.location.setPlaceholderText(self.tr("如“3号采场”“1号液氨储罐”"))
        place.addWidget(self.location, 1)
        layout.addLayout(place)

    def measures(self) -> list[str]:
        return [m.value for m, box in self.boxes.items() if box.isChecked()]

    def place(self) -> str:
        return " ".join(self.location.text().split())


class OnsiteMeasuresDialog(QDialog):
    """签发 is enabled once at least one hazard has a measure and every hazard with a measure names its place."""

    def __init__(self, app: App, inspection_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("现场处理措施"))
        self.setMinimumSize(760, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("依据{0}，对下列重大事故隐患逐项选择现场处理措施，并写明针对的部位或设备：").format(BASIS)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        self.rows = [HazardMeasures(h, n) for n, h in enumerate(open_major_hazards(app, inspection_id))]
        for row in self.rows:
            body_layout.addWidget(row)
            for box in row.boxes.values():
                box.toggled.connect(lambda _on: self._update_ok())
            row.location.textChanged.connect(lambda _t: self._update_ok())
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.hint = QLabel()
        self.hint.setObjectName("onsite_hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("签发"))
        self.ok_button.setObjectName("onsite_issue")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update_ok()

    def choices(self) -> list[tuple[str, list[str], str | None]]:
        """(hazard id, measures, place) for every hazard listed; place None keeps the stored one (no measure)."""
        return [(row.hazard.id, row.measures(), row.place() if row.measures() else None) for row in self.rows]

    def _update_ok(self) -> None:
        chosen = [row for row in self.rows if row.measures()]
        unplaced = [row for row in chosen if not row.place()]
        if not chosen:
            self.hint.setText(self.tr("请至少为一项重大事故隐患选择现场处理措施。"))
        elif unplaced:
            self.hint.setText(self.tr("请写明所选措施针对的部位或设备。"))
        else:
            self.hint.setText("")
        self.ok_button.setEnabled(bool(chosen) and not unplaced)
