"""The statute list for hazards found outside the checklist: complete, printable, and checked with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspector_app.domain.errors import NotFoundError, ValidationError
from inspector_app.forms import statutes
from inspector_app.forms.citations import citation_problems


def test_bundled_list_loads_and_every_entry_is_complete() -> None:
    entries = statutes.load()
    safety = [e for e in entries if e.id.startswith("aq-")]
    special = [e for e in entries if e.id.startswith("tz-")]
    # One entry per row of violation-wording.md, plus the common 特种设备安全法 duties.
    assert [e.id for e in safety] == [f"aq-{n:02d}" for n in range(1, 56)]
    assert len(special) >= 15
    assert len({e.id for e in entries}) == len(entries)
    for e in entries:
        for value in (e.topic, e.violation, e.violates, e.grounds, e.measure):
            assert len(value.strip()) >= 2, e.id
        assert citation_problems(e.violates) == [] and citation_problems(e.grounds) == [], e.id
        assert not e.violation.endswith("的"), e.id
        if e.review:
            assert "待核" in e.note, f"{e.id} is 待核 but its note does not say why"


def test_uncertain_rows_are_marked_for_review() -> None:
    # ⚠ rows of violation-wording.md: no clause (5, 9, 29 …) or an inferred one (13, 37, 40).
    for n in (1, 3, 5, 9, 13, 15, 29, 37, 38, 40, 41, 47, 49, 54):
        assert statutes.get(f"aq-{n:02d}").review, n
    for n in (6, 11, 20, 33, 39, 53):
        assert not statutes.get(f"aq-{n:02d}").review, n


def test_known_entries_cite_the_matching_clause() -> None:
    signs = statutes.get("aq-20")
    assert signs.violation == "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志"
    assert signs.violates == "《中华人民共和国安全生产法》第三十五条"
    assert signs.grounds == "《中华人民共和国安全生产法》第九十九条第（一）项"
    registration = statutes.get("tz-01")
    assert registration.grounds == "《中华人民共和国特种设备安全法》第八十三条第（一）项"


def test_unknown_entry_is_not_found() -> None:
    with pytest.raises(NotFoundError, match="法条清单中没有条目"):
        statutes.get("aq-99")


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "statutes.yaml"
    shutil.copy(statutes.statutes_path(), path)
    return path, path.read_text(encoding="utf-8").splitlines()


def _problems(path: Path, lines: list[str]) -> list[str]:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, problems = statutes.check_file(path)
    assert found == [] or problems == []
    return [str(p) for p in problems]


def test_missing_field_names_the_entry_line(copy: tuple[Path, list[str]]) -> None:
    path, lines = copy
    start = lines.index("  - id: aq-20")
    del lines[next(i for i in range(start, len(lines)) if lines[i].startswith("    grounds:"))]
    assert _problems(path, lines) == [f"{path}:{start + 1}: 法条清单条目缺少必填字段 “grounds”"]


def test_short_statute_name_is_rejected_at_its_line(copy: tuple[Path, list[str]]) -> None:
    path, lines = copy
    start = lines.index("  - id: aq-20")
    i = next(i for i in range(start, len(lines)) if lines[i].startswith("    violates:"))
    lines[i] = "    violates: 《安全生产法》第三十五条"
    problems = _problems(path, lines)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{i + 1}: ") and "全称" in problems[0]


def test_duplicate_id_is_rejected(copy: tuple[Path, list[str]]) -> None:
    path, lines = copy
    i = lines.index("  - id: aq-21")
    lines[i] = "  - id: aq-20"
    problems = _problems(path, lines)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{i + 1}: ") and "重复" in problems[0]


def test_a_broken_bundled_list_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "statutes.yaml"
    broken.write_text("schema: 1\nstatutes: []\n", encoding="utf-8")
    monkeypatch.setattr(statutes, "statutes_path", lambda: broken)
    statutes.load.cache_clear()
    try:
        with pytest.raises(ValidationError, match="法条清单有错误"):
            statutes.load()
    finally:
        statutes.load.cache_clear()
