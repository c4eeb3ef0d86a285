"""Hazards raised from failed items, the lifecycle through the services, and due re-inspections."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inspector_app.domain.enums import HazardLevel, HazardStatus, Outcome
from inspector_app.domain.errors import StateError, ValidationError
from inspector_app.services import hazards, inspections, reports
from inspector_app.services.context import App
from inspector_app.services.timeutil import today
from inspector_app.store.types import utcnow
from tests.services.helpers import started


@pytest.fixture
def failed(app: App) -> tuple[App, str]:
    insp = started(app)
    inspections.record_result(app, insp, "hc-02", Outcome.FAIL)
    inspections.record_result(app, insp, "g-08", Outcome.FAIL)
    return app, insp


def test_hazard_from_failed_item_is_prefilled_from_the_template(failed: tuple[App, str]) -> None:
    app, insp = failed
    item = inspections.template_for(app, insp).item("hc-02")
    hz = hazards.raise_from_item(app, insp, "hc-02", deadline=today() + timedelta(days=10))
    assert (hz.violates, hz.legal_basis, hz.measure) == (item.violates, item.grounds, item.measure)
    assert hz.description == item.violation  # the violation fact, not the requirement
    assert hz.level == HazardLevel.MAJOR  # hc-02 is a 重大事故隐患 criterion
    assert hz.status == HazardStatus.ORDERED
    general = hazards.raise_from_item(app, insp, "g-08", description="配电箱门缺失")
    assert general.level == HazardLevel.GENERAL and general.status == HazardStatus.REGISTERED
    steps = [(e.from_status, e.to_status) for e in hazards.history(app, hz.id)]
    assert steps == [(None, "registered"), ("registered", "ordered")]
    assert reports.list_inspections(app)[0]["hazard_count"] == 2


def test_only_a_failed_item_can_raise_a_hazard(app: App) -> None:
    insp = started(app)
    inspections.record_result(app, insp, "hc-01", Outcome.PASS)
    with pytest.raises(ValidationError, match="不符合"):
        hazards.raise_from_item(app, insp, "hc-01")
    with pytest.raises(ValidationError, match="不符合"):
        hazards.raise_from_item(app, insp, "hc-03")  # not answered at all


def test_deadline_before_the_inspection_writes_nothing(app: App) -> None:
    insp = started(app, started_at=utcnow() - timedelta(days=3))
    inspections.record_result(app, insp, "hc-02", Outcome.FAIL)
    before = reports.info(app)["counts"]
    with pytest.raises(ValidationError, match="不能早于检查日期"):
        hazards.raise_from_item(app, insp, "hc-02", deadline=today() - timedelta(days=4))
    assert reports.info(app)["counts"] == before
    ok = hazards.raise_from_item(app, insp, "hc-02", deadline=today() - timedelta(days=3))
    assert ok.status == HazardStatus.ORDERED


def test_full_closed_loop_with_a_failed_review(failed: tuple[App, str]) -> None:
    app, insp = failed
    hz = hazards.raise_from_item(app, insp, "hc-02", deadline=today() + timedelta(days=7))
    with pytest.raises(StateError, match="不能从"):
        hazards.move(app, hz.id, HazardStatus.REGISTERED)
    hazards.move(app, hz.id, HazardStatus.RECTIFYING, note="企业已开始整改")
    hazards.review(app, hz.id, passed=False, note="仍有一人无证", new_deadline=today() + timedelta(days=5))
    assert hazards.get_hazard(app, hz.id).status == HazardStatus.ORDERED
    done = hazards.review(app, hz.id, passed=True)
    assert done.status == HazardStatus.CLOSED and done.closed_at is not None
    with pytest.raises(StateError):
        hazards.review(app, hz.id, passed=True)
    assert [e.to_status for e in hazards.history(app, hz.id)] == [
        "registered",
        "ordered",
        "rectifying",
        "review_failed",
        "ordered",
        "closed",
    ]


def test_review_needs_an_order_first(failed: tuple[App, str]) -> None:
    app, insp = failed
    hz = hazards.raise_from_item(app, insp, "hc-02")
    with pytest.raises(StateError, match="尚未责令整改"):
        hazards.review(app, hz.id, passed=True)


def test_hazards_are_locked_with_the_inspection_but_the_loop_goes_on(failed: tuple[App, str]) -> None:
    app, insp = failed
    hz = hazards.raise_from_item(app, insp, "hc-02", deadline=today() + timedelta(days=7))
    inspections.complete_inspection(app, insp)
    with pytest.raises(StateError):
        hazards.raise_from_item(app, insp, "g-08")
    assert hazards.review(app, hz.id, passed=True).status == HazardStatus.CLOSED


def test_free_hazard_needs_a_description(failed: tuple[App, str]) -> None:
    app, insp = failed
    with pytest.raises(ValidationError, match="描述"):
        hazards.raise_free(app, insp, "  ")
    hz = hazards.raise_free(app, insp, "厂区东侧消防通道被货物堵塞", level=HazardLevel.GENERAL, statute="aq-35")
    assert hz.item_id is None and hz.violates.startswith("《中华人民共和国安全生产法》第四十二条")
    assert hz.legal_basis.startswith("《中华人民共和国安全生产法》第一百零五条") and hz.measure


def test_free_hazard_is_ordered_only_with_basis_and_measure(failed: tuple[App, str]) -> None:
    app, insp = failed
    with pytest.raises(ValidationError, match="缺少违反的规定、依据、整改措施"):
        hazards.raise_free(app, insp, "厂区东侧消防通道被货物堵塞", deadline=today() + timedelta(days=3))
    bare = hazards.raise_free(app, insp, "厂区东侧消防通道被货物堵塞")
    with pytest.raises(ValidationError, match="缺少"):
        hazards.move(app, bare.id, HazardStatus.ORDERED, deadline=today() + timedelta(days=3))
    assert hazards.get_hazard(app, bare.id).status == HazardStatus.REGISTERED
    ordered = hazards.raise_free(
        app, insp, "厂区东侧消防通道被货物堵塞", statute="aq-35", deadline=today() + timedelta(days=3)
    )
    assert ordered.status == HazardStatus.ORDERED


def test_suggested_description_joins_violation_and_note() -> None:
    assert (
        hazards.suggested_description("未设置明显的安全警示标志", " 2号车间配电箱 ")
        == "未设置明显的安全警示标志（2号车间配电箱）"
    )
    assert hazards.suggested_description("未设置明显的安全警示标志。", "") == "未设置明显的安全警示标志"


def test_due_reinspections_are_derived_from_deadlines(app: App) -> None:
    insp = started(app, started_at=utcnow() - timedelta(days=20))
    for item in ("hc-02", "hc-03", "hc-04"):
        inspections.record_result(app, insp, item, Outcome.FAIL)
    late = hazards.raise_from_item(app, insp, "hc-02", deadline=today() - timedelta(days=2))
    soon = hazards.raise_from_item(app, insp, "hc-03", deadline=today() + timedelta(days=3))
    hazards.raise_from_item(app, insp, "hc-04", deadline=today() + timedelta(days=30))
    due = hazards.due_reinspections(app, within_days=7)
    assert [d.hazard.id for d in due] == [late.id, soon.id]
    assert [d.overdue for d in due] == [True, False] and due[0].days_left == -2
    listed = {h["id"]: h for h in reports.list_hazards(app)}
    assert listed[late.id]["overdue"] is True and listed[soon.id]["overdue"] is False
    hazards.review(app, late.id, passed=True)
    assert [d.hazard.id for d in hazards.due_reinspections(app)] == [soon.id]
