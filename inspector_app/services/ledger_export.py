"""The 隐患排查治理台账 exported: .xlsx for people (printed and filed), .csv for programs, .pdf for the report.

All three hold the same rows, in the ledger's order, with the same meaning of a period: the hazards found in
it, each with its status, deadline, overdue flag and 销号 date as at the period's last moment (Beijing time),
replayed from the hazard's history — not as on the day of export.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Generator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from inspector_app.documents.ledger_xlsx import MAX_ROWS as _SHEET_ROWS
from inspector_app.documents.ledger_xlsx import OVERHEAD_ROWS, Column, LedgerWorkbook, SheetTitle
from inspector_app.domain.enums import HazardLevel, HazardStatus, Sector
from inspector_app.domain.errors import StorageError, ValidationError
from inspector_app.services import ledger as q
from inspector_app.services import ledger_history as history
from inspector_app.services.context import App
from inspector_app.services.timeutil import LOCAL_TZ, today

TITLE = "隐患排查治理台账"
XLSX_MAX_ROWS = _SHEET_ROWS - OVERHEAD_ROWS  # hazards one worksheet holds beside its title, header and sign-off
PDF_MAX_ROWS = 20_000
_EXPORT_CHUNK = 2_000
# Past this many rows the sheet XML may pass 2 GiB and needs a ZIP64 member (Excel then offers a repair).
_XLSX_ZIP64_ROWS = 900_000

EXPORT_COLUMNS: tuple[Column, ...] = (
    Column("序号", 5.5, "number"),
    Column("发现日期", 10.5, "date"),
    Column("企业名称", 18),
    Column("统一社会信用代码", 19.5, "code"),
    Column("乡镇（街道）", 9, "label"),
    Column("行业", 10.5, "label"),
    Column("隐患描述", 30),
    Column("隐患级别", 8.5, "label"),
    Column("状态", 10, "label"),
    Column("整改期限", 10.5, "date"),
    Column("是否逾期", 5.5, "label"),
    Column("逾期天数", 5.5, "number"),
    Column("销号日期", 10.5, "date"),
    Column("整改措施", 24),
    Column("依据", 20),
    Column("文书文号", 17),
    Column("检查人员", 8, "label"),
    Column("隐患编号", 13),
)
EXPORT_HEADERS = tuple(c.header for c in EXPORT_COLUMNS)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    total: int
    cancelled: bool = False


@dataclass(frozen=True)
class LedgerPeriod:
    """统计期间: from `first` to `last`, Beijing dates, inclusive. Statuses are stated as at the end of `last`."""

    first: date
    last: date

    @property
    def end(self) -> datetime:
        """The first moment after the period (Beijing midnight): events from then on are not counted."""
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)

    @property
    def label(self) -> str:
        return f"{chinese_date(self.first)}至{chinese_date(self.last)}"

    def applied_to(self, flt: q.LedgerFilter | None) -> q.LedgerFilter:
        """The filter restricted to hazards found in the period, overdue judged on its last day."""
        flt = flt or q.LedgerFilter()
        if flt.status or flt.overdue_only:
            # Those filters read today's status; a period's ledger states the status at its end.
            raise ValidationError("按统计期间导出的台账列出期间内发现的全部隐患，不能同时按状态或逾期筛选")
        return replace(flt, found_from=self.first, found_to=self.last, as_of=self.last)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_period(text: str, *, on: date | None = None) -> LedgerPeriod:
    """The period of a month given as YYYY-MM. The current month ends today: its ledger states no day that
    has not happened yet. A month that has not begun is refused."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    month = int(match.group(2)) if match else 0
    if match is None or not 1 <= month <= 12:
        raise ValidationError(f"月份应写作 YYYY-MM，例如 2026-11：{text}")
    first = date(int(match.group(1)), month, 1)
    last = date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
    day = on or today()
    if first > day:
        raise ValidationError(f"{first.year}年{first.month}月尚未开始，不能导出该月台账")
    return LedgerPeriod(first, min(last, day))


