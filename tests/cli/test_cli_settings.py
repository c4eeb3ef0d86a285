"""init's document settings, `settings show/set`, the refusal to issue under a placeholder, and commands that
write a document checking where before they take a number."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from inspector_app.domain.enums import Outcome
from inspector_app.services import inspections
from inspector_app.services.context import open_app
from tests.cli.test_cli import Run, _one_error_line
from tests.services.helpers import started

HESHAN = (
    "--authority",
    "益阳市赫山区应急管理局",
    "--short",
    "赫",
    "--remedy-government",
    "益阳市赫山区人民政府",
    "--remedy-court",
    "益阳市赫山区人民法院",
)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    return Run(capsys, data_dir)


def _settings(run: Run) -> dict[str, tuple[str, bool]]:
    rows = run.json("settings", "show", "--json")
    return {r["key"]: (r["value"], r["placeholder"]) for r in rows}  # type: ignore[union-attr]


def test_init_takes_the_remedy_bodies_and_nothing_is_left_unset(run: Run) -> None:
    _, err = run("init", "--role", "bureau", *HESHAN)
    assert "提示" not in err
    assert _settings(run) == {
        "authority": ("益阳市赫山区应急管理局", False),
        "short": ("赫", False),
        "remedy_government": ("益阳市赫山区人民政府", False),
        "remedy_court": ("益阳市赫山区人民法院", False),
        "review_days": ("10", False),
        "authority_line": ("", False),  # unset: 应急管理
        "referral_authority": ("", False),  # needed only to refer 特种设备 hazards, checked then
    }
    rows = run.json("settings", "show", "--json")
    assert {r["label"] for r in rows} >= {"执法机关名称", "文号代字", "行政复议机关", "行政诉讼法院"}  # type: ignore[union-attr]


def test_init_without_settings_writes_no_placeholder_and_says_what_is_missing(run: Run) -> None:
    _, err = run("init", "--role", "bureau", "--authority", "益阳市赫山区应急管理局", "--short", "赫")
    assert "行政复议机关" in err and "行政诉讼法院" in err and "settings set remedy_government" in err
    shown = _settings(run)
    assert shown["remedy_government"] == ("", True) and shown["remedy_court"] == ("", True)
    assert not any("某" in value for value, _ in shown.values())
    out, _ = run("settings", "show")
    assert "未填写" in out and "益阳市赫山区应急管理局" in out
    # A second init on the folder fills in what was missing.
    run("init", "--role", "bureau", *HESHAN)
    assert not any(placeholder for _, placeholder in _settings(run).values())


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("remedy_government", "某某县人民政府", "某某"),
        ("remedy_government", "益阳市赫山区政府办", "人民政府"),
        ("remedy_court", "  ", "不能为空"),
        ("remedy_court", "赫山区法庭", "法院"),
        ("authority", "局", "4至60字"),
        ("authority", "某某县应急管理局", "某某"),
        ("short", "某", "某某"),
        ("short", "ABC", "1至6个字"),
        ("short", "赫山区应急管理", "1至6个字"),
        ("review_days", "0", "1至90"),
        ("operator", "张三", "未知设置项"),
    ],
)
def test_settings_set_refuses_bad_values_and_changes_nothing(run: Run, key: str, value: str, message: str) -> None:
    run("init", *HESHAN)
    before = _settings(run)
    _, err = run("settings", "set", key, value, expect=1)
    assert message in _one_error_line(err)
    assert _settings(run) == before


def test_settings_set_changes_one_value(run: Run) -> None:
    run("init")
    assert _settings(run)["short"] == ("", True)
    out, err = run("settings", "set", "short", " 赫山 ")
    assert "已保存" in out and "赫山" in out and "提示" in err  # others are still unset
    out, _ = run("settings", "set", "review_days", "15")
    assert _settings(run)["short"] == ("赫山", False) and _settings(run)["review_days"] == ("15", False)


def _completed(data_dir: Path) -> str:
    with open_app(data_dir) as app:
        insp = started(app)
        item = inspections.template_for(app, insp).items[0]
        inspections.record_result(app, insp, item.id, Outcome.PASS)
        inspections.complete_inspection(app, insp)
    return insp


def _counts(run: Run) -> tuple[int, object]:
    return len(run.json("list", "documents", "--json")), run.json("numbers", "--json")  # type: ignore[arg-type]


def test_issuing_is_refused_while_a_setting_is_a_placeholder(run: Run, data_dir: Path, tmp_path: Path) -> None:
    run("init", "--authority", "益阳市赫山区应急管理局", "--short", "赫")
    insp = _completed(data_dir)
    before = _counts(run)
    out = tmp_path / "record.pdf"
    args = ("document", "render", "--inspection", insp, "--kind", "inspection_record", "--out", str(out))
    _, err = run(*args, expect=1)
    line = _one_error_line(err)
    assert "行政复议机关" in line and "设置" in line and "settings set remedy_government" in line
    assert _counts(run) == before and not out.exists()
    run("settings", "set", "remedy_government", "益阳市赫山区人民政府")
    run("settings", "set", "remedy_court", "益阳市赫山区人民法院")
    number, _ = run(*args)
    assert number.strip().startswith("（赫）应急检记〔") and number.strip().endswith("〕1号")
    assert out.read_bytes().startswith(b"%PDF")


@pytest.fixture
def ready(run: Run, data_dir: Path) -> tuple[Run, str]:
    run("init", *HESHAN)
    return run, _completed(data_dir)


def _render(run: Run, insp: str, out: Path, expect: int = 0) -> tuple[str, str]:
    return run(
        "document", "render", "--inspection", insp, "--kind", "inspection_record", "--out", str(out), expect=expect
    )


def _refused_and_nothing_issued(run: Run, insp: str, out: Path, message: str) -> None:
    before = _counts(run)
    _, err = _render(run, insp, out, expect=1)
    assert message in _one_error_line(err)
    assert _counts(run) == before


def test_render_to_a_folder_issues_nothing(ready: tuple[Run, str], tmp_path: Path) -> None:
    run, insp = ready
    _refused_and_nothing_issued(run, insp, tmp_path, "文件夹")
    assert _counts(run)[0] == 0


def test_render_into_a_missing_folder_issues_nothing(ready: tuple[Run, str], tmp_path: Path) -> None:
    run, insp = ready
    _refused_and_nothing_issued(run, insp, tmp_path / "missing" / "r.pdf", "不存在")
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_render_where_nothing_can_be_written_issues_nothing(ready: tuple[Run, str]) -> None:
    run, insp = ready
    _refused_and_nothing_issued(run, insp, Path("/proc/r.pdf"), "不能在该文件夹中写入")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_render_into_a_read_only_folder_issues_nothing(ready: tuple[Run, str], tmp_path: Path) -> None:
    run, insp = ready
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        _refused_and_nothing_issued(run, insp, folder / "r.pdf", "不能在该文件夹中写入")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_an_existing_file_is_replaced_only_when_it_is_a_document_issued_here(
    ready: tuple[Run, str], tmp_path: Path
) -> None:
    run, insp = ready
    foreign = tmp_path / "someone-else.pdf"
    foreign.write_bytes(b"not ours")
    _refused_and_nothing_issued(run, insp, foreign, "已存在同名文件")
    assert foreign.read_bytes() == b"not ours"
    ours = tmp_path / "r.pdf"
    first, _ = _render(run, insp, ours)
    again, err = _render(run, insp, ours)  # the same document again, over its own copy
    assert again == first and "原样输出" in err
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_correct_into_a_missing_folder_issues_nothing(ready: tuple[Run, str], tmp_path: Path) -> None:
    run, insp = ready
    _render(run, insp, tmp_path / "r.pdf")
    doc_id = run.json("list", "documents", "--json")[0]["id"]  # type: ignore[index]
    before = _counts(run)
    missing = tmp_path / "missing" / "c.pdf"
    _, err = run(
        "document", "correct", "--document", doc_id, "--reason", "检查场所有误", "--out", str(missing), expect=1
    )
    assert "不存在" in _one_error_line(err)
    assert _counts(run) == before
    second, _ = run(
        "document", "correct", "--document", doc_id, "--reason", "检查场所有误", "--out", str(tmp_path / "c.pdf")
    )
    assert second.strip().endswith("〕2号")
