"""init, demo, info, check, forms: setting up and looking after a data folder."""

from __future__ import annotations

import argparse
import sys

from inspector_app.cli.output import emit_json
from inspector_app.domain.enums import Role
from inspector_app.services import health, reports, setup, templates
from inspector_app.services.context import open_app


def _init(args: argparse.Namespace) -> int:
    result = setup.init(
        args.data_dir,
        role=Role(args.role),
        authority=args.authority,
        short=args.short,
        device_name=args.device_name,
        database_url=args.database_url,
        remedy_government=args.remedy_government,
        remedy_court=args.remedy_court,
    )
    verb = "已初始化" if result.created else "已经初始化过，保持不变"
    print(f"{verb}：{result.root}（{result.role.label}，终端标识 {result.device_id}）")
    if args.database_url:
        print("数据库在服务器上；以后的命令只需 --data-dir，密码请放在 PGPASSWORD 或 ~/.pgpass（不写入数据文件夹）")
    from inspector_app.cli.commands_settings import warn_placeholders
    from inspector_app.services import document_settings

    with open_app(args.data_dir, actor=args.actor) as app:
        warn_placeholders([{"key": e.key, "placeholder": e.placeholder} for e in document_settings.show(app)])
    return 0


def _demo(args: argparse.Namespace) -> int:
    from inspector_app.services import demo
    from inspector_app.services.session import open_or_create

    with open_or_create(args.data_dir, actor=args.actor) as app:
        added = demo.load(app)
    if added.total == 0:
        print("演示数据已存在，未重复添加")
    else:
        print(f"已载入演示数据：{added}")
    return 0


def _info(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        data = reports.info(app)
        data["database"] = {"backend": app.backend, "location": app.database_label}
    if args.json:
        emit_json(data)
        return 0
    labels = {
        "enterprises": "企业",
        "inspectors": "执法人员",
        "templates": "检查表模板",
        "inspections": "检查",
        "hazards": "隐患",
        "photos": "照片",
        "documents": "文书",
        "audit_events": "审计事件",
    }
    print(f"数据文件夹：{data['data_dir']}")
    backend = {"sqlite": "SQLite（本机文件）", "postgresql": "PostgreSQL 服务器"}.get(data["database"]["backend"])
    print(f"数据库：{backend or data['database']['backend']}  {data['database']['location']}")
    print(f"角色：{Role(data['role']).label}    终端标识：{data['device_id']}    架构版本：{data['schema_version']}")
    print("  ".join(f"{labels[k]} {v}" for k, v in data["counts"].items()))
    return 0


def _check(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        problems = health.check(app)
        orphans = health.unreferenced_media(app)
    for line in problems:
        print(line)
    if orphans:
        print(f"提示：媒体文件夹中有 {len(orphans)} 个未被引用的文件（可能来自中断的操作），不影响数据完整性")
    if problems:
        print(f"inspector-app: 校验发现 {len(problems)} 个问题", file=sys.stderr)
        return 1
    print("检查通过：数据库、审计链、记录与证据文件均完好")
    return 0


def _forms_validate(args: argparse.Namespace) -> int:
    found, problems = templates.validate(list(args.paths))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"inspector-app: 模板校验发现 {len(problems)} 个错误", file=sys.stderr)
        return 1
    for code, t in sorted(found.items()):
        review = sum(1 for i in t.items if i.review)
        major = sum(i.major for i in t.items)
        print(
            f"{code}: {t.name} v{t.version}，{len(t.items)} 项（重大隐患 {major}，待核 {review}）"
            f"，内容哈希 {t.content_hash()[:12]}"
        )
    return 0


def _forms_list(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        rows = [
            {"id": r.id, "code": r.code, "name": r.name, "version": r.template_version, "content_hash": r.content_hash}
            for r in templates.list_templates(app)
        ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['code']:<22} v{r['version']:<10} {r['content_hash'][:12]}  {r['name']}")
    return 0
