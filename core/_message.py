"""Messages that keep their template, so that a user interface can say them in its language.

core/ imports no Qt and speaks English: its refusals and notes are English sentences, and every
caller that prints, compares, logs or saves one keeps working with them.  A :class:`Message`
is that sentence (a ``str``) which also remembers the template it was made from and the values
put into it; the app translates the template and puts the same values in
(``translate("core", message.template).format(**message.args)``, through
``gradscape.app.model.words.core_message``).  A value may itself be a Message (a refusal inside
"surface_params: …"): it is said in the same language.

A template is registered where it is defined, with :func:`template`; :data:`TEMPLATES` holds
every registered one, and ``tools/i18n.py`` lists them for the translators (it imports every
core module), so that no template can be left out of the translation.

An exception carries a Message as its only argument (``raise ValueError(Message(...))``):
``str(error)`` is the English sentence, :func:`message_of` gives the Message back.
No dependencies.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LOCATED", "TEMPLATES", "Message", "located", "message_of", "template", "unlocated"]

#: Every registered template, in the order registered (a dict as an ordered set).
TEMPLATES: dict[str, None] = {}


def template(text: str) -> str:
    """Register ``text`` as a message template (listed for the translators) and return it.

    Values are ``str.format`` fields (``"unknown name {name}"``); the translation keeps the
    same fields.
    """
    TEMPLATES.setdefault(text, None)
    return text


class Message(str):
    """The sentence ``template.format(**args)``, remembering ``template`` and ``args``.

    Each value is kept as text (numbers formatted by the caller, as the sentence shows them),
    or as a Message, which a translation says in its language too.
    """

    template: str
    args: dict[str, str]

    def __new__(cls, template: str, /, **args: Any) -> Message:
        values = {k: v if isinstance(v, Message) else str(v) for k, v in args.items()}
        return cls._make(template, values, template.format(**values) if values else template)

    @classmethod
    def _make(cls, template: str, args: dict[str, str], text: str) -> Message:
        self = str.__new__(cls, text)
        self.template = template
        self.args = args
        return self

    def bounded(self, limit: int) -> Message:
        """This message as one line of at most ``limit`` characters (:func:`one_line`),
        keeping its template and values."""
        from gradscape.core._text import one_line  # (core._text makes Messages itself)

        text = one_line(self, limit)
        return self if text == self else self._make(self.template, self.args, text)

    def __reduce__(self) -> tuple[Any, ...]:
        # to worker and engine processes and back: the template and values travel along
        return (_rebuild, (type(self), self.template, self.args, str(self)))


def _rebuild(cls: type[Message], template: str, args: dict[str, str], text: str) -> Message:
    return cls._make(template, args, text)


#: A problem placed at a field or an option: ``surface_params: <the surface's refusal>``.
LOCATED = template("{where}: {problem}")


def message_of(error: BaseException | str) -> str:
    """The Message an exception carries (its only argument), else its text (``str``)."""
    if isinstance(error, BaseException):
        args = error.args
        if len(args) == 1 and isinstance(args[0], Message):
            return args[0]
        return str(error)
    return error


def located(where: str, error: BaseException | str) -> Message:
    """``"<where>: <the error's message>"``, the error's Message kept for translation."""
    return Message(LOCATED, where=where, problem=message_of(error))


def unlocated(message: str, where: str) -> str:
    """``message`` without the place ``where`` in front (a dialog that is that place), the
    rest still a Message when it was one."""
    if isinstance(message, Message):
        if message.template == LOCATED and message.args.get("where") == where:
            return message.args["problem"]
        return message
    return message.removeprefix(f"{where}: ")
