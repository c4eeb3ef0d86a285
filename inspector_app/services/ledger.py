"""隐患台账: every hazard, filtered and sorted, as row keys for a lazy table; rows one page at a time;
statistics by township and sector; and exports to .xlsx and .csv.

The ledger must open a million hazards without a stall, so the list of a filter is only its row keys. On
SQLite the key is the hazard table's rowid (an array of 64-bit integers: 8 MB for a million rows, and the
indexes carry it for free); on any other database it is the hazard's UUID. Keys are only meaningful for the
life of one ledger view: a VACUUM may renumber rowids, so never store them.
"""

from __future__ import annotations

import csv
import os
import re
import secrets
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal_column, not_, or_, select
from sqlalchemy.engine import Row

from inspector_app.documents.xlsx import MAX_ROWS as XLSX_MAX_ROWS
from inspector_app.documents.xlsx import XlsxWriter
from inspector_app.domain import hazard_lifecycle as life
from inspector_app.domain.enums import HazardLevel, HazardStatus, Sector
from inspector_app.domain.errors import StorageError, ValidationError
from inspector_app.services.context import App
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
_EXPORT_CHUNK = 2_000
# Past this many rows the sheet XML may pass 2 GiB and needs a ZIP64 member (Excel then offers a repair).
_XLSX_ZIP64_ROWS = 900_000


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


def _key_column(rowid: bool) -> ColumnElement[Any]:
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


def _statements(
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
    key = _key_column(rowid)
    keys: Keys = array("q") if rowid else []
    with app.read() as s:
        conn = s.connection()
        for stmt in _statements(flt, sort_column, descending, [key], key, join=False):
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


def _row_columns(key: ColumnElement[Any]) -> list[Any]:
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


def _label(kind: Any, value: str) -> str:
    try:
        return str(kind(value).label)
    except ValueError:
        return value


def _as_dict(row: Row[Any], day: date) -> dict[str, Any]:
    deadline: date | None = row.deadline
    try:
        status: HazardStatus | None = HazardStatus(row.status)
    except ValueError:
        status = None
    overdue = status is not None and life.is_overdue(status, deadline, day)
    found = to_local(row.found_at)
    closed = to_local(row.closed_at)
    return {
        "key": row.key,
        "id": row.id,
        "enterprise_id": row.enterprise_id,
        "enterprise_name": row.enterprise_name,
        "credit_code": row.credit_code,
        "township": row.township,
        "sector": row.sector,
        "sector_label": _label(Sector, row.sector),
        "inspection_id": row.inspection_id,
        "item_id": row.item_id,
        "description": row.description,
        "level": row.level,
        "level_label": _label(HazardLevel, row.level),
        "legal_basis": row.legal_basis,
        "measure": row.measure,
        "status": row.status,
        "status_label": _label(HazardStatus, row.status),
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
    key = _key_column(uses_rowid(app))
    columns = _row_columns(key)
    found: dict[Any, dict[str, Any]] = {}
    with app.read() as s:
        conn = s.connection()
        for start in range(0, len(keys), _PAGE_QUERY):
            chunk = list(keys[start : start + _PAGE_QUERY])
            stmt = select(*columns).select_from(_JOINED).where(key.in_(chunk))
            for row in conn.execute(stmt):
                found[row.key] = _as_dict(row, day)
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
        sectors[sector] = sectors.get(sector, StatRow(sector, _label(Sector, sector))).plus(
            n_found, n_closed, n_overdue
        )
        total = total.plus(n_found, n_closed, n_overdue)
    sector_rank = {s.value: n for n, s in enumerate(_SECTOR_ORDER)}
    return LedgerStats(
        by_township=tuple(towns[t] for t in sorted(towns, key=lambda t: (t == NO_TOWNSHIP, t))),
        by_sector=tuple(sectors[c] for c in sorted(sectors, key=lambda c: (sector_rank.get(c, 99), c))),
        total=total,
        as_of=day,
    )


# ---- export -------------------------------------------------------------------------------------------------

# (header, width in Excel character units)
EXPORT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 7),
    ("发现日期", 12),
    ("企业名称", 34),
    ("统一社会信用代码", 22),
    ("乡镇（街道）", 13),
    ("行业", 11),
    ("隐患描述", 50),
    ("隐患级别", 10),
    ("状态", 12),
    ("整改期限", 12),
    ("是否逾期", 9),
    ("逾期天数", 9),
    ("销号日期", 12),
    ("整改措施", 44),
    ("依据", 40),
    ("隐患编号", 38),
)
EXPORT_HEADERS = tuple(h for h, _w in EXPORT_COLUMNS)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    total: int
    cancelled: bool = False


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def default_export_name(flt: LedgerFilter | None, suffix: str, *, on: date | None = None) -> str:
    """隐患台账-城关镇-重大隐患-逾期-20261123.xlsx: what the file holds, readable in a folder listing."""
    flt = flt or LedgerFilter()
    parts = ["隐患台账"]
    if flt.township:
        parts.append(flt.township)
    if flt.sector:
        parts.append(_label(Sector, flt.sector))
    if flt.level:
        parts.append(_label(HazardLevel, flt.level))
    if flt.status:
        parts.append("未销号" if flt.status == STATUS_OPEN else _label(HazardStatus, flt.status))
    if flt.overdue_only:
        parts.append("逾期")
    parts.append((on or today()).strftime("%Y%m%d"))
    return _UNSAFE_NAME.sub("_", "-".join(parts)) + suffix


