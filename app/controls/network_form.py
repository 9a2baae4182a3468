"""The network window's controls: data, network, optimizer and training boxes.

:class:`NetworkForm` writes the user's choices into a :class:`~app.model.training.NetworkState`
(a refusal is shown in its status line, never raised), and its Train and Cancel buttons call a
:class:`~app.model.training_job.TrainingController`, whose progress and outcome it reports in
the progress bar and the status line.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.fields import (
    MessageLabel,
    ValidatedField,
    parse_int,
    parse_param,
    small_label,
)
from gradscape.app.controls.param_form import ETA_PRESETS, ParamForm
from gradscape.app.model.choices import RUN_COLORS
from gradscape.app.model.training import (
    ARCHITECTURES,
    CNN_POOL,
    DATASETS,
    MAX_BATCH,
    MAX_EPOCHS,
    MAX_FILTERS,
    MAX_KERNEL,
    MAX_SEED,
    MAX_SHARPNESS_EVERY,
    SHARPNESS_EVERY_DEFAULT,
    SHARPNESS_SAMPLES,
    NetworkState,
    dataset_unavailable,
    dropout_text,
    hidden_text,
    parse_dropout,
    parse_hidden,
)
from gradscape.app.model.training_job import TrainingController, outcome_summary
from gradscape.app.model.training_run import RunOutcome
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.core.activations import ACTIVATIONS
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.schedules import SCHEDULES


class SizesField(ValidatedField):
    """The hidden-sizes field: shows (32, 32) as "32, 32"."""

    def set_value(self, value: Any) -> None:
        self._value = value
        try:
            current = self.parse(self.edit.text())
        except ValueError:
            current = None
        if current != value:  # do not rewrite "32,32" under the user's cursor
            self.edit.setText(hidden_text(value))
        self._mark(None)


class RatiosField(ValidatedField):
    """The dropout field: shows (0.2,) as "0.2"."""

    def set_value(self, value: Any) -> None:
        self._value = value
        try:
            current = self.parse(self.edit.text())
        except ValueError:
            current = None
        if current != value:
            self.edit.setText(dropout_text(value))
        self._mark(None)


class LogScaleCheck(QCheckBox):
    """The "Log-scale loss" check box: writes and follows the state's ``log_loss``."""

    def __init__(self, state: NetworkState, parent: QWidget | None = None) -> None:
        super().__init__(translate("NetworkForm", "Log-scale loss"), parent)
        self.state = state
        self.setChecked(state.log_loss)
        self.toggled.connect(state.set_log_loss)
        state.changed.connect(self._on_state)

    def _on_state(self, name: str) -> None:
        if name == "log_loss":
            self.setChecked(self.state.log_loss)


