"""Document numbers (文号) that can never collide, even between laptops offline for weeks.

The bureau hands each device disjoint ranges of serials per document kind and year. A device that was set up
on its own, before enrolment, numbers from a local range whose serials carry the device's own prefix, so its
numbers cannot meet anyone else's either.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import StateError

LOCAL_BLOCK_SIZE = 999
WARN_FRACTION = 0.10


def format_number(short: str, kind: DocumentKind, year: int, serial: int, prefix: str = "") -> str:
    """（宁）应急责改〔2026〕12号 — or （宁）应急责改〔2026〕A1B2C3D4-12号 from a device's local range."""
    return f"（{short}）{kind.code}〔{year}〕{prefix}{serial}号"


def device_prefix(device_id: str) -> str:
    """Eight hex digits of the device id: 32 bits, so two unenrolled devices share one only about once in
    four billion pairs; the bureau's import refuses a duplicate 文号 outright should it ever happen."""
    return device_id.replace("-", "")[:8].upper() + "-"


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
