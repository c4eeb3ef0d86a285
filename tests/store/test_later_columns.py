"""Columns added after the first release leave old records' hashes and old packages' records as they were."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector_app.audit.canonical import content_hash, record_dict, record_hash
from inspector_app.store.models import Enterprise, Hazard
from inspector_app.store.models.later import ADDED_LATER
from inspector_app.sync.records import RecordError, codec, from_json, to_json


def _enterprise(**extra: str) -> Enterprise:
    moment = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    return Enterprise(
        id="e1",
        credit_code="91350100M000100Y43",
        name="甲公司",
        sector="construction",
        created_at=moment,
        updated_at=moment,
        **extra,
    )


def test_every_later_column_exists_on_its_model() -> None:
    from sqlmodel import SQLModel

    tables = SQLModel.metadata.tables
    for table, columns in ADDED_LATER.items():
        for name, default in columns.items():
            column = tables[table].columns[name]
            assert not column.nullable
            assert column.default is not None and column.default.arg == default


def test_a_later_column_at_its_default_keeps_the_first_release_hash() -> None:
    ent = _enterprise()
    first_release = record_dict(ent)
    assert "representative_title" not in first_release
    assert content_hash(ent) == record_hash(first_release)


def test_a_later_column_with_a_value_is_part_of_the_record() -> None:
    plain, titled = _enterprise(), _enterprise(representative_title="总经理")
    assert record_dict(titled)["representative_title"] == "总经理"
    assert content_hash(plain) != content_hash(titled)
    assert codec(Enterprise).canonical_of_values(codec(Enterprise).values(to_json(titled))) == record_dict(titled)


def test_a_record_from_an_older_release_reads_with_the_default() -> None:
    data = to_json(_enterprise())
    assert "representative_title" not in data
    back = from_json(Enterprise, data)
    assert isinstance(back, Enterprise) and back.representative_title == ""


def test_an_unknown_field_is_refused_even_when_a_later_one_is_missing() -> None:
    data = to_json(_enterprise())
    data["bogus"] = "x"
    with pytest.raises(RecordError, match="未知字段 bogus"):
        codec(Enterprise).values(data)


def test_a_missing_first_release_field_is_still_refused() -> None:
    hazard = Hazard(id="h1", inspection_id="i1", enterprise_id="e1", description="配电箱未设置安全警示标志")
    data = to_json(hazard)
    del data["description"]
    with pytest.raises(RecordError, match="缺少字段 description"):
        codec(Hazard).values(data)
