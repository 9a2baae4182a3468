"""Input fields validated as you type: an invalid value is marked, explained, never accepted.

A field parses its text on every keystroke: an invalid text turns the field red and shows
the parser's message next to it at once.  A valid value is handed to ``commit`` (which
writes the state) when the user confirms it — Enter, leaving the field, or picking a
preset — so a half-typed number ("0." on the way to "0.25") never runs a computation and
an invalid one never reaches the state.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QComboBox, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from gradscape.app.model.arrays import fmt
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.core._registry import Param
from gradscape.core._text import shorten, show

Parser = Callable[[str], Any]


def number_text(v: Any) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
            return f"{v:g}"
        return repr(round(v, 12)) if len(repr(v)) > 14 else repr(v)
    return str(v)


def parse_float(label: str) -> Parser:
    """A parser of a finite number; its messages name the field ``label`` (translated by
    the caller: it is what the user reads beside the field)."""

    def parse(text: str) -> float:
        t = text.strip()
        if not t:
            message = translate("Fields", "{label} is empty: type a number")
            raise ValueError(message.format(label=label))
        try:
            v = float(t)
        except ValueError:
            message = translate("Fields", "{label} must be a number, got {value}")
            raise ValueError(message.format(label=label, value=show(t))) from None
        if not math.isfinite(v):
            message = translate("Fields", "{label} must be finite, got {value}")
            raise ValueError(message.format(label=label, value=show(t)))
        return v

    return parse


def parse_int(label: str, low: int, high: int) -> Parser:
    def parse(text: str) -> int:
        t = text.strip()
        try:
            v = int(t)
        except ValueError:
            raise ValueError(
                translate(
                    "Fields", "{label} must be a whole number in [{low}, {high}], got {value}"
                ).format(label=label, low=low, high=high, value=show(t))
            ) from None
        if not low <= v <= high:
            raise ValueError(
                translate("Fields", "{label} must be in [{low}, {high}], got {value}").format(
                    label=label, low=low, high=high, value=shorten(str(v))
                )
            )
        return v

    return parse


def range_text(spec: Param) -> str:
    """The valid range of a number parameter in the interface's language (the words of
    core's :meth:`Param.range_text`: "in [0, 1)", "> 0")."""
    if spec.kind is bool:
        return translate("Fields", "True or False")
    if spec.kind is str:
        return translate("Fields", "one of {choices}").format(
            choices=", ".join(repr(c) for c in spec.choices)
        )
    if spec.low is not None and spec.high is not None:
        lb = "(" if spec.low_open else "["
        rb = ")" if spec.high_open else "]"
        return translate("Fields", "in {interval}").format(
            interval=f"{lb}{spec.low:g}, {spec.high:g}{rb}"
        )
    if spec.low is not None:
        if spec.low_open:
            return translate("Fields", "> {low}").format(low=f"{spec.low:g}")
        return translate("Fields", ">= {low}").format(low=f"{spec.low:g}")
    if spec.high is not None:
        if spec.high_open:
            return translate("Fields", "< {high}").format(high=f"{spec.high:g}")
        return translate("Fields", "<= {high}").format(high=f"{spec.high:g}")
    return translate("Fields", "finite")


def parse_param(spec: Param) -> Parser:
    """Text -> value checked by the registry spec (its message names the range)."""

    def parse(text: str) -> Any:
        t = text.strip()
        if spec.kind is int:
            try:
                v: Any = int(t)
            except ValueError:
                raise ValueError(
                    translate(
                        "Fields", "{name} must be a whole number {range}, got {value}"
                    ).format(name=spec.name, range=range_text(spec), value=show(t))
                ) from None
        else:
            try:
                v = float(t)
            except ValueError:
                raise ValueError(
                    translate("Fields", "{name} must be a number {range}, got {value}").format(
                        name=spec.name, range=range_text(spec), value=show(t)
                    )
                ) from None
            if not math.isfinite(v):
                message = translate("Fields", "{name} must be finite, got {value}")
                raise ValueError(message.format(name=spec.name, value=show(v)))
        try:
            return spec.validate(v)
        except ValueError:
            # a whole, finite number refused: it is out of range (core's message, translated)
            raise ValueError(
                translate("Fields", "{name} must be {range}, got {value}").format(
                    name=spec.name, range=range_text(spec), value=show(v)
                )
            ) from None

    return parse


