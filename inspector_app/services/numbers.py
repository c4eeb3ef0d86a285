"""Document number blocks: taking the next 文号 inside the issuing transaction, and reporting what is left."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from inspector_app.domain import numbering
from inspector_app.domain.enums import DocumentKind, Role
from inspector_app.domain.errors import StateError
from inspector_app.services.context import App
from inspector_app.services.timeutil import today
from inspector_app.store.models import NumberBlock, Setting

BUREAU = "bureau"
LOCAL = "local"


@dataclass(frozen=True)
class Taken:
    number: str
    serial: int
    year: int
    block_id: str


def take(s: Session, app: App, kind: DocumentKind, year: int) -> Taken:
    """The next free number for this device, kind and year; call inside the transaction that issues."""
    blocks = _blocks(s, app.device_id, kind, year)
    usable = [b for b in blocks if b.next_serial <= b.last]
    usable.sort(key=lambda b: (b.source != BUREAU, b.first))
    if not usable:
        usable = [_new_block(s, app, kind, year, blocks)]
    block = usable[0]
    serial = block.next_serial
    block.next_serial = serial + 1
    s.add(block)
    short = _setting(s, "short") or "某"
    return Taken(numbering.format_number(short, kind, year, serial, block.prefix), serial, year, block.id)


def _blocks(s: Session, device_id: str, kind: DocumentKind, year: int) -> list[NumberBlock]:
    return list(
        s.exec(
            select(NumberBlock).where(
                NumberBlock.device_id == device_id, NumberBlock.kind == kind.value, NumberBlock.year == year
            )
        )
    )


def _new_block(s: Session, app: App, kind: DocumentKind, year: int, existing: list[NumberBlock]) -> NumberBlock:
    if app.role == Role.BUREAU:
        # The bureau numbers its own documents from the same ranges it hands out, so never twice.
        taken = [
            (b.first, b.last)
            for b in s.exec(
                select(NumberBlock).where(
                    NumberBlock.kind == kind.value, NumberBlock.year == year, NumberBlock.prefix == ""
                )
            )
        ]
        first, last = numbering.allocate(taken, 100)
        block = NumberBlock(
            device_id=app.device_id,
            kind=kind.value,
            year=year,
            prefix="",
            first=first,
            last=last,
            next_serial=first,
            source=BUREAU,
            origin_device_id=app.device_id,
        )
    else:
        if any(b.source == BUREAU for b in existing):
            raise StateError(
                f"本终端的{kind.label}文号段（{year}年）已用完，不能再签发；请联系应急管理局分配新的文号段"
            )
        # Not enrolled yet: a local range under this device's own prefix, unique without asking anyone.
        first, last = numbering.allocate([(b.first, b.last) for b in existing], numbering.LOCAL_BLOCK_SIZE)
        block = NumberBlock(
            device_id=app.device_id,
            kind=kind.value,
            year=year,
            prefix=numbering.device_prefix(app.device_id),
            first=first,
            last=last,
            next_serial=first,
            source=LOCAL,
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
        if self.total == 0:
            return f"{self.kind.label}：尚无文号段，首次签发时将使用本机临时文号段"
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
