"""Lines never end inside a marker: 【重大事故隐患】, a 文号, a date, a 执法证号 — read back with pdftotext."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from inspector_app.documents import layout
from inspector_app.documents.data import Finding
from inspector_app.documents.render import render_pdf
from inspector_app.domain.enums import DocumentKind
from tests.documents.conftest import make_document, run_tool

MARKERS = (
    "【重大事故隐患】",
    "【已复查】",
    "（赫）应急责改〔2026〕12号",
    "（湘中）应急检记〔2026〕1024号",
    "2026年11月20日",
    "2026年1月5日",
    "43030219017",
    "91430321MA4L2B3C4D",
    "0731-57812345",
)
FILLER = "检查发现仓库内可燃气体报警仪未检定疏散通道被占用企业未按规定培训操作人员，。、；：（）《》"


def _lines(pdf: Path, page: int | None = None) -> list[str]:
    """The printed lines in drawing order, whitespace removed (justified lines gain spaces in extraction)."""
    args = ["-raw", "-enc", "UTF-8", *(["-f", str(page), "-l", str(page)] if page else [])]
    text = run_tool("pdftotext", *args, str(pdf), "-")
    return [re.sub(r"\s+", "", line) for line in text.replace("\f", "\n").splitlines() if line.strip()]


def _broken(lines: list[str], markers: tuple[str, ...]) -> list[str]:
    """Markers that straddle a line end in `lines`."""
    joined = "".join(lines)
    ends, pos = set(), 0
    for line in lines:
        pos += len(line)
        ends.add(pos)
    broken = []
    for marker in markers:
        for match in re.finditer(re.escape(marker), joined):
            if any(match.start() < end < match.end() for end in ends):
                broken.append(f"{marker} at {match.start()}")
    return broken


def _render(flowables: list[Flowable], width: float, path: Path) -> None:
    left = 28 * mm
    pdf = layout.write_pdf(
        flowables,
        title="t",
        author="t",
        subject="t",
        keywords="t",
        decorate=lambda canv, page, pages: None,
        creation=None,
        margins=(layout.MARGIN_TOP, layout.PAGE_WIDTH - left - width, layout.MARGIN_BOTTOM, left),
    )
    path.write_bytes(pdf)


def test_unbreakable_spans_find_markers_numbers_and_dates() -> None:
    text = "本机关于2026年11月20日作出决定〔（赫）应急责改〔2026〕12号〕，状态【重大事故隐患】，证号43030219017。"
    found = {text[a:b] for a, b in layout.unbreakable_spans(text, keep=["本机关"])}
    assert {"2026年11月20日", "（赫）应急责改〔2026〕12号", "【重大事故隐患】", "43030219017", "本机关"} <= found


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure can be reproduced
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    parts=st.lists(
        st.tuples(st.text(alphabet=FILLER, min_size=0, max_size=45), st.sampled_from(MARKERS)),
        min_size=1,
        max_size=6,
    ),
    tail=st.text(alphabet=FILLER, max_size=20),
    width_mm=st.integers(min_value=90, max_value=156),
    style=st.sampled_from(["body", "plain", "finding", "finding_detail", "value", "note", "caption", "sign_text"]),
)
def test_no_line_ends_inside_a_marker(
    tmp_path: Path, parts: list[tuple[str, str]], tail: str, width_mm: int, style: str
) -> None:
    text = "".join(filler + marker for filler, marker in parts) + tail
    styles = layout.make_styles()
    path = tmp_path / "p.pdf"
    _render([layout.para(text, getattr(styles, style))], width_mm * mm, path)
    lines = _lines(path)
    assert "".join(lines) == re.sub(r"\s+", "", text)  # nothing lost, nothing doubled
    assert _broken(lines, MARKERS) == []


def test_markers_hold_at_every_position_of_a_line(tmp_path: Path) -> None:
    """A marker preceded by 0…80 characters falls once on every position of a line, in each width."""
    styles = layout.make_styles()
    for width_mm in (90, 120, 156):
        flowables: list[Flowable] = [
            layout.para(FILLER[: n % len(FILLER)] * (1 + n // len(FILLER)) + marker + "。", styles.body)
            for n in range(0, 80, 3)
            for marker in ("【重大事故隐患】", "（赫）应急责改〔2026〕12号", "2026年11月20日")
        ]
        path = tmp_path / f"w{width_mm}.pdf"
        _render(flowables, width_mm * mm, path)
        lines = _lines(path)
        assert _broken(lines, MARKERS) == [], width_mm
        assert sum("".join(lines).count(m) for m in ("【重大事故隐患】",)) == len(range(0, 80, 3))


def test_major_marker_of_a_finding_never_breaks(pdf_of) -> None:  # type: ignore[no-untyped-def]
    """finding_entry in a real 指令书: findings whose text ends at every position of a line."""
    base = "配电箱未设置漏电保护装置且箱门未上锁" * 3
    findings = tuple(
        Finding(text=base + "甲" * n, basis="《安全生产法》", measure="整改", major=True) for n in range(36)
    )
    for kind in (DocumentKind.RECTIFICATION_ORDER, DocumentKind.INSPECTION_RECORD):
        pdf = pdf_of(render_pdf(make_document(kind, findings=findings)))
        lines = _lines(pdf.path)
        assert _broken(lines, ("【重大事故隐患】",)) == []
        assert sum(line.count("【重大事故隐患】") for line in lines) == len(findings)


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_numbers_and_dates_of_the_documents_never_break(pdf_of, kind: DocumentKind) -> None:  # type: ignore[no-untyped-def]
    data = make_document(kind)
    pdf = pdf_of(render_pdf(data))
    lines = _lines(pdf.path)
    markers = (data.number, "2026年11月20日", "2026年12月5日", "2026年12月8日", "43030219001", "43030219017")
    assert _broken(lines, markers) == []
