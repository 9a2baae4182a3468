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

#: Characters of a whole message (a scene's error, a command's one line): room for the
#: field, the rule, a list of valid names and a quoted value, under 300 with any prefix.
MESSAGE_LIMIT = 256

_REPR = reprlib.Repr()
_REPR.maxstring = 40  # a long string: its first and last ~20 characters
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
    # two quoted values and the rule around them stay one readable line
    return shorten(text, 2 * LIMIT)


def one_line(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """``message`` as one line of at most ``limit`` characters (line breaks become spaces,
    a longer message keeps its beginning and ends in "…").

    Every part of a message is bounded already (:func:`show`); this bounds their sum, for
    a message that joins a long list of valid names and a quoted value.
    """
    lines = message.splitlines()  # every break str.splitlines knows: \v, \f, \x85 too
    text = " ".join(lines) if len(lines) > 1 else message.rstrip("\r\n")
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
