"""A broken template is reported as `file:line: message`, pointing at the line the editor must fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspector_app import bundle
from inspector_app.forms.schema_check import Problem
from inspector_app.forms.templates import load_files

MINI = """\
# 测试用最小模板
schema: 1
code: mini
name: 最小模板
sector: general
version: "1.0"
standard: 测试标准
sections:
  - title: 第一组
    items:
      - id: m-01
        text: 检查项一
        violation: 未落实依据一
        violates: 《中华人民共和国安全生产法》第三十五条
        grounds: 《中华人民共和国安全生产法》第九十九条第（一）项
        major: false
        measure: 措施一
        review: false
        source: 测试
      - id: m-02
        text: 检查项二
        violation: 未落实依据二
        violates: 《中华人民共和国安全生产法》第三十五条
        grounds: 《中华人民共和国安全生产法》第九十九条第（一）项
        major: true
        measure: 措施二
        review: false
        source: 测试
  - title: 第二组
    items:
      - id: m-03
        text: 检查项三
        violation: 未落实依据三
        violates: 《中华人民共和国安全生产法》第三十五条
        grounds: 《中华人民共和国安全生产法》第九十九条第（一）项
        major: false
        measure: 措施三
        review: true
        source: recalled
"""

SECTOR = """\
schema: 1
code: sect
name: 行业模板
sector: construction
version: "1.0"
includes: [mini]
standard: 测试标准
sections:
  - title: 行业组
    items:
      - id: s-01
        text: 行业检查项
        violation: 未落实行业依据
        violates: 《中华人民共和国安全生产法》第三十五条
        grounds: 《中华人民共和国安全生产法》第九十九条第（一）项
        major: true
        measure: 行业措施
        review: false
        source: 测试
