"""The command line end to end: every failure is one clear line on stderr and a non-zero exit."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app.cli.main import main


class Run:
    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
        self.capsys = capsys
        self.data_dir = data_dir

    def __call__(self, *args: str, expect: int = 0) -> tuple[str, str]:
        code = main(["--data-dir", str(self.data_dir), *args])
        out, err = self.capsys.readouterr()
        assert code == expect, f"exit {code} for {args}: {out}{err}"
        return out, err

    def json(self, *args: str) -> object:
        return json.loads(self(*args)[0])


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    return Run(capsys, data_dir)


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("inspector-app: ")
    return lines[0]


def test_bare_command_without_a_display_prints_what_it_can_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    assert main([]) == 0
    out = capsys.readouterr().out
    for command in ("init", "demo", "info", "list", "evidence", "check", "forms"):
        assert command in out


def test_uninitialised_folder_says_what_to_do(run: Run) -> None:
    _, err = run("info", "--json", expect=1)
    assert "init" in _one_error_line(err)


def test_init_info_and_idempotent_demo(run: Run) -> None:
    out, _ = run("init", "--role", "bureau", "--authority", "益阳市赫山区应急管理局", "--short", "赫")
    assert "已初始化" in out
    info = run.json("info", "--json")
    assert set(info) >= {"schema_version", "role", "device_id", "counts"}  # type: ignore[arg-type]
    assert info["role"] == "bureau" and info["counts"]["templates"] == 4  # type: ignore[index]
    assert set(info["counts"]) == {
        "enterprises",
        "inspectors",
        "templates",
        "inspections",
        "hazards",  # type: ignore[index]
        "photos",
        "documents",
        "audit_events",
    }
    _, err = run("init", "--role", "device", expect=1)
    assert "不能改为" in _one_error_line(err)


def test_demo_is_realistic_and_running_it_twice_adds_nothing(run: Run) -> None:
    run("demo")
    first = run.json("info", "--json")["counts"]  # type: ignore[index]
    assert first["enterprises"] >= 25 and first["inspectors"] == 4 and first["photos"] > 0
    out, _ = run("demo")
    assert "未重复添加" in out
    assert run.json("info", "--json")["counts"] == first  # type: ignore[index]
    enterprises = run.json("list", "enterprises", "--json")
    assert {e["sector"] for e in enterprises} == {  # type: ignore[union-attr]
        "non_coal_mine",
        "hazardous_chemicals",
        "construction",
        "special_equipment",
    }
    assert len({e["township"] for e in enterprises}) == 3  # type: ignore[union-attr]
    hazards = run.json("list", "hazards", "--json")
    statuses = {h["status"] for h in hazards}  # type: ignore[union-attr]
    assert statuses == {"registered", "ordered", "rectifying", "review_failed", "closed"}
    assert any(h["overdue"] for h in hazards)  # type: ignore[union-attr]
    inspections = run.json("list", "inspections", "--json")
    row = inspections[0]  # type: ignore[index]
    assert {"id", "enterprise_name", "date", "status", "hazard_count"} <= set(row)
    assert sum(i["hazard_count"] for i in inspections) == len(hazards)  # type: ignore[union-attr]
    # The featured visit's papers, issued as they happened: record, 决定书 and 指令书, then the 复查意见书.
    documents = run.json("list", "documents", "--json")
    assert sorted(d["kind"] for d in documents) == [  # type: ignore[union-attr]
        "inspection_record",
        "onsite_decision",
        "rectification_order",
        "review_opinion",
    ]
    assert len({d["inspection_id"] for d in documents}) == 1  # type: ignore[union-attr]
    out, _ = run("check")
    assert "检查通过" in out


def test_scripted_inspection_with_evidence(run: Run, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    run("init")
    ent = run(
        "enterprise",
        "add",
        "--credit-code",
        "91350100M000100Y43",
        "--name",
        "福州某化工有限公司",
        "--sector",
        "危险化学品",
        "--township",
        "城关镇",
    )[0].strip()
    a = run("inspector", "add", "--name", "张三", "--cert-no", "35010020200001")[0].strip()
    b = run("inspector", "add", "--name", "李四", "--cert-no", "35010020200002")[0].strip()
    _, err = run("inspection", "start", "--enterprise", ent, "--inspector", a, expect=1)
    assert "两名以上" in _one_error_line(err)
    insp = run("inspection", "start", "--enterprise", ent, "--inspector", a, "--inspector", b)[0].strip()
    out, _ = run("inspection", "answer", "--inspection", insp, "--item", "hc-05", "--outcome", "不符合")
    assert "不符合 1 项" in out
    hz = run("hazard", "raise", "--inspection", insp, "--item", "hc-05", "--deadline", "2099-01-31")[0].strip()
    out, _ = run(
        "evidence",
        "add",
        "--inspection",
        insp,
        "--item",
        "hc-05",
        "--hazard",
        hz,
        str(make_jpeg("a.jpg")),
        str(make_jpeg("b.jpg", colour=(1, 2, 3))),
    )
    assert len(out.strip().splitlines()) == 2
    bad = make_jpeg("c.jpg").with_name("not-a-photo.jpg")
    bad.write_text("hello")
    _, err = run("evidence", "add", "--inspection", insp, str(make_jpeg("d.jpg", colour=(9, 9, 9))), str(bad), expect=1)
    assert "not-a-photo.jpg" in _one_error_line(err)
    assert run.json("info", "--json")["counts"]["photos"] == 2  # type: ignore[index]
    run("inspection", "complete", "--inspection", insp)
    _, err = run("inspection", "answer", "--inspection", insp, "--item", "hc-05", "--outcome", "pass", expect=1)
    assert "锁定" in _one_error_line(err)
    listed = run.json("list", "inspections", "--json")
    assert listed[0]["hazard_count"] == 1 and listed[0]["status"] == "completed"  # type: ignore[index]


def test_check_reports_a_row_edited_behind_the_apps_back(run: Run, data_dir: Path) -> None:
    run("demo")
    with sqlite3.connect(data_dir / "inspector.sqlite3") as conn:
        conn.execute("UPDATE enterprise SET name = '改名公司' WHERE rowid = 1")
    out, err = run("check", expect=1)
    assert "程序之外被改动：enterprise" in out
    assert "1 个问题" in _one_error_line(err)


def test_check_reports_a_replaced_photo(run: Run, data_dir: Path, make_jpeg) -> None:  # type: ignore[no-untyped-def]
    run("demo")
    media = next(p for p in (data_dir / "media").rglob("*") if p.is_file())
    media.write_bytes(make_jpeg("other.jpg").read_bytes())
    out, _ = run("check", expect=1)
    assert "证据文件内容与其哈希不符" in out


def test_forms_validate_names_file_and_line(run: Run, tmp_path: Path) -> None:
    out, _ = run("forms", "validate")
    assert "hazardous_chemicals" in out and "待核" in out
    broken = tmp_path / "general.yaml"
    broken.write_text(
        "schema: 1\ncode: general\nname: 通用\nsector: general\nversion: '1'\n"
        "standard: 安全生产法\nsections:\n  - title: 甲\n    items:\n      - id: g-01\n"
        "        text: 文本\n",
        encoding="utf-8",
    )
    _, err = run("forms", "validate", str(broken), expect=1)
    assert f"{broken}:10:" in err and "violation" in err


def test_unknown_record_is_one_line_not_a_traceback(run: Run) -> None:
    run("init")
    _, err = run("hazard", "review", "--hazard", "nope", "--result", "pass", expect=1)
    assert "找不到隐患" in _one_error_line(err)


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspector_app", "--version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "inspector-app" in result.stdout
