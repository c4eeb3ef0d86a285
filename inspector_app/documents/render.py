"""render_pdf(DocumentData) -> PDF bytes: the body of the document's kind, the photo appendix, page furniture."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable

from inspector_app.documents import (
    appendix,
    inspection_record,
    onsite_decision,
    rectification_order,
    referral,
    review_opinion,
    se_directive,
)
from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData
from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import ValidationError

Builder = Callable[[DocumentData, L.Styles], list[Flowable]]

KINDS: dict[DocumentKind, Builder] = {
    DocumentKind.INSPECTION_RECORD: inspection_record.build,
    DocumentKind.ONSITE_DECISION: onsite_decision.build,
    DocumentKind.RECTIFICATION_ORDER: rectification_order.build,
    DocumentKind.REVIEW_OPINION: review_opinion.build,
    DocumentKind.REFERRAL: referral.build,
    DocumentKind.SE_DIRECTIVE: se_directive.build,
}

MIN_OFFICERS = 2  # 安全生产法第六十七条：监督检查不得少于两人，并出示执法证件


def check(data: DocumentData) -> DocumentKind:
    """What every document needs, whatever its kind (each kind checks its own fields)."""
    kind = L.kind_of(data)
    if kind not in KINDS:
        raise ValidationError(f"暂不能出具“{kind.label}”")
    if not data.number.strip():
        raise ValidationError("文书没有文号")
    if len(data.officers) < MIN_OFFICERS:
        raise ValidationError(f"执法文书须有两名以上执法人员签名（现有 {len(data.officers)} 名）")
    missing = [o.name or "（未填姓名）" for o in data.officers if not (o.name.strip() and o.cert_no.strip())]
    if missing:
        raise ValidationError(f"执法人员姓名和执法证号必须填写：{'、'.join(missing)}")
    if not data.party.name.strip():
        raise ValidationError("文书没有被检查单位名称")
    return kind


def render_pdf(data: DocumentData) -> bytes:
    """The document as an A4 PDF. The same data always gives the same bytes."""
    kind = check(data)
    styles = L.make_styles()
    words = L.words_for(data)
    story = KINDS[kind](data, styles)
    story += appendix.build(data, styles)
    return L.build_pdf(
        story,
        title=f"{kind.label} {data.number}",
        author=data.authority,
        # The signed verification code when there is one: the issuer's identity travels with the file too.
        subject=data.qr_text or data.content_hash(),
        keywords=data.number,
        decorate=L.document_decorator(data, words, styles, kind.value),
        creation=data.issued_on,
    )
