"""No 文号 is ever used twice: many devices, offline, some enrolled and some not, then merged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.domain import numbering
from inspector_app.domain.enums import DocumentKind


def test_format_of_a_number_is_the_same_whoever_numbers_it() -> None:
    kind = DocumentKind.RECTIFICATION_ORDER
    assert numbering.format_number("宁", kind, 2026, 12) == "（宁）应急责改〔2026〕12号"
    assert numbering.format_number("赫", DocumentKind.REVIEW_OPINION, 2027, 1) == "（赫）应急复查〔2027〕1号"


def test_a_local_range_is_closed_at_the_last_serial_used_and_claims_only_those() -> None:
    assert numbering.closed(1, 4) == (1, 3)
    assert numbering.closed(1, 1) == (1, 0)  # nothing used: claims nothing
    assert [s for s in range(0, 6) if numbering.claimed(s, [numbering.closed(1, 4)])] == [1, 2, 3]
    assert not numbering.claimed(1, [numbering.closed(1, 1)])


def test_low_warns_at_ten_percent_and_at_the_last_number() -> None:
    assert not numbering.low(11, 100)
    assert numbering.low(10, 100)
    assert numbering.low(1, 5)
    assert not numbering.low(2, 5)


def test_allocate_never_overlaps() -> None:
    taken: list[tuple[int, int]] = []
    for size in (50, 1, 200, 50):
        taken.append(numbering.allocate(taken, size))
    assert numbering.overlaps(taken) == []
    assert taken[0] == (1, 50) and taken[1] == (51, 51)


@st.composite
def fleets(draw):  # type: ignore[no-untyped-def]
    devices = draw(st.integers(min_value=1, max_value=8))
    enrolled = draw(st.lists(st.booleans(), min_size=devices, max_size=devices))
    grants = draw(st.lists(st.tuples(st.integers(0, devices - 1), st.integers(1, 40)), max_size=20))
    # Interleaved issuing: (device, how many documents in a row)
    issues = draw(st.lists(st.tuples(st.integers(0, devices - 1), st.integers(1, 60)), min_size=1, max_size=40))
    return devices, enrolled, grants, issues


@settings(max_examples=150, deadline=None)
@given(fleets())
def test_devices_issuing_offline_never_collide(fleet) -> None:  # type: ignore[no-untyped-def]
    devices, enrolled, grants, issues = fleet
    kind, year = DocumentKind.RECTIFICATION_ORDER, 2026
    # A device never enrolled is its own authority with its own 代字; the enrolled ones print the bureau's.
    shorts = "甲乙丙丁戊己庚辛"
    # The bureau hands out ranges (it sees only its own ledger of what it granted).
    granted: list[tuple[int, int]] = []
    bureau_blocks: dict[int, list[list[int]]] = {n: [] for n in range(devices)}
    for device, size in grants:
        if enrolled[device]:
            first, last = numbering.allocate(granted, size)
            granted.append((first, last))
            bureau_blocks[device].append([first, last, first])
    local_blocks: dict[int, list[list[int]]] = {n: [] for n in range(devices)}
    issued: list[str] = []
    refused = 0
    for device, count in issues:
        for _ in range(count):
            usable = [b for b in bureau_blocks[device] if b[2] <= b[1]]
            short = "测"
            if not usable:
                if enrolled[device]:
                    refused += 1  # an enrolled device stops rather than invent a number
                    continue
                usable = [b for b in local_blocks[device] if b[2] <= b[1]]
                if not usable:
                    taken = [(b[0], b[1]) for b in local_blocks[device]]
                    local_blocks[device].append([*numbering.allocate(taken, 25), 0])
                    local_blocks[device][-1][2] = local_blocks[device][-1][0]
                    usable = [local_blocks[device][-1]]
                short = shorts[device]
            block = usable[0]
            serial = block[2]
            block[2] += 1
            issued.append(numbering.format_number(short, kind, year, serial))
    # Merge everything at the bureau: every number appears once.
    assert len(issued) == len(set(issued))
    assert numbering.overlaps(granted) == []
