"""The network window's plots: loss and accuracy per epoch, and what the network does with
the data.

:class:`CurvesView` draws one quantity per epoch (train solid, validation dashed, one colour per
run); :class:`DataView` draws the data and the network's snapshot: decision regions with the
points coloured by class (2-D sets), the target, the noisy samples and the network's curve
(sine), or the confusion matrix with misclassified test digits (digits).  Both follow a
:class:`~app.model.training_job.TrainingController` and never write the state.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QRectF, Qt, QTimer
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QGraphicsItem, QLabel, QVBoxLayout, QWidget

from gradscape.app.model.arrays import peak_decimate
from gradscape.app.model.choices import RUN_COLORS
from gradscape.app.model.training_job import TrainingController
from gradscape.app.model.training_run import ViewData, ViewGeometry
from gradscape.app.runtime import translate
from gradscape.app.views.axes import axis_items, style_axes
from gradscape.app.views.legend_below import LegendBelow

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
#: Pen width of the per-epoch curves.  Qt's raster engine draws an antialiased pen of at most
#: one pixel with its fast cosmetic stroker; a wider one goes through its general stroker, which
#: on a noisy curve (a loss jumping between epochs) is 150 times slower: 7 runs of 1000 epochs
#: took 0.8 s per repaint at width 2 and 5 ms at width 1 (under Xvfb), and the window froze.
CURVE_WIDTH = 1.0
#: Height of a curves plot without its legend (axes, labels and a readable view box).
MIN_PLOT_HEIGHT = 150
#: White paper, dark ink.
INK_LUT = np.repeat(np.linspace(255, 30, 256).astype(np.uint8)[:, None], 3, axis=1)


def class_rgb(k: int) -> np.ndarray:
    c = QColor(CLASS_COLORS[k % len(CLASS_COLORS)])
    return np.array([c.red(), c.green(), c.blue()], np.float64)


def region_lut(classes: int) -> np.ndarray:
    """(classes, 4) uint8 RGBA: the class colours faded towards white."""
    rgb = np.array([class_rgb(k) for k in range(classes)])
    faded = rgb + (255.0 - rgb) * REGION_FADE
    return np.concatenate([np.round(faded), np.full((classes, 1), 255.0)], axis=1).astype(np.uint8)


def curve_pen(color: str, dashed: bool = False) -> Any:
    """The pen of a per-epoch curve (train solid, validation dashed), :data:`CURVE_WIDTH` wide."""
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.mkPen(color, width=CURVE_WIDTH, style=style)


def _style_plot(plot: pg.PlotItem, left: str, bottom: str) -> None:
    for name, text in (("left", left), ("bottom", bottom)):
        plot.getAxis(name).setLabel(text)
    # Axes as pixmaps: a new snapshot (a map, a curve) or the window's activation repaints
    # the view, not the tick labels.
    style_axes(plot)
    plot.setMenuEnabled(False)
    plot.hideButtons()


def _finite(values: list) -> np.ndarray:
    """A history column as floats, None and non-finite entries as NaN (drawn as gaps)."""
    a = np.array(values, np.float64)  # None -> NaN
    a[~np.isfinite(a)] = np.nan
    return a


class CurvesView(pg.PlotWidget):
    """One quantity per epoch (``key``: "loss" or "accuracy") of ``training``'s runs, train
    solid and validation dashed, one colour per run.  The loss axis follows the state's
    log-scale choice; the accuracy axis spans [0, 1]."""

    def __init__(
        self,
        training: TrainingController,
        key: str,
        title: str,
        name_runs: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        # (no menu: none built)
        super().__init__(parent, enableMenu=False, axisItems=axis_items())
        self.training = training
        self.key = key
        #: whether the legend names the runs (one legend doing it is enough)
        self.name_runs = name_runs
        self.setMinimumSize(220, MIN_PLOT_HEIGHT)
        plot = self.getPlotItem()
        _style_plot(plot, title, translate("NetworkPlots", "epoch"))
        plot.getAxis("left").enableAutoSIPrefix(False)
        # Long runs: the items get a peak-keeping subsample of at most MAX_CURVE_POINTS
        # points (peak_decimate); pyqtgraph then draws only what is visible.
        plot.setClipToView(True)
        # Under the plot, not over it: any corner of the view box has some run's curve.
        self.legend = LegendBelow(plot)
        self.train: list[pg.PlotDataItem] = []
        self.val: list[pg.PlotDataItem] = []
        #: every (train, validation) pair of lines made so far, the first ones in use
        self._lines: list[tuple[pg.PlotDataItem, pg.PlotDataItem]] = []
        #: (a history column's list, its values as an array) by id of the list
        self._columns: dict[int, tuple[list, np.ndarray]] = {}
        if key == "accuracy":
            plot.setYRange(0, 1.04, padding=0)
        # methods, not lambdas: PyQt drops them with the view
        training.started.connect(self._on_started)
        training.updated.connect(self._on_updated)
        # Other data: the last training's curves no longer describe them.
        training.previewChanged.connect(self._on_preview)
        training.state.changed.connect(self._on_state)
        if key == "loss":
            self._on_state("log_loss")

    def _on_started(self) -> None:
        self.set_runs(self.training.labels)

    def _on_preview(self, _data: object) -> None:
        self.set_runs([])

    def _on_updated(self, runs: list[int]) -> None:
        if self.key == "accuracy" and not self.training.classification:
            return  # a regression has no accuracy (its history holds None)
        for i in runs:
            self.set_history(i, self.training.histories[i])

    def _on_state(self, name: str) -> None:
        if name == "log_loss" and self.key == "loss":
            self.getPlotItem().setLogMode(y=self.training.state.log_loss)
        elif name == "compare":
            QTimer.singleShot(1, self._make_lines)

    def _make_lines(self) -> None:
        """Make the lines the comparison list will need, one pair per turn of the event
        loop, before a training's start needs them all at once."""
        if len(self._lines) < len(self.training.state.compare):
            self._new_pair(visible=False)
            QTimer.singleShot(1, self._make_lines)

    def _new_pair(self, visible: bool) -> None:
        plot = self.getPlotItem()
        pair = (pg.PlotDataItem(connect="finite"), pg.PlotDataItem(connect="finite"))
        for item in pair:
            item.setVisible(visible)
            plot.addItem(item)
        self._lines.append(pair)

    def set_runs(self, labels: list[str]) -> None:
        self._columns.clear()
        plot = self.getPlotItem()
        self.legend.clear()
        # Empty, the plot keeps the last range until data come: a diverged run's (up to
        # 1e308) read as exponents when the log scale is toggled meanwhile.  Start afresh.
        plot.setRange(xRange=(0, 1), yRange=(0, 1.04 if self.key == "accuracy" else 1), padding=0)
        plot.enableAutoRange(axis="x" if self.key == "accuracy" else "xy")
        several = len(labels) > 1
        # The lines are made once and kept (hidden when a training has fewer runs), made
        # ahead while the comparison list grows (_make_lines): making and adding sixteen
        # items to the two plots was a third of a training's first turn.
        while len(self._lines) < len(labels):
            self._new_pair(visible=True)
        for i, (tr, va) in enumerate(self._lines):
            tr.clear()
            va.clear()
            used = i < len(labels)
            tr.setVisible(used)
            va.setVisible(used)
            if used:
                color = RUN_COLORS[i % len(RUN_COLORS)] if several else "#2563eb"
                tr.setPen(curve_pen(color))
                va.setPen(curve_pen(color, dashed=True))
                if several and self.name_runs:
                    self.legend.addItem(tr, labels[i])
        self.train = [tr for tr, _ in self._lines[: len(labels)]]
        self.val = [va for _, va in self._lines[: len(labels)]]
        if labels:
            # Which line is which: one legend entry per line style, in grey when the
            # colours name the runs.
            grey = "#2563eb" if not several else "#6b7280"
            self._keys = [
                pg.PlotDataItem(pen=curve_pen(grey)),
                pg.PlotDataItem(pen=curve_pen(grey, dashed=True)),
            ]
            self.legend.addItem(self._keys[0], translate("NetworkPlots", "train"))
            self.legend.addItem(self._keys[1], translate("NetworkPlots", "validation"))
        self.legend.fit_width(self._legend_width(), again=True)
        self._fit_height()

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        legend = self.__dict__.get("legend")  # pyqtgraph resizes before __init__ is over
        if legend is not None:
            legend.fit_width(self._legend_width())
            self._fit_height()

    def _fit_height(self) -> None:
        """Room for the plot (:data:`MIN_PLOT_HEIGHT`) and the legend under it."""
        legend = self.legend.effectiveSizeHint(Qt.SizeHint.PreferredSize).height()
        self.setMinimumHeight(MIN_PLOT_HEIGHT + int(np.ceil(legend)))

    def _legend_width(self) -> float:
        """The width the legend's entries may take: the plot's, less a margin."""
        return max(1.0, self.width() - 12.0)

    def set_history(self, i: int, history: dict[str, list]) -> None:
        epochs = self._column(history, "epoch")
        for item, key in ((self.train[i], self.key), (self.val[i], "val_" + self.key)):
            item.setData(*peak_decimate(epochs, self._column(history, key)))

    def _column(self, history: dict[str, list], key: str) -> np.ndarray:
        """``history[key]`` as floats (None and non-finite as NaN), converting only what was
        appended since the last call: a long training's history grows by a few epochs per
        redraw, and converting all of it every time grew with its length."""
        values = history[key]
        seen, array = self._columns.get(id(values), (None, np.empty(0)))
        if seen is not values:  # a new list (a run's final history): from the start
            array = np.empty(0)
        if len(array) < len(values):
            array = np.concatenate([array, _finite(values[len(array) :])])
        self._columns[id(values)] = (values, array)
        return array