#: A run of this many characters or more without a space is given places to wrap.
_LONG_RUN = re.compile(r"\S{16,}")
#: ... every this many characters.
_RUN_PIECE = 8
_ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str) -> str:
    """``text`` with an invisible place to wrap (U+200B, zero-width space) after every
    8th character of each run of 16 or more non-space characters; rich text is left as it
    is (its tags hold such runs)."""
    if "<" in text and ">" in text:
        return text

    def cut(m: re.Match) -> str:
        run = m.group()
        pieces = (run[i : i + _RUN_PIECE] for i in range(0, len(run), _RUN_PIECE))
        return _ZERO_WIDTH_SPACE.join(pieces)

    return _LONG_RUN.sub(cut, text)


class MessageLabel(QLabel):
    """A word-wrapped label for messages that may quote what a user typed: it never widens
    its window.  A long word — a pasted 400-digit number, a path — wraps too (drawn with
    :func:`breakable`'s places to wrap; ``text()`` is the text as set), and whatever cannot
    wrap is cut at the label's edge rather than making the panel, and so the window, wider
    (the GUI monkey's 400 digits made a field's error 2 800 pixels wide and the main window
    3 400)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setWordWrap(True)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)
        self.setText(text)

    def setText(self, text: str | None) -> None:
        self._text = text or ""
        super().setText(breakable(self._text))

    def text(self) -> str:
        return self._text


class ValidatedField(QWidget):
    """A line edit (or an editable combo with presets) plus the explanation of a bad value."""

    def __init__(
        self,
        parse: Parser,
        commit: Callable[[Any], None],
        presets: Sequence[float] | None = None,
        tooltip: str = "",
        parent: QWidget | None = None,
        to_text: Callable[[Any], str] = number_text,
    ) -> None:
        super().__init__(parent)
        self.parse, self.commit, self.to_text = parse, commit, to_text
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        if presets is not None:
            self.combo: QComboBox | None = QComboBox(self)
            self.combo.setEditable(True)
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for p in presets:
                self.combo.addItem(number_text(p))
            self.edit = self.combo.lineEdit()
            self.combo.activated.connect(lambda _: self._confirm(self.combo.currentText()))
            lay.addWidget(self.combo)
        else:
            self.combo = None
            self.edit = QLineEdit(self)
            lay.addWidget(self.edit)
        self.tooltip = tooltip
        self.edit.setToolTip(tooltip)
        self.edit.textEdited.connect(self._check)
        self.edit.editingFinished.connect(lambda: self._confirm(self.edit.text()))
        self.error = MessageLabel(parent=self)
        self.error.setObjectName("fieldError")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        lay.addWidget(self.error)
        self._value: Any = None

    @property
    def invalid(self) -> bool:
        return not self.error.isHidden() or bool(self.error.text())

    @property
    def error_text(self) -> str:
        return self.error.text()

    def _mark(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        invalid = bool(message)
        if self.edit.property("invalid") is not invalid:
            self.edit.setProperty("invalid", invalid)
            # Re-polish so the style sheet's [invalid="true"] rule applies now; only when
            # it changes (~0.6 ms: at every keystroke and every refresh of a panel's fields,
            # it added up to a freeze).
            self.edit.style().unpolish(self.edit)
            self.edit.style().polish(self.edit)
        # the message while invalid; then the field's own tooltip again (a combo's line
        # edit keeps its own: the message goes on the combo)
        if self.combo is not None:
            self.combo.setToolTip(message or "")
        else:
            self.edit.setToolTip(message or self.tooltip)

    def _check(self, text: str) -> None:
        try:
            self.parse(text)
        except ValueError as exc:
            self._mark(core_message(exc))
            return
        self._mark(None)

    def confirm(self) -> None:
        """Take the text as typed, as Enter would (commits it when valid, else marks it)."""
        self._confirm(self.edit.text())

    def _confirm(self, text: str) -> None:
        try:
            value = self.parse(text)
        except ValueError as exc:
            self._mark(core_message(exc))
            return
        try:
            if value != self._value or type(value) is not type(self._value):
                self.commit(value)
        except ValueError as exc:  # the state may know more than the parser
            self._mark(core_message(exc))
            return
        self._value = value
        self._mark(None)

    def set_value(self, value: Any) -> None:
        """Show the state's value (clears any pending error: the state wins)."""
        self._value = value
        text = self.to_text(value)
        if self.edit.text() != text:
            try:
                current = self.parse(self.edit.text())
            except ValueError:
                current = None
            # Do not rewrite "0.250" to "0.25" under the user's cursor.
            if current != value:
                self.edit.setText(text)
        self._mark(None)

    def value(self) -> Any:
        return self._value


def small_label(text: str, object_name: str = "hint") -> QLabel:
    """A word-wrapped hint or message (a :class:`MessageLabel`: it never widens its window)."""
    lab = MessageLabel(text)
    lab.setObjectName(object_name)
    return lab


def fmt_pair(v) -> str:
    return f"({fmt(float(v[0]))}, {fmt(float(v[1]))})"
