"""The 隐患排查治理台账 as an Excel workbook a bureau clerk can print and file.

XlsxWriter in its constant_memory mode: each row goes to a temporary file as it is written, so a million-row
ledger never sits in memory. The sheet carries what the paper ledger carries — the issuing authority, the
title, 统计期间, 状态截至 and 制表日期 above the table, a 填表人 / 审核人 / 日期 line below it — and prints on
A4 landscape, every column on one page width, the header repeated on each page.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]  # XlsxWriter ships no type information

MAX_ROWS = 1_048_576  # rows per worksheet in Excel 2007 and later, everything included
MAX_CELL_CHARS = 32_767
SHEET_NAME = "隐患台账"
HEADER_ROW = 3  # rows 0-2: title, authority and period, dates
FOOTER_ROWS = 2  # a blank row, then 填表人 / 审核人 / 日期
# Rows other than the hazards: the three above the header, the header itself, and the sign-off below.
OVERHEAD_ROWS = HEADER_ROW + 1 + FOOTER_ROWS

# XML 1.0 cannot carry these at all; Excel would refuse the file.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


LINE_HEIGHT = 13.5  # points per line of 10 pt text
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
_WRAPPED = ("text", "label")


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` character units needs: a Chinese character takes about two units, any
    other about one (SimSun in Excel; a little generous for LibreOffice). Counted from the UTF-8 length, so a
    million rows cost no per-character loop."""
    usable = max(width - 0.3, 1.0)
    total = 0
    for part in text.split("\n"):
        wide = (len(part.encode("utf-8")) - len(part)) // 2  # CJK characters take three bytes
        units = 1.85 * wide + 1.0 * (len(part) - wide)
        total += max(1, math.ceil(units / usable))
    return total


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # Excel character units (a Chinese character takes about two)
    kind: str = "text"  # text (wrapped), label (centred), date, number, code (an identifier: never a number)


def clean_text(value: str) -> str:
    """Text as it can live in a cell: XML-legal, at most 32,767 characters. (XlsxWriter itself escapes a literal
    _xHHHH_, which Excel would otherwise decode.)"""
    return _ILLEGAL_XML.sub("", value)[:MAX_CELL_CHARS]


@dataclass(frozen=True)
class SheetTitle:
    authority: str  # 填报单位: the issuing authority setting
    title: str  # 隐患排查治理台账
    period: str  # 统计期间, e.g. 2026年11月1日至2026年11月30日, or 全部
    state_on: str  # the day the statuses are as at, e.g. 2026年11月30日
    made_on: str  # 制表日期