"""

ITEM_PREFIX = "      - id: "
FIELD_INDENT = " " * 8


# --- helpers ---


def _line_no(index: int) -> int:
    """1-based line number of a 0-based index into splitlines()."""
    return index + 1


def _item_bounds(lines: list[str], k: int) -> tuple[int, int]:
    """Index range [start, end) of the k-th item mapping (0-based) in the file."""
    starts = [i for i, line in enumerate(lines) if line.startswith(ITEM_PREFIX)]
    start = starts[k]
    end = start + 1
    while end < len(lines) and lines[end].startswith(FIELD_INDENT):
        end += 1
    return start, end


def _field_index(lines: list[str], k: int, field: str) -> int:
    start, end = _item_bounds(lines, k)
    if field == "id":
        return start
    hits = [i for i in range(start, end) if lines[i].startswith(f"{FIELD_INDENT}{field}:")]
    assert len(hits) == 1, (field, hits)
    return hits[0]


def _top_index(lines: list[str], key: str) -> int:
    hits = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
    assert len(hits) == 1, (key, hits)
    return hits[0]


@pytest.fixture(params=["mini", "general"])
def base(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, list[str]]:
    """A valid template in tmp_path: the tiny MINI, or a copy of the real general.yaml (with its comments)."""
    if request.param == "mini":
        path = tmp_path / "mini.yaml"
        path.write_text(MINI, encoding="utf-8")
    else:
        path = tmp_path / "general.yaml"
        shutil.copy(bundle.forms_dir() / "general.yaml", path)
    return path, path.read_text(encoding="utf-8").splitlines()


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _only_problem(paths: list[Path]) -> Problem:
    templates, problems = load_files(paths)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- baseline ---


def test_the_unbroken_bases_load_cleanly(base: tuple[Path, list[str]]) -> None:
    path, _ = base
    templates, problems = load_files([path])
    assert problems == []
    assert list(templates) == [path.stem]


def test_mini_and_sector_resolve(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "sect.yaml").write_text(SECTOR, encoding="utf-8")
    templates, problems = load_files([tmp_path / "mini.yaml", tmp_path / "sect.yaml"])
    assert problems == []
    assert [i.id for i in templates["sect"].items] == ["m-01", "m-02", "m-03", "s-01"]
    assert templates["mini"].item("m-03").review is True


# --- each kind of mistake, with file and exact line ---


def test_yaml_syntax_error(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    i = _field_index(lines, 1, "text")
    lines[i] = lines[i] + ": 多了一个冒号"
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(i)
    assert "YAML 语法错误" in problem.message


def test_yaml_tab_indentation_error(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    i = _field_index(lines, 1, "violates")
    lines[i] = "\t" + lines[i].lstrip()
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(i)
    assert "YAML 语法错误" in problem.message


@pytest.mark.parametrize("field", ["text", "violation", "violates", "grounds", "major", "measure", "review", "source"])
def test_missing_required_item_field(base: tuple[Path, list[str]], field: str) -> None:
    path, lines = base
    start, _ = _item_bounds(lines, 1)
    del lines[_field_index(lines, 1, field)]
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(start), "should point at the item's mapping (its '- id:' line)"
    assert f"缺少必填字段 “{field}”" in problem.message
    assert "[1]" in problem.message


def test_missing_top_level_field(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    del lines[_top_index(lines, "standard")]
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(_top_index(lines, "schema"))
    assert "缺少必填字段 “standard”" in problem.message


@pytest.mark.parametrize(
    ("field", "bad", "expected"),
    [
        ("major", '"yes"', "true/false"),
        ("review", '"false"', "true/false"),
        ("major", "1", "true/false"),
        ("text", "[一, 二]", "文本"),
        ("measure", "12", "文本"),
    ],
)
def test_wrong_type(base: tuple[Path, list[str]], field: str, bad: str, expected: str) -> None:
    path, lines = base
    i = _field_index(lines, 1, field)
    lines[i] = f"{FIELD_INDENT}{field}: {bad}"
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(i)
    assert expected in problem.message
    assert field in problem.message


def test_unknown_item_field(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    i = _field_index(lines, 1, "violates") + 1
    lines.insert(i, f"{FIELD_INDENT}colour: red")
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(i)
    assert "未知字段 “colour”" in problem.message


def test_unknown_top_level_field(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    i = _top_index(lines, "standard") + 1
    lines.insert(i, "author: 某人")
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(i)
    assert "未知字段 “author”" in problem.message


def test_duplicate_item_id_points_at_the_second(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    first = _field_index(lines, 0, "id")
    second = _field_index(lines, 2, "id")
    first_id = lines[first].removeprefix(ITEM_PREFIX)
    lines[second] = ITEM_PREFIX + first_id
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(second)
    assert f"“{first_id}” 重复" in problem.message
    assert f"第 {_line_no(first)} 行已用" in problem.message


@pytest.mark.parametrize("bad_id", ["M-02", "m_02", "m02", "2m-02", "m-", "m-02-", "m--02", "'m-Ⅱ'"])
def test_id_not_matching_the_pattern(base: tuple[Path, list[str]], bad_id: str) -> None:
    path, lines = base
    i = _field_index(lines, 1, "id")
    lines[i] = ITEM_PREFIX + bad_id
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(i)
    assert "格式不对" in problem.message


def test_code_not_matching_the_filename(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    i = _top_index(lines, "code")
    lines[i] = "code: other_name"
    _write(path, lines)
    templates, problems = load_files([path])
    assert templates == {}
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file == str(path)
    assert problem.line == _line_no(i)
    assert "other_name" in problem.message
    assert f"“{path.stem}”" in problem.message


def test_code_not_matching_the_code_pattern(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    i = _top_index(lines, "code")
    lines[i] = "code: Mini-Form"
    _write(path, lines)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == _line_no(i)
    assert "code" in problem.message and "格式不对" in problem.message


def _sector_with_missing_include(tmp_path: Path, which: str) -> tuple[Path, int, str]:
    if which == "mini-sector":
        path = tmp_path / "sect.yaml"
        text = SECTOR.replace("includes: [mini]", "includes: [nothere]")
        missing = "nothere"
    else:  # the real construction.yaml, loaded without general.yaml next to it
        path = tmp_path / "construction.yaml"
        text = (bundle.forms_dir() / "construction.yaml").read_text(encoding="utf-8")
        missing = "general"
    path.write_text(text, encoding="utf-8")
    line = _line_no(_top_index(text.splitlines(), "includes"))
    return path, line, missing


@pytest.mark.parametrize("which", ["mini-sector", "construction"])
def test_includes_of_a_missing_template_names_file_and_template(tmp_path: Path, which: str) -> None:
    path, _, missing = _sector_with_missing_include(tmp_path, which)
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert f"“{missing}” 不存在" in problem.message
    assert "includes" in problem.message


@pytest.mark.parametrize("which", ["mini-sector", "construction"])
def test_includes_of_a_missing_template_points_at_the_includes_line(tmp_path: Path, which: str) -> None:
    path, line, _ = _sector_with_missing_include(tmp_path, which)
    assert line > 1
    problem = _only_problem([path])
    assert problem.line == line


@pytest.mark.parametrize("content", ["", "\n\n", "# 只有注释\n# 没有内容\n"], ids=["empty", "blank", "comments"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(content, encoding="utf-8")
    templates, problems = load_files([path])
    assert templates == {}
    assert problems == [Problem(str(path), 1, "文件是空的")]


def test_document_marker_only_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text("---\n", encoding="utf-8")
    templates, problems = load_files([path])
    assert templates == {}
    assert len(problems) == 1
    assert problems[0].file == str(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_bytes(MINI.encode("gb18030"))
    problem = _only_problem([path])
    assert problem.file == str(path)
    assert problem.line == 1
    assert "UTF-8" in problem.message


def test_duplicate_id_with_included_template_names_the_including_file(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    sect = tmp_path / "sect.yaml"
    sect.write_text(SECTOR.replace("id: s-01", "id: m-02"), encoding="utf-8")
    templates, problems = load_files([tmp_path / "mini.yaml", sect])
    assert len(problems) == 1
    assert problems[0].file == str(sect)
    assert "m-02" in problems[0].message
    assert "sect" not in templates
    assert "mini" in templates


def test_problems_in_several_files_are_all_reported(tmp_path: Path) -> None:
    good = tmp_path / "mini.yaml"
    good.write_text(MINI, encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    broken = tmp_path / "sect.yaml"
    lines = SECTOR.splitlines()
    i = _field_index(lines, 0, "major")
    lines[i] = f'{FIELD_INDENT}major: "yes"'
    _write(broken, lines)
    templates, problems = load_files([good, empty, broken])
    assert list(templates) == ["mini"]
    assert sorted((p.file, p.line) for p in problems) == sorted([(str(empty), 1), (str(broken), _line_no(i))])


# --- how a problem is shown ---


def test_problem_str_is_path_line_message(base: tuple[Path, list[str]]) -> None:
    path, lines = base
    i = _field_index(lines, 1, "major")
    lines[i] = f'{FIELD_INDENT}major: "yes"'
    _write(path, lines)
    problem = _only_problem([path])
    text = str(problem)
    assert text.startswith(f"{path}:{i + 1}: ")
    assert text.removeprefix(f"{path}:{i + 1}: ") == problem.message
    assert "'yes'" in text
    assert "\n" not in text


def test_problem_str_format() -> None:
    assert str(Problem("forms/x.yaml", 12, "缺少必填字段 “text”")) == "forms/x.yaml:12: 缺少必填字段 “text”"
