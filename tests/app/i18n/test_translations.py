"""The translations are complete, current and compiled (resources/i18n, tools/i18n.py).

Every string pylupdate6 finds in app/ is in the .ts file and translated; placeholders and
accelerators survive translation; the committed .qm says what the .ts says; core's words
(app/model/core_strings.py) are the registries' current ones; the command-line tools stay
in English whatever the locale.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "resources" / "i18n" / "gradscape_ja.ts"


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


TOOL = _tool()
MESSAGES = TOOL.messages(TS)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}")


def test_the_ts_file_holds_exactly_what_the_code_marks(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    exe = Path(sys.executable).with_name("pylupdate6")
    subprocess.run(
        [str(exe), "--no-summary", "--exclude", "__pycache__", "--ts", str(fresh),
         str(ROOT / "app")],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip
    extracted = set(TOOL.messages(fresh))
    assert len(extracted) > 100
    missing = sorted(extracted - set(MESSAGES))
    stale = sorted(set(MESSAGES) - extracted)
    assert missing == [], f"not in {TS.name} (run ./dev.sh i18n): {missing[:10]}"
    assert stale == [], f"in {TS.name} but no longer in the code (./dev.sh i18n): {stale[:10]}"


def test_every_message_is_translated() -> None:
    unfinished = [key for key, msg in MESSAGES.items() if not TOOL.is_finished(msg)]
    assert unfinished == [], f"{len(unfinished)} of {len(MESSAGES)} untranslated: {unfinished[:8]}"


def test_sentences_are_translated_into_japanese() -> None:
    """A translation equal to its English source is allowed only for names and symbols
    (placeholders are neither: "{where}: {problem}" has no words of its own)."""
    same = []
    for (ctx, src), msg in MESSAGES.items():
        text = msg.findtext("translation", "")
        words = re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", src))
        if text == src and len(words) >= 2:
            same.append((ctx, src))
    assert same == []


@pytest.mark.parametrize("key", sorted(MESSAGES), ids=lambda k: f"{k[0]}:{k[1][:30]}")
def test_placeholders_and_accelerators_survive(key: tuple[str, str]) -> None:
    ctx, src = key
    text = MESSAGES[key].findtext("translation", "")
    assert sorted(FIELD.findall(text)) == sorted(FIELD.findall(src)), (src, text)
    if re.search(r"&[^&\s]", src):
        assert re.search(r"&[^&\s]", text), f"the accelerator of {src!r} is lost in {text!r}"


def test_the_compiled_qm_says_what_the_ts_says(qapp) -> None:
    from PyQt6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    # (looked up through the application: PyQt6's QTranslator.translate takes ASCII only,
    # and many sources hold η, λ, …)
    assert qapp.installTranslator(translator)
    try:
        wrong = []
        for (ctx, src), msg in MESSAGES.items():
            want = msg.findtext("translation", "")
            if TOOL.is_finished(msg) and QCoreApplication.translate(ctx, src) != want:
                wrong.append((ctx, src))
    finally:
        qapp.removeTranslator(translator)
    assert wrong == [], f".qm out of date (./dev.sh i18n): {wrong[:5]}"


def test_core_strings_are_the_registries_current_words() -> None:
    from gradscape.app.model.core_strings import CORE_STRINGS

    assert list(CORE_STRINGS) == TOOL.core_strings()
    assert "learning rate η" in CORE_STRINGS


def test_the_command_line_stays_english_under_a_japanese_locale(tmp_path: Path) -> None:
    env = dict(os.environ, LANG="ja_JP.UTF-8", LC_ALL="ja_JP.UTF-8", LANGUAGE="ja")
    env["GRADSCAPE_SETTINGS"] = str(tmp_path / "s.ini")
    for args in (["export", "--help"], ["export", "--eta", "-1", "-o", "x.png"], ["--help"]):
        r = subprocess.run(
            [sys.executable, "-m", "gradscape", *args], env=env, cwd=tmp_path,
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        out = r.stdout + r.stderr
        assert out.strip(), args
        assert not JAPANESE.search(out), (args, out[:300])
