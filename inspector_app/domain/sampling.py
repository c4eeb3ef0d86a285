"""双随机 draws: which enterprises are inspected, and which pair of inspectors goes to each.

The same inputs and seed give the same picks on every Python version and platform, whatever order the inputs
come in: inputs are sorted by id first, and every random number is taken from SHA-256 of (seed, purpose,
counter) — never from the `random` module or hash(). Anyone holding the published seed and inputs can
re-run the draw and check the result.

1. Enterprises that cannot be staffed (fewer than two eligible inspectors) are left out of the pool.
2. The pool, sorted by id, is shuffled by Fisher–Yates with SHA-256 counters; the first `count` are drawn.
3. Each drawn enterprise, those with the fewest eligible inspectors first (then in draw order), gets the two
   eligible inspectors with the fewest assignments so far in this draw, ties broken by SHA-256 of
   (seed, enterprise id, inspector id). Picks are returned in draw order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from inspector_app.domain.errors import ValidationError

# Stored with every draw, so that a later change to the rules cannot silently re-interpret an old one.
ALGORITHM = "sha256-fisher-yates-v1"

_SPACE = 1 << 256


@dataclass(frozen=True)
class EnterpriseRef:
    id: str
    township: str = ""


@dataclass(frozen=True)
class InspectorRef:
    id: str
    township: str = ""


@dataclass(frozen=True)
class Pick:
    enterprise_id: str
    inspector_ids: tuple[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"enterprise_id": self.enterprise_id, "inspector_ids": list(self.inspector_ids)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pick:
        first, second = data["inspector_ids"]
        return cls(str(data["enterprise_id"]), (str(first), str(second)))


_Ref = TypeVar("_Ref", EnterpriseRef, InspectorRef)


def draw(
    enterprises: Sequence[EnterpriseRef],
    inspectors: Sequence[InspectorRef],
    count: int,
    seed: str,
    exclude_own_township: bool = True,
) -> list[Pick]:
    """Draw `count` enterprises and a pair of distinct inspectors for each, in draw order."""
    if not seed:
        raise ValidationError("抽取种子不能为空")
    if count < 1:
        raise ValidationError(f"抽取数量至少为1家，现在是 {count}")
    ents = _sorted_unique(enterprises, "企业")
    staff = _sorted_unique(inspectors, "执法人员")
    if len(staff) < 2:
        raise ValidationError(f"在岗执法人员只有 {len(staff)} 名；每家企业须由两名执法人员检查，请先登记执法人员")
    if not ents:
        raise ValidationError("没有可抽取的企业")
    left_out = unstaffable(ents, staff, exclude_own_township)
    skipped = {e.id for e in left_out}
    pool = [e for e in ents if e.id not in skipped]
    if count > len(pool):
        message = f"可抽取的企业只有 {len(pool)} 家，少于要抽取的 {count} 家"
        if left_out:
            towns = "、".join(sorted({e.township.strip() for e in left_out}))
            message += (
                f"（另有 {len(left_out)} 家企业因本乡镇以外的执法人员不足两名而无法派员：{towns}；"
                "可减少抽取数量、登记更多执法人员，或允许本乡镇执法人员参加）"
            )
        raise ValidationError(message)

    chosen = shuffled(pool, seed, "enterprise")[:count]
    options = [eligible(e, staff, exclude_own_township) for e in chosen]
    # Staff the most constrained enterprises first, so the inspectors they need are not used up elsewhere.
    order = sorted(range(len(chosen)), key=lambda n: (len(options[n]), n))
    load = {i.id: 0 for i in staff}
    pairs: dict[int, tuple[str, str]] = {}
    for n in order:
        ent_id = chosen[n].id

        def rank(inspector: InspectorRef, ent_id: str = ent_id) -> tuple[int, int]:
            return load[inspector.id], _digest(seed, "inspector", ent_id, inspector.id)

        first = min(options[n], key=rank)
        second = min((i for i in options[n] if i.id != first.id), key=rank)
        load[first.id] += 1
        load[second.id] += 1
        pairs[n] = (first.id, second.id)
    return [Pick(e.id, pairs[n]) for n, e in enumerate(chosen)]


def eligible(
    enterprise: EnterpriseRef, inspectors: Iterable[InspectorRef], exclude_own_township: bool
) -> list[InspectorRef]:
    """Inspectors who may inspect this enterprise; a blank township never excludes anyone."""
    town = enterprise.township.strip()
    if not exclude_own_township or not town:
        return list(inspectors)
    return [i for i in inspectors if i.township.strip() != town]


def unstaffable(
    enterprises: Iterable[EnterpriseRef], inspectors: Sequence[InspectorRef], exclude_own_township: bool
) -> list[EnterpriseRef]:
    """Enterprises left out of the pool because fewer than two inspectors may go there."""
    return [e for e in enterprises if len(eligible(e, inspectors, exclude_own_township)) < 2]


def shuffled(items: Sequence[_Ref], seed: str, purpose: str) -> list[_Ref]:
    """Fisher–Yates, each swap index taken from SHA-256 of (seed, purpose, position)."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = _below(i + 1, seed, purpose, i)
        out[i], out[j] = out[j], out[i]
    return out


def _below(n: int, seed: str, purpose: str, index: int) -> int:
    """A uniform integer in [0, n); rejection sampling removes the modulo bias (a retry is ~never needed)."""
    limit = _SPACE - _SPACE % n
    attempt = 0
    while True:
        value = _digest(seed, purpose, index, attempt)
        if value < limit:
            return value % n
        attempt += 1


def _digest(seed: str, purpose: str, *parts: str | int) -> int:
    # JSON of a list of strings and ints is unambiguous and byte-for-byte stable (ASCII-escaped).
    payload = json.dumps([seed, purpose, *parts], ensure_ascii=True, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(payload.encode("ascii")).digest(), "big")


def _sorted_unique(refs: Iterable[_Ref], what: str) -> list[_Ref]:
    out = sorted(refs, key=lambda r: r.id)
    for a, b in zip(out, out[1:], strict=False):
        if a.id == b.id:
            raise ValidationError(f"{what}名单中有重复的编号：{a.id}")
    return out
