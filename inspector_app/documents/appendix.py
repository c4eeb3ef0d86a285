"""证据照片附页: the evidence photos after the body, each with what, who took it, when and where.

Two per row in the order given; in a 整改复查意见书 whose photos carry a stage, per problem the photos before
rectification (整改前) on the left beside those taken at the 复查 (整改后) on the right.

The photos arrive already downscaled for print (see photos_for_print.downscale_for_print) and are embedded
as they are: the JPEG bytes go into the PDF untouched (DCTDecode), so nothing is decoded or re-encoded here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import count, zip_longest
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from inspector_app.documents import layout as L
from inspector_app.documents.data import DocumentData, PhotoEntry
from inspector_app.domain.enums import DocumentKind

COLUMNS = 2
GAP = 6 * mm
PHOTO_HEIGHT = 52 * mm
STAGES = ("before", "after")

Cell = list[Flowable] | str  # a column of flowables, or "" for a blank


def taken_text(photo: PhotoEntry, words: L.Words) -> str:
    if photo.taken_at is None:
        return words("appendix.no_time")
    return words("appendix.taken_at", time=L.beijing(photo.taken_at).strftime("%Y-%m-%d %H:%M"))


def gps_text(photo: PhotoEntry, words: L.Words) -> str:
    if photo.gps is None:
        return words("appendix.no_gps")
    lat, lon = photo.gps
    return words("appendix.gps", lat=f"{lat:.6f}", lon=f"{lon:.6f}")


def photo_lines(n: int, photo: PhotoEntry, words: L.Words) -> list[str]:
    """照片n：caption / 对应问题 / 拍摄人 / 拍摄时间 / 拍摄地点 and GPS (the place line also when neither is known)."""
    lines = [
        words("appendix.caption", n=n, caption=photo.caption) if photo.caption else words("appendix.photo_no", n=n),
        words("appendix.finding", finding_no=photo.finding_no)
        if photo.finding_no is not None
        else words("appendix.no_finding"),
        words("appendix.taken_by", name=photo.taken_by) if photo.taken_by.strip() else words("appendix.no_taken_by"),
        taken_text(photo, words),
    ]
    if photo.place.strip():
        lines.append(words("appendix.place", place=photo.place))
    elif photo.gps is None:
        lines.append(words("appendix.no_place"))
    if photo.gps is not None:
        lines.append(gps_text(photo, words))
    return lines


def _cell(n: int, photo: PhotoEntry, words: L.Words, styles: L.Styles, width: float) -> list[Flowable]:
    return [
        L.Picture(photo.jpeg, width, PHOTO_HEIGHT),
        Spacer(1, 1.5 * mm),
        *(L.para(line, styles.caption) for line in photo_lines(n, photo, words)),
    ]


def _width() -> float:
    return (L.CONTENT_WIDTH - GAP * (COLUMNS - 1)) / COLUMNS


def _table(rows: list[list[Any]], styles: L.Styles, *, header: bool = False) -> Table:
    table = Table(rows, colWidths=[_width() + GAP / 2] * COLUMNS, hAlign="LEFT", repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), styles.font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), GAP / 2),
        ("LEFTPADDING", (1, 0), (1, -1), GAP / 2),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
    ]
    if header:
        commands += [("TOPPADDING", (0, 0), (-1, 0), 1 * mm), ("BOTTOMPADDING", (0, 0), (-1, 0), 0)]
    table.setStyle(TableStyle(commands))
    return table


def _grid(photos: Sequence[PhotoEntry], numbers: Iterator[int], words: L.Words, styles: L.Styles) -> list[list[Any]]:
    cells: list[Cell] = [_cell(next(numbers), p, words, styles, _width()) for p in photos]
    rows = [cells[i : i + COLUMNS] for i in range(0, len(cells), COLUMNS)]
    if rows and len(rows[-1]) < COLUMNS:
        rows[-1] = rows[-1] + [""] * (COLUMNS - len(rows[-1]))
    return rows


def staged(data: DocumentData) -> bool:
    """Whether the photos are laid out as 整改前 / 整改后 pairs (a 复查意见书 whose photos carry a stage)."""
    return data.kind == DocumentKind.REVIEW_OPINION.value and any(p.stage in STAGES for p in data.photos)


def _pairs(data: DocumentData, numbers: Iterator[int], words: L.Words, styles: L.Styles) -> list[Flowable]:
    """Per problem: a heading, then rows of (整改前, 整改后); a missing side says so."""
    width = _width()
    by_finding: dict[int, dict[str, list[PhotoEntry]]] = {}
    for photo in data.photos:
        if photo.stage in STAGES and photo.finding_no is not None:
            by_finding.setdefault(photo.finding_no, {s: [] for s in STAGES})[photo.stage].append(photo)
    story: list[Flowable] = []
    for finding_no in sorted(by_finding):
        stages = by_finding[finding_no]
        text = data.findings[finding_no - 1].text if 0 < finding_no <= len(data.findings) else ""
        heading = words("appendix.pair_heading", finding_no=finding_no, text=text)
        rows: list[list[Any]] = [[L.para(words(f"appendix.{s}"), styles.label) for s in STAGES]]
        for before, after in zip_longest(stages["before"], stages["after"]):
            rows.append(
                [
                    _cell(next(numbers), photo, words, styles, width)
                    if photo is not None
                    else L.para(words(f"appendix.no_{stage}"), styles.caption)
                    for stage, photo in zip(STAGES, (before, after), strict=True)
                ]
            )
        table = _table(rows, styles, header=True)
        story.append(KeepTogether([Spacer(1, 4 * mm), L.para(heading, styles.finding), table]))
    others = [p for p in data.photos if not (p.stage in STAGES and p.finding_no is not None)]
    if others:
        other = L.para(words("appendix.pair_other"), styles.finding)
        story.append(KeepTogether([Spacer(1, 4 * mm), other, _table(_grid(others, numbers, words, styles), styles)]))
    return story


def build(data: DocumentData, styles: L.Styles) -> list[Flowable]:
    if not data.photos:
        return []
    words = L.words_for(data)
    kind = L.kind_of(data)
    numbers = count(1)
    intro = words("appendix.intro", title=words(f"{kind.value}.title"), number=data.number, count=len(data.photos))
    story: list[Flowable] = [
        PageBreak(),
        L.para(words("appendix.title"), styles.heading),
        L.para(intro, styles.note, keep=[data.number]),
    ]
    if staged(data):
        return story + _pairs(data, numbers, words, styles)
    return [*story, _table(_grid(data.photos, numbers, words, styles), styles)]
