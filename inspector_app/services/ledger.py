"""隐患台账: every hazard, filtered and sorted, as row keys for a lazy table; rows one page at a time;
statistics by township and sector. The exports (.xlsx, .csv, .pdf) are in services/ledger_export.py and are
reachable from here too, so callers need only this module.

The ledger must open a million hazards without a stall, so the list of a filter is only its row keys. On
SQLite the key is the hazard table's rowid (an array of 64-bit integers: 8 MB for a million rows, and the
indexes carry it for free); on any other database it is the hazard's UUID. Keys are only meaningful for the
life of one ledger view: a VACUUM may renumber rowids, so never store them.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal_column, not_, or_, select
from sqlalchemy.engine import Row

from inspector_app.domain import hazard_lifecycle as life
from inspector_app.domain.enums import HazardLevel, HazardStatus, Sector
from inspector_app.domain.errors import ValidationError
from inspector_app.services.context import App
from inspector_app.services.ledger_history import HazardState
from inspector_app.services.timeutil import LOCAL_TZ, to_local, today
from inspector_app.store.models import Enterprise, Hazard

Keys = array | list[str]  # type: ignore[type-arg]
Progress = Callable[[int, int], bool]

_H = Hazard.__table__  # type: ignore[attr-defined]
_E = Enterprise.__table__  # type: ignore[attr-defined]
_JOINED = _H.join(_E, _E.c.id == _H.c.enterprise_id)

STATUS_OPEN = "open"  # pseudo status for the filter: every state before 销号
NO_TOWNSHIP = "（未填乡镇）"

# Sortable columns, in the order the table shows them.
SORT_FOUND = "found_at"
SORT_ENTERPRISE = "enterprise"
SORT_TOWNSHIP = "township"
SORT_SECTOR = "sector"
SORT_LEVEL = "level"
SORT_STATUS = "status"
SORT_DEADLINE = "deadline"
SORT_CLOSED = "closed_at"
SORT_COLUMNS = (
    SORT_FOUND,
    SORT_ENTERPRISE,
    SORT_TOWNSHIP,
    SORT_SECTOR,
    SORT_LEVEL,
    SORT_STATUS,
    SORT_DEADLINE,
    SORT_CLOSED,
)

_STATUS_ORDER = tuple(HazardStatus)  # lifecycle order: 登记 → 责令整改 → 整改中 → 复查不合格 → 销号
_SECTOR_ORDER = tuple(Sector)
_PAGE_QUERY = 500  # keys per IN (...) when fetching rows


@dataclass(frozen=True)
class LedgerFilter:
    """What the ledger shows. None (or empty) means "any". Codes or Chinese labels are both accepted."""

    township: str | None = None
    sector: str | None = None
    level: str | None = None
    status: str | None = None  # a HazardStatus value, or STATUS_OPEN for everything not yet 销号
    overdue_only: bool = False
    found_from: date | None = None  # Beijing dates, inclusive
    found_to: date | None = None
    text: str = ""  # in the description, the enterprise name or the credit code
    as_of: date | None = None  # the day overdue is judged against; today when None

    def __post_init__(self) -> None:
        norm = object.__setattr__
        norm(self, "township", self.township if self.township else None)
        norm(self, "sector", Sector.parse(self.sector).value if self.sector else None)
        norm(self, "level", _parse_level(self.level) if self.level else None)
        norm(self, "status", _parse_status(self.status) if self.status else None)
        norm(self, "text", (self.text or "").strip())
        if self.found_from and self.found_to and self.found_from > self.found_to:
            raise ValidationError("发现日期的起始日期不能晚于截止日期")

    @property
    def day(self) -> date:
        return self.as_of or today()


def _parse_level(text: str) -> str:
    for level in HazardLevel:
        if text in (level.value, level.label, level.label.removesuffix("隐患")):
            return level.value
    raise ValidationError(f"未知隐患级别“{text}”，可选：一般隐患、重大隐患")


def _parse_status(text: str) -> str:
    if text in (STATUS_OPEN, "未销号"):
        return STATUS_OPEN
    for status in HazardStatus:
        if text in (status.value, status.label):
            return status.value
    names = "、".join(s.label for s in HazardStatus)
    raise ValidationError(f"未知隐患状态“{text}”，可选：未销号、{names}")


def uses_rowid(app: App) -> bool:
    """SQLite keys rows by rowid; other databases by the hazard's UUID."""
    return app.reader.dialect.name == "sqlite"


