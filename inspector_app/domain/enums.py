"""Stored codes are stable ASCII; the Chinese labels are what people see."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    DEVICE = "device"
    BUREAU = "bureau"

    @property
    def label(self) -> str:
        return {"device": "执法终端", "bureau": "应急管理局"}[self.value]


class Sector(StrEnum):
    NON_COAL_MINE = "non_coal_mine"
    HAZARDOUS_CHEMICALS = "hazardous_chemicals"
    CONSTRUCTION = "construction"
    SPECIAL_EQUIPMENT = "special_equipment"

    @property
    def label(self) -> str:
        return SECTOR_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Sector:
        for sector in cls:
            if text in (sector.value, sector.label):
                return sector
        from inspector_app.domain.errors import ValidationError

        names = "、".join(s.label for s in cls)
        raise ValidationError(f"未知行业“{text}”，可选：{names}")


SECTOR_LABELS = {
    Sector.NON_COAL_MINE: "非煤矿山",
    Sector.HAZARDOUS_CHEMICALS: "危险化学品",
    Sector.CONSTRUCTION: "建筑施工",
    Sector.SPECIAL_EQUIPMENT: "特种设备",
}


class RiskColour(StrEnum):
    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"
    BLUE = "blue"

    @property
    def label(self) -> str:
        return {"red": "红", "orange": "橙", "yellow": "黄", "blue": "蓝"}[self.value]


class Outcome(StrEnum):
    UNCHECKED = "unchecked"
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "na"

    @property
    def label(self) -> str:
        return {"unchecked": "未检查", "pass": "符合", "fail": "不符合", "na": "不适用"}[self.value]


class InspectionStatus(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {"draft": "进行中", "completed": "已完成"}[self.value]


class HazardLevel(StrEnum):
    GENERAL = "general"
    MAJOR = "major"

    @property
    def label(self) -> str:
        return {"general": "一般隐患", "major": "重大隐患"}[self.value]


class HazardStatus(StrEnum):
    REGISTERED = "registered"
    ORDERED = "ordered"
    RECTIFYING = "rectifying"
    REVIEW_FAILED = "review_failed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return HAZARD_STATUS_LABELS[self]


HAZARD_STATUS_LABELS = {
    HazardStatus.REGISTERED: "登记",
    HazardStatus.ORDERED: "责令整改",
    HazardStatus.RECTIFYING: "整改中",
    HazardStatus.REVIEW_FAILED: "复查不合格",
    HazardStatus.CLOSED: "复查合格销号",
}


class SignerRole(StrEnum):
    ENTERPRISE = "enterprise"
    INSPECTOR = "inspector"
    WITNESS = "witness"


class DocumentKind(StrEnum):
    """The on-site enforcement documents (2017 文书式样; 机关代字 安监 → 应急 since 2018)."""

    INSPECTION_RECORD = "inspection_record"
    ONSITE_DECISION = "onsite_decision"
    RECTIFICATION_ORDER = "rectification_order"
    REVIEW_OPINION = "review_opinion"
    # 特种设备 is 市场监管's line: an 应急 authority refers it (安全生产法第六十九条), a 市场监管 one orders.
    REFERRAL = "referral"
    SE_DIRECTIVE = "se_directive"

    @property
    def label(self) -> str:
        return DOCUMENT_LABELS[self]

    @property
    def code(self) -> str:
        """文书代字 used in the 文号, e.g. （宁）应急责改〔2026〕12号."""
        return DOCUMENT_CODES[self]


DOCUMENT_LABELS = {
    DocumentKind.INSPECTION_RECORD: "现场检查记录",
    DocumentKind.ONSITE_DECISION: "现场处理措施决定书",
    DocumentKind.RECTIFICATION_ORDER: "责令限期整改指令书",
    DocumentKind.REVIEW_OPINION: "整改复查意见书",
    DocumentKind.REFERRAL: "事故隐患移送书",
    DocumentKind.SE_DIRECTIVE: "特种设备安全监察指令书",
}
DOCUMENT_CODES = {
    DocumentKind.INSPECTION_RECORD: "应急检记",
    DocumentKind.ONSITE_DECISION: "应急现决",
    DocumentKind.RECTIFICATION_ORDER: "应急责改",
    DocumentKind.REVIEW_OPINION: "应急复查",
    DocumentKind.REFERRAL: "应急移",  # 2017 式样 案件移送书 安监移, 安监 → 应急
    DocumentKind.SE_DIRECTIVE: "市监特指",  # no 代字 found in the sources: to be confirmed (see wording.yaml)
}


class AuthorityLine(StrEnum):
    """Which authority issues the documents: it decides which sectors it may order and which it refers."""

    EMERGENCY = "emergency"
    MARKET = "market"

    @property
    def label(self) -> str:
        return {"emergency": "应急管理部门", "market": "市场监督管理部门"}[self.value]
