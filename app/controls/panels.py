"""Control panels: they write the state and follow it.  Every choice comes from a registry."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QColor, QIcon, QPixmap
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.controls.fields import ValidatedField, parse_float, parse_int, parse_param, small_label
from app.model.arrays import fmt
from app.model.compute import SceneSpec
from app.model.state import (
    MAX_RUNS,
    MAX_STEPS,
    AppState,
    run_params,
    surface_menu_order,
    surface_param_specs,
    surface_takes_samples,
)
from core._registry import Param
from core.optimizers import OPTIMIZERS
from core.surfaces import SURFACES

#: η presets: log-spaced, 1e-4 … 10.
ETA_PRESETS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.25, 0.3, 1.0, 3.0, 10.0)
SPEEDS = (5, 15, 30, 60, 120, 240, 600)


def _swatch(color: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(color))
    return QIcon(pm)


def _choice_text(value: str) -> str:
    """Display name of a choice string when some registry knows it (activation, loss…)."""
    for module, attr in (("core.activations", "ACTIVATIONS"), ("core.losses", "LOSSES")):
        try:
            reg = getattr(__import__(module, fromlist=[attr]), attr)
        except (ImportError, AttributeError):
            continue
        if value in reg:
            name = getattr(reg[value], "display_name", "") or ""
            if name:
                return name
    return value


def _clear_form(form: QFormLayout) -> None:
    while form.rowCount():
        form.removeRow(0)


class ParamForm(QWidget):
    """A form generated from Param specs; calls ``commit(name, value)`` on valid input."""

    def __init__(self, commit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commit = commit
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
            if p.kind is bool:
                w: Any = QCheckBox()
                w.setToolTip(p.doc)
                w.toggled.connect(lambda on, n=p.name: self.commit(n, on))
            elif p.kind is str:
                w = QComboBox()
                for c in p.choices:
                    w.addItem(_choice_text(c), c)
                w.setToolTip(p.doc)
                w.activated.connect(lambda i, n=p.name, box=w: self.commit(n, box.itemData(i)))
            else:
                w = ValidatedField(
                    parse_param(p),
                    lambda v, n=p.name: self.commit(n, v),
                    tooltip=f"{p.doc} ({p.range_text()})",
                )
            label = QLabel(p.name)
            label.setToolTip(p.doc)
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


class OptimizerPanel(QGroupBox):
    """The race (list of runs with colours) and the editor of the selected run."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__("Optimizers", parent)
        self.state = state
        lay = QVBoxLayout(self)
        self.runs = QListWidget()
        self.runs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs.setMaximumHeight(74)
        self.runs.setToolTip("The race: every optimizer runs from the same start")
        self.runs.currentRowChanged.connect(self._on_row)
        lay.addWidget(self.runs)
        row = QHBoxLayout()
        self.add_btn = QPushButton("Add to race")
        self.add_btn.setToolTip("Add a copy of the selected optimizer (then change it)")
        self.add_btn.clicked.connect(lambda: state.add_run())
        self.remove_btn = QPushButton("Remove")
        self.remove_btn.clicked.connect(lambda: state.remove_run())
        row.addWidget(self.add_btn)
        row.addWidget(self.remove_btn)
        lay.addLayout(row)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.combo = QComboBox()
        for key, cls in OPTIMIZERS.items():
            self.combo.addItem(cls.display_name, key)
        self.combo.setMaxVisibleItems(25)
        self.combo.activated.connect(lambda i: state.set_optimizer(self.combo.itemData(i)))
        form.addRow("Optimizer", self.combo)
        self.eta = ValidatedField(
            self._parse_eta,
            lambda v: state.set_hyper("eta", v),
            presets=ETA_PRESETS,
            tooltip="learning rate η",
        )
        self.eta_label = QLabel("η")
        form.addRow(self.eta_label, self.eta)
        lay.addLayout(form)
        self.hyper = ParamForm(lambda n, v: state.set_hyper(n, v))
        lay.addWidget(self.hyper)
        row = QHBoxLayout()
        self.reset_btn = QPushButton("Reset to defaults")
        self.reset_btn.clicked.connect(lambda: state.reset_hyper())
        row.addWidget(self.reset_btn)
        row.addStretch(1)
        lay.addLayout(row)

        # bound methods, not lambdas: PyQt drops a connection to a method when its widget
        # is destroyed, while a lambda would be called on the deleted widget (a crash)
        state.runsChanged.connect(self.refresh)
        state.currentRunChanged.connect(self.refresh)
        self.refresh()

    def _parse_eta(self, text: str) -> float:
        spec = next((p for p in self.state.run.cls.params if p.name == "eta"), None)
        if spec is None:
            raise ValueError(f"{self.state.run.cls.display_name} has no learning rate")
        return parse_param(spec)(text)

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self.state.runs):
            self.state.current_run = row

    def refresh(self, *_: Any) -> None:
        st = self.state
        self.runs.blockSignals(True)
        if self.runs.count() != len(st.runs):
            self.runs.clear()
            for _ in st.runs:
                self.runs.addItem(QListWidgetItem())
        for i, r in enumerate(st.runs):
            item = self.runs.item(i)
            item.setText(r.label)
            item.setIcon(_swatch(r.color))
        self.runs.setCurrentRow(st.current_run)
        self.runs.blockSignals(False)
        self.add_btn.setEnabled(len(st.runs) < MAX_RUNS)
        self.remove_btn.setEnabled(len(st.runs) > 1)
        run = st.run
        self.combo.setCurrentIndex(self.combo.findData(run.optimizer))
        hyper = run.hyper_dict
        has_eta = "eta" in hyper
        self.eta.setEnabled(has_eta)
        if has_eta:
            self.eta.set_value(hyper["eta"])
        else:
            self.eta.edit.setText("— (no learning rate)")
        others = tuple(p for p in run_params(run.cls) if p.name != "eta")
        self.hyper.build(others, hyper)
        # The paper is cited in the equations panel; here it is the dropdown's tooltip.
        self.combo.setToolTip(getattr(run.cls, "paper", "") or "")


