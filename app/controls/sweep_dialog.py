"""The "Sweep η…" dialog: one optimizer raced over several learning rates.

The values are log-spaced between two ends (from, to, count) or typed as a list; every
keystroke checks them (:mod:`app.model.sweep`: parsed, never evaluated; each η within the
optimizer's range, none twice) and shows the runs it will make, or the reason it cannot,
under the fields; OK stays disabled meanwhile.  The race holds at most
:func:`app.model.sweep.sweep_limit` runs: the count cannot exceed it, and a longer list is
cut to its first values, which the dialog says.  OK replaces the race by the sweep
(:func:`app.model.sweep.sweep_scene`: the same race ``gradscape export --eta`` makes),
drawn in the η colour ramp.
"""

from __future__ import annotations

import weakref
from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.fields import MessageLabel
from gradscape.app.model.state import AppState
from gradscape.app.model.sweep import (
    check_etas,
    fit,
    log_spaced,
    parse_values,
    sweep_hyper,
    sweep_limit,
    sweep_optimizers,
    sweep_scene,
)
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.core.optimizers import OPTIMIZERS


def _number(text: str) -> float:
    values = parse_values(text)
    if len(values) != 1:
        raise ValueError(translate("SweepDialog", "Type one number in each end's field."))
    return values[0]


