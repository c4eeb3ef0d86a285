"""双随机 draws are reproducible by anyone, fair to inspectors, and never send someone to their own township."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.domain import sampling
from inspector_app.domain.errors import ValidationError
from inspector_app.domain.sampling import EnterpriseRef, InspectorRef, Pick

TOWNS = ("城关镇", "青山乡", "河东街道", "")


def _enterprises(n: int, towns: tuple[str, ...] = TOWNS[:3]) -> list[EnterpriseRef]:
    return [EnterpriseRef(f"e{i:02d}", towns[i % len(towns)]) for i in range(n)]


def _inspectors(n: int, towns: tuple[str, ...] = TOWNS[:3]) -> list[InspectorRef]:
    return [InspectorRef(f"i{i:02d}", towns[i % len(towns)]) for i in range(n)]


@st.composite
def cases(draw, towns: tuple[str, ...] = TOWNS):  # type: ignore[no-untyped-def]
    """Unique ids, random townships, a count that may or may not be feasible, any seed."""
    ent_ids = draw(st.lists(st.text("abcdef0123", min_size=1, max_size=6), min_size=1, max_size=25, unique=True))
    ins_ids = draw(st.lists(st.text("ghijk4567", min_size=1, max_size=6), min_size=2, max_size=8, unique=True))
    enterprises = [EnterpriseRef(i, draw(st.sampled_from(towns))) for i in ent_ids]
    inspectors = [InspectorRef(i, draw(st.sampled_from(towns))) for i in ins_ids]
    count = draw(st.integers(min_value=1, max_value=len(enterprises)))
    seed = draw(st.text(min_size=1, max_size=20))
    return enterprises, inspectors, count, seed


def _eligible_enterprises(enterprises: list[EnterpriseRef], inspectors: list[InspectorRef]) -> int:
    return sum(
        1 for e in enterprises if sum(1 for i in inspectors if not (e.township and i.township == e.township)) >= 2
    )


def test_known_answer_pins_the_algorithm() -> None:
    """If this changes, old published draws no longer re-run: bump ALGORITHM and keep the old code path."""
    picks = sampling.draw(_enterprises(10), _inspectors(5), 4, "abc", exclude_own_township=True)
    assert sampling.ALGORITHM == "sha256-fisher-yates-v1"
    assert [(p.enterprise_id, p.inspector_ids) for p in picks] == [
        ("e07", ("i00", "i02")),
        ("e08", ("i04", "i01")),
        ("e09", ("i01", "i04")),
        ("e04", ("i03", "i00")),
    ]
    order = [e.id for e in sampling.shuffled(_enterprises(10), "abc", "enterprise")]
    assert order == ["e07", "e08", "e09", "e04", "e06", "e02", "e01", "e05", "e03", "e00"]


@settings(max_examples=150, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_same_inputs_and_seed_give_the_same_result_in_any_order(case, rnd) -> None:  # type: ignore[no-untyped-def]
    enterprises, inspectors, count, seed = case
    try:
        first = sampling.draw(enterprises, inspectors, count, seed)
    except ValidationError:
        return
    shuffled_e, shuffled_i = list(enterprises), list(inspectors)
    rnd.shuffle(shuffled_e)
    rnd.shuffle(shuffled_i)
    assert sampling.draw(shuffled_e, shuffled_i, count, seed) == first
    assert sampling.draw(tuple(reversed(enterprises)), inspectors, count, seed) == first


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
def test_different_seeds_give_different_draws(seed_a: str, seed_b: str) -> None:
    if seed_a == seed_b:
        return
    # 30 enterprises, 5 drawn in order: about 17 million outcomes before the inspector pairs are counted.
    ents, staff = _enterprises(30), _inspectors(6)
    assert sampling.draw(ents, staff, 5, seed_a) != sampling.draw(ents, staff, 5, seed_b)


def test_every_enterprise_gets_drawn_about_equally_often() -> None:
    ents, staff = _enterprises(10), _inspectors(4)
    hits = Counter(p.enterprise_id for n in range(600) for p in sampling.draw(ents, staff, 3, f"seed-{n}"))
    assert set(hits) == {e.id for e in ents}
    # 1800 draws over 10 enterprises: 180 each expected; ±60 is more than five standard deviations.
    assert all(120 <= h <= 240 for h in hits.values()), hits


@settings(max_examples=200, deadline=None)
@given(cases())
def test_nobody_inspects_their_own_township_and_the_pair_differs(case) -> None:  # type: ignore[no-untyped-def]
    enterprises, inspectors, count, seed = case
    available = _eligible_enterprises(enterprises, inspectors)
    if count > available:
        with pytest.raises(ValidationError, match=f"只有 {available} 家"):
            sampling.draw(enterprises, inspectors, count, seed, exclude_own_township=True)
        return
    picks = sampling.draw(enterprises, inspectors, count, seed, exclude_own_township=True)
    town = {e.id: e.township for e in enterprises} | {i.id: i.township for i in inspectors}
    assert len(picks) == count
    assert len({p.enterprise_id for p in picks}) == count
    for pick in picks:
        a, b = pick.inspector_ids
        assert a != b
        if town[pick.enterprise_id]:
            assert town[pick.enterprise_id] not in (town[a], town[b])


@settings(max_examples=200, deadline=None)
@given(cases(), st.booleans())
def test_workload_is_balanced_without_township_constraints(case, blank_towns: bool) -> None:  # type: ignore[no-untyped-def]
    enterprises, inspectors, count, seed = case
    if blank_towns:  # no townships known: the exclusion rule has nothing to exclude
        enterprises = [EnterpriseRef(e.id) for e in enterprises]
        inspectors = [InspectorRef(i.id) for i in inspectors]
    picks = sampling.draw(enterprises, inspectors, count, seed, exclude_own_township=blank_towns)
    load = Counter({i.id: 0 for i in inspectors})
    load.update(i for p in picks for i in p.inspector_ids)
    assert max(load.values()) - min(load.values()) <= 1


def test_the_most_constrained_enterprises_are_staffed_first() -> None:
    # The 城关镇 enterprises can only have i02 and i03; the blank-township ones can have anyone. Staffing the
    # constrained ones first leaves the blank ones to i00 and i01, so everyone ends with three.
    ents = [EnterpriseRef(f"e{n}", "城关镇") for n in range(3)] + [EnterpriseRef(f"f{n}") for n in range(3)]
    staff = [
        InspectorRef("i00", "城关镇"),
        InspectorRef("i01", "城关镇"),
        InspectorRef("i02", "河东街道"),
        InspectorRef("i03"),
    ]
    for seed in ("load", "other", "third"):
        picks = sampling.draw(ents, staff, 6, seed)
        for p in picks:
            if p.enterprise_id.startswith("e"):
                assert set(p.inspector_ids) == {"i02", "i03"}
        assert Counter(i for p in picks for i in p.inspector_ids) == {"i00": 3, "i01": 3, "i02": 3, "i03": 3}


def test_impossible_draws_say_why_in_chinese() -> None:
    ents = _enterprises(4, ("城关镇",))
    staff = [InspectorRef("a", "城关镇"), InspectorRef("b", "城关镇"), InspectorRef("c", "青山乡")]
    with pytest.raises(ValidationError, match="可抽取的企业只有 0 家.*4 家企业.*城关镇"):
        sampling.draw(ents, staff, 1, "x")
    assert len(sampling.draw(ents, staff, 4, "x", exclude_own_township=False)) == 4
    with pytest.raises(ValidationError, match="只有 4 家，少于要抽取的 5 家"):
        sampling.draw(ents, staff, 5, "x", exclude_own_township=False)
    with pytest.raises(ValidationError, match="执法人员只有 1 名"):
        sampling.draw(ents, staff[:1], 1, "x")
    with pytest.raises(ValidationError, match="至少为1"):
        sampling.draw(ents, staff, 0, "x")
    with pytest.raises(ValidationError, match="种子"):
        sampling.draw(ents, staff, 1, "")
    with pytest.raises(ValidationError, match="重复"):
        sampling.draw([*ents, ents[0]], staff, 1, "x")
    with pytest.raises(ValidationError, match="没有可抽取的企业"):
        sampling.draw([], staff, 1, "x")


def test_unstaffable_enterprises_are_left_out_but_the_rest_can_be_drawn() -> None:
    ents = [EnterpriseRef("a", "城关镇"), EnterpriseRef("b", "青山乡"), EnterpriseRef("c", "青山乡")]
    staff = [InspectorRef("x", "城关镇"), InspectorRef("y", "城关镇"), InspectorRef("z", "青山乡")]
    assert sampling.unstaffable(ents, staff, True) == [ents[0]]
    for n in range(20):
        assert {p.enterprise_id for p in sampling.draw(ents, staff, 2, str(n))} == {"b", "c"}


def test_pick_round_trips_through_json_shape() -> None:
    pick = Pick("e1", ("i1", "i2"))
    assert Pick.from_dict(pick.as_dict()) == pick


def test_shuffle_is_a_permutation_and_uses_no_global_random_state() -> None:
    import random

    items = _enterprises(50)
    random.seed(1)
    a = sampling.shuffled(items, "s", "enterprise")
    random.seed(2)
    b = sampling.shuffled(items, "s", "enterprise")
    assert a == b and sorted(a, key=lambda e: e.id) == items and a != items
