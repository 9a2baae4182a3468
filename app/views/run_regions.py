"""Each compared run's decision regions, side by side.

The data view shows one network at a time (the run training now, then the last one).  When
several optimizers are compared on a 2-D set, :class:`RunRegionsView` puts every run's own
decision-region map in a small panel of its own, titled by the run (optimizer, η) in the run's
curve colour, with the data view's class colours and the same axes, so the regions the runs
learned can be compared at a glance.  It follows a
:class:`~app.model.training_job.TrainingController` and never writes the state.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QRectF, QTimer
from PyQt6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from gradscape.app.model.choices import RUN_COLORS
from gradscape.app.model.training_job import TrainingController
from gradscape.app.model.training_run import ViewData, ViewGeometry
from gradscape.app.runtime import translate
from gradscape.app.views.axes import axis_items, style_axes
from gradscape.app.views.network_plots import region_lut

#: Panels per row at most (more runs wrap to a second row).
COLUMNS = 4


class RegionPanel(QWidget):
    """One run's decision regions: its title and a small map."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        self.title = QLabel()
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        self.plot_widget = pg.PlotWidget(enableMenu=False, axisItems=axis_items())
        self.plot_widget.setMinimumSize(90, 90)
        lay.addWidget(self.plot_widget, 1)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setAspectLocked(True)
        self.plot.setMouseEnabled(x=False, y=False)
        # (the axes kept as pixmaps: a training's redraw changes the map, not the ticks)
        style_axes(self.plot, grid=False)
        for name in ("left", "bottom"):
            ax = self.plot.getAxis(name)
            ax.enableAutoSIPrefix(False)
            ax.setStyle(tickFont=self.font(), tickLength=-4)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.plot.addItem(self.image)
        #: the predicted class per grid cell drawn, (len(xs), len(ys)) (None: nothing yet)
        self.classes: np.ndarray | None = None
        #: the RGBA image handed to the ImageItem
        self.map_rgba: np.ndarray | None = None

    def set_run(self, label: str, color: str, geo: ViewGeometry) -> None:
        """Title the panel ``label`` in ``color``, empty, on ``geo``'s axes."""
        self.title.setText(label)
        self.title.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.clear()
        self.plot.setRange(
            xRange=(geo.xs[0], geo.xs[-1]), yRange=(geo.ys[0], geo.ys[-1]), padding=0.02
        )

    def clear(self) -> None:
        self.classes = self.map_rgba = None
        self.image.clear()

    def show_classes(self, classes: np.ndarray, n_classes: int, geo: ViewGeometry) -> None:
        """Draw the predicted class of every cell of ``geo``'s grid."""
        self.classes = classes
        self.map_rgba = region_lut(max(n_classes, int(classes.max()) + 1))[classes]
        self.image.setImage(self.map_rgba, autoLevels=False, levels=(0, 255))
        dx, dy = geo.xs[1] - geo.xs[0], geo.ys[1] - geo.ys[0]
        self.image.setRect(
            QRectF(geo.xs[0] - dx / 2, geo.ys[0] - dy / 2, dx * len(geo.xs), dy * len(geo.ys))
        )


class RunRegionsView(QWidget):
    """Every compared run's decision regions in a panel of its own (2-D sets, two runs or
    more); hidden otherwise, and emptied when other data are chosen."""

    def __init__(self, training: TrainingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.training = training
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.caption = QLabel(translate("RunRegionsView", "Decision regions of each compared run"))
        self.caption.setObjectName("hint")
        self.caption.setWordWrap(True)
        lay.addWidget(self.caption)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        lay.addLayout(self.grid, 1)
        #: the panels shown, one per run (the first ones of a pool made once and reused)
        self.panels: list[RegionPanel] = []
        self._pool: list[RegionPanel] = []
        #: the columns of the grid of panels shown
        self._columns = 0
        self.data: Any = None
        self.geo: ViewGeometry | None = None
        # methods, not lambdas: PyQt drops them with the view
        training.started.connect(self._on_started)
        training.viewChanged.connect(self._on_view)
        training.previewChanged.connect(self._on_preview)
        training.state.changed.connect(self._on_state)
        self.setVisible(False)
        self._fill_pool()

    def _on_state(self, name: str) -> None:
        if name == "compare":
            self._fill_pool()

    def _fill_pool(self) -> None:
        """Make the panels the comparison list will need, one per turn of the event loop
        (each is a plot: made together at a training's start, they kept the GUI thread
        0.1 s)."""
        need = len(self.training.state.compare)
        if need >= 2 and len(self._pool) < need:
            panel = RegionPanel(self)
            panel.hide()
            self._pool.append(panel)
            QTimer.singleShot(1, self._fill_pool)

    def _on_started(self) -> None:
        self.set_runs(self.training.data, self.training.labels)

    def _on_preview(self, _data: object) -> None:
        self.set_runs(None, [])  # other data: the last runs' regions do not apply

    def _on_view(self, run: int, view: ViewData) -> None:
        if view.kind == "map" and run < len(self.panels):
            self.panels[run].show_classes(view.classes, self.data.classes, self.geo)

    def set_runs(self, data: Any, labels: list[str]) -> None:
        """One empty panel per run of ``labels`` when ``data`` is a 2-D set and the runs
        are several; none (the view hidden) otherwise.

        Panels already in their cell stay there (retitled and emptied): taking every panel
        out and putting it back relaid the window out in several passes at each Train,
        resizing and repainting each of its plots two or three times (the GUI monkey's
        longest turn, ~0.2 s with 8 runs)."""
        self.data = data
        self.geo = ViewGeometry.for_dataset(data) if data is not None else None
        if self.geo is None or self.geo.kind != "map" or len(labels) < 2:
            labels = []
        columns = min(COLUMNS, len(labels)) or 1
        shown = self.panels
        self.panels = []
        for i, label in enumerate(labels):
            if len(self._pool) <= i:
                self._pool.append(RegionPanel(self))
            panel = self._pool[i]
            panel.set_run(label, RUN_COLORS[i % len(RUN_COLORS)], self.geo)
            if i >= len(shown) or columns != self._columns:  # (not in its cell yet)
                self.grid.removeWidget(panel)
                self.grid.addWidget(panel, i // columns, i % columns)
            panel.show()
            self.panels.append(panel)
        for panel in shown[len(labels) :]:
            self.grid.removeWidget(panel)
            panel.clear()
            panel.hide()
        self._columns = columns
        if not labels:
            self.setVisible(False)
            return
        rows = math.ceil(len(labels) / columns)
        for c in range(COLUMNS):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        for r in range(math.ceil(len(RUN_COLORS) / COLUMNS)):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        self.setVisible(True)