def _export_values(row: dict[str, Any], number: int) -> list[Any]:
    return [
        number,
        row["found_date"],
        row["enterprise_name"],
        row["credit_code"],
        row["township"],
        row["sector_label"],
        row["description"],
        row["level_label"],
        row["status_label"],
        row["deadline"],
        "是" if row["overdue"] else "否",
        row["overdue_days"] or None,
        row["closed_date"],
        row["measure"],
        row["legal_basis"],
        row["id"],
    ]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # A cell Excel would run as a formula (CSV injection) is kept as text.
        return "'" + value
    return value


class _CsvSink:
    def __init__(self, path: Path) -> None:
        # utf-8-sig writes the BOM that makes Excel read the file as UTF-8 instead of GBK.
        self.fh: IO[str] = open(path, "x", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in close()
        self.writer = csv.writer(self.fh)
        self.writer.writerow(EXPORT_HEADERS)

    def write(self, values: list[Any]) -> None:
        self.writer.writerow([_csv_cell(v) for v in values])

    def close(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()

    def abort(self) -> None:
        self.fh.close()


class _XlsxSink:
    def __init__(self, path: Path, *, zip64: bool) -> None:
        self.fh: IO[bytes] = open(path, "xb")  # noqa: SIM115 - closed in close()
        try:
            self.book = XlsxWriter(
                self.fh,
                EXPORT_HEADERS,
                widths=[w for _h, w in EXPORT_COLUMNS],
                sheet_name="隐患台账",
                zip64=zip64,
            )
        except BaseException:
            self.fh.close()
            raise

    def write(self, values: list[Any]) -> None:
        self.book.write_row(values)

    def close(self) -> None:
        self.book.close()
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()

    def abort(self) -> None:
        try:
            self.book.abort()
        finally:
            self.fh.close()


def export_ledger(
    app: App,
    flt: LedgerFilter | None,
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    *,
    sort_column: str = SORT_FOUND,
    descending: bool = True,
    period: str = "",
) -> ExportResult:
    """Write what the filter shows to .xlsx, .csv or .pdf (by the file's suffix), in the ledger's order.

    Rows are streamed in chunks. progress(done, total) is called after every chunk; returning False cancels.
    The file is written beside the target under a temporary name and renamed only when complete, so a
    cancelled or failed export leaves no partial file (and an existing file of that name untouched).
    """
    flt = flt or LedgerFilter()
    target = Path(path)
    kind = target.suffix.lower()
    if kind not in (".xlsx", ".csv", ".pdf"):
        raise ValidationError(f"只能导出为 Excel 工作簿（.xlsx）、CSV 文件（.csv）或 PDF（.pdf）：{target.name}")
    if not target.parent.is_dir():
        raise ValidationError(f"导出的文件夹不存在：{target.parent}")
    if target.is_dir():
        raise ValidationError(f"“{target}”是一个文件夹，请另取文件名")
    total = count_hazards(app, flt)
    if kind == ".xlsx" and total > XLSX_MAX_ROWS - 1:
        raise ValidationError(
            f"Excel 每个工作表最多 {XLSX_MAX_ROWS - 1:,} 行，当前筛选有 {total:,} 条；请缩小筛选范围或导出为 CSV"
        )
    if progress is not None and not progress(0, total):
        return ExportResult(target, 0, total, cancelled=True)
    if kind == ".pdf":
        return _export_pdf(app, flt, target, total, sort_column, descending, period)
    day = flt.day
    key = _key_column(uses_rowid(app))
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    done = 0
    cancelled = False
    try:
        sink: _CsvSink | _XlsxSink = _CsvSink(tmp) if kind == ".csv" else _XlsxSink(tmp, zip64=total > _XLSX_ZIP64_ROWS)
        try:
            with app.read() as s:
                conn = s.connection()
                for stmt in _statements(flt, sort_column, descending, _row_columns(key), key, join=True):
                    result = conn.execute(stmt)
                    try:
                        while batch := result.fetchmany(_EXPORT_CHUNK):
                            for row in batch:
                                done += 1
                                sink.write(_export_values(_as_dict(row, day), done))
                            if progress is not None and not progress(done, total):
                                cancelled = True
                                break
                    finally:
                        result.close()
                    if cancelled:
                        break
        except BaseException:
            sink.abort()
            raise
        if cancelled:
            sink.abort()
            tmp.unlink(missing_ok=True)
            return ExportResult(target, 0, total, cancelled=True)
        sink.close()
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise StorageError(f"无法写入导出文件 {target}：{reason}（请检查磁盘空间和文件夹权限，或换一个位置）") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportResult(target, done, total)


PDF_MAX_ROWS = 20_000


def _export_pdf(
    app: App, flt: LedgerFilter, target: Path, total: int, sort_column: str, descending: bool, period: str
) -> ExportResult:
    """The printed 隐患排查治理台账 (landscape A4), for the monthly report to the bureau."""
    from inspector_app.documents.ledger_pdf import write_ledger_pdf

    if total > PDF_MAX_ROWS:
        raise ValidationError(f"PDF 台账最多 {PDF_MAX_ROWS:,} 条，当前筛选有 {total:,} 条；请按月或按乡镇导出")
    keys = ledger_keys(app, flt, sort_column, descending)
    rows: list[dict[str, Any]] = []
    for start in range(0, len(keys), _EXPORT_CHUNK):
        rows += ledger_rows(app, keys[start : start + _EXPORT_CHUNK], as_of=flt.as_of)
    authority = app.setting("authority")
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        write_ledger_pdf(rows, tmp, authority=authority, title="隐患排查治理台账", period=period or "全部")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"无法写入导出文件 {target}：{exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportResult(target, len(rows), total)
