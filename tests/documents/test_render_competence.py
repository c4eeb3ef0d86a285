"""The 事故隐患移送书 and the 特种设备安全监察指令书 as a reader sees them (pdftotext), from plain DocumentData."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from inspector_app.documents.data import DocumentData, Finding, Refusal
from inspector_app.documents.render import render_pdf
from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import ValidationError
from tests.documents.conftest import COURT, GOVERNMENT, NUMBERS, REFERRAL_AUTHORITY, Pdf, make_document, make_photo

MakePdf = Callable[[bytes], Pdf]
MARKET = "湘中县市场监督管理局"
SE_FINDINGS = (
    Finding(
        text="1号燃气锅炉定期检验有效期已于2026年9月届满，未申报定期检验仍在使用",
        violates="《中华人民共和国特种设备安全法》第四十条第一款、第三款",
        basis="《中华人民共和国特种设备安全法》第八十三条第（四）项",
        measure="立即停止使用，向特种设备检验机构申报定期检验，检验合格后方可使用",
        major=True,
        location="锅炉房1号燃气锅炉",
        deadline=date(2026, 11, 27),
    ),
    Finding(
        text="2号桥式起重机司机未取得特种设备作业人员证即上岗作业",
        violates="《中华人民共和国特种设备安全法》第十四条",
        basis="《中华人民共和国特种设备安全法》第八十六条第（二）项",
        measure="立即停止无证人员作业，安排取得相应资格的人员操作",
        location="成品车间2号桥式起重机",
        deadline=date(2026, 12, 5),
    ),
)


def referral(**changes: object) -> DocumentData:
    return replace(make_document(DocumentKind.REFERRAL, findings=SE_FINDINGS), **changes)  # type: ignore[arg-type]


def directive(**changes: object) -> DocumentData:
    data = make_document(DocumentKind.SE_DIRECTIVE, findings=SE_FINDINGS, header="", authority=MARKET, deadline=None)
    return replace(data, **changes)


def test_referral_is_addressed_to_the_market_authority_and_cites_article_69(pdf_of: MakePdf) -> None:
    pdf = pdf_of(render_pdf(referral(photos=(make_photo(1), make_photo(2, finding_no=2)))))
    text = pdf.flat_text()
    first = pdf.flat_text(1, 1)
    assert first.index("事故隐患移送书") < first.index(NUMBERS[DocumentKind.REFERRAL]) < first.index(REFERRAL_AUTHORITY)
    assert f"{REFERRAL_AUTHORITY}：" in first
    assert "《中华人民共和国安全生产法》第二条、第六十九条" in text
    assert "《中华人民共和国特种设备安全法》第五条" in text
    assert "移送你单位依法处理" in text
    assert "湘中县宏达精细化工有限公司" in text and "91430321MA4L2B3C4D" in text
    for n, finding in enumerate(SE_FINDINGS, 1):
        assert f"{n}．{finding.text}" in text
        assert f"部位（设备）：{finding.location}" in text
        assert f"违反：{finding.violates}" in text
        assert f"依据：{finding.basis}" in text
    assert "【重大事故隐患】" in text
    assert f"附件：1．{NUMBERS[DocumentKind.INSPECTION_RECORD]}现场检查记录；2．证据照片2张（见附页）" in text
    assert "接收单位签收人（签名）" in text and "移送机关执法人员（签名）" in text
    assert "湘中县应急管理局（印章）" in text and "一份送接收单位" in text
    # It orders nothing: no measures, deadlines or appeal clause.
    for absent in ("整改措施", "整改期限", "行政复议", GOVERNMENT, COURT):
        assert absent not in text


def test_referral_without_photos_or_record_lists_no_attachment(pdf_of: MakePdf) -> None:
    text = pdf_of(render_pdf(referral(prior=None))).flat_text()
    assert "附件" not in text and "证据照片附页" not in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"recipient": " "}, "接收移送的部门"), ({"findings": ()}, "没有列出事故隐患")],
)
def test_incomplete_referral_is_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        render_pdf(referral(**changes))


def test_directive_fields(pdf_of: MakePdf) -> None:
    pdf = pdf_of(render_pdf(directive(photos=(make_photo(1),))))
    text = pdf.flat_text()
    first = pdf.flat_text(1, 1)
    header = f"{MARKET}特种设备安全监督检查文书"
    assert first.index(header) < first.index("特种设备安全监察指令书") < first.index(NUMBERS[DocumentKind.SE_DIRECTIVE])
    assert "使用单位湘中县宏达精细化工有限公司" in text
    assert "检查时间2026年11月20日9时30分至11时45分" in text
    for n, finding in enumerate(SE_FINDINGS, 1):
        assert f"{n}．{finding.text}" in text
        assert f"违反的规定：{finding.violates}" in text
        assert f"整改要求：{finding.measure}" in text
        assert f"部位（设备）：{finding.location}" in text
    assert "【严重事故隐患】" in text and "【重大事故隐患】" not in text
    assert "整改期限：2026年11月27日前" in text and "整改期限：2026年12月5日前" in text
    assert (
        "依据《特种设备安全监督检查办法》第二十三条第一款的规定，现责令你单位对上述第1项问题于2026年11月27日前，"
        "第2项问题于2026年12月5日前采取措施予以改正或者消除事故隐患。"
    ) in text
    assert "上述第1项属于特种设备严重事故隐患" in text and "立即停止违法行为、采取措施消除事故隐患" in text
    assert "提交整改报告" in text and "十个工作日内" in text and "第三十六条" in text
    assert "第二十七条第二款" in text
    assert f"如果不服本指令，可以依法在60日内向{GOVERNMENT}申请行政复议，或者在6个月内依法向{COURT}提起行政诉讼" in text
    assert "特种设备安全监察人员（签名）" in text and "被检查单位负责人（签收）" in text
    assert f"{MARKET}（印章）" in text and "一份由市场监督管理部门存档" in text
    assert "应急" not in text and "安全生产行政执法文书" not in text


def test_directive_one_deadline_and_no_serious_hazard(pdf_of: MakePdf) -> None:
    findings = tuple(replace(f, major=False, deadline=None) for f in SE_FINDINGS)
    text = pdf_of(render_pdf(directive(findings=findings, deadline=date(2026, 12, 1)))).flat_text()
    assert "现责令你单位对上述第1、2项问题于2026年12月1日前采取措施" in text
    assert "整改期限：" not in text  # one deadline for all: said once, not per item
    assert "严重事故隐患" not in text


def test_directive_prints_a_refusal_to_sign(pdf_of: MakePdf) -> None:
    refusal = Refusal(
        "赵志强", "总经理", datetime(2026, 11, 20, 3, 50, tzinfo=UTC), witness="村委会主任刘洋", recording="执法记录仪"
    )
    text = pdf_of(render_pdf(directive(refusal=refusal))).flat_text()
    assert (
        "被检查单位负责人赵志强（总经理）于2026年11月20日11时50分拒绝签收本指令书，检查人员已在本文书上注明情况，"
        "并以执法记录仪记录，见证人：村委会主任刘洋（《特种设备安全监督检查办法》第二十七条）。"
    ) in text


def test_directive_needs_a_deadline_for_every_item() -> None:
    findings = (replace(SE_FINDINGS[0], deadline=None), SE_FINDINGS[1])
    with pytest.raises(ValidationError, match="第1项问题没有整改期限"):
        render_pdf(directive(findings=findings))
