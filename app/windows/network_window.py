"""The "Train a network" window: the numpy core training whole networks, live.

Pick a dataset, the hidden layer sizes, an activation, an optimizer and η (all from the core
registries), epochs, batch size and seed; Train runs :func:`app.model.training.train_runs` in a
worker thread (BLAS pinned to one thread) with a progress bar per epoch, and Cancel stops it
after the current epoch.  The plots follow every epoch: train and validation loss (log scale
option), accuracy for classification, and the data view — decision regions with the points
coloured by class (2-D sets), the target, the noisy samples and the network's curve (sine), or
the confusion matrix with the test accuracy (digits).  Several optimizers can be compared: each
is trained in turn from the same initial weights and batch order, their curves overlaid.

:func:`install_network_panel` adds a Network menu to the main window that opens this window.
"""

from __future__ import annotations

import threading
import traceback
from typing import Any

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QEvent, QObject, QRectF, QRunnable, Qt, QThreadPool, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QColor, QKeySequence
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGraphicsItem,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.controls.fields import ValidatedField, parse_int, parse_param, small_label
from app.controls.param_form import ETA_PRESETS, ParamForm
from app.model.state import RUN_COLORS
from app.model.training import (
    DATASETS,
    MAX_BATCH,
    MAX_EPOCHS,
    MAX_SEED,
    NetworkState,
    RunOutcome,
    TrainSpec,
    ViewData,
    ViewGeometry,
    dataset_unavailable,
    hidden_text,
    load_dataset,
    parse_hidden,
    train_runs,
)
from core.activations import ACTIVATIONS
from core.optimizers import OPTIMIZERS
from resources import resource_path

pg.setConfigOptions(antialias=True, foreground="#2b2f36", background="#ffffff")

#: Class colours: saturated for the points, the same hues pale for the regions behind them.
CLASS_COLORS = (
    "#2563eb",
    "#dc2626",
    "#16a34a",
    "#9333ea",
    "#ea580c",
    "#0891b2",
    "#ca8a04",
    "#db2777",
    "#4b5563",
    "#65a30d",
)
#: How far the region colours are blended towards white.
REGION_FADE = 0.72
#: Misclassified digits beside the confusion matrix: columns, cell pitch and image size in
#: matrix cells, gap between the matrix and the first column.
DIGIT_COLUMNS = 4
DIGIT_STEP = 1.45
DIGIT_SIZE = 1.0
DIGIT_GAP = 0.6
#: White paper, dark ink.
INK_LUT = np.repeat(np.linspace(255, 30, 256).astype(np.uint8)[:, None], 3, axis=1)
#: Redraw rate of the live plots while training (epochs can be much faster than this).
REDRAW_MS = 80

STYLE_PATH = resource_path("style.qss")


def class_rgb(k: int) -> np.ndarray:
    c = QColor(CLASS_COLORS[k % len(CLASS_COLORS)])
    return np.array([c.red(), c.green(), c.blue()], np.float64)


def region_lut(classes: int) -> np.ndarray:
    """(classes, 4) uint8 RGBA: the class colours faded towards white."""
    rgb = np.array([class_rgb(k) for k in range(classes)])
    faded = rgb + (255.0 - rgb) * REGION_FADE
    return np.concatenate([np.round(faded), np.full((classes, 1), 255.0)], axis=1).astype(np.uint8)


def _style_plot(plot: pg.PlotItem, left: str, bottom: str) -> None:
    for name, text in (("left", left), ("bottom", bottom)):
        ax = plot.getAxis(name)
        ax.setPen(pg.mkPen("#8a8f98"))
        ax.setTextPen(pg.mkPen("#2b2f36"))
        ax.setLabel(text)
    plot.showGrid(x=True, y=True, alpha=0.18)
    plot.setMenuEnabled(False)
    plot.hideButtons()


def _finite(values: list) -> np.ndarray:
    """A history column as floats, None and non-finite entries as NaN (drawn as gaps)."""
    a = np.array(values, np.float64)  # None -> NaN
    a[~np.isfinite(a)] = np.nan
    return a


# -- the worker ------------------------------------------------------------------------------


class _Signals(QObject):
    runDone = pyqtSignal(int, object)  # gen, RunOutcome
    finished = pyqtSignal(int)
    failed = pyqtSignal(int, str)


