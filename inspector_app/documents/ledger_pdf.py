"""The printed 隐患排查治理台账: landscape A4 table of hazards, the column header on every page, page numbers,
and the 填表人 / 审核人 / 日期 line a clerk signs below the last row.

Rows are the dicts of services.ledger.ledger_rows. A ledger may run to 20 000 rows, so the table is laid out
in linear time: every row is its own one-row table (ReportLab re-measures all remaining rows of a table each
time it splits one across a page, which is quadratic), and the column header is drawn by the page itself, at
the top of every page, with the same column widths. A description too long for one page continues in
continuation rows below its row.

No word is broken across lines: short cells (乡镇, 行业, 级别, 状态, 文号, names) wrap only between their
parts, and sector names, hazard levels and 文号 inside longer text are kept whole.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from inspector_app.documents import layout as L
from inspector_app.domain.enums import HazardLevel, Sector

PAGE = landscape(A4)
MARGIN_X = 12 * mm
MARGIN_TOP = 36 * mm  # authority, title, subtitle and the column header live here
MARGIN_BOTTOM = 14 * mm
TABLE_WIDTH = PAGE[0] - 2 * MARGIN_X

# (header, width in mm, wrapped?) — scaled to the table width (273 mm).
COLUMNS: tuple[tuple[str, float, bool], ...] = (
    ("序号", 9, False),
    ("企业", 34, True),
    ("乡镇", 19, True),
    ("行业", 19, True),
    ("隐患描述", 50, True),
    ("级别", 15, True),
    ("发现日期", 19, False),
    ("整改期限", 19, False),
    ("状态", 22, True),
    ("销号日期", 19, False),
    ("文书文号", 31, True),
    ("检查人员", 17, True),
)
# Cells that are names or labels: they may wrap only between their parts, never inside one.
SHORT_CELLS = frozenset({2, 3, 5, 8, 10, 11})
# Words that must not be split wherever they appear (a sector name, a hazard level).
KEEP_WORDS = tuple(
    sorted({*(s.label for s in Sector), *(lv.label for lv in HazardLevel), "重大事故隐患"}, key=len, reverse=True)
)
# Parts of a short cell: plain runs, a bracketed （…）, a 〔year〕number, and the separators between them.
_PARTS = re.compile(r"[^、；，（〔]+|（[^）]*）?|〔[^〕]*〕[^、；，（〔]*|[、；，]")
DESCRIPTION = 4  # index of 隐患描述
DESCRIPTION_CHUNK = 500  # characters per printed row: about 330 pt of a 470 pt page
MAX_CELL = 120  # any other cell is cut here (names and labels are far shorter)
PADDING = 3  # points, left and right in every cell
GRID = colors.HexColor("#444444")
HEAD_FILL = colors.HexColor("#E8E8E8")
EMPTY = "—"


def _widths() -> list[float]:
    raw = [w * mm for _h, w, _wrap in COLUMNS]
    scale = (TABLE_WIDTH - 0.5) / sum(raw)  # a hair narrower: float rounding must not make a row wider than the frame
    return [w * scale for w in raw]


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        value = L.beijing(value).date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value else EMPTY


def _status(row: dict[str, Any]) -> str:
    text = str(row.get("status_label") or row.get("status") or "")
    if row.get("overdue"):
        days = int(row.get("overdue_days") or 0)
        text += f"（逾期{days}天）" if days else "（逾期）"
    return text


def row_values(row: dict[str, Any], number: int) -> list[str]:
    """One ledger row as the twelve printed strings."""
    return [
        str(number),
        str(row.get("enterprise_name") or ""),
        str(row.get("township") or EMPTY),
        str(row.get("sector_label") or row.get("sector") or ""),
        str(row.get("description") or ""),
        str(row.get("level_label") or row.get("level") or ""),
        _day(row.get("found_date") or row.get("found_at")),
        _day(row.get("deadline")),
        _status(row),
        _day(row.get("closed_date") or row.get("closed_at")),
        "；".join(row.get("documents") or ()) or EMPTY,
        "、".join(row.get("inspectors") or ()) or EMPTY,
    ]


def keep_whole(column: int, text: str) -> list[str]:
    """The pieces of a cell's text that must stay on one line."""
    if column in SHORT_CELLS:
        # 整改中（逾期4天） → 整改中, （逾期4天）; 王建国、李晓梅 → each name; （赫）应急责改〔2026〕12号 →
        # （赫）, 应急责改, 〔2026〕12号.
        return [p for p in _PARTS.findall(text) if len(p) > 1]
    return [w for w in KEEP_WORDS if w in text]


