"""The enforcement-document PDFs, read back with poppler's tools as a clerk (or a court) would see them."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from inspector_app.documents import layout
from inspector_app.documents.data import DocumentData, Finding, Officer
from inspector_app.documents.fonts import load_font
from inspector_app.documents.photos_for_print import downscale_for_print
from inspector_app.documents.rectification_order import deadline_sentence
from inspector_app.documents.render import KINDS, render_pdf
from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import ValidationError
from tests.documents.conftest import (
    AUTHORITY,
    COURT,
    ENTERPRISE,
    FINDINGS,
    GOVERNMENT,
    OFFICERS,
    Pdf,
    make_document,
    make_photo,
    run_tool,
    signature_png,
)

MakePdf = Callable[[bytes], Pdf]
ALL_KINDS = list(DocumentKind)
WITH_REMEDY = {DocumentKind.RECTIFICATION_ORDER, DocumentKind.ONSITE_DECISION, DocumentKind.SE_DIRECTIVE}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[DocumentKind, tuple[DocumentData, Pdf]]:
    """Each kind rendered once (with two photos) and shared by the read-only checks below."""
    folder = tmp_path_factory.mktemp("kinds")
    out = {}
    for kind in ALL_KINDS:
        data = make_document(kind, photos=(make_photo(1), make_photo(2, finding_no=3)))
        path = folder / f"{kind.value}.pdf"
        path.write_bytes(render_pdf(data))
        out[kind] = (data, Pdf(path))
    return out


# ---- what the document says -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.value)
def test_text_extracts_with_names_numbers_findings_and_title(rendered, kind: DocumentKind) -> None:  # type: ignore[no-untyped-def]
    data, pdf = rendered[kind]
    text = pdf.flat_text()
    assert ENTERPRISE in text
    assert data.number in text
    assert kind.label in text
    first = flat(pdf.page_text(1))
    # Header line, then the title, then the 文号 right under it.
    assert first.index(f"{AUTHORITY}安全生产行政执法文书") < first.index(kind.label) < first.index(data.number)
    assert first.index(data.number) - first.index(kind.label) == len(kind.label)
    for finding in FINDINGS:
        assert flat(finding.text) in text
    for name, cert in OFFICERS:
        assert name in text
        assert cert in text
    assert "执法证号" in text


def test_inspection_record_fields(rendered) -> None:  # type: ignore[no-untyped-def]
    data, pdf = rendered[DocumentKind.INSPECTION_RECORD]
    text = pdf.flat_text(1, pdf.pages - 1)  # the record, without the photo appendix on the last page
    opening = (
        f"我们是{AUTHORITY}行政执法人员王建国、李晓梅，证件号码为43030219001、43030219017，"
        "这是我们的证件（出示证件）。现依法对你单位进行现场检查，请予以配合。"
    )
    assert opening in text
    assert "检查场所" + flat(data.place) in text
    assert "检查时间2026年11月20日9时30分至11时45分" in text  # UTC 01:30–03:45 shown in Beijing time
    assert "法定代表人（负责人）赵志强" in text
    assert "联系电话0731-57812345" in text
    assert "检查情况" in text and "企业能提供安全生产管理制度和操作规程。" in text
    assert "【重大事故隐患】" in text
    assert "被检查单位现场负责人（签名）" in text
    assert "2026年11月20日" in text
    assert "（印章）" not in text  # the record is signed, not sealed
    assert "一式两份" not in text


def test_onsite_decision_fields(rendered) -> None:  # type: ignore[no-untyped-def]
    data, pdf = rendered[DocumentKind.ONSITE_DECISION]
    text = pdf.flat_text()
    assert f"{ENTERPRISE}：" in text
    assert "本机关于2026年11月20日现场检查时，发现你单位有下列违法违规行为和事故隐患：" in text
    assert f"依据{data.decision_basis}的规定，现作出如下现场处理决定：" in text
    for decision in data.decisions:
        assert flat(decision) in text
    assert f"{AUTHORITY}（印章）" in text
    assert "本文书一式两份：一份由应急管理部门备案，一份交被检查单位。" in text


def test_rectification_order_fields(rendered) -> None:  # type: ignore[no-untyped-def]
    _data, pdf = rendered[DocumentKind.RECTIFICATION_ORDER]
    text = pdf.flat_text()
    assert "经查，你单位存在下列问题：" in text
    assert (
        "现责令你单位对上述第1、2、3项问题于2026年12月5日前整改完毕，达到有关法律法规规章和标准规定的要求。"
        "由此造成事故的，依法追究有关人员的责任。"
    ) in text
    assert "整改期间，你单位应当采取措施，确保安全生产。对安全生产违法行为，将依法予以行政处罚。" in text
    for finding in FINDINGS:
        assert flat(finding.basis) in text
        assert flat(finding.measure) in text
    assert "整改期限" not in text  # one deadline for all: no per-item deadlines
    assert f"{AUTHORITY}（印章）" in text
    assert "一式两份" in text


def test_review_opinion_fields(rendered) -> None:  # type: ignore[no-untyped-def]
    _data, pdf = rendered[DocumentKind.REVIEW_OPINION]
    text = pdf.flat_text()
    assert (
        "本机关于2026年11月20日作出了责令限期整改指令书的决定[（湘中）应急责改〔2026〕12号]，"
        "经对你单位整改情况进行复查，提出如下意见："
    ) in text
    assert text.count("复查结果：已整改合格") == 2
    assert text.count("复查结果：未整改或整改不合格") == 1
    assert "说明：仍有1名操作人员未完成培训" in text
    assert "被复查单位负责人（签名）" in text
    assert "2026年12月8日" in text
    assert "一份交被复查单位" in text


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.value)
def test_remedy_clause_only_on_order_and_decision(rendered, kind: DocumentKind) -> None:  # type: ignore[no-untyped-def]
    _data, pdf = rendered[kind]
    text = pdf.flat_text()
    act = {
        DocumentKind.RECTIFICATION_ORDER: "指令",
        DocumentKind.ONSITE_DECISION: "决定",
        DocumentKind.SE_DIRECTIVE: "指令",
    }.get(kind)
    if kind in WITH_REMEDY:
        clause = (
            f"如果不服本{act}，可以依法在60日内向{GOVERNMENT}申请行政复议，或者在6个月内依法向{COURT}"
            f"提起行政诉讼，但本{act}不停止执行，法律另有规定的除外。"
        )
        assert clause in text
    else:
        assert "60日内" not in text
        assert "6个月内" not in text
        assert "行政复议" not in text
    assert "上一级" not in text  # 行政复议法 (2024): the 人民政府 only


def test_every_font_is_embedded_and_none_is_type3(rendered) -> None:  # type: ignore[no-untyped-def]
    for _data, pdf in rendered.values():
        fonts = pdf.fonts()
        assert fonts
        for font in fonts:
            assert font["emb"] == "yes", font
            assert "Type 3" not in font["type"], font
            assert font["type"] in ("TrueType", "CID TrueType"), font
            assert "UMing" in font["name"], font  # no stray Helvetica from a table or the page preamble
            assert font["uni"] == "yes", font  # ToUnicode map: the text copies and searches


def test_pages_are_a4(rendered) -> None:  # type: ignore[no-untyped-def]
    for _data, pdf in rendered.values():
        size = pdf.info()["Page size"]
        w, h = (float(v) for v in re.findall(r"[\d.]+", size)[:2])
        assert w == pytest.approx(595.28, abs=0.01)
        assert h == pytest.approx(841.89, abs=0.01)


def test_metadata(rendered) -> None:  # type: ignore[no-untyped-def]
    for kind, (data, pdf) in rendered.items():
        info = pdf.info()
        assert info["Title"] == f"{kind.label} {data.number}"
        assert info["Subject"] == data.content_hash()
        assert info["Keywords"] == data.number
        assert info["Author"] == AUTHORITY
        assert info["Creator"] == "inspector-app"
        raw_dates = run_tool("pdfinfo", "-rawdates", str(pdf.path))
        assert f"D:{data.issued_on:%Y%m%d}000000+08'00'" in raw_dates  # the issue date, not the wall clock


# ---- pages --------------------------------------------------------------------------------------------------


def test_thirty_findings_make_continuation_pages_with_page_numbers(pdf_of: MakePdf) -> None:
    many = tuple(
        Finding(
            text=f"第{n}号问题：配电箱未设置漏电保护装置且箱门未上锁",
            basis="《中华人民共和国安全生产法》第三十六条",
            measure="立即整改",
        )
        for n in range(1, 31)
    )
    data = make_document(DocumentKind.RECTIFICATION_ORDER, findings=many)
    pdf = pdf_of(render_pdf(data))
    pages = pdf.pages
    assert pages >= 3
    for n in range(1, pages + 1):
        text = pdf.page_text(n)
        assert re.search(rf"第\s*{n}\s*页\s*共\s*{pages}\s*页", text), (n, text[-200:])
        assert data.number in text
        assert ("（续页）" in text) == (n > 1)
    body = pdf.flat_text()
    for finding in many:
        assert finding.text in body


def test_photo_appendix(rendered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data, pdf = rendered[DocumentKind.RECTIFICATION_ORDER]
    last = flat(pdf.page_text(pdf.pages))
    assert "证据照片附页" in last
    for n, photo in enumerate(data.photos, 1):
        assert f"照片{n}：{photo.caption}" in last
        assert f"对应问题：第{photo.finding_no}项" in last
    raw = pdf.page_text(pdf.pages)
    assert "拍摄时间：2026-11-20 09:31（北京时间）" in raw  # 01:31 UTC
    assert "拍摄时间：2026-11-20 09:32（北京时间）" in raw
    assert "GPS：27.857413, 112.912345" in raw
    assert "拍摄人：王建国" in last
    assert "拍摄地点：二号甲类仓库" in last
    assert "添加人" not in last and "root" not in last  # the OS login is not who took the photo
    # The JPEGs are embedded untouched: pdfimages -j gets back exactly the bytes that went in.
    images = pdf.images()
    assert [i["enc"] for i in images] == ["jpeg", "jpeg"]
    run_tool("pdfimages", "-j", str(pdf.path), str(tmp_path / "img"))
    extracted = sorted(p.read_bytes() for p in tmp_path.glob("img-*.jpg"))
    assert extracted == sorted(p.jpeg for p in data.photos)


def test_no_photos_no_appendix(pdf_of: MakePdf) -> None:
    pdf = pdf_of(render_pdf(make_document(DocumentKind.RECTIFICATION_ORDER)))
    assert "证据照片附页" not in pdf.text()
    assert pdf.images() == []


# ---- signatures ---------------------------------------------------------------------------------------------


def _content_streams(path: Path) -> str:
    """The page content streams of a ReportLab PDF, inflated (for counting drawing operators)."""
    raw = path.read_bytes()
    out = []
    for match in re.finditer(rb"<<([^>]*?/Filter\s*\[?\s*/FlateDecode[^>]*)>>\s*stream\r?\n", raw):
        if b"/Subtype /Image" in match.group(1) or b"/Length1" in match.group(1):
            continue
        start = match.end()
        length = int(re.search(rb"/Length (\d+)", match.group(1)).group(1))  # type: ignore[union-attr]
        out.append(zlib.decompress(raw[start : start + length]).decode("latin-1"))
    return "\n".join(out)


def _box_count(path: Path) -> int:
    from reportlab.lib.rl_accel import fp_str

    size = fp_str(layout.SIGN_BOX_WIDTH, layout.SIGN_BOX_HEIGHT)
    return len(re.findall(rf"0 0 {re.escape(size)} re S", _content_streams(path)))


def test_blank_signature_boxes_are_drawn_for_a_pen(pdf_of: MakePdf) -> None:
    for kind in ALL_KINDS:
        pdf = pdf_of(render_pdf(make_document(kind)))
        assert _box_count(pdf.path) == 3, kind  # two officers and the enterprise's responsible person
        assert pdf.images() == []


def test_captured_signatures_are_placed_in_their_boxes(pdf_of: MakePdf) -> None:
    officers = tuple(Officer(name, cert, signature_png(seed=i)) for i, (name, cert) in enumerate(OFFICERS))
    for kind in ALL_KINDS:
        blank = pdf_of(render_pdf(make_document(kind)))
        signed = pdf_of(
            render_pdf(make_document(kind, officers=officers, enterprise_signature_png=signature_png(seed=9)))
        )
        assert _box_count(signed.path) == 3
        pictures = [i for i in signed.images() if i["type"] == "image"]
        assert len(pictures) == 3 > len(blank.images())
        assert {i["page"] for i in pictures} == {str(signed.pages)}  # on the page that carries the signature block


def test_one_signature_missing_leaves_its_box_empty(pdf_of: MakePdf) -> None:
    officers = (Officer(OFFICERS[0][0], OFFICERS[0][1], signature_png()), Officer(*OFFICERS[1]))
    pdf = pdf_of(render_pdf(make_document(DocumentKind.RECTIFICATION_ORDER, officers=officers)))
    assert _box_count(pdf.path) == 3
    assert len([i for i in pdf.images() if i["type"] == "image"]) == 1


# ---- determinism and verification ---------------------------------------------------------------------------


def test_same_data_same_bytes() -> None:
    photos = (make_photo(1), make_photo(2))
    first = render_pdf(make_document(DocumentKind.RECTIFICATION_ORDER, photos=photos))
    again = render_pdf(make_document(DocumentKind.RECTIFICATION_ORDER, photos=photos))
    assert first == again
    other = render_pdf(make_document(DocumentKind.RECTIFICATION_ORDER, photos=photos, place="中控室"))
    assert other != first


def test_source_date_epoch_does_not_change_the_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = render_pdf(make_document())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert render_pdf(make_document()) == plain
    assert os.environ["SOURCE_DATE_EPOCH"] == "1234567890"  # put back after the build


_SUBPROCESS = """
import hashlib, sys
sys.path.insert(0, {root!r})
from tests.documents.conftest import make_document, make_photo, signature_png
from inspector_app.documents.data import Officer
from inspector_app.documents.render import render_pdf
officers = (Officer("王建国", "43030219001", signature_png()), Officer("李晓梅", "43030219017"))
data = make_document("rectification_order", photos=(make_photo(1),), officers=officers)
print(hashlib.sha256(render_pdf(data)).hexdigest())
"""


def test_same_bytes_across_processes_and_hash_seeds() -> None:
    """No wall clock, random ID or set order leaks in: a fresh interpreter with another hash seed agrees."""
    root = str(Path(__file__).resolve().parents[2])
    code = _SUBPROCESS.format(root=root)
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    officers = (Officer("王建国", "43030219001", signature_png()), Officer("李晓梅", "43030219017"))
    here = render_pdf(make_document("rectification_order", photos=(make_photo(1),), officers=officers))
    digests.add(hashlib.sha256(here).hexdigest())
    assert len(digests) == 1


def _qr_modules_on_page(pdf: Pdf, tmp_path: Path, count: int, dpi: int = 600) -> list[list[bool]]:
    """Read the QR symbol's modules off page 1 rendered at `dpi`."""
    from PIL import Image

    scale = dpi / 72
    left = (layout.QR_RIGHT - layout.QR_SIZE) * scale
    top = (layout.PAGE_HEIGHT - layout.QR_TOP) * scale
    size = layout.QR_SIZE * scale
    x, y, w = int(left), int(top), int(size) + 2
    out = tmp_path / "qr"
    run_tool("pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-gray", "-png", "-singlefile",
             "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(w), str(pdf.path), str(out))  # fmt: skip
    img = Image.open(f"{out}.png").convert("L")
    module = size / count
    return [
        [
            img.getpixel((int(left - x + (c + 0.5) * module), int(top - y + (r + 0.5) * module))) < 128
            for c in range(count)
        ]
        for r in range(count)
    ]


def test_qr_code_carries_number_and_content_hash(rendered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reportlab.graphics.barcode import qrencoder

    data, pdf = rendered[DocumentKind.RECTIFICATION_ORDER]
    payload = f"INSPDOC|{data.number}|{data.content_hash()}"
    assert pdf.info()["Subject"] == data.content_hash()
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, layout.QR_LEVEL))
    qr.addData(payload)
    qr.make()
    expected = [[bool(v) for v in row] for row in qr.modules]
    assert _qr_modules_on_page(pdf, tmp_path, qr.getModuleCount()) == expected
    zbarimg = shutil.which("zbarimg")
    if zbarimg:  # an independent decoder, when installed (apt-get install zbar-tools)
        png = tmp_path / "page1"
        run_tool("pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf.path), str(png))
        decoded = subprocess.run([zbarimg, "-q", "--raw", f"{png}.png"], capture_output=True, timeout=60)
        assert decoded.stdout.decode("utf-8").strip() == payload
    # Only page 1 carries the code.
    assert "扫码核验" in pdf.page_text(1) and "扫码核验" not in pdf.page_text(2)


# ---- wording and rules --------------------------------------------------------------------------------------


def test_wording_titles_match_the_document_kinds() -> None:
    words = layout.Words()
    for kind in ALL_KINDS:
        assert words(f"{kind.value}.title") == kind.label
    for kind in WITH_REMEDY:
        clause = words(f"{kind.value}.remedy", remedy_government="甲", remedy_court="乙")
        assert "60日" in clause and "6个月" in clause and "上一级" not in clause and "或者上" not in clause
    assert set(KINDS) == set(ALL_KINDS)


def test_wording_overrides_are_used(pdf_of: MakePdf) -> None:
    data = make_document(
        DocumentKind.RECTIFICATION_ORDER,
        wording={"rectification_order.during": "整改期间，你单位应当落实临时管控措施。", "common.qr_caption": "核验"},
    )
    text = pdf_of(render_pdf(data)).flat_text()
    assert "整改期间，你单位应当落实临时管控措施。" in text
    assert "将依法予以行政处罚" not in text
    assert "核验" in text and "扫码核验" not in text


def test_unknown_wording_key_or_placeholder_is_refused() -> None:
    with pytest.raises(ValidationError, match="rectification_order.nonsense"):
        render_pdf(make_document(wording={"rectification_order.nonsense": "x"}))
    with pytest.raises(ValidationError, match="占位符"):
        render_pdf(make_document(wording={"rectification_order.during": "于{when}前"}))


def test_markup_in_data_is_printed_literally(pdf_of: MakePdf) -> None:
    odd = Finding(text="压力表<量程>不符 & 未校验", basis="GB 50016<2014>")
    text = pdf_of(render_pdf(make_document(findings=(odd,)))).flat_text()
    assert "压力表<量程>不符&未校验" in text


def test_different_deadlines_are_stated_per_item(pdf_of: MakePdf) -> None:
    findings = (
        replace(FINDINGS[0], deadline=date(2026, 11, 25)),
        replace(FINDINGS[1], deadline=date(2026, 12, 20)),
        replace(FINDINGS[2], deadline=date(2026, 11, 25)),
    )
    data = make_document(DocumentKind.RECTIFICATION_ORDER, findings=findings, deadline=None)
    text = pdf_of(render_pdf(data)).flat_text()
    assert "现责令你单位对上述第1、3项问题于2026年11月25日前，第2项问题于2026年12月20日前整改完毕" in text
    assert text.count("整改期限：2026年11月25日前") == 2
    assert "整改期限：2026年12月20日前" in text


def test_deadline_sentence_falls_back_to_the_document_deadline() -> None:
    words = layout.Words()
    sentence = deadline_sentence(words, [date(2026, 12, 5)] * 2)
    assert sentence.startswith("现责令你单位对上述第1、2项问题于2026年12月5日前整改完毕")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"officers": (Officer("王建国", "43030219001"),)}, "两名以上执法人员"),
        ({"officers": (Officer("王建国", "43030219001"), Officer("李晓梅", ""))}, "执法证号"),
        ({"remedy_court": ""}, "管辖法院"),
        ({"remedy_government": " "}, "人民政府"),
        ({"deadline": None}, "整改期限"),
        ({"findings": ()}, "没有列出问题"),
        ({"kind": "penalty_decision"}, "未知的文书种类"),
    ],
)
def test_incomplete_documents_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        render_pdf(replace(make_document(DocumentKind.RECTIFICATION_ORDER), **changes))  # type: ignore[arg-type]


