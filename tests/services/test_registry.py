from __future__ import annotations

import pytest

from inspector_app.domain.errors import ValidationError
from inspector_app.services import registry, reports
from inspector_app.services.context import App
from tests.services.helpers import valid_code


def _snapshot(app: App) -> dict[str, int]:
    return reports.info(app)["counts"]


def test_enterprise_is_stored_with_normalised_credit_code(app: App) -> None:
    code = valid_code(7)
    row = registry.create_enterprise(
        app,
        registry.EnterpriseInput(
            credit_code=f" {code[:9].lower()} {code[9:]}",
            name="甲化工有限公司",
            sector="危险化学品",
            township="城关镇",
            risk_colour="橙",
        ),
    )
    assert row.credit_code == code
    assert row.sector == "hazardous_chemicals" and row.risk_colour == "orange"
    assert registry.find_enterprises(app, "甲化工")[0].id == row.id
    assert registry.find_enterprises(app, code[-6:].lower())[0].id == row.id
    assert registry.find_enterprises(app, township="城关镇", sector="hazardous_chemicals")[0].id == row.id
    assert registry.find_enterprises(app, township="青山乡") == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "校验位"),
        ("91350100M000100Y4", "18位"),
        ("91350100M0001O0Y43", "不允许的字符"),
        ("", "请填写"),
    ],
)
def test_bad_credit_code_writes_nothing(app: App, code: str, message: str) -> None:
    before = _snapshot(app)
    with pytest.raises(ValidationError, match=message):
        registry.create_enterprise(
            app, registry.EnterpriseInput(credit_code=code, name="乙公司", sector="construction")
        )
    assert _snapshot(app) == before


def test_duplicate_credit_code_is_refused(app: App) -> None:
    data = registry.EnterpriseInput(credit_code=valid_code(3), name="丙公司", sector="construction")
    first = registry.create_enterprise(app, data)
    with pytest.raises(ValidationError, match=first.name):
        registry.create_enterprise(
            app, registry.EnterpriseInput(credit_code=valid_code(3), name="丁公司", sector="construction")
        )


def test_unknown_sector_and_colour_are_refused(app: App) -> None:
    with pytest.raises(ValidationError, match="未知行业"):
        registry.create_enterprise(
            app, registry.EnterpriseInput(credit_code=valid_code(4), name="戊公司", sector="烟花爆竹")
        )
    with pytest.raises(ValidationError, match="红/橙/黄/蓝"):
        registry.create_enterprise(
            app,
            registry.EnterpriseInput(credit_code=valid_code(4), name="戊公司", sector="construction", risk_colour="紫"),
        )


def test_inspector_needs_a_certificate_number_and_it_is_unique(app: App) -> None:
    with pytest.raises(ValidationError, match="执法证号"):
        registry.add_inspector(app, "王五", "")
    registry.add_inspector(app, "王五", "43090300001234")
    with pytest.raises(ValidationError, match="已登记"):
        registry.add_inspector(app, "赵六", "43090300001234")
    assert [i.name for i in registry.list_inspectors(app)] == ["王五"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("authority", " ", "执法机关名称"),
        ("short", "一二三四五六七", "1至6个字"),
        ("review_days", "0", "1至90"),
        ("remedy_court", "", "全称"),
    ],
)
def test_settings_printed_on_documents_are_checked(app: App, key: str, value: str, message: str) -> None:
    from inspector_app.services import setup

    before = setup.settings(app)
    with pytest.raises(ValidationError, match=message):
        setup.update_settings(app, **{key: value})
    assert setup.settings(app) == before
