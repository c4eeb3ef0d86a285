"""Build the desktop bundle with PyInstaller, then run the frozen program to prove it works.

    python build/build.py            build into build/dist/inspector-app/ and smoke-test it
    python build/build.py --zip      also pack it as build/dist/inspector-app-<version>-<platform>.zip

Installs nothing: PyInstaller comes from the `build` extra (pip install -e ".[build]"). The smoke test runs the
frozen programs against a temporary data folder (never the user's): init, info --json (the bundled forms, fonts
and translations must be there), gui --exit-after-paint offscreen, demo, check, a PDF document (its CJK font must
be embedded) and a screenshot. Any failure ends the script with a non-zero status and one line saying what broke.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "inspector_app.spec"
DIST = ROOT / "build" / "dist"
WORK = ROOT / "build" / "work"
NAME = "inspector-app"
CONSOLE = "inspector-app"
WINDOWED = "InspectorApp"
EXE = ".exe" if sys.platform == "win32" else ""
STEP_TIMEOUT = 180


class BuildFailed(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        bundle = DIST / NAME
        if not args.skip_build:
            build(clean=args.clean)
        if not (bundle / f"{CONSOLE}{EXE}").is_file():
            raise BuildFailed(f"no bundle at {bundle}; run without --skip-build first")
        if not args.no_smoke:
            smoke_test(bundle, keep=args.keep)
        size, files = _size(bundle)
        print(f"bundle: {bundle} — {size / 2**20:.0f} MB in {files} files")
        if args.zip:
            archive = pack(bundle)
            print(f"zip: {archive} — {archive.stat().st_size / 2**20:.0f} MB")
    except BuildFailed as exc:
        print(f"build.py: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--skip-build", action="store_true", help="smoke-test the bundle already in build/dist")
    parser.add_argument("--no-smoke", action="store_true", help="build only; do not run the frozen program")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache and build/work first")
    parser.add_argument("--zip", action="store_true", help="pack the bundle as a zip for copying to laptops")
    parser.add_argument("--keep", action="store_true", help="keep the smoke test's data folder and print its path")
    return parser


def build(*, clean: bool) -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildFailed(f'PyInstaller is not installed in {sys.executable}; run: pip install -e ".[build]"')
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(DIST), "--workpath", str(WORK)]
    command += ["--clean", str(SPEC)] if clean else [str(SPEC)]
    print("building:", " ".join(command), flush=True)
    started = time.monotonic()
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise BuildFailed("PyInstaller failed; its messages are above")
    print(f"built in {time.monotonic() - started:.0f} s", flush=True)


def smoke_test(bundle: Path, *, keep: bool) -> None:
    console, windowed = bundle / f"{CONSOLE}{EXE}", bundle / f"{WINDOWED}{EXE}"
    for program in (console, windowed):
        if not program.is_file():
            raise BuildFailed(f"missing program {program}")
    scratch = Path(tempfile.mkdtemp(prefix="inspector-bundle-smoke-"))
    data = scratch / "data"
    env = _isolated_env(scratch)
    try:
        settings = ["--authority", "益阳市赫山区应急管理局", "--short", "赫"]
        settings += ["--remedy-government", "益阳市赫山区人民政府", "--remedy-court", "益阳市赫山区人民法院"]
        _run(console, ["--data-dir", str(data), "init", *settings], env)
        check_info(json.loads(_run(console, ["--data-dir", str(data), "info", "--json"], env)))
        _run(windowed, ["--data-dir", str(data), "gui", "--exit-after-paint"], env)
        _run(console, ["--data-dir", str(data), "demo"], env)
        _run(console, ["--data-dir", str(data), "check"], env)
        check_document(console, data, scratch, env)
        shot = scratch / "today.png"
        _run(console, ["--data-dir", str(data), "screenshot", str(shot), "--page", "today"], env)
        if not shot.is_file() or shot.stat().st_size < 10_000:
            raise BuildFailed(f"screenshot {shot} is missing or blank")
        print("smoke test passed", flush=True)
    finally:
        if keep:
            print(f"smoke-test data kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def check_info(info: dict[str, object]) -> None:
    """The frozen program must say it is frozen and carry every form, font and translation of the checkout."""
    found = info.get("bundle")
    if not isinstance(found, dict):
        raise BuildFailed("info --json has no 'bundle' section")
    if found.get("frozen") is not True:
        raise BuildFailed(f"info --json says the program is not frozen (root {found.get('root')})")
    expected = {
        "forms": sorted(p.name for p in (ROOT / "forms").glob("*.yaml")),
        "fonts": sorted(p.name for p in (ROOT / "resources" / "fonts").iterdir() if p.suffix in (".ttc", ".ttf")),
        "translations": sorted(p.name for p in (ROOT / "resources" / "i18n").glob("*.qm")),
    }
    for key, names in expected.items():
        if found.get(key) != names:
            raise BuildFailed(f"bundled {key} are {found.get(key)}, expected {names}")
    if found.get("form_schema") is not True:
        raise BuildFailed("forms/schema.json is not in the bundle")
    counts = info.get("counts")
    if not info.get("schema_version") or not isinstance(counts, dict) or not counts.get("templates"):
        raise BuildFailed(f"init did not migrate the database or load the forms: {info}")
    print(f"bundle carries {len(expected['forms'])} forms, fonts {expected['fonts']}, schema {info['schema_version']}")


def check_document(console: Path, data: Path, scratch: Path, env: dict[str, str]) -> None:
    listed = json.loads(_run(console, ["--data-dir", str(data), "list", "inspections", "--json"], env))
    done = [row["id"] for row in listed if row.get("status") != "draft"]
    if not done:
        raise BuildFailed("demo data holds no finished inspection to issue a document for")
    pdf = scratch / "record.pdf"
    args = ["--data-dir", str(data), "document", "render", "--inspection", done[0], "--kind", "inspection_record"]
    _run(console, [*args, "--out", str(pdf)], env)
    content = pdf.read_bytes() if pdf.is_file() else b""
    # ReportLab writes font dictionaries uncompressed; a subset of the bundled AR PL UMing is named "XXXXXX+UMing…".
    if not content.startswith(b"%PDF") or b"+UMing" not in content:
        raise BuildFailed(f"{pdf} is not a PDF with the bundled CJK font embedded")
    _run(console, ["--data-dir", str(data), "document", "verify", str(pdf)], env)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:  # a scan of the paper: the QR read by zxing-cpp, the issued page rendered by PDFium, in the bundle
        scan = scratch / "scan"
        subprocess.run(
            [pdftoppm, "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(scan)], check=True
        )
        _run(console, ["--data-dir", str(data), "document", "verify", str(scan.with_suffix(".png"))], env)


def _isolated_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTOR_")}
    env["INSPECTOR_DATA_DIR"] = str(scratch / "data")
    env["QT_QPA_PLATFORM"] = "offscreen"
    # The frozen program must not find the checkout's modules through the caller's environment.
    env.pop("PYTHONPATH", None)
    return env


def _run(program: Path, args: list[str], env: dict[str, str]) -> str:
    shown = f"{program.name} {' '.join(args)}"
    print(f"  $ {shown}", flush=True)
    try:
        done = subprocess.run(
            [str(program), *args],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=STEP_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise BuildFailed(f"`{shown}` did not finish within {STEP_TIMEOUT} s") from None
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip() or "(no output)").splitlines()[-1]
        sys.stderr.write(done.stderr)
        raise BuildFailed(f"`{shown}` exited with {done.returncode}: {last}")
    return done.stdout


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def pack(bundle: Path) -> Path:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    machine = {"amd64": "x64", "x86_64": "x64", "arm64": "arm64", "aarch64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower()
    )
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = DIST / f"{NAME}-{version}-{system}-{machine}"
    # The zip holds the folder itself, so unpacking it anywhere gives one inspector-app\ folder.
    return Path(shutil.make_archive(str(base), "zip", root_dir=bundle.parent, base_dir=bundle.name))


if __name__ == "__main__":
    sys.exit(main())
