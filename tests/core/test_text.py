"""Bounded message text (core._text): a quoted value is shortened to its first characters
and its length, and a message stays one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradscape.core._text import MESSAGE_LIMIT, one_line, shorten, shorten_path, show


def test_shorten_keeps_short_values_and_cuts_long_ones_with_their_length() -> None:
    assert shorten("adam") == "adam"
    assert shorten("a" * 60) == "a" * 60
    assert shorten("a" * 61) == "a" * 60 + "… (61 characters)"
    assert shorten("x" * 5000, limit=10) == "xxxxxxxxxx… (5000 characters)"
    assert shorten(Path("/d") / ("n" * 300)) == "/d/" + "n" * 57 + "… (303 characters)"
    assert shorten(b"bytes") == "bytes" and shorten(12.5) == "12.5"


def test_shorten_never_breaks_the_line() -> None:
    assert shorten("a\nb\tc") == "a\\nb\\tc"
    assert shorten("bad\udcff.png") == "bad\\udcff.png"  # an undecodable byte in a file name
    assert "\n" not in shorten("\n" * 100) and shorten("\n" * 100).endswith("(100 characters)")


def test_a_path_shows_more_than_a_value() -> None:
    p = "/" + "p" * 200
    assert shorten_path(p) == p[:120] + "… (201 characters)"


def test_one_line_bounds_a_whole_message() -> None:
    assert one_line("short") == "short"
    text = one_line("error: " + "z" * 1000 + "\nsecond line")
    assert len(text) == MESSAGE_LIMIT < 300 and "\n" not in text and text.endswith("…")


@pytest.mark.parametrize("value", ["adam", -1.5, 3, None, [1.0, 2.0], {"eta": 0.1}, (1, 2)])
def test_show_is_repr_for_small_values(value) -> None:
    assert show(value) == repr(value)


def test_show_bounds_huge_values() -> None:
    assert show("z" * 10**7).endswith(" (10000000 characters)")
    assert len(show("z" * 10**7)) < 100
    assert len(show(["q" * 5 * 10**7])) < 100
    assert show(list(range(10**6))) == "[0, 1, 2, 3, 4, 5, ...]"
    assert show(2**20_000) == "<an integer of 20001 bits>"  # beyond str()'s digit limit
