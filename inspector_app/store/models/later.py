"""Columns added after the first release, with the value every older record has.

A record's canonical form (its audited hash, its JSON in a package) leaves such a column out while it holds that
value. So the hashes of records written before the column existed still verify, and packages from and to an
older release still read: a missing later column is its default.
"""

from __future__ import annotations

from typing import Any

ADDED_LATER: dict[str, dict[str, Any]] = {
    # 0004: findings and documents a legal clerk would sign (Part 6)
    "enterprise": {"representative_title": ""},
    "hazard": {"violates": "", "location": "", "onsite_measures": ""},
    "hazardevent": {"officers": ""},
    "photo": {"taken_by": "", "stage": ""},
    "signature": {"signer_title": "", "refusal": ""},
}


def drop_defaults(table: str, record: dict[str, Any]) -> dict[str, Any]:
    later = ADDED_LATER.get(table)
    if not later:
        return record
    for key, default in later.items():
        if key in record and record[key] == default:
            del record[key]
    return record
