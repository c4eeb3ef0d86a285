"""The closed loop of a hazard: 登记 → 责令整改 → 整改中 → 复查合格销号 / 复查不合格 → 责令整改 …"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from inspector_app.domain.enums import HazardStatus as S
from inspector_app.domain.errors import StateError, ValidationError
from inspector_app.domain.hazard_lifecycle import (
    DEADLINE_STATES,
    OPEN_STATES,
    TRANSITIONS,
    can_move,
    check_move,
    days_left,
    is_overdue,
)

FAST = settings(max_examples=200, deadline=None, database=None)

# The lifecycle as written down independently of the module (docstring + comments of hazard_lifecycle):
# 登记 → 责令整改; 责令整改 → 重新确定期限 / 整改中 / 销号 / 复查不合格; 整改中 → 销号 / 复查不合格;
# 复查不合格 → 重新责令整改 / 继续整改 / 销号 / 再次复查不合格; 销号 is final.
EXPECTED = {
    S.REGISTERED: {S.ORDERED},
    S.ORDERED: {S.ORDERED, S.RECTIFYING, S.CLOSED, S.REVIEW_FAILED},  # a new deadline before any 指令书
    S.RECTIFYING: {S.CLOSED, S.REVIEW_FAILED},
    S.REVIEW_FAILED: {S.ORDERED, S.RECTIFYING, S.CLOSED, S.REVIEW_FAILED},
    S.CLOSED: set(),
}

DEADLINE = date(2025, 6, 30)
ALL_PAIRS = list(itertools.product(S, S))
LEGAL = [(a, b) for a, b in ALL_PAIRS if b in EXPECTED[a]]
ILLEGAL = [(a, b) for a, b in ALL_PAIRS if b not in EXPECTED[a]]


def _id(pair: tuple[S, S]) -> str:
    return f"{pair[0].value}->{pair[1].value}"


def test_transition_table_matches_the_documented_lifecycle() -> None:
    assert set(TRANSITIONS) == set(S)
    assert {k: set(v) for k, v in TRANSITIONS.items()} == EXPECTED


def test_state_sets() -> None:
    assert frozenset(S) - {S.CLOSED} == OPEN_STATES
    assert frozenset({S.ORDERED, S.RECTIFYING, S.REVIEW_FAILED}) == DEADLINE_STATES
    assert S.REGISTERED not in DEADLINE_STATES


@pytest.mark.parametrize("pair", LEGAL, ids=_id)
def test_every_legal_transition_is_accepted(pair: tuple[S, S]) -> None:
    current, target = pair
    assert can_move(current, target)
    assert check_move(current, target, DEADLINE) is None
    if target != S.ORDERED:
        assert check_move(current, target) is None


@pytest.mark.parametrize("pair", ILLEGAL, ids=_id)
def test_every_illegal_transition_raises_state_error(pair: tuple[S, S]) -> None:
    current, target = pair
    assert not can_move(current, target)
    for deadline in (None, DEADLINE):
        with pytest.raises(StateError) as info:
            check_move(current, target, deadline)
        message = str(info.value)
        assert f"不能从“{current.label}”变为“{target.label}”" in message
        assert "隐患状态" in message


@pytest.mark.parametrize("current", sorted(S, key=list(S).index), ids=lambda s: s.value)
def test_illegal_move_message_lists_the_allowed_targets(current: S) -> None:
    target = next((t for t in S if t not in EXPECTED[current]), None)
    assert target is not None
    with pytest.raises(StateError) as info:
        check_move(current, target, DEADLINE)
    message = str(info.value)
    allowed = message.split("当前可转为：", 1)[1]
    if EXPECTED[current]:
        assert set(allowed.split("、")) == {s.label for s in EXPECTED[current]}
    else:
        assert allowed == "无（已销号）"


@pytest.mark.parametrize("current", [S.REGISTERED, S.REVIEW_FAILED], ids=lambda s: s.value)
def test_ordering_without_deadline_is_a_validation_error(current: S) -> None:
    with pytest.raises(ValidationError) as info:
        check_move(current, S.ORDERED)
    assert not isinstance(info.value, StateError)
    assert "整改期限" in str(info.value)
    check_move(current, S.ORDERED, DEADLINE)


def test_illegal_move_to_ordered_without_deadline_is_a_state_error_first() -> None:
    # RECTIFYING → ORDERED is not a step at all, so the missing deadline is not the complaint.
    with pytest.raises(StateError):
        check_move(S.RECTIFYING, S.ORDERED)
    with pytest.raises(StateError):
        check_move(S.CLOSED, S.ORDERED)


@pytest.mark.parametrize("target", list(S), ids=lambda s: s.value)
def test_closed_is_terminal(target: S) -> None:
    assert not can_move(S.CLOSED, target)
    with pytest.raises(StateError, match="无（已销号）"):
        check_move(S.CLOSED, target, DEADLINE)


def test_full_happy_path_and_reorder_loop() -> None:
    path = [S.REGISTERED, S.ORDERED, S.RECTIFYING, S.REVIEW_FAILED, S.ORDERED, S.RECTIFYING, S.CLOSED]
    for a, b in itertools.pairwise(path):
        check_move(a, b, DEADLINE)


# --- overdue is derived ---

TODAY = date(2025, 7, 1)


@pytest.mark.parametrize("status", sorted(DEADLINE_STATES, key=list(S).index), ids=lambda s: s.value)
def test_overdue_in_deadline_states(status: S) -> None:
    assert is_overdue(status, TODAY - timedelta(days=1), TODAY)
    assert is_overdue(status, TODAY - timedelta(days=400), TODAY)
    assert not is_overdue(status, TODAY, TODAY), "the deadline day itself is not overdue"
    assert not is_overdue(status, TODAY + timedelta(days=1), TODAY)
    assert not is_overdue(status, None, TODAY)


@pytest.mark.parametrize("status", [S.REGISTERED, S.CLOSED], ids=lambda s: s.value)
def test_never_overdue_outside_deadline_states(status: S) -> None:
    assert not is_overdue(status, TODAY - timedelta(days=30), TODAY)
    assert not is_overdue(status, None, TODAY)


@FAST
@given(st.sampled_from(list(S)), st.none() | st.dates(), st.dates())
def test_overdue_property(status: S, deadline: date | None, today: date) -> None:
    expected = status in {S.ORDERED, S.RECTIFYING, S.REVIEW_FAILED} and deadline is not None and deadline < today
    assert is_overdue(status, deadline, today) is expected


def test_days_left() -> None:
    assert days_left(None, TODAY) is None
    assert days_left(TODAY, TODAY) == 0
    assert days_left(date(2025, 7, 11), TODAY) == 10
    assert days_left(date(2025, 6, 28), TODAY) == -3


# --- random sequences of requested moves ---


def _run(requests: list[tuple[S, bool]]) -> list[S]:
    """Apply requested moves from REGISTERED; return the accepted path (states actually taken)."""
    state = S.REGISTERED
    path = [state]
    for target, with_deadline in requests:
        deadline = DEADLINE if with_deadline else None
        legal = target in EXPECTED[state]
        try:
            check_move(state, target, deadline)
        except StateError:
            assert not legal, (state, target)
            continue
        except ValidationError:
            assert legal and target == S.ORDERED and deadline is None, (state, target)
            continue
        assert legal, f"{state} → {target} was accepted"
        state = target
        path.append(state)
    return path


@FAST
@given(st.lists(st.tuples(st.sampled_from(list(S)), st.booleans()), max_size=40))
def test_random_request_sequences(requests: list[tuple[S, bool]]) -> None:
    path = _run(requests)
    assert path[0] == S.REGISTERED
    for a, b in itertools.pairwise(path):
        assert b in EXPECTED[a]
        assert b in TRANSITIONS[a]
    if S.CLOSED in path:
        assert path[-1] == S.CLOSED
        assert path.index(S.CLOSED) == len(path) - 1
    # Every state reached after leaving REGISTERED was ordered with a deadline at some point.
    if len(path) > 1:
        assert path[1] == S.ORDERED


class HazardMachine(RuleBasedStateMachine):
    """Model of a single hazard record driven by arbitrary user requests."""

    @initialize()
    def start(self) -> None:
        self.state = S.REGISTERED
        self.path = [S.REGISTERED]
        self.rejected = 0

    @rule(to=st.sampled_from(list(S)), with_deadline=st.booleans())
    def request(self, to: S, with_deadline: bool) -> None:
        target = to
        before = self.state
        deadline = DEADLINE if with_deadline else None
        try:
            check_move(self.state, target, deadline)
        except StateError as exc:
            assert target not in EXPECTED[before]
            assert "隐患状态不能从" in exc.message
            self.rejected += 1
        except ValidationError as exc:
            assert target == S.ORDERED and deadline is None and target in EXPECTED[before]
            assert "整改期限" in exc.message
            self.rejected += 1
        else:
            assert target in EXPECTED[before]
            self.state = target
            self.path.append(target)
        if self.state is before:
            assert self.path[-1] == before

    @precondition(lambda self: self.state == S.CLOSED)
    @rule(to=st.sampled_from(list(S)))
    def nothing_moves_a_closed_hazard(self, to: S) -> None:
        target = to
        assert not can_move(S.CLOSED, target)
        with pytest.raises(StateError):
            check_move(S.CLOSED, target, DEADLINE)

    @invariant()
    def state_is_a_hazard_status(self) -> None:
        assert isinstance(self.state, S)

    @invariant()
    def closed_is_final(self) -> None:
        if self.state == S.CLOSED:
            assert not any(can_move(self.state, t) for t in S)
            assert S.CLOSED not in self.path[:-1]

    @invariant()
    def accepted_path_is_a_walk_of_the_lifecycle(self) -> None:
        assert self.path[0] == S.REGISTERED
        assert self.path[-1] == self.state
        for a, b in itertools.pairwise(self.path):
            assert b in TRANSITIONS[a]
            assert b in EXPECTED[a]

    @invariant()
    def open_iff_not_closed(self) -> None:
        assert (self.state in OPEN_STATES) == (self.state != S.CLOSED)


HazardMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None, database=None)
TestHazardMachine = HazardMachine.TestCase


def test_events_with_one_timestamp_are_put_in_the_order_they_happened() -> None:
    from datetime import datetime

    from inspector_app.domain.hazard_lifecycle import in_causal_order

    t0, t1 = datetime(2026, 5, 1, 9, 0), datetime(2026, 5, 20, 9, 0)
    # (at, from, to); listed out of order, as ids sort them
    events = [
        (t1, "ordered", "closed"),
        (t0, "registered", "ordered"),
        (t0, None, "registered"),
    ]
    ordered = in_causal_order(events, lambda e: e[0], lambda e: e[1], lambda e: e[2])
    assert [e[2] for e in ordered] == ["registered", "ordered", "closed"]
    # a tie that no chain explains keeps its given order rather than failing
    odd = [(t0, "x", "y"), (t0, "p", "q")]
    assert in_causal_order(odd, lambda e: e[0], lambda e: e[1], lambda e: e[2]) == odd
