"""Competence: 特种设备 under an 应急 authority is referred to 市场监管, never ordered; a 市场监管 authority orders it
with the 特种设备安全监察指令书; other sectors under 应急 are unaffected."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from inspector_app.domain.enums import AuthorityLine, DocumentKind, Outcome
from inspector_app.domain.errors import StateError, ValidationError
from inspector_app.services import document_competence, documents, hazards, inspections, numbers, photos
from inspector_app.services.context import App
from inspector_app.services.timeutil import today
from inspector_app.store.models import Document, Hazard, NumberBlock, Setting
from tests.services.helpers import started

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

RECEIVER = "测试县市场监督管理局"
BOILER = "锅炉房1号燃气锅炉定期检验有效期已届满，未申报定期检验仍在使用"
CRANE = "成品车间2号桥式起重机司机未取得特种设备作业人员证即上岗作业"
HAZARDS = (
    # item, description, 部位, 违反, 依据
    (
        "se-g-02",
        BOILER,
        "锅炉房1号燃气锅炉",
        "《中华人民共和国特种设备安全法》第四十条第一款、第三款",
        "《中华人民共和国特种设备安全法》第八十三条第（四）项",
    ),
    (
        "se-g-09",
        CRANE,
        "成品车间2号桥式起重机",
        "《中华人民共和国特种设备安全法》第十四条",
        "《中华人民共和国特种设备安全法》第八十六条第（二）项",
    ),
)


def _flat(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", out.stdout)


def _set(app: App, **values: str) -> None:
    with app.write() as s:
        for key, value in values.items():
            row = s.get(Setting, key) or Setting(key=key)
            row.value = value
            s.add(row)


def _special_equipment_inspection(app: App, make_jpeg, *, closed: int = 0) -> tuple[str, list[Hazard]]:  # type: ignore[no-untyped-def]
    """A completed inspection of a 特种设备 使用单位: two hazards with deadlines (the first 严重), a photo on each;
    `closed` more hazards are closed by a passed 复查 before completion."""
    insp = started(app, sector="special_equipment")
    raised = []
    for item, text, location, violates, basis in HAZARDS:
        inspections.record_result(app, insp, item, Outcome.FAIL)
        hz = hazards.raise_from_item(app, insp, item, description=text, deadline=today() + timedelta(days=7))
        # What the checklist's violation wording gives (the forms slice fills 违反 and 部位 from the item).
        with app.write() as s:
            row = s.get(Hazard, hz.id)
            assert row is not None
            row.violates, row.location, row.legal_basis = violates, location, basis
            s.add(row)
        photos.attach(app, [make_jpeg()], hazard_id=hz.id, caption=f"{location}现场")
        raised.append(hz)
    if closed:
        inspections.record_result(app, insp, "se-g-07", Outcome.FAIL)
        done = hazards.raise_from_item(
            app, insp, "se-g-07", description="已当场整改的隐患：压力表已更换", deadline=today() + timedelta(days=3)
        )
        hazards.review(app, done.id, passed=True, note="当场更换")
    inspections.complete_inspection(app, insp)
    with app.read() as s:
        rows = list(s.exec(select(Hazard).where(Hazard.inspection_id == insp)))
    return insp, rows


def _count(app: App) -> int:
    with app.read() as s:
        return len(s.exec(select(Document)).all())


def test_authority_line_defaults_to_emergency_and_rejects_an_unknown_value(app: App) -> None:
    with app.read() as s:
        assert document_competence.authority_line(s) == AuthorityLine.EMERGENCY
        assert document_competence.referral_authority(s) == ""
    _set(app, authority_line="market", referral_authority=RECEIVER)
    with app.read() as s:
        assert document_competence.authority_line(s) == AuthorityLine.MARKET
        assert document_competence.referral_authority(s) == RECEIVER
    _set(app, authority_line="police")
    with app.read() as s, pytest.raises(ValidationError, match="authority_line.*emergency.*market"):
        document_competence.authority_line(s)


@needs_poppler
def test_special_equipment_under_emergency_is_referred_not_ordered(app: App, make_jpeg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _set(app, referral_authority=RECEIVER)
    insp, _rows = _special_equipment_inspection(app, make_jpeg, closed=1)
    for kind in (DocumentKind.RECTIFICATION_ORDER, DocumentKind.ONSITE_DECISION):
        with pytest.raises(StateError) as refused:
            documents.issue(app, insp, kind)
        message = str(refused.value)
        assert "特种设备安全监督管理属市场监督管理部门职责" in message
        assert kind.label in message and "事故隐患移送书" in message and RECEIVER in message
        assert "\n" not in message
    with pytest.raises(StateError, match="特种设备安全监察指令书由市场监督管理部门签发"):
        documents.issue(app, insp, DocumentKind.SE_DIRECTIVE)
    assert _count(app) == 0
    # The referral attaches the 现场检查记录, so that comes first (and the enterprise gets it as usual).
    with pytest.raises(StateError, match="请先签发现场检查记录"):
        documents.issue(app, insp, DocumentKind.REFERRAL)
    record = documents.issue(app, insp, DocumentKind.INSPECTION_RECORD)
    referral = documents.issue(app, insp, DocumentKind.REFERRAL)
    assert referral.created and re.fullmatch(r"（测）应急移〔\d{4}〕\S*\d+号", referral.document.number)
    text = _flat(referral.pdf, tmp_path)
    assert "事故隐患移送书" in text and f"{RECEIVER}：" in text
    assert "第六十九条" in text and "《中华人民共和国安全生产法》" in text
    assert "测试企业1号有限公司" in text
    for _item, description, location, violates, basis in HAZARDS:
        assert description in text
        assert f"部位（设备）：{location}" in text
        assert f"违反：{violates}" in text and f"依据：{basis}" in text
    assert "已当场整改的隐患" not in text  # closed: no longer anyone's to refer
    assert f"{record.document.number}现场检查记录" in text and "证据照片2张" in text
    assert "证据照片附页" in text and "测试县应急管理局（印章）" in text
    # It orders nothing: no deadline, no appeal clause.
    assert "整改期限" not in text and "行政复议" not in text and "责令" not in text
    assert _count(app) == 2


def test_referral_needs_a_receiving_authority(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    insp, _rows = _special_equipment_inspection(app, make_jpeg)
    documents.issue(app, insp, DocumentKind.INSPECTION_RECORD)
    with pytest.raises(StateError, match="referral_authority"):
        documents.issue(app, insp, DocumentKind.REFERRAL)
    _set(app, referral_authority="某某县市场监督管理局")
    with pytest.raises(StateError, match="现为“某某县市场监督管理局”"):
        documents.issue(app, insp, DocumentKind.REFERRAL)
    assert _count(app) == 1


def test_other_sectors_under_emergency_are_unaffected(app: App) -> None:
    _set(app, referral_authority=RECEIVER)
    insp = started(app, sector="hazardous_chemicals")
    inspections.record_result(app, insp, "hc-02", Outcome.FAIL)
    hazards.raise_from_item(app, insp, "hc-02", deadline=today() + timedelta(days=5))
    inspections.complete_inspection(app, insp)
    assert document_competence.offered_kinds(app, insp) == [
        DocumentKind.INSPECTION_RECORD,
        DocumentKind.ONSITE_DECISION,
        DocumentKind.RECTIFICATION_ORDER,
        DocumentKind.REVIEW_OPINION,
    ]
    order = documents.issue(app, insp, DocumentKind.RECTIFICATION_ORDER)
    assert "应急责改〔" in order.document.number
    with pytest.raises(StateError, match="由本机关依法处理，无需移送"):
        documents.issue(app, insp, DocumentKind.REFERRAL)
    with pytest.raises(StateError, match="由市场监督管理部门签发"):
        documents.issue(app, insp, DocumentKind.SE_DIRECTIVE)


def test_menu_offers_the_referral_instead_of_the_orders(app: App, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    insp, _rows = _special_equipment_inspection(app, make_jpeg)
    assert document_competence.offered_kinds(app, insp) == [DocumentKind.INSPECTION_RECORD, DocumentKind.REFERRAL]
    _set(app, authority_line="market")
    assert document_competence.offered_kinds(app, insp) == [DocumentKind.INSPECTION_RECORD, DocumentKind.SE_DIRECTIVE]


@needs_poppler
def test_market_authority_issues_the_directive(app: App, make_jpeg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _set(
        app,
        authority="测试县市场监督管理局",
        authority_line="market",
        remedy_government="测试县人民政府",
        remedy_court="测试县人民法院",
    )
    insp, _rows = _special_equipment_inspection(app, make_jpeg, closed=1)
    for kind in (
        DocumentKind.RECTIFICATION_ORDER,
        DocumentKind.ONSITE_DECISION,
        DocumentKind.REVIEW_OPINION,
        DocumentKind.REFERRAL,
    ):
        with pytest.raises(StateError, match=f"{kind.label}是应急管理部门的文书.*特种设备安全监察指令书"):
            documents.issue(app, insp, kind)
    directive = documents.issue(app, insp, DocumentKind.SE_DIRECTIVE)
    assert re.fullmatch(r"（测）市监特指〔\d{4}〕\S*\d+号", directive.document.number)
    text = _flat(directive.pdf, tmp_path)
    assert text.index("测试县市场监督管理局特种设备安全监督检查文书") < text.index("特种设备安全监察指令书")
    assert "使用单位测试企业1号有限公司" in text
    for _item, description, location, violates, _basis in HAZARDS:
        assert description in text and f"违反的规定：{violates}" in text and f"部位（设备）：{location}" in text
    assert "已当场整改的隐患" not in text
    deadline = today() + timedelta(days=7)
    assert "《特种设备安全监督检查办法》第二十三条第一款" in text
    assert (
        f"第1、2项问题于{deadline.year}年{deadline.month}月{deadline.day}日前采取措施予以改正或者消除事故隐患" in text
    )
    assert "严重事故隐患" in text and "第二十三条第二款" in text  # se-g-02 is a 严重事故隐患
    assert "第二十七条第二款" in text and "拒绝签收" in text
    assert "提交整改报告" in text and "第三十六条" in text
    assert "向测试县人民政府申请行政复议" in text and "向测试县人民法院提起行政诉讼" in text
    assert "测试县市场监督管理局（印章）" in text and "特种设备安全监察人员（签名）" in text
    assert "应急" not in text


def test_directive_only_for_special_equipment(app: App) -> None:
    _set(app, authority_line="market")
    insp = started(app, sector="hazardous_chemicals")
    inspections.record_result(app, insp, "hc-02", Outcome.FAIL)
    hazards.raise_from_item(app, insp, "hc-02", deadline=today() + timedelta(days=5))
    inspections.complete_inspection(app, insp)
    with pytest.raises(StateError, match="不是特种设备使用单位"):
        documents.issue(app, insp, DocumentKind.SE_DIRECTIVE)
    with pytest.raises(StateError, match="责令限期整改指令书是应急管理部门的文书"):
        documents.issue(app, insp, DocumentKind.RECTIFICATION_ORDER)
    assert _count(app) == 0


def test_directive_needs_an_open_hazard_with_a_deadline(app: App) -> None:
    _set(app, authority_line="market")
    insp = started(app, sector="special_equipment")
    inspections.record_result(app, insp, "se-g-02", Outcome.FAIL)
    hazards.raise_from_item(app, insp, "se-g-02")  # registered, no deadline
    inspections.complete_inspection(app, insp)
    with pytest.raises(StateError, match="没有责令限期改正的特种设备隐患"):
        documents.issue(app, insp, DocumentKind.SE_DIRECTIVE)
    assert _count(app) == 0


def test_new_kinds_are_numbered_per_kind_and_get_bureau_ranges(app: App) -> None:
    statuses = {s.kind for s in numbers.status(app)}
    assert {DocumentKind.REFERRAL, DocumentKind.SE_DIRECTIVE} <= statuses
    block = numbers.add_block(app, "some-device", DocumentKind.REFERRAL, today().year, 1, 50)
    assert block.kind == "referral"
    with pytest.raises(StateError, match="重叠"):
        numbers.add_block(app, "other-device", DocumentKind.REFERRAL, today().year, 40, 60)
    numbers.add_block(app, "other-device", DocumentKind.SE_DIRECTIVE, today().year, 40, 60)  # another kind: free
    with app.read() as s:
        assert len(s.exec(select(NumberBlock)).all()) == 2
