"""Document numbers (文号) that can never collide, even between laptops offline for weeks.

The bureau hands each device disjoint ranges of serials per document kind and year, from one ledger it also
numbers its own documents from. A device never enrolled is its own numbering authority: 1, 2, 3 … under its
own 代字, nothing private on paper. When it is enrolled its local ranges are closed at the last serial it used
and travel to the bureau, which hands them on to every device as claimed: no one issues those serials again
under the same 代字 (see services/numbers.py for the handover).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import StateError

LOCAL_BLOCK_SIZE = 999
WARN_FRACTION = 0.10


def format_number(short: str, kind: DocumentKind, year: int, serial: int) -> str:
    """（赫）应急责改〔2026〕12号: the form printed, whoever numbers it."""
    return f"（{short}）{kind.code}〔{year}〕{serial}号"


def closed(first: int, next_serial: int) -> tuple[int, int]:
    """A local range as handed over at enrolment: exactly the serials used, nothing reserved beyond them (an
    unused range ends before it starts, first - 1, and claims nothing)."""
    return first, max(first, next_serial) - 1


def claimed(serial: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(first <= serial <= last for first, last in ranges)


@dataclass(frozen=True)
class Range:
    first: int
    last: int
    next_serial: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    @property
    def remaining(self) -> int:
        return max(0, self.last - self.next_serial + 1)

    @property
    def exhausted(self) -> bool:
        return self.remaining == 0


def low(remaining: int, total: int) -> bool:
    """Warn while there is still time to ask the bureau: at 10 % left, or at the last number."""
    return total > 0 and remaining <= max(1, math.ceil(total * WARN_FRACTION))


def allocate(taken: Iterable[tuple[int, int]], size: int) -> tuple[int, int]:
    """The next free range of `size` serials above every range already handed out (bureau side)."""
    if size < 1:
        raise StateError("文号段的数量至少为1")
    top = max((last for _first, last in taken), default=0)
    return top + 1, top + size


def overlaps(ranges: Iterable[tuple[int, int]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    ordered = sorted(ranges)
    return [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if b[0] <= a[1]]
