"""证据照片附页: the evidence photos after the body, two per row, each with what, where, when and who.

The photos arrive already downscaled for print (see photos_for_print.downscale_for_print) and are embedded
as they are: the JPEG bytes go into the PDF untouched (DCTDecode), so nothing is decoded or re-encoded here.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData, PhotoEntry

COLUMNS = 2
GAP = 6 * mm
PHOTO_HEIGHT = 52 * mm


def taken_text(photo: PhotoEntry, words: L.Words) -> str:
    if photo.taken_at is None:
        return words("appendix.no_time")
    return words("appendix.taken_at", time=L.beijing(photo.taken_at).strftime("%Y-%m-%d %H:%M"))


def gps_text(photo: PhotoEntry, words: L.Words) -> str:
    if photo.gps is None:
        return words("appendix.no_gps")
    lat, lon = photo.gps
    return words("appendix.gps", lat=f"{lat:.6f}", lon=f"{lon:.6f}")


def _cell(n: int, photo: PhotoEntry, words: L.Words, styles: L.Styles, width: float) -> list[Flowable]:
    lines = [
        words("appendix.caption", n=n, caption=photo.caption) if photo.caption else words("appendix.photo_no", n=n),
        words("appendix.finding", finding_no=photo.finding_no)
        if photo.finding_no is not None
        else words("appendix.no_finding"),
        taken_text(photo, words),
        gps_text(photo, words),
        words("appendix.added_by", name=photo.added_by),
    ]
    return [
        L.Picture(photo.jpeg, width, PHOTO_HEIGHT),
        Spacer(1, 1.5 * mm),
        *(L.para(line, styles.caption) for line in lines),
    ]


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    if not data.photos:
        return []
    words = L.words_for(data)
    kind = L.kind_of(data)
    width = (L.CONTENT_WIDTH - GAP * (COLUMNS - 1)) / COLUMNS
    # A cell is a column of flowables, or "" for the blanks that fill out the last row.
    cells: list[list[Flowable] | str] = [_cell(n, p, words, styles, width) for n, p in enumerate(data.photos, 1)]
    rows = [cells[i : i + COLUMNS] for i in range(0, len(cells), COLUMNS)]
    if len(rows[-1]) < COLUMNS:
        rows[-1] = rows[-1] + [""] * (COLUMNS - len(rows[-1]))
    table = Table(rows, colWidths=[width + GAP / 2] * COLUMNS, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), GAP / 2),
                ("LEFTPADDING", (1, 0), (1, -1), GAP / 2),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    intro = words("appendix.intro", title=words(f"{kind.value}.title"), number=data.number, count=len(data.photos))
    return [
        PageBreak(),
        L.para(words("appendix.title"), styles.heading),
        L.para(intro, styles.note, keep=[data.number]),
        table,
    ]
