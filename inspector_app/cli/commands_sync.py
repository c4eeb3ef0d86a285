"""device enroll/list, export, import, sync status, conflicts."""

from __future__ import annotations

import argparse
import json

from inspector_app.cli.output import emit_json, emit_table
from inspector_app.domain.enums import Role
from inspector_app.services import sync_export, sync_import, sync_state
from inspector_app.services.context import open_app


def _enroll(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        result = sync_export.enroll_device(app, args.name, args.out)
    print(result.device_id)
    print(f"已登记终端“{args.name}”，登记数据包：{result.path}（内含终端密钥，导入后请删除该文件）")
    return 0


def _devices(args: argparse.Namespace) -> int:
    from sqlmodel import select

    from inspector_app.store.models import Device

    with open_app(args.data_dir, actor=args.actor) as app, app.read() as s:
        rows = [
            {
                "id": d.id,
                "name": d.name,
                "role": Role(d.role).label,
                "enrolled_at": d.enrolled_at.isoformat() if d.enrolled_at else None,
                "self": d.is_self,
            }
            for d in s.exec(select(Device))
        ]
    if args.json:
        emit_json(rows)
    else:
        emit_table(rows, [("name", "名称"), ("role", "角色"), ("enrolled_at", "登记时间"), ("id", "ID")])
    return 0


def _export(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        if args.for_device:
            result = sync_export.export_for_device(app, args.for_device, args.out)
        else:
            result = sync_export.export_for_bureau(app, args.out, encrypt=not args.no_encrypt)
    counts = "，".join(f"{k} {v}" for k, v in result.counts.items() if v)
    print(f"已导出数据包 {result.package_id}：{result.path}")
    print(f"  {counts or '没有新的记录'}")
    return 0


def _import(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        report = sync_import.import_package(app, args.file, dry_run=args.dry_run)
    for line in report.lines():
        print(line)
    return 0


def _status(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        packages = sync_state.packages(app)
        waiting = sync_state.pending(app)
    if args.json:
        emit_json({"packages": [p.__dict__ for p in packages], "waiting_for_receipt": waiting})
        return 0
    for p in packages:
        ack = "局端已回执" if p.acknowledged else ("" if p.direction == "in" else "待回执")
        arrow = "导出" if p.direction == "out" else "导入"
        print(f"{p.processed_at[:19]}  {arrow}  {p.kind:<14} 序号 {p.sequence:<4} {p.id}  {ack}")
    if waiting:
        print("等待局端回执：" + "，".join(f"{k} {v}" for k, v in waiting.items()))
    elif packages:
        print("所有已导出的记录都已得到局端回执")
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        rows = sync_state.conflicts(app, open_only=not args.all)
    data = [
        {
            "id": c.id,
            "entity": c.entity,
            "record_id": c.record_id,
            "reason": c.reason,
            "package_id": c.package_id,
            "local": json.loads(c.local_json or "{}"),
            "incoming": json.loads(c.incoming_json),
            "resolved": c.resolved_at is not None,
        }
        for c in rows
    ]
    if args.json:
        emit_json(data)
    else:
        emit_table(data, [("entity", "类型"), ("record_id", "记录"), ("reason", "原因"), ("id", "ID")])
    return 0
