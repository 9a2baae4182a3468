"""The optimizer panel: the race's runs, each run's optimizer and hyperparameters."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QIcon, QPixmap
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.fields import MessageLabel, ValidatedField, parse_param
from gradscape.app.controls.param_form import ETA_PRESETS, ParamForm
from gradscape.app.model.choices import (
    MAX_RUNS,
    is_scheduled,
    run_params,
    schedule_keys,
    schedule_scale,
)
from gradscape.app.model.state import AppState
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.schedules import SCHEDULES


def _swatch(color: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(color))
    return QIcon(pm)


class OptimizerPanel(QGroupBox):
    """The race (list of runs with colours) and the editor of the selected run."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(translate("OptimizerPanel", "Optimizers"), parent)
        self.state = state
        lay = QVBoxLayout(self)
        self.runs = QListWidget()
        self.runs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs.setMaximumHeight(74)
        self.runs.setToolTip(
            translate(
                "OptimizerPanel",
                "The race: every optimizer runs from the same start; untick a run to hide it "
                "in the views (it keeps racing)",
            )
        )
        self.runs.currentRowChanged.connect(self._on_row)
        self.runs.itemChanged.connect(self._on_check)
        lay.addWidget(self.runs)
        row = QHBoxLayout()
        self.add_btn = QPushButton(translate("OptimizerPanel", "Add to race"))
        self.add_btn.setToolTip(
            translate(
                "OptimizerPanel",
                "Add the next optimizer not yet in the race (a copy of the selected one when "
                "all race)",
            )
        )
        self.add_btn.clicked.connect(lambda: state.add_run())
        self.remove_btn = QPushButton(translate("OptimizerPanel", "Remove"))
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
        form.addRow(translate("OptimizerPanel", "Optimizer"), self.combo)
        self.eta = ValidatedField(
            self._parse_eta,
            self._commit_eta,
            presets=ETA_PRESETS,
            tooltip=translate(
                "OptimizerPanel", "learning rate η (with a schedule: its value at the first step)"
            ),
        )
        self.eta_label = QLabel("η")
        # η may follow a schedule: the combo beside it picks one, the form below holds the
        # schedule's other parameters (both generated from core.schedules.SCHEDULES)
        self.schedule = QComboBox()
        for key in schedule_keys():
            self.schedule.addItem(translate("core", SCHEDULES[key].display_name), key)
        self.schedule.setToolTip(
            translate(
                "OptimizerPanel", "schedule of η: how the learning rate changes with the step t"
            )
        )
        self.schedule.activated.connect(self._pick_schedule)
        eta_row = QHBoxLayout()
        eta_row.addWidget(self.eta, 1)
        eta_row.addWidget(self.schedule)
        form.addRow(self.eta_label, eta_row)
        lay.addLayout(form)
        self.schedule_form = ParamForm(
            lambda n, v: state.set_schedule_param("eta", n, v), prefix="η "
        )
        lay.addWidget(self.schedule_form)
        self.hyper = ParamForm(lambda n, v: state.set_hyper(n, v))
        lay.addWidget(self.hyper)
        row = QHBoxLayout()
        self.reset_btn = QPushButton(translate("OptimizerPanel", "Reset to defaults"))
        self.reset_btn.clicked.connect(lambda: state.reset_hyper())
        row.addWidget(self.reset_btn)
        row.addStretch(1)
        lay.addLayout(row)
        # what the state changed on its own (an η the new optimizer does not accept)
        self.note = MessageLabel()
        self.note.setVisible(False)
        lay.addWidget(self.note)

        # bound methods, not lambdas: PyQt drops a connection to a method when its widget
        # is destroyed, while a lambda would be called on the deleted widget (a crash)
        state.runsChanged.connect(self.refresh)
        state.currentRunChanged.connect(self.refresh)
        state.hiddenRunsChanged.connect(self.refresh)
        state.notice.connect(self._on_notice)
        self.refresh()

    def _parse_eta(self, text: str) -> float:
        spec = next((p for p in self.state.run.cls.params if p.name == "eta"), None)
        if spec is None:
            raise ValueError(
                translate("OptimizerPanel", "{optimizer} has no learning rate").format(
                    optimizer=self.state.run.cls.display_name
                )
            )
        return parse_param(spec)(text)

    def _commit_eta(self, value: float) -> None:
        """η's field: the number, or the size of the schedule η follows (its value at the
        first step: base, peak)."""
        eta = self.state.run.hyper_dict.get("eta")
        if is_scheduled(eta):
            self.state.set_schedule_param("eta", schedule_scale(eta["schedule"]).name, value)
        else:
            self.state.set_hyper("eta", value)

    def _pick_schedule(self, i: int) -> None:
        """η follows the schedule picked, or the panel says why it cannot (a schedule whose
        values leave η's range, e.g. a cosine from η = 1e308 overflows) and shows the
        schedule η still follows."""
        try:
            self.state.set_schedule("eta", self.schedule.itemData(i))
        except ValueError as exc:
            self._on_notice(core_message(exc))
            self.refresh()

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self.state.runs):
            self.state.current_run = row

    def _on_check(self, item: QListWidgetItem) -> None:
        row = self.runs.row(item)
        if 0 <= row < len(self.state.runs):
            self.state.set_run_shown(row, item.checkState() == Qt.CheckState.Checked)

    def _on_notice(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

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
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            shown = st.run_shown(i)
            item.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
            item.setToolTip(
                "" if shown else translate("OptimizerPanel", "hidden in the views (still racing)")
            )
        self.runs.setCurrentRow(st.current_run)
        self.runs.blockSignals(False)
        self.add_btn.setEnabled(len(st.runs) < MAX_RUNS)
        self.remove_btn.setEnabled(len(st.runs) > 1)
        run = st.run
        self.combo.setCurrentIndex(self.combo.findData(run.optimizer))
        hyper = run.hyper_dict
        has_eta = "eta" in hyper
        self.eta.setEnabled(has_eta)
        self.schedule.setEnabled(has_eta)
        eta = hyper.get("eta")
        if is_scheduled(eta):
            key = SCHEDULES.key(eta["schedule"])
            scale = schedule_scale(key).name
            self.eta.set_value(eta[scale])
            self.schedule.setCurrentIndex(self.schedule.findData(key))
            specs = tuple(p for p in SCHEDULES[key].params if p.name != scale)
            self.schedule_form.build(specs, eta)
            self.schedule_form.setVisible(True)
        else:
            self.schedule.setCurrentIndex(0)
            self.schedule_form.build((), {})
            self.schedule_form.setVisible(False)
            if has_eta:
                self.eta.set_value(eta)
            else:
                self.eta.edit.setText(translate("OptimizerPanel", "— (no learning rate)"))
        others = tuple(p for p in run_params(run.cls) if p.name != "eta")
        self.hyper.build(others, hyper)
        # The paper is cited in the equations panel; here it is the dropdown's tooltip.
        self.combo.setToolTip(getattr(run.cls, "paper", "") or "")
