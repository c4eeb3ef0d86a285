"""隐患台账 service: filters, derived overdue, sorting, statistics, exports, and row keys at scale."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from inspector_app.domain.enums import HazardStatus, Sector
from inspector_app.domain.errors import ValidationError
from inspector_app.services import demo, hazards, ledger, ledger_export, reports, setup
from inspector_app.services.context import App, open_app
from inspector_app.services.ledger import LedgerFilter
from inspector_app.services.timeutil import LOCAL_TZ, today
from tests.services.helpers import started
from tests.services.ledger_bulk import bulk_insert_hazards

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


# ---- fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data set, built once per module; each test gets its own copy."""
    folder = tmp_path_factory.mktemp("ledger-demo") / "data"
    setup.init(folder, authority="测试县应急管理局", short="测")
    with open_app(folder, actor="tester") as app:
        demo.load(app)
    return folder


@pytest.fixture
def demo_ledger(demo_template: Path, tmp_path: Path) -> Iterator[App]:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    with open_app(folder, actor="tester") as app:
        yield app


@pytest.fixture(scope="module")
def bulk_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ledger-bulk") / "data"
    bulk_insert_hazards(folder, 20_000)
    return folder


def all_rows(app: App, keys: Any) -> list[dict[str, Any]]:
    return ledger.ledger_rows(app, keys)


def reference(app: App) -> list[dict[str, Any]]:
    """The same hazards through an independent path (reports.list_hazards, ORM + domain rule in Python)."""
    return reports.list_hazards(app)


def found_day(row: dict[str, Any]) -> date:
    return datetime.fromisoformat(row["found_at"]).date()


# ---- filters ----------------------------------------------------------------------------------------------------


def test_without_a_filter_every_hazard_is_listed_newest_first(demo_ledger: App) -> None:
    keys = ledger.ledger_keys(demo_ledger)
    assert keys.typecode == "q"  # rowids on SQLite: 8 bytes per row
    rows = all_rows(demo_ledger, keys)
    assert len(rows) == len(keys) == 28 == len(reference(demo_ledger))
    found = [r["found_at"] for r in rows]
    assert found == sorted(found, reverse=True)
    first = rows[0]
    for field in ("enterprise_name", "township", "sector_label", "status_label", "level_label", "deadline"):
        assert field in first
    assert ledger.count_hazards(demo_ledger) == 28


@pytest.mark.parametrize(
    ("flt", "predicate"),
    [
        (LedgerFilter(township="青山乡"), lambda r: r["township"] == "青山乡"),
        (LedgerFilter(sector="construction"), lambda r: r["sector"] == "construction"),
        (LedgerFilter(sector="非煤矿山"), lambda r: r["sector"] == "non_coal_mine"),
        (LedgerFilter(level="major"), lambda r: r["level"] == "major"),
        (LedgerFilter(level="一般隐患"), lambda r: r["level"] == "general"),
        (LedgerFilter(status="ordered"), lambda r: r["status"] == "ordered"),
        (LedgerFilter(status="复查合格销号"), lambda r: r["status"] == "closed"),
        (LedgerFilter(status="open"), lambda r: r["status"] != "closed"),
        (LedgerFilter(overdue_only=True), lambda r: r["overdue"]),
        (LedgerFilter(text="河东液化气"), lambda r: "河东液化气" in r["enterprise_name"]),
        (
            LedgerFilter(township="河东街道", overdue_only=True, status="review_failed"),
            lambda r: r["township"] == "河东街道" and r["overdue"] and r["status"] == "review_failed",
        ),
    ],
    ids=[
        "township",
        "sector",
        "sector-label",
        "level",
        "level-label",
        "status",
        "status-label",
        "open",
        "overdue",
        "text",
        "combined",
    ],
)
def test_each_filter_matches_an_independent_count(demo_ledger: App, flt: LedgerFilter, predicate: Any) -> None:
    expected = {r["id"] for r in reference(demo_ledger) if predicate(r)}
    assert expected, "the demo data should exercise this filter"
    keys = ledger.ledger_keys(demo_ledger, flt)
    got = [r["id"] for r in all_rows(demo_ledger, keys)]
    assert len(got) == len(keys)
    assert set(got) == expected
    assert ledger.count_hazards(demo_ledger, flt) == len(expected)


