"""The printed 隐患排查治理台账 (landscape A4), read back with poppler's tools."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from inspector_app.documents.ledger_pdf import COLUMNS, row_values, write_ledger_pdf
from tests.documents.conftest import Pdf

TOWNS = ("城关镇", "花石镇", "湘中经济技术开发区管理委员会")
SECTORS = ("危险化学品", "非煤矿山", "建筑施工", "特种设备")


def ledger_row(i: int) -> dict[str, Any]:
    """A row shaped like services.ledger.ledger_rows returns."""
    overdue = i % 6 == 0
    closed = i % 4 == 0
    return {
        "key": i,
        "id": f"h{i}",
        "enterprise_name": f"湘中县第{i}号宏达精细化工有限公司",
        "credit_code": "91430321MA4L2B3C4D",
        "township": TOWNS[i % 3],
        "sector": "hazardous_chemicals",
        "sector_label": SECTORS[i % 4],
        "description": f"第{i}项：二号甲类仓库内可燃气体检测报警仪未定期检定"
        + "，现场检查时报警仪处于故障状态" * (i % 3),
        "level": "major" if i % 7 == 0 else "general",
        "level_label": "重大隐患" if i % 7 == 0 else "一般隐患",
        "legal_basis": "《中华人民共和国安全生产法》第三十六条",
        "measure": "立即整改",
        "status": "closed" if closed else "rectifying",
        "status_label": "复查合格销号" if closed else "整改中",
        "deadline": date(2026, 12, 1 + i % 28),
        "days_left": 3,
        "overdue": overdue and not closed,
        "overdue_days": 4 if overdue and not closed else 0,
        "found_at": datetime(2026, 11, 1 + i % 28, 2, 0, tzinfo=UTC),
        "found_date": date(2026, 11, 1 + i % 28),
        "closed_at": None,
        "closed_date": date(2026, 12, 10) if closed else None,
        "documents": ["（湘中）应急责改〔2026〕12号", "（湘中）应急复查〔2026〕3号"][: i % 3],
        "inspectors": ["王建国", "李晓梅"] if i % 2 else ["欧阳建华", "李晓梅"],
    }


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    path = tmp_path_factory.mktemp("ledger") / "台账.pdf.part"  # the service writes a temporary name, then renames
    write_ledger_pdf(
        [ledger_row(i) for i in range(1, 121)],
        path,
        authority="湘中县应急管理局",
        title="隐患排查治理台账",
        period="2026年11月1日至2026年11月30日",
        state_on="2026年11月30日",
        made_on="2026年12月2日",
    )
    return Pdf(path)


def test_landscape_a4(ledger: Pdf) -> None:
    w, h = (float(v) for v in re.findall(r"[\d.]+", ledger.info()["Page size"])[:2])
    assert w == pytest.approx(841.89, abs=0.01)
    assert h == pytest.approx(595.28, abs=0.01)
    assert ledger.info()["Title"] == "隐患排查治理台账（2026年11月1日至2026年11月30日）"
    assert ledger.info()["Author"] == "湘中县应急管理局"


def test_header_is_repeated_on_every_page_with_page_numbers(ledger: Pdf) -> None:
    pages = ledger.pages
    assert pages >= 3
    for n in (1, 2, pages):
        text = ledger.page_text(n)
        flat = re.sub(r"\s+", "", text)
        for header, _width, _wrap in COLUMNS:
            assert header in flat, (n, header)
        assert "隐患排查治理台账" in flat
        assert "湘中县应急管理局" in flat
        assert "统计期间：2026年11月1日至2026年11月30日" in flat
        assert "状态截至：2026年11月30日" in flat and "制表日期：2026年12月2日" in flat
        assert re.search(rf"第\s*{n}\s*页\s*共\s*{pages}\s*页", text)


def test_chinese_text_extracts_and_every_row_is_there(ledger: Pdf) -> None:
    flat = ledger.flat_text(raw=True)  # content order: a wrapped cell's lines stay together
    for i in (1, 2, 60, 119, 120):
        assert f"湘中县第{i}号宏达精细化工有限公司" in flat
        assert f"第{i}项：二号甲类仓库内可燃气体检测报警仪未定期检定" in flat
    assert "湘中经济技术开发区管理委员会" in flat  # a long township name wraps inside its cell
    assert "整改中（逾期4天）" in flat
    assert "2026-12-10" in flat
    assert "共120条" in flat


def test_no_word_is_broken_across_lines(ledger: Pdf) -> None:
    """A sector name, a level, a status, a 文号 and a name each stand on one line of the page."""
    lines = [line for n in range(1, ledger.pages + 1) for line in ledger.page_text(n).splitlines()]
    rows = [ledger_row(i) for i in range(1, 121)]

    def whole(word: str) -> int:
        return sum(re.sub(r"\s+", "", line).count(word) for line in lines)

    for sector in SECTORS:
        assert whole(sector) == sum(r["sector_label"] == sector for r in rows), sector
    assert whole("重大隐患") == sum(r["level"] == "major" for r in rows)
    assert whole("复查合格销号") == sum(r["status"] == "closed" for r in rows)
    assert whole("（逾期4天）") == sum(r["overdue"] for r in rows)
    # A 文号 too long for its column breaks only between its parts: （湘中） / 应急责改 / 〔2026〕12号.
    assert whole("〔2026〕12号") == whole("应急责改") == sum(len(r["documents"]) >= 1 for r in rows)
    assert whole("欧阳建华") == sum("欧阳建华" in r["inspectors"] for r in rows)


def test_sign_off_follows_the_last_row(ledger: Pdf) -> None:
    last = re.sub(r"\s+", "", ledger.page_text(ledger.pages))
    assert "湘中县第120号宏达精细化工有限公司" in last
    lines = ledger.text(ledger.pages, ledger.pages, raw=True).splitlines()
    assert any("填表人：" in line and "审核人：" in line and "日期：" in line for line in lines)
    assert "填表人" not in re.sub(r"\s+", "", ledger.page_text(1))


def test_fonts_embedded(ledger: Pdf) -> None:
    for font in ledger.fonts():
        assert font["emb"] == "yes" and "UMing" in font["name"], font


def test_row_values() -> None:
    row = {**ledger_row(6), "documents": [], "inspectors": []}
    assert row_values(row, 7) == [
        "7",
        "湘中县第6号宏达精细化工有限公司",
        "城关镇",
        "建筑施工",
        row["description"],
        "一般隐患",
        "2026-11-07",
        "2026-12-07",
        "整改中（逾期4天）",
        "—",
        "—",
        "—",
    ]
    issued = {
        **row,
        "documents": ["（湘中）应急责改〔2026〕12号", "（湘中）应急复查〔2026〕3号"],
        "inspectors": ["王建国", "李晓梅"],
    }
    assert row_values(issued, 7)[10:] == ["（湘中）应急责改〔2026〕12号；（湘中）应急复查〔2026〕3号", "王建国、李晓梅"]
    sparse = {
        "enterprise_name": "甲",
        "description": "乙",
        "status_label": "登记",
        "found_at": datetime(2026, 11, 30, 20, tzinfo=UTC),
    }
    assert row_values(sparse, 1)[6] == "2026-12-01"  # 20:00 UTC is the next day in Beijing


def test_empty_ledger_and_a_row_taller_than_a_page(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    write_ledger_pdf([], empty, authority="湘中县应急管理局", title="隐患排查治理台账", period="全部")
    pdf = Pdf(empty)
    assert pdf.pages == 1 and "（无记录）" in pdf.text()
    giant = {**ledger_row(1), "description": "极长的隐患描述文字。" * 1200}
    path = tmp_path / "giant.pdf"
    write_ledger_pdf(
        [ledger_row(0), giant, ledger_row(2)], path, authority="甲", title="隐患排查治理台账", period="全部"
    )
    text = Pdf(path).flat_text(raw=True)
    assert text.count("极长的隐患描述文字。") == 1200  # continued in further rows, nothing lost
    assert "湘中县第2号宏达精细化工有限公司" in text


def test_large_ledger_is_laid_out_in_linear_time(tmp_path: Path) -> None:
    rows = [ledger_row(i) for i in range(1, 1001)]
    started = time.perf_counter()
    write_ledger_pdf(rows, tmp_path / "big.pdf", authority="甲", title="隐患排查治理台账", period="全部")
    elapsed = time.perf_counter() - started
    assert Pdf(tmp_path / "big.pdf").pages > 60
    assert elapsed < 15  # about 1.5 s here; a quadratic table split would take minutes


def test_real_ledger_rows(demo_app: Any, tmp_path: Path) -> None:
    """The dicts services.ledger.ledger_rows really returns print without a KeyError or a blank column."""
    from inspector_app.services import ledger as svc

    keys = svc.ledger_keys(demo_app)
    rows = svc.ledger_rows(demo_app, keys)
    assert rows
    path = tmp_path / "demo.pdf"
    write_ledger_pdf(rows, path, authority="测试县应急管理局", title="隐患排查治理台账", period="全部")
    flat = Pdf(path).flat_text(raw=True)
    assert rows[0]["enterprise_name"] in flat
    assert rows[0]["status_label"] in flat