def key_column(rowid: bool) -> ColumnElement[Any]:
    return literal_column("hazard.rowid") if rowid else _H.c.id


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


def _conditions(flt: LedgerFilter) -> tuple[list[ColumnElement[bool]], bool]:
    """WHERE terms for a filter, and whether they need the enterprise joined."""
    terms: list[ColumnElement[bool]] = []
    join = False
    if flt.township is not None:
        terms.append(_E.c.township == ("" if flt.township == NO_TOWNSHIP else flt.township))
        join = True
    if flt.sector:
        terms.append(_E.c.sector == flt.sector)
        join = True
    if flt.level:
        terms.append(_H.c.level == flt.level)
    if flt.status == STATUS_OPEN:
        terms.append(_H.c.status.in_(sorted(s.value for s in life.OPEN_STATES)))
    elif flt.status:
        terms.append(_H.c.status == flt.status)
    if flt.overdue_only:
        # Overdue is derived (see domain.hazard_lifecycle.is_overdue); this is the same rule in SQL, and it
        # runs on ix_hazard_status_deadline.
        terms.append(_H.c.status.in_(sorted(s.value for s in life.DEADLINE_STATES)))
        terms.append(_H.c.deadline.is_not(None))
        terms.append(_H.c.deadline < flt.day)
    if flt.found_from:
        terms.append(_H.c.found_at >= _local_midnight(flt.found_from))
    if flt.found_to:
        terms.append(_H.c.found_at < _local_midnight(flt.found_to + timedelta(days=1)))
    if flt.text:
        needle = flt.text
        terms.append(
            or_(
                _H.c.description.contains(needle, autoescape=True),
                _E.c.name.contains(needle, autoescape=True),
                _E.c.credit_code.contains(needle.upper(), autoescape=True),
            )
        )
        join = True
    return terms, join


def _overdue_expr(day: date) -> ColumnElement[bool]:
    return and_(
        _H.c.status.in_(sorted(s.value for s in life.DEADLINE_STATES)),
        _H.c.deadline.is_not(None),
        _H.c.deadline < day,
    )


@dataclass(frozen=True)
class _Segment:
    where: ColumnElement[bool] | None
    order_by: tuple[Any, ...]
    join: bool


def _segments(flt: LedgerFilter, sort: str, descending: bool, key: ColumnElement[Any]) -> list[_Segment]:
    """The ordered list as one or more queries whose results are concatenated.

    Sorting by status is one query per status in lifecycle order: each reads ix_hazard_status_deadline in
    order, with no sort of the whole table. Every order ends with the key, so equal values keep a stable order.
    """
    if sort not in SORT_COLUMNS:
        raise ValidationError(f"不能按“{sort}”排序")

    def d(column: Any) -> Any:
        return column.desc() if descending else column.asc()

    newest_first = key.desc()
    if sort == SORT_FOUND:
        return [_Segment(None, (d(_H.c.found_at), d(key)), False)]
    if sort == SORT_DEADLINE:
        return [_Segment(None, (d(_H.c.deadline).nulls_last(), newest_first), False)]
    if sort == SORT_CLOSED:
        return [_Segment(None, (d(_H.c.closed_at).nulls_last(), newest_first), False)]
    if sort == SORT_ENTERPRISE:
        return [_Segment(None, (d(_E.c.name), newest_first), True)]
    if sort == SORT_TOWNSHIP:
        return [_Segment(None, (d(_E.c.township), d(_E.c.name), newest_first), True)]
    if sort == SORT_SECTOR:
        rank = case({s.value: n for n, s in enumerate(_SECTOR_ORDER)}, value=_E.c.sector, else_=len(_SECTOR_ORDER))
        return [_Segment(None, (d(rank), d(_E.c.name), newest_first), True)]
    if sort == SORT_LEVEL:
        # "general" < "major": ascending reads 一般 → 重大.
        return [_Segment(None, (d(_H.c.level), d(_H.c.found_at), d(key)), False)]
    # SORT_STATUS
    wanted = _statuses_in_filter(flt)
    order = [s for s in _STATUS_ORDER if s.value in wanted]
    if descending:
        order.reverse()
    within = (_H.c.deadline.asc(), key.asc())
    segments = [_Segment(_H.c.status == s.value, within, False) for s in order]
    # A status this version does not know (a record from a newer device) is still listed, last.
    if flt.status is None and not flt.overdue_only:
        segments.append(_Segment(not_(_H.c.status.in_([s.value for s in _STATUS_ORDER])), within, False))
    return segments