class _TrainJob(QRunnable):
    """Trains in a pool thread.  Epochs are not signalled one by one: the worker appends
    them to :attr:`pending` and the GUI's redraw timer takes them in batches.  (A queued
    signal per epoch makes the GUI thread queue for the GIL thousands of times a second
    while the worker runs Python: the window would stall.)"""

    def __init__(self, gen: int, spec: TrainSpec, data: Any, signals: _Signals) -> None:
        super().__init__()
        self.gen, self.spec, self.data, self.signals = gen, spec, data, signals
        self.cancel_event = threading.Event()
        self.lock = threading.Lock()
        self.pending: list[tuple[int, int, dict]] = []
        self.view: tuple[int, ViewData] | None = None

    def _on_epoch(self, i: int, epoch: int, logs: dict, view: ViewData | None) -> None:
        with self.lock:
            self.pending.append((i, epoch, logs))
            if view is not None:
                self.view = (i, view)

    def take(self) -> tuple[list[tuple[int, int, dict]], tuple[int, ViewData] | None]:
        """The epochs and the newest view since the last call (GUI thread)."""
        with self.lock:
            pending, view = self.pending, self.view
            self.pending, self.view = [], None
        return pending, view

    def run(self) -> None:
        sig, gen = self.signals, self.gen
        try:
            train_runs(
                self.spec,
                on_epoch=self._on_epoch,
                on_run_done=lambda out: sig.runDone.emit(gen, out),
                cancelled=self.cancel_event.is_set,
                data=self.data,
            )
        except Exception as exc:  # a core bug must be shown, not kill the thread silently
            traceback.print_exc()
            sig.failed.emit(gen, f"{type(exc).__name__}: {exc}")
            return
        sig.finished.emit(gen)


# -- the views -------------------------------------------------------------------------------


class CurvesView(pg.PlotWidget):
    """One quantity per epoch (loss or accuracy), train solid and validation dashed, one
    colour per run."""

    def __init__(
        self, key: str, title: str, name_runs: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.key = key
        #: whether the legend names the runs (one legend doing it is enough)
        self.name_runs = name_runs
        self.setMinimumSize(220, 150)
        plot = self.getPlotItem()
        _style_plot(plot, title, "epoch")
        plot.getAxis("left").enableAutoSIPrefix(False)
        # Long runs: draw about one point per pixel column (peaks kept), only what is visible.
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        # Loss falls towards the bottom, accuracy rises to the top: keep the legend clear.
        offset = (-8, 8) if key == "loss" else (-8, -8)
        self.legend = plot.addLegend(offset=offset, labelTextSize="8pt")
        self.train: list[pg.PlotDataItem] = []
        self.val: list[pg.PlotDataItem] = []

    def set_runs(self, labels: list[str]) -> None:
        plot = self.getPlotItem()
        for item in self.train + self.val:
            plot.removeItem(item)
        self.legend.clear()
        self.train, self.val = [], []
        several = len(labels) > 1
        for i, label in enumerate(labels):
            color = RUN_COLORS[i % len(RUN_COLORS)] if several else "#2563eb"
            tr = pg.PlotDataItem(pen=pg.mkPen(color, width=2), connect="finite")
            va = pg.PlotDataItem(
                pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine), connect="finite"
            )
            plot.addItem(tr)
            plot.addItem(va)
            self.train.append(tr)
            self.val.append(va)
            if several and self.name_runs:
                self.legend.addItem(tr, label)
        if labels:
            # Which line is which: one legend entry per line style, in grey when the
            # colours name the runs.
            grey = "#2563eb" if not several else "#6b7280"
            self._keys = [
                pg.PlotDataItem(pen=pg.mkPen(grey, width=2)),
                pg.PlotDataItem(pen=pg.mkPen(grey, width=1.5, style=Qt.PenStyle.DashLine)),
            ]
            self.legend.addItem(self._keys[0], "train")
            self.legend.addItem(self._keys[1], "validation")

    def set_history(self, i: int, history: dict[str, list]) -> None:
        epochs = np.asarray(history["epoch"], np.float64)
        self.train[i].setData(epochs, _finite(history[self.key]))
        self.val[i].setData(epochs, _finite(history["val_" + self.key]))


