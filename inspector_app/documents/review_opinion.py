"""整改复查意见书 (应急复查): the result of re-inspecting each problem of an earlier 指令书/决定书. No appeal clause.

Each problem shows its latest 复查 (whenever it was recorded); a failed one its new deadline, and the document
ends with the order to finish by then."""

from __future__ import annotations

from datetime import date

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
    if finding.reviewed_on is not None:
        line = words(f"{KIND}.result_on", result=result, date=words.date(finding.reviewed_on))
    else:
        line = words(f"{KIND}.result", result=result)
    out.append(L.para(line, styles.finding))
    if finding.review_note:
        out.append(L.para(words(f"{KIND}.note", note=finding.review_note), styles.finding_detail))
    if finding.review == "failed" and finding.new_deadline is not None:
        deadline = words(f"{KIND}.new_deadline", deadline=words.date(finding.new_deadline))
        out.append(L.para(deadline, styles.finding_detail))
    return out


def follow_up(data: DocumentData, words: L.Words) -> list[str]:
    """The closing order: failed items to be finished by their new deadline; or that all passed."""
    failed: dict[date, list[int]] = {}
    for n, finding in enumerate(data.findings, 1):
        if finding.review == "failed":
            if finding.new_deadline is None:
                raise ValidationError(f"第{n}项复查不合格，但没有新的整改期限")
            failed.setdefault(finding.new_deadline, []).append(n)
    if failed:
        return [
            words(f"{KIND}.failed_followup", items=words.items(items), deadline=words.date(day))
            for day, items in sorted(failed.items())
        ]
    if all(f.review == "passed" for f in data.findings):
        return [words(f"{KIND}.all_passed")]
    return []


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
    story.append(L.para(opening, styles.body, keep=[f"[{prior.number}]", words.date(prior.issued_on)]))
    story.append(L.numbered([_entry(f, words, styles) for f in data.findings], styles))
    for line in follow_up(data, words):
        story.append(L.para(line, styles.body))
    story += L.closing(data, words, styles, KIND)
    return story