_Chunks = Generator[list[dict[str, Any]], None, None]
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def default_export_name(flt: q.LedgerFilter | None, suffix: str, *, on: date | None = None) -> str:
    """隐患台账-城关镇-重大隐患-逾期-20261123.xlsx: what the file holds, readable in a folder listing."""
    flt = flt or q.LedgerFilter()
    parts = ["隐患台账"]
    if flt.township:
        parts.append(flt.township)
    if flt.sector:
        parts.append(q.label(Sector, flt.sector))
    if flt.level:
        parts.append(q.label(HazardLevel, flt.level))
    if flt.status:
        parts.append("未销号" if flt.status == q.STATUS_OPEN else q.label(HazardStatus, flt.status))
    if flt.overdue_only:
        parts.append("逾期")
    parts.append((on or today()).strftime("%Y%m%d"))
    return _UNSAFE_NAME.sub("_", "-".join(parts)) + suffix


def _export_values(row: dict[str, Any], number: int, *, one_per_line: bool = False) -> list[Any]:
    """A row's cells. one_per_line (the workbook) puts each 文号 and each name on its own line in its cell, so
    a narrow column wraps between them, never inside one."""
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
        ("\n" if one_per_line else "；").join(row["documents"]),
        ("\n" if one_per_line else "、").join(row["inspectors"]),
        row["id"],
    ]


