"""现场检查记录 (应急检记): who inspected whom, where and when, what was found; signed on site, no seal."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData

KIND = "inspection_record"


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    words = L.words_for(data)
    sep = words("common.item_sep")
    story = L.header_block(data, words, styles, KIND)
    story.append(
        L.party_block(
            data,
            words,
            styles,
            extra=[
                (words(f"{KIND}.place"), data.place),
                (words(f"{KIND}.time"), L.inspection_period(words, data.inspection_started, data.inspection_ended)),
            ],
        )
    )
    story.append(Spacer(1, 4 * mm))
    opening = words(
        f"{KIND}.opening",
        authority=data.authority,
        names=sep.join(o.name for o in data.officers),
        cert_nos=sep.join(o.cert_no for o in data.officers),
    )
    keep = [data.authority, *(o.name for o in data.officers), *(o.cert_no for o in data.officers)]
    story.append(L.para(opening, styles.body, keep=keep))
    story.append(Spacer(1, 2 * mm))
    story.append(L.para(words(f"{KIND}.situation"), styles.plain))
    for line in data.summary.splitlines():
        if line.strip():
            story.append(L.para(line.strip(), styles.body))
    if data.findings:
        story.append(L.para(words(f"{KIND}.findings_intro"), styles.body))
        story.append(L.findings_list(data.findings, words, styles, basis=True))
    else:
        story.append(L.para(words(f"{KIND}.no_findings"), styles.body))
    story += L.closing(data, words, styles, KIND, seal=False, copies=False)
    return story