def test_text_search_looks_in_the_description_and_escapes_wildcards(demo_ledger: App) -> None:
    some = reference(demo_ledger)[3]
    needle = some["description"][2:10]
    got = {r["id"] for r in all_rows(demo_ledger, ledger.ledger_keys(demo_ledger, LedgerFilter(text=needle)))}
    assert some["id"] in got
    # % and _ are matched literally, not as LIKE wildcards.
    assert len(ledger.ledger_keys(demo_ledger, LedgerFilter(text="%"))) == 0
    assert len(ledger.ledger_keys(demo_ledger, LedgerFilter(text="_"))) == 0


def test_found_date_range_is_inclusive_and_in_beijing_time(app: App) -> None:
    insp = started(app, started_at=datetime(2026, 3, 1, 8, 0, tzinfo=LOCAL_TZ))
    # 00:30 Beijing time on 3 March is still 2 March in UTC: the ledger must count it on 3 March.
    early = hazards.raise_free(app, insp, "凌晨发现：配电箱未接地")
    late = hazards.raise_free(app, insp, "深夜发现：消防通道堵塞")
    with app.write() as s:
        from inspector_app.store.models import Hazard

        for hid, when in ((early.id, datetime(2026, 3, 3, 0, 30)), (late.id, datetime(2026, 3, 4, 23, 50))):
            row = s.get(Hazard, hid)
            assert row is not None
            row.found_at = when.replace(tzinfo=LOCAL_TZ).astimezone(UTC)
            s.add(row)

    def ids(**kw: Any) -> set[str]:
        return {r["id"] for r in all_rows(app, ledger.ledger_keys(app, LedgerFilter(**kw)))}

    assert ids(found_from=date(2026, 3, 3), found_to=date(2026, 3, 3)) == {early.id}
    assert ids(found_from=date(2026, 3, 4)) == {late.id}
    assert ids(found_to=date(2026, 3, 4)) == {early.id, late.id}
    assert ids(found_from=date(2026, 3, 5)) == set()
    assert ids(found_to=date(2026, 3, 2)) == set()
    row = next(r for r in all_rows(app, ledger.ledger_keys(app)) if r["id"] == early.id)
    assert row["found_date"] == date(2026, 3, 3)


def test_demo_date_range_matches_an_independent_count(demo_ledger: App) -> None:
    rows = reference(demo_ledger)
    days = sorted({found_day(r) for r in rows})
    lo, hi = days[2], days[-3]
    expected = {r["id"] for r in rows if lo <= found_day(r) <= hi}
    got = {
        r["id"]
        for r in all_rows(demo_ledger, ledger.ledger_keys(demo_ledger, LedgerFilter(found_from=lo, found_to=hi)))
    }
    assert got == expected and 0 < len(got) < len(rows)


def test_bad_filters_and_sorts_are_refused_in_chinese() -> None:
    with pytest.raises(ValidationError, match="起始日期不能晚于截止日期"):
        LedgerFilter(found_from=date(2026, 5, 2), found_to=date(2026, 5, 1))
    with pytest.raises(ValidationError, match="未知隐患状态"):
        LedgerFilter(status="overdue")
    with pytest.raises(ValidationError, match="未知隐患级别"):
        LedgerFilter(level="特大")
    with pytest.raises(ValidationError, match="未知行业"):
        LedgerFilter(sector="餐饮")


def test_unknown_sort_column_is_refused(demo_ledger: App) -> None:
    with pytest.raises(ValidationError, match="不能按"):
        ledger.ledger_keys(demo_ledger, LedgerFilter(), "description", False)


# ---- overdue --------------------------------------------------------------------------------------------------


@pytest.fixture
def lifecycle(app: App) -> dict[str, str]:
    """One hazard in each situation that decides overdue, deadlines relative to today."""
    day = today()
    insp = started(app, started_at=datetime.now(LOCAL_TZ) - timedelta(days=10))
    made: dict[str, str] = {}

    def raise_(name: str, deadline: date | None) -> str:
        made[name] = hazards.raise_free(app, insp, f"隐患：{name}情形的测试", statute="aq-35", deadline=deadline).id
        return made[name]

    raise_("ordered_past", day - timedelta(days=1))
    raise_("ordered_today", day)
    raise_("ordered_future", day + timedelta(days=5))
    hazards.move(app, raise_("rectifying_past", day - timedelta(days=2)), HazardStatus.RECTIFYING)
    hazards.move(app, raise_("review_failed_past", day - timedelta(days=3)), HazardStatus.REVIEW_FAILED)
    hazards.move(app, raise_("closed_past", day - timedelta(days=5)), HazardStatus.CLOSED)
    raise_("registered", None)
    return made


