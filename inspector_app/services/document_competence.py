"""Which authority may issue which document for which enterprise (安全生产法第二条、第六十九条; 特种设备安全法第五条).

特种设备 safety is supervised by the departments in charge of special equipment (市场监督管理部门), not by 应急管理.
An 应急 authority that finds 特种设备 hazards records them as usual, gives the enterprise its 现场检查记录, and
refers the hazards to the 市场监管 authority (事故隐患移送书) instead of ordering anything itself. A 市场监管
authority orders with the 特种设备安全监察指令书 (特种设备安全监督检查办法第二十三条), never with 应急's forms.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, col, select

from inspector_app.documents.data import DocumentData, PriorDecision
from inspector_app.domain.enums import AuthorityLine, DocumentKind, HazardStatus, Sector
from inspector_app.domain.errors import StateError, ValidationError
from inspector_app.evidence.media_store import MediaStore
from inspector_app.services import document_data
from inspector_app.services.context import App
from inspector_app.services.timeutil import local_date
from inspector_app.store.models import Document, Enterprise, Hazard, Inspection, Setting

AUTHORITY_LINE_KEY = "authority_line"
REFERRAL_AUTHORITY_KEY = "referral_authority"

KINDS = frozenset({DocumentKind.REFERRAL, DocumentKind.SE_DIRECTIVE})
# The 应急 documents that order the enterprise to do something (and the 复查 that follows them).
EMERGENCY_ORDERS = frozenset(
    {DocumentKind.ONSITE_DECISION, DocumentKind.RECTIFICATION_ORDER, DocumentKind.REVIEW_OPINION}
)
MARKET_KINDS = frozenset({DocumentKind.INSPECTION_RECORD, DocumentKind.SE_DIRECTIVE})

WHY = (
    "特种设备安全监督管理属市场监督管理部门职责"
    "（《中华人民共和国安全生产法》第二条、《中华人民共和国特种设备安全法》第五条）"
)
PLACEHOLDER_MARKS = ("某某", "XX", "xx", "＿")


def _setting(s: Session, key: str) -> str:
    row = s.get(Setting, key)
    return row.value.strip() if row else ""


def authority_line(s: Session) -> AuthorityLine:
    """The issuing authority's line; an authority set up before this setting existed is an 应急管理 one."""
    value = _setting(s, AUTHORITY_LINE_KEY)
    if not value:
        return AuthorityLine.EMERGENCY
    try:
        return AuthorityLine(value)
    except ValueError:
        allowed = "、".join(f"{line.value}（{line.label}）" for line in AuthorityLine)
        raise ValidationError(f"设置 {AUTHORITY_LINE_KEY} 的值“{value}”无效，可选：{allowed}") from None


def referral_authority(s: Session) -> str:
    """The 市场监管 authority that receives this authority's 特种设备 referrals ("" when not set)."""
    return _setting(s, REFERRAL_AUTHORITY_KEY)


def _sector(s: Session, inspection: Inspection) -> Sector:
    ent = s.get(Enterprise, inspection.enterprise_id)
    assert ent is not None
    return Sector(ent.sector)


def offered_kinds(app: App, inspection_id: str) -> list[DocumentKind]:
    """The kinds this authority issues for the inspection's enterprise, in the usual order of issue."""
    with app.read() as s:
        inspection = s.get(Inspection, inspection_id)
        if inspection is None:
            return []
        try:
            return [k for k in DocumentKind if _refusal(s, inspection, k) is None]
        except ValidationError:
            return list(DocumentKind)  # a bad authority_line: issuing any of them says what is wrong


def check_competence(s: Session, inspection: Inspection, kind: DocumentKind) -> None:
    """Refuse, with what to do instead, a document this authority may not issue to this enterprise."""
    reason = _refusal(s, inspection, kind)
    if reason is not None:
        raise StateError(reason)
    if kind == DocumentKind.REFERRAL:
        _check_referral(s, inspection)
    elif kind == DocumentKind.SE_DIRECTIVE:
        _check_directive(s, inspection)


def _refusal(s: Session, inspection: Inspection, kind: DocumentKind) -> str | None:
    line = authority_line(s)
    special = _sector(s, inspection) == Sector.SPECIAL_EQUIPMENT
    if line == AuthorityLine.EMERGENCY:
        if kind == DocumentKind.SE_DIRECTIVE:
            return (
                f"{kind.label}由市场监督管理部门签发，本机关是应急管理部门（设置 {AUTHORITY_LINE_KEY}）；"
                f"特种设备隐患请签发{DocumentKind.REFERRAL.label}，移送市场监督管理部门处理"
            )
        if special and kind in EMERGENCY_ORDERS:
            receiver = referral_authority(s) or "市场监督管理部门"
            return (
                f"{WHY}，应急管理部门不能对特种设备使用单位签发{kind.label}。"
                f"隐患已照常登记；请签发{DocumentKind.REFERRAL.label}，依照《中华人民共和国安全生产法》第六十九条"
                f"移送{receiver}依法处理，现场检查记录照常交被检查单位"
            )
        if kind == DocumentKind.REFERRAL and not special:
            return (
                f"被检查单位属{_sector(s, inspection).label}行业，由本机关依法处理，无需移送；"
                f"请签发{DocumentKind.RECTIFICATION_ORDER.label}"
            )
        return None
    if kind not in MARKET_KINDS:
        instead = f"；特种设备请签发{DocumentKind.SE_DIRECTIVE.label}" if special else ""
        return f"{kind.label}是应急管理部门的文书，本机关是市场监督管理部门（设置 {AUTHORITY_LINE_KEY}）{instead}"
    if kind == DocumentKind.SE_DIRECTIVE and not special:
        return (
            f"被检查单位属{_sector(s, inspection).label}行业，不是特种设备使用单位，"
            f"不能签发{kind.label}；其安全生产由应急管理等部门监督管理"
        )
    return None


