"""The 2D views: the contour map (heat map + iso-lines + paths) and the loss curve.

They show the draw data the compute worker prepared (:mod:`app.model.draw`): coloured
image, iso-lines, paths and curves arrive as ready arrays.  They never write the state: a
click or a drag is a signal the window connects.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QBrush
from PyQt6.QtWidgets import QGraphicsItem, QGraphicsScene

from gradscape.app.model.arrays import CELL_PIXELS, PathLOD, Rect, ThinPath
from gradscape.app.model.choices import MAX_RUNS
from gradscape.app.model.compute import live_drag
from gradscape.app.model.legibility import (
    CORE_WIDTH,
    EDGE_ALPHA,
    EDGE_WIDTH,
    PATH_EDGE,
    PATH_RING,
    RING_WIDTH,
)
from gradscape.app.model.live import Deferred
from gradscape.app.model.state import AppState
from gradscape.app.runtime import translate
from gradscape.app.views.axes import AXIS_PEN, TEXT_PEN, axis_items, style_axes
from gradscape.app.views.overlays import ContourOverlays

pg.setConfigOptions(antialias=True, foreground="#2b2f36", background="#ffffff")


#: A press this close to the start point (in pixels) grabs it for a drag.
GRAB_RADIUS = 12.0


#: A path whose drawn line is longer than this many pixels of the view is drawn as separate
#: segments, not one stroked polyline.  Qt fills a wide polyline's outline as one polygon,
#: each of whose edges crosses every scanline it spans: 256 segments zigzagging across 500
#: pixels take 357 ms as a polyline, 4 ms as segments (``bench/bench_paths.py``); the map
#: with a run bouncing across it 300 times repaints in 1.5 ms instead of 21.0.  A converging
#: path, a few view widths long, is drawn whole: as segments (and the edge through its
#: cache) the drag's race of 8 × 300 steps cost ~4 ms more a race.  A path drawn as
#: segments is drawn without antialiasing: Qt's antialiased strokes of wide pens cost ~25×
#: the aliased ones once hundreds pile up (three runs crossing a 255-pixel map ~900 times:
#: 111 ms a repaint against 4.4, the GUI monkey's seed 5), and a hatch that dense shows no
#: staircase.
SEGMENT_PIXELS = 4000.0

#: The drawn paths are cut this many pixels outside the contour view (wider than the
#: widest pen's half width, so that no cut end shows).
CLIP_PIXELS = 16


class ContourView(pg.PlotWidget):
    """Heat map of the loss with iso-lines and every run's path; a click sets the start,
    and the start point can be dragged (the window recomputes the race as it moves)."""

    pointClicked = pyqtSignal(float, float)
    #: the user grabbed the start point (then ``startDragged`` per move, ``dragFinished``)
    dragStarted = pyqtSignal()
    #: (w, b) under the mouse while the start point is dragged
    startDragged = pyqtSignal(float, float)
    dragFinished = pyqtSignal()

    def __init__(self, state: AppState, parent=None) -> None:
        # (no menu: none built)
        super().__init__(parent, enableMenu=False, axisItems=axis_items())
        self.state = state
        self.setMinimumSize(160, 140)
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        plot = self.getPlotItem()
        style_axes(plot)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        self.image = pg.ImageItem(axisOrder="col-major")
        plot.addItem(self.image)
        self.iso = pg.PlotDataItem(connect="pairs", pen=pg.mkPen((255, 255, 255, 150), width=1))
        plot.addItem(self.iso)
        # The heat map and iso-lines only change with the result or the zoom: keep them as
        # pixmaps, so a playback frame repaints only the paths and markers.
        for item in (self.image, self.iso.curve):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # A path is drawn as a dark edge, a white ring (the line's shadow pen) and its
        # colour: visible on every colormap (app.model.legibility).
        # Every run's dark edge in one curve (one pen for all: the paths apart by a
        # non-finite row), every run's current point in one scatter item with a brush per
        # run: a drag sets every path at each race, and each item costs its own
        # bookkeeping at every change and every paint.  The coloured lines are one curve
        # per run (a pen each); bare curves, not PlotDataItems (whose bookkeeping costs 6×
        # the curve's own, ~0.18 ms against 0.03).
        # A translucent edge: its pen opaque, the item translucent, so that a path drawn
        # as segments (SEGMENT_PIXELS), whose square caps overlap where they meet, is laid
        # on the map as one layer (through the item's cache while it is).
        self.edge = pg.PlotCurveItem(pen=pg.mkPen(PATH_EDGE, width=EDGE_WIDTH), connect="finite")
        self.edge.setOpacity(EDGE_ALPHA / 255)
        self.edge.setSegmentedLineMode("off")
        plot.addItem(self.edge)
        self.lines = []
        for _ in range(MAX_RUNS):
            line = pg.PlotCurveItem(
                pen=pg.mkPen("k", width=CORE_WIDTH),
                shadowPen=pg.mkPen(PATH_RING, width=RING_WIDTH),
                connect="finite",  # (a path cut where it leaves the view: NaN between)
            )
            line.setSegmentedLineMode("off")
            line.setVisible(False)
            plot.addItem(line)
            self.lines.append(line)
        #: each run's current point (drawn or not), and whether its marker is drawn
        self._points: list[np.ndarray] = []
        self._marked = [False] * MAX_RUNS
        # the markers' white rings, all runs in one item, under the markers
        self.marker_rings = pg.ScatterPlotItem(size=17, pen=None, brush=pg.mkBrush(PATH_RING))
        self.marker_rings.setZValue(-1)
        plot.addItem(self.marker_rings)
        self.markers = pg.ScatterPlotItem(size=12, pen=pg.mkPen(PATH_EDGE, width=1.2))
        self.markers.setZValue(1)
        plot.addItem(self.markers)
        self._brushes: list[QBrush] = []
        self.overlays = ContourOverlays(plot)
        self.legend = None  # (ContourLegend: show_legend)
        self.start_item = pg.ScatterPlotItem(
            size=10, symbol="o", brush=pg.mkBrush("w"), pen=pg.mkPen("#111", width=1.5)
        )
        plot.addItem(self.start_item)
        self._paths: list[np.ndarray] = []
        self._lods: list[PathLOD] = []
        #: the drawn paths, thinned to a third of a pixel of the view (``_cell``)
        self._thin: list[ThinPath] = []
        self._cell: tuple[float, float] | None = None
        #: the rectangle the drawn paths are cut to (:meth:`_clip_rect`)
        self._clip: Rect | None = None
        self._in_result = False
        self._domain = ((0.0, 1.0), (0.0, 1.0))
        self._contour = None  # the contour image shown (kept while only the paths change)
        self._colors: list[str] = []  # the runs' colours the lines and markers have
        self._grabbed = False  # the start point is being dragged
        self.scene().sigMouseClicked.connect(self._on_click)
        plot.getViewBox().sigTransformChanged.connect(self._on_view_changed)
        state.overlaysChanged.connect(self._on_overlays)
        self.overlays.set_shown(state.overlays)
        state.walk.changed.connect(self._on_walk)
        state.resultChanged.connect(self._on_result)
        # methods, not lambdas: PyQt drops them with the view (a lambda would be called on
        # a deleted view)
        state.drawChanged.connect(self._redraw)
        state.hiddenRunsChanged.connect(self._redraw)
        state.stepChanged.connect(self._on_step)
        state.startChanged.connect(self._on_moved)
        if state.result is not None:
            self._on_result(state.result)

    def _redraw(self, *_: Any) -> None:
        self._on_result(self.state.result)

    def _on_result(self, result) -> None:
        self._in_result = True  # (setting the range or the items may re-range the view)
        try:
            self._show_result(result)
        finally:
            self._in_result = False

    def _show_result(self, result) -> None:
        draw = None if result is None else result.draw
        if draw is None:
            return  # the controller prepares it and hands it over with drawChanged
        c = draw.contour
        if c is not self._contour:
            self._contour = c
            self._show_contour(draw, result)
        self._paths = [path.points for path in draw.paths2d]
        self._lods = [path.lod for path in draw.paths2d]
        self._cell = self._pixel_cell()
        self._clip = self._clip_rect()
        self._thin = [ThinPath(lod, self._cell, self._clip) for lod in self._lods]
        colors = [run.color for run in result.runs]
        if colors != self._colors:  # (not at every move of a drag: ~0.3 ms a run)
            self._colors = colors
            self._brushes = [pg.mkBrush(color) for color in colors]
            for i, color in enumerate(colors):
                self.lines[i].setPen(pg.mkPen(color, width=CORE_WIDTH))
        for i in range(MAX_RUNS):
            on = i < len(self._paths) and self.state.run_shown(i)
            if self.lines[i].isVisible() != on:
                self.lines[i].setVisible(on)
        self.overlays.set_data(draw.overlays, [run.color for run in result.runs])
        if self.legend is not None:
            self.legend.fill(result)
            self.legend.place(self._domain)
        self._on_start(self.state.start)
        self._on_step(self.state.step)

    def _show_contour(self, draw, result) -> None:
        """The heat map, iso-lines, axis names and ranges (a new surface, grid or view
        setting; not at every move of a drag)."""
        c = draw.contour
        self.image.setImage(c.rgba, autoLevels=False)
        self.image.setRect(QRectF(*c.rect))
        self.iso.setData(c.iso[:, 0], c.iso[:, 1]) if len(c.iso) else self.iso.setData([], [])
        w0, w1 = draw.box.wlim
        b0, b1 = draw.box.blim
        names = tuple(getattr(result.surface, "axis_names", ("w", "b")))
        plot = self.getPlotItem()
        plot.setLabel("bottom", names[0])
        plot.setLabel("left", names[1])
        self.overlays.axis_name = names[0]
        # Equal units on both axes (when the domain is not too elongated): the path's
        # angles and the iso-lines' shapes are then the true geometry of the problem.  The
        # window gives the map a square-ish cell (MainWindow._fit_cells), which it fills.
        ratio = (b1 - b0) / (w1 - w0)
        plot.getViewBox().setAspectLocked(0.33 <= ratio <= 3.0, 1.0)
        plot.setXRange(w0, w1, padding=0)
        plot.setYRange(b0, b1, padding=0)
        self._domain = ((w0, w1), (b0, b1))

    def show_legend(self, on: bool = True) -> None:
        """Name every run in a legend placed where it covers no path, start, end or
        minimum (:mod:`app.views.contour_legend`)."""
        if on and self.legend is None:
            from gradscape.app.views.contour_legend import ContourLegend

            self.legend = ContourLegend(self)
            if self.state.result is not None and self._paths:
                self.legend.fill(self.state.result)
                self.legend.place(self._domain)
        if self.legend is not None:
            self.legend.legend.setVisible(on)

    def _on_overlays(self, shown: tuple) -> None:
        self.overlays.set_shown(shown)
        self.overlays.show_step(self.state.step)

    def _on_walk(self) -> None:
        """The step-by-step mode's sub-step: its one arrow (or the overlays again)."""
        self.overlays.set_focus(self.state.walk.focus())
        self.overlays.show_step(self.state.step)

    def _on_step(self, step: int) -> None:
        edges, points, brushes = [], [], []
        segmented = False  # (some run's path is drawn as segments)
        self._points, self._marked = [], [False] * MAX_RUNS
        gap = np.full((1, 2), np.nan)
        for i, p in enumerate(self._paths):
            k = min(step, len(p) - 1)
            self._points.append(p[k])
            if not self.state.run_shown(i):
                continue
            drawn = self._thin[i].upto(k)
            wild = self._thin[i].pixels(k) > SEGMENT_PIXELS
            self._segment(self.lines[i], wild)
            segmented |= wild
            self.lines[i].setData(drawn[:, 0], drawn[:, 1], antialias=not wild)
            edges += [drawn, gap]
            # a point pyqtgraph cannot bound (inf, nan) is not drawn: its bounds would be nan
            if np.isfinite(p[k]).all():
                self._marked[i] = True
                points.append(p[k])
                brushes.append(self._brushes[i])
        edge = np.concatenate(edges) if edges else np.empty((0, 2))
        if self._segment(self.edge, segmented):
            cache = QGraphicsItem.CacheMode
            self.edge.setCacheMode(cache.DeviceCoordinateCache if segmented else cache.NoCache)
        self.edge.setData(edge[:, 0], edge[:, 1], connect="finite", antialias=not segmented)
        at = np.array(points).reshape(-1, 2)
        self.markers.setData(at[:, 0], at[:, 1], brush=brushes)
        self.marker_rings.setData(at[:, 0], at[:, 1])
        if self.overlays.active():
            self.overlays.show_step(step)

    @staticmethod
    def _segment(item: pg.PlotCurveItem, on: bool) -> bool:
        """Draw ``item`` as separate segments or as one polyline; whether that changed."""
        mode = "on" if on else "off"
        if item.opts["segmentedLineMode"] == mode:
            return False
        item.setSegmentedLineMode(mode)
        return True

    def _pixel_cell(self) -> tuple[float, float] | None:
        """:class:`ThinPath`'s cell, (w, b) sizes of a third of this view's pixel (None
        before the view has a size)."""
        size = self.getPlotItem().getViewBox().viewPixelSize()
        cell = (CELL_PIXELS * float(size[0]), CELL_PIXELS * float(size[1]))
        return cell if all(np.isfinite(c) and c > 0 for c in cell) else None

    def _clip_rect(self) -> Rect | None:
        """Where the drawn paths are cut: the view's range with a margin of
        :data:`CLIP_PIXELS` (None before the view has a size: nothing cut).  Qt's raster
        engine strokes what lies outside the view too: cut a view's size away, a diverging
        run's 260 segments, bouncing across the view, still took 0.3 s a repaint."""
        if self._cell is None:
            return None
        (x0, x1), (y0, y1) = self.getPlotItem().getViewBox().viewRange()
        mx, my = (CLIP_PIXELS / CELL_PIXELS * c for c in self._cell)
        return (x0 - mx, x1 + mx, y0 - my, y1 + my)

    def _clip_holds(self) -> bool:
        """The cut still leaves half its margin around the view's range."""
        if self._clip is None or self._cell is None:
            return self._clip is None and self._cell is None
        (x0, x1), (y0, y1) = self.getPlotItem().getViewBox().viewRange()
        mx, my = (CLIP_PIXELS / CELL_PIXELS / 2 * c for c in self._cell)
        c0, c1, d0, d1 = self._clip
        return c0 <= x0 - mx and x1 + mx <= c1 and d0 <= y0 - my and y1 + my <= d1

    def _on_view_changed(self, *_: Any) -> None:
        """A zoom, a pan or a resize: thin the paths again for the new pixel size (when it
        changed by more than a tenth), cut them again when the view nears the cut's edge."""
        cell = self._pixel_cell()
        old = self._cell
        if (cell == old or (
            cell is not None and old is not None and abs(cell[0] / old[0] - 1) < 0.1
            and abs(cell[1] / old[1] - 1) < 0.1
        )) and self._clip_holds():  # fmt: skip
            return
        self._cell = cell
        self._clip = self._clip_rect()
        self._thin = [ThinPath(lod, cell, self._clip) for lod in self._lods]
        if not self._in_result:  # (a result being shown draws its step at its end)
            self._on_step(self.state.step)

    def _on_moved(self, start) -> None:
        if self.state.dragging and live_drag(self.state.scene):
            return  # (the race of this start follows at once and moves the point with it)
        self._on_start(start)

    def _on_start(self, start) -> None:
        self.start_item.setData([start[0]], [start[1]])

    # -- dragging the start point ---------------------------------------------------------
    def _data_at(self, pos) -> tuple[float, float]:
        """(w, b) under widget pixel ``pos``, kept inside the drawn domain."""
        p = self.getPlotItem().getViewBox().mapSceneToView(self.mapToScene(pos.toPoint()))
        (w0, w1), (b0, b1) = self._domain
        return (min(max(float(p.x()), w0), w1), min(max(float(p.y()), b0), b1))

    def start_pixel(self) -> tuple[float, float]:
        """Widget pixel of the start point."""
        w, b = self.state.start
        vb = self.getPlotItem().getViewBox()
        p = self.mapFromScene(vb.mapViewToScene(pg.Point(w, b)))
        return (float(p.x()), float(p.y()))

    def mousePressEvent(self, ev) -> None:
        left = ev is not None and ev.button() == Qt.MouseButton.LeftButton
        if left and self._contour is not None:
            x, y = self.start_pixel()
            if np.hypot(ev.position().x() - x, ev.position().y() - y) <= GRAB_RADIUS:
                self._grabbed = True
                self.dragStarted.emit()
                ev.accept()
                return
        super().mousePressEvent(ev)

    def mouseMoveEvent(self, ev) -> None:
        if self._grabbed and ev is not None:
            self.startDragged.emit(*self._data_at(ev.position()))
            ev.accept()
            return
        super().mouseMoveEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:
        if self._grabbed and ev is not None:
            self._grabbed = False
            self.startDragged.emit(*self._data_at(ev.position()))
            self.dragFinished.emit()
            ev.accept()
            return
        super().mouseReleaseEvent(ev)

    def _on_click(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or ev.double():
            return
        vb = self.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = vb.mapSceneToView(ev.scenePos())
        self.pointClicked.emit(float(p.x()), float(p.y()))

    def marker_positions(self) -> list[tuple[float, float]]:
        """Each run's current point (w, b), drawn or not."""
        return [(float(p[0]), float(p[1])) for p in self._points]

    def marker_shown(self, i: int) -> bool:
        """True when run ``i``'s current-point marker is drawn."""
        return self._marked[i]


#: Pen width of the loss curves: a wider antialiased pen goes through Qt's general stroker,
#: hundreds of milliseconds per repaint of eight noisy, peak-subsampled 100 000-step runs
#: (the network window's curves measured 0.8 s at 2 pixels, 5 ms at 1)
CURVE_WIDTH = 1.0


class LossCurveView(pg.PlotWidget):
    """Loss against step for every run, a cursor at the current step (drag it to scrub)."""

    #: emitted with the step the user dragged the cursor to
    stepPicked = pyqtSignal(int)

    def __init__(self, state: AppState, parent=None) -> None:
        # (no menu: none built)
        super().__init__(parent, enableMenu=False, axisItems=axis_items("left", "bottom", "right"))
        self.state = state
        self.setMinimumSize(160, 120)
        plot = self.getPlotItem()
        style_axes(plot)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLabel("bottom", translate("LossCurveView", "step"))
        plot.setLabel("left", translate("DrawData", "loss"))
        # "loss (x0.001)" over ticks 0…100 reads as a loss of 100: print the values.
        plot.getAxis("left").enableAutoSIPrefix(False)
        self.legend = plot.addLegend(offset=(-10, 10), labelTextSize="8pt")
        self.curves, self.dots, self.true_curves = [], [], []
        for _ in range(MAX_RUNS):
            # a recorded path's true loss: dashed, in its path's colour
            true = pg.PlotDataItem(pen=pg.mkPen("k", width=CURVE_WIDTH, style=Qt.PenStyle.DashLine))
            true.setVisible(False)
            plot.addItem(true)
            self.true_curves.append(true)
            curve = pg.PlotDataItem(pen=pg.mkPen("k", width=CURVE_WIDTH))
            # Long runs: draw a peak-preserving subsample of what is in view.
            curve.setClipToView(True)
            # Curves only change with the result: cached, a frame redraws the cursor only.
            curve.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            dot = pg.ScatterPlotItem(size=9, pen=pg.mkPen("w", width=1))
            plot.addItem(curve)
            plot.addItem(dot)
            curve.setVisible(False)
            dot.setVisible(False)
            self.curves.append(curve)
            self.dots.append(dot)
        self.cursor = pg.InfiniteLine(
            0,
            angle=90,
            movable=True,
            pen=pg.mkPen("#555", width=1.5, style=Qt.PenStyle.DashLine),
            hoverPen=pg.mkPen("#000", width=2),
        )
        plot.addItem(self.cursor)
        self.cursor.sigPositionChanged.connect(self._on_cursor)
        self._rate_axis(plot)
        self._losses: list[np.ndarray] = []
        # read when the hand stops: while the start is dragged, 5 redraws a second
        self._later = Deferred(state, self._redraw, self)
        state.resultChanged.connect(self._later.call)
        state.drawChanged.connect(self._later.call)  # (a method: dropped with the view)
        state.hiddenRunsChanged.connect(self._redraw)
        state.stepChanged.connect(self._on_step)
        if state.result is not None:
            self._on_result(state.result)

    def _redraw(self, *_: Any) -> None:
        self._on_result(self.state.result)

    def _on_result(self, result) -> None:
        if result is None:
            return
        draw = None if result is None else result.draw
        if draw is None:
            return  # the controller prepares it and hands it over with drawChanged
        plot = self.getPlotItem()
        curves = draw.curves
        self._losses = list(curves.y)
        entries = []  # the legend's (item, label, colour): rebuilt only when they change
        runs = zip(result.runs, result.trajectories, curves.y, curves.downsample, strict=True)
        for i, (run, traj, y, ds) in enumerate(runs):
            self.curves[i].setDownsampling(ds=ds, method="peak")
            self.curves[i].setData(np.arange(len(y)), y)
            self.curves[i].setPen(pg.mkPen(run.color, width=CURVE_WIDTH))
            self.dots[i].setBrush(pg.mkBrush(run.color))
            entries.append((self.curves[i], traj.label, run.color))
        trues = list(curves.true_y) + [None] * MAX_RUNS
        for i, run in enumerate(result.runs):
            t = trues[i]
            if t is not None:
                self.true_curves[i].setData(np.arange(len(t)), t)
                pen = pg.mkPen(run.color, width=CURVE_WIDTH, style=Qt.PenStyle.DashLine)
                self.true_curves[i].setPen(pen)
                label = translate("LossCurveView", "{label}: true loss").format(
                    label=result.trajectories[i].label
                )
                entries.append((self.true_curves[i], label, run.color))
        if entries != getattr(self, "_legend_entries", None):
            # (a drag of the start changes the curves, not the names: ~10 ms per rebuild)
            self._legend_entries = entries
            self.legend.clear()
            for item, label, _ in entries:
                self.legend.addItem(item, label)
        for i in range(MAX_RUNS):
            on = i < len(self._losses) and self.state.run_shown(i)
            self.curves[i].setVisible(on)
            self.dots[i].setVisible(on)
            self.true_curves[i].setVisible(on and trues[i] is not None)
        plot.setLabel("left", translate("DrawData", curves.label))
        plot.setXRange(0, result.scene.steps, padding=0.02)
        plot.setYRange(*curves.yrange, padding=0)
        self.cursor.setBounds((0, result.scene.steps))
        self._draw_rate(result, curves)
        self._on_step(self.state.step)
        self._fit_legend()

    def _rate_axis(self, plot: pg.PlotItem) -> None:
        """The second (right) axis: η_t of every run whose η follows a schedule, dotted
        in the run's colour, in a view box of its own that shares the step axis.
        It takes no mouse input (a drag still moves the cursor beneath it)."""
        self.rate_box = pg.ViewBox(enableMouse=False)
        self.rate_box.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.rate_box.setAcceptHoverEvents(False)
        plot.scene().addItem(self.rate_box)
        axis = plot.getAxis("right")
        axis.linkToView(self.rate_box)
        axis.setPen(pg.mkPen(AXIS_PEN))
        axis.setTextPen(pg.mkPen(TEXT_PEN))
        axis.enableAutoSIPrefix(False)
        plot.setLabel("right", "η_t")
        plot.hideAxis("right")
        self.rate_box.setXLink(plot.getViewBox())
        self.rate_curves = []
        for _ in range(MAX_RUNS):
            curve = pg.PlotDataItem(pen=pg.mkPen("k", width=CURVE_WIDTH))
            curve.setClipToView(True)  # (long runs: drawn subsampled, as the loss curves)
            curve.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            curve.setVisible(False)
            self.rate_box.addItem(curve)
            self.rate_curves.append(curve)
        plot.getViewBox().sigResized.connect(self._fit_rate_box)

    def _fit_rate_box(self, *_: Any) -> None:
        main = self.getPlotItem().getViewBox()
        self.rate_box.setGeometry(main.sceneBoundingRect())
        self.rate_box.linkedViewChanged(main, self.rate_box.XAxis)

    def _draw_rate(self, result, curves) -> None:
        """η_t on the right axis, shown only while some run's η follows a schedule."""
        plot = self.getPlotItem()
        rates = list(curves.rate) + [None] * MAX_RUNS
        for i in range(MAX_RUNS):
            r = rates[i] if i < len(result.runs) else None
            if r is not None:
                self.rate_curves[i].setDownsampling(ds=curves.downsample[i], method="peak")
                self.rate_curves[i].setData(np.arange(1, len(r) + 1), r)
                pen = pg.mkPen(result.runs[i].color, width=CURVE_WIDTH, style=Qt.PenStyle.DotLine)
                self.rate_curves[i].setPen(pen)
            self.rate_curves[i].setVisible(r is not None)
        if curves.rate_range is None:
            plot.hideAxis("right")
            return
        plot.showAxis("right")
        self.rate_box.setYRange(*curves.rate_range, padding=0)
        self._fit_rate_box()

    def _fit_legend(self) -> None:
        """Show the legend only where it fits inside the plot (the 3D view and the run list
        name the runs too): a narrow plot would cut the labels at its left edge."""
        legend = getattr(self, "legend", None)  # (resizeEvent comes during construction)
        plot = self.getPlotItem()  # (and after the plot is gone, at close)
        if legend is None or plot is None:
            return
        vb = plot.getViewBox()
        fits = legend.boundingRect().width() + 20 <= vb.width()
        legend.setVisible(bool(self._losses) and fits)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        self._fit_legend()

    def _on_step(self, step: int) -> None:
        if self.cursor.value() != step:
            self.cursor.blockSignals(True)
            self.cursor.setValue(step)
            self.cursor.blockSignals(False)
        for i, y in enumerate(self._losses):
            k = min(step, len(y) - 1)
            on = bool(np.isfinite(y[k]))  # a loss that overflowed has no dot (nor bounds)
            self.dots[i].setData([k] if on else [], [y[k]] if on else [])

    def _on_cursor(self) -> None:
        self.stepPicked.emit(int(round(self.cursor.value())))
