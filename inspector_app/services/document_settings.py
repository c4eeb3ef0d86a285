"""The settings printed on every document (issuing authority, 文号代字, remedy bodies): what each one is, whether
it still holds a placeholder, and the check that refuses to issue a document until none does."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from inspector_app.domain.errors import StateError, ValidationError
from inspector_app.services.context import App
from inspector_app.store.models import Setting


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    example: str
    printed: bool = True  # printed on documents: a placeholder here refuses issuing


FIELDS = (
    Field("authority", "执法机关名称", "益阳市赫山区应急管理局"),
    Field("short", "文号代字", "赫"),
    # 2024 行政复议法第二十四条: the 本级人民政府 hears reconsideration of its departments' acts.
    Field("remedy_government", "行政复议机关", "益阳市赫山区人民政府"),
    Field("remedy_court", "行政诉讼法院", "益阳市赫山区人民法院"),
    Field("review_days", "复查期限（日）", "10", printed=False),
    # 应急管理 (emergency, the default) or 市场监管 (market): which documents the authority issues for 特种设备.
    Field("authority_line", "执法机关类别", "emergency", printed=False),
    # Receives this authority's 特种设备 referrals (事故隐患移送书); checked when one is issued.
    Field("referral_authority", "特种设备移送接收部门", "益阳市赫山区市场监督管理局", printed=False),
)
LINES = {"emergency": "emergency", "应急管理": "emergency", "market": "market", "市场监管": "market"}
BY_KEY = {f.key: f for f in FIELDS}
# What earlier versions of `init` wrote when a value was not given: never a real authority.
LEGACY_DEFAULTS = {
    "authority": "某某县应急管理局",
    "short": "某",
    "remedy_government": "某某县人民政府",
    "remedy_court": "某某县人民法院",
}
DEFAULT_REVIEW_DAYS = "10"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{1,6}")


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    value: str
    placeholder: bool


def is_placeholder(key: str, value: str) -> bool:
    text = value.strip()
    if key in ("review_days", "authority_line"):
        return not text if key == "review_days" else False  # an unset line is 应急管理
    if key == "referral_authority":  # needed only to refer 特种设备 hazards; checked when a referral is issued
        return "某某" in text
    return not text or "某某" in text or text == LEGACY_DEFAULTS.get(key) or (key == "short" and "某" in text)


def normalise(key: str, value: str) -> str:
    """The value as it will be stored, or a ValidationError saying what is wrong with it."""
    field = BY_KEY.get(key)
    if field is None:
        known = "、".join(f.key for f in FIELDS)
        raise ValidationError(f"未知设置项：{key}（可设置：{known}）")
    text = " ".join(value.split())
    if key == "authority_line":
        if text not in LINES:
            raise ValidationError("执法机关类别应为 emergency（应急管理）或 market（市场监管）")
        return LINES[text]
    if key == "review_days":
        if not (text.isdigit() and 1 <= int(text) <= 90):
            raise ValidationError(f"复查期限应为1至90之间的天数，现在是“{text}”")
        return str(int(text))
    if not text:
        what = "" if key == "short" else "请填写全称，"
        raise ValidationError(f"{field.label}不能为空（{what}例如“{field.example}”）")
    if "某" in text and (key == "short" or "某某" in text):
        raise ValidationError(f"{field.label}须填写真实名称，不能用“某某”之类的示例，例如“{field.example}”")
    if key == "short":
        if not _CJK.fullmatch(text):
            raise ValidationError(f"文号代字应为1至6个字的汉字（例如“赫”或“赫山”），现在是“{text}”")
        return text
    if not 4 <= len(text) <= 60:
        raise ValidationError(f"{field.label}应填写4至60字的全称，例如“{field.example}”")
    if key == "remedy_government" and not text.endswith("人民政府"):
        raise ValidationError(f"行政复议机关是本级人民政府，应以“人民政府”结尾，例如“{field.example}”")
    if key == "referral_authority" and not text.endswith("局"):
        raise ValidationError(f"移送接收部门应填写市场监督管理部门全称，例如“{field.example}”")
    if key == "remedy_court" and not text.endswith("法院"):
        raise ValidationError(f"行政诉讼法院应填写法院全称（以“法院”结尾），例如“{field.example}”")
    return text


def read(s: Session) -> dict[str, str]:
    return {row.key: row.value for row in s.exec(select(Setting))}


def entries(values: dict[str, str]) -> list[Entry]:
    return [Entry(f.key, f.label, values.get(f.key, ""), is_placeholder(f.key, values.get(f.key, ""))) for f in FIELDS]


def show(app: App) -> list[Entry]:
    with app.read() as s:
        return entries(read(s))


def save(app: App, values: dict[str, str]) -> None:
    """Store values already checked by `normalise` (or the operator's name, which is not printed)."""
    with app.write() as s:
        for key, value in values.items():
            row = s.get(Setting, key) or Setting(key=key)
            row.value = value
            s.add(row)


def set_value(app: App, key: str, value: str) -> Entry:
    text = normalise(key, value)
    save(app, {key: text})
    return entries({key: text})[[f.key for f in FIELDS].index(key)]


def missing(values: dict[str, str]) -> list[Field]:
    return [f for f in FIELDS if f.printed and is_placeholder(f.key, values.get(f.key, ""))]


def how_to_set(fields: list[Field]) -> str:
    names = "、".join(f"{f.label}（{f.key}）" for f in fields)
    first = fields[0]
    return (
        f"文书设置尚未填写：{names}。请在窗口的“设置”页填写，"
        f"或运行 inspector-app settings set {first.key} {first.example}"
    )


def ensure_documents_ready(s: Session) -> None:
    """Refuse to issue while a printed setting is empty or still a placeholder: a document is legal evidence."""
    fields = missing(read(s))
    if fields:
        raise StateError(f"不能签发文书：{how_to_set(fields)}")
