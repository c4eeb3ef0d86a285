"""A small, dependency-free .xlsx writer that streams rows.

One worksheet, inline strings (no shared-string table to hold in memory), a bold header row that stays
frozen while scrolling, column widths, and real date cells. The sheet XML is written into the zip member
row by row, so a million-row export never holds more than one buffer of XML in memory.

The package holds only the parts Excel and LibreOffice need: [Content_Types].xml, _rels/.rels,
xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/styles.xml and xl/worksheets/sheet1.xml.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

MAX_ROWS = 1_048_576  # rows per worksheet in Excel 2007 and later, header included
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767
MAX_SHEET_NAME = 31

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)

_ROOT_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)

_WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)

# Cell formats (cellXfs): 0 normal, 1 header (bold, tinted, ruled below), 2 date, 3 date and time.
STYLE_NORMAL, STYLE_HEADER, STYLE_DATE, STYLE_DATETIME = 0, 1, 2, 3
_FONT = '<sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/>'
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/>'
    "</numFmts>"
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="3">'
    '<fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE5F0"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2">'
    "<border><left/><right/><top/><bottom/><diagonal/></border>"
    '<border><left/><right/><top/><bottom style="thin"><color rgb="FF7F8FA6"/></bottom><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

# XML 1.0 cannot carry these at all; Excel would refuse the file.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel decodes _xHHHH_ inside strings; a literal one must have its underscore escaped as _x005F_.
_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_EPOCH = date(1899, 12, 30)
_FLUSH_BYTES = 1 << 16


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    if not 0 <= index < MAX_COLUMNS:
        raise ValueError(f"column index out of range: {index}")
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def clean_text(value: str) -> str:
    """Text as it can live in a cell: XML-legal, Excel escapes neutralised, at most 32,767 characters."""
    text = _ILLEGAL_XML.sub("", value)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    return text[:MAX_CELL_CHARS]


def excel_serial(value: date | datetime) -> float:
    """Days since 1899-12-30 (Excel's 1900 date system), with the time of day as a fraction."""
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)
        delta = naive - datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400_000_000
    return float((value - _EPOCH).days)


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


class XlsxWriter:
    """Write one worksheet row by row.

    >>> with XlsxWriter(path, ["名称", "日期"], widths=[30, 12]) as xw:
    ...     xw.write_row(["某公司", date(2026, 11, 23)])

    Values: str, int, float, bool, date, datetime (written as shown, time zone dropped) or None (empty cell).
    `zip64` must be set when the sheet XML may pass 2 GiB; Excel then warns once about repairing the file,
    so leave it off for anything smaller.
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | IO[bytes],
        headers: Sequence[str],
        *,
        widths: Sequence[float] | None = None,
        sheet_name: str = "Sheet1",
        zip64: bool = False,
    ) -> None:
        if not headers:
            raise ValueError("an xlsx sheet needs at least one column")
        if len(headers) > MAX_COLUMNS:
            raise ValueError(f"too many columns: {len(headers)} (Excel allows {MAX_COLUMNS})")
        if widths is not None and len(widths) != len(headers):
            raise ValueError("widths must give one width per header")
        name = sheet_name.strip()
        if not name or len(name) > MAX_SHEET_NAME or _BAD_SHEET_CHARS.search(name) or name.startswith("'"):
            raise ValueError(f"invalid worksheet name: {sheet_name!r}")
        self.columns = len(headers)
        self.rows_written = 0
        self._letters = [column_letter(i) for i in range(self.columns)]
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._closed = False
        self._buffer: list[str] = []
        self._buffered = 0
        try:
            self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
            self._zip.writestr("_rels/.rels", _ROOT_RELS)
            self._zip.writestr("xl/workbook.xml", _workbook(name))
            self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            self._zip.writestr("xl/styles.xml", _STYLES)
            self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64)
            self._sheet.write(_sheet_head(widths).encode("utf-8"))
            self._write_row(headers, STYLE_HEADER)
        except BaseException:
            self._zip.close()
            raise

    def write_row(self, values: Sequence[Any]) -> None:
        self._write_row(values, STYLE_NORMAL)

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self._write_row(row, STYLE_NORMAL)

    def _write_row(self, values: Sequence[Any], style: int) -> None:
        if self._closed:
            raise ValueError("the workbook is already closed")
        if len(values) > self.columns:
            raise ValueError(f"row has {len(values)} values for {self.columns} columns")
        if self.rows_written >= MAX_ROWS:
            raise ValueError(f"a worksheet holds at most {MAX_ROWS} rows")
        self.rows_written += 1
        r = self.rows_written
        cells = [f'<row r="{r}">']
        for letter, value in zip(self._letters, values, strict=False):
            if value is not None:
                cells.append(_cell(f"{letter}{r}", value, style))
        cells.append("</row>")
        chunk = "".join(cells)
        self._buffer.append(chunk)
        self._buffered += len(chunk)
        if self._buffered >= _FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._sheet.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()
            self._buffered = 0

    @property
    def data_rows(self) -> int:
        """Rows written below the header."""
        return max(self.rows_written - 1, 0)

    def close(self) -> None:
        """Finish the sheet and the zip. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            self._flush()
            self._sheet.write(b"</sheetData></worksheet>")
            self._sheet.close()
        finally:
            self._zip.close()

    def abort(self) -> None:
        """Release the file without caring whether it is a valid workbook (the caller deletes it)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._sheet.close()
        except (OSError, ValueError, RuntimeError):
            pass
        finally:
            self._zip.close()

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def write_xlsx(
    target: str | os.PathLike[str] | IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float] | None = None,
    sheet_name: str = "Sheet1",
) -> int:
    """Write a whole sheet in one call; returns the number of data rows."""
    with XlsxWriter(target, headers, widths=widths, sheet_name=sheet_name) as xw:
        xw.write_rows(rows)
        return xw.data_rows


def _workbook(sheet_name: str) -> str:
    return (
        _HEAD + f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets><sheet name={quoteattr(clean_text(sheet_name))} sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def _sheet_head(widths: Sequence[float] | None) -> str:
    cols = ""
    if widths:
        cols = (
            "<cols>"
            + "".join(
                f'<col min="{i}" max="{i}" width="{_number(round(float(w), 2))}" customWidth="1"/>'
                for i, w in enumerate(widths, start=1)
            )
            + "</cols>"
        )
    return (
        _HEAD + f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>' + cols + "<sheetData>"
    )


def _cell(ref: str, value: Any, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float) and not (isinstance(value, float) and not math.isfinite(value)):
        return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
    if isinstance(value, datetime):
        fmt = style or STYLE_DATETIME
        return f'<c r="{ref}" s="{fmt}"><v>{_number(excel_serial(value))}</v></c>'
    if isinstance(value, date):
        fmt = style or STYLE_DATE
        return f'<c r="{ref}" s="{fmt}"><v>{_number(excel_serial(value))}</v></c>'
    text = escape(clean_text(str(value)))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
