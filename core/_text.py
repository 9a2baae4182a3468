"""Bounded text for messages: a message never echoes an unbounded user value.

A scene file or a command line can hold a string of megabytes, or a list of millions of
numbers; an error message quoting it whole would print megabytes (and freeze a message box).
:func:`show` is the ``repr`` of a value cut to a readable size, :func:`shorten` a text's
beginning with its full length.
"""

from __future__ import annotations

import reprlib
from typing import Any

#: Characters of a user value a message quotes.
LIMIT = 60

_REPR = reprlib.Repr()
_REPR.maxstring = LIMIT
_REPR.maxother = LIMIT
_REPR.maxlong = LIMIT
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` itself when it has at most ``limit`` characters, else its first ``limit``
    characters, "…" and its length: ``'abc…' (1234567 characters)``."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def show(value: Any) -> str:
    """The ``repr`` of ``value`` for a message: exact for small values, cut for large ones
    (long strings keep their beginning and say their length; long lists their first items).
    Costs no more than the part shown, however large ``value`` is."""
    try:
        text = _REPR.repr(value)
    except ValueError:  # an int beyond Python's digit limit for str()
        text = f"<an integer of {value.bit_length()} bits>"
    if isinstance(value, str) and len(value) > LIMIT:
        text += f" ({len(value)} characters)"
    return shorten(text, 4 * LIMIT)