class SweepDialog(QDialog):
    """Optimizer, log-spaced η (from, to, count) or a list; OK applies, Cancel changes nothing."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("SweepDialog", "Sweep η"))
        self.state = state
        self.limit = sweep_limit(state.scene)
        self.etas: tuple[float, ...] = ()
        lay = QVBoxLayout(self)
        intro = QLabel(
            translate(
                "SweepDialog",
                "Race one optimizer against itself over several learning "
                "rates η. The runs are drawn from dark blue (smallest η) to orange "
                "(largest).",
            )  # fmt: skip
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        form = QFormLayout()
        self.optimizer = QComboBox()
        for key in sweep_optimizers():
            self.optimizer.addItem(OPTIMIZERS[key].display_name, key)
        run = state.run
        i = self.optimizer.findData(run.optimizer)
        self.optimizer.setCurrentIndex(max(i, 0))
        self.optimizer.currentIndexChanged.connect(self._check)
        form.addRow(translate("SweepDialog", "Optimizer"), self.optimizer)
        lay.addLayout(form)

        self.log_radio = QRadioButton(translate("SweepDialog", "&Log-spaced"))
        self.list_radio = QRadioButton(translate("SweepDialog", "L&ist of values"))
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.log_radio)
        self.mode.addButton(self.list_radio)
        self.log_radio.setChecked(True)
        lay.addWidget(self.log_radio)
        row = QHBoxLayout()
        row.setContentsMargins(20, 0, 0, 0)
        eta = run.hyper_dict.get("eta")
        centre = float(eta) if isinstance(eta, float | int) and eta > 0 else 0.1
        self.start = QLineEdit(f"{centre / 100:g}")
        self.stop = QLineEdit(f"{centre:g}")
        self.count = QSpinBox()
        self.count.setRange(2, max(2, self.limit))
        self.count.setValue(min(3, max(2, self.limit)))
        for label, widget in (
            (translate("SweepDialog", "from"), self.start),
            (translate("SweepDialog", "to"), self.stop),
            (translate("SweepDialog", "count"), self.count),
        ):
            lab = QLabel(label)
            lab.setBuddy(widget)
            row.addWidget(lab)
            row.addWidget(widget, 1)
        lay.addLayout(row)
        lay.addWidget(self.list_radio)
        self.values = QLineEdit()
        self.values.setPlaceholderText("0.01, 0.03, 0.1, 0.3")
        self.values.setToolTip(
            translate("SweepDialog", "Values of η separated by commas or spaces")
        )
        row = QHBoxLayout()
        row.setContentsMargins(20, 0, 0, 0)
        row.addWidget(self.values)
        lay.addLayout(row)

        self.preview = QLabel()
        self.preview.setObjectName("hint")
        self.preview.setWordWrap(True)
        lay.addWidget(self.preview)
        self.note = MessageLabel()
        self.note.setObjectName("hint")
        lay.addWidget(self.note)
        self.error = MessageLabel()
        self.error.setObjectName("fieldError")
        lay.addWidget(self.error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

        for edit in (self.start, self.stop, self.values):
            edit.textEdited.connect(self._check)
        self.values.textEdited.connect(lambda _: self.list_radio.setChecked(True))
        for edit in (self.start, self.stop):
            edit.textEdited.connect(lambda _: self.log_radio.setChecked(True))
        self.count.valueChanged.connect(self._check)
        self.mode.buttonToggled.connect(self._check)
        self._check()

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    @property
    def key(self) -> str:
        return str(self.optimizer.currentData())

    def _values(self) -> tuple[tuple[float, ...], int]:
        """The sweep's η (checked, smallest first) and how many typed values were cut."""
        if self.log_radio.isChecked():
            values = log_spaced(
                _number(self.start.text()), _number(self.stop.text()), self.count.value()
            )
            cut = 0
        else:
            values, cut = fit(parse_values(self.values.text()), self.limit)
        return check_etas(self.key, values), cut

    def _check(self, *_: Any) -> bool:
        ok = self.ok_button
        try:
            self.etas, cut = self._values()
        except ValueError as exc:
            self.etas = ()
            self._error(core_message(exc))
            self.preview.setText("")
            self.note.setText("")
            ok.setEnabled(False)
            return False
        self._error("")
        self.preview.setText(
            translate("SweepDialog", "{n} runs of {name}: η = {values}").format(
                n=len(self.etas),
                name=OPTIMIZERS[self.key].display_name,
                values=", ".join(f"{v:g}" for v in self.etas),
            )  # fmt: skip
        )
        if cut:
            self.note.setText(
                translate(
                    "SweepDialog",
                    "The race holds at most {limit} runs: the first "
                    "{limit} values are kept, {cut} left out.",
                ).format(limit=self.limit, cut=cut)  # fmt: skip
            )
        else:
            self.note.setText(
                translate(
                    "SweepDialog", "The sweep replaces the race (at most {limit} runs)."
                ).format(limit=self.limit)
            )
        ok.setEnabled(True)
        return True

    def apply(self) -> bool:
        """Replace the race by the sweep and close; on a refusal say why and stay open."""
        if not self._check():
            return False
        st = self.state
        run = st.run
        hyper = sweep_hyper(st.scene, self.key, (run.optimizer, run.hyper_dict))
        try:
            with st.batch():
                st.scene = sweep_scene(st.scene, self.key, hyper, self.etas)
                st.current_run = 0
        except ValueError as exc:
            self._error(core_message(exc))
            return False
        self.accept()
        return True


def open_sweep_dialog(state: AppState, parent: QWidget | None = None) -> SweepDialog:
    """Open the sweep dialog (window-modal, not blocking the caller) and return it."""
    dialog = SweepDialog(state, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(True)
    dialog.open()
    return dialog


def add_sweep_button(panel: QWidget, state: AppState) -> QPushButton:
    """A "Sweep η…" button in ``panel``'s row of race buttons (the row holding its
    ``add_btn``), opening the dialog."""
    button = QPushButton(translate("SweepDialog", "Sweep η…"))
    button.setObjectName("sweepButton")
    button.setToolTip(translate("SweepDialog", "Race one optimizer over several learning rates η"))
    ref = weakref.ref(panel)  # (no cycle panel → button → slot → panel)
    button.clicked.connect(
        lambda: (p := ref()) is not None and open_sweep_dialog(state, p.window())
    )
    add = panel.add_btn  # type: ignore[attr-defined]
    row = add.parentWidget().layout()
    for i in range(row.count()):
        item = row.itemAt(i)
        inner = item.layout() if item is not None else None
        if inner is not None and inner.indexOf(add) >= 0:
            inner.addWidget(button)
            break
    else:
        row.addWidget(button)
    return button
