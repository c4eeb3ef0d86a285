"""Merge rules, one per kind of record. Nothing is ever dropped: what no rule can settle goes to the
conflict list with both versions.

- Appended history (hazard events, corrections, audit events) merges by UUID.
- Master data owned by the bureau (enterprises, inspectors, templates) follows the bureau.
- A completed (locked) inspection, an issued document and an evidence file are never overwritten.
- Other records take the higher version; equal versions with different content are a conflict.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, select

from inspector_app.domain.enums import HazardStatus, InspectionStatus
from inspector_app.domain.hazard_lifecycle import events_in_order
from inspector_app.store.models import (
    AuditEvent,
    Document,
    Enterprise,
    FormTemplate,
    Hazard,
    HazardEvent,
    Inspection,
    Inspector,
    NumberBlock,
    ReceivedAuditEvent,
    SyncConflict,
)
from inspector_app.sync import bulk
from inspector_app.sync.records import ENTITIES, Codec, RecordError, codec, from_json, key_of, to_json

ADDED, UPDATED, UNCHANGED, CONFLICT = "added", "updated", "unchanged", "conflict"
MASTER = {"enterprise", "inspector", "formtemplate", "sampling", "task"}
APPEND_ONLY = {"hazardevent", "resultcorrection", "inspectioninspector"}
IMMUTABLE = {"photo", "signature", "document", "formtemplate"}
UNIQUE_COLUMN = {"enterprise": "credit_code", "inspector": "cert_no", "document": "number"}
AUDIT_FIELDS = ("seq", "at", "actor", "action", "entity", "entity_id", "content_hash", "prev_hash", "hash")
BATCH = 1000


@dataclass
class Outcome:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    landed: list[tuple[str, str, int]] = field(default_factory=list)  # (entity, id, version) now held here
    conflicts: list[SyncConflict] = field(default_factory=list)

    def count(self, entity: str, what: str) -> None:
        self.counts.setdefault(entity, Counter())[what] += 1

    def summary(self) -> dict[str, dict[str, int]]:
        return {entity: dict(c) for entity, c in self.counts.items()}

    def total(self, what: str) -> int:
        return sum(c[what] for c in self.counts.values())


@dataclass
class Merger:
    session: Session
    package_id: str
    from_bureau: bool  # True when a device applies the bureau's package
    sender_id: str
    outcome: Outcome = field(default_factory=Outcome)

    touched_hazards: set[str] = field(default_factory=set)

    def merge(self, entity: str, rows: Iterable[dict[str, Any]]) -> None:
        model = ENTITIES[entity]
        handler: Callable[[str, type[SQLModel], dict[str, Any]], None] | None = {
            "numberblock": self._number_block,
            "device": self._device,
        }.get(entity)
        if handler is not None:  # a handful of rows, each with its own rule
            for data in rows:
                handler(entity, model, data)
            return
        for batch in _batches(rows, BATCH):
            if entity == "auditevent":
                self._audit_events(batch)
            else:
                self._record_batch(entity, model, batch)

    # -- the general rule, a batch at a time -----------------------------------------------------------------
    def _record_batch(self, entity: str, model: type[SQLModel], batch: list[dict[str, Any]]) -> None:
        """New rows are inserted together; rows already here that are identical count as unchanged; everything
        else (a changed row, a key twice in one package, a clash on a unique column) takes `_record`."""
        c = codec(model)
        parsed = [_parsed(c, data) for data in batch]
        if entity == "hazard":
            self.touched_hazards.update(p.key for p in parsed)
        elif entity == "hazardevent":
            self.touched_hazards.update(p.values["hazard_id"] for p in parsed)
        local = bulk.existing(self.session, c, [p.key for p in parsed])
        fresh: list[_Parsed] = []
        slow: list[_Parsed] = []
        keys: set[str] = set()
        for p in parsed:
            if p.key in keys:
                slow.append(p)
            elif p.key in local:
                if _same(entity, c.json_of(local[p.key]), c.json_of(p.canonical)):
                    self._landed(entity, p.data, p.version, UNCHANGED)
                else:
                    slow.append(p)
            else:
                fresh.append(p)
            keys.add(p.key)
        fresh = self._without_unique_clashes(entity, c, fresh, slow)
        bulk.insert_audited(self.session, c, [(p.values, p.canonical) for p in fresh])
        for p in fresh:
            self._landed(entity, p.data, p.version, ADDED)
        for p in slow:
            self._record(entity, model, p.data)

    def _without_unique_clashes(
        self, entity: str, c: Codec, fresh: list[_Parsed], slow: list[_Parsed]
    ) -> list[_Parsed]:
        """New rows whose unique value (credit code, 执法证号, 文号…) is taken go the slow way, which files the
        conflict; so does the second of two new rows that claim the same value."""
        column = UNIQUE_COLUMN.get(entity)
        if entity == "formtemplate":
            slow.extend(fresh)
            return []
        if column is None:
            return fresh
        taken = bulk.column_values(self.session, c, column, (p.values[column] for p in fresh))
        clear: list[_Parsed] = []
        for p in fresh:
            value = p.values[column]
            if value in taken:
                slow.append(p)
            else:
                taken.add(value)
                clear.append(p)
        return clear

    # -- the general rule ------------------------------------------------------------------------------------
    def _record(self, entity: str, model: type[SQLModel], data: dict[str, Any]) -> None:
        incoming = _parse(model, data)
        local = self.session.get(model, key_of(model, data))
        version = int(data.get("version", 1))
        if local is None:
            clash = self._unique_clash(entity, incoming)
            if clash is not None:
                self._conflict(entity, data, clash, self._clash_reason(entity, clash))
                return
            self.session.add(incoming)
            self.session.flush()
            self._landed(entity, data, version, ADDED)
            return
        local_data = to_json(local)
        if _same(entity, local_data, _normal(model, data)):
            self._landed(entity, data, version, UNCHANGED)
            return
        bureau_rules = entity in MASTER and self.from_bureau
        versioned = entity not in APPEND_ONLY and entity not in IMMUTABLE
        if versioned and not bureau_rules and version < int(local_data.get("version", 1)):
            # An older copy arriving after a newer one (packages may come out of order): nothing to do.
            self._landed(entity, data, version, UNCHANGED)
            return
        reason = self._why_not(entity, local, local_data, data)
        if reason:
            self._conflict(entity, data, local_data, reason)
            return
        for key in to_json(incoming):
            setattr(local, key, getattr(incoming, key))
        self.session.add(local)
        self.session.flush()
        self._landed(entity, data, version, UPDATED)

    def _why_not(self, entity: str, local: Any, local_data: dict[str, Any], data: dict[str, Any]) -> str:
        """Why the incoming version may not replace ours; "" when it may."""
        if entity in APPEND_ONLY or entity in IMMUTABLE:
            return "同一记录两份内容不同（历史记录和证据不会被覆盖）"
        if entity in MASTER and self.from_bureau:
            return ""  # the bureau's registry wins
        if entity in MASTER and entity != "task":
            return "与局端登记的信息不一致（以局端为准，请核对后处理）"
        if entity == "inspection" and local.status == InspectionStatus.COMPLETED.value:
            return "本地该检查已完成并锁定，不会被覆盖"
        if entity == "itemresult":
            owner = self.session.get(Inspection, local.inspection_id)
            if owner is not None and owner.status == InspectionStatus.COMPLETED.value:
                return "所属检查已完成并锁定，结果不会被覆盖"
        local_version, version = int(local_data.get("version", 1)), int(data.get("version", 1))
        if version > local_version:
            return ""
        return "双方都修改了同一版本"

    def _unique_clash(self, entity: str, incoming: Any) -> dict[str, Any] | None:
        other: SQLModel | None
        if entity == "enterprise":
            other = self.session.exec(select(Enterprise).where(Enterprise.credit_code == incoming.credit_code)).first()
        elif entity == "inspector":
            other = self.session.exec(select(Inspector).where(Inspector.cert_no == incoming.cert_no)).first()
        elif entity == "document":
            other = self.session.exec(select(Document).where(Document.number == incoming.number)).first()
        elif entity == "formtemplate":
            other = self.session.exec(
                select(FormTemplate).where(
                    FormTemplate.code == incoming.code, FormTemplate.content_hash == incoming.content_hash
                )
            ).first()
        else:
            return None
        return to_json(other) if other is not None else None

    @staticmethod
    def _clash_reason(entity: str, clash: dict[str, Any]) -> str:
        return {
            "enterprise": f"统一社会信用代码已登记为另一条企业记录（{clash.get('name')}）",
            "inspector": f"执法证号已登记为另一名执法人员（{clash.get('name')}）",
            "document": f"文号 {clash.get('number')} 已被另一份文书使用，重复文号不予接收",
            "formtemplate": "同一检查表版本在本机以另一标识登记",
        }[entity]

    # -- special cases -----------------------------------------------------------------------------------------
    def _audit_events(self, batch: list[dict[str, Any]]) -> None:
        c, kept = codec(AuditEvent), codec(ReceivedAuditEvent)
        parsed = [_parsed(c, data) for data in batch]
        local = bulk.existing(self.session, kept, [p.key for p in parsed])
        fresh: list[tuple[dict[str, Any], dict[str, Any]]] = []
        keys: set[str] = set()
        taken = self._chain_positions(parsed)
        for p in parsed:
            if p.key in keys or p.key in local:
                self._audit_event("auditevent", AuditEvent, p.data)
                continue
            keys.add(p.key)
            values = {
                "id": p.values["id"],
                "device_id": p.values["origin_device_id"] or self.sender_id,
                **{k: p.values[k] for k in AUDIT_FIELDS},
            }
            position = (values["device_id"], values["seq"])
            if position in taken:
                # Another event already holds this place in the device's chain (a fork, say after a restore
                # that could not carry the chain forward): keep both for a person to look at, refuse nothing.
                self._conflict(
                    "auditevent", p.data, taken[position], "该终端审计链的同一序号已有另一条事件（审计链分叉）"
                )
                continue
            canonical = kept.canonical_of_values(values)
            taken[position] = kept.json_of(canonical)
            fresh.append((values, canonical))
            self._landed("auditevent", p.data, 1, ADDED)
        bulk.insert_audited(self.session, kept, fresh)

    def _chain_positions(self, parsed: list[_Parsed]) -> dict[tuple[str, int], dict[str, Any]]:
        """The (device, seq) places in received chains that these events would take and that are already held."""
        table = ReceivedAuditEvent.__table__  # type: ignore[attr-defined]
        kept = codec(ReceivedAuditEvent)
        wanted = {(p.values["origin_device_id"] or self.sender_id, p.values["seq"]) for p in parsed}
        held: dict[tuple[str, int], dict[str, Any]] = {}
        conn = self.session.connection()
        for device in {d for d, _seq in wanted}:
            seqs = sorted(seq for d, seq in wanted if d == device)
            for part in bulk.chunks(seqs, bulk.LOOKUP):
                for row in conn.execute(table.select().where(table.c.device_id == device, table.c.seq.in_(list(part)))):
                    held[(device, row.seq)] = kept.json_of(kept.canonical(row))
        return held

    def _audit_event(self, entity: str, model: type[SQLModel], data: dict[str, Any]) -> None:
        """Another device's audit chain is kept beside ours, never threaded into it."""
        event = _parse(AuditEvent, data)
        device = event.origin_device_id or self.sender_id
        local = self.session.get(ReceivedAuditEvent, data["id"])
        fields = {k: getattr(event, k) for k in AUDIT_FIELDS}
        if local is not None:
            if all(getattr(local, k) == v for k, v in fields.items()):
                self._landed(entity, data, 1, UNCHANGED)
            else:
                self._conflict(entity, data, to_json(local), "审计事件与已收到的同一事件内容不同")
            return
        self.session.add(ReceivedAuditEvent(id=data["id"], device_id=device, **fields))
        self.session.flush()
        self._landed(entity, data, 1, ADDED)

    def _number_block(self, entity: str, model: type[SQLModel], data: dict[str, Any]) -> None:
        """Serials only move forward: the higher `next_serial` wins, whichever side reports it."""
        incoming = _parse(NumberBlock, data)
        local = self.session.get(NumberBlock, data["id"])
        if local is None:
            self.session.add(incoming)
            self.session.flush()
            self._landed(entity, data, incoming.version, ADDED)
            return
        same_range = (local.first, local.last, local.device_id, local.kind, local.year, local.prefix) == (
            incoming.first,
            incoming.last,
            incoming.device_id,
            incoming.kind,
            incoming.year,
            incoming.prefix,
        )
        if not same_range:
            self._conflict(entity, data, to_json(local), "同一文号段的范围不一致")
            return
        if incoming.next_serial > local.next_serial:
            local.next_serial = incoming.next_serial
            self.session.add(local)
            self.session.flush()
            self._landed(entity, data, incoming.version, UPDATED)
        else:
            self._landed(entity, data, incoming.version, UNCHANGED)

    def _device(self, entity: str, model: type[SQLModel], data: dict[str, Any]) -> None:
        local = self.session.get(model, data.get("id"))
        if local is not None and getattr(local, "is_self", False):
            self._landed(entity, data, 1, UNCHANGED)  # our own identity is ours to keep
            return
        self._record(entity, model, {**data, "is_self": False})

    # -- bookkeeping -------------------------------------------------------------------------------------------
    def _landed(self, entity: str, data: dict[str, Any], version: int, what: str) -> None:
        self.outcome.count(entity, what)
        record_id = key_of(ENTITIES[entity], data)
        self.outcome.landed.append(
            (entity, "/".join(record_id) if isinstance(record_id, tuple) else record_id, version)
        )

    def _conflict(self, entity: str, incoming: dict[str, Any], local: dict[str, Any], reason: str) -> None:
        record_id = key_of(ENTITIES[entity], incoming)
        row = SyncConflict(
            package_id=self.package_id,
            entity=entity,
            record_id="/".join(record_id) if isinstance(record_id, tuple) else record_id,
            reason=reason,
            local_json=json.dumps(local, ensure_ascii=False, sort_keys=True),
            incoming_json=json.dumps(incoming, ensure_ascii=False, sort_keys=True),
        )
        self.session.add(row)
        self.session.flush()
        self.outcome.conflicts.append(row)
        self.outcome.count(entity, CONFLICT)

    def settle_hazards(self) -> None:
        """A hazard's status follows its newest event once both sides' events are merged."""
        ids = sorted(self.touched_hazards)
        events = HazardEvent.__table__  # type: ignore[attr-defined]
        hazards = Hazard.__table__  # type: ignore[attr-defined]
        conn = self.session.connection()
        for part in bulk.chunks(ids, bulk.LOOKUP):
            by_hazard: dict[str, list[Any]] = {}
            for row in conn.execute(
                core_select(
                    events.c.hazard_id, events.c.at, events.c.id, events.c.from_status, events.c.to_status
                ).where(events.c.hazard_id.in_(list(part)))
            ):
                by_hazard.setdefault(row.hazard_id, []).append(row)
            newest = {hazard_id: events_in_order(rows)[-1].to_status for hazard_id, rows in by_hazard.items()}
            stale = [
                hazard_id
                for hazard_id, status in conn.execute(
                    select(hazards.c.id, hazards.c.status).where(hazards.c.id.in_(list(part)))
                )
                if hazard_id in newest and newest[hazard_id] != status
            ]
            for hazard_id in stale:
                self._settle(hazard_id)

    def _settle(self, hazard_id: str) -> None:
        hazard = self.session.get(Hazard, hazard_id)
        if hazard is None:
            return
        history = events_in_order(
            list(self.session.exec(select(HazardEvent).where(HazardEvent.hazard_id == hazard_id)))
        )
        last = history[-1] if history else None
        if last is None or hazard.status == last.to_status:
            return
        hazard.status = last.to_status
        if last.to_status == HazardStatus.ORDERED.value and last.deadline is not None:
            hazard.deadline = last.deadline
        if last.to_status == HazardStatus.CLOSED.value:
            hazard.closed_at = last.at
        self.session.add(hazard)
        self.session.flush()


