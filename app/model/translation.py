"""``translate`` for the model's modules that also run where the app's runtime is not loaded
(a worker process, the command-line tools): no Qt imported here.

:func:`translate` is :func:`gradscape.app.runtime.translate` in a process that loaded the
runtime (the GUI: the interface's language), else the English text itself
(:func:`app.model.words.interface_translator`).  Call it with literal strings,
``translate("Context", "English text")``: pylupdate6 finds the strings by the call's name.
A command-line tool installs no translator: it gets English either way.
"""

from __future__ import annotations

from gradscape.app.model.words import interface_translator


def translate(context: str, text: str) -> str:
    """``text`` in the interface's language where the app's runtime is loaded, else ``text``."""
    return interface_translator()(context, text)
