"""Everything a document prints, as plain values. Services fill it from the database; the renderers
only lay it out. Keeping the two apart means a document can be rendered in a test without a database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Party:
    """被检查单位."""

    name: str
    credit_code: str
    address: str
    legal_representative: str
    contact_person: str = ""
    contact_phone: str = ""
    representative_title: str = ""  # 职务 of the 法定代表人（负责人）


@dataclass(frozen=True)
class Officer:
    """行政执法人员 with the 执法证号 printed beside each signature."""

    name: str
    cert_no: str
    signature_png: bytes | None = None


@dataclass(frozen=True)
class Finding:
    """One numbered problem: the violation fact found, the duty it breaks (违反), the article that empowers the
    order (依据), the measure ordered."""

    text: str
    basis: str = ""  # 依据: the article that empowers the order or penalty, full statute name
    measure: str = ""
    major: bool = False
    deadline: date | None = None
    item_id: str | None = None
    # For a 整改复查意见书: "passed", "failed" or "" (not reviewed).
    review: str = ""
    review_note: str = ""
    # 违反: the duty violated, full statute name, e.g. 《中华人民共和国安全生产法》第二十一条第（一）项
    violates: str = ""
    location: str = ""  # 部位 / 设备 where it was found
    reviewed_on: date | None = None  # the day of the latest 复查
    new_deadline: date | None = None  # a failed 复查's new deadline
    # 现场处理措施 chosen for this finding (安全生产法第六十五条第一款第（三）项): domain.onsite_measures codes
    onsite_measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class PhotoEntry:
    """A photo for the evidence appendix, already downscaled for print (JPEG, long side <= 1600 px)."""

    jpeg: bytes
    caption: str
    finding_no: int | None
    taken_at: datetime | None
    gps: tuple[float, float] | None
    added_by: str
    sha256: str
    taken_by: str = ""  # 拍摄人: the inspector who took it (never the OS login)
    place: str = ""  # 拍摄地点
    stage: str = ""  # "before" (整改前) or "after" (整改后, taken at the 复查); "" when not part of a review


@dataclass(frozen=True)
class Refusal:
    """被检查单位负责人拒绝签名 (安全生产法第六十八条): recorded and printed in place of the signature, and reported."""

    name: str
    title: str
    at: datetime
    witness: str = ""  # 见证人
    recording: str = ""  # 执法记录仪 / 录音录像 reference


@dataclass(frozen=True)
class PriorDecision:
    """The 指令书/决定书 a 整改复查意见书 refers back to."""

    title: str
    number: str
    issued_on: date


@dataclass(frozen=True)
class DocumentData:
    kind: str
    number: str
    authority: str
    header: str  # e.g. "某某县应急管理局安全生产行政执法文书"
    party: Party
    officers: tuple[Officer, ...]
    inspection_started: datetime
    inspection_ended: datetime | None
    place: str
    issued_on: date
    findings: tuple[Finding, ...] = ()
    summary: str = ""  # 检查情况 on the 现场检查记录
    deadline: date | None = None  # the single deadline of a 指令书 when all items share it
    decisions: tuple[str, ...] = ()  # 现场处理决定 of a 现场处理措施决定书
    decision_basis: str = ""
    remedy_government: str = ""
    remedy_court: str = ""
    enterprise_signer: str = ""
    enterprise_signature_png: bytes | None = None
    enterprise_signer_title: str = ""  # 职务 of the person who signs (or refuses) for the enterprise
    refusal: Refusal | None = None
    prior: PriorDecision | None = None
    photos: tuple[PhotoEntry, ...] = ()
    supersedes_number: str = ""
    correction_reason: str = ""
    recipient: str = ""  # the authority a 事故隐患移送书 is addressed to (not the 被检查单位)
    wording: dict[str, str] = field(default_factory=dict)
    # What the verification QR code carries. Filled by the service that signs the document; it is not part of
    # content_hash (it is made from it). Empty: the unsigned "INSPDOC|文号|hash" form.
    qr_text: str = ""

    def content_hash(self) -> str:
        """SHA-256 over what the document says (not how it is laid out): printed in its QR code."""
        data = asdict(self)
        data.pop("qr_text")
        data["officers"] = [{**o, "signature_png": _digest(o["signature_png"])} for o in data["officers"]]
        data["enterprise_signature_png"] = _digest(data["enterprise_signature_png"])
        data["photos"] = [p["sha256"] for p in data["photos"]]
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest(blob: bytes | None) -> str | None:
    return hashlib.sha256(blob).hexdigest() if blob else None