def _statuses_in_filter(flt: LedgerFilter) -> set[str]:
    allowed = {s.value for s in HazardStatus}
    if flt.status == STATUS_OPEN:
        allowed &= {s.value for s in life.OPEN_STATES}
    elif flt.status:
        allowed &= {flt.status}
    if flt.overdue_only:
        allowed &= {s.value for s in life.DEADLINE_STATES}
    return allowed


def statements(
    flt: LedgerFilter, sort: str, descending: bool, columns: Sequence[Any], key: ColumnElement[Any], *, join: bool
) -> Iterator[Select[Any]]:
    terms, needs_join = _conditions(flt)
    for seg in _segments(flt, sort, descending, key):
        source = _JOINED if (join or needs_join or seg.join) else _H
        stmt = select(*columns).select_from(source)
        where = [*terms, *([seg.where] if seg.where is not None else [])]
        if where:
            stmt = stmt.where(*where)
        yield stmt.order_by(*seg.order_by)


def ledger_keys(
    app: App, flt: LedgerFilter | None = None, sort_column: str = SORT_FOUND, descending: bool = True
) -> Keys:
    """The row keys of every hazard the filter shows, in display order."""
    flt = flt or LedgerFilter()
    rowid = uses_rowid(app)
    key = key_column(rowid)
    keys: Keys = array("q") if rowid else []
    with app.read() as s:
        conn = s.connection()
        for stmt in statements(flt, sort_column, descending, [key], key, join=False):
            keys.extend(conn.execute(stmt).scalars())
    return keys


def count_hazards(app: App, flt: LedgerFilter | None = None) -> int:
    flt = flt or LedgerFilter()
    terms, join = _conditions(flt)
    stmt = select(func.count()).select_from(_JOINED if join else _H)
    if terms:
        stmt = stmt.where(*terms)
    with app.read() as s:
        return int(s.connection().execute(stmt).scalar_one())


def row_columns(key: ColumnElement[Any]) -> list[Any]:
    return [
        key.label("key"),
        _H.c.id,
        _H.c.enterprise_id,
        _H.c.inspection_id,
        _H.c.item_id,
        _H.c.description,
        _H.c.level,
        _H.c.legal_basis,
        _H.c.measure,
        _H.c.deadline,
        _H.c.status,
        _H.c.found_at,
        _H.c.closed_at,
        _E.c.name.label("enterprise_name"),
        _E.c.credit_code,
        _E.c.township,
        _E.c.sector,
    ]


def label(kind: Any, value: str) -> str:
    try:
        return str(kind(value).label)
    except ValueError:
        return value


def row_dict(row: Row[Any], day: date, state: HazardState | None = None) -> dict[str, Any]:
    """A ledger row as the table and the exports read it. `state` replaces the stored status, deadline and
    销号 time with what they were at an earlier moment (see ledger_history.states_at)."""
    deadline: date | None = state.deadline if state else row.deadline
    status_code: str = state.status if state else row.status
    try:
        status: HazardStatus | None = HazardStatus(status_code)
    except ValueError:
        status = None
    overdue = status is not None and life.is_overdue(status, deadline, day)
    found = to_local(row.found_at)
    closed = to_local(state.closed_at if state else row.closed_at)
    return {
        "key": row.key,
        "id": row.id,
        "enterprise_id": row.enterprise_id,
        "enterprise_name": row.enterprise_name,
        "credit_code": row.credit_code,
        "township": row.township,
        "sector": row.sector,
        "sector_label": label(Sector, row.sector),
        "inspection_id": row.inspection_id,
        "item_id": row.item_id,
        "description": row.description,
        "level": row.level,
        "level_label": label(HazardLevel, row.level),
        "legal_basis": row.legal_basis,
        "measure": row.measure,
        "status": status_code,
        "status_label": label(HazardStatus, status_code),
        "deadline": deadline,
        "days_left": life.days_left(deadline, day),
        "overdue": overdue,
        "overdue_days": (day - deadline).days if overdue and deadline else 0,
        "found_at": found,
        "found_date": found.date() if found else None,
        "closed_at": closed,
        "closed_date": closed.date() if closed else None,
    }


