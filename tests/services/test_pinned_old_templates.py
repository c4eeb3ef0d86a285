"""An inspection pinned to a template written before the 违反/依据 split still works with the new code."""

from __future__ import annotations

import hashlib
import json

from inspector_app.domain.enums import Outcome
from inspector_app.services import hazards, inspections
from inspector_app.services.context import App
from inspector_app.store.models import FormTemplate, Inspection
from tests.services.helpers import started

OLD_BASIS = {
    "g-08": "《安全生产法》第四十一条第二款；罚则第九十七条(五)、第一百零一条(五)",
    "hc-02": "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》(安监总管三〔2017〕121号) (二)",
}


def _as_old_version(content: dict[str, object]) -> dict[str, object]:
    """The same template as a 2026.11 database stored it: `basis` in place of the three new keys."""
    for section in content["sections"]:  # type: ignore[attr-defined]
        for item in section["items"]:
            for key in ("violation", "violates", "grounds"):
                del item[key]
            item["basis"] = OLD_BASIS.get(item["id"], "《安全生产法》第四条")
    content["version"] = "2026.11.1"
    return content


def test_hazard_raised_on_an_old_pinned_template(app: App) -> None:
    insp = started(app)
    with app.write() as s:
        row = s.get(FormTemplate, s.get(Inspection, insp).template_id)
        old = json.dumps(
            _as_old_version(json.loads(row.content)), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        row.content = old
        row.content_hash = hashlib.sha256(old.encode("utf-8")).hexdigest()
        s.add(row)
    template = inspections.template_for(app, insp)
    assert template.content_hash() == hashlib.sha256(old.encode("utf-8")).hexdigest()
    item = template.item("g-08")
    assert item.violation == item.text
    assert item.violates == "《中华人民共和国安全生产法》第四十一条第二款"
    assert item.grounds == "《中华人民共和国安全生产法》第九十七条第（五）项、第一百零一条第（五）项"
    major = template.item("hc-02")
    assert major.violates.endswith("（安监总管三〔2017〕121号）第（二）项")
    assert major.grounds == "《中华人民共和国安全生产法》第六十五条第一款第（三）项、第一百零二条"

    inspections.record_result(app, insp, "g-08", Outcome.FAIL)
    hz = hazards.raise_from_item(app, insp, "g-08")
    assert (hz.violates, hz.legal_basis) == (item.violates, item.grounds)  # 违反 and 依据, split
    assert hz.description == item.text
