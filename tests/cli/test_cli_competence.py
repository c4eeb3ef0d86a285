"""document render for a 特种设备 enterprise under an 应急 authority: the order is refused in one line, the referral
is issued."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from inspector_app.services.context import open_app
from inspector_app.store.models import Enterprise, Inspection, Setting
from tests.cli.test_cli import Run, _one_error_line

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    r = Run(capsys, data_dir)
    r("demo")
    return r


def _special_equipment_inspection(data_dir: Path) -> str:
    with open_app(data_dir) as app, app.read() as s:
        rows = s.exec(
            select(Inspection)
            .join(Enterprise, Enterprise.id == Inspection.enterprise_id)  # type: ignore[arg-type]
            .where(Enterprise.sector == "special_equipment", Inspection.status == "completed")
        ).all()
        assert rows, "the demo has no completed inspection of a 特种设备 enterprise"
        return rows[0].id


def _set(data_dir: Path, key: str, value: str) -> None:
    with open_app(data_dir) as app, app.write() as s:
        s.merge(Setting(key=key, value=value))


@needs_poppler
def test_order_refused_referral_issued(run: Run, data_dir: Path, tmp_path: Path) -> None:
    insp = _special_equipment_inspection(data_dir)
    out = tmp_path / "x.pdf"
    args = ("document", "render", "--inspection", insp, "--out", str(out), "--kind")
    _, err = run(*args, "rectification_order", expect=1)
    line = _one_error_line(err)
    assert "特种设备安全监督管理属市场监督管理部门职责" in line and "事故隐患移送书" in line
    assert not out.exists()
    _, err = run(*args, "inspection_record")
    _set(data_dir, "referral_authority", "")  # the demo names one; without it there is no one to refer to
    _, err = run(*args, "referral", expect=1)
    assert "referral_authority" in _one_error_line(err)
    _set(data_dir, "referral_authority", "测试县市场监督管理局")
    number, _ = run(*args, "referral")
    assert "应急移〔" in number
    listed = [d for d in run.json("list", "documents", "--json") if d["inspection_id"] == insp]  # type: ignore[union-attr, index]
    assert sorted(d["kind"] for d in listed) == ["inspection_record", "referral"]
