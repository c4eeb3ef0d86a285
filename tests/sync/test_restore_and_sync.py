"""A device restored from a backup after it had already sent newer work to the bureau can keep sending.

Without the carry-forward in services/restore_carry.py, the device's next package was refused for good
(`UNIQUE constraint failed: receivedauditevent.device_id, seq`): the restored chain numbered its new events
from the backup's last one, and the bureau already held events with those numbers.
"""

from __future__ import annotations

from sqlmodel import select

from inspector_app.domain.enums import DocumentKind, Outcome
from inspector_app.services import backups, documents, health, inspections, restore, sync_export
from inspector_app.store.models import AuditEvent, Enterprise, Inspection, Inspector, ReceivedAuditEvent
from tests.sync.conftest import World, imported


def _new_inspection(world: World, purpose: str, index: int) -> str:
    with world.open(world.device, actor="张建国") as app:
        with app.read() as s:
            enterprise = s.exec(select(Enterprise).order_by(Enterprise.credit_code)).all()[index]
            people = s.exec(select(Inspector).order_by(Inspector.cert_no)).all()[:2]
        insp = inspections.start_inspection(app, enterprise.id, [p.id for p in people], purpose=purpose).id
        item = inspections.template_for(app, insp).items[0].id
        inspections.record_result(app, insp, item, Outcome.PASS)
        return insp


def _export(world: World, name: str) -> None:
    with world.open(world.device, actor="张建国") as app:
        sync_export.export_for_bureau(app, world.out(name))


def test_a_restored_device_keeps_its_audit_chain_and_the_bureau_accepts_its_next_package(world: World) -> None:
    assert imported(world.bureau, world.package).status == "applied"
    with world.open(world.device) as app:
        backup = backups.create_backup(app)
    sent_after_backup = _new_inspection(world, "备份之后", 1)
    _export(world, "after-backup.pkg")
    assert imported(world.bureau, world.out("after-backup.pkg")).status == "applied"

    result = restore.restore(world.device, backup)

    assert result.carried.chain_continued and result.carried.events > 0
    with world.open(world.device) as app:
        assert health.check(app) == []
        with app.read() as s:
            assert s.get(Inspection, sent_after_backup) is None
            actions = [ev.action for ev in s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).all()[:3]]  # type: ignore[attr-defined]
        assert "restore" in actions
    made_after_restore = _new_inspection(world, "恢复之后", 2)
    _export(world, "after-restore.pkg")

    report = imported(world.bureau, world.out("after-restore.pkg"))

    assert report.status == "applied"
    assert report.counts["inspection"].get("added") == 1
    with world.open(world.bureau) as bureau:
        assert health.check(bureau) == []
        with bureau.read() as s:
            # the bureau keeps what it received before the restore, and gets what came after
            assert s.get(Inspection, sent_after_backup) is not None
            assert s.get(Inspection, made_after_restore) is not None
            seqs = [
                ev.seq
                for ev in s.exec(select(ReceivedAuditEvent).where(ReceivedAuditEvent.device_id == world.device_id))
            ]
        assert sorted(seqs) == list(range(min(seqs), min(seqs) + len(seqs)))  # one unbroken chain, no fork


def test_a_number_issued_after_the_backup_is_not_issued_again(world: World) -> None:
    with world.open(world.device) as app:
        backup = backups.create_backup(app)
        insp = _new_inspection(world, "备份之后", 1)
        inspections.complete_inspection(app, insp, summary="无隐患")
        first = documents.issue(app, insp, DocumentKind.INSPECTION_RECORD).document.number

    restore.restore(world.device, backup)

    again = _new_inspection(world, "恢复之后", 2)
    with world.open(world.device) as app:
        inspections.complete_inspection(app, again, summary="无隐患")
        second = documents.issue(app, again, DocumentKind.INSPECTION_RECORD).document.number
        assert health.check(app) == []
    assert second != first
