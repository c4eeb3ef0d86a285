"""Rules for an inspection as a legal act (《安全生产法》第六十七条、第六十八条)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from inspector_app.domain.enums import InspectionStatus
from inspector_app.domain.errors import StateError, ValidationError

MIN_INSPECTORS = 2


@dataclass(frozen=True)
class InspectorRef:
    name: str
    cert_no: str


def check_inspectors(inspectors: Sequence[InspectorRef]) -> None:
    """At least two distinct inspectors, each with a 执法证号."""
    unique = {i.cert_no.strip() or f"?{i.name}": i for i in inspectors}
    if len(unique) < MIN_INSPECTORS:
        raise ValidationError("现场检查须由两名以上行政执法人员进行（《安全生产法》第六十七条），请再选择一名检查人员")
    missing = [i.name for i in unique.values() if not i.cert_no.strip()]
    if missing:
        raise ValidationError(f"检查人员{'、'.join(missing)}未登记执法证号，须出示有效行政执法证件后方可检查")


def check_deadline(deadline: date, inspection_day: date) -> None:
    if deadline < inspection_day:
        raise ValidationError(f"整改期限（{deadline:%Y年%m月%d日}）不能早于检查日期（{inspection_day:%Y年%m月%d日}）")


def check_editable(status: InspectionStatus) -> None:
    if status == InspectionStatus.COMPLETED:
        raise StateError("该检查已完成并锁定，结果不能直接修改；如需更正，请使用“更正”并说明理由")


def check_correction_reason(reason: str) -> str:
    text = reason.strip()
    if len(text) < 2:
        raise ValidationError("更正已完成检查的结果须写明更正理由")
    return text
