"""The language ``gradscape`` starts in (issue 14): the system locale's by default, the one
chosen in View → Language (stored in the settings) when there is one.

Each case starts a fresh interpreter that makes the application and the main window exactly
as the ``gradscape`` command does (``_make_app`` then ``open_main_window``) and prints the
menu bar's titles; the expected words are written out here by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gl

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

SHOW_MENUS = """
import sys
from gradscape.app.__main__ import _make_app, open_main_window
app = _make_app("gradscape", language_from_settings=True)
win = open_main_window(persist=True)
sys.stdout.write("\\n".join(a.text() for a in win.menuBar().actions()) + "\\n")
win.close()
win.deleteLater()
app.processEvents()
"""

#: The menus the main window makes itself, in their order (the Network menu sits before
#: Help), in Japanese and in English.
JA = ["ファイル(&F)", "表示(&V)", "再生(&P)", "ヘルプ(&H)"]
EN = ["&File", "&View", "&Playback", "&Help"]


def menu_titles(tmp_path: Path, lang: str, stored: str | None = None) -> list[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    settings = tmp_path / "settings.ini"
    if stored is not None:
        settings.write_text(f"[ui]\nlanguage={stored}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANGUAGE"}
    env.update(LANG=lang, GRADSCAPE_SETTINGS=str(settings))
    r = subprocess.run(
        [sys.executable, "-c", SHOW_MENUS], env=env, cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout.split("\n")[:-1]


def mine(titles: list[str], words: list[str]) -> list[str]:
    return [t for t in titles if t in words]


def test_a_japanese_locale_gives_japanese_menus(gl, tmp_path: Path) -> None:
    titles = menu_titles(tmp_path, "ja_JP.UTF-8")
    assert mine(titles, JA) == JA
    assert titles[-1] == "ヘルプ(&H)"  # Help stays last
    assert len(titles) == 5  # and the Network menu (its words are the network window's)


def test_the_c_locale_gives_english_menus(gl, tmp_path: Path) -> None:
    titles = menu_titles(tmp_path, "C")
    assert mine(titles, EN) == EN
    assert titles[-1] == "&Help"
    assert not any(JAPANESE.search(t) for t in titles), titles


def test_the_stored_choice_wins_over_the_locale(gl, tmp_path: Path) -> None:
    assert mine(menu_titles(tmp_path / "a", "ja_JP.UTF-8", stored="en"), EN) == EN
    assert mine(menu_titles(tmp_path / "b", "C", stored="ja"), JA) == JA


def test_a_stored_value_that_is_no_language_is_ignored(gl, tmp_path: Path) -> None:
    assert mine(menu_titles(tmp_path, "ja_JP.UTF-8", stored="klingon"), JA) == JA
