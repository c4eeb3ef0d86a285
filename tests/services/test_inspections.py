"""Starting, answering, completing and correcting inspections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from inspector_app.domain.enums import InspectionStatus, Outcome
from inspector_app.domain.errors import NotFoundError, StateError, ValidationError
from inspector_app.services import inspections, registry, reports, templates
from inspector_app.services.context import App
from inspector_app.store.models import FormTemplate, ItemResult, ResultCorrection
from inspector_app.store.types import utcnow
from tests.services.helpers import enterprise, started, two_inspectors


def test_inspection_needs_two_inspectors_with_certificates(app: App) -> None:
    ent = enterprise(app)
    first, _ = two_inspectors(app)
    before = reports.info(app)["counts"]
    with pytest.raises(ValidationError, match="第六十七条"):
        inspections.start_inspection(app, ent, [first])
    with pytest.raises(ValidationError, match="第六十七条"):
        inspections.start_inspection(app, ent, [first, first])
    assert reports.info(app)["counts"] == before


def test_inspection_pins_the_sector_template_with_general_duties(app: App) -> None:
    insp_id = started(app, sector="construction")
    template = inspections.template_for(app, insp_id)
    assert template.sector == "construction"
    ids = [i.id for i in template.items]
    assert ids[0].startswith("g-") and any(i.startswith("cs-") for i in ids)


def test_answers_are_saved_and_progress_counts_them(app: App) -> None:
    insp = started(app)
    inspections.record_result(app, insp, "hc-01", Outcome.PASS)
    inspections.record_result(app, insp, "hc-02", Outcome.FAIL, "两名电工无证")
    inspections.record_result(app, insp, "g-01", Outcome.NOT_APPLICABLE)
    inspections.record_result(app, insp, "hc-01", Outcome.FAIL)  # changed mind while still a draft
    answers = inspections.results(app, insp)
    assert answers["hc-01"].outcome == "fail" and answers["hc-02"].note == "两名电工无证"
    progress = inspections.progress(app, insp)
    assert (progress.answered, progress.failed) == (3, 2)
    assert progress.total == len(inspections.template_for(app, insp).items)


def test_saving_the_same_answer_again_writes_no_audit_event(app: App) -> None:
    insp = started(app)
    inspections.record_result(app, insp, "hc-01", Outcome.PASS, "")
    before = reports.info(app)["counts"]["audit_events"]
    inspections.record_result(app, insp, "hc-01", Outcome.PASS, "")
    assert reports.info(app)["counts"]["audit_events"] == before


def test_unknown_item_and_unknown_inspection_are_refused(app: App) -> None:
    insp = started(app)
    with pytest.raises(ValidationError, match="没有检查项"):
        inspections.record_result(app, insp, "cs-01", Outcome.PASS)  # construction item, chemicals template
    with pytest.raises(NotFoundError):
        inspections.record_result(app, "no-such-id", "hc-01", Outcome.PASS)


def test_completed_inspection_is_locked_and_corrections_are_appended(app: App) -> None:
    insp = started(app)
    with pytest.raises(ValidationError, match="还没有记录"):
        inspections.complete_inspection(app, insp)
    inspections.record_result(app, insp, "hc-01", Outcome.PASS)
    done = inspections.complete_inspection(app, insp, summary="检查完毕")
    assert done.status == InspectionStatus.COMPLETED and done.completed_at is not None
    with pytest.raises(StateError, match="锁定"):
        inspections.record_result(app, insp, "hc-01", Outcome.FAIL)
    with pytest.raises(StateError):
        inspections.complete_inspection(app, insp)
    with pytest.raises(ValidationError, match="理由"):
        inspections.correct_result(app, insp, "hc-01", Outcome.FAIL, reason=" ")
    inspections.correct_result(app, insp, "hc-01", Outcome.FAIL, reason="复核照片发现漏判")
    assert inspections.results(app, insp)["hc-01"].outcome == "fail"
    with app.read() as s:
        original = s.exec(select(ItemResult).where(ItemResult.inspection_id == insp)).one()
        correction = s.exec(select(ResultCorrection)).one()
    assert original.outcome == "pass"  # the recorded answer itself is never rewritten
    assert (correction.old_outcome, correction.new_outcome, correction.actor) == ("pass", "fail", "tester")


def test_old_inspection_keeps_its_template_wording_after_the_form_changes(app: App) -> None:
    insp = started(app)
    pinned_before = inspections.template_for(app, insp)
    changed = pinned_before.content()
    changed["version"] = "2099.1"
    changed["sections"][-1]["items"][0]["text"] = "改写后的检查项措辞"
    from inspector_app.forms.templates import from_content

    with app.write() as s:
        templates.ensure_row(s, from_content(changed), app.device_id)
        assert len(s.exec(select(FormTemplate).where(FormTemplate.code == "hazardous_chemicals")).all()) == 2
    assert inspections.template_for(app, insp).content_hash() == pinned_before.content_hash()


def test_end_before_start_is_refused(app: App) -> None:
    insp = started(app)
    inspections.record_result(app, insp, "hc-01", Outcome.PASS)
    with pytest.raises(ValidationError, match="结束时间"):
        inspections.complete_inspection(app, insp, ended_at=utcnow() - timedelta(days=1))
    assert inspections.get_inspection(app, insp).status == "draft"


def test_list_inspections_shows_what_a_clerk_needs(app: App) -> None:
    insp = started(app)
    rows = reports.list_inspections(app)
    assert rows[0]["id"] == insp
    assert rows[0]["enterprise_name"].startswith("测试企业")
    assert rows[0]["status"] == "draft" and rows[0]["hazard_count"] == 0
    assert rows[0]["inspectors"] == ["张三丰", "李四光"]
    assert registry.get_enterprise(app, rows[0]["enterprise_id"]).name == rows[0]["enterprise_name"]
