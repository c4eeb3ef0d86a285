"""Citations as documents print them: full statute names, 第（X）项, full-width brackets, no checklist jargon."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.forms.citations import citation_problems, normalise_citation, split_basis

SAFETY = "《中华人民共和国安全生产法》"
SPECIAL = "《中华人民共和国特种设备安全法》"

_DIGITS = "零一二三四五六七八九"


def cn(n: int) -> str:
    """Chinese numerals as statutes write article numbers (1–299): 十、二十一、一百零三、一百一十."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if tens == 0 and ones:
            return out + "零" + _DIGITS[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def test_cn_numerals_match_the_statute_text() -> None:
    assert [cn(n) for n in (4, 10, 21, 97, 100, 103, 110, 112)] == [
        "四",
        "十",
        "二十一",
        "九十七",
        "一百",
        "一百零三",
        "一百一十",
        "一百一十二",
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("《安全生产法》第二十一条(一)", f"{SAFETY}第二十一条第（一）项"),
        ("《安全生产法》第六十五条第一款(三)", f"{SAFETY}第六十五条第一款第（三）项"),
        ("《安全生产法》第九十七条(一)(二)", f"{SAFETY}第九十七条第（一）项、第（二）项"),
        ("《安全生产法》第四十一条第二款", f"{SAFETY}第四十一条第二款"),
        ("《特种设备安全法》第三十三条、第四十条", f"{SPECIAL}第三十三条、第四十条"),
        ("《特种设备安全监督检查办法》第二十五条(一)", "《特种设备安全监督检查办法》第二十五条第（一）项"),
        (
            "《金属非金属矿山重大事故隐患判定标准》(矿安〔2022〕88号) 一、(十三)",
            "《金属非金属矿山重大事故隐患判定标准》（矿安〔2022〕88号）第一部分第（十三）项",
        ),
        (
            "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》(安监总管三〔2017〕121号) (二十)",
            "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》（安监总管三〔2017〕121号）第（二十）项",
        ),
        (
            "GB 45067-2024《特种设备重大事故隐患判定准则》 4.2 d)、e)、f)",
            "GB 45067-2024《特种设备重大事故隐患判定准则》第4.2条d）、e）、f）",
        ),
        ("《建设工程安全生产管理条例》第六十二条(五)", "《建设工程安全生产管理条例》第六十二条第（五）项"),
    ],
)
def test_normalise_known_citations(old: str, new: str) -> None:
    assert normalise_citation(old) == new
    assert normalise_citation(new) == new


@pytest.mark.parametrize(
    ("basis", "violates", "grounds"),
    [
        (
            "《安全生产法》第四条、第二十一条(一)、第二十二条；罚则第九十四条",
            f"{SAFETY}第四条、第二十一条第（一）项、第二十二条",
            f"{SAFETY}第九十四条",
        ),
        (
            "《安全生产法》第四十一条第二款；罚则第九十七条(五)、第一百零一条(五)",
            f"{SAFETY}第四十一条第二款",
            f"{SAFETY}第九十七条第（五）项、第一百零一条第（五）项",
        ),
        ("《安全生产法》第四条、第二十一条(二)", f"{SAFETY}第四条、第二十一条第（二）项", ""),
        ("《特种设备安全法》第四十条；罚则第八十三条(四)", f"{SPECIAL}第四十条", f"{SPECIAL}第八十三条第（四）项"),
        ("《特种设备安全法》罚则第八十三条(六)", "", f"{SPECIAL}第八十三条第（六）项"),
        (
            "《建设工程安全生产管理条例》第三十五条；罚则第六十二条(五)",
            "《建设工程安全生产管理条例》第三十五条",
            "《建设工程安全生产管理条例》第六十二条第（五）项",
        ),
        (
            "GB 30871-2022《危险化学品企业特殊作业安全规范》；《安全生产法》第四十三条",
            f"GB 30871-2022《危险化学品企业特殊作业安全规范》、{SAFETY}第四十三条",
            "",
        ),
    ],
)
def test_split_old_basis(basis: str, violates: str, grounds: str) -> None:
    assert split_basis(basis) == (violates, grounds)


