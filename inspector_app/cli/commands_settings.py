"""settings show / set: the document settings printed on every document, from the command line."""

from __future__ import annotations

import argparse
import sys

from inspector_app.cli.output import emit_json, emit_table
from inspector_app.services import document_settings
from inspector_app.services.context import open_app


def _show(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        rows = [
            {"key": e.key, "label": e.label, "value": e.value, "placeholder": e.placeholder}
            for e in document_settings.show(app)
        ]
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        row["state"] = "未填写（不能签发文书）" if row["placeholder"] else ""
    emit_table(rows, [("key", "设置项"), ("label", "名称"), ("value", "值"), ("state", "")])
    warn_placeholders(rows)
    return 0


def _set(args: argparse.Namespace) -> int:
    with open_app(args.data_dir, actor=args.actor) as app:
        entry = document_settings.set_value(app, args.key, args.value)
        rest = [{"key": e.key, "placeholder": e.placeholder} for e in document_settings.show(app)]
    print(f"已保存：{entry.label} = {entry.value}")
    warn_placeholders(rest)
    return 0


def warn_placeholders(rows: list[dict[str, object]]) -> None:
    """Said on stderr after init, show and set, so nobody learns it only when a document is refused."""
    fields = [document_settings.BY_KEY[str(r["key"])] for r in rows if r["placeholder"]]
    fields = [f for f in fields if f.printed]
    if fields:
        print(f"提示：{document_settings.how_to_set(fields)}", file=sys.stderr)
