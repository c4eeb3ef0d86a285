"""Every checklist item says what a document prints: the violation found, the duty violated and the grounds."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from inspector_app import bundle
from inspector_app.forms.citations import citation_problems, split_basis
from inspector_app.forms.templates import Template, from_content, load_files, load_folder

SAFETY = "《中华人民共和国安全生产法》"


@pytest.fixture(scope="module")
def templates() -> dict[str, Template]:
    found, problems = load_folder()
    assert problems == []
    return found


def _all_items(templates: dict[str, Template]) -> dict[str, object]:
    return {item.id: item for t in templates.values() for item in t.items}


def test_every_bundled_item_has_the_three_fields(templates: dict[str, Template]) -> None:
    items = _all_items(templates)
    assert len(items) == 206
    for item in items.values():
        assert item.violation.strip() and item.violates.strip() and item.grounds.strip(), item.id
        assert not item.legacy_basis, item.id


def test_no_bundled_citation_is_unfit_for_paper(templates: dict[str, Template]) -> None:
    for item in _all_items(templates).values():
        for citation in (item.violates, item.grounds):
            assert "罚则" not in citation, item.id
            assert "《安全生产法》" not in citation and "《特种设备安全法》" not in citation, item.id
            assert not set("()") & set(citation), item.id
            assert citation_problems(citation) == [], item.id


def test_no_violation_ends_like_the_liability_clause(templates: dict[str, Template]) -> None:
    for item in _all_items(templates).values():
        assert not item.violation.endswith(("的", "。")), item.id


def test_a_general_item_prints_its_violation_not_its_duty(templates: dict[str, Template]) -> None:
    g18 = templates["general"].item("g-18")
    assert g18.text == "保证安全生产投入，按规定提取使用安全生产费用"
    assert g18.violation != g18.text and g18.violation.startswith("未")
    assert g18.violates == f"{SAFETY}第二十三条第二款"
    # Chapter VI has no clause on 安全生产费用: the item is 待核 and says why.
    assert g18.review and "待核" in g18.note
    g11 = templates["general"].item("g-11")
    assert g11.violation == "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志"
    assert (g11.violates, g11.grounds) == (f"{SAFETY}第三十五条", f"{SAFETY}第九十九条第（一）项")
    general = [i for i in templates["general"].items if not i.text.startswith("未")]
    assert general and all(i.violation != i.text for i in general)


def test_major_items_cite_a_duty_of_law_and_their_criterion(templates: dict[str, Template]) -> None:
    mine = templates["non_coal_mine"].item("nc-u-01")
    assert mine.violates.startswith(SAFETY)
    assert "《金属非金属矿山重大事故隐患判定标准》（矿安〔2022〕88号）第一部分第（一）项" in mine.violates
    assert mine.grounds == f"{SAFETY}第六十五条第一款第（三）项、第一百零二条"
    for code in ("non_coal_mine", "hazardous_chemicals", "construction"):
        for item in templates[code].items:
            if item.major:
                assert item.violates.startswith(SAFETY) and "判定标准" in item.violates, item.id
                assert item.grounds.startswith(f"{SAFETY}第六十五条第一款第（三）项"), item.id


def test_special_equipment_grounds_are_the_special_equipment_law(templates: dict[str, Template]) -> None:
    own = [i for i in templates["special_equipment"].items if i.id.startswith("se-")]
    assert own
    for item in own:
        assert item.grounds.startswith("《中华人民共和国特种设备安全法》"), item.id
        assert SAFETY not in item.grounds, item.id


# --- templates pinned before the split still load ---

OLD_ITEM = {
    "id": "g-18",
    "text": "保证安全生产投入，按规定提取使用安全生产费用",
    "basis": "《安全生产法》第二十三条；罚则第九十三条",
    "major": False,
    "measure": "按规定足额提取安全生产费用并专款专用。",
    "review": False,
    "source": "GitHub LawRefBook/Laws 社会法/安全生产法(2021-06-10).md",
}


def _old_content() -> dict[str, object]:
    return {
        "code": "general",
        "name": "通用安全生产职责",
        "sector": "general",
        "version": "2026.11.1",
        "standard": "《中华人民共和国安全生产法》（2021年修正）",
        "includes": [],
        "sections": [{"title": "安全生产责任、制度与投入", "items": [copy.deepcopy(OLD_ITEM)]}],
    }


def test_old_pinned_item_loads_with_derived_fields() -> None:
    item = from_content(_old_content()).item("g-18")
    assert item.violation == OLD_ITEM["text"]
    assert item.violates == f"{SAFETY}第二十三条"
    assert item.grounds == f"{SAFETY}第九十三条"
    assert (item.violates, item.grounds) == split_basis(OLD_ITEM["basis"])
    assert item.basis == OLD_ITEM["basis"]


def test_old_pinned_template_keeps_its_content_and_hash() -> None:
    content = _old_content()
    template = from_content(content)
    assert template.content() == content
    assert from_content(template.content_json()).content_hash() == template.content_hash()


def test_new_item_basis_alias_joins_both_halves(templates: dict[str, Template]) -> None:
    item = templates["general"].item("g-11")
    assert item.basis == f"{item.violates}；{item.grounds}"


# --- forms validate ---


@pytest.fixture
def general_copy(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "general.yaml"
    shutil.copy(bundle.forms_dir() / "general.yaml", path)
    return path, path.read_text(encoding="utf-8").splitlines()


def _problems(path: Path, lines: list[str]) -> list[str]:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(p) for p in load_files([path])[1]]


def _line_of(lines: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def test_validate_rejects_an_item_without_violation(general_copy: tuple[Path, list[str]]) -> None:
    path, lines = general_copy
    item_line = _line_of(lines, "      - id: g-11")
    del lines[_line_of(lines[item_line:], "        violation:") + item_line]
    problems = _problems(path, lines)
    assert problems == [f"{path}:{item_line + 1}: {problems[0].split(': ', 1)[1]}"]
    assert "缺少必填字段 “violation”" in problems[0]


@pytest.mark.parametrize(
    ("key", "bad", "expected"),
    [
        ("violates", "《安全生产法》第三十五条", "《中华人民共和国安全生产法》"),
        ("violates", "《中华人民共和国安全生产法》第二十一条(一)", "半角括号"),
        ("grounds", "罚则第九十九条第（一）项", "罚则"),
    ],
)
def test_validate_rejects_unprintable_citations(
    general_copy: tuple[Path, list[str]], key: str, bad: str, expected: str
) -> None:
    path, lines = general_copy
    item_line = _line_of(lines, "      - id: g-11")
    i = _line_of(lines[item_line:], f"        {key}:") + item_line
    lines[i] = f"        {key}: {bad}"
    problems = _problems(path, lines)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{i + 1}: ") and "g-11" in problems[0] and expected in problems[0]


def test_validate_rejects_a_duty_copied_as_violation(general_copy: tuple[Path, list[str]]) -> None:
    path, lines = general_copy
    item_line = _line_of(lines, "      - id: g-18")
    i = _line_of(lines[item_line:], "        violation:") + item_line
    lines[i] = "        violation: 保证安全生产投入，按规定提取使用安全生产费用"
    problems = _problems(path, lines)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{i + 1}: ") and "照抄" in problems[0]


def test_validate_rejects_a_final_de(general_copy: tuple[Path, list[str]]) -> None:
    path, lines = general_copy
    item_line = _line_of(lines, "      - id: g-11")
    i = _line_of(lines[item_line:], "        violation:") + item_line
    lines[i] = lines[i] + "的"
    problems = _problems(path, lines)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{i + 1}: ") and "的" in problems[0]


def test_validate_rejects_the_old_basis_key(general_copy: tuple[Path, list[str]]) -> None:
    path, lines = general_copy
    item_line = _line_of(lines, "      - id: g-11")
    lines.insert(item_line + 2, "        basis: 《安全生产法》第三十五条；罚则第九十九条(一)")
    problems = _problems(path, lines)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{item_line + 3}: ") and "basis" in problems[0]
