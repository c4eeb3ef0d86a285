"""The fixed wording of the documents (resources/documents/wording.yaml, see `Words`) and how dates and times
are written in them (Beijing time, 2026年11月20日9时30分)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

import yaml

from inspector_app.bundle import resources_dir
from inspector_app.documents.data import DocumentData
from inspector_app.domain.enums import DocumentKind
from inspector_app.domain.errors import ValidationError

BEIJING = timezone(timedelta(hours=8), "CST")

WORDING_FILE = ("documents", "wording.yaml")


@functools.cache
def base_wording() -> dict[str, str]:
    """wording.yaml as a flat {"section.key": template} map, read once per process."""
    path = resources_dir().joinpath(*WORDING_FILE)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuntimeError(f"文书用语文件缺失：{path}。请重新安装本程序。") from exc
    flat: dict[str, str] = {}
    for section, entries in raw.items():
        if not isinstance(entries, dict):
            continue  # "version" and other scalars
        for key, text in entries.items():
            flat[f"{section}.{key}"] = str(text)
    return flat


class Words:
    """The wording of one document: wording.yaml with the document's own overrides on top."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        base = base_wording()
        overrides = dict(overrides or {})
        unknown = sorted(set(overrides) - set(base))
        if unknown:
            raise ValidationError(f"文书用语中没有这些条目：{'、'.join(unknown)}")
        self._texts = {**base, **overrides}

    def __call__(self, key: str, **values: Any) -> str:
        template = self._texts[key]
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(f"文书用语“{key}”的占位符有误（{exc}）：{template}") from exc

    def date(self, day: date) -> str:
        return self("common.date", year=day.year, month=day.month, day=day.day)

    def moment(self, moment: datetime) -> str:
        """2026年11月20日9时30分, in Beijing time."""
        return self("common.datetime", **_dt_parts(beijing(moment)))

    def items(self, numbers: Sequence[int]) -> str:
        return self("common.item_sep").join(str(n) for n in numbers)


def words_for(data: DocumentData) -> Words:
    return Words(data.wording)


def beijing(moment: datetime) -> datetime:
    """Aware times are converted to Beijing time; a naive time is taken to be Beijing time already."""
    return moment.astimezone(BEIJING) if moment.tzinfo is not None else moment


def inspection_period(words: Words, start: datetime, end: datetime | None) -> str:
    """2026年11月20日9时30分至11时45分 (the end without the date when it is the same day)."""
    start = beijing(start)
    first = words("common.datetime", **_dt_parts(start))
    if end is None:
        return words("common.time_open_end", start=first)
    end = beijing(end)
    if end.date() == start.date():
        last = words("common.time_only", **_dt_parts(end))
    elif end.year == start.year:
        last = words("common.datetime_same_year", **_dt_parts(end))
    else:
        last = words("common.datetime", **_dt_parts(end))
    return words("common.time_range", start=first, end=last)


def _dt_parts(moment: datetime) -> dict[str, int]:
    return {
        "year": moment.year,
        "month": moment.month,
        "day": moment.day,
        "hour": moment.hour,
        "minute": moment.minute,
    }


def kind_of(data: DocumentData) -> DocumentKind:
    try:
        return DocumentKind(data.kind)
    except ValueError:
        raise ValidationError(f"未知的文书种类“{data.kind}”") from None
