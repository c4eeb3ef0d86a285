"""Small builders for service tests: an enterprise, two inspectors and a started inspection."""

from __future__ import annotations

from datetime import datetime

from inspector_app.domain import credit_code
from inspector_app.services import inspections, registry
from inspector_app.services.context import App


def valid_code(seed: int) -> str:
    first17 = f"9143090373{seed:06d}"[:16] + "0"
    first17 = first17[:17]
    return first17 + credit_code.check_character(first17)


def enterprise(app: App, seed: int = 1, sector: str = "hazardous_chemicals", township: str = "城关镇") -> str:
    row = registry.create_enterprise(
        app,
        registry.EnterpriseInput(
            credit_code=valid_code(seed), name=f"测试企业{seed}号有限公司", sector=sector, township=township
        ),
    )
    return row.id


def two_inspectors(app: App) -> list[str]:
    a = registry.add_inspector(app, "张三丰", "43090300000001")
    b = registry.add_inspector(app, "李四光", "43090300000002")
    return [a.id, b.id]


def started(app: App, sector: str = "hazardous_chemicals", started_at: datetime | None = None) -> str:
    ent = enterprise(app, sector=sector)
    return inspections.start_inspection(app, ent, two_inspectors(app), started_at=started_at).id


# The two inspectors of two_inspectors(), by 执法证号: who does a 复查 in these tests.
REVIEWERS = ["43090300000001", "43090300000002"]
