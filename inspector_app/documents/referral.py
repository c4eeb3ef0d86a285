"""事故隐患移送书 (应急移): an 应急管理 authority passes the 特种设备 hazards it found to the 市场监管 authority.

Addressed to that authority, not to the enterprise: it orders nothing, so it has no deadline, no measure and no
appeal clause. The receiving authority signs for it; the attached 现场检查记录 is the record 第六十九条 asks for.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData, Finding
from inspector_app.domain.errors import ValidationError

KIND = "referral"


def _entry(finding: Finding, words: L.Words, styles: L.Styles) -> list[Flowable]:
    out = L.finding_entry(finding, words, styles, basis=False)
    for key, value in (("location", finding.location), ("violates", finding.violates), ("basis", finding.basis)):
        if value.strip():
            out.append(L.para(words(f"{KIND}.{key}", **{key: value.strip()}), styles.finding_detail))
    return out


def _attachments(data: DocumentData, words: L.Words) -> str:
    items = []
    if data.prior is not None:
        items.append(words(f"{KIND}.attachment_record", title=data.prior.title, number=data.prior.number))
    if data.photos:
        items.append(words(f"{KIND}.attachment_photos", count=len(data.photos)))
    numbered = [words("common.item_no", n=n) + item for n, item in enumerate(items, 1)]
    return words(f"{KIND}.attachments", items=words(f"{KIND}.attachment_sep").join(numbered)) if items else ""


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    if not data.recipient.strip():
        raise ValidationError("事故隐患移送书没有接收移送的部门")
    if not data.findings:
        raise ValidationError("事故隐患移送书没有列出事故隐患")
    words = L.words_for(data)
    story = L.header_block(data, words, styles, KIND)
    story.append(L.para(words(f"{KIND}.addressee", recipient=data.recipient), styles.plain))
    checked = words.date(L.beijing(data.inspection_started).date())
    opening = words(f"{KIND}.opening", date=checked, party=data.party.name)
    story.append(L.para(opening, styles.body, keep=[checked, data.party.name]))
    story.append(Spacer(1, 2 * mm))
    story.append(
        L.party_block(
            data,
            words,
            styles,
            extra=[
                (words("common.party_credit_code"), data.party.credit_code),
                (words(f"{KIND}.place"), data.place),
                (words(f"{KIND}.time"), L.inspection_period(words, data.inspection_started, data.inspection_ended)),
            ],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(L.para(words(f"{KIND}.findings_intro"), styles.plain))
    story.append(L.numbered([_entry(f, words, styles) for f in data.findings], styles))
    # The signatures and seal never stand alone on a page: the attachments line goes with them.
    tail: list[Flowable] = []
    attachments = _attachments(data, words)
    if attachments:
        keep = [data.prior.number] if data.prior is not None else []
        tail += [Spacer(1, 2 * mm), L.para(attachments, styles.plain, keep=keep)]
    story.append(KeepTogether([*tail, *L.closing(data, words, styles, KIND)]))
    return story
