"""document render / verify / correct, numbers and ledger export from the command line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_cli import Run, _one_error_line

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    r = Run(capsys, data_dir)
    r("demo")
    return r


def _completed_with_hazards(run: Run) -> str:
    rows = run.json("list", "inspections", "--json")
    return next(r["id"] for r in rows if r["status"] == "completed" and r["hazard_count"] >= 2)  # type: ignore[union-attr]


@needs_poppler
def test_render_prints_the_number_and_rerendering_gives_the_same_file(run: Run, tmp_path: Path) -> None:
    insp = _completed_with_hazards(run)
    out = tmp_path / "order.pdf"
    number, _ = run("document", "render", "--inspection", insp, "--kind", "rectification_order", "--out", str(out))
    number = number.strip()
    assert number.startswith("（赫）应急责改〔") and number.endswith("号")  # the demo's 代字
    again = tmp_path / "again.pdf"
    number2, err = run("document", "render", "--inspection", insp, "--kind", "rectification_order", "--out", str(again))
    assert number2.strip() == number and again.read_bytes() == out.read_bytes() and "原样输出" in err
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    listed = run.json("list", "documents", "--json")
    assert [d["number"] for d in listed if d["inspection_id"] == insp] == [number]  # type: ignore[union-attr, index]
    out_text, _ = run("document", "verify", str(out))
    assert "真实有效" in out_text
    out.write_bytes(out.read_bytes().replace(b"%%EOF", b"%%EOF\n% tampered"))
    _, err = run("document", "verify", str(out), expect=1)
    assert "改动" in _one_error_line(err)


def test_review_opinion_before_any_order_is_refused(run: Run, tmp_path: Path) -> None:
    insp = _completed_with_hazards(run)
    _, err = run(
        "document",
        "render",
        "--inspection",
        insp,
        "--kind",
        "review_opinion",
        "--out",
        str(tmp_path / "x.pdf"),
        expect=1,
    )
    assert "为前提" in _one_error_line(err)
    assert not (tmp_path / "x.pdf").exists()


def test_correction_names_the_old_number(run: Run, tmp_path: Path) -> None:
    insp = _completed_with_hazards(run)
    first, _ = run(
        "document", "render", "--inspection", insp, "--kind", "inspection_record", "--out", str(tmp_path / "a.pdf")
    )
    doc_id = run.json("list", "documents", "--json")[0]["id"]  # type: ignore[index]
    second, _ = run(
        "document", "correct", "--document", doc_id, "--reason", "检查时间填写有误", "--out", str(tmp_path / "b.pdf")
    )
    assert second.strip() != first.strip()
    rows = {d["number"]: d for d in run.json("list", "documents", "--json")}  # type: ignore[union-attr]
    assert rows[second.strip()]["supersedes_id"] == doc_id


def test_numbers_reports_each_kind(run: Run) -> None:
    rows = run.json("numbers", "--json")
    assert {r["kind"] for r in rows} == {  # type: ignore[union-attr]
        "inspection_record",
        "onsite_decision",
        "rectification_order",
        "review_opinion",
        "referral",
        "se_directive",
    }


@needs_poppler
def test_monthly_ledger_in_three_formats(run: Run, tmp_path: Path) -> None:
    from inspector_app.services.timeutil import today

    month = today().strftime("%Y-%m")
    for suffix in ("xlsx", "csv", "pdf"):
        out = tmp_path / f"ledger.{suffix}"
        text, _ = run("ledger", "export", "--out", str(out), "--month", month)
        assert out.exists() and "已导出" in text
    assert (tmp_path / "ledger.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    pdf_text = subprocess.run(
        ["pdftotext", str(tmp_path / "ledger.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "隐患排查治理台账" in pdf_text
    _, err = run("ledger", "export", "--out", str(tmp_path / "x.doc"), expect=1)
    assert ".xlsx" in _one_error_line(err)
    _, err = run("ledger", "export", "--out", str(tmp_path / "y.csv"), "--month", "2026-13", expect=1)
    assert "YYYY-MM" in _one_error_line(err)


@needs_poppler
def test_verify_a_scan_prints_issuer_and_facts_and_refuses_noise(run: Run, tmp_path: Path) -> None:
    insp = _completed_with_hazards(run)
    out = tmp_path / "order.pdf"
    number, _ = run("document", "render", "--inspection", insp, "--kind", "rectification_order", "--out", str(out))
    page = ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", str(out), str(tmp_path / "p")]
    subprocess.run(page, check=True, timeout=120)
    text, _ = run("document", "verify", str(tmp_path / "p.png"))
    assert text.splitlines()[0].startswith("真实有效") and number.strip() in text
    assert "签发者：" in text and f"文号：{number.strip()}" in text
    noise = tmp_path / "noise.png"
    noise.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    _, err = run("document", "verify", str(noise), expect=1)
    assert "无法读取图片" in _one_error_line(err)
