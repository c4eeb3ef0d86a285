"""Shared layout of the enforcement documents: page, header, party block, findings, clauses, signatures, seal.

Every document kind builds a list of platypus flowables from these primitives (see inspection_record.py and
friends); `build_pdf` lays them out on A4 and adds what belongs to pages rather than to the text: the footer
"文号 第 n 页 共 N 页" on every page, "（续页）" on every page after the first, and the verification QR code in
the top right corner of page 1.

The fixed wording comes from resources/documents/wording.yaml (see `Words`); nothing here hard-codes a
sentence of a document.

Determinism: the same DocumentData always gives the same bytes. The PDF is built in ReportLab's invariant
mode (no wall-clock time, no random file ID) and its creation date is the document's issue date.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any
from xml.sax.saxutils import escape

import yaml
from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

from inspector_app.bundle import resources_dir
from inspector_app.documents.data import DocumentData, Finding, Officer
from inspector_app.documents.fonts import register_fonts
from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import ValidationError

BEIJING = timezone(timedelta(hours=8), "CST")

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# The verification QR code: top right corner of page 1, inside the top margin. Tests read it back from here.
QR_SIZE = 26 * mm  # without quiet zone: a signed code (350-450 bytes, level M) keeps >= 1.9 px a module at 150 dpi
QR_RIGHT = PAGE_WIDTH - MARGIN_RIGHT  # right edge of the symbol
QR_TOP = PAGE_HEIGHT - 3 * mm  # top edge of the symbol
QR_LEVEL = "M"
QR_PREFIX = "INSPDOC"

SIGN_BOX_WIDTH = 40 * mm
SIGN_BOX_HEIGHT = 13 * mm

CREATOR = "inspector-app"
WORDING_FILE = ("documents", "wording.yaml")


# ---- wording ------------------------------------------------------------------------------------------------


@functools.cache
def base_wording() -> dict[str, str]:
    """wording.yaml as a flat {"section.key": template} map, read once per process."""
    path = resources_dir().joinpath(*WORDING_FILE)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuntimeError(f"文书用语文件缺失：{path}。请重新安装本程序。") from exc
    flat: dict[str, str] = {}
    for section, entries in raw.items():
        if not isinstance(entries, dict):
            continue  # "version" and other scalars
        for key, text in entries.items():
            flat[f"{section}.{key}"] = str(text)
    return flat


class Words:
    """The wording of one document: wording.yaml with the document's own overrides on top."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        base = base_wording()
        overrides = dict(overrides or {})
        unknown = sorted(set(overrides) - set(base))
        if unknown:
            raise ValidationError(f"文书用语中没有这些条目：{'、'.join(unknown)}")
        self._texts = {**base, **overrides}

    def __call__(self, key: str, **values: Any) -> str:
        template = self._texts[key]
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(f"文书用语“{key}”的占位符有误（{exc}）：{template}") from exc

    def date(self, day: date) -> str:
        return self("common.date", year=day.year, month=day.month, day=day.day)

    def items(self, numbers: Sequence[int]) -> str:
        return self("common.item_sep").join(str(n) for n in numbers)


def words_for(data: DocumentData) -> Words:
    return Words(data.wording)


def beijing(moment: datetime) -> datetime:
    """Aware times are converted to Beijing time; a naive time is taken to be Beijing time already."""
    return moment.astimezone(BEIJING) if moment.tzinfo is not None else moment


def inspection_period(words: Words, start: datetime, end: datetime | None) -> str:
    """2026年11月20日9时30分至11时45分 (the end without the date when it is the same day)."""
    start = beijing(start)
    first = words("common.datetime", **_dt_parts(start))
    if end is None:
        return words("common.time_open_end", start=first)
    end = beijing(end)
    if end.date() == start.date():
        last = words("common.time_only", **_dt_parts(end))
    elif end.year == start.year:
        last = words("common.datetime_same_year", **_dt_parts(end))
    else:
        last = words("common.datetime", **_dt_parts(end))
    return words("common.time_range", start=first, end=last)


def _dt_parts(moment: datetime) -> dict[str, int]:
    return {
        "year": moment.year,
        "month": moment.month,
        "day": moment.day,
        "hour": moment.hour,
        "minute": moment.minute,
    }


