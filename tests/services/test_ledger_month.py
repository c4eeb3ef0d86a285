"""A month's ledger states each hazard as it stood at the month's last moment (Beijing time), in every format."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import update

from inspector_app.domain.enums import HazardStatus
from inspector_app.domain.errors import ValidationError
from inspector_app.services import hazards, inspections, ledger
from inspector_app.services.context import App
from inspector_app.services.ledger import LedgerFilter
from inspector_app.services.timeutil import LOCAL_TZ
from inspector_app.store.models import Hazard, HazardEvent
from tests.services.helpers import enterprise, two_inspectors

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
H = ledger.EXPORT_HEADERS


def bj(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def found(app: App, inspection: str, description: str, at: datetime) -> str:
    """A hazard found at a past moment (the service stamps now; the test moves it and its 登记 event back)."""
    hazard_id = hazards.raise_free(app, inspection, description, statute="aq-32").id
    hazard, events = Hazard.__table__, HazardEvent.__table__  # type: ignore[attr-defined]
    with app.write() as s:  # below the ORM: the audit trail rightly refuses to edit an append-only event
        conn = s.connection()
        conn.execute(update(hazard).where(hazard.c.id == hazard_id).values(found_at=at))
        conn.execute(update(events).where(events.c.hazard_id == hazard_id).values(at=at))
    return hazard_id


@pytest.fixture
def november(app: App) -> dict[str, str]:
    """Hazards of 2025 whose state at the end of November differs from today's."""
    ent = enterprise(app)
    insp = inspections.start_inspection(app, ent, two_inspectors(app), started_at=bj("2025-10-10 09:00")).id
    a = found(app, insp, "甲：储罐区可燃气体报警器失效", bj("2025-11-05 10:00"))
    hazards.move(app, a, HazardStatus.ORDERED, deadline=date(2025, 11, 20), at=bj("2025-11-05 10:00"))
    hazards.move(app, a, HazardStatus.CLOSED, at=bj("2025-12-03 15:00"))  # closed only in December
    b = found(app, insp, "乙：消防通道被占用", bj("2025-11-10 10:00"))
    hazards.move(app, b, HazardStatus.ORDERED, deadline=date(2025, 11, 28), at=bj("2025-11-10 10:00"))
    hazards.move(app, b, HazardStatus.RECTIFYING, at=bj("2025-11-15 10:00"))
    hazards.move(app, b, HazardStatus.CLOSED, at=bj("2025-11-25 16:00"))
    e = found(app, insp, "戊：配电箱未接地", bj("2025-11-30 23:30"))  # the month's last half hour
    hazards.move(app, e, HazardStatus.ORDERED, deadline=date(2025, 12, 5), at=bj("2025-12-01 00:10"))
    found(app, insp, "丙：十二月发现的隐患", bj("2025-12-02 10:00"))
    found(app, insp, "丁：十月发现的隐患", bj("2025-10-15 10:00"))
    return {"a": a, "b": b, "e": e}


def by_description(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    return {r[H.index("隐患描述")][:1]: dict(zip(H, r, strict=True)) for r in rows}


def test_statuses_are_as_at_the_end_of_the_month(app: App, november: dict[str, str], tmp_path: Path) -> None:
    period = ledger.month_period("2025-11")
    target = tmp_path / "十一月.csv"
    result = ledger.export_ledger(app, None, target, period=period, descending=False)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))[1:]
    assert result.rows == 3
    got = by_description(rows)
    assert set(got) == {"甲", "乙", "戊"}, "hazards found before or after the month are not in its ledger"
    # 甲: ordered to 11-20 and still open on 11-30 (closed only on 12-03): overdue by 10 days.
    assert (got["甲"]["状态"], got["甲"]["整改期限"], got["甲"]["是否逾期"]) == ("责令整改", "2025-11-20", "是")
    assert (got["甲"]["逾期天数"], got["甲"]["销号日期"]) == ("10", "")
    assert (got["乙"]["状态"], got["乙"]["销号日期"], got["乙"]["是否逾期"]) == ("复查合格销号", "2025-11-25", "否")
    # 戊 was ordered ten minutes after midnight: on 11-30 it was only 登记, with no deadline.
    assert (got["戊"]["状态"], got["戊"]["整改期限"]) == ("登记", "")
    assert got["甲"]["检查人员"] == "张三丰、李四光"
    # Today the same hazards read differently: the month's ledger did not take today's status.
    now = by_description([list(v) for v in _today_rows(app, tmp_path)])
    assert now["甲"]["状态"] == "复查合格销号" and now["戊"]["状态"] == "责令整改"


def _today_rows(app: App, tmp_path: Path) -> list[list[str]]:
    target = tmp_path / "today.csv"
    ledger.export_ledger(app, LedgerFilter(found_from=date(2025, 11, 1), found_to=date(2025, 11, 30)), target)
    return list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))[1:]


def test_the_workbook_and_the_pdf_say_the_same(app: App, november: dict[str, str], tmp_path: Path) -> None:
    period = ledger.month_period("2025-11")
    book = tmp_path / "十一月.xlsx"
    ledger.export_ledger(app, None, book, period=period, descending=False)
    with zipfile.ZipFile(book) as zf:
        sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    rows = [
        ["".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t")) for c in row.iterfind("m:c", NS)]
        for row in sheet.iterfind("m:sheetData/m:row", NS)
    ]
    assert "统计期间：2025年11月1日至2025年11月30日" in rows[1]
    assert "状态截至：2025年11月30日" in rows[2]
    status = {r[H.index("隐患描述")][:1]: r[H.index("状态")] for r in rows[4:7]}
    assert status == {"甲": "责令整改", "乙": "复查合格销号", "戊": "登记"}
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    pdf = tmp_path / "十一月.pdf"
    ledger.export_ledger(app, None, pdf, period=period, descending=False)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert "统计期间：2025年11月1日至2025年11月30日" in text and "状态截至：2025年11月30日" in text
    assert "责令整改（逾期10天）" in text and "复查合格销号" in text and "共3条" in text
    assert "丙：" not in text and "丁：" not in text
    assert "填表人：" in text and "审核人：" in text


def test_month_period() -> None:
    period = ledger.month_period("2025-02", on=date(2026, 1, 5))
    assert (period.first, period.last) == (date(2025, 2, 1), date(2025, 2, 28))
    assert period.end == datetime(2025, 3, 1, tzinfo=LOCAL_TZ)
    assert period.label == "2025年2月1日至2025年2月28日"
    # The current month ends today: no day that has not happened yet is stated.
    assert ledger.month_period("2026-01", on=date(2026, 1, 5)).last == date(2026, 1, 5)
    assert ledger.month_period("2025-12", on=date(2026, 1, 5)).end - timedelta(days=1) == bj("2025-12-31 00:00")
    for bad in ("2026-13", "2026/11", "11-2026", ""):
        with pytest.raises(ValidationError, match="YYYY-MM"):
            ledger.month_period(bad, on=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="尚未开始"):
        ledger.month_period("2026-02", on=date(2026, 1, 5))


def test_a_period_ledger_refuses_a_status_filter(app: App, tmp_path: Path) -> None:
    period = ledger.month_period("2025-11")
    with pytest.raises(ValidationError, match="不能同时按状态"):
        ledger.export_ledger(app, LedgerFilter(overdue_only=True), tmp_path / "x.csv", period=period)
    assert not (tmp_path / "x.csv").exists()
