"""现场处理措施决定书 (应急现决): the 重大事故隐患 found on site and, for each, the measures of 安全生产法第六十五条
the inspector chose there, naming the 部位 / 设备 they apply to."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData, Finding
from inspector_app.domain.errors import ValidationError

KIND = "onsite_decision"
MEASURES = ("evacuate", "suspend", "stop_use")  # the law's order (domain.onsite_measures)


def decision_lines(data: DocumentData, words: L.Words) -> list[str]:
    """One decision per finding with measures, then any decision written out in full."""
    lines = []
    for n, finding in enumerate(data.findings, 1):
        if not finding.onsite_measures:
            continue
        lines.append(words(f"{KIND}.decision", n=n, measures=_measures(finding, words)))
    return lines + list(data.decisions)


def _measures(finding: Finding, words: L.Words) -> str:
    unknown = [m for m in finding.onsite_measures if m not in MEASURES]
    if unknown:
        raise ValidationError(f"未知的现场处理措施“{unknown[0]}”")
    if not finding.location.strip():
        raise ValidationError(f"现场处理措施须写明部位或设备：{finding.text[:24]}")
    chosen = [m for m in MEASURES if m in finding.onsite_measures]
    return words(f"{KIND}.measure_sep").join(
        words(f"{KIND}.measure_{m}", location=finding.location.strip()) for m in chosen
    )


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    if not data.findings:
        raise ValidationError("现场处理措施决定书没有列出违法违规行为或事故隐患")
    words = L.words_for(data)
    decisions = decision_lines(data, words)
    if not decisions:
        raise ValidationError("现场处理措施决定书没有现场处理决定：请为每项重大事故隐患选择现场处理措施")
    if not data.decision_basis.strip():
        raise ValidationError("现场处理措施决定书没有写明处理依据")
    story = L.header_block(data, words, styles, KIND)
    story.append(L.addressee(data, words, styles))
    checked = L.beijing(data.inspection_started).date()
    story.append(
        L.para(words(f"{KIND}.findings_intro", date=words.date(checked)), styles.body, keep=[words.date(checked)])
    )
    story.append(L.findings_list(data.findings, words, styles, basis=True))
    story.append(L.para(words(f"{KIND}.decision_intro", decision_basis=data.decision_basis), styles.body))
    story.append(L.numbered([[L.para(d, styles.finding)] for d in decisions], styles))
    story.append(L.para(words(f"{KIND}.resume"), styles.body))
    story.append(Spacer(1, 2 * mm))
    story.append(L.remedy_clause(data, words, styles, KIND))
    story += L.closing(data, words, styles, KIND)
    return story