def kind_of(data: DocumentData) -> DocumentKind:
    try:
        return DocumentKind(data.kind)
    except ValueError:
        raise ValidationError(f"未知的文书种类“{data.kind}”") from None


def qr_payload(data: DocumentData) -> str:
    return data.qr_text or f"{QR_PREFIX}|{data.number}|{data.content_hash()}"


# ---- styles -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    font: str
    header: ParagraphStyle  # "{authority}安全生产行政执法文书" above the title
    number: ParagraphStyle  # the 文号 under the title
    body: ParagraphStyle  # running text, first line indented by two characters
    plain: ParagraphStyle  # running text without indent
    finding_no: ParagraphStyle
    finding: ParagraphStyle
    finding_detail: ParagraphStyle
    label: ParagraphStyle  # left column of the party and signature blocks
    value: ParagraphStyle
    sign_text: ParagraphStyle
    seal: ParagraphStyle
    note: ParagraphStyle  # 一式两份, corrections
    heading: ParagraphStyle  # section heading (photo appendix)
    caption: ParagraphStyle
    cell: ParagraphStyle  # ledger table cells
    cell_head: ParagraphStyle
    title_size: float = 22


BODY_SIZE = 12
BODY_LEADING = 21


# GB/T 15834 行首禁则: punctuation that must not begin a line. ReportLab's list is the Japanese one and lacks
# the Chinese full-width ，；：？！》 etc.; such a character is hung in the right margin instead.
CANNOT_START_LINE = "，。、；：？！）》」』】〕〗〉’”…—％‰·"
CANNOT_END_LINE = "（〔《「『【〖〈‘“"


def _chinese_line_breaking() -> None:
    # Both copies: textsplit's (single-run paragraphs) and the one paragraph imported (mixed runs). Through the
    # module namespaces, because the stubs call the constant Final and paragraph's copy is not in them at all.
    for module in (rl_textsplit, rl_paragraph):
        namespace = vars(module)
        cannot_start: str = namespace["ALL_CANNOT_START"]
        missing = "".join(c for c in CANNOT_START_LINE if c not in cannot_start)
        if missing:
            namespace["ALL_CANNOT_START"] = cannot_start + missing


@functools.cache
def make_styles() -> Styles:
    font = register_fonts()
    _chinese_line_breaking()

    def style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kw)

    return Styles(
        font=font,
        header=style("header", 10.5, 14, alignment=TA_CENTER, spaceAfter=2 * mm),
        number=style("number", BODY_SIZE, 16, alignment=TA_CENTER, spaceBefore=1 * mm, spaceAfter=6 * mm),
        body=style("body", BODY_SIZE, BODY_LEADING, alignment=TA_JUSTIFY, firstLineIndent=2 * BODY_SIZE),
        plain=style("plain", BODY_SIZE, BODY_LEADING, alignment=TA_LEFT),
        finding_no=style("finding_no", BODY_SIZE, BODY_LEADING, alignment=TA_RIGHT),
        finding=style("finding", BODY_SIZE, BODY_LEADING, alignment=TA_JUSTIFY),
        finding_detail=style("finding_detail", 10.5, 16, alignment=TA_JUSTIFY, textColor=colors.HexColor("#222222")),
        label=style("label", 11, 15, alignment=TA_LEFT),
        value=style("value", BODY_SIZE, 16, alignment=TA_LEFT),
        sign_text=style("sign_text", 10.5, 14, alignment=TA_LEFT),
        seal=style("seal", BODY_SIZE, 20, alignment=TA_CENTER),
        note=style("note", 9, 13, alignment=TA_LEFT),
        heading=style("heading", 16, 22, alignment=TA_CENTER, spaceAfter=2 * mm),
        caption=style("caption", 9, 12, alignment=TA_LEFT),
        cell=style("cell", 9, 11.5, alignment=TA_LEFT),
        cell_head=style("cell_head", 9.5, 12, alignment=TA_CENTER),
    )


def para(text: str, style: ParagraphStyle, keep: Sequence[str] = (), width: float = CONTENT_WIDTH) -> Paragraph:
    """A paragraph of plain text (escaped: the wording and the data never carry markup).

    Chinese text may break between any two characters. Each string in `keep` (a 文号, the name of a court)
    is kept on one line: when it would straddle a line end, the line is ended before it. `width` is the
    width the paragraph will be laid out in (the full text width unless it sits in a table cell).
    """
    segments = [text]
    wanted = [k for k in keep if k]
    if wanted and "\n" not in text:
        segments = _segments_keeping(text, wanted, style, width)
    return Paragraph("<br/>".join(escape(seg).replace("\n", "<br/>") for seg in segments), style)


