"""Issuing documents: one transaction for number, PDF and record; immutable; corrections; verification."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlmodel import select

from inspector_app.domain.enums import DocumentKind, HazardStatus, Outcome
from inspector_app.domain.errors import StateError
from inspector_app.services import document_verify, documents, hazards, health, inspections, reports
from inspector_app.services.context import App
from inspector_app.store.models import Document
from tests.services.helpers import REVIEWERS, started

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _completed_with_orders(app: App) -> str:
    for row in reports.list_inspections(app):
        if row["status"] == "completed" and any(h.deadline for h in hazards.of_inspection(app, row["id"])):
            return row["id"]
    raise AssertionError("demo has no completed inspection with ordered hazards")


def _count(app: App) -> int:
    with app.read() as s:
        return len(s.exec(select(Document)).all())


@needs_poppler
def test_rectification_order_is_issued_once_and_reopens_byte_identical(demo_app: App, tmp_path: Path) -> None:
    insp = _completed_with_orders(demo_app)
    first = documents.issue(demo_app, insp, DocumentKind.RECTIFICATION_ORDER)
    assert first.created and "应急责改〔" in first.document.number
    assert demo_app.media.read(first.document.pdf_sha256) == first.pdf
    again = documents.issue(demo_app, insp, DocumentKind.RECTIFICATION_ORDER)
    assert not again.created and again.pdf == first.pdf and again.document.id == first.document.id
    text = _text(first.pdf, tmp_path)
    enterprise = reports.list_inspections(demo_app)
    name = next(r["enterprise_name"] for r in enterprise if r["id"] == insp)
    assert name in text and first.document.number in text
    for hazard in hazards.of_inspection(demo_app, insp):
        if hazard.deadline:
            assert hazard.description[:12] in text.replace("\n", "").replace(" ", "")
    assert health.check(demo_app) == []


def test_documents_need_a_completed_inspection(app: App) -> None:
    insp = started(app)
    inspections.record_result(app, insp, "hc-02", Outcome.FAIL)
    with pytest.raises(StateError, match="完成检查"):
        documents.issue(app, insp, DocumentKind.INSPECTION_RECORD)
    assert _count(app) == 0


def test_sequencing_rules(app: App) -> None:
    from datetime import timedelta

    from inspector_app.services.timeutil import today

    insp = started(app)
    inspections.record_result(app, insp, "g-01", Outcome.FAIL)
    general = hazards.raise_from_item(app, insp, "g-01")  # registered only: no deadline yet
    inspections.complete_inspection(app, insp)
    with pytest.raises(StateError, match="没有责令限期整改的隐患"):
        documents.issue(app, insp, DocumentKind.RECTIFICATION_ORDER)
    with pytest.raises(StateError, match="重大"):
        documents.issue(app, insp, DocumentKind.ONSITE_DECISION)
    with pytest.raises(StateError, match="为前提"):
        documents.issue(app, insp, DocumentKind.REVIEW_OPINION)
    hazards.move(app, general.id, HazardStatus.ORDERED, deadline=today() + timedelta(days=10))
    order = documents.issue(app, insp, DocumentKind.RECTIFICATION_ORDER)
    with pytest.raises(StateError, match="尚未记录复查结果"):
        documents.issue(app, insp, DocumentKind.REVIEW_OPINION)
    hazards.review(app, general.id, passed=True, note="已建立责任制并公示", officers=REVIEWERS)
    opinion = documents.issue(app, insp, DocumentKind.REVIEW_OPINION)
    assert opinion.created and "应急复查〔" in opinion.document.number
    assert _count(app) == 2
    assert order.document.number != opinion.document.number


@needs_poppler
def test_review_opinion_names_the_order_it_follows(app: App, tmp_path: Path) -> None:
    from datetime import timedelta

    from inspector_app.services.timeutil import today

    insp = started(app)
    inspections.record_result(app, insp, "hc-02", Outcome.FAIL)
    hz = hazards.raise_from_item(app, insp, "hc-02", deadline=today() + timedelta(days=5))
    inspections.complete_inspection(app, insp)
    order = documents.issue(app, insp, DocumentKind.RECTIFICATION_ORDER)
    hazards.review(app, hz.id, passed=True, officers=REVIEWERS)
    opinion = documents.issue(app, insp, DocumentKind.REVIEW_OPINION)
    text = _text(opinion.pdf, tmp_path).replace(" ", "")
    assert order.document.number in text
    assert "责令限期整改指令书" in text


def test_correction_is_a_new_document_that_names_the_old(demo_app: App) -> None:
    insp = _completed_with_orders(demo_app)
    original = documents.issue(demo_app, insp, DocumentKind.INSPECTION_RECORD)
    with pytest.raises(Exception, match="理由"):
        documents.correct(demo_app, original.document.id, " ")
    fixed = documents.correct(demo_app, original.document.id, "检查场所填写有误")
    assert fixed.document.supersedes_id == original.document.id
    assert fixed.document.number != original.document.number
    # The original is untouched: same bytes in the store.
    assert documents.pdf_of(demo_app, original.document.id)[1] == original.pdf
    with pytest.raises(StateError, match="已被更正"):
        documents.correct(demo_app, original.document.id, "再改一次")
    # Asking for the kind again now gives the correction.
    assert documents.issue(demo_app, insp, DocumentKind.INSPECTION_RECORD).document.id == fixed.document.id


def test_verify_tells_genuine_altered_and_foreign(demo_app: App, tmp_path: Path) -> None:
    insp = _completed_with_orders(demo_app)
    issued = documents.issue(demo_app, insp, DocumentKind.RECTIFICATION_ORDER)
    genuine = tmp_path / "genuine.pdf"
    genuine.write_bytes(issued.pdf)
    verdict = document_verify.verify_file(demo_app, genuine)
    assert verdict.genuine and verdict.number == issued.document.number
    altered = tmp_path / "altered.pdf"
    data = bytearray(issued.pdf)
    at = len(data) // 2
    data[at] = (data[at] + 1) % 256
    altered.write_bytes(bytes(data))
    verdict = document_verify.verify_file(demo_app, altered)
    assert not verdict.genuine and "改动" in verdict.message and verdict.number == issued.document.number
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert "不是本数据库签发" in document_verify.verify_file(demo_app, foreign).message


def test_a_replaced_pdf_in_the_store_is_caught(demo_app: App) -> None:
    insp = _completed_with_orders(demo_app)
    issued = documents.issue(demo_app, insp, DocumentKind.RECTIFICATION_ORDER)
    demo_app.media.path(issued.document.pdf_sha256).write_bytes(b"%PDF-1.4 forged")
    assert any(issued.document.number in p for p in health.check(demo_app))
    with pytest.raises(StateError, match="损坏"):
        documents.issue(demo_app, insp, DocumentKind.RECTIFICATION_ORDER)