def test_overdue_is_derived_from_status_and_deadline(app: App, lifecycle: dict[str, str]) -> None:
    overdue = {"ordered_past", "rectifying_past", "review_failed_past"}
    by_id = {r["id"]: r for r in all_rows(app, ledger.ledger_keys(app))}
    for name, hid in lifecycle.items():
        assert by_id[hid]["overdue"] is (name in overdue), name
    assert by_id[lifecycle["ordered_past"]]["overdue_days"] == 1
    assert by_id[lifecycle["review_failed_past"]]["overdue_days"] == 3
    assert by_id[lifecycle["ordered_today"]]["days_left"] == 0
    filtered = {r["id"] for r in all_rows(app, ledger.ledger_keys(app, LedgerFilter(overdue_only=True)))}
    assert filtered == {lifecycle[n] for n in overdue}
    assert ledger.ledger_stats(app).total.overdue == 3
    # The same data a day later: the hazard due today has become overdue, with nothing written.
    tomorrow = LedgerFilter(overdue_only=True, as_of=today() + timedelta(days=1))
    later = {r["id"] for r in all_rows(app, ledger.ledger_keys(app, tomorrow))}
    assert later == filtered | {lifecycle["ordered_today"]}
    assert ledger.ledger_stats(app, LedgerFilter(as_of=today() + timedelta(days=1))).total.overdue == 4
    # And it agrees with the domain rule as the rest of the app applies it.
    assert {r["id"] for r in reference(app) if r["overdue"]} == filtered


# ---- sorting --------------------------------------------------------------------------------------------------

_STATUS_RANK = {s.value: n for n, s in enumerate(HazardStatus)}
_SECTOR_RANK = {s.value: n for n, s in enumerate(Sector)}
SORT_VALUE = {
    ledger.SORT_FOUND: lambda r: r["found_at"],
    ledger.SORT_ENTERPRISE: lambda r: r["enterprise_name"],
    ledger.SORT_TOWNSHIP: lambda r: r["township"],
    ledger.SORT_SECTOR: lambda r: _SECTOR_RANK[r["sector"]],
    ledger.SORT_LEVEL: lambda r: r["level"],
    ledger.SORT_STATUS: lambda r: _STATUS_RANK[r["status"]],
    ledger.SORT_DEADLINE: lambda r: r["deadline"],
    ledger.SORT_CLOSED: lambda r: r["closed_at"],
}


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("column", ledger.SORT_COLUMNS)
def test_every_sort_column_orders_the_rows(demo_ledger: App, column: str, descending: bool) -> None:
    keys = ledger.ledger_keys(demo_ledger, LedgerFilter(), column, descending)
    rows = all_rows(demo_ledger, keys)
    assert len(rows) == 28 and len(set(keys)) == 28
    values = [SORT_VALUE[column](r) for r in rows]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=descending)
    if None in values:  # empty deadlines and closing dates come last, either way round
        assert values[len(present) :] == [None] * (len(values) - len(present))
    again = ledger.ledger_keys(demo_ledger, LedgerFilter(), column, descending)
    assert list(again) == list(keys), "ties must break the same way every time"


def test_sorting_by_status_keeps_a_filter_and_orders_by_deadline_within(demo_ledger: App) -> None:
    flt = LedgerFilter(status="open")
    rows = all_rows(demo_ledger, ledger.ledger_keys(demo_ledger, flt, ledger.SORT_STATUS, False))
    assert [r["status"] for r in rows] == sorted((r["status"] for r in rows), key=_STATUS_RANK.__getitem__)
    assert "closed" not in {r["status"] for r in rows}
    ordered = [r["deadline"] for r in rows if r["status"] == "ordered"]
    assert ordered == sorted(ordered)


# ---- rows -------------------------------------------------------------------------------------------------------


def test_rows_come_back_in_the_order_asked_and_missing_keys_are_skipped(demo_ledger: App) -> None:
    keys = list(ledger.ledger_keys(demo_ledger))
    asked = [keys[5], keys[0], 999_999_999, keys[17]]
    rows = ledger.ledger_rows(demo_ledger, asked)
    assert [r["key"] for r in rows] == [keys[5], keys[0], keys[17]]
    assert ledger.ledger_rows(demo_ledger, []) == []


