"""The closed loop of a hazard: 登记 → 责令整改 → 整改中 → 复查合格销号 / 复查不合格 → 责令整改 …

逾期 (overdue) is not a stored state: it is derived from the deadline, so it can never go stale.
"""

from __future__ import annotations

from datetime import date

from inspector_app.domain.enums import HazardStatus as S
from inspector_app.domain.errors import StateError, ValidationError

TRANSITIONS: dict[S, frozenset[S]] = {
    S.REGISTERED: frozenset({S.ORDERED}),
    S.ORDERED: frozenset({S.RECTIFYING, S.CLOSED, S.REVIEW_FAILED}),
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