class DataView(QWidget):
    """What the network does with the data: regions, curve, or confusion matrix."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.title = QLabel()
        self.title.setObjectName("hint")
        lay.addWidget(self.title)
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setMinimumSize(240, 200)
        lay.addWidget(self.plot_widget, 1)
        self.plot = self.plot_widget.getPlotItem()
        _style_plot(self.plot, "", "")
        # Two images: an RGBA class map, and the confusion counts through a colormap.
        self.image = pg.ImageItem(axisOrder="col-major")
        self.plot.addItem(self.image)
        self.cm_image = pg.ImageItem(axisOrder="col-major")
        self.cm_image.setColorMap(pg.colormap.get("CET-L17"))
        self.plot.addItem(self.cm_image)
        self.points: list[pg.ScatterPlotItem] = []
        self.target = pg.PlotDataItem(pen=pg.mkPen("#9ca3af", width=2, style=Qt.PenStyle.DashLine))
        self.samples = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(37, 99, 235, 120))
        self.curve = pg.PlotDataItem(pen=pg.mkPen("#dc2626", width=2.5), connect="finite")
        self.texts: list[pg.TextItem] = []
        #: misclassified test digits drawn beside the confusion matrix
        self.digits: list[pg.ImageItem] = []
        self.legend = self.plot.addLegend(offset=(8, 8), labelTextSize="8pt")
        self.data: Any = None
        self.geo: ViewGeometry | None = None
        #: the RGBA image of the decision map (map datasets), as handed to the ImageItem
        self.map_rgba: np.ndarray | None = None

    def _reset(self) -> None:
        items = (self.target, self.samples, self.curve, *self.points, *self.texts, *self.digits)
        for item in items:
            if item.scene() is not None:
                self.plot.removeItem(item)
        self.points, self.texts, self.digits = [], [], []
        self.legend.clear()
        self.image.clear()
        self.cm_image.clear()
        self.map_rgba = None

    def set_dataset(self, data: Any) -> None:
        """Draw the data alone (before and while the first snapshot arrives)."""
        self._reset()
        self.data = data
        geo = self.geo = ViewGeometry.for_dataset(data)
        p = self.plot
        p.setAspectLocked(geo.kind == "map")
        p.invertY(geo.kind == "digits")
        # Grid lines only help read the curve; over a map they would tint its colours.
        alpha = 0.18 if geo.kind == "curve" else 0.0
        p.showGrid(x=alpha > 0, y=alpha > 0, alpha=alpha)
        for name in ("left", "bottom"):
            ax = p.getAxis(name)
            ax.enableAutoSIPrefix(False)
            if geo.kind == "digits":
                ax.setTicks([[(i, str(i)) for i in range(data.classes)]])
            else:
                ax.setTicks(None)
        if geo.kind == "map":
            p.getAxis("left").setLabel("x₂")
            p.getAxis("bottom").setLabel("x₁")
            for k in range(data.classes):
                for x, t, symbol, name in (
                    (data.x_train, data.labels_train, "o", f"class {k}"),
                    (data.x_test, data.labels_test, "t1", None),
                ):
                    sel = x[t == k]
                    item = pg.ScatterPlotItem(
                        sel[:, 0], sel[:, 1], size=7 if symbol == "o" else 8, symbol=symbol,
                        brush=pg.mkBrush(CLASS_COLORS[k % len(CLASS_COLORS)]),
                        pen=pg.mkPen("w", width=0.8),
                    )  # fmt: skip
                    item.setZValue(5)
                    # The points never move during training: keep them as pixmaps, so a
                    # new map repaints the image alone.
                    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                    p.addItem(item)
                    self.points.append(item)
                    if name:
                        self.legend.addItem(item, name)
            p.setRange(xRange=(geo.xs[0], geo.xs[-1]), yRange=(geo.ys[0], geo.ys[-1]), padding=0.02)
            self.title.setText("Decision regions (predicted class); ● train, ▲ test")
        elif geo.kind == "curve":
            p.getAxis("left").setLabel("t")
            p.getAxis("bottom").setLabel("x")
            p.addItem(self.target)
            self.target.setData(geo.xs, np.sin(geo.xs))
            x = np.concatenate([data.x_train[:, 0], data.x_test[:, 0]])
            t = np.concatenate([data.t_train[:, 0], data.t_test[:, 0]])
            p.addItem(self.samples)
            self.samples.setData(x, t)
            p.addItem(self.curve)
            self.curve.setData([], [])
            self.legend.addItem(self.target, "sin x")
            self.legend.addItem(self.samples, "noisy samples")
            self.legend.addItem(self.curve, "network")
            p.enableAutoRange()
            self.title.setText("Target sin x, the noisy samples and the network's curve")
        else:
            p.getAxis("left").setLabel("true class")
            p.getAxis("bottom").setLabel("predicted class")
            k = data.classes
            # Room on the right for the misclassified digits.
            right = k - 0.5 + DIGIT_GAP + DIGIT_COLUMNS * DIGIT_STEP
            p.setRange(xRange=(-0.5, right), yRange=(-0.5, k - 0.5), padding=0.02)
            p.setAspectLocked(True)
            self.title.setText("Confusion matrix on the test set (after training)")

    def show_view(self, view: ViewData | None, label: str = "") -> None:
        if view is None or self.geo is None or view.kind != self.geo.kind:
            return
        if view.kind == "map":
            lut = region_lut(max(self.data.classes, int(view.classes.max()) + 1))
            self.map_rgba = lut[view.classes]
            self.image.setImage(self.map_rgba, autoLevels=False, levels=(0, 255))
            # Cell centres on the grid points (the rect needs the image: set it after).
            geo = self.geo
            dx, dy = geo.xs[1] - geo.xs[0], geo.ys[1] - geo.ys[0]
            self.image.setRect(
                QRectF(geo.xs[0] - dx / 2, geo.ys[0] - dy / 2, dx * len(geo.xs), dy * len(geo.ys))
            )
            if label:
                self.title.setText(f"Decision regions of {label}; ● train, ▲ test")
        elif view.kind == "curve":
            self.curve.setData(self.geo.xs, view.curve)
            if label:
                self.title.setText(f"Target sin x, the noisy samples and {label}'s curve")
        else:
            self._show_confusion(view, label)

    def _show_confusion(self, view: ViewData, label: str) -> None:
        cm = view.confusion
        k = len(cm)
        for t in self.texts:
            self.plot.removeItem(t)
        self.texts = []
        # Row i = true class i at y = i; the image is indexed [x = predicted, y = true].
        self.cm_image.setImage(cm.T.astype(np.float64), levels=(0, max(1, cm.max())))
        self.cm_image.setRect(QRectF(-0.5, -0.5, k, k))
        for i in range(k):
            for j in range(k):
                if cm[i, j] == 0:
                    continue
                dark = cm[i, j] > 0.5 * cm.max()
                t = pg.TextItem(str(cm[i, j]), color="w" if dark else "#23272e", anchor=(0.5, 0.5))
                t.setPos(j, i)
                self.plot.addItem(t)
                self.texts.append(t)
        self._show_wrong(view, k)
        who = f"{label}: " if label else ""
        shown = f"; right: {len(self.digits)} of them, true → predicted" if self.digits else ""
        self.title.setText(
            f"{who}test accuracy {100 * view.test_accuracy:.1f}% "
            f"({len(view.wrong)} of {len(view.predicted)} test digits misclassified{shown})"
        )

    def _show_wrong(self, view: ViewData, k: int) -> None:
        """A few misclassified test images, dark ink on white, labelled true → predicted."""
        for item in self.digits:
            self.plot.removeItem(item)
        self.digits = []
        x = self.data.x_test
        side = int(round(np.sqrt(x.shape[1])))
        if side * side != x.shape[1]:
            return
        truth = self.data.labels_test
        rows = int((k - 0.5) // DIGIT_STEP)
        for n, idx in enumerate(view.wrong[: DIGIT_COLUMNS * rows]):
            c, r = n % DIGIT_COLUMNS, n // DIGIT_COLUMNS
            x0 = k - 0.5 + DIGIT_GAP + c * DIGIT_STEP
            y0 = -0.5 + r * DIGIT_STEP
            # col-major image[x, y] = pixel (row y, column x); y grows downwards here.
            img = pg.ImageItem(x[idx].reshape(side, side).T, axisOrder="col-major")
            img.setLookupTable(INK_LUT)
            img.setLevels((0.0, 1.0))
            img.setRect(QRectF(x0, y0, DIGIT_SIZE, DIGIT_SIZE))
            self.plot.addItem(img)
            self.digits.append(img)
            t = pg.TextItem(
                f"{truth[idx]}→{view.predicted[idx]}", color="#b91c1c", anchor=(0.5, 0.0)
            )
            t.setPos(x0 + DIGIT_SIZE / 2, y0 + DIGIT_SIZE)
            self.plot.addItem(t)
            self.texts.append(t)


# -- the panel -------------------------------------------------------------------------------


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


class NetworkPanel(QWidget):
    """Controls on the left, live plots on the right.  ``finished`` after every training
    (done, cancelled, diverged or failed)."""

    finished = pyqtSignal()

    def __init__(self, state: NetworkState | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state or NetworkState(self)
        self.outcomes: list[RunOutcome] = []
        self.histories: list[dict[str, list]] = []
        self.labels: list[str] = []
        self.spec: TrainSpec | None = None
        self.data: Any = None
        self._datasets: dict[str, Any] = {}
        self._gen = 0
        self._job: _TrainJob | None = None
        self._dirty: set[int] = set()
        self._epochs_done = 0
        self._latest_view: tuple[int, ViewData] | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.runDone.connect(self._on_run_done)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._redraw = QTimer(self)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._flush)

        controls = QWidget()
        controls.setObjectName("controls")
        cl = QVBoxLayout(controls)
        cl.setContentsMargins(8, 8, 8, 8)
        cl.setSpacing(8)
        cl.addWidget(self._data_box())
        cl.addWidget(self._network_box())
        cl.addWidget(self._optimizer_box())
        cl.addWidget(self._training_box())
        cl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(290)

        self.loss_view = CurvesView("loss", "loss")
        self.acc_view = CurvesView("accuracy", "accuracy", name_runs=False)
        self.acc_view.getPlotItem().setYRange(0, 1.04, padding=0)
        self.log_check = QCheckBox("Log-scale loss")
        self.log_check.toggled.connect(self.state.set_log_loss)
        self.data_view = DataView()
        loss_box = QWidget()
        ll = QVBoxLayout(loss_box)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(2)
        ll.addWidget(self.log_check)
        ll.addWidget(self.loss_view, 1)
        # Curves stacked on the left, the data view beside them: the 2-D maps are about
        # square and get a square-ish area.
        self.curves_split = QSplitter(Qt.Orientation.Vertical)
        self.curves_split.addWidget(loss_box)
        self.curves_split.addWidget(self.acc_view)
        self.views_split = QSplitter(Qt.Orientation.Horizontal)
        self.views_split.addWidget(self.curves_split)
        self.views_split.addWidget(self.data_view)
        self.views_split.setStretchFactor(0, 2)
        self.views_split.setStretchFactor(1, 3)
        self.views_split.setSizes([350, 620])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.views_split)
        split.setStretchFactor(1, 1)
        split.setSizes([310, 900])
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

        self.state.changed.connect(self._on_state)
        for name in ("dataset", "hidden", "act", "optimizer", "hyper", "compare", "epochs",
                     "batch_size", "seed", "log_loss"):  # fmt: skip
            self._on_state(name)

    # -- building -------------------------------------------------------------------------
    def _data_box(self) -> QGroupBox:
        box = QGroupBox("Data")
        lay = QVBoxLayout(box)
        self.dataset_combo = QComboBox()
        model = self.dataset_combo.model()
        for key, info in DATASETS.items():
            missing = dataset_unavailable(key)
            title = info.title if missing is None else f"{info.title} (needs scikit-learn)"
            self.dataset_combo.addItem(title, key)
            i = self.dataset_combo.count() - 1
            self.dataset_combo.setItemData(i, missing or info.doc, Qt.ItemDataRole.ToolTipRole)
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
        box = QGroupBox("Network")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.hidden_field = SizesField(
            parse_hidden,
            self.state.set_hidden,
            tooltip="sizes of the hidden layers, e.g. 32, 32 (empty: no hidden layer)",
        )
        form.addRow("Hidden", self.hidden_field)
        self.act_combo = QComboBox()
        for key, cls in ACTIVATIONS.items():
            self.act_combo.addItem(getattr(cls, "display_name", "") or key, key)
        self.act_combo.setMaxVisibleItems(25)
        self.act_combo.setToolTip("activation of the hidden layers")
        self.act_combo.activated.connect(
            lambda i: self._guard(self.state.set_act, self.act_combo.itemData(i))
        )
        form.addRow("Activation", self.act_combo)
        self.sizes_label = small_label("")
        form.addRow(self.sizes_label)
        return box

    def _optimizer_box(self) -> QGroupBox:
        box = QGroupBox("Optimizer")
        lay = QVBoxLayout(box)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.opt_combo = QComboBox()
        for key, cls in OPTIMIZERS.items():
            self.opt_combo.addItem(cls.display_name, key)
        self.opt_combo.setMaxVisibleItems(25)
        self.opt_combo.activated.connect(
            lambda i: self._guard(self.state.set_optimizer, self.opt_combo.itemData(i))
        )
        form.addRow("Optimizer", self.opt_combo)
        self.eta_field = ValidatedField(
            self._parse_eta,
            lambda v: self.state.set_hyper("eta", v),
            presets=ETA_PRESETS,
            tooltip="learning rate η",
        )
        form.addRow("η", self.eta_field)
        lay.addLayout(form)
        self.hyper_form = ParamForm(self.state.set_hyper)
        lay.addWidget(self.hyper_form)
        row = QHBoxLayout()
        self.add_btn = QPushButton("Add to comparison")
        self.add_btn.setToolTip(
            "Compare optimizers: Train trains every listed one in turn from the same "
            "initial weights and batch order"
        )
        self.add_btn.clicked.connect(lambda: self._guard(self.state.add_compare))
        self.remove_btn = QPushButton("Remove")
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
        box = QGroupBox("Training")
        lay = QVBoxLayout(box)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.epochs_field = ValidatedField(
            parse_int("epochs", 1, MAX_EPOCHS),
            self.state.set_epochs,
            tooltip="passes over the data",
        )
        self.batch_field = ValidatedField(
            parse_int("batch size", 1, MAX_BATCH),
            self.state.set_batch_size,
            tooltip="samples per update (the last batch of an epoch may be smaller)",
        )
        self.seed_field = ValidatedField(
            parse_int("seed", 0, MAX_SEED),
            self.state.set_seed,
            tooltip="seed of the initial weights and of the batch order (the data stay the same)",
        )
        form.addRow("Epochs", self.epochs_field)
        form.addRow("Batch size", self.batch_field)
        form.addRow("Seed", self.seed_field)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.train_btn = QPushButton("Train")
        self.train_btn.setDefault(True)
        self.train_btn.clicked.connect(self.train)
        self.cancel_btn = QPushButton("Cancel")
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.cancel)
        row.addWidget(self.train_btn)
        row.addWidget(self.cancel_btn)
        lay.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%v / %m epochs")
        lay.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        return box

    @property
    def fields(self) -> dict[str, ValidatedField]:
        """The text fields, by what they set."""
        fields = {
            "hidden": self.hidden_field,
            "eta": self.eta_field,
            "epochs": self.epochs_field,
            "batch_size": self.batch_field,
            "seed": self.seed_field,
        }
        for name, w in self.hyper_form.fields.items():
            if isinstance(w, ValidatedField):
                fields[name] = w
        return fields

    # -- state -> widgets -----------------------------------------------------------------
    def _parse_eta(self, text: str) -> float:
        spec = next((p for p in OPTIMIZERS[self.state.optimizer].params if p.name == "eta"), None)
        if spec is None:
            raise ValueError(f"{OPTIMIZERS[self.state.optimizer].display_name} has no η")
        return parse_param(spec)(text)

    def _on_state(self, name: str) -> None:
        st = self.state
        if name == "dataset":
            self.dataset_combo.setCurrentIndex(self.dataset_combo.findData(st.dataset))
            self.dataset_doc.setText(DATASETS[st.dataset].doc)
            self._show_sizes()
            self._preview_data()
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
            if "eta" in st.hyper:
                self.eta_field.set_value(st.hyper["eta"])
            self.eta_field.setEnabled("eta" in st.hyper)
        elif name == "compare":
            self.compare_list.clear()
            for i, run in enumerate(st.compare):
                item = QListWidgetItem(run.label)
                item.setForeground(QColor(RUN_COLORS[i % len(RUN_COLORS)]))
                self.compare_list.addItem(item)
            n = len(st.compare)
            self.compare_hint.setText(
                f"Train compares these {n} runs from the same initial weights"
                if n
                else "Empty: Train trains the optimizer above alone"
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
        elif name == "log_loss":
            self.log_check.setChecked(st.log_loss)
            self.loss_view.getPlotItem().setLogMode(y=st.log_loss)

    def _preview_data(self) -> None:
        """Before training: show the chosen data (not an empty plot)."""
        if getattr(self, "_job", None) is not None or not hasattr(self, "data_view"):
            return
        key = self.state.dataset
        if dataset_unavailable(key):
            return
        data = self.dataset(key)
        if self.data_view.data is not data:
            self.data_view.set_dataset(data)
        self.acc_view.setVisible(data.kind == "classification")

    def _preview_progress(self) -> None:
        """Before training: the bar reads "0 / N epochs" for the run Train would start."""
        if getattr(self, "_job", None) is not None or not hasattr(self, "progress"):
            return
        runs = max(1, len(self.state.compare))
        self.progress.setRange(0, self.state.epochs * runs)
        self.progress.setValue(0)

    def _show_sizes(self) -> None:
        info = DATASETS[self.state.dataset]
        if dataset_unavailable(info.key):
            return
        data = self.dataset(info.key)
        sizes = [data.x_train.shape[1], *self.state.hidden, data.t_train.shape[1]]
        self.sizes_label.setText("layers " + " → ".join(str(n) for n in sizes))

    def dataset(self, key: str) -> Any:
        """The dataset ``key`` (loaded once; training only reads it)."""
        if key not in self._datasets:
            self._datasets[key] = load_dataset(key)
        return self._datasets[key]

    def _guard(self, fn, *args) -> None:
        """Call a state setter; a refusal is shown in the status line, never raised."""
        try:
            fn(*args)
        except ValueError as exc:
            self._set_status(str(exc), error=True)

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
    @property
    def running(self) -> bool:
        return self._job is not None

    def train(self) -> bool:
        """Start training the state's spec; False (and an explanation) when a field is
        invalid or training is already running."""
        if self.running:
            return False
        # Values typed but not yet confirmed with Enter count; invalid ones block training.
        for f in self.fields.values():
            if f.isEnabled():
                f._confirm(f.edit.text())
        bad = [(n, f.error_text) for n, f in self.fields.items() if f.isEnabled() and f.invalid]
        if bad:
            self._set_status(
                "Not started — fix the marked field"
                + ("s" if len(bad) > 1 else "")
                + ": "
                + "; ".join(text for _, text in bad),
                error=True,
            )
            return False
        spec = self.state.spec()
        try:
            data = self.dataset(spec.dataset)
        except (ImportError, ValueError) as exc:
            self._set_status(f"Not started — {exc}", error=True)
            return False
        self.spec, self.data = spec, data
        self.outcomes = []
        self.labels = [run.label for run in spec.runs]
        self.histories = [{"epoch": [], "loss": [], "accuracy": [], "val_loss": [],
                           "val_accuracy": []} for _ in spec.runs]  # fmt: skip
        self.loss_view.set_runs(self.labels)
        self.acc_view.set_runs(self.labels)
        self.acc_view.setVisible(data.kind == "classification")
        self.data_view.set_dataset(data)
        self.progress.setRange(0, spec.epochs * len(spec.runs))
        self.progress.setValue(0)
        self._epochs_done = 0
        self._set_status(f"Training {self.labels[0]} …")
        self._gen += 1
        self._job = _TrainJob(self._gen, spec, data, self._signals)
        self.train_btn.setEnabled(False)
        self.cancel_btn.setEnabled(True)
        self._redraw.start()
        self._pool.start(self._job)
        return True

    def cancel(self) -> None:
        """Stop after the current epoch (the callback returns False)."""
        if self._job is not None:
            self._job.cancel_event.set()
            self._set_status("Cancelling …")

    def _take_epochs(self) -> None:
        """Move the worker's new epochs into the histories the curves draw."""
        if self._job is None:
            return
        pending, view = self._job.take()
        for i, epoch, logs in pending:
            h = self.histories[i]
            h["epoch"].append(epoch)
            for k in ("loss", "accuracy", "val_loss", "val_accuracy"):
                h[k].append(logs[k])
            self._dirty.add(i)
            self._epochs_done = i * self.spec.epochs + epoch
        if view is not None:
            self._latest_view = view

    def _flush(self) -> None:
        self._take_epochs()
        if self.spec is not None:
            # Here, not per epoch: a progress bar repaints at every setValue, and tiny
            # networks finish thousands of epochs a second.
            self.progress.setValue(self._epochs_done)
        for i in sorted(self._dirty):
            self.loss_view.set_history(i, self.histories[i])
            if self.data.kind == "classification":
                self.acc_view.set_history(i, self.histories[i])
        self._dirty.clear()
        if self._latest_view is not None:
            i, view = self._latest_view
            self.data_view.show_view(view, self.labels[i])
            self._latest_view = None

    def _on_run_done(self, gen: int, out: RunOutcome) -> None:
        if gen != self._gen:
            return
        self.outcomes.append(out)
        # Epochs of this run still queued are in its history already (and the next run's
        # belong to the next history): take them before replacing this run's.
        self._take_epochs()
        if self._latest_view is not None and self._latest_view[0] <= out.index:
            self._latest_view = None
        # The curves show exactly what fit returned (or, after a divergence, every
        # finished epoch).
        self.histories[out.index] = out.history
        self._dirty.add(out.index)
        self._flush()
        if out.view is not None:
            self.data_view.show_view(out.view, out.label)
        nxt = out.index + 1
        if not out.cancelled and nxt < len(self.labels):
            self._set_status(f"Training {self.labels[nxt]} …")

    def _on_finished(self, gen: int) -> None:
        if gen != self._gen:
            return
        self._end()
        lines, error = [], False
        for out in self.outcomes:
            h = out.history
            n = len(h["epoch"])
            if out.error:
                error = True
                lines.append(f"{out.label} {out.error}")
            elif out.cancelled:
                lines.append(f"{out.label}: cancelled after epoch {n} of {self.spec.epochs}")
            else:
                text = f"{out.label}: loss {h['loss'][-1]:.4g}"
                if h["val_accuracy"] and h["val_accuracy"][-1] is not None:
                    text += f", test accuracy {100 * h['val_accuracy'][-1]:.1f}%"
                elif h["val_loss"]:
                    text += f", test loss {h['val_loss'][-1]:.4g}"
                lines.append(text + f" ({n} epochs, {out.seconds:.1f} s)")
        self._set_status("\n".join(lines), error=error)
        self.finished.emit()

    def _on_failed(self, gen: int, message: str) -> None:
        if gen != self._gen:
            return
        self._end()
        self._set_status(f"Training failed: {message}", error=True)
        self.finished.emit()

    def _end(self) -> None:
        self._redraw.stop()
        self._flush()
        self._job = None
        self.train_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Cancel training in flight and wait for the worker (before the window goes)."""
        self._gen += 1
        if self._job is not None:
            self._job.cancel_event.set()
        self._pool.waitForDone(timeout_ms)
        if self._job is not None:
            self._end()


class NetworkWindow(QMainWindow):
    """The "Train a network" window around a :class:`NetworkPanel`."""

    def __init__(self, state: NetworkState | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("losscape — train a network")
        self.panel = NetworkPanel(state, self)
        self.setCentralWidget(self.panel)
        if STYLE_PATH.exists():
            self.setStyleSheet(STYLE_PATH.read_text(encoding="utf-8"))
        self.resize(1200, 800)

    def closeEvent(self, ev) -> None:  # noqa: N802 (Qt override)
        self.panel.shutdown()
        super().closeEvent(ev)


class _CloseWatcher(QObject):
    """Stops the network window's training when the main window closes."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 (Qt override)
        if ev.type() == QEvent.Type.Close:
            net = getattr(self.window, "network_window", None)
            if net is not None:
                net.close()
        return False


