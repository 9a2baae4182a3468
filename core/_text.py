"""Bounded, one-line text for messages that quote what the user typed (paths, values).

A message is one line under 300 characters whatever the user gave: a scene file or a command
line can hold a string of megabytes, or a list of millions of numbers, and a message quoting
it whole would print megabytes (and freeze a message box).  A quoted text is shown by
:func:`shorten` (its first characters and its length), any value by :func:`show` (a ``repr``
cut to size, costing no more than the part shown), and :func:`one_line` is the last guard
of a whole message.  A cut text is a :class:`core._message.Message`, so that a window says
"(N characters)" in its language.
"""

from __future__ import annotations

import os
import reprlib

from gradscape.core._message import Message, template

__all__ = [
    "BODY_LIMIT",
    "LIMIT",
    "MESSAGE_LIMIT",
    "PATH_LIMIT",
    "one_line",
    "shorten",
    "shorten_path",
    "show",
]

#: The characters of a path shown in a message: a path is read as a whole far more often
#: than a value (a folder under a temporary or home folder easily passes 60 characters).
PATH_LIMIT = 120
#: The characters of a value (a name, a number, a string) shown in a message.
LIMIT = 60

#: Characters of a whole line a program writes (its name, "error:" and the message): under 300.
MESSAGE_LIMIT = 299
#: Characters of an error's own message, which a program prefixes with its name and "error: "
#: ("gradscape export: error: ", 24 characters): the whole line stays under 300.
BODY_LIMIT = 275

#: A quoted text cut to its first characters.
SHORTENED = template("{text}… ({length} characters)")
#: A long string's cut ``repr`` and its length.
QUOTED_LONG = template("{text} ({length} characters)")

_REPR = reprlib.Repr()
_REPR.maxstring = 40  # a long string: its first and last ~20 characters
_REPR.maxother = LIMIT
_REPR.maxlong = LIMIT
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


def _printable(text: str) -> str:
    # A newline or an undecodable byte in a file name (a lone surrogate from os.fsdecode)
    # must neither break the line nor fail the write to stderr: show it escaped.
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace")
                   .decode("ascii") for c in text)  # fmt: skip


def shorten(value: object, limit: int = LIMIT) -> str:
    """``value`` as text of bounded length, for quoting in a message.

    Parameters
    ----------
    value : object
        What to quote: a path (``os.PathLike``), a string, anything with ``str``.
    limit : int
        The most characters of ``value`` shown.

    Returns
    -------
    str
        ``value`` itself when it has at most ``limit`` characters, else its first ``limit``
        characters, ``…`` and its length: ``/data/runs/aaaaaaaa… (300 characters)``.
        Characters that would break the line (newlines, control and undecodable ones)
        are escaped (``\\n``).
    """
    text = os.fspath(value) if isinstance(value, os.PathLike) else value
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    elif not isinstance(text, str):
        text = str(text)
    if len(text) <= limit:
        return _printable(text)
    return Message(SHORTENED, text=_printable(text[:limit]), length=len(text))


def shorten_path(path: object) -> str:
    """A path for a message: :func:`shorten` at :data:`PATH_LIMIT` characters."""
    return shorten(path, PATH_LIMIT)


def show(value: object) -> str:
    """The ``repr`` of ``value`` for a message: exact for small values, cut for large ones
    (long strings keep their ends and say their length; long lists their first items).

    Costs no more than the part shown, however large ``value`` is.
    """
    try:
        text = _REPR.repr(value)
    except ValueError:  # an int beyond Python's digit limit for str()
        bits = value.bit_length() if isinstance(value, int) else 0
        text = f"<an integer of {bits} bits>"
    if isinstance(value, str) and len(value) > LIMIT:
        text = Message(QUOTED_LONG, text=text, length=len(value))
    # two quoted values and the rule around them stay one readable line
    return shorten(text, 2 * LIMIT)


def one_line(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """``message`` as one line of at most ``limit`` characters: line breaks become spaces
    (every break ``str.splitlines`` knows: \\v, \\f, \\x85 too), other characters that would
    break the line are escaped, and a longer message keeps its beginning and ends in "…".

    Every part of a message is bounded already (:func:`show`, :func:`shorten`); this bounds
    their sum, for a message that joins a long list of valid names and a quoted value.
    """
    lines = message.splitlines()
    text = " ".join(lines) if len(lines) > 1 else message.rstrip("\r\n")
    text = _printable(text)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
