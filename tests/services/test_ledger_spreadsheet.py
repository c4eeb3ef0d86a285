"""A real spreadsheet program as the ledger's client: LibreOffice Calc opens the exported CSV and xlsx headless.

Every all-digit 统一社会信用代码 must keep its 18 characters (a number would print as 9.14309037300792E+17),
and the workbook must print on A4 landscape with every column on the first page's width.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from inspector_app.services import ledger
from inspector_app.services.context import App
from tests.services.test_ledger import demo_ledger, demo_template  # noqa: F401 - fixtures

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (libreoffice-calc-nogui)")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
CODE = ledger.EXPORT_HEADERS.index("统一社会信用代码")
# LibreOffice's CSV import options (documented in its help, "CSV Filter Options"): comma, double quote, UTF-8,
# from line 1, no column formats, default language, and token 7 "Format quoted field as text" = true.
CSV_AS_TEXT = "CSV:44,34,76,1,,0,true"


def office(tmp_path: Path, *args: str) -> None:
    """Run LibreOffice headless with a profile of this test's own, and the product's CJK font available."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    assert OFFICE is not None
    result = subprocess.run(
        [OFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FONTCONFIG_FILE": str(conf)},
    )
    assert result.returncode == 0, result.stderr


def sheet_strings(xlsx: Path) -> list[list[tuple[str, str | None, str]]]:
    """(reference, cell type, text) per cell of the first sheet, shared strings resolved."""
    with zipfile.ZipFile(xlsx) as zf:
        names = set(zf.namelist())
        shared = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(zf.read("xl/sharedStrings.xml")).iterfind("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
        sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iterfind("m:sheetData/m:row", NS):
        cells = []
        for c in row.iterfind("m:c", NS):
            kind = c.get("t")
            v = c.find("m:v", NS)
            if kind == "s" and v is not None:
                text = shared[int(v.text or 0)]
            elif kind == "inlineStr":
                text = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
            else:
                text = v.text or "" if v is not None else ""
            cells.append((c.get("r", ""), kind, text))
        rows.append(cells)
    return rows


def expected_codes(app: App) -> list[str]:
    rows = ledger.ledger_rows(app, ledger.ledger_keys(app))
    codes = [r["credit_code"] for r in rows]
    assert any(code.isdigit() for code in codes), "the data must hold an all-digit code, or nothing is tested"
    return codes


@needs_office
def test_calc_reads_every_credit_code_of_the_csv_as_its_18_characters(demo_ledger: App, tmp_path: Path) -> None:  # noqa: F811
    csv_file = tmp_path / "ledger.csv"
    ledger.export_ledger(demo_ledger, None, csv_file)
    out = tmp_path / "out"
    office(tmp_path, f"--infilter={CSV_AS_TEXT}", "--convert-to", "xlsx", "--outdir", str(out), str(csv_file))
    rows = sheet_strings(out / "ledger.xlsx")
    assert rows[0][CODE][2] == "统一社会信用代码"
    cells = [row[CODE] for row in rows[1:]]
    assert [text for _ref, _kind, text in cells] == expected_codes(demo_ledger)
    assert {kind for _ref, kind, _text in cells} == {"s"}, "every code is a text cell, none a number"
    # Numbers and dates stay what they are: 序号 is a number again.
    assert rows[1][0][1] != "s" and rows[1][0][2] == "1"


@needs_office
def test_calc_prints_the_workbook_landscape_with_every_column_on_the_page_width(
    demo_ledger: App,  # noqa: F811
    tmp_path: Path,
) -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils is not installed")
    book = tmp_path / "ledger.xlsx"
    ledger.export_ledger(demo_ledger, None, book)
    out = tmp_path / "out"
    office(tmp_path, "--convert-to", "pdf", "--outdir", str(out), str(book))
    # The codes as Calc read them from our workbook: text, 18 characters.
    office(tmp_path, "--convert-to", "xlsx", "--outdir", str(tmp_path / "back"), str(book))
    rows = sheet_strings(tmp_path / "back" / "ledger.xlsx")
    header = next(n for n, row in enumerate(rows) if row and row[0][2] == "序号")
    cells = [row[CODE] for row in rows[header + 1 :] if len(row) > CODE and row[CODE][2]]
    assert [text for _ref, _kind, text in cells] == expected_codes(demo_ledger)
    assert {kind for _ref, kind, _text in cells} == {"s"}

    pdf = out / "ledger.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info) or re.findall(
        r"Page size:\s+([\d.]+) x ([\d.]+)", info
    )
    width, height = (float(v) for v in sizes[0])
    assert (width, height) == (pytest.approx(841.89, abs=1), pytest.approx(595.3, abs=1)), "A4 landscape"
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages <= 4, f"{pages} pages for 28 rows: the columns do not fit one page width"
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        flat = re.sub(r"\s+", "", text)
        # Fit to width puts every column on each page; the repeated header row names them all.
        for title in ledger.EXPORT_HEADERS:
            assert title in flat, (page, title)
    first = subprocess.run(
        ["pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "隐患排查治理台账" in first and "填报单位：测试县应急管理局" in re.sub(r"\s+", "", first)
