"""Records: enterprises, inspectors, inspections, answers, hazards, photos, and the lists a clerk reads."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from inspector_app.cli.output import emit_json, emit_table
from inspector_app.domain.enums import HazardLevel, HazardStatus, Outcome
from inspector_app.domain.errors import ValidationError
from inspector_app.services import hazards, inspections, photos, registry, reports
from inspector_app.services.context import open_app
from inspector_app.services.timeutil import parse_local

LISTS = {
    "enterprises": (
        reports.list_enterprises,
        [
            ("name", "企业名称"),
            ("credit_code", "统一社会信用代码"),
            ("sector_label", "行业"),
            ("township", "乡镇"),
            ("id", "ID"),
        ],
    ),
    "inspections": (
        reports.list_inspections,
        [
            ("date", "日期"),
            ("enterprise_name", "企业"),
            ("status_label", "状态"),
            ("hazard_count", "隐患数"),
            ("id", "ID"),
        ],
    ),
    "hazards": (
        reports.list_hazards,
        [
            ("enterprise_name", "企业"),
            ("level_label", "级别"),
            ("status_label", "状态"),
            ("deadline", "整改期限"),
            ("id", "ID"),
        ],
    ),
    "documents": (
        reports.list_documents,
        [("number", "文号"), ("enterprise_name", "企业"), ("issued_at", "签发时间"), ("id", "ID")],
    ),
}

OUTCOMES = {
    "pass": Outcome.PASS,
    "fail": Outcome.FAIL,
    "na": Outcome.NOT_APPLICABLE,
    "unchecked": Outcome.UNCHECKED,
    "符合": Outcome.PASS,
    "不符合": Outcome.FAIL,
    "不适用": Outcome.NOT_APPLICABLE,
}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="列出企业、检查、隐患或文书")
    p.add_argument("what", choices=list(LISTS))
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(handler=_list)

    ent = sub.add_parser("enterprise", help="企业登记").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ent.add_parser("add", help="登记企业")
    p.add_argument("--credit-code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument(
        "--sector",
        required=True,
        help="non_coal_mine / hazardous_chemicals / construction / special_equipment 或中文名",
    )
    p.add_argument("--township", default="")
    p.add_argument("--address", default="")
    p.add_argument("--legal-representative", default="")
    p.add_argument("--contact-person", default="")
    p.add_argument("--contact-phone", default="")
    p.add_argument("--risk-colour", default="blue", help="red/orange/yellow/blue 或 红/橙/黄/蓝")
    p.set_defaults(handler=_enterprise_add)

    ins = sub.add_parser("inspector", help="执法人员").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ins.add_parser("add", help="登记执法人员")
    p.add_argument("--name", required=True)
    p.add_argument("--cert-no", required=True, help="行政执法证号")
    p.add_argument("--unit", default="")
    p.add_argument("--township", default="")
    p.set_defaults(handler=_inspector_add)

    insp = sub.add_parser("inspection", help="现场检查").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = insp.add_parser("start", help="开始检查（至少两名执法人员）")
    p.add_argument("--enterprise", required=True, metavar="ID")
    p.add_argument("--inspector", action="append", required=True, metavar="ID", help="可重复，至少两次")
    p.add_argument("--place", default="")
    p.add_argument("--at", help="开始时间，如 2026-11-23T09:30（北京时间）")
    p.set_defaults(handler=_inspection_start)
    p = insp.add_parser("answer", help="记录检查项结果")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--item", required=True, metavar="ITEM_ID")
    p.add_argument("--outcome", required=True, choices=list(OUTCOMES))
    p.add_argument("--note")
    p.set_defaults(handler=_inspection_answer)
    p = insp.add_parser("complete", help="完成检查并锁定结果")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--summary")
    p.set_defaults(handler=_inspection_complete)
    p = insp.add_parser("correct", help="更正已完成检查的结果（追加更正记录）")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--item", required=True, metavar="ITEM_ID")
    p.add_argument("--outcome", required=True, choices=list(OUTCOMES))
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=_inspection_correct)

    haz = sub.add_parser("hazard", help="隐患闭环").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = haz.add_parser("raise", help="由不符合项登记隐患（依据、措施自动带出）")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--item", metavar="ITEM_ID", help="检查项；省略时为检查表外隐患，须写 --description")
    p.add_argument("--description")
    p.add_argument("--deadline", type=_date, help="整改期限 YYYY-MM-DD（填写即责令整改）")
    p.add_argument("--major", action="store_true", help="检查表外隐患按重大隐患登记")
    p.set_defaults(handler=_hazard_raise)
    p = haz.add_parser("move", help="推进隐患状态")
    p.add_argument("--hazard", required=True, metavar="ID")
    p.add_argument("--to", required=True, choices=[s.value for s in HazardStatus])
    p.add_argument("--deadline", type=_date)
    p.add_argument("--note", default="")
    p.set_defaults(handler=_hazard_move)
    p = haz.add_parser("review", help="复查：合格销号或不合格")
    p.add_argument("--hazard", required=True, metavar="ID")
    p.add_argument("--result", required=True, choices=["pass", "fail"])
    p.add_argument("--deadline", type=_date, help="复查不合格时的新整改期限")
    p.add_argument("--note", default="")
    p.set_defaults(handler=_hazard_review)

    p = sub.add_parser("due", help="到期或逾期待复查的隐患")
    p.add_argument("--days", type=int, default=7, help="包含未来N天内到期的（默认7）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_due)

    ev = sub.add_parser("evidence", help="照片证据").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ev.add_parser("add", help="添加照片（JPEG/PNG）；全部校验通过才写入")
    p.add_argument("--inspection", metavar="ID")
    p.add_argument("--item", metavar="ITEM_ID")
    p.add_argument("--hazard", metavar="ID")
    p.add_argument("--caption", default="")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_evidence_add)


def _list(args: argparse.Namespace) -> int:
    fetch, columns = LISTS[args.what]
    with open_app(args.data_dir, actor=args.actor) as app:
        rows = fetch(app)
    if args.json:
        emit_json(rows)
    else:
        emit_table(rows, columns)
    return 0


def _enterprise_add(args: argparse.Namespace) -> int:
    data = registry.EnterpriseInput(
        credit_code=args.credit_code,
        name=args.name,
        sector=args.sector,
        township=args.township,
        address=args.address,
        legal_representative=args.legal_representative,
        contact_person=args.contact_person,
        contact_phone=args.contact_phone,
        risk_colour=args.risk_colour,
    )
    with open_app(args.data_dir, actor=args.actor) as app:
        row = registry.create_enterprise(app, data)
    print(row.id)
    return 0


def _inspector_add(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        row = registry.add_inspector(app, args.name, args.cert_no, args.unit, args.township)
    print(row.id)
    return 0


def _inspection_start(args: argparse.Namespace) -> int:
    started = parse_local(args.at) if args.at else None
    with open_app(args.data_dir, actor=args.actor) as app:
        row = inspections.start_inspection(app, args.enterprise, args.inspector, place=args.place, started_at=started)
    print(row.id)
    return 0


def _inspection_answer(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        inspections.record_result(app, args.inspection, args.item, OUTCOMES[args.outcome], args.note)
        p = inspections.progress(app, args.inspection)
    print(f"已保存；已检查 {p.answered}/{p.total} 项，不符合 {p.failed} 项")
    return 0


def _inspection_complete(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        inspections.complete_inspection(app, args.inspection, summary=args.summary)
        p = inspections.progress(app, args.inspection)
    print(f"检查已完成并锁定；已检查 {p.answered}/{p.total} 项，不符合 {p.failed} 项")
    return 0


def _inspection_correct(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        row = inspections.correct_result(app, args.inspection, args.item, OUTCOMES[args.outcome], args.reason)
    print(row.id)
    return 0


def _hazard_raise(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        if args.item:
            row = hazards.raise_from_item(
                app, args.inspection, args.item, description=args.description, deadline=args.deadline
            )
        else:
            if not args.description:
                raise ValidationError("检查表外隐患须用 --description 写明隐患情况")
            level = HazardLevel.MAJOR if args.major else HazardLevel.GENERAL
            row = hazards.raise_free(app, args.inspection, args.description, level=level, deadline=args.deadline)
    print(row.id)
    return 0


def _hazard_move(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        row = hazards.move(app, args.hazard, HazardStatus(args.to), note=args.note, deadline=args.deadline)
    print(f"隐患状态：{HazardStatus(row.status).label}")
    return 0


def _hazard_review(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        row = hazards.review(app, args.hazard, args.result == "pass", note=args.note, new_deadline=args.deadline)
    print(f"隐患状态：{HazardStatus(row.status).label}")
    return 0


def _due(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        items = hazards.due_reinspections(app, within_days=args.days)
    rows = [
        {
            "id": d.hazard.id,
            "enterprise_name": d.enterprise_name,
            "township": d.township,
            "deadline": d.hazard.deadline.isoformat() if d.hazard.deadline else None,
            "days_left": d.days_left,
            "overdue": d.overdue,
            "description": d.hazard.description,
        }
        for d in items
    ]
    if args.json:
        emit_json(rows)
    else:
        emit_table(
            rows,
            [
                ("deadline", "整改期限"),
                ("days_left", "剩余天数"),
                ("enterprise_name", "企业"),
                ("township", "乡镇"),
                ("id", "ID"),
            ],
        )
    return 0


def _evidence_add(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        rows = photos.attach(
            app,
            args.files,
            inspection_id=args.inspection,
            item_id=args.item,
            hazard_id=args.hazard,
            caption=args.caption,
        )
    for row in rows:
        print(f"{row.id}  {row.sha256[:12]}  {row.original_name}")
    return 0
