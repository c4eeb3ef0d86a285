"""Shared layout of the enforcement documents, and the page marks: footer, continuation header, QR code.

The parts live in their own modules and are re-exported here, so the per-kind builders (inspection_record.py
and friends) use one namespace, `from inspector_app.documents import layout as L`:

- layout_text: the fixed wording (resources/documents/wording.yaml, see `Words`) and dates in Beijing time;
- layout_page: the A4 page after GB/T 9704-2012 and the deterministic PDF build;
- layout_flowables: styles, paragraphs whose markers never break, pictures, signature boxes;
- layout_blocks: header, party, findings, remedy clause, and the closing block.

What belongs to pages rather than to the text is drawn here once the page count is known: the footer
"文号 第 n 页 共 N 页" on every page, "（续页）" on every page after the first, and the verification QR code in
the top margin of page 1 — all at least PRINTABLE_MARGIN from the paper edge.

Determinism: the same DocumentData always gives the same bytes. The PDF is built in ReportLab's invariant
mode (no wall-clock time, no random file ID) and its creation date is the document's issue date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from inspector_app.documents.data import DocumentData
from inspector_app.documents.layout_blocks import (
    NUMBER_WIDTH,
    ClosingBlock,
    NumberedTable,
    Signer,
    addressee,
    closing,
    enterprise_signer,
    finding_entry,
    findings_list,
    header_block,
    keep_closing_with_body,
    label_table,
    numbered,
    officer_signers,
    party_block,
    refusal_statement,
    remedy_clause,
    seal_block,
    signature_block,
)
from inspector_app.documents.layout_flowables import (
    CANNOT_END_LINE,
    CANNOT_START_LINE,
    SIGN_BOX_HEIGHT,
    SIGN_BOX_WIDTH,
    UNBREAKABLE,
    KeptParagraph,
    Picture,
    SignatureBox,
    Styles,
    TitleLine,
    image_reader,
    make_styles,
    para,
    unbreakable_spans,
)
from inspector_app.documents.layout_page import (
    BODY_LEADING,
    BODY_SIZE,
    CONTENT_HEIGHT,
    CONTENT_WIDTH,
    CONTINUED_BASELINE,
    CONTINUED_SIZE,
    CREATOR,
    FOOTER_BASELINE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MIN_TEXT_SIZE,
    PAGE_HEIGHT,
    PAGE_MARK_SIZE,
    PAGE_SIZE,
    PAGE_WIDTH,
    PRINTABLE_MARGIN,
    PageDecorator,
    furnished_canvas,
    write_pdf,
)
from inspector_app.documents.layout_text import (
    BEIJING,
    WORDING_FILE,
    Words,
    base_wording,
    beijing,
    inspection_period,
    kind_of,
    words_for,
)

__all__ = [
    "BEIJING", "BODY_LEADING", "BODY_SIZE", "CANNOT_END_LINE", "CANNOT_START_LINE", "CONTENT_HEIGHT",
    "CONTENT_WIDTH", "CONTINUED_BASELINE", "CONTINUED_SIZE", "CREATOR", "FOOTER_BASELINE", "MARGIN_BOTTOM",
    "MARGIN_LEFT", "MARGIN_RIGHT", "MARGIN_TOP", "MIN_TEXT_SIZE", "NUMBER_WIDTH", "PAGE_HEIGHT", "PAGE_MARK_SIZE",
    "PAGE_SIZE", "PAGE_WIDTH", "PRINTABLE_MARGIN", "QR_CAPTION_GAP", "QR_CAPTION_SIZE", "QR_LEVEL", "QR_PREFIX",
    "QR_QUIET", "QR_RIGHT", "QR_SIZE", "QR_TOP", "SIGN_BOX_HEIGHT", "SIGN_BOX_WIDTH", "UNBREAKABLE", "WORDING_FILE",
    "ClosingBlock", "KeptParagraph", "NumberedTable", "PageDecorator", "Picture", "SignatureBox", "Signer",
    "Styles", "TitleLine", "Words", "addressee", "base_wording", "beijing", "build_pdf", "closing",
    "document_decorator", "draw_qr", "enterprise_signer", "finding_entry", "findings_list", "furnished_canvas",
    "header_block", "image_reader", "inspection_period", "keep_closing_with_body", "kind_of", "label_table",
    "make_styles", "numbered", "officer_signers", "para", "party_block", "qr_payload", "refusal_statement",
    "remedy_clause", "seal_block", "signature_block", "unbreakable_spans", "words_for", "write_pdf",
]  # fmt: skip

# The verification QR code: top right corner of page 1, inside the top margin. Tests read it back from here.
# The signed code (about 350 bytes) must fit the 天头 above the 版心 (37 mm, less the 10 mm a printer cannot
# reach and the quiet zone) and still read from a 150-dpi scan: at level L it is a symbol of about 65 modules,
# 0.37 mm (2.2 px at 150 dpi) each at 24 mm; level M would need about 73 modules of 0.33 mm.
QR_SIZE = 24 * mm  # without quiet zone
QR_LEVEL = "L"
QR_PREFIX = "INSPDOC"
# Placement follows from QR_SIZE: the quiet zone (two modules, at most QR_SIZE / 10 for a symbol of 21 modules
# or more) ends on the PRINTABLE_MARGIN line at the top; the symbol's right edge is the 版心's.
QR_QUIET = QR_SIZE / 10
QR_RIGHT = PAGE_WIDTH - MARGIN_RIGHT  # right edge of the symbol
QR_TOP = PAGE_HEIGHT - PRINTABLE_MARGIN - QR_QUIET  # top edge of the symbol
QR_CAPTION_SIZE = 8  # the one text under MIN_TEXT_SIZE
QR_CAPTION_GAP = 1 * mm  # between the caption, left of the code, and the quiet zone


def qr_payload(data: DocumentData) -> str:
    return data.qr_text or f"{QR_PREFIX}|{data.number}|{data.content_hash()}"


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
        canv.setFont(styles.font, PAGE_MARK_SIZE)
        footer = words("common.footer", number=data.number, page=page, pages=pages)
        canv.drawCentredString(MARGIN_LEFT + CONTENT_WIDTH / 2, FOOTER_BASELINE, footer)
        if page == 1:
            draw_qr(canv, payload)
            canv.setFont(styles.font, QR_CAPTION_SIZE)
            # Beside the code, level with its top: under it the caption would reach into the 版心, and level with
            # its bottom it would run into the centred header line.
            right = QR_RIGHT - QR_SIZE - QR_QUIET - QR_CAPTION_GAP
            canv.drawRightString(right, QR_TOP - QR_CAPTION_SIZE, words("common.qr_caption"))
        else:
            canv.setFont(styles.font, CONTINUED_SIZE)
            text = words("common.continued_header", title=title)
            canv.drawCentredString(MARGIN_LEFT + CONTENT_WIDTH / 2, CONTINUED_BASELINE, text)
        canv.restoreState()

    return decorate


def build_pdf(
    story: Sequence[Flowable],
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
    """Lay the story out and return the PDF (see layout_page.write_pdf), the closing block joined to the last
    lines of the body before it."""
    return write_pdf(
        keep_closing_with_body(story),
        title=title,
        author=author,
        subject=subject,
        keywords=keywords,
        decorate=decorate,
        creation=creation,
        pagesize=pagesize,
        margins=margins,
    )
