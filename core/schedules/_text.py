"""The text form of a schedule: ``cosine(base=0.5, T_max=200)`` or ``cosine(0.5, 200)``.

Arguments are numbers (or, for a choice, a bare word such as ``linear``), by keyword or in
the order of the schedule's parameters.  For command lines and settings files.
"""

from __future__ import annotations

import re
from typing import Any

from gradscape.core._text import show
from gradscape.core.schedules._base import SCHEDULES, Schedule

__all__ = ["parse_schedule"]

_FORM = re.compile(r"^\s*([A-Za-z][\w\- ]*?)\s*\((.*)\)\s*$", re.S)


def _value(text: str) -> Any:
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_schedule(text: str) -> Schedule:
    """The schedule written as ``name(arguments)``; ValueError naming what is wrong."""
    if not isinstance(text, str):
        raise ValueError(f"a schedule's text must be a string, got {show(text)}")
    m = _FORM.match(text)
    if m is None:
        raise ValueError(
            f"a schedule is written name(arguments), e.g. cosine(base=0.5, T_max=200); "
            f"got {show(text)}"
        )
    cls = SCHEDULES[m.group(1)]  # ValueError listing the valid names
    names = [p.name for p in cls.params]
    kw: dict[str, Any] = {}
    body = m.group(2).strip()
    keyword = False
    for i, part in enumerate(body.split(",") if body else []):
        part = part.strip()
        if "=" in part:
            key, _, raw = part.partition("=")
            key, keyword = key.strip(), True
        elif keyword:
            raise ValueError(f"{cls.key}: a positional argument follows a keyword in {show(text)}")
        elif i < len(names):
            key, raw = names[i], part
        else:
            raise ValueError(f"{cls.key} takes at most {len(names)} arguments, got {show(text)}")
        if key in kw:
            raise ValueError(f"{cls.key}: {key} given twice in {show(text)}")
        kw[key] = _value(raw.strip())
    return cls(**kw)
