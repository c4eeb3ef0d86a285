"""The statute list: violations an inspector may cite for a hazard that no checklist item covers.

resources/documents/statutes.yaml holds one entry per duty (from docs/reference/violation-wording.md and
special-equipment.md). An off-checklist hazard takes its wording, 违反 / 依据 and measure from one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from inspector_app import bundle
from inspector_app.domain.errors import NotFoundError, ValidationError
from inspector_app.forms.citations import citation_problems
from inspector_app.forms.schema_check import Problem, compose

_TEXT_KEYS = ("id", "topic", "violation", "violates", "grounds", "measure")


@dataclass(frozen=True)
class Statute:
    id: str
    topic: str
    violation: str
    violates: str
    grounds: str
    measure: str
    review: bool
    note: str = ""


def statutes_path() -> Path:
    return bundle.resources_dir() / "documents" / "statutes.yaml"


def _entry_problems(node: yaml.MappingNode, file: str, seen: dict[str, int]) -> list[Problem]:
    line = node.start_mark.line + 1
    values = {k.value: v for k, v in node.value}
    problems = []
    for key in (*_TEXT_KEYS, "review"):
        if key not in values:
            problems.append(Problem(file, line, f"法条清单条目缺少必填字段 “{key}”"))
    for key, value in values.items():
        where = value.start_mark.line + 1
        if key not in (*_TEXT_KEYS, "review", "note"):
            problems.append(Problem(file, where, f"法条清单条目中有未知字段 “{key}”"))
        elif not isinstance(value, yaml.ScalarNode) or (key != "review" and len(str(value.value).strip()) < 2):
            problems.append(Problem(file, where, f"法条清单条目的 {key} 应为非空文本"))
        elif key == "review" and value.value not in ("true", "false"):
            problems.append(Problem(file, where, "法条清单条目的 review 应为 true/false"))
        elif key in ("violates", "grounds"):
            problems += [Problem(file, where, f"法条清单条目的 {key} {m}") for m in citation_problems(value.value)]
        elif key == "id":
            if value.value in seen:
                problems.append(
                    Problem(file, where, f"法条清单 id “{value.value}” 重复（第 {seen[value.value]} 行已用）")
                )
            seen[value.value] = where
    return problems


def check_file(path: Path) -> tuple[list[Statute], list[Problem]]:
    """Every entry of the list, or the problems that keep it from being used (file and line for each)."""
    root, problems = compose(path)
    if root is None:
        return [], problems
    nodes = dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else {}
    entries = nodes.get("statutes")
    if not isinstance(entries, yaml.SequenceNode) or not entries.value:
        return [], [Problem(str(path), 1, "法条清单应有 statutes 列表")]
    seen: dict[str, int] = {}
    for node in entries.value:
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(str(path), node.start_mark.line + 1, "法条清单条目应为映射"))
            continue
        problems += _entry_problems(node, str(path), seen)
    if problems:
        return [], problems
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = [
        Statute(
            **{k: str(e[k]).strip() for k in _TEXT_KEYS},
            review=bool(e["review"]),
            note=str(e.get("note", "")).strip(),
        )
        for e in data["statutes"]
    ]
    return out, []


@cache
def load() -> tuple[Statute, ...]:
    """The bundled list; a broken file is one clear error, never a half-read list."""
    found, problems = check_file(statutes_path())
    if problems:
        raise ValidationError("法条清单有错误：\n" + "\n".join(str(p) for p in problems))
    return tuple(found)


def get(statute_id: str) -> Statute:
    for entry in load():
        if entry.id == statute_id:
            return entry
    raise NotFoundError(f"法条清单中没有条目 {statute_id}")
