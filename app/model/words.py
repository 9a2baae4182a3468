"""Marks of translatable words for the model's Qt-free modules (no Qt: worker processes and
the command-line tools import them).

``QT_TRANSLATE_NOOP("Ctx", "text")`` marks a word where it is defined, so that pylupdate6
finds it (it knows the call by its name); it returns ``text`` unchanged.  The views and
controls translate it where they show it, with :func:`gradscape.app.runtime.translate` and
the same context.  A Qt-free function that builds a sentence takes a ``translator``
argument (:func:`english` by default: the command-line tools stay English).
"""

from __future__ import annotations

import sys
from collections.abc import Callable


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # (Qt's name: pylupdate6 knows it)
    """Mark ``text`` for translation where it is defined; translate it where it is shown."""
    return text


def english(context: str, text: str) -> str:
    """The ``tr`` of Qt-free code run without a translator: ``text`` itself."""
    return text


def interface_translator() -> Callable[[str, str], str]:
    """The interface's translation where the app's runtime is loaded (the GUI), else
    :func:`english` (a worker process, the command-line tools, which install no translator
    anyway).  Loads no Qt."""
    runtime = sys.modules.get("gradscape.app.runtime")
    return english if runtime is None else runtime.translate
