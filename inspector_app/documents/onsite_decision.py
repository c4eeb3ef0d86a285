"""现场处理措施决定书 (应急现决): the violations found on site and the measures ordered there and then."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData
from inspector_app.domain.errors import ValidationError

KIND = "onsite_decision"


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    if not data.findings:
        raise ValidationError("现场处理措施决定书没有列出违法违规行为或事故隐患")
    if not data.decisions:
        raise ValidationError("现场处理措施决定书没有现场处理决定")
    if not data.decision_basis.strip():
        raise ValidationError("现场处理措施决定书没有写明处理依据")
    words = L.words_for(data)
    story = L.header_block(data, words, styles, KIND)
    story.append(L.addressee(data, words, styles))
    checked = L.beijing(data.inspection_started).date()
    story.append(
        L.para(words(f"{KIND}.findings_intro", date=words.date(checked)), styles.body, keep=[words.date(checked)])
    )
    story.append(L.findings_list(data.findings, words, styles, basis=True))
    story.append(L.para(words(f"{KIND}.decision_intro", decision_basis=data.decision_basis), styles.body))
    story.append(L.numbered([[L.para(d, styles.finding)] for d in data.decisions], styles))
    story.append(Spacer(1, 2 * mm))
    story.append(L.remedy_clause(data, words, styles, KIND))
    story += L.closing(data, words, styles, KIND)
    return story
