"""backup list / create / --daily / restore from the command line, including on a damaged database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector_app.cli.main import main
from inspector_app.store.paths import DataDir


class Run:
    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
        self.capsys = capsys
        self.data_dir = data_dir

    def __call__(self, *args: str, expect: int = 0) -> tuple[str, str]:
        code = main(["--data-dir", str(self.data_dir), *args])
        out, err = self.capsys.readouterr()
        assert code == expect, f"exit {code} for {args}: {out}{err}"
        return out, err


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    go = Run(capsys, data_dir)
    go("init", "--authority", "测试县应急管理局", "--short", "测")
    go("inspector", "add", "--name", "张三丰", "--cert-no", "43090300000001")
    return go


def one_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("inspector-app: ")
    return lines[0]


def listed(run: Run) -> list[dict[str, object]]:
    rows = json.loads(run("backup", "list", "--json")[0])
    assert isinstance(rows, list)
    return rows


def test_daily_create_and_list(run: Run) -> None:
    assert listed(run) == []
    assert "（无）" in run("backup")[0]
    out, _ = run("backup", "--daily")
    assert out.startswith("已完成每日备份：") and "daily-" in out
    assert "无需备份" in run("backup", "--daily")[0]
    out, _ = run("backup", "create")
    assert out.startswith("已备份：") and "manual-" in out
    run("backup", "create", "--label", "before-audit")
    rows = listed(run)
    assert [r["kind_label"] for r in rows] == ["手动", "手动", "每日自动"]
    assert rows[0]["file"].startswith("before-audit-")  # type: ignore[union-attr]
    text = run("backup", "list")[0]
    assert "每日自动" in text and "备份文件夹" in text


def test_a_bad_label_is_one_line(run: Run) -> None:
    _, err = run("backup", "create", "--label", "审计前", expect=1)
    assert "备份标签" in one_error(err)


def test_restore_asks_first_then_restores_and_check_passes(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("backup", "create")
    name = str(listed(run)[0]["file"])
    run("inspector", "add", "--name", "李四光", "--cert-no", "43090300000002")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    out, err = run("backup", "restore", name, expect=1)
    assert "执法人员 1" in out and "恢复前自动" in out and "按记录标识去重" in out
    assert "--yes" in one_error(err)
    assert '"inspectors": 2' in run("info", "--json")[0]  # nothing changed yet

    out, _ = run("backup", "restore", name, "--yes")

    assert f"已恢复：{name}" in out and "恢复前的数据已另存为" in out
    assert '"inspectors": 1' in run("info", "--json")[0]
    assert "检查通过" in run("check")[0]
    assert [r["kind"] for r in listed(run)] == ["pre-restore", "manual"]


def test_restore_can_be_declined_at_the_prompt(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("backup", "create")
    name = str(listed(run)[0]["file"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "no")
    out, _ = run("backup", "restore", name, expect=1)
    assert "已取消，数据未改动" in out
    assert [r["kind"] for r in listed(run)] == ["manual"]


def test_a_damaged_database_is_restored_from_the_command_line(run: Run, data_dir: Path) -> None:
    run("backup", "create")
    name = str(listed(run)[0]["file"])
    db = DataDir(data_dir).db_path
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database at all" * 1000)

    assert "损坏" in one_error(run("info", expect=1)[1])
    assert "损坏" in one_error(run("backup", "create", expect=1)[1])
    assert len(listed(run)) == 1  # the list works without opening the database
    out, _ = run("backup", "restore", name, "--yes")
    assert "已损坏的数据库保存在" in out and "trash" in out
    assert "检查通过" in run("check")[0]


def test_a_missing_backup_and_an_uninitialised_folder_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    go = Run(capsys, tmp_path / "empty")
    for args in (("backup", "list"), ("backup", "--daily"), ("backup", "restore", "x.sqlite3", "--yes")):
        assert "init" in one_error(go(*args, expect=1)[1])


def test_a_missing_backup_file_is_named(run: Run) -> None:
    _, err = run("backup", "restore", "manual-nothing.sqlite3", "--yes", expect=1)
    assert "找不到备份文件：manual-nothing.sqlite3" in one_error(err)


def test_a_folder_on_postgresql_is_left_to_its_dba(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bureau = DataDir(tmp_path / "bureau")
    bureau.ensure()
    bureau.record_server("postgresql://inspector@db.example/inspector")
    go = Run(capsys, bureau.root)
    for args in (("backup", "list"), ("backup", "create"), ("backup", "restore", "x.sqlite3", "--yes")):
        assert "pg_dump" in one_error(go(*args, expect=1)[1])
