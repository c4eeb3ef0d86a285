"""document render/correct/verify, numbers, ledger export."""

from __future__ import annotations

import argparse
import sys

from inspector_app.cli.output import emit_json
from inspector_app.domain.enums import DocumentKind
from inspector_app.services import document_verify, documents, ledger, numbers, output_file
from inspector_app.services.context import open_app


def _render(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        out = output_file.check_target(app, args.out)  # before issuing: a bad path must cost no 文号
        issued = documents.issue(app, args.inspection, DocumentKind(args.kind), new=args.new)
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
        verdict = document_verify.verify_file(app, args.file)
    if verdict.genuine:
        print("\n".join(verdict.lines()))
        return 0
    # The verdict is the one error line; the signed facts (if any) still go to stdout, to compare with the paper.
    for line in verdict.lines()[1:]:
        print(line)
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
    period = ledger.month_period(args.month) if args.month else None
    with open_app(args.data_dir, actor=args.actor) as app:
        # A ledger reads from its first entry down: oldest first, 序号 1 the earliest found.
        result = ledger.export_ledger(app, None, args.out, period=period, descending=False)
    print(f"已导出 {result.rows} 条隐患：{result.path}")
    return 0
