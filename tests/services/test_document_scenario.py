"""One visit as a legal clerk would read its papers: every document kind rendered from a scenario with a hazard
reviewed before the order, a closed hazard, a past deadline, an off-checklist hazard, a refusal to sign, a late
issue (three days after the visit) and a 特种设备 finding under an 应急 authority — the text checked item by item.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from inspector_app.domain.enums import DocumentKind, HazardStatus, Outcome
from inspector_app.domain.errors import StateError
from inspector_app.services import documents, hazards, inspections, registry, signatures
from inspector_app.services.context import App
from inspector_app.services.timeutil import LOCAL_TZ as BEIJING
from inspector_app.services.timeutil import local_date, today
from inspector_app.store.models import Setting
from inspector_app.store.types import utcnow
from tests.services.helpers import REVIEWERS, two_inspectors, valid_code

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", out.stdout)


def day(d: object) -> str:
    assert hasattr(d, "year")
    return f"{d.year}年{d.month}月{d.day}日"  # type: ignore[attr-defined]


@dataclass
class Visit:
    inspection: str
    visit_day: object
    ordered: str  # g-01, ordered at the visit, still open
    past: str  # g-02, its deadline passed before the order was issued
    closed: str  # g-08, closed at a 复查 before the order
    reviewed_early: str  # hc-02 (重大), failed a 复查 before the order, new deadline
    free: str  # off the checklist, basis from the statute list
    major: str  # hc-03 (重大), measures chosen on site


def _visit(app: App) -> Visit:
    ent = registry.create_enterprise(
        app,
        registry.EnterpriseInput(
            credit_code=valid_code(7),
            name="益阳市宏达精细化工有限公司",
            sector="hazardous_chemicals",
            township="龙光桥街道",
            address="益阳市赫山区龙岭工业园纬二路8号",
            legal_representative="赵志强",
            representative_title="总经理",
        ),
    ).id
    start = (utcnow() - timedelta(days=3)).astimezone(BEIJING).replace(hour=9, minute=30, second=0, microsecond=0)
    insp = inspections.start_inspection(
        app, ent, two_inspectors(app), place="二号甲类仓库、装卸作业区", started_at=start
    ).id
    notes = {"g-01": "责任制文件未明确各岗位考核标准", "hc-02": "装卸区叉车司机王某无特种作业操作证"}
    for item in ("g-01", "g-02", "g-08", "hc-02", "hc-03"):
        inspections.record_result(app, insp, item, Outcome.FAIL, note=notes.get(item))
    found = start + timedelta(minutes=40)
    visit_day = local_date(start)
    ordered = hazards.raise_from_item(app, insp, "g-01", deadline=today() + timedelta(days=10), found_at=found)
    past = hazards.raise_from_item(app, insp, "g-02", deadline=visit_day + timedelta(days=1), found_at=found)
    closed = hazards.raise_from_item(app, insp, "g-08", deadline=today() + timedelta(days=5), found_at=found)
    early = hazards.raise_from_item(
        app, insp, "hc-02", deadline=visit_day + timedelta(days=1), found_at=found, location="装卸作业区"
    )
    free = hazards.raise_free(
        app,
        insp,
        "二号仓库东侧安全出口被成品货物堵塞",
        statute="aq-35",
        location="二号仓库东侧安全出口",
        deadline=today() + timedelta(days=3),
        found_at=found + timedelta(minutes=5),
    )
    major = hazards.raise_from_item(app, insp, "hc-03", found_at=found, location="1号液氨储罐区")
    hazards.set_onsite_measures(app, major.id, ["evacuate", "stop_use"])
    signatures.record_refusal(
        app, insp, name="赵志强", title="总经理", at=start + timedelta(hours=2), witness="李明（龙光桥街道安监办）"
    )
    inspections.complete_inspection(app, insp, ended_at=start + timedelta(hours=2, minutes=15))
    # Before any order is issued: one 复查 passes (the hazard is closed), one fails with a new deadline.
    yesterday = utcnow() - timedelta(days=1)
    hazards.review(app, closed.id, True, note="已建立隐患排查治理制度", officers=REVIEWERS, at=yesterday)
    hazards.review(
        app,
        early.id,
        False,
        note="王某仍未取得操作证",
        new_deadline=today() + timedelta(days=7),
        officers=REVIEWERS,
        at=yesterday,
    )
    return Visit(insp, visit_day, ordered.id, past.id, closed.id, early.id, free.id, major.id)


def test_the_papers_of_one_visit(app: App, tmp_path: Path) -> None:
    v = _visit(app)

    record = text_of(documents.issue(app, v.inspection, DocumentKind.INSPECTION_RECORD).pdf, tmp_path)
    assert "益阳市宏达精细化工有限公司" in record and "总经理" in record
    assert "未建立健全并落实全员安全生产责任制（责任制文件未明确各岗位考核标准）" in record  # violation + note
    assert "建立健全并落实全员安全生产责任制（各岗位" not in record  # never the duty as the problem
    assert "二号仓库东侧安全出口被成品货物堵塞" in record and "已复查" not in record
    assert "违反：《中华人民共和国安全生产法》第四十二条第二款" in record
    assert "拒绝签名" in record and "李明（龙光桥街道安监办）" in record and "第六十八条" in record
    assert record.rstrip().count(day(v.visit_day)) >= 1 and day(today()) not in record  # dated the day of the visit
    assert "至11时45分" in record  # the end of 检查时间 as set

    with pytest.raises(StateError, match=r"第2项“未制定并实施安全生产规章制度和操作规程”的整改期限.*不晚于签发日"):
        documents.issue(app, v.inspection, DocumentKind.RECTIFICATION_ORDER)
    hazards.move(app, v.past, HazardStatus.ORDERED, deadline=today() + timedelta(days=14), note="重新确定整改期限")
    order_doc = documents.issue(app, v.inspection, DocumentKind.RECTIFICATION_ORDER)
    order = text_of(order_doc.pdf, tmp_path)
    assert day(today()) in order  # 落款: the day of issue, three days after the visit
    assert "未建立事故隐患排查治理制度" not in order  # closed before the order: not ordered again
    assert "拒绝签名" not in order  # the refusal was of the visit's papers; this one is served later
    for wording in (
        "未建立健全并落实全员安全生产责任制",
        "未制定并实施安全生产规章制度和操作规程",
        "特种作业人员未持证上岗",
        "二号仓库东侧安全出口被成品货物堵塞",
    ):
        assert wording in order
    assert "依据：《中华人民共和国安全生产法》第一百零五条第（二）项" in order  # off-checklist: basis from the list
    assert "整改措施：清理占用物" in order
    assert "罚则" not in order and "《安全生产法》" not in order and "(" not in order
    for deadline in (today() + timedelta(days=10), today() + timedelta(days=14), today() + timedelta(days=7)):
        assert day(deadline) in order
    assert "【重大事故隐患】" in order

    decision = text_of(documents.issue(app, v.inspection, DocumentKind.ONSITE_DECISION).pdf, tmp_path)
    assert "涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准" in decision
    assert "立即从1号液氨储罐区危险区域内撤出作业人员" in decision and "暂时停止使用1号液氨储罐区" in decision
    assert "暂时停产停业" not in decision  # not chosen
    assert "特种作业人员未持证上岗" not in decision  # no measures chosen for it

    hazards.review(app, v.ordered, True, note="责任制已修订并公示", officers=REVIEWERS)
    opinion = text_of(documents.issue(app, v.inspection, DocumentKind.REVIEW_OPINION).pdf, tmp_path)
    assert f"的决定[{order_doc.document.number}]" in opinion
    reviewed_before = day(local_date(utcnow() - timedelta(days=1)))
    assert f"复查结果（{reviewed_before}复查）：未整改或整改不合格" in opinion  # reviewed before the order
    assert f"重新确定的整改期限：{day(today() + timedelta(days=7))}前" in opinion
    assert f"于{day(today() + timedelta(days=7))}前整改完毕" in opinion
    assert f"复查结果（{day(today())}复查）：已整改合格" in opinion
    assert opinion.count("本次未复查") == 2  # the past-deadline item and the off-checklist one
    assert "张三丰" in opinion and "李四光" in opinion
    assert "拒绝签名" not in opinion  # the visit's refusal is not this paper's


def test_special_equipment_under_an_emergency_authority_is_referred(app: App, tmp_path: Path) -> None:
    ent = registry.create_enterprise(
        app,
        registry.EnterpriseInput(
            credit_code=valid_code(8), name="益阳市赫山区恒力起重设备有限公司", sector="special_equipment"
        ),
    ).id
    start = datetime.now(BEIJING) - timedelta(hours=3)
    insp = inspections.start_inspection(app, ent, two_inspectors(app), started_at=start).id
    template = inspections.template_for(app, insp)
    item = next(i for i in template.items if i.id.startswith("se-"))
    inspections.record_result(app, insp, item.id, Outcome.FAIL)
    hazards.raise_from_item(app, insp, item.id, deadline=today() + timedelta(days=10))
    inspections.complete_inspection(app, insp)
    with pytest.raises(StateError, match="市场监督管理"):
        documents.issue(app, insp, DocumentKind.RECTIFICATION_ORDER)
    with app.write() as s:
        s.merge(Setting(key="referral_authority", value="益阳市赫山区市场监督管理局"))
    record = documents.issue(app, insp, DocumentKind.INSPECTION_RECORD)
    referral = text_of(documents.issue(app, insp, DocumentKind.REFERRAL).pdf, tmp_path)
    assert "益阳市赫山区市场监督管理局" in referral and "益阳市赫山区恒力起重设备有限公司" in referral
    assert "第六十九条" in referral and record.document.number in referral
    assert item.violation[:12] in referral and "《中华人民共和国特种设备安全法》" in referral
