"""Bounded, one-line text for messages that quote what the user typed (paths, values).

A message is one line under 300 characters whatever the user gave: a quoted value is shown
by :func:`shorten` (its first characters and its length), and :func:`one_line` is the last
guard of a whole message.  No dependencies.
"""

from __future__ import annotations

import os

__all__ = ["MESSAGE_LIMIT", "PATH_LIMIT", "one_line", "shorten", "shorten_path"]

#: The longest message, in characters (one terminal line and a bit; under 300).
MESSAGE_LIMIT = 299
#: The characters of a path shown in a message: a path is read as a whole far more often
#: than a value (a folder under a temporary or home folder easily passes 60 characters).
PATH_LIMIT = 120


def _printable(text: str) -> str:
    # A newline or an undecodable byte in a file name (a lone surrogate from os.fsdecode)
    # must neither break the line nor fail the write to stderr: show it escaped.
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace")
                   .decode("ascii") for c in text)  # fmt: skip


def shorten(value: object, limit: int = 60) -> str:
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
    return f"{_printable(text[:limit])}… ({len(text)} characters)"


def shorten_path(path: object) -> str:
    """A path for a message: :func:`shorten` at :data:`PATH_LIMIT` characters."""
    return shorten(path, PATH_LIMIT)


def one_line(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """``message`` on one line of at most ``limit`` characters (the tail cut with ``…``).

    The last guard of a message that quotes several values: each should already be
    :func:`shorten`-ed, this keeps their sum within a line.
    """
    text = _printable(message)
    return text if len(text) <= limit else text[: limit - 1] + "…"
