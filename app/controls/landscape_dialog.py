"""The Network window's "Landscape…" dialog: choose a plane of parameter space, compute the
loss over it, with progress and Cancel.

It writes :class:`~app.model.landscape_job.LandscapeController`'s options (directions, grid,
span, biases, workers, dask scheduler; each field validated as typed), says which network it
will compute (the window's current choices), and runs the controller: a progress bar per step
("train", "grid", …), Cancel, and one line for the outcome.  A failure (diverged training, an
unreachable scheduler) leaves every field as it was.  The dialog is not modal: the Network
window and the main window stay usable while it computes.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.fields import (
    MessageLabel,
    ValidatedField,
    parse_float,
    parse_int,
    small_label,
)
from gradscape.app.model.landscape_job import LandscapeController
from gradscape.app.model.landscape_run import (
    DIRECTION_TITLES,
    GRID_MAX,
    GRID_MIN,
    MAX_WORKERS,
    check_grid,
    check_scheduler,
    check_span,
)
from gradscape.app.model.training import DATASETS
from gradscape.app.model.words import core_message
from gradscape.app.runtime import QT_TRANSLATE_NOOP, translate
from gradscape.core.landscape._compute import MAX_COMPARE

#: What each step of the computation is called in the progress bar (translated where shown).
STEP_TEXT = {
    "train": QT_TRANSLATE_NOOP("LandscapeDialog", "training"),
    "hessian": QT_TRANSLATE_NOOP("LandscapeDialog", "Hessian eigenvectors"),
    "grid": QT_TRANSLATE_NOOP("LandscapeDialog", "loss grid"),
    "checkpoints": QT_TRANSLATE_NOOP("LandscapeDialog", "checkpoints' loss"),
    "plane": QT_TRANSLATE_NOOP("LandscapeDialog", "path on the plane"),
}


def _parse_grid(text: str) -> int:
    return check_grid(parse_int(translate("LandscapeDialog", "grid"), GRID_MIN, GRID_MAX)(text))


def _parse_span(text: str) -> float:
    return check_span(parse_float(translate("LandscapeDialog", "span"))(text))


class LandscapeDialog(QDialog):
    """Directions, grid, span, biases, workers and scheduler; Compute and Cancel."""

    def __init__(self, controller: LandscapeController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("LandscapeDialog", "Loss landscape of this network"))
        self.controller = controller
        opts = controller.options
        lay = QVBoxLayout(self)
        self.summary = small_label("")
        lay.addWidget(self.summary)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.directions_combo = QComboBox()
        for key, title in DIRECTION_TITLES.items():
            self.directions_combo.addItem(translate("LandscapeOptions", title), key)
        self.directions_combo.setCurrentIndex(self.directions_combo.findData(opts.directions))
        self.directions_combo.activated.connect(
            lambda i: self._set("directions", self.directions_combo.itemData(i))
        )
        form.addRow(translate("LandscapeDialog", "Directions"), self.directions_combo)
        self.grid_field = ValidatedField(
            _parse_grid,
            lambda v: controller.set_option("grid", v),
            tooltip=translate(
                "LandscapeDialog",
                "points per axis, odd, in [{low}, {high}] (the trained network is the centre "
                "point)",
            ).format(low=GRID_MIN, high=GRID_MAX),
        )
        self.grid_field.set_value(opts.grid)
        form.addRow(translate("LandscapeDialog", "Grid"), self.grid_field)
        self.span_field = ValidatedField(
            _parse_span,
            lambda v: controller.set_option("span", v),
            tooltip=translate(
                "LandscapeDialog",
                "half-width of the plane: random and Hessian directions in their units "
                "(1 = a move as large as each unit's weights), PCA in units of the path's extent",
            ),
        )
        self.span_field.set_value(opts.span)
        form.addRow(translate("LandscapeDialog", "Span"), self.span_field)
        self.bias_check = QCheckBox(
            translate("LandscapeDialog", "Move the biases too (random directions)")
        )
        self.bias_check.setChecked(opts.include_bias)
        self.bias_check.toggled.connect(lambda on: self._set("include_bias", on))
        form.addRow(self.bias_check)
        self.workers_field = ValidatedField(
            parse_int(translate("LandscapeDialog", "workers"), 1, MAX_WORKERS),
            lambda v: controller.set_option("workers", v),
            tooltip=translate(
                "LandscapeDialog", "local worker processes for the grid (default: every core)"
            ),
        )
        self.workers_field.set_value(opts.workers)
        form.addRow(translate("LandscapeDialog", "Workers"), self.workers_field)
        self.scheduler_field = ValidatedField(
            check_scheduler,
            lambda v: controller.set_option("scheduler", v),
            tooltip=translate(
                "LandscapeDialog",
                "optional: a dask scheduler's address, tcp://HOST:PORT, to compute the grid "
                "on its cluster (empty: on this machine)",
            ),
            to_text=lambda v: v or "",
        )
        self.scheduler_field.edit.setPlaceholderText(
            translate("LandscapeDialog", "empty: this machine (tcp://HOST:PORT)")
        )
        self.scheduler_field.set_value(opts.scheduler)
        form.addRow(translate("LandscapeDialog", "Scheduler"), self.scheduler_field)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.compute_btn = QPushButton(translate("LandscapeDialog", "Compute"))
        self.compute_btn.clicked.connect(self.compute)
        self.cancel_btn = QPushButton(translate("LandscapeDialog", "Cancel"))
        # Enter confirms a field; it must not start (or stop) a computation of minutes.
        for b in (self.compute_btn, self.cancel_btn):
            b.setAutoDefault(False)
            b.setDefault(False)
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.cancel)
        row.addWidget(self.compute_btn)
        row.addWidget(self.cancel_btn)
        lay.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        lay.addWidget(self.progress)
        self.status = MessageLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        self.setMinimumWidth(420)

        controller.progress.connect(self._on_progress)
        controller.finished.connect(self._on_finished)
        controller.failed.connect(self._on_failed)
        controller.cancelled.connect(self._on_cancelled)
        controller.runningChanged.connect(self._on_running)
        controller.state.changed.connect(self._show_summary)
        self._show_summary()

    @property
    def fields(self) -> dict[str, ValidatedField]:
        return {
            "grid": self.grid_field,
            "span": self.span_field,
            "workers": self.workers_field,
            "scheduler": self.scheduler_field,
        }

    def _set(self, name: str, value: Any) -> None:
        try:
            self.controller.set_option(name, value)
        except ValueError as exc:
            self._set_status(core_message(exc), error=True)

    def _show_summary(self, *_: Any) -> None:
        st = self.controller.state
        run = st.compare[0] if st.compare else st.current_run  # (spec() may refuse)
        info = DATASETS[st.dataset]
        sizes = " → ".join(str(n) for n in (info.inputs, *st.hidden, info.outputs))
        facts = {
            "run": run.label,
            "data": translate("Datasets", info.title),
            "sizes": sizes,
            "epochs": st.epochs,
            "batch": st.batch_size,
            "seed": st.seed,
        }
        if len(st.compare) > 1:
            shown = min(len(st.compare), 1 + MAX_COMPARE)
            text = translate(
                "LandscapeDialog",
                "{run} on {data}, layers {sizes}, {epochs} epochs of batches of {batch}, "
                "seed {seed}; the plane is centred on its solution and the paths of {more} "
                "more optimizers of the comparison are drawn on it",
            ).format(more=shown - 1, **facts)
        else:
            text = translate(
                "LandscapeDialog",
                "{run} on {data}, layers {sizes}, {epochs} epochs of batches of {batch}, "
                "seed {seed}",
            ).format(**facts)
        self.summary.setText(text)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setObjectName("fieldError" if error else "hint")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    # -- computing ------------------------------------------------------------------------
    def compute(self) -> bool:
        """Start the computation; False (and the reason in the status line) when a field is
        invalid, the network's settings make no landscape, or one is running already."""
        if self.controller.running:
            return False
        for f in self.fields.values():
            f.confirm()
        bad = [f.error_text for f in self.fields.values() if f.invalid]
        if bad:
            text = translate("LandscapeDialog", "Not started — {reason}")
            self._set_status(text.format(reason="; ".join(bad)), error=True)
            return False
        try:
            started = self.controller.start()
        except ValueError as exc:
            text = translate("LandscapeDialog", "Not started — {reason}")
            self._set_status(text.format(reason=exc), error=True)
            return False
        if started:
            self.progress.setRange(0, 0)  # busy until the first report
            self.progress.setFormat(translate("LandscapeDialog", "starting …"))
            self._set_status(translate("LandscapeDialog", "Computing …"))
        return started

    def cancel(self) -> None:
        self.controller.cancel()

    def _on_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        step = translate("LandscapeDialog", STEP_TEXT[what]) if what in STEP_TEXT else what
        self.progress.setFormat(translate("LandscapeDialog", "{step}: %v / %m").format(step=step))

    def _end_progress(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")

    def _on_finished(self, path: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat(translate("LandscapeDialog", "done"))
        text = translate("LandscapeDialog", "Done: opened in the main window ({path})")
        self._set_status(text.format(path=path))

    def _on_failed(self, message: str) -> None:
        self._end_progress()
        text = translate("LandscapeDialog", "Failed — {reason}")
        self._set_status(text.format(reason=message), error=True)

    def _on_cancelled(self) -> None:
        self._end_progress()
        self._set_status(translate("LandscapeDialog", "Cancelled"))

    def _on_running(self, on: bool) -> None:
        self.compute_btn.setEnabled(not on)
        self.cancel_btn.setEnabled(on)
        for w in (self.directions_combo, self.bias_check, *self.fields.values()):
            w.setEnabled(not on)
