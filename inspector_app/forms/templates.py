"""Load, validate and resolve checklist templates; a resolved template is what an inspection pins."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from inspector_app import bundle
from inspector_app.domain.errors import ValidationError
from inspector_app.forms.citations import citation_problems, split_basis
from inspector_app.forms.schema_check import Problem, check, compose, schema

MAJOR_HAZARD_GROUNDS = "《中华人民共和国安全生产法》第六十五条第一款第（三）项、第一百零二条"
ITEM_KEYS = ("id", "text", "violation", "violates", "grounds", "major", "measure", "review", "source")
CITATION_KEYS = ("violates", "grounds")


@dataclass(frozen=True)
class Item:
    """One checklist item. `text` is the requirement (for 重大 items the 判定标准 criterion); `violation` is how a
    document words its breach; `violates` (违反) and `grounds` (依据) are the two halves of its legal basis."""

    id: str
    section: str
    text: str
    violation: str
    violates: str
    grounds: str
    major: bool
    measure: str
    review: bool
    source: str
    note: str = ""
    # The basis exactly as a pinned pre-2026.12 template stored it, kept so that its content hash still matches.
    legacy_basis: str = ""

    @property
    def basis(self) -> str:
        """Both halves in one line, for callers not yet switched to `violates` / `grounds`."""
        if self.legacy_basis:
            return self.legacy_basis
        return "；".join(part for part in (self.violates, self.grounds) if part)

    @classmethod
    def from_dict(cls, section: str, data: dict[str, Any]) -> Item:
        """An item from a pinned template's JSON: the current keys, or an old item's `basis` and no split."""
        if "basis" in data and "violation" not in data:
            old = {k: v for k, v in data.items() if k != "basis"}
            violates, grounds = split_basis(data["basis"])
            if not grounds and data.get("major"):
                # An old 重大 item cited its 判定标准 only; the order rests on the law, as in the current forms.
                grounds = MAJOR_HAZARD_GROUNDS
            return cls(
                section=section,
                violation=data["text"],
                violates=violates,
                grounds=grounds,
                legacy_basis=data["basis"],
                **old,
            )
        return cls(section=section, **data)


@dataclass(frozen=True)
class Template:
    code: str
    name: str
    sector: str
    version: str
    standard: str
    sections: tuple[tuple[str, tuple[Item, ...]], ...]
    includes: tuple[str, ...] = ()
    _by_id: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({item.id: item for _, items in self.sections for item in items})

    @property
    def items(self) -> list[Item]:
        return [item for _, items in self.sections for item in items]

    def item(self, item_id: str) -> Item:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise ValidationError(f"检查表“{self.name}”中没有检查项 {item_id}") from None

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id

    def content(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "sector": self.sector,
            "version": self.version,
            "standard": self.standard,
            "includes": list(self.includes),
            "sections": [{"title": title, "items": [_item_dict(i) for i in items]} for title, items in self.sections],
        }

    def content_json(self) -> str:
        return json.dumps(self.content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def content_hash(self) -> str:
        import hashlib

        return hashlib.sha256(self.content_json().encode("utf-8")).hexdigest()


def _item_dict(item: Item) -> dict[str, Any]:
    if item.legacy_basis:
        keys = ("id", "text", "major", "measure", "review", "source")
        data = {k: getattr(item, k) for k in keys} | {"basis": item.legacy_basis}
    else:
        data = {k: getattr(item, k) for k in ITEM_KEYS}
    if item.note:
        data["note"] = item.note
    return data


def from_content(content: dict[str, Any] | str) -> Template:
    """Rebuild a pinned template from the JSON stored with an inspection."""
    data = json.loads(content) if isinstance(content, str) else content
    sections = tuple((s["title"], tuple(Item.from_dict(s["title"], i) for i in s["items"])) for s in data["sections"])
    return Template(
        code=data["code"],
        name=data["name"],
        sector=data["sector"],
        version=data["version"],
        standard=data["standard"],
        sections=sections,
        includes=tuple(data.get("includes", [])),
    )


def _parse_file(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    node, problems = compose(path)
    if node is None:
        return None, problems
    problems += check(node, schema(), str(path))
    problems += _duplicate_ids(node, str(path))
    problems += _wording_problems(node, str(path))
    if problems:
        return None, problems
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    if data["code"] != path.stem:
        return None, [Problem(str(path), lines["code"], f"code “{data['code']}” 应与文件名 “{path.stem}” 一致")]
    # Remembered so that problems found across files can still point at the line to fix.
    data["_lines"] = lines
    return data, []


def _duplicate_ids(node: yaml.Node, file: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for item_node in _item_nodes(node):
        for key, value in item_node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                line = value.start_mark.line + 1
                if value.value in seen:
                    problems.append(
                        Problem(file, line, f"检查项 id “{value.value}” 重复（第 {seen[value.value]} 行已用）")
                    )
                else:
                    seen[value.value] = line
    return problems


def _wording_problems(node: yaml.Node, file: str) -> list[Problem]:
    """What the schema cannot say: citations a document could not print, and a duty worded as its violation."""
    problems = []
    for item_node in _item_nodes(node):
        values = {k.value: v for k, v in item_node.value if isinstance(v, yaml.ScalarNode)}
        item_id = values["id"].value if "id" in values else "?"
        for key in CITATION_KEYS:
            if key in values:
                for message in citation_problems(values[key].value):
                    problems.append(
                        Problem(file, values[key].start_mark.line + 1, f"检查项 {item_id} 的 {key} {message}")
                    )
        violation = values.get("violation")
        if violation is None:
            continue
        line = violation.start_mark.line + 1
        wording = violation.value.strip()
        if wording.endswith(("的", "。", "；")):
            problems.append(
                Problem(file, line, f"检查项 {item_id} 的 violation 句末不要“的”或标点（文书中接在序号之后）")
            )
        major = values.get("major")
        text = values.get("text")
        # A requirement that already reads as a breach ("未制定……") may stand as its own violation.
        duty_as_violation = text is not None and wording == text.value.strip() and not wording.startswith("未")
        if duty_as_violation and (major is None or major.value != "true"):
            problems.append(
                Problem(file, line, f"检查项 {item_id} 的 violation 照抄了 text（要求），应写成违法事实，如“未……”")
            )
    return problems


def _item_nodes(root: yaml.Node) -> Iterable[yaml.MappingNode]:
    if not isinstance(root, yaml.MappingNode):
        return
    for key, sections in root.value:
        if key.value == "sections" and isinstance(sections, yaml.SequenceNode):
            for section in sections.value:
                if isinstance(section, yaml.MappingNode):
                    for skey, items in section.value:
                        if skey.value == "items" and isinstance(items, yaml.SequenceNode):
                            yield from (i for i in items.value if isinstance(i, yaml.MappingNode))


def _own_sections(data: dict[str, Any]) -> tuple[tuple[str, tuple[Item, ...]], ...]:
    return tuple(
        (
            s["title"],
            tuple(
                Item(
                    id=i["id"],
                    section=s["title"],
                    text=i["text"].strip(),
                    violation=i["violation"].strip(),
                    violates=i["violates"].strip(),
                    grounds=i["grounds"].strip(),
                    major=i["major"],
                    measure=i["measure"].strip(),
                    review=i["review"],
                    source=i["source"].strip(),
                    note=i.get("note", "").strip(),
                )
                for i in s["items"]
            ),
        )
        for s in data["sections"]
    )


def load_folder(folder: Path | None = None) -> tuple[dict[str, Template], list[Problem]]:
    """Every template in the folder, resolved with its includes; plus every problem found."""
    folder = folder or bundle.forms_dir()
    return load_files(sorted(folder.glob("*.yaml")))


def load_files(paths: Iterable[Path]) -> tuple[dict[str, Template], list[Problem]]:
    raw: dict[str, tuple[Path, dict[str, Any]]] = {}
    problems: list[Problem] = []
    for path in paths:
        data, found = _parse_file(path)
        problems += found
        if data is not None:
            raw[data["code"]] = (path, data)
    templates: dict[str, Template] = {}
    for code, (path, data) in raw.items():
        sections = list(_own_sections(data))
        includes = tuple(data.get("includes", []))
        line = data["_lines"].get("includes", 1)
        for inc in includes:
            if inc not in raw:
                problems.append(Problem(str(path), line, f"includes 引用的模板 “{inc}” 不存在"))
                continue
            if raw[inc][1].get("includes"):
                problems.append(Problem(str(path), line, f"被引用的模板 “{inc}” 不能再引用其他模板"))
            sections = list(_own_sections(raw[inc][1])) + sections
        ids = [i.id for _, items in sections for i in items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(Problem(str(path), line, f"与引用模板的检查项 id 重复：{', '.join(dupes)}"))
            continue
        templates[code] = Template(
            code=code,
            name=data["name"],
            sector=data["sector"],
            version=str(data["version"]),
            standard=data["standard"].strip(),
            sections=tuple(sections),
            includes=includes,
        )
    return templates, problems


def sector_templates(templates: dict[str, Template]) -> dict[str, Template]:
    """Templates an inspection can use (the general duties come inside each of them)."""
    return {code: t for code, t in templates.items() if t.sector != "general"}
