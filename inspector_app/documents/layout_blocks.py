"""The blocks a document is built from: header, party, numbered findings, remedy clause, and the closing
(signatures or a recorded refusal, seal and date), which always travels with the last lines of the body."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer, Table, TableStyle

from inspector_app.documents.data import DocumentData, Finding, Officer, Refusal
from inspector_app.documents.layout_flowables import SIGN_BOX_WIDTH, SignatureBox, Styles, TitleLine, para
from inspector_app.documents.layout_page import BODY_SIZE, CONTENT_WIDTH
from inspector_app.documents.layout_text import Words
from inspector_app.domain.errors import ValidationError

NUMBER_WIDTH = 2.6 * BODY_SIZE  # the "12．" column of a numbered list


def header_block(data: DocumentData, words: Words, styles: Styles, kind: str) -> list[Flowable]:
    """Authority line, big centred title, 文号 right under it (and a correction notice when superseding)."""
    header = data.header or words("common.header", authority=data.authority)
    story: list[Flowable] = [
        para(header, styles.header),
        TitleLine(words(f"{kind}.title"), styles.font, styles.title_size),
        para(data.number, styles.number),
    ]
    if data.supersedes_number:
        text = words("common.supersedes", supersedes_number=data.supersedes_number, reason=data.correction_reason)
        story += [para(text, styles.note, keep=[data.supersedes_number]), Spacer(1, 3 * mm)]
    return story


def addressee(data: DocumentData, words: Words, styles: Styles) -> Flowable:
    return para(words("common.addressee", name=data.party.name), styles.plain)


def label_table(rows: Sequence[tuple[str, str]], styles: Styles, label_width: float = 42 * mm) -> Table:
    """Label / value rows with a rule under each value, like the blanks of a printed form."""
    cells = [[para(label, styles.label), para(value, styles.value)] for label, value in rows]
    table = Table(cells, colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.HexColor("#555555")),
            ]
        )
    )
    return table


def party_block(data: DocumentData, words: Words, styles: Styles, extra: Sequence[tuple[str, str]] = ()) -> Table:
    """被检查单位 / 地址 / 法定代表人（负责人）and 职务 / 联系电话 (and extra rows, e.g. 检查场所, 检查时间)."""
    p = data.party
    rows = [
        (words("common.party_name"), p.name),
        (words("common.party_address"), p.address),
        (words("common.party_representative"), p.legal_representative),
    ]
    if p.representative_title.strip():
        rows.append((words("common.party_title"), p.representative_title))
    rows += [(words("common.party_phone"), p.contact_phone), *extra]
    return label_table(rows, styles)


class NumberedTable(Table):
    """The table of a numbered list. It keeps its rows, so that the last entry can travel with the closing.

    No __init__ of its own: ReportLab makes the pieces of a table split across pages through self.__class__
    with Table's arguments.
    """

    entry_rows: list[list[Any]] = []
    number_width: float = NUMBER_WIDTH
    styles: Styles | None = None

    def split_last(self) -> tuple[NumberedTable | None, NumberedTable]:
        """(all entries but the last, the last entry), laid out exactly as in the whole table."""
        assert self.styles is not None
        head = self.entry_rows[:-1]
        first = numbered_table(head, self.styles, self.number_width) if head else None
        return first, numbered_table(self.entry_rows[-1:], self.styles, self.number_width)


def numbered_table(rows: list[list[Any]], styles: Styles, number_width: float) -> NumberedTable:
    table = NumberedTable(rows, colWidths=[number_width, CONTENT_WIDTH - number_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 3),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    table.entry_rows = rows
    table.styles = styles
    table.number_width = number_width
    return table


def numbered(
    entries: Sequence[Sequence[Flowable]], styles: Styles, number_width: float = NUMBER_WIDTH
) -> NumberedTable:
    """A numbered list: "1．" in a narrow column, the entry's paragraphs beside it (wrapped lines stay aligned).

    One table row per entry, so a long list breaks between entries onto continuation pages.
    """
    rows = [[para(f"{n}．", styles.finding_no), list(flowables)] for n, flowables in enumerate(entries, 1)]
    return numbered_table(rows, styles, number_width)


def finding_entry(
    finding: Finding,
    words: Words,
    styles: Styles,
    *,
    basis: bool = True,
    measure: bool = False,
    deadline: date | None = None,
) -> list[Flowable]:
    """One finding: its text (with the 重大事故隐患 marker, never broken across lines), 部位（设备）, and
    optionally 违反 and 依据 (each on its own full-width line), the measure and the item's own deadline."""
    text = finding.text
    if finding.major:
        text += words("common.major_marker")
    out: list[Flowable] = [para(text, styles.finding, keep=[words("common.major_marker")])]
    if finding.location.strip():
        out.append(para(words("common.location", location=finding.location), styles.finding_detail))
    if basis and finding.violates.strip():
        out.append(para(words("common.violates", violates=finding.violates), styles.finding_detail))
    if basis and finding.basis.strip():
        out.append(para(words("common.basis", basis=finding.basis), styles.finding_detail))
    if measure and finding.measure.strip():
        out.append(para(words("common.measure", measure=finding.measure), styles.finding_detail))
    if deadline is not None:
        out.append(para(words("common.finding_deadline", deadline=words.date(deadline)), styles.finding_detail))
    return out


