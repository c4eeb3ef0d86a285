"""backup: list, create, the daily backup for cron / Task Scheduler, and restore.

Everything but --daily works on the folder without opening the database, so that a damaged database can be
listed, backed up (refused with a message) and restored from the command line.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from inspector_app.cli.output import emit_json, emit_table
from inspector_app.domain.errors import StorageError, UserError
from inspector_app.services import backups, restore
from inspector_app.services.context import open_app
from inspector_app.services.timeutil import to_local
from inspector_app.store.migrate import head_revision
from inspector_app.store.paths import DataDir, resolve_root

COUNT_LABELS = {
    "enterprises": "企业",
    "inspectors": "执法人员",
    "inspections": "检查",
    "hazards": "隐患",
    "photos": "照片",
    "documents": "文书",
}


def _folder(args: argparse.Namespace) -> DataDir:
    data = DataDir(resolve_root(args.data_dir))
    if not data.is_initialised():
        raise UserError(f"数据文件夹尚未初始化：{data.root}（请先运行 inspector-app init）")
    return data


def _when(info: backups.BackupInfo) -> str:
    local = to_local(info.created_at)
    return local.strftime("%Y-%m-%d %H:%M:%S") if local else ""


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def _backup(args: argparse.Namespace) -> int:
    if not args.daily:
        return _list(args)
    with open_app(args.data_dir, actor=args.actor) as app:
        if not backups.supported(app):
            raise StorageError(backups.POSTGRES_REFUSAL)
        made = backups.daily(app)
        newest = backups.newest_backup_time(app)
    if made is None:
        local = to_local(newest)
        print(f"最近一次备份在24小时之内（{local:%Y-%m-%d %H:%M}），无需备份" if local else "无需备份")
    else:
        print(f"已完成每日备份：{made}")
    return 0


def _list(args: argparse.Namespace) -> int:
    data = _folder(args)
    if data.server_url() is not None:
        raise StorageError(backups.POSTGRES_REFUSAL)
    found = backups.list_backups(data)
    rows: list[dict[str, Any]] = [
        {
            "file": info.name,
            "path": str(info.path),
            "created_at": info.created_at.isoformat(timespec="seconds"),
            "time": _when(info),
            "kind": info.kind,
            "kind_label": info.kind_label,
            "size": info.size,
            "size_text": _size(info.size),
            "schema_version": (info.manifest or {}).get("schema_version"),
        }
        for info in found
    ]
    if getattr(args, "json", False):
        emit_json(rows)
        return 0
    emit_table(rows, [("time", "备份时间"), ("kind_label", "类型"), ("size_text", "大小"), ("file", "文件")])
    if rows:
        print(f"备份文件夹：{data.backups}")
    return 0


def _create(args: argparse.Namespace) -> int:
    path = backups.create_backup(_folder(args), args.label)
    print(f"已备份：{path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    data = _folder(args)
    check = restore.inspect_backup(data, args.file)
    local = to_local(check.created_at)
    print(f"备份：{check.path}")
    print(f"时间：{local:%Y-%m-%d %H:%M:%S}（{check.kind_label}）" if local else f"类型：{check.kind_label}")
    print("内容：" + "  ".join(f"{label} {check.counts.get(key, 0)}" for key, label in COUNT_LABELS.items()))
    if not check.ok:
        raise StorageError(check.refusal())
    if check.media_in_trash:
        print(f"另有 {len(check.media_in_trash)} 个证据文件在 trash 文件夹中，恢复时将复制回 media")
    print(
        "恢复后，备份之后新增或修改的记录将从本机消失；当前数据会先另存为一份“恢复前自动”备份，需要时可再恢复回来。\n"
        "已发送到应急管理局的数据仍保留在局端；本机之后导出的数据包局端照常接收，按记录标识去重，不会重复"
        "（同一记录若局端已有较新版本，将列入冲突清单供人工核对）。已使用过的文号不会再次使用。"
    )
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("恢复会替换当前数据库：确认无误后加 --yes 再运行")
        if input("确认恢复？输入 yes 继续：").strip().lower() not in ("yes", "y", "是"):
            print("已取消，数据未改动")
            return 1
    result = restore.restore(data, check.path, actor=args.actor or "恢复备份")
    print(f"已恢复：{result.restored.name}")
    if result.safety_copy is not None:
        kept = "已损坏的数据库保存在" if result.safety_copy.parent == data.trash else "恢复前的数据已另存为"
        print(f"{kept}：{result.safety_copy}")
    if result.schema_before != head_revision():
        print(f"备份的数据库架构 {result.schema_before} 已升级到 {head_revision()}")
    if result.carried.numbers:
        print(f"文号：{result.carried.numbers} 个文号段已保持在恢复前的位置，已使用过的文号不会再次使用")
    if not result.carried.chain_continued:
        print(
            "注意：被替换的数据无法读取，审计链只能从备份处继续；"
            "如本机在备份之后向局端导出过数据，局端将拒收本机之后的数据包，请联系局端"
        )
    if result.media_recovered:
        print(f"已从 trash 复制回 {result.media_recovered} 个证据文件")
    return 0
