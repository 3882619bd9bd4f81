"""Small helpers: ids, YAML scalars, dates and numbers in words."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from .words_clients import MONTHS_EN
from .words_scope import NOUNS


def slugify(text: str, words: int = 0) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", text) if p]
    if words:
        parts = [p for p in parts if p not in {"the", "for", "of", "a", "to", "and"}][:words]
    return "-".join(parts)


_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def q(value: object, flow: bool = True) -> str:
    """A YAML scalar: plain when that is unambiguous, double-quoted otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    plain = (
        text[:1].isalpha()
        and text == text.strip()
        and text.lower() not in _RESERVED
        and ": " not in text
        and not text.endswith(":")
        and "#" not in text
        and "\n" not in text
        and "\t" not in text
        and not (flow and any(c in text for c in ",[]{}:"))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def flow_map(items: Iterable[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"{k}: {q(v)}" for k, v in items if v is not None) + "}"


def flow_list(values: Iterable[object]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def block_map(mapping: dict[str, object], indent: int = 2) -> str:
    pad = " " * indent
    return "".join(f"{pad}{k}: {q(v, flow=False)}\n" for k, v in mapping.items())


def day_month(day: dt.date, lang: str) -> str:
    return f"{day.day}/{day.month}" if lang == "vi" else f"{MONTHS_EN[day.month - 1]} {day.day}"


def month_word(day: dt.date, lang: str) -> str:
    return f"tháng {day.month}" if lang == "vi" else MONTHS_EN[day.month - 1]


def number(value: float, lang: str) -> str:
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def money(value: int, currency: str, lang: str) -> str:
    if currency == "VND":
        if value >= 1_000_000_000:
            return f"{number(round(value / 1e9, 2), lang)} tỷ đồng"
        return f"{number(value // 1_000_000, lang)} triệu đồng"
    return f"${number(value, 'en')}"


def counted(scope: str, quantity: int, lang: str) -> str:
    """A quantity of a scope item in words: "12 bài đăng", "1 banner set", "3 articles"."""
    vi, one, many = NOUNS[scope]
    return f"{quantity} {vi if lang == 'vi' else one if quantity == 1 else many}"


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def clamp(day: dt.date, low: dt.date, high: dt.date) -> dt.date:
    """``day`` moved into [low, high] (``high`` wins when the range is empty)."""
    return max(low, min(day, high)) if low <= high else high


def between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if high <= low:
        return low
    return low + days(rng.randint(0, (high - low).days))


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case the first letter, unless the first word is a name or an acronym."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def unique_id(wanted: str, taken: set[str]) -> str:
    base = wanted[:56].strip("-")
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def unique(items: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
