"""The effective step per axis against the step: "AdaGrad's step shrinks, Adam's does not".

For every run, log₁₀ |move / gradient| of each step on the w axis (solid) and the b axis
(dashed), from the draw data's overlay curves (:attr:`app.model.overlays.OverlayData.curves`,
i.e. ``Trajectory.state["effective_step"]``); a gap where the gradient was 0.  A cursor
marks the current step.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QGraphicsItem

from gradscape.app.model.choices import MAX_RUNS
from gradscape.app.model.draw import CURVE_BINS
from gradscape.app.model.live import Deferred
from gradscape.app.model.state import AppState
from gradscape.app.runtime import translate
from gradscape.app.views.axes import axis_items, style_axes

AXIS_STYLE = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine)


class StepPlotView(pg.PlotWidget):
    """log₁₀ of the effective step per axis of every run, over the steps."""

    def __init__(self, state: AppState, parent=None) -> None:
        # (no menu: none built)
        super().__init__(parent, enableMenu=False, axisItems=axis_items())
        self.state = state
        self.setMinimumSize(160, 90)
        plot = self.getPlotItem()
        style_axes(plot)  # (as pixmaps: a playback frame repaints the cursor, not the ticks)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLabel("bottom", translate("StepPlotView", "step"))
        plot.setLabel("left", translate("StepPlotView", "log₁₀ step"))
        plot.setTitle(
            translate("StepPlotView", "effective step per axis: w solid, b dashed"), size="8pt"
        )
        plot.getAxis("left").enableAutoSIPrefix(False)
        self.curves: list[tuple[pg.PlotDataItem, pg.PlotDataItem]] = []
        for _ in range(MAX_RUNS):
            pair = []
            for style in AXIS_STYLE:
                c = pg.PlotDataItem(connect="finite", pen=pg.mkPen("k", width=1.5, style=style))
                c.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                c.setClipToView(True)  # (long runs: a subsample, as the loss curves)
                c.setVisible(False)
                plot.addItem(c)
                pair.append(c)
            self.curves.append((pair[0], pair[1]))
        self.cursor = pg.InfiniteLine(0, angle=90, pen=pg.mkPen("#555", width=1.2))
        plot.addItem(self.cursor)
        self._n = 0
        self._later = Deferred(state, self._redraw, self)  # (5 a second during a drag)
        state.resultChanged.connect(self._later.call)
        state.drawChanged.connect(self._later.call)
        state.stepChanged.connect(self._on_step)
        if state.result is not None:
            self._on_result(state.result)

    def _redraw(self, *_: Any) -> None:
        self._on_result(self.state.result)

    def showEvent(self, ev) -> None:
        super().showEvent(ev)
        if getattr(self, "_stale", False):
            self._redraw()

    def _on_result(self, result) -> None:
        draw = None if result is None else result.draw
        if draw is None or draw.overlays is None:
            return
        if self.isHidden():  # (shown with its overlay: drawn when shown)
            self._stale = True
            return
        self._stale = False
        curves = draw.overlays.curves
        self._n = len(curves)
        finite = []
        for i in range(MAX_RUNS):
            on = i < len(curves)
            for axis, item in enumerate(self.curves[i]):
                item.setVisible(on)
                if not on:
                    continue
                y = curves[i][:, axis]
                x = np.arange(1, len(y) + 1)
                # a peak-preserving subsample of long runs (QPainter dashes every segment
                # of the b curve: 10 000 steps took 36–47 ms a repaint, the GUI monkey found)
                item.setDownsampling(ds=max(1, len(y) // CURVE_BINS), method="peak")
                item.setData(x, y)
                item.setPen(pg.mkPen(result.runs[i].color, width=1.5, style=AXIS_STYLE[axis]))
                finite.append(y[np.isfinite(y)])
        ys = np.concatenate(finite) if finite else np.zeros(0)
        plot = self.getPlotItem()
        plot.setXRange(0, result.scene.steps, padding=0.02)
        if ys.size:
            lo, hi = float(ys.min()), float(ys.max())
            pad = (hi - lo) * 0.08 or 0.5
            plot.setYRange(lo - pad, hi + pad, padding=0)
        self._on_step(self.state.step)

    def _on_step(self, step: int) -> None:
        self.cursor.setValue(step)

    def curve_data(self, i: int) -> np.ndarray:
        """(n, 2) the drawn y of run ``i`` (w, b), for tests."""
        return np.c_[self.curves[i][0].getData()[1], self.curves[i][1].getData()[1]]
