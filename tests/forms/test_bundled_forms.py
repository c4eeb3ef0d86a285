"""The checklist templates shipped in forms/: valid, complete, faithful to checklists.json, pinned by hash."""

from __future__ import annotations

import copy
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspector_app import bundle
from inspector_app.domain.enums import Sector
from inspector_app.forms.templates import Template, from_content, load_folder, sector_templates

SECTOR_CODES = {s.value for s in Sector}
ALL_CODES = SECTOR_CODES | {"general"}
# The research the templates were written from, kept in the repo beside the other reference notes.
CHECKLISTS = Path(__file__).parents[2] / "docs" / "reference" / "checklists.json"


@pytest.fixture(scope="module")
def loaded() -> dict[str, Template]:
    templates, problems = load_folder()
    assert problems == []
    return templates


@pytest.fixture(scope="module")
def checklists() -> dict[str, Any]:
    return json.loads(CHECKLISTS.read_text(encoding="utf-8"))


def _reference_items(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(template code, item) for every item in checklists.json."""
    out = [("general", item) for item in data["general"]]
    for sector in data["sectors"]:
        out += [(sector["code"], item) for item in sector["items"]]
    return out


# --- folder and loading ---


def test_forms_dir_is_the_repo_forms_folder() -> None:
    folder = bundle.forms_dir()
    assert folder == Path(__file__).resolve().parents[2] / "forms"
    assert (folder / "schema.json").is_file()
    assert {p.stem for p in folder.glob("*.yaml")} == ALL_CODES


def test_bundled_forms_load_without_problems() -> None:
    templates, problems = load_folder()
    assert [str(p) for p in problems] == []
    assert set(templates) == ALL_CODES


def test_load_folder_defaults_to_bundle(loaded: dict[str, Template]) -> None:
    explicit, problems = load_folder(bundle.forms_dir())
    assert problems == []
    assert {c: t.content_hash() for c, t in explicit.items()} == {c: t.content_hash() for c, t in loaded.items()}


def test_exactly_four_sector_templates_plus_general(loaded: dict[str, Template]) -> None:
    assert set(sector_templates(loaded)) == SECTOR_CODES
    assert loaded["general"].sector == "general"
    assert loaded["general"].includes == ()
    for code in SECTOR_CODES:
        assert loaded[code].sector == code
        assert loaded[code].code == code


def test_every_sector_template_includes_general_first(loaded: dict[str, Template]) -> None:
    general = loaded["general"]
    n = len(general.items)
    assert n > 0
    for code in SECTOR_CODES:
        t = loaded[code]
        assert t.includes == ("general",)
        assert t.items[:n] == general.items, code
        assert t.sections[: len(general.sections)] == general.sections, code
        assert len(t.items) > n, f"{code} has no items of its own"
        assert all(not i.id.startswith("g-") for i in t.items[n:]), code


def test_every_item_has_a_measure_and_basics(loaded: dict[str, Template]) -> None:
    for t in loaded.values():
        assert t.name.strip() and t.standard.strip() and t.version.strip()
        for title, items in t.sections:
            assert title.strip()
            assert items
            for item in items:
                assert item.measure.strip(), f"{t.code}/{item.id} has no measure"
                assert len(item.measure.strip()) >= 2
                assert item.text.strip() and item.source.strip()
                assert item.violation.strip() and item.violates.strip() and item.grounds.strip()
                assert item.section == title
                assert isinstance(item.major, bool) and isinstance(item.review, bool)


def test_review_flag_follows_source_or_an_uncertain_citation(loaded: dict[str, Template]) -> None:
    # 待核 when the wording was recalled, or when the 违反/依据 citation is uncertain — and then the note says why.
    for t in loaded.values():
        for item in t.items:
            if item.source == "recalled":
                assert item.review, f"{t.code}/{item.id}"
            elif item.review:
                assert "待核" in item.note, f"{t.code}/{item.id} is 待核 but its note does not say why"


def test_item_ids_unique_within_each_template(loaded: dict[str, Template]) -> None:
    for t in loaded.values():
        counts = Counter(i.id for i in t.items)
        assert [i for i, n in counts.items() if n > 1] == [], t.code
        for item in t.items:
            assert t.has_item(item.id)
            assert t.item(item.id) is item


def test_item_ids_unique_across_files() -> None:
    owner: dict[str, str] = {}
    for path in sorted(bundle.forms_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in data["sections"]:
            for item in section["items"]:
                assert item["id"] not in owner, f"{item['id']} in {path.name} and {owner.get(item['id'])}"
                owner[item["id"]] = path.name
    assert len(owner) > 100


# --- faithful to the reference ---


def test_reference_file_is_the_expected_shape(checklists: dict[str, Any]) -> None:
    assert {s["code"] for s in checklists["sectors"]} == SECTOR_CODES
    assert checklists["general"]


def test_every_reference_item_is_in_its_form_unchanged(loaded: dict[str, Template], checklists: dict[str, Any]) -> None:
    mismatches = []
    for code, ref in _reference_items(checklists):
        template = loaded[code]
        if not template.has_item(ref["id"]):
            mismatches.append(f"{ref['id']}: missing from {code}.yaml")
            continue
        item = template.item(ref["id"])
        for key in ("text", "major"):
            if getattr(item, key) != ref[key]:
                mismatches.append(f"{ref['id']}.{key}: form {getattr(item, key)!r} != reference {ref[key]!r}")
        if ref["source"] == "recalled" and not item.review:
            mismatches.append(f"{ref['id']}.review is {item.review} but reference source is {ref['source']!r}")
    assert mismatches == []


def test_reference_has_recalled_items_marked_for_review(
    loaded: dict[str, Template], checklists: dict[str, Any]
) -> None:
    # Guards the test above against a reference with no recalled items at all.
    recalled = [(code, ref["id"]) for code, ref in _reference_items(checklists) if ref["source"] == "recalled"]
    assert recalled
    for code, item_id in recalled:
        assert loaded[code].item(item_id).review is True


# --- content hash ---


def test_content_hash_is_stable_across_loads(loaded: dict[str, Template]) -> None:
    again, problems = load_folder()
    assert problems == []
    for code, t in loaded.items():
        h = t.content_hash()
        assert len(h) == 64 and int(h, 16) >= 0
        assert again[code].content_hash() == h
        assert t.content_hash() == h


def test_templates_have_different_hashes(loaded: dict[str, Template]) -> None:
    hashes = [t.content_hash() for t in loaded.values()]
    assert len(set(hashes)) == len(hashes)


@pytest.mark.parametrize("code", sorted(ALL_CODES))
def test_content_round_trip_keeps_the_hash(loaded: dict[str, Template], code: str) -> None:
    t = loaded[code]
    for content in (t.content(), t.content_json(), json.loads(t.content_json())):
        rebuilt = from_content(content)
        assert rebuilt.content_hash() == t.content_hash()
        assert rebuilt == t
        assert rebuilt.items == t.items


@pytest.mark.parametrize("code", sorted(ALL_CODES))
def test_changing_any_item_text_changes_the_hash(loaded: dict[str, Template], code: str) -> None:
    t = loaded[code]
    original = t.content_hash()
    base = t.content()
    seen = {original}
    for s_idx, section in enumerate(base["sections"]):
        for i_idx, _ in enumerate(section["items"]):
            content = copy.deepcopy(base)
            content["sections"][s_idx]["items"][i_idx]["text"] += "。"
            changed = from_content(content).content_hash()
            assert changed != original, content["sections"][s_idx]["items"][i_idx]["id"]
            seen.add(changed)
    assert len(seen) == len(t.items) + 1


@pytest.mark.parametrize(
    ("key", "change"),
    [
        ("violation", lambda v: v + "等"),
        ("violates", lambda v: v + "、第一条"),
        ("grounds", lambda v: v + "、第一条"),
        ("measure", lambda v: v + "并复查"),
        ("major", lambda v: not v),
        ("review", lambda v: not v),
        ("source", lambda v: v + " (checked)"),
    ],
)
def test_changing_other_item_fields_changes_the_hash(loaded: dict[str, Template], key: str, change: Any) -> None:
    t = loaded["general"]
    content = t.content()
    item = content["sections"][0]["items"][0]
    item[key] = change(item[key])
    assert from_content(content).content_hash() != t.content_hash()


def test_changing_the_version_or_order_changes_the_hash(loaded: dict[str, Template]) -> None:
    t = loaded["general"]
    content = t.content()
    content["version"] = content["version"] + ".1"
    assert from_content(content).content_hash() != t.content_hash()
    content = t.content()
    items = content["sections"][0]["items"]
    items[0], items[1] = items[1], items[0]
    assert from_content(content).content_hash() != t.content_hash()


def test_editing_the_yaml_changes_the_hash(tmp_path: Path, loaded: dict[str, Template]) -> None:
    for path in bundle.forms_dir().glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    unchanged, problems = load_folder(tmp_path)
    assert problems == []
    assert {c: t.content_hash() for c, t in unchanged.items()} == {c: t.content_hash() for c, t in loaded.items()}

    general = tmp_path / "general.yaml"
    text = general.read_text(encoding="utf-8")
    old = loaded["general"].item("g-02").text
    assert text.count(old) == 1
    general.write_text(text.replace(old, old + "并严格执行"), encoding="utf-8")
    edited, problems = load_folder(tmp_path)
    assert problems == []
    assert edited["general"].content_hash() != loaded["general"].content_hash()
    # the sector templates include general, so their pinned content changes too
    for code in SECTOR_CODES:
        assert edited[code].content_hash() != loaded[code].content_hash()
        assert edited[code].item("g-02").text == old + "并严格执行"
