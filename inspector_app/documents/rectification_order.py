"""责令限期整改指令书 (应急责改): the problems found, each with its legal basis, and the deadline(s) to fix them."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData
from inspector_app.domain.errors import ValidationError

KIND = "rectification_order"


def item_deadlines(data: DocumentData) -> list[date]:
    """Each finding's deadline: its own, else the document's single deadline."""
    out: list[date] = []
    for n, finding in enumerate(data.findings, 1):
        deadline = finding.deadline or data.deadline
        if deadline is None:
            raise ValidationError(f"责令限期整改指令书第{n}项问题没有整改期限")
        out.append(deadline)
    return out


def deadline_sentence(words: L.Words, deadlines: list[date]) -> str:
    """One deadline for every item, or (when they differ) "第1、3项问题于…前，第2项问题于…前" by date."""
    if len(set(deadlines)) == 1:
        items = words.items(range(1, len(deadlines) + 1))
        return words(f"{KIND}.deadline_one", items=items, deadline=words.date(deadlines[0]))
    groups = [
        words(
            f"{KIND}.deadline_group",
            items=words.items([n for n, d in enumerate(deadlines, 1) if d == day]),
            deadline=words.date(day),
        )
        for day in sorted(set(deadlines))
    ]
    return words(f"{KIND}.deadline_many", groups=words(f"{KIND}.deadline_group_sep").join(groups))


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    if not data.findings:
        raise ValidationError("责令限期整改指令书没有列出问题")
    words = L.words_for(data)
    deadlines = item_deadlines(data)
    per_item = len(set(deadlines)) > 1
    story = L.header_block(data, words, styles, KIND)
    story.append(L.addressee(data, words, styles))
    story.append(L.para(words(f"{KIND}.findings_intro"), styles.body))
    story.append(
        L.findings_list(
            data.findings, words, styles, basis=True, measure=True, deadlines=deadlines if per_item else None
        )
    )
    story.append(Spacer(1, 1 * mm))
    dates = [words.date(d) for d in sorted(set(deadlines))]
    story.append(L.para(deadline_sentence(words, deadlines), styles.body, keep=dates))
    story.append(L.para(words(f"{KIND}.during"), styles.body))
    story.append(L.remedy_clause(data, words, styles, KIND))
    story += L.closing(data, words, styles, KIND)
    return story
