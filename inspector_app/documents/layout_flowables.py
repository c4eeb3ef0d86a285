"""Text styles and the flowables the documents are made of: paragraphs whose markers never break, the title,
pictures (JPEG passed through untouched) and signature boxes."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from inspector_app.documents.fonts import register_fonts
from inspector_app.documents.layout_page import BODY_LEADING, BODY_SIZE
from inspector_app.domain.errors import ValidationError

SIGN_BOX_WIDTH = 40 * mm
SIGN_BOX_HEIGHT = 13 * mm


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

    def paragraph_styles(self) -> list[ParagraphStyle]:
        return [v for v in vars(self).values() if isinstance(v, ParagraphStyle)]


# GB/T 15834 行首禁则: punctuation that must not begin a line. ReportLab's list is the Japanese one and lacks
# the Chinese full-width ，；：？！》 etc.; such a character is hung in the right margin instead.
CANNOT_START_LINE = "，。、；：？！）》」』】〕〗〉’”…—％‰·]］"
CANNOT_END_LINE = "（〔《「『【〖〈‘“[［"

# What a line never ends inside: bracketed markers (【重大事故隐患】), 文号 (（赫）应急责改〔2026〕12号), dates and
# times (2026年11月20日, 9时30分) and runs of Latin letters and digits (执法证号, 统一社会信用代码, phone numbers).
UNBREAKABLE = re.compile(
    r"【[^【】\n]{1,24}】"
    r"|（[^（）\n]{1,12}）[^（）〔〕\s]{0,12}〔\d{4}〕[^〔〕\s]{1,12}?号"
    r"|〔\d{4}〕\d{1,8}号"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
    r"|\d{1,2}月\d{1,2}日"
    r"|\d{1,2}时\d{2}分"
    r"|[0-9A-Za-z][0-9A-Za-z.\-:/]{0,38}[0-9A-Za-z]"
)


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


def para(text: str, style: ParagraphStyle, keep: Sequence[str] = (), width: float | None = None) -> Paragraph:
    """A paragraph of plain text (escaped: the wording and the data never carry markup).

    Chinese text may break between any two characters, but never inside what UNBREAKABLE matches nor inside
    a string of `keep` (a court's name): when one would straddle a line end, the line ends before it. The
    line breaks are decided when the paragraph learns its width, so this holds in table cells too (`width`,
    which callers once had to pass for that, is no longer needed and is ignored).
    """
    return KeptParagraph(text, style, keep=keep)


def unbreakable_spans(text: str, keep: Iterable[str] = ()) -> list[tuple[int, int]]:
    """(start, end) of every run of `text` that must stay on one line."""
    spans = [m.span() for m in UNBREAKABLE.finditer(text)]
    for k in keep:
        if not k:
            continue
        start = text.find(k)
        while start >= 0:
            spans.append((start, start + len(k)))
            start = text.find(k, start + 1)
    return sorted(set(spans))


class KeptParagraph(Paragraph):
    """A Paragraph of plain text that ends a line early rather than split an unbreakable run.

    ReportLab's own line breaking is the judge: the paragraph is broken at its width, and where a line ends
    inside a run, a line break is put before the run and the paragraph is broken again. The result is then
    ordinary Paragraph markup, so splitting across pages works as for any paragraph.
    """

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle | None = None,
        bulletText: str | None = None,  # ReportLab's names: Paragraph.split calls self.__class__ with them
        frags: list[Any] | None = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
        *,
        keep: Iterable[str] = (),
    ) -> None:
        self._laid_for: float | None = None
        self._plain = ""
        self._forced: frozenset[int] = frozenset()
        self._spans: list[tuple[int, int]] = []
        if frags is None and text is not None:
            lines = text.split("\n")
            self._plain = "".join(lines)
            ends = [len(line) for line in lines[:-1]]
            self._forced = frozenset(sum(ends[: i + 1]) for i in range(len(ends)))
            self._spans = unbreakable_spans(self._plain, keep)
            text = _markup(self._plain, self._forced)
        # Paragraph.split passes text=None with the frags of each piece; the stubs know only the str form.
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)  # type: ignore[arg-type]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._spans and availWidth != self._laid_for:
            self._break_for(availWidth)
            self._laid_for = availWidth
        return super().wrap(availWidth, availHeight)

    def _break_for(self, width: float) -> None:
        cuts = set(self._forced)
        markup = _markup(self._plain, cuts)
        for _attempt in range(len(self._spans) + 1):
            Paragraph.__init__(self, markup, self.style)
            Paragraph.wrap(self, width, 1e9)
            # blPara: the lines Paragraph.wrap just made (set by wrap, so not in the stubs).
            cut = self._first_straddle(_line_ends(self._plain, vars(self)["blPara"]), cuts)
            if cut is None:
                return
            cuts.add(cut)
            markup = _markup(self._plain, cuts)
        Paragraph.__init__(self, markup, self.style)

    def _first_straddle(self, ends: list[int], cuts: set[int]) -> int | None:
        for end in ends:
            if end in cuts:
                continue
            for start, stop in self._spans:
                if start < end < stop:
                    cut = start
                    while cut > 0 and self._plain[cut - 1] in CANNOT_END_LINE:  # 〔 stays with what it opens
                        cut -= 1
                    line_start = max([0, *(e for e in ends if e < end), *(c for c in cuts if c < end)])
                    if cut > line_start:  # a run longer than a line cannot be helped
                        return cut
        return None


def _markup(plain: str, cuts: Iterable[int]) -> str:
    points = [0, *sorted(c for c in cuts if 0 < c < len(plain)), len(plain)]
    return "<br/>".join(escape(plain[a:b]) for a, b in zip(points, points[1:], strict=False))


def _line_ends(plain: str, bl_para: Any) -> list[int]:
    """Where each line but the last ends, as offsets into `plain` (lines read back from ReportLab's result)."""
    texts: list[str] = []
    for line in bl_para.lines:
        if getattr(bl_para, "kind", 0) == 0:
            texts.append("".join(str(t) for t in line[1]))
        else:
            texts.append("".join(str(getattr(w, "text", "")) for w in line.words))
    ends, pos = [], 0
    for text in texts[:-1]:
        if not text:
            continue
        try:
            pos = plain.index(text, pos) + len(text)
        except ValueError:
            break
        ends.append(pos)
    return ends


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
