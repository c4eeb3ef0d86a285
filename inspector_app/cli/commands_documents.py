"""document render/correct/verify, numbers, ledger export."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from inspector_app.cli.output import emit_json
from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import ValidationError
from inspector_app.services import documents, ledger, numbers, output_file
from inspector_app.services.context import open_app


def _render(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        out = output_file.check_target(app, args.out)  # before issuing: a bad path must cost no 文号
        issued = documents.issue(
            app, args.inspection, DocumentKind(args.kind), decisions=tuple(args.decision), new=args.new
        )
        warnings = [s.message for s in numbers.status(app) if s.low and s.kind.value == args.kind]
    output_file.write(out, issued.pdf, issued.document.number)
    print(issued.document.number)
    if not issued.created:
        print("（该文书此前已签发，已原样输出）", file=sys.stderr)
    for line in warnings:
        print(f"提示：{line}", file=sys.stderr)
    return 0


def _correct(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        out = output_file.check_target(app, args.out)
        issued = documents.correct(app, args.document, args.reason)
    output_file.write(out, issued.pdf, issued.document.number)
    print(issued.document.number)
    return 0


def _verify(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        verdict = documents.verify_file(app, args.file)
    if verdict.genuine:
        print(verdict.message)
        return 0
    print(f"inspector-app: {verdict.message}", file=sys.stderr)
    return 1


def _numbers(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        rows = numbers.status(app)
    if args.json:
        emit_json(
            [
                {
                    "kind": r.kind.value,
                    "year": r.year,
                    "remaining": r.remaining,
                    "total": r.total,
                    "source": r.source,
                    "low": r.low,
                }
                for r in rows
            ]
        )
    else:
        for r in rows:
            print(r.message)
    return 0


def _ledger_export(args: argparse.Namespace) -> int:
    flt = ledger.LedgerFilter()
    period = "全部"
    if args.month:
        try:
            first = date.fromisoformat(f"{args.month}-01")
        except ValueError:
            raise ValidationError(f"--month 应为 YYYY-MM，例如 2026-11：{args.month}") from None
        last = date(first.year + first.month // 12, first.month % 12 + 1, 1).toordinal() - 1
        flt = ledger.LedgerFilter(found_from=first, found_to=date.fromordinal(last))
        period = f"{first.year}年{first.month}月"
    with open_app(args.data_dir, actor=args.actor) as app:
        result = ledger.export_ledger(app, flt, args.out, period=period)
    print(f"已导出 {result.rows} 条隐患：{result.path}")
    return 0