def _segments_keeping(text: str, keep: Sequence[str], style: ParagraphStyle, width: float) -> list[str]:
    inner = width - style.leftIndent - style.rightIndent
    segments: list[str] = []
    first = True
    while True:
        widths = [inner - style.firstLineIndent, inner] if first else [inner]
        lines = rl_textsplit.wordSplit(text, widths, style.fontName, style.fontSize)
        ends, pos = [], 0
        for _extra, line in lines[:-1]:
            pos = text.index(line, pos) + len(line)
            ends.append(pos)
        cut = None
        for k in keep:
            start = text.find(k)
            while start >= 0 and cut is None:
                if start > 0 and any(start < end < start + len(k) for end in ends):
                    cut = start
                start = text.find(k, start + 1)
        if cut is None:
            return [*segments, text]
        while cut > 1 and text[cut - 1] in CANNOT_END_LINE:  # 〔 stays with what it opens
            cut -= 1
        segments.append(text[:cut])
        text, first = text[cut:], False


# ---- flowables ----------------------------------------------------------------------------------------------


class TitleLine(Flowable):
    """The big centred title. The font has no bold face, so the glyphs are filled and thinly stroked."""

    def __init__(self, text: str, font: str, size: float, stroke: float = 0.45) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.stroke = stroke

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # platypus API names
        self.width = availWidth
        return availWidth, self.size * 1.5

    def draw(self) -> None:
        canv = self.canv
        width = stringWidth(self.text, self.font, self.size)
        text = canv.beginText((self.width - width) / 2, self.size * 0.4)
        text.setFont(self.font, self.size)
        text.setTextRenderMode(2)  # fill, then stroke the outline
        canv.setLineWidth(self.stroke)
        text.textOut(self.text)
        canv.drawText(text)


class _JpegReader(ImageReader):
    """An ImageReader for JPEG bytes that ReportLab embeds as they are (DCTDecode, no re-encoding).

    Canvas.drawImage names an image by hashing its decoded pixels, which would decode every photo just to
    name it; the JPEG bytes are as unique as the pixels and cost nothing to hash.
    """

    def __init__(self, jpeg: bytes) -> None:
        super().__init__(io.BytesIO(jpeg))
        self._jpeg = jpeg
        self._dataA = None

    def getRGBData(self) -> bytes:  # drawImage calls it only to name the image
        return self._jpeg


def image_reader(blob: bytes) -> ImageReader:
    """A reader that passes JPEG through untouched; any other format (PNG signatures) is decoded by ReportLab."""
    reader = ImageReader(io.BytesIO(blob))
    # _image is the PIL image ReportLab opened (None until it has); it is private, so not in the stubs.
    if getattr(getattr(reader, "_image", None), "format", None) == "JPEG":
        return _JpegReader(blob)
    return reader


class Picture(Flowable):
    """An image scaled to fit a box, aspect ratio kept, drawn at the box's left edge (or centred)."""

    def __init__(self, blob: bytes, max_width: float, max_height: float, *, centred: bool = False) -> None:
        super().__init__()
        self.reader = image_reader(blob)
        px_w, px_h = self.reader.getSize()
        scale = min(max_width / px_w, max_height / px_h)
        self.img_width = px_w * scale
        self.img_height = px_h * scale
        self.box_width = max_width
        self.centred = centred

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.box_width, self.img_height

    def draw(self) -> None:
        x = (self.box_width - self.img_width) / 2 if self.centred else 0
        self.canv.drawImage(self.reader, x, 0, self.img_width, self.img_height)


class SignatureBox(Flowable):
    """A box for a handwritten signature: the captured signature inside it, or left empty for a pen."""

    def __init__(self, png: bytes | None, width: float = SIGN_BOX_WIDTH, height: float = SIGN_BOX_HEIGHT) -> None:
        super().__init__()
        self.png = png
        self.box_width = width
        self.box_height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.box_width, self.box_height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(colors.HexColor("#777777"))
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.box_width, self.box_height, stroke=1, fill=0)
        canv.restoreState()
        if self.png:
            pad = 1 * mm
            try:
                reader = image_reader(self.png)
            except Exception as exc:
                raise ValidationError("签名图片无法读取，请重新签名") from exc
            canv.drawImage(
                reader,
                pad,
                pad,
                self.box_width - 2 * pad,
                self.box_height - 2 * pad,
                mask="auto",
                preserveAspectRatio=True,
                anchor="c",
            )


