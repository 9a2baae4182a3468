"""The surface panel (surface, its parameters and data samples) and the start panel
(start point, steps, seed, minibatch)."""

from __future__ import annotations

from typing import Any

from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.expression_dialog import ExpressionDialog
from gradscape.app.controls.fields import ValidatedField, parse_float, parse_int, small_label
from gradscape.app.controls.param_form import ParamForm
from gradscape.app.model.choices import (
    MAX_STEPS,
    expression_surface,
    surface_menu_order,
    surface_param_specs,
    surface_takes_samples,
)
from gradscape.app.model.state import AppState
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.core._message import Message
from gradscape.core.surfaces import SURFACES

#: The dropdown's last item's data: not a surface, the formula dialog.
CUSTOM_ITEM = "custom…"


class SurfacePanel(QGroupBox):
    """Surface dropdown, its parameters, and (for data-driven surfaces) the samples."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(translate("SurfacePanel", "Surface"), parent)
        self.state = state
        lay = QVBoxLayout(self)
        self.combo = QComboBox()
        self._fill_combo(state.surface)
        self.combo.setMaxVisibleItems(20)
        self.combo.activated.connect(self._on_chosen)
        lay.addWidget(self.combo)
        self.doc = small_label("")
        lay.addWidget(self.doc)
        # a typed formula: its dialog (also from the dropdown's last item, "Custom…")
        self.expression_dialog: ExpressionDialog | None = None
        self.edit_formula = QPushButton(translate("SurfacePanel", "Edit formula…"))
        self.edit_formula.clicked.connect(self.open_expression_dialog)
        lay.addWidget(self.edit_formula)
        self.params = ParamForm(self._set_param)
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
            parse_float("x"),
            lambda v: self._set_first(0, v),
            tooltip=translate("SurfacePanel", "input x of the first sample"),
        )
        self.y = ValidatedField(
            parse_float("y*"),
            lambda v: self._set_first(1, v),
            tooltip=translate("SurfacePanel", "target y* of the first sample"),
        )
        form.addRow("x", self.x)
        form.addRow("y*", self.y)
        sl.addLayout(form)
        sl.addWidget(
            small_label(translate("SurfacePanel", "Data samples (loss averaged over rows):"))
        )
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
        self.add_row = QPushButton(translate("SurfacePanel", "Add sample"))
        self.add_row.clicked.connect(self._add_sample)
        self.del_row = QPushButton(translate("SurfacePanel", "Remove sample"))
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
                    label = translate("SurfacePanel", "{name} in row {row}").format(
                        name=name, row=r + 1
                    )
                    pair.append(parse_float(label)(cell.text() if cell else ""))
                rows.append(pair)
            self.state.samples = rows
        except ValueError as exc:
            item.setBackground(QColor("#fde2e2"))
            self.table_error.setText(core_message(exc))
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

    def _set_param(self, name: str, value: Any) -> None:
        """Write a parameter; a choice the state refuses (a binary loss for targets outside
        [0, 1]) is explained under the form, which shows the state's values again.  A typed
        value's refusal goes back to its field, which marks itself."""
        try:
            self.state.set_surface_param(name, value)
        except ValueError as exc:
            if not isinstance(value, str | bool):
                raise
            self.refresh()
            self.caveat.setText(core_message(exc))
            self.caveat.show()

    def _on_chosen(self, index: int) -> None:
        key = self.combo.itemData(index)
        if key == CUSTOM_ITEM:
            self.open_expression_dialog()
        else:
            self.state.surface = key

    def open_expression_dialog(self) -> None:
        """The "Custom…" dialog (the current formula in it when one is shown); the
        dropdown shows the state's surface again whatever the dialog ends with."""
        self.expression_dialog = ExpressionDialog(self.state, self)
        self.expression_dialog.finished.connect(self.refresh)
        self.expression_dialog.open()

    def _fill_combo(self, current: str) -> None:
        """The surfaces the dropdown offers: a landscape or a formula only while one is
        shown, and last "Custom…", which opens the formula's dialog."""
        keys = list(surface_menu_order(current))
        if expression_surface() is not None:
            keys.append(CUSTOM_ITEM)
        if [self.combo.itemData(i) for i in range(self.combo.count())] == keys:
            return
        self.combo.blockSignals(True)
        self.combo.clear()
        for key in keys:
            if key == CUSTOM_ITEM:
                self.combo.addItem(translate("SurfacePanel", "Custom…"), key)
                continue
            cls = SURFACES[key]
            name = getattr(cls, "display_name", key) or key
            self.combo.addItem(translate("core", name), key)
        self.combo.blockSignals(False)

    def refresh(self, *_: Any) -> None:
        st = self.state
        self._fill_combo(st.surface)
        self.combo.setCurrentIndex(self.combo.findData(st.surface))
        cls = SURFACES[st.surface]
        try:
            surf = st.surface_object()
        except ValueError:  # samples that do not suit the loss yet: the table says so
            surf = None
        # (a typed formula describes itself: the formula and its domain)
        doc = surf.description if surf is not None else getattr(cls, "doc", "")
        # (a class's description is one of core's words; a formula's, a message with values)
        if doc:
            doc = core_message(doc) if isinstance(doc, Message) else translate("core", doc)
        self.doc.setText(doc or "")
        self.doc.setVisible(bool(self.doc.text()))
        self.edit_formula.setVisible(st.surface == expression_surface())
        self.params.build(surface_param_specs(st.surface), st.surface_params)
        caveat = surf.caveat if surf is not None else None
        self.caveat.setText(core_message(caveat) if caveat else "")
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
        super().__init__(translate("StartPanel", "Start and steps"), parent)
        self.state = state
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.w = ValidatedField(
            parse_float(self._start_label("w")),
            lambda v: self._set(0, v),
            tooltip=translate("StartPanel", "first coordinate of the start (or click a view)"),
        )
        self.b = ValidatedField(
            parse_float(self._start_label("b")),
            lambda v: self._set(1, v),
            tooltip=translate("StartPanel", "second coordinate of the start (or click a view)"),
        )
        self.w_label = QLabel(self._start_label("w"))
        self.b_label = QLabel(self._start_label("b"))
        form.addRow(self.w_label, self.w)
        form.addRow(self.b_label, self.b)
        self.reset_start = QPushButton(translate("StartPanel", "Surface's start"))
        self.reset_start.setToolTip(
            translate("StartPanel", "Back to the surface's recommended start point")
        )
        self.reset_start.clicked.connect(
            lambda: setattr(state, "start", tuple(state.surface_object().start))
        )
        form.addRow("", self.reset_start)
        self.steps = ValidatedField(
            parse_int(translate("StartPanel", "steps"), 1, MAX_STEPS),
            lambda v: setattr(state, "steps", v),
            tooltip=translate("StartPanel", "number of optimizer steps"),
        )
        form.addRow(translate("StartPanel", "steps"), self.steps)
        self.batch = ValidatedField(
            self._parse_batch,
            lambda v: setattr(state, "batch_size", v),
            tooltip=translate(
                "StartPanel", "samples per step of stochastic descent; empty = the full batch"
            ),
            to_text=lambda v: "" if v is None else str(v),
        )
        self.batch.edit.setPlaceholderText(translate("StartPanel", "full batch"))
        self.batch_label = QLabel(translate("StartPanel", "minibatch"))
        form.addRow(self.batch_label, self.batch)
        self.seed = ValidatedField(
            parse_int(translate("StartPanel", "seed"), 0, 2**32 - 1),
            lambda v: setattr(state, "seed", v),
            tooltip=translate("StartPanel", "seed of stochastic optimizers and minibatches"),
        )
        form.addRow(translate("StartPanel", "seed"), self.seed)
        changes = (state.startChanged, state.stepsChanged, state.seedChanged)
        changes += (state.surfaceChanged, state.samplesChanged, state.batchSizeChanged)
        for sig in changes:
            sig.connect(self.refresh)
        self.refresh()

    def _parse_batch(self, text: str) -> int | None:
        t = text.strip()
        if t.lower() in ("", "full", "all", "none") or t == translate("StartPanel", "full batch"):
            return None
        n = len(self.state.samples or ())
        return parse_int(translate("StartPanel", "minibatch"), 1, max(n, 1))(t)

    @staticmethod
    def _start_label(axis: str) -> str:
        return translate("StartPanel", "start {axis}").format(axis=axis)

    def _set(self, i: int, v: float) -> None:
        p = list(self.state.start)
        p[i] = v
        self.state.start = p

    def refresh(self, *_: Any) -> None:
        st = self.state
        names = tuple(getattr(SURFACES[st.surface], "axis_names", ("w", "b")))
        self.w_label.setText(self._start_label(names[0]))
        self.b_label.setText(self._start_label(names[1]))
        self.w.set_value(st.start[0])
        self.b.set_value(st.start[1])
        self.steps.set_value(st.steps)
        self.seed.set_value(st.seed)
        data = st.samples is not None
        self.batch.setVisible(data)
        self.batch_label.setVisible(data)
        if data:
            self.batch.set_value(st.batch_size)