@dataclass(frozen=True)
class _Parsed:
    data: dict[str, Any]
    values: dict[str, Any]
    canonical: dict[str, Any]
    key: str

    @property
    def version(self) -> int:
        return int(self.values.get("version") or 1)


def _parsed(c: Codec, data: dict[str, Any]) -> _Parsed:
    try:
        values = c.values(data)
    except RecordError as exc:
        from inspector_app.sync.package import PackageError

        raise PackageError(f"数据包中的记录不合规：{exc}") from None
    canonical = c.canonical_of_values(values)
    return _Parsed(data, values, canonical, c.key(canonical))


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _parse(model: type[SQLModel], data: dict[str, Any]) -> Any:
    try:
        return from_json(model, data)
    except RecordError as exc:
        from inspector_app.sync.package import PackageError

        raise PackageError(f"数据包中的记录不合规：{exc}") from None


# Rows that are the same thing when these fields agree, whoever registered them first and when.
IDENTITY_FIELDS = {"formtemplate": ("code", "content_hash", "content", "template_version", "sector", "name")}


def _same(entity: str, local: dict[str, Any], incoming: dict[str, Any]) -> bool:
    fields = IDENTITY_FIELDS.get(entity)
    if fields is None:
        return local == incoming
    return all(local[f] == incoming[f] for f in fields)


def _normal(model: type[SQLModel], data: dict[str, Any]) -> dict[str, Any]:
    return to_json(_parse(model, data))