class SurfacePanel(QGroupBox):
    """Surface dropdown, its parameters, and (for data-driven surfaces) the samples."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__("Surface", parent)
        self.state = state
        lay = QVBoxLayout(self)
        self.combo = QComboBox()
        for key in surface_menu_order():
            cls = SURFACES[key]
            self.combo.addItem(getattr(cls, "display_name", key) or key, key)
        self.combo.setMaxVisibleItems(20)
        self.combo.activated.connect(lambda i: setattr(state, "surface", self.combo.itemData(i)))
        lay.addWidget(self.combo)
        self.doc = small_label("")
        lay.addWidget(self.doc)
        self.params = ParamForm(lambda n, v: state.set_surface_param(n, v))
        lay.addWidget(self.params)
        # a warning about the chosen combination (binary loss with outputs outside [0, 1])
        self.caveat = small_label("", "caveat")
        self.caveat.hide()
        lay.addWidget(self.caveat)

        self.samples_box = QWidget()
        sl = QVBoxLayout(self.samples_box)
        sl.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.x = ValidatedField(
            parse_float("x"), lambda v: self._set_first(0, v), tooltip="input x of the first sample"
        )
        self.y = ValidatedField(
            parse_float("y*"),
            lambda v: self._set_first(1, v),
            tooltip="target y* of the first sample",
        )
        form.addRow("x", self.x)
        form.addRow("y*", self.y)
        sl.addLayout(form)
        sl.addWidget(small_label("Data samples (loss averaged over rows):"))
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["x", "y*"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setMaximumHeight(86)
        self.table.itemChanged.connect(self._on_cell)
        sl.addWidget(self.table)
        self.table_error = small_label("", "fieldError")
        self.table_error.hide()
        sl.addWidget(self.table_error)
        row = QHBoxLayout()
        self.add_row = QPushButton("Add sample")
        self.add_row.clicked.connect(self._add_sample)
        self.del_row = QPushButton("Remove sample")
        self.del_row.clicked.connect(self._remove_sample)
        row.addWidget(self.add_row)
        row.addWidget(self.del_row)
        sl.addLayout(row)
        lay.addWidget(self.samples_box)

        state.surfaceChanged.connect(self.refresh)
        state.surfaceParamsChanged.connect(self.refresh)
        state.samplesChanged.connect(self.refresh)
        self.refresh()

    def _set_first(self, col: int, v: float) -> None:
        rows = [list(r) for r in self.state.samples]
        rows[0][col] = v
        self.state.samples = rows

    def _add_sample(self) -> None:
        rows = list(self.state.samples)
        self.state.samples = [*rows, rows[-1]]

    def _remove_sample(self) -> None:
        rows = list(self.state.samples)
        if len(rows) > 1:
            r = self.table.currentRow()
            del rows[r if 0 <= r < len(rows) else -1]
            self.state.samples = rows

    def _on_cell(self, item: QTableWidgetItem) -> None:
        rows = []
        try:
            for r in range(self.table.rowCount()):
                pair = []
                for c, name in enumerate(("x", "y*")):
                    cell = self.table.item(r, c)
                    pair.append(parse_float(f"{name} in row {r + 1}")(cell.text() if cell else ""))
                rows.append(pair)
            self.state.samples = rows
        except ValueError as exc:
            item.setBackground(QColor("#fde2e2"))
            self.table_error.setText(str(exc))
            self.table_error.show()
            return
        self._clear_table_error()

    def _clear_table_error(self) -> None:
        self.table_error.hide()
        self.table_error.setText("")
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            for c in range(2):
                cell = self.table.item(r, c)
                if cell is not None:
                    cell.setBackground(QColor(0, 0, 0, 0))
        self.table.blockSignals(False)

    def refresh(self, *_: Any) -> None:
        st = self.state
        self.combo.setCurrentIndex(self.combo.findData(st.surface))
        cls = SURFACES[st.surface]
        self.doc.setText(getattr(cls, "doc", "") or "")
        self.doc.setVisible(bool(self.doc.text()))
        self.params.build(surface_param_specs(st.surface), st.surface_params)
        try:
            caveat = st.surface_object().caveat
        except ValueError:  # samples that do not suit the loss yet: the table says so
            caveat = None
        self.caveat.setText(caveat or "")
        self.caveat.setVisible(bool(caveat))
        samples = st.samples
        self.samples_box.setVisible(samples is not None and surface_takes_samples(st.surface))
        if samples is None:
            return
        self.x.set_value(samples[0][0])
        self.y.set_value(samples[0][1])
        self.table.blockSignals(True)
        self.table.setRowCount(len(samples))
        for r, pair in enumerate(samples):
            for c, v in enumerate(pair):
                text = repr(float(v))
                cell = self.table.item(r, c)
                if cell is None:
                    self.table.setItem(r, c, QTableWidgetItem(text))
                elif cell.text() != text:
                    cell.setText(text)
        self.table.blockSignals(False)
        self._clear_table_error()
        self.del_row.setEnabled(len(samples) > 1)


class StartPanel(QGroupBox):
    """Start point (also set by clicking a view), number of steps, seed."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__("Start and steps", parent)
        self.state = state
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.w = ValidatedField(
            parse_float("start w"),
            lambda v: self._set(0, v),
            tooltip="first coordinate of the start (or click a view)",
        )
        self.b = ValidatedField(
            parse_float("start b"),
            lambda v: self._set(1, v),
            tooltip="second coordinate of the start (or click a view)",
        )
        self.w_label, self.b_label = QLabel("start w"), QLabel("start b")
        form.addRow(self.w_label, self.w)
        form.addRow(self.b_label, self.b)
        self.reset_start = QPushButton("Surface's start")
        self.reset_start.setToolTip("Back to the surface's recommended start point")
        self.reset_start.clicked.connect(
            lambda: setattr(state, "start", tuple(state.surface_object().start))
        )
        form.addRow("", self.reset_start)
        self.steps = ValidatedField(
            parse_int("steps", 1, MAX_STEPS),
            lambda v: setattr(state, "steps", v),
            tooltip="number of optimizer steps",
        )
        form.addRow("steps", self.steps)
        self.batch = ValidatedField(
            self._parse_batch,
            lambda v: setattr(state, "batch_size", v),
            tooltip="samples per step of stochastic descent; empty = the full batch",
            to_text=lambda v: "" if v is None else str(v),
        )
        self.batch.edit.setPlaceholderText("full batch")
        self.batch_label = QLabel("minibatch")
        form.addRow(self.batch_label, self.batch)
        self.seed = ValidatedField(
            parse_int("seed", 0, 2**32 - 1),
            lambda v: setattr(state, "seed", v),
            tooltip="seed of stochastic optimizers and minibatches",
        )
        form.addRow("seed", self.seed)
        changes = (state.startChanged, state.stepsChanged, state.seedChanged)
        changes += (state.surfaceChanged, state.samplesChanged, state.batchSizeChanged)
        for sig in changes:
            sig.connect(self.refresh)
        self.refresh()

    def _parse_batch(self, text: str) -> int | None:
        t = text.strip()
        if t.lower() in ("", "full", "all", "none"):
            return None
        n = len(self.state.samples or ())
        return parse_int("minibatch", 1, max(n, 1))(t)

    def _set(self, i: int, v: float) -> None:
        p = list(self.state.start)
        p[i] = v
        self.state.start = p

    def refresh(self, *_: Any) -> None:
        st = self.state
        names = tuple(getattr(SURFACES[st.surface], "axis_names", ("w", "b")))
        self.w_label.setText(f"start {names[0]}")
        self.b_label.setText(f"start {names[1]}")
        self.w.set_value(st.start[0])
        self.b.set_value(st.start[1])
        self.steps.set_value(st.steps)
        self.seed.set_value(st.seed)
        data = st.samples is not None
        self.batch.setVisible(data)
        self.batch_label.setVisible(data)
        if data:
            self.batch.set_value(st.batch_size)