def _open_hazards(s: Session, inspection_id: str) -> list[Hazard]:
    """Hazards still open: a hazard already 复查合格销号 is no longer anyone's to refer or order."""
    from inspector_app.services.hazards import found_in

    rows = found_in(s, inspection_id)
    return [h for h in rows if h.status != HazardStatus.CLOSED.value]


def _inspection_record(s: Session, inspection_id: str) -> Document | None:
    return s.exec(
        select(Document)
        .where(Document.inspection_id == inspection_id, Document.kind == DocumentKind.INSPECTION_RECORD.value)
        .order_by(col(Document.issued_at).desc())
    ).first()


def _check_referral(s: Session, inspection: Inspection) -> None:
    receiver = referral_authority(s)
    if not receiver or any(mark in receiver for mark in PLACEHOLDER_MARKS):
        shown = f"（现为“{receiver}”）" if receiver else ""
        raise StateError(
            f"没有设置接收移送的市场监督管理部门{shown}；"
            f"请在设置中填写 {REFERRAL_AUTHORITY_KEY}（如：益阳市赫山区市场监督管理局）"
            f"后再签发{DocumentKind.REFERRAL.label}"
        )
    if not _open_hazards(s, inspection.id):
        raise StateError(f"本次检查没有未销号的事故隐患，无需签发{DocumentKind.REFERRAL.label}")
    if _inspection_record(s, inspection.id) is None:
        raise StateError(
            f"请先签发{DocumentKind.INSPECTION_RECORD.label}：移送须形成记录备查（安全生产法第六十九条），"
            f"{DocumentKind.REFERRAL.label}以其为附件"
        )


def _directive_hazards(s: Session, inspection_id: str) -> list[Hazard]:
    return [h for h in _open_hazards(s, inspection_id) if h.deadline is not None]


def _check_directive(s: Session, inspection: Inspection) -> None:
    if not _directive_hazards(s, inspection.id):
        raise StateError(
            f"本次检查没有责令限期改正的特种设备隐患（须有整改期限且未销号），不能签发{DocumentKind.SE_DIRECTIVE.label}"
        )


def fill(
    s: Session, media: MediaStore, inspection: Inspection, kind: DocumentKind, data: DocumentData
) -> tuple[DocumentData, list[str]]:
    """The data of a referral or a 监察指令 and the hazards it lists (document_kinds.fill for these kinds)."""
    from inspector_app.services import document_kinds

    issued_on = data.issued_on
    if kind == DocumentKind.REFERRAL:
        hazards = _open_hazards(s, inspection.id)
        record = _inspection_record(s, inspection.id)
        data = replace(
            data,
            findings=tuple(document_kinds.finding(h) for h in hazards),
            photos=document_data.photos(s, media, hazards, inspection.place),
            recipient=referral_authority(s),
            prior=PriorDecision(DocumentKind(record.kind).label, record.number, local_date(record.issued_at))
            if record is not None
            else None,
            # The receiving authority signs for it, not the enterprise.
            enterprise_signer="",
            enterprise_signature_png=None,
            enterprise_signer_title="",
            refusal=None,
        )
    elif kind == DocumentKind.SE_DIRECTIVE:
        hazards = _directive_hazards(s, inspection.id)
        for n, hazard in enumerate(hazards, 1):
            if hazard.deadline is not None and hazard.deadline <= issued_on:
                raise StateError(
                    f"第{n}项隐患“{hazard.description[:20]}”的整改期限{hazard.deadline:%Y-%m-%d}不在签发日之后，"
                    "请先重新确定整改期限"
                )
        deadlines = {h.deadline for h in hazards}
        data = replace(
            data,
            header="",  # the renderer prints the 市场监管 header from the wording
            findings=tuple(document_kinds.finding(h) for h in hazards),
            photos=document_data.photos(s, media, hazards, inspection.place),
            deadline=deadlines.pop() if len(deadlines) == 1 else None,
        )
    else:
        raise ValueError(f"not a competence kind: {kind}")
    return data, [h.id for h in hazards]
