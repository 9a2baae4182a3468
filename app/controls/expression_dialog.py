"""The "Custom…" surface dialog: a formula in w and b, checked as it is typed, and its domain.

Every keystroke runs the whitelist (:func:`core.surfaces.parse_expression`: no sympy, no
evaluation) and shows its one-line reason under the field; OK stays disabled while the
formula or a domain field is invalid.  OK builds the surface (symbolic differentiation,
and a check that the formula has finite values in the domain) through
:meth:`app.model.state.AppState.choose_surface`; a refusal is shown under the field and
the dialog stays open, the state unchanged.
"""

from __future__ import annotations

import threading
from typing import Any

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.fields import ValidatedField, parse_float, small_label
from gradscape.app.model.choices import expression_surface
from gradscape.app.model.state import AppState
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.core._message import message_of, unlocated
from gradscape.core.surfaces import FUNCTIONS, SURFACES, parse_expression, prepare_expressions

#: Formulas the examples list offers (the first fills an empty dialog).
EXAMPLES = (
    "(1 - w)**2 + 100*(b - w**2)**2",
    "log(1 + exp(-3*w*b))",
    "w**2 + 3*b**2 + 2*sin(3*w)*sin(3*b)",
    "(w**2 + b - 11)**2 / 100 + (w + b**2 - 7)**2 / 100",
    "softplus(w - b) + 0.1*(w**2 + b**2)",
    "1 - exp(-(w**2 + b**2)) + 0.2*tanh(4*w)",
)


#: How often OK looks whether sympy's import has ended, in milliseconds.
PREP_POLL_MS = 20


class ExpressionDialog(QDialog):
    """Formula, examples, domain (w from–to, b from–to); OK applies, Cancel changes nothing."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ExpressionDialog", "Custom surface"))
        self.state = state
        key = expression_surface()
        if key is None:
            raise ValueError("no surface takes a typed formula")
        self.key = key
        cls = SURFACES[key]
        params = state.scene.surface_params if state.surface == key else {}
        text = params.get("expression", EXAMPLES[0])
        domain = params.get("domain", cls.default_domain)
        # sympy's import (~0.4 s) while the user types, not when Apply is pressed
        self._prep = threading.Thread(
            target=prepare_expressions, name="sympy-import", daemon=True
        )
        self._prep.start()

        lay = QVBoxLayout(self)
        lay.addWidget(small_label(
            translate(
                "ExpressionDialog",
                "z = a formula in w and b: numbers, w, b, pi, e, + - * / ** and {functions}. "
                "Gradient and Hessian are exact (symbolic).",
            ).format(functions=", ".join(FUNCTIONS))
        ))  # fmt: skip
        self.edit = QLineEdit(text)
        self.edit.setToolTip(translate("ExpressionDialog", "the loss as a formula in w and b"))
        self.edit.setMaxLength(10_000)  # (the whitelist's own limit is the message's)
        self.edit.textEdited.connect(self._check)
        lay.addWidget(self.edit)
        self.error = small_label("", "fieldError")
        self.error.hide()
        lay.addWidget(self.error)
        self.examples = QComboBox()
        self.examples.addItem(translate("ExpressionDialog", "Examples…"), None)
        for example in EXAMPLES:
            self.examples.addItem(example, example)
        self.examples.activated.connect(self._example)
        lay.addWidget(self.examples)

        form = QFormLayout()
        self.bounds: list[ValidatedField] = []
        for axis, (low, high) in zip("wb", domain, strict=True):
            row = QHBoxLayout()
            labels = (
                translate("ExpressionDialog", "{axis} from").format(axis=axis),
                translate("ExpressionDialog", "{axis} to").format(axis=axis),
            )
            for label, value in zip(labels, (low, high), strict=True):
                field = ValidatedField(parse_float(label), lambda _v: self._check(), tooltip="")
                field.set_value(float(value))
                field.edit.textEdited.connect(lambda _t: self._check())
                self.bounds.append(field)
                row.addWidget(field)
            form.addRow(translate("ExpressionDialog", "{axis} from, to").format(axis=axis), row)
        lay.addLayout(form)
        self.domain_error = small_label("", "fieldError")
        self.domain_error.hide()
        lay.addWidget(self.domain_error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._check()

    @property
    def ok_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _example(self, index: int) -> None:
        example = self.examples.itemData(index)
        if example:
            self.edit.setText(example)
            self._check()
        self.examples.setCurrentIndex(0)

    def domain(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The domain the fields hold; ValueError naming the field or the axis."""
        v = [f.parse(f.edit.text()) for f in self.bounds]
        for axis, (low, high) in zip("wb", (v[:2], v[2:]), strict=True):
            if not low < high:
                raise ValueError(
                    translate(
                        "ExpressionDialog",
                        "{axis}: from must be less than to, got {low} and {high}",
                    ).format(axis=axis, low=f"{low:g}", high=f"{high:g}")
                )
        return (v[0], v[1]), (v[2], v[3])

    def _check(self) -> bool:
        """Run the whitelist and the domain's checks; show what is wrong; OK only when
        nothing is."""
        ok = True
        try:
            parse_expression(self.edit.text())
            self._show(self.error, None)
        except ValueError as e:
            self._show(self.error, core_message(e))
            ok = False
        try:
            self.domain()
            self._show(self.domain_error, None)
        except ValueError as e:
            # a field's own parse error shows under it; the axis' order here
            own = any(f.invalid for f in self.bounds)
            self._show(self.domain_error, None if own else core_message(e))
            ok = False
        self.ok_button.setEnabled(ok)
        return ok

    @staticmethod
    def _show(label: Any, message: str | None) -> None:
        label.setText(message or "")
        label.setVisible(bool(message))

    def _ok(self) -> None:
        """OK: :meth:`apply`, once sympy's import in the background has ended.  Pressed
        before, the GUI thread would wait on the import's lock (~0.3 s, the GUI monkey's
        longest gap in a run); the button waits instead, the event loop turning."""
        if self._prep.is_alive():
            self.ok_button.setEnabled(False)
            QTimer.singleShot(PREP_POLL_MS, self._ok_later)
            return
        self.apply()

    def _ok_later(self) -> None:
        if self.isVisible():  # (not cancelled meanwhile)
            self._ok()

    def apply(self) -> None:
        """Build the surface and show it (the dialog closes), or say why not (it stays)."""
        if not self._check():
            return
        try:
            self.state.choose_surface(self.key, expression=self.edit.text(), domain=self.domain())
        except ValueError as e:
            # (the scene's field, surface_params: here, the formula's own)
            self._show(self.error, core_message(unlocated(message_of(e), "surface_params")))
            return
        self.accept()