# ---- blocks -------------------------------------------------------------------------------------------------


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
    """被检查单位 / 地址 / 法定代表人（负责人）/ 联系电话 (and any extra rows, e.g. 检查场所, 检查时间)."""
    p = data.party
    rows = [
        (words("common.party_name"), p.name),
        (words("common.party_address"), p.address),
        (words("common.party_representative"), p.legal_representative),
        (words("common.party_phone"), p.contact_phone),
        *extra,
    ]
    return label_table(rows, styles)


def numbered(entries: Sequence[Sequence[Flowable]], styles: Styles, number_width: float = 2.6 * BODY_SIZE) -> Table:
    """A numbered list: "1．" in a narrow column, the entry's paragraphs beside it (wrapped lines stay aligned).

    One table row per entry, so a long list breaks between entries onto continuation pages.
    """
    rows = [[para(f"{n}．", styles.finding_no), list(flowables)] for n, flowables in enumerate(entries, 1)]
    table = Table(rows, colWidths=[number_width, CONTENT_WIDTH - number_width], hAlign="LEFT")
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
    return table


def finding_entry(
    finding: Finding,
    words: Words,
    styles: Styles,
    *,
    basis: bool = True,
    measure: bool = False,
    deadline: date | None = None,
) -> list[Flowable]:
    """One finding: its text (with the 重大事故隐患 marker), and optionally basis, measure and own deadline."""
    text = escape(finding.text)
    if finding.major:
        text += escape(words("common.major_marker"))
    out: list[Flowable] = [Paragraph(text, styles.finding)]
    if basis and finding.basis:
        out.append(para(words("common.basis", basis=finding.basis), styles.finding_detail))
    if measure and finding.measure:
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
) -> Table:
    entries = [
        finding_entry(
            f, words, styles, basis=basis, measure=measure, deadline=deadlines[i] if deadlines is not None else None
        )
        for i, f in enumerate(findings)
    ]
    return numbered(entries, styles)


def remedy_clause(data: DocumentData, words: Words, styles: Styles, kind: str) -> Paragraph:
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


@dataclass(frozen=True)
class Signer:
    name: str
    detail: str = ""  # e.g. 执法证号：…
    png: bytes | None = None


def officer_signers(officers: Sequence[Officer], words: Words) -> list[Signer]:
    return [Signer(o.name, words("common.cert_no", cert_no=o.cert_no), o.signature_png) for o in officers]


def signature_block(groups: Sequence[tuple[str, Sequence[Signer]]], styles: Styles) -> Table:
    """Label | signature box | printed name (and 执法证号), one row per signer; boxes line up in one column."""
    label_width = 62 * mm
    box_width = SIGN_BOX_WIDTH + 4 * mm
    rows: list[list[Any]] = []
    for label, signers in groups:
        for i, signer in enumerate(signers):
            text = escape(signer.name)
            if signer.detail:
                text += "<br/>" + escape(signer.detail)
            rows.append(
                [
                    para(label, styles.label) if i == 0 else "",
                    SignatureBox(signer.png),
                    Paragraph(text, styles.sign_text),
                ]
            )
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


