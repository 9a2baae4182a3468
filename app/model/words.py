"""Marks of translatable words for the model's Qt-free modules (no Qt: worker processes and
the command-line tools import them).

``QT_TRANSLATE_NOOP("Ctx", "text")`` marks a word where it is defined, so that pylupdate6
finds it (it knows the call by its name); it returns ``text`` unchanged.  The views and
controls translate it where they show it, with :func:`gradscape.app.runtime.translate` and
the same context.  A Qt-free function that builds a sentence takes a ``translator``
argument (:func:`english` by default: the command-line tools stay English).

core/'s own messages (its refusals, a surface's caveat and badge, why a run stopped) are
English sentences that keep their template and values (:class:`core._message.Message`):
:func:`core_message` is the one way the app shows one, in the interface's language.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from gradscape.core._message import Message, message_of


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


def core_message(
    message: BaseException | str, translator: Callable[[str, str], str] | None = None
) -> str:
    """A message of core/ (or an exception carrying one) as the user reads it: a
    :class:`core._message.Message` said in the interface's language (its template translated
    in the context ``"core"``, the same values put in, a value that is a Message said too),
    any other text as it is.  ``translator`` defaults to :func:`interface_translator`.

    A translation whose fields do not match the template's falls back to the English words.
    """
    text = message_of(message) if isinstance(message, BaseException) else message
    if not isinstance(text, Message):
        return str(text)
    tr = interface_translator() if translator is None else translator
    args = {k: core_message(v, tr) for k, v in text.args.items()}
    said = tr("core", text.template)
    if not args:
        return said
    try:
        return said.format(**args)
    except (KeyError, IndexError, ValueError):
        return text.template.format(**args)
