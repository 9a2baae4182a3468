"""The optimizer panel: the race's runs, each run's optimizer and hyperparameters."""

from __future__ import annotations

from typing import Any

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

from app.controls.fields import ValidatedField, parse_param
from app.controls.param_form import ETA_PRESETS, ParamForm
from app.model.choices import MAX_RUNS, run_params
from app.model.state import AppState
from core.optimizers import OPTIMIZERS


def _swatch(color: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(color))
    return QIcon(pm)


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
