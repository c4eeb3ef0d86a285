"""document verify on a PDF or a photo/scan of the paper: signed code, issuer, comparison with the issued page."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from inspector_app.documents import scans
from inspector_app.documents.render import render_pdf
from inspector_app.domain.enums import DocumentKind, Role
from inspector_app.domain.errors import ValidationError
from inspector_app.services import demo, document_data, document_verify, documents, setup
from inspector_app.services.context import App, open_app
from inspector_app.store.models import Document, Inspection
from tests.services.test_documents import _completed_with_orders

needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def _png_150(pdf: bytes, tmp_path: Path, name: str) -> Path:
    src = tmp_path / f"{name}.pdf"
    src.write_bytes(pdf)
    out = tmp_path / name
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", str(src), str(out)],
                   check=True, timeout=120)  # fmt: skip
    return Path(f"{out}.png")


def _order(app: App) -> documents.Issued:
    return documents.issue(app, _completed_with_orders(app), DocumentKind.RECTIFICATION_ORDER)


def _issued_code(pdf: bytes) -> str:
    issued = scans.Pdf(pdf)
    try:
        return issued.metadata()["Subject"]
    finally:
        issued.close()


@needs_pdftoppm
def test_a_150_dpi_scan_names_the_issuer_and_is_genuine_and_so_is_its_jpeg(demo_app: App, tmp_path: Path) -> None:
    issued = _order(demo_app)
    png = _png_150(issued.pdf, tmp_path, "page")
    verdict = document_verify.verify_file(demo_app, png)
    assert verdict.genuine, verdict.lines()
    assert "真实有效" in verdict.message and issued.document.number in verdict.message
    assert "测试县应急管理局" in verdict.issuer and "本机的签名密钥" in verdict.issuer
    assert f"文号：{issued.document.number}" in verdict.facts
    jpeg = tmp_path / "page.jpg"
    Image.open(png).convert("RGB").save(jpeg, format="JPEG", quality=85)
    assert document_verify.verify_file(demo_app, jpeg).genuine


@needs_pdftoppm
def test_a_copy_with_an_edited_deadline_shows_the_signed_one_and_is_altered(demo_app: App, tmp_path: Path) -> None:
    issued = _order(demo_app)
    doc = issued.document
    with demo_app.read() as s:
        inspection = s.get(Inspection, doc.inspection_id)
        assert inspection is not None
        row = s.get(Document, doc.id)
        assert row is not None
        data, _listed = document_data.build(
            s, demo_app.media, inspection, DocumentKind.RECTIFICATION_ORDER, doc.number, row.issued_at
        )
    qr = _issued_code(issued.pdf)
    assert render_pdf(replace(data, qr_text=qr)) == issued.pdf  # the same document, rebuilt
    later = timedelta(days=30)
    forged = replace(
        data,
        qr_text=qr,
        deadline=data.deadline + later if data.deadline else None,
        findings=tuple(replace(f, deadline=f.deadline + later if f.deadline else None) for f in data.findings),
    )
    verdict = document_verify.verify_file(demo_app, _png_150(render_pdf(forged), tmp_path, "forged"))
    assert not verdict.genuine
    assert verdict.message.startswith("已被改动") and doc.number in verdict.message
    signed = sorted({f.deadline for f in data.findings if f.deadline} | ({data.deadline} if data.deadline else set()))
    deadline_line = next(line for line in verdict.facts if line.startswith("整改期限："))
    for day in signed:
        assert f"{day.year}年{day.month}月{day.day}日" in deadline_line  # the signed (original) deadline
    assert verdict.differences
    assert any(f"{signed[0].month}月{signed[0].day}日" in d for d in verdict.differences), verdict.differences


def test_images_without_a_code_noise_and_a_forged_signature_are_refused_in_one_line(
    demo_app: App, tmp_path: Path
) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (1240, 1754), 255).save(blank)
    with pytest.raises(ValidationError, match="没有找到二维码") as caught:
        document_verify.verify_file(demo_app, blank)
    assert "\n" not in str(caught.value)
    noise = tmp_path / "noise.jpg"
    noise.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ValidationError, match="无法读取图片"):
        document_verify.verify_file(demo_app, noise)
    # A code whose facts were changed after signing: the 被检查单位 is another company's.
    issued = _order(demo_app)
    parts = _issued_code(issued.pdf).split("|")
    parts[4] = "另一家化工有限公司"
    with demo_app.read() as s:
        doc = s.get(Document, issued.document.id)
        inspection = s.get(Inspection, doc.inspection_id) if doc else None
        assert doc is not None and inspection is not None
        data, _listed = document_data.build(
            s, demo_app.media, inspection, DocumentKind.RECTIFICATION_ORDER, doc.number, doc.issued_at
        )
    bad = scans.Pdf(render_pdf(replace(data, qr_text="|".join(parts))))
    image = tmp_path / "bad.png"
    bad.render(1, 200).save(image)  # PDFium anti-aliases; a 150-dpi scan is pdftoppm's (above)
    bad.close()
    verdict = document_verify.verify_file(demo_app, image)
    assert not verdict.genuine and "签名无效" in verdict.message
    assert verdict.lines() == [verdict.message]  # nothing from a forged code is shown as fact


def test_two_bureaus_with_the_same_data_issue_different_files_and_neither_takes_the_others(tmp_path: Path) -> None:
    folders = [tmp_path / "a", tmp_path / "b"]
    apps = []
    for folder in folders:
        setup.init(folder, role=Role.BUREAU, authority="测试县应急管理局", short="测")
        app = open_app(folder, actor="tester")
        demo.load(app)
        apps.append(app)
    try:
        a, b = (_order(app) for app in apps)
        assert a.pdf != b.pdf
        assert a.document.number == b.document.number  # same numbering, same data: only the signer differs
        for mine, theirs, app in ((a, b, apps[0]), (b, a, apps[1])):
            other = tmp_path / "other.pdf"
            other.write_bytes(theirs.pdf)
            verdict = document_verify.verify_file(app, other)
            assert not verdict.genuine and "另一终端" in verdict.message, verdict.lines()
            own = tmp_path / "own.pdf"
            own.write_bytes(mine.pdf)
            assert document_verify.verify_file(app, own).genuine
        page = tmp_path / "theirs.png"
        scans.Pdf(b.pdf).render(1, 200).save(page)
        verdict = document_verify.verify_file(apps[0], page)
        assert not verdict.genuine and "另一终端" in verdict.message
        assert "本数据库不认识" in verdict.issuer
    finally:
        for app in apps:
            app.close()


def test_a_scan_verified_where_the_document_is_unknown_still_prints_the_signed_facts(
    demo_app: App, tmp_path: Path
) -> None:
    issued = _order(demo_app)
    page = tmp_path / "page.png"
    scans.Pdf(issued.pdf).render(1, 200).save(page)
    other = tmp_path / "elsewhere"
    setup.init(other, authority="别县应急管理局", short="别")
    with open_app(other, actor="tester") as stranger:
        verdict = document_verify.verify_file(stranger, page)
    assert not verdict.genuine and "无法确认签发者" in verdict.message
    assert f"文号：{issued.document.number}" in verdict.facts and "本数据库不认识" in verdict.issuer
