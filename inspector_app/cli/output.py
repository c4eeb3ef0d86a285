from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def emit_table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> None:
    """A plain aligned table for people; --json is for programs."""
    if not rows:
        print("（无）")
        return
    widths = [max(_width(title), *(_width(_cell(r.get(key))) for r in rows)) for key, title in columns]
    print("  ".join(_pad(title, w) for (_, title), w in zip(columns, widths, strict=True)))
    for r in rows:
        print("  ".join(_pad(_cell(r.get(key)), w) for (key, _), w in zip(columns, widths, strict=True)))


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cell(value: Any) -> str:
    return "" if value is None else str(value)
