"""A small JSON-Schema subset checker over YAML nodes, so every error can name its file and line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from inspector_app import bundle


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((bundle.forms_dir() / "schema.json").read_text(encoding="utf-8"))
    return loaded


_TYPES = {"string": "文本", "integer": "整数", "boolean": "true/false", "array": "列表", "object": "映射"}


def check(node: yaml.Node, rule: dict[str, Any], file: str, where: str = "") -> list[Problem]:
    problems: list[Problem] = []

    def fail(n: yaml.Node, message: str) -> None:
        problems.append(Problem(file, n.start_mark.line + 1, message))

    label = where or "文件顶层"
    kind = rule.get("type")
    if kind == "object":
        if not isinstance(node, yaml.MappingNode):
            fail(node, f"{label} 应为{_TYPES['object']}")
            return problems
        props = rule.get("properties", {})
        keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in keys:
                fail(key_node, f"{label} 中字段 “{key}” 重复")
            keys[key] = value_node
            if key not in props and rule.get("additionalProperties") is False:
                fail(key_node, f"{label} 中有未知字段 “{key}”（允许：{', '.join(props)}）")
            elif key in props:
                problems += check(value_node, props[key], file, f"{where}.{key}" if where else key)
        for req in rule.get("required", []):
            if req not in keys:
                fail(node, f"{label} 缺少必填字段 “{req}”")
        return problems
    if kind == "array":
        if not isinstance(node, yaml.SequenceNode):
            fail(node, f"{label} 应为{_TYPES['array']}")
            return problems
        if len(node.value) < rule.get("minItems", 0):
            fail(node, f"{label} 至少需要 {rule['minItems']} 项")
        for i, child in enumerate(node.value):
            problems += check(child, rule.get("items", {}), file, f"{where}[{i}]")
        return problems
    if not isinstance(node, yaml.ScalarNode):
        fail(node, f"{label} 应为{_TYPES.get(str(kind), str(kind))}")
        return problems
    value = yaml.safe_load(yaml.serialize(node))
    ok_type = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
    }.get(str(kind), True)
    if not ok_type:
        fail(node, f"{label} 应为{_TYPES.get(str(kind), str(kind))}，现在是 {node.value!r}")
        return problems
    if "enum" in rule and value not in rule["enum"]:
        fail(node, f"{label} 的值 {value!r} 不在允许范围内：{rule['enum']}")
    if isinstance(value, str):
        if len(value.strip()) < rule.get("minLength", 0):
            fail(node, f"{label} 不能为空")
        if "pattern" in rule and not re.match(rule["pattern"], value):
            fail(node, f"{label} 的值 {value!r} 格式不对（应符合 {rule['pattern']}）")
    return problems


def compose(path: Path) -> tuple[yaml.Node | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(str(path), 1, f"不是 UTF-8 编码的文本：{exc.reason}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 1) if exc.problem_mark else 1
        return None, [Problem(str(path), line, f"YAML 语法错误：{exc.problem}")]
    if node is None:
        return None, [Problem(str(path), 1, "文件是空的")]
    return node, []
