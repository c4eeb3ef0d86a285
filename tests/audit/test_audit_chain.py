"""Every change is audited in a hash chain; `check` finds edits made behind the app's back."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlmodel import select

from inspector_app.audit.trail import GENESIS, hash_of
from inspector_app.domain.enums import HazardStatus, Outcome
from inspector_app.services import hazards, health, inspections
from inspector_app.services.context import App
from inspector_app.services.timeutil import today
from inspector_app.store.models import AuditEvent, Hazard, HazardEvent
from tests.services.helpers import started


def _events(app: App) -> list[AuditEvent]:
    with app.read() as s:
        return list(s.exec(select(AuditEvent).order_by(AuditEvent.seq)))


def _db(app: App) -> sqlite3.Connection:
    return sqlite3.connect(app.data.db_path)


@pytest.fixture
def hazard_app(app: App) -> tuple[App, str]:
    insp = started(app)
    inspections.record_result(app, insp, "hc-01", Outcome.FAIL)
    hz = hazards.raise_from_item(app, insp, "hc-01")
    return app, hz.id


def test_chain_links_every_event_to_the_previous_one(hazard_app: tuple[App, str]) -> None:
    app, _ = hazard_app
    events = _events(app)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS
    for prev, ev in zip(events, events[1:], strict=False):
        assert ev.prev_hash == prev.hash
        assert hash_of(ev) == ev.hash
    assert health.check(app) == []


def test_each_change_records_who_what_and_the_new_content_hash(hazard_app: tuple[App, str]) -> None:
    app, hazard_id = hazard_app
    before = len(_events(app))
    hazards.move(app, hazard_id, HazardStatus.ORDERED, deadline=today() + timedelta(days=5))
    new = _events(app)[before:]
    assert {(e.action, e.entity) for e in new} == {("update", "hazard"), ("create", "hazardevent")}
    assert all(e.actor == "tester" and e.origin_device_id == app.device_id for e in new)
    update = next(e for e in new if e.entity == "hazard")
    assert update.entity_id == hazard_id
    with app.read() as s:
        assert s.get(Hazard, hazard_id).version == 2  # type: ignore[union-attr]


def test_row_edited_with_sqlite_shell_is_reported(hazard_app: tuple[App, str]) -> None:
    app, hazard_id = hazard_app
    with _db(app) as conn:
        conn.execute("UPDATE hazard SET description = '已被篡改' WHERE id = ?", (hazard_id,))
    problems = health.check(app)
    assert any("程序之外被改动" in p and hazard_id in p for p in problems), problems


def test_row_deleted_behind_the_app_is_reported(hazard_app: tuple[App, str]) -> None:
    app, hazard_id = hazard_app
    with _db(app) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DELETE FROM hazardevent WHERE hazard_id = ?", (hazard_id,))
    problems = health.check(app)
    assert any("程序之外被删除" in p and "hazardevent" in p for p in problems), problems


def test_row_inserted_behind_the_app_is_reported(app: App) -> None:
    with _db(app) as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('sneaky', 'x')")
    assert any("无审计记录" in p and "sneaky" in p for p in health.check(app))


def test_deleted_or_altered_audit_event_breaks_the_chain(hazard_app: tuple[App, str]) -> None:
    app, _ = hazard_app
    with _db(app) as conn:
        conn.execute("UPDATE auditevent SET actor = 'someone else' WHERE seq = 3")
    assert any("审计事件被改动" in p and "第 3 条" in p for p in health.check(app))
    with _db(app) as conn:
        conn.execute("DELETE FROM auditevent WHERE seq = 5")
    problems = health.check(app)
    assert any("审计链" in p and "第 4 条之后" in p for p in problems), problems


def test_append_only_history_cannot_be_rewritten_through_the_app(hazard_app: tuple[App, str]) -> None:
    app, hazard_id = hazard_app
    count = len(_events(app))
    with pytest.raises(RuntimeError, match="append-only"), app.write() as s:
        event = s.exec(select(HazardEvent).where(HazardEvent.hazard_id == hazard_id)).first()
        assert event is not None
        event.note = "rewritten"
        s.add(event)
    assert len(_events(app)) == count
    assert health.check(app) == []


def test_demo_data_passes_check(demo_app: App) -> None:
    assert health.check(demo_app) == []