class NetworkForm(QWidget):
    """The four boxes of the network window's controls, one above the other."""

    def __init__(
        self, state: NetworkState, training: TrainingController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("controls")
        self.state, self.training = state, training
        cl = QVBoxLayout(self)
        cl.setContentsMargins(8, 8, 8, 8)
        cl.setSpacing(8)
        cl.addWidget(self._data_box())
        cl.addWidget(self._network_box())
        cl.addWidget(self._optimizer_box())
        cl.addWidget(self._training_box())
        cl.addStretch(1)

        # methods, not lambdas: PyQt drops them with the form
        state.changed.connect(self._on_state)
        training.started.connect(self._on_started)
        training.updated.connect(self._on_updated)
        training.runDone.connect(self._on_run_done)
        training.finished.connect(self._on_finished)
        training.failed.connect(self._on_failed)
        training.runningChanged.connect(self._on_running)
        for name in ("dataset", "arch", "filters", "kernel", "dropout", "hidden", "act",
                     "optimizer", "hyper", "compare", "epochs", "batch_size", "seed",
                     "sharpness_every"):  # fmt: skip
            self._on_state(name)

    # -- building -------------------------------------------------------------------------
    def _data_box(self) -> QGroupBox:
        box = QGroupBox(translate("NetworkForm", "Data"))
        lay = QVBoxLayout(box)
        self.dataset_combo = QComboBox()
        model = self.dataset_combo.model()
        for key, info in DATASETS.items():
            missing = dataset_unavailable(key)
            title = translate("Datasets", info.title)
            if missing is not None:
                title = translate("NetworkForm", "{dataset} (needs scikit-learn)").format(
                    dataset=title
                )
            self.dataset_combo.addItem(title, key)
            i = self.dataset_combo.count() - 1
            tip = missing or translate("Datasets", info.doc)
            self.dataset_combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
            if missing is not None:
                # Listed but not selectable: the entry says what to install.
                model.item(i).setEnabled(False)
        self.dataset_combo.activated.connect(
            lambda i: self._guard(self.state.set_dataset, self.dataset_combo.itemData(i))
        )
        lay.addWidget(self.dataset_combo)
        self.dataset_doc = small_label("")
        lay.addWidget(self.dataset_doc)
        return box

    def _network_box(self) -> QGroupBox:
        box = QGroupBox(translate("NetworkForm", "Network"))
        form = self.network_rows = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.arch_combo = QComboBox()
        for key, title in ARCHITECTURES.items():
            self.arch_combo.addItem(translate("NetworkState", title), key)
        self.arch_combo.setToolTip(
            translate(
                "NetworkForm",
                "Dense: layers of the hidden widths.  CNN (image data: digits): a convolution "
                'of F filters k×k ("same" padding) → activation → max pool {pool} → dense '
                "output",
            ).format(pool=CNN_POOL)
        )
        self.arch_combo.activated.connect(
            lambda i: self._guard(self.state.set_arch, self.arch_combo.itemData(i))
        )
        form.addRow(translate("NetworkForm", "Architecture"), self.arch_combo)
        self.filters_field = ValidatedField(
            parse_int(translate("NetworkState", "filters"), 1, MAX_FILTERS),
            self.state.set_filters,
            tooltip=translate(
                "NetworkForm", "number of convolution filters F (each one learned image)"
            ),
        )
        form.addRow(translate("NetworkForm", "Filters"), self.filters_field)
        self.kernel_field = ValidatedField(
            parse_int(translate("NetworkState", "kernel size"), 1, MAX_KERNEL),
            self.state.set_kernel,
            tooltip=translate("NetworkForm", "filter size k: each filter is k×k pixels"),
        )
        form.addRow(translate("NetworkForm", "Kernel"), self.kernel_field)
        self.hidden_field = SizesField(
            parse_hidden,
            self.state.set_hidden,
            tooltip=translate(
                "NetworkForm", "sizes of the hidden layers, e.g. 32, 32 (empty: no hidden layer)"
            ),
        )
        form.addRow(translate("NetworkForm", "Hidden"), self.hidden_field)
        self.act_combo = QComboBox()
        for key, cls in ACTIVATIONS.items():
            # core's word (a name such as ReLU stays as it is)
            self.act_combo.addItem(translate("core", getattr(cls, "display_name", "") or key), key)
        self.act_combo.setMaxVisibleItems(25)
        self.act_combo.setToolTip(translate("NetworkForm", "activation of the hidden layers"))
        self.act_combo.activated.connect(
            lambda i: self._guard(self.state.set_act, self.act_combo.itemData(i))
        )
        form.addRow(translate("NetworkForm", "Activation"), self.act_combo)
        self.dropout_field = RatiosField(
            parse_dropout,
            self.state.set_dropout,
            tooltip=translate(
                "NetworkForm",
                "dropout ratio after every hidden layer (one number), or one per hidden "
                "layer (0.2, 0); for the CNN after its pooling; 0 or empty: none.  Training "
                "drops that share of the units and scales the others up; evaluation keeps all",
            ),
        )
        form.addRow(translate("NetworkForm", "Dropout"), self.dropout_field)
        self.sizes_label = small_label("")
        form.addRow(self.sizes_label)
        return box

    def _optimizer_box(self) -> QGroupBox:
        box = QGroupBox(translate("NetworkForm", "Optimizer"))
        lay = QVBoxLayout(box)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.opt_combo = QComboBox()
        for key, cls in OPTIMIZERS.items():
            if not cls.surface_only:  # Newton, L-BFGS need a surface's loss and Hessian
                self.opt_combo.addItem(cls.display_name, key)
        self.opt_combo.setMaxVisibleItems(25)
        self.opt_combo.activated.connect(
            lambda i: self._guard(self.state.set_optimizer, self.opt_combo.itemData(i))
        )
        form.addRow(translate("NetworkForm", "Optimizer"), self.opt_combo)
        self.eta_field = ValidatedField(
            self._parse_eta,
            lambda v: self.state.set_hyper("eta", v),
            presets=ETA_PRESETS,
            tooltip=translate("NetworkForm", "learning rate η"),
        )
        form.addRow("η", self.eta_field)
        self.schedule_combo = QComboBox()
        # the schedules' names are core's words
        self.schedule_combo.addItem(
            translate("core", SCHEDULES["constant"].display_name), "constant"
        )
        for key, cls in SCHEDULES.items():
            if key != "constant":
                self.schedule_combo.addItem(translate("core", cls.display_name), key)
                i = self.schedule_combo.count() - 1
                tip = f"{cls.equation}\n{cls.reference}"
                self.schedule_combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        self.schedule_combo.setToolTip(
            translate("NetworkForm", "how η changes with the step t (constant: the η field)")
        )
        self.schedule_combo.activated.connect(
            lambda i: self._guard(self.state.set_eta_schedule, self.schedule_combo.itemData(i))
        )
        form.addRow(translate("NetworkForm", "η schedule"), self.schedule_combo)
        lay.addLayout(form)
        self.schedule_form = ParamForm(
            lambda name, value: self._guard(self.state.set_schedule_param, name, value)
        )
        lay.addWidget(self.schedule_form)
        self.hyper_form = ParamForm(self.state.set_hyper)
        lay.addWidget(self.hyper_form)
        row = QHBoxLayout()
        self.add_btn = QPushButton(translate("NetworkForm", "Add to comparison"))
        self.add_btn.setToolTip(
            translate(
                "NetworkForm",
                "Compare optimizers: Train trains every listed one in turn from the same "
                "initial weights and batch order",
            )
        )
        self.add_btn.clicked.connect(lambda: self._guard(self.state.add_compare))
        self.remove_btn = QPushButton(translate("NetworkForm", "Remove"))
        self.remove_btn.clicked.connect(self._remove_compare)
        row.addWidget(self.add_btn)
        row.addWidget(self.remove_btn)
        lay.addLayout(row)
        self.compare_list = QListWidget()
        self.compare_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.compare_list.setMaximumHeight(64)
        lay.addWidget(self.compare_list)
        self.compare_hint = small_label("")
        lay.addWidget(self.compare_hint)
        return box

    def _training_box(self) -> QGroupBox:
        box = QGroupBox(translate("NetworkForm", "Training"))
        lay = QVBoxLayout(box)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.epochs_field = ValidatedField(
            parse_int(translate("NetworkState", "epochs"), 1, MAX_EPOCHS),
            self.state.set_epochs,
            tooltip=translate("NetworkForm", "passes over the data"),
        )
        self.batch_field = ValidatedField(
            parse_int(translate("NetworkState", "batch size"), 1, MAX_BATCH),
            self.state.set_batch_size,
            tooltip=translate(
                "NetworkForm", "samples per update (the last batch of an epoch may be smaller)"
            ),
        )
        self.seed_field = ValidatedField(
            parse_int(translate("NetworkState", "seed"), 0, MAX_SEED),
            self.state.set_seed,
            tooltip=translate(
                "NetworkForm",
                "seed of the initial weights and of the batch order (the data stay the same)",
            ),
        )
        form.addRow(translate("NetworkForm", "Epochs"), self.epochs_field)
        form.addRow(translate("NetworkForm", "Batch size"), self.batch_field)
        form.addRow(translate("NetworkForm", "Seed"), self.seed_field)
        lay.addLayout(form)
        sharp = QHBoxLayout()
        self.sharpness_check = QCheckBox(translate("NetworkForm", "Track sharpness every"))
        self.sharpness_check.setToolTip(
            translate(
                "NetworkForm",
                "λmax of the training loss's Hessian (power iteration on exact Hessian-vector "
                "products, on {samples} fixed training samples) every k steps, plotted "
                "against the optimizer's stability limit (2/η for SGD): the edge of stability",
            ).format(samples=SHARPNESS_SAMPLES)
        )
        self.sharpness_check.toggled.connect(self._toggle_sharpness)
        #: k while tracking is off (the state holds 0 then)
        self._sharpness_k = SHARPNESS_EVERY_DEFAULT
        self.sharpness_field = ValidatedField(
            parse_int(translate("NetworkState", "sharpness every"), 1, MAX_SHARPNESS_EVERY),
            self._set_sharpness_k,
            tooltip=translate(
                "NetworkForm",
                "steps between two measurements of λmax (each costs some Hessian-vector "
                "products: a few passes over the subset)",
            ),
        )
        self.sharpness_field.set_value(self._sharpness_k)
        sharp.addWidget(self.sharpness_check)
        sharp.addWidget(self.sharpness_field, 1)
        sharp.addWidget(QLabel(translate("NetworkForm", "steps")))
        lay.addLayout(sharp)
        row = QHBoxLayout()
        self.train_btn = QPushButton(translate("NetworkForm", "Train"))
        self.train_btn.setDefault(True)
        self.train_btn.clicked.connect(self.train)
        self.cancel_btn = QPushButton(translate("NetworkForm", "Cancel"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.cancel)
        row.addWidget(self.train_btn)
        row.addWidget(self.cancel_btn)
        lay.addLayout(row)
        self.landscape_btn = QPushButton(translate("NetworkForm", "Landscape…"))
        self.landscape_btn.setToolTip(
            translate(
                "NetworkForm",
                "Train this network with checkpoints and compute its loss landscape on a plane "
                "of parameter space; it opens in the main window",
            )
        )
        lay.addWidget(self.landscape_btn)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(translate("NetworkForm", "%v / %m epochs"))
        lay.addWidget(self.progress)
        self.status = MessageLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        return box

    @property
    def fields(self) -> dict[str, ValidatedField]:
        """The text fields, by what they set."""
        fields = {
            "filters": self.filters_field,
            "kernel": self.kernel_field,
            "dropout": self.dropout_field,
            "hidden": self.hidden_field,
            "eta": self.eta_field,
            "epochs": self.epochs_field,
            "batch_size": self.batch_field,
            "seed": self.seed_field,
            "sharpness_every": self.sharpness_field,
        }
        for name, w in self.hyper_form.fields.items():
            if isinstance(w, ValidatedField):
                fields[name] = w
        for name, w in self.schedule_form.fields.items():
            if isinstance(w, ValidatedField):
                fields[f"schedule {name}"] = w
        return fields

    # -- state -> widgets -----------------------------------------------------------------
    def _parse_eta(self, text: str) -> float:
        spec = next((p for p in OPTIMIZERS[self.state.optimizer].params if p.name == "eta"), None)
        if spec is None:
            raise ValueError(
                translate("NetworkForm", "{optimizer} has no η").format(
                    optimizer=OPTIMIZERS[self.state.optimizer].display_name
                )
            )
        return parse_param(spec)(text)

    def _on_state(self, name: str) -> None:
        st = self.state
        if name == "dataset":
            self.dataset_combo.setCurrentIndex(self.dataset_combo.findData(st.dataset))
            self.dataset_doc.setText(translate("Datasets", DATASETS[st.dataset].doc))
            images = DATASETS[st.dataset].image is not None
            cnn = self.arch_combo.model().item(self.arch_combo.findData("cnn"))
            cnn.setEnabled(images)
            cnn.setToolTip(
                "" if images else translate("NetworkForm", "a CNN needs image data: choose Digits")
            )
            self._show_sizes()
        elif name == "arch":
            self.arch_combo.setCurrentIndex(self.arch_combo.findData(st.arch))
            cnn = st.arch == "cnn"
            for w in (self.filters_field, self.kernel_field):
                self.network_rows.setRowVisible(w, cnn)
                w.setEnabled(cnn)
            self.network_rows.setRowVisible(self.hidden_field, not cnn)
            self.hidden_field.setEnabled(not cnn)
            self._show_sizes()
        elif name == "filters":
            self.filters_field.set_value(st.filters)
            self._show_sizes()
        elif name == "kernel":
            self.kernel_field.set_value(st.kernel)
            self._show_sizes()
        elif name == "dropout":
            self.dropout_field.set_value(st.dropout)
        elif name == "hidden":
            self.hidden_field.set_value(st.hidden)
            self._show_sizes()
        elif name == "act":
            self.act_combo.setCurrentIndex(self.act_combo.findData(st.act))
        elif name == "optimizer":
            self.opt_combo.setCurrentIndex(self.opt_combo.findData(st.optimizer))
        elif name == "hyper":
            specs = tuple(p for p in OPTIMIZERS[st.optimizer].params if p.name != "eta")
            self.hyper_form.build(specs, st.hyper)
            sched = st.eta_schedule
            if "eta" in st.hyper:  # a schedule's: its first value, the field disabled
                self.eta_field.set_value(st.hyper["eta"] if sched is None else sched(1))
            self.eta_field.setEnabled("eta" in st.hyper and sched is None)
            self.schedule_combo.setEnabled("eta" in st.hyper)
            key = "constant" if sched is None else sched.key
            self.schedule_combo.setCurrentIndex(self.schedule_combo.findData(key))
            self.schedule_form.build(() if sched is None else type(sched).params,
                                     {} if sched is None else sched.hyper)  # fmt: skip
        elif name == "compare":
            self.compare_list.clear()
            for i, run in enumerate(st.compare):
                item = QListWidgetItem(run.label)
                item.setForeground(QColor(RUN_COLORS[i % len(RUN_COLORS)]))
                self.compare_list.addItem(item)
            n = len(st.compare)
            self.compare_hint.setText(
                translate(
                    "NetworkForm", "Train compares these {count} runs from the same initial weights"
                ).format(count=n)
                if n
                else translate("NetworkForm", "Empty: Train trains the optimizer above alone")
            )
            self.remove_btn.setEnabled(n > 0)
            self._preview_progress()
        elif name == "epochs":
            self.epochs_field.set_value(st.epochs)
            self._preview_progress()
        elif name == "batch_size":
            self.batch_field.set_value(st.batch_size)
        elif name == "seed":
            self.seed_field.set_value(st.seed)
        elif name == "sharpness_every":
            k = st.sharpness_every
            if k > 0:
                self._sharpness_k = k
                self.sharpness_field.set_value(k)
            self.sharpness_check.setChecked(k > 0)
            self.sharpness_field.setEnabled(k > 0)

    def _toggle_sharpness(self, on: bool) -> None:
        self._guard(self.state.set_sharpness_every, self._sharpness_k if on else 0)

    def _set_sharpness_k(self, k: int) -> None:
        self._sharpness_k = k
        if self.sharpness_check.isChecked():
            self.state.set_sharpness_every(k)

    def _preview_progress(self) -> None:
        """Before training: the bar reads "0 / N epochs" for the run Train would start."""
        if self.training.running:
            return
        runs = max(1, len(self.state.compare))
        self.progress.setRange(0, self.state.epochs * runs)
        self.progress.setValue(0)

    def _show_sizes(self) -> None:
        st = self.state
        info = DATASETS[st.dataset]  # (the sizes, without loading the data)
        if st.arch == "cnn" and info.image is not None:
            c, h, w = info.image
            ph, pw = h // CNN_POOL, w // CNN_POOL
            self.sizes_label.setText(
                translate(
                    "NetworkForm",
                    "{c}×{h}×{w} → conv {filters}@{k}×{k} → {filters}×{h}×{w} → pool {pool} → "
                    "{filters}×{ph}×{pw} → dense {outputs}",
                ).format(
                    c=c, h=h, w=w, filters=st.filters, k=st.kernel, pool=CNN_POOL, ph=ph, pw=pw,
                    outputs=info.outputs,
                )  # fmt: skip
            )
            return
        sizes = [info.inputs, *st.hidden, info.outputs]
        self.sizes_label.setText(
            translate("NetworkForm", "layers {sizes}").format(
                sizes=" → ".join(str(n) for n in sizes)
            )
        )

    def _guard(self, fn, *args) -> None:
        """Call a state setter; a refusal is shown in the status line, never raised."""
        try:
            fn(*args)
        except ValueError as exc:
            self._set_status(core_message(exc), error=True)

    def _remove_compare(self) -> None:
        row = self.compare_list.currentRow()
        if row < 0:
            row = len(self.state.compare) - 1
        if row >= 0:
            self.state.remove_compare(row)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setObjectName("fieldError" if error else "hint")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    # -- training -------------------------------------------------------------------------
    def train(self) -> bool:
        """Start training the state's spec; False (and an explanation) when a field is
        invalid or training is already running."""
        if self.training.running:
            return False
        # Values typed but not yet confirmed with Enter count; invalid ones block training.
        for f in self.fields.values():
            if f.isEnabled():
                f.confirm()
        bad = [(n, f.error_text) for n, f in self.fields.items() if f.isEnabled() and f.invalid]
        if bad:
            if len(bad) > 1:
                text = translate("NetworkForm", "Not started — fix the marked fields: {errors}")
            else:
                text = translate("NetworkForm", "Not started — fix the marked field: {errors}")
            self._set_status(text.format(errors="; ".join(t for _, t in bad)), error=True)
            return False
        try:
            return self.training.train()
        except (ImportError, ValueError) as exc:
            self._set_status(
                translate("NetworkForm", "Not started — {reason}").format(reason=exc), error=True
            )
            return False

    def cancel(self) -> None:
        """Stop after the current epoch."""
        if self.training.cancel():
            self._set_status(translate("NetworkForm", "Cancelling …"))

    def _on_started(self) -> None:
        spec = self.training.spec
        self.progress.setRange(0, spec.epochs * len(spec.runs))
        self.progress.setValue(0)
        self._set_status(
            translate("NetworkForm", "Training {run} …").format(run=self.training.labels[0])
        )

    def _on_updated(self, _runs: list[int]) -> None:
        # Once per batch of epochs, not per epoch: a progress bar repaints at every setValue.
        self.progress.setValue(self.training.epochs_done)

    def _on_run_done(self, out: RunOutcome) -> None:
        nxt = out.index + 1
        if not out.cancelled and nxt < len(self.training.labels):
            self._set_status(
                translate("NetworkForm", "Training {run} …").format(run=self.training.labels[nxt])
            )

    def _on_finished(self) -> None:
        text, error = outcome_summary(self.training.outcomes, self.training.spec.epochs)
        self._set_status(text, error=error)

    def _on_failed(self, message: str) -> None:
        self._set_status(
            translate("NetworkForm", "Training failed: {reason}").format(reason=message), error=True
        )

    def _on_running(self, on: bool) -> None:
        self.train_btn.setEnabled(not on)
        self.cancel_btn.setEnabled(on)
