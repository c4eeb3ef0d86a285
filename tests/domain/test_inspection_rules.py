"""An inspection as a legal act: two inspectors with 执法证 (《安全生产法》第六十七条), deadlines, locking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.domain.enums import InspectionStatus
from inspector_app.domain.errors import StateError, ValidationError
from inspector_app.domain.inspection_rules import (
    MIN_INSPECTORS,
    InspectorRef,
    check_correction_reason,
    check_deadline,
    check_editable,
    check_inspectors,
)

FAST = settings(max_examples=200, deadline=None, database=None)

ZHANG = InspectorRef("张伟", "闽FJ0351001")
LI = InspectorRef("李娜", "闽FJ0351002")
WANG = InspectorRef("王强", "闽FJ0351003")


# --- inspectors ---


def test_two_inspectors_with_distinct_certs_are_enough() -> None:
    assert MIN_INSPECTORS == 2
    assert check_inspectors([ZHANG, LI]) is None
    assert check_inspectors((ZHANG, LI, WANG)) is None


@pytest.mark.parametrize("team", [[], [ZHANG]], ids=["nobody", "one"])
def test_fewer_than_two_inspectors_is_rejected(team: list[InspectorRef]) -> None:
    with pytest.raises(ValidationError) as info:
        check_inspectors(team)
    assert "第六十七条" in str(info.value)
    assert "两名以上" in str(info.value)


def test_the_same_cert_twice_counts_as_one_inspector() -> None:
    with pytest.raises(ValidationError, match="第六十七条"):
        check_inspectors([ZHANG, InspectorRef("李娜", ZHANG.cert_no)])


def test_the_same_person_listed_twice_counts_once() -> None:
    with pytest.raises(ValidationError, match="第六十七条"):
        check_inspectors([ZHANG, ZHANG])


def test_cert_numbers_are_compared_without_surrounding_spaces() -> None:
    with pytest.raises(ValidationError, match="第六十七条"):
        check_inspectors([ZHANG, InspectorRef("李娜", f"  {ZHANG.cert_no} ")])


@pytest.mark.parametrize("blank", ["", "   ", "\u3000"], ids=["empty", "spaces", "fullwidth-space"])
def test_inspector_without_cert_is_rejected_by_name(blank: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_inspectors([ZHANG, InspectorRef("李娜", blank)])
    message = str(info.value)
    assert "执法证" in message
    assert "李娜" in message
    assert "张伟" not in message


def test_all_inspectors_without_cert_are_named() -> None:
    with pytest.raises(ValidationError) as info:
        check_inspectors([InspectorRef("张伟", ""), InspectorRef("李娜", ""), WANG])
    message = str(info.value)
    assert "执法证" in message
    assert "张伟" in message and "李娜" in message
    assert "王强" not in message


def test_one_inspector_without_cert_is_still_too_few() -> None:
    with pytest.raises(ValidationError) as info:
        check_inspectors([InspectorRef("张伟", "")])
    assert "第六十七条" in str(info.value)


names = st.text(alphabet="张王李赵刘陈杨黄伟娜强军", min_size=2, max_size=3)
certs = st.text(alphabet="0123456789", min_size=0, max_size=4)


@FAST
@given(st.lists(st.builds(InspectorRef, names, certs), max_size=5))
def test_inspector_rule_property(team: list[InspectorRef]) -> None:
    distinct_certs = {i.cert_no for i in team if i.cert_no}
    anyone_without_cert = any(not i.cert_no for i in team)
    try:
        check_inspectors(team)
    except ValidationError as exc:
        assert "第六十七条" in exc.message or "执法证" in exc.message
        accepted = False
    else:
        accepted = True
    if accepted:
        # accepted ⇒ at least two different cert numbers and nobody without one
        assert len(distinct_certs) >= 2
        assert not anyone_without_cert
    if len(distinct_certs) >= 2 and not anyone_without_cert:
        assert accepted


# --- deadline ---


def test_deadline_on_inspection_day_is_fine() -> None:
    assert check_deadline(date(2025, 3, 1), date(2025, 3, 1)) is None
    assert check_deadline(date(2025, 3, 31), date(2025, 3, 1)) is None


def test_deadline_before_inspection_day_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        check_deadline(date(2025, 2, 28), date(2025, 3, 1))
    message = str(info.value)
    assert "不能早于检查日期" in message
    assert "2025年02月28日" in message
    assert "2025年03月01日" in message


@FAST
@given(st.dates(), st.integers(min_value=-3650, max_value=3650))
def test_deadline_property(day: date, offset: int) -> None:
    try:
        deadline = day + timedelta(days=offset)
    except OverflowError:
        return
    if offset < 0:
        with pytest.raises(ValidationError, match="整改期限"):
            check_deadline(deadline, day)
    else:
        check_deadline(deadline, day)


# --- locking and corrections ---


def test_draft_is_editable() -> None:
    assert check_editable(InspectionStatus.DRAFT) is None


def test_completed_is_locked() -> None:
    with pytest.raises(StateError) as info:
        check_editable(InspectionStatus.COMPLETED)
    assert "锁定" in str(info.value)
    assert "更正" in str(info.value)


@pytest.mark.parametrize("reason", ["", "  ", "\u3000", "错", " 错 ", "\n"])
def test_correction_needs_a_reason(reason: str) -> None:
    with pytest.raises(ValidationError, match="更正理由"):
        check_correction_reason(reason)


@pytest.mark.parametrize(
    ("reason", "kept"),
    [
        ("录入错误", "录入错误"),
        ("  误选不符合，现场复核为符合  ", "误选不符合，现场复核为符合"),
        ("笔误", "笔误"),
    ],
)
def test_correction_reason_is_trimmed(reason: str, kept: str) -> None:
    assert check_correction_reason(reason) == kept
