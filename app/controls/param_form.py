"""Forms generated from the registries' parameter specs, and the η presets."""

from __future__ import annotations

from typing import Any

from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.fields import MessageLabel, ValidatedField, parse_param, range_text
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.core._registry import Param

#: η presets: log-spaced, 1e-4 … 10.
ETA_PRESETS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.25, 0.3, 1.0, 3.0, 10.0)


def _choice_text(value: str) -> str:
    """Display name of a choice string when some registry knows it (activation, loss…), in
    the interface's language when core's words list it."""
    registries = (
        ("gradscape.core.activations", "ACTIVATIONS"),
        ("gradscape.core.losses", "LOSSES"),
    )
    for module, attr in registries:
        try:
            reg = getattr(__import__(module, fromlist=[attr]), attr)
        except (ImportError, AttributeError):
            continue
        if value in reg:
            name = getattr(reg[value], "display_name", "") or ""
            if name:
                return translate("core", name)
    return value


def _clear_form(form: QFormLayout) -> None:
    while form.rowCount():
        form.removeRow(0)


class ParamForm(QWidget):
    """A form generated from Param specs; calls ``commit(name, value)`` on valid input."""

    def __init__(self, commit, parent: QWidget | None = None, prefix: str = "") -> None:
        super().__init__(parent)
        self.commit = commit
        #: put before each parameter's label (the schedule form's "η T_max")
        self.prefix = prefix
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        lay.addLayout(self.form)
        #: why the last choice of a check or combo box was refused (hidden when none)
        self.error = MessageLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        lay.addWidget(self.error)
        self.fields: dict[str, Any] = {}
        self._specs: tuple[Param, ...] = ()
        #: each choice's (check box's, combo box's) value as last set or committed
        self._values: dict[str, Any] = {}

    def build(self, specs: tuple[Param, ...], values: dict[str, Any]) -> None:
        if specs == self._specs:
            self.set_values(values)
            return
        _clear_form(self.form)
        self.fields = {}
        self._specs = specs
        for p in specs:
            # core's words (the meaning, the label) in the interface's language
            doc = translate("core", p.doc)
            if p.kind is bool:
                w: Any = QCheckBox()
                w.setToolTip(doc)
                w.toggled.connect(lambda on, n=p.name: self._choose(n, on))
            elif p.kind is str:
                w = QComboBox()
                for c in p.choices:
                    w.addItem(_choice_text(c), c)
                w.setToolTip(doc)
                w.activated.connect(lambda i, n=p.name, box=w: self._choose(n, box.itemData(i)))
            else:
                w = ValidatedField(
                    parse_param(p),
                    lambda v, n=p.name: self.commit(n, v),
                    tooltip=translate("ParamForm", "{meaning} ({range})").format(
                        meaning=doc, range=range_text(p)
                    ),
                )
            label = QLabel(self.prefix + translate("core", p.display))
            label.setToolTip(doc)
            self.form.addRow(label, w)
            self.fields[p.name] = w
        self.error.hide()
        self.set_values(values)

    def _choose(self, name: str, value: Any) -> None:
        """Commit a check box's or combo box's new value; a refusal (a one-cycle whose phases
        the choice would leave empty) is said under the form and the box goes back to the
        value it had, instead of raising out of the box's signal."""
        try:
            self.commit(name, value)
        except ValueError as exc:
            self._set_choice(name, self._values.get(name))
            self.error.setText(core_message(exc))
            self.error.show()
            return
        self._values[name] = value
        self.error.hide()

    def _set_choice(self, name: str, value: Any) -> None:
        w = self.fields[name]
        w.blockSignals(True)
        try:
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            else:
                i = w.findData(value)
                if i >= 0:
                    w.setCurrentIndex(i)
        finally:
            w.blockSignals(False)

    def set_values(self, values: dict[str, Any]) -> None:
        for name, w in self.fields.items():
            if name not in values:
                continue
            v = values[name]
            if isinstance(w, QCheckBox | QComboBox):
                self._values[name] = v
                self._set_choice(name, v)
            else:
                w.set_value(v)
