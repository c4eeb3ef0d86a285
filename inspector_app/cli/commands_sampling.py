"""双随机 draws and the tasks they produce."""

from __future__ import annotations

import argparse
from typing import Any

from inspector_app.cli.output import emit_json, emit_table
from inspector_app.services import sampling
from inspector_app.services.context import open_app

PICK_COLUMNS = [("enterprise_name", "企业"), ("township", "乡镇"), ("inspectors", "检查人员")]
TASK_COLUMNS = [
    ("due_on", "期限"),
    ("enterprise_name", "企业"),
    ("township", "乡镇"),
    ("inspectors", "检查人员"),
    ("status", "状态"),
    ("id", "ID"),
]
TASK_STATUS = {"open": "待检查", "done": "已完成", "cancelled": "已取消"}


def _sample(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        row = sampling.sample(
            app,
            args.sector,
            args.count,
            seed=args.seed,
            exclude_own_township=not args.allow_own_township,
            due_on=args.due,
        )
        report = sampling.describe(app, row.id)
    _emit_draw(report, args.json)
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        report = sampling.describe(app, args.id)
    _emit_draw(report, args.json)
    return 0


def _verify(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        ok = sampling.verify(app, args.id)
    if ok:
        print(f"一致：按保存的种子与名单重算，结果与抽取记录 {args.id} 相同")
        return 0
    print(f"不一致：按保存的种子与名单重算，结果与抽取记录 {args.id} 不同")
    return 1


def _tasks_list(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        rows = sampling.task_rows(app, args.device)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        r["inspectors"] = "、".join(r["inspector_names"])
        r["status"] = TASK_STATUS.get(r["status"], r["status"])
    emit_table(rows, TASK_COLUMNS)
    return 0


def _emit_draw(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(report)
        return
    rows = [{**p, "inspectors": "、".join(p["inspector_names"])} for p in report["picks"]]
    emit_table(rows, PICK_COLUMNS)
    rule = "回避本乡镇" if report["exclude_own_township"] else "不回避本乡镇"
    print(
        f"\n{report['sector_label']}：从 {report['enterprises_considered']} 家企业中抽取 {report['count']} 家，"
        f"{report['inspectors_considered']} 名执法人员（{rule}）"
    )
    if report["left_out"]:
        print(f"注意：{report['left_out']} 家企业因本乡镇以外的执法人员不足两名，未纳入抽取")
    print(f"种子：{report['seed']}")
    print(f"抽取记录：{report['id']}")
