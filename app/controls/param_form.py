"""Forms generated from the registries' parameter specs, and the η presets."""

from __future__ import annotations

from typing import Any

from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from gradscape.app.controls.fields import ValidatedField, parse_param, range_text
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
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, Any] = {}
        self._specs: tuple[Param, ...] = ()

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
                w.toggled.connect(lambda on, n=p.name: self.commit(n, on))
            elif p.kind is str:
                w = QComboBox()
                for c in p.choices:
                    w.addItem(_choice_text(c), c)
                w.setToolTip(doc)
                w.activated.connect(lambda i, n=p.name, box=w: self.commit(n, box.itemData(i)))
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
        self.set_values(values)

    def set_values(self, values: dict[str, Any]) -> None:
        for name, w in self.fields.items():
            if name not in values:
                continue
            v = values[name]
            if isinstance(w, QCheckBox):
                w.blockSignals(True)
                w.setChecked(bool(v))
                w.blockSignals(False)
            elif isinstance(w, QComboBox):
                i = w.findData(v)
                if i >= 0:
                    w.setCurrentIndex(i)
            else:
                w.set_value(v)
