"""Records: enterprises, inspectors, inspections, answers, hazards, photos, and the lists a clerk reads."""

from __future__ import annotations

import argparse

from inspector_app.cli.output import emit_json, emit_table
from inspector_app.domain.enums import HazardLevel, HazardStatus, Outcome
from inspector_app.domain.errors import ValidationError
from inspector_app.services import hazards, inspections, photos, registry, reports, signatures
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
        representative_title=args.representative_title,
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
        ended = parse_local(args.at) if args.at else None
        inspections.complete_inspection(app, args.inspection, summary=args.summary, ended_at=ended)
        p = inspections.progress(app, args.inspection)
    print(f"检查已完成并锁定；已检查 {p.answered}/{p.total} 项，不符合 {p.failed} 项")
    return 0


def _inspection_refuse_sign(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        signatures.record_refusal(
            app,
            args.inspection,
            name=args.name,
            title=args.title,
            at=parse_local(args.at) if args.at else None,
            witness=args.witness,
            recording=args.recording,
        )
    print(f"已记录：{args.name} 拒绝签名；文书将在签名处注明，并依法报告")
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
                app,
                args.inspection,
                args.item,
                description=args.description,
                deadline=args.deadline,
                location=args.location,
                measure=args.measure,
            )
        else:
            if not args.description:
                raise ValidationError("检查表外隐患须用 --description 写明隐患情况")
            level = HazardLevel.MAJOR if args.major else HazardLevel.GENERAL
            row = hazards.raise_free(
                app,
                args.inspection,
                args.description,
                level=level,
                deadline=args.deadline,
                location=args.location,
                statute=args.statute,
                measure=args.measure,
            )
    print(row.id)
    return 0


def _hazard_move(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        row = hazards.move(app, args.hazard, HazardStatus(args.to), note=args.note, deadline=args.deadline)
    print(f"隐患状态：{HazardStatus(row.status).label}")
    return 0


def _hazard_review(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        row = hazards.review(
            app,
            args.hazard,
            args.result == "pass",
            note=args.note,
            new_deadline=args.deadline,
            officers=args.officer,
            at=parse_local(args.at) if args.at else None,
        )
    print(f"隐患状态：{HazardStatus(row.status).label}")
    return 0


def _hazard_onsite(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        row = hazards.set_onsite_measures(app, args.hazard, args.measure, location=args.location)
    print(f"现场处理措施已记录：{row.location or '（未写部位）'}")
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
            taken_by=args.taken_by,
            stage="after" if args.after else None,
        )
    for row in rows:
        print(f"{row.id}  {row.sha256[:12]}  {row.original_name}")
    return 0
