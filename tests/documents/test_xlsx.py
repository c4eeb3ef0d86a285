"""The streaming .xlsx writer: a valid package, the cells it promises, and files that office suites open."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from inspector_app.documents import xlsx
from inspector_app.documents.xlsx import XlsxWriter, write_xlsx

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
PARTS = {
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/worksheets/sheet1.xml",
}


def parse(path: Path) -> tuple[zipfile.ZipFile, ET.Element]:
    zf = zipfile.ZipFile(path)
    return zf, ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))


def cell_values(sheet: ET.Element) -> list[list[tuple[str, str | None, str | None]]]:
    """(reference, type, text) per cell, row by row."""
    rows = []
    for row in sheet.iterfind("m:sheetData/m:row", NS):
        cells = []
        for c in row.iterfind("m:c", NS):
            t = c.find("m:is/m:t", NS)
            v = c.find("m:v", NS)
            text = t.text if t is not None else (v.text if v is not None else None)
            cells.append((c.get("r", ""), c.get("t"), text))
        rows.append(cells)
    return rows


def test_the_package_has_every_part_and_each_is_well_formed_xml(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    write_xlsx(path, ["名称", "数量"], [["甲", 1]], widths=[20, 8], sheet_name="隐患台账")
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert set(zf.namelist()) == PARTS
        assert zf.namelist()[0] == "[Content_Types].xml"
        for name in zf.namelist():
            ET.fromstring(zf.read(name))  # raises on malformed XML
        types = zf.read("[Content_Types].xml").decode()
        assert "spreadsheetml.worksheet+xml" in types and "spreadsheetml.styles+xml" in types
        assert "隐患台账" in zf.read("xl/workbook.xml").decode("utf-8")
        styles = ET.fromstring(zf.read("xl/styles.xml"))
    header_xf = styles.findall("m:cellXfs/m:xf", NS)[xlsx.STYLE_HEADER]
    bold_font = styles.findall("m:fonts/m:font", NS)[int(header_xf.get("fontId", "0"))]
    assert bold_font.find("m:b", NS) is not None


def test_rows_cells_and_types(tmp_path: Path) -> None:
    path = tmp_path / "cells.xlsx"
    rows = [
        ["某某化工有限公司", 3, 2.5, True, date(2026, 11, 23), datetime(2026, 11, 23, 9, 30), None, "末"],
        ["  前后空格  ", -7, 1e-9, False, None, None, "", "x"],
    ]
    count = write_xlsx(path, ["文本", "整数", "小数", "是否", "日期", "时间", "空", "尾"], rows)
    assert count == 2
    zf, sheet = parse(path)
    zf.close()
    got = cell_values(sheet)
    assert [c[2] for c in got[0]] == ["文本", "整数", "小数", "是否", "日期", "时间", "空", "尾"]
    assert {c[1] for c in got[0]} == {"inlineStr"}
    first = {ref: (kind, text) for ref, kind, text in got[1]}
    assert first["A2"] == ("inlineStr", "某某化工有限公司")
    assert first["B2"] == (None, "3")
    assert first["C2"] == (None, "2.5")
    assert first["D2"] == ("b", "1")
    assert first["E2"] == (None, "46349")  # 2026-11-23 as an Excel serial day
    assert first["F2"][1] is not None and float(first["F2"][1]) == pytest.approx(46349 + 9.5 / 24)
    assert "G2" not in first, "None writes no cell at all"
    assert first["H2"] == ("inlineStr", "末")
    second = {ref: (kind, text) for ref, kind, text in got[2]}
    assert second["A3"][1] == "  前后空格  "
    assert second["G3"] == ("inlineStr", None)  # an empty string is an empty text cell
    styles = {c.get("r"): c.get("s") for c in sheet.iter(f"{{{NS['m']}}}c")}
    assert styles["A1"] == str(xlsx.STYLE_HEADER)
    assert styles["E2"] == str(xlsx.STYLE_DATE) and styles["F2"] == str(xlsx.STYLE_DATETIME)


def test_header_is_frozen_and_columns_have_widths(tmp_path: Path) -> None:
    path = tmp_path / "view.xlsx"
    write_xlsx(path, ["甲", "乙", "丙"], [], widths=[12, 30.5, 8])
    zf, sheet = parse(path)
    zf.close()
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1"
    assert pane.get("topLeftCell") == "A2"
    widths = [(c.get("min"), c.get("width"), c.get("customWidth")) for c in sheet.iterfind("m:cols/m:col", NS)]
    assert widths == [("1", "12", "1"), ("2", "30.5", "1"), ("3", "8", "1")]
    # Element order matters to Excel: sheetViews, sheetFormatPr, cols, sheetData.
    assert [child.tag.split("}")[1] for child in sheet] == ["sheetViews", "sheetFormatPr", "cols", "sheetData"]


def test_text_is_made_safe_for_xml_and_excel(tmp_path: Path) -> None:
    path = tmp_path / "text.xlsx"
    nasty = "a<b>&\"c\" 'd'\x00\x07\x1f\ufffe 换行\n制表\t _x0041_ 末"
    write_xlsx(path, ["内容"], [[nasty], ["x" * 40_000]])
    zf, sheet = parse(path)
    zf.close()
    got = cell_values(sheet)
    assert got[1][0][2] == "a<b>&\"c\" 'd' 换行\n制表\t _x005F_x0041_ 末"
    assert len(got[2][0][2] or "") == xlsx.MAX_CELL_CHARS


def test_column_letters() -> None:
    assert [xlsx.column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        xlsx.column_letter(16_384)


def test_excel_serials() -> None:
    assert xlsx.excel_serial(date(1900, 3, 1)) == 61
    assert xlsx.excel_serial(date(2026, 1, 1)) == 46023
    assert xlsx.excel_serial(datetime(2026, 1, 1, 18, 0)) == pytest.approx(46023.75)


def test_rows_stream_into_the_zip_without_piling_up(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with XlsxWriter(path, ["序号", "说明", "日期"], widths=[8, 40, 12]) as xw:
        for n in range(30_000):
            xw.write_row([n + 1, f"第{n + 1}行：隐患描述文字", date(2026, 1, 1)])
            assert xw._buffered < 1 << 17, "the writer must flush as it goes"
        assert xw.data_rows == 30_000
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.compress_size < info.file_size / 5
    zf2, sheet = parse(path)
    zf2.close()
    rows = sheet.findall("m:sheetData/m:row", NS)
    assert len(rows) == 30_001 and rows[-1].get("r") == "30001"


def test_misuse_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        XlsxWriter(tmp_path / "a.xlsx", [])
    with pytest.raises(ValueError):
        XlsxWriter(tmp_path / "b.xlsx", ["a"], sheet_name="坏/名字")
    with pytest.raises(ValueError):
        XlsxWriter(tmp_path / "c.xlsx", ["a"], sheet_name="x" * 32)
    with pytest.raises(ValueError):
        XlsxWriter(tmp_path / "d.xlsx", ["a", "b"], widths=[1])
    xw = XlsxWriter(tmp_path / "e.xlsx", ["a"])
    with pytest.raises(ValueError):
        xw.write_row([1, 2])
    xw.close()
    xw.close()  # twice is fine
    with pytest.raises(ValueError):
        xw.write_row([1])


def test_an_error_inside_the_with_block_still_releases_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with pytest.raises(RuntimeError), XlsxWriter(path, ["a"]) as xw:
        xw.write_row(["x"])
        raise RuntimeError("boom")
    path.unlink()  # the handle is closed (on Windows an open file could not be deleted)


def test_writes_to_a_binary_stream() -> None:
    buffer = io.BytesIO()
    write_xlsx(buffer, ["a"], [["甲"]])
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zf:
        assert set(zf.namelist()) == PARTS


def test_libreoffice_reads_what_we_write(tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    path = tmp_path / "lo.xlsx"
    write_xlsx(
        path,
        ["名称", "日期", "数量", "是否"],
        [['某某公司 <&> "引号"', date(2026, 11, 23), 3.5, True], ["第二行", None, 10, False]],
        widths=[30, 12, 8, 6],
        sheet_name="隐患台账",
    )
    result = subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "lo.csv").read_text(encoding="utf-8"))))
    assert rows == [
        ["名称", "日期", "数量", "是否"],
        ['某某公司 <&> "引号"', "2026-11-23", "3.5", "TRUE"],
        ["第二行", "", "10", "FALSE"],
    ]
