"""inspector_app.bundle: where forms and resources are found, from a checkout and from a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from inspector_app import bundle

CHECKOUT = Path(__file__).resolve().parent.parent


def test_a_checkout_describes_its_own_forms_fonts_and_translations() -> None:
    found = bundle.describe()
    assert found["root"] == str(CHECKOUT) and found["frozen"] is False
    assert found["forms"] == sorted(p.name for p in (CHECKOUT / "forms").glob("*.yaml"))
    assert found["form_schema"] is True and found["style_sheet"] is True
    assert {"wqy-microhei.ttc", "uming.ttc"} <= set(found["fonts"])
    assert found["translations"] == sorted(p.name for p in (CHECKOUT / "resources" / "i18n").glob("*.qm"))


def test_a_frozen_program_reads_from_its_unpacked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "general.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "forms" / "README.md").write_text("not a form\n", encoding="utf-8")
    (tmp_path / "resources" / "fonts").mkdir(parents=True)
    (tmp_path / "resources" / "fonts" / "ui.TTF").write_bytes(b"")
    (tmp_path / "resources" / "fonts" / "LICENCE.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)

    assert bundle.forms_dir() == tmp_path / "forms"
    assert bundle.resources_dir() == tmp_path / "resources"
    assert bundle.describe() == {
        "root": str(tmp_path),
        "frozen": True,
        "forms": ["general.yaml"],
        "form_schema": False,
        "fonts": ["ui.TTF"],
        "translations": [],
        "style_sheet": False,
    }


def test_a_missing_folder_is_an_empty_list_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "gone"), raising=False)
    found = bundle.describe()
    assert found["forms"] == [] and found["fonts"] == [] and found["frozen"] is False
