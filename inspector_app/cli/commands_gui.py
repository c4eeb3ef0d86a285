"""gui and screenshot: the window, started without loading the database layer first."""

from __future__ import annotations

import argparse

from inspector_app.domain.errors import ValidationError


def _gui(args: argparse.Namespace) -> int:
    from inspector_app.gui.app import run

    return run(args.data_dir, exit_after_paint=args.exit_after_paint, page=args.page)


def _screenshot(args: argparse.Namespace) -> int:
    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
    except ValueError:
        raise ValidationError(f"--size 应形如 1366x768，现在是“{args.size}”") from None
    from inspector_app.gui.screenshot import render

    out = render(args.data_dir, args.out, args.page, (width, height))
    print(out)
    return 0
