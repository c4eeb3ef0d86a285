"""Document number blocks: taking the next 文号 inside the issuing transaction, and reporting what is left."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from inspector_app.domain import numbering
from inspector_app.domain.enums import DocumentKind, Role
from inspector_app.domain.errors import StateError
from inspector_app.services.context import App
from inspector_app.services.timeutil import today
from inspector_app.store.models import Document, NumberBlock, Setting

BUREAU = "bureau"
LOCAL = "local"


@dataclass(frozen=True)
class Taken:
    number: str
    serial: int
    year: int
    block_id: str


def take(s: Session, app: App, kind: DocumentKind, year: int) -> Taken:
    """The next free number for this device, kind and year; call inside the transaction that issues.

    A serial inside a range some other device numbered on its own before enrolment (handed over, see
    `hand_over`), or one a document here already carries, is passed over: a gap costs nothing, a 文号 issued
    twice is two documents a court cannot tell apart."""
    short = _setting(s, "short")
    if not short:
        raise StateError("尚未设置文号代字（short），不能编号；请运行 inspector-app settings set short 赫")
    others = _claimed_by_others(s, app.device_id, kind, year)
    while True:
        block = _usable_block(s, app, kind, year)
        serial = block.next_serial
        block.next_serial = serial + 1
        s.add(block)
        number = numbering.format_number(short, kind, year, serial)
        if numbering.claimed(serial, others) or _issued(s, number):
            continue
        return Taken(number, serial, year, block.id)


def hand_over(s: Session, device_id: str) -> None:
    """Enrolment: the device stops numbering on its own. Each local range is closed at the last serial it used;
    the closed ranges go to the bureau with the device's next package (they are the device's own blocks) and
    from the bureau to every device, and `take` passes over them everywhere. The ranges the bureau hands out
    afterwards start above them (numbering.allocate sees every range)."""
    for block in s.exec(
        select(NumberBlock).where(
            NumberBlock.device_id == device_id, NumberBlock.source == LOCAL, NumberBlock.prefix == ""
        )
    ):
        block.first, block.last = numbering.closed(block.first, block.next_serial)
        s.add(block)
    s.flush()


def _usable_block(s: Session, app: App, kind: DocumentKind, year: int) -> NumberBlock:
    blocks = _blocks(s, app.device_id, kind, year)
    usable = [b for b in blocks if b.next_serial <= b.last]
    usable.sort(key=lambda b: (b.source != BUREAU, b.first))
    return usable[0] if usable else _new_block(s, app, kind, year, blocks)


def _claimed_by_others(s: Session, device_id: str, kind: DocumentKind, year: int) -> list[tuple[int, int]]:
    rows = s.exec(
        select(NumberBlock).where(
            NumberBlock.kind == kind.value,
            NumberBlock.year == year,
            NumberBlock.prefix == "",
            NumberBlock.source == LOCAL,
            NumberBlock.device_id != device_id,
        )
    )
    return [(b.first, b.last) for b in rows]


def _issued(s: Session, number: str) -> bool:
    return s.exec(select(Document.id).where(Document.number == number)).first() is not None


def _blocks(s: Session, device_id: str, kind: DocumentKind, year: int) -> list[NumberBlock]:
    """This device's ranges. Ranges of earlier versions, whose numbers carried the device id (prefix), keep
    their documents' numbers but are never numbered from again."""
    return list(
        s.exec(
            select(NumberBlock).where(
                NumberBlock.device_id == device_id,
                NumberBlock.kind == kind.value,
                NumberBlock.year == year,
                NumberBlock.prefix == "",
            )
        )
    )


def _all_ranges(s: Session, kind: DocumentKind, year: int) -> list[tuple[int, int]]:
    rows = s.exec(
        select(NumberBlock).where(NumberBlock.kind == kind.value, NumberBlock.year == year, NumberBlock.prefix == "")
    )
    return [(b.first, b.last) for b in rows]