class PlaybackBar(QWidget):
    """Play/pause, step back/forward, restart, timeline slider, speed."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)

        sp = QStyle.StandardPixmap

        def tool(icon: QStyle.StandardPixmap, tip: str, slot) -> QToolButton:
            b = QToolButton()
            b.setIcon(self.style().standardIcon(icon))
            b.setToolTip(tip)
            b.clicked.connect(slot)
            lay.addWidget(b)
            return b

        self.restart = tool(sp.SP_MediaSkipBackward, "Restart from step 0 (Home)", self._restart)
        self.back = tool(sp.SP_MediaSeekBackward, "Step back (Left)", lambda: self._nudge(-1))
        self.play = tool(sp.SP_MediaPlay, "Play / pause (Space)", self.toggle)
        self.play.setObjectName("playButton")
        self.forward = tool(sp.SP_MediaSeekForward, "Step forward (Right)", lambda: self._nudge(1))
        self.end = tool(sp.SP_MediaSkipForward, "Last step (End)", self._to_end)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setToolTip("Timeline: drag to scrub")
        self.slider.valueChanged.connect(lambda v: setattr(state, "step", v))
        lay.addWidget(self.slider, 1)
        self.label = QLabel()
        self.label.setMinimumWidth(86)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.label)
        lay.addWidget(QLabel("speed"))
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s} steps/s", float(s))
        self.speed.setToolTip("Animation speed")
        self.speed.activated.connect(lambda i: setattr(state, "speed", self.speed.itemData(i)))
        lay.addWidget(self.speed)
        for sig in (
            state.stepChanged,
            state.stepsChanged,
            state.playingChanged,
            state.speedChanged,
        ):
            sig.connect(self.refresh)
        self.refresh()

    def toggle(self) -> None:
        st = self.state
        if not st.playing and st.step >= st.steps:
            st.step = 0
        st.playing = not st.playing

    def _restart(self) -> None:
        self.state.playing = False
        self.state.step = 0

    def _to_end(self) -> None:
        self.state.playing = False
        self.state.step = self.state.steps

    def _nudge(self, d: int) -> None:
        self.state.playing = False
        self.state.step = self.state.step + d

    def refresh(self, *_: Any) -> None:
        st = self.state
        self.slider.blockSignals(True)
        self.slider.setRange(0, st.steps)
        self.slider.setValue(st.step)
        self.slider.blockSignals(False)
        self.label.setText(f"{st.step} / {st.steps}")
        sp = QStyle.StandardPixmap
        icon = sp.SP_MediaPause if st.playing else sp.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(icon))
        i = self.speed.findData(st.speed)
        if i < 0:
            self.speed.addItem(f"{st.speed:g} steps/s", st.speed)
            i = self.speed.count() - 1
        self.speed.setCurrentIndex(i)


class EquationsPanel(QTextBrowser):
    """The selected optimizer's update equations with the live values of the current step."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("equations")
        self.setOpenLinks(False)
        # Rich-text layout costs ~0.7 ms: during playback refresh at most every 40 ms
        # (25 Hz is plenty for reading numbers) instead of on every frame.
        state.playingChanged.connect(self._on_playing)
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(40)
        self._throttle.timeout.connect(self.refresh)
        state.stepChanged.connect(self._on_step)
        for sig in (state.resultChanged, state.currentRunChanged, state.runsChanged):
            sig.connect(self.refresh)
        self.refresh()

    def _on_playing(self, on: bool) -> None:
        if not on:
            self.refresh()  # paused: the exact values of the step shown

    def _on_step(self, _step: int) -> None:
        if not self.state.playing:
            self.refresh()  # a single step (keys, scrub, export): show it now
        elif not self._throttle.isActive():
            self._throttle.start()

    def values(self) -> dict[str, np.ndarray] | None:
        """Live values of the step that led to the current point (the engine's
        ``Trajectory.at``): gradient g, the optimizer's state after it, the move Δ.
        None at step 0."""
        st, res = self.state, self.state.result
        if res is None or st.current_run >= len(res.trajectories) or not self._current():
            return None
        traj = res.trajectories[st.current_run]
        at = traj.at(st.step)
        if at["grad"] is None:
            return None
        out = {"g": np.asarray(at["grad"], dtype=np.float64)}
        for name, arr in (at.get("state") or {}).items():
            out[name] = np.asarray(arr, dtype=np.float64)
        out["Δ"] = np.asarray(at["move"], dtype=np.float64)
        return out

    def _current(self) -> bool:
        """True when the state's result was computed for the scene the panel shows (not
        while a changed scene is being computed, nor after its computation failed)."""
        res = self.state.result
        return res is not None and res.spec == SceneSpec.from_state(self.state)

    def refresh(self, *_: Any) -> None:
        st = self.state
        cls = st.run.cls
        lines = [f"<h3>{html.escape(cls.display_name)}</h3>"]
        eq = (getattr(cls, "equations", "") or "").strip()
        if eq:
            lines.append("<pre>" + html.escape(eq) + "</pre>")
        paper = (getattr(cls, "paper", "") or "").strip()
        if paper:
            lines.append(f"<p><i>{html.escape(paper)}</i></p>")
        hyper = ", ".join(
            f"{k} = {fmt(float(v)) if isinstance(v, float) else v}" for k, v in st.run.hyper
        )
        if hyper:
            lines.append(f"<p class='hyper'>{html.escape(hyper)}</p>")
        vals = self.values()
        names = tuple(getattr(SURFACES[st.surface], "axis_names", ("w", "b")))
        if vals is not None:
            traj = st.result.trajectories[st.current_run]
            rows = "".join(
                f"<tr><td><b>{html.escape(k)}</b></td>"
                f"<td>{fmt(float(v.reshape(-1)[0]))}</td>"
                f"<td>{fmt(float(v.reshape(-1)[-1]))}</td></tr>"
                for k, v in vals.items()
                if v.size
            )
            lines.append(
                f"<p>Step t = {min(st.step, len(traj.params) - 1)}:</p>"
                f"<table cellspacing='0' cellpadding='2'><tr><th></th><th>{names[0]}</th>"
                f"<th>{names[1]}</th></tr>{rows}</table>"
            )
        elif st.result is not None and not self._current():
            lines.append("<p><i>Values: waiting for the computation of these settings…</i></p>")
        self.setHtml("".join(lines))
