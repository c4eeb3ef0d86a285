"""The ledger workbook: cells of the right type, text made safe, rows streamed in constant memory."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from inspector_app.documents import ledger_xlsx
from inspector_app.documents.ledger_xlsx import Column, LedgerWorkbook, SheetTitle

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
COLUMNS = (Column("序号", 6, "number"), Column("日期", 11, "date"), Column("代码", 20, "code"), Column("描述", 30))
HEADING = SheetTitle(
    "湘中县应急管理局", "隐患排查治理台账", "2026年11月1日至2026年11月30日", "2026年11月30日", "2026年12月2日"
)


def cells(path: Path) -> dict[str, tuple[str | None, str]]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    out = {}
    for c in sheet.iter(f"{{{NS['m']}}}c"):
        v = c.find("m:v", NS)
        text = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t")) if v is None else v.text or ""
        out[c.get("r", "")] = (c.get("t"), text)
    return out


def test_cells_keep_their_types_and_text_is_never_a_number_or_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    book = LedgerWorkbook(path, COLUMNS, HEADING)
    book.write_row([1, date(2026, 11, 23), "914309037300791950", '=HYPERLINK("http://x","点我")'])
    book.write_row([2, None, "91430903MA4L2B3C4D", "a<b>&\x00\x07 _x0041_ 末"])
    book.close()
    got = cells(path)
    assert got["A1"] == ("inlineStr", "隐患排查治理台账")
    assert got["A2"][1] == "填报单位：湘中县应急管理局"
    assert got["A4"] == ("inlineStr", "序号")
    assert got["A5"] == (None, "1")
    assert got["B5"] == (None, "46349")  # 2026-11-23 as a date serial
    assert got["C5"] == ("inlineStr", "914309037300791950")
    assert got["D5"] == ("inlineStr", '=HYPERLINK("http://x","点我")')
    assert got["D6"][1] == "a<b>& _x005F_x0041_ 末"  # the XML holds the escape; Excel shows _x0041_
    assert "B6" not in got or got["B6"][1] == ""
    assert got["A8"][1].startswith("填表人：")  # after a blank row


def test_misuse_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LedgerWorkbook(tmp_path / "a.xlsx", (), HEADING)
    book = LedgerWorkbook(tmp_path / "b.xlsx", COLUMNS, HEADING)
    with pytest.raises(ValueError):
        book.write_row([1, 2])
    book.close()
    book.close()  # twice is fine
    with pytest.raises(ValueError):
        book.write_row([1, None, "x", "y"])


def test_tall_rows_for_long_text_and_no_more() -> None:
    assert ledger_xlsx._lines("短", 30) == 1
    assert ledger_xlsx._lines("字" * 16, 30) == 1  # SimSun 10 pt: 16 characters in 30 units
    assert ledger_xlsx._lines("字" * 17, 30) == 2
    assert ledger_xlsx._lines("甲\n乙\n丙", 8) == 3
    assert ledger_xlsx._lines("a" * 29, 30) == 1


def test_rows_stream_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    tracemalloc.start()
    try:
        book = LedgerWorkbook(path, COLUMNS, HEADING)
        for n in range(20_000):
            book.write_row([n + 1, date(2026, 1, 1), f"91430903{n:010d}", f"第{n + 1}行：" + "隐患描述文字" * 20])
        book.close()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Held in memory, 20,000 rows of 120 characters would take well over 20 MB.
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert sheet.count(b"<row ") == 4 + 20_000 + 1