class DataView(QWidget):
    """What the network does with the data: regions, curve, or confusion matrix.

    Shows ``training``'s data (the previewed set before training), then every snapshot of
    the network it trains."""

    def __init__(self, training: TrainingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.training = training
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.title = QLabel()
        self.title.setObjectName("hint")
        self.title.setWordWrap(True)  # a long run label or language: a second line, not cut
        lay.addWidget(self.title)
        self.plot_widget = pg.PlotWidget(enableMenu=False, axisItems=axis_items())
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
        #: the texts shown (confusion counts, digit labels) and the misclassified test digits
        #: drawn beside the confusion matrix: the first items of pools made once and reused
        #: (adding items to a plot costs ~1 ms each: a matrix's 150 of them froze the window)
        self.texts: list[pg.TextItem] = []
        self.digits: list[pg.ImageItem] = []
        self._text_pool: list[pg.TextItem] = []
        self._digit_pool: list[pg.ImageItem] = []
        self.legend = self.plot.addLegend(offset=(8, 8), labelTextSize="8pt")
        self.data: Any = None
        self.geo: ViewGeometry | None = None
        #: the RGBA image of the decision map (map datasets), as handed to the ImageItem
        self.map_rgba: np.ndarray | None = None
        training.previewChanged.connect(self._on_preview)
        training.started.connect(self._on_started)
        training.viewChanged.connect(self._on_view)
        self._pending_view: tuple[ViewData, str] | None = None
        if training.data is not None:
            self.set_dataset(training.data)

    def _on_preview(self, data: Any) -> None:
        if self.data is not data:
            self.set_dataset(data)

    def _on_started(self) -> None:
        self._pending_view = None  # a snapshot of the previous training is not drawn now
        data = self.training.data
        if data is not None and data is self.data and self.geo is not None:
            # The data shown already (the preview): their items stay, only the last
            # network's snapshot goes (rebuilding the points took most of the GUI thread's
            # work at a training's start).
            self._clear_snapshot()
            self._frame(self.geo, data)
        else:
            self.set_dataset(data)

    def _on_view(self, run: int, view: ViewData) -> None:
        # Several snapshots can come in one burst (tiny networks finish runs in milliseconds):
        # only the newest is drawn, once, when the burst is over.  A confusion matrix with its
        # misclassified digits is hundreds of items: drawn for each run it froze the window.
        if self.geo is not None and view.kind != self.geo.kind:
            return  # a CNN's live filters alone: the filter view's
        first = self._pending_view is None
        self._pending_view = (view, self.training.labels[run])
        if first:
            QTimer.singleShot(0, self._show_pending)

    def _show_pending(self) -> None:
        pending, self._pending_view = self._pending_view, None
        if pending is not None:
            self.show_view(*pending)

    def _clear_snapshot(self) -> None:
        """No network's snapshot drawn: the data's own items stay."""
        for item in (*self.texts, *self.digits):
            item.setVisible(False)
        self.texts, self.digits = [], []
        self.image.clear()
        self.cm_image.clear()
        self.map_rgba = None
        if self.curve.scene() is not None:
            self.curve.setData([], [])

    def _reset(self) -> None:
        self._clear_snapshot()
        items = (self.target, self.samples, self.curve, *self.points)
        for item in items:
            if item.scene() is not None:
                self.plot.removeItem(item)
        self.points = []
        self.legend.clear()

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
                class_k = translate("NetworkPlots", "class {k}").format(k=k)
                for x, t, symbol, name in (
                    (data.x_train, data.labels_train, "o", class_k),
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
            self.legend.addItem(self.samples, translate("NetworkPlots", "noisy samples"))
            self.legend.addItem(self.curve, translate("NetworkPlots", "network"))
        else:
            p.getAxis("left").setLabel(translate("NetworkPlots", "true class"))
            p.getAxis("bottom").setLabel(translate("NetworkPlots", "predicted class"))
        self._frame(geo, data)

    def _frame(self, geo: ViewGeometry, data: Any) -> None:
        """The range and the title of the data alone."""
        p = self.plot
        if geo.kind == "map":
            p.setRange(xRange=(geo.xs[0], geo.xs[-1]), yRange=(geo.ys[0], geo.ys[-1]), padding=0.02)
            self.title.setText(
                translate("NetworkPlots", "Decision regions (predicted class); ● train, ▲ test")
            )
        elif geo.kind == "curve":
            p.enableAutoRange()
            self.title.setText(
                translate("NetworkPlots", "Target sin x, the noisy samples and the network's curve")
            )
        else:
            k = data.classes
            # Room on the right for the misclassified digits.
            right = k - 0.5 + DIGIT_GAP + DIGIT_COLUMNS * DIGIT_STEP
            p.setRange(xRange=(-0.5, right), yRange=(-0.5, k - 0.5), padding=0.02)
            p.setAspectLocked(True)
            self.title.setText(
                translate("NetworkPlots", "Confusion matrix on the test set (after training)")
            )

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
                self.title.setText(
                    translate("NetworkPlots", "Decision regions of {run}; ● train, ▲ test").format(
                        run=label
                    )
                )
        elif view.kind == "curve":
            self.curve.setData(self.geo.xs, view.curve)
            if label:
                self.title.setText(
                    translate(
                        "NetworkPlots", "Target sin x, the noisy samples and {run}'s curve"
                    ).format(run=label)
                )
        else:
            self._show_confusion(view, label)

    def _show_confusion(self, view: ViewData, label: str) -> None:
        cm = view.confusion
        k = len(cm)
        for t in self.texts:
            t.setVisible(False)
        self.texts = []
        # Row i = true class i at y = i; the image is indexed [x = predicted, y = true].
        self.cm_image.setImage(cm.T.astype(np.float64), levels=(0, max(1, cm.max())))
        self.cm_image.setRect(QRectF(-0.5, -0.5, k, k))
        for i in range(k):
            for j in range(k):
                if cm[i, j] == 0:
                    continue
                dark = cm[i, j] > 0.5 * cm.max()
                self._put_text(str(cm[i, j]), "w" if dark else "#23272e", (0.5, 0.5), (j, i))
        self._show_wrong(view, k)
        facts = {
            "run": label,
            "accuracy": f"{100 * view.test_accuracy:.1f}",
            "wrong": len(view.wrong),
            "total": len(view.predicted),
            "shown": len(self.digits),
        }
        if label and self.digits:
            text = translate(
                "NetworkPlots",
                "{run}: test accuracy {accuracy}% ({wrong} of {total} test digits "
                "misclassified; right: {shown} of them, true → predicted)",
            )
        elif label:
            text = translate(
                "NetworkPlots",
                "{run}: test accuracy {accuracy}% ({wrong} of {total} test digits misclassified)",
            )
        elif self.digits:
            text = translate(
                "NetworkPlots",
                "test accuracy {accuracy}% ({wrong} of {total} test digits misclassified; "
                "right: {shown} of them, true → predicted)",
            )
        else:
            text = translate(
                "NetworkPlots",
                "test accuracy {accuracy}% ({wrong} of {total} test digits misclassified)",
            )
        text = text.format(**facts)
        self.title.setText(text)

    def _show_wrong(self, view: ViewData, k: int) -> None:
        """A few misclassified test images, dark ink on white, labelled true → predicted."""
        for item in self.digits:
            item.setVisible(False)
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
            if len(self._digit_pool) <= n:
                img = pg.ImageItem(axisOrder="col-major")
                img.setLookupTable(INK_LUT)
                self.plot.addItem(img)
                self._digit_pool.append(img)
            img = self._digit_pool[n]
            img.setImage(x[idx].reshape(side, side).T, levels=(0.0, 1.0))
            img.setRect(QRectF(x0, y0, DIGIT_SIZE, DIGIT_SIZE))
            img.setVisible(True)
            self.digits.append(img)
            label = f"{truth[idx]}→{view.predicted[idx]}"
            self._put_text(label, "#b91c1c", (0.5, 0.0), (x0 + DIGIT_SIZE / 2, y0 + DIGIT_SIZE))

    def _put_text(
        self, text: str, color: str, anchor: tuple[float, float], pos: tuple[float, float]
    ) -> None:
        """Show ``text`` at ``pos`` with the next text item of the pool."""
        n = len(self.texts)
        if len(self._text_pool) <= n:
            item = pg.TextItem("")
            self.plot.addItem(item)
            self._text_pool.append(item)
        item = self._text_pool[n]
        item.setText(text, color=color)
        item.setAnchor(anchor)
        item.setPos(*pos)
        item.setVisible(True)
        self.texts.append(item)