def test_review_opinion_needs_the_prior_decision() -> None:
    with pytest.raises(ValidationError, match="原决定"):
        render_pdf(make_document(DocumentKind.REVIEW_OPINION, prior=None))


def test_inspection_record_needs_no_remedy_bodies(pdf_of: MakePdf) -> None:
    data = make_document(DocumentKind.INSPECTION_RECORD, remedy_court="", remedy_government="", findings=())
    text = pdf_of(render_pdf(data)).flat_text()
    assert "本次检查未发现问题。" in text


def test_correction_notice(pdf_of: MakePdf) -> None:
    data = make_document(supersedes_number="（湘中）应急责改〔2026〕11号", correction_reason="整改期限填写错误")
    text = pdf_of(render_pdf(data)).flat_text(1, 1)
    assert "本文书更正并替代原文书（湘中）应急责改〔2026〕11号，原文书作废。更正原因：整改期限填写错误" in text


def test_missing_font_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="文书字体文件缺失"):
        load_font(tmp_path / "uming.ttc")
    (tmp_path / "broken.ttc").write_bytes(b"not a font")
    with pytest.raises(RuntimeError, match="无法读取"):
        load_font(tmp_path / "broken.ttc")


# ---- photos for print ---------------------------------------------------------------------------------------


def _jpeg(size: tuple[int, int], orientation: int | None = None) -> bytes:
    from PIL import Image

    img = Image.new("RGB", size, (180, 40, 40))
    img.paste((20, 20, 200), (0, 0, size[0] // 2, size[1]))  # left half blue: shows which way it is turned
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    exif[0x8825] = {2: (27.0, 51.0, 26.0)}  # a GPS block that must not survive
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=92, exif=exif)
    return buf.getvalue()


def test_downscale_for_print_shrinks_a_camera_jpeg() -> None:
    from PIL import Image

    out = downscale_for_print(_jpeg((4000, 3000)))
    img = Image.open(io.BytesIO(out))
    assert img.format == "JPEG"
    assert img.size == (1600, 1200)
    assert not img.getexif()  # no EXIF (GPS, camera) in the printed copy


def test_downscale_for_print_applies_the_exif_orientation() -> None:
    from PIL import Image

    out = downscale_for_print(_jpeg((4000, 3000), orientation=6))  # stored landscape, shown portrait
    img = Image.open(io.BytesIO(out))
    assert img.size == (1200, 1600)
    top = img.convert("RGB").getpixel((600, 100))
    assert top[2] > top[0]  # the blue (left) half is now on top


def test_downscale_for_print_png_and_small_images() -> None:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGBA", (2400, 600), (0, 0, 0, 0)).save(png, format="PNG")
    out = Image.open(io.BytesIO(downscale_for_print(png.getvalue(), long_side=1200)))
    assert (out.format, out.mode, out.size) == ("JPEG", "RGB", (1200, 300))
    assert out.getpixel((10, 10)) == (255, 255, 255)  # transparency onto white paper
    small = Image.open(io.BytesIO(downscale_for_print(_jpeg((640, 480)))))
    assert small.size == (640, 480)  # never enlarged