def test_citation_problems_name_each_fault() -> None:
    assert citation_problems(f"{SAFETY}第二十一条第（一）项") == []
    assert citation_problems("《特种设备安全监督检查办法》第二十五条第（一）项") == []
    assert citation_problems("《建设工程安全生产管理条例》第二十三条") == []
    short = citation_problems("《安全生产法》第二十一条第（一）项")
    assert len(short) == 1 and "《中华人民共和国安全生产法》" in short[0]
    ascii_ = citation_problems(f"{SAFETY}第二十一条(一)")
    assert len(ascii_) == 1 and "半角括号" in ascii_[0]
    jargon = citation_problems(f"{SAFETY}第二十一条；罚则第九十四条")
    assert len(jargon) == 1 and "罚则" in jargon[0]
    assert len(citation_problems("《安全生产法》第二十一条(一)；罚则第九十四条")) == 3


# --- properties over generated citations ---

articles = st.integers(min_value=1, max_value=299).map(cn)
items = st.lists(st.integers(min_value=1, max_value=20).map(cn), min_size=0, max_size=3)
paragraphs = st.one_of(st.none(), st.integers(min_value=1, max_value=5).map(cn))
statutes = st.sampled_from(["安全生产法", "特种设备安全法", "中华人民共和国安全生产法", "建设工程安全生产管理条例"])
brackets = st.sampled_from([("(", ")"), ("（", "）")])


@st.composite
def provisions(draw: st.DrawFn) -> tuple[str, str, int | None, list[str]]:
    """(text as a checklist might write it, article, paragraph, items)."""
    article, paragraph, its = draw(articles), draw(paragraphs), draw(items)
    left, right = draw(brackets)
    text = f"第{article}条" + (f"第{paragraph}款" if paragraph else "") + "".join(f"{left}{i}{right}" for i in its)
    return text, article, paragraph, its


@st.composite
def citations(draw: st.DrawFn) -> tuple[str, str, list[tuple[str, str, int | None, list[str]]]]:
    statute = draw(statutes)
    provs = draw(st.lists(provisions(), min_size=1, max_size=3))
    space = draw(st.sampled_from(["", " "]))
    return f"《{statute}》{space}" + "、".join(p[0] for p in provs), statute, provs


@given(citations())
def test_normalised_citation_is_printable(case: tuple[str, str, list]) -> None:
    text, statute, provs = case
    out = normalise_citation(text)
    assert citation_problems(out) == []
    assert "(" not in out and ")" not in out and " " not in out
    full = statute if statute.startswith("中华人民共和国") or statute.endswith("条例") else "中华人民共和国" + statute
    assert out.startswith(f"《{full}》")
    # Every article and item survives, in order, in the 第X条第（Y）项 form.
    expected = "、".join(
        f"第{a}条" + (f"第{p}款" if p else "") + "、".join(f"第（{i}）项" for i in its) for _, a, p, its in provs
    )
    assert out == f"《{full}》{expected}"


@given(citations())
def test_normalise_is_idempotent(case: tuple[str, str, list]) -> None:
    once = normalise_citation(case[0])
    assert normalise_citation(once) == once


@given(citations(), st.lists(provisions(), min_size=1, max_size=2))
def test_split_puts_the_penalty_part_under_the_same_statute(case: tuple[str, str, list], penalty: list) -> None:
    duty, statute, _ = case
    basis = duty + "；罚则" + "、".join(p[0] for p in penalty)
    violates, grounds = split_basis(basis)
    assert violates == normalise_citation(duty)
    title = re.match(r"《[^》]+》", violates)
    assert title is not None
    assert grounds == title.group(0) + normalise_citation("、".join(p[0] for p in penalty))
    assert citation_problems(violates) == [] and citation_problems(grounds) == []


@given(st.text(alphabet=st.sampled_from("《》()（）第一二十百条款项；、罚则安全生产法 a1."), max_size=60))
def test_any_text_normalises_without_ascii_brackets(text: str) -> None:
    out = normalise_citation(text)
    assert "(" not in out and ")" not in out
    violates, grounds = split_basis(text)
    assert "(" not in violates + grounds and ")" not in violates + grounds
    assert "；" not in violates + grounds