def open_network_window(window: QMainWindow) -> NetworkWindow:
    """Show (creating it the first time) the main window's network window."""
    net = getattr(window, "network_window", None)
    if net is None:
        net = NetworkWindow(parent=window)
        window.network_window = net
    net.show()
    net.raise_()
    net.activateWindow()
    return net


def install_network_panel(window: QMainWindow) -> QAction:
    """Add a Network menu with "Train a network…" (Ctrl+N) to ``window``."""
    window.network_window = None
    menu = window.menuBar().addMenu("&Network")
    # Keep Help last.
    actions = window.menuBar().actions()
    helps = [a for a in actions if a.text().replace("&", "") == "Help"]
    if helps:
        window.menuBar().insertMenu(helps[0], menu)
    act = QAction("&Train a network…", window)
    act.setShortcut(QKeySequence("Ctrl+N"))
    act.setToolTip("Train a whole network with the same numpy core, live")
    act.triggered.connect(lambda: open_network_window(window))
    menu.addAction(act)
    window.network_action = act
    window.installEventFilter(_CloseWatcher(window))
    return act


def _parse_compare(text: str) -> list[tuple[str, float]]:
    runs = []
    for part in (p for p in text.split(",") if p.strip()):
        name, sep, eta = part.partition("=")
        if not sep:
            raise ValueError(f"--compare entries look like adam=0.01, got {part.strip()!r}")
        try:
            runs.append((OPTIMIZERS.key(name.strip()), float(eta)))
        except ValueError as exc:
            raise ValueError(f"--compare {part.strip()!r}: {exc}") from None
    return runs