def _new_block(s: Session, app: App, kind: DocumentKind, year: int, existing: list[NumberBlock]) -> NumberBlock:
    if app.role == Role.BUREAU:
        # The bureau numbers its own documents from the same ranges it hands out, so never twice.
        first, last = numbering.allocate(_all_ranges(s, kind, year), 100)
        source = BUREAU
    else:
        if any(b.source == BUREAU for b in existing):
            raise StateError(
                f"本终端的{kind.label}文号段（{year}年）已用完，不能再签发；请联系应急管理局分配新的文号段"
            )
        if _setting(s, "bureau_id"):
            raise StateError(
                f"本终端已登记到应急管理局，{year}年的{kind.label}文号由局端分配；"
                "请先导入局端为本终端导出的数据包，再签发"
            )
        # Not enrolled: this device is its own numbering authority, 1, 2, 3 … under its own 代字.
        first, last = numbering.allocate(_all_ranges(s, kind, year), numbering.LOCAL_BLOCK_SIZE)
        source = LOCAL
    block = NumberBlock(
        device_id=app.device_id,
        kind=kind.value,
        year=year,
        prefix="",
        first=first,
        last=last,
        next_serial=first,
        source=source,
        origin_device_id=app.device_id,
    )
    s.add(block)
    s.flush()
    return block


def _setting(s: Session, key: str) -> str:
    row = s.get(Setting, key)
    return row.value if row else ""


@dataclass(frozen=True)
class KindStatus:
    kind: DocumentKind
    year: int
    remaining: int
    total: int
    source: str
    low: bool

    @property
    def message(self) -> str:
        if self.source == LOCAL:
            return f"{self.kind.label}：本机尚未登记，自行编号，已用 {self.total - self.remaining} 个"
        if self.total == 0:
            return f"{self.kind.label}：尚无文号段（未登记的终端首次签发时自行编号；已登记的由局端分配）"
        text = f"{self.kind.label}：剩余 {self.remaining} / {self.total} 个文号"
        if self.source == BUREAU and self.low:
            text += "（即将用完，请尽快向应急管理局申请新的文号段）"
        return text


def status(app: App, year: int | None = None) -> list[KindStatus]:
    """What is left per document kind this year; `low` warns while there is still time to ask the bureau."""
    year = year or today().year
    out = []
    with app.read() as s:
        for kind in DocumentKind:
            blocks = _blocks(s, app.device_id, kind, year)
            bureau = [b for b in blocks if b.source == BUREAU]
            counted = bureau or blocks
            remaining = sum(max(0, b.last - b.next_serial + 1) for b in counted)
            total = sum(b.last - b.first + 1 for b in counted)
            source = BUREAU if bureau else (LOCAL if blocks else "")
            # Local ranges renew themselves; only the bureau's ranges can run out on site.
            out.append(
                KindStatus(kind, year, remaining, total, source, bool(bureau) and numbering.low(remaining, total))
            )
    return out


def add_block(app: App, device_id: str, kind: DocumentKind, year: int, first: int, last: int) -> NumberBlock:
    """Record a range the bureau assigned to a device (used by enrolment and sync in Part 4)."""
    with app.write() as s:
        clashing = [
            b
            for b in s.exec(
                select(NumberBlock).where(
                    NumberBlock.kind == kind.value,
                    NumberBlock.year == year,
                    NumberBlock.prefix == "",
                    NumberBlock.source == BUREAU,  # a closed local range is passed over by `take`, not refused
                    col(NumberBlock.first) <= last,
                    col(NumberBlock.last) >= first,
                )
            )
        ]
        if clashing:
            raise StateError(f"文号段 {first}–{last} 与已分配的文号段重叠")
        block = NumberBlock(
            device_id=device_id,
            kind=kind.value,
            year=year,
            prefix="",
            first=first,
            last=last,
            next_serial=first,
            source=BUREAU,
            origin_device_id=app.device_id,
        )
        s.add(block)
    return block
