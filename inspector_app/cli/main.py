"""inspector-app: parse, dispatch, and turn every user-facing failure into one clear line on stderr."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from inspector_app import __version__
from inspector_app.cli import parser as grammar
from inspector_app.domain.errors import UserError

EPILOG = """常用命令：
  inspector-app init --authority 益阳市赫山区应急管理局 --short 赫   初始化数据文件夹
  inspector-app settings show                             文书设置（行政复议机关、行政诉讼法院等）
  inspector-app demo                                      载入演示数据
  inspector-app info --json                               数据概况
  inspector-app list inspections --json                   检查记录
  inspector-app evidence add --inspection ID 照片.jpg     添加照片证据
  inspector-app check                                     校验数据库、审计链与证据文件
  inspector-app forms validate                            校验检查表模板
数据文件夹：--data-dir DIR 或环境变量 INSPECTOR_DATA_DIR（默认在用户数据目录）。
市局数据库服务器：init --role bureau 时加 --database-url postgresql://用户@主机/库名（之后只需 --data-dir）。"""
# Read by services.context; the CLI's option only sets it for the one command it runs.
DATABASE_URL_ENV = "INSPECTOR_DATABASE_URL"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector-app",
        description="安全生产现场检查执法终端：检查表、照片证据、隐患闭环与审计（离线）",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"inspector-app {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（覆盖 INSPECTOR_DATA_DIR）")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="市局的 PostgreSQL 数据库（postgresql://用户@主机:端口/库名；密码可放在 PGPASSWORD 或 ~/.pgpass；"
        "覆盖 INSPECTOR_DATABASE_URL）；执法终端不可用",
    )
    parser.add_argument("--as", dest="actor", metavar="NAME", help="记录在审计日志中的操作人")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    grammar.register_core(sub)
    grammar.register_records(sub)
    grammar.register_documents(sub)
    grammar.register_sync(sub)
    grammar.register_gui(sub)
    grammar.register_sampling(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        if not _has_display():
            parser.print_help()
            print("\n未检测到图形显示环境；可使用上面的命令，或在桌面环境中运行 inspector-app 打开窗口。")
            return 0
        args.command, args.handler, args.exit_after_paint, args.page = "gui", "commands_gui:_gui", False, None
    try:
        module, name = args.handler.split(":")
        handler = getattr(importlib.import_module(f"inspector_app.cli.{module}"), name)
        with _database_url(args.database_url):
            return int(handler(args) or 0)
    except UserError as exc:
        print(f"inspector-app: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("inspector-app: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


@contextmanager
def _database_url(url: str | None) -> Iterator[None]:
    """Every handler opens the data folder through services.context, which reads the variable."""
    if url is None:
        yield
        return
    before = os.environ.get(DATABASE_URL_ENV)
    os.environ[DATABASE_URL_ENV] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DATABASE_URL_ENV, None)
        else:
            os.environ[DATABASE_URL_ENV] = before


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
