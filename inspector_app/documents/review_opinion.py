"""整改复查意见书 (应急复查): the result of re-inspecting each problem of an earlier 指令书/决定书. No appeal clause."""

from __future__ import annotations

from reportlab.platypus import Flowable

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData, Finding
from inspector_app.domain.errors import ValidationError

KIND = "review_opinion"
RESULTS = {"passed": "passed", "failed": "failed", "": "pending"}


def _entry(finding: Finding, words: L.Words, styles: L.Styles) -> list[Flowable]:
    try:
        result = words(f"{KIND}.{RESULTS[finding.review]}")
    except KeyError:
        raise ValidationError(f"未知的复查结果“{finding.review}”") from None
    out = L.finding_entry(finding, words, styles, basis=False)
    out.append(L.para(words(f"{KIND}.result", result=result), styles.finding))
    if finding.review_note:
        out.append(L.para(words(f"{KIND}.note", note=finding.review_note), styles.finding_detail))
    return out


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    if data.prior is None:
        raise ValidationError("整改复查意见书必须指明所复查的原决定（指令书或决定书）")
    if not data.findings:
        raise ValidationError("整改复查意见书没有复查事项")
    words = L.words_for(data)
    prior = data.prior
    story = L.header_block(data, words, styles, KIND)
    story.append(L.addressee(data, words, styles))
    opening = words(f"{KIND}.opening", date=words.date(prior.issued_on), title=prior.title, number=prior.number)
    story.append(L.para(opening, styles.body, keep=[prior.number, words.date(prior.issued_on)]))
    story.append(L.numbered([_entry(f, words, styles) for f in data.findings], styles))
    story += L.closing(data, words, styles, KIND)
    return story