# ---- CSV -----------------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_field(value: Any) -> str:
    """RFC 4180, with every text field quoted and numbers and dates bare: a program (or a spreadsheet told to
    "format quoted fields as text") reads the all-digit 统一社会信用代码 as the 18 characters it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_START):
        # A cell Excel would run as a formula (CSV injection) is kept as text.
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'


class _CsvSink:
    one_per_line = False

    def __init__(self, path: Path) -> None:
        # utf-8-sig writes the BOM that makes Excel read the file as UTF-8 instead of GBK.
        self.fh: IO[str] = open(path, "x", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in close()
        self.write(list(EXPORT_HEADERS))

    def write(self, values: list[Any]) -> None:
        self.fh.write(",".join(_csv_field(v) for v in values) + "\r\n")

    def close(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()

    def abort(self) -> None:
        self.fh.close()


class _XlsxSink:
    def __init__(self, path: Path, heading: SheetTitle, *, zip64: bool) -> None:
        self.path = path
        self.book = LedgerWorkbook(path, EXPORT_COLUMNS, heading, zip64=zip64)

    def write(self, values: list[Any]) -> None:
        self.book.write_row(values)

    one_per_line = True

    def close(self) -> None:
        self.book.close()
        with open(self.path, "rb") as fh:
            os.fsync(fh.fileno())

    def abort(self) -> None:
        self.book.abort()


# ---- rows ----------------------------------------------------------------------------------------------------


def _rows(app: App, flt: q.LedgerFilter, sort_column: str, descending: bool, end: datetime | None) -> _Chunks:
    """The rows in ledger order, a chunk at a time, with the state at `end` (today's when None), the
    documents issued by then and the inspectors."""
    day = flt.day
    key = q.key_column(q.uses_rowid(app))
    with app.read() as s:
        conn = s.connection()
        for stmt in q.statements(flt, sort_column, descending, q.row_columns(key), key, join=True):
            result = conn.execute(stmt)
            try:
                while batch := result.fetchmany(_EXPORT_CHUNK):
                    ids = [row.id for row in batch]
                    states = history.states_at(conn, ids, end) if end is not None else {}
                    pairs = [(row.id, row.inspection_id) for row in batch]
                    documents = history.documents_by_hazard(conn, pairs, end)
                    inspectors = history.inspectors_by_inspection(conn, (row.inspection_id for row in batch))
                    chunk = []
                    for row in batch:
                        values = q.row_dict(row, day, states.get(row.id))
                        values["documents"] = documents.get(row.id, [])
                        values["inspectors"] = inspectors.get(row.inspection_id, [])
                        chunk.append(values)
                    yield chunk
            finally:
                result.close()


def _heading(app: App, flt: q.LedgerFilter, period: LedgerPeriod | None) -> SheetTitle:
    if period is not None:
        span = period.label
    elif flt.found_from or flt.found_to:
        start = chinese_date(flt.found_from) if flt.found_from else ""
        span = f"{start}至{chinese_date(flt.found_to) if flt.found_to else ''}"
    else:
        span = "全部"
    return SheetTitle(
        authority=app.setting("authority"),
        title=TITLE,
        period=span,
        state_on=chinese_date(period.last if period else flt.day),
        made_on=chinese_date(today()),
    )


def export_ledger(
    app: App,
    flt: q.LedgerFilter | None,
    path: str | os.PathLike[str],
    progress: q.Progress | None = None,
    *,
    sort_column: str = q.SORT_FOUND,
    descending: bool = True,
    period: LedgerPeriod | None = None,
) -> ExportResult:
    """Write what the filter shows to .xlsx, .csv or .pdf (by the file's suffix), in the ledger's order.

    With a period, only the hazards found in it, each as it stood at the period's end. Rows are streamed in
    chunks. progress(done, total) is called after every chunk; returning False cancels. The file is written
    beside the target under a temporary name and renamed only when complete, so a cancelled or failed export
    leaves no partial file (and an existing file of that name untouched).
    """
    flt = period.applied_to(flt) if period is not None else (flt or q.LedgerFilter())
    target = Path(path)
    kind = target.suffix.lower()
    if kind not in (".xlsx", ".csv", ".pdf"):
        raise ValidationError(f"只能导出为 Excel 工作簿（.xlsx）、CSV 文件（.csv）或 PDF（.pdf）：{target.name}")
    if not target.parent.is_dir():
        raise ValidationError(f"导出的文件夹不存在：{target.parent}")
    if target.is_dir():
        raise ValidationError(f"“{target}”是一个文件夹，请另取文件名")
    total = q.count_hazards(app, flt)
    if kind == ".xlsx" and total > XLSX_MAX_ROWS:
        raise ValidationError(
            f"Excel 每个工作表最多 {XLSX_MAX_ROWS:,} 条，当前筛选有 {total:,} 条；请缩小筛选范围或导出为 CSV"
        )
    if kind == ".pdf" and total > PDF_MAX_ROWS:
        raise ValidationError(f"PDF 台账最多 {PDF_MAX_ROWS:,} 条，当前筛选有 {total:,} 条；请按月或按乡镇导出")
    if progress is not None and not progress(0, total):
        return ExportResult(target, 0, total, cancelled=True)
    heading = _heading(app, flt, period)
    rows = _rows(app, flt, sort_column, descending, period.end if period else None)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        done = (
            _write_pdf(rows, tmp, heading)
            if kind == ".pdf"
            else _write_table(rows, tmp, kind, heading, total, progress)
        )
        if done is None:
            tmp.unlink(missing_ok=True)
            return ExportResult(target, 0, total, cancelled=True)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise StorageError(f"无法写入导出文件 {target}：{reason}（请检查磁盘空间和文件夹权限，或换一个位置）") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportResult(target, done, total)


def _write_table(
    rows: _Chunks,
    tmp: Path,
    kind: str,
    heading: SheetTitle,
    total: int,
    progress: q.Progress | None,
) -> int | None:
    """Stream the rows into a CSV or xlsx file; the number written, or None when cancelled."""
    sink = _CsvSink(tmp) if kind == ".csv" else _XlsxSink(tmp, heading, zip64=total > _XLSX_ZIP64_ROWS)
    done = 0
    try:
        for chunk in rows:
            for row in chunk:
                done += 1
                sink.write(_export_values(row, done, one_per_line=sink.one_per_line))
            if progress is not None and not progress(done, total):
                rows.close()
                sink.abort()
                return None
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return done


def _write_pdf(rows: _Chunks, tmp: Path, heading: SheetTitle) -> int:
    from inspector_app.documents.ledger_pdf import write_ledger_pdf

    every = [row for chunk in rows for row in chunk]
    write_ledger_pdf(
        every,
        tmp,
        authority=heading.authority,
        title=heading.title,
        period=heading.period,
        state_on=heading.state_on,
        made_on=heading.made_on,
    )
    return len(every)