def main(argv: list[str] | None = None) -> int:
    """``python -m app.windows.network_window``: the network window on its own, optionally trained
    and saved as a PNG (``--screenshot``) for docs and bug reports."""
    import argparse
    import sys
    import time

    parser = argparse.ArgumentParser(
        prog="python -m app.windows.network_window",
        description="Train a network with losscape's numpy core, live.",
        epilog="Example: python -m app.windows.network_window --dataset spirals "
        "--compare sgd=0.1,msgd=0.05,adam=0.01 --epochs 300 --screenshot network.png",
    )
    parser.add_argument("--dataset", choices=list(DATASETS), default="moons")
    parser.add_argument("--hidden", default=None, help='hidden layer sizes, e.g. "32, 32"')
    parser.add_argument("--compare", default="", help="optimizers to compare: adam=0.01,sgd=0.1")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--screenshot", metavar="PATH", help="train, save the window, exit")
    parser.add_argument("--size", default="1280x880", help="window size WxH (default 1280x880)")
    args = parser.parse_args(argv)

    from PyQt6.QtCore import QCoreApplication

    from app.export.capture import parse_size
    from app.views.gl_context import application

    try:
        size = parse_size(args.size)
        state = NetworkState()
        state.set_dataset(args.dataset)
        if args.hidden is not None:
            state.set_hidden(args.hidden)
        if args.epochs is not None:
            state.set_epochs(args.epochs)
        for name, eta in _parse_compare(args.compare):
            state.set_optimizer(name)
            state.set_hyper("eta", eta)
            state.add_compare()
    except ValueError as exc:
        parser.error(str(exc))
    app = application(sys.argv[0] if sys.argv else "losscape")
    win = NetworkWindow(state)
    win.resize(*size)
    win.show()
    if not args.screenshot:
        return app.exec()
    win.panel.train()
    while win.panel.running:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    for _ in range(10):  # let the last redraw and the layout settle
        QCoreApplication.processEvents()
    ok = win.grab().save(args.screenshot, "PNG")
    win.close()
    if not ok:
        sys.stderr.write(f"could not write {args.screenshot}\n")
        return 1
    print(f"wrote {args.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