def test_other_databases_key_rows_by_uuid(demo_ledger: App, monkeypatch: pytest.MonkeyPatch) -> None:
    by_rowid = {r["id"] for r in all_rows(demo_ledger, ledger.ledger_keys(demo_ledger))}
    monkeypatch.setattr(ledger, "uses_rowid", lambda _app: False)
    keys = ledger.ledger_keys(demo_ledger, LedgerFilter(), ledger.SORT_DEADLINE, False)
    assert isinstance(keys, list) and all(isinstance(k, str) and len(k) == 36 for k in keys)
    rows = ledger.ledger_rows(demo_ledger, keys)
    assert [r["key"] for r in rows] == keys == [r["id"] for r in rows]
    assert set(keys) == by_rowid
    deadlines = [r["deadline"] for r in rows if r["deadline"] is not None]
    assert deadlines == sorted(deadlines)
    assert len(ledger.ledger_keys(demo_ledger, LedgerFilter(township="青山乡"), ledger.SORT_STATUS)) == 6


# ---- statistics -----------------------------------------------------------------------------------------------

# Counted by hand from services.demo.PLAN: each story's final state, and for 整改中/复查不合格 the deadline
# (found + 15 days) against today: 42, 35, 28 and 16 days ago are past it, 12 days ago is not.
HAND_TOWNSHIPS = {"城关镇": (11, 6, 3), "河东街道": (11, 2, 3), "青山乡": (6, 1, 2)}
HAND_SECTORS = {
    "non_coal_mine": (5, 1, 2),
    "hazardous_chemicals": (12, 4, 3),
    "construction": (7, 3, 2),
    "special_equipment": (4, 1, 1),
}


def test_statistics_match_a_hand_count(demo_ledger: App) -> None:
    stats = ledger.ledger_stats(demo_ledger)
    assert {r.name: (r.found, r.closed, r.overdue) for r in stats.by_township} == HAND_TOWNSHIPS
    assert {r.code: (r.found, r.closed, r.overdue) for r in stats.by_sector} == HAND_SECTORS
    assert [r.name for r in stats.by_sector] == ["非煤矿山", "危险化学品", "建筑施工", "特种设备"]
    total = stats.total
    assert (total.found, total.closed, total.open, total.overdue) == (28, 9, 19, 8)
    assert total.rate == pytest.approx(9 / 28)
    town = {r.name: r for r in stats.by_township}["城关镇"]
    assert town.open == 5 and town.rate == pytest.approx(6 / 11)


def test_statistics_follow_the_filter(demo_ledger: App) -> None:
    stats = ledger.ledger_stats(demo_ledger, LedgerFilter(township="青山乡"))
    assert [r.name for r in stats.by_township] == ["青山乡"]
    assert (stats.total.found, stats.total.closed, stats.total.overdue) == HAND_TOWNSHIPS["青山乡"]
    assert sum(r.found for r in stats.by_sector) == 6
    empty = ledger.ledger_stats(demo_ledger, LedgerFilter(text="没有这样的企业"))
    assert empty.total.found == 0 and empty.total.rate is None and empty.by_township == ()


# ---- export -----------------------------------------------------------------------------------------------------


def read_sheet(path: Path) -> list[list[str]]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        root = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    out = []
    for row in root.iterfind("m:sheetData/m:row", NS):
        cells = []
        for c in row.iterfind("m:c", NS):
            t = c.find("m:is/m:t", NS)
            v = c.find("m:v", NS)
            cells.append(t.text or "" if t is not None else (v.text if v is not None else ""))
        out.append(cells)
    return out