def findings_list(
    findings: Sequence[Finding],
    words: Words,
    styles: Styles,
    *,
    basis: bool = True,
    measure: bool = False,
    deadlines: Sequence[date | None] | None = None,
) -> NumberedTable:
    entries = [
        finding_entry(
            f, words, styles, basis=basis, measure=measure, deadline=deadlines[i] if deadlines is not None else None
        )
        for i, f in enumerate(findings)
    ]
    return numbered(entries, styles)


def remedy_clause(data: DocumentData, words: Words, styles: Styles, kind: str) -> Flowable:
    """如果不服本指令/决定…60日内向{人民政府}申请行政复议…6个月内向{人民法院}提起行政诉讼…"""
    missing = [
        name
        for name, value in (("行政复议机关（人民政府）", data.remedy_government), ("管辖法院", data.remedy_court))
        if not value.strip()
    ]
    if missing:
        raise ValidationError(f"文书缺少救济途径：{'、'.join(missing)}。请在设置中填写后再出具文书")
    text = words(f"{kind}.remedy", remedy_government=data.remedy_government, remedy_court=data.remedy_court)
    return para(text, styles.body, keep=[data.remedy_government, data.remedy_court])


# ---- closing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    name: str
    detail: str = ""  # e.g. 执法证号：…, 职务：…
    png: bytes | None = None
    statement: str = ""  # printed instead of a signature box (a recorded refusal to sign)


def officer_signers(officers: Sequence[Officer], words: Words) -> list[Signer]:
    return [Signer(o.name, words("common.cert_no", cert_no=o.cert_no), o.signature_png) for o in officers]


def refusal_statement(refusal: Refusal, words: Words) -> str:
    """被检查单位负责人…于…拒绝签名，见证人：…；录音录像：…。依据安全生产法第六十八条记录在案…"""
    evidence = [
        words(f"common.refusal_{key}", **{key: value})
        for key, value in (("witness", refusal.witness), ("recording", refusal.recording))
        if value.strip()
    ]
    return words(
        "common.refusal",
        name=refusal.name,
        title=words("common.refusal_title", title=refusal.title) if refusal.title.strip() else "",
        time=words.moment(refusal.at),
        evidence=words("common.refusal_evidence", parts=words("common.refusal_sep").join(evidence)) if evidence else "",
    )


def enterprise_signer(data: DocumentData, words: Words) -> Signer:
    if data.refusal is not None:
        return Signer(data.refusal.name, statement=refusal_statement(data.refusal, words))
    title = data.enterprise_signer_title.strip()
    detail = words("common.signer_title", title=title) if title else ""
    return Signer(data.enterprise_signer, detail, data.enterprise_signature_png)


