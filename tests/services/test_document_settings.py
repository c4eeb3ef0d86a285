"""No placeholder on paper: issuing refuses while a printed setting is unset or a sample, naming it and how to
set it; nothing is numbered or stored by a refused attempt."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from inspector_app.domain.enums import DocumentKind, Outcome, Role
from inspector_app.domain.errors import StateError
from inspector_app.services import document_settings, documents, inspections, setup, sync_export, sync_import
from inspector_app.services.context import App, open_app
from inspector_app.store.models import Document, NumberBlock
from tests.services.helpers import started


def _completed(app: App) -> str:
    insp = started(app)
    item = inspections.template_for(app, insp).items[0]
    inspections.record_result(app, insp, item.id, Outcome.PASS)
    inspections.complete_inspection(app, insp)
    return insp


def _rows(app: App) -> tuple[int, int]:
    with app.read() as s:
        return len(s.exec(select(Document)).all()), len(s.exec(select(NumberBlock)).all())


@pytest.mark.parametrize(
    ("key", "value", "label"),
    [
        ("remedy_government", "", "行政复议机关"),
        ("remedy_government", "某某县人民政府", "行政复议机关"),  # what earlier versions of init wrote
        ("remedy_court", "某某县人民法院", "行政诉讼法院"),
        ("authority", "某某县应急管理局", "执法机关名称"),
        ("short", "某", "文号代字"),
        ("short", "", "文号代字"),
    ],
)
def test_issuing_is_refused_while_a_printed_setting_is_a_placeholder(
    app: App, key: str, value: str, label: str
) -> None:
    insp = _completed(app)
    document_settings.save(app, {key: value})  # as an older data folder holds it
    with pytest.raises(StateError) as refused:
        documents.issue(app, insp, DocumentKind.INSPECTION_RECORD)
    message = refused.value.message
    assert label in message and key in message and "设置" in message and "settings set" in message
    assert _rows(app) == (0, 0)  # no document, and no number range opened


def test_a_correction_is_refused_too_and_the_old_document_stands(app: App) -> None:
    insp = _completed(app)
    original = documents.issue(app, insp, DocumentKind.INSPECTION_RECORD).document
    document_settings.save(app, {"remedy_court": ""})
    before = _rows(app)
    with pytest.raises(StateError, match="行政诉讼法院"):
        documents.correct(app, original.id, "检查场所有误")
    assert _rows(app) == before
    # Handing back the document already issued is not issuing: it stays available as it was.
    assert documents.issue(app, insp, DocumentKind.INSPECTION_RECORD).document.id == original.id


def test_every_unset_setting_is_named_in_one_message(tmp_path: Path) -> None:
    setup.init(tmp_path / "d")
    with open_app(tmp_path / "d") as app:
        with app.write() as s, pytest.raises(StateError) as refused:
            document_settings.ensure_documents_ready(s)
        shown = document_settings.show(app)
    for label in ("执法机关名称", "文号代字", "行政复议机关", "行政诉讼法院"):
        assert label in refused.value.message
    assert [e.key for e in shown if e.placeholder] == ["authority", "short", "remedy_government", "remedy_court"]
    assert all(e.value == "" for e in shown if e.placeholder)  # init writes no sample authority


def test_enrolment_never_replaces_a_real_setting_with_the_bureaus_placeholder(tmp_path: Path) -> None:
    bureau_dir, device_dir = tmp_path / "bureau", tmp_path / "device"
    setup.init(bureau_dir, role=Role.BUREAU, authority="益阳市赫山区应急管理局", short="赫")
    document_settings_given = {"remedy_government": "益阳市赫山区人民政府", "remedy_court": "益阳市赫山区人民法院"}
    setup.init(device_dir, **document_settings_given)
    with open_app(bureau_dir) as bureau:
        package = sync_export.enroll_device(bureau, "乡镇终端1", tmp_path / "enrol.pkg")
    with open_app(device_dir) as device:
        assert sync_import.import_package(device, package.path).status == "applied"
        values = {e.key: e.value for e in document_settings.show(device)}
    assert values["authority"] == "益阳市赫山区应急管理局" and values["short"] == "赫"  # the bureau's, adopted
    assert {k: values[k] for k in document_settings_given} == document_settings_given  # kept
