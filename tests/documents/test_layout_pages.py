"""Page layout read back from the PDF: the closing block never stands alone, everything printed sits inside the
printable area and the GB/T 9704 版心, and no text is smaller than 9 pt except the QR caption."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from xml.etree import ElementTree

import pytest

from inspector_app.documents import layout
from inspector_app.documents.data import DocumentData, Finding
from inspector_app.documents.render import render_pdf
from inspector_app.domain.enums import DocumentKind
from tests.documents.conftest import Pdf, make_document, make_photo, run_tool

MakePdf = Callable[[bytes], Pdf]
MM = 72 / 25.4

PHRASES = (
    "二号甲类仓库内可燃气体检测报警仪未定期检定",
    "现场检查时报警仪处于故障状态，",
    "危险化学品装卸作业区东侧疏散通道被空桶堆放占用",
    "企业未按规定对新入职的3名操作人员进行安全生产教育和培训即安排上岗",
    "配电箱未设置漏电保护装置且箱门未上锁，",
    "动火作业未办理作业票证，现场未配备灭火器材",
)
LONG_ADDRESS = "湘中县经济开发区化工园区纬二路8号（原湘中县化肥厂老厂区）东侧第三栋至第五栋之间的甲类危险化学品仓储区"


def _finding(n: int) -> Finding:
    """Finding n of a sequence whose lengths vary from a few words to several lines."""
    text = "".join(PHRASES[(n * k) % len(PHRASES)] for k in range(1, 2 + (n * 7) % 5)).rstrip("，")
    return Finding(
        text=f"{text}（第{n}项）",
        basis="《中华人民共和国安全生产法》第一百零二条",
        violates="《中华人民共和国安全生产法》第四十一条第二款" if n % 3 else "",
        location="二号甲类仓库" if n % 4 == 0 else "",
        measure="立即整改，" * (1 + n % 4),
        major=n % 5 == 0,
        deadline=date(2026, 12, 5 + n % 3),
        review=("passed", "failed", "")[n % 3],
        review_note="已整改" if n % 2 else "",
        new_deadline=date(2026, 12, 20) if n % 3 == 1 else None,
    )


def _document(kind: DocumentKind, count: int) -> DocumentData:
    data = make_document(kind, findings=tuple(_finding(n) for n in range(1, count + 1)))
    party = replace(data.party, address=LONG_ADDRESS, representative_title="总经理")
    return replace(data, party=party, place=LONG_ADDRESS, deadline=None)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _last_body_text(kind: DocumentKind, data: DocumentData) -> str:
    """What must share the signatures' page: the remedy clause where the document has one, else the last
    finding."""
    if kind == DocumentKind.REFERRAL:  # its body ends with the list of what it sends along
        return "附件："
    if kind == DocumentKind.REVIEW_OPINION:  # its body ends with the order that follows the 复查, when there is one
        from inspector_app.documents.review_opinion import follow_up

        lines = follow_up(data, layout.Words())
        if lines:
            return _flat(lines[-1])
    if kind in (DocumentKind.RECTIFICATION_ORDER, DocumentKind.ONSITE_DECISION, DocumentKind.SE_DIRECTIVE):
        words = layout.Words()
        clause = words(f"{kind.value}.remedy", remedy_government=data.remedy_government, remedy_court=data.remedy_court)
        return _flat(clause)
    return _flat(data.findings[-1].text)


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_signatures_never_stand_alone_on_a_page(pdf_of: MakePdf, kind: DocumentKind) -> None:
    pages_seen = set()
    for count in range(1, 26):
        data = _document(kind, count)
        pdf = pdf_of(render_pdf(data))
        pages = [_flat(p) for p in pdf.text().split("\f") if p.strip()]
        pages_seen.add(len(pages))
        signed = [n for n, page in enumerate(pages) if "（签名）" in page]
        assert len(signed) == 1, (count, signed)  # the signature block is never split either
        page = pages[signed[0]]
        assert _last_body_text(kind, data) in page, (count, signed[0] + 1, page[:300])
        continued = layout.Words()("common.continued_header", title=kind.label)
        # Nothing but page marks before the signatures on their page would mean they stand alone.
        before = page.split("（签名）")[0].replace(continued, "")
        assert len(before) > 20, (count, page[:200])
    assert max(pages_seen) >= 3  # the range of counts did push the closing onto continuation pages


def test_last_finding_travels_with_the_signatures(pdf_of: MakePdf) -> None:
    """In a record the last entry of the findings list moves with the closing block; the others stay."""
    for count in range(2, 12):
        data = _document(DocumentKind.INSPECTION_RECORD, count)
        pages = [_flat(p) for p in pdf_of(render_pdf(data)).text().split("\f") if p.strip()]
        signed = next(n for n, page in enumerate(pages) if "（签名）" in page)
        last = _flat(data.findings[-1].text)
        assert last in pages[signed]
        assert pages[signed].index(last) < pages[signed].index("（签名）")
        for finding in data.findings:  # every finding printed exactly once
            assert sum(p.count(_flat(finding.text)) for p in pages) == 1


# ---- geometry -----------------------------------------------------------------------------------------------


def test_page_geometry_follows_gb_t_9704() -> None:
    assert pytest.approx(37 * MM) == layout.MARGIN_TOP
    assert pytest.approx(28 * MM) == layout.MARGIN_LEFT
    assert pytest.approx(156 * MM) == layout.CONTENT_WIDTH
    assert pytest.approx(225 * MM) == layout.CONTENT_HEIGHT
    assert pytest.approx(26 * MM, abs=0.01) == layout.MARGIN_RIGHT
    assert pytest.approx(35 * MM, abs=0.5) == layout.MARGIN_BOTTOM  # A4 is 296.99 mm high


def test_qr_code_and_its_quiet_zone_sit_inside_the_printable_area() -> None:
    quiet = 2 * layout.QR_SIZE / 21  # two modules of the smallest symbol (21 modules) are the widest
    edge = layout.PRINTABLE_MARGIN
    assert pytest.approx(10 * MM) == layout.PRINTABLE_MARGIN
    assert layout.PAGE_HEIGHT - (layout.QR_TOP + quiet) >= edge - 0.01
    assert layout.PAGE_WIDTH - (layout.QR_RIGHT + quiet) >= edge
    assert layout.QR_RIGHT - layout.QR_SIZE - quiet >= edge
    assert edge <= layout.QR_TOP - layout.QR_SIZE
    # The symbol stays in the 天头: none of it reaches down into the 版心 where the header line is printed.
    assert layout.QR_TOP - layout.QR_SIZE >= layout.PAGE_HEIGHT - layout.MARGIN_TOP


def _words(pdf: Pdf) -> Iterator[tuple[int, str, float, float, float, float]]:
    """(page, word, xMin, yMin, xMax, yMax) of every word pdftotext finds, y measured from the top."""
    xml = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", str(pdf.path), "-")
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ElementTree.fromstring(xml)
    for n, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), 1):
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            box = [float(w.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
            yield n, w.text or "", box[0], box[1], box[2], box[3]


@pytest.fixture(scope="module")
def long_documents(tmp_path_factory: pytest.TempPathFactory) -> dict[DocumentKind, Pdf]:
    """Each kind with 14 findings, photos and a long address: several pages, continuation headers, appendix."""
    folder = tmp_path_factory.mktemp("long")
    out = {}
    for kind in DocumentKind:
        data = replace(_document(kind, 14), photos=(make_photo(1), make_photo(2, finding_no=3), make_photo(3)))
        path = folder / f"{kind.value}.pdf"
        path.write_bytes(render_pdf(data))
        out[kind] = Pdf(path)
    return out


def test_all_text_inside_the_printable_area_and_body_inside_the_type_area(long_documents) -> None:  # type: ignore[no-untyped-def]
    edge = layout.PRINTABLE_MARGIN
    width, height = layout.PAGE_WIDTH, layout.PAGE_HEIGHT
    left, top = layout.MARGIN_LEFT, layout.MARGIN_TOP
    right, bottom = left + layout.CONTENT_WIDTH, top + layout.CONTENT_HEIGHT
    hang = layout.BODY_SIZE + 0.5  # GB/T 15834: a closing mark may hang into the right margin
    for kind, pdf in long_documents.items():
        assert pdf.pages >= 3, kind
        margin_lines: dict[tuple[int, float], str] = {}
        for page, word, x0, y0, x1, y1 in _words(pdf):
            assert x0 >= edge and y0 >= edge and x1 <= width - edge and y1 <= height - edge, (kind, page, word)
            inside = left - 0.5 <= x0 and x1 <= right + hang and top - 0.5 <= y0 and y1 <= bottom + 0.5
            if not inside:
                assert y1 <= top + 3 or y0 >= bottom or x0 >= right, (kind, page, word)  # not across the edge
                key = (page, round(y0))
                margin_lines[key] = margin_lines.get(key, "") + word
        # Only the page marks live in the margins: the footer on every page, the continuation header on every
        # page after the first, the QR caption on the first.
        label = layout.Words()(f"{kind.value}.title")
        expected = {
            *(f"第{n}页共{pdf.pages}页" for n in range(1, pdf.pages + 1)),
            f"{label}（续页）",
            "扫码核验",
        }
        found = {re.sub(r"^.*号(?=第)", "", text) for text in margin_lines.values()}
        assert found == expected, (kind, found ^ expected)


def test_no_ink_within_ten_millimetres_of_the_paper_edge(long_documents, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    dpi = 72
    band = int(10 * dpi / 25.4)  # 28 px = 9.88 mm: a pixel nearer the edge than that is outside the line
    for kind, pdf in long_documents.items():
        prefix = tmp_path / kind.value
        run_tool("pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf.path), str(prefix))
        pngs = sorted(tmp_path.glob(f"{kind.value}-*.png"))
        assert len(pngs) == pdf.pages
        for png in pngs:
            img = Image.open(png).convert("L")
            w, h = img.size
            bands = [(0, 0, w, band), (0, h - band, w, h), (0, 0, band, h), (w - band, 0, w, h)]
            darkest = min(img.crop(box).getextrema()[0] for box in bands)
            assert darkest >= 200, (kind, png.name)
            inside = img.crop((band, band, w - band, h - band)).getextrema()[0]
            assert inside < 100  # the page does carry ink (the check looks at the right image)


# ---- type sizes ---------------------------------------------------------------------------------------------


def test_every_style_is_at_least_nine_points() -> None:
    styles = layout.make_styles()
    sizes = {s.name: s.fontSize for s in styles.paragraph_styles()}
    assert len(sizes) >= 15
    assert min(sizes.values()) >= 9, sizes
    assert styles.title_size >= 9
    assert layout.PAGE_MARK_SIZE >= 9 and layout.CONTINUED_SIZE >= 9
    assert layout.QR_CAPTION_SIZE == 8


def test_printed_text_is_nine_points_or_more_except_the_qr_caption(long_documents) -> None:  # type: ignore[no-untyped-def]
    for kind, pdf in long_documents.items():
        small = [(page, word, round(y1 - y0, 2)) for page, word, _x0, y0, _x1, y1 in _words(pdf) if y1 - y0 < 8.99]
        assert small == [(1, "扫码核验", 8.0)], kind