def signature_block(groups: Sequence[tuple[str, Sequence[Signer]]], styles: Styles) -> Table:
    """Label | signature box | printed name (and 执法证号 or 职务), one row per signer; boxes line up in one
    column. A recorded refusal fills the box and name columns instead."""
    label_width = 62 * mm
    box_width = SIGN_BOX_WIDTH + 4 * mm
    rows: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    for label, signers in groups:
        for i, signer in enumerate(signers):
            first = para(label, styles.label) if i == 0 else ""
            if signer.statement:
                spans.append(("SPAN", (1, len(rows)), (2, len(rows))))
                rows.append([first, para(signer.statement, styles.sign_text), ""])
                continue
            text = signer.name + (f"\n{signer.detail}" if signer.detail else "")
            rows.append([first, SignatureBox(signer.png), para(text, styles.sign_text)])
    table = Table(rows, colWidths=[label_width, box_width, CONTENT_WIDTH - label_width - box_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (2, 0), (2, -1), 2 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                *spans,
            ]
        )
    )
    return table


def seal_block(data: DocumentData, words: Words, styles: Styles, *, seal: bool = True) -> Table:
    """Bottom right: "{机关}（印章）" over the date (room above for the stamp); the date alone when seal=False."""
    width = 72 * mm
    lines: list[Flowable] = []
    if seal:
        lines.append(para(words("common.seal", authority=data.authority), styles.seal))
    lines.append(para(words.date(data.issued_on), styles.seal))
    table = Table([["", lines]], colWidths=[CONTENT_WIDTH - width, width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 12 * mm if seal else 4 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


class ClosingBlock(KeepTogether):
    """Signatures, seal and date kept together; `keep_closing_with_body` adds the body's last lines to it."""

    def __init__(self, parts: list[Flowable]) -> None:
        self.parts = parts
        super().__init__(parts)


def closing(
    data: DocumentData,
    words: Words,
    styles: Styles,
    kind: str,
    *,
    seal: bool = True,
    copies: bool = True,
) -> list[Flowable]:
    """Signatures (or the recorded refusal), seal and date, and the 一式两份 note, kept together on one page."""
    if not data.officers:
        raise ValidationError("文书没有执法人员")
    groups = [
        (words(f"{kind}.officers_sign"), officer_signers(data.officers, words)),
        (words(f"{kind}.enterprise_sign"), [enterprise_signer(data, words)]),
    ]
    block: list[Flowable] = [
        Spacer(1, 5 * mm),
        signature_block(groups, styles),
        seal_block(data, words, styles, seal=seal),
    ]
    if copies:
        block += [
            HRFlowable(width="100%", thickness=0.4, color=colors.HexColor("#888888"), spaceBefore=1, spaceAfter=2),
            para(words(f"{kind}.copies"), styles.note),
        ]
    return [ClosingBlock(block)]


def keep_closing_with_body(story: Sequence[Flowable]) -> list[Flowable]:
    """The story with its closing block joined to the last lines of the body before it (the last paragraph,
    or the last entry of a numbered list), so that a page never carries the signatures alone."""
    out = list(story)
    at = next((i for i, f in enumerate(out) if isinstance(f, ClosingBlock)), None)
    if at is None:
        return out
    body, block, rest = out[:at], out[at], out[at + 1 :]
    assert isinstance(block, ClosingBlock)
    moved: list[Flowable] = []
    while body:
        last = body.pop()
        if isinstance(last, NumberedTable) and last.entry_rows:
            head, tail = last.split_last()
            if head is not None:
                body.append(head)
            moved.insert(0, tail)
            break
        moved.insert(0, last)
        if not isinstance(last, Spacer):
            break
    return [*body, KeepTogether([*moved, *block.parts]), *rest]