def test_csv_export_has_a_bom_chinese_headers_and_the_ledger_order(demo_ledger: App, tmp_path: Path) -> None:
    target = tmp_path / "台账.csv"
    flt = LedgerFilter(township="河东街道")
    result = ledger.export_ledger(demo_ledger, flt, target, sort_column=ledger.SORT_DEADLINE, descending=False)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Chinese correctly"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(ledger.EXPORT_HEADERS)
    assert rows[0][:3] == ["序号", "发现日期", "企业名称"]
    assert result.rows == len(rows) - 1 == 11 and not result.cancelled
    expected = all_rows(demo_ledger, ledger.ledger_keys(demo_ledger, flt, ledger.SORT_DEADLINE, False))
    id_col = ledger.EXPORT_HEADERS.index("隐患编号")
    assert [r[id_col] for r in rows[1:]] == [r["id"] for r in expected]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 12)]
    assert {r[ledger.EXPORT_HEADERS.index("乡镇（街道）")] for r in rows[1:]} == {"河东街道"}
    overdue_col = ledger.EXPORT_HEADERS.index("是否逾期")
    assert sum(r[overdue_col] == "是" for r in rows[1:]) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_csv_cells_that_excel_would_run_as_formulas_are_kept_as_text(app: App, tmp_path: Path) -> None:
    insp = started(app)
    hazards.raise_free(app, insp, '=HYPERLINK("http://x","点我")')
    target = tmp_path / "x.csv"
    ledger.export_ledger(app, None, target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[1][ledger.EXPORT_HEADERS.index("隐患描述")].startswith("'=HYPERLINK")


def test_xlsx_export_is_a_valid_workbook_with_the_rows(demo_ledger: App, tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    result = ledger.export_ledger(demo_ledger, LedgerFilter(overdue_only=True), target)
    assert result.rows == 8
    rows = read_sheet(target)
    # Title, 填报单位 and 统计期间, 状态截至 and 制表日期, then the header, the 8 hazards and the sign-off line.
    assert rows[0][0] == "隐患排查治理台账"
    assert "填报单位：测试县应急管理局" in rows[1] and "统计期间：全部" in rows[1]
    assert f"状态截至：{today().year}年{today().month}月{today().day}日" in rows[2]
    assert rows[3] == list(ledger.EXPORT_HEADERS)
    assert len(rows) == 4 + 8 + 1
    assert rows[-1][0].startswith("填表人：") and any(c.startswith("审核人：") for c in rows[-1])
    data = rows[4:-1]
    names = {r["enterprise_name"] for r in reference(demo_ledger) if r["overdue"]}
    assert {r[2] for r in data} == names
    assert {r[ledger.EXPORT_HEADERS.index("是否逾期")] for r in data} == {"是"}
    assert {len(r[ledger.EXPORT_HEADERS.index("统一社会信用代码")]) for r in data} == {18}
    with zipfile.ZipFile(target) as zf:
        sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
        workbook = ET.fromstring(zf.read("xl/workbook.xml"))
        styles = ET.fromstring(zf.read("xl/styles.xml"))
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert pane is not None and pane.get("state") == "frozen" and pane.get("topLeftCell") == "A5"
    assert workbook.find("m:sheets/m:sheet", NS).get("name") == "隐患台账"  # type: ignore[union-attr]
    last = chr(ord("A") + len(ledger.EXPORT_HEADERS) - 1)
    assert sheet.find("m:autoFilter", NS).get("ref") == f"A4:{last}12"  # type: ignore[union-attr]
    setup_ = sheet.find("m:pageSetup", NS)
    assert setup_ is not None and setup_.get("orientation") == "landscape" and setup_.get("paperSize") == "9"
    assert setup_.get("fitToHeight") == "0" and setup_.get("fitToWidth", "1") == "1"
    assert sheet.find("m:sheetPr/m:pageSetUpPr", NS).get("fitToPage") == "1"  # type: ignore[union-attr]
    titles = {d.get("name"): d.text for d in workbook.iterfind("m:definedNames/m:definedName", NS)}
    assert titles["_xlnm.Print_Titles"] == "隐患台账!$4:$4"  # the header row on every printed page
    # 发现日期 is a real date cell (a serial with a date format), not text; the credit code is text.
    found_cell = sheet.find("m:sheetData/m:row[5]/m:c[2]", NS)
    assert found_cell is not None and found_cell.get("t") is None
    xf = styles.findall("m:cellXfs/m:xf", NS)[int(found_cell.get("s", "0"))]
    formats = {f.get("numFmtId"): f.get("formatCode") for f in styles.iterfind("m:numFmts/m:numFmt", NS)}
    assert formats[xf.get("numFmtId")] == "yyyy-mm-dd"
    code_cell = sheet.find("m:sheetData/m:row[5]/m:c[4]", NS)
    assert code_cell is not None and code_cell.get("t") == "inlineStr"


def test_xlsx_export_opens_in_libreoffice(demo_ledger: App, tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    import subprocess

    target = tmp_path / "ledger.xlsx"
    ledger.export_ledger(demo_ledger, None, target)
    out = tmp_path / "out"
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(out),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader(io.StringIO((out / "ledger.csv").read_text(encoding="utf-8"))))
    assert rows[0][0] == "隐患排查治理台账"
    assert rows[3] == list(ledger.EXPORT_HEADERS)
    # The header, 28 hazards, a blank row, then 填表人 / 审核人 / 日期.
    assert len(rows) == 4 + 28 + 2 and rows[-1][0].startswith("填表人") and not any(rows[-2])
    expected = all_rows(demo_ledger, ledger.ledger_keys(demo_ledger))
    assert [r[2] for r in rows[4:-2]] == [r["enterprise_name"] for r in expected]
    assert rows[4][1] == expected[0]["found_date"].isoformat()


def test_cancelled_export_leaves_no_file(bulk_folder: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 4_000  # cancel after the second chunk

    with open_app(bulk_folder) as app:
        for suffix in (".xlsx", ".csv"):
            target = tmp_path / f"ledger{suffix}"
            result = ledger.export_ledger(app, None, target, progress)
            assert result.cancelled and result.rows == 0
            assert not target.exists()
            assert list(tmp_path.iterdir()) == [], "no temporary file may be left behind"
        assert calls[0] == (0, 20_000) and calls[-1][0] == 4_000
        # Cancelling never harms a file that was already there.
        keep = tmp_path / "keep.csv"
        keep.write_text("旧文件", encoding="utf-8")
        assert ledger.export_ledger(app, None, keep, lambda d, t: d == 0).cancelled
        assert keep.read_text(encoding="utf-8") == "旧文件"
        assert ledger.export_ledger(app, None, keep, lambda d, t: False).cancelled


def test_full_export_reports_progress_in_chunks(bulk_folder: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    with open_app(bulk_folder) as app:
        result = ledger.export_ledger(app, None, tmp_path / "all.csv", lambda d, t: calls.append((d, t)) or True)
    assert result.rows == 20_000 and not result.cancelled
    assert len(calls) == 1 + 20_000 // 2_000
    assert calls[-1] == (20_000, 20_000)
    with (tmp_path / "all.csv").open(encoding="utf-8-sig") as fh:
        assert sum(1 for _ in fh) == 20_001


def test_export_refuses_other_formats_and_missing_folders(demo_ledger: App, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"\.xlsx.*\.csv.*\.pdf"):
        ledger.export_ledger(demo_ledger, None, tmp_path / "ledger.docx")
    with pytest.raises(ValidationError, match="文件夹不存在"):
        ledger.export_ledger(demo_ledger, None, tmp_path / "nope" / "ledger.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ValidationError, match="文件夹"):
        ledger.export_ledger(demo_ledger, None, tmp_path / "dir.csv")


def test_xlsx_export_refuses_more_rows_than_a_sheet_holds(
    demo_ledger: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_export, "XLSX_MAX_ROWS", 10)
    with pytest.raises(ValidationError, match="导出为 CSV"):
        ledger.export_ledger(demo_ledger, None, tmp_path / "big.xlsx")
    assert not (tmp_path / "big.xlsx").exists()
    assert ledger.export_ledger(demo_ledger, None, tmp_path / "big.csv").rows == 28


def test_export_file_name_says_what_it_holds() -> None:
    flt = LedgerFilter(township="城关镇", level="major", overdue_only=True)
    assert (
        ledger.default_export_name(flt, ".xlsx", on=date(2026, 11, 23)) == "隐患台账-城关镇-重大隐患-逾期-20261123.xlsx"
    )
    assert ledger.default_export_name(None, ".csv", on=date(2026, 1, 2)) == "隐患台账-20260102.csv"


# ---- scale ------------------------------------------------------------------------------------------------------


def test_keys_at_scale_are_compact_and_filters_use_them(bulk_folder: Path) -> None:
    with open_app(bulk_folder) as app:
        keys = ledger.ledger_keys(app)
        assert len(keys) == 20_000 and keys.itemsize == 8
        assert len(ledger.ledger_keys(app, LedgerFilter(township="城关镇"))) == 4_000
        assert len(ledger.ledger_keys(app, LedgerFilter(level="major"))) == 2_000
        assert len(ledger.ledger_keys(app, LedgerFilter(status="closed"))) == sum(i % 7 >= 4 for i in range(20_000))
        page = ledger.ledger_rows(app, keys[-200:])
        assert len(page) == 200 and page[-1]["found_date"] == date(2025, 1, 1)
        stats = ledger.ledger_stats(app)
        assert stats.total.found == 20_000 and len(stats.by_township) == 5
