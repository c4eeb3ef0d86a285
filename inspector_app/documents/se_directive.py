"""特种设备安全监察指令书 (市场监管): the violations and 事故隐患 found at a 特种设备 使用单位, what each breaks, what
to do by when (特种设备安全监督检查办法第二十三条), the 严重事故隐患 to stop at once, the 整改报告 and 复查, and
what a refusal to sign for it means (第二十七条)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData, Finding, Refusal
from inspector_app.domain.errors import ValidationError

KIND = "se_directive"
ENTRY_WIDTH = L.CONTENT_WIDTH - 2.6 * L.BODY_SIZE  # the text column of L.numbered


def item_deadlines(data: DocumentData) -> list[date]:
    out: list[date] = []
    for n, finding in enumerate(data.findings, 1):
        deadline = finding.deadline or data.deadline
        if deadline is None:
            raise ValidationError(f"特种设备安全监察指令书第{n}项问题没有整改期限")
        out.append(deadline)
    return out


def deadline_sentence(words: L.Words, deadlines: list[date]) -> str:
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


def _entry(finding: Finding, deadline: date | None, words: L.Words, styles: L.Styles) -> list[Flowable]:
    marker = words(f"{KIND}.major_marker")
    text = finding.text + (marker if finding.major else "")
    out: list[Flowable] = [L.para(text, styles.finding, keep=[marker] if finding.major else [], width=ENTRY_WIDTH)]
    details = [
        ("location", finding.location),
        ("violates", finding.violates),
        ("measure", finding.measure),
    ]
    for key, value in details:
        if value.strip():
            out.append(L.para(words(f"{KIND}.{key}", **{key: value.strip()}), styles.finding_detail))
    if deadline is not None:
        out.append(L.para(words("common.finding_deadline", deadline=words.date(deadline)), styles.finding_detail))
    return out


def refusal_sentence(refusal: Refusal, words: L.Words) -> str:
    moment = L.beijing(refusal.at)
    return words(
        f"{KIND}.refused",
        name=refusal.name,
        title=words(f"{KIND}.refused_title", title=refusal.title) if refusal.title.strip() else "",
        time=words(
            "common.datetime",
            year=moment.year,
            month=moment.month,
            day=moment.day,
            hour=moment.hour,
            minute=moment.minute,
        ),
        recording=words(f"{KIND}.refused_recording", recording=refusal.recording) if refusal.recording.strip() else "",
        witness=words(f"{KIND}.refused_witness", witness=refusal.witness) if refusal.witness.strip() else "",
    )


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    if not data.findings:
        raise ValidationError("特种设备安全监察指令书没有列出问题")
    words = L.words_for(data)
    if not data.header:
        data = replace(data, header=words(f"{KIND}.header", authority=data.authority))
    deadlines = item_deadlines(data)
    per_item = len(set(deadlines)) > 1
    story = L.header_block(data, words, styles, KIND)
    story.append(L.addressee(data, words, styles))
    story.append(
        L.label_table(
            [
                (words(f"{KIND}.party_name"), data.party.name),
                (words("common.party_credit_code"), data.party.credit_code),
                (words("common.party_address"), data.party.address),
                (words("common.party_representative"), data.party.legal_representative),
                (words(f"{KIND}.place"), data.place),
                (words(f"{KIND}.time"), L.inspection_period(words, data.inspection_started, data.inspection_ended)),
            ],
            styles,
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(L.para(words(f"{KIND}.findings_intro"), styles.body))
    entries = [_entry(f, deadlines[i] if per_item else None, words, styles) for i, f in enumerate(data.findings)]
    story.append(L.numbered(entries, styles))
    story.append(Spacer(1, 1 * mm))
    dates = [words.date(d) for d in sorted(set(deadlines))]
    story.append(L.para(deadline_sentence(words, deadlines), styles.body, keep=dates))
    serious = [n for n, f in enumerate(data.findings, 1) if f.major]
    if serious:
        story.append(L.para(words(f"{KIND}.serious", items=words.items(serious)), styles.body))
    story.append(L.para(words(f"{KIND}.report"), styles.body))
    story.append(L.para(words(f"{KIND}.refuse_receipt"), styles.body))
    if data.refusal is not None:
        story.append(L.para(refusal_sentence(data.refusal, words), styles.body))
    # The signatures and seal never stand alone on a page: the appeal clause goes with them.
    story.append(KeepTogether([L.remedy_clause(data, words, styles, KIND), *L.closing(data, words, styles, KIND)]))
    return story