class LedgerWorkbook:
    """One worksheet: title rows, the header, one row per hazard, then the sign-off line.

    Values per row, one per column: str, int, date or None. Text is always written as text, so an all-digit
    统一社会信用代码 stays 18 characters, and a description that starts with "=" is never a formula.
    """

    def __init__(
        self, path: str | os.PathLike[str], columns: Sequence[Column], heading: SheetTitle, *, zip64: bool = False
    ) -> None:
        if not columns:
            raise ValueError("a ledger sheet needs at least one column")
        self.columns = tuple(columns)
        self.rows = 0
        self._closed = False
        self._book = xlsxwriter.Workbook(
            os.fspath(path),
            {
                "constant_memory": True,
                "use_zip64": zip64,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
            },
        )
        self._book.set_properties(
            {"title": f"{heading.title}（{heading.period}）", "author": heading.authority, "company": heading.authority}
        )
        try:
            self._sheet = self._book.add_worksheet(SHEET_NAME)
            self._formats = self._make_formats()
            self._setup_page(heading)
            self._write_heading(heading)
        except BaseException:
            self._closed = True
            self._book.close()  # releases its temporary files; the caller deletes what it wrote
            raise

    def _make_formats(self) -> dict[str, Any]:
        base = {"font_name": "宋体", "font_size": 10, "valign": "top", "border": 1}
        add = self._book.add_format
        return {
            "title": add({"font_name": "宋体", "font_size": 18, "bold": True, "align": "center", "valign": "vcenter"}),
            "info": add({"font_name": "宋体", "font_size": 11, "valign": "vcenter"}),
            "info_right": add({"font_name": "宋体", "font_size": 11, "valign": "vcenter", "align": "right"}),
            "header": add(
                {**base, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#DDE5F0"}
            ),
            "text": add({**base, "text_wrap": True}),
            "label": add({**base, "text_wrap": True, "align": "center"}),
            "code": add({**base, "align": "center", "num_format": "@"}),
            "date": add({**base, "align": "center", "num_format": "yyyy-mm-dd"}),
            "number": add({**base, "align": "center"}),
            "sign": add({"font_name": "宋体", "font_size": 11, "valign": "vcenter"}),
        }

    def _setup_page(self, heading: SheetTitle) -> None:
        sheet = self._sheet
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # every column on one page width, as many pages down as it takes
        sheet.set_margins(left=0.4, right=0.4, top=0.55, bottom=0.6)  # inches: about 10 mm, 14 mm, 15 mm
        sheet.center_horizontally()
        sheet.repeat_rows(HEADER_ROW)
        sheet.set_footer(f"&C&9{heading.title}　第 &P 页 共 &N 页")
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        for n, column in enumerate(self.columns):
            sheet.set_column(n, n, column.width)

    def _write_heading(self, heading: SheetTitle) -> None:
        sheet, f, last = self._sheet, self._formats, len(self.columns) - 1
        sheet.set_row(0, 30)
        self._span(0, 0, last, heading.title, f["title"])
        sheet.set_row(1, 20)
        half = last // 2
        self._span(1, 0, half, f"填报单位：{heading.authority}", f["info"])
        self._span(1, half + 1, last, f"统计期间：{heading.period}", f["info_right"])
        sheet.set_row(2, 20)
        self._span(2, 0, half, f"状态截至：{heading.state_on}", f["info"])
        self._span(2, half + 1, last, f"制表日期：{heading.made_on}", f["info_right"])
        sheet.set_row(HEADER_ROW, 30)
        for n, column in enumerate(self.columns):
            sheet.write_string(HEADER_ROW, n, column.header, f["header"])

    def _span(self, row: int, first: int, last: int, text: str, fmt: Any) -> None:
        """Text across columns first..last of a row (one cell when that is all there is)."""
        if last > first:
            self._sheet.merge_range(row, first, row, last, clean_text(text), fmt)
        else:
            self._sheet.write_string(row, first, clean_text(text), fmt)

    def write_row(self, values: Sequence[Any]) -> None:
        if self._closed:
            raise ValueError("the workbook is already closed")
        if len(values) != len(self.columns):
            raise ValueError(f"row has {len(values)} values for {len(self.columns)} columns")
        if HEADER_ROW + 1 + self.rows + FOOTER_ROWS >= MAX_ROWS:
            raise ValueError(f"a worksheet holds at most {MAX_ROWS} rows")
        r = HEADER_ROW + 1 + self.rows
        self.rows += 1
        sheet, f = self._sheet, self._formats
        # Neither Excel nor LibreOffice grows a row for wrapped text when it opens a file, so the row is given
        # the height its longest cell needs.
        lines = max(
            (_lines(str(v), c.width) for c, v in zip(self.columns, values, strict=True) if v and c.kind in _WRAPPED),
            default=1,
        )
        if lines > 1:
            sheet.set_row(r, min(lines * LINE_HEIGHT + 3, MAX_ROW_HEIGHT))
        for n, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            kind = column.kind
            fmt = f[kind]
            if value is None or value == "":
                sheet.write_blank(r, n, None, fmt)
            elif isinstance(value, datetime | date):
                moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
                sheet.write_datetime(r, n, moment.replace(tzinfo=None), f["date"])
            elif isinstance(value, int | float) and not isinstance(value, bool) and kind in ("number", "label"):
                sheet.write_number(r, n, value, f["number"])
            else:
                sheet.write_string(r, n, clean_text(str(value)), fmt)

    def close(self) -> None:
        """The autofilter over the rows written, the sign-off line, and the file. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        sheet, last = self._sheet, len(self.columns) - 1
        sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(self.rows, 1), last)
        sign = HEADER_ROW + 1 + self.rows + 1
        sheet.set_row(sign, 28)
        third = max((last + 1) // 3, 1)
        blank = "\u3000" * 8
        day = "日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"
        self._span(sign, 0, third - 1, f"填表人：{blank}", self._formats["sign"])
        self._span(sign, min(third, last), min(2 * third - 1, last), f"审核人：{blank}", self._formats["sign"])
        self._span(sign, min(2 * third, last), last, day, self._formats["sign"])
        self._book.close()

    def abort(self) -> None:
        """Give up: the workbook is finished as it stands (XlsxWriter has no other way to release its temporary
        files) and the caller deletes it."""
        if self._closed:
            return
        self._closed = True
        self._book.close()