def _grid_style(font: str, *, head: bool = False) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 9),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("ALIGN", (6, 0), (7, -1), "CENTER"),
        ("ALIGN", (9, 0), (9, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
    ]
    if head:
        commands += [("BACKGROUND", (0, 0), (-1, -1), HEAD_FILL), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
    return TableStyle(commands)


def _row_tables(values: list[str], styles: L.Styles, widths: list[float]) -> list[Flowable]:
    """A row, or — when its description is too long for one page — the row and continuation rows that carry
    the rest of the description (a table row never splits across pages, so none may be taller than a page)."""
    description = values[DESCRIPTION]
    pieces = [description[i : i + DESCRIPTION_CHUNK] for i in range(0, len(description), DESCRIPTION_CHUNK)] or [""]
    first = [*values[:DESCRIPTION], pieces[0], *values[DESCRIPTION + 1 :]]
    first = [v if len(v) <= MAX_CELL or n == DESCRIPTION else v[: MAX_CELL - 1] + "…" for n, v in enumerate(first)]
    tables: list[Flowable] = [_row_table(first, styles, widths)]
    for piece in pieces[1:]:
        more = [""] * len(COLUMNS)
        more[DESCRIPTION] = piece
        tables.append(_row_table(more, styles, widths))
    return tables


def _row_table(values: Sequence[str], styles: L.Styles, widths: list[float]) -> Table:
    cells: list[Any] = []
    for n, (value, (_h, _w, wrap)) in enumerate(zip(values, COLUMNS, strict=True)):
        inner = widths[n] - 2 * PADDING
        cells.append(L.para(value, styles.cell, keep=keep_whole(n, value), width=inner) if wrap else value)
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle(_grid_style(styles.font))
    return table


def _header_table(styles: L.Styles, widths: list[float]) -> Table:
    table = Table([[Paragraph(h, styles.cell_head) for h, _w, _wrap in COLUMNS]], colWidths=widths)
    table.setStyle(_grid_style(styles.font, head=True))
    return table


def sign_off(styles: L.Styles) -> Table:
    """填表人 / 审核人 / 日期: signed by hand on the printed ledger."""
    gap = "\u3000" * 9
    cells = [f"填表人：{gap}", f"审核人：{gap}", "日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"]
    table = Table([cells], colWidths=[TABLE_WIDTH / 3] * 3, hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), styles.font, 11), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def write_ledger_pdf(
    rows: list[dict[str, Any]],
    path: str | os.PathLike[str],
    *,
    authority: str,
    title: str,
    period: str,
    state_on: str = "",
    made_on: str = "",
) -> None:
    """Write the ledger to `path` (the caller renames it into place).

    `period` is the 统计期间, `state_on` the day the statuses are as at, `made_on` the 制表日期 (today's
    date when empty)."""
    styles = L.make_styles()
    widths = _widths()
    header = _header_table(styles, widths)
    _hw, header_height = header.wrap(TABLE_WIDTH, PAGE[1])
    top = PAGE[1] - MARGIN_TOP
    made = made_on or _chinese(datetime.now(L.BEIJING).date())
    parts = [f"统计期间：{period}", *([f"状态截至：{state_on}"] if state_on else []), f"制表日期：{made}"]
    info = "　　　".join(parts)
    count = f"共 {len(rows)} 条"

    def decorate(canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.setFont(styles.font, 12)
        canv.drawCentredString(PAGE[0] / 2, PAGE[1] - 11 * mm, authority)
        text = canv.beginText()
        canv.setLineWidth(0.35)
        text.setTextRenderMode(2)
        text.setFont(styles.font, 16)
        text.setTextOrigin((PAGE[0] - stringWidth(title, styles.font, 16)) / 2, PAGE[1] - 19 * mm)
        text.textOut(title)
        canv.drawText(text)
        canv.setFont(styles.font, 9.5)
        canv.drawString(MARGIN_X, top + header_height + 2.5 * mm, info)
        canv.drawRightString(PAGE[0] - MARGIN_X, top + header_height + 2.5 * mm, count)
        header.drawOn(canv, MARGIN_X, top)
        canv.setFont(styles.font, 9)
        canv.drawCentredString(PAGE[0] / 2, 7 * mm, f"{title}　　第 {page} 页 共 {pages} 页")
        canv.restoreState()

    story: list[Flowable] = []
    for n, row in enumerate(rows, 1):
        story += _row_tables(row_values(row, n), styles, widths)
    if not story:
        story = [L.para("（无记录）", styles.plain)]
    # The sign-off never stands alone on a page: it takes the last row with it.
    story[-1] = KeepTogether([story[-1], Spacer(1, 8 * mm), sign_off(styles)])
    pdf = L.build_pdf(
        story,
        title=f"{title}（{period}）",
        author=authority,
        subject=f"{title}：{period}，共{len(rows)}条",
        keywords=title,
        decorate=decorate,
        creation=datetime.now(L.BEIJING).date(),
        pagesize=PAGE,
        margins=(MARGIN_TOP, MARGIN_X, MARGIN_BOTTOM, MARGIN_X),
    )
    with open(path, "wb") as fh:
        fh.write(pdf)


def _chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
