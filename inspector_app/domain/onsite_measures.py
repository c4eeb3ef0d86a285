"""现场处理措施 of 安全生产法第六十五条第一款第（三）项, chosen per 重大事故隐患 by the inspector.

The law names three measures for a hazard that cannot be kept safe before or while it is removed; the decision
prints, for each hazard, the ones chosen there and the 部位 / 设备 they apply to — never one text for all.
"""

from __future__ import annotations

from enum import StrEnum

from inspector_app.domain.errors import ValidationError


class OnsiteMeasure(StrEnum):
    EVACUATE = "evacuate"  # 从危险区域内撤出作业人员
    SUSPEND = "suspend"  # 暂时停产停业
    STOP_USE = "stop_use"  # 停止使用相关设施、设备

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    OnsiteMeasure.EVACUATE: "从危险区域内撤出作业人员",
    OnsiteMeasure.SUSPEND: "暂时停产停业",
    OnsiteMeasure.STOP_USE: "停止使用相关设施、设备",
}

BASIS = "《中华人民共和国安全生产法》第六十五条第一款第（三）项"


def parse(codes: list[str]) -> list[OnsiteMeasure]:
    """The measures in the law's order, each once; an unknown code is refused by name."""
    chosen: set[OnsiteMeasure] = set()
    for code in codes:
        try:
            chosen.add(OnsiteMeasure(code.strip()))
        except ValueError:
            names = "、".join(f"{m.value}（{m.label}）" for m in OnsiteMeasure)
            raise ValidationError(f"未知的现场处理措施“{code}”，可选：{names}") from None
    return [m for m in OnsiteMeasure if m in chosen]
