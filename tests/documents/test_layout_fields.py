"""How the fields of a finding, the party and the closing print; the photo appendix (拍摄人, place, 整改前/后)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from inspector_app.documents.data import Finding, Refusal
from inspector_app.documents.render import render_pdf
from inspector_app.domain.enums import DocumentKind
from tests.documents.conftest import FINDINGS, Pdf, make_document, make_photo, run_tool
from tests.documents.test_render import _box_count

MakePdf = Callable[[bytes], Pdf]
FINDING = Finding(
    text="二号甲类仓库内可燃气体检测报警仪未定期检定",
    violates="《中华人民共和国安全生产法》第三十六条第一款",
    basis="《中华人民共和国安全生产法》第一百零二条",
    measure="立即维修或更换报警仪",
    location="二号甲类仓库东侧",
    major=True,
)
REFUSAL = Refusal(
    name="赵志强",
    title="总经理",
    at=datetime(2026, 11, 20, 3, 50, tzinfo=UTC),  # 11:50 Beijing time
    witness="湘中县化工园区管委会工作人员刘洋",
    recording="执法记录仪DSJ-0012第20261120-03号",
)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_finding_prints_location_violation_and_basis_in_order(pdf_of: MakePdf) -> None:
    data = make_document(DocumentKind.RECTIFICATION_ORDER, findings=(FINDING, *FINDINGS[1:]))
    text = pdf_of(render_pdf(data)).flat_text()
    parts = [
        FINDING.text + "【重大事故隐患】",
        "部位（设备）：二号甲类仓库东侧",
        "违反：《中华人民共和国安全生产法》第三十六条第一款",
        "依据：《中华人民共和国安全生产法》第一百零二条",
        "整改措施：立即维修或更换报警仪",
    ]
    positions = [text.index(p) for p in parts]
    assert positions == sorted(positions)
    assert text.count("违反：") == 1  # the sample findings without 违反 print no empty line
    assert text.count("部位（设备）") == 1


def test_review_opinion_prints_location_but_not_the_legal_basis(pdf_of: MakePdf) -> None:
    findings = (replace(FINDING, review="passed"), *make_document(DocumentKind.REVIEW_OPINION).findings[1:])
    text = pdf_of(render_pdf(make_document(DocumentKind.REVIEW_OPINION, findings=findings))).flat_text()
    assert "部位（设备）：二号甲类仓库东侧" in text
    assert "违反：" not in text and "依据：" not in text


def test_party_prints_the_title_of_its_representative(pdf_of: MakePdf) -> None:
    data = make_document(DocumentKind.INSPECTION_RECORD)
    plain = pdf_of(render_pdf(data)).flat_text()
    assert "职务" not in plain  # no empty blank for a title nobody gave
    titled = replace(data, party=replace(data.party, representative_title="总经理"))
    text = pdf_of(render_pdf(titled)).flat_text()
    assert "法定代表人（负责人）赵志强职务总经理联系电话" in text


def test_enterprise_signer_prints_with_title(pdf_of: MakePdf) -> None:
    data = make_document(DocumentKind.RECTIFICATION_ORDER, enterprise_signer_title="安全总监")
    pdf = pdf_of(render_pdf(data))
    assert "被检查单位负责人（签名）：赵志强职务：安全总监" in flat(pdf.text(raw=True))
    assert _box_count(pdf.path) == 3


def test_refusal_to_sign_is_printed_instead_of_the_signature(pdf_of: MakePdf) -> None:
    for kind in DocumentKind:
        data = make_document(kind, refusal=REFUSAL, enterprise_signer="赵志强")
        pdf = pdf_of(render_pdf(data))
        text = flat(pdf.text(raw=True))
        statement = (
            "被检查单位负责人赵志强（总经理）于2026年11月20日11时50分拒绝签名，见证人：湘中县化工园区管委会工作人员"
            "刘洋；录音录像：执法记录仪DSJ-0012第20261120-03号。依据《中华人民共和国安全生产法》第六十八条，"
            "检查人员已将情况记录在案，并向负有安全生产监督管理职责的部门报告。"
        )
        assert statement in text, kind
        assert _box_count(pdf.path) == 2, kind  # the officers' boxes; none for the enterprise


def test_refusal_without_witness_or_recording_omits_them(pdf_of: MakePdf) -> None:
    refusal = replace(REFUSAL, title="", witness="", recording="")
    text = flat(pdf_of(render_pdf(make_document(DocumentKind.INSPECTION_RECORD, refusal=refusal))).text(raw=True))
    assert "被检查单位负责人赵志强于2026年11月20日11时50分拒绝签名。依据《中华人民共和国安全生产法》第六十八条" in text
    assert "见证人" not in text and "录音录像" not in text and "（）" not in text


# ---- photo appendix -----------------------------------------------------------------------------------------


def _captions(pdf: Pdf) -> dict[str, tuple[int, float, float]]:
    """(page, x, y) of the lines starting "照片n" / "无整改…" / "整改前/后" / "第n项问题"."""
    xml = run_tool("pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf.path), "-")
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    out = {}
    for n, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), 1):
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            text = "".join(w.text or "" for w in line)
            match = re.match(r"(照片\d+|无整改前照片|无整改后照片|整改前|整改后|第\d项问题)", text)
            if match and match.group(1) not in out:
                out[match.group(1)] = (n, float(line.get("xMin", "0")), float(line.get("yMin", "0")))
    return out


def test_review_opinion_shows_before_and_after_side_by_side(pdf_of: MakePdf, tmp_path: Path) -> None:
    photos = (
        replace(make_photo(1, finding_no=1), stage="before"),
        replace(make_photo(2, finding_no=1), stage="after", caption="复查照片：新报警仪"),
        replace(make_photo(3, finding_no=2), stage="before"),
        replace(make_photo(4, finding_no=3), stage="after"),
        make_photo(5, finding_no=None),
    )
    data = make_document(DocumentKind.REVIEW_OPINION, photos=photos)
    pdf = pdf_of(render_pdf(data))
    text = pdf.flat_text()
    for n in (1, 2, 3):
        assert f"第{n}项问题：{flat(data.findings[n - 1].text)}" in text
    assert "其他照片" in text
    at = _captions(pdf)
    # Finding 1: before (photo 1) on the left, after (photo 2) on the right of the same row, under their heads.
    assert at["照片1"][0] == at["照片2"][0] == at["第1项问题"][0]
    assert at["照片1"][1] < at["照片2"][1] and abs(at["照片1"][2] - at["照片2"][2]) < 1
    assert at["整改前"][1] < at["整改后"][1]
    assert abs(at["照片1"][1] - at["整改前"][1]) < 1 and abs(at["照片2"][1] - at["整改后"][1]) < 1
    # Finding 2 has no after photo, finding 3 no before photo: the empty side says so, on its own side.
    assert at["照片3"][1] < at["无整改后照片"][1] and at["照片3"][0] == at["无整改后照片"][0]
    assert at["无整改前照片"][1] < at["照片4"][1] and at["无整改前照片"][0] == at["照片4"][0]
    assert "复查照片：新报警仪" in text
    # Still the JPEG bytes that went in, untouched.
    run_tool("pdfimages", "-j", str(pdf.path), str(tmp_path / "img"))
    assert sorted(p.read_bytes() for p in tmp_path.glob("img-*.jpg")) == sorted(p.jpeg for p in photos)
    assert render_pdf(data) == pdf.path.read_bytes()  # deterministic


def test_staged_photos_of_other_documents_are_laid_out_in_order(pdf_of: MakePdf) -> None:
    photos = (replace(make_photo(1), stage="before"), replace(make_photo(2), stage="after"))
    pdf = pdf_of(render_pdf(make_document(DocumentKind.RECTIFICATION_ORDER, photos=photos)))
    text = flat(pdf.page_text(pdf.pages))
    assert "整改前" not in text and "第1项问题：" not in text
    assert text.index("照片1：") < text.index("照片2：")


def test_photo_lines_name_who_when_and_where(pdf_of: MakePdf) -> None:
    photos = (
        replace(make_photo(1), taken_by="", place="", gps=None, taken_at=None),
        replace(make_photo(2), place=""),
    )
    pdf = pdf_of(render_pdf(make_document(DocumentKind.RECTIFICATION_ORDER, photos=photos)))
    text = flat(pdf.page_text(pdf.pages))
    for line in (
        "拍摄人：未记录",
        "拍摄时间：未记录",
        "拍摄地点：未记录",
        "拍摄人：王建国",
        "GPS：27.857414,112.912345",
    ):
        assert line in text
    assert text.count("拍摄地点") == 1  # the second photo has its GPS, not an empty place line
    assert "root" not in text and "添加人" not in text