def closing(
    data: DocumentData,
    words: Words,
    styles: Styles,
    kind: str,
    *,
    seal: bool = True,
    copies: bool = True,
) -> list[Flowable]:
    """Signatures, seal and date, and the 一式两份 note, kept together on one page."""
    if not data.officers:
        raise ValidationError("文书没有执法人员")
    groups = [
        (words(f"{kind}.officers_sign"), officer_signers(data.officers, words)),
        (words(f"{kind}.enterprise_sign"), [Signer(data.enterprise_signer, "", data.enterprise_signature_png)]),
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
    return [KeepTogether(block)]


# ---- pages --------------------------------------------------------------------------------------------------

PageDecorator = Callable[[Canvas, int, int], None]


def furnished_canvas(decorate: PageDecorator, creation: date | None = None) -> type[Canvas]:
    """A canvas class that holds pages back until the end, then lets `decorate(canvas, page, pages)` draw on
    each one knowing the page count (for "第 n 页 共 N 页")."""

    class FurnishedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            if creation is not None:
                stamp = f"D:{creation:%Y%m%d}000000+08'00'"
                self.setDateFormatter(lambda *_ymdhms: stamp)

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # Canvas's own page reset; private, so not in the stubs

        def save(self) -> None:
            pages = len(self._held)
            for n, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                decorate(self, n, pages)
                super().showPage()
            super().save()

    return FurnishedCanvas


def draw_qr(canv: Canvas, payload: str) -> None:
    """The QR code of `payload`, symbol size QR_SIZE, top right corner at (QR_RIGHT, QR_TOP), with a white
    quiet zone of two modules."""
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, QR_LEVEL))
    qr.addData(payload)
    qr.make()
    count = qr.moduleCount
    module = QR_SIZE / count
    left = QR_RIGHT - QR_SIZE
    top = QR_TOP
    canv.saveState()
    canv.setFillColor(colors.white)
    canv.rect(
        left - 2 * module, top - QR_SIZE - 2 * module, QR_SIZE + 4 * module, QR_SIZE + 4 * module, stroke=0, fill=1
    )
    canv.setFillColor(colors.black)
    for r, row in enumerate(qr.modules):
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            # Horizontal runs as one rectangle each: fewer operators, and no hairline seams between modules.
            canv.rect(left + start * module, top - (r + 1) * module, (c - start) * module, module, stroke=0, fill=1)
    canv.restoreState()


def document_decorator(data: DocumentData, words: Words, styles: Styles, kind: str) -> PageDecorator:
    title = words(f"{kind}.title")
    payload = qr_payload(data)

    def decorate(canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.setFont(styles.font, 9)
        footer = words("common.footer", number=data.number, page=page, pages=pages)
        canv.drawCentredString(PAGE_WIDTH / 2, 10 * mm, footer)
        if page == 1:
            draw_qr(canv, payload)
            canv.setFont(styles.font, 7)
            canv.drawCentredString(QR_RIGHT - QR_SIZE / 2, QR_TOP - QR_SIZE - 3.2 * mm, words("common.qr_caption"))
        else:
            canv.setFont(styles.font, 10.5)
            text = words("common.continued_header", title=title)
            canv.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN_TOP + 6 * mm, text)
        canv.restoreState()

    return decorate


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    decorate: PageDecorator,
    creation: date | None,
    pagesize: tuple[float, float] = PAGE_SIZE,
    margins: tuple[float, float, float, float] = (MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT),
) -> bytes:
    """Lay the story out and return the PDF. Deterministic: invariant mode, creation date = `creation`."""
    font = register_fonts()
    top, right, bottom, left = margins
    width, height = pagesize
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        subject=subject,
        # One keyword; ReportLab joins a list with ", ", so the PDF's Keywords entry is that string unchanged.
        keywords=[keywords],
        creator=CREATOR,
        invariant=True,
        lang="zh-CN",
        # A TrueType initial font, so ReportLab does not reference an unembedded Helvetica on every page.
        initialFontName=font,
        initialFontSize=BODY_SIZE,
        initialLeading=BODY_LEADING,
    )
    frame = Frame(left, bottom, width - left - right, height - top - bottom, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=pagesize)])
    with _reproducible_build():
        doc.build(story, canvasmaker=furnished_canvas(decorate, creation))
    return out.getvalue()


_build_lock = threading.RLock()


@contextlib.contextmanager
def _reproducible_build() -> Iterator[None]:
    """Process-wide ReportLab settings for the duration of one build.

    - ASCII85 off: ReportLab wraps every stream in ASCII85 by default (+25 % on every photo).
    - SOURCE_DATE_EPOCH hidden: in invariant mode ReportLab seeds the file /ID with it when it is set, so a
      build machine that sets it would otherwise produce different bytes for the same document.

    Both are global, so builds are serialised (ReportLab's own global state makes concurrent builds unsafe
    anyway).
    """
    with _build_lock:
        saved_a85 = rl_config.useA85
        saved_epoch = os.environ.pop("SOURCE_DATE_EPOCH", None)
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = saved_a85
            if saved_epoch is not None:
                os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
