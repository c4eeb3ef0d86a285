"""The closed loop of a hazard: 登记 → 责令整改 → 整改中 → 复查合格销号 / 复查不合格 → 责令整改 …

逾期 (overdue) is not a stored state: it is derived from the deadline, so it can never go stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from inspector_app.domain.enums import HazardStatus as S
from inspector_app.domain.errors import StateError, ValidationError

TRANSITIONS: dict[S, frozenset[S]] = {
    S.REGISTERED: frozenset({S.ORDERED}),
    # ORDERED → ORDERED: a new deadline set before any 指令书 carries the old one (services check that).
    S.ORDERED: frozenset({S.ORDERED, S.RECTIFYING, S.CLOSED, S.REVIEW_FAILED}),
    S.RECTIFYING: frozenset({S.CLOSED, S.REVIEW_FAILED}),
    # After a failed review the unit is ordered again (a new deadline) or keeps rectifying.
    S.REVIEW_FAILED: frozenset({S.ORDERED, S.RECTIFYING, S.CLOSED, S.REVIEW_FAILED}),
    S.CLOSED: frozenset(),
}

OPEN_STATES = frozenset({S.REGISTERED, S.ORDERED, S.RECTIFYING, S.REVIEW_FAILED})
# States in which a deadline is running and the re-inspection is due.
DEADLINE_STATES = frozenset({S.ORDERED, S.RECTIFYING, S.REVIEW_FAILED})


def can_move(current: S, target: S) -> bool:
    return target in TRANSITIONS[current]


def check_move(current: S, target: S, deadline: date | None = None) -> None:
    """Raise StateError unless `current → target` is a legal step; ordering needs a deadline."""
    if not can_move(current, target):
        allowed = "、".join(s.label for s in sorted(TRANSITIONS[current], key=list(S).index)) or "无（已销号）"
        raise StateError(f"隐患状态不能从“{current.label}”变为“{target.label}”；当前可转为：{allowed}")
    if target == S.ORDERED and deadline is None:
        raise ValidationError("责令整改必须填写整改期限")


def is_overdue(status: S, deadline: date | None, today: date) -> bool:
    return status in DEADLINE_STATES and deadline is not None and deadline < today


def days_left(deadline: date | None, today: date) -> int | None:
    return None if deadline is None else (deadline - today).days


E = TypeVar("E")


def in_causal_order(
    events: Sequence[E], at: Callable[[E], Any], from_status: Callable[[E], str | None], to_status: Callable[[E], str]
) -> list[E]:
    """A hazard's events in the order they happened.

    Time alone is not enough: 登记 and 责令整改 made in one step carry the same timestamp, and sorting such a
    tie by id put them in random order, so a bureau settling a hazard's status from its newest event got 登记
    for about half of the hazards that were in fact 责令整改. Within a tie, each next event is the one that
    starts from the status the previous one reached.
    """
    ordered: list[E] = []
    current: str | None = None
    remaining = sorted(events, key=at)
    while remaining:
        moment = at(remaining[0])
        tie = [e for e in remaining if at(e) == moment]
        remaining = remaining[len(tie) :]
        while tie:
            follows = [e for e in tie if from_status(e) == current]
            nxt = follows[0] if follows else tie[0]
            tie.remove(nxt)
            ordered.append(nxt)
            current = to_status(nxt)
    return ordered


class _Event(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def at(self) -> Any: ...
    @property
    def from_status(self) -> str | None: ...
    @property
    def to_status(self) -> str: ...


EV = TypeVar("EV", bound=_Event)


def events_in_order(events: Iterable[EV]) -> list[EV]:
    """HazardEvent rows (or rows with the same fields) in the order they happened; ids settle what nothing else
    does, so the same events always come out the same way."""
    by_id = sorted(events, key=lambda e: e.id)
    return in_causal_order(by_id, lambda e: e.at, lambda e: e.from_status, lambda e: e.to_status)
