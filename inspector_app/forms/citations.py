"""Legal citations as a document prints them: full statute names, 第（X）项, full-width brackets.

Checklists written before Part 6 cite "《安全生产法》第二十一条(一)；罚则第九十四条". Their pinned copies stay in
users' databases, so this module turns such a basis into the 违反 / 依据 pair the documents print, and tells
`forms validate` what a citation written by an editor must not contain.
"""

from __future__ import annotations

import re

SAFETY_LAW = "中华人民共和国安全生产法"
_PRC = "中华人民共和国"

# Checklist shorthand for the clause that penalises a breach; never printed on a document.
PENALTY_MARK = "罚则"

_NUM = "〇零一二三四五六七八九十百千"
_ITEM = rf"（[{_NUM}]+）"
_ARTICLE = rf"第[{_NUM}]+条(?:第[{_NUM}]+款)?"
_ITEMS_AFTER_ARTICLE = re.compile(rf"({_ARTICLE})((?:{_ITEM})+)")
_PART_AND_ITEM = re.compile(rf"(?<![第{_NUM}])([{_NUM}]+)、({_ITEM})")
_BARE_ITEM = re.compile(rf"(?<![第{_NUM}、])({_ITEM})(?!项)")
_STANDARD_CLAUSE = re.compile(r"》\s*(\d+(?:\.\d+)+)(?!条)\s*((?:[a-z]）)(?:[、～](?:[a-z]）))*)?")
# A national law's title starts with 中华人民共和国; 办法 and 方法 end in 法 but are not laws.
_SHORT_LAW = re.compile(rf"《(?!{_PRC})([^《》]*?(?<![办方])法)》")
_FULL_WIDTH = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BESIDE_WIDE = re.compile(rf"\s+(?=[{_FULL_WIDTH}])|(?<=[{_FULL_WIDTH}])\s+")
_TITLE = re.compile(r"《[^《》]+》")


def _items(found: re.Match[str]) -> str:
    numbers = re.findall(_ITEM, found.group(2))
    return found.group(1) + "、".join(f"第{n}项" for n in numbers)


def _standard_clause(found: re.Match[str]) -> str:
    return f"》第{found.group(1)}条{found.group(2) or ''}"


def normalise_citation(text: str) -> str:
    """The same citation in the form documents print; a citation already in that form comes back unchanged."""
    out = text.strip().replace("(", "（").replace(")", "）").replace(";", "；")
    out = re.sub(r"\s+", " ", out)
    out = _SPACE_BESIDE_WIDE.sub("", out)
    out = _SHORT_LAW.sub(lambda m: f"《{_PRC}{m.group(1)}》", out)
    out = _ITEMS_AFTER_ARTICLE.sub(_items, out)
    out = _PART_AND_ITEM.sub(lambda m: f"第{m.group(1)}部分第{m.group(2)}项", out)
    out = _BARE_ITEM.sub(lambda m: f"第{m.group(1)}项", out)
    out = _STANDARD_CLAUSE.sub(_standard_clause, out)
    return out


def split_basis(basis: str) -> tuple[str, str]:
    """(违反, 依据) from an old checklist basis: the 罚则 parts become the grounds, under the statute they follow."""
    violates: list[str] = []
    grounds: list[str] = []
    statute = f"《{SAFETY_LAW}》"
    for part in (p.strip() for p in normalise_citation(basis).split("；")):
        if not part:
            continue
        head, mark, penalty = part.partition(PENALTY_MARK)
        titles = _TITLE.findall(head)
        if titles:
            statute = titles[-1]
        if not mark:
            violates.append(part)
            continue
        if head.strip() and head.strip() != statute:
            violates.append(head.strip().rstrip("、，"))
        penalty = penalty.strip()
        grounds.append(penalty if penalty.startswith("《") else statute + penalty)
    return "、".join(violates), "、".join(grounds)


def citation_problems(text: str) -> list[str]:
    """What keeps a 违反 / 依据 citation from being printed as it stands (empty when it is fit)."""
    problems = []
    if PENALTY_MARK in text:
        problems.append(f"含检查表用语“{PENALTY_MARK}”，应写出处罚条款的完整出处")
    ascii_brackets = sorted({c for c in text if c in "()[]"})
    if ascii_brackets:
        problems.append(f"含半角括号 {' '.join(ascii_brackets)}，应使用全角（）")
    for short in sorted(set(_SHORT_LAW.findall(text))):
        problems.append(f"法律名称《{short}》应写全称《{_PRC}{short}》")
    return problems