def ledger_rows(app: App, keys: Sequence[Any], *, as_of: date | None = None) -> list[dict[str, Any]]:
    """The rows for these keys (one page of the table), in the order given. Keys of deleted rows are skipped."""
    if not keys:
        return []
    day = as_of or today()
    key = key_column(uses_rowid(app))
    columns = row_columns(key)
    found: dict[Any, dict[str, Any]] = {}
    with app.read() as s:
        conn = s.connection()
        for start in range(0, len(keys), _PAGE_QUERY):
            chunk = list(keys[start : start + _PAGE_QUERY])
            stmt = select(*columns).select_from(_JOINED).where(key.in_(chunk))
            for row in conn.execute(stmt):
                found[row.key] = row_dict(row, day)
    return [found[k] for k in keys if k in found]


# ---- statistics ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatRow:
    code: str  # township name, or sector code; "" for the total
    name: str  # what people read
    found: int = 0
    closed: int = 0  # 复查合格销号: rectified
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.found - self.closed

    @property
    def rate(self) -> float | None:
        """整改率: closed / found; None when nothing was found."""
        return self.closed / self.found if self.found else None

    def plus(self, found: int, closed: int, overdue: int) -> StatRow:
        return StatRow(self.code, self.name, self.found + found, self.closed + closed, self.overdue + overdue)


@dataclass(frozen=True)
class LedgerStats:
    by_township: tuple[StatRow, ...]
    by_sector: tuple[StatRow, ...]
    total: StatRow
    as_of: date = field(default_factory=today)


def ledger_stats(app: App, flt: LedgerFilter | None = None) -> LedgerStats:
    """Found, rectified (销号), open and overdue per township and per sector, over what the filter shows."""
    flt = flt or LedgerFilter()
    day = flt.day
    terms, _join = _conditions(flt)
    closed = func.sum(case((_H.c.status == HazardStatus.CLOSED.value, 1), else_=0))
    overdue = func.sum(case((_overdue_expr(day), 1), else_=0))
    stmt = (
        select(_E.c.township, _E.c.sector, func.count(), closed, overdue)
        .select_from(_JOINED)
        .group_by(_E.c.township, _E.c.sector)
    )
    if terms:
        stmt = stmt.where(*terms)
    with app.read() as s:
        groups = s.connection().execute(stmt).all()
    towns: dict[str, StatRow] = {}
    sectors: dict[str, StatRow] = {}
    total = StatRow("", "合计")
    for town, sector, n_found, n_closed, n_overdue in groups:
        n_found, n_closed, n_overdue = int(n_found), int(n_closed or 0), int(n_overdue or 0)
        town_name = town or NO_TOWNSHIP
        towns[town_name] = towns.get(town_name, StatRow(town_name, town_name)).plus(n_found, n_closed, n_overdue)
        sectors[sector] = sectors.get(sector, StatRow(sector, label(Sector, sector))).plus(n_found, n_closed, n_overdue)
        total = total.plus(n_found, n_closed, n_overdue)
    sector_rank = {s.value: n for n, s in enumerate(_SECTOR_ORDER)}
    return LedgerStats(
        by_township=tuple(towns[t] for t in sorted(towns, key=lambda t: (t == NO_TOWNSHIP, t))),
        by_sector=tuple(sectors[c] for c in sorted(sectors, key=lambda c: (sector_rank.get(c, 99), c))),
        total=total,
        as_of=day,
    )


# The exports live in ledger_export (which builds on this module); callers reach them through here as before.
from inspector_app.services.ledger_export import (  # noqa: E402
    EXPORT_COLUMNS,
    EXPORT_HEADERS,
    PDF_MAX_ROWS,
    XLSX_MAX_ROWS,
    ExportResult,
    LedgerPeriod,
    default_export_name,
    export_ledger,
    month_period,
)

__all__ = [
    "EXPORT_COLUMNS",
    "EXPORT_HEADERS",
    "NO_TOWNSHIP",
    "PDF_MAX_ROWS",
    "SORT_COLUMNS",
    "STATUS_OPEN",
    "XLSX_MAX_ROWS",
    "ExportResult",
    "LedgerFilter",
    "LedgerPeriod",
    "LedgerStats",
    "StatRow",
    "count_hazards",
    "default_export_name",
    "export_ledger",
    "ledger_keys",
    "ledger_rows",
    "ledger_stats",
    "month_period",
    "uses_rowid",
]
