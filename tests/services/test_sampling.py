"""双随机 at the bureau: the draw is stored with its seed and inputs, re-runs to the same picks, and becomes
tasks; devices cannot draw."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from inspector_app.domain.enums import Role
from inspector_app.domain.errors import StateError, ValidationError
from inspector_app.services import demo, registry, sampling, setup
from inspector_app.services.context import App, open_app
from inspector_app.store.models import Inspector, Sampling, Task
from tests.cli.test_cli import Run
from tests.conftest import copy_data_folder


@pytest.fixture(scope="module")
def bureau_with_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Loading the demo takes seconds (photos), so it is done once and the folder copied for each test."""
    root = tmp_path_factory.mktemp("bureau-template") / "bureau"
    setup.init(root, role=Role.BUREAU, authority="测试县应急管理局", short="测")
    with open_app(root) as opened:
        demo.load(opened)
    return root


@pytest.fixture
def bureau(bureau_with_demo: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "bureau"
    copy_data_folder(bureau_with_demo, root)  # with its server database, under INSPECTOR_TEST_DATABASE_URL
    with open_app(root, actor="局里的人") as opened:
        yield opened


def test_only_the_bureau_draws(app: App) -> None:
    assert app.role == Role.DEVICE
    with pytest.raises(StateError, match="应急管理局"):
        sampling.sample(app, "危险化学品", 2, seed="abc")
    with app.read() as s:
        assert s.exec(select(Sampling)).first() is None


def test_draw_stores_seed_inputs_result_and_one_task_per_pick(bureau: App) -> None:
    row = sampling.sample(bureau, "危险化学品", 3, seed="abc", due_on=date(2026, 12, 31))
    assert (row.sector, row.count, row.seed, row.exclude_own_township) == ("hazardous_chemicals", 3, "abc", True)
    assert row.drawn_by == "局里的人" and row.origin_device_id == bureau.device_id
    inputs = json.loads(row.inputs)
    chemicals = registry.find_enterprises(bureau, sector="hazardous_chemicals")
    staff = registry.list_inspectors(bureau)
    assert [e["id"] for e in inputs["enterprises"]] == sorted(e.id for e in chemicals)
    assert [i["id"] for i in inputs["inspectors"]] == sorted(i.id for i in staff)
    assert {i["township"] for i in inputs["inspectors"]} == {"城关镇", "青山乡", "河东街道"}
    assert (inputs["sector"], inputs["count"], inputs["exclude_own_township"]) == ("hazardous_chemicals", 3, True)
    assert inputs["algorithm"] == "sha256-fisher-yates-v1"

    picks = sampling.stored_picks(row)
    assert len(picks) == 3
    towns = {e.id: e.township for e in chemicals} | {i.id: i.township for i in staff}
    for pick in picks:
        assert towns[pick.enterprise_id] not in {towns[i] for i in pick.inspector_ids}

    tasks = sampling.list_tasks(bureau)
    assert sorted((t.enterprise_id, tuple(json.loads(t.inspector_ids))) for t in tasks) == sorted(
        (p.enterprise_id, p.inspector_ids) for p in picks
    )
    assert all(t.sampling_id == row.id and t.status == "open" and t.due_on == date(2026, 12, 31) for t in tasks)
    assert all(t.origin_device_id == bureau.device_id and t.device_id is None for t in tasks)


def test_rerun_and_verify_agree_and_registry_changes_do_not_matter(bureau: App) -> None:
    row = sampling.sample(bureau, "hazardous_chemicals", 4, seed="公开的种子")
    assert sampling.rerun(bureau, row.id) == sampling.stored_picks(row)
    assert sampling.verify(bureau, row.id)

    # Today's registry moves on: new inspectors, a retired one, a new enterprise, someone changes township.
    registry.add_inspector(bureau, "赵新来", "43090320250001", township="青山乡")
    registry.add_inspector(bureau, "钱新到", "43090320250002", township="河东街道")
    with bureau.write() as s:
        people = list(s.exec(select(Inspector)))
        people[0].active = False
        people[1].township = "城关镇" if people[1].township != "城关镇" else "青山乡"
        s.add_all(people[:2])
    from tests.services.helpers import enterprise

    enterprise(bureau, seed=901, sector="hazardous_chemicals", township="青山乡")

    assert sampling.rerun(bureau, row.id) == sampling.stored_picks(row)
    assert sampling.verify(bureau, row.id)
    # A fresh draw with the same seed sees today's registry, and so may well differ; the old one does not move.
    fresh = sampling.sample(bureau, "hazardous_chemicals", 4, seed="公开的种子")
    assert json.loads(fresh.inputs)["inspectors"] != json.loads(row.inputs)["inspectors"]


def test_verify_catches_a_tampered_result_or_inputs(bureau: App) -> None:
    row = sampling.sample(bureau, "construction", 3, seed="abc")
    picks = sampling.stored_picks(row)
    swapped = [picks[1], picks[0], picks[2]]
    with bureau.write() as s:
        stored = s.get(Sampling, row.id)
        assert stored is not None
        stored.result = json.dumps([p.as_dict() for p in swapped])
        s.add(stored)
    assert not sampling.verify(bureau, row.id)
    with bureau.write() as s:
        stored = s.get(Sampling, row.id)
        assert stored is not None
        stored.result = row.result
        stored.exclude_own_township = False
        s.add(stored)
    assert not sampling.verify(bureau, row.id)
    with bureau.write() as s:
        stored = s.get(Sampling, row.id)
        assert stored is not None
        stored.exclude_own_township = True
        stored.result = "not json"
        s.add(stored)
    assert not sampling.verify(bureau, row.id)


def test_same_seed_same_picks_default_seed_is_fresh(bureau: App) -> None:
    a = sampling.sample(bureau, "特种设备", 3, seed="abc")
    b = sampling.sample(bureau, "special_equipment", 3, seed="  abc ")
    assert sampling.stored_picks(a) == sampling.stored_picks(b)
    c = sampling.sample(bureau, "特种设备", 3)
    d = sampling.sample(bureau, "特种设备", 3)
    assert len(c.seed) == 32 and c.seed != d.seed


def test_allowing_own_township_is_recorded_and_reruns(bureau: App) -> None:
    row = sampling.sample(bureau, "非煤矿山", 7, seed="s", exclude_own_township=False)
    assert not row.exclude_own_township and not json.loads(row.inputs)["exclude_own_township"]
    assert sampling.verify(bureau, row.id)


def test_refusals_are_clear_and_write_nothing(bureau: App) -> None:
    with pytest.raises(ValidationError, match="只有 8 家，少于要抽取的 9 家"):
        sampling.sample(bureau, "危险化学品", 9, seed="abc")
    with pytest.raises(ValidationError, match="未知行业"):
        sampling.sample(bureau, "化工", 1)
    with pytest.raises(ValidationError, match="种子"):
        sampling.sample(bureau, "危险化学品", 1, seed="x" * 65)
    with pytest.raises(ValidationError, match="至少为1"):
        sampling.sample(bureau, "危险化学品", 0)
    with bureau.read() as s:
        assert s.exec(select(Sampling)).first() is None and s.exec(select(Task)).first() is None


def test_an_empty_sector_says_so(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    setup.init(root, role=Role.BUREAU)
    with open_app(root) as app, pytest.raises(ValidationError, match="建筑施工行业尚未登记企业"):
        sampling.sample(app, "建筑施工", 1)


def test_list_tasks_for_a_device_includes_unassigned(bureau: App) -> None:
    sampling.sample(bureau, "建筑施工", 2, seed="abc")
    tasks = sampling.list_tasks(bureau)
    with bureau.write() as s:
        first = s.get(Task, tasks[0].id)
        assert first is not None
        first.device_id = "device-a"
        s.add(first)
    assert {t.id for t in sampling.list_tasks(bureau, "device-a")} == {t.id for t in tasks}
    assert [t.id for t in sampling.list_tasks(bureau, "device-b")] == [tasks[1].id]
    rows = sampling.task_rows(bureau)
    assert all(r["enterprise_name"] and len(r["inspector_names"]) == 2 for r in rows)


def test_draws_are_in_the_audit_trail(bureau: App) -> None:
    from inspector_app.services import health

    sampling.sample(bureau, "危险化学品", 2, seed="abc")
    assert health.check(bureau) == []


# ---- the command line, on a bureau data folder ----------------------------------------------------------


@pytest.fixture
def bureau_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Run:
    run = Run(capsys, tmp_path / "bureau-cli")
    run("init", "--role", "bureau", "--authority", "益阳市赫山区应急管理局", "--short", "赫")
    run("demo")
    return run


def test_cli_same_seed_twice_gives_the_same_picks(bureau_run: Run) -> None:
    first = bureau_run.json("sample", "--sector", "危险化学品", "--count", "3", "--seed", "abc", "--json")
    second = bureau_run.json("sample", "--sector", "危险化学品", "--count", "3", "--seed", "abc", "--json")
    assert first["id"] != second["id"]  # type: ignore[index]
    assert first["picks"] == second["picks"] and len(first["picks"]) == 3  # type: ignore[index]
    assert first["seed"] == "abc" and first["exclude_own_township"] is True  # type: ignore[index]
    for pick in first["picks"]:  # type: ignore[index]
        assert len(pick["inspector_names"]) == 2 and pick["township"]

    out, _ = bureau_run("sample", "--sector", "危险化学品", "--count", "3", "--seed", "abc", "--due", "2026-12-31")
    for title in ("企业", "乡镇", "检查人员", "种子：abc", "抽取记录："):
        assert title in out
    for pick in first["picks"]:  # type: ignore[index]
        assert pick["enterprise_name"] in out and "、".join(pick["inspector_names"]) in out

    out, _ = bureau_run("sampling", "verify", first["id"])  # type: ignore[index]
    assert "一致" in out
    shown = bureau_run.json("sampling", "show", first["id"], "--json")  # type: ignore[index]
    assert shown == first

    tasks = bureau_run.json("tasks", "list", "--json")
    assert len(tasks) == 9  # type: ignore[arg-type]
    assert sum(1 for t in tasks if t["due_on"] == "2026-12-31") == 3  # type: ignore[union-attr]
    out, _ = bureau_run("tasks", "list")
    assert "待检查" in out


def test_cli_refusals_are_one_line(bureau_run: Run, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, err = bureau_run("sample", "--sector", "危险化学品", "--count", "99", expect=1)
    assert err.startswith("inspector-app: ") and "只有 8 家" in err and len(err.strip().splitlines()) == 1
    _, err = bureau_run("sampling", "verify", "nope", expect=1)
    assert "找不到抽取记录" in err

    device = Run(capsys, tmp_path / "device-cli")
    device("init")
    _, err = device("sample", "--sector", "危险化学品", "--count", "1", expect=1)
    assert "应急管理局" in err
